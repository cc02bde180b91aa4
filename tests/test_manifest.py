"""app.yaml is a valid Slack manifest, and it, the listeners and the README agree both ways."""

from __future__ import annotations

import json
import re
from pathlib import Path
from urllib.parse import urlencode

import pytest
import yaml
from slack_bolt import BoltResponse
from slack_bolt.request import BoltRequest

from bot import commands
from bot.settings import Settings
from bot.slack import blocks
from bot.slack.app import create_app
from store import Store

ROOT = Path(__file__).resolve().parents[1]
SCHEMA = ROOT.parent / "shared" / "slack" / "manifest.schema.1.0.0.json"
MANIFEST = yaml.safe_load((ROOT / "app.yaml").read_text(encoding="utf-8"))
HTTP_MANIFEST = yaml.safe_load((ROOT / "app.http.yaml").read_text(encoding="utf-8"))
BUTTONS = (blocks.SHARE, blocks.MORE)  # interactivity, not declared one by one in a manifest


def declared() -> dict[str, set[str]]:
    features, events = MANIFEST["features"], MANIFEST["settings"]["event_subscriptions"]
    return {
        "commands": {c["command"] for c in features["slash_commands"]},
        "shortcuts": {s["callback_id"] for s in features["shortcuts"]},
        "events": set(events["bot_events"]),
    }


@pytest.mark.parametrize("manifest", [MANIFEST, HTTP_MANIFEST], ids=["app.yaml", "app.http.yaml"])
def test_app_yaml_is_valid_against_slacks_schema(manifest: dict) -> None:
    jsonschema = pytest.importorskip("jsonschema")
    if not SCHEMA.is_file():
        pytest.skip(f"Slack's manifest schema not found at {SCHEMA}")
    validator = jsonschema.Draft7Validator(json.loads(SCHEMA.read_text(encoding="utf-8")))
    errors = [f"{'/'.join(map(str, e.path))}: {e.message}" for e in validator.iter_errors(manifest)]
    assert errors == []


def test_the_http_manifest_is_app_yaml_with_one_request_url_everywhere() -> None:
    """app.http.yaml: Socket Mode off, every command, the events and interactivity at the
    same Request URL; otherwise the very same app as app.yaml."""
    http = json.loads(json.dumps(HTTP_MANIFEST))
    settings, commands_ = http["settings"], http["features"]["slash_commands"]
    urls = {c.pop("url") for c in commands_}
    urls |= {settings["event_subscriptions"].pop("request_url")}
    urls |= {settings["interactivity"].pop("request_url")}
    assert urls == {"https://factdesk.example.org/slack/events"}
    assert settings.pop("socket_mode_enabled") is False
    socket = json.loads(json.dumps(MANIFEST))
    assert socket["settings"].pop("socket_mode_enabled") is True
    assert http == socket


def test_scopes_are_exactly_what_the_code_uses() -> None:
    assert sorted(MANIFEST["oauth_config"]["scopes"]["bot"]) == [
        "app_mentions:read",
        "channels:history",
        "channels:read",  # users.conversations, for the App Home
        "chat:write",
        "commands",
        "files:read",
        "files:write",
        "groups:history",
        "groups:read",  # users.conversations, private channels, for the App Home
        "im:history",  # message.im
    ]


def test_the_readme_scopes_table_lists_exactly_the_manifests_scopes() -> None:
    readme = (ROOT / "README.md").read_text(encoding="utf-8")
    table = readme.split("| Scope | Why |")[1].split("\n\n")[0]
    listed = set(re.findall(r"^\| `([a-z_:.]+)` \|", table, re.MULTILINE))
    assert listed == set(MANIFEST["oauth_config"]["scopes"]["bot"])


def test_command_descriptions_are_the_handlers_help_lines() -> None:
    described = {c["command"]: c["description"] for c in MANIFEST["features"]["slash_commands"]}
    for name, command in commands.COMMANDS.items():
        help_text = command.summary.split("–", 1)[1].strip()
        assert described[f"/{name}"].lower() == help_text.lower()


def request_for(kind: str, name: str) -> BoltRequest:
    if kind == "commands":
        return BoltRequest(body=urlencode({"command": name, "text": "", "team_id": "T1"}))
    if kind == "events":
        kind_of, _, channel_type = name.partition(".")  # message.im: a message, in a DM
        event = {"type": kind_of, "channel": "C1", "ts": "1.2", "text": ""}
        if channel_type:
            event["channel_type"] = channel_type
        return BoltRequest(body=json.dumps({"type": "event_callback", "event": event}))
    if kind == "shortcuts":
        payload = {"type": "message_action", "callback_id": name, "message": {}}
    else:
        payload = {"type": "block_actions", "actions": [{"action_id": name, "type": "button"}]}
    return BoltRequest(body=urlencode({"payload": json.dumps(payload)}))


def test_every_declared_feature_has_a_listener_and_every_listener_is_declared(
    store: Store,
) -> None:
    app = create_app(
        store, Settings(bot_token="xoxb-offline", signing_secret="s"), verify_token=False
    )
    wanted = [(kind, name) for kind, names in declared().items() for name in sorted(names)]
    wanted += [("actions", action) for action in BUTTONS]
    requests = {(kind, name): request_for(kind, name) for kind, name in wanted}

    def hears(listener, request: BoltRequest) -> bool:
        return listener.matches(req=request, resp=BoltResponse(status=200))

    unheard = [f for f, r in requests.items() if not any(hears(li, r) for li in app._listeners)]
    assert unheard == []
    undeclared = [
        listener.ack_function.__name__
        for listener in app._listeners
        if not any(hears(listener, r) for r in requests.values())
    ]
    assert undeclared == []


def documented(readme: Path) -> dict[str, set[str]]:
    rows = [
        line for line in readme.read_text(encoding="utf-8").splitlines() if line.startswith("|")
    ]
    assert any(re.match(r"\|\s*`/", row) for row in rows), f"{readme.name} lost its command table"
    firsts = [row.split(" | ")[0] for row in rows]
    return {
        "commands": {m for cell in firsts for m in re.findall(r"^\|\s*`(/[a-z]+)", cell)},
        "shortcuts": {m for cell in firsts for m in re.findall(r"shortcut.*`([a-z_]+)`", cell)},
        "events": {m for cell in firsts for m in re.findall(r"event `([a-z_.]+)`", cell)},
    }


def test_the_readme_table_lists_exactly_what_app_yaml_declares() -> None:
    assert documented(ROOT / "README.md") == declared()
