"""What the first lines of a news text say about it: its title, its byline and its date.

Applied to the text of every format by handlers.readers (file metadata wins where it exists):

- Only the first 8 non-empty lines are examined for a date, a byline and a title.
- A date line consists only of: an optional label (Published, Posted, Updated, Broadcast,
  Recorded, Filed, ...), a date (2024-11-08, US 11/10/2024, "Nov 8, 2024", "8 November
  2024"), a time, a reading time ("4 min read", even glued on: "11/10/20244 min read"), a
  byline, separated by | • or " - " (or a full stop after the date: "Broadcast 3 September
  2026. Presenter: Colm Teague."). A "Published" date beats an unlabelled one, which beats
  an "Updated" one.
- A byline is "By Jane Doe" (a transcript's "Presenter: Jane Doe", "Interviewer: ...");
  every author is kept, joined as a byline reads ("Jane Doe and John Roe"). A bare line of
  2-3 capitalised words next to a date line is the author too, except the first line,
  which is always the title candidate.
- Title: the first remaining line when it reads as a headline (<= 20 words, <= 200 chars, no
  final period) and is then removed from the body; otherwise the first sentence, cut to 100
  characters with "…", which stays in the body; failing that, the prettified file name.
- For PDF and DOCX a date printed in the text beats the file's creation date, which records
  when the file was made rather than when the story was published.
"""

from __future__ import annotations

import re
from dataclasses import dataclass, field
from datetime import date

from dateutil import parser as dateparser


@dataclass
class Header:
    title: str | None = None
    author: str | None = None
    published: date | None = None
    drop: set[int] = field(default_factory=set)  # line numbers of metadata lines


@dataclass
class _LineMeta:
    published: date | None = None
    rank: int = 1  # 0 "Published", 1 unlabelled, 2 "Updated": the lowest rank wins
    author: str | None = None


_HEAD_LINES = 8


def read_header(lines: list[str], known_title: str | None) -> Header:
    head = [i for i, line in enumerate(lines) if line][:_HEAD_LINES]
    metas = {i: meta for i in head if (meta := _meta_line(lines[i]))}
    header = Header(drop=set(metas))
    dated = sorted((m.rank, i, m.published) for i, m in metas.items() if m.published)
    header.published = dated[0][2] if dated else _dateline(lines, head, metas)
    header.author = next((m.author for m in metas.values() if m.author), None)
    rest = [i for i in head if i not in metas]
    found = None if header.author else _bare_author(lines, head, metas, rest[1:])
    if found is not None:
        header.author = lines[found]
        header.drop.add(found)
    if rest:
        first = lines[rest[0]]
        if known_title and _same(first, known_title):
            header.drop.add(rest[0])
        elif not known_title and _is_headline(first):
            header.title = first
            header.drop.add(rest[0])
    return header


def _dateline(lines: list[str], head: list[int], metas: dict[int, _LineMeta]) -> date | None:
    """The date of a wire dateline opening the story: "KYIV, 14 September 2024 (Wire) – ..."
    or "Sept. 14, 2024 — ..." at the start of one of the first lines."""
    for i in [i for i in head if i not in metas][:3]:
        match = _DATELINE.match(lines[i])
        if match and (day := to_date(match["date"])):
            return day
    return None


def _bare_author(
    lines: list[str], head: list[int], metas: dict[int, _LineMeta], candidates: list[int]
) -> int | None:
    """The line number of a bare "Jane Doe" line beside a date line, if there is one."""
    dated = {i for i, meta in metas.items() if meta.published}
    for i in candidates:  # never the first line: that is the title candidate
        position = head.index(i)
        beside = dated & set(head[max(position - 1, 0) : position + 2])
        if beside and _is_name(lines[i], 2, 3):
            return i
    return None


_TIME = r"\d{1,2}[:.]\d{2}\s*(?:[ap]\.?m\.?)?(?:\s*[a-z]{2,4}\b)?"
_READ_TIME = r"\d+\s*min(?:ute)?s?\s+read"
_MONTH = r"(?:jan|feb|mar|apr|may|jun|jul|aug|sep|oct|nov|dec)[a-z]*\.?"
_DATE_PART = re.compile(
    rf"""(?ix)
    (?:(?P<label>(?:first\s+|originally\s+|last\s+)?(?:published|posted|updated|modified
                   |issued|released|broadcast|aired|recorded|filed)
                 |dated?|as\s+of)\s*(?:on\b|:)?\s*)?
    (?:(?:mon|tue|wed|thu|fri|sat|sun)[a-z]*\.?,?\s+)?
    (?P<date>\d{{4}}-\d{{1,2}}-\d{{1,2}}
      |\d{{1,2}}/\d{{1,2}}/\d{{4}}
      |{_MONTH}\s+\d{{1,2}}(?:st|nd|rd|th)?,?\s+\d{{4}}
      |\d{{1,2}}(?:st|nd|rd|th)?\s+{_MONTH},?\s+\d{{4}})
    (?:,?\s*(?:at\s+)?{_TIME})?
    (?:\s*{_READ_TIME})?
    """
)
_DATE = (
    rf"\d{{4}}-\d{{1,2}}-\d{{1,2}}|{_MONTH}\s+\d{{1,2}}(?:st|nd|rd|th)?,?\s+\d{{4}}"
    rf"|\d{{1,2}}(?:st|nd|rd|th)?\s+{_MONTH},?\s+\d{{4}}"
)
_DATELINE = re.compile(
    rf"^(?:[A-Z][\w.'’-]*(?:[ /][A-Z][\w.'’-]*){{0,3}}(?:,\s*[A-Z][\w.'’ -]{{1,30}})?"
    rf",?\s+)?\(?(?P<date>(?i:{_DATE}))\)?\s*(?:\([^)]{{1,40}}\)\s*)?[-–—:]\s"
)


_TIME_ONLY = re.compile(rf"(?i){_TIME}|{_READ_TIME}")
# ... and a full stop after a date: "Broadcast 3 September 2026. Presenter: Colm Teague."
_SEPARATORS = re.compile(r"\s*[|•·]\s*|\s+[-–—]\s+|(?<=[0-9])\.\s+")
_NAME_LIST = re.compile(r"\s*,\s*|\s+and\s+|\s*&\s*", re.IGNORECASE)
_BYLINE = re.compile(r"(?:By|BY|Presenter|Presented\s+by|Interviewer|Reporter):?\s+(?P<names>.+)")
_ROLES = {"staff", "writer", "reporter", "correspondent", "editor", "contributor", "columnist"}


def _meta_line(line: str) -> _LineMeta | None:
    """What a header line says when it is made only of dates, times and bylines; else None."""
    if len(line) > 120:
        return None
    meta, names = _LineMeta(), []
    for part in filter(None, _SEPARATORS.split(line)):
        dated = _DATE_PART.fullmatch(part)
        if dated and (day := to_date(dated["date"])):
            if meta.published is None:
                meta.published, meta.rank = day, _rank(dated["label"])
        elif author := _byline(part):
            meta.author = meta.author or author
        elif _is_name(part, 2, 3):
            names.append(part)  # "Jane Doe | Nov 8, 2024": an author only beside a date
        elif not _TIME_ONLY.fullmatch(part):
            return None
    if names and meta.published is None:
        return None
    meta.author = meta.author or (names[0] if names else None)
    return meta


def _rank(label: str | None) -> int:
    label = (label or "").casefold()
    if any(word in label for word in ("updated", "modified", "last")):
        return 2
    return 0 if any(word in label for word in ("published", "posted")) else 1


def to_date(text: str) -> date | None:
    try:
        day = dateparser.parse(text, dayfirst=False).date()  # 11/10/2024 is November 10
    except (ValueError, OverflowError):
        return None
    return day if 1900 <= day.year <= 2100 else None


def _byline(part: str) -> str | None:
    match = _BYLINE.fullmatch(part)
    if not match:
        return None
    names = re.sub(r"\s+(?:in|for|at)\s.*$", "", match["names"]).rstrip(" .")  # "… in Kyiv"
    items = [item for item in _NAME_LIST.split(names) if item]
    if not items or not all(_is_name(item, 1, 4) for item in items):
        return None
    people = [i for i in items if len(i.split()) > 1 and not _ROLES & set(i.casefold().split())]
    return join_names([n.title() if n.isupper() else n for n in people or items])


_PARTICLES = frozenset(
    {"de", "da", "del", "della", "der", "di", "du", "la", "le", "van", "von", "den", "ter"}
    | {"bin", "ibn", "al", "el", "y"}
)
_NAME_WORD = re.compile(r"[^\W\d_][\w'’.-]*")


def _is_name(text: str, fewest: int, most: int) -> bool:
    words = text.split()
    if not fewest <= len(words) <= most or len(text) > 40:
        return False
    shaped = all(_NAME_WORD.fullmatch(w) and (w[0].isupper() or w in _PARTICLES) for w in words)
    return shaped and words[0][0].isupper() and words[-1][0].isupper()


def join_names(names: list[str]) -> str:
    return names[0] if len(names) < 2 else ", ".join(names[:-1]) + " and " + names[-1]


def _is_headline(line: str) -> bool:
    short = len(line) <= 200 and len(line.split()) <= 20
    return short and not line.endswith(".") and any(c.isalpha() for c in line)


def _same(line: str, title: str) -> bool:
    return " ".join(line.split()).casefold() == " ".join(title.split()).casefold()


_SENTENCE_END = re.compile(
    r"(?<!\b[A-Z])(?<!\bMr)(?<!\bMs)(?<!\bDr)(?<!\bSt)(?<!\bMrs)[.!?]"
    r"(?=[\"”’)]?\s+[\"“‘(]?[A-Z0-9])"
)


def first_sentence(body: str, limit: int = 100) -> str | None:
    paragraph = body.partition("\n")[0][:1000].strip()
    end = _SENTENCE_END.search(paragraph)
    sentence = (paragraph[: end.start()] if end else paragraph).rstrip(". ")
    if not any(c.isalpha() for c in sentence):
        return None
    if len(sentence) <= limit:
        return sentence
    return sentence[: limit - 1].rsplit(" ", 1)[0].rstrip(" ,;:-–—") + "…"


def pretty(stem: str) -> str:
    words = " ".join(re.split(r"[\s_-]+", stem)).strip()
    return words[:1].upper() + words[1:] if words else "Untitled document"
