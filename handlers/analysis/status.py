"""Whether the text itself takes a figure back: `withdrawn` or `disputed` (else "").

"The Red Cross said 2,300 had died; it later withdrew the figure" and "…, which the
ministry denies" are not plain figures. A figure gets a status from its own sentence and
from the next one:

- withdrawn: withdraw(s/n), withdrew, retract(s/ed), revise(s/d), correct(s/ed),
  walked back, rescinded, and a corrections notice's words: "an earlier (previous,
  original) version said", "wrongly (incorrectly, mistakenly) stated/said/reported",
  "misstated", "misreported";
- disputed: deny/denies/denied, dispute(s/d), reject(s/ed), contest(s/ed), unconfirmed,
  unverified, could not be (independently) verified/confirmed, has not been confirmed.

In its own sentence, every figure takes the status, except, after a withdrawing word, a
figure introduced as its replacement: "to", "at", "now", "instead", "put it at",
"gave", "the correct (actual) figure is", "should have said" ("revised the toll from
2,300 to 1,800": 2,300 is withdrawn, 1,800 is not), or after "revised"/"corrected" used
as an adjective ("the revised toll of 1,800"). The next sentence passes its status back
only when it refers back to a figure ("the figure", "the number", "the toll", "this",
"it", "those reports"...), and never to a figure of its own; except that a figure it
withdraws by value withdraws the same value before it ("A report said 40 lorries a day
would be diverted. An earlier version said 40; the correct figure is 14.": the 40
lorries are withdrawn, and nothing else in that sentence).
"""

from __future__ import annotations

import re
from collections.abc import Sequence
from dataclasses import replace
from typing import TypeVar

_WITHDRAWN = (
    r"withdr(?:aw|ew|awn|aws)|retract(?:s|ed|ion)?|revis(?:e|es|ed|ion)|correct(?:s|ed|ion)"
    r"|walk(?:ed|s)?\s+back|rescind(?:s|ed)?"
    r"|(?:earlier|previous|original)\s+version\s+(?:of\s+(?:this|the)\s+\w+\s+)?"
    r"(?:said|stated|reported|gave|put|wrongly|incorrectly)"
    r"|misstat(?:e|es|ed)|misreport(?:s|ed)?"
    r"|(?:wrongly|incorrectly|mistakenly|erroneously)\s+(?:said|stated|reported|gave|put)"
)
_DISPUTED = (
    r"den(?:y|ies|ied)|disput(?:e|es|ed)|reject(?:s|ed)?|contest(?:s|ed)?|unconfirmed"
    r"|unverified|(?:could|can)\s*not\s+be\s+(?:independently\s+)?(?:verified|confirmed)"
    r"|(?:has|have)\s+not\s+been\s+(?:independently\s+)?(?:verified|confirmed)"
)
_STATUS = re.compile(rf"\b(?:(?P<withdrawn>{_WITHDRAWN})|(?P<disputed>{_DISPUTED}))\b", re.I)
_BACK = re.compile(
    r"\b(?:the|that|this|those|these|its|their|his|her)\s+(?:\w+\s+)?"
    r"(?:figures?|numbers?|tolls?|estimates?|counts?|claims?|reports?|totals?|tally)\b"
    r"|\b(?:it|this|that|them|those)\b",
    re.I,
)
_REPLACEMENT = re.compile(
    r"\b(?:to|at|now|instead|gave|give|gives|put\s+it\s+at|new|correct|actual"
    r"|should\s+have\s+(?:said|read|been))\s+(?:\S+\s+){0,3}$",
    re.I,
)

# "the revised toll of 1,800", "the correct figure is": the adjective names the new figure.
_ADJECTIVE = re.compile(r"\s+(?:\w+\s+)?(?:toll|figure|estimate|count|number|total)s?\b", re.I)

F = TypeVar("F")


def _kind(match: re.Match[str]) -> str:
    return "withdrawn" if match["withdrawn"] else "disputed"


def _own(sentence: str, start: int) -> str:
    """The status a sentence gives its figure starting at `start`."""
    for match in _STATUS.finditer(sentence):
        if match.start() > start:
            return _kind(match)
        between = sentence[match.end() : start]
        if match["disputed"]:
            return "disputed"  # "denied that 300 had died", "unconfirmed reports of 300"
        if _ADJECTIVE.match(between):
            continue
        if not _REPLACEMENT.search(between):
            return "withdrawn"
    return ""


def _passed_back(sentence: str) -> str:
    """The status the sentence after a figure's gives it ("It later withdrew the figure")."""
    match = _STATUS.search(sentence)
    if match is None or not _BACK.search(sentence):
        return ""
    return _kind(match)


def _from_next(sentences: Sequence[str], figures: Sequence[Sequence[F]], i: int) -> str:
    """The status sentence i+1 passes back to sentence i's figures: none when the status
    word there concerns a figure of its own ("Unconfirmed reports put the toll at 200")."""
    if i + 1 >= len(sentences):
        return ""
    nxt = sentences[i + 1]
    if any(_own(nxt, f.start) for f in figures[i + 1]):  # type: ignore[attr-defined]
        return ""
    return _passed_back(nxt)


def _withdrawn_values(sentences: Sequence[str], figures: Sequence[Sequence[F]], i: int) -> set:
    """The values sentence i+1 withdraws in its own words ("An earlier version said 40")."""
    if i + 1 >= len(sentences) or not figures[i + 1]:
        return set()
    nxt = sentences[i + 1]
    return {f.value for f in figures[i + 1] if _own(nxt, f.start) == "withdrawn"}  # type: ignore[attr-defined]


def with_status(sentences: Sequence[str], figures: Sequence[Sequence[F]]) -> list[list[F]]:
    """`figures` (per sentence, each with `start`, `value` and `status`) with their status
    set."""
    out: list[list[F]] = []
    for i, (sentence, found) in enumerate(zip(sentences, figures, strict=True)):
        after = _from_next(sentences, figures, i) if found else ""
        again = _withdrawn_values(sentences, figures, i) if found else set()
        out.append([replace(f, status=_status(sentence, f, after, again)) for f in found])  # type: ignore[type-var]
    return out


def _status(sentence: str, figure: F, after: str, again: set) -> str:
    own = _own(sentence, figure.start)  # type: ignore[attr-defined]
    return own or after or ("withdrawn" if figure.value in again else "")  # type: ignore[attr-defined]
