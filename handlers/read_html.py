"""HTML pages, read by trafilatura: the article text and the page's metadata; its lists
and tables read as `handlers.reflow.page_lines` says."""

from __future__ import annotations

from handlers.document import RawDocument, UnreadableFile, assemble, cause
from handlers.header import join_names, to_date
from handlers.reflow import page_lines


def read_html(data: bytes, stem: str) -> RawDocument:
    import trafilatura

    try:
        page = trafilatura.bare_extraction(data, with_metadata=True)
    except Exception as exc:  # a parser fed untrusted bytes: any failure means "unreadable"
        raise UnreadableFile(f"HTML could not be parsed: {cause(exc)}") from exc
    if page is None or not (page.text or "").strip():
        raise UnreadableFile("no text found (HTML page has no article text)")
    authors = [a.strip() for a in (page.author or "").split(";") if a.strip()]
    return assemble(
        "\n".join(page_lines(page.text)),
        "html",
        stem,
        title=page.title or None,
        author=join_names(authors) if authors else None,
        published=to_date(page.date) if page.date else None,
        source=page.sitename or None,
        url=canonical_url(data) or page.url or None,
    )


def canonical_url(data: bytes) -> str | None:
    """The page's own `<link rel="canonical">` address (absolute http(s) only): trafilatura
    prefers og:url, which often carries tracking parameters or a syndicating site."""
    import lxml.etree
    import lxml.html

    try:
        found = lxml.html.fromstring(data).xpath(
            "//link[contains(concat(' ', normalize-space(@rel), ' '), ' canonical ')]/@href"
        )
    except (lxml.etree.LxmlError, ValueError):
        return None
    url = str(found[0]).strip() if found else ""
    return url if url.startswith(("https://", "http://")) else None
