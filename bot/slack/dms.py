"""Direct messages to the bot (event `message.im`): answered in the DM like a mention.

`claim …`, `who …`, `figures …` (and every other @Factdesk command, `index URL` included)
work as in a channel; a message that is only links indexes them (fenced to the DM); any
other text is checked as a claim. The DM is its own scope: files shared in it can be
quoted there and nowhere else. Messages from bots (the bot's own answers included) and
message subtypes (edits, deletions, file shares, joins) are ignored, so nothing loops.
"""

from __future__ import annotations

import re

from slack_bolt import App

from bot import commands
from bot.slack import admin, alerts, blocks, links
from bot.slack.commands import reply
from bot.slack.mrkdwn import decode, without_leading_mentions
from bot.slack.threads import check
from store import Scope

_ONLY_LINKS = re.compile(r"^\s*(?:(?:<https?://[^>\s]+>|https?://\S+)\s*)+$", re.IGNORECASE)
GREETING = "Send me a claim to check, or: claim TEXT, who NAME, figures TOPIC, help."


def is_person_in_dm(event: dict) -> bool:
    """A person's own new message in a DM with the bot (not a bot, not an edit or a join)."""
    if event.get("channel_type") != "im" or event.get("subtype"):
        return False
    return not event.get("bot_id") and not event.get("bot_profile") and bool(event.get("user"))


def answer_dm(store, client, scope: Scope, text: str):
    """The message answering one DM: a command as in a mention, links to index, or the
    text as a claim."""
    name, rest = commands.parse(decode(without_leading_mentions(text)))
    if name in links.NAMES:  # from the raw text, where <url|label> keeps the url
        raw = commands.parse(without_leading_mentions(text))[1]
        return links.answer(store, client, scope, name, raw, fenced=True)
    if _ONLY_LINKS.match(text):
        message, ids = links.index_links(store, scope, text, fenced=True)
        alerts.notify(store, client, scope.workspace, ids)
        return message
    known = name in commands.COMMANDS or name in admin.NAMES or name in ("help", "check")
    if known:
        return reply(store, scope, name, rest, share=False)
    return check(store, scope, text) or blocks.notice(GREETING)


def on_message(event, client, store, workspace):
    if not is_person_in_dm(event):
        return
    scope = Scope(workspace, event["channel"])
    message = answer_dm(store, client, scope, event.get("text") or "")
    client.chat_postMessage(
        channel=event["channel"], thread_ts=event.get("thread_ts"), **message.as_kwargs()
    )


def register(app: App) -> None:
    app.event("message")(on_message)
