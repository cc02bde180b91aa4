"""Cues around a name candidate that people extraction reads from the sentence's text:
a role given in apposition after the name ("Lina Farouk, a spokeswoman for the ministry,"),
and the names of vessels ("the tanker Eagle Dawn", "HMS Resolute"), which are not people."""

from __future__ import annotations

import re

from handlers.analysis.people_words import (
    COMPANY_HEADS,
    ORG_WORDS,
    PLACE_HEADS,
    SURNAME_ORG_WORDS,
    TITLE_HEADS,
)

_HEADS = "|".join(sorted((re.escape(h) for h in TITLE_HEADS if "." not in h), key=len))
# ", a spokeswoman for", ", the ministry's chief negotiator,": up to three words, then a head.
_APPOSITION_AFTER = re.compile(
    rf",\s+(?:a|an|the|its|their)\s+((?:(?!(?:for|of|to|at|in|with|and|who|whose)\b)[\w'’-]+\s+)"
    rf"{{0,3}}(?:{_HEADS}))(?=[\s,.;:]|$)",
    re.I,
)
_OWNERS = re.compile(r"^(?:[a-z]+['’]s\s+)+", re.I)  # "the ministry's spokeswoman" -> "spokeswoman"
_VESSEL_BEFORE = re.compile(
    r"(?:\b(?:tanker|ship|vessel|freighter|ferry|frigate|cruiser|destroyer|corvette|carrier|"
    r"submarine|yacht|trawler|boat|liner|barge|icebreaker|flagship)|(?<![\w.])(?:MV|MS|MT|HMS|"
    r"USS|SS|RV|HMCS|INS))\s+$"
)


def apposition_title(sentence: str, end: int) -> str:
    """The role written in apposition right after a name ending at `end`, or ""."""
    match = _APPOSITION_AFTER.match(sentence, end)
    if match is None:
        return ""
    return _OWNERS.sub("", match[1]).strip()


def after_vessel_word(sentence: str, start: int) -> bool:
    """True when a name starting at `start` follows a vessel word or prefix."""
    return bool(_VESSEL_BEFORE.search(sentence, max(0, start - 16), start))


_HEADS = ORG_WORDS | COMPANY_HEADS | PLACE_HEADS
_PLACE_WORDS = frozenset(["in", "at", "near", "off", "outside", "across", "toward", "towards"])


def names_a_place(sentence: str, start: int) -> bool:
    """True when a name starting at `start` follows "in", "at", "near", "off" ("near Sarrow
    Ridge", "at Meridian Freight"): where something is, not who. (The word before is read
    by slicing, not a regex: this runs for every name candidate.)"""
    before = sentence[max(0, start - 9) : start]
    return before[-1:].isspace() and before.rstrip().rpartition(" ")[2] in _PLACE_WORDS


_ROLE_AFTER = re.compile(r",\s+(?:a|an|the)\s+(?:[a-z][\w'’-]*\s+){0,3}[a-z][\w'’-]*\s*,")


def role_after(sentence: str, end: int) -> bool:
    """True when a lowercase role follows a name ending at `end` in apposition ("Dana
    Ridge, the harbour pilot, said"): a cue that the name is a person's."""
    return bool(_ROLE_AFTER.match(sentence, end))


def place_or_company(
    sentence: str, last: str, words: int, span: tuple[int, int], possessive: bool, cue: str
) -> bool:
    """ "Meridian Freight", "Sarrow Ridge", "near Sarrow": a company or a place, as a reader
    takes it from the name's last word (`last`, lowercase, of `words` words) or the
    preposition before it. `cue` "title" ("Captain Dana Ridge") says it is a person's; for
    a place word, so do "speech" ("Tom Hill said") and a role after it ("Dana Ridge, the
    pilot,")."""
    start, end = span
    if last not in _HEADS:  # most names: only the preposition before can tell
        return not possessive and names_a_place(sentence, start)
    if last in ORG_WORDS and (last not in SURNAME_ORG_WORDS or words == 1):
        return True
    if cue == "title":
        return False
    if last in COMPANY_HEADS or (last in ORG_WORDS and words > 1):
        return True
    placed = not possessive and names_a_place(sentence, start)
    if last in PLACE_HEADS and words > 1 and not placed:
        return not (cue == "speech" or role_after(sentence, end))
    return placed
