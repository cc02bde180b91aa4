"""Block Kit rendering of handler answers: the one place Slack messages are drawn.

Every message fits Slack's limits (a section's text <= 3,000 characters, <= 50 blocks,
`text` <= 4,000 characters): what does not fit is cut with "…" and left to "More".
"""

from __future__ import annotations

import json
import re
from collections.abc import Sequence
from dataclasses import dataclass, replace
from functools import singledispatch

from slack_sdk.models.blocks import (
    ActionsBlock,
    Block,
    ButtonElement,
    ContextBlock,
    MarkdownTextObject,
    SectionBlock,
)

from bot import commands
from bot.render.text import render as render_text
from bot.slack.mrkdwn import cut, escape
from handlers import format as fmt
from handlers.answers import (
    ClaimAnswer,
    FigureMatch,
    FigureOut,
    FiguresAnswer,
    Match,
    Mention,
    Source,
    Spread,
    WhoAnswer,
)
from handlers.format import Style

PAGE = 5  # results per message
FIGURE_PAGE = 20  # /figures: one compact line a figure, so a page holds more of them
ON_RECORD = 3  # passages a /who answer quotes as the person's own
MAX_BLOCKS = 50
SECTION_LIMIT = 3000
TEXT_LIMIT = 4000
EXCERPT_LIMIT = 2400  # an excerpt's own share of its section, before markup
BUDGET = 12_000  # characters of block text per message: long answers page instead
VALUE_LIMIT = 2000  # a button's value
SHARE, MORE = "factdesk_share", "factdesk_more"
CHECKS = {"supports": ":white_check_mark:", "differs": ":warning:", "related": ":mag:"}
CHECKS["consistent"] = ":white_circle:"
_PUNCTUATION = ".,;:!?\"'()[]“”‘’«»"
_ADJACENT_BOLD = re.compile(r"\*( +)\*")  # "*North* *Korean*" -> "*North Korean*"


@dataclass(frozen=True)
class Page:
    """Which answer a message shows: the command, its query, and the first result shown."""

    command: str
    query: str
    offset: int = 0

    def value(self) -> str:
        """JSON for a button's value, the query shortened until it fits in 2,000 characters."""
        query = self.query
        while True:
            encoded = json.dumps(
                {"c": self.command, "q": query, "o": self.offset}, ensure_ascii=False
            )
            if len(encoded) <= VALUE_LIMIT:
                return encoded
            query = query[: int(len(query) * 0.9)]

    @classmethod
    def parse(cls, value: str) -> Page | None:
        try:
            data = json.loads(value)
            page = cls(str(data["c"]), str(data["q"]), int(data["o"]))
        except (ValueError, KeyError, TypeError):
            return None
        return page if page.command in commands.COMMANDS and page.offset >= 0 else None


@dataclass(frozen=True)
class Message:
    text: str
    blocks: tuple[dict, ...]

    def as_kwargs(self) -> dict:
        return {"text": self.text, "blocks": list(self.blocks)}


# -- small pieces --------------------------------------------------------------------


def section(text: str) -> SectionBlock:
    return SectionBlock(text=MarkdownTextObject(text=cut(text, SECTION_LIMIT)))


def context(text: str) -> ContextBlock:
    return ContextBlock(elements=[MarkdownTextObject(text=cut(text, SECTION_LIMIT))])


def emphasise(text: str, words: tuple[str, ...] = (), phrase: str = "") -> str:
    """`text` escaped for mrkdwn, with `words` (whole tokens) or `phrase` in bold."""
    if phrase and phrase in text:
        before, _, after = text.partition(phrase)
        return f"{escape(before)}*{escape(phrase.strip())}*{escape(after)}"
    wanted = {w.replace("’", "'") for w in words}
    pieces = []
    for token in re.split(r"(\s+)", text):
        core = token.strip(_PUNCTUATION)
        if core and token.replace("’", "'") in wanted:
            lead, trail = token[: token.index(core)], token[token.index(core) + len(core) :]
            pieces.append(f"{escape(lead)}*{escape(core)}*{escape(trail)}")
        else:
            pieces.append(escape(token))
    return _ADJACENT_BOLD.sub(r"\1", "".join(pieces))


def quote(text: str, words: tuple[str, ...] = (), phrase: str = "") -> str:
    marked = emphasise(cut(" ".join(text.split()), EXCERPT_LIMIT), words, phrase)
    return ">" + marked


def link(doc: Source) -> str:
    url = doc.url or (doc.path if doc.path.startswith(("https://", "http://")) else None)
    title = escape(doc.title or doc.path)
    return f"<{escape(url)}|{title}>" if url else f"*{title}*"


# handlers/format.py decides what a figure's and a source's line hold; Slack marks them up.
SLACK = Style(
    text=escape,
    strong=lambda shown: f"*{shown}*",
    aside=lambda note: f" _({note})_",
    title=link,
    details=lambda parts: "".join(f" · {part}" for part in parts),
    retracted=lambda note: f" · :no_entry: *retracted: {note}*",
)


def source_line(doc: Source) -> str:
    """ "<url|Title> · Outlet · Author · 2024-11-08", ":no_entry: *retracted: …*" after."""
    return fmt.source_line(doc, SLACK)


# -- one answer, item by item ----------------------------------------------------------


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


def page_size(command: str) -> int:
    """Results per message: compact /figures lines fit more than excerpts do."""
    return FIGURE_PAGE if command == "figures" else PAGE


def _spread_line(group: Spread) -> str:
    extremes = f" _({escape(group.extremes)})_" if group.extremes else ""
    return f"• {escape(group.line)}{extremes}"


@item.register
def _(figure: FigureMatch) -> list[Block]:
    """One compact line: the figure as written, its status, who gives it, the source."""
    return [section("• " + fmt.quoted(figure, figure.document, SLACK))]


def figure_text(figure: FigureOut) -> str:
    """The figure as the source wrote it ("10,000 or more troops (at least)"), escaped."""
    return escape(fmt.as_written(figure))


# -- whole messages ----------------------------------------------------------------------


def _size(blocks: list[Block]) -> int:
    return len(json.dumps([b.to_dict() for b in blocks], ensure_ascii=False))


def fit(first: list[Block], items: list[list[Block]], reserve: int = 2) -> tuple[list[Block], int]:
    """`first`, then as many items as Slack's limits allow (always at least one)."""
    blocks, shown = list(first), 0
    for blocks_of_item in items:
        too_many = len(blocks) + len(blocks_of_item) > MAX_BLOCKS - reserve
        too_long = _size(blocks + blocks_of_item) > BUDGET
        if shown and (too_many or too_long):
            break
        blocks += blocks_of_item
        shown += 1
    return blocks, shown


def buttons(page: Page, share: bool, more: Page | None) -> ActionsBlock | None:
    elements = []
    if share:
        elements.append(
            ButtonElement(
                text="Share in channel", action_id=SHARE, value=page.value(), style="primary"
            )
        )
    if more:
        elements.append(ButtonElement(text="More", action_id=MORE, value=more.value()))
    return ActionsBlock(elements=elements) if elements else None


def render(
    answer, page: Page, limit: int = PAGE, share: bool = True, paging: bool = True, footer: str = ""
) -> Message:
    """`answer.results` start at `page.offset`; show up to `limit`, and a More button when
    results remain (those past `limit`, or those cut to fit)."""
    results = tuple(answer.results)
    blocks, shown = fit(head(answer, page), [item(r) for r in results[:limit]], reserve=3)
    if shown < min(limit, len(results)):
        blocks.append(context("_Cut to fit in Slack: More shows the rest._"))
    if footer:
        blocks.append(context(footer))
    more = Page(page.command, page.query, page.offset + shown) if shown < len(results) else None
    actions = buttons(page, share, more if paging else None)
    if actions:
        blocks.append(actions)
    text = render_text(replace(answer, results=results[:shown]))
    return Message(cut(escape(text), TEXT_LIMIT), tuple(b.to_dict() for b in blocks))


def notice(text: str) -> Message:
    """A short message with no answer in it: usage, help, errors, file outcomes."""
    return Message(cut(escape(text), TEXT_LIMIT), (section(escape(text)).to_dict(),))


def usage(name: str) -> Message:
    command = commands.COMMANDS[name]
    return notice(f"Usage: {command.summary}\nFor example: /{name} {command.example}")


def help_message(lines: Sequence[str]) -> Message:
    """One bullet per command's help line, then how else to reach them."""
    shown = ["Factdesk answers from your newsroom's indexed sources:"]
    shown += [f"• {line}" for line in lines]
    shown += [
        "• /factdesk help – this list",
        "/claim, /who and /figures also work as /factdesk claim|who|figures …, and every "
        "command as @Factdesk … (e.g. @Factdesk who Zelensky, @Factdesk watches), answered in "
        "a thread; in a thread, @Factdesk alone checks the thread's first message.",
    ]
    return notice("\n".join(shown))
