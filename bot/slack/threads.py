"""Answers in threads: @Factdesk mentions and the "Check against sources" message shortcut."""

from __future__ import annotations

from slack_bolt import App
from slack_sdk import WebClient

from bot import commands
from bot.slack import admin, blocks, links
from bot.slack.commands import answer_page, clean_query, reply
from bot.slack.kit import Message, Page
from bot.slack.mrkdwn import decode, without_leading_mentions
from bot.slack.post_blocks import post_message
from handlers.post_check import check_post, readable
from store import Scope, Store

SHORTCUT = "check_message"
NOTHING_TO_CHECK = "That message has no text I can check against the sources."


def check(store: Store, scope: Scope, text: str) -> Message | None:
    """A message's text checked as a claim, for a thread (no Share button): a long post
    sentence by sentence (handlers/post_check.py); None if it has no words (only links or
    emoji)."""
    if not readable(decode(text)):
        return None
    post = check_post(store, decode(text), scope)
    if post is not None:
        return post_message(post)
    query, _ = clean_query(text)
    return answer_page(store, scope, Page("claim", query), share=False)


def thread_parent(client: WebClient, channel: str, thread_ts: str) -> str:
    """The text of a thread's first message (channels:history / groups:history)."""
    found = client.conversations_replies(channel=channel, ts=thread_ts, limit=1)
    messages = found.get("messages") or [{}]
    return messages[0].get("text") or ""


def links_reply(event: dict, client, store: Store, scope: Scope, name: str) -> Message:
    """@Factdesk index|feed|feeds …, read from the raw text, where <url|label> keeps the url;
    fenced to the channel unless Slack says it is public."""
    raw = commands.parse(without_leading_mentions(event.get("text", "")))[1]
    fenced = links.is_fenced(scope.channel, client=client)
    return links.answer(store, client, scope, name, raw, fenced)


def on_mention(event, client, say, store, workspace):
    """'@Factdesk claim|who|figures|digest|watch …' answers in the thread; in a thread,
    '@Factdesk' alone (or 'check', or any text that is not a command) checks the thread's
    first message."""
    name, text = commands.parse(decode(without_leading_mentions(event.get("text", ""))))
    scope = Scope(workspace, event["channel"])
    in_thread = event.get("thread_ts")
    named = name in commands.COMMANDS or name in admin.NAMES or name == "help"
    is_command = named or (name == "check" and text)
    if name in links.NAMES:
        message = links_reply(event, client, store, scope, name)
    elif in_thread and not is_command:
        parent = thread_parent(client, event["channel"], in_thread)
        message = check(store, scope, parent) or blocks.notice(NOTHING_TO_CHECK)
    else:
        message = reply(store, scope, name, text, share=False)
    say(**message.as_kwargs(), thread_ts=in_thread or event["ts"])


def on_check_message(shortcut, client, respond, store, workspace):
    """Message shortcut: check that message as a claim and reply in its thread."""
    message, channel = shortcut.get("message") or {}, shortcut["channel"]["id"]
    answer = check(store, Scope(workspace, channel), message.get("text") or "")
    if answer is None:
        respond(**blocks.notice(NOTHING_TO_CHECK).as_kwargs(), response_type="ephemeral")
        return
    thread = message.get("thread_ts") or message.get("ts")
    client.chat_postMessage(channel=channel, thread_ts=thread, **answer.as_kwargs())


def register(app: App) -> None:
    app.event("app_mention")(on_mention)
    app.shortcut(SHORTCUT)(on_check_message)
