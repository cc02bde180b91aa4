"""Whether the text itself takes a figure back: `withdrawn` or `disputed` (else "").

"The Red Cross said 2,300 had died; it later withdrew the figure" and "…, which the
ministry denies" are not plain figures. A figure gets a status from its own sentence and
from the next one:

- withdrawn: withdraw(s/n), withdrew, retract(s/ed), revise(s/d), correct(s/ed),
  walked back, rescinded;
- disputed: deny/denies/denied, dispute(s/d), reject(s/ed), contest(s/ed), unconfirmed,
  unverified, could not be (independently) verified/confirmed, has not been confirmed.

In its own sentence, every figure takes the status, except, after a withdrawing word, a
figure introduced as its replacement: "to", "at", "now", "instead", "put it at",
"gave" ("revised the toll from 2,300 to 1,800": 2,300 is withdrawn, 1,800 is not), or
after "revised"/"corrected" used as an adjective ("the revised toll of 1,800"). The
next sentence passes its status back only when it refers back to a figure ("the figure",
"the number", "the toll", "this", "it", "those reports"...), and never to a figure
of its own.
"""

from __future__ import annotations

import re
from collections.abc import Sequence
from dataclasses import replace
from typing import TypeVar

_WITHDRAWN = (
    r"withdr(?:aw|ew|awn|aws)|retract(?:s|ed|ion)?|revis(?:e|es|ed|ion)|correct(?:s|ed|ion)"
    r"|walk(?:ed|s)?\s+back|rescind(?:s|ed)?"
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
    r"\b(?:to|at|now|instead|gave|give|gives|put\s+it\s+at|new)\s+(?:\S+\s+){0,3}$", re.I
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


def with_status(sentences: Sequence[str], figures: Sequence[Sequence[F]]) -> list[list[F]]:
    """`figures` (per sentence, each with `start` and `status`) with their status set."""
    out: list[list[F]] = []
    for i, (sentence, found) in enumerate(zip(sentences, figures, strict=True)):
        after = _from_next(sentences, figures, i) if found else ""
        out.append(
            [
                replace(f, status=_own(sentence, f.start) or after)  # type: ignore[type-var]
                for f in found
            ]
        )
    return out
