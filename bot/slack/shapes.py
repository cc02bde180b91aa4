"""What a Slack request must hold before any listener sees it.

Bolt and our listeners read fields such as `body["actions"][0]`, `event["channel"]` or
`respond()` (the `response_url`) without checking them: a payload that lacks one, or holds
a number where a string belongs, fails inside Bolt or a listener. `problem(body)` names the
first such flaw, so the edge can refuse the request before anything acts on it.

Only the fields this app relies on are required; unknown fields and kinds pass through.
"""

from __future__ import annotations

from typing import Any

# (dotted path, required): each must be a string where present.
Fields = tuple[tuple[str, bool], ...]

COMMAND: Fields = (
    ("command", True),
    ("team_id", True),
    ("response_url", True),
    ("channel_id", False),
    ("user_id", False),
    ("text", False),
    ("trigger_id", False),
)
INTERACTIVE: dict[str, Fields] = {
    "block_actions": (("team.id", True), ("user.id", True), ("response_url", False)),
    "message_action": (
        ("team.id", True),
        ("user.id", True),
        ("callback_id", True),
        ("channel.id", True),
        ("response_url", True),
        ("message.ts", True),
        ("message.text", False),
        ("message.thread_ts", False),
    ),
    "shortcut": (("team.id", True), ("user.id", True), ("callback_id", True)),
    "view_submission": (("team.id", True), ("user.id", True), ("view.id", True)),
    "view_closed": (("team.id", True), ("user.id", True), ("view.id", True)),
}
EVENTS: dict[str, Fields] = {
    "app_mention": (("channel", True), ("ts", True), ("text", False), ("thread_ts", False)),
    "message": (("channel", True), ("ts", True), ("text", False), ("thread_ts", False)),
    "file_shared": (("file_id", True), ("channel_id", True), ("user_id", False)),
    "file_deleted": (("file_id", True),),
    "app_home_opened": (("user", True), ("tab", False)),
}
ENVELOPE: Fields = (("team_id", True), ("event_id", True), ("event.type", True))
# What Bolt's own context extraction reads from any body (`team.id`, `event.channel`, ...),
# by the types it can read: anything else fails inside Bolt, before a listener runs.
OBJECT, TEXT, NOTHING = dict, str, type(None)
BOLT_READS: dict[str, tuple[type, ...]] = {
    "team": (OBJECT, TEXT, NOTHING),
    "user": (OBJECT, TEXT, NOTHING),
    "channel": (OBJECT, TEXT, NOTHING),
    "enterprise": (OBJECT, TEXT, NOTHING),
    "event": (OBJECT,),
    "message": (OBJECT,),
    "view": (OBJECT,),
    "container": (OBJECT,),
    "authorizations": (list,),
    "response_urls": (list,),
    "actions": (list,),
}


def problem(body: Any) -> str | None:
    """The first reason this body cannot be handled, or None when it is well-formed."""
    if not isinstance(body, dict):
        return "the body is not an object"
    flaw = _bolt_readable(body) or _bolt_readable(body.get("event") or {}, "event.")
    if flaw:
        return flaw
    if "command" in body:
        return _missing(body, COMMAND)
    kind = body.get("type")
    if not isinstance(kind, str):
        return "no type"
    if kind in INTERACTIVE:
        return _missing(body, INTERACTIVE[kind]) or _actions(body)
    if kind == "event_callback":
        return _event(body)
    if kind == "url_verification":
        return _missing(body, (("challenge", True),))
    return None


def _bolt_readable(body: dict, prefix: str = "") -> str | None:
    for key, kinds in BOLT_READS.items():
        if key in body and not isinstance(body[key], kinds):
            return f"{prefix}{key} is a {type(body[key]).__name__}"
    for key in ("authorizations", "response_urls"):
        if not all(isinstance(item, dict) for item in body.get(key) or ()):
            return f"{prefix}{key} holds something other than objects"
    for key in ("team", "user", "channel", "enterprise", "view", "message", "container"):
        inner = body.get(key)
        if isinstance(inner, dict) and any(
            not isinstance(inner.get(k), TEXT | NOTHING) for k in ("id", "team_id", "ts")
        ):
            return f"{prefix}{key} has an id that is not a string"
    return None


def _event(body: dict) -> str | None:
    flaw = _missing(body, ENVELOPE)
    if flaw:
        return flaw
    event = body["event"]
    return _missing(event, EVENTS.get(event["type"], ()), prefix="event.")


def _actions(body: dict) -> str | None:
    if body["type"] != "block_actions":
        return None
    actions = body.get("actions")
    if not isinstance(actions, list) or not actions:
        return "no actions"
    if not all(isinstance(a, dict) and isinstance(a.get("action_id"), str) for a in actions):
        return "an action without an action_id"
    in_view = (body.get("container") or {}).get("type") == "view"  # a modal or the App Home
    if not in_view and "response_url" not in body:
        return "no response_url for an action on a message"
    return None


def _missing(body: dict, fields: Fields, prefix: str = "") -> str | None:
    for path, required in fields:
        found, value = _lookup(body, path)
        if not found and required:
            return f"no {prefix}{path}"
        if found and not isinstance(value, str):
            return f"{prefix}{path} is not a string"
        if found and path == "response_url" and not value.startswith(("https://", "http://")):
            return f"{prefix}{path} is not a web address"
    return None


def _lookup(body: dict, path: str) -> tuple[bool, Any]:
    value: Any = body
    for key in path.split("."):
        if not isinstance(value, dict) or key not in value:
            return False, None
        value = value[key]
    return True, value
