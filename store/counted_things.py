"""The counted things of an archive: the distinct nouns its figures count (`store.counted`).

/figures widens a topic the lexicon does not know by meaning (handlers/figures_meaning.py):
it compares the topic with every thing the sources count. Those are few (a few hundred in a
newsroom's archive, however many figures), so they are read once per state of what a scope
sees (store/generations.py) and kept.
"""

from __future__ import annotations

from sqlalchemy import Engine, select

from store.cache import ByGeneration
from store.concept import Concept
from store.generations import Generations
from store.records import Scope
from store.schema import documents, figures
from store.visibility import visible

CACHED = 8  # states of what a scope sees, each with its nouns


class CountedThings(Concept):
    """`store.counted.of(scope)`: the distinct counted nouns of the figures a scope sees."""

    def __init__(self, engine: Engine, generations: Generations) -> None:
        super().__init__(engine)
        self._cache = ByGeneration(generations, CACHED)

    def of(self, scope: Scope) -> tuple[str, ...]:
        return self._cache.get(scope, lambda: self._read(scope))

    def _read(self, scope: Scope) -> tuple[str, ...]:
        with self.connect() as conn:
            found = conn.execute(
                select(figures.c.counts)
                .join(documents, documents.c.id == figures.c.document_id)
                .where(figures.c.counts != "", visible(scope))
                .distinct()
            )
            return tuple(sorted(noun for noun in found.scalars() if noun))
