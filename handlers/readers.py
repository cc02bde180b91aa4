"""Read a news document (text, Markdown, HTML, PDF, DOCX) into a RawDocument.

Every problem a user can cause with a bad file surfaces as UnreadableFile, whose str() is a
short reason fit to show in Slack ("empty file", "binary file, not text", ...).

The title, byline and date printed at the top of a text are read by handlers.header.
"""

from __future__ import annotations

import codecs
import io
import logging
import re
import stat
import threading
import zipfile
from dataclasses import dataclass
from datetime import UTC, date, datetime
from pathlib import Path, PurePath
from typing import TYPE_CHECKING

from handlers.header import first_sentence, join_names, pretty, read_header, to_date
from handlers.reflow import markdown_tables, table_sentences, unwrap

if TYPE_CHECKING:  # the readers' libraries are imported where they read: together they
    # cost ~0.7 s of every command's start (python -X importtime -c "import bot.cli")
    import pypdf
    from docx.table import Table
    from docx.text.paragraph import Paragraph

MAX_BYTES = 50 * 1024 * 1024
SUPPORTED_SUFFIXES = frozenset({".txt", ".md", ".markdown", ".html", ".htm", ".pdf", ".docx"})
_KINDS = {".txt": "txt", ".md": "md", ".markdown": "md", ".html": "html", ".htm": "html"}
_KINDS |= {".pdf": "pdf", ".docx": "docx"}


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


@dataclass(frozen=True)
class RawDocument:
    title: str
    author: str | None
    published: date | None
    source: str | None  # site or publication name when known
    url: str | None
    text: str  # the body: paragraphs separated by "\n", header metadata lines removed
    kind: str  # "txt", "md", "html", "pdf" or "docx"


class UnreadableFile(Exception):
    """A file Factdesk cannot read; str() is a short reason to show the user."""


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


def _cause(exc: Exception) -> str:
    lines = str(exc).strip().strip("'\"").splitlines()
    return lines[0][:100] if lines else type(exc).__name__


# --- plain text and Markdown ----------------------------------------------------------------

_CONTROL_BYTES = bytes([*range(9), *range(14, 32), 127])  # C0 controls but \t \n \v \f \r


def _decode(data: bytes) -> str:
    if data.startswith((codecs.BOM_UTF16_LE, codecs.BOM_UTF16_BE)):
        try:
            text = data.decode("utf-16")
        except UnicodeDecodeError as exc:
            raise UnreadableFile("not valid UTF-16 text") from exc
        _refuse_binary(text.encode("utf-8"))
    else:
        _refuse_binary(data)
        try:
            text = data.decode("utf-8-sig")
        except UnicodeDecodeError:
            text = _decode_cp1252(data)
    if not text.strip():
        raise UnreadableFile("empty file")
    return text.replace("\r\n", "\n").replace("\r", "\n")


def _refuse_binary(data: bytes) -> None:
    controls = len(data) - len(data.translate(None, _CONTROL_BYTES))
    if b"\0" in data or controls > 0.1 * len(data):
        raise UnreadableFile("binary file, not text")


def _decode_cp1252(data: bytes) -> str:
    """Old Windows files: accept cp1252 only when it yields mostly ordinary text."""
    try:
        text = data.decode("cp1252")
    except UnicodeDecodeError as exc:
        raise UnreadableFile("not valid UTF-8 text") from exc
    sample = text[:100_000]
    visible = sum(c.isprintable() or c.isspace() for c in sample)
    foreign = sum(not c.isascii() for c in sample)
    if visible < 0.95 * len(sample) or foreign > 0.3 * len(sample):
        raise UnreadableFile("not valid UTF-8 text")
    return text


def _read_text(data: bytes, stem: str) -> RawDocument:
    return _assemble(_decode(data), "txt", stem)


_MD_HEADING = re.compile(r"^ {0,3}#{1,6}\s+(.*?)(?:\s+#+)?\s*$")
_MD_RULE = re.compile(r"^ {0,3}([-*_])(?:\s*\1){2,}\s*$")
_MD_INLINE = [
    (re.compile(r"!?\[([^\]]*)\]\([^)]*\)"), r"\1"),  # [text](url) -> text
    (re.compile(r"(?<!\w)(\*\*|__)(\S.*?)\1(?!\w)"), r"\2"),  # **strong**
    (re.compile(r"(?<![\w*])\*(\S[^*]*?)\*(?![\w*])"), r"\1"),  # *emphasis*
    (re.compile(r"(?<!\w)_(\S[^_]*?)_(?!\w)"), r"\1"),  # _emphasis_
    (re.compile(r"`([^`]*)`"), r"\1"),  # `code`
]


def _read_markdown(data: bytes, stem: str) -> RawDocument:
    """Marks stripped; a heading stands alone (blank lines around it); tables become one
    sentence a row, read with their header."""
    lines, title = [], None
    for line in markdown_tables(_decode(data).split("\n")):
        heading = _MD_HEADING.match(line)
        line = "" if _MD_RULE.match(line) else heading.group(1) if heading else line
        for pattern, replacement in _MD_INLINE:
            line = pattern.sub(replacement, line)
        if heading and line.strip() and not any(lines):
            title = line.strip()  # a document opening with "# Heading" is titled by it
        lines += ["", line.strip(), ""] if heading else [line.strip()]
    return _assemble("\n".join(lines), "md", stem, title=title)


# --- HTML, PDF, DOCX ---------------------------------------------------------------------------


def _read_html(data: bytes, stem: str) -> RawDocument:
    import trafilatura

    try:
        page = trafilatura.bare_extraction(data, with_metadata=True)
    except Exception as exc:  # a parser fed untrusted bytes: any failure means "unreadable"
        raise UnreadableFile(f"HTML could not be parsed: {_cause(exc)}") from exc
    if page is None or not (page.text or "").strip():
        raise UnreadableFile("no text found (HTML page has no article text)")
    authors = [a.strip() for a in (page.author or "").split(";") if a.strip()]
    return _assemble(
        page.text,
        "html",
        stem,
        title=page.title or None,
        author=join_names(authors) if authors else None,
        published=to_date(page.date) if page.date else None,
        source=page.sitename or None,
        url=canonical_url(data) or page.url or None,
    )


def canonical_url(data: bytes) -> str | None:
    """The page's own `<link rel="canonical">` address (absolute http(s) only): trafilatura
    prefers og:url, which often carries tracking parameters or a syndicating site."""
    import lxml.etree
    import lxml.html

    try:
        found = lxml.html.fromstring(data).xpath(
            "//link[contains(concat(' ', normalize-space(@rel), ' '), ' canonical ')]/@href"
        )
    except (lxml.etree.LxmlError, ValueError):
        return None
    url = str(found[0]).strip() if found else ""
    return url if url.startswith(("https://", "http://")) else None


def _read_pdf(data: bytes, stem: str) -> RawDocument:
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
        raise UnreadableFile(f"PDF could not be parsed: {_cause(exc)}{seen}") from exc
    if not text.strip():
        raise UnreadableFile("PDF has no text layer (scanned?)")
    return _assemble(
        text.replace("\r\n", "\n").replace("\r", "\n"),
        "pdf",
        stem,
        title=_useful(title),
        author=_useful(author),
        published=file_date(_pdf_created(info)),
    )


def _pdf_created(info: pypdf.DocumentInformation | None) -> date | None:
    try:
        created = info.creation_date if info else None
    except ValueError:  # a malformed /CreationDate string
        return None
    return created.date() if created else None


def _read_docx(data: bytes, stem: str) -> RawDocument:
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
    return _assemble(
        "\n".join(paragraphs),
        "docx",
        stem,
        title=_useful(title) or (styled[0] if styled else None),
        author=_useful(author),
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


_PLACEHOLDERS = {"untitled", "unknown", "anonymous", "author", "python-docx", "user"}


def _useful(value: str | None) -> str | None:
    """File metadata, unless it is blank or a placeholder such as "Microsoft Word - a.docx"."""
    value = " ".join((value or "").split())
    if not value or value.casefold() in _PLACEHOLDERS or value.startswith("Microsoft Word - "):
        return None
    return None if re.search(r"\.(docx?|pdf|indd|pages|odt|rtf)$", value, re.I) else value


def _assemble(
    text: str,
    kind: str,
    stem: str,
    *,
    title: str | None = None,
    author: str | None = None,
    published: date | None = None,
    source: str | None = None,
    url: str | None = None,
) -> RawDocument:
    """The body and its metadata. The date printed in the text wins over metadata (HTML
    meta tags, a file's creation date): it is what the source says of itself."""
    lines = [line.strip() for line in text.split("\n")]
    header = read_header(lines, title)
    kept = ["" if i in header.drop else line for i, line in enumerate(lines)]
    paragraphs = unwrap(kept) if kind in _WRAPPED else [line for line in kept if line]
    body = "\n".join(paragraphs or [line for line in lines if line])
    when = header.published or published
    title = title or header.title or first_sentence(body) or pretty(stem)
    return RawDocument(title, author or header.author, when, source, url, body, kind)


_WRAPPED = frozenset({"txt", "md", "pdf"})  # formats whose lines may be wrapped mid-sentence
# Creation dates a word processor's blank template carries (python-docx's default.docx):
# they say when the template was made, not the story.
TEMPLATE_DATES = frozenset({date(2013, 12, 23)})


def file_date(created: date | None, today: date | None = None) -> date | None:
    """A file's creation date, unless it cannot be a publication date: the day it is
    indexed (the file was just made or exported) or a template's default."""
    if created is None or created in TEMPLATE_DATES:
        return None
    days = {today} if today else {date.today(), datetime.now(UTC).date()}
    return None if created in days else created


_READERS = {
    "txt": _read_text,
    "md": _read_markdown,
    "html": _read_html,
    "pdf": _read_pdf,
    "docx": _read_docx,
}
