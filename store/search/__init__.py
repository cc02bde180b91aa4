"""Candidate search: which passages a query's terms (or its meaning) can find.

One module per stage, the backends behind one protocol (store/search/protocol.py):
tokens.py (the token rule), scoring.py (IDF, BM25), fts5.py (SQLite), gin.py
(PostgreSQL), memory.py with snapshot.py, segment.py, postings.py, vocabulary.py and
index_file.py (the memory index and its saved, memory-mapped file set), vectors.py and
vector_index.py (meaning); choice.py picks the backend that answers.
"""

from store.search.choice import (
    choose,
    choose_nearest,
    count_terms,
    create,
    database_backend,
    on_database,
)
from store.search.protocol import Candidate, CandidateSearch, NearestSearch

__all__ = [
    "Candidate",
    "CandidateSearch",
    "NearestSearch",
    "choose",
    "choose_nearest",
    "count_terms",
    "create",
    "database_backend",
    "on_database",
]
