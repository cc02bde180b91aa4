"""Slash commands (/claim, /who, /figures, /factdesk) and the Share and More buttons.

The app's middleware has acknowledged each request (Slack wants a 200 within 3 seconds)
before a listener runs; the search runs in Bolt's thread pool, and the answer goes to the
payload's response_url.
"""

from __future__ import annotations

import logging
from dataclasses import replace

from slack_bolt import App

from bot import commands
from bot.slack import admin, blocks, links
from bot.slack.kit import Message, Page
from bot.slack.mrkdwn import decode
from handlers.analysis.text import truncate_query
from store import Scope, Store

log = logging.getLogger("factdesk.slack")

UMBRELLA = "factdesk"
SLASH_COMMANDS = (*commands.COMMANDS, UMBRELLA)  # each is /name in app.yaml
QUERY_LIMIT = 1500  # characters of a query kept; a button's value must carry it back


def clean_query(text: str) -> tuple[str, bool]:
    """Slack markup decoded, NULs made spaces, cut to QUERY_LIMIT; and whether it was cut."""
    return truncate_query(decode(text).replace("\x00", " ").strip(), QUERY_LIMIT)


def answer_page(
    store: Store,
    scope: Scope,
    page: Page,
    share: bool = True,
    paging: bool = True,
    footer: str = "",
) -> Message:
    """Run the command for results from `page.offset` on, one more than a page to know
    whether More has anything to show."""
    size = blocks.page_size(page.command)
    answer = commands.answer(store, page.command, page.query, scope, page.offset + size + 1)
    later = replace(answer, results=tuple(answer.results)[page.offset :])
    return blocks.render(later, page, size, share=share, paging=paging, footer=footer)


def help_message() -> Message:
    """What /factdesk help and @Factdesk help show: every command both of them take."""
    lines = [*commands.help_lines(), *admin.help_lines(), *links.help_lines()]
    return blocks.help_message(lines)


def reply(store: Store, scope: Scope, name: str, text: str, share: bool = True) -> Message:
    """The message for `name text`: an answer, the usage, or the help."""
    name = "claim" if name == "check" else name
    if name in ("", "help"):
        return help_message()
    if name in admin.NAMES:
        return blocks.notice(admin.run(store, scope, name, decode(text).strip()))
    if name not in commands.COMMANDS:
        return blocks.notice(f"I don't know the command “{name}”. Try /factdesk help.")
    query, was_cut = clean_query(text)
    if not query:
        return blocks.usage(name)
    footer = f"_Your text was cut to its first {QUERY_LIMIT:,} characters._" if was_cut else ""
    return answer_page(store, scope, Page(name, query), share=share, footer=footer)


def command_of(command: dict) -> tuple[str, str]:
    """('claim', 'text') from /claim text, or from /factdesk claim text."""
    name, text = command.get("command", "").lstrip("/").lower(), command.get("text") or ""
    return commands.parse(text) if name == UMBRELLA else (name, text)


def on_command(command, respond, client, store, workspace):
    name, text = command_of(command)
    scope = Scope(workspace, command.get("channel_id"))
    if name in links.NAMES:
        fenced = links.is_fenced(scope.channel, command.get("channel_name"), client)
        message = links.answer(store, client, scope, name, text, fenced)
    else:
        message = reply(store, scope, name, text)
    respond(**message.as_kwargs(), response_type="ephemeral")


def _button(body: dict, action: dict, workspace: str) -> tuple[Page | None, Scope]:
    channel = (body.get("channel") or {}).get("id") or body.get("container", {}).get("channel_id")
    return Page.parse(action.get("value") or ""), Scope(workspace, channel)


def on_share(body, action, respond, store, workspace):
    """Post the answer in the channel for everyone, saying who shared it."""
    page, scope = _button(body, action, workspace)
    if page is None:
        respond(
            **blocks.notice("That button no longer works: run the command again.").as_kwargs(),
            replace_original=False,
        )
        return
    shared_by = f"Shared by <@{body.get('user', {}).get('id', 'someone')}>"
    message = answer_page(store, scope, page, share=False, paging=False, footer=shared_by)
    respond(**message.as_kwargs(), response_type="in_channel", replace_original=False)


def on_more(body, action, respond, store, workspace):
    """The next page of the same answer, just for the person who asked."""
    page, scope = _button(body, action, workspace)
    if page is None:
        message = blocks.notice("That button no longer works: run the command again.")
    else:
        message = answer_page(store, scope, page)
    respond(**message.as_kwargs(), response_type="ephemeral", replace_original=False)


def register(app: App) -> None:
    for name in SLASH_COMMANDS:
        app.command(f"/{name}")(on_command)
    app.action(blocks.SHARE)(on_share)
    app.action(blocks.MORE)(on_more)
