"""A long post checked sentence by sentence: the "Check against sources" shortcut and
"@Factdesk" in a thread on a message of several sentences, a pasted paragraph or a list.

A post is cleaned (links, @handles, emoji codes, list bullets), split into sentences
(handlers/analysis/sentences.py) and each sentence kept when it is checkable: it states a
figure, names a person, or has a statement or event verb ("said", "killed", "rose"), and
is neither a question nor a greeting. With two or more such sentences each is checked as
a claim (/claim: words and, with the model loaded, meaning), up to MAX_CHECKED of them;
the answer lists those the sources speak to (supports, consistent, differs, related), up
to MAX_LISTED, and counts the rest. A post with fewer is checked whole, as before.
"""

from __future__ import annotations

import re
import unicodedata
from dataclasses import dataclass

from handlers.analysis.attribution_words import VERBS
from handlers.analysis.figures import extract_figures
from handlers.analysis.people import extract_people
from handlers.analysis.sentences import split_sentences
from handlers.analysis.text import clean_post
from handlers.answers import Match
from handlers.claim import claim
from store import Scope, Store

MAX_POST = 40_000  # characters of a post read (Slack's own limit on a message's text)
MAX_CHECKED = 12  # checkable sentences checked, the first ones: each is a /claim
MAX_LISTED = 5  # sentences the answer lists; the others are counted
MIN_WORDS = 4

_EVENTS = (
    "killed|died|dead|wounded|injured|sent|deployed|arrested|detained|evacuated|displaced|"
    "rose|fell|grew|dropped|doubled|tripled|increased|decreased|won|lost|voted|signed|"
    "banned|closed|opened|resigned|fired|attacked|struck|launched|captured|approved|"
    "rejected|cut|raised|built|destroyed|damaged|flooded|collapsed|paid|spent|sold|bought"
)
_VERB = re.compile(rf"\b(?:{VERBS}|{_EVENTS})\b", re.I)
_EMOJI = re.compile(r":[a-z0-9_+'-]+(?:::skin-tone-\d)?:", re.I)
_USER_ID = re.compile(r"(?<![\w@])@[UW][A-Z0-9]{2,}\b")  # a Slack mention, decoded
_BULLET = re.compile(r"^\s*(?:[-*•‣◦–]|\d{1,2}[.)])\s+", re.M)
_GREETING = re.compile(
    r"^(?:hi|hello|hey|thanks|thank you|good (?:morning|afternoon|evening)|morning|cheers|"
    r"fyi|ps|btw|folks|team|all)\b[\s,!.:]*",
    re.I,
)


@dataclass(frozen=True)
class SentenceCheck:
    """One sentence of the post and the passage that best speaks to it."""

    sentence: str
    best: Match


@dataclass(frozen=True)
class PostCheck:
    """What the sources say to a long post: the sentences they speak to (`found`, in the
    post's order, up to MAX_LISTED), and how many others found passages (`more`), found
    nothing (`nothing`), or were not checked past MAX_CHECKED (`unchecked`)."""

    sentences: int  # checkable sentences in the post
    found: tuple[SentenceCheck, ...]
    more: int
    nothing: int
    unchecked: int
    searched: int  # documents in scope
    cut: bool = False  # only the first MAX_POST characters were read


def readable(text: str) -> str:
    """The post (Slack markup decoded) as words: no links, @handles and mentions, emoji
    (codes or characters) or list bullets; "" when nothing else is left."""
    text = _BULLET.sub("", _EMOJI.sub(" ", clean_post(_USER_ID.sub(" ", text))))
    kept = "".join(" " if unicodedata.category(c) in ("So", "Sk", "Cs", "Co") else c for c in text)
    lines = (" ".join(line.split()) for line in kept.splitlines())
    text = "\n".join(line for line in lines if line)
    return text if any(c.isalnum() for c in text) else ""


def checkable(text: str) -> list[str]:
    """The sentences of `text` worth checking, in order."""
    sentences = [s.text for s in split_sentences(readable(text))]
    named = {m.sentence for m in extract_people(sentences)}
    return [s for i, s in enumerate(sentences) if _claims_something(s, i in named)]


def _claims_something(sentence: str, names_someone: bool) -> bool:
    words = sentence.split()
    if len(words) < MIN_WORDS or sentence.rstrip(" )\"'”’").endswith("?"):
        return False
    if _GREETING.match(sentence) and len(_GREETING.sub("", sentence).split()) < MIN_WORDS:
        return False
    return names_someone or bool(_VERB.search(sentence)) or bool(extract_figures(sentence))


def check_post(store: Store, text: str, scope: Scope) -> PostCheck | None:
    """Each checkable sentence of a long post checked as a claim; None for a post with
    fewer than two of them (check it whole)."""
    cut = len(text) > MAX_POST
    sentences = checkable(text[:MAX_POST])
    if len(sentences) < 2:
        return None
    found: list[SentenceCheck] = []
    for sentence in sentences[:MAX_CHECKED]:
        results = claim(store, sentence, scope, limit=1).results
        if results:
            found.append(SentenceCheck(sentence, results[0]))
    checked = min(len(sentences), MAX_CHECKED)
    return PostCheck(
        len(sentences),
        _listed(found),
        max(0, len(found) - MAX_LISTED),
        checked - len(found),
        len(sentences) - checked,
        store.document_count(scope),
        cut,
    )


def _listed(found: list[SentenceCheck]) -> tuple[SentenceCheck, ...]:
    """Up to MAX_LISTED, those whose figures the sources grade first (supports,
    consistent, differs), then related ones; in the post's order."""
    order = sorted(range(len(found)), key=lambda i: (found[i].best.check == "related", i))
    return tuple(found[i] for i in sorted(order[:MAX_LISTED]))
