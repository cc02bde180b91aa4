"""The HTTP edge: signatures, retries, Slack API errors, failures, health, settings."""

from __future__ import annotations

import json
import logging
import time
from urllib.parse import urlencode

import pytest
from slack_sdk.signature import Clock, SignatureVerifier

from bot import settings as settings_module
from bot.settings import SettingsError
from store import Store
from tests.fake_slack import BOT_TOKEN, FakeSlack, Reply
from tests.slack_wire import DESK_BRIEF, SECRET, Wire, index

# Slack's published example (docs: "Verifying requests from Slack").
VECTOR_SECRET = "8f742231b10e8888abcd99yyyzzz85a5"
VECTOR_TIMESTAMP = "1531420618"
VECTOR_BODY = (
    "token=xyzz0WbapA4vBCDEFasx0q6G&team_id=T1DC2JH3J&team_domain=testteamnow&channel_id=G8PSS9T3V"
    "&channel_name=foobar&user_id=U2CERLKJA&user_name=roadrunner&command=%2Fwebhook-collect&text="
    "&response_url=https%3A%2F%2Fhooks.slack.com%2Fcommands%2FT1DC2JH3J%2F397700885554%2F96rGlf"
    "mibIGlgcZRskXaIFfN&trigger_id=398738663015.47445629121.803a0bc887a14d10d2c447fce8b6703c"
)
VECTOR_SIGNATURE = "v0=a2114d57b48eac39b9ad189dd8316235a7b4a8d21a10bd27519666489c69b503"
FORM = "application/x-www-form-urlencoded"


class At(Clock):
    def __init__(self, moment: float) -> None:
        self.moment = moment

    def now(self) -> float:
        return self.moment


def test_slacks_published_signature_example() -> None:
    verifier = SignatureVerifier(VECTOR_SECRET, clock=At(int(VECTOR_TIMESTAMP) + 30))
    assert verifier.generate_signature(timestamp=VECTOR_TIMESTAMP, body=VECTOR_BODY) == (
        VECTOR_SIGNATURE
    )
    assert verifier.is_valid(VECTOR_BODY, VECTOR_TIMESTAMP, VECTOR_SIGNATURE)
    assert not verifier.is_valid(VECTOR_BODY + "x", VECTOR_TIMESTAMP, VECTOR_SIGNATURE)


def _claim_body(wire: Wire) -> str:
    url = wire.fake.response_url("forged")
    fields = {
        "team_id": "T0NEWS",
        "channel_id": "C0PUBLIC",
        "user_id": "U0EVE",
        "command": "/claim",
        "text": "Kursk",
        "response_url": url,
    }
    return urlencode(fields)


def test_a_wrong_signature_or_an_old_timestamp_is_401_and_no_work(wire: Wire) -> None:
    body = _claim_body(wire)
    assert wire.post(body, FORM, signature="v0=" + "0" * 64).status == 401
    six_minutes_ago = int(time.time()) - 360
    assert wire.post(body, FORM, timestamp=six_minutes_ago).status == 401
    assert wire.post(VECTOR_BODY, FORM, int(VECTOR_TIMESTAMP), VECTOR_SIGNATURE).status == 401
    wire.answer_to(wire.command("/who", "Zelensky"))  # a signed request afterwards is served
    assert wire.fake.find("/response/forged/") == []
    assert [c.method for c in wire.fake.calls if c.path.startswith("/api/")] == ["auth.test"]


def test_a_retried_event_is_answered_once(wire: Wire, store: Store) -> None:
    index(store, "desk.txt", DESK_BRIEF)
    first = wire.mention("who Zelensky", event_id="Ev0RETRY")
    retry = wire.mention("who Zelensky", event_id="Ev0RETRY", retry=1)
    assert (first.status, retry.status) == (200, 200)
    wire.mention("figures troops", event_id="Ev0BARRIER")
    posted = wire.fake.wait("chat.postMessage", 2)
    assert sorted(p.shown()[:10] for p in posted) == ["*Figures o", "*Volodymyr"]


def test_rate_limited_posts_are_retried_after_retry_after(wire: Wire, store: Store) -> None:
    index(store, "desk.txt", DESK_BRIEF)
    limited = Reply(429, {"ok": False, "error": "ratelimited"}, {"Retry-After": "1"})
    wire.fake.script("chat.postMessage", limited)
    wire.mention("who Zelensky")
    tried, posted = wire.fake.wait("chat.postMessage", 2)
    assert posted.at - tried.at >= 0.95
    assert "*Volodymyr Zelensky*" in posted.shown()


def test_not_in_channel_is_a_warning_and_a_useful_ephemeral_reply(
    wire: Wire, store: Store, caplog: pytest.LogCaptureFixture
) -> None:
    index(store, "desk.txt", DESK_BRIEF)
    wire.fake.script("chat.postMessage", Reply(body={"ok": False, "error": "not_in_channel"}))
    message = {"type": "message", "ts": "1.2", "text": "11,000 soldiers went to Kursk"}
    answer = wire.answer_to(wire.shortcut(message, channel="C0NOTJOINED"))
    assert answer.data["response_type"] == "ephemeral"
    assert answer.shown() == (
        "I'm not a member of this channel: invite me with /invite @Factdesk, then try again."
    )
    warnings = [r for r in caplog.records if r.levelno == logging.WARNING]
    assert any("not_in_channel" in r.getMessage() for r in warnings)


def test_a_failing_listener_shows_a_reference_that_is_in_the_log(
    wire: Wire, caplog: pytest.LogCaptureFixture
) -> None:
    @wire.app.shortcut("explode")
    def explode(ack):  # a listener with a bug in it: the error handler's case
        raise RuntimeError("a bug")

    sent = wire.interactive(
        {
            "type": "message_action",
            "callback_id": "explode",
            "channel": {"id": "C0PUBLIC", "name": "desk"},
            "message": {"ts": "1.2", "text": "a claim"},
        }
    )
    shown = wire.answer_to(sent).shown()
    assert shown.startswith("Something went wrong (reference ")
    reference = shown.removeprefix("Something went wrong (reference ").removesuffix(").")
    logged = [r for r in caplog.records if reference in r.getMessage()]
    assert logged and logged[0].exc_info is not None  # the stack trace is logged with it
    assert BOT_TOKEN not in caplog.text and SECRET not in caplog.text


def test_healthz_reports_the_database_and_documents(wire: Wire, store: Store) -> None:
    index(store, "desk.txt", DESK_BRIEF)
    health = wire.get("/healthz")
    assert health.status == 200
    body = json.loads(health.body)
    assert body.pop("meaning").startswith("meaning: 0 of 4 passages")  # not embedded here
    assert body == {
        "ok": True,
        "database": "ok",
        "documents": 1,
        "memory_index": "off",  # the test app searches the database
    }
    assert wire.get("/elsewhere").status == 404


def test_missing_settings_are_named_on_one_line() -> None:
    with pytest.raises(SettingsError) as error:
        settings_module.from_environ({"SLACK_BOT_TOKEN": "xoxb-1"}, "http")
    assert str(error.value).startswith("missing SLACK_SIGNING_SECRET: set it in the environment")
    with pytest.raises(SettingsError, match="missing SLACK_BOT_TOKEN, SLACK_APP_TOKEN"):
        settings_module.from_environ({}, "socket")
    chosen = settings_module.from_environ(
        {"SLACK_BOT_TOKEN": "xoxb-1", "SLACK_SIGNING_SECRET": "s", "SLACK_API_URL": "http://x/api"}
    )
    assert (chosen.api_url, chosen.workspace) == ("http://x/api/", "local")
    assert "xoxb-1" not in repr(chosen)


def test_serve_without_settings_exits_2_naming_them(
    cli, monkeypatch: pytest.MonkeyPatch, tmp_path
) -> None:
    monkeypatch.chdir(tmp_path)  # no .env here
    for name in ("SLACK_BOT_TOKEN", "SLACK_SIGNING_SECRET"):
        monkeypatch.delenv(name, raising=False)
    code, _, err = cli("serve", "--port", "0")
    assert code == 2
    assert err.strip().splitlines() == [
        "factdesk: missing SLACK_BOT_TOKEN, SLACK_SIGNING_SECRET: set them in the environment "
        "or in .env (see the README, 'Connect to Slack')"
    ]


def test_the_wsgi_application_for_gunicorn_builds_from_the_environment(
    fake_slack: FakeSlack, db_url: str, monkeypatch: pytest.MonkeyPatch, tmp_path
) -> None:
    import bot.serve

    monkeypatch.chdir(tmp_path)
    (tmp_path / ".env").write_text(f"SLACK_SIGNING_SECRET={SECRET}\n")
    monkeypatch.setenv("SLACK_SIGNING_SECRET", "from .env")  # so that teardown removes it
    monkeypatch.delenv("SLACK_SIGNING_SECRET")
    monkeypatch.setenv("SLACK_BOT_TOKEN", BOT_TOKEN)
    monkeypatch.setenv("SLACK_API_URL", fake_slack.url + "api/")
    monkeypatch.setenv("FACTDESK_DATABASE_URL", db_url)
    vars(bot.serve).pop("application", None)
    try:
        application = bot.serve.application  # what gunicorn looks up; checks the token at once
        assert fake_slack.find("auth.test")
        statuses = []
        body = application(
            {"PATH_INFO": "/healthz", "REQUEST_METHOD": "GET"},
            lambda status, headers: statuses.append(status),
        )
        health = json.loads(b"".join(body))
        assert statuses == ["200 OK"] and health["database"] == "ok"
        assert health["memory_index"] in ("building", "ready")  # a server searches memory
    finally:
        served = vars(bot.serve).pop("application", None)
        if served is not None:
            served.store.close()  # stops the index's refresher before the database goes


def test_two_workers_on_one_database_handle_an_event_once(store: Store, db_url: str) -> None:
    import datetime as dt

    other_worker = Store(db_url)
    try:
        assert store.events.first_time("Ev0ONCE") is True
        assert other_worker.events.first_time("Ev0ONCE") is False
        later = dt.datetime.now(dt.UTC) + dt.timedelta(minutes=10)
        assert store.events.forget_before(later) == 1
        assert other_worker.events.first_time("Ev0ONCE") is True
    finally:
        other_worker.close()
