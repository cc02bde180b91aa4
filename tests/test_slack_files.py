"""Files shared in Slack: downloaded with the bot token, indexed, scoped, reported in the thread."""

from __future__ import annotations

from store import Scope, Store
from tests.fake_slack import BOT_TOKEN
from tests.slack_wire import DESK_BRIEF, EMBARGOED, Wire

SECRET_CLAIM = "Pyongyang paid each officer 2,000 dollars a month"


def test_a_file_shared_in_a_public_channel_is_indexed_for_the_workspace(
    wire: Wire, store: Store
) -> None:
    wire.fake.add_file(
        "F0DESK",
        "desk-brief.txt",
        DESK_BRIEF.encode(),
        "C0DESK",
        public=True,
        ts="1700000002.000300",
    )
    wire.file_shared("F0DESK", "C0DESK")
    posted = wire.fake.wait("chat.postMessage")[0]
    assert (posted.data["channel"], posted.data["thread_ts"]) == ("C0DESK", "1700000002.000300")
    assert posted.shown() == (
        "Indexed “Kursk deployment widens”: 4 passages, 2 people, 2 figures. "
        "Answers anywhere in this workspace can quote it."
    )
    download = wire.fake.find("/files/F0DESK/")[0]
    assert download.headers["Authorization"] == f"Bearer {BOT_TOKEN}"
    assert store.document_count(Scope("local")) == 1
    answer = wire.answer_to(wire.command("/who", "Zelensky", channel="C0ELSEWHERE"))
    assert (
        "<https://newsroom.slack.com/files/U1/F0DESK/desk-brief.txt|Kursk deployment widens>"
        in answer.shown()
    )


def test_a_private_channel_document_never_reaches_another_channel(wire: Wire, store: Store) -> None:
    wire.fake.add_file("F0EMB", "payroll.md", EMBARGOED.encode(), "C0PRIVATE", public=False)
    wire.file_shared("F0EMB", "C0PRIVATE")
    posted = wire.fake.wait("chat.postMessage")[0]
    assert "Answers in this channel only can quote it." in posted.shown()
    assert store.document_count(Scope("local")) == 0

    elsewhere = wire.answer_to(wire.command("/claim", SECRET_CLAIM, channel="C0PUBLIC"))
    assert "Nothing in 0 documents matches this claim." in elsewhere.shown()
    assert "ledger" not in elsewhere.shown() + elsewhere.text
    inside = wire.answer_to(wire.command("/claim", SECRET_CLAIM, channel="C0PRIVATE"))
    assert "A leaked ledger shows *Pyongyang paid 2,000 dollars*" in inside.shown()


def test_a_dm_share_is_fenced_to_the_dm(wire: Wire, store: Store) -> None:
    wire.fake.add_file("F0DM", "payroll.txt", EMBARGOED.encode(), "D0ANN", public=True)
    wire.file_shared("F0DM", "D0ANN")
    wire.fake.wait("chat.postMessage")
    assert store.document_count(Scope("local", "D0ANN")) == 1
    assert store.document_count(Scope("local", "C0PUBLIC")) == 0


def test_a_download_error_gets_a_useful_reply(wire: Wire) -> None:
    info = wire.fake.add_file("F0GONE", "gone.pdf", b"%PDF-", "C0DESK", public=True)
    info["url_private_download"] += "-moved"  # the fake answers 404
    wire.file_shared("F0GONE", "C0DESK")
    posted = wire.fake.wait("chat.postMessage")[0]
    assert posted.shown() == (
        "Skipped “gone.pdf”: I couldn't download it: Slack answered HTTP 404 to the download."
    )


def test_an_unreadable_file_says_why_it_was_skipped(wire: Wire) -> None:
    wire.fake.add_file("F0BIN", "notes.docx", b"not a zip at all", "C0DESK", public=True)
    wire.file_shared("F0BIN", "C0DESK")
    assert wire.fake.wait("chat.postMessage")[0].shown().startswith("Skipped “notes.docx”: ")


def test_images_and_other_non_documents_are_ignored_quietly(wire: Wire) -> None:
    wire.fake.add_file("F0IMG", "photo.png", b"\x89PNG", "C0DESK", public=True)
    wire.file_shared("F0IMG", "C0DESK")
    wire.fake.add_file("F0DESK", "desk.txt", DESK_BRIEF.encode(), "C0DESK", public=True)
    wire.file_shared("F0DESK", "C0DESK")  # a barrier: its reply comes after the image's turn
    posted = wire.fake.wait("chat.postMessage")
    assert [p.shown()[:7] for p in posted] == ["Indexed"]
    assert wire.fake.find("/files/F0IMG/") == []


def test_a_file_deleted_before_it_is_read_is_skipped_without_a_reply(wire: Wire) -> None:
    wire.file_shared("F0VANISHED", "C0DESK")  # files.info answers file_not_found
    wire.fake.add_file("F0DESK", "desk.txt", DESK_BRIEF.encode(), "C0DESK", public=True)
    wire.file_shared("F0DESK", "C0DESK")  # a barrier: its reply comes after the first one's turn
    posted = wire.fake.wait("chat.postMessage")
    assert [p.shown()[:7] for p in posted] == ["Indexed"]
    assert len(wire.fake.find("files.info")) == 2
