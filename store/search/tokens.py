"""The token rule every backend shares: what one indexed term is split into.

Terms reach the store normalised and Porter-stemmed (handlers/analysis/text.py). Each
backend then splits them the same way: SQLite's unicode61 tokenizer, PostgreSQL's
'simple' configuration (dots turned into spaces first) and the memory index all see runs
of letters and digits, so "3.5" and "u.s" are two tokens each everywhere.
"""

from __future__ import annotations

import re
from collections.abc import Iterable

TOKEN = re.compile(r"[^\W_]+")  # FTS5 unicode61 (and PostgreSQL 'simple') token rule


def tokens(terms: Iterable[str]) -> list[str]:
    """The distinct tokens of `terms`, in first-seen order; nothing else survives (quotes,
    operators and punctuation cannot reach a query)."""
    return list(dict.fromkeys(token for term in terms for token in TOKEN.findall(term)))
