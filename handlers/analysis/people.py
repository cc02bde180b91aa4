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

Titles ("U.S. Defense Secretary", "leader" in "leader Kim Jong-un"): `people_titles`.

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
from dataclasses import dataclass

from handlers.analysis.names import compound_surname, name_key, same_person
from handlers.analysis.people_cues import (
    after_vessel_word,
    apposition_title,
    place_or_company,
)
from handlers.analysis.people_titles import after_connector, parts
from handlers.analysis.people_tokens import (
    Token,
    is_break,
    is_heading,
    is_name_word,
    is_stop,
    runs,
    split,
    tokenize,
)
from handlers.analysis.people_words import ORG_WORDS, TITLE_WORDS

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
_BYLINE_SEP = re.compile(r"\s*(?:,|&|\band\b)\s*|^\s*by\b:?", re.IGNORECASE)


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


def _not_a_name(token: Token) -> bool:
    """A lone initial, or a title word standing alone ("General Staff" -> "Staff")."""
    return len(token.text.rstrip(".")) < 2 or token.low in TITLE_WORDS


def _segment_candidate(
    segment: list[Token], title: str, sentence: str, index: int, heading: bool
) -> _Candidate | None:
    words = sum(map(is_name_word, segment))
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
    tokens = tokenize(sentence)
    heading = is_heading(tokens)
    found = []
    for whole in runs(tokens):
        run, before = after_connector(whole, tokens)
        for piece in split(run, is_break):
            for part, span in parts(piece, tokens, before if piece[0] is run[0] else None):
                title = sentence[span[0] : span[1]] if span else ""
                for k, segment in enumerate(split(part, is_stop)):
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
