"""The Slack edge over the real wire: nothing acts on a request before it is verified, and no
payload gets a 5xx.

Each refused request must leave both recording servers untouched: the fake Web API (no
`chat.postMessage`, not even `auth.test`) and a second server that the body names as its
`response_url` (the relay an attacker would want).
"""

from __future__ import annotations

import http.client
import json
import logging
import time
from urllib.parse import urlencode

import pytest

from bot.slack.edge import MAX_BODY, Refused, SlackEdge
from store import Store
from tests.fake_slack import TEAM, FakeSlack
from tests.slack_wire import DESK_BRIEF, Sent, Wire, index

FORM = "application/x-www-form-urlencoded"
GARBAGE = "v0=" + "0" * 64


@pytest.fixture
def elsewhere():
    """Where a forged body asks the bot to POST: it must never be reached."""
    with FakeSlack() as server:
        yield server


def command_body(response_url: str, **fields) -> str:
    base = {
        "team_id": TEAM,
        "channel_id": "C0PUBLIC",
        "user_id": "U0EVE",
        "command": "/claim",
        "text": "Kursk",
        "response_url": response_url,
    }
    return urlencode({**base, **fields})


def mention_body(channel: str | None = "C0PUBLIC", team: str = TEAM) -> str:
    event = {"type": "app_mention", "user": "U0EVE", "text": "<@UFACTDESK> who Zelensky"}
    event |= {"ts": "1.2", "event_ts": "1.2"} | ({"channel": channel} if channel else {})
    envelope = {"type": "event_callback", "team_id": team, "event_id": f"Ev{time.time_ns()}"}
    return json.dumps({**envelope, "event": event})


def nothing_went_out(wire: Wire, elsewhere: FakeSlack, settle: float = 0.1) -> None:
    time.sleep(settle)  # listeners run after the response: give a wrong one time to post
    assert wire.fake.calls == [] and elsewhere.calls == []


def raw_post(wire: Wire, body: bytes, headers: list[tuple[str, str]]) -> Sent:
    """A POST with exactly these headers, repeated ones included (urllib cannot send them)."""
    connection = http.client.HTTPConnection("127.0.0.1", wire.server.server_address[1], timeout=10)
    started = time.perf_counter()
    try:
        connection.putrequest("POST", "/slack/events")
        for name, value in [("Content-Length", str(len(body))), *headers]:
            connection.putheader(name, value.encode())  # UTF-8 on the wire, as a client may
        connection.endheaders(body)
        response = connection.getresponse()
        return Sent(response.status, response.read(), time.perf_counter() - started)
    finally:
        connection.close()


# ---- verification comes first -------------------------------------------------------------


@pytest.mark.parametrize(
    "stamp", ["soon", "1796111369.5", "", " 1796111369", "+1796111369", "١٧٩٦١١١٣٦٩", "-1"]
)
def test_a_timestamp_that_is_not_a_plain_integer_is_401_and_nothing_is_sent(
    wire: Wire, elsewhere: FakeSlack, stamp: str, caplog: pytest.LogCaptureFixture
) -> None:
    command = command_body(elsewhere.response_url("relay"))
    for body, kind in ((command, FORM), (mention_body(), "application/json")):
        for signature in (GARBAGE, wire.verifier.generate_signature(timestamp=stamp, body=body)):
            headers = {"X-Slack-Request-Timestamp": stamp}
            sent = raw_post(
                wire,
                body.encode(),
                [("Content-Type", kind), *headers.items(), ("X-Slack-Signature", signature)],
            )
            assert sent.status == 401, (stamp, signature)
    nothing_went_out(wire, elsewhere)
    refusals = [r for r in caplog.records if r.name == "factdesk.edge"]
    assert refusals and all(r.exc_info is None and r.levelno == logging.WARNING for r in refusals)
    assert "Traceback" not in caplog.text


def test_missing_or_repeated_signature_headers_are_401(wire: Wire, elsewhere: FakeSlack) -> None:
    body = command_body(elsewhere.response_url("relay"))
    stamp = str(int(time.time()))
    good = wire.verifier.generate_signature(timestamp=stamp, body=body)
    cases = [
        [("X-Slack-Signature", good)],
        [("X-Slack-Request-Timestamp", stamp)],
        [
            ("X-Slack-Request-Timestamp", stamp),
            ("X-Slack-Request-Timestamp", stamp),
            ("X-Slack-Signature", good),
        ],
        [
            ("X-Slack-Request-Timestamp", stamp),
            ("X-Slack-Signature", good),
            ("X-Slack-Signature", good),
        ],
    ]
    for headers in cases:
        sent = raw_post(wire, body.encode(), [("Content-Type", FORM), *headers])
        assert sent.status == 401, headers
    nothing_went_out(wire, elsewhere)


@pytest.mark.parametrize(
    "signature",
    [GARBAGE, "v0=xyz", "v0=", "", "v1={good}", "V0={good}", "v0={good}0", "v0={upper}", "{good}"],
)
def test_a_wrong_or_malformed_signature_is_401(
    wire: Wire, elsewhere: FakeSlack, signature: str
) -> None:
    body = command_body(elsewhere.response_url("relay"))
    stamp = int(time.time())
    good = wire.verifier.generate_signature(timestamp=str(stamp), body=body).removeprefix("v0=")
    forged = signature.format(good=good, upper=good.upper())
    assert wire.post(body, FORM, timestamp=stamp, signature=forged or " ").status == 401
    nothing_went_out(wire, elsewhere)


@pytest.mark.parametrize("offset", [-301, -3600, 301, 86400])
def test_a_stale_or_future_timestamp_is_401(wire: Wire, elsewhere: FakeSlack, offset: int) -> None:
    body = command_body(elsewhere.response_url("relay"))
    assert wire.post(body, FORM, timestamp=int(time.time()) + offset).status == 401
    assert wire.post(mention_body(), "application/json", int(time.time()) + offset).status == 401
    nothing_went_out(wire, elsewhere)


def test_slacks_published_example_verifies_at_its_own_time(store: Store) -> None:
    from tests.test_slack_http import VECTOR_BODY, VECTOR_SECRET, VECTOR_SIGNATURE, VECTOR_TIMESTAMP

    edge = SlackEdge(None, VECTOR_SECRET, store, clock=lambda: int(VECTOR_TIMESTAMP) + 30)
    raw = VECTOR_BODY.encode()
    environ = {
        "CONTENT_LENGTH": str(len(raw)),
        "CONTENT_TYPE": FORM,
        "HTTP_X_SLACK_REQUEST_TIMESTAMP": VECTOR_TIMESTAMP,
        "HTTP_X_SLACK_SIGNATURE": VECTOR_SIGNATURE,
        "wsgi.input": __import__("io").BytesIO(raw),
    }
    assert edge.admit(environ).request.body["command"] == "/webhook-collect"
    environ["wsgi.input"] = __import__("io").BytesIO(raw[:-1] + b"d")
    with pytest.raises(Refused) as refused:
        edge.admit(environ)
    assert refused.value.status == 401


def test_without_a_signing_secret_nothing_is_admitted(store: Store) -> None:
    edge = SlackEdge(None, "", store)
    raw = b"command=%2Fclaim"
    environ = {
        "CONTENT_LENGTH": str(len(raw)),
        "CONTENT_TYPE": FORM,
        "HTTP_X_SLACK_REQUEST_TIMESTAMP": str(int(time.time())),
        "HTTP_X_SLACK_SIGNATURE": GARBAGE,
        "wsgi.input": __import__("io").BytesIO(raw),
    }
    with pytest.raises(Refused) as refused:
        edge.admit(environ)
    assert refused.value.status == 401


# ---- size and form ------------------------------------------------------------------------


def test_a_body_over_the_cap_is_413_before_verification(wire: Wire, elsewhere: FakeSlack) -> None:
    body = command_body(elsewhere.response_url("relay"), text="Kursk " * (MAX_BODY // 6))
    assert len(body) > MAX_BODY
    assert wire.post(body, FORM).status == 413  # signed
    assert wire.post(body, FORM, signature=GARBAGE).status == 413  # unsigned
    nothing_went_out(wire, elsewhere)


def test_a_content_length_that_is_not_a_number_is_400(wire: Wire, elsewhere: FakeSlack) -> None:
    headers = [
        ("Content-Type", FORM),
        ("Content-Length", "12abc"),
        ("X-Slack-Request-Timestamp", str(int(time.time()))),
        ("X-Slack-Signature", GARBAGE),
    ]
    connection = http.client.HTTPConnection("127.0.0.1", wire.server.server_address[1], timeout=10)
    try:
        connection.putrequest("POST", "/slack/events", skip_accept_encoding=True)
        for name, value in headers:
            connection.putheader(name, value)
        connection.endheaders(b"command=x")
        assert connection.getresponse().status == 400
    finally:
        connection.close()
    nothing_went_out(wire, elsewhere)


DEEP = "[" * 100_000 + "]" * 100_000


@pytest.mark.parametrize(
    ("body", "kind"),
    [
        (DEEP, "application/json"),
        ('{"type": "event_callback", "event": ' + DEEP + "}", "application/json"),
        (urlencode({"payload": DEEP}), FORM),
        (
            urlencode({"payload": '{"type": "block_actions", "x": ' + "[" * 70 + "]" * 70 + "}"}),
            FORM,
        ),
    ],
    ids=["raw", "inside an event", "as payload", "70 deep"],
)
def test_deeply_nested_json_is_400_signed_and_401_unsigned(
    wire: Wire, elsewhere: FakeSlack, body: str, kind: str
) -> None:
    assert wire.post(body, kind, signature=GARBAGE).status == 401
    sent = wire.post(body, kind)
    assert sent.status == 400 and b"Traceback" not in sent.body
    nothing_went_out(wire, elsewhere)


def interactive(wire: Wire, payload: dict) -> Sent:
    return wire.post(urlencode({"payload": json.dumps(payload)}), FORM)


BLOCK_ACTION = {
    "type": "block_actions",
    "team": {"id": TEAM},
    "user": {"id": "U0EVE"},
    "channel": {"id": "C0PUBLIC"},
}


@pytest.mark.parametrize(
    ("body", "kind"),
    [
        (b"payload=" + json.dumps({**BLOCK_ACTION, "actions": []}).encode(), FORM),
        (b"payload=" + json.dumps({**BLOCK_ACTION, "actions": "x"}).encode(), FORM),
        (b"payload=" + json.dumps({**BLOCK_ACTION, "actions": [{"value": 1}]}).encode(), FORM),
        (b"\xff\xfe\x00garbage", FORM),
        (b'{"type": "event_callback", "team_id": "\xc3\x28"}', "application/json"),
        (b"command=%2Fclaim&text=x", "text/plain"),
        (b"command=%2Fclaim&text=x", ""),
        (b'{"type": "url_verification", "challenge": "x"}', FORM),
        (b"[1, 2, 3]", "application/json"),
        (b'"just a string"', "application/json"),
        (b"{not json", "application/json"),
        (b"payload=%7Bnot+json", FORM),
        (b"payload=5", FORM),
        (b"command=%2Fclaim&command=%2Fwho&team_id=T0NEWS&response_url=x", FORM),
        (b'{"type": 5}', "application/json"),
        (
            b'{"type": "event_callback", "team_id": "T0NEWS", "event_id": "Ev1", "event": "x"}',
            "application/json",
        ),
        (
            b'{"type": "event_callback", "team_id": "T0NEWS", "event_id": "Ev1",'
            b' "event": {"type": "app_mention", "ts": "1.2", "channel": 7}}',
            "application/json",
        ),
        (
            b'{"type": "event_callback", "team_id": "T0NEWS", "event_id": "Ev1",'
            b' "authorizations": ["x"], "event": {"type": "reaction_added"}}',
            "application/json",
        ),
        (b"payload=" + json.dumps({**BLOCK_ACTION, "team": 5, "actions": []}).encode(), FORM),
    ],
)
def test_verified_but_malformed_is_400_and_nothing_is_posted(
    wire: Wire, elsewhere: FakeSlack, body: bytes, kind: str, caplog: pytest.LogCaptureFixture
) -> None:
    stamp = str(int(time.time()))
    headers = [
        ("Content-Type", kind),
        ("X-Slack-Request-Timestamp", stamp),
        ("X-Slack-Signature", _sign(wire, stamp, body)),
    ]
    sent = raw_post(wire, body, [h for h in headers if h[1]])
    assert sent.status == 400 and b"Traceback" not in sent.body
    nothing_went_out(wire, elsewhere)
    assert any("refused" in r.getMessage() for r in caplog.records if r.name == "factdesk.edge")


def _sign(wire: Wire, stamp: str, body: bytes) -> str:
    import hashlib
    import hmac

    from tests.slack_wire import SECRET

    mac = hmac.new(SECRET.encode(), b"v0:" + stamp.encode() + b":" + body, hashlib.sha256)
    return "v0=" + mac.hexdigest()


def test_commands_and_shortcuts_missing_what_they_need_are_400(
    wire: Wire, elsewhere: FakeSlack
) -> None:
    assert (
        wire.post(urlencode({"team_id": TEAM, "command": "/claim", "text": "x"}), FORM).status
        == 400
    )  # no response_url: nowhere to answer
    assert wire.post(mention_body(channel=None), "application/json").status == 400
    shortcut = {
        "type": "message_action",
        "callback_id": "check_message",
        "team": {"id": TEAM},
        "user": {"id": "U0EVE"},
        "response_url": elsewhere.response_url("relay"),
        "message": {"ts": "1.2", "text": "a claim"},
    }  # no channel
    assert interactive(wire, shortcut).status == 400
    nothing_went_out(wire, elsewhere)


def test_a_huge_array_under_the_cap_is_not_a_5xx(wire: Wire, store: Store) -> None:
    event = json.loads(mention_body())
    event["event"]["blocks"] = [0] * 300_000
    body = json.dumps(event)
    assert len(body) < MAX_BODY
    sent = wire.post(body, "application/json")
    assert sent.status == 200 and sent.seconds < 3


# ---- the error handler answers only verified requests of our own workspace ------------------


def test_a_verified_request_of_another_workspace_gets_no_reply(
    wire: Wire, elsewhere: FakeSlack, store: Store
) -> None:
    index(store, "desk.txt", DESK_BRIEF)
    assert (
        wire.post(command_body(elsewhere.response_url("x"), team_id="T0OTHER"), FORM).status == 200
    )
    assert wire.post(mention_body(team="T0OTHER"), "application/json").status == 200
    wire.fake.wait("auth.test")  # the token's team is looked up: that is all
    time.sleep(0.3)
    assert [c.method for c in wire.fake.calls] == ["auth.test"] and elsewhere.calls == []


def test_the_error_handler_stays_silent_for_a_foreign_team() -> None:
    from types import SimpleNamespace

    from bot.slack.app import reply_to_error

    told = []
    context = SimpleNamespace(
        authorize_result=SimpleNamespace(team_id=TEAM),
        team_id="T0OTHER",
        response_url="http://127.0.0.1:9/never",
        respond=lambda **kw: told.append(kw),
        channel_id="C1",
        get=lambda key: None,
    )
    client = SimpleNamespace(chat_postMessage=lambda **kw: told.append(kw))
    reply_to_error(RuntimeError("boom"), {"event": {"channel": "C1"}}, context, client)
    context.authorize_result = None
    reply_to_error(RuntimeError("boom"), {"event": {"channel": "C1"}}, context, client)
    assert told == []


# ---- replays ------------------------------------------------------------------------------


def test_a_replayed_slash_command_is_acknowledged_and_not_run_again(
    wire: Wire, store: Store
) -> None:
    index(store, "desk.txt", DESK_BRIEF)
    url = wire.fake.response_url("once")
    body = command_body(url, command="/who", text="Zelensky")
    stamp = int(time.time())
    first, replay = wire.post(body, FORM, timestamp=stamp), wire.post(body, FORM, timestamp=stamp)
    assert (first.status, replay.status) == (200, 200)
    assert "*Volodymyr Zelensky*" in wire.fake.wait("/response/once/")[0].shown()
    fresh = wire.post(body, FORM, timestamp=stamp + 1)  # the same text signed anew is a new one
    assert fresh.status == 200
    wire.fake.wait("/response/once/", 2)
    time.sleep(0.3)
    assert len(wire.fake.find("/response/once/")) == 2


def test_a_replayed_button_click_is_not_run_again(wire: Wire, store: Store) -> None:
    body = urlencode(
        {
            "payload": json.dumps(
                {
                    **BLOCK_ACTION,
                    "response_url": wire.fake.response_url("click"),
                    "actions": [{"action_id": "factdesk_retired", "value": "x"}],
                }
            )
        }
    )
    stamp = int(time.time())
    assert [wire.post(body, FORM, timestamp=stamp).status for _ in range(3)] == [200, 200, 200]
    wire.fake.wait("/response/click/")
    time.sleep(0.3)
    assert len(wire.fake.find("/response/click/")) == 1


def test_a_replay_is_refused_by_another_worker_too(wire: Wire, store: Store, db_url: str) -> None:
    other_worker = Store(db_url)
    try:
        assert store.requests.first_time("a" * 64) is True
        assert other_worker.requests.first_time("a" * 64) is False
    finally:
        other_worker.close()


def test_a_command_mentioning_payload_is_not_lost(wire: Wire, store: Store) -> None:
    """Bolt's own parser reads a form body containing the word "payload" as empty."""
    index(store, "desk.txt", DESK_BRIEF)
    sent = wire.command("/who", "Zelensky payload")
    assert sent.status == 200
    assert "Volodymyr Zelensky" in wire.answer_to(sent).shown()
