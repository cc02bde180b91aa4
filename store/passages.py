"""Passages read back by id, with their terms or their neighbours: `store.passages`."""

from __future__ import annotations

from collections.abc import Iterable, Sequence

from sqlalchemy import select

from store import lifecycle
from store.concept import Concept
from store.records import PassageRow, PassageTerms
from store.rows import PASSAGE_COLUMNS, passage
from store.schema import documents, passages


class Passages(Concept):
    """The `passages` table, read: `store.passages`."""

    def rows(self, ids: Sequence[int]) -> list[PassageRow]:
        """The passages with these ids, in the order given."""
        if not ids:
            return []
        with self.connect() as conn:
            rows = conn.execute(
                select(*PASSAGE_COLUMNS)
                .join(documents, documents.c.id == passages.c.document_id)
                .where(passages.c.id.in_(list(ids)))
            )
            by_id = {
                row.id: row for row in lifecycle.marked_passages(conn, list(map(passage, rows)))
            }
        return [by_id[i] for i in ids if i in by_id]

    def terms(self, ids: Sequence[int]) -> list[PassageTerms]:
        """Place and terms of the passages with these ids (those that still exist), in the
        order given: what a rerank of a few hundred candidates reads."""
        if not ids:
            return []
        with self.connect() as conn:
            rows = conn.execute(
                select(
                    passages.c.id, passages.c.document_id, passages.c.position, passages.c.terms
                ).where(passages.c.id.in_(list(ids)))
            )
            by_id = {row[0]: PassageTerms(*row) for row in rows}
        return [by_id[i] for i in ids if i in by_id]

    def neighbours(self, rows: Iterable[PassageRow]) -> dict[tuple[int, int], str]:
        """Text of the passages just before and after each row, keyed by (document, position)."""
        wanted = {(r.document.id, r.position + d) for r in rows for d in (-1, 1)}
        if not wanted:
            return {}
        docs = {doc for doc, _ in wanted}
        positions = {pos for _, pos in wanted}
        with self.connect() as conn:
            found = conn.execute(
                select(passages.c.document_id, passages.c.position, passages.c.text).where(
                    passages.c.document_id.in_(docs), passages.c.position.in_(positions)
                )
            )
            return {(d, p): t for d, p, t in found if (d, p) in wanted}
