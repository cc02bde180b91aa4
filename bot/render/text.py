"""Plain-text rendering of handler answers, for the terminal and the console."""

from __future__ import annotations

import textwrap
from functools import singledispatch

from handlers.answers import ClaimAnswer, FigureMatch, FiguresAnswer, Person, Spread, WhoAnswer
from handlers.format import quoted, said, source_line, spread_notes
from handlers.post_check import MAX_POST, PostCheck
from store import Stats

WIDTH = 100


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
        lines.append(f"{i}. [{match.check}] {match.score:.0f}/100  {source_line(match.document)}")
        lines.append(_quote(match.excerpt))
        if match.note:
            lines.append(f"   {match.check}: {match.note}")
        if match.said_by:
            lines.append(f"   said by: {said(match.said_by)}")
        lines.append(f"   {match.document.url or match.document.path}")
    return "\n".join(lines)


def _plural(n: int, word: str) -> str:
    return f"{n} {word}" if n == 1 else f"{n} {word}s"


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
    for entry in answer.person.said:
        lines.append(f"- said, {source_line(entry.document)}:")
        lines.append(_quote(entry.excerpt))
    for mention in answer.results:
        lines.append(f"- {source_line(mention.document)}")
        lines.append(_quote(mention.excerpt))
    if answer.others:
        lines.append("Also matching: " + "; ".join(_person(p) for p in answer.others))
    return "\n".join(lines)


@render.register
def _(answer: FiguresAnswer) -> str:
    also = answer.summary.also
    if not answer.results and not answer.also:
        return answer.message
    lines = [f"Figures on {answer.query!r}:" if answer.results else answer.message]
    lines += _grouped(answer.summary.groups, answer.results)
    if also:
        lines += ["", "Also in these passages:", *_grouped(also, answer.also)]
    return "\n".join(lines)


def _grouped(groups: tuple[Spread, ...], figures) -> list[str]:
    """Each group's spread, then its figures, one compact line each."""
    lines, start = [], 0
    for group in groups:
        notes = "".join(f" ({note})" for note in spread_notes(group))
        lines.append(f"* {group.line}{notes}")
        lines += [f"  - {figure_line(figure)}" for figure in figures[start : start + group.figures]]
        start += group.figures
    return lines


def figure_line(figure: FigureMatch) -> str:
    """ "no more than 30 doctors (withdrawn) — Health board · Title (2025-06-16)"."""
    return quoted(figure, figure.document)


@render.register
def _(post: PostCheck) -> str:
    """A long post checked sentence by sentence: each one the sources speak to, with its
    best passage, then the tally."""
    lines = [f"Checked {post.sentences:,} sentences against the sources:"]
    for n, found in enumerate(post.found, 1):
        match = found.best
        lines.append(f"{n}. “{found.sentence}”")
        lines.append(f"   [{match.check}] {match.score:.0f}/100  {source_line(match.document)}")
        lines.append(_quote(match.excerpt, "      "))
        if match.note:
            lines.append(f"   {match.check}: {match.note}")
    if not post.found:
        lines.append(f"None of them matches anything in {post.searched} documents.")
    return "\n".join(lines + post_tally(post))


def post_tally(post: PostCheck, hidden: int = 0) -> list[str]:
    """What the sentences not listed found: "3 other sentences found nothing." (`hidden`:
    listed ones a transport had no room for)."""
    more, lines = post.more + hidden, []
    if more:
        lines.append(f"{_plural(more, 'more sentence')} found passages: check them one by one.")
    if post.nothing:
        lines.append(f"{_plural(post.nothing, 'other sentence')} found nothing.")
    if post.unchecked:
        checked = post.sentences - post.unchecked
        lines.append(f"Only the first {checked} were checked; {post.unchecked} more were not.")
    if post.cut:
        lines.append(f"Only the first {MAX_POST:,} characters of the message were read.")
    return lines


@render.register
def _(stats: Stats) -> str:
    lines = [
        f"{stats.documents} documents, {stats.passages} passages, {stats.people} people, "
        f"{stats.mentions} mentions, {stats.figures} figures"
    ]
    if stats.meaning:
        lines.append(stats.meaning)
    for doc in stats.latest:
        published = doc.published.isoformat() if doc.published else "no date"
        mark = f"  [retracted: {doc.retracted}]" if doc.retracted else ""
        lines.append(
            f"- {doc.id}. {published}  {doc.title}  ({doc.passages} passages)  {doc.path}{mark}"
        )
    return "\n".join(lines)
