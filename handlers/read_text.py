"""Plain text and Markdown: decoded (UTF-8, UTF-16 with a BOM, old cp1252), binary
refused, Markdown's marks stripped and its tables read a row a sentence."""

from __future__ import annotations

import codecs
import re

from handlers.document import RawDocument, UnreadableFile, assemble
from handlers.reflow import markdown_tables

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


def read_text(data: bytes, stem: str) -> RawDocument:
    return assemble(_decode(data), "txt", stem)


_MD_HEADING = re.compile(r"^ {0,3}#{1,6}\s+(.*?)(?:\s+#+)?\s*$")
_MD_RULE = re.compile(r"^ {0,3}([-*_])(?:\s*\1){2,}\s*$")
_MD_INLINE = [
    (re.compile(r"!?\[([^\]]*)\]\([^)]*\)"), r"\1"),  # [text](url) -> text
    (re.compile(r"(?<!\w)(\*\*|__)(\S.*?)\1(?!\w)"), r"\2"),  # **strong**
    (re.compile(r"(?<![\w*])\*(\S[^*]*?)\*(?![\w*])"), r"\1"),  # *emphasis*
    (re.compile(r"(?<!\w)_(\S[^_]*?)_(?!\w)"), r"\1"),  # _emphasis_
    (re.compile(r"`([^`]*)`"), r"\1"),  # `code`
]


def read_markdown(data: bytes, stem: str) -> RawDocument:
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
    return assemble("\n".join(lines), "md", stem, title=title)
