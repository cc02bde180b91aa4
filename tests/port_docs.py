"""Fresh documents for what a fact-checker found wrong on text nobody tuned for: a counted
noun written before its figure or left out, "he" standing for the last speaker, a group
label that carries its verb, and places and companies read as people.

Written in our own words (no shared corpus text), five formats: a harbour strike as wrapped
wire copy (.txt), a desk memo with a table (.md), a council page (.html), interview notes
(.docx) and a storm situation report (.pdf). `write_all(folder)` writes them.
"""

from __future__ import annotations

from datetime import datetime
from pathlib import Path

import docx

from tests.fresh_docs import pdf_of, wrapped

STRIKE_TXT = "Harbour strike shuts Kellby docks\n\n" + "\n\n".join(
    wrapped(paragraph)
    for paragraph in [
        "KELLBY, 2 October 2026 (Shore Wire) - Dockers walked out at Kellby on Thursday. "
        "Police put the strikers at 1,500, while the union said more than 2,000 had "
        "stopped work.",
        "Most of the crane operators joined the stoppage overnight. By Friday about 900 were out.",
        "Okafor said on Thursday that 14 ships were waiting to unload. He now says 20 ships.",
        "Several freighters are anchored off Kellby Point, and the pilots' launch was "
        "tied up near Gorse Harbour.",
        "Arlow Logistics said 6 vessels had been sent to other ports.",
        "Tugs idled in the basin while the drivers went home. About 40 were idle.",
    ]
)

MEMO_MD = """\
# Desk memo: the Kellby harbour strike

Published 3 October 2026

## Figures so far

- Striking drivers numbered 1,800 by Saturday, the drivers' union said.
- The harbour's weekly wage bill totalled 6,000 before the strike.
- Union membership stood at 4,200 in the spring.

| Event | People were killed | Homeless |
|---|---|---|
| Gale on the coast road | 40 – 45 | 3,000 |

Tomas Brandt, a union organiser, said 300 drivers had joined. He later said that 350 had
joined. Brandt met Ines Kovac at the depot. He told reporters 400 were out.
"""

COUNCIL_HTML = """\
<html><head><title>Kellby council: harbour closure</title></head><body><article>
<h1>Kellby council: harbour closure</h1>
<p>Published 4 October 2026</p>
<p>The harbour board said 12 berths had closed. It now says 15 berths.</p>
<p>Councillors met at Kellby Point on Friday. Tom Hill said 8 ferries were cancelled.</p>
<p>Dana Ridge, the harbour pilot, said 5 tugs were out of service.</p>
</article></body></html>
"""

NOTES_PARAGRAPHS = [
    "Notes from a call with the harbour police and a shipping firm.",
    "Captain Ruth Street said 9 dockers were arrested at the gate. Street added that 3 "
    "were released later.",
    "Wren Freight said 11 lorries were turned back at the depot.",
    "The shipping agents at Wren Freight expect the queue to last a week.",
]

STORM_LINES = [
    "Situation report: the coast road gale",
    "5 October 2026",
    "The gale left 3,000 homeless along the coast road, the county said.",
    "The closure left 200 workers without pay for the week.",
    "At least 40 people were killed when the sea wall gave way.",
]


def notes_docx(path: Path) -> None:
    document = docx.Document()
    document.add_paragraph("Harbour strike: call notes", style="Title")
    document.add_paragraph("6 October 2026")
    for paragraph in NOTES_PARAGRAPHS:
        document.add_paragraph(paragraph)
    document.save(path)


def write_all(folder: Path) -> dict[str, Path]:
    """Every document written to `folder`; their paths by short name."""
    folder.mkdir(parents=True, exist_ok=True)
    paths = {
        "strike": folder / "kellby-strike.txt",
        "memo": folder / "kellby-memo.md",
        "council": folder / "kellby-council.html",
        "notes": folder / "kellby-notes.docx",
        "storm": folder / "coast-gale.pdf",
    }
    paths["strike"].write_text(STRIKE_TXT, encoding="utf-8")
    paths["memo"].write_text(MEMO_MD, encoding="utf-8")
    paths["council"].write_text(COUNCIL_HTML, encoding="utf-8")
    notes_docx(paths["notes"])
    paths["storm"].write_bytes(pdf_of(STORM_LINES, datetime(2026, 10, 5, 9, 0).astimezone()))
    return paths
