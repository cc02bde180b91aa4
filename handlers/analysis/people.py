"""The people a document mentions, found by rules (no statistical model is available).

A candidate is a run of capitalised words on one line, joined by single spaces, that may hold
hyphens, apostrophes and particles ("Kim Jong-un", "Ursula von der Leyen", "O'Brien",
"al-Assad"); particles do not count as words, so "Von der Leyen" alone is a surname. A run
ends after a possessive ("Putin’s") and is cut at function words ("The", "According") and at
stop words: places, nationalities, months, weekdays, compass words and acronyms ("NATO").
A piece holding an organisation word ("Council", "Oblast", "News", "War") is not a person,
nor is a run continuing one after "of"/"for" ("Centre for Countering Disinformation"),
nor, without a title, a name ending in a company or place word ("Meridian Freight",
"Sarrow Ridge", `people_cues`) or written after "in", "at", "near" ("near Sarrow"); a
title keeps a surname that is such a word ("Captain Dana Ridge", "Ruth Street, a judge").

Titles: the last title word in a run that still has a name after it ("President", "Minister",
"Secretary-General", "Gen.") opens the name; the title is that word with the title words,
organisations and places written before it ("U.S. Defense Secretary", "NATO
Secretary-General"), minus leading nationalities and compass words, which say where someone
is from, not the role: "Ukrainian Defense Minister" -> "Defense Minister", "North Korean
leader" -> "leader". A lowercase role just before the name ("leader Kim Jong-un") counts too,
and so does "Secretary of State" before "Antony Blinken".

A name of two or more capitalised words is a person. A single word is one only when
(a) a title precedes it ("President Zelenskyy"), (b) it is the surname, or the family name of
a family-name-first name ("Kim"), of a full name found in the same document, or (c) it is
possessive or the subject of a speech verb and the same surname appears title-cued elsewhere
in the document. A heading (every word capitalised but small words) adds no single words and
only full names already found in the body: title case hides where names end.

The author (byline) is document-level: one Mention per byline name, sentence -1, title
"author", start/end being offsets in the author string.
"""

from __future__ import annotations

import re
from collections import Counter
from collections.abc import Callable
from dataclasses import dataclass

from handlers.analysis.names import compound_surname, name_key, same_person
from handlers.analysis.people_cues import (
    after_vessel_word,
    apposition_title,
    place_or_company,
)
from handlers.analysis.people_words import (
    ABBREVIATIONS,
    BREAKS,
    DEMONYMS,
    ORG_WORDS,
    PARTICLES,
    PLACES,
    SMALL_WORDS,
    TIME_WORDS,
    TITLE_HEADS,
    TITLE_WORDS,
)

AUTHOR_SENTENCE = -1
AUTHOR_TITLE = "author"
MAX_NAME_WORDS = 4


_SPEECH = re.compile(
    r"\s+(?:(?:has|had|have|also|later|then|again|previously|reportedly|publicly)\s+)*"
    r"(?:said|says|say|told|tells|added|adds|warned|warns|stated|states|claimed|claims|noted|"
    r"notes|urged|urges|argued|argues|described|describes|condemned|condemns|voiced|voices|"
    r"feared|fears|announced|announces|insisted|insists|wrote|writes|explained|explains|asked|"
    r"asks|replied|confirmed|confirms|denied|denies|suggested|suggests|emphasi[sz]ed|stressed|"
    r"believes|believed|thinks|called|calls|accused|accuses|vowed|vows|pledged|promised|"
    r"admitted|acknowledged|declared|declares)\b"
)
_SUBJECT_VERB = re.compile(
    r"\s+(?:might|may|will|would|could|can|should|must|has|had|is|was|wants|wanted|hopes|"
    r"hoped|seems|appears|plans|planned|sent|ordered|signed|met|visited|insisted)\b"
)
_TOKEN = re.compile(r"(?:[^\W\d_]\.){2,}|[^\W\d_]+(?:['’\-‐‑][^\W\d_]+)*\.?")
_POSSESSIVE = re.compile(r"['’]s$")
_BYLINE_SEP = re.compile(r"\s*(?:,|&|\band\b)\s*|^\s*by\b:?", re.IGNORECASE)
_HYPHEN_PARTICLE = re.compile(r"(?:al|el|ad|as|ash|ibn|bin|abu)-", re.IGNORECASE)


Span = tuple[int, int]


@dataclass(frozen=True)
class Mention:
    sentence: int  # index into the sentences passed in; AUTHOR_SENTENCE for the byline
    spelling: str  # as written, without a possessive
    name: str  # the full name this resolves to within the document, else the spelling
    title: str  # "" or the role written next to the name
    start: int  # offsets of the spelling in that sentence (in the author string for bylines)
    end: int
    # A lone surname this document never completes, written as a subject ("Putin might
    # hope"): a person only when /who knows exactly one person of that surname elsewhere.
    bare: bool = False


class _Token:
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


@dataclass(frozen=True)
class _Candidate:
    sentence: int
    start: int
    end: int
    spelling: str
    title: str
    words: int  # name words in the spelling, particles not counted
    cue: bool  # possessive, or followed by a speech verb
    heading: bool
    subject: bool = False  # cue, or followed by a verb a subject takes ("might", "has")


def _tokenize(sentence: str) -> list[_Token]:
    tokens: list[_Token] = []
    last = 0
    for i, match in enumerate(_TOKEN.finditer(sentence)):
        text, start = match[0], match.start()
        if text[-1] == "." and not _keeps_period(text):
            text = text[:-1]
        core = _POSSESSIVE.sub("", text) if "'" in text or "’" in text else text
        tokens.append(_Token(core, start, i, sentence[last:start], core != text))
        last = start + len(text)
    return tokens


def _keeps_period(text: str) -> bool:
    """Keep the period of "Gen.", "U.S." and an initial "V.", not a sentence's last one."""
    core = text[:-1]
    return core.lower() in ABBREVIATIONS or "." in core or (len(text) == 2 and text[0].isupper())


def _is_acronym(token: _Token) -> bool:
    letters = token.text.replace(".", "")
    return len(letters) >= 2 and letters.isupper()


def _is_stop(token: _Token) -> bool:
    low = token.low
    return low in PLACES or low in DEMONYMS or low in TIME_WORDS or _is_acronym(token)


def _is_break(token: _Token) -> bool:
    """Function words, and a sentence's first word ending in "-ly" ("Currently")."""
    return token.low in BREAKS or (token.i == 0 and token.low.endswith("ly"))


def _is_particle_word(token: _Token) -> bool:
    return not token.capital and (
        token.low in PARTICLES or ("-" in token.text and bool(_HYPHEN_PARTICLE.match(token.text)))
    )


def _joined(prev: _Token, token: _Token) -> bool:
    return not prev.possessive and token.gap != "" and token.gap.isspace() and "\n" not in token.gap


def _runs(tokens: list[_Token]) -> list[list[_Token]]:
    """Maximal runs of capitalised words (and inner particles) joined by spaces."""
    runs: list[list[_Token]] = []
    for token in tokens:
        if not (token.capital or _is_particle_word(token)):
            continue
        if runs and runs[-1][-1].i == token.i - 1 and _joined(runs[-1][-1], token):
            runs[-1].append(token)
        else:
            runs.append([token])
    return [run for run in map(_trim_particles, runs) if run]


def _trim_particles(run: list[_Token]) -> list[_Token]:
    """Drop trailing lowercase particles; a leading "von der" may start a surname."""
    end = len(run)
    while end and not run[end - 1].capital and not _HYPHEN_PARTICLE.match(run[end - 1].text):
        end -= 1
    return run[:end]


def _split(tokens: list[_Token], cut: Callable[[_Token], bool]) -> list[list[_Token]]:
    pieces: list[list[_Token]] = [[]]
    for token in tokens:
        if cut(token):
            pieces.append([])
        else:
            pieces[-1].append(token)
    return [piece for piece in pieces if piece]


def _is_heading(tokens: list[_Token]) -> bool:
    return bool(tokens) and all(t.capital or t.low in SMALL_WORDS for t in tokens)


def _title_like(token: _Token) -> bool:
    low = token.low
    return (
        low in TITLE_WORDS or low in DEMONYMS or low in PLACES or low in ORG_WORDS
    ) or _is_acronym(token)


def _walk_back(tokens: list[_Token], head: int) -> int:
    """The first of the title-like words joined before a title head; one lowercase word
    between them joins too when a title-like word precedes it ("the UN aid coordinator")."""
    first = head
    while first > 0 and _joined(tokens[first - 1], tokens[first]):
        if _title_like(tokens[first - 1]):
            first -= 1
        elif first == head and first > 1 and _bridges(tokens, first - 1):
            first -= 2
        else:
            break
    return first


def _bridges(tokens: list[_Token], k: int) -> bool:
    """A lowercase, non-function word joined after a title-like word: "UN *aid* coordinator"."""
    word = tokens[k]
    return (
        not word.capital
        and word.low not in BREAKS
        and _joined(tokens[k - 1], word)
        and _title_like(tokens[k - 1])
    )


def _apposed(first: _Token) -> bool:
    """ "Her spokeswoman, Lina Farouk, said": only a comma between a title head and a name."""
    return first.gap.strip() == "," and "\n" not in first.gap


def _without_origin(tokens: list[_Token], first: int, head: int) -> int:
    """Skip leading nationalities and compass words: "North Korean leader" -> "leader"."""
    while first < head and tokens[first].low in DEMONYMS:
        first += 1
    return first


def _title_before(tokens: list[_Token], first: _Token) -> Span | None:
    """A role written just before a run, typically lowercase: "North Korean leader Kim";
    or in apposition before it: "her spokeswoman, Lina Farouk,"."""
    head = first.i - 1
    if head < 0 or tokens[head].low not in TITLE_HEADS:
        return None
    if tokens[head].possessive or not (_joined(tokens[head], first) or _apposed(first)):
        return None
    start = _without_origin(tokens, _walk_back(tokens, head), head)
    return tokens[start].start, tokens[head].end


def _parts(
    piece: list[_Token], tokens: list[_Token], before: Span | None
) -> list[tuple[list[_Token], Span | None]]:
    """A piece as (words, title span) parts: the words before its title, and after it."""
    heads = [k for k, token in enumerate(piece[:-1]) if token.low in TITLE_HEADS]
    if not heads:
        return [(piece, before or _title_before(tokens, piece[0]))]
    head = heads[-1]
    first = _walk_back(piece, head)
    span = (piece[_without_origin(piece, first, head)].start, piece[head].end)
    return [(piece[:first], None), (piece[head + 1 :], span)]


def _is_name_word(token: _Token) -> bool:
    """Counts toward a name's length: "Ursula von der Leyen" has 2, "Bashar al-Assad" 2."""
    return (token.capital and token.low not in PARTICLES) or bool(
        _HYPHEN_PARTICLE.match(token.text)
    )


def _not_a_name(token: _Token) -> bool:
    """A lone initial, or a title word standing alone ("General Staff" -> "Staff")."""
    return len(token.text.rstrip(".")) < 2 or token.low in TITLE_WORDS


def _after_connector(run: list[_Token], tokens: list[_Token]) -> tuple[list[_Token], Span | None]:
    """A run after "of"/"for": continuing an organisation ("Centre for Countering
    Disinformation") it is dropped; after a title ("Secretary of State Antony Blinken") its
    leading title-like words complete the title."""
    k = run[0].i - 1
    if k < 1 or tokens[k].low not in ("of", "for"):
        return run, None
    owner = tokens[k - 1]
    if not (_joined(owner, tokens[k]) and _joined(tokens[k], run[0])):
        return run, None
    if owner.capital and owner.low in ORG_WORDS:
        return [], None
    n = 0
    while owner.low in TITLE_HEADS and n < len(run) - 1 and _title_like(run[n]):
        n += 1
    if n == 0:
        return run, None
    start = _without_origin(tokens, _walk_back(tokens, owner.i), owner.i)
    return run[n:], (tokens[start].start, run[n - 1].end)


def _segment_candidate(
    segment: list[_Token], title: str, sentence: str, index: int, heading: bool
) -> _Candidate | None:
    words = sum(map(_is_name_word, segment))
    if any(t.low in ORG_WORDS for t in segment[:-1]) or not 0 < words <= MAX_NAME_WORDS:
        return None
    if words == 1 and len(segment) == 1 and _not_a_name(segment[0]):
        return None
    start, end, last = segment[0].start, segment[-1].end, segment[-1]
    if after_vessel_word(sentence, start):
        return None
    if not title and not last.possessive:
        title = apposition_title(sentence, end)
    spoke = bool(_SPEECH.match(sentence, end))
    person_cue = "title" if title else "speech" if spoke else ""
    if place_or_company(
        sentence, last.low, len(segment), (start, end), last.possessive, person_cue
    ):
        return None
    cue = last.possessive or spoke
    subject = cue or (words == 1 and bool(_SUBJECT_VERB.match(sentence, end)))
    spelling = sentence[start:end]
    return _Candidate(index, start, end, spelling, title, words, cue, heading, subject)


def _candidates(sentence: str, index: int) -> list[_Candidate]:
    tokens = _tokenize(sentence)
    heading = _is_heading(tokens)
    found = []
    for whole in _runs(tokens):
        run, before = _after_connector(whole, tokens)
        for piece in _split(run, _is_break):
            for part, span in _parts(piece, tokens, before if piece[0] is run[0] else None):
                title = sentence[span[0] : span[1]] if span else ""
                for k, segment in enumerate(_split(part, _is_stop)):
                    cued = title if k == 0 and segment[0] is part[0] else ""
                    found.append(_segment_candidate(segment, cued, sentence, index, heading))
    return [c for c in found if c]


def _pick(spelling: str, matches: list[str], counts: Counter[str]) -> str:
    """The most frequent (then first) full name, if all of them are one person."""
    best = max(matches, key=lambda full: counts[full])
    return best if all(same_person(best, other) for other in matches) else spelling


@dataclass
class _Document:
    """The full names and title-cued surnames of one document, each spelling once, and
    the full names each surname matched (computed once per spelling: a long document
    repeats the same surnames, and comparing each against every mention was quadratic)."""

    fulls: Counter[str]
    cued: tuple[str, ...]
    full_keys: set[str]
    matched: dict[str, list[str]]

    def matches(self, spelling: str) -> list[str]:
        if spelling not in self.matched:
            self.matched[spelling] = [
                f for f in self.fulls if same_person(spelling, f) or compound_surname(spelling, f)
            ]
        return self.matched[spelling]


def _resolve(c: _Candidate, doc: _Document) -> str | None:
    """The name a candidate stands for in this document, or None if it is not a person."""
    if c.words >= 2:
        return c.spelling if not c.heading or name_key(c.spelling) in doc.full_keys else None
    if c.heading:
        return None
    if matches := doc.matches(c.spelling):
        return _pick(c.spelling, matches, doc.fulls)
    if c.title or (c.cue and any(same_person(c.spelling, other) for other in doc.cued)):
        return c.spelling
    return None


def _byline(author: str | None) -> list[Mention]:
    """One document-level Mention per byline name ("By A and B" gives two)."""
    text, found, last = author or "", [], 0
    for sep in [*_BYLINE_SEP.finditer(text), None]:
        end = sep.start() if sep else len(text)
        part = text[last:end]
        name, start = part.strip(), last + len(part) - len(part.lstrip())
        if name_key(name):
            found.append(
                Mention(AUTHOR_SENTENCE, name, name, AUTHOR_TITLE, start, start + len(name))
            )
        last = sep.end() if sep else end
    return found


def extract_people(
    sentences: list[str], author: str | None = None, bare: bool = False
) -> list[Mention]:
    """People mentioned in one document's sentences, in order; the byline's first. With
    `bare`, also the lone surnames written as subjects that the document never completes
    (Mention.bare: /who decides whether they are someone)."""
    found = [c for index, sentence in enumerate(sentences) for c in _candidates(sentence, index)]
    fulls = Counter(c.spelling for c in found if c.words >= 2 and not c.heading)
    cued = tuple(
        dict.fromkeys(c.spelling for c in found if c.words == 1 and c.title and not c.heading)
    )
    doc = _Document(fulls, cued, {name_key(full) for full in fulls}, {})
    mentions = _byline(author)
    for c in found:
        name = _resolve(c, doc)
        if name:
            mentions.append(Mention(c.sentence, c.spelling, name, c.title, c.start, c.end))
        elif bare and c.words == 1 and c.subject and not c.heading:
            mentions.append(Mention(c.sentence, c.spelling, c.spelling, "", c.start, c.end, True))
    return mentions
