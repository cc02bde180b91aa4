"""Numbers written in news copy: digits, suffixes, scale words and number words.

Hand-written on purpose. We tried quantulum3 and rejected it: it drops hedges such as
"at least" and "up to", reads "half a million" as 1,500,000 and "11am" as attometres,
and turns "between 8,000 and 12,000" into 10,000 ± 2,000. A fact-checker needs the
number exactly as written, so this module only finds and values number expressions;
`handlers.analysis.figures` decides which of them are figures (hedges, ranges, units,
counted nouns, dates and names excluded).

What `find_numbers` reports:

- digits with optional thousands separators, decimals and a glued suffix: "10,000",
  "3.5", "11k", "1.5m", "2bn" (k = thousand, m/mn = million, b/bn = billion,
  tn = trillion), optionally followed by scale words: "1.5 million", "10 thousand";
- digits glued to other letters are not numbers: "11am", "4th", "G7", "737s", "5km";
- number words: "twenty-five", "three hundred and forty two", "ten thousand", "a dozen",
  "a million", "half a million", "a quarter of a million", "three quarters of a million";
- vague quantities, with `vague=True` and rough bounds in `low`/`high`:
  "a few S" and "several S" -> [2S, 9S] (value 3S and 5S), "a couple of S" -> [2S, 3S],
  plural scales "hundreds", "thousands", "tens of thousands", "dozens", "scores" -> [2S, 9S]
  (value 3S), where S is the scale ("tens of thousands": S = 10,000);
- a bare "one" is never a number ("one of the", "no one", "one another" are pronouns);
  "one" counts only inside a larger expression ("one million", "twenty-one"). Every
  other word number counts on its own ("two nations", "ten days");
- "few", "several", "half", "third", "quarter" never count on their own, and an
  expression followed by a scale it cannot take ("ten thousand thousand") or by a
  fraction ("two-thirds") is not read at all, so `replace_number_words` is idempotent.
"""

from __future__ import annotations

import math
import re
from collections.abc import Iterator
from dataclasses import dataclass

from handlers.analysis.number_words import (
    FRACTIONS,
    PLURAL_SCALES,
    SCALES,
    SMALL,
    SUFFIXES,
    TENS,
    VAGUE,
    Tok,
    malformed,
    parse_at,
)


@dataclass(frozen=True)
class NumberSpan:
    """One number expression: `text` is `sentence[start:end]`, `value` its value.

    `low`/`high` are the rough bounds of a vague expression ("a few thousand"), else None.
    """

    start: int
    end: int
    value: float
    text: str
    vague: bool = False
    low: float | None = None
    high: float | None = None


_CORE = sorted(
    {*SMALL, *TENS, *SCALES, *PLURAL_SCALES, *FRACTIONS, *VAGUE, "hundred", "dozen"},
    key=len,
    reverse=True,
)
_CORE_RE = "|".join(_CORE)
_DIGITS = r"(?:[0-9]{1,3}(?:,[0-9]{3})+|[0-9]+)(?:\.[0-9]+)?(?:mn|bn|tn|k|m|b)?"
_DIGIT_NUMBER = rf"(?<![\w.,]){_DIGITS}(?!\w)"
_WORD_START = rf"(?<![\w-])(?:an?\s+)?(?:{_CORE_RE})\b"
_CANDIDATE = re.compile(
    rf"(?:{_DIGIT_NUMBER}|{_WORD_START})(?:(?:\s+|-)(?:{_CORE_RE}|and|an?|of)\b)*",
    re.IGNORECASE,
)
_TOKEN = re.compile(rf"{_DIGITS}(?![a-z])|[a-z]+|[^\s-]", re.IGNORECASE)
# Most sentences hold no number word, only digits or nothing: for them a regex without
# the alternation of every number word at every position finds the same expressions
# ~4x faster, and a sentence with neither needs no search. In a sentence with a number
# word, an expression can only begin at a run of digits or at "a", "an" or a number
# word, so the full pattern is tried at those places alone (the scan trying it at every
# position took ~75 µs a sentence). Ingest searches every sentence twice (its terms, its
# figures). Only ASCII text is screened, where matching a word in any case is the same
# as lower-casing it first.
_DIGIT_CANDIDATE = re.compile(
    rf"{_DIGIT_NUMBER}(?:(?:\s+|-)(?:{_CORE_RE}|and|an?|of)\b)*", re.IGNORECASE
)
_DIGIT = re.compile(r"[0-9]")
_WORD = re.compile(r"[a-z]+")
_RUN = re.compile(r"[0-9]+|[a-z]+")
_CORE_WORDS = frozenset(_CORE)
_OPENERS = _CORE_WORDS | {"a", "an"}
_PLAIN = re.compile(r"[0-9]+(?:\.[0-9]+)?")
_SEPARATED = re.compile(r"[0-9]{1,3}(?:,[0-9]{3})+(?:\.[0-9]+)?")
_TRAILING_SCALE = re.compile(
    r"(?:(?<=[0-9])(mn|bn|tn|k|m|b)|(?<![a-z])(thousand|million|billion|trillion))$", re.I
)
_MONEY_AND_PUNCT = re.compile(r"^\s*(?:[A-Z]{0,2}[$€£¥₽₴₩]\s*)?|[\s.,;:!?%]*$")


def _tokens(text: str, offset: int = 0) -> list[Tok]:
    return [(m[0].lower(), m.start() + offset, m.end() + offset) for m in _TOKEN.finditer(text)]


def _clean(value: float) -> float:
    nearest = round(value)
    return float(nearest) if abs(value - nearest) < 1e-6 else value


def _spans_in(text: str, match: re.Match[str]) -> list[NumberSpan]:
    toks, spans, i = _tokens(match[0], match.start()), [], 0
    while i < len(toks):
        found = parse_at(toks, i)
        if found is None or not math.isfinite(found[0]):
            i += 1
            continue
        if malformed(toks, found[1]):
            i = found[1] + 1
            continue
        value, j, vague, low, high = found
        if j == i + 1 and toks[i][0] == "one":  # a pronoun: "one of the", "no one"
            i += 1
            continue
        start, end = toks[i][1], toks[j - 1][2]
        spans.append(NumberSpan(start, end, _clean(value), text[start:end], vague, low, high))
        i = j
    return spans


def find_numbers(text: str) -> list[NumberSpan]:
    """Every number expression in `text`, in order, with spans into `text`."""
    found = _RECENT.get(text)
    if found is None:
        found = [span for match in _matches(text) for span in _spans_in(text, match)]
        if len(_RECENT) >= _RECENT_MAX:
            _RECENT.clear()
        _RECENT[text] = found
    return list(found)


# The spans of recently searched texts: ingest searches each sentence for its figures,
# then for its terms (see text.terms); cleared when full, so it stays small.
_RECENT: dict[str, list[NumberSpan]] = {}
_RECENT_MAX = 4096


def _matches(text: str) -> Iterator[re.Match[str]]:
    """`_CANDIDATE.finditer(text)`, found faster where the text allows (see above)."""
    if not text.isascii():
        return _CANDIDATE.finditer(text)
    low = text.lower()
    if not _CORE_WORDS.isdisjoint(_WORD.findall(low)):
        return _word_matches(text, low)
    return _DIGIT_CANDIDATE.finditer(text) if _DIGIT.search(text) else iter(())


def _word_matches(text: str, low: str) -> Iterator[re.Match[str]]:
    """`_CANDIDATE.finditer(text)`, tried only where a match can begin (`low`: `text`
    lower-cased, ASCII)."""
    end = 0
    for run in _RUN.finditer(low):
        start = run.start()
        if start < end or (run[0][0] > "9" and run[0] not in _OPENERS):
            continue
        if match := _CANDIDATE.match(text, start):
            end = match.end()
            yield match


def parse_number(text: str) -> float | None:
    """The value of `text` when all of it is one number expression ("1.5m", "$2bn",
    "half a million", "a few thousand" -> its rough value 3000), else None."""
    toks = _tokens(_MONEY_AND_PUNCT.sub("", text))
    found = parse_at(toks, 0) if toks else None
    if found is None or found[1] != len(toks) or not math.isfinite(found[0]):
        return None
    return _clean(found[0])


def scale_multiplier(text: str) -> float:
    """The scale ending a number expression ("12 million" -> 1e6, "3bn" -> 1e9), else 1."""
    match = _TRAILING_SCALE.search(text)
    if match is None:
        return 1.0
    word = (match[1] or match[2]).lower()
    return SCALES.get(word) or SUFFIXES.get(word, 1.0)


def _plain(span: NumberSpan, written: str) -> str:
    """`span` as plain digits; `written`: its text in the text being rewritten."""
    if _PLAIN.fullmatch(written) or span.vague or (span.value < 1 and not written[0].isdigit()):
        return written
    if _SEPARATED.fullmatch(written):
        return written.replace(",", "")
    if span.value.is_integer():
        return str(int(span.value)) if span.value < 2**53 else written
    return format(span.value, ".6f").rstrip("0").rstrip(".")


def replace_number_words(text: str, spans: list[NumberSpan] | None = None) -> str:
    """`text` with each number expression written as plain digits without separators:
    "ten thousand" -> "10000", "10,000" -> "10000", "1.5 million" -> "1500000".

    Vague quantities ("a few thousand") and word fractions are left as written. `spans`:
    `find_numbers(text)` when known, or that of a text differing from it only in case.
    """
    spans = find_numbers(text) if spans is None else spans
    if not spans:
        return text
    pieces, last = [], 0
    for span in spans:
        pieces += [text[last : span.start], _plain(span, text[span.start : span.end])]
        last = span.end
    return "".join([*pieces, text[last:]])
