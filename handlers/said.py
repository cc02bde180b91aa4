"""Who said it, in answers: a stored attribution with its person named as /who knows them,
and the short label transports show ("Volodymyr Zelensky (President)", "US officials")."""

from __future__ import annotations

from rapidfuzz.distance import JaroWinkler

from handlers.analysis.names import SURNAME_SIMILARITY, name_key
from handlers.analysis.people_cues import relative_role
from handlers.analysis.people_words import DEMONYMS
from handlers.answers import SaidBy
from handlers.people import load_people
from store import Attribution, Scope, Store

MAX_ROLE_WORDS = 6
_NOT_ROLE = frozenset(["the", "a", "an", "his", "her", "their", "its", "he", "she", "they", "it"])


class Speakers:
    """Names people as /who does; the people index is loaded on the first person only."""

    def __init__(self, store: Store, scope: Scope) -> None:
        self.store, self.scope = store, scope
        self._canonical: dict[str, str] | None = None

    def canonical(self, person: str) -> str:
        if self._canonical is None:
            self._canonical = load_people(self.store, self.scope).canonical_by_key
        return self._canonical.get(name_key(person), person)

    def said_by(self, said: Attribution | None) -> SaidBy | None:
        if said is None:
            return None
        person = self.canonical(said.person) if said.kind == "person" and said.person else None
        return SaidBy(said.text, person, said.kind)


def role(said: SaidBy) -> str:
    """The role the source's text gives a person: "Ukrainian President Volodymyr Zelensky"
    -> "President", "her spokeswoman, Lina Farouk" -> "spokeswoman"; "" for none."""
    if not said.person:
        return ""
    if ", who " in said.text:  # "Priya Anand, who leads the civil defence office"
        return relative_role(said.text, said.text.index(", who "))
    names = set(name_key(said.person).split())
    kept = []
    for word in said.text.replace(",", " ").split():
        key = name_key(word)
        if key and not _names_them(key, names) and word.lower() not in _NOT_ROLE:
            kept.append(word)
    while kept and kept[0].lower() in DEMONYMS:
        kept.pop(0)
    return " ".join(kept) if 0 < len(kept) <= MAX_ROLE_WORDS else ""


def _names_them(key: str, names: set[str]) -> bool:
    """Whether a word of the source's text is one of the person's names, as written there:
    the text may spell them otherwise than /who's name ("Tomas Wierzba" for Tomasz)."""
    return key in names or any(JaroWinkler.similarity(key, n) >= SURNAME_SIMILARITY for n in names)


def label(said: SaidBy | None) -> str:
    """How an answer names the source: the person (with their role), else the text."""
    if said is None:
        return ""
    if not said.person:
        return mid_sentence(said.text)
    shown = role(said)
    return f"{said.person} ({shown})" if shown else said.person


def says(said: SaidBy | None) -> str:
    """ "Zelensky says" for a claim note: a person by surname, else the source's text."""
    if said is None:
        return "source says"
    if said.person:
        return f"{said.person.split()[-1]} says"
    head = next((w for w in said.text.split() if w.lower() in _CONNECTORS), None)
    words = said.text.split()
    last = words[words.index(head) - 1] if head and words.index(head) else words[-1]
    plural = said.kind == "unnamed" and last.lower().endswith("s")
    return f"{mid_sentence(said.text)} {'say' if plural else 'says'}"


def mid_sentence(text: str) -> str:
    """A source as written at a sentence's start, as it reads inside an answer's line: "The
    county" -> "the county"; a name stays ("The Guardian", "A Coruna port authority")."""
    first, _, rest = text.partition(" ")
    if first in ("The", "A", "An") and rest[:1].islower():
        return f"{first.lower()} {rest}"
    return text


_CONNECTORS = frozenset(["of", "from", "at", "for", "in", "with", "on"])
