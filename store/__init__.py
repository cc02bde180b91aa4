"""Persistence: the schema, the full-text candidate index, plain records in and out."""

from store.engine import DEFAULT_URL, SQLITE_CACHE_ENV, URL_ENV, StoreError, database_url
from store.records import (
    AddResult,
    Attribution,
    DocumentOrder,
    DocumentRow,
    FigureRow,
    Measured,
    MentionFact,
    NameRow,
    NewDocument,
    NewFigure,
    NewMention,
    NewPassage,
    PassageRow,
    PassageTerms,
    PersonEdit,
    Scope,
    Stats,
)
from store.store import Store

__all__ = [
    "DEFAULT_URL",
    "SQLITE_CACHE_ENV",
    "URL_ENV",
    "AddResult",
    "Attribution",
    "DocumentOrder",
    "DocumentRow",
    "FigureRow",
    "Measured",
    "MentionFact",
    "NameRow",
    "NewDocument",
    "NewFigure",
    "NewMention",
    "NewPassage",
    "PassageRow",
    "PassageTerms",
    "PersonEdit",
    "Scope",
    "Stats",
    "Store",
    "StoreError",
    "database_url",
]
