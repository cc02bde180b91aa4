"""The Bolt app factory: the client, global middleware, the error reply and the listeners.

Listeners live beside it in bot/slack/ (commands, threads, files, dms, home); each parses,
calls a handler through `bot.commands`, and renders with `bot.slack.blocks`.
"""

from __future__ import annotations

import datetime as dt
import logging
import re
import secrets

from slack_bolt import App, BoltResponse
from slack_sdk import WebClient
from slack_sdk.errors import SlackApiError

from bot.settings import Settings
from bot.slack import blocks, commands, dms, files, home, threads
from bot.slack.client import web_client
from bot.slack.shapes import problem
from store import Store, StoreError

log = logging.getLogger("factdesk.slack")

BUSY = "The archive is busy, try again in a moment."
INTERACTIVE = ("block_actions", "message_action", "shortcut")
STALE = "That button no longer works: run the command again."
# Slack errors that mean "I cannot post here", not "I am broken".
PLACE_ERRORS = {
    "not_in_channel": "I'm not a member of this channel: invite me with /invite @Factdesk, "
    "then try again.",
    "channel_not_found": "I can't see this channel: invite me with /invite @Factdesk, "
    "then try again.",
    "is_archived": "This channel is archived, so I can't post in it.",
}


class _QuietTokenNotice(logging.Filter):
    """Bolt reads SLACK_BOT_TOKEN itself and warns that our client's token wins: it does."""

    def filter(self, record: logging.LogRecord) -> bool:
        return "`token` will be unused" not in record.getMessage()


log.addFilter(_QuietTokenNotice())


def create_app(
    store: Store, settings: Settings, client: WebClient | None = None, verify_token: bool = True
) -> App:
    """The Bolt app; `verify_token=False` builds it offline (no auth.test until a request)."""
    app = App(
        client=client or web_client(settings),
        signing_secret=settings.signing_secret,
        token_verification_enabled=verify_token,
        process_before_response=False,
        logger=log,
        name="factdesk",
    )
    store.events.forget_before(dt.datetime.now(dt.UTC) - dt.timedelta(days=1))

    def provide(context, next):
        context["store"], context["workspace"] = store, settings.workspace
        next()

    app.use(well_formed)
    app.use(ack_at_once)
    app.use(provide)
    app.use(same_team)
    app.use(once_per_event)
    app.error(reply_to_error)
    commands.register(app)
    threads.register(app)
    files.register(app)
    dms.register(app)
    home.register(app)
    app.action(re.compile(".*"))(unknown_action)  # last: only what no listener above took
    return app


def unknown_action(respond):
    """A button or menu of ours that this version no longer has: without a listener Bolt
    would answer 404 and Slack would show an error; say what to do instead."""
    respond(**blocks.notice(STALE).as_kwargs(), replace_original=False)


def well_formed(body, next):
    """A payload missing what listeners rely on is acknowledged and dropped, with a warning.

    Over HTTP the edge (`bot.slack.edge`) has already answered such a request 400; this
    covers Socket Mode, whose envelopes must be acknowledged or Slack sends them again."""
    flaw = problem(body)
    if flaw:
        log.warning("dropped a malformed request: %s", flaw)
        return BoltResponse(status=200, body="")
    next()


def ack_at_once(body, ack, next):
    """Commands, buttons and shortcuts are acknowledged here, in the request's own thread.

    Listeners do not ack: in Bolt's listener pool an ack would wait behind earlier
    searches under load and miss Slack's 3 seconds. (Bolt acks events at once itself.)"""
    if body.get("command") or body.get("type") in INTERACTIVE:
        ack()
    next()


def same_team(context, next):
    """Requests from any other workspace than the token's are answered 200 and dropped."""
    own = context.authorize_result.team_id if context.authorize_result else None
    if own and context.team_id and context.team_id != own:
        log.warning(
            "refused a request from team %s: this install serves team %s", context.team_id, own
        )
        return BoltResponse(status=200, body="")
    next()


def once_per_event(body, store, next):
    """A retried event (same event_id) gets 200 and no work; the database decides."""
    event_id = body.get("event_id") if body.get("type") == "event_callback" else None
    try:
        first = not event_id or store.events.first_time(event_id)
    except StoreError as exc:
        log.warning("could not record event %s (%s); handling it anyway", event_id, exc)
        first = True
    if not first:
        log.info("event %s already handled: ignoring this delivery", event_id)
        return BoltResponse(status=200, body="")
    next()


def reply_to_error(error, body, context, client):
    """What a user sees when a listener fails, with the log line to match; only ever told
    to a request of the bot's own workspace (every request Bolt sees is verified)."""
    if not _own_team(context):
        log.warning("not answering a failed request of team %s", context.team_id)
        return
    if isinstance(error, SlackApiError) and error.response.get("error") in PLACE_ERRORS:
        code = error.response["error"]
        log.warning("Slack said %s for %s", code, context.channel_id)
        _tell(PLACE_ERRORS[code], body, context, client)
    elif isinstance(error, StoreError):
        log.warning("archive unavailable: %s", error)
        _tell(BUSY, body, context, client)
    else:
        reference = secrets.token_hex(3).upper()
        log.error("listener failed (reference %s)", reference, exc_info=error)
        _tell(f"Something went wrong (reference {reference}).", body, context, client)


def _own_team(context) -> bool:
    own = context.authorize_result.team_id if context.authorize_result else None
    return bool(own) and context.team_id == own


def _tell(text: str, body: dict, context, client: WebClient) -> None:
    """Ephemeral through response_url when there is one, else in the event's thread."""
    message = blocks.notice(text).as_kwargs()
    try:
        if context.response_url:
            context.respond(**message, response_type="ephemeral", replace_original=False)
            return
        channel, thread = context.get("reply_to") or _event_place(body)
        if channel:
            client.chat_postMessage(channel=channel, thread_ts=thread, **message)
    except SlackApiError as exc:
        log.warning("could not tell the user about an error: %s", exc.response.get("error"))


def _event_place(body: dict) -> tuple[str | None, str | None]:
    event = body.get("event") or {}
    channel = event.get("channel") or event.get("channel_id")
    return channel, event.get("thread_ts") or event.get("ts")
