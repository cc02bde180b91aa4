"""Plain records going into and out of the store.

The store knows nothing of Slack, the CLI or ranking: handlers hand it these
records at ingest and get these back from queries.
"""

from __future__ import annotations

import datetime as dt
from collections.abc import Iterable, Sequence
from dataclasses import dataclass, field, fields
from typing import NamedTuple

import numpy as np


@dataclass(frozen=True)
class Scope:
    """Who is asking: documents of this workspace, plus those fenced to this channel.

    A document with no channel is visible to the whole workspace; a document
    indexed from a private channel or a DM carries that channel and is only
    visible to a query made in that same channel.
    """

    workspace: str = "local"
    channel: str | None = None


@dataclass(frozen=True)
class Attribution:
    """Who a passage or figure is attributed to: the source as written, its kind
    ("person" | "organisation" | "unnamed"), and for a person the full name the document
    gives, whose name_key `key` is what /who finds it by."""

    text: str
    kind: str
    person: str | None = None
    key: str | None = None


@dataclass(frozen=True)
class NewPassage:
    paragraph: int
    position: int
    start: int
    end: int
    text: str
    terms: str  # normalised, stemmed terms, space-joined: what the full-text index stores
    said: Attribution | None = None


@dataclass(frozen=True)
class Measured:
    """A figure as its source states it: "at least 10,000 North Korean troops" is value
    10000, low 10000, hedge "at least", counts "troop", `text` the whole phrase. What a
    figure is everywhere: found in a sentence (`handlers.analysis.figures.Figure`), stored
    (`NewFigure`, `FigureRow`) and answered (`handlers.answers.FigureOut`) add to it only
    where it sits. The hedges, and what `low` and `high` hold for each, are
    `handlers.analysis.figures`'s."""

    value: float
    low: float | None
    high: float | None
    hedge: str
    counts: str  # the counted thing, singular ("troop"), or ""
    unit: str  # "%", a currency code ("USD"), or ""
    text: str
    measure: str = ""  # what happened to what is counted: killed, missing... or ""
    status: str = ""  # "withdrawn" | "disputed" | ""

    def measured(self) -> dict:
        """This figure's Measured fields by name (to build another kind of figure)."""
        values = self.__dict__  # a frozen dataclass's own fields: faster than getattr
        return {name: values[name] for name in MEASURED_FIELDS}


MEASURED_FIELDS = tuple(f.name for f in fields(Measured))


@dataclass(frozen=True, kw_only=True)
class NewFigure(Measured):
    position: int  # the passage it was found in
    said: Attribution | None = None


@dataclass(frozen=True)
class NewMention:
    position: int | None  # None for a byline (document-level)
    person_key: str
    person_name: str
    spelling: str
    title: str
    bare: bool = False  # a lone surname the document never completes (see /who)


@dataclass(frozen=True)
class NewDocument:
    path: str
    content_hash: str
    title: str
    scope: Scope = field(default_factory=Scope)
    source: str | None = None
    author: str | None = None
    published: dt.date | None = None
    url: str | None = None
    kind: str = "txt"
    passages: tuple[NewPassage, ...] = ()
    figures: tuple[NewFigure, ...] = ()
    mentions: tuple[NewMention, ...] = ()


@dataclass(frozen=True)
class DocumentRow:
    id: int
    title: str
    path: str
    source: str | None
    author: str | None
    published: dt.date | None
    url: str | None
    kind: str
    workspace: str
    channel: str | None
    ingested_at: dt.datetime
    passages: int = 0
    retracted: str | None = None  # the note, when the document is marked retracted


@dataclass(frozen=True)
class PassageRow:
    id: int
    document: DocumentRow
    paragraph: int
    position: int
    start: int
    end: int
    text: str
    terms: str = ""
    said: Attribution | None = None


class PassageTerms(NamedTuple):
    """What ranking needs of a passage: its place and its stemmed terms, no text."""

    id: int
    document_id: int
    position: int
    terms: str


@dataclass(frozen=True, kw_only=True)
class FigureRow(Measured):
    id: int
    passage_id: int
    said: Attribution | None = None


@dataclass(frozen=True, slots=True)  # real news at 1M holds 284,581 of them
class NameRow:
    """One distinct spelling-normalised name, with how often it is mentioned."""

    person_id: int
    key: str
    name: str
    mentions: int
    documents: int
    bare: int = 0  # of the mentions, lone surnames their documents never complete


@dataclass(frozen=True)
class PersonEdit:
    id: int
    action: str  # "merge" | "split"
    a: str
    b: str
    created_at: dt.datetime


@dataclass(frozen=True)
class AddResult:
    status: str  # "added" | "updated" | "unchanged" | "duplicate"
    document_id: int
    duplicate_of: str | None = None


@dataclass(frozen=True)
class Stats:
    documents: int
    passages: int
    people: int
    mentions: int
    figures: int
    latest: tuple[DocumentRow, ...] = ()
    meaning: str = ""  # "meaning: N of M passages", or why /claim matches words alone


@dataclass(frozen=True, eq=False)
class DocumentOrder:
    """The documents one scope sees, each with its place newest first (published date
    descending, undated last, then id descending): what /who filters and sorts a
    person's mentions by. Only `Store.document_order` makes one, for a scope (and the
    people saved for one). Kept as arrays, 16 bytes a document, not a dict of ints (~80):
    a /who at 50,000 documents left 4 MB of each gunicorn worker's own memory in the dict."""

    newest_first: np.ndarray  # int64 document ids
    ids: np.ndarray  # the same, sorted
    ranks: np.ndarray  # int64: ids[i]'s place in newest_first

    @classmethod
    def of(cls, newest_first: Iterable[int]) -> DocumentOrder:
        ids = np.fromiter(newest_first, dtype=np.int64)
        ranks = np.argsort(ids, kind="stable")
        return cls(ids, ids[ranks], ranks)

    def __eq__(self, other: object) -> bool:
        if not isinstance(other, DocumentOrder):
            return NotImplemented
        return np.array_equal(self.newest_first, other.newest_first)

    __hash__ = None  # type: ignore[assignment]  # equal by value, and mutable arrays

    def places(self, document_ids: Sequence[int]) -> list[int]:
        """Each document's place, -1 for one the scope does not see."""
        wanted = np.asarray(document_ids, dtype=np.int64)
        if not len(self.ids):
            return [-1] * len(wanted)
        at = np.minimum(np.searchsorted(self.ids, wanted), len(self.ids) - 1)
        return np.where(self.ids[at] == wanted, self.ranks[at], -1).tolist()


class MentionFact(NamedTuple):
    """A mention with its document's id only: what /who counts and quotes."""

    person_id: int
    spelling: str
    title: str
    passage_id: int | None
    document_id: int
