"""/figures: every number the sources give on a topic, who gave it, how far they disagree."""

from __future__ import annotations

from collections import defaultdict
from dataclasses import replace

from handlers.analysis.compare import group_key
from handlers.analysis.counted import singular, topic_nouns
from handlers.analysis.measure import topic_measures
from handlers.analysis.text import terms, truncate_query
from handlers.answers import (
    FigureGroup,
    FigureMatch,
    FiguresAnswer,
    FiguresSummary,
    Source,
    Spread,
)
from handlers.figure_label import group_label, span_text, stood_by
from handlers.figures_meaning import Widened, lexicon_knows, widen
from handlers.said import Speakers, label
from store import FigureRow, PassageRow, Scope, Store

ALSO_LIMIT = 3  # groups of other things counted in the passages found
COUNTED_LIMIT = 500  # figures counting the topic itself (past that, the newest indexed)
TEXT_CANDIDATES = 200  # passages with figures whose text matches the topic
SATURATED_TEXT_CANDIDATES = 50  # ...when COUNTED_LIMIT figures count the topic itself


def figures(store: Store, topic: str, scope: Scope, limit: int = 5) -> FiguresAnswer:
    """/figures TOPIC – every number the sources give on a topic, and how far they disagree"""
    # Lone surrogates (JSON allows "\\ud800") cannot be encoded for the database.
    topic, _ = truncate_query(topic.encode("utf-8", "ignore").decode().strip(), 200)
    groups, others = topic_groups(store, topic, scope, limit)
    results = tuple(match for group in groups for match in group.values)
    also = tuple(match for group in others for match in group.values)
    summary = FiguresSummary(
        tuple(g.spread for g in groups), len(results), tuple(g.spread for g in others)
    )
    if not results:
        searched = store.document_count(scope)
        message = f"No figures on {topic!r} in {searched} documents."
        return FiguresAnswer(topic, (), summary, message, also)
    return FiguresAnswer(topic, results, summary, also=also)


def figure_groups(store: Store, topic: str, scope: Scope, limit: int = 5) -> list[FigureGroup]:
    """The `limit` groups of figures about `topic` itself, each with its spread."""
    return topic_groups(store, topic, scope, limit)[0]


def topic_groups(
    store: Store, topic: str, scope: Scope, limit: int = 5
) -> tuple[list[FigureGroup], list[FigureGroup]]:
    """The groups whose measure or counted thing is the topic's ("death toll": figures
    measuring killed; "troops": figures counting troops or a synonym), and the groups of
    other figures found in the same passages ("also in these passages")."""
    widened = widen(store, topic, scope, unit=bool(_unit(topic)))
    found = _collect(store, topic, scope, widened)
    about = _about(topic, widened)
    speakers = Speakers(store, scope)
    mine = [(f, p) for f, p in found if about(f)]
    others = [(f, p) for f, p in found if not about(f)]
    nouns = topic_nouns(topic) | set(widened.nouns if widened else ())
    groups = _by_meaning(spreads(mine, nouns, limit, speakers), topic, widened)
    return groups, spreads(others, nouns, ALSO_LIMIT, speakers)


_UNITS = {"euro": "EUR", "dollar": "USD", "pound": "GBP", "yen": "JPY", "yuan": "CNY"}
_UNITS |= {"rouble": "RUB", "ruble": "RUB", "hryvnia": "UAH", "percent": "%", "%": "%"}
_UNITS |= {"share": "%", "percentage": "%"}


def meaning_may_widen(topic: str) -> bool:
    """Whether meaning could widen `topic` (one the lexicon does not know): the CLI loads
    the model only then."""
    return bool(topic.strip()) and not lexicon_knows(topic, bool(_unit(topic)))


def _unit(topic: str) -> str:
    words = topic.split()
    return _UNITS.get(singular(words[-1]) if words else "", "")


def _about(topic: str, widened: Widened | None = None):
    """Whether a figure is about the topic: its measure, else its counted thing (or its
    unit: "euros", "percent"); and what meaning widened the topic with."""
    measures, words = topic_measures(topic), topic.split()
    nouns = topic_nouns(topic) | {singular(word) for word in words}  # "passengers stranded"
    unit = _unit(topic)
    if measures:
        return lambda f: group_key(f)[1] in measures
    if widened is None:
        return lambda f: f.counts in nouns or (unit and f.unit == unit)
    meant, also = widened.measure, set(widened.nouns)
    return lambda f: f.counts in nouns or f.counts in also or (bool(meant) and f.measure == meant)


def _by_meaning(groups: list[FigureGroup], topic: str, widened: Widened | None) -> list:
    """Each group the lexicon did not match says what meaning matched ("inmates ≈
    prisoners")."""
    if widened is None:
        return groups
    lexical = _about(topic)
    return [
        g
        if any(lexical(v) for v in g.values)
        else replace(g, spread=replace(g.spread, by_meaning=_note(widened, g)))
        for g in groups
    ]


def _note(widened: Widened, group: FigureGroup) -> str:
    return next(filter(None, (widened.note(v.counts, v.measure) for v in group.values)), "")


def spreads(
    found: list[tuple[FigureRow, PassageRow]],
    nouns: set[str] = frozenset(),
    limit: int | None = None,
    speakers: Speakers | None = None,
) -> list[FigureGroup]:
    """Figures grouped per counted thing (those counting `nouns` first, then by number of
    sources), each group with its spread and its figures, lowest first; with `speakers`,
    each figure says who gives it, and the spread who gives its extremes."""
    groups = _group(found)
    shown = sorted(groups.items(), key=lambda kv: _priority(kv[1], nouns))[:limit]
    found_groups = []
    for _, items in shown:
        values = tuple(_match(f, p, speakers) for f, p in _by_value(items))
        found_groups.append(FigureGroup(_with_extremes(_spread(items), values), values))
    return found_groups


def _with_extremes(spread: Spread, values: tuple[FigureMatch, ...]) -> Spread:
    """The spread, naming who gives its lowest and highest figures (when anyone is named)."""
    precise = [v for v in values if v.hedge != "vague"] or list(values)
    lowest = [v for v in precise if (v.low if v.low is not None else v.value) == spread.low]
    highest = [v for v in precise if (v.high if v.high is not None else v.value) == spread.high]
    low, high = _speakers_of(lowest), _speakers_of(highest)
    if not (low or high) or spread.low == spread.high:
        return spread
    if low and _who(lowest) == _who(highest):  # one source gives both ends (a range, or
        return replace(spread, extremes=f"from {low}")  # a figure they later changed)
    parts = [f"lowest from {low}" if low else "", f"highest from {high}" if high else ""]
    return replace(spread, extremes="; ".join(p for p in parts if p))


def _who(values: list[FigureMatch]) -> set[str]:
    """Who gives these figures: each person once, whatever role the text gives them."""
    return {(v.said_by.person or v.said_by.text).lower() for v in values if v.said_by}


def _speakers_of(values: list[FigureMatch]) -> str:
    named = dict.fromkeys(label(v.said_by) for v in values if v.said_by)
    return ", ".join(named)


def _collect(
    store: Store, topic: str, scope: Scope, widened: Widened | None = None
) -> list[tuple[FigureRow, PassageRow]]:
    """Figures counting the topic (or a synonym), then figures in sentences about it."""
    measures = list(topic_measures(topic))
    if not measures and widened and widened.measure:
        measures = [widened.measure]
    nouns = topic_nouns(topic) | set(widened.nouns if widened else ())
    found = store.figures.counting(nouns, scope, COUNTED_LIMIT, measures)
    seen = {f.id for f, _ in found}
    # When the sources count the topic itself past the cap, those groups lead the answer;
    # fewer sentences suffice to find the other things counted alongside it.
    wanted = TEXT_CANDIDATES if len(found) < COUNTED_LIMIT else SATURATED_TEXT_CANDIDATES
    candidates = store.match_any(terms(topic), scope, wanted, figures_only=True)
    rows = store.passages.rows([c.passage_id for c in candidates])
    by_passage = store.figures.of_passages([r.id for r in rows])
    for row in rows:
        for figure in by_passage.get(row.id, []):
            if figure.id not in seen and (figure.counts or figure.unit):
                found.append((figure, row))
                seen.add(figure.id)
    return found


def _group(found: list[tuple[FigureRow, PassageRow]]) -> dict[tuple, list]:
    """Figures per (counted thing, measure, unit): the dead apart from the missing."""
    groups: dict[tuple, list] = defaultdict(list)
    for figure, passage in found:
        groups[group_key(figure)].append((figure, passage))
    return groups


def _priority(items: list[tuple[FigureRow, PassageRow]], nouns: set[str]) -> tuple:
    """Groups counting the topic itself first, then by how many sources give figures."""
    counts_topic = any(f.counts in nouns for f, _ in items)
    return (not counts_topic, -_sources(items), items[0][0].counts)


def _sources(items: list[tuple[FigureRow, PassageRow]]) -> int:
    return len({p.document.id for _, p in items})


def _by_value(items: list[tuple[FigureRow, PassageRow]]) -> list[tuple[FigureRow, PassageRow]]:
    return sorted(items, key=lambda fp: (fp[0].low or fp[0].value, fp[0].value, fp[0].id))


def _spread(items: list[tuple[FigureRow, PassageRow]]) -> Spread:
    """The range of the figures the sources stand by (`figure_label.stood_by`)."""
    figures = [f for f, _ in items]
    measure = group_key(figures[0])[1]
    kept = stood_by(figures)
    lows = [f.low if f.low is not None else f.value for f in kept]
    highs = [f.high if f.high is not None else f.value for f in kept]
    label = group_label(kept, measure)
    stood = {f.id for f in kept}  # `f in kept` compared whole dataclasses: ~17k a query
    sources = len({p.document.id for f, p in items if f.id in stood})
    low, high = min(lows), max(highs)
    plural = "source" if sources == 1 else "sources"
    line = f"{label}: {span_text(kept, low, high)} across {sources} {plural}"
    return Spread(label, low, high, sources, len(items), line, measure=measure)


def _match(figure: FigureRow, passage: PassageRow, speakers: Speakers | None) -> FigureMatch:
    said_by = speakers.said_by(figure.said) if speakers else None
    return FigureMatch.of(
        figure, said_by, excerpt=passage.text, document=Source.of(passage.document)
    )
