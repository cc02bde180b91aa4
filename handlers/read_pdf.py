"""PDF files, read by pypdf: the text layer, the title and author metadata, the creation
date; what pypdf had to repair becomes part of the one skip reason."""

from __future__ import annotations

import io
import logging
import threading
from datetime import date
from typing import TYPE_CHECKING

from handlers.document import RawDocument, UnreadableFile, assemble, cause, file_date, useful

if TYPE_CHECKING:  # imported where it reads (see handlers.readers)
    import pypdf


class _PdfNotes(logging.Handler):
    """pypdf logs what it had to repair ("EOF marker not found") on the root logger's
    stderr. Those lines become part of the one skip reason of the file being read (in
    this thread), and are never printed on their own."""

    def __init__(self) -> None:
        super().__init__(logging.WARNING)
        self.local = threading.local()

    def emit(self, record: logging.LogRecord) -> None:
        notes = getattr(self.local, "notes", None)
        if notes is not None and record.getMessage() not in notes:
            notes.append(record.getMessage())

    def collect(self) -> list[str]:
        self.local.notes = []
        return self.local.notes


_PDF_NOTES = _PdfNotes()
logging.getLogger("pypdf").addHandler(_PDF_NOTES)
logging.getLogger("pypdf").propagate = False


def read_pdf(data: bytes, stem: str) -> RawDocument:
    import pypdf

    notes = _PDF_NOTES.collect()
    try:
        reader = pypdf.PdfReader(io.BytesIO(data))
        if reader.is_encrypted and not reader.decrypt(""):
            raise UnreadableFile("PDF could not be parsed: it is protected by a password")
        text = "\n".join(page.extract_text() or "" for page in reader.pages)
        info = reader.metadata
        title, author = (info.title, info.author) if info else (None, None)
    except UnreadableFile:
        raise
    except pypdf.errors.DependencyError as exc:  # AES needs `cryptography`, not installed
        raise UnreadableFile("PDF could not be parsed: its encryption is not supported") from exc
    except Exception as exc:  # pypdf raises PdfReadError, ValueError, KeyError... on bad input
        seen = f" (pypdf: {'; '.join(notes)})" if notes else ""
        raise UnreadableFile(f"PDF could not be parsed: {cause(exc)}{seen}") from exc
    if not text.strip():
        raise UnreadableFile("PDF has no text layer (scanned?)")
    return assemble(
        text.replace("\r\n", "\n").replace("\r", "\n"),
        "pdf",
        stem,
        title=useful(title),
        author=useful(author),
        published=file_date(_pdf_created(info)),
    )


def _pdf_created(info: pypdf.DocumentInformation | None) -> date | None:
    try:
        created = info.creation_date if info else None
    except ValueError:  # a malformed /CreationDate string
        return None
    return created.date() if created else None
