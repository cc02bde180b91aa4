"""The candidate backend on SQLite: FTS5.

An FTS5 external-content table over `passages.terms`, kept in sync by triggers, plus an
`fts5vocab` view for document frequencies. The terms are normalised and Porter-stemmed
in Python before they reach the database (see handlers/analysis/text.py), so the FTS
tokenizer only splits on spaces and every backend indexes exactly the same terms
(store/search/tokens.py). Ranked by FTS5's bm25().
"""

from __future__ import annotations

from collections.abc import Iterable, Sequence

from sqlalchemy import text

from store.records import Scope
from store.search.protocol import Candidate
from store.search.sql import DatabaseSearch
from store.search.tokens import tokens
from store.visibility import SCOPE_SQL, scope_params

_SQLITE_DDL = (
    """CREATE VIRTUAL TABLE IF NOT EXISTS passages_fts USING fts5(
        terms, content='passages', content_rowid='id',
        tokenize='unicode61 remove_diacritics 0', detail='column')""",
    """CREATE VIRTUAL TABLE IF NOT EXISTS passages_vocab
        USING fts5vocab(passages_fts, 'row')""",
    """CREATE TRIGGER IF NOT EXISTS passages_fts_insert AFTER INSERT ON passages BEGIN
        INSERT INTO passages_fts(rowid, terms) VALUES (new.id, new.terms);
    END""",
    """CREATE TRIGGER IF NOT EXISTS passages_fts_delete AFTER DELETE ON passages BEGIN
        INSERT INTO passages_fts(passages_fts, rowid, terms) VALUES ('delete', old.id, old.terms);
    END""",
    """CREATE TRIGGER IF NOT EXISTS passages_fts_update AFTER UPDATE OF terms ON passages BEGIN
        INSERT INTO passages_fts(passages_fts, rowid, terms) VALUES ('delete', old.id, old.terms);
        INSERT INTO passages_fts(rowid, terms) VALUES (new.id, new.terms);
    END""",
)


def fts_query(terms: Iterable[str]) -> str:
    """An FTS5 OR query of quoted single tokens: nothing in a term can act as an operator,
    and a term holding separators is split rather than searched as a phrase."""
    return " OR ".join(f'"{token}"' for token in tokens(terms))


_VOCABULARY = text(
    "SELECT term, doc FROM passages_vocab WHERE term >= :low AND term < :high LIMIT :limit"
)


class Fts5Search(DatabaseSearch):
    """Candidates from SQLite's FTS5 table, ranked by its bm25()."""

    name = "fts5"
    DDL = _SQLITE_DDL
    VOCABULARY = _VOCABULARY

    def document_frequencies(self, terms: Sequence[str]) -> dict[str, int]:
        found = dict.fromkeys(terms, 0)
        with self.connect() as conn:
            for term in set(terms):
                row = conn.execute(_DF, {"term": term}).first()
                if row:
                    found[term] = row[0]
        return found

    def match_any(
        self, terms: Sequence[str], scope: Scope, limit: int = 200, figures_only: bool = False
    ) -> list[Candidate]:
        query = fts_query(terms)
        if not query:
            return []
        extra = " AND p.has_figure" if figures_only else ""
        sql = text(
            "SELECT f.rowid, bm25(passages_fts) AS rank FROM passages_fts f "
            "JOIN passages p ON p.id = f.rowid JOIN documents d ON d.id = p.document_id "
            f"WHERE passages_fts MATCH :query AND {SCOPE_SQL}{extra} "
            "ORDER BY rank LIMIT :limit"
        )
        params = {"query": query, "limit": limit, **scope_params(scope)}
        with self.connect() as conn:
            return [Candidate(row[0], -row[1]) for row in conn.execute(sql, params)]


_DF = text("SELECT doc FROM passages_vocab WHERE term = :term")
