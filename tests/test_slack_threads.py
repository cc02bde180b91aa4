"""Thread replies: @mentions and the "Check against sources" message shortcut."""

from __future__ import annotations

import pytest

from store import Store
from tests.slack_wire import DESK_BRIEF, Wire, index

CLAIM = "North Korea has sent 11,000 soldiers to Kursk"
DIFFERS = "*differs*: source says Approximately 10,000 soldiers"


@pytest.fixture
def desk(wire: Wire, store: Store) -> Wire:
    index(store, "desk.txt", DESK_BRIEF)
    return wire


def test_a_mention_in_a_channel_answers_in_the_thread_of_that_message(desk: Wire) -> None:
    desk.mention(f"claim {CLAIM}", channel="C0DESK", ts="1700000001.000200")
    posted = desk.fake.wait("chat.postMessage")[0]
    assert posted.data["channel"] == "C0DESK"
    assert posted.data["thread_ts"] == "1700000001.000200"
    assert DIFFERS in posted.shown()


def test_who_by_mention_with_slack_markup_decoded(desk: Wire) -> None:
    desk.mention("who <https://example.org/zelensky|Zelensky>")
    assert "*Volodymyr Zelensky* — President" in desk.fake.wait("chat.postMessage")[0].shown()


def test_a_bare_mention_in_a_thread_checks_the_threads_first_message(desk: Wire) -> None:
    parent = {
        "type": "message",
        "user": "U0CAL",
        "ts": "1700000000.000100",
        "text": f"<@U0CAL> says: {CLAIM}",
    }
    desk.fake.threads[("C0DESK", "1700000000.000100")] = parent
    desk.mention(
        "is this right?", channel="C0DESK", ts="1700000005.000900", thread_ts="1700000000.000100"
    )
    posted = desk.fake.wait("chat.postMessage")[0]
    replies = desk.fake.find("conversations.replies")[0]
    assert (replies.data["channel"], replies.data["ts"]) == ("C0DESK", "1700000000.000100")
    assert posted.data["thread_ts"] == "1700000000.000100"
    assert DIFFERS in posted.shown()


def test_a_command_in_a_thread_is_answered_as_a_command(desk: Wire) -> None:
    desk.mention("figures troops", ts="1700000005.000900", thread_ts="1700000000.000100")
    posted = desk.fake.wait("chat.postMessage")[0]
    assert posted.data["thread_ts"] == "1700000000.000100"
    assert "Figures on “troops”" in posted.shown()
    assert desk.fake.find("conversations.replies") == []


def test_a_bare_mention_outside_a_thread_gets_the_help(desk: Wire) -> None:
    desk.mention("")
    shown = desk.fake.wait("chat.postMessage")[0].shown()
    assert "/claim TEXT" in shown
    for line in ("/factdesk digest here", "/factdesk watch who NAME", "/factdesk watches"):
        assert line in shown
    assert "/factdesk unwatch N" in shown and "@Factdesk watches" in shown


def test_digest_and_watch_commands_work_by_mention_in_a_thread_too(
    desk: Wire, store: Store
) -> None:
    thread = {"ts": "1700000005.000900", "thread_ts": "1700000000.000100"}
    desk.mention("watch who Zelensky", channel="C0DESK", **thread)
    assert "Watch 1" in desk.fake.wait("chat.postMessage")[0].shown()
    desk.mention("watches", channel="C0DESK", **thread)
    assert "1. who “Zelensky”" in desk.fake.wait("chat.postMessage", 2)[1].shown()
    desk.mention("digest off", channel="C0DESK", **thread)
    assert "No daily digest" in desk.fake.wait("chat.postMessage", 3)[2].shown()
    assert desk.fake.find("conversations.replies") == []  # none was taken for a claim


def test_the_message_shortcut_checks_that_message_in_its_thread(desk: Wire) -> None:
    message = {"type": "message", "user": "U0CAL", "ts": "1700000003.000400", "text": CLAIM}
    sent = desk.shortcut(message, channel="C0DESK")
    assert sent.status == 200
    posted = desk.fake.wait("chat.postMessage")[0]
    assert (posted.data["channel"], posted.data["thread_ts"]) == ("C0DESK", "1700000003.000400")
    assert DIFFERS in posted.shown()


def test_the_shortcut_on_a_message_without_text_gets_a_friendly_reply(desk: Wire) -> None:
    sent = desk.shortcut(
        {"type": "message", "user": "U0CAL", "ts": "1.2", "text": "", "files": [{"id": "F1"}]}
    )
    answer = desk.answer_to(sent)
    assert answer.data["response_type"] == "ephemeral"
    assert "That message has no text I can check" in answer.shown()
    assert desk.fake.find("chat.postMessage") == []
