"""/figures topics by meaning: counted things and measures the lexicon does not know.

The lexicon (handlers/analysis/counted.py's synonym groups, measure.py's words) is exact
and stays first: a topic it knows ("troops", "death toll", "losses", "euros") is answered
by it alone. A topic it does not know ("inmates", "salaries", "lawmakers") is compared,
as the claim encoder encodes it, with every counted noun of the archive's figures (few,
and kept: store/counted_things.py, `Embedder.phrases`) and with the measures' words; a
noun close enough joins the topic ("inmates ≈ prisoners"), or, closer still than any noun,
a measure ("jailed ≈ arrested"). With no model, nothing changes.

A wrong figure is worse than none, so the bar is high. Word pairs of our own, cosine of
the mean vector of each word's singular and plural forms (`_vector`), fp32 encoder
(measured 2026-12-01 with this module's functions):
  synonyms:  physicians/doctors 0.89, homes/houses 0.88, troops/soldiers 0.85,
             workers/employees 0.84, inmates/prisoners 0.81, votes/ballots 0.80,
             salaries/wages 0.76, tourists/visitors 0.75, boats/ships 0.71,
             vessels/boats 0.71, staff/employees 0.70, staff/workers 0.63,
             jobless/unemployed 0.62, vessels/ships 0.60, pupils/students 0.53
  different: landlords/tenants 0.84, buyers/sellers 0.81, profits/revenue 0.77,
             doctors/patients 0.70, cars/trucks 0.69, dogs/cats 0.68,
             workers/jobs 0.68, teachers/students 0.65, nurses/doctors 0.62,
             troops/civilians 0.61, jobless/jobs 0.61, losses/profits 0.55,
             ships/aircraft 0.47, births/deaths 0.44
(38 synonym and 43 different pairs: AUC 0.81; the other representations tried, the
plural alone, templates such as "the number of X", gave 0.81-0.84.) At NOUN_COSINE 0.75,
17 of the 37 synonym pairs pass (fatalities/deaths is the lexicon's), and of the different
ones only three counterparts, refused by name (COUNTERPARTS). Below that the model cannot
tell a near synonym from a thing's counterpart: "vessels", "staff" and "jobless" stay
unmatched rather than risk "doctors" answering with patients. An audit of 170 topics the
lexicon does not know against 170 nouns news figures count (at 0.72 first) found words
built on one another ("shoppers" ~ shops 0.76, "pensioners" ~ pensions 0.80, "clinicians"
~ clinics 0.81: refused, `_derived`), "renters" ~ landlords 0.79 (a counterpart), and things
near but not the closest ("corporations" ~ shareholders 0.75 beside companies 0.88: a noun
more than MARGIN below the closest is dropped); at 0.75 with those rules, 26 topics match,
e.g. reporters ~ journalists, labourers ~ workers, kids ~ children, killings ~ murders.
Measures (best of a measure's words): murdered/killed 0.86, arrests/arrested 0.77,
imprisoned/arrested 0.76, jailed/arrested 0.74, slain/killed 0.71, detentions/arrested
0.70; refused: kidnapped/arrested 0.61, executed/killed 0.60, stranded/rescued 0.60,
drowned/killed 0.57, hospitalised/wounded 0.54.
"""

from __future__ import annotations

from dataclasses import dataclass, field

import numpy as np

from handlers.analysis.compare import GENERIC
from handlers.analysis.counted import plural, singular, topic_nouns
from handlers.analysis.measure import LOOSE, MEASURES, topic_measure
from handlers.embedding import MEANING, Embedder
from store import Scope, Store

NOUN_COSINE = 0.75
MEASURE_COSINE = 0.70
MARGIN = 0.05  # a noun this far below the topic's closest is another thing near it
# Counterparts the model places as close as synonyms (measured above): never one for the other.
COUNTERPARTS = tuple(
    frozenset(pair.split("/"))
    for pair in [
        *("landlord/tenant", "landlord/renter", "buyer/seller", "lender/borrower"),
        *("employer/employee", "doctor/patient", "teacher/student", "teacher/pupil"),
        *("man/woman", "parent/child", "host/guest", "winner/loser", "birth/death"),
        *("import/export", "profit/revenue", "profit/loss", "gain/loss"),
    ]
)
_NEGATIONS = (("", "less"), ("un", ""), ("non", ""), ("non-", ""))  # jobless is not jobs


@dataclass(frozen=True)
class Widened:
    """What meaning adds to a topic: archive nouns with their cosine, or a measure."""

    topic: str
    nouns: dict[str, float] = field(default_factory=dict)
    measure: str = ""

    def note(self, counts: str, measure: str) -> str:
        """ "inmates ≈ prisoners" for a group counting a noun (or measuring what) meaning
        matched; "" for one the lexicon matched."""
        if self.measure and measure == self.measure:
            return f"{self.topic} ≈ {self.measure}"
        return f"{self.topic} ≈ {plural(counts)}" if counts in self.nouns else ""


def lexicon_knows(topic: str, unit: bool = False) -> bool:
    """Whether the lexicon answers `topic` itself: a measure, a unit or a synonym group."""
    return bool(topic_measure(topic)) or unit or len(topic_nouns(topic)) > 1


def widen(store: Store, topic: str, scope: Scope, unit: bool = False) -> Widened | None:
    """What meaning adds to a topic the lexicon does not know; None when it adds nothing
    (the lexicon knows the topic, the model is not loaded, nothing is close enough)."""
    text = " ".join(topic.lower().split())
    embedder = MEANING.ready()
    if not text or embedder is None or lexicon_knows(text, unit):
        return None
    nouns = _near_nouns(embedder, _vector(embedder, text), text, store.counted.of(scope))
    measure, closest = _near_measure(embedder, embedder.phrases([text])[0])
    if measure and closest > max(nouns.values(), default=0.0):
        return Widened(text, measure=measure)
    return Widened(text, nouns) if nouns else None


def _near_nouns(
    embedder: Embedder, wanted: np.ndarray, topic: str, nouns: tuple[str, ...]
) -> dict[str, float]:
    mine = topic_nouns(topic)
    candidates = [n for n in nouns if n not in mine and _may_stand_for(topic, n)]
    if not candidates:
        return {}
    cosines = _vectors(embedder, candidates) @ wanted
    bar = max(NOUN_COSINE, float(cosines.max()) - MARGIN)  # the closest things, not all near
    return {n: float(c) for n, c in zip(candidates, cosines, strict=True) if c >= bar}


def _near_measure(embedder: Embedder, wanted: np.ndarray) -> tuple[str, float]:
    """The measure whose words come closest to the topic, if one is close enough."""
    named = [(m, w) for m, words in MEASURES.items() if m not in LOOSE for w in words.split(",")]
    cosines = embedder.phrases([w for _, w in named]) @ wanted
    best = int(np.argmax(cosines))
    found = float(cosines[best])
    return (named[best][0], found) if found >= MEASURE_COSINE else ("", found)


def _may_stand_for(topic: str, noun: str) -> bool:
    """Whether meaning may match `noun` at all: not people in general, not a counterpart
    of the topic, not a word built on it or on which it is built ("clinicians" are not
    clinics), not the topic negated ("jobless" is not "jobs")."""
    word = singular(topic.rpartition(" ")[2])
    if noun in GENERIC or any(pair <= {noun, word} for pair in COUNTERPARTS):
        return False
    if _derived(word, noun) or _derived(noun, word):  # shoppers are not shops
        return False
    return not (_negates(word, noun) or _negates(noun, word))


def _derived(word: str, other: str) -> bool:
    """'shopper' is built on 'shop', 'pensioner' on 'pension': another thing."""
    return len(other) >= 3 and word != other and word.startswith(other)


def _negates(word: str, other: str) -> bool:
    """'jobless' negates 'job', 'unemployed' 'employed'."""
    for prefix, suffix in _NEGATIONS:
        if word.startswith(prefix) and word.endswith(suffix) and (prefix or suffix):
            stem = word[len(prefix) : len(word) - len(suffix)]
            if len(stem) >= 3 and singular(other).startswith(stem):
                return True
    return False


def _vector(embedder: Embedder, word: str) -> np.ndarray:
    """A word as the mean of its singular and plural forms' vectors, unit length."""
    return _vectors(embedder, [word])[0]


def _vectors(embedder: Embedder, words: list[str]) -> np.ndarray:
    forms = [(singular(w), plural(singular(w))) for w in words]
    found = embedder.phrases([form for pair in forms for form in pair])
    means = found.reshape(len(words), 2, -1).sum(axis=1)
    return means / np.maximum(np.linalg.norm(means, axis=1, keepdims=True), 1e-12)
