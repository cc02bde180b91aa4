"""Test documents for links and feeds, written for these tests: article pages wrapped in
site chrome (menus, cookie banners, related links), a PDF, a DOCX, wire copy, and feeds."""

from __future__ import annotations

import io
from html import escape

CHROME_TOP = """<header class="masthead"><a href="/">Home</a> <a href="/politics">Politics</a>
<a href="/sport">Sport</a> <a href="/subscribe">Subscribe for 1 euro</a></header>
<div class="cookie-banner">We use cookies to improve your experience. Accept all cookies?</div>
<nav><ul><li><a href="/weather">Weather</a></li>
<li><a href="/traffic">Traffic</a></li></ul></nav>"""
CHROME_BOTTOM = """<aside class="related"><h3>Most read</h3><ul>
<li><a href="/a">Ten recipes for a rainy Sunday</a></li>
<li><a href="/b">Horoscope: what the stars say this week</a></li></ul></aside>
<footer>Copyright The Valley Courier. All rights reserved. Terms. Privacy. Contact us.</footer>"""


def article_page(
    title: str,
    paragraphs: list[str],
    *,
    author: str = "Reporter",
    date: str = "2025-03-14",
    site: str = "The Valley Courier",
    canonical: str | None = None,
) -> bytes:
    """An HTML news page: the article in <article>, chrome around it."""
    body = "\n".join(f"<p>{escape(p)}</p>" for p in paragraphs)
    link = f'<link rel="canonical" href="{canonical}">' if canonical else ""
    return f"""<!DOCTYPE html><html lang="en"><head><meta charset="utf-8">
<title>{escape(title)} | {escape(site)}</title>{link}
<meta name="author" content="{escape(author)}">
<meta property="og:site_name" content="{escape(site)}">
<meta property="og:title" content="{escape(title)}">
<meta property="article:published_time" content="{date}T07:30:00Z">
</head><body>{CHROME_TOP}
<main><article><h1>{escape(title)}</h1><p class="byline">By {escape(author)}</p>
{body}</article></main>{CHROME_BOTTOM}</body></html>""".encode()


FLOOD = (
    "River Aldern bursts its banks as Marrow Bridge closes",
    [
        "The River Aldern rose above its flood wall on Thursday night, and at least 340 homes "
        "in the lower town were evacuated before dawn, the county emergency office said.",
        "Mayor Ilse Brandauer told residents at the sports hall that the water had climbed "
        "faster than in any spring since records began in the town archive.",
        "About 60 volunteers filled sandbags outside the old tannery while fire crews pumped "
        "water from the cellars of the market square.",
        "Marrow Bridge, the only road crossing between the two halves of the town, will stay "
        "closed until engineers have inspected its piers, Brandauer said.",
        "The weather service expects the river to peak on Saturday afternoon.",
    ],
)

STRIKE = (
    "Dock workers at Port Tessaly walk out over night shifts",
    [
        "Roughly 1,200 dock workers at Port Tessaly stopped work at six in the morning, "
        "leaving container ships waiting at anchor outside the harbour wall.",
        "Union organiser Ravi Okonjo said the walkout would last until the port authority "
        "dropped its plan to add a third night shift without extra pay.",
        "The port authority said in a statement that up to 40 ships a week could be delayed "
        "and that it remained open to talks.",
        "Fishermen who share the outer basin said the strike had not affected their boats.",
    ],
)

LOGIN_PAGE = b"""<!DOCTYPE html><html><head><title>Sign in</title></head><body>
<nav><a href="/">Home</a></nav><form><input name="user"><input name="pw" type="password">
<button>Sign in</button></form></body></html>"""

WIRE = (
    b"WIRE 0412 - Hill villages cut off after landslide\n"
    b"By Tomas Verhoek\n"
    b"March 15, 2025\n\n"
    b"A landslide blocked the only mountain road to four hill villages early on Saturday, "
    b"leaving about 900 residents without a way down to the valley, regional police said.\n"
    b"Road crews expect to clear one lane by Monday.\n"
)


def budget_pdf() -> bytes:
    from fpdf import FPDF

    pdf = FPDF()
    pdf.set_title("Harbour district budget review")
    pdf.set_author("Office of the City Auditor")
    pdf.add_page()
    pdf.set_font("Helvetica", size=12)
    for line in (
        "Harbour district budget review",
        "The audit found that the harbour district spent 4.2 million euros on dredging in "
        "2024, nearly twice the amount the council had approved.",
        "Auditor Marguerite Lindqvist recommended that future dredging contracts be put to "
        "an open tender.",
    ):
        pdf.multi_cell(0, 8, line)
        pdf.ln(2)
    return bytes(pdf.output())


def memo_docx() -> bytes:
    import docx

    document = docx.Document()
    document.core_properties.title = "Newsroom memo: election night staffing"
    document.core_properties.author = "Desk editor Joanna Reyes"
    document.add_paragraph(
        "On election night we will have 14 reporters at counting centres and three "
        "editors on the live page."
    )
    document.add_paragraph("Please confirm your shift with Joanna Reyes by Friday.")
    out = io.BytesIO()
    document.save(out)
    return out.getvalue()


def entry_page(n: int, site: str = "The Valley Courier") -> bytes:
    """A short article, different for every n, for feeds."""
    return article_page(
        f"Council notebook {n}: the week at the town hall",
        [
            f"Councillors approved {n + 3} new street lamps for the northern estate on "
            f"Tuesday, after residents of ward {n} complained about dark footpaths.",
            f"The finance committee also heard that the swimming pool repairs, item {n} on "
            "its list, would be finished before the summer holidays.",
            "The next full council meeting is open to the public.",
        ],
        site=site,
    )


def rss(items: list[tuple[str, str, str]], title: str = "Valley Courier: latest") -> bytes:
    """RSS 2.0 with (guid, link, title) items, newest first."""
    parts = "".join(
        f"<item><guid>{escape(g)}</guid><link>{escape(link)}</link><title>{escape(t)}</title>"
        "<pubDate>Fri, 14 Mar 2025 08:00:00 GMT</pubDate></item>"
        for g, link, t in items
    )
    return (
        '<?xml version="1.0" encoding="utf-8"?><rss version="2.0"><channel>'
        f"<title>{escape(title)}</title><link>http://example.invalid/</link>"
        f"<description>News</description>{parts}</channel></rss>"
    ).encode()


def atom(items: list[tuple[str, str, str]], title: str = "Port desk") -> bytes:
    entries = "".join(
        f'<entry><id>{escape(i)}</id><link href="{escape(link)}"/><title>{escape(t)}</title>'
        "<updated>2025-03-14T08:00:00Z</updated></entry>"
        for i, link, t in items
    )
    return (
        '<?xml version="1.0" encoding="utf-8"?><feed xmlns="http://www.w3.org/2005/Atom">'
        f"<title>{escape(title)}</title><id>urn:test:feed</id>"
        f"<updated>2025-03-14T08:00:00Z</updated>{entries}</feed>"
    ).encode()
