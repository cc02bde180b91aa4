"""The full-text candidate index.

SQLite: an FTS5 external-content table over `passages.terms`, kept in sync by
triggers, plus an `fts5vocab` view for document frequencies. The terms are
normalised and Porter-stemmed in Python before they reach the database (see
handlers/analysis/text.py), so the FTS tokenizer only splits on spaces and
every backend indexes exactly the same terms.

PostgreSQL: a GIN-indexed tsvector and a term-count table; see store/search/gin.py.
"""

from __future__ import annotations

from collections.abc import Iterable, Sequence
from dataclasses import dataclass

from sqlalchemy import Connection, Engine, text

from store.records import Scope
from store.search import gin
from store.search.postings import TOKEN

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


@dataclass(frozen=True)
class Candidate:
    passage_id: int
    score: float  # BM25 (SQLite) or IDF sum (PostgreSQL), higher is better


def _is_sqlite(bind: Engine | Connection) -> bool:
    return bind.dialect.name == "sqlite"


def _is_postgresql(bind: Engine | Connection) -> bool:
    return bind.dialect.name == "postgresql"


def create(conn: Connection) -> None:
    """Create the index structures, inside the caller's transaction."""
    if _is_postgresql(conn):
        gin.create(conn)
        return
    if not _is_sqlite(conn):
        raise NotImplementedError(f"full-text index for {conn.dialect.name} is not built yet")
    for statement in _SQLITE_DDL:
        conn.exec_driver_sql(statement)


def count_terms(conn: Connection, document_id: int, sign: int) -> None:
    """Keep term counts in step with one document's passages (SQLite's triggers do it there)."""
    if _is_postgresql(conn):
        gin.count_terms(conn, document_id, sign)


def fts_query(terms: Iterable[str]) -> str:
    """An FTS5 OR query of quoted single tokens: nothing in a term can act as an operator,
    and a term holding separators is split rather than searched as a phrase."""
    tokens = dict.fromkeys(token for term in terms for token in TOKEN.findall(term))
    return " OR ".join(f'"{token}"' for token in tokens)


def document_frequencies(conn: Connection, terms: Sequence[str]) -> dict[str, int]:
    """How many passages contain each term (0 for terms not in the index)."""
    if _is_postgresql(conn):
        return gin.document_frequencies(conn, terms)
    found = dict.fromkeys(terms, 0)
    for term in set(terms):
        row = conn.execute(
            text("SELECT doc FROM passages_vocab WHERE term = :term"), {"term": term}
        ).first()
        if row:
            found[term] = row[0]
    return found


def vocabulary_between(conn: Connection, low: str, high: str, limit: int) -> list[tuple[str, int]]:
    """Indexed terms in [low, high), with their document frequency."""
    if _is_postgresql(conn):
        return gin.vocabulary_between(conn, low, high, limit)
    rows = conn.execute(
        text(
            "SELECT term, doc FROM passages_vocab WHERE term >= :low AND term < :high LIMIT :limit"
        ),
        {"low": low, "high": high, "limit": limit},
    )
    return [(row[0], row[1]) for row in rows]


def match_any(
    conn: Connection, terms: Sequence[str], scope: Scope, limit: int, figures_only: bool = False
) -> list[Candidate]:
    """Top passages by BM25 containing any of `terms`, within `scope`."""
    if _is_postgresql(conn):
        tokens = list(dict.fromkeys(token for term in terms for token in TOKEN.findall(term)))
        found = gin.match_any(conn, tokens, scope, limit, figures_only) if tokens else []
        return [Candidate(passage_id, score) for passage_id, score in found]
    query = fts_query(terms)
    if not query:
        return []
    extra = " AND p.has_figure" if figures_only else ""
    sql = text(
        "SELECT f.rowid, bm25(passages_fts) AS rank FROM passages_fts f "
        "JOIN passages p ON p.id = f.rowid JOIN documents d ON d.id = p.document_id "
        f"WHERE passages_fts MATCH :query AND {gin.SCOPE_SQL}{extra} "
        "ORDER BY rank LIMIT :limit"
    )
    params = {
        "query": query,
        "workspace": scope.workspace,
        "channel": scope.channel or "",
        "limit": limit,
    }
    return [Candidate(row[0], -row[1]) for row in conn.execute(sql, params)]
