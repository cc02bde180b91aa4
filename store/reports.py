"""What the digest and watch alerts report of indexed documents: their figures, the people
they mention, the documents themselves; over a time window or a list of document ids."""

from __future__ import annotations

import datetime as dt
from collections.abc import Sequence
from dataclasses import dataclass

from sqlalchemy import and_, func, select

from store import lifecycle
from store.concept import Concept
from store.records import DocumentRow, FigureRow, PassageRow, Scope
from store.rows import FIGURE_COLUMNS, FIGURE_WIDTH, PASSAGE_COLUMNS, document, figure, passage, utc
from store.schema import documents, figures, mentions, passages, people
from store.visibility import visible


@dataclass(frozen=True)
class PersonSeenRow:
    name: str
    mentions: int  # in the window
    documents: int  # in the window
    first_seen: dt.datetime  # the first visible document mentioning them, ever


class Reports(Concept):
    """Reads over documents for the digest and watches: `store.reports`."""

    def _window(self, since: dt.datetime, until: dt.datetime):
        return and_(
            documents.c.ingested_at >= self.as_stored(since),
            documents.c.ingested_at < self.as_stored(until),
        )

    def figures_between(
        self, scope: Scope, since: dt.datetime, until: dt.datetime
    ) -> list[tuple[FigureRow, PassageRow]]:
        """Figures in visible documents indexed in the window."""
        return self._figures_where(visible(scope), self._window(since, until))

    def figures_in(self, document_ids: Sequence[int]) -> list[tuple[FigureRow, PassageRow]]:
        """Figures in these documents."""
        return self._figures_where(documents.c.id.in_(list(document_ids)))

    def _figures_where(self, *where) -> list[tuple[FigureRow, PassageRow]]:
        with self.engine.connect() as conn:
            rows = conn.execute(
                select(*FIGURE_COLUMNS, *PASSAGE_COLUMNS)
                .join(passages, passages.c.id == figures.c.passage_id)
                .join(documents, documents.c.id == figures.c.document_id)
                .where(*where)
                .order_by(figures.c.id)
            )
            pairs = [(figure(row), passage(row, FIGURE_WIDTH)) for row in rows]
            return lifecycle.marked_figures(conn, pairs)

    def people_between(
        self, scope: Scope, since: dt.datetime, until: dt.datetime
    ) -> list[PersonSeenRow]:
        """People mentioned in the window's documents, with when they were first seen at all."""
        first = (
            select(mentions.c.person_id, func.min(documents.c.ingested_at).label("first_seen"))
            .join(documents, documents.c.id == mentions.c.document_id)
            .where(visible(scope))
            .group_by(mentions.c.person_id)
            .subquery()
        )
        query = (
            select(
                people.c.name,
                func.count(mentions.c.id).label("n"),
                func.count(func.distinct(mentions.c.document_id)).label("docs"),
                func.min(first.c.first_seen).label("first_seen"),
            )
            .join(mentions, mentions.c.person_id == people.c.id)
            .join(documents, documents.c.id == mentions.c.document_id)
            .join(first, first.c.person_id == people.c.id)
            .where(visible(scope), self._window(since, until))
            .group_by(people.c.id, people.c.name)
        )
        with self.engine.connect() as conn:
            return [
                PersonSeenRow(r.name, r.n, r.docs, _as_datetime(r.first_seen))
                for r in conn.execute(query)
            ]

    def documents_by_id(self, document_ids: Sequence[int]) -> list[DocumentRow]:
        """These documents (those that still exist), by id, retracted ones marked."""
        with self.engine.connect() as conn:
            rows = conn.execute(
                select(*documents.c)
                .where(documents.c.id.in_(list(document_ids)))
                .order_by(documents.c.id)
            )
            return lifecycle.marked(conn, [document(row) for row in rows])

    def names_in(self, document_ids: Sequence[int]) -> dict[int, set[str]]:
        """The people named in each document."""
        with self.engine.connect() as conn:
            rows = conn.execute(
                select(mentions.c.document_id, people.c.name)
                .join(people, people.c.id == mentions.c.person_id)
                .where(mentions.c.document_id.in_(list(document_ids)))
            )
            found: dict[int, set[str]] = {}
            for doc_id, name in rows:
                found.setdefault(doc_id, set()).add(name)
            return found


def _as_datetime(value) -> dt.datetime:
    """MIN() over a DateTime comes back as text from SQLite."""
    if isinstance(value, str):
        value = dt.datetime.fromisoformat(value)
    return utc(value)
