"""Cues around a name candidate that people extraction reads from the sentence's text:
a role given in apposition after the name ("Lina Farouk, a spokeswoman for the ministry,"),
and the names of vessels ("the tanker Eagle Dawn", "HMS Resolute"), which are not people."""

from __future__ import annotations

import re

from handlers.analysis.people_words import TITLE_HEADS

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
