"""Socket Mode: the real Bolt app on slack_sdk's built-in WebSocket client, connected to a
fake Slack on 127.0.0.1 (Web API: tests/fake_slack.py; WebSocket: tests/fake_socket.py)."""

from __future__ import annotations

import logging

import pytest

from bot.serve import serve_socket_mode, socket_mode_handler
from bot.settings import Settings, SettingsError
from store import Store
from tests.fake_slack import BOT_TOKEN, BOT_USER, TEAM, FakeSlack, Reply
from tests.fake_socket import FakeSocketMode
from tests.slack_wire import DESK_BRIEF, index

APP_TOKEN = "xapp-1-fake-app-token"


@pytest.fixture
def fake_socket():
    with FakeSocketMode() as served:
        yield served


def _settings(fake: FakeSlack) -> Settings:
    return Settings(
        bot_token=BOT_TOKEN,
        app_token=APP_TOKEN,
        api_url=fake.url + "api/",
        memory_index=False,
    )


@pytest.fixture
def connected(store: Store, fake_slack: FakeSlack, fake_socket: FakeSocketMode):
    """The app connected over Socket Mode, as `python -m bot run` connects it."""
    fake_slack.script("apps.connections.open", Reply(body={"ok": True, "url": fake_socket.url}))
    handler = socket_mode_handler(store, _settings(fake_slack))
    handler.connect()
    yield fake_socket
    handler.close()


def _command(fake: FakeSlack, name: str, text: str) -> dict:
    return {
        "envelope_id": "env-command-1",
        "type": "slash_commands",
        "accepts_response_payload": True,
        "payload": {
            "team_id": TEAM,
            "channel_id": "C0PUBLIC",
            "user_id": "U0ANN",
            "command": name,
            "text": text,
            "response_url": fake.response_url("socket"),
            "trigger_id": "1.2.3",
            "api_app_id": "AFACT",
        },
    }


def _mention(text: str) -> dict:
    event = {
        "type": "app_mention",
        "user": "U0ANN",
        "text": f"<@{BOT_USER}> {text}",
        "ts": "1700000001.000200",
        "channel": "C0PUBLIC",
        "event_ts": "1700000001.000200",
    }
    return {
        "envelope_id": "env-event-1",
        "type": "events_api",
        "accepts_response_payload": False,
        "retry_attempt": 0,
        "payload": {
            "team_id": TEAM,
            "api_app_id": "AFACT",
            "type": "event_callback",
            "event_id": "Ev0SOCKET",
            "event_time": 1700000001,
            "event": event,
            "authorizations": [{"team_id": TEAM, "user_id": BOT_USER, "is_bot": True}],
        },
    }


def test_a_slash_command_over_socket_mode_is_acked_and_answered(
    store: Store, fake_slack: FakeSlack, connected: FakeSocketMode
) -> None:
    index(store, "desk.txt", DESK_BRIEF)
    connected.send(_command(fake_slack, "/who", "Zelenskiy"))
    assert connected.ack("env-command-1")["envelope_id"] == "env-command-1"
    answer = fake_slack.wait("/response/socket/")[0]
    assert "Volodymyr Zelensky" in answer.shown()
    opened = fake_slack.find("apps.connections.open")[0]
    assert opened.headers["Authorization"] == f"Bearer {APP_TOKEN}"  # the app token, not the bot's


def test_a_mention_over_socket_mode_is_answered_in_its_thread(
    store: Store, fake_slack: FakeSlack, connected: FakeSocketMode
) -> None:
    index(store, "desk.txt", DESK_BRIEF)
    connected.send(_mention("figures troops"))
    connected.ack("env-event-1")
    posted = fake_slack.wait("chat.postMessage")[0]
    assert posted.data["thread_ts"] == "1700000001.000200"
    assert "12,000" in posted.shown()


def test_a_refused_app_token_stops_with_one_clear_line(
    store: Store, fake_slack: FakeSlack, caplog: pytest.LogCaptureFixture
) -> None:
    refused = Reply(body={"ok": False, "error": "invalid_auth"})
    fake_slack.script("apps.connections.open", refused)
    caplog.set_level(logging.DEBUG)
    with pytest.raises(SettingsError) as raised:
        serve_socket_mode(store, _settings(fake_slack))
    assert str(raised.value) == (
        "Slack refused a Socket Mode connection with SLACK_APP_TOKEN: invalid_auth"
    )
    assert APP_TOKEN not in caplog.text and BOT_TOKEN not in caplog.text
