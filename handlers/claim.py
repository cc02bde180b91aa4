"""/claim: which passages support or contradict a claim, and where a figure differs.

Two stages. Candidates: BM25 over stemmed terms from the store's full-text index
(an OR of the rarest query terms, typos corrected against the vocabulary).
Rerank: the few hundred candidates are scored 0-100 from how much of the claim's
weight they contain, rapidfuzz token similarity, BM25, and shared figures.
"""

from __future__ import annotations

from collections import defaultdict
from dataclasses import dataclass

from rapidfuzz import fuzz

from handlers.analysis import verdict
from handlers.analysis.compare import comparable
from handlers.analysis.figures import Figure, extract_figures
from handlers.analysis.text import clean_post, post_author, terms, truncate_query
from handlers.answers import ClaimAnswer, FigureOut, Match, Source
from handlers.claim_meaning import Ahead, blend, cosines
from handlers.said import Speakers, says
from handlers.search import QueryTerm, coverage, prune, weigh, weigh_author
from store import FigureRow, PassageRow, PassageTerms, Scope, Store

CANDIDATES = 200
# Results scoring below this are not shown: a passage must carry about half of the
# claim's rare words (in its own words or its document's), not just a few common ones.
# Checked against claims about people and places absent from the corpus.
CUTOFF = 35.0
# The blend, tuned on the train split of CheckThat! 2020 (bench/checkthat.py): coverage
# is the share of the claim's IDF weight a passage contains; "context" features pool the
# passage with its matching neighbours (a headline with its first sentence, a sentence with
# the next), so a passage whose context carries the whole claim outranks a stray sentence
# sharing a few words. Token similarity catches reordering.
W_COVERAGE, W_CONTEXT_COVERAGE, W_BM25, W_CONTEXT_BM25, W_FUZZY = 0.2, 0.4, 0.1, 0.2, 0.1
W_FIGURE = 0.25


@dataclass(frozen=True)
class Scored:
    score: float
    relevance: float  # the text score (words and meaning), before figure evidence
    row: PassageTerms
    figures: tuple[FigureRow, ...]
    words: float = 0.0  # the words' share alone (bench/checkthat.py tunes the blend on it)
    cosine: float | None = None  # with the claim, when both have a vector
    evidence: float | None = None  # 100 when a figure supports the claim's, else 0


def claim(store: Store, text: str, scope: Scope, limit: int = 5) -> ClaimAnswer:
    """/claim TEXT – find passages that support or contradict a claim"""
    query, was_cut = truncate_query(clean_post(text))
    author = terms(post_author(text))
    text, _ = truncate_query(text)  # the claim as asked, no longer than what was searched
    searched = store.document_count(scope)
    note = "(the claim was cut to its first words)" if was_cut else ""
    claim_figures = tuple(extract_figures(query))
    weighted = weigh(store, terms(query))
    weighted += weigh_author(store, author, weighted)
    scored = rank(store, query, weighted, claim_figures, scope)
    kept = [s for s in scored if s.relevance >= CUTOFF][:limit]
    rows = {row.id: row for row in store.passages.rows([s.row.id for s in kept])}
    kept = [s for s in kept if s.row.id in rows]  # gone since it was ranked: not shown
    if not kept:
        message = f"Nothing in {searched} documents matches this claim. {note}".strip()
        return ClaimAnswer(text, (), searched, message, _figures_out(claim_figures))
    matches = _matches(store, scope, kept, rows, claim_figures, {t.term for t in weighted})
    return ClaimAnswer(text, tuple(matches), searched, note, _figures_out(claim_figures))


def rank(
    store: Store,
    query: str,
    weighted: list[QueryTerm],
    claim_figures: tuple[Figure, ...],
    scope: Scope,
) -> list[Scored]:
    """Candidates from the full-text index and, with meaning on, the passages nearest the
    claim by cosine; reranked best first."""
    bm25, rows, figures, cosine = _candidates(store, query, weighted, scope)
    if not rows:
        return []
    context = _Context(rows, bm25, weighted, " ".join(terms(query)))
    counted = any(f.counts for f in claim_figures)
    scored = []
    for row in rows:
        found = tuple(figures.get(row.id, ()))
        words = context.relevance(row)
        relevance = blend(words, cosine.get(row.id))
        score, evidence = relevance, None
        if counted:
            graded = check(claim_figures, found)[0]
            evidence = 100.0 if graded in ("supports", "consistent") else 0.0
            score = (1 - W_FIGURE) * relevance + W_FIGURE * evidence
        scored.append(Scored(score, relevance, row, found, words, cosine.get(row.id), evidence))
    return sorted(scored, key=lambda s: (-s.score, s.row.id))


def _candidates(
    store: Store, query: str, weighted: list[QueryTerm], scope: Scope
) -> tuple[dict[int, float], list[PassageTerms], dict[int, list[FigureRow]], dict[int, float]]:
    """The lexical candidates (passage id -> BM25) with, by meaning, the nearest passages
    (BM25 0); their terms, figures and cosines. The meaning is looked up on another thread
    while the words are searched and read (claim_meaning.Ahead)."""
    ahead = Ahead(store, query, scope)
    candidates = store.match_any(prune(weighted, store.passage_count()), scope, CANDIDATES)
    bm25 = {c.passage_id: c.score for c in candidates}
    rows = store.passages.terms(list(bm25))
    figures = store.figures.of_passages(list(bm25))
    meant = ahead.meaning()
    nearer = [passage_id for passage_id in meant.nearest if passage_id not in bm25]
    if nearer:  # found by meaning alone
        bm25.update(dict.fromkeys(nearer, 0.0))
        rows += store.passages.terms(nearer)
        figures.update(store.figures.of_passages(nearer))
    return bm25, rows, figures, cosines(store, meant.vector, [r.id for r in rows])


class _Context:
    """Each candidate with its neighbours among the candidates (the sentence before and
    after), so a passage is also scored on the context it stands in."""

    def __init__(
        self,
        rows: list[PassageTerms],
        bm25: dict[int, float],
        weighted: list[QueryTerm],
        query_terms: str,
    ) -> None:
        self.bm25, self.weighted, self.folded = bm25, weighted, query_terms
        self.top = max(bm25.values(), default=0.0) or 1.0
        self.doc_terms: dict[tuple[int, int], set[str]] = defaultdict(set)
        self.doc_bm25: dict[tuple[int, int], float] = defaultdict(float)
        for row in rows:
            for place in _window(row):
                self.doc_terms[place].update(row.terms.split())
                self.doc_bm25[place] += bm25[row.id]
        self.doc_top = max(self.doc_bm25.values(), default=0.0) or 1.0

    def relevance(self, row: PassageTerms) -> float:
        """0-100 from the claim's weighted words, BM25 and token similarity."""
        doc = (row.document_id, row.position)
        return 100 * (
            W_COVERAGE * coverage(self.weighted, set(row.terms.split()))
            + W_CONTEXT_COVERAGE * coverage(self.weighted, self.doc_terms[doc])
            + W_BM25 * self.bm25[row.id] / self.top
            + W_CONTEXT_BM25 * self.doc_bm25[doc] / self.doc_top
            + W_FUZZY * fuzz.token_sort_ratio(self.folded, row.terms) / 100
        )


def _window(row: PassageTerms) -> tuple[tuple[int, int], ...]:
    """The places (document, position) whose context includes this passage."""
    return tuple((row.document_id, row.position + d) for d in (-1, 0, 1))


def check(claim_figures: tuple[Figure, ...], figures: tuple[FigureRow, ...]) -> tuple[str, str]:
    """The graded check of a passage's figures against the claim's (`verdict.grade`):
    among the figures with the same counted thing and a compatible measure, the best of
    'supports', 'consistent' and 'differs', with what the source says; 'related' when
    none is comparable."""
    best: tuple[int, str, str] | None = None
    for wanted in claim_figures:
        for found in figures:
            if not comparable(wanted, found) or (grade := _graded(wanted, found)) is None:
                continue
            candidate = (verdict.RANK[grade], grade, _note(grade, wanted, found))
            best = candidate if best is None or candidate[0] < best[0] else best
    return (best[1], best[2]) if best else ("related", "")


def _graded(wanted: Figure, found: FigureRow) -> str | None:
    """`verdict.grade` as far as the source stands by its figure: one it withdraws never
    supports a claim (the claim's value is what it took back: differs; another value: no
    evidence either way, None), one it disputes never confirms it (consistent at most)."""
    grade = verdict.grade(wanted, found)
    if found.status == "withdrawn":
        return None if grade == "differs" else "differs"
    if found.status == "disputed" and grade == "supports":
        return "consistent"
    return grade


def _note(grade: str, wanted: Figure, found: FigureRow) -> str:
    """ "source says at least 10,000 soldiers — does not confirm 50,000" and the like."""
    if found.status == "withdrawn":
        return f"source withdrew {found.text}"
    said = f"source says {found.text}"
    if found.status:
        said += f" ({found.status} in the source)"
    if grade == "consistent":
        said += f" — does not confirm {wanted.text}"
    return said


def _matches(
    store: Store,
    scope: Scope,
    kept: list[Scored],
    rows: dict[int, PassageRow],
    claim_figures: tuple[Figure, ...],
    wanted: set[str],
) -> list[Match]:
    around = store.passages.neighbours(rows[s.row.id] for s in kept)
    speakers = Speakers(store, scope)
    matches = []
    for item in kept:
        row = rows[item.row.id]
        before = around.get((row.document.id, row.position - 1), "")
        after = around.get((row.document.id, row.position + 1), "")
        verdict, note = check(claim_figures, item.figures)
        figures = tuple(FigureOut.of(f, speakers.said_by(f.said)) for f in item.figures)
        matches.append(
            Match(
                excerpt=row.text,
                context=" ".join(part for part in (before, row.text, after) if part),
                score=round(item.score, 1),
                document=Source.of(row.document),
                figures=figures,
                check=verdict,
                note=_named(note, figures),
                highlights=highlights(row.text, wanted),
                said_by=speakers.said_by(row.said),
            )
        )
    return matches


def _named(note: str, figures: tuple[FigureOut, ...]) -> str:
    """ "source says approximately 11,000" -> "Zelensky says approximately 11,000" when the
    figure the note quotes is attributed."""
    for figure in figures:
        if figure.said_by and f"source says {figure.text}" in note:
            return note.replace("source says", says(figure.said_by), 1)
    return note


def highlights(sentence: str, wanted: set[str]) -> tuple[str, ...]:
    """The words of `sentence` whose stemmed form is one of the query's terms."""
    words = dict.fromkeys(sentence.replace("’", "'").split())
    return tuple(w for w in words if (t := terms(w.strip(".,;:!?\"'()[]"))) and t[0] in wanted)


def _figures_out(found: tuple[Figure, ...]) -> tuple[FigureOut, ...]:
    return tuple(FigureOut.of(f) for f in found)
