"""Links and feeds from Slack, over the wire: /factdesk index|feed|feeds and @Factdesk index."""

from __future__ import annotations

import datetime as dt

import pytest

from bot.slack.links import is_fenced, links_in
from handlers import feeds
from store import Scope, Store
from tests import pages
from tests.web_server import Route, serving


@pytest.fixture
def site(monkeypatch: pytest.MonkeyPatch):
    monkeypatch.setenv("FACTDESK_FETCH_ALLOW_PRIVATE", "1")
    with serving() as served:
        served.routes["/flood"] = Route(pages.article_page(*pages.FLOOD, author="Hanna Vos"))
        served.routes["/strike"] = Route(pages.article_page(*pages.STRIKE, site="Harbour Times"))
        yield served


def said(wire, text: str, channel: str, channel_name: str = "desk") -> str:
    sent = wire.command("/factdesk", text, channel=channel, channel_name=channel_name)
    return wire.answer_to(sent).shown()


def figures_in(store: Store, topic: str, channel: str | None) -> list:
    from handlers.figures import figures

    return list(figures(store, topic, Scope("local", channel), 10).results)


def test_index_a_link_from_a_public_channel(wire, store: Store, site) -> None:
    wire.fake.channels["C0NEWS"] = {"is_private": False}
    shown = said(wire, f"index {site.url('/flood')}", "C0NEWS")
    assert wire.fake.find("conversations.info")[0].data["channel"] == "C0NEWS"
    assert f"Indexed “{pages.FLOOD[0]}” (The Valley Courier, 2025-03-14)" in shown
    assert "people" in shown and "figures" in shown
    assert "Answers anywhere in this workspace can quote it." in shown
    assert figures_in(store, "homes", "C0ELSEWHERE")


def test_index_from_a_private_channel_is_fenced_to_it(wire, store: Store, site) -> None:
    shown = said(wire, f"index <{site.url('/flood')}>", "C0SECRET", "privategroup")
    assert "Answers in this channel only can quote it." in shown
    assert figures_in(store, "homes", "C0SECRET")
    assert figures_in(store, "homes", "C0ELSEWHERE") == []
    assert figures_in(store, "homes", None) == []


def test_slack_saying_a_channel_is_private_wins_over_its_name(wire, store: Store, site) -> None:
    wire.fake.channels["C0PLANS"] = {"is_private": True}
    shown = said(wire, f"index {site.url('/flood')}", "C0PLANS", "plans")
    assert "Answers in this channel only can quote it." in shown
    assert figures_in(store, "homes", None) == []


def test_a_mention_in_a_public_channel_indexes_for_everyone(wire, store: Store, site) -> None:
    wire.fake.channels["C0OPEN"] = {"is_private": False}
    wire.mention(f"index {site.url('/flood')}", channel="C0OPEN")
    assert "Answers anywhere in this workspace" in wire.fake.wait("chat.postMessage")[0].shown()
    assert figures_in(store, "homes", "C0ELSEWHERE")


def test_a_mention_indexes_the_link_and_answers_in_the_thread(wire, store: Store, site) -> None:
    wire.mention(f"index <{site.url('/strike')}|the strike story>", channel="C0DESK", ts="17.5")
    posted = wire.fake.wait("chat.postMessage")[0]
    assert posted.data["thread_ts"] == "17.5"
    assert f"Indexed “{pages.STRIKE[0]}” (Harbour Times, 2025-03-14)" in posted.shown()
    assert "Answers in this channel only" in posted.shown()  # Slack did not say it is public
    assert store.documents.stats(Scope("local", "C0DESK")).latest[0].path == site.url("/strike")


def test_a_link_that_cannot_be_indexed_says_why(wire, store: Store, site, monkeypatch) -> None:
    assert "Could not index" in said(wire, f"index {site.url('/nowhere')}", "C0NEWS")
    assert "HTTP 404" in said(wire, f"index {site.url('/nowhere')}", "C0NEWS")
    monkeypatch.delenv("FACTDESK_FETCH_ALLOW_PRIVATE")
    shown = said(wire, f"index {site.url('/flood')}", "C0NEWS")
    assert shown.startswith(
        f"Could not index {site.url('/flood')}: refused: 127.0.0.1 is a loopback"
    )
    assert "Usage: index URL" in said(wire, "index", "C0NEWS")
    assert store.documents.stats(Scope()).documents == 0


def test_feeds_from_a_private_channel(wire, store: Store, site) -> None:
    items = [(f"id-{n}", site.url(f"/e{n}"), f"Notebook {n}") for n in (1, 2)]
    for n in (1, 2):
        site.routes[f"/e{n}"] = Route(pages.entry_page(n))
    site.routes["/rss"] = Route(pages.rss(items))
    shown = said(wire, f"feed add {site.url('/rss')}", "G0DESK", "privategroup")
    assert shown.startswith("Feed 1: “Valley Courier: latest”, 2 entries; they are indexed in this")
    assert "1. Valley Courier: latest" in said(wire, "feeds", "G0DESK", "privategroup")
    assert said(wire, "feeds", "C0OTHER").startswith("No feeds followed here")
    (result,) = feeds.poll(store, dt.datetime.now(dt.UTC))
    assert result.indexed == 2
    assert figures_in(store, "lamps", "G0DESK")
    assert figures_in(store, "lamps", "C0OTHER") == []
    assert "No feed 1 here" in said(wire, "feed remove 1", "C0OTHER")
    assert "Feed 1 removed" in said(wire, "feed remove 1", "G0DESK", "privategroup")


def test_help_lists_index_and_feeds(wire) -> None:
    shown = said(wire, "help", "C0NEWS")
    assert "/factdesk index URL" in shown and "/factdesk feed add URL" in shown
    assert "/factdesk feed remove N" in shown


def test_links_in_slack_text_and_fencing_rules() -> None:
    text = "see <https://a.example/x|this> and https://b.example/y. and <https://a.example/x>"
    assert links_in(text) == ["https://a.example/x", "https://b.example/y"]
    assert links_in("<mailto:x@y.z|x> ftp://c.example/") == []
    assert not is_fenced("C0NEWS", "desk")
    assert is_fenced("C0NEWS", "privategroup") and is_fenced("C0NEWS", None)
    assert is_fenced("D0DM", "directmessage") and is_fenced("G0OLD", "desk")
    assert is_fenced("C0GROUP", "mpdm-ann--bob-1")


def test_a_link_indexed_from_slack_fires_watches(wire, store: Store, site) -> None:
    from handlers import watch

    watch.add(store, Scope("local", "C0DESK"), "figures", "homes")
    said(wire, f"index {site.url('/flood')}", "C0NEWS")
    alerts = [
        c for c in wire.fake.wait("chat.postMessage", count=2) if c.data["channel"] == "C0DESK"
    ]
    assert any("at least 340 homes" in c.shown() for c in alerts)


def test_every_replicas_scheduler_polls_feeds(store: Store, fake_slack) -> None:
    from slack_sdk import WebClient

    from bot.feed_poll import TICK_SECONDS
    from bot.scheduler import DigestScheduler
    from tests.fake_slack import BOT_TOKEN

    client = WebClient(token=BOT_TOKEN, base_url=fake_slack.url + "api/")
    running = DigestScheduler(store, client).start()
    try:
        job = running._scheduler.get_job("feeds")
        assert job is not None and job.trigger.interval.total_seconds() == TICK_SECONDS
    finally:
        running.stop()
