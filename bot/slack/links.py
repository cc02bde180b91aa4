"""Links and feeds from Slack: `/factdesk index URL`, `@Factdesk index URL`, a link in a DM
(`index_links`, for the DM listener), and `/factdesk feed add URL|feeds|feed remove N`.

Where what is indexed may be quoted follows the file rule: from a private channel, a group
DM or a DM it is fenced to that conversation. Whether a channel is private comes from
`conversations.info` (scopes `channels:read`, `groups:read`); when Slack cannot say, a
slash command from a channel Slack names (not `privategroup`, `directmessage`, `mpdm-…`)
is taken as public, and anything else is fenced.
"""

from __future__ import annotations

import re

from slack_sdk.errors import SlackApiError, SlackClientError

from bot.commands import summary_of
from bot.slack import alerts, blocks
from bot.slack.kit import Message
from handlers import feeds
from handlers.ingest import FileOutcome
from handlers.links import ingest_urls
from store import Scope, Store

NAMES = ("index", "feed", "feeds")
MAX_LINKS = 5  # links indexed from one message
_LINK = re.compile(r"<(https?://[^|>\s]+)(?:\|[^>]*)?>|(?<![<\w])(https?://[^\s<>|]+)", re.I)
_PRIVATE_NAMES = ("privategroup", "directmessage")


def links_in(text: str) -> list[str]:
    """The http(s) links in a Slack message, `<url|label>` or bare, in order, once each."""
    found = [m.group(1) or m.group(2).rstrip(".,;:!?)") for m in _LINK.finditer(text or "")]
    return list(dict.fromkeys(found))


def is_fenced(channel: str | None, channel_name: str | None = None, client=None) -> bool:
    """Whether what is indexed from this conversation must stay in it (see the module)."""
    if not channel or channel.startswith(("D", "G")):
        return True
    private = _is_private(client, channel) if client is not None else None
    if private is not None:
        return private
    name = (channel_name or "").lower()
    return not name or name in _PRIVATE_NAMES or name.startswith("mpdm-")


def _is_private(client, channel: str) -> bool | None:
    """What Slack says of the channel; None when it cannot say (no scope, an error)."""
    try:
        info = client.conversations_info(channel=channel)["channel"]
    except (SlackApiError, SlackClientError, OSError, KeyError, TypeError):
        return None
    return bool(info.get("is_private") or info.get("is_im") or info.get("is_mpim"))


def placed(scope: Scope, fenced: bool) -> Scope:
    return Scope(scope.workspace, scope.channel if fenced else None)


def describe(outcome: FileOutcome, fenced: bool) -> str:
    """What was indexed from one link (title, source, date, counts), or why not."""
    where = (
        "Answers in this channel only can quote it."
        if fenced
        else "Answers anywhere in this workspace can quote it."
    )
    if outcome.status in ("added", "updated"):
        origin = ", ".join(x for x in (outcome.source, outcome.published) if x)
        return (
            f"Indexed “{outcome.title}”{f' ({origin})' if origin else ''}: {outcome.passages} "
            f"passages, {outcome.people} people, {outcome.figures} figures. {where}"
        )
    if outcome.status == "unchanged":
        return f"{outcome.path} is already indexed, unchanged. {where}"
    return f"Could not index {outcome.path}: {outcome.reason or outcome.status}."


def index_links(store: Store, scope: Scope, text: str, fenced: bool) -> tuple[Message, list[int]]:
    """Index the links in `text`; the reply and the new document ids (for watches)."""
    urls = links_in(text)
    if not urls:
        return blocks.notice("Usage: index URL (a link to an article, a PDF or a document)"), []
    outcomes = ingest_urls(store, urls[:MAX_LINKS], placed(scope, fenced))
    lines = [describe(o, fenced) for o in outcomes]
    if len(urls) > MAX_LINKS:
        lines.append(f"Only the first {MAX_LINKS} links were indexed.")
    ids = [o.document_id for o in outcomes if o.status in ("added", "updated") and o.document_id]
    return blocks.notice("\n".join(lines)), ids


def feed_command(store: Store, scope: Scope, name: str, text: str, fenced: bool) -> Message:
    """feed add URL | feed remove N | feeds, in this channel."""
    action, _, rest = text.strip().partition(" ")
    channel = scope.channel or ""
    if name == "feeds" or (name == "feed" and action.lower() in ("", "list")):
        return blocks.notice(feeds.listing(store, scope.workspace, channel))
    if action.lower() == "add":
        url = (links_in(rest) or [rest.strip()])[0]
        return blocks.notice(feeds.add(store, scope, fenced, url))
    if action.lower() == "remove":
        return blocks.notice(feeds.remove(store, scope.workspace, channel, rest))
    return blocks.notice("Usage: feed add URL | feeds | feed remove N")


def run(
    store: Store, scope: Scope, name: str, text: str, fenced: bool
) -> tuple[Message, list[int]]:
    """The reply to one of NAMES, and the documents it indexed."""
    if name == "index":
        return index_links(store, scope, text, fenced)
    return feed_command(store, scope, name, text, fenced), []


def answer(store: Store, client, scope: Scope, name: str, text: str, fenced: bool) -> Message:
    """What a slash command or a mention of NAMES answers; indexed links fire watches."""
    message, ids = run(store, scope, name, text, fenced)
    alerts.notify(store, client, scope.workspace, ids)
    return message


def help_lines() -> list[str]:
    documented = (feeds.add, feeds.listing, feeds.remove)
    return [
        "/factdesk index URL – index the article, PDF or document at a link",
        *(f"/factdesk {summary_of(function)}" for function in documented),
    ]
