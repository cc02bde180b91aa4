"""The real Factdesk Slack app served on 127.0.0.1, and a client that talks to it like Slack.

Requests are signed with the signing secret exactly as Slack signs them: slash commands
form-encoded, interactivity as `payload=<json>`, events as JSON.
"""

from __future__ import annotations

import itertools
import json
import time
import urllib.error
import urllib.request
from dataclasses import dataclass
from urllib.parse import urlencode

from slack_sdk.signature import SignatureVerifier

from bot.serve import http_server, wsgi_app
from bot.settings import Settings
from bot.slack.app import create_app
from store import Store
from tests.fake_slack import BOT_TOKEN, BOT_USER, TEAM, FakeSlack, Served

SECRET = "test-signing-secret"


@dataclass
class Sent:
    status: int
    body: bytes
    seconds: float
    response_url: str | None = None


class Wire(Served):
    def __init__(self, store: Store, fake: FakeSlack, workspace: str = "local") -> None:
        self.fake, self.store = fake, store
        self.settings = Settings(
            bot_token=BOT_TOKEN,
            signing_secret=SECRET,
            api_url=fake.url + "api/",
            workspace=workspace,
        )
        self.app = create_app(store, self.settings, verify_token=False)
        self.server = http_server(wsgi_app(store, self.app, self.settings), "127.0.0.1", 0)
        self.url = f"http://127.0.0.1:{self.server.server_address[1]}"
        self._ids = itertools.count(1)
        self.verifier = SignatureVerifier(SECRET)

    # -- raw HTTP -----------------------------------------------------------------------

    def post(
        self,
        body: str,
        content_type: str,
        timestamp: int | None = None,
        signature: str | None = None,
        headers: dict | None = None,
    ) -> Sent:
        stamp = str(int(time.time()) if timestamp is None else timestamp)
        sign = signature or self.verifier.generate_signature(timestamp=stamp, body=body)
        request = urllib.request.Request(
            self.url + "/slack/events",
            data=body.encode(),
            method="POST",
            headers={
                "Content-Type": content_type,
                "X-Slack-Request-Timestamp": stamp,
                "X-Slack-Signature": sign,
                **(headers or {}),
            },
        )
        return _send(request)

    def get(self, path: str) -> Sent:
        return _send(urllib.request.Request(self.url + path))

    # -- what Slack sends -----------------------------------------------------------------

    def command(
        self,
        name: str,
        text: str,
        channel: str = "C0PUBLIC",
        user: str = "U0ANN",
        team: str = TEAM,
        **fields,
    ) -> Sent:
        response_url = self.fake.response_url(next(self._ids))
        body = urlencode(
            {
                "token": "legacy",
                "team_id": team,
                "team_domain": "newsroom",
                "channel_id": channel,
                "channel_name": "desk",
                "user_id": user,
                "user_name": "ann",
                "command": name,
                "text": text,
                "response_url": response_url,
                "trigger_id": "1.2.3",
                "api_app_id": "AFACT",
                **fields,
            }
        )
        sent = self.post(body, "application/x-www-form-urlencoded")
        sent.response_url = response_url
        return sent

    def interactive(self, payload: dict) -> Sent:
        response_url = self.fake.response_url(next(self._ids))
        payload = {
            "team": {"id": TEAM, "domain": "newsroom"},
            "user": {"id": "U0ANN"},
            "api_app_id": "AFACT",
            "token": "legacy",
            "trigger_id": "1.2.3",
            "response_url": response_url,
            **payload,
        }
        sent = self.post(
            urlencode({"payload": json.dumps(payload)}), "application/x-www-form-urlencoded"
        )
        sent.response_url = response_url
        return sent

    def click(self, button: dict, channel: str = "C0PUBLIC", user: str = "U0BOB") -> Sent:
        """Press a button taken from a recorded message's blocks."""
        return self.interactive(
            {
                "type": "block_actions",
                "user": {"id": user},
                "container": {"type": "message", "channel_id": channel, "is_ephemeral": True},
                "channel": {"id": channel, "name": "desk"},
                "actions": [
                    {
                        "type": "button",
                        "action_id": button["action_id"],
                        "block_id": "b1",
                        "value": button["value"],
                        "action_ts": "1.1",
                    }
                ],
            }
        )

    def shortcut(self, message: dict, channel: str = "C0PUBLIC") -> Sent:
        return self.interactive(
            {
                "type": "message_action",
                "callback_id": "check_message",
                "channel": {"id": channel, "name": "desk"},
                "message": message,
                "message_ts": message.get("ts"),
            }
        )

    def event(
        self, event: dict, event_id: str | None = None, retry: int | None = None, team: str = TEAM
    ) -> Sent:
        body = json.dumps(
            {
                "token": "legacy",
                "team_id": team,
                "api_app_id": "AFACT",
                "event": event,
                "type": "event_callback",
                "event_id": event_id or f"Ev{next(self._ids):08d}",
                "event_time": int(time.time()),
                "authorizations": [{"team_id": team, "user_id": BOT_USER, "is_bot": True}],
            }
        )
        headers = {"X-Slack-Retry-Num": str(retry), "X-Slack-Retry-Reason": "http_timeout"}
        return self.post(body, "application/json", headers=headers if retry else None)

    def mention(
        self,
        text: str,
        channel: str = "C0PUBLIC",
        ts: str = "1700000001.000200",
        thread_ts: str | None = None,
        **kwargs,
    ) -> Sent:
        event = {
            "type": "app_mention",
            "user": "U0ANN",
            "text": f"<@{BOT_USER}> {text}",
            "ts": ts,
            "channel": channel,
            "event_ts": ts,
        }
        if thread_ts:
            event["thread_ts"] = thread_ts
        return self.event(event, **kwargs)

    def file_shared(self, file_id: str, channel: str, **kwargs) -> Sent:
        return self.event(
            {
                "type": "file_shared",
                "channel_id": channel,
                "file_id": file_id,
                "user_id": "U0ANN",
                "file": {"id": file_id},
                "event_ts": "1700000002.000300",
            },
            **kwargs,
        )

    # -- what came back -------------------------------------------------------------------

    def answer_to(self, sent: Sent, count: int = 1):
        """The message(s) the app posted to this request's response_url."""
        path = sent.response_url.removeprefix(self.fake.url[:-1])
        return self.fake.wait(path, count)[count - 1]


def buttons(call) -> dict[str, dict]:
    return {e["action_id"]: e for b in call.blocks if b["type"] == "actions" for e in b["elements"]}


def _send(request: urllib.request.Request) -> Sent:
    started = time.perf_counter()
    try:
        with urllib.request.urlopen(request, timeout=10) as response:
            return Sent(response.status, response.read(), time.perf_counter() - started)
    except urllib.error.HTTPError as exc:
        return Sent(exc.code, exc.read(), time.perf_counter() - started)


DESK_BRIEF = """Kursk deployment widens
By Mara Lind
Published November 9, 2024

Approximately 10,000 soldiers from North Korea have been sent to Kursk, Ukrainian officials said.

President Volodymyr Zelensky said the North Korean units were being trained near the border.

Analysts estimate that up to 12,000 troops could be deployed by December.
"""

EMBARGOED = """Embargoed: Pyongyang payroll
Published November 10, 2024

A leaked ledger shows Pyongyang paid 2,000 dollars a month to each officer sent to Kursk.
"""


def index(store: Store, name: str, text: str, channel: str | None = None):
    """Index a small document of our own, as `factdesk index` or a Slack share would."""
    from handlers.ingest import ingest_bytes
    from store import Scope

    return ingest_bytes(store, text.encode(), name, name, Scope("local", channel))
