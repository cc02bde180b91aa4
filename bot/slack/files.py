"""Files shared in Slack: download with the bot token, index, say what happened in the thread.

We listen to the `file_shared` event rather than `message` events of subtype `file_share`:
`file_shared` needs only `files:read`, which the download needs anyway, whereas the
message events need `channels:history`, `groups:history`, `im:history` and
`mpim:history` and would deliver every message of every channel the bot is in.

Where a document may be quoted comes from `files.info`'s `shares`: a file shared in a
public channel is visible to the whole workspace; in a private channel, a group DM or
a DM (or wherever Slack does not list the share as public) it is fenced to that channel.
"""

from __future__ import annotations

import logging
import urllib.error
import urllib.request
from pathlib import PurePosixPath

from slack_bolt import App
from slack_sdk import WebClient
from slack_sdk.errors import SlackApiError

from bot.slack import alerts, blocks
from handlers.ingest import FileOutcome, ingest_bytes, max_file_bytes, new_document_ids
from handlers.readers import SUPPORTED_SUFFIXES
from store import Scope

log = logging.getLogger("factdesk.slack")
DOWNLOAD_TIMEOUT = 60  # seconds
# files.info errors that mean the file is no longer there to read (deleted between the share
# and our call, or never visible to the bot): nothing to index and nobody to tell.
GONE = frozenset({"file_not_found", "file_deleted"})


class DownloadError(Exception):
    """The file could not be fetched from Slack; the message says why, for a person."""


def placement(info: dict, channel: str, workspace: str) -> tuple[Scope, str | None]:
    """The scope to index under, and the thread to reply in (the sharing message's)."""
    shares = info.get("shares") or {}
    public = (shares.get("public") or {}).get(channel)
    private = (shares.get("private") or {}).get(channel)
    is_public = public is not None and not channel.startswith(("G", "D"))
    share = (public or private or [{}])[0]
    thread = share.get("thread_ts") or share.get("ts")
    return Scope(workspace, None if is_public else channel), thread


def download(url: str, token: str, limit: int) -> bytes:
    """The file's bytes (at most `limit`), fetched with `Authorization: Bearer <token>`."""
    request = urllib.request.Request(url, headers={"Authorization": f"Bearer {token}"})
    try:
        with urllib.request.urlopen(request, timeout=DOWNLOAD_TIMEOUT) as response:
            kind = response.headers.get_content_type()
            data = response.read(limit + 1)
    except urllib.error.HTTPError as exc:
        raise DownloadError(f"Slack answered HTTP {exc.code} to the download") from exc
    except (urllib.error.URLError, TimeoutError, OSError) as exc:
        reason = getattr(exc, "reason", None) or exc
        raise DownloadError(f"the download failed ({reason})") from exc
    if len(data) > limit:
        raise DownloadError(f"it is larger than {limit // (1024 * 1024)} MB")
    if kind == "text/html" and not url.lower().endswith((".html", ".htm")):
        raise DownloadError(
            "Slack sent a sign-in page instead of the file "
            "(does the app have the files:read scope?)"
        )
    return data


def describe(outcome: FileOutcome, name: str, scope: Scope) -> str:
    title = outcome.title or name
    where = (
        "Answers in this channel only can quote it."
        if scope.channel
        else "Answers anywhere in this workspace can quote it."
    )
    if outcome.status in ("added", "updated"):
        return (
            f"Indexed “{title}”: {outcome.passages} passages, {outcome.people} people, "
            f"{outcome.figures} figures. {where}"
        )
    if outcome.status == "unchanged":
        return f"“{name}” is already indexed, unchanged. {where}"
    return f"Skipped “{name}”: {outcome.reason or outcome.status}."


def index_file(store, info: dict, name: str, scope: Scope, token: str) -> FileOutcome:
    path = info.get("permalink") or f"slack:{info['id']}"
    if int(info.get("size") or 0) > max_file_bytes():
        limit = max_file_bytes() // (1024 * 1024)
        return FileOutcome(path, "skipped", reason=f"it is larger than {limit} MB")
    url = info.get("url_private_download") or info.get("url_private")
    if not url:
        return FileOutcome(path, "skipped", reason="Slack gave no download address for it")
    try:
        data = download(url, token, max_file_bytes())
    except DownloadError as exc:
        log.warning("download of file %s failed: %s", info.get("id"), exc)
        return FileOutcome(path, "skipped", reason=f"I couldn't download it: {exc}")
    return ingest_bytes(store, data, name, path, scope)


def file_info(client: WebClient, file_id: str) -> dict | None:
    """files.info's file, or None when Slack says it is gone; other errors propagate."""
    try:
        return client.files_info(file=file_id)["file"]
    except SlackApiError as exc:
        if exc.response.get("error") not in GONE:
            raise
        log.info("file %s is gone before it could be read (%s)", file_id, exc.response["error"])
        return None


def on_file_shared(event, client: WebClient, context, store, workspace):
    channel, file_id = event.get("channel_id"), event.get("file_id")
    if not channel or not file_id:
        return
    info = file_info(client, file_id)
    if info is None:
        return
    name = info.get("name") or info.get("title") or file_id
    if PurePosixPath(name).suffix.lower() not in SUPPORTED_SUFFIXES:
        log.info("file %s (%s) is not a document type Factdesk reads: ignored", file_id, name)
        return
    scope, thread = placement(info, channel, workspace)
    context["reply_to"] = (channel, thread)
    outcome = index_file(store, info, name, scope, client.token)
    message = blocks.notice(describe(outcome, name, scope))
    client.chat_postMessage(channel=channel, thread_ts=thread, **message.as_kwargs())
    alerts.notify(store, client, workspace, new_document_ids([outcome]))


def on_file_deleted(event, store, workspace):
    """A file deleted in Slack (by its owner, or an admin) stops being quoted: the documents
    indexed from it in this workspace are forgotten. Requests from other workspaces never
    get here (see `same_team`)."""
    file_id = event.get("file_id") or (event.get("file") or {}).get("id")
    if not file_id:
        return
    for doc in store.documents.from_slack_file(workspace, file_id):
        store.documents.forget(doc)
        log.info("file %s was deleted in Slack: forgot document %s", file_id, doc.id)


def register(app: App) -> None:
    app.event("file_shared")(on_file_shared)
    app.event("file_deleted")(on_file_deleted)
