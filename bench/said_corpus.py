# ruff: noqa: E501  (the documents are text, one paragraph a line)
"""Documents written for the attribution rules (issue 15), in several formats and styles,
each figure with the speaker a careful reader would name. Shared by `bench/attribution.py`
(precision and recall of said_by) and tests/test_attribution.py. None of it comes from
../shared/corpus."""

from __future__ import annotations

from dataclasses import dataclass
from pathlib import Path

PERSON, ORGANISATION, UNNAMED = "person", "organisation", "unnamed"


@dataclass(frozen=True)
class Expected:
    """The figure whose text starts with `figure`, said by `speaker` (a person's full name,
    or the source's text) of `kind`; kind None: no one is named as its source."""

    figure: str
    speaker: str | None
    kind: str | None


WIRE = """Floods drive thousands from homes in Varna region

VARNA, March 3 - Floodwaters forced about 4,200 people from their homes in the Varna region on Tuesday, the regional governor's office said.
"We have counted 37 damaged bridges," Governor Milen Dragov told reporters at a shelter.
Rescue teams took more than 900 residents out of the village of Kamenar overnight, a spokesman for the fire service said.
Dragov said at least 12 schools would stay shut this week. He added that 300 soldiers had been sent to build levees.
Water levels fell by 15 centimetres on Wednesday morning.
The national weather service warned that up to 80 millimetres of rain could fall by Thursday.
Insurers estimate the damage at 40 million euros.
"""
WIRE_EXPECTED = (
    Expected("about 4,200 people", "the regional governor's office", UNNAMED),
    Expected("37 damaged bridges", "Milen Dragov", PERSON),
    Expected("more than 900 residents", "a spokesman for the fire service", UNNAMED),
    Expected("at least 12 schools", "Milen Dragov", PERSON),
    Expected("300 soldiers", "Milen Dragov", PERSON),
    Expected("15 centimetres", None, None),
    Expected("up to 80 millimetres", "The national weather service", UNNAMED),
    Expected("40 million euros", "Insurers", UNNAMED),
)

REPORT = """# Winter aid briefing: northern districts

According to the World Food Programme, 1.2 million people in the northern districts need food assistance this winter.

The UN refugee agency estimates that 340,000 people have fled across the border since October. Local authorities put the number of damaged homes at 18,500.

The Red Cross said it had delivered 6,000 blankets. Save the Children reported that 210 schools had closed.

Roughly 45 percent of health clinics are no longer working.

The Ministry of Health confirmed 1,100 cases of cholera in the region. Aid groups say funding covers only 30 percent of needs.
"""
REPORT_EXPECTED = (
    Expected("1.2 million people", "the World Food Programme", ORGANISATION),
    Expected("340,000 people", "The UN refugee agency", ORGANISATION),
    Expected("18,500", "Local authorities", UNNAMED),
    Expected("6,000 blankets", "The Red Cross", ORGANISATION),
    Expected("210 schools", "Save the Children", ORGANISATION),
    Expected("Roughly 45 percent", None, None),
    Expected("1,100 cases", "The Ministry of Health", ORGANISATION),
    Expected("30 percent", "Aid groups", UNNAMED),
)

NOTES = """Interview notes: harbour authority, 12 May

Port director Anneli Saar met us at the terminal. She said 14 cranes were damaged in the storm. Saar estimated that repairs would cost 3 million euros.

Her spokeswoman, Mira Tamm, said 220 dock workers had been sent home. Tamm later told us that 60 containers fell into the water.

Engineers at the port authority put the length of the damaged quay at 400 metres.

The harbour handled 1,800 ships last year.

In an interview with Harbour Weekly, Saar said the port would reopen for 20 ferries a day within a month.
"""
NOTES_EXPECTED = (
    Expected("14 cranes", "Anneli Saar", PERSON),
    Expected("3 million euros", "Anneli Saar", PERSON),
    Expected("220 dock workers", "Mira Tamm", PERSON),
    Expected("60 containers", "Mira Tamm", PERSON),
    Expected("400 metres", "Engineers at the port authority", UNNAMED),
    Expected("1,800 ships", None, None),
    Expected("20 ferries", "Anneli Saar", PERSON),
)

MEMO = (
    "Memo: grain corridor figures",
    "Exports through the corridor reached 4.5 million tonnes in August, said Olek Brandt, "
    "a spokesman for the shipping ministry.",
    "The ministry's spokeswoman, Dana Kurz, said 96 vessels had left the ports in August.",
    "Freight brokers told us that 12 ships were still waiting at anchor.",
    "Insurance premiums rose by 20 percent over the summer.",
    "According to Kurz, 3 vessels were hit by drones.",
)
MEMO_EXPECTED = (
    Expected("4.5 million tonnes", "Olek Brandt", PERSON),
    Expected("96 vessels", "Dana Kurz", PERSON),
    Expected("12 ships", "Freight brokers", UNNAMED),
    Expected("20 percent", None, None),
    Expected("3 vessels", "Dana Kurz", PERSON),
)

PAGE = """<html><head><title>Hospital strike enters second week</title></head><body>
<article><h1>Hospital strike enters second week</h1>
<p>Nurses at Central Hospital have been on strike for 9 days.</p>
<p>The hospital's management said 140 operations had been postponed. It added that 35 patients had been moved to other hospitals.</p>
<p>Union leader Tomas Reid told the rally that 1,500 members had joined the strike.</p>
<p>Health Minister Laura Vidal puts the cost of the strike at 2 million dollars a day.</p>
<p>Patient groups claim that waiting lists have grown by 4,000 names, while the hospital has hired 25 agency nurses.</p>
</article><footer><p>Together We Heal</p></footer></body></html>
"""
PAGE_EXPECTED = (
    Expected("9 days", None, None),
    Expected("140 operations", "The hospital's management", UNNAMED),
    Expected("35 patients", "The hospital's management", UNNAMED),
    Expected("1,500 members", "Tomas Reid", PERSON),
    Expected("2 million dollars", "Laura Vidal", PERSON),
    Expected("4,000 names", "Patient groups", UNNAMED),
    Expected("25 agency nurses", None, None),  # ", while ..." is the writer's own clause
)

PDF_LINES = (
    "Briefing: rail repairs after the storm",
    "Railway engineers estimate that 70 kilometres of track need repair.",
    "The transport ministry said 19 stations remained closed on Friday.",
    "Minister Ewa Lis visited the depot in Radom. She said 500 workers were on the job.",
    "Trains carried 2,000 passengers a day on the line before the storm.",
)
PDF_EXPECTED = (
    Expected("70 kilometres", "Railway engineers", UNNAMED),
    Expected("19 stations", "The transport ministry", UNNAMED),
    Expected("500 workers", "Ewa Lis", PERSON),
    Expected("2,000 passengers", None, None),
)


def _docx(path: Path, lines: tuple[str, ...]) -> None:
    import docx

    document = docx.Document()
    document.add_heading(lines[0], level=1)
    for line in lines[1:]:
        document.add_paragraph(line)
    document.save(str(path))


def _pdf(path: Path, lines: tuple[str, ...]) -> None:
    from fpdf import FPDF

    pdf = FPDF()
    pdf.add_page()
    pdf.set_font("Helvetica", size=12)
    for line in lines:
        pdf.multi_cell(0, 8, line, new_x="LMARGIN", new_y="NEXT")
        pdf.ln(4)
    pdf.output(str(path))


def write(folder: Path) -> dict[str, tuple[Expected, ...]]:
    """Write the documents into `folder`; the expected speakers by file name."""
    folder.mkdir(parents=True, exist_ok=True)
    (folder / "wire.txt").write_text(WIRE, encoding="utf-8")
    (folder / "report.md").write_text(REPORT, encoding="utf-8")
    (folder / "notes.txt").write_text(NOTES, encoding="utf-8")
    (folder / "strike.html").write_text(PAGE, encoding="utf-8")
    _docx(folder / "memo.docx", MEMO)
    _pdf(folder / "rail.pdf", PDF_LINES)
    return {
        "wire.txt": WIRE_EXPECTED,
        "report.md": REPORT_EXPECTED,
        "notes.txt": NOTES_EXPECTED,
        "strike.html": PAGE_EXPECTED,
        "memo.docx": MEMO_EXPECTED,
        "rail.pdf": PDF_EXPECTED,
    }


# -- held out: written after the rules were frozen, measured once, not tuned on -------------

DROUGHT = """Drought cuts harvest across the south

Farmers in the southern plains lost nearly a third of their wheat this year, the agriculture ministry said on Friday.
Grain output fell to 2.1 million tonnes, according to the national statistics office.
"We planted 600 hectares and harvested almost nothing," said Petar Ilic, who farms near Dolna.
The World Bank estimated that 85,000 households would need support through the winter.
Ilic's neighbour, Vesna Duric, told us that 40 wells in the village had run dry. She added that water trucks came only twice a week.
Rainfall was 60 percent below the average.
"""
DROUGHT_EXPECTED = (
    Expected("2.1 million tonnes", "the national statistics office", UNNAMED),
    Expected("600 hectares", "Petar Ilic", PERSON),
    Expected("85,000 households", "The World Bank", ORGANISATION),
    Expected("40 wells", "Vesna Duric", PERSON),
    Expected("60 percent", None, None),
)

CYBER = """# Incident summary: city payroll outage

The city's IT department said 4,300 employees were paid late after the attack.

Investigators believe the attackers stole data on about 12,000 residents. A spokesperson for the mayor, Hana Novak, confirmed that 3 servers had been encrypted.

The outage lasted 52 hours.

Security firm Northgate Labs puts the ransom demand at 250,000 dollars.
"""
CYBER_EXPECTED = (
    Expected("4,300 employees", "The city's IT department", UNNAMED),
    Expected("about 12,000 residents", "Investigators", UNNAMED),
    Expected("3 servers", "Hana Novak", PERSON),
    Expected("52 hours", None, None),
    Expected("250,000 dollars", "Security firm Northgate Labs", ORGANISATION),
)


# A second held-out set, written and labelled at once, measured once (see the README).

WILDFIRE = """Wildfire forces evacuations near Tarnow

TARNOW, Aug 14 - Firefighters were battling a blaze that has burned roughly 2,300 hectares of forest, the regional fire brigade said on Thursday.
More than 600 people were evacuated from three villages overnight, police spokesman Adam Wrona told a news conference.
Wrona said 14 homes had been destroyed. "We expect the wind to turn by the evening," he said.
The blaze is the largest in the region since 2015, when 900 hectares burned.
Meteorologists forecast temperatures of up to 38 degrees at the weekend.
The agriculture ministry estimates losses at 12 million zlotys.
"""
WILDFIRE_EXPECTED = (
    Expected("roughly 2,300 hectares", "the regional fire brigade", UNNAMED),
    Expected("More than 600 people", "Adam Wrona", PERSON),
    Expected("14 homes", "Adam Wrona", PERSON),
    Expected("900 hectares", None, None),
    Expected("up to 38 degrees", "Meteorologists", UNNAMED),
    Expected("12 million", "The agriculture ministry", UNNAMED),
)

MIGRATION = """# Migration figures: what the numbers say

The border agency recorded 48,000 crossings in the first half of the year, a rise of 12 percent on last year.

Frontex, the EU border agency, puts the number of irregular arrivals at 96,000. Human rights groups say at least 300 people died at sea.

Interior Minister Karin Lo told parliament that 5,200 asylum claims were pending. She added that 70 percent of claims were decided within six months.

About 1,100 people were returned to their home countries.
"""
MIGRATION_EXPECTED = (
    Expected("48,000 crossings", "The border agency", UNNAMED),
    Expected("12 percent", "The border agency", UNNAMED),
    Expected("96,000", "Frontex", ORGANISATION),
    Expected("at least 300 people", "Human rights groups", UNNAMED),
    Expected("5,200 asylum claims", "Karin Lo", PERSON),
    Expected("70 percent", "Karin Lo", PERSON),
    Expected("About 1,100 people", None, None),
)

PILOT = """<html><head><title>Q&amp;A with the harbour pilot</title></head><body><article>
<h1>Q&amp;A with the harbour pilot</h1>
<p>Captain Ruth Anders has guided ships into Kiel for 22 years.</p>
<p>Anders told Factdesk that 3 near-misses had been reported this spring.</p>
<p>According to the pilots' association, 41 pilots work the canal.</p>
<p>The canal authority said traffic fell by 8 percent.</p>
<p>"We lost 2 tugs to the storm," Anders said.</p>
</article></body></html>
"""
PILOT_EXPECTED = (
    Expected("22 years", None, None),
    Expected("3 near-misses", "Ruth Anders", PERSON),
    Expected("41 pilots", "the pilots' association", UNNAMED),
    Expected("8 percent", "The canal authority", UNNAMED),
    Expected("2 tugs", "Ruth Anders", PERSON),
)


def write_held_out(folder: Path) -> dict[str, tuple[Expected, ...]]:
    folder.mkdir(parents=True, exist_ok=True)
    (folder / "drought.txt").write_text(DROUGHT, encoding="utf-8")
    (folder / "cyber.md").write_text(CYBER, encoding="utf-8")
    (folder / "wildfire.txt").write_text(WILDFIRE, encoding="utf-8")
    (folder / "migration.md").write_text(MIGRATION, encoding="utf-8")
    (folder / "pilot.html").write_text(PILOT, encoding="utf-8")
    return {
        "drought.txt": DROUGHT_EXPECTED,
        "cyber.md": CYBER_EXPECTED,
        "wildfire.txt": WILDFIRE_EXPECTED,
        "migration.md": MIGRATION_EXPECTED,
        "pilot.html": PILOT_EXPECTED,
    }
