"""The App Home tab (event `app_home_opened` -> `views.publish`): the archive at a glance,
the digests and watches of the channels the user is in, and how to ask.

Which channels the user is in comes from `users.conversations` (scopes `channels:read`,
`groups:read`); for private channels Slack lists only those the bot shares with the user,
which are the only ones the bot could post a digest or an alert in anyway.
"""

from __future__ import annotations

import logging
import os

from slack_bolt import App
from slack_sdk import WebClient
from slack_sdk.errors import SlackApiError
from slack_sdk.models.blocks import DividerBlock, HeaderBlock

from bot import commands
from bot.scheduler import schedules
from bot.slack import admin, kit
from bot.slack.mrkdwn import escape
from handlers.answers import Source
from handlers.meaning import coverage_line
from store import Scope, Store

log = logging.getLogger("factdesk.slack")
NEWEST = 5
MAX_PAGES = 5  # of users.conversations, 200 channels each
MAX_WATCHES = 20


def channels_of(client: WebClient, user: str) -> set[str]:
    """The public and private channels `user` is in (as far as the bot may know)."""
    found: set[str] = set()
    try:
        for n, page in enumerate(
            client.users_conversations(
                user=user, types="public_channel,private_channel", exclude_archived=True, limit=200
            )
        ):
            found |= {c["id"] for c in page.get("channels") or []}
            if n + 1 == MAX_PAGES:
                break
    except SlackApiError as exc:
        log.warning("users.conversations failed: %s", exc.response.get("error"))
    return found


def glance(store: Store, workspace: str) -> list:
    stats = store.documents.stats(Scope(workspace), latest=NEWEST)
    lines = [
        "*The archive at a glance*",
        f"{stats.documents:,} documents, {stats.passages:,} passages, {stats.people:,} people, "
        f"{stats.figures:,} figures",
        escape(coverage_line(store, Scope(workspace))),  # or why /claim matches words alone
    ]
    if stats.latest:
        lines.append("Newest sources:")
        lines += [f"• {kit.source_line(Source.of(doc))}" for doc in stats.latest]
    else:
        lines.append("Nothing indexed yet: share a document in a channel, or run factdesk index.")
    return [kit.section("\n".join(lines))]


def yours(store: Store, workspace: str, channels: set[str]) -> list:
    plans = [p for p in schedules(store, workspace, os.environ) if p.channel in channels]
    digest = [f"• <#{p.channel}> at {p.at:%H:%M} ({p.zone.key})" for p in plans]
    watches = [
        f"• <#{w.channel}> {w.kind} “{escape(w.query)}”"
        for w in store.watches.all(workspace)
        if w.channel in channels
    ][:MAX_WATCHES]
    none_digest = "None in your channels. In one: /factdesk digest here 09:00"
    none_watch = "None in your channels. In one: /factdesk watch who NAME"
    return [
        kit.section("*Daily digests in your channels*\n" + ("\n".join(digest) or none_digest)),
        kit.section("*Watches in your channels*\n" + ("\n".join(watches) or none_watch)),
    ]


def how_to() -> list:
    lines = [*commands.help_lines(), *admin.help_lines()]
    shown = "\n".join(f"• {escape(line)}" for line in lines)
    return [
        kit.section(
            "*How to ask*\n" + shown + "\nOr write to me in *Messages*: any text is checked "
            "as a claim; claim, who and figures work there too. @Factdesk does the same in a "
            "channel, in a thread."
        )
    ]


def home_view(store: Store, workspace: str, channels: set[str]) -> dict:
    parts = [HeaderBlock(text="Factdesk"), *glance(store, workspace), DividerBlock()]
    parts += [*yours(store, workspace, channels), DividerBlock(), *how_to()]
    return {"type": "home", "blocks": [b.to_dict() for b in parts]}


def on_home_opened(event, client, store, workspace):
    if event.get("tab") != "home" or not event.get("user"):
        return
    view = home_view(store, workspace, channels_of(client, event["user"]))
    client.views_publish(user_id=event["user"], view=view)


def register(app: App) -> None:
    app.event("app_home_opened")(on_home_opened)
