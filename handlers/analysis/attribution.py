"""Who said it: the source a sentence, and each figure in it, is attributed to, by rules
written for newsroom prose (no statistical model is available).

Cues, found by precompiled regexes after a one-pass cue-word prefilter:

- "according to X" (X up to the next comma, "that", "who", a dash or the sentence's end);
- a subject and a statement verb: "X said / says / told / claimed / estimated / reported /
  warned / confirmed / announced / indicated / denied / stated / added / noted / suggested /
  believes / wrote", with auxiliaries and adverbs between ("X has also claimed",
  "X recently raised alarms about"), "X puts the toll at", and the inverted ", said X.";
- the subject is the noun phrase just before the verb, back to the clause's start (a comma
  outside a list of names, "that", "which", "while"...); "X's spokeswoman, Y, said" and
  "Y, a spokeswoman for X, said" keep both parts, Y being the person speaking.

A cue placed before the figures it governs (the verb has a figure after it in its clause,
or "according to X," opens the sentence) is *forward*; one after them (", officials said.")
*backward*. A figure takes the last forward cue before it, else the first backward cue
after it; a sentence without a cue governing a figure gives it none. The passage itself
takes its first cue.

What the subject is: see handlers.analysis.sources.
"""

from __future__ import annotations

import re
from collections.abc import Sequence
from dataclasses import dataclass, field

from handlers.analysis.attribution_words import (
    AUX,
    CLAUSE,
    DETERMINERS,
    LEADING,
    NOUN_LIKE,
    PUT_NEAR,
    PUTS,
    VERBS,
)
from handlers.analysis.people import Mention
from handlers.analysis.people_cues import relative_role
from handlers.analysis.people_words import TITLE_HEADS
from handlers.analysis.sources import MAX_SOURCE_WORDS, ORGANISATION, PERSON, Said, classify

SUBJECT_WINDOW = 240  # characters read back from a verb for its subject

# Case-sensitive (a third of the cost of re.I): the verbs are lowercase wherever a cue can be.
_CUE_WORDS = re.compile(rf"\b(?:[Aa]ccording\s+to|{VERBS}|{PUTS})\b")
_VERB = re.compile(rf"\b({VERBS})\b(?:\s+(?:about|over|of|that))?")
_PUT_AT = re.compile(
    rf"\b({PUTS})\s+(?:the|its|their|his|her)\s+(?:[a-z-]+\s+){{0,6}}?(?:at|{PUT_NEAR})\b"
)
_ACCORDING = re.compile(r"\b[Aa]ccording\s+to\s+")
_SOURCE_END = re.compile(r",|;|:|\s[—–-]\s|\(|\bthat\b|\bwho\b|\bwhich\b|[.!?](?:\s|$)|$")
_INVERTED = re.compile(rf"[^,]{{0,2}},[\"”’']?\s+({VERBS})\s+(?=[A-Z]|the\s|an?\s)")
# A plural noun that looks like a verb: "reports from", "estimates of", "the reports were".
_PREPOSITION_AFTER = re.compile(r"\s+(?:from|of|by|on|in|at|for|about)\b")
_AUX_AFTER = re.compile(
    rf"\s+(?:were|are|have|had|was|is|suggest|suggested|indicate|indicated|show|showed|say|said|"
    rf"{PUTS})\b"
)
_PRONOUNS = {"he": PERSON, "she": PERSON, "they": "", "it": ""}
PRONOUNS = frozenset([*_PRONOUNS, "we", "i", "you"])  # "we", "I": a quotation's speaker
_STATEMENT_END = re.compile(r";|,\s+(?:while|whereas|but|although|though)\b|\s[—–]\s")
_WORD = re.compile(r"[\w'’.]+(?:[-‐‑][\w'’.]+)*|[,()—–-]")  # a lone dash is a boundary
_RELATIVE = ("who", "whose")
_ROLE_END = re.compile(r"[,.;:](?:\s|$)|$")


@dataclass(frozen=True)
class _Cue:
    said: Said
    start: int  # where the cue's source or verb starts
    end: int  # where the statement it governs can start (forward) or ends (backward)
    forward: bool
    until: int = 1 << 30  # a forward cue's statement ends here (", while ...", "; ...")


@dataclass(frozen=True)
class SentenceSaid:
    """A sentence's own attribution, and one per figure (in the order given)."""

    said: Said | None
    figures: tuple[Said | None, ...]


@dataclass
class _Paragraph:
    """What a pronoun can stand for: the paragraph's last speakers and named people."""

    number: int = -1
    person: Said | None = None
    other: Said | None = None
    named: tuple[str, ...] = ()
    rivals: bool = False  # someone else named after `person` spoke: "he" is no longer clear
    first: int = 0  # the paragraph's first sentence
    promoted: dict[Said, Said] = field(default_factory=dict)  # a surname "he" shows is a person


def attribute(
    sentences: Sequence[str],
    paragraphs: Sequence[int],
    people: Sequence[Mention],
    figure_starts: Sequence[Sequence[int]],
) -> list[SentenceSaid]:
    """The attribution of each sentence and of each of its figures (their start offsets)."""
    by_sentence: dict[int, list[Mention]] = {}
    for m in people:
        by_sentence.setdefault(m.sentence, []).append(m)
    state, found = _Paragraph(), []
    for i, sentence in enumerate(sentences):
        if paragraphs[i] != state.number:
            _promote(found, state)
            state = _Paragraph(paragraphs[i], first=i)
        mentions = by_sentence.get(i, [])
        first = _CUE_WORDS.search(sentence)  # the prefilter: most sentences stop here
        cues = _cues(sentence, first.start(), mentions, figure_starts[i], state) if first else []
        if (
            mentions
            and mentions[0].start == 0
            and sentence[mentions[0].end : mentions[0].end + 1] == ":"
        ):
            cues.insert(0, _headline_cue(mentions[0]))
        found.append(_sentence_said(cues, figure_starts[i]))
        _remember(state, cues, mentions)
    _promote(found, state)
    return found


def _promote(found: list[SentenceSaid], state: _Paragraph) -> None:
    """ "Varga said ... He now says": the lone surname was a person all along, in every
    sentence of the paragraph that named it as a source."""
    if not state.promoted:
        return
    for k in range(state.first, len(found)):
        said = found[k]
        fix = state.promoted.get
        found[k] = SentenceSaid(
            fix(said.said, said.said) if said.said else None,
            tuple(fix(f, f) if f else None for f in said.figures),
        )


def _headline_cue(m: Mention) -> _Cue:
    """ "Zelenskiy: around 11,000 troops now in Kursk": a headline's speaker and colon."""
    return _Cue(Said(m.spelling, PERSON, m.name), 0, m.end + 1, True)


def _sentence_said(cues: list[_Cue], starts: Sequence[int]) -> SentenceSaid:
    if not cues:
        return SentenceSaid(None, (None,) * len(starts))
    return SentenceSaid(cues[0].said, tuple(_governing(cues, p) for p in starts))


def _governing(cues: list[_Cue], position: int) -> Said | None:
    before = [c for c in cues if c.forward and c.end <= position < c.until]
    if before:
        return before[-1].said
    after = [c for c in cues if not c.forward and c.start >= position]
    return after[0].said if after else None


def _remember(state: _Paragraph, cues: list[_Cue], mentions: list[Mention]) -> None:
    spoke = -1  # where this sentence's last person cue starts
    for cue in cues:
        if cue.said.kind == PERSON:
            state.person, state.rivals, spoke = cue.said, False, cue.start
        else:
            state.other = cue.said
    if not mentions:
        return
    if state.person and any(m.start > spoke and m.name != state.person.person for m in mentions):
        state.rivals = True  # "Brandt met Anna Kovac. He said ...": which one?
    state.named = tuple(dict.fromkeys([*state.named, *(m.name for m in mentions)]))


# -- finding cues -------------------------------------------------------------------------


def _cues(
    sentence: str, first: int, mentions: list[Mention], starts: Sequence[int], state: _Paragraph
) -> list[_Cue]:
    cues = _verb_cues(sentence, first, mentions, starts, state)
    if "ccording" in sentence:
        cues += _according(sentence, mentions)
    return sorted(cues, key=lambda c: c.start)


def _according(sentence: str, mentions: list[Mention]) -> list[_Cue]:
    found = []
    for match in _ACCORDING.finditer(sentence):
        end = _SOURCE_END.search(sentence, match.end()).start()
        said = classify(sentence, match.end(), end, mentions)
        if said is None:
            continue
        if sentence[: match.start()].strip(" ,;:") == "" or sentence[end : end + 1] == ",":
            found.append(_Cue(said, match.start(), end, True))
        if sentence[: match.start()].strip(" ,;:"):  # "..., according to X": what came before
            found.append(_Cue(said, match.start(), match.start(), False))
    return found


def _verb_cues(
    sentence: str, first: int, mentions: list[Mention], starts: Sequence[int], state: _Paragraph
) -> list[_Cue]:
    found = []
    puts = _PUT_AT.finditer(sentence) if " p" in sentence else ()
    for match in [*_VERB.finditer(sentence, first), *puts]:
        verb = match[1]
        if verb in NOUN_LIKE and _is_noun(sentence, match.start(1), match.end(1)):
            continue
        if inverted := _INVERTED.match(sentence, max(0, match.start() - 3)):
            found += _inverted(sentence, inverted, mentions)
        subject = _subject(sentence, match.start(), mentions, state)
        if subject:
            found.append(_forward_or_back(sentence, match, subject, starts))
    return found


def _forward_or_back(
    sentence: str, verb: re.Match, subject: tuple[Said, int], starts: Sequence[int]
) -> _Cue:
    """Forward when a figure follows the verb in its clause (one may start at the verb:
    "estimated 300 deaths" is hedged by it), else backward."""
    said, start = subject
    if not starts:
        return _Cue(said, start, start, False)
    until = _clause_end(sentence, verb.end())
    forward = any(verb.start() <= p < until for p in starts)
    return _Cue(said, start, verb.start() if forward else start, forward, until)


def _inverted(sentence: str, match: re.Match, mentions: list[Mention]) -> list[_Cue]:
    """ "..., said Olek Brandt, a spokesman": the source after the verb (with a role its
    relative clause gives: "said Priya Anand, who leads the civil defence office")."""
    end = _with_role(sentence, _SOURCE_END.search(sentence, match.end()).start())
    said = classify(sentence, match.end(), end, mentions)
    return [_Cue(said, match.start(), match.start(), False)] if said else []


def _with_role(sentence: str, end: int) -> int:
    """Where a source ending at `end` ends with the role a relative clause after it gives
    (", who leads the regional civil defence office"); `end` when it gives none."""
    if not relative_role(sentence, end):
        return end
    return _ROLE_END.search(sentence, end + 1).start()


def _is_noun(sentence: str, start: int, end: int) -> bool:
    """ "reports from Kyiv", "the estimates were": a noun, not a verb."""
    if _PREPOSITION_AFTER.match(sentence, end):
        return True
    before = sentence[max(0, start - 20) : start].split()
    return bool(_AUX_AFTER.match(sentence, end)) and (
        not before or before[-1].lower() in DETERMINERS
    )


def _clause_end(sentence: str, position: int) -> int:
    """Where the statement after a verb ends: ";", ", while", ", but", or the sentence's end."""
    match = _STATEMENT_END.search(sentence, position)
    return match.start() if match else len(sentence)


def _subject(
    sentence: str, verb_start: int, mentions: list[Mention], state: _Paragraph
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
        stop = _with_role(sentence, stop - 2) if sentence[stop - 2 : stop] == ", " else stop
    start = _skip_leading(words, first, end)
    if start >= end:
        return None
    if end - start == 1 and words[start][0].lower() in PRONOUNS:
        pronoun = _pronoun(words[start][0], state)  # none when it stands for no one known
        return (pronoun, words[start][1]) if pronoun else None
    said = classify(sentence, words[start][1], stop, mentions, state.person)
    return (said, words[start][1]) if said else None


def _auxiliary(word: str) -> bool:
    """ "has", "also", "recently": between a subject and its verb."""
    return word.lower() in AUX or (word.islower() and word.endswith("ly"))


def _clause_start(words: list[tuple[str, int]], end: int, apposed: bool) -> int | None:
    """The first word of the subject ending before `end`: back to a clause boundary."""
    k, commas = end, 0
    while k > 0:
        word = words[k - 1][0]
        low = word.lower()
        if word == ")":
            k = _open_bracket(words, k - 1)
            continue
        inside = apposed and commas == 0 and low in ("that", "which")  # "the firm that owns"
        if word in "(—–-" or (
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


def _relative(words: list[tuple[str, int]], comma: int) -> bool:
    """ "Tomas Brede, who arrived on Tuesday, said": a relative clause in apposition."""
    return comma + 1 < len(words) and words[comma + 1][0].lower() in _RELATIVE


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
    if comma > 0 and words[comma - 1][0][:1].isupper() and after in ("the", "a", "an"):
        return True
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


def _pronoun(word: str, state: _Paragraph) -> Said | None:
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


def _surname_was_person(state: _Paragraph) -> Said | None:
    """ "Varga said ... He now says": "he" never stands for an organisation, so the one
    word taken for one (a surname the document never completes) is the person, when no
    one else is named in the paragraph."""
    other = state.other
    if state.named or other is None or other.kind != ORGANISATION or " " in other.text:
        return None
    person = Said(other.text, PERSON, other.text)
    state.promoted[other] = person
    return person
