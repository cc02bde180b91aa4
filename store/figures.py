"""Figures read back: those of some passages, and those counting a noun: `store.figures`."""

from __future__ import annotations

from collections.abc import Iterable, Sequence

from sqlalchemy import ColumnElement, Connection, select

from store import lifecycle
from store.concept import Concept
from store.records import FigureRow, PassageRow, Scope
from store.rows import FIGURE_COLUMNS, FIGURE_WIDTH, PASSAGE_COLUMNS, figure, passage
from store.schema import documents, figures, passages
from store.visibility import visible


class Figures(Concept):
    """The `figures` table, read: `store.figures`."""

    def of_passages(self, passage_ids: Sequence[int]) -> dict[int, list[FigureRow]]:
        """The figures of each of these passages (those that have any), in stored order."""
        result: dict[int, list[FigureRow]] = {}
        if not passage_ids:
            return result
        with self.connect() as conn:
            rows = conn.execute(
                select(figures)
                .where(figures.c.passage_id.in_(list(passage_ids)))
                .order_by(figures.c.id)
            )
            for row in rows:
                result.setdefault(row.passage_id, []).append(figure(row))
        return result

    def counting(
        self, nouns: Iterable[str], scope: Scope, limit: int = 500, measures: Iterable[str] = ()
    ) -> list[tuple[FigureRow, PassageRow]]:
        """Figures whose counted noun is one of `nouns` or whose measure is one of
        `measures`: all of them up to `limit`, and past that the most recently indexed.
        Newest documents come first.

        Per noun, the (counts, id) index is read backwards until `limit` visible figures
        are found; sorting every figure of a noun the archive counts 40,000 times by its
        document's date cost ~25 ms at a million sentences, this ~2 ms."""
        wanted = [figures.c.counts == noun for noun in sorted(set(nouns))]
        wanted += [figures.c.measure == m for m in sorted(set(measures))]
        with self.connect() as conn:
            ids = [i for condition in wanted for i in _newest(conn, condition, scope, limit)]
            if not ids:
                return []
            rows = conn.execute(
                select(*FIGURE_COLUMNS, *PASSAGE_COLUMNS)
                .join(passages, passages.c.id == figures.c.passage_id)
                .join(documents, documents.c.id == figures.c.document_id)
                .where(figures.c.id.in_(sorted(set(ids), reverse=True)[:limit]))
                .order_by(documents.c.published.desc().nulls_last(), figures.c.id)
            )
            pairs = [(figure(row), passage(row, FIGURE_WIDTH)) for row in rows]
            return lifecycle.marked_figures(conn, pairs)


def _newest(
    conn: Connection, condition: ColumnElement[bool], scope: Scope, limit: int
) -> list[int]:
    """Ids of the newest `limit` figures meeting `condition` that `scope` sees."""
    return (
        conn.execute(
            select(figures.c.id)
            .join(documents, documents.c.id == figures.c.document_id)
            .where(condition, visible(scope))
            .order_by(figures.c.id.desc())
            .limit(limit)
        )
        .scalars()
        .all()
    )
