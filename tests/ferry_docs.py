"""A small archive of our own (no text from the shared corpus): a ferry sinking told by a
wire story (.txt), a desk memo (.md) and a harbour page (.html). Between them they give
every kind of figure /figures shows: a bound, a range, an "about", a vague amount, a
withdrawn figure, money, a share, figures with and without a named speaker, and figures
with no counted noun ("At least 40 were killed", "Some 12 are still missing").
"""

from __future__ import annotations

from pathlib import Path

WIRE = """\
Ferry capsizes off Marrow Point

PORT ELLEN, 12 May 2026 (Coastline Wire) - At least 40 were killed when an overloaded
ferry capsized in heavy seas off Marrow Point, the coastguard said on Tuesday.

Between 120 and 150 passengers were on board, according to the operator. The harbour
master said 38 people died, a figure his office later withdrew.

Rescue crews pulled 85 survivors from the water. Thousands of residents gathered at the
quay. Some 12 are still missing.

Repairs to the harbour will cost up to $2,000,000, the port authority said.
"""

MEMO = """\
# Desk memo: the Marrow Point ferry

Published 13 May 2026

Police chief Hana Oduya said around 45 people were killed in the sinking.

About 30% of the passengers were children, the operator said.
"""

PAGE = """\
<html><head><title>Harbour update</title></head><body><article>
<h1>Harbour update: the ferry inquiry opens</h1>
<p>Published 14 May 2026.</p>
<p>The inquiry heard that 150 passengers had bought tickets, twice the ferry's licence of
75 passengers. Divers recovered 44 bodies by Thursday, the coastguard said.</p>
<p>The operator's insurer set aside up to $3,500,000 for the families of the victims.</p>
</article></body></html>
"""


def write_ferry(folder: Path) -> Path:
    """The three documents in `folder`, which is returned."""
    folder.mkdir(parents=True, exist_ok=True)
    (folder / "ferry-wire.txt").write_text(WIRE)
    (folder / "ferry-memo.md").write_text(MEMO)
    (folder / "harbour.html").write_text(PAGE)
    return folder
