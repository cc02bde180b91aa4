"""Slash commands and their buttons, over HTTP, against the real app and a recording fake Slack."""

from __future__ import annotations

import json
import re

import pytest

from bot.slack import blocks, kit
from store import Store
from tests.slack_wire import DESK_BRIEF, Wire, buttons, index

CLAIM = "North Korea has sent 11,000 soldiers to Kursk"


@pytest.fixture
def desk(wire: Wire, store: Store) -> Wire:
    index(store, "desk.txt", DESK_BRIEF)
    return wire


def test_claim_acks_at_once_then_answers_ephemerally_with_the_check(desk: Wire) -> None:
    sent = desk.command("/claim", CLAIM)
    assert (sent.status, sent.body) == (200, b"")
    answer = desk.answer_to(sent)
    assert answer.data["response_type"] == "ephemeral"
    shown = answer.shown()
    assert "*Claim:* North Korea has sent 11,000 soldiers to Kursk" in shown
    assert ":warning: *differs*: source says Approximately 10,000 soldiers" in shown
    assert "*Kursk deployment widens* · Mara Lind · 2024-11-09" in shown
    assert "Approximately 10,000 soldiers" in answer.text  # the plain-text fallback
    assert set(buttons(answer)) == {blocks.SHARE}  # one result: nothing more to page to


def test_who_and_figures(desk: Wire) -> None:
    who = desk.answer_to(desk.command("/who", "zelenksy"))
    assert "*Volodymyr Zelensky* — President" in who.shown()
    # the passage is on record as said, so it is not listed again as a mention
    assert "• said “President Volodymyr Zelensky said" in who.shown()
    assert "President *Volodymyr Zelensky* said" not in who.shown()
    figures = desk.answer_to(desk.command("/figures", "troops"))
    shown = figures.shown()
    assert "Figures on “troops”" in shown
    assert "*up to 12,000 troops*" in shown


@pytest.mark.parametrize(
    ("text", "expected"),
    [
        ("claim " + CLAIM, "*differs*: source says Approximately 10,000 soldiers"),
        ("who Zelensky", "*Volodymyr Zelensky*"),
        ("figures troops", "Figures on “troops”"),
        ("help", "/figures TOPIC"),
        ("", "/who NAME"),
        ("weather in Kursk", "I don't know the command “weather”"),
    ],
)
def test_the_umbrella_command_reaches_everything(desk: Wire, text: str, expected: str) -> None:
    answer = desk.answer_to(desk.command("/factdesk", text))
    assert expected in answer.shown()


def test_empty_text_gets_a_short_usage(desk: Wire) -> None:
    answer = desk.answer_to(desk.command("/claim", "   "))
    assert answer.shown().startswith("Usage: /claim TEXT")
    assert not buttons(answer)


def test_share_reposts_the_answer_in_channel_saying_who_shared_it(desk: Wire) -> None:
    answer = desk.answer_to(desk.command("/claim", CLAIM))
    shared = desk.answer_to(desk.click(buttons(answer)[blocks.SHARE], user="U0BOB"))
    assert shared.data["response_type"] == "in_channel"
    assert shared.data["replace_original"] is False
    assert "Shared by <@U0BOB>" in shared.shown()
    assert "*differs*: source says Approximately 10,000 soldiers" in shared.shown()
    assert not buttons(shared)


def test_more_shows_the_next_page(wire: Wire, store: Store) -> None:
    for n in range(8):
        index(store, f"brief-{n}.txt", f"Brief {n}\n\nKursk shelling report number {n} today.\n")
    first = wire.answer_to(wire.command("/claim", "Kursk shelling report"))
    assert first.shown().count("*Brief ") == blocks.PAGE
    more = buttons(first)[blocks.MORE]
    assert json.loads(more["value"]) == {"c": "claim", "q": "Kursk shelling report", "o": 5}
    second = wire.answer_to(wire.click(more))
    assert second.data["response_type"] == "ephemeral"
    assert "_(from result 6)_" in second.shown()
    assert second.shown().count("*Brief ") == 3
    assert blocks.MORE not in buttons(second)


def test_a_stale_or_forged_button_gets_a_plain_answer(desk: Wire) -> None:
    answer = desk.answer_to(desk.click({"action_id": blocks.MORE, "value": "{not json"}))
    assert "That button no longer works" in answer.shown()


def test_an_answer_longer_than_slack_allows_is_cut_cleanly(wire: Wire, store: Store) -> None:
    sentence = "Kursk convoy " + "with fuel trucks and armour moving east " * 120 + "today."
    for n in range(6):
        index(store, f"long-{n}.txt", f"Convoy log {n}\n\n{sentence} Entry {n}.\n")
    answer = wire.answer_to(wire.command("/claim", "Kursk convoy fuel trucks armour"))
    assert len(answer.blocks) <= kit.MAX_BLOCKS
    sections = [b["text"]["text"] for b in answer.blocks if b["type"] == "section"]
    assert all(len(text) <= kit.SECTION_LIMIT for text in sections)
    assert answer.shown().count("*Convoy log") == blocks.PAGE
    assert len(answer.text) <= kit.TEXT_LIMIT
    words = set(sentence.split())
    assert answer.text.endswith("…") and answer.text[:-1].split()[-1] in words  # at a word
    assert blocks.MORE in buttons(answer)


def test_a_request_from_another_workspace_is_refused_without_work(desk: Wire) -> None:
    refused = desk.command("/claim", CLAIM, team="T0OTHER")
    assert refused.status == 200
    barrier = desk.command("/who", "Zelensky")
    desk.answer_to(barrier)
    assert desk.fake.find(refused.response_url.removeprefix(desk.fake.url[:-1])) == []


def test_corpus_claim_as_a_user_sees_it(wire: Wire, corpus_store: Store) -> None:
    answer = wire.answer_to(wire.command("/claim", CLAIM))
    shown = answer.shown()
    assert "*Claim:* North Korea has sent 11,000 soldiers to Kursk" in shown
    assert "Figures in the claim: 11,000 soldiers" in shown
    first = next(b["text"]["text"] for b in answer.blocks[1:] if b["type"] == "section")
    assert first.startswith(":white_check_mark: *supports*: Ukraine says")  # who said it
    assert "*Kursk*" in first
    assert ":warning: *differs*: source says Approximately 10,000 soldiers" in shown
    assert "The Rising Threat: North Korean Troops in Russia's Kursk Oblast" in shown


def listed(help_shown: str) -> list[str]:
    """The command names a help message lists, one a bullet: '• /claim …', '• /factdesk watch …'."""
    return re.findall(r"^• /(?:factdesk )?([a-z]+)", help_shown, re.MULTILINE)


def test_factdesk_help_lists_the_digest_and_watches_and_each_listed_command_works(
    desk: Wire,
) -> None:
    shown = desk.answer_to(desk.command("/factdesk", "help")).shown()
    assert "/factdesk digest here [HH:MM] [Area/City] | digest off" in shown
    assert '/factdesk watch who NAME|claim "TEXT"|figures TOPIC' in shown
    assert "/factdesk watches – this channel's watches" in shown
    assert "/factdesk unwatch N – stop watch N" in shown
    names = listed(shown)
    assert names == [
        *("claim", "who", "figures", "digest", "watch", "watches", "unwatch"),
        *("index", "feed", "feeds", "feed", "help"),
    ]
    for name in names:
        said = desk.answer_to(desk.command("/factdesk", name)).shown()
        assert "I don't know the command" not in said, name
