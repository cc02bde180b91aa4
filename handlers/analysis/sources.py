"""What the source of a statement is (handlers.analysis.attribution finds where it is):
- *person*: it holds a person people extraction found in this sentence (a surname resolves
  to the document's full name there), or it is "he"/"she" (or a surname) standing for the
  last person who spoke in the paragraph, else the only person the paragraph has named;
- *unnamed*: its head noun is a generic source ("officials", "reports", "sources",
  "intelligence reports from the United States", "the municipality", "engineers at the port
  authority"), or it is "they"/"it" standing for the paragraph's last such source;
- *organisation*: otherwise, when its head is a proper name ("Ukraine", "the Red Cross",
  "the World Health Organization", "Reuters") or an organisation word with a proper name
  before it ("the Ukrainian Defence Ministry");
- *unnamed* too: a body or a plural of agents with no proper name ("the regional fire
  brigade", "the pilots' association", "forecasters"), in at most six words.
A subject that is none of these (its head is an ordinary word: "the number rose, prices
said") is no attribution; nothing is guessed.
"""

from __future__ import annotations

import re
from dataclasses import dataclass

from handlers.analysis.attribution_words import BODIES, CONNECTORS, GENERIC
from handlers.analysis.names import same_person
from handlers.analysis.people import Mention
from handlers.analysis.people_words import DEMONYMS, ORG_WORDS

PERSON, ORGANISATION, UNNAMED = "person", "organisation", "unnamed"
MAX_SOURCE_WORDS = 14
MAX_UNNAMED_WORDS = 6
_AGENTS = re.compile(r"(?:[a-z]{3}(?:ers|ists|ians|ors))$")  # forecasters, scientists
_DETERMINERS_ONLY = frozenset(["", "the", "a", "an", "this", "that", "these", "those", "its"])
_POSSESSIVE = re.compile(r"['’]s?$")
# "Hallett Mining, the valley's largest employer": a name, then what it is.
_APPOSITIVE = re.compile(r"(?P<name>[^,]+),\s+(?:the|a|an)\s+\S")


@dataclass(frozen=True)
class Said:
    """The source of a statement: `text` as written (trimmed), its kind, and the person's
    full name in this document when it is a person."""

    text: str
    kind: str  # PERSON | ORGANISATION | UNNAMED
    person: str = ""


def classify(
    sentence: str, start: int, end: int, mentions: list[Mention], last: Said | None = None
) -> Said | None:
    """What the source written at sentence[start:end] is (`last`: the paragraph's last
    person speaking, whom a lone surname may stand for), or None."""
    text = sentence[start:end].strip(" ,;:'\"“”‘’")
    words = text.split()
    if not words or len(words) > MAX_SOURCE_WORDS:
        return None
    inside = [m for m in mentions if start <= m.start and m.end <= end]
    # "Zelensky's spokesman, Serhiy Nykyforov": the one speaking is not the possessive.
    speaking = [m for m in inside if sentence[m.end : m.end + 2] not in ("'s", "’s")] or inside
    if speaking:
        return Said(text, PERSON, speaking[0].name)
    if len(words) == 1 and last and same_person(words[0], last.person):
        return Said(text, PERSON, last.person)
    opens_sentence = sentence[:start].strip(" -–—•*") == ""  # a list item's first word too
    return _named_apposition(text, opens_sentence) or _kind(text, words, opens_sentence)


def _named_apposition(text: str, opens_sentence: bool) -> Said | None:
    """ "Hallett Mining, the valley's largest employer": the organisation (or the body:
    "The factory, a major employer in the town") named before the comma; the description
    after it is what it is, not who."""
    match = _APPOSITIVE.match(text)
    if match is None:
        return None
    name = match["name"].strip()
    said = _kind(name, name.split(), opens_sentence)
    return said if said and said.kind in (ORGANISATION, UNNAMED) else None


def _kind(text: str, words: list[str], opens_sentence: bool) -> Said | None:
    head_words = _head(words)
    head = _POSSESSIVE.sub("", head_words[-1]).lower() if head_words else ""
    if head in _DETERMINERS_ONLY:  # "The reported damage": "reported" is no verb here
        return None
    proper = [
        w for k, w in enumerate(head_words) if w[:1].isupper() and not (k == 0 and opens_sentence)
    ]
    proper = [w for w in proper if w.lower() not in DEMONYMS and w.lower() not in _DETERMINERS_ONLY]
    if head in GENERIC and not (head in ORG_WORDS and proper):
        return Said(text, UNNAMED)
    last = head_words[-1] if head_words else ""
    if last[:1].isupper() and last.lower() not in DEMONYMS:
        return Said(text, ORGANISATION)
    if (head in ORG_WORDS or head in GENERIC) and proper:
        return Said(text, ORGANISATION)
    if not proper and head_words[-1].islower() and _unnamed_head(head, len(words)):
        return Said(text, UNNAMED)  # "the regional fire brigade", "the pilots' association"
    return None


def _unnamed_head(head: str, words: int) -> bool:
    """A body or a plural of agents: "brigade", "association", "meteorologists"."""
    return words <= MAX_UNNAMED_WORDS and (head in BODIES or bool(_AGENTS.search(head)))


def _head(words: list[str]) -> list[str]:
    """The words before a connector: "engineers at the port authority" -> ["engineers"]."""
    for k, word in enumerate(words):
        if k and word.lower() in CONNECTORS:
            return words[:k]
    return words
