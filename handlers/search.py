"""Query terms: weighting by rarity, typo correction against the index vocabulary,
and pruning the OR query to the terms that discriminate.

The candidate query is an OR of stemmed terms ranked by BM25 in the store. OR
semantics mean one missing or misspelled word does not lose a passage; pruning
to the rarest few terms keeps BM25 from scoring every passage that contains
"said" or "north" (measured at 1M sentences: the full OR is ~5x slower).
"""

from __future__ import annotations

from dataclasses import dataclass
from functools import cached_property
from string import ascii_lowercase

from rapidfuzz import fuzz, process

from handlers.analysis.counted import SYNONYMS
from handlers.analysis.text import terms
from store import Store
from store.search.scoring import idf

MAX_QUERY_TERMS = 32  # terms kept in the OR; the rarest first
COMMON_SHARE = 0.05  # terms in more passages than this share are dropped when rarer ones exist
COMMON_FLOOR = 2_000  # ...but never below this many passages: short postings cost nothing
FALLBACK_TERMS = 3  # with fewer than two rare terms, the OR takes this many of the rarest
# Candidate work grows with the postings read, not the archive: past the rarest MIN_KEPT
# terms, commoner ones join the OR only while the postings stay under the budget. They
# still count in the rerank; below ~100k sentences the budget is never reached.
MIN_KEPT = 4
POSTINGS_BUDGET = 60_000
TYPO_MIN_LENGTH = 6  # shorter unknown stems are not corrected (too many near-misses)
TYPO_SIMILARITY = 88  # rapidfuzz ratio a vocabulary term needs to stand in for an unknown word
TYPO_WEIGHT = 0.8  # a corrected term counts a little less than an exact one
SYNONYM_WEIGHT = 0.8  # "troops" in the passage for "soldiers" in the claim
# The name signing a pasted post ("— Ilhan Omar (@IlhanMN) Jan 6, 2020") is searched too:
# fact checks are often about what that person posted ("Did Ilhan Omar say..."). It brings
# candidates and BM25 (CheckThat! 2020 train MAP@5 0.822 -> 0.848); its weight in coverage
# barely matters there (0.846-0.847 from 0 to 0.5, 0.845 at 1), so it is low: most signers
# are bystanders whose name should not lift a passage past CUTOFF.
AUTHOR_WEIGHT = 0.25


def _synonym_stems() -> dict[str, frozenset[str]]:
    """Stem -> the stems of its counted-thing group (soldier -> troop, forc, personnel...)."""
    table: dict[str, frozenset[str]] = {}
    for members in SYNONYMS.values():
        stems = frozenset(t for member in members if " " not in member for t in terms(member))
        for stem in stems:
            table[stem] = stems
    return table


SYNONYM_STEMS = _synonym_stems()


@dataclass(frozen=True)
class QueryTerm:
    term: str  # the stemmed term searched for
    written: str  # what the query said (differs when corrected)
    df: int
    weight: float  # inverse document frequency; 0 for a term nowhere in the index

    @cached_property  # read for every candidate passage
    def synonyms(self) -> frozenset[str]:
        return SYNONYM_STEMS.get(self.term, frozenset()) - {self.term}


def correct(store: Store, term: str) -> tuple[str, int] | None:
    """The indexed term closest to an unknown `term`, with its frequency, if close enough:
    by similarity to the indexed terms, else the commonest indexed term one slip away."""
    if len(term) < TYPO_MIN_LENGTH or term.isdigit():
        return None
    vocabulary = dict(store.vocabulary_between(term[0], chr(ord(term[0]) + 1)))
    near = {t: df for t, df in vocabulary.items() if abs(len(t) - len(term)) <= 2}
    best = process.extractOne(term, list(near), scorer=fuzz.ratio, score_cutoff=TYPO_SIMILARITY)
    if best:
        return best[0], near[best[0]]
    slipped = {stem: vocabulary[stem] for stem in _one_slip(term) if stem in vocabulary}
    return max(slipped.items(), key=lambda item: (item[1], item[0])) if slipped else None


def _one_slip(word: str) -> set[str]:
    """The index terms of the words one slip from `word`: two neighbouring letters swapped
    or one letter replaced, the first kept. fuzz.ratio counts either slip as two edits, so
    below nine letters TYPO_SIMILARITY misses it ("zelenksi" for "zelenski"); and the
    vocabulary holds stems, so "aarbic" is one swap from the word "arabic", not from its
    stem "arab" (at 1M real-news passages such a typo lost its sentence: bench.scale_rerun)."""
    swapped = (word[:i] + word[i + 1] + word[i] + word[i + 2 :] for i in range(1, len(word) - 1))
    replaced = (
        word[:i] + letter + word[i + 1 :]
        for i in range(1, len(word))
        for letter in ascii_lowercase
        if letter != word[i]
    )
    return {found[0] for w in (*swapped, *replaced) if len(found := terms(w)) == 1}


def weigh(store: Store, stems: list[str]) -> list[QueryTerm]:
    """Every distinct query term with its weight; unknown words corrected when possible."""
    total = max(store.passage_count(), 1)
    frequencies = store.document_frequencies(stems)
    weighted: list[QueryTerm] = []
    for stem in dict.fromkeys(stems):
        df = frequencies.get(stem, 0)
        if df:
            weighted.append(QueryTerm(stem, stem, df, idf(df, total)))
            continue
        fixed = correct(store, stem)
        if fixed:
            weighted.append(QueryTerm(fixed[0], stem, fixed[1], TYPO_WEIGHT * idf(fixed[1], total)))
        else:
            weighted.append(QueryTerm(stem, stem, 0, idf(0, total)))
    return weighted


def weigh_author(store: Store, stems: list[str], query: list[QueryTerm]) -> list[QueryTerm]:
    """The author's name terms that are in the index and not already in the query, at
    AUTHOR_WEIGHT (no typo correction: a name the archive lacks cannot help)."""
    known = {t.term for t in query}
    wanted = [stem for stem in dict.fromkeys(stems) if stem not in known]
    if not wanted:
        return []
    total = max(store.passage_count(), 1)
    frequencies = store.document_frequencies(wanted)
    return [
        QueryTerm(stem, stem, df, AUTHOR_WEIGHT * idf(df, total))
        for stem in wanted
        if (df := frequencies.get(stem, 0))
    ]


def prune(weighted: list[QueryTerm], total: int) -> list[str]:
    """The rarest terms found in the index, at most MAX_QUERY_TERMS of them, and past the
    rarest MIN_KEPT only while their postings stay within POSTINGS_BUDGET."""
    found = sorted((t for t in weighted if t.df), key=lambda t: t.df)
    rare = [t for t in found if t.df <= max(COMMON_SHARE * total, COMMON_FLOOR)]
    chosen = rare if len(rare) >= 2 else found[:FALLBACK_TERMS]
    kept, postings = [], 0
    for term in chosen[:MAX_QUERY_TERMS]:
        postings += term.df
        if len(kept) >= MIN_KEPT and postings > POSTINGS_BUDGET:
            break
        kept.append(term)
    return [t.term for t in kept] + sorted({s for t in kept for s in t.synonyms})


def _covered(term: QueryTerm, passage_terms: set[str]) -> float:
    if term.term in passage_terms:
        return term.weight
    synonyms = term.synonyms
    return (
        SYNONYM_WEIGHT * term.weight if synonyms and not synonyms.isdisjoint(passage_terms) else 0.0
    )


def coverage(weighted: list[QueryTerm], passage_terms: set[str]) -> float:
    """Share of the query's weight (unknown words count in full) that the passage contains;
    a counted-thing synonym (troops for soldiers) counts for a little less."""
    total = sum(t.weight for t in weighted)
    if not total:
        return 0.0
    return sum(_covered(t, passage_terms) for t in weighted) / total
