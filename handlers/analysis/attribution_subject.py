"""Where the source of a statement verb is, for handlers.analysis.attribution: the noun
phrase before the verb, back to the clause's start (a comma outside a list of names,
"that", "which", "while"...); "X's spokeswoman, Y, said", "Y, a spokeswoman for X, said"
and "Y, who leads the civil defence office, said" keep both parts, Y being the person
speaking; and what a pronoun subject stands for in its paragraph (`Paragraph`).
"""

from __future__ import annotations

import re
from dataclasses import dataclass, field

from handlers.analysis.attribution_words import AUX, BODIES, CLAUSE, LEADING
from handlers.analysis.people import Mention
from handlers.analysis.people_cues import relative_role
from handlers.analysis.people_words import TITLE_HEADS
from handlers.analysis.sources import MAX_SOURCE_WORDS, ORGANISATION, PERSON, Said, classify

SUBJECT_WINDOW = 240  # characters read back from a verb for its subject
_PRONOUNS = {"he": PERSON, "she": PERSON, "they": "", "it": ""}
PRONOUNS = frozenset([*_PRONOUNS, "we", "i", "you"])  # "we", "I": a quotation's speaker
# A lone dash is a boundary, and so is a colon: "A: They say 120 posts" (a transcript's
# speaker label) has "They" for its subject.
_WORD = re.compile(r"[\w'’.]+(?:[-‐‑][\w'’.]+)*|[,()—–:-]")
_RELATIVE = ("who", "whose")
_NON_RESTRICTIVE = ("who", "whose", "which")  # after a comma: "X, which runs the shelters,"
_ROLE_END = re.compile(r"[,.;:](?:\s|$)|$")


@dataclass
class Paragraph:
    """What a pronoun can stand for: the paragraph's last speakers and named people."""

    number: int = -1
    person: Said | None = None
    other: Said | None = None
    named: tuple[str, ...] = ()
    rivals: bool = False  # someone else named after `person` spoke: "he" is no longer clear
    first: int = 0  # the paragraph's first sentence
    promoted: dict[Said, Said] = field(default_factory=dict)  # a surname "he" shows is a person


def with_role(sentence: str, end: int) -> int:
    """Where a source ending at `end` ends with the role a relative clause after it gives
    (", who leads the regional civil defence office"); `end` when it gives none."""
    if not relative_role(sentence, end):
        return end
    return _ROLE_END.search(sentence, end + 1).start()


def subject(
    sentence: str, verb_start: int, mentions: list[Mention], state: Paragraph
) -> tuple[Said, int] | None:
    """The noun phrase before a statement verb, classified, and where it starts."""
    # The subject is at most MAX_SOURCE_WORDS words: read back a window, not the sentence.
    window = max(0, verb_start - SUBJECT_WINDOW)
    words = [(m.group(), m.start()) for m in _WORD.finditer(sentence, window, verb_start)]
    if window:
        words = words[1:]  # the first may be cut
    end = len(words)
    while end and _auxiliary(words[end - 1][0]):
        end -= 1
    if not end:
        return None
    apposed = words[end - 1][0] == ","
    first = _clause_start(words, end - 1 if apposed else end, apposed)
    if first is None or (window and first == 0):  # no clause start within the window
        return None
    stop = words[end - 1][1] if apposed else words[end - 1][1] + len(words[end - 1][0])
    if relative := next((w for w in words[first:end] if w[0].lower() in _RELATIVE), None):
        stop = relative[1]  # "A U.S. official who asked not to be named said": the official
        stop = with_role(sentence, stop - 2) if sentence[stop - 2 : stop] == ", " else stop
    elif apposed and (comma := _relative_comma(words, end - 1)) is not None:
        stop = words[comma][1]  # "The county, which runs the shelters, said": the county
    start = _skip_leading(words, first, end)
    if start >= end or _placed(words, start):
        return None
    if end - start == 1 and words[start][0].lower() in PRONOUNS:
        pronoun = _pronoun(words[start][0], state)  # none when it stands for no one known
        return (pronoun, words[start][1]) if pronoun else None
    said = classify(sentence, words[start][1], stop, mentions, state.person)
    return (said, words[start][1]) if said else None


def _placed(words: list[tuple[str, int]], start: int) -> bool:
    """ "Gideon Threlkeld, 58, of Upper Wyke, had admitted": a place in apposition ("of
    Upper Wyke") is no subject; the name before it is cut off by the age, so no source."""
    return start > 0 and words[start - 1][0] == "," and words[start][0] in ("of", "from")


def _auxiliary(word: str) -> bool:
    """ "has", "also", "recently": between a subject and its verb."""
    return word.lower() in AUX or (word.islower() and word.endswith("ly"))


def _clause_start(words: list[tuple[str, int]], end: int, apposed: bool) -> int | None:
    """The first word of the subject ending before `end`: back to a clause boundary."""
    k, commas = end, 0
    if apposed and (comma := _relative_comma(words, end)) is not None:
        k, commas = comma, 1  # "Y, who leads the office and the service, said": before it
    while k > 0:
        word = words[k - 1][0]
        low = word.lower()
        if word == ")":
            k = _open_bracket(words, k - 1)
            continue
        inside = apposed and commas == 0 and low in ("that", "which")  # "the firm that owns"
        if word in "(—–-:" or (
            low in CLAUSE and low not in _RELATIVE and not inside and not _in_list(words, k - 1)
        ):
            break
        if word == ",":
            if apposed and commas == 0 and (_titled(words, k - 1) or _relative(words, k - 1)):
                commas += 1
            elif not _in_list(words, k - 1):
                break
        if end - k >= MAX_SOURCE_WORDS:
            return None
        k -= 1
    return k


def _relative_comma(words: list[tuple[str, int]], end: int) -> int | None:
    """Where the comma opening a relative clause in apposition is, when the subject ends
    with one ("Priya Anand, who leads the office and the fire service,")."""
    for k in range(end - 1, max(-1, end - MAX_SOURCE_WORDS), -1):
        if words[k][0] == ",":
            return k if _relative(words, k) else None
    return None


def _relative(words: list[tuple[str, int]], comma: int) -> bool:
    """ "Tomas Brede, who arrived on Tuesday, said": a relative clause in apposition."""
    return comma + 1 < len(words) and words[comma + 1][0].lower() in _NON_RESTRICTIVE


def _open_bracket(words: list[tuple[str, int]], close: int) -> int:
    k = close
    while k > 0 and words[k][0] != "(":
        k -= 1
    return k


def _in_list(words: list[tuple[str, int]], k: int) -> bool:
    """A comma or "and" between two proper names: "the United States, South Korea, and
    Ukraine", "US and Ukrainian officials"."""
    before = words[k - 1][0] if k > 0 else ""
    if before == "," and k > 1:  # ", and Ukraine"
        before = words[k - 2][0]
    after = words[k + 1][0] if k + 1 < len(words) else ""
    if after.lower() == "and" and k + 2 < len(words):
        after = words[k + 2][0]
    return before[:1].isupper() and after[:1].isupper()


def _titled(words: list[tuple[str, int]], comma: int) -> bool:
    """An apposition comma: a title head just before it, or one in the phrase after it, or
    a name before it and a described body after it ("Frontex, the EU border agency,")."""
    if comma > 0 and words[comma - 1][0].lower() in TITLE_HEADS:
        return True
    after = words[comma + 1][0].lower() if comma + 1 < len(words) else ""
    before = words[comma - 1][0] if comma > 0 else ""
    if (before[:1].isupper() or before.lower() in BODIES) and after in ("the", "a", "an"):
        return True  # "Frontex, the EU border agency,", "The factory, a major employer,"
    return any(w.lower() in TITLE_HEADS for w, _ in words[comma + 1 :])


def _skip_leading(words: list[tuple[str, int]], start: int, end: int) -> int:
    """Past a leading "In an interview with Reuters," and conjunctions."""
    while start < end and words[start][0].lower() in LEADING | {","}:
        if words[start][0] == ",":
            start += 1
            continue
        comma = next((k for k in range(start, end) if words[k][0] == ","), None)
        if comma is None or words[start][0].lower() in ("but", "and", "yet", "also", "still"):
            start += 1
        else:
            start = comma + 1
    return start


def _pronoun(word: str, state: Paragraph) -> Said | None:
    """A pronoun subject, standing for the paragraph's last speaker of its kind (whose text
    it takes: "It added" says who "it" is), only when no other person was named after that
    speaker spoke ("Brandt met Anna Kovac. He said" is no one: one candidate or none)."""
    low = word.lower()
    if low not in _PRONOUNS:  # "we", "I", "you" inside a quotation: the speaker comes later
        return None
    if _PRONOUNS[low] == PERSON:
        if state.person:
            return None if state.rivals else state.person
        if len(state.named) == 1:
            return Said(state.named[0], PERSON, state.named[0])
        return _surname_was_person(state)
    return state.other


def _surname_was_person(state: Paragraph) -> Said | None:
    """ "Varga said ... He now says": "he" never stands for an organisation, so the one
    word taken for one (a surname the document never completes) is the person, when no
    one else is named in the paragraph."""
    other = state.other
    if state.named or other is None or other.kind != ORGANISATION or " " in other.text:
        return None
    person = Said(other.text, PERSON, other.text)
    state.promoted[other] = person
    return person
