"""Block Kit for each kind of answer: its head (what was asked, what was found overall)
and each of its results, for claim, who and figures."""

from __future__ import annotations

from functools import singledispatch

from slack_sdk.models.blocks import Block

from bot.slack.kit import SECTION_LIMIT, SLACK, Page, context, quote, section, source_line
from bot.slack.mrkdwn import cut, escape
from handlers import format as fmt
from handlers.answers import (
    ClaimAnswer,
    FigureMatch,
    FigureOut,
    FiguresAnswer,
    Match,
    Mention,
    Spread,
    WhoAnswer,
)

ON_RECORD = 3  # passages a /who answer quotes as the person's own
CHECKS = {"supports": ":white_check_mark:", "differs": ":warning:", "related": ":mag:"}
CHECKS["consistent"] = ":white_circle:"


@singledispatch
def head(answer: object, page: Page) -> list[Block]:
    raise TypeError(f"no Slack rendering for {type(answer).__name__}")


@singledispatch
def item(result: object) -> list[Block]:
    raise TypeError(f"no Slack rendering for {type(result).__name__}")


@head.register
def _(answer: ClaimAnswer, page: Page) -> list[Block]:
    lines = [f"*Claim:* {escape(cut(answer.query, 500))}"]
    if page.offset:
        lines[0] += f"  _(from result {page.offset + 1})_"
    if answer.message:
        lines.append(escape(answer.message))
    if answer.claim_figures and not page.offset:
        lines.append(
            "Figures in the claim: " + ", ".join(figure_text(f) for f in answer.claim_figures)
        )
    return [section("\n".join(lines))]


@item.register
def _(match: Match) -> list[Block]:
    verdict = f"{CHECKS.get(match.check, '')} *{match.check}*"
    if match.note:
        verdict += f": {escape(match.note)}"
    lines = [f"{verdict}  ·  {match.score:.0f}/100", quote(match.excerpt, match.highlights)]
    figures = "; ".join(figure_text(f) for f in match.figures)
    footer = source_line(match.document) + (f"  ·  figures: {figures}" if figures else "")
    if match.said_by:
        footer = f"said by {escape(fmt.said(match.said_by))}  ·  {footer}"
    return [section("\n".join(lines)), context(footer)]


@head.register
def _(answer: WhoAnswer, page: Page) -> list[Block]:
    if answer.person is None:
        lines = [escape(answer.message or f"No one called {answer.query!r} in the sources.")]
        if answer.suggestions:
            lines.append("Did you mean: " + ", ".join(escape(s) for s in answer.suggestions) + "?")
        return [section("\n".join(lines))]
    person = answer.person
    line = f"*{escape(person.name)}*"
    if person.titles:
        line += " — " + escape(", ".join(person.titles))
    aliases = [a for a in person.aliases if a != person.name]
    if aliases:
        line += f" (also: {escape(', '.join(aliases))})"
    line += f"\n{person.mentions} mentions in {person.documents} documents"
    if page.offset:
        line += f"  _(from passage {page.offset + 1})_"
    blocks: list[Block] = [section(line)]
    if person.said and not page.offset:
        blocks.append(section(on_record(person.said)))
    if answer.others and not page.offset:
        names = ", ".join(escape(p.name) for p in answer.others)
        blocks.append(context(f"Also matching: {names}"))
    return blocks


def on_record(said) -> str:
    """What a person is on record as saying: "• said “…” — *Title* · date"."""
    lines = ["*On record:*"]
    for entry in said[:ON_RECORD]:
        excerpt = escape(cut(" ".join(entry.excerpt.split()), 300))
        lines.append(f"• said “{excerpt}” — {source_line(entry.document)}")
    return "\n".join(lines)


@item.register
def _(mention: Mention) -> list[Block]:
    return [
        section(quote(mention.excerpt, phrase=mention.spelling)),
        context(source_line(mention.document)),
    ]


@head.register
def _(answer: FiguresAnswer, page: Page) -> list[Block]:
    if not answer.results:
        return [section(escape(answer.message or f"No figures on {answer.query!r}."))]
    lines = [f"*Figures on “{escape(cut(answer.query, 200))}”*"]
    if page.offset:
        lines[0] += f"  _(from figure {page.offset + 1})_"
    else:
        lines += [_spread_line(group) for group in answer.summary.groups]
        also = [_spread_line(group) for group in answer.summary.also]
        lines += ["_Also in these passages:_", *also] if also else []
    return [section(cut("\n".join(lines), SECTION_LIMIT))]


def _spread_line(group: Spread) -> str:
    notes = "".join(f" _({escape(note)})_" for note in fmt.spread_notes(group))
    return f"• {escape(group.line)}{notes}"


@item.register
def _(figure: FigureMatch) -> list[Block]:
    """One compact line: the figure as written, its status, who gives it, the source."""
    return [section("• " + fmt.quoted(figure, figure.document, SLACK))]


def figure_text(figure: FigureOut) -> str:
    """The figure as the source wrote it ("10,000 or more troops (at least)"), escaped."""
    return escape(fmt.as_written(figure))
