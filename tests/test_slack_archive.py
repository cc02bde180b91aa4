"""Slack the way people use it, over the wire: direct messages, the App Home tab, and a
file deleted in Slack leaving the archive."""

from __future__ import annotations

import json
import time

from store import Scope, Store
from store.digest_settings import DigestSetting
from tests.fake_slack import BOT_USER, TEAM
from tests.slack_wire import DESK_BRIEF, EMBARGOED, Wire, index

# A brief of our own for the DM tests: a port strike, its figures and its people.
PORT_BRIEF = """Dock strike enters its third day
By Orla Byrne
Published March 4, 2025

Union steward Kasimir Olafsson said about 4,200 dockers had walked out at the container port.

The port authority said 61 ships were waiting at anchor on Wednesday morning.
"""


def dm(wire: Wire, text: str, channel: str = "D0ANN", **extra) -> None:
    event = {
        "type": "message",
        "channel_type": "im",
        "channel": channel,
        "user": "U0ANN",
        "text": text,
        "ts": "1700000100.000100",
        "event_ts": "1700000100.000100",
        **extra,
    }
    assert wire.event(event).status == 200


def posted_in(wire: Wire, channel: str, count: int = 1):
    deadline = time.monotonic() + 10
    while time.monotonic() < deadline:
        found = [c for c in wire.fake.find("chat.postMessage") if c.data["channel"] == channel]
        if len(found) >= count:
            return found
        time.sleep(0.02)
    raise AssertionError(f"no {count} message(s) in {channel}")


# ---- direct messages --------------------------------------------------------------------


def test_plain_text_in_a_dm_is_checked_as_a_claim_and_answered_there(wire: Wire, store) -> None:
    index(store, "port.txt", PORT_BRIEF)
    dm(wire, "About 4,200 dockers walked out at the port")
    answer = posted_in(wire, "D0ANN")[0]
    assert "thread_ts" not in answer.data or answer.data["thread_ts"] in (None, "")
    assert "*Claim:* About 4,200 dockers walked out at the port" in answer.shown()
    assert "supports" in answer.shown() and "Dock strike enters its third day" in answer.shown()


def test_commands_in_a_dm_work_like_mentions(wire: Wire, store: Store) -> None:
    index(store, "port.txt", PORT_BRIEF)
    dm(wire, "who Olafson")
    dm(wire, "figures ships", ts="1700000101.000100")
    dm(wire, "help", ts="1700000102.000100")
    who, figures, help_ = posted_in(wire, "D0ANN", 3)
    shown = {c.shown() for c in (who, figures, help_)}
    assert any("*Kasimir Olafsson*" in s for s in shown)
    assert any("*Figures on “ships”*" in s and "61" in s for s in shown)
    assert any("Factdesk answers from your newsroom's indexed sources" in s for s in shown)


def test_index_in_a_dm_without_a_link_says_how(wire: Wire) -> None:
    dm(wire, "index")
    assert "Usage: index URL" in posted_in(wire, "D0ANN")[0].shown()


def test_a_dm_sees_its_own_files_and_no_other_private_channel(wire: Wire, store: Store) -> None:
    index(store, "payroll.md", EMBARGOED, channel="D0ANN")
    index(store, "port.txt", PORT_BRIEF, channel="G0UNION")
    dm(wire, "Pyongyang paid 2,000 dollars a month to each officer")
    assert "A leaked ledger" in posted_in(wire, "D0ANN")[0].shown()
    dm(wire, "About 4,200 dockers walked out", channel="D0BOB")
    answer = posted_in(wire, "D0BOB")[0]
    assert "Nothing in 0 documents matches" in answer.shown()  # D0ANN's file is not here
    assert "Dock strike" not in answer.shown() + answer.text  # nor G0UNION's


def test_bots_edits_and_joins_in_a_dm_get_no_answer(wire: Wire, store: Store) -> None:
    index(store, "port.txt", PORT_BRIEF)
    dm(wire, "About 4,200 dockers walked out", bot_id="BFACT", user=BOT_USER)
    dm(wire, "About 4,200 dockers walked out", subtype="message_changed")
    dm(wire, "About 4,200 dockers walked out", subtype="channel_join")
    dm(wire, "61 ships waited at anchor")  # the one a person sent
    answers = posted_in(wire, "D0ANN")
    time.sleep(0.3)  # the ignored ones would have been answered by now
    answers = [c for c in wire.fake.find("chat.postMessage") if c.data["channel"] == "D0ANN"]
    assert len(answers) == 1 and "61 ships" in answers[0].shown()


# ---- the App Home -----------------------------------------------------------------------


def home_opened(wire: Wire, user: str = "U0ANN", tab: str = "home") -> dict:
    event = {"type": "app_home_opened", "user": user, "channel": "D0ANN", "tab": tab}
    assert wire.event(event).status == 200
    call = wire.fake.wait("views.publish")[-1]
    view = call.data["view"]
    return {"user": call.data["user_id"], **(json.loads(view) if isinstance(view, str) else view)}


def view_text(view: dict) -> str:
    texts = []
    for block in view["blocks"]:
        text = block.get("text") or {}
        texts.append(text.get("text", "") if isinstance(text, dict) else str(text))
    return "\n".join(texts)


def test_the_home_tab_shows_the_archive_your_digests_and_watches(wire: Wire, store: Store):
    index(store, "port.txt", PORT_BRIEF)
    index(store, "desk.txt", DESK_BRIEF)
    index(store, "payroll.md", EMBARGOED, channel="G0SECRET")  # not for the Home
    wire.fake.memberships["U0ANN"] = ["C0DESK", "G0UNION"]
    store.digest_settings.save(DigestSetting("C0DESK", "local", "08:30", "Europe/Oslo", True))
    store.digest_settings.save(DigestSetting("C0OTHER", "local", "07:00", "UTC", True))
    store.watches.add(Scope("local", "G0UNION"), "who", "Olafsson")
    store.watches.add(Scope("local", "C0OTHER"), "figures", "tanks")

    view = home_opened(wire)
    assert view["type"] == "home" and view["user"] == "U0ANN"
    shown = view_text(view)
    assert "2 documents" in shown and "Dock strike enters its third day" in shown
    assert "Embargoed" not in shown
    assert "<#C0DESK> at 08:30 (Europe/Oslo)" in shown and "C0OTHER" not in shown
    assert "<#G0UNION> who “Olafsson”" in shown and "tanks" not in shown
    assert "/claim TEXT" in shown and "/factdesk watch" in shown
    asked = wire.fake.find("users.conversations")[0].data
    assert asked["user"] == "U0ANN" and "private_channel" in asked["types"]
    assert len(view["blocks"]) <= 100


def test_the_messages_tab_publishes_nothing(wire: Wire) -> None:
    wire.event({"type": "app_home_opened", "user": "U0ANN", "channel": "D0ANN", "tab": "messages"})
    wire.event({"type": "app_home_opened", "user": "U0ANN", "channel": "D0ANN", "tab": "home"})
    wire.fake.wait("views.publish")
    assert len(wire.fake.find("views.publish")) == 1


def test_an_empty_archive_home_says_how_to_start(wire: Wire) -> None:
    shown = view_text(home_opened(wire, user="U0NEW"))
    assert "0 documents" in shown and "Nothing indexed yet" in shown
    assert "None in your channels" in shown


# ---- a file deleted in Slack ------------------------------------------------------------


def test_a_file_deleted_in_slack_is_forgotten(wire: Wire, store: Store) -> None:
    wire.fake.add_file("F0PORT", "port.txt", PORT_BRIEF.encode(), "C0DESK", public=True)
    wire.fake.add_file("F0KEEP", "desk.txt", DESK_BRIEF.encode(), "C0DESK", public=True)
    wire.file_shared("F0PORT", "C0DESK")
    wire.file_shared("F0KEEP", "C0DESK")
    wire.fake.wait("chat.postMessage", 2)
    assert store.document_count(Scope("local")) == 2
    store.start_memory_index(wait=True)
    event = {"type": "file_deleted", "file_id": "F0PORT", "channel_ids": ["C0DESK"]}
    event["event_ts"] = "1700000200.000100"
    assert wire.event(event).status == 200
    deadline = time.monotonic() + 10
    while store.document_count(Scope("local")) != 1 and time.monotonic() < deadline:
        time.sleep(0.02)
    assert store.document_count(Scope("local")) == 1
    answer = wire.answer_to(wire.command("/claim", "About 4,200 dockers walked out at the port"))
    assert "Dock strike" not in answer.shown()
    kept = wire.answer_to(wire.command("/who", "Zelensky"))
    assert "Kursk deployment widens" in kept.shown()


def test_a_file_deleted_in_another_workspace_changes_nothing(wire: Wire, store: Store) -> None:
    wire.fake.add_file("F0PORT", "port.txt", PORT_BRIEF.encode(), "C0DESK", public=True)
    wire.file_shared("F0PORT", "C0DESK")
    wire.fake.wait("chat.postMessage")
    event = {"type": "file_deleted", "file_id": "F0PORT", "event_ts": "1700000200.000100"}
    assert wire.event(event, team="T0OTHER").status == 200
    event = {"type": "file_deleted", "file_id": "F0UNKNOWN", "event_ts": "1700000201.000100"}
    assert wire.event(event).status == 200
    time.sleep(0.3)
    assert store.document_count(Scope("local")) == 1
    assert TEAM != "T0OTHER"


# ---- every answer links its source ------------------------------------------------------

CRANES = b"""<html><head><title>Harbour cranes idle</title>
<link rel="canonical" href="https://news.example.org/2025/harbour-cranes">
<meta property="og:url" content="https://syndicated.example.net/cranes?utm_source=feed">
</head><body><article><h1>Harbour cranes idle</h1>
<p>Crane operator Hedda Lindqvist said 12 cranes stood idle on Monday as the strike went on.</p>
<p>The port authority said at least 30 ships were delayed by the stoppage.</p>
</article></body></html>"""
CANONICAL = "<https://news.example.org/2025/harbour-cranes|Harbour cranes idle>"


def test_a_web_page_is_linked_by_its_canonical_url_everywhere(wire: Wire, store: Store) -> None:
    from handlers.ingest import ingest_bytes

    ingest_bytes(store, CRANES, "cranes.html", "/archive/cranes.html", Scope("local"))
    answer = wire.answer_to(wire.command("/claim", "12 cranes stood idle on Monday"))
    assert CANONICAL in answer.shown() and "utm_source" not in answer.shown()
    dm(wire, "who Lindqvist")
    assert CANONICAL in posted_in(wire, "D0ANN")[0].shown()
    assert CANONICAL in view_text(home_opened(wire))


def test_slack_files_are_linked_by_permalink_in_answers_alerts_and_digests(wire, store) -> None:
    import datetime as dt

    from bot.render import digest as digest_render
    from handlers.digest import digest

    store.watches.add(Scope("local", "C0DESK"), "who", "Olafsson")
    info = wire.fake.add_file("F0PORT", "port.txt", PORT_BRIEF.encode(), "C0DESK", public=True)
    wire.file_shared("F0PORT", "C0DESK")
    permalink = f"<{info['permalink']}|Dock strike enters its third day>"
    alert = posted_in(wire, "C0DESK", 3)[-1]  # the file's note, the watch's head, the alert
    assert "New: Dock strike enters its third day" in alert.shown() and permalink in alert.shown()
    answer = wire.answer_to(wire.command("/figures", "dockers"))
    assert permalink in answer.shown()
    now = dt.datetime.now(dt.UTC)
    details = digest_render.detail_message(
        digest(store, Scope("local"), now - dt.timedelta(1), now)
    )
    assert permalink in json.dumps(details.blocks, ensure_ascii=False)
