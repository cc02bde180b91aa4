"""Watch alerts posted to Slack: the messages of the threads handlers/watch_post.py keeps."""

from __future__ import annotations

from collections.abc import Collection
from dataclasses import dataclass
from typing import TYPE_CHECKING

from slack_sdk.errors import SlackApiError, SlackClientError

from bot.render import digest as digest_render
from bot.slack.kit import Message
from handlers import watch_post
from handlers.answers import WatchAlert
from store import Store

if TYPE_CHECKING:  # the client is built only when Slack is configured
    from slack_sdk import WebClient

FAILURES = (SlackApiError, SlackClientError, OSError)


@dataclass(frozen=True)
class SlackPoster:
    """handlers/watch_post.py's Poster over a Web API client."""

    client: WebClient

    def head(self, alert: WatchAlert) -> str:
        return self._post(alert.channel, digest_render.watch_head(alert))

    def reply(self, alert: WatchAlert, thread_ts: str) -> None:
        self._post(alert.channel, digest_render.watch_alert(alert), thread_ts)

    def _post(self, channel: str, message: Message, thread_ts: str | None = None) -> str:
        extra = {"thread_ts": thread_ts} if thread_ts else {}
        try:
            posted = self.client.chat_postMessage(channel=channel, **extra, **message.as_kwargs())
        except FAILURES as exc:
            raise watch_post.PostFailed(str(exc)) from exc
        return posted["ts"]


def notify(
    store: Store, client: WebClient | None, workspace: str, document_ids: Collection[int]
) -> int:
    """After indexing: post the watch alerts for these documents (with a client)."""
    poster = SlackPoster(client) if client is not None else None
    return watch_post.notify(store, poster, workspace, document_ids)


def poster_from_environment() -> SlackPoster | None:
    """A poster when SLACK_BOT_TOKEN is set, else None."""
    from bot.slack.client import slack_client  # slack_sdk's client: only when needed

    client = slack_client(required=False)
    return SlackPoster(client) if client is not None else None
