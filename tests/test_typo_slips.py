"""A claim typed with one slip (two letters swapped, one replaced) still finds its
passage, through the CLI as a user types it; words the archive lacks stay unmatched.

The documents are our own: twin sentences that differ only in the word the claim
misspells, the right one second in its document: it ranks first only when the slip is
corrected (a tie keeps the document's order).
"""

from __future__ import annotations

from pathlib import Path

import pytest

from handlers.search import _one_slip
from tests.conftest import Cli

HARBOUR = """Harbour strike enters its second week

Teodoro Quintero closed the north harbour to fishing boats on Tuesday.
Marisol Quintero closed the north harbour to cargo ships on Monday.
The county grant paid for the new passenger ferry.
The federal grant paid for the new passenger ferry.
The harbour master counted the tugboats at dawn.
The harbour master counted the dredgers at dawn.
"""

MEMO = """# Council memo: ferry timetable

- Dockworkers at Pier Nine voted to stay out until the pay offer improves.
- Dockworkers at Pier Four voted to return once the pay offer improves.
"""


# Many short sentences sharing the claims' other words: as in a large archive, those words
# alone bring more candidates than are reranked, all ranked above the right passage, which
# is among them only when its misspelt word is searched for too.
LOG = "Harbour log\n\n" + "".join(
    f"Crew {n} closed the north harbour. A grant paid for passenger ferry {n}. "
    f"The harbour master counted {n} at dawn. Dockworkers voted {n} when the pay offer improves.\n"
    for n in range(260)
)


@pytest.fixture
def indexed(cli: Cli, tmp_path: Path) -> Cli:
    folder = tmp_path / "docs"
    folder.mkdir()
    (folder / "harbour.txt").write_text(HARBOUR)
    (folder / "memo.md").write_text(MEMO)
    (folder / "0_log.txt").write_text(LOG)  # indexed first
    code, _, err = cli("index", str(folder), "--no-embed")
    assert code == 0, err
    return cli


def first_excerpt(cli: Cli, claim: str) -> str:
    results = cli.json("claim", claim)["results"]
    assert results, f"nothing found for {claim!r}"
    return results[0]["excerpt"]


@pytest.mark.parametrize(
    ("claim", "starts"),
    [
        # two letters swapped in a name of seven letters (fuzz.ratio alone: 86)
        ("Mairsol closed the north harbour", "Marisol Quintero"),
        # ...where the word's stem is shorter than the word: "fedreal" is one swap from
        # "federal", whose index term is "feder"
        ("the fedreal grant paid for the passenger ferry", "The federal grant"),
        # one letter replaced (fuzz.ratio alone: 86); found on the old code too, its
        # rerank's token similarity picking it among the candidates: kept as a guard
        ("the harbour master counted the dredgars at dawn", "The harbour master counted the dr"),
        ("dockworkers voted to retrun when the pay offer improves", "Dockworkers at Pier Four"),
    ],
)
def test_a_claim_with_one_slip_finds_its_passage_first(
    indexed: Cli, claim: str, starts: str
) -> None:
    assert first_excerpt(indexed, claim).startswith(starts)


def test_the_same_claim_spelt_right_finds_the_same_passage(indexed: Cli) -> None:
    assert first_excerpt(indexed, "Marisol Quintero closed the north harbour").startswith(
        "Marisol Quintero"
    )


def test_a_claim_about_people_the_archive_lacks_still_finds_nothing(indexed: Cli) -> None:
    for claim in ("Zbigniew Wrzosek resigned in Gdansk", "Okonjo Adeyemi visited Lima on Sunday"):
        answer = indexed.json("claim", claim)
        assert answer["results"] == [], claim
        assert answer["message"].startswith("Nothing in 3 documents"), answer["message"]


def test_a_name_one_slip_from_an_indexed_one_is_never_confirmed(indexed: Cli) -> None:
    # "Marisel" is one slip from "Marisol" and nothing else of the claim is indexed: the
    # passage may be shown as related (it may be the same person, misspelt), never as
    # support for what the claim says
    answer = indexed.json("claim", "Marisel Okafor closed 3 harbours on Sunday")
    assert answer["results"][0]["excerpt"].startswith("Marisol Quintero")
    assert {r["check"] for r in answer["results"]} == {"related"}


def test_one_slip_keeps_the_first_letter_and_gives_index_terms() -> None:
    slips = _one_slip("aarbic")
    assert "arab" in slips  # "arabic", stemmed
    assert all(term.startswith("a") for term in slips)
    assert "zelenski" in _one_slip("zelenksi")
    assert "harbour" not in _one_slip("harbour")  # no slip: the word itself is not one
