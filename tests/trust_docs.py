"""Documents for who said each figure, written for this in our own words (no text from the
shared corpus): a quarry collapse as wrapped wire copy (.txt), a bribery trial as a desk
memo (.md), an election count as a web page (.html), a mill closure as notes (.docx) and
a chemical smoke incident as a bulletin (.pdf). Between them: companies and public bodies
speaking ("Tarrow Aggregates, the company that runs the quarry, said", "The county said"),
sources that are no one in particular ("Unconfirmed reports put the death toll nearer 15",
"Local media", "Witnesses"), figures in quote marks ('"well over 2,000" members'), people
treated or taken to hospital, roles given by a relative clause or a possessive
("who leads the regional employment office", "Moretti's deputy, Karel Dvorak"), and
sentences that must give no source or role ("The county road", "Reports of queues",
"who arrived from the coast on Tuesday")."""

from __future__ import annotations

from datetime import UTC, datetime
from pathlib import Path

from tests.fresh_docs import wrapped, write_formats

QUARRY_TXT = "\n\n".join(
    [
        "Quarry wall collapse traps lorries near Dunmere",
        wrapped(
            "DUNMERE, 1 December 2026 (Moorland Wire) - Tarrow Aggregates, the company that "
            "runs the quarry, said 27 of its staff had been evacuated from the lower benches."
        ),
        wrapped("The county said at least 9 people had died in the collapse."),
        wrapped("Unconfirmed reports put the death toll nearer 15."),
        wrapped("Witnesses said upwards of 40 lorries were trapped on the haul road."),
        wrapped("The county road to the quarry stayed closed for 3 days."),
        wrapped("Reports of flooding in the pit came in from 2 villages overnight."),
        wrapped(
            "The district hospital treated 31 people for dust injuries, said Ilse Marr, who "
            "heads the county ambulance service."
        ),
        wrapped(
            "Tomas Brede, who arrived from the coast on Tuesday, said 60 volunteers had "
            "joined the search."
        ),
    ]
)

TRIAL_MD = """\
# Desk memo: the Harwick bribery trial

Published 1 December 2026

- The prosecutor's office said 14 witnesses would be called.
- Calloway Builders, the contractor accused of paying officials, said 6 of its managers \
had been questioned.
- Local media reported well over 200 people queued for the public gallery.
- Chief prosecutor Dalia Marsh said the scheme ran through 11 offshore accounts.
- Marsh's deputy, Carla Ruiz, later said 4 more suspects were being sought.
- The court said "nearly 90" hours of recordings had been played to the jury.
"""

COUNT_HTML = """\
<html><head><title>Northfield count: overnight update</title></head><body><article>
<h1>Northfield count: overnight update</h1>
<p>Published 1 December 2026</p>
<p>The council said 41,230 ballots had been counted by midnight.</p>
<p>Mirela Costa, who chairs the Northfield electoral board, said 112 ballots were spoiled.</p>
<p>Greenway Party organisers said "just shy of 9,000" votes had gone to their candidate.</p>
<p>Costa's deputy, Jonas Berg, said 3 ballot boxes arrived late.</p>
<p>Reports of queues at 2 polling stations were not confirmed.</p>
</article></body></html>
"""

CLOSURE_DOCX = [
    "Brenner Textiles to close Lowfield mill",
    "1 December 2026",
    "Brenner Textiles, the town's oldest employer, said 640 jobs would go when the mill shuts.",
    "The ministry said 1,100 workers across the region depended on the mill's orders.",
    "Local media put the losses closer to 900 jobs.",
    'The union said it had "well over 2,000" members at the plant.',
    "Hana Moretti, who leads the regional employment office, said 300 retraining places "
    "would be offered.",
    "Moretti's deputy, Karel Dvorak, said 45 apprentices would keep their places.",
    "The plant treated 2 million litres of waste water a day.",
]

SMOKE_PDF = [
    "Chemical smoke at Ferrin industrial park",
    "Issued 1 December 2026",
    "Ferrin Chemicals, the firm that owns the warehouse, said 18 staff were taken to hospital.",
    "The county health board said 52 people had been treated for breathing problems.",
    "Regional hospitals admitted 23 patients overnight, said Olu Adeyemi, who runs the county "
    "ambulance service.",
    "The fire brigade said 7 residents were hospitalised.",
    "About 150 guests at a nearby hotel were treated to free breakfasts.",
]

FILES: dict[str, str | list[str]] = {
    "quarry-collapse.txt": QUARRY_TXT,
    "harwick-trial.md": TRIAL_MD,
    "northfield-count.html": COUNT_HTML,
    "lowfield-closure.docx": CLOSURE_DOCX,
    "ferrin-smoke.pdf": SMOKE_PDF,
}


def write_all(folder: Path) -> Path:
    """The five documents, written to `folder`."""
    return write_formats(folder, FILES, datetime(2026, 12, 1, 9, 0, tzinfo=UTC))
