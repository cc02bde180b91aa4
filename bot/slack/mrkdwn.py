"""Slack's mrkdwn: escaping what we quote, decoding the markup people send us."""

from __future__ import annotations

import html
import re

ELLIPSIS = "…"

# <@U123>, <@U123|name>, <#C123|chan>, <!here>, <!subteam^S1|@team>, <https://x|label>, <mailto:a|b>
_MARKUP = re.compile(r"<([@#!])?([^<>|]*)(?:\|([^<>]*))?>")
_LEADING_MENTIONS = re.compile(r"^(?:\s*<@[A-Z0-9]+(?:\|[^>]*)?>)+\s*")


def escape(text: str) -> str:
    """Quote text in mrkdwn: &, < and > are the only characters Slack asks us to escape."""
    return text.replace("&", "&amp;").replace("<", "&lt;").replace(">", "&gt;")


def _readable(match: re.Match) -> str:
    sigil, target, label = match.group(1), match.group(2), match.group(3)
    if sigil == "#":
        return f"#{label or target}"
    if sigil == "@":
        return f"@{label or target}"
    if sigil == "!":
        return "@" + (label or target.split("^")[0]).lstrip("@")
    return label or target.removeprefix("mailto:")


def decode(text: str) -> str:
    """Slack markup to what a person sees: <@U1|ann> -> @ann, <https://x|label> -> label."""
    return html.unescape(_MARKUP.sub(_readable, text or ""))


def without_leading_mentions(text: str) -> str:
    """'<@UBOT> claim x' -> 'claim x'."""
    return _LEADING_MENTIONS.sub("", text or "")


def cut(text: str, limit: int) -> str:
    """`text` within `limit` characters, cut at a space when one is near, ending with '…'."""
    if len(text) <= limit:
        return text
    head = text[: limit - 1]
    space = head.rfind(" ")
    if space > limit * 0.8:
        head = head[:space]
    return _close_entity(head).rstrip() + ELLIPSIS


def _close_entity(head: str) -> str:
    """Never leave a half '&amp;' or an open '<link|' at the cut."""
    amp = head.rfind("&")
    if amp != -1 and ";" not in head[amp:]:
        head = head[:amp]
    opened = head.rfind("<")
    if opened != -1 and ">" not in head[opened:]:
        head = head[:opened]
    return head
