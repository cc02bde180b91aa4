"""Word files (.docx), read by python-docx: paragraphs and tables in order, the title
(metadata or the first "Title" paragraph), the author and the creation date."""

from __future__ import annotations

import io
import zipfile
from typing import TYPE_CHECKING

from handlers.document import RawDocument, UnreadableFile, assemble, file_date, useful
from handlers.reflow import table_sentences

if TYPE_CHECKING:  # imported where it reads (see handlers.readers)
    from docx.table import Table
    from docx.text.paragraph import Paragraph


def read_docx(data: bytes, stem: str) -> RawDocument:
    import docx

    try:
        document = docx.Document(io.BytesIO(data))
        props = document.core_properties
        blocks = list(document.iter_inner_content())
        paragraphs = [_block_text(block) for block in blocks]
        styled = [b.text.strip() for b in blocks if _style(b) == "Title" and b.text.strip()]
        title, author, created = props.title, props.author, props.created
    except zipfile.BadZipFile as exc:
        raise UnreadableFile("not a valid .docx (not a zip archive)") from exc
    except Exception as exc:  # python-docx raises KeyError, ValueError, lxml errors...
        raise UnreadableFile("not a valid .docx (damaged or not a Word document)") from exc
    if not any(p.strip() for p in paragraphs):
        raise UnreadableFile("no text found (the document has no paragraphs)")
    return assemble(
        "\n".join(paragraphs),
        "docx",
        stem,
        title=useful(title) or (styled[0] if styled else None),
        author=useful(author),
        published=file_date(created.date() if created else None),
    )


def _style(block: Paragraph | Table) -> str:
    style = getattr(block, "style", None)
    return getattr(style, "name", "") or ""


def _block_text(block: Paragraph | Table) -> str:
    """A paragraph's text, or a table as one sentence a row, read with its header row."""
    from docx.table import Table

    if isinstance(block, Table):
        rows = []
        for row in block.rows:
            cells = [c.text.strip() for c in row.cells]
            rows.append([c for i, c in enumerate(cells) if i == 0 or c != cells[i - 1]])
        return "\n".join(table_sentences(rows))
    return block.text
