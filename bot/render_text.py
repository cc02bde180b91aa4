"""Plain-text rendering of handler answers, for the terminal and the console."""

from __future__ import annotations

import textwrap
from functools import singledispatch

from handlers.answers import ClaimAnswer, FiguresAnswer, Person, Source, WhoAnswer
from handlers.format import amount
from handlers.said import label
from store import Stats

WIDTH = 100


def _source(doc: Source) -> str:
    extra = ", ".join(p for p in (doc.source, doc.author, doc.published) if p)
    shown = f"{doc.title} ({extra})" if extra else doc.title
    return f"{shown} [retracted: {doc.retracted}]" if doc.retracted else shown


def _quote(text: str, indent: str = "   ") -> str:
    return textwrap.fill(f"“{text}”", WIDTH, initial_indent=indent, subsequent_indent=indent)


@singledispatch
def render(answer: object) -> str:
    return str(answer)


@render.register
def _(answer: ClaimAnswer) -> str:
    lines = [f"Claim: {answer.query}"]
    if answer.message:
        lines.append(answer.message)
    for i, match in enumerate(answer.results, 1):
        lines.append(f"{i}. [{match.check}] {match.score:.0f}/100  {_source(match.document)}")
        lines.append(_quote(match.excerpt))
        if match.note:
            lines.append(f"   {match.check}: {match.note}")
        if match.said_by:
            lines.append(f"   said by: {label(match.said_by)}")
        lines.append(f"   {match.document.url or match.document.path}")
    return "\n".join(lines)


def _plural(n: int, word: str) -> str:
    return f"{n} {word}" if n == 1 else f"{n} {word}s"


def _figure(figure) -> str:
    unit = figure.unit
    if figure.hedge == "range" and figure.low is not None and figure.high is not None:
        return f"{amount(figure.low, unit)}–{amount(figure.high, unit)}"
    hedge = "" if figure.hedge in ("exact", "vague") else f"{figure.hedge} "
    vague = " (vague)" if figure.hedge == "vague" else ""
    return f"{hedge}{amount(figure.value, unit)}{vague}"


def _person(person: Person) -> str:
    titles = f" — {', '.join(person.titles)}" if person.titles else ""
    spellings = f" (also: {', '.join(a for a in person.aliases if a != person.name)})"
    spellings = spellings if len(person.aliases) > 1 else ""
    return (
        f"{person.name}{titles}{spellings}: {_plural(person.mentions, 'mention')} "
        f"in {_plural(person.documents, 'document')}"
    )


@render.register
def _(answer: WhoAnswer) -> str:
    if not answer.query:
        if not answer.others:
            return "No people found yet: index some documents first."
        return "\n".join(["People in the sources:"] + [f"- {_person(p)}" for p in answer.others])
    if answer.person is None:
        lines = [answer.message or f"No one called {answer.query!r} in the sources."]
        if answer.suggestions:
            lines.append("Did you mean: " + ", ".join(answer.suggestions) + "?")
        return "\n".join(lines)
    lines = [_person(answer.person)]
    for said in answer.person.said:
        lines.append(f"- said, {_source(said.document)}:")
        lines.append(_quote(said.excerpt))
    for mention in answer.results:
        lines.append(f"- {_source(mention.document)}")
        lines.append(_quote(mention.excerpt))
    if answer.others:
        lines.append("Also matching: " + "; ".join(_person(p) for p in answer.others))
    return "\n".join(lines)


@render.register
def _(answer: FiguresAnswer) -> str:
    if not answer.results:
        return answer.message
    lines = [f"Figures on {answer.query!r}:"]
    for group in answer.summary.get("groups", []):
        extremes = f" ({group['extremes']})" if group.get("extremes") else ""
        lines.append(f"* {group['line']}{extremes}")
    lines.append("")
    for figure in answer.results:
        what = figure.counts
        said = f"{label(figure.said_by)} · " if figure.said_by else ""
        lines.append(f"- {_figure(figure)} {what} — {said}{_source(figure.document)}")
        lines.append(_quote(figure.excerpt))
    return "\n".join(lines)


@render.register
def _(stats: Stats) -> str:
    lines = [
        f"{stats.documents} documents, {stats.passages} passages, {stats.people} people, "
        f"{stats.mentions} mentions, {stats.figures} figures"
    ]
    for doc in stats.latest:
        published = doc.published.isoformat() if doc.published else "no date"
        mark = f"  [retracted: {doc.retracted}]" if doc.retracted else ""
        lines.append(
            f"- {doc.id}. {published}  {doc.title}  ({doc.passages} passages)  {doc.path}{mark}"
        )
    return "\n".join(lines)
