"""A sentence as people extraction reads it: its words (`Token`), and the runs of
capitalised words, with inner particles, joined by single spaces on one line (`runs`),
cut at function words (`is_break`) and stop words (`is_stop`: places, nationalities,
months, weekdays, compass words, acronyms). `handlers.analysis.people` makes names of them.
"""

from __future__ import annotations

import re
from collections.abc import Callable

from handlers.analysis.people_words import (
    ABBREVIATIONS,
    BREAKS,
    DEMONYMS,
    PARTICLES,
    PLACES,
    SMALL_WORDS,
    TIME_WORDS,
)

_TOKEN = re.compile(r"(?:[^\W\d_]\.){2,}|[^\W\d_]+(?:['’\-‐‑][^\W\d_]+)*\.?")
_POSSESSIVE = re.compile(r"['’]s$")
_HYPHEN_PARTICLE = re.compile(r"(?:al|el|ad|as|ash|ibn|bin|abu)-", re.IGNORECASE)


class Token:
    """One word. Built for every word of every indexed sentence, so it is a plain slotted
    record whose `low` and `capital` are computed once, in one call (ingest speed)."""

    __slots__ = ("capital", "end", "gap", "i", "low", "possessive", "start", "text")

    def __init__(self, text: str, start: int, i: int, gap: str, possessive: bool) -> None:
        self.text = text  # without a possessive "'s"
        self.start = start
        self.end = start + len(text)
        self.i = i  # position among the sentence's tokens
        self.gap = gap  # text between the previous token and this one
        self.possessive = possessive
        self.low = text.lower()
        self.capital = text[0].isupper()


def tokenize(sentence: str) -> list[Token]:
    tokens: list[Token] = []
    last = 0
    for i, match in enumerate(_TOKEN.finditer(sentence)):
        text, start = match[0], match.start()
        if text[-1] == "." and not _keeps_period(text):
            text = text[:-1]
        core = _POSSESSIVE.sub("", text) if "'" in text or "’" in text else text
        tokens.append(Token(core, start, i, sentence[last:start], core != text))
        last = start + len(text)
    return tokens


def _keeps_period(text: str) -> bool:
    """Keep the period of "Gen.", "U.S." and an initial "V.", not a sentence's last one."""
    core = text[:-1]
    return core.lower() in ABBREVIATIONS or "." in core or (len(text) == 2 and text[0].isupper())


def is_acronym(token: Token) -> bool:
    letters = token.text.replace(".", "")
    return len(letters) >= 2 and letters.isupper()


def is_stop(token: Token) -> bool:
    low = token.low
    return low in PLACES or low in DEMONYMS or low in TIME_WORDS or is_acronym(token)


def is_break(token: Token) -> bool:
    """Function words, and a sentence's first word ending in "-ly" ("Currently")."""
    return token.low in BREAKS or (token.i == 0 and token.low.endswith("ly"))


def _is_particle_word(token: Token) -> bool:
    return not token.capital and (
        token.low in PARTICLES or ("-" in token.text and bool(_HYPHEN_PARTICLE.match(token.text)))
    )


def joined(prev: Token, token: Token) -> bool:
    return not prev.possessive and token.gap != "" and token.gap.isspace() and "\n" not in token.gap


def runs(tokens: list[Token]) -> list[list[Token]]:
    """Maximal runs of capitalised words (and inner particles) joined by spaces."""
    found: list[list[Token]] = []
    for token in tokens:
        if not (token.capital or _is_particle_word(token)):
            continue
        if found and found[-1][-1].i == token.i - 1 and joined(found[-1][-1], token):
            found[-1].append(token)
        else:
            found.append([token])
    return [run for run in map(_trim_particles, found) if run]


def _trim_particles(run: list[Token]) -> list[Token]:
    """Drop trailing lowercase particles; a leading "von der" may start a surname."""
    end = len(run)
    while end and not run[end - 1].capital and not _HYPHEN_PARTICLE.match(run[end - 1].text):
        end -= 1
    return run[:end]


def split(tokens: list[Token], cut: Callable[[Token], bool]) -> list[list[Token]]:
    pieces: list[list[Token]] = [[]]
    for token in tokens:
        if cut(token):
            pieces.append([])
        else:
            pieces[-1].append(token)
    return [piece for piece in pieces if piece]


def is_heading(tokens: list[Token]) -> bool:
    return bool(tokens) and all(t.capital or t.low in SMALL_WORDS for t in tokens)


def is_name_word(token: Token) -> bool:
    """Counts toward a name's length: "Ursula von der Leyen" has 2, "Bashar al-Assad" 2."""
    return (token.capital and token.low not in PARTICLES) or bool(
        _HYPHEN_PARTICLE.match(token.text)
    )
