"""How /figures names who gives a figure, on flood reports of our own: a speaker spelt
otherwise than /who's name keeps only their role, and one source giving both ends of a
spread is named once."""

from __future__ import annotations

from handlers.analysis.counted import plural
from handlers.figures import figures
from store import Scope, Store
from tests.slack_wire import index

WIRE = (
    "River Ostra floods force evacuations in Kelmar\n\n"
    "Emergency chief Tomasz Wierzba said about 1,200 homes were flooded and that two people "
    "had died.\n\n"
    "Mayor Irena Solak said between 900 and 1,500 homes took water.\n\n"
    "Police said 4,000 residents were evacuated.\n"
)
MEMO = (
    "# Desk memo: Kelmar floods\n\n"
    "- Tomas Wierzba, the emergency chief, says three people died.\n"
    "- The regional emergency service said 3,600 residents were evacuated.\n"
)


def _flooded(store: Store) -> None:
    index(store, "flood.txt", WIRE)
    index(store, "memo.md", MEMO)


def test_a_speaker_spelt_otherwise_keeps_only_their_role(store: Store) -> None:
    _flooded(store)
    answer = figures(store, "died", Scope("local"))
    (group,), found = answer.summary.groups, answer.results
    assert {(m.said_by.person, m.said_by.text) for m in found} == {
        ("Tomasz Wierzba", "Emergency chief Tomasz Wierzba"),
        ("Tomasz Wierzba", "Tomas Wierzba, the emergency chief"),
    }
    # "Tomas" is his name as the memo spells it, not part of his role
    assert group.extremes == "from Tomasz Wierzba (Emergency chief)"


def test_one_source_giving_both_ends_is_named_once(store: Store) -> None:
    _flooded(store)
    spreads = figures(store, "homes", Scope("local")).summary.groups
    ranged = [s for s in spreads if (s.low, s.high) == (900, 1500)]
    assert [s.extremes for s in ranged] == ["from Irena Solak (Mayor)"]


def test_two_sources_are_still_told_apart(store: Store) -> None:
    _flooded(store)
    spreads = figures(store, "residents", Scope("local")).summary.groups
    (spread,) = [s for s in spreads if (s.low, s.high) == (3600, 4000)]
    assert spread.extremes == "lowest from the regional emergency service; highest from Police"


def test_a_noun_written_before_its_figure_is_labelled_as_many(store: Store) -> None:
    index(store, "shelters.txt", "Shelter count\n\nOfficials put the evacuees at 4,200.\n")
    index(store, "school.txt", "School update\n\nTeachers put the pupils at 310.\n")
    assert [s.counts for s in figures(store, "evacuees", Scope("local")).summary.groups] == [
        "evacuees"
    ]
    assert [s.counts for s in figures(store, "pupils", Scope("local")).summary.groups] == ["pupils"]
    assert [plural(w) for w in ("child", "relief worker", "life")] == [
        "children",
        "relief workers",
        "lives",
    ]


def test_an_unnamed_source_reads_mid_line_and_a_name_keeps_its_capitals() -> None:
    from handlers.answers import SaidBy
    from handlers.said import label

    assert label(SaidBy("The county", None, "unnamed")) == "the county"
    assert label(SaidBy("A spokesman for the port", None, "unnamed")) == "a spokesman for the port"
    assert label(SaidBy("The Guardian", None, "organisation")) == "The Guardian"
    assert label(SaidBy("US officials", None, "unnamed")) == "US officials"
