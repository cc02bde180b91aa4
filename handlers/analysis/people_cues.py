"""Cues around a name candidate that people extraction reads from the sentence's text:
a role given in apposition after the name ("Lina Farouk, a spokeswoman for the ministry,"),
and the names of vessels ("the tanker Eagle Dawn", "HMS Resolute"), which are not people."""

from __future__ import annotations

import re

from handlers.analysis.attribution_words import BODIES, GENERIC
from handlers.analysis.people_words import (
    COMPANY_HEADS,
    ORG_WORDS,
    PLACE_HEADS,
    SURNAME_ORG_WORDS,
    TITLE_HEADS,
)

_TITLES = "|".join(sorted((re.escape(h) for h in TITLE_HEADS if "." not in h), key=len))
# ", a spokeswoman for", ", the ministry's chief negotiator,": up to three words, then a head.
_APPOSITION_AFTER = re.compile(
    rf",\s+(?:a|an|the|its|their)\s+((?:(?!(?:for|of|to|at|in|with|and|who|whose)\b)[\w'’-]+\s+)"
    rf"{{0,3}}(?:{_TITLES}))(?=[\s,.;:]|$)",
    re.I,
)
_OWNERS = re.compile(r"^(?:[a-z]+['’]s\s+)+", re.I)  # "the ministry's spokeswoman" -> "spokeswoman"
_VESSEL_BEFORE = re.compile(
    r"(?:\b(?:tanker|ship|vessel|freighter|ferry|frigate|cruiser|destroyer|corvette|carrier|"
    r"submarine|yacht|trawler|boat|liner|barge|icebreaker|flagship)|(?<![\w.])(?:MV|MS|MT|HMS|"
    r"USS|SS|RV|HMCS|INS))\s+$"
)


def apposition_title(sentence: str, end: int) -> str:
    """The role written in apposition right after a name ending at `end` (or in a relative
    clause: `relative_role`), or ""."""
    match = _APPOSITION_AFTER.match(sentence, end)
    if match is None:
        return relative_role(sentence, end)
    return _OWNERS.sub("", match[1]).strip()


_LEADS = {"leads": "head", "heads": "head", "runs": "head", "directs": "director"}
_LEADS |= {"chairs": "chair", "manages": "manager", "coordinates": "coordinator"}
_RELATIVE_IS = re.compile(
    r",\s+who\s+is\s+(?:a|an|the|its|their)\s+((?:[\w'’-]+\s+){0,3}([a-z][\w-]+))(?=[,.;:]|$)"
)
_AGENT = re.compile(r"(?:er|or|ist|ian)$")
_KIN = frozenset(
    ["mother", "father", "brother", "sister", "daughter", "grandmother", "grandfather"]
)
_NOT_IN_BODY = r"(?!(?:in|at|for|on|since|with|after|during|to|from|and|but|when)\b)"
_RELATIVE_LEADS = re.compile(
    rf",\s+who\s+(?:now\s+|also\s+|currently\s+)?({'|'.join(_LEADS)})\s+"
    rf"((?:the|its|their)\s+)?((?:{_NOT_IN_BODY}[\w'’-]+\s+){{0,4}}?[\w'’-]+)(?=[,.;:]|$)"
)


def relative_role(sentence: str, end: int) -> str:
    """A role given by a relative clause right after a name ending at `end`: ", who leads
    the regional civil defence office" -> "head of the regional civil defence office",
    ", who is the county's chief engineer" -> "chief engineer"; "" for a clause that names
    no role (", who arrived on Tuesday", ", who leads the search for survivors")."""
    if ", who " not in sentence[end : end + 7]:
        return ""
    if match := _RELATIVE_IS.match(sentence, end):
        role = match[2] in TITLE_HEADS or (_AGENT.search(match[2]) and match[2] not in _KIN)
        return _OWNERS.sub("", match[1]).strip() if role else ""
    match = _RELATIVE_LEADS.match(sentence, end)
    if match is None or not _body(match[3].split()):
        return ""
    return f"{_LEADS[match[1]]} of {match[2] or ''}{match[3]}"


def _body(words: list[str]) -> bool:
    """A body one leads, named ("Hallett Mining") or described ("the regional civil defence
    office", "the parish council"); "the team" alone says not which team it is."""
    last = words[-1]
    return last[:1].isupper() or (len(words) > 1 and last.lower() in BODIES)


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


_COMPANY_NOUNS = (
    "company|firm|contractor|employer|group|operator|maker|manufacturer|producer|builder|"
    "supplier|retailer|chain|business|conglomerate|insurer|lender|bank|carrier|airline|"
    "developer|utility|charity|agency|association|union|club|party|broadcaster|publisher"
)
_ORGANISATION_APPOSED = re.compile(
    rf",\s+(?:the|a|an)\s+(?:[\w'’-]+\s+){{0,3}}?(?:{_COMPANY_NOUNS})"
    r"(?:\s*[,.;:(]|\s+(?:that|which|whose|accused|based|behind|at|in|of|with|for|from|"
    r"owned|run|founded|known)\b)"
)


def _organisation_apposed(sentence: str, end: int) -> bool:
    """ "Brenner Textiles, the town's oldest employer,": what the apposition says the name
    is, is an organisation ("Dana Ridge, the company's founder," and "Ana Reyes, a party
    official," are people: the organisation word is no head there)."""
    return sentence.startswith(",", end) and bool(_ORGANISATION_APPOSED.match(sentence, end))


def place_or_company(
    sentence: str, last: str, words: int, span: tuple[int, int], possessive: bool, cue: str
) -> bool:
    """ "Meridian Freight", "Sarrow Ridge", "near Sarrow": a company or a place, as a reader
    takes it from the name's last word (`last`, lowercase, of `words` words) or the
    preposition before it. `cue` "title" ("Captain Dana Ridge") says it is a person's; for
    a place word, so do "speech" ("Tom Hill said") and a role after it ("Dana Ridge, the
    pilot,"). An apposition saying it is a company ("Brenner Textiles, the town's oldest
    employer,") or a lone source word ("Witnesses") is no person either, without a title."""
    start, end = span
    if cue != "title" and (
        _organisation_apposed(sentence, end) or (words == 1 and last in GENERIC)
    ):
        return True  # "Tarrow Aggregates, the company that runs the quarry,"; "Witnesses said"
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
