"""Five documents for the ingest identity test, written for it in our own words (no
text from the shared corpus or from a benchmark corpus): a port strike as wire copy
(.txt), a council budget memo (.md), a wildfire update page (.html), interview notes on a
rail accident (.docx) and a fisheries report (.pdf). Between them they hold what every
extractor reads: titled and untitled names, particles, hyphenated and possessive names,
surname-only mentions and a lone surname, a byline, spokespeople in apposition,
organisations and unnamed sources, "he"/"she"/"they", hedged figures, ranges, money,
percentages, shares, measures, number words, a denied and a withdrawn figure, dates,
times and a phone number that are no figures, a dateline and a headline's speaker.
`documents()` gives (file name, bytes) pairs, the same bytes at every call.
"""

from __future__ import annotations

import io
from datetime import UTC, datetime

import docx

from tests.fresh_docs import pdf_of

STRIKE_TXT = """\
Dockers walk out at Vessmouth as pay talks stall

By Orla Brennan-Whyte

VESSMOUTH, 14 May 2025 (Coastline Wire) - About 1,850 dockers walked off the job at
Vessmouth on Wednesday, the Harbour Workers' Union said, stranding at least 40 container
ships in the outer roads.

Union secretary Tomasz Wielgosz-Haran told reporters that nearly two thirds of the
port's cranes stood idle by noon. "We asked for 6.5 per cent and were offered 2," he said.

The port authority put the number of ships waiting at 28, and said the strike was costing
the regional economy roughly EUR 3.2 million a day. Its spokeswoman, Ines Valcourt, said
talks would resume at 10:30 on Friday.

Wielgosz-Haran said up to 300 lorries were queued on the ring road. Call the port
helpline on 0800 555 0199 for updates.

Shipping analysts at Meridian Freight estimated that between 12 and 15 sailings a week
would be diverted to Calbridge. Brennan said the figure could double.
"""

BUDGET_MD = """\
# Council budget memo: the Lindqvist plan

Published 2 February 2025

## Summary

Councillor Maren de la Fuente presented a budget of 412 million crowns for next year,
an increase of 4.8% on this year. According to the finance office, 35 posts will be cut
in the parks department.

- Deputy mayor Rafael O'Donnell-Sato said one in five libraries would shorten its hours.
- The opposition said the council had hidden a deficit of 19 million crowns, which the
  treasurer, Hedda Lindqvist, denied.
- Lindqvist's deputy, Paavo Rinne, said the transport levy would rise to 14 crowns.

## Figures by department

| Department | Budget (million crowns) | Change |
|---|---|---|
| Schools | 160 | +3% |
| Transport | 98 | +7% |

Residents' groups say more than 2,000 people signed a petition against the cuts.
Okafor might hope the vote is delayed until March.
"""

WILDFIRE_HTML = """\
<!doctype html>
<html lang="en"><head><meta charset="utf-8">
<title>Wildfire near Sarrow Ridge: evening update</title>
<meta name="author" content="Desk staff">
<meta property="article:published_time" content="2025-08-21T19:05:00Z">
</head><body>
<nav><a href="/">Home</a> | <a href="/weather">Weather</a> | <a href="/sport">Sport</a></nav>
<article>
<h1>Wildfire near Sarrow Ridge: evening update</h1>
<p>The fire north of Sarrow Ridge has burned through an estimated 7,400 hectares since
Monday, the regional fire service said on Thursday evening. Some 3,100 residents of
Holm and Easterby have been told to leave their homes.</p>
<p>Fire chief Dr. Anneliese Kowalczyk said crews had contained about 30 percent of the
perimeter. She said winds of up to 60 km/h were expected overnight.</p>
<p>A volunteer who asked not to be named said more than a dozen barns had been lost.
Local farmers put their losses at 2 million euros.</p>
<p>Earlier reports that 11 people were missing were withdrawn by the police, who said
everyone had been accounted for. Kowalczyk: around 450 firefighters are now on the line.</p>
</article>
<footer><p>Subscribe to our newsletter for daily updates from the valley.</p></footer>
</body></html>
"""

RAIL_NOTES = [
    "Interview notes: the Brackwater derailment",
    "Notes taken on 3 October 2025 at the county depot.",
    "Station manager Yusuf Demirel said the six-carriage train left the rails at about "
    "45 miles per hour, a mile east of Brackwater junction.",
    "Demirel said 23 passengers were taken to hospital and four of them were seriously "
    "injured. He said the line would stay closed for at least three days.",
    "Engineers at the rail operator estimated the repair bill at 1.4 million pounds.",
    "Safety inspector Grainne Mac Giolla said a report would follow within 90 days. "
    "Investigators from the national rail safety board said earlier reports of 60 "
    "injured were wrong.",
]

FISHERIES_LINES = [
    "Fisheries report: the northern cod stock",
    "Prepared for the coastal committee, 12 November 2025.",
    "Scientists at the Norland Marine Institute said the spawning stock had fallen to "
    "roughly 210,000 tonnes, down by a quarter on last year.",
    "The institute's director, Professor Halvard Ness, said catches should be held "
    "under 95,000 tonnes. Ness said the decline was the steepest since 1992.",
    "Fleet owners claimed that as many as 1,200 jobs depend on the quota. "
    "The ministry said it would decide by 15 December.",
]


def rail_docx() -> bytes:
    document = docx.Document()
    document.core_properties.created = datetime(2025, 10, 3, 9, 0, tzinfo=UTC)
    document.core_properties.author = "Field reporter"
    document.add_paragraph(RAIL_NOTES[0], style="Title")
    for paragraph in RAIL_NOTES[1:]:
        document.add_paragraph(paragraph)
    table = document.add_table(rows=2, cols=2)
    for row, cells in zip(table.rows, (("Injured", "23"), ("Closed days", "3")), strict=True):
        for cell, value in zip(row.cells, cells, strict=True):
            cell.text = value
    out = io.BytesIO()
    document.save(out)
    return out.getvalue()


def fisheries_pdf() -> bytes:
    return pdf_of(FISHERIES_LINES, datetime(2025, 11, 12, 8, 0, tzinfo=UTC))


def documents() -> list[tuple[str, bytes]]:
    """(file name, bytes) of the five documents."""
    return [
        ("vessmouth-strike.txt", STRIKE_TXT.encode()),
        ("council-budget.md", BUDGET_MD.encode()),
        ("sarrow-wildfire.html", WILDFIRE_HTML.encode()),
        ("brackwater-notes.docx", rail_docx()),
        ("cod-stock.pdf", fisheries_pdf()),
    ]
