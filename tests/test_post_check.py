"""Long posts checked sentence by sentence ("Check against sources" and @Factdesk in a
thread): each checkable sentence is a claim of its own; greetings and questions are not
checked; the reply lists what the sources say and counts the rest. A short message is
checked whole, as before; a post of emoji and links, or a 40,000-character one, gets one
clear answer.

The archive is five documents of our own, one a format (txt, md, html, docx, pdf); the
model is the test run's one (tests/conftest.py `embedder`).
"""

from __future__ import annotations

from datetime import datetime
from pathlib import Path

import pytest

from bot.slack.mrkdwn import decode
from handlers.meaning import embed_missing
from handlers.post_check import MAX_CHECKED, check_post, checkable, readable
from store import Scope, Store
from tests.conftest import Cli
from tests.fresh_docs import write_formats
from tests.slack_wire import Wire

STORM_TXT = """\
Storm closes Pelling harbour

PELLING, 2 March 2025 (Coast Wire) - Around 400 fishing boats stayed in port on Sunday as
a storm hit Pelling, the harbour master said.

Harbour master Odile Marchetti said waves reached nine metres at the outer wall.
"""
BUDGET_MD = """\
# Pelling council budget

Published 3 March 2025

The Pelling council approved 12 million euros for the new sea wall on Monday.
"""
RAIL_HTML = """\
<html><head><title>Rail drivers strike across the coast</title></head><body><article>
<h1>Rail drivers strike across the coast</h1><p>Published 7 March 2025</p>
<p>About 3,000 train drivers walked out across the coastal region on Friday, the drivers'
union said, and most services were cancelled.</p></article></body></html>
"""
LIBRARY_PARAGRAPHS = [
    "New library for Pelling",
    "8 March 2025",
    "Mayor Henrik Aasland opened the town's new library on Saturday, six years after the "
    "old one burned down.",
]
SCHOOLS_PDF_LINES = [
    "Storm: school closures",
    "4 March 2025",
    "Fourteen schools in the district stayed closed on Monday because of storm damage, "
    "the education office said.",
]
POST = """\
Hi team! A few things from this morning's call:
- Around 4,000 fishing boats stayed in port in Pelling during Sunday's storm.
- About 3,000 train drivers went on strike on Friday.
- Mayor Henrik Aasland opened the new library in Pelling.
- The Zorvath moon colony elected a new governor by 99 votes.
- Can someone confirm how many schools closed?
Thanks!"""


def write_docs(folder: Path) -> Path:
    return write_formats(
        folder,
        {
            "pelling-storm.txt": STORM_TXT,
            "council-budget.md": BUDGET_MD,
            "rail-strike.html": RAIL_HTML,
            "library.docx": LIBRARY_PARAGRAPHS,
            "schools.pdf": SCHOOLS_PDF_LINES,
        },
        datetime(2025, 3, 4, 9, 0).astimezone(),
    )


@pytest.fixture
def pelling(cli: Cli, tmp_path: Path, store: Store, embedder) -> Store:
    code, _, err = cli("index", str(write_docs(tmp_path / "docs")), "--no-embed")
    assert code == 0, err
    embed_missing(store, embedder)
    return store


def test_only_sentences_that_claim_something_are_checked() -> None:
    assert checkable(POST) == [
        "Around 4,000 fishing boats stayed in port in Pelling during Sunday's storm.",
        "About 3,000 train drivers went on strike on Friday.",
        "Mayor Henrik Aasland opened the new library in Pelling.",
        "The Zorvath moon colony elected a new governor by 99 votes.",
    ]


def test_each_sentence_is_checked_and_the_rest_counted(pelling: Store) -> None:
    post = check_post(pelling, POST, Scope())
    assert post is not None and post.sentences == 4
    checks = {f.sentence.split()[1]: (f.best.check, f.best.document.title) for f in post.found}
    assert checks == {
        "4,000": ("differs", "Storm closes Pelling harbour"),
        "3,000": ("supports", "Rail drivers strike across the coast"),
        "Henrik": ("related", "New library for Pelling"),
    }
    assert (post.more, post.nothing, post.unchecked) == (0, 1, 0)


def test_the_shortcut_lists_the_sentences_in_the_thread(pelling: Store, wire: Wire) -> None:
    message = {"type": "message", "user": "U0CAL", "ts": "1700000003.000400", "text": POST}
    assert wire.shortcut(message, channel="C0DESK").status == 200
    posted = wire.fake.wait("chat.postMessage")[0]
    assert posted.data["thread_ts"] == "1700000003.000400"
    shown = posted.shown()
    assert "*Checked 4 sentences of this message against the sources*" in shown
    assert "*1.* “Around 4,000 fishing boats stayed in port" in shown
    assert "*differs*: source says Around 400 fishing boats" in shown
    assert "*supports*" in shown and "1 other sentence found nothing." in shown
    assert "Zorvath" not in shown and "*4.*" not in shown  # found nothing: counted, not listed


def test_a_mention_in_the_thread_of_a_long_post_checks_it_too(pelling: Store, wire: Wire):
    wire.fake.threads[("C0DESK", "1700000000.000100")] = {"ts": "1700000000.000100", "text": POST}
    wire.mention("check", channel="C0DESK", ts="1700000005.0009", thread_ts="1700000000.000100")
    assert "1 other sentence found nothing." in wire.fake.wait("chat.postMessage")[0].shown()


def test_a_short_message_is_checked_whole_as_before(pelling: Store, wire: Wire) -> None:
    text = "Around 4,000 fishing boats stayed in port in Pelling"
    wire.shortcut({"type": "message", "user": "U0CAL", "ts": "1.5", "text": text})
    shown = wire.fake.wait("chat.postMessage")[0].shown()
    assert f"*Claim:* {text}" in shown and "source says Around 400 fishing boats" in shown


def test_a_post_of_emoji_and_links_gets_one_line(pelling: Store, wire: Wire) -> None:
    text = ":tada: :rocket: <https://example.org/x> 🎉 <@U0BOB>"
    assert readable(decode(text)) == ""
    sent = wire.shortcut({"type": "message", "user": "U0CAL", "ts": "1.6", "text": text})
    answer = wire.answer_to(sent)
    assert answer.shown() == "That message has no text I can check against the sources."
    assert wire.fake.find("chat.postMessage") == []


def test_a_40000_character_post_is_checked_within_limits(pelling: Store, wire: Wire) -> None:
    sentence = "Officials said {n} fishing boats stayed in port in Pelling on Sunday. "
    text = "".join(sentence.format(n=400 + n) for n in range(800))[:40_000]
    assert len(text) == 40_000
    wire.shortcut({"type": "message", "user": "U0CAL", "ts": "1.7", "text": text})
    posted = wire.fake.wait("chat.postMessage", timeout=60)[0]
    shown = posted.shown()
    total = len(checkable(text))
    assert total > MAX_CHECKED
    assert f"Only the first {MAX_CHECKED} were checked; {total - MAX_CHECKED} more were not." in (
        shown
    )
    assert len(posted.data["text"]) <= 4000 and len(posted.blocks) <= 50
    longer = check_post(pelling, text + " More text here.", Scope())
    assert longer is not None and longer.cut


def test_without_the_model_sentences_are_checked_by_words(pelling: Store, monkeypatch) -> None:
    from handlers.embedding import MEANING

    monkeypatch.setattr(MEANING, "state", "unavailable")
    post = check_post(pelling, POST, Scope())
    assert post is not None
    assert [f.best.check for f in post.found][:2] == ["differs", "supports"]
