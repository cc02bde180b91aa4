"""Who said it: the source a sentence, and each figure in it, is attributed to, by rules
written for newsroom prose (no statistical model is available).

Cues, found by precompiled regexes after a one-pass cue-word prefilter:

- "according to X" (X up to the next comma, "that", "who", a dash or the sentence's end);
- a subject and a statement verb: "X said / says / told / claimed / estimated / reported /
  warned / confirmed / announced / indicated / denied / stated / added / noted / suggested /
  believes / wrote", with auxiliaries and adverbs between ("X has also claimed",
  "X recently raised alarms about"), "X puts the toll at" (or "closer to", "nearer": an
  estimate near a figure), and the inverted ", said X." (with a role its relative clause
  gives: ", said Priya Anand, who leads the civil defence office.");
- a person's name opening the sentence before a colon ("Zelenskiy: around 11,000 troops
  now in Kursk"), unless what follows is a table row's cells ("812 repairs done; 95 still
  waiting.");
- the subject is the noun phrase just before the verb (handlers.analysis.attribution_subject);
  a verb-like noun is no verb ("reports from Kyiv", "Unconfirmed reports put ...").

A cue placed before the figures it governs (the verb has a figure after it in its clause,
or "according to X," opens the sentence) is *forward*; one after them (", officials said.")
*backward*. A figure takes the last forward cue before it, else the first backward cue
after it; a sentence without a cue governing a figure gives it none. The passage itself
takes its first cue.

What the subject is: see handlers.analysis.sources; where it is and what a pronoun stands
for: handlers.analysis.attribution_subject.
"""

from __future__ import annotations

import re
from collections.abc import Sequence
from dataclasses import dataclass

from handlers.analysis.attribution_subject import Paragraph, subject, with_role
from handlers.analysis.attribution_words import DETERMINERS, NOUN_LIKE, PUT_NEAR, PUTS, VERBS
from handlers.analysis.people import Mention
from handlers.analysis.sources import PERSON, Said, classify

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
# ", police said, and 2.5m watched": a verb whose clause ends at it closes what came before.
_CLOSES = re.compile(r"[,;]\s+(?:and|but|while|whereas|although|though)\b")
# A table row read with its header ("Harlow Green: 812 repairs done; 95 still waiting.",
# handlers.reflow): its label is what the row is about, not a speaker.
_TABLE_ROW = re.compile(r"\s*[~<>+]?[$€£]?[0-9][^;]*(?:;\s[~<>+]?[$€£]?[0-9][^;]*)+\.$")
_STATEMENT_END = re.compile(r";|,\s+(?:while|whereas|but|although|though)\b|\s[—–]\s")


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
    state, found = Paragraph(), []
    for i, sentence in enumerate(sentences):
        if paragraphs[i] != state.number:
            _promote(found, state)
            state = Paragraph(paragraphs[i], first=i)
        mentions = by_sentence.get(i, [])
        first = _CUE_WORDS.search(sentence)  # the prefilter: most sentences stop here
        cues = _cues(sentence, first.start(), mentions, figure_starts[i], state) if first else []
        if (
            mentions
            and mentions[0].start == 0
            and sentence[mentions[0].end : mentions[0].end + 1] == ":"
            and not _TABLE_ROW.match(sentence, mentions[0].end + 1)
        ):
            cues.insert(0, _headline_cue(mentions[0]))
        found.append(_sentence_said(cues, figure_starts[i]))
        _remember(state, cues, mentions)
    _promote(found, state)
    return found


def _promote(found: list[SentenceSaid], state: Paragraph) -> None:
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


def _remember(state: Paragraph, cues: list[_Cue], mentions: list[Mention]) -> None:
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
    sentence: str, first: int, mentions: list[Mention], starts: Sequence[int], state: Paragraph
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
    sentence: str, first: int, mentions: list[Mention], starts: Sequence[int], state: Paragraph
) -> list[_Cue]:
    found = []
    puts = _PUT_AT.finditer(sentence) if " p" in sentence else ()
    for match in [*_VERB.finditer(sentence, first), *puts]:
        verb = match[1]
        if verb in NOUN_LIKE and _is_noun(sentence, match.start(1), match.end(1)):
            continue
        if inverted := _INVERTED.match(sentence, max(0, match.start() - 3)):
            found += _inverted(sentence, inverted, mentions)
        if said := subject(sentence, match.start(), mentions, state):
            found.append(_forward_or_back(sentence, match, said, starts))
    return found


def _forward_or_back(
    sentence: str, verb: re.Match, subject: tuple[Said, int], starts: Sequence[int]
) -> _Cue:
    """Forward when a figure follows the verb in its clause (one may start at the verb:
    "estimated 300 deaths" is hedged by it), else backward (as when ", and" follows it)."""
    said, start = subject
    if not starts or _CLOSES.match(sentence, verb.end()):
        return _Cue(said, start, start, False)
    until = _clause_end(sentence, verb.end())
    forward = any(verb.start() <= p < until for p in starts)
    return _Cue(said, start, verb.start() if forward else start, forward, until)


def _inverted(sentence: str, match: re.Match, mentions: list[Mention]) -> list[_Cue]:
    """ "..., said Olek Brandt, a spokesman": the source after the verb (with a role its
    relative clause gives: "said Priya Anand, who leads the civil defence office")."""
    end = with_role(sentence, _SOURCE_END.search(sentence, match.end()).start())
    said = classify(sentence, match.end(), end, mentions)
    return [_Cue(said, match.start(), match.start(), False)] if said else []


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
