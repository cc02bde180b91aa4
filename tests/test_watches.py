"""Watches over the wire: set from Slack, fired by new documents, once each, within scope."""

from __future__ import annotations

from slack_sdk import WebClient

from bot.slack.alerts import notify
from handlers import watch, watch_post
from store import Scope, Store
from tests.fake_slack import BOT_TOKEN
from tests.slack_wire import DESK_BRIEF, index


def watch_store_hits(store: Store):
    from sqlalchemy import select

    from store.schema import watch_hits

    with store.engine.connect() as conn:
        return conn.execute(select(watch_hits)).all()


def said(wire, text: str, channel: str) -> str:
    return wire.answer_to(wire.command("/factdesk", text, channel=channel)).shown()


def alerts_in(fake, channel: str) -> list:
    return [c for c in fake.find("chat.postMessage") if c.data.get("channel") == channel]


def test_watches_fire_once_per_matching_document_in_one_thread(wire, store: Store) -> None:
    assert "Watch 1" in said(wire, "watch who Zelensky", "C0DESK")
    assert "Watch 2" in said(wire, "watch figures troops", "C0DESK")
    assert "Watch 3" in said(wire, "watch who Umerov", "C0DESK")
    wire.fake.add_file("F1", "brief.txt", DESK_BRIEF.encode(), "C0NEWS", public=True)
    wire.file_shared("F1", "C0NEWS")
    posts = wire.fake.wait("chat.postMessage", count=5)  # the file's note, 2 heads, 2 alerts
    desk = alerts_in(wire.fake, "C0DESK")
    heads = [c for c in desk if not c.data.get("thread_ts")]
    replies = [c for c in desk if c.data.get("thread_ts")]
    assert len(heads) == 2 and len(replies) == 2, [c.data for c in posts]
    assert any("Volodymyr Zelensky" in c.shown() for c in replies)
    assert any("10,000" in c.shown() for c in replies)
    threads = {w.id: w.thread_ts for w in store.watches.all("local")}
    assert threads[3] is None and {threads[1], threads[2]} == {r.data["thread_ts"] for r in replies}
    # the same documents again (another replica, a re-run): no second alert
    client = WebClient(token=BOT_TOKEN, base_url=wire.fake.url + "api/")
    first_ids = sorted({h.document_id for h in watch_store_hits(store)})
    assert first_ids and notify(store, client, "local", first_ids) == 0
    # a second matching document: same thread, no new head
    second = index(store, "b.txt", "Zelensky spoke again.\n\nPresident Volodymyr Zelensky said so.")
    assert notify(store, client, "local", [second.document_id]) == 1
    last = alerts_in(wire.fake, "C0DESK")[-1]
    assert last.data["thread_ts"] == threads[1]


def test_a_private_document_alerts_only_its_own_channel(store: Store) -> None:
    watch.add(store, Scope("local", "C0PUBLIC"), "who", "Zelensky")
    watch.add(store, Scope("local", "G0SECRET"), "who", "Zelensky")
    fenced = index(store, "secret.txt", DESK_BRIEF, channel="G0SECRET")
    alerts = watch.new_documents(store, "local", [fenced.document_id])
    assert [a.channel for a in alerts] == ["G0SECRET"]
    assert watch.new_documents(store, "local", [fenced.document_id]) == []


def test_a_claim_watch_and_listing_and_removing(wire, store: Store) -> None:
    said(wire, 'watch claim "North Korea sent 11,000 soldiers to Kursk"', "C0DESK")
    assert "North Korea sent 11,000" in said(wire, "watches", "C0DESK")
    assert "No watches" in said(wire, "watches", "C0ELSE")
    doc = index(store, "brief.txt", DESK_BRIEF)
    (alert,) = watch.new_documents(store, "local", [doc.document_id])
    assert alert.kind == "claim" and "differs" in alert.detail
    assert "No watch 1 in this channel" in said(wire, "unwatch 1", "C0ELSE")
    assert "Watch 1 removed" in said(wire, "unwatch 1", "C0DESK")
    assert "No watches" in said(wire, "watches", "C0DESK")


def test_factdesk_index_posts_alerts_when_a_bot_token_is_set(
    cli, store: Store, fake_slack, tmp_path, monkeypatch
) -> None:
    monkeypatch.setenv("SLACK_BOT_TOKEN", BOT_TOKEN)
    monkeypatch.setenv("SLACK_API_URL", fake_slack.url + "api/")
    watch.add(store, Scope("local", "C0DESK"), "who", "Zelensky")
    brief = tmp_path / "brief.txt"
    brief.write_text(DESK_BRIEF, encoding="utf-8")
    code, _, err = cli("index", str(brief))
    assert code == 0, err
    head, reply = alerts_in(fake_slack, "C0DESK")
    assert "Zelensky" in head.shown() and "Volodymyr Zelensky" in reply.shown()
    assert reply.data["thread_ts"] and not head.data.get("thread_ts")
    code, out, _ = cli("index", str(brief))
    assert code == 0 and "1 unchanged" in out  # nothing new: nothing posted
    assert len(fake_slack.find("chat.postMessage")) == 2


class Refusing:
    """A transport that cannot post in `refused`; what it did post, in order."""

    def __init__(self, refused: str) -> None:
        self.refused, self.posted = refused, []

    def head(self, alert) -> str:
        if alert.channel == self.refused:
            raise watch_post.PostFailed("not_in_channel")
        self.posted.append(("head", alert.channel))
        return f"{len(self.posted)}.000100"

    def reply(self, alert, thread_ts: str) -> None:
        self.posted.append(("reply", alert.channel, thread_ts))


def test_an_alert_that_cannot_be_posted_leaves_the_others_and_no_thread(store: Store) -> None:
    watch.add(store, Scope("local", "C0GONE"), "who", "Zelensky")
    watch.add(store, Scope("local", "C0DESK"), "who", "Zelensky")
    doc = index(store, "brief.txt", DESK_BRIEF)
    poster = Refusing("C0GONE")
    assert watch_post.notify(store, poster, "local", [doc.document_id]) == 1
    assert poster.posted == [("head", "C0DESK"), ("reply", "C0DESK", "1.000100")]
    threads = {w.channel: w.thread_ts for w in store.watches.all("local")}
    assert threads == {"C0GONE": None, "C0DESK": "1.000100"}
    asked = []
    assert watch_post.after_index(store, lambda: asked.append(1), "local", []) == 0
    assert asked == []  # nothing indexed: no transport is even built
