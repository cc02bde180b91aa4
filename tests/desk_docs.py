"""Six documents a news desk gets every day, written for this in our own words (no text
from the shared corpus), each in a format and style the other test documents do not use:
a council press release with a table of wards (.docx), a cycling race results page with
a ranked list and a table (.html), a fraud sentencing as court wire copy with a dateline
(.txt), a radio interview transcript with "Q:"/"A:" and "NAME:" speaker labels (.md), a
health agency's vaccination bulletin with "1 in 4", "3.5%" and "12-15" (.pdf) and a
corrections notice ("An earlier version said 40; the correct figure is 14", .txt)."""

from __future__ import annotations

from datetime import UTC, datetime
from pathlib import Path

import docx

from tests.fresh_docs import pdf_of, wrapped

COUNCIL_PARAGRAPHS = [
    "Press release: Fenwick council clears damp repairs backlog",
    "Issued 4 November 2026",
    "Fenwick Borough Council has completed 2,340 damp and mould repairs in council homes "
    "since January, the council's housing director, Priya Nandakumar, said on Tuesday.",
    "About 410 homes are still waiting for an inspection.",
    'Councillor Ruth Okafor, the cabinet member for housing, said: "Every family deserves a '
    'dry home, and we will not rest until the list is empty."',
    "The repairs cost £4.2 million, paid from the housing revenue account.",
    "For media enquiries contact the press office on 01632 960 412.",
]

COUNCIL_TABLE = [
    ["Ward", "Repairs done", "Still waiting"],
    ["Harlow Green", "812", "95"],
    ["Millbrook", "1,120", "230"],
]

RACE_HTML = """\
<!DOCTYPE html>
<html lang="en"><head><meta charset="utf-8"><title>Tour of the Lakes: stage 4 results</title>
</head><body>
<nav><a href="/">Home</a> | <a href="/cycling">Cycling</a></nav>
<article>
<h1>Tour of the Lakes: stage 4 results</h1>
<p class="byline">By Oren Castellano, 21 August 2026</p>
<p>Lena Marchetti won the 187 km fourth stage in 4 hours 31 minutes, finishing 12 seconds
ahead of the chasing group, and took the leader's jersey.</p>
<p>More than 140 riders started the stage in Ambleford; 9 abandoned before the final
climb, race organisers said.</p>
<p>Last year 96 riders finished the whole race.</p>
<h2>Top three</h2>
<ol>
<li>Lena Marchetti (Velo Norte), 4h 31m 02s</li>
<li>Saskia Brandvold (Team Fjell), at 12s</li>
<li>Ines Carvalho (Rota Sul), at 12s</li>
</ol>
<h2>General classification</h2>
<table>
<tr><th>Rider</th><th>Team</th><th>Time</th></tr>
<tr><td>Lena Marchetti</td><td>Velo Norte</td><td>14h 02m 40s</td></tr>
<tr><td>Saskia Brandvold</td><td>Team Fjell</td><td>14h 03m 15s</td></tr>
</table>
<p>An estimated 25,000 spectators lined the final climb, police said, and 2.5m people
watched the stage on television.</p>
</article>
<footer>© 2026 Lakes Sport Desk. All rights reserved.</footer>
</body></html>
"""

COURT_TXT = "\n\n".join(
    [
        "Fund manager jailed for pension fraud",
        wrapped(
            "CASTERBRIDGE, 12 October 2026 (Shire Court Wire) - A former pension fund "
            "manager who stole £3.1 million from 640 retired bus drivers was jailed for "
            "seven years on Monday."
        ),
        wrapped(
            "Gideon Threlkeld, 58, of Upper Wyke, had admitted 14 counts of fraud by abuse "
            "of position at an earlier hearing."
        ),
        wrapped(
            "Judge Miriam Ashdown told him the scheme had left some members with less than "
            "half of the pension they had been promised."
        ),
        wrapped(
            "Prosecutor Daniel Eze said Threlkeld had spent at least £900,000 on racehorses "
            "and a villa in Portugal."
        ),
        wrapped(
            'His barrister, Fiona Lusk, said he had repaid about £250,000 and was "deeply ashamed".'
        ),
        wrapped("The court heard that 35 of the victims have died since the fraud came to light."),
    ]
)

INTERVIEW_MD = """\
# Transcript: Morning Desk interview with head teacher Alma Rusk

*Broadcast 3 September 2026. Presenter: Colm Teague.*

**Q:** How many teaching posts are empty at your school this term?

**A:** We started the term with 6 vacancies out of 48 posts. That is one in eight.

**Q:** The education department says vacancies have fallen across the county.

**A:** They say 120 posts are unfilled county-wide. Our own union survey found closer to 300.

COLM TEAGUE: And class sizes?

ALMA RUSK: Some year seven classes now have 34 pupils, up from 28 last year.

COLM TEAGUE: Alma Rusk, thank you.
"""

BULLETIN_LINES = [
    "Northern Health Agency: weekly measles bulletin",
    "Week 44, 30 October 2026",
    "Confirmed measles cases rose to 87 this week, up from 61, the agency said.",
    "Around 1 in 4 children in the Esk district have not had their second MMR dose.",
    "Uptake of the first dose fell to 88.5% in the year to September, 3.5% below target.",
    "Between 12-15 children a week are being admitted to hospital, mostly under-fives.",
    "No deaths have been reported. The weekly total of suspected infections fell to 40.",
    "Dr Hannah Oyelaran, the agency's director of public health, urged parents to check "
    "their children's records.",
]

CORRECTIONS_TXT = "\n\n".join(
    [
        "Corrections and clarifications",
        "Published 6 November 2026",
        wrapped(
            "A report on the Brackwater bridge closure (5 November) said 40 lorries a day "
            "would be diverted through Hollin village. An earlier version said 40; the "
            "correct figure is 14."
        ),
        wrapped(
            "An article about the Kestle hospice appeal misnamed its chair. She is Margit "
            "Halvorsen, not Margaret Halvorson."
        ),
        wrapped(
            "We wrongly stated that the Brackwater bridge would reopen in March. The county "
            "says repairs will take at least 18 months."
        ),
        wrapped(
            "The original version of the bridge, opened in 1894, carried 2 lanes; 3 drivers "
            "were wrongly blamed for the crack, the county said."
        ),
    ]
)


def council_docx(path: Path) -> None:
    """The press release with its table of wards."""
    document = docx.Document()
    for paragraph in COUNCIL_PARAGRAPHS:
        document.add_paragraph(paragraph)
    table = document.add_table(rows=len(COUNCIL_TABLE), cols=len(COUNCIL_TABLE[0]))
    for r, row in enumerate(COUNCIL_TABLE):
        for c, cell in enumerate(row):
            table.rows[r].cells[c].text = cell
    document.save(path)


def write_all(folder: Path) -> dict[str, Path]:
    """The six documents written to `folder`; their paths by short name."""
    folder.mkdir(parents=True, exist_ok=True)
    paths = {
        "council": folder / "fenwick-damp-repairs.docx",
        "race": folder / "lakes-stage-4.html",
        "court": folder / "pension-fraud-court.txt",
        "interview": folder / "teacher-vacancies-transcript.md",
        "bulletin": folder / "measles-bulletin-week-44.pdf",
        "corrections": folder / "corrections.txt",
    }
    council_docx(paths["council"])
    paths["race"].write_text(RACE_HTML, encoding="utf-8")
    paths["court"].write_text(COURT_TXT + "\n", encoding="utf-8")
    paths["interview"].write_text(INTERVIEW_MD, encoding="utf-8")
    made = datetime(2026, 10, 30, 9, 0, tzinfo=UTC)
    paths["bulletin"].write_bytes(pdf_of(BULLETIN_LINES, made))
    paths["corrections"].write_text(CORRECTIONS_TXT + "\n", encoding="utf-8")
    return paths
