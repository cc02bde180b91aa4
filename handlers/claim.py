"""/claim: which passages support or contradict a claim, and where a figure differs.

Two stages. Candidates: BM25 over stemmed terms from the store's full-text index
(an OR of the rarest query terms, typos corrected against the vocabulary).
Rerank: the few hundred candidates are scored 0-100 from how much of the claim's
weight they contain, rapidfuzz token similarity, BM25, and shared figures.
"""

from __future__ import annotations

from dataclasses import dataclass

from rapidfuzz import fuzz

from handlers.analysis.figures import Figure, compatible, extract_figures, same_counted
from handlers.analysis.text import clean_post, normalise, terms, truncate_query
from handlers.answers import ClaimAnswer, FigureOut, Match, Source
from handlers.search import QueryTerm, coverage, prune, weigh
from store import FigureRow, PassageRow, Scope, Store

CANDIDATES = 200
# Results scoring below this are not shown: at 35 a passage must carry roughly half
# of the claim's rare words, or most of them in other words. Tuned on the train split
# of CheckThat! 2020 and on claims about things absent from the corpus.
CUTOFF = 35.0
W_COVERAGE, W_FUZZY, W_BM25 = 0.55, 0.30, 0.15
# When the claim states a figure, a passage giving a compatible figure for the same
# counted thing is the most direct evidence there is: it earns this share of the score.
# The cutoff applies to the text score alone, so this share never lets an unrelated
# passage in; it only orders the relevant ones.
W_FIGURE = 0.25


@dataclass(frozen=True)
class Scored:
    score: float
    relevance: float  # the text score, before figure evidence
    row: PassageRow
    figures: tuple[FigureRow, ...]


def claim(store: Store, text: str, scope: Scope, limit: int = 5) -> ClaimAnswer:
    """/claim TEXT – find passages that support or contradict a claim"""
    query, was_cut = truncate_query(clean_post(text))
    searched = store.document_count(scope)
    note = "(the claim was cut to its first words)" if was_cut else ""
    claim_figures = tuple(extract_figures(query))
    weighted = weigh(store, terms(query))
    scored = rank(store, query, weighted, claim_figures, scope)
    kept = [s for s in scored if s.relevance >= CUTOFF][:limit]
    if not kept:
        message = f"Nothing in {searched} documents matches this claim. {note}".strip()
        return ClaimAnswer(text, (), searched, message, _figures_out(claim_figures))
    matches = _matches(store, kept, claim_figures, {t.term for t in weighted})
    return ClaimAnswer(text, tuple(matches), searched, note, _figures_out(claim_figures))


def rank(
    store: Store,
    query: str,
    weighted: list[QueryTerm],
    claim_figures: tuple[Figure, ...],
    scope: Scope,
) -> list[Scored]:
    """Candidates from the full-text index, reranked best first."""
    candidates = store.match_any(prune(weighted, store.passage_count()), scope, CANDIDATES)
    if not candidates:
        return []
    bm25 = {c.passage_id: c.score for c in candidates}
    top = max(bm25.values()) or 1.0
    rows = store.passages(list(bm25))
    figures = store.figures_for([r.id for r in rows])
    folded = normalise(query)
    counted = any(f.counts for f in claim_figures)
    scored = []
    for row in rows:
        found = tuple(figures.get(row.id, ()))
        relevance = _relevance(folded, weighted, row, bm25[row.id] / top)
        score = relevance
        if counted:
            evidence = 100.0 if check(claim_figures, found)[0] == "supports" else 0.0
            score = (1 - W_FIGURE) * relevance + W_FIGURE * evidence
        scored.append(Scored(score, relevance, row, found))
    return sorted(scored, key=lambda s: (-s.score, s.row.id))


def _relevance(folded: str, weighted: list[QueryTerm], row: PassageRow, bm25: float) -> float:
    """0-100 from the claim's weighted words, token similarity and BM25."""
    share = coverage(weighted, set(row.terms.split()))
    similar = fuzz.token_set_ratio(folded, normalise(row.text)) / 100
    return 100 * (W_COVERAGE * share + W_FUZZY * similar + W_BM25 * bm25)


def check(claim_figures: tuple[Figure, ...], figures: tuple[FigureRow, ...]) -> tuple[str, str]:
    """'supports' when a figure for the same counted thing is compatible with the claim's,
    'differs' (with the source's figure) when none is, otherwise 'related'."""
    differing = ""
    for wanted in claim_figures:
        for found in figures:
            if not wanted.counts or not same_counted(wanted.counts, found.counts):
                continue
            if wanted.unit != found.unit:
                continue
            if compatible(wanted, _as_figure(found)):
                return "supports", f"source says {found.text}"
            differing = differing or f"source says {found.text}"
    return ("differs", differing) if differing else ("related", "")


def _matches(
    store: Store, kept: list[Scored], claim_figures: tuple[Figure, ...], wanted: set[str]
) -> list[Match]:
    around = store.neighbours(s.row for s in kept)
    matches = []
    for item in kept:
        row = item.row
        before = around.get((row.document.id, row.position - 1), "")
        after = around.get((row.document.id, row.position + 1), "")
        verdict, note = check(claim_figures, item.figures)
        matches.append(
            Match(
                excerpt=row.text,
                context=" ".join(part for part in (before, row.text, after) if part),
                score=round(item.score, 1),
                document=Source.of(row.document),
                figures=tuple(FigureOut.of(f) for f in item.figures),
                check=verdict,
                note=note,
                highlights=highlights(row.text, wanted),
            )
        )
    return matches


def highlights(sentence: str, wanted: set[str]) -> tuple[str, ...]:
    """The words of `sentence` whose stemmed form is one of the query's terms."""
    words = dict.fromkeys(sentence.replace("’", "'").split())
    return tuple(w for w in words if (t := terms(w.strip(".,;:!?\"'()[]"))) and t[0] in wanted)


def _as_figure(row: FigureRow) -> Figure:
    return Figure(row.value, row.low, row.high, row.hedge, row.counts, row.unit, row.text, 0, 0)


def _figures_out(found: tuple[Figure, ...]) -> tuple[FigureOut, ...]:
    return tuple(
        FigureOut(f.value, f.low, f.high, f.hedge, f.counts, f.unit, f.text) for f in found
    )
