"""People, their mentions and the editors' corrections: what /who reads.

Visibility and date order come in as a `DocumentOrder` (the documents a scope sees, newest
first), which the caller keeps while the documents do not change, so the mention and
statement reads touch their own indexes alone.
"""

from __future__ import annotations

from collections.abc import Sequence

from sqlalchemy import delete, func, select

from store import generations
from store.concept import Concept, now
from store.records import DocumentOrder, MentionFact, NameRow, PersonEdit, Scope
from store.rows import NEWEST_FIRST
from store.schema import documents, mentions, passages, people, person_edits
from store.visibility import visible

_MENTION_FACTS = select(
    mentions.c.person_id,
    mentions.c.spelling,
    mentions.c.title,
    mentions.c.passage_id,
    mentions.c.document_id,
    mentions.c.id,
)


class PersonRecords(Concept):
    """The `people`, `mentions` and `person_edits` tables: `store.people`."""

    def names(self, scope: Scope) -> list[NameRow]:
        """Every person-name key mentioned in visible documents, with mention counts."""
        with self.connect() as conn:
            rows = conn.execute(
                select(
                    people.c.id,
                    people.c.key,
                    people.c.name,
                    func.count(mentions.c.id).label("n"),
                    func.count(func.distinct(mentions.c.document_id)).label("docs"),
                    func.count(mentions.c.bare).label("bare"),  # bare is true or NULL
                )
                .join(mentions, mentions.c.person_id == people.c.id)
                .join(documents, documents.c.id == mentions.c.document_id)
                .where(people.c.workspace == scope.workspace, visible(scope))
                .group_by(people.c.id, people.c.key, people.c.name)
            )
            return [NameRow(r.id, r.key, r.name, r.n, r.docs, r.bare) for r in rows]

    def document_order(self, scope: Scope) -> DocumentOrder:
        """The documents this scope sees, newest first (see `DocumentOrder`)."""
        with self.connect() as conn:
            ids = conn.execute(
                select(documents.c.id).where(visible(scope)).order_by(*NEWEST_FIRST)
            ).scalars()
            return DocumentOrder.of(ids)

    def mention_facts(self, person_ids: Sequence[int], order: DocumentOrder) -> list[MentionFact]:
        """Every mention of these people in the documents of `order`, in `mentions`'s
        order (newest document first, then mention id), without the documents' columns.

        Read from ix_mentions_person_facts alone: joining each mention to its document
        for visibility and date cost /who ~3 ms of its ~9 at 1M sentences, so the
        caller brings those as an order it keeps while the documents do not change."""
        ids = sorted(set(person_ids))
        if not ids:
            return []
        with self.connect() as conn:
            rows = conn.execute(_MENTION_FACTS.where(mentions.c.person_id.in_(ids))).all()
        at = order.places([row[4] for row in rows])
        pairs = enumerate(zip(at, rows, strict=True))
        seen = sorted((p, row[5], n) for n, (p, row) in pairs if p >= 0)
        return [MentionFact(*rows[n][:5]) for _, _, n in seen]

    def said_by(self, keys: Sequence[str], order: DocumentOrder, limit: int = 5) -> list[int]:
        """The ids of the passages attributed to a person with one of these name keys, in
        the documents of `order`, newest first, at most `limit`. The places come from
        ix_passages_said alone: the caller reads only those it shows whole (reading every
        statement of a much-quoted person whole took 55% of a serve process under
        `make load`)."""
        if not keys:
            return []
        with self.connect() as conn:
            places = conn.execute(
                select(passages.c.id, passages.c.document_id, passages.c.position).where(
                    passages.c.said_key.in_(sorted(set(keys)))
                )
            ).all()
        at = order.places([d for _, d, _ in places])
        found = zip(at, places, strict=True)
        seen = sorted((p, position, pid) for p, (pid, _, position) in found if p >= 0)
        return [pid for _, _, pid in seen[:limit]]

    def add_edit(self, workspace: str, action: str, a: str, b: str) -> PersonEdit:
        """An editor's merge or split; every scope of the workspace sees it at once."""
        moment = now()
        with self.engine.begin() as conn:
            new_id = conn.execute(
                person_edits.insert().values(
                    workspace=workspace, action=action, a=a, b=b, created_at=moment
                )
            ).inserted_primary_key[0]
            generations.bump(conn, workspace, "")
        return PersonEdit(new_id, action, a, b, moment)

    def edits(self, workspace: str) -> list[PersonEdit]:
        with self.connect() as conn:
            rows = conn.execute(
                select(person_edits)
                .where(person_edits.c.workspace == workspace)
                .order_by(person_edits.c.id)
            )
            return [PersonEdit(r.id, r.action, r.a, r.b, r.created_at) for r in rows]

    def remove_edit(self, workspace: str, edit_id: int) -> bool:
        with self.engine.begin() as conn:
            gone = conn.execute(
                delete(person_edits).where(
                    person_edits.c.workspace == workspace, person_edits.c.id == edit_id
                )
            )
            generations.bump(conn, workspace, "")
            return gone.rowcount > 0
