"""Read a news document (text, Markdown, HTML, PDF, DOCX) into a RawDocument.

Every problem a user can cause with a bad file surfaces as UnreadableFile, whose str() is a
short reason fit to show in Slack ("empty file", "binary file, not text", ...).

The title, byline and date printed at the top of a text are read by handlers.header; each
format has its reader (`read_text`: txt and md, `read_html`, `read_pdf`, `read_docx`), and
all of them end in `handlers.document.assemble`.
"""

from __future__ import annotations

import stat
from pathlib import Path, PurePath

from handlers.document import RawDocument, UnreadableFile
from handlers.read_docx import read_docx
from handlers.read_html import read_html
from handlers.read_pdf import read_pdf
from handlers.read_text import read_markdown, read_text

# The readers' libraries (trafilatura, pypdf, python-docx) are imported where they read:
# together they cost ~0.7 s of every command's start (python -X importtime -c "import bot.cli")

MAX_BYTES = 50 * 1024 * 1024
SUPPORTED_SUFFIXES = frozenset({".txt", ".md", ".markdown", ".html", ".htm", ".pdf", ".docx"})
_KINDS = {".txt": "txt", ".md": "md", ".markdown": "md", ".html": "html", ".htm": "html"}
_KINDS |= {".pdf": "pdf", ".docx": "docx"}


def read_document(path: Path, max_bytes: int = MAX_BYTES) -> RawDocument:
    """Read the document at `path`, or raise UnreadableFile saying why not."""
    path = Path(path)
    _kind(path.name)  # an unsupported suffix fails before any I/O
    return read_bytes(_read_limited(path, max_bytes), path.name, max_bytes)


def read_bytes(data: bytes, name: str, max_bytes: int = MAX_BYTES) -> RawDocument:
    """Read a document received as bytes; `name` gives the file type and the fallback title."""
    kind = _kind(name)
    _check_size(len(data), max_bytes)
    if not data.strip():
        raise UnreadableFile("empty file")
    return _READERS[kind](data, PurePath(name).stem)


# --- files and limits ---------------------------------------------------------------------


def _kind(name: str) -> str:
    suffix = PurePath(name).suffix.lower()
    if suffix not in _KINDS:
        supported = ", ".join(sorted(SUPPORTED_SUFFIXES))
        shown = suffix or "(no extension)"
        raise UnreadableFile(f"unsupported file type {shown} (supported: {supported})")
    return _KINDS[suffix]


def _read_limited(path: Path, max_bytes: int) -> bytes:
    try:
        info = path.stat()
    except FileNotFoundError as exc:
        raise UnreadableFile("file not found") from exc
    except OSError as exc:
        raise _os_problem(exc) from exc
    if stat.S_ISDIR(info.st_mode):
        raise UnreadableFile("is a directory, not a file")
    if not stat.S_ISREG(info.st_mode):
        raise UnreadableFile("not a regular file")
    _check_size(info.st_size, max_bytes)
    try:
        with path.open("rb") as handle:
            return handle.read(max_bytes + 1)  # read_bytes rejects a file that grew meanwhile
    except FileNotFoundError as exc:
        raise UnreadableFile("file vanished before it could be read") from exc
    except OSError as exc:
        raise _os_problem(exc) from exc


def _os_problem(exc: OSError) -> UnreadableFile:
    if isinstance(exc, PermissionError):
        return UnreadableFile("permission denied")
    if isinstance(exc, IsADirectoryError):
        return UnreadableFile("is a directory, not a file")
    return UnreadableFile(f"could not be read: {exc.strerror or exc}")


def _check_size(size: int, max_bytes: int) -> None:
    if size > max_bytes:
        raise UnreadableFile(f"larger than {_human_size(max_bytes)} (limit FACTDESK_MAX_FILE_MB)")


def _human_size(n: int) -> str:
    for unit, factor in (("MB", 1024 * 1024), ("KB", 1024)):
        if n >= factor:
            return f"{n / factor:g} {unit}"
    return f"{n} bytes"


_READERS = {
    "txt": read_text,
    "md": read_markdown,
    "html": read_html,
    "pdf": read_pdf,
    "docx": read_docx,
}
