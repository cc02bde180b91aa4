"""A fast rule-based sentence splitter for news text.

Ingest needs >= 5,000 sentences/s including everything else it does, which
pysbd (pure-Python, hundreds of regexes per segment) is far too slow for. This
splitter makes one compiled-regex pass per paragraph to find candidate ends
(. ! ? or an ellipsis, optional closing quotes/brackets, whitespace) and looks
only at the words either side of each candidate.

Rules:

- Every non-blank line is a paragraph (numbered from 0); sentences never cross lines.
  Readers join a document's wrapped lines into paragraphs first (handlers.reflow), so a
  hard line break inside a sentence does not end it.
- A sentence ends at . ! ? (plus any closing quotes or brackets, which stay with it)
  followed by whitespace and then an opening quote, a digit, or a letter that is
  not lowercase (so uncased scripts such as CJK or Arabic also start sentences).
- A period after a title or similar ("Gen.", "Dr.", "Sen.", "vs.", "e.g.") never ends
  a sentence; "No."/"Art."/"Vol." do not before a number ("No. 10").
- A period after an abbreviation that can also close a sentence ("U.S.", "Inc.",
  "Jr.", "St.", month abbreviations, single-letter initials such as "John F.") ends
  one only when the next word is a function word that typically opens a sentence
  ("The", "He", "In", ...): "the U.S. Army" and "Oct. 28" stay whole, "in the U.S.
  The troops" splits.
- "etc." ends a sentence before any capitalised word: mid-sentence it is almost
  never followed by one.
- An ellipsis ("..." or "…") ends a sentence only with a closing quote or bracket
  after it: in news copy a bare ellipsis usually marks words left out of a quotation.
- Decimals ("3.5", "$1.2bn") never split (no whitespace after the point); a missing
  space ("horizon.On October") keeps the two sentences together.
- Runs longer than MAX_SENTENCE_CHARS are cut at the last "; ", else ", ", else
  space in their second half, else hard at the limit.
"""

from __future__ import annotations

import re
from collections.abc import Iterator
from dataclasses import dataclass

MAX_SENTENCE_CHARS = 1000


def _word_set(words: str) -> frozenset[str]:
    return frozenset(words.split())


_LINE_BREAKS = "\n\r\x0b\x0c\x1c\x1d\x1e\x85\u2028\u2029"
_PARAGRAPH = re.compile(rf"\S(?:[^{_LINE_BREAKS}]*\S)?")
_OPEN_QUOTES = "\"'“‘«„‚"
_OPENERS = _OPEN_QUOTES + "([{"
_BOUNDARY = re.compile(
    r"(?<![.!?…])(?P<term>[.!?…]+)(?P<close>[\"'”’»)\]}]*)\s+(?=(?P<next>\S{1,40}))"
)
_WORD = re.compile(r"\w+")
_DOTTED = re.compile(r"(?:[^\W\d_]{1,2}\.)+[^\W\d_]{1,2}|[^\W\d_]")  # u.s, ph.d, a.m, and initials

_NEVER_END = _word_set(  # titles and the like: always followed by more of the sentence
    """
    mr mrs ms messrs dr prof gen lt col sgt capt cpt maj adm cmdr cpl pvt brig sen rep
    gov pres rev hon supt det insp sec amb mt ft vs cf approx e.g i.e
    """
)
_BEFORE_NUMBER = _word_set(  # abbreviations only when a number follows: "No. 10"
    """
    no nos art vol vols fig figs pp para ch
    """
)
_MAY_END = _word_set(  # abbreviations that also close sentences: "... Smith Jr. The"
    """
    inc ltd co corp llc plc bros jr sr st al
    jan feb mar apr jun jul aug sep sept oct nov dec
    """
)
_STARTERS = _word_set(  # function words that typically open a sentence
    """
    the a an he she it they we i you this that these those there his her its their our
    my but and or so yet however meanwhile in on at as after before when while if
    although though since because according some many most all both one no not what
    why how who where then also still such for with by from to under during last
    earlier later today yesterday
    """
)


@dataclass(frozen=True, slots=True)
class Sentence:
    paragraph: int  # 0-based among the non-blank lines
    index: int  # 0-based across the document
    start: int  # offsets into the original text: text[start:end] == self.text
    end: int
    text: str


def split_sentences(text: str) -> list[Sentence]:
    """The sentences of `text`, with their paragraph numbers and character offsets."""
    sentences: list[Sentence] = []
    for paragraph, line in enumerate(_PARAGRAPH.finditer(text)):
        for start, end in _sentence_spans(text, line.start(), line.end()):
            sentences.append(Sentence(paragraph, len(sentences), start, end, text[start:end]))
    return sentences


def _sentence_spans(text: str, start: int, end: int) -> Iterator[tuple[int, int]]:
    """Stripped, non-empty, length-capped sentence spans within one paragraph."""
    for piece_start, piece_end in _raw_spans(text, start, end):
        yield from _capped(text, piece_start, piece_end)


def _raw_spans(text: str, start: int, end: int) -> Iterator[tuple[int, int]]:
    for match in _BOUNDARY.finditer(text, start, end):
        if _ends_sentence(text, start, match):
            yield start, match.end("close")
            start = match.end()
    yield start, end


def _ends_sentence(text: str, start: int, match: re.Match[str]) -> bool:
    """Whether the candidate `match` ends the sentence that began at `start`."""
    following = match["next"]
    word = following.lstrip(_OPENERS)
    if not (following[0] in _OPEN_QUOTES or _opens_sentence(word[:1])):
        return False
    term = match["term"]
    if "!" in term or "?" in term:
        return True
    if term != ".":  # an ellipsis
        return bool(match["close"])
    return _period_ends(_word_before(text, start, match.start()), word)


def _opens_sentence(char: str) -> bool:
    return char.isdigit() or (char.isalpha() and not char.islower())


def _word_before(text: str, start: int, end: int) -> str:
    """The lowercased word ending at `end` (not before `start`), opening quotes dropped."""
    window = text[max(start, end - 40) : end]
    words = window.split()
    if not words or window[-1].isspace():
        return ""
    return words[-1].lstrip(_OPENERS).lower()


def _period_ends(before: str, after: str) -> bool:
    """Whether a period after the word `before` ends a sentence that `after` follows."""
    if before in _NEVER_END:
        return False
    if before in _BEFORE_NUMBER:
        return not after[:1].isdigit()
    if before == "etc":
        return True
    if before in _MAY_END or _DOTTED.fullmatch(before):
        found = _WORD.match(after)
        return bool(found) and found[0].lower() in _STARTERS
    return True


def _capped(text: str, start: int, end: int) -> Iterator[tuple[int, int]]:
    """`text[start:end]` stripped and cut into pieces of at most MAX_SENTENCE_CHARS."""
    start, end = _stripped(text, start, end)
    while end - start > MAX_SENTENCE_CHARS:
        cut = _cut_point(text, start, start + MAX_SENTENCE_CHARS)
        yield _stripped(text, start, cut)
        start, end = _stripped(text, cut, end)
    if start < end:
        yield start, end


def _cut_point(text: str, start: int, limit: int) -> int:
    """Where to cut an overlong run: after the last "; " or ", " or at the last space
    in its second half; hard at `limit` when there is none."""
    for separator in ("; ", ", ", " "):
        found = text.rfind(separator, start + MAX_SENTENCE_CHARS // 2, limit)
        if found >= 0:
            return found + len(separator) - 1
    return limit


def _stripped(text: str, start: int, end: int) -> tuple[int, int]:
    piece = text[start:end]
    left = len(piece) - len(piece.lstrip())
    return start + left, start + len(piece.rstrip())
