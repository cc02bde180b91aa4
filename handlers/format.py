"""How figures and their sources are written back to people: once, for every transport.

The CLI and console (bot/render/text.py), Slack (bot/slack/kit.py), the digest
(bot/render/digest.py) and the chart (bot/render/chart.py) all write a figure and a source line
with these functions. What they return is plain text; a transport that marks text up
passes a `Style` (Slack's escapes and bolds, in the Slack layer), so what a line holds and
in which order is decided here, how it looks there.

- `stated`: a figure's hedge and value with its unit ("at least 10,000", "8,000–12,000",
  "about $2,000", "15%"), a vague amount in its words ("thousands"); `valued` adds its
  status ("at least 10,000 (withdrawn)"). For lines that compare values: the digest, the
  chart.
- `as_written`: the figure as the source wrote it, its hedge named when the wording puts
  it after the number ("10,000 or more troops (at least)"). For lines that quote: /figures,
  /claim.
- `spread_notes`: what follows a /figures group's spread: who gives its extremes, and
  "by meaning: inmates ≈ prisoners" when meaning, not the lexicon, matched the group.
- `source_line`: the document's title (or path), its outlet and author (unless they are
  the title), its date ("no date"), and its retraction note; `credited` puts a figure
  before who gives it and that source ("… — Volodymyr Zelensky (President) · Title (…)").
"""

from __future__ import annotations

from collections.abc import Callable
from dataclasses import dataclass

from handlers.answers import FigureOut, SaidBy, Source, Spread
from handlers.said import label
from store import Measured


def number(value: float) -> str:
    """10000 -> '10,000'; 2.5 -> '2.5'; 1500000 -> '1,500,000'."""
    if value == int(value):
        return f"{int(value):,}"
    return f"{value:,.2f}".rstrip("0").rstrip(".")


CURRENCY_SIGNS = {
    "USD": "$",
    "EUR": "€",
    "GBP": "£",
    "JPY": "¥",
    "RUB": "₽",
    "UAH": "₴",
    "KRW": "₩",
}


def amount(value: float, unit: str) -> str:
    """A value with its unit: '15%', '$2,000', '2,000 CAD', '10,000'."""
    if unit in ("%", "percent"):
        return f"{number(value)}%"
    if unit in CURRENCY_SIGNS:
        return f"{CURRENCY_SIGNS[unit]}{number(value)}"
    return f"{number(value)} {unit}" if unit else number(value)


def _same(text: str) -> str:
    return text


def _title(doc: Source) -> str:
    return doc.title or doc.path


@dataclass(frozen=True)
class Style:
    """How a transport marks up the plain pieces: `text` escapes a piece of plain text,
    `strong` emphasises a figure, `aside` is a figure's status, `title` names a document,
    `details` joins a source's outlet, author and date, `retracted` marks a retraction."""

    text: Callable[[str], str] = _same
    strong: Callable[[str], str] = _same
    aside: Callable[[str], str] = lambda note: f" ({note})"
    title: Callable[[Source], str] = _title
    details: Callable[[list[str]], str] = lambda parts: f" ({', '.join(parts)})"
    retracted: Callable[[str], str] = lambda note: f" [retracted: {note}]"


PLAIN = Style()


def stated(figure: FigureOut) -> str:
    """The figure's hedge and value with its unit; a vague amount in its words."""
    if figure.value is None:
        return figure.text
    if figure.low is not None and figure.high is not None and figure.low != figure.high:
        shown = f"{amount(figure.low, figure.unit)}–{amount(figure.high, figure.unit)}"
    else:
        shown = amount(figure.value, figure.unit)
    return shown if figure.hedge in ("exact", "range") else f"{figure.hedge} {shown}"


def valued(figure: FigureOut, style: Style = PLAIN) -> str:
    """`stated`, then the figure's status: "at least 10,000 (withdrawn)"."""
    return style.text(stated(figure)) + status(figure, style)


def as_written(figure: Measured) -> str:
    """The figure's words, with its hedge named when they put it after the number."""
    if figure.hedge in ("exact", "range") or not figure.text[:1].isdigit():
        return figure.text
    return f"{figure.text} ({figure.hedge})"


def status(figure: Measured, style: Style = PLAIN) -> str:
    """ " (withdrawn)", " (disputed)", or "" for a figure its source stands by."""
    return style.aside(style.text(figure.status)) if figure.status else ""


def said(said_by: SaidBy | None) -> str:
    """Who gives a figure or passage: "Volodymyr Zelensky (President)", "US officials"."""
    return label(said_by)


def source_details(doc: Source) -> list[str]:
    """The outlet and the author (each unless it is the title), then the date."""
    named = [part for part in (doc.source, doc.author) if part and part != doc.title]
    return [*dict.fromkeys(named), doc.published or "no date"]


def source_line(doc: Source, style: Style = PLAIN) -> str:
    """ "Title (Outlet, Author, 2024-11-08)", "[retracted: note]" after when it is."""
    line = style.title(doc) + style.details([style.text(p) for p in source_details(doc)])
    return line + style.retracted(style.text(doc.retracted)) if doc.retracted else line


def credited(shown: str, said_by: SaidBy | None, doc: Source, style: Style = PLAIN) -> str:
    """A figure already shown (marked up by the caller), who gives it, and its source:
    "at least 10,000 troops — A U.S. official · Title (Outlet, 2024-11-08)"."""
    speaker = f"{style.text(said(said_by))} · " if said_by else ""
    return f"{shown} — {speaker}{source_line(doc, style)}"


def quoted(figure: FigureOut, doc: Source, style: Style = PLAIN) -> str:
    """/figures' line for one figure: as written, its status, who gives it, the source."""
    shown = style.strong(style.text(as_written(figure))) + status(figure, style)
    return credited(shown, figure.said_by, doc, style)


def by_meaning(spread: Spread) -> str:
    """What a group of /figures was matched by when meaning, not the lexicon, found it
    ("by meaning: inmates ≈ prisoners"), else ""."""
    return f"by meaning: {spread.by_meaning}" if spread.by_meaning else ""


def spread_notes(spread: Spread) -> list[str]:
    """What is said after a group's spread line: who gives its extremes, and whether
    meaning matched it."""
    return [note for note in (spread.extremes, by_meaning(spread)) if note]


def short_source(doc: Source, limit: int) -> str:
    """A source in a few words, for a chart's row: "Outlet (2024-11-08) [retracted]"."""
    name = doc.source or doc.title or doc.path
    name = name if len(name) <= limit else name[: limit - 1] + "…"
    name = f"{name} ({doc.published})" if doc.published else name
    return f"{name} [retracted]" if doc.retracted else name
