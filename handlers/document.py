"""A document as read from any format (`RawDocument`), the one error a bad file raises
(`UnreadableFile`), and what every reader does last: the body and its metadata assembled,
the header printed at the top read (handlers.header), file metadata that says nothing
dropped."""

from __future__ import annotations

import re
from dataclasses import dataclass
from datetime import UTC, date, datetime

from handlers.header import first_sentence, pretty, read_header
from handlers.reflow import unwrap


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


def cause(exc: Exception) -> str:
    lines = str(exc).strip().strip("'\"").splitlines()
    return lines[0][:100] if lines else type(exc).__name__


_PLACEHOLDERS = {"untitled", "unknown", "anonymous", "author", "python-docx", "user"}


def useful(value: str | None) -> str | None:
    """File metadata, unless it is blank or a placeholder such as "Microsoft Word - a.docx"."""
    value = " ".join((value or "").split())
    if not value or value.casefold() in _PLACEHOLDERS or value.startswith("Microsoft Word - "):
        return None
    return None if re.search(r"\.(docx?|pdf|indd|pages|odt|rtf)$", value, re.I) else value


def assemble(
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
