"""Records read out of result rows, by position.

Reading a SQLAlchemy Row by attribute costs ~0.5 µs a field, and /figures reads ~550
rows of ~30 fields at a million sentences (~5 of its ~25 ms). These readers unpack
slices instead: each statement lists its columns in the orders below, and a column
added to a table breaks the unpacking loudly (in every test) rather than shifting
fields silently.
"""

from __future__ import annotations

import datetime as dt

from store.records import Attribution, DocumentRow, FigureRow, PassageRow
from store.schema import documents, figures, passages

DOCUMENT_COLUMNS = tuple(documents.c)
PASSAGE_COLUMNS = (
    passages.c.id.label("passage_id"),
    passages.c.paragraph,
    passages.c.position,
    passages.c.start,
    passages.c.end,
    passages.c.text.label("passage_text"),
    passages.c.terms.label("passage_terms"),
    *DOCUMENT_COLUMNS,
    passages.c.said_text.label("passage_said_text"),
    passages.c.said_kind.label("passage_said_kind"),
    passages.c.said_person.label("passage_said_person"),
)
FIGURE_COLUMNS = tuple(column.label("f_" + column.name) for column in figures.c)
FIGURE_WIDTH = len(FIGURE_COLUMNS)  # where a passage starts after FIGURE_COLUMNS
NEWEST_FIRST = (documents.c.published.desc().nulls_last(), documents.c.id.desc())  # documents


def document(row, at: int = 0) -> DocumentRow:
    """The document whose DOCUMENT_COLUMNS start at `at`."""
    values = row[at : at + len(DOCUMENT_COLUMNS)]
    id_, workspace, channel, path, _hash, title, source, author, published, url, kind, when = values
    return DocumentRow(
        id=id_,
        title=title,
        path=path,
        source=source,
        author=author,
        published=published,
        url=url,
        kind=kind,
        workspace=workspace,
        channel=channel or None,
        ingested_at=utc(when),
    )


def passage(row, at: int = 0) -> PassageRow:
    """The passage (with its document) whose PASSAGE_COLUMNS start at `at`."""
    id_, paragraph, position, start, end, text, terms = row[at : at + 7]
    doc = document(row, at + 7)
    said = attribution(*row[at + 7 + len(DOCUMENT_COLUMNS) : at + 10 + len(DOCUMENT_COLUMNS)])
    return PassageRow(id_, doc, paragraph, position, start, end, text, terms, said)


def figure(row, at: int = 0) -> FigureRow:
    """The figure whose FIGURE_COLUMNS (or `figures`'s own columns) start at `at`."""
    values = row[at : at + FIGURE_WIDTH]
    id_, _document, passage_id, value, low, high, hedge, counts, unit, text = values[:10]
    said_text, said_kind, said_person, measure, status = values[10:]
    said = attribution(said_text, said_kind, said_person)
    return FigureRow(
        value,
        low,
        high,
        hedge,
        counts,
        unit,
        text,
        measure or "",
        status or "",
        id=id_,
        passage_id=passage_id,
        said=said,
    )


def attribution(text: str | None, kind: str | None, person: str | None) -> Attribution | None:
    """The said_* columns of a row, or None when nothing is attributed."""
    return Attribution(text, kind, person) if text and kind else None


def utc(moment: dt.datetime) -> dt.datetime:
    """SQLite hands back naive datetimes; every time we store is UTC."""
    return moment if moment.tzinfo else moment.replace(tzinfo=dt.UTC)
