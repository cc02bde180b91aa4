"""Feeds: RSS and Atom from a real HTTP server on 127.0.0.1, polled, each entry indexed once."""

from __future__ import annotations

import datetime as dt
import threading

import pytest
from slack_sdk import WebClient

from bot import feed_poll
from handlers import feeds, watch
from store import Scope, Store
from tests import pages
from tests.conftest import Cli
from tests.fake_slack import BOT_TOKEN
from tests.web_server import Route, serving


@pytest.fixture
def site(monkeypatch: pytest.MonkeyPatch):
    monkeypatch.setenv("FACTDESK_FETCH_ALLOW_PRIVATE", "1")
    with serving() as served:
        served.fallback = _entry_pages
        yield served


def _entry_pages(path: str) -> Route | None:
    """/entry/N is article N, for any N."""
    if path.startswith("/entry/") and path[7:].isdigit():
        return Route(pages.entry_page(int(path[7:])))
    return None


def _items(site, numbers) -> list[tuple[str, str, str]]:
    return [(f"urn:courier:{n}", site.url(f"/entry/{n}"), f"Council notebook {n}") for n in numbers]


def _statuses(store: Store) -> dict[str, int]:
    total: dict[str, int] = {}
    for feed in store.feeds.all():
        for status, n in store.feeds.entry_counts(feed.id).items():
            total[status] = total.get(status, 0) + n
    return total


def test_a_feed_that_gains_entries_between_polls(cli: Cli, site) -> None:
    site.routes["/rss"] = Route(pages.rss(_items(site, [3, 2, 1])), etag='"v1"')
    code, out, err = cli("feeds", "add", site.url("/rss"))
    assert code == 0, err
    assert out.startswith("Feed 1: “Valley Courier: latest”, 3 entries; they are indexed")
    assert (
        cli("feeds", "poll")[1].strip()
        == f"{site.url('/rss')}: 0 new, 3 indexed, 0 failed, 0 waiting"
    )
    assert cli.json("stats")["documents"] == 3
    # Nothing changed: the server answers 304 to the ETag it gave.
    assert cli("feeds", "poll")[1].strip() == f"{site.url('/rss')}: not modified"
    assert site.seen[-1].headers.get("If-None-Match") == '"v1"'
    site.routes["/rss"] = Route(pages.rss(_items(site, [5, 4, 3, 2, 1])), etag='"v2"')
    assert "2 new, 2 indexed" in cli("feeds", "poll")[1]
    assert cli.json("stats")["documents"] == 5
    assert all(site.hits(f"/entry/{n}") == 1 for n in range(1, 6))
    lamps = cli.json("figures", "lamps", "--limit", "10")["results"]
    assert sorted(f["value"] for f in lamps) == [4, 5, 6, 7, 8]
    listed = cli("feeds", "list")[1]
    assert "1. Valley Courier: latest" in listed and "5 indexed" in listed


def test_atom_feed_and_removal(cli: Cli, site) -> None:
    site.routes["/atom"] = Route(
        pages.atom(_items(site, [7, 8])), content_type="application/atom+xml"
    )
    assert cli("feeds", "add", site.url("/atom"))[0] == 0
    assert "2 indexed" in cli("feeds", "poll")[1]
    assert (
        cli("feeds", "remove", "1")[1].strip() == "Feed 1 removed; what it indexed stays indexed."
    )
    assert cli.json("stats")["documents"] == 2
    assert cli("feeds", "remove", "1") == (1, "No feed 1 here (see feeds).\n", "")
    assert cli.json("feeds", "list") == {"feeds": []}


@pytest.mark.parametrize(
    ("route", "reason"),
    [
        (Route(b"<?xml version='1.0'?><rss version='2.0'><channel><title>x</ti"), "malformed feed"),
        (Route(pages.article_page(*pages.FLOOD)), "not an RSS or Atom feed"),
        (Route(b"gone", status=410, content_type="text/plain"), "HTTP 410"),
    ],
)
def test_a_feed_that_cannot_be_read_is_not_added(cli: Cli, site, route, reason) -> None:
    site.routes["/bad"] = route
    code, out, err = cli("feeds", "add", site.url("/bad"))
    assert code == 1 and "Traceback" not in err
    assert out.startswith(f"Could not add {site.url('/bad')}: ") and reason in out
    assert cli.json("feeds", "list") == {"feeds": []}


def test_a_feed_that_breaks_later_says_why_and_indexes_nothing(cli: Cli, site) -> None:
    site.routes["/rss"] = Route(pages.rss(_items(site, [1])))
    cli("feeds", "add", site.url("/rss"))
    site.routes["/rss"] = Route(b"<rss><channel><item><title>broken", content_type="text/xml")
    code, out, _ = cli("feeds", "poll")
    assert code == 1 and out.startswith(f"{site.url('/rss')}: malformed feed")
    assert cli.json("stats")["documents"] == 0
    assert "last poll: failed: malformed feed" in cli("feeds", "list")[1]


def test_a_10000_entry_feed_is_handled_a_batch_per_poll(store: Store, site, monkeypatch) -> None:
    monkeypatch.setattr(feeds, "ENTRIES_PER_POLL", 20)
    site.routes["/big"] = Route(pages.rss(_items(site, range(10_000, 0, -1))))
    assert "10000 entries" in feeds.add(store, Scope(), False, site.url("/big"))
    now = dt.datetime.now(dt.UTC)
    (first,) = feeds.poll(store, now)
    assert (first.new, first.indexed, first.pending) == (0, 20, 9_980)
    assert site.hits("/entry/10000") == 1 and site.hits("/entry/9980") == 0
    (second,) = feeds.poll(store, now + dt.timedelta(seconds=61))  # due again at once
    assert (second.indexed, second.pending) == (20, 9_960)
    assert site.hits("/entry/9961") == 1 and site.hits("/entry/10000") == 1
    assert site.hits("/big") == 1  # read by add; polls within the interval work off entries
    feeds.poll(store, now + dt.timedelta(minutes=16))
    assert site.hits("/big") == 2
    assert store.documents.stats(Scope()).documents == 60  # 20 a poll, three polls


def test_two_instances_polling_one_feed_index_each_entry_once(db_url: str, site) -> None:
    site.routes["/rss"] = Route(pages.rss(_items(site, range(1, 31))))
    first, second = Store(db_url), Store(db_url)
    try:
        feeds.add(first, Scope(), False, site.url("/rss"))
        start = threading.Barrier(2)
        results: list[list[feeds.PollResult]] = []

        def replica(store: Store) -> None:
            start.wait()
            results.append(feeds.poll(store, dt.datetime.now(dt.UTC), force=True))

        threads = [threading.Thread(target=replica, args=(s,)) for s in (first, second)]
        for thread in threads:
            thread.start()
        for thread in threads:
            thread.join(60)
        indexed = sum(r.indexed for batch in results for r in batch)
        assert indexed == 30
        assert [site.hits(f"/entry/{n}") for n in range(1, 31)] == [1] * 30
        assert first.documents.stats(Scope()).documents == 30
        assert _statuses(first) == {"indexed": 30}
        # The scheduler's way: the feed is due once, and one replica takes it.
        later = dt.datetime.now(dt.UTC) + dt.timedelta(hours=1)
        polls = [feeds.poll(s, later) for s in (first, second)]
        assert sorted(len(p) for p in polls) == [0, 1]
    finally:
        first.close()
        second.close()


def test_an_entry_in_two_feeds_is_fetched_once(store: Store, site) -> None:
    site.routes["/a"] = Route(pages.rss(_items(site, [1, 2])))
    site.routes["/b"] = Route(pages.atom(_items(site, [2, 3])), content_type="application/atom+xml")
    feeds.add(store, Scope(), False, site.url("/a"))
    feeds.add(store, Scope(), False, site.url("/b"))
    results = feeds.poll(store, dt.datetime.now(dt.UTC), force=True)
    assert sum(r.indexed for r in results) == 3
    assert site.hits("/entry/2") == 1
    assert _statuses(store) == {"indexed": 3, "shared": 1}


def test_a_private_channel_feed_answers_only_there(cli: Cli, site) -> None:
    site.routes["/rss"] = Route(pages.rss(_items(site, [41])))
    assert "in this channel only" in cli("feeds", "add", site.url("/rss"), "--channel", "G0DESK")[1]
    cli("feeds", "poll")
    assert cli.json("figures", "lamps", "--channel", "G0DESK")["results"]
    assert cli.json("figures", "lamps")["results"] == []
    assert cli.json("figures", "lamps", "--channel", "C0OTHER")["results"] == []


def test_new_entries_fire_watches(store: Store, site, fake_slack) -> None:
    watch.add(store, Scope("local", "C0DESK"), "figures", "lamps")
    site.routes["/rss"] = Route(pages.rss(_items(site, [9])))
    feeds.add(store, Scope(), False, site.url("/rss"))
    client = WebClient(token=BOT_TOKEN, base_url=fake_slack.url + "api/")
    (result,) = feed_poll.poll_due(store, client, dt.datetime.now(dt.UTC))
    assert result.indexed == 1
    posts = fake_slack.wait("chat.postMessage", count=2)
    assert any("12 new street lamps" in p.shown() for p in posts)
    assert feed_poll.poll_due(store, client, dt.datetime.now(dt.UTC)) == []  # not due yet


def test_feed_interval_setting(monkeypatch) -> None:
    assert feeds.interval() == dt.timedelta(minutes=15)
    monkeypatch.setenv("FACTDESK_FEED_INTERVAL", "2.5")
    assert feeds.interval() == dt.timedelta(minutes=2.5)


def test_an_entry_that_fails_for_a_passing_reason_is_tried_again(store: Store, site) -> None:
    answers = iter([Route(b"busy", status=503, content_type="text/plain")] * 1)

    def flaky() -> Route:
        return next(answers, Route(pages.entry_page(77)))

    site.routes["/flaky"] = flaky
    site.routes["/entry/gone"] = Route(b"gone", status=404, content_type="text/plain")
    items = [("a", site.url("/flaky"), "Flaky"), ("b", site.url("/entry/gone"), "Gone")]
    site.routes["/rss"] = Route(pages.rss(items))
    feeds.add(store, Scope(), False, site.url("/rss"))
    now = dt.datetime.now(dt.UTC)
    (first,) = feeds.poll(store, now)
    assert first.line.endswith("0 new, 0 indexed, 1 failed, 1 waiting (1 to try again)")
    (second,) = feeds.poll(store, now + dt.timedelta(seconds=61))
    assert (second.indexed, second.failed, second.pending) == (1, 0, 0)
    assert _statuses(store) == {"indexed": 1, "failed": 1}
    assert site.hits("/entry/gone") == 1  # a 404 is not tried again


def test_feeds_commands_with_bad_input_say_so(cli: Cli) -> None:
    assert cli("feeds", "add") == (2, "", "usage: factdesk feeds add URL\n")
    code, out, _ = cli("feeds", "add", "the morning wire")
    assert code == 1
    assert (
        out
        == "Could not add the morning wire: not a link (it must start with http:// or https://).\n"
    )
    assert cli("feeds", "remove", "two")[:2] == (1, "Usage: feed remove N (see feeds)\n")
    assert cli("feeds")[1].startswith("No feeds followed here")
