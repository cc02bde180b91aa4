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

from bot import blocks, commands
from bot.settings import Settings
from bot.slack_app import create_app
from store import Store

ROOT = Path(__file__).resolve().parents[1]
SCHEMA = ROOT.parent / "shared" / "slack" / "manifest.schema.1.0.0.json"
MANIFEST = yaml.safe_load((ROOT / "app.yaml").read_text(encoding="utf-8"))
BUTTONS = (blocks.SHARE, blocks.MORE)  # interactivity, not declared one by one in a manifest


def declared() -> dict[str, set[str]]:
    features, events = MANIFEST["features"], MANIFEST["settings"]["event_subscriptions"]
    return {
        "commands": {c["command"] for c in features["slash_commands"]},
        "shortcuts": {s["callback_id"] for s in features["shortcuts"]},
        "events": set(events["bot_events"]),
    }


def test_app_yaml_is_valid_against_slacks_schema() -> None:
    jsonschema = pytest.importorskip("jsonschema")
    if not SCHEMA.is_file():
        pytest.skip(f"Slack's manifest schema not found at {SCHEMA}")
    validator = jsonschema.Draft7Validator(json.loads(SCHEMA.read_text(encoding="utf-8")))
    errors = [f"{'/'.join(map(str, e.path))}: {e.message}" for e in validator.iter_errors(MANIFEST)]
    assert errors == []


def test_scopes_are_exactly_what_the_code_uses() -> None:
    assert sorted(MANIFEST["oauth_config"]["scopes"]["bot"]) == [
        "app_mentions:read",
        "channels:history",
        "chat:write",
        "commands",
        "files:read",
        "files:write",
        "groups:history",
    ]


def test_command_descriptions_are_the_handlers_help_lines() -> None:
    described = {c["command"]: c["description"] for c in MANIFEST["features"]["slash_commands"]}
    for name, command in commands.COMMANDS.items():
        help_text = command.summary.split("–", 1)[1].strip()
        assert described[f"/{name}"].lower() == help_text.lower()


def request_for(kind: str, name: str) -> BoltRequest:
    if kind == "commands":
        return BoltRequest(body=urlencode({"command": name, "text": "", "team_id": "T1"}))
    if kind == "events":
        event = {"type": name, "channel": "C1", "ts": "1.2", "text": ""}
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
        "events": {m for cell in firsts for m in re.findall(r"event `([a-z_]+)`", cell)},
    }


def test_the_readme_table_lists_exactly_what_app_yaml_declares() -> None:
    assert documented(ROOT / "README.md") == declared()
