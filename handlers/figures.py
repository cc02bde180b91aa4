"""/figures: every number the sources give on a topic, who gave it, how far they disagree."""

from __future__ import annotations

import re
from collections import Counter, defaultdict
from dataclasses import asdict, replace

from handlers.analysis.counted import counted_group, topic_nouns
from handlers.analysis.text import terms, truncate_query
from handlers.answers import FigureGroup, FigureMatch, FiguresAnswer, Source, Spread
from handlers.format import amount
from handlers.said import Speakers, label
from store import FigureRow, PassageRow, Scope, Store

COUNTED_LIMIT = 500  # figures counting the topic itself (past that, the newest indexed)
TEXT_CANDIDATES = 200  # passages with figures whose text matches the topic
SATURATED_TEXT_CANDIDATES = 50  # ...when COUNTED_LIMIT figures count the topic itself
_HAS_DIGIT = re.compile(r"\d")


def figures(store: Store, topic: str, scope: Scope, limit: int = 5) -> FiguresAnswer:
    """/figures TOPIC – every number the sources give on a topic, and how far they disagree"""
    # Lone surrogates (JSON allows "\\ud800") cannot be encoded for the database.
    topic, _ = truncate_query(topic.encode("utf-8", "ignore").decode().strip(), 200)
    groups = figure_groups(store, topic, scope, limit)
    results = tuple(match for group in groups for match in group.values)
    summary = {"groups": [asdict(g.spread) for g in groups], "figures": len(results)}
    if not results:
        searched = store.document_count(scope)
        message = f"No figures on {topic!r} in {searched} documents."
        return FiguresAnswer(topic, (), summary, message)
    return FiguresAnswer(topic, results, summary)


def figure_groups(store: Store, topic: str, scope: Scope, limit: int = 5) -> list[FigureGroup]:
    """The `limit` counted things most about `topic`, each with its spread."""
    found = _collect(store, topic, scope)
    return spreads(found, topic_nouns(topic), limit, Speakers(store, scope))


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
    parts = [f"lowest from {low}" if low else "", f"highest from {high}" if high else ""]
    return replace(spread, extremes="; ".join(p for p in parts if p))


def _speakers_of(values: list[FigureMatch]) -> str:
    named = dict.fromkeys(label(v.said_by) for v in values if v.said_by)
    return ", ".join(named)


def _collect(store: Store, topic: str, scope: Scope) -> list[tuple[FigureRow, PassageRow]]:
    """Figures counting the topic (or a synonym), then figures in sentences about it."""
    found = store.figures_counting(topic_nouns(topic), scope, COUNTED_LIMIT)
    seen = {f.id for f, _ in found}
    # When the sources count the topic itself past the cap, those groups lead the answer;
    # fewer sentences suffice to find the other things counted alongside it.
    wanted = TEXT_CANDIDATES if len(found) < COUNTED_LIMIT else SATURATED_TEXT_CANDIDATES
    candidates = store.match_any(terms(topic), scope, wanted, figures_only=True)
    rows = store.passages([c.passage_id for c in candidates])
    by_passage = store.figures_for([r.id for r in rows])
    for row in rows:
        for figure in by_passage.get(row.id, []):
            if figure.id not in seen and (figure.counts or figure.unit):
                found.append((figure, row))
                seen.add(figure.id)
    return found


def _group(found: list[tuple[FigureRow, PassageRow]]) -> dict[str, list]:
    groups: dict[str, list] = defaultdict(list)
    for figure, passage in found:
        groups[f"{counted_group(figure.counts)}|{figure.unit}"].append((figure, passage))
    return groups


def _priority(items: list[tuple[FigureRow, PassageRow]], nouns: set[str]) -> tuple:
    """Groups counting the topic itself first, then by how many sources give figures."""
    counts_topic = any(f.counts in nouns for f, _ in items)
    return (not counts_topic, -_sources(items), items[0][0].counts)


def _sources(items: list[tuple[FigureRow, PassageRow]]) -> int:
    return len({p.document.id for _, p in items})


def _by_value(items: list[tuple[FigureRow, PassageRow]]) -> list[tuple[FigureRow, PassageRow]]:
    return sorted(items, key=lambda fp: (fp[0].low or fp[0].value, fp[0].value, fp[0].id))


def _label(items: list[tuple[FigureRow, PassageRow]]) -> str:
    """What the sources call the counted thing, most common wording first."""
    names = Counter(_noun_phrase(f) for f, _ in items)
    return names.most_common(1)[0][0]


_HEDGE_WORDS = frozenset(
    [
        "at",
        "least",
        "up",
        "to",
        "about",
        "around",
        "approximately",
        "some",
        "nearly",
        "more",
        "than",
        "fewer",
        "less",
        "between",
        "and",
        "from",
        "over",
        "exceeded",
        "roughly",
        "almost",
        "an",
        "estimated",
        "a",
        "few",
        "half",
        "million",
        "thousand",
        "billion",
        "close",
        "under",
        "ranging",
    ]
)


def _noun_phrase(figure: FigureRow) -> str:
    """ "at least 10,000 North Korean troops" -> "North Korean troops"."""
    words = figure.text.split()
    kept = (w for w in words if w.lower() not in _HEDGE_WORDS and not _HAS_DIGIT.search(w))
    phrase = " ".join(kept).strip(" ,.;:")
    return phrase or figure.counts or figure.unit or "figures"


def _spread(items: list[tuple[FigureRow, PassageRow]]) -> Spread:
    """The range the sources' figures cover; vague ones ("a few thousand") are listed
    but do not stretch the spread, since their bounds are ours, not the source's."""
    precise = [(f, p) for f, p in items if f.hedge != "vague"] or items
    lows = [f.low if f.low is not None else f.value for f, _ in precise]
    highs = [f.high if f.high is not None else f.value for f, _ in precise]
    label, sources = _label(precise), _sources(precise)
    low, high, unit = min(lows), max(highs), precise[0][0].unit
    span = amount(low, unit) if low == high else f"{amount(low, unit)} – {amount(high, unit)}"
    plural = "source" if sources == 1 else "sources"
    return Spread(
        label, low, high, sources, len(items), f"{label}: {span} across {sources} {plural}"
    )


def _match(figure: FigureRow, passage: PassageRow, speakers: Speakers | None) -> FigureMatch:
    return FigureMatch(
        value=figure.value,
        low=figure.low,
        high=figure.high,
        hedge=figure.hedge,
        counts=figure.counts,
        unit=figure.unit,
        text=figure.text,
        excerpt=passage.text,
        document=Source.of(passage.document),
        said_by=speakers.said_by(figure.said) if speakers else None,
    )
