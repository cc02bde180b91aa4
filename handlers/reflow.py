"""Lines back into paragraphs, and tables into sentences a reader can quote.

Wire copy, desk memos and PDF text are wrapped at a fixed width, so a hard line break
often falls inside a sentence. `unwrap` joins a line to the one before it when that one
does not end a sentence (. ! ? : or a closing quote) and either was long (at least 60%
of the widest line, when that is at most WRAP_WIDTH characters: the text is wrapped
there) or the line goes on in lowercase. A blank
line, a list item ("- ", "* ", "• ", "1. ", "2) "), a table row ("| a | b |", "a | b")
and a line marked as a heading (given in `breaks`) always end a paragraph; a list item's
marker is dropped ("1. Mayor Ines Carvalho said..." is quoted from "Mayor", and "1." is no
sentence of its own). Text written one paragraph a line (the widest line is a whole
paragraph) keeps its lines.

`table_sentences` reads a table row by row with its header: under "Source | Deaths |
Missing" the row "Ministry | 1,204 | 600+" reads "Ministry: 1,204 deaths; 600+ missing.",
so the figure extractor sees each number with its column's meaning.
"""

from __future__ import annotations

import re
from collections.abc import Iterable

WRAP_WIDTH = 120  # wider lines are whole paragraphs, not text wrapped at a width
_TERMINAL = (".", "!", "?", ":", '"', "”", ";")
_LIST_ITEM = re.compile(r"(?:[-*+•▪–]\s+|\d{1,3}[.)]\s+)")
_TABLE_ROW = re.compile(r"^\|.*\|$|^[^|]+(?:\s\|\s[^|]*)+$")
_TABLE_RULE = re.compile(r"^\|?\s*:?-{2,}:?\s*(?:\|\s*:?-{2,}:?\s*)*\|?$")
_NUMERIC_CELL = re.compile(r"^[~≈<>+]?\s*(?:about|at least|up to|over|some)?\s*[$€£]?[0-9][0-9,.]*")


def is_block_start(line: str) -> bool:
    """A line that always starts a paragraph of its own: a list item or a table row."""
    return bool(_LIST_ITEM.match(line) or _TABLE_ROW.match(line))


def unwrap(lines: list[str], breaks: Iterable[int] = ()) -> list[str]:
    """The paragraphs of `lines` (stripped; "" for blank lines), wrapped lines joined.

    `breaks` are indexes of lines that stand alone (headings, header lines)."""
    alone = set(breaks)
    stripped = [line.strip() for line in lines]
    width = max((len(line) for i, line in enumerate(stripped) if i not in alone), default=0)
    paragraphs: list[str] = []
    previous = ""
    for i, line in enumerate(stripped):
        if previous and line and i not in alone and _continues(previous, line, width):
            if previous.endswith("-") and line[0].islower():
                paragraphs[-1] = paragraphs[-1][:-1] + line  # "gov-\nernment"
            else:
                paragraphs[-1] += " " + line
        else:
            marker = _LIST_ITEM.match(line) if i not in alone else None
            paragraphs.append(line[marker.end() :] if marker else line)
        previous = "" if i in alone else line
    return [p for p in paragraphs if p]


def _continues(previous: str, line: str, width: int) -> bool:
    if previous.endswith(_TERMINAL) or is_block_start(line) or _TABLE_ROW.match(previous):
        return False
    wrapped = width <= WRAP_WIDTH and len(previous) >= 0.6 * width
    return wrapped or line[0].islower()


def table_sentences(rows: list[list[str]]) -> list[str]:
    """Each row of a table (its first row the header) as one sentence; a table of one
    row, or without a header, as its cells joined by " | "."""
    rows = [[" ".join(cell.split()) for cell in row] for row in rows]
    rows = [row for row in rows if any(row)]
    if len(rows) < 2 or any(_is_number(cell) for cell in rows[0]):
        return [" | ".join(cell for cell in row if cell) for row in rows]
    header = rows[0]
    return [_row_sentence(header, row) for row in rows[1:]]


def _row_sentence(header: list[str], row: list[str]) -> str:
    label = row[0] if row and not _is_number(row[0]) else ""
    cells = zip(header, row, strict=False)
    parts = [_cell(name, cell) for i, (name, cell) in enumerate(cells) if cell and (i or not label)]
    body = "; ".join(part for part in parts if part)
    return f"{label}: {body}." if label else f"{body}."


def _cell(name: str, cell: str) -> str:
    if not name:
        return cell
    return f"{cell} {name.lower()}" if _is_number(cell) else f"{name}: {cell}"


def _is_number(cell: str) -> bool:
    return bool(cell) and len(cell) <= 30 and bool(_NUMERIC_CELL.match(cell))


def markdown_tables(lines: list[str]) -> list[str]:
    """`lines` with each Markdown table ("| a | b |" rows around a "|---|---|" rule)
    replaced by its rows as sentences, each followed by a blank line."""
    out: list[str] = []
    i = 0
    while i < len(lines):
        if (
            i + 1 < len(lines)
            and _TABLE_ROW.match(lines[i].strip())
            and _TABLE_RULE.match(lines[i + 1].strip())
        ):
            j = i + 2
            while j < len(lines) and _TABLE_ROW.match(lines[j].strip()):
                j += 1
            rows = [_cells(line) for k, line in enumerate(lines[i:j]) if k != 1]
            for sentence in table_sentences(rows):
                out += [sentence, ""]
            i = j
        else:
            out.append(lines[i])
            i += 1
    return out


def page_lines(text: str) -> list[str]:
    """An HTML page's text as trafilatura gives it (lists as "- " items, tables in Markdown)
    one paragraph a line: each table row a sentence read with its header (as in
    `markdown_tables`), each list item without its marker."""
    out = []
    for line in markdown_tables(text.split("\n")):
        marker = _LIST_ITEM.match(line.strip())
        out.append(line.strip()[marker.end() :] if marker else line)
    return out


def _cells(line: str) -> list[str]:
    return [cell.strip() for cell in line.strip().strip("|").split("|")]
