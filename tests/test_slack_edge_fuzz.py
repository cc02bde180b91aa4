"""Random bodies, headers and content types at `POST /slack/events`, signed and unsigned.

Whatever arrives: never a 5xx, never a traceback in a body, nothing sent anywhere for an
unsigned request, and the server still answers `/healthz` and a normal command afterwards.
Every address a generated body names is one of the two recording servers on 127.0.0.1.
"""

from __future__ import annotations

import json
import time
from urllib.parse import urlencode

import pytest
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

from store import Store
from tests.fake_slack import TEAM, FakeSlack
from tests.slack_wire import DESK_BRIEF, Wire, index
from tests.test_slack_edge import raw_post

FUZZ = settings(
    max_examples=int(__import__("os").environ.get("FUZZ_EXAMPLES", "120")),
    deadline=None,
    suppress_health_check=[HealthCheck.function_scoped_fixture, HealthCheck.too_slow],
)
FORM = "application/x-www-form-urlencoded"
Sendable = tuple[bytes, str]  # a body and its content type
KEYS = [
    "type",
    "team",
    "team_id",
    "id",
    "user",
    "user_id",
    "channel",
    "channel_id",
    "event",
    "event_id",
    "actions",
    "action_id",
    "value",
    "command",
    "text",
    "response_url",
    "ts",
    "thread_ts",
    "message",
    "callback_id",
    "trigger_id",
    "authorizations",
    "challenge",
    "file_id",
    "view",
    "payload",
    "enterprise",
    "is_enterprise_install",
    "container",
]
WORDS = [
    "event_callback",
    "block_actions",
    "message_action",
    "shortcut",
    "url_verification",
    "app_mention",
    "file_shared",
    "message",
    "view_submission",
    "/claim",
    "/who",
    "/figures",
    "/factdesk",
    "check_message",
    TEAM,
    "T0OTHER",
    "C0PUBLIC",
    "1.2",
    "",
    "payload",
    "who Zelensky",
    "factdesk_more",
]
CONTENT_TYPES = [
    "application/json",
    "application/x-www-form-urlencoded",
    "text/plain",
    "",
    "application/json; charset=utf-8",
    "multipart/form-data; boundary=x",
    "APPLICATION/JSON",
]


def values(urls: list[str]) -> st.SearchStrategy:
    scalars = st.one_of(
        st.sampled_from(WORDS + urls),
        st.text(max_size=20),
        st.integers(),
        st.booleans(),
        st.none(),
        st.floats(allow_nan=False),
    )
    return st.recursive(
        scalars,
        lambda inner: st.one_of(
            st.lists(inner, max_size=4), st.dictionaries(st.sampled_from(KEYS), inner, max_size=6)
        ),
        max_leaves=25,
    )


def bodies(urls: list[str]) -> st.SearchStrategy[bytes]:
    objects = st.dictionaries(st.sampled_from(KEYS), values(urls), max_size=8)
    flat = st.dictionaries(st.sampled_from(KEYS), st.sampled_from(WORDS + urls), max_size=8)
    return st.one_of(
        st.binary(max_size=300),
        objects.map(lambda o: json.dumps(o).encode()),
        objects.map(lambda o: urlencode({"payload": json.dumps(o)}).encode()),
        flat.map(lambda f: urlencode(f).encode()),
        st.integers(1, 3000).map(lambda n: b"[" * n + b"]" * n),
        mutated(urls).map(lambda sendable: sendable[0]),
    )


def templates(urls: list[str]) -> list[dict]:
    """Payloads as Slack sends them, to be mutated: so that fuzzing reaches the listeners."""
    team, user = {"id": TEAM, "domain": "newsroom"}, {"id": "U0EVE"}
    envelope = {"type": "event_callback", "team_id": TEAM, "event_id": "Ev1", "api_app_id": "A"}
    return [
        {
            "command": "/claim",
            "text": "troops in Kursk",
            "team_id": TEAM,
            "channel_id": "C0PUBLIC",
            "user_id": "U0EVE",
            "response_url": urls[0],
            "trigger_id": "1.2",
        },
        {
            "command": "/factdesk",
            "text": "watch who Zelensky",
            "team_id": TEAM,
            "channel_id": "C0PUBLIC",
            "user_id": "U0EVE",
            "response_url": urls[0],
        },
        {
            **envelope,
            "event": {
                "type": "app_mention",
                "text": "<@UFACTDESK> figures troops",
                "channel": "C0PUBLIC",
                "ts": "1.2",
                "user": "U0EVE",
            },
        },
        {
            **envelope,
            "event": {
                "type": "file_shared",
                "file_id": "F1",
                "channel_id": "C0PUBLIC",
                "user_id": "U0EVE",
            },
        },
        {
            **envelope,
            "event": {
                "type": "message",
                "channel": "D0EVE",
                "channel_type": "im",
                "text": "who Zelensky",
                "ts": "1.3",
                "user": "U0EVE",
            },
        },
        {
            "type": "message_action",
            "callback_id": "check_message",
            "team": team,
            "user": user,
            "channel": {"id": "C0PUBLIC"},
            "response_url": urls[0],
            "trigger_id": "1.2",
            "message": {"ts": "1.2", "text": "11,000 soldiers went to Kursk"},
        },
        {
            "type": "block_actions",
            "team": team,
            "user": user,
            "response_url": urls[0],
            "channel": {"id": "C0PUBLIC"},
            "container": {"type": "message"},
            "actions": [{"action_id": "factdesk_more", "value": "claim|0|Kursk", "type": "button"}],
        },
    ]


def mutated(urls: list[str]) -> st.SearchStrategy[bytes]:
    def mutate(template: dict, changes: list[tuple[str, object]], drop: list[str]) -> Sendable:
        body = json.loads(json.dumps(template))
        inner = body.get("event") if isinstance(body.get("event"), dict) else body
        for key, value in changes:
            (inner if key in inner else body)[key] = value
        for key in drop:
            body.pop(key, None), inner.pop(key, None)
        if "command" in template:
            flat = {k: v if isinstance(v, str) else json.dumps(v) for k, v in body.items()}
            return urlencode(flat).encode(), FORM
        if "event" in template:
            return json.dumps(body).encode(), "application/json"
        return urlencode({"payload": json.dumps(body)}).encode(), FORM

    return st.builds(
        mutate,
        st.sampled_from(templates(urls)),
        st.lists(st.tuples(st.sampled_from(KEYS), values(urls)), max_size=2),
        st.lists(st.sampled_from(KEYS), max_size=2),
    )


def stamps() -> st.SearchStrategy[str]:
    now = int(time.time())
    return st.one_of(
        st.just(str(now)),
        st.integers(now - 900, now + 900).map(str),
        st.sampled_from(["soon", "", f"{now}.5", f" {now}", "-1", "0", "9" * 30]),
        st.text(max_size=12).filter(lambda t: "\n" not in t and "\r" not in t),
    )


def _sign(wire: Wire, stamp: str, body: bytes) -> str:
    from tests.test_slack_edge import _sign as sign

    return sign(wire, stamp, body)


@pytest.fixture
def elsewhere():
    with FakeSlack() as server:
        yield server


def _still_serving(wire: Wire, store: Store) -> None:
    assert wire.get("/healthz").status == 200
    index(store, "desk.txt", DESK_BRIEF)
    assert "*Volodymyr Zelensky*" in wire.answer_to(wire.command("/who", "Zelensky")).shown()


def test_unsigned_garbage_is_never_a_5xx_and_never_acted_on(
    wire: Wire, store: Store, elsewhere: FakeSlack
) -> None:
    urls = [elsewhere.response_url("relay"), wire.fake.response_url("relay")]

    @FUZZ
    @given(
        body=bodies(urls),
        kind=st.sampled_from(CONTENT_TYPES),
        stamp=stamps(),
        signature=st.one_of(st.text(max_size=70), st.just("v0=" + "a" * 64)),
    )
    def unsigned(body: bytes, kind: str, stamp: str, signature: str) -> None:
        headers = [
            ("Content-Type", kind),
            ("X-Slack-Request-Timestamp", stamp),
            ("X-Slack-Signature", signature.replace("\n", "").replace("\r", "")),
        ]
        sent = raw_post(wire, body, headers)
        assert sent.status in (400, 401, 413), sent
        assert b"Traceback" not in sent.body

    unsigned()
    time.sleep(0.2)
    assert wire.fake.calls == [] and elsewhere.calls == []
    _still_serving(wire, store)


def test_signed_garbage_is_never_a_5xx(wire: Wire, store: Store, elsewhere: FakeSlack) -> None:
    urls = [elsewhere.response_url("relay"), wire.fake.response_url("relay")]

    anything = st.tuples(bodies(urls), st.sampled_from(CONTENT_TYPES))

    @FUZZ
    @given(sendable=st.one_of(anything, mutated(urls)))
    def signed(sendable: Sendable) -> None:
        body, kind = sendable
        stamp = str(int(time.time()))
        headers = [
            ("Content-Type", kind),
            ("X-Slack-Request-Timestamp", stamp),
            ("X-Slack-Signature", _sign(wire, stamp, body)),
        ]
        sent = raw_post(wire, body, headers)
        assert sent.status < 500, sent
        assert b"Traceback" not in sent.body

    signed()
    _still_serving(wire, store)
