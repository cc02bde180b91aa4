"""Whole Slack messages for handler answers: a page of results with Share and More
buttons, notices, usage and help. The one place Slack messages are put together (their
pieces: bot/slack/kit.py; each answer's blocks: bot/slack/answer_blocks.py).
"""

from __future__ import annotations

import json
from collections.abc import Sequence
from dataclasses import replace

from slack_sdk.models.blocks import ActionsBlock, Block, ButtonElement

from bot import commands
from bot.render.text import render as render_text
from bot.slack.answer_blocks import head, item
from bot.slack.kit import MAX_BLOCKS, TEXT_LIMIT, Message, Page, context, section
from bot.slack.mrkdwn import cut, escape

PAGE = 5  # results per message
FIGURE_PAGE = 20  # /figures: one compact line a figure, so a page holds more of them
BUDGET = 12_000  # characters of block text per message: long answers page instead
SHARE, MORE = "factdesk_share", "factdesk_more"


def page_size(command: str) -> int:
    """Results per message: compact /figures lines fit more than excerpts do."""
    return FIGURE_PAGE if command == "figures" else PAGE


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
