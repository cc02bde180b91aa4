"""What handlers return: the contract between the brain and every transport.

`--json` output is `dataclasses.asdict` of these. Fields may be added; the
names below are promised to outside scripts and must never be renamed.
"""

from __future__ import annotations

from dataclasses import dataclass, field
from typing import Self

from store import DocumentRow, Measured


@dataclass(frozen=True)
class Source:
    title: str
    path: str
    source: str | None
    author: str | None
    published: str | None  # ISO date
    url: str | None = None
    kind: str = "txt"
    retracted: str | None = None  # the note, when the document is marked retracted

    @classmethod
    def of(cls, doc: DocumentRow) -> Source:
        published = doc.published.isoformat() if doc.published else None
        return cls(
            doc.title, doc.path, doc.source, doc.author, published, doc.url, doc.kind, doc.retracted
        )


def shown_value(hedge: str, value: float) -> float | None:
    """The value a figure states: none for a vague amount ("thousands"), whose `low` and
    `high` give its order of magnitude; never a number the source did not write."""
    return None if hedge == "vague" else value


def shown_unit(unit: str) -> str:
    return "%" if unit == "percent" else unit  # older archives store the word "percent"


@dataclass(frozen=True)
class SaidBy:
    """Who a figure or passage is attributed to: `text` as the sentence writes
    the source, `person` the canonical name /who knows them by (people only), and `kind`
    "person" | "organisation" | "unnamed"."""

    text: str
    person: str | None
    kind: str


@dataclass(frozen=True, kw_only=True)
class FigureOut(Measured):
    """A figure as answered: `store.Measured` as its source states it (no `value` for a
    vague amount), and who it is attributed to."""

    value: float | None = field(kw_only=False)  # None for a vague amount
    said_by: SaidBy | None = None

    @classmethod
    def of(cls, figure: Measured, said_by: SaidBy | None = None, **more) -> Self:
        """A found or stored figure, shown (`shown_value`, `shown_unit`)."""
        f = figure  # positionally: /figures shows up to 500 of them, and ** costs 40% more
        value, unit = shown_value(f.hedge, f.value), shown_unit(f.unit)
        shown = (value, f.low, f.high, f.hedge, f.counts, unit, f.text, f.measure, f.status)
        return cls(*shown, said_by=said_by, **more)


@dataclass(frozen=True)
class Match:
    excerpt: str
    context: str
    score: float  # 0-100, higher is better
    document: Source
    figures: tuple[FigureOut, ...]
    check: str  # "supports" | "consistent" | "differs" | "related"
    note: str = ""  # why: "source says approximately 10,000 soldiers"
    highlights: tuple[str, ...] = ()  # words of the excerpt that matched the claim
    said_by: SaidBy | None = None  # who the passage is attributed to


@dataclass(frozen=True)
class ClaimAnswer:
    query: str
    results: tuple[Match, ...]
    searched: int  # documents in scope
    message: str = ""  # "nothing in 5 documents matches", a cut-query note
    claim_figures: tuple[FigureOut, ...] = ()


@dataclass(frozen=True)
class Said:
    """A passage attributed to a person: what /who lists as on record."""

    excerpt: str
    figures: tuple[FigureOut, ...]
    document: Source


@dataclass(frozen=True)
class Person:
    name: str
    aliases: tuple[str, ...]
    titles: tuple[str, ...]
    mentions: int
    documents: int
    said: tuple[Said, ...] = ()  # newest first (in /who NAME's person only)


@dataclass(frozen=True)
class Mention:
    excerpt: str
    document: Source
    spelling: str = ""


@dataclass(frozen=True)
class WhoAnswer:
    query: str
    person: Person | None
    others: tuple[Person, ...]
    results: tuple[Mention, ...]
    suggestions: tuple[str, ...] = ()
    message: str = ""


@dataclass(frozen=True, kw_only=True)
class FigureMatch(FigureOut):
    """A figure /figures found: with the passage it is in and that passage's document."""

    excerpt: str
    document: Source


@dataclass(frozen=True)
class Spread:
    counts: str  # the counted thing, as the sources say it
    low: float
    high: float
    sources: int
    figures: int
    line: str  # "North Korean troops: 8,000 – 12,000 across 3 sources"
    extremes: str = ""  # "lowest from Reports; highest from US officials"
    measure: str = ""  # the group's measure (killed, missing...), "" when none
    by_meaning: str = ""  # "inmates ≈ prisoners" when meaning, not the lexicon, matched the topic


@dataclass(frozen=True)
class FiguresSummary:
    """/figures at a glance: the spread of each group of `results` (in their order), how
    many figures they hold, and the spreads of the groups of `also`."""

    groups: tuple[Spread, ...] = ()
    figures: int = 0
    also: tuple[Spread, ...] = ()


@dataclass(frozen=True)
class FiguresAnswer:
    query: str
    results: tuple[FigureMatch, ...]
    summary: FiguresSummary = field(default_factory=FiguresSummary)
    message: str = ""
    # Figures about other things in the passages found, grouped as summary.also.
    also: tuple[FigureMatch, ...] = ()


# -- the daily digest and watches ----------------------------------------------------------


@dataclass(frozen=True)
class FigureGroup:
    """One counted thing: the spread of the sources' figures, and each figure with its
    hedge and source, lowest first."""

    spread: Spread
    values: tuple[FigureMatch, ...]


@dataclass(frozen=True)
class PersonSeen:
    name: str
    mentions: int  # in the digest's window
    documents: int
    new: bool  # first mentioned in this window


@dataclass(frozen=True)
class ClaimChecked:
    query: str
    result: str  # "nothing" | "differs"
    summary: str
    checked_at: str  # ISO time, UTC


@dataclass(frozen=True)
class Digest:
    since: str  # ISO time, UTC
    until: str
    documents: tuple[Source, ...]  # indexed in the window
    disagreements: tuple[FigureGroup, ...]  # counted things the sources disagree on
    new_people: tuple[PersonSeen, ...]
    most_mentioned: tuple[PersonSeen, ...]
    claims: tuple[ClaimChecked, ...]  # found nothing, or found a figure that differs
    quiet: bool  # no new documents
    summary: str  # one line: "3 new documents, 1 figure in dispute, 2 new people"


@dataclass(frozen=True)
class WatchAlert:
    watch_id: int
    channel: str
    kind: str  # "who" | "claim" | "figures"
    query: str
    document: Source
    document_id: int
    detail: str  # what matched: a person's name, figures, an excerpt
