"""Test documents nobody tuned the extractors on: four invented events, five formats.

Written for issue 14 in our own words (no text from the shared corpus): a river flood as
wrapped wire copy (.txt), an earthquake as a desk memo with a table (.md), a hospital
strike as interview notes with a table (.docx, the word processor's template date left in
its properties), an election results page (.html, meta date differing from the printed
one) and a troop situation report (.pdf, created "today"), plus an undated note.
`write_all(folder)` writes them; `CLAIMS` are the checks a fact-checker would run, with
the verdict and the source figure Factdesk must give.
"""

from __future__ import annotations

import textwrap
from datetime import date, datetime
from pathlib import Path

import docx
from fpdf import FPDF

FLOOD_TXT = """\
Riverton flood leaves dozens dead

RIVERTON, 3 March 2025 (Valley Wire) - At least 41 people were killed when the Sarn
river burst its banks overnight, the civil protection agency said on Monday.

Nearly 12,000 residents were evacuated from the lower town, and thousands of homes
were left under water. About a third of the valley's farmland was flooded.

The regional governor said 60 people had died in the flood. His office later
withdrew the figure, saying some of the missing had been found alive.

Up to 300 people remain missing, according to the agency, and 85 were rescued
from rooftops by helicopter crews.
"""

QUAKE_MD = """\
# Desk memo: the Karst Valley earthquake

Published 9 April 2025

## What we know

Officials have confirmed 1,204 deaths after the magnitude 7.1 earthquake that struck
the Karst Valley before dawn on Tuesday. More than 600 people remain missing under the
rubble of collapsed apartment blocks.

About 8,000 people were displaced and are sheltering in schools. An estimated 250,000
people live in the affected districts.

- A rebel spokesman said 5,000 soldiers died at the barracks, which the army denies.
- Nearly half of the buildings in the old town were damaged.

## Figures by source

| Source | Deaths | Injured |
|---|---|---|
| Health ministry | 1,204 | 3,400 |
| Red Crescent | 1,350 | 4,100 |
"""

STRIKE_PARAGRAPHS = [
    "Notes from interviews with the nurses' union and the health board.",
    "Between 4,000 and 6,000 nurses walked out on Monday, the union said.",
    "The health board said no more than 30 doctors had joined the strike.",
    "One in five hospitals cancelled planned operations, and dozens of clinics closed.",
    "Some 40% of clinics in the capital ran an emergency service only.",
]

ELECTION_HTML = """\
<html><head><title>Northshire votes: results</title>
<meta property="article:published_time" content="2025-05-05T08:00:00Z">
</head><body><article>
<h1>Northshire votes: results</h1>
<p>Published 2 May 2025</p>
<p>Almost 700,000 votes were cast for the Harbour Party in Thursday's regional election,
the electoral commission said, and turnout reached 61% of registered voters.</p>
<p>The Harbour Party won 34 seats in the regional assembly, while the Green Alliance
took roughly 1.2 million votes across the region.</p>
<p>Scores of polling stations opened late because of a printing error.</p>
</article></body></html>
"""

TROOPS_PDF_LINES = [
    "Situation report: border deployment",
    "14 September 2024",
    "At least 10,000 soldiers have been sent to the northern border, according to the "
    "defence ministry, which declined to give an exact number.",
    "A further 12,000 are expected next month, and some 3,000 soldiers are already at the "
    "front line near the river crossing.",
    "Unconfirmed reports put the number of soldiers killed in the first week at 200.",
]

UNDATED_TXT = """\
Harbour ferry service resumes

The ferry between the two harbour towns resumed on a reduced timetable, with 14
crossings a day instead of the usual 22.
"""


def write_all(folder: Path) -> dict[str, Path]:
    """Every fresh document written to `folder`; their paths by short name."""
    folder.mkdir(parents=True, exist_ok=True)
    paths = {
        "flood": folder / "riverton-flood.txt",
        "quake": folder / "karst-quake-memo.md",
        "strike": folder / "strike-notes.docx",
        "election": folder / "northshire-results.html",
        "troops": folder / "border-sitrep.pdf",
        "ferry": folder / "ferry-note.txt",
    }
    paths["flood"].write_text(FLOOD_TXT, encoding="utf-8")
    paths["quake"].write_text(QUAKE_MD, encoding="utf-8")
    strike_docx(paths["strike"])
    paths["election"].write_text(ELECTION_HTML, encoding="utf-8")
    paths["troops"].write_bytes(troops_pdf())
    paths["ferry"].write_text(UNDATED_TXT, encoding="utf-8")
    return paths


def strike_docx(path: Path) -> None:
    """Interview notes; the template's creation date (2013-12-23) left in place."""
    document = docx.Document()
    document.add_paragraph("Hospital strike: interview notes", style="Title")
    document.add_paragraph("16 June 2025")
    for paragraph in STRIKE_PARAGRAPHS:
        document.add_paragraph(paragraph)
    table = document.add_table(rows=3, cols=3)
    for r, row in enumerate([["Hospital", "Nurses", "Beds"], ["St Anne's", "1,100", "420"]]):
        for c, cell in enumerate(row):
            table.rows[r].cells[c].text = cell
    for c, cell in enumerate(["Northgate", "800", "310"]):
        table.rows[2].cells[c].text = cell
    document.save(path)


def pdf_of(lines: list[str], created: datetime) -> bytes:
    """A one-page PDF of `lines`, one paragraph each, made at `created`."""
    pdf = FPDF()
    pdf.set_creation_date(created)
    pdf.add_page()
    pdf.set_font("Helvetica", size=11)
    for line in lines:
        pdf.multi_cell(0, 7, line, new_x="LMARGIN", new_y="NEXT")
        pdf.ln(3)
    return bytes(pdf.output())


def write_formats(folder: Path, files: dict[str, str | list[str]], made: datetime) -> Path:
    """Documents by file name into `folder`: a .docx or .pdf from its list of paragraphs
    (the PDF made at `made`), any other file from its text."""
    folder.mkdir(parents=True, exist_ok=True)
    for name, content in files.items():
        path = folder / name
        if name.endswith(".docx"):
            document = docx.Document()
            for paragraph in content:
                document.add_paragraph(paragraph)
            document.save(path)
        elif name.endswith(".pdf"):
            path.write_bytes(pdf_of(list(content), made))
        else:
            path.write_text(str(content), encoding="utf-8")
    return folder


def troops_pdf() -> bytes:
    """A PDF whose creation date is the moment it was made (fpdf2's default: now)."""
    return pdf_of(TROOPS_PDF_LINES, datetime.now().astimezone())


def wrapped(text: str, width: int = 60) -> str:
    """`text` hard-wrapped the way wire copy is."""
    return "\n".join(textwrap.wrap(text, width))


# The published date each document must get (text first; None: "no date").
DATES: dict[str, date | None] = {
    "flood": date(2025, 3, 3),
    "quake": date(2025, 4, 9),
    "strike": date(2025, 6, 16),
    "election": date(2025, 5, 2),
    "troops": date(2024, 9, 14),
    "ferry": None,
}


# (claim, the passage it must be checked against, verdict, what the note must say)
CLAIMS: list[tuple[str, str, str, str]] = [
    (
        "At least 1,500 people died in the Karst Valley earthquake",
        "Officials have confirmed 1,204 deaths",
        "differs",
        "source says 1,204 deaths",
    ),
    (
        "More than 600 people are missing after the Karst Valley earthquake",
        "More than 600 people remain missing",
        "supports",
        "source says More than 600 people",
    ),
    (
        "8,000 people were displaced by the Karst Valley earthquake",
        "About 8,000 people were displaced",
        "supports",
        "source says About 8,000 people",
    ),
    (
        "5,000 soldiers died at the Karst Valley barracks",
        "A rebel spokesman said 5,000 soldiers died",
        "consistent",  # a disputed figure never confirms a claim
        "source says 5,000 soldiers (disputed in the source) — does not confirm 5,000 soldiers",
    ),
    (
        "Half of the buildings in the Karst Valley old town were damaged",
        "Nearly half of the buildings",
        "supports",
        "source says Nearly half of the buildings",
    ),
    (
        "50,000 soldiers were sent to the northern border",
        "At least 10,000 soldiers have been sent",
        "consistent",
        "source says At least 10,000 soldiers — does not confirm 50,000 soldiers",
    ),
    (
        "3,000 soldiers are at the front line near the river crossing",
        "some 3,000 soldiers are already at the front",
        "supports",
        "source says some 3,000 soldiers",
    ),
    (
        "200 soldiers were killed in the first week at the border",
        "Unconfirmed reports put the number of soldiers killed",
        "consistent",
        "source says 200 (disputed in the source) — does not confirm 200 soldiers were killed",
    ),
    (
        "60 people died in the Riverton flood",
        "The regional governor said 60 people had died",
        "differs",  # the source took the figure back: it contradicts the claim
        "source withdrew 60 people",
    ),
    (
        "41 people were killed in the Riverton flood",
        "At least 41 people were killed",
        "supports",
        "source says At least 41 people were killed",
    ),
    (
        "15,000 residents were evacuated from the lower town of Riverton",
        "Nearly 12,000 residents were evacuated",
        "differs",
        "source says Nearly 12,000 residents",
    ),
    (
        "12,000 residents were evacuated from the lower town of Riverton",
        "Nearly 12,000 residents were evacuated",
        "supports",
        "source says Nearly 12,000 residents",
    ),
    (
        "500 people remain missing after the Riverton flood",
        "Up to 300 people remain missing",
        "differs",
        "source says Up to 300 people",
    ),
    (
        "5,000 homes were left under water in Riverton",
        "thousands of homes were left under water",
        "consistent",
        "source says thousands of homes — does not confirm 5,000 homes",
    ),
    (
        "5,000 nurses walked out in the hospital strike",
        "Between 4,000 and 6,000 nurses walked out",
        "consistent",
        "source says Between 4,000 and 6,000 nurses — does not confirm 5,000 nurses",
    ),
    (
        "50 doctors joined the hospital strike",
        "no more than 30 doctors had joined the strike",
        "differs",
        "source says no more than 30 doctors",
    ),
    (
        "20% of hospitals cancelled planned operations during the strike",
        "One in five hospitals cancelled planned operations",
        "supports",
        "source says One in five hospitals",
    ),
    (
        "More than 700,000 votes were cast for the Harbour Party",
        "Almost 700,000 votes were cast",
        "differs",
        "source says Almost 700,000 votes",
    ),
]
