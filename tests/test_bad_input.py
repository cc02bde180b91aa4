"""Bad input: hostile queries, broken files, odd Slack payloads.

For each, the user gets a short, clear answer, the bot keeps serving (a normal question
afterwards is answered) and nothing is half-written. Reader-level file cases (bad UTF-8,
UTF-16, empty, binary, oversized bytes, script-only HTML, broken PDF, non-zip .docx) are
in tests/test_readers.py; here they go through ingest, the CLI and Slack.
"""

from __future__ import annotations

import json
from pathlib import Path

import pytest
from sqlalchemy import func, select

from bot import console
from bot.slack.app import STALE
from bot.slack.commands import QUERY_LIMIT
from handlers import claim, figures, who
from handlers.ingest import MAX_FILE_MB_ENV, discover, ingest_file, ingest_paths
from store import Scope, Store
from store.schema import documents, mentions, passages, people, person_edits
from store.schema import figures as figure_rows
from tests.conftest import Cli
from tests.fake_slack import Reply
from tests.slack_wire import DESK_BRIEF, Wire, buttons, index

ONE_MB = 1024 * 1024
QUERIES = {
    "empty": "",
    "whitespace": " \t\n\u00a0 ",
    "10k chars": "Kursk troops deployed " * 455,
    "1 MB": "Kursk " * (ONE_MB // 6),
    "fts quote": '"North Korean',
    "fts star": "troop*",
    "fts parens": "(Kursk OR troops) AND (",
    "fts column": "title:Kursk ^Zelensky",
    "fts minus": "-Kursk --",
    "fts near": "NEAR(Kursk troops, 2)",
    "fts words": "AND OR NOT NEAR",
    "sql": "'; DROP TABLE documents; -- 1 OR 1=1",
    "sql union": "Kursk' UNION SELECT path FROM documents --",
    "emoji": "👍🏽 🇺🇦 👨‍👩‍👧 troops 🔥",
    "rtl": "قوات كوريا الشمالية في كورسك \u202eevil\u202c",
    "combining": "Zele\u0301nsky\u0301\u0301\u0301 a\u20dd",
    "nul": "Kursk\x00troops\x00",
}
NORMAL = ("who", "Zelensky", "Volodymyr Zelensky")


def content_rows(store: Store) -> tuple[int, ...]:
    """Rows in every table a question must never write to."""
    tables = (documents, passages, people, mentions, figure_rows, person_edits)
    with store.engine.connect() as conn:
        return tuple(conn.execute(select(func.count()).select_from(t)).scalar() for t in tables)


@pytest.fixture
def desk(store: Store) -> Store:
    index(store, "desk.txt", DESK_BRIEF)
    return store


# ---- queries ------------------------------------------------------------------------------


@pytest.mark.parametrize("query", list(QUERIES.values()), ids=list(QUERIES))
def test_hostile_queries_through_the_handlers(desk: Store, query: str) -> None:
    before = content_rows(desk)
    for handler in (claim.claim, who.who, figures.figures):
        answer = handler(desk, query, Scope(), 5)
        assert len(answer.query) <= 2000  # what is echoed back is cut
        assert len(json.dumps([r.__dict__ for r in answer.results], default=str)) < 20_000
    if query.startswith("Kursk " * 10):
        assert claim.claim(desk, query, Scope()).message == "(the claim was cut to its first words)"
    assert content_rows(desk) == before
    assert who.who(desk, "Zelensky", Scope()).person.name == "Volodymyr Zelensky"


def test_a_lone_surrogate_from_json_is_dropped_not_a_crash(desk: Store) -> None:
    for handler in (claim.claim, who.who, figures.figures):
        handler(desk, "troops \ud800 Kursk", Scope(), 5)


def test_operator_characters_are_plain_words(desk: Store) -> None:
    """'"Kursk" (troops*) AND ^:' searches for the words, not an FTS5 expression."""
    plain = claim.claim(desk, "Kursk troops", Scope())
    wrapped = claim.claim(desk, '"Kursk" (troops*) AND ^: -', Scope())
    assert [m.excerpt for m in wrapped.results] == [m.excerpt for m in plain.results]
    assert wrapped.results


@pytest.mark.parametrize("query", list(QUERIES.values()), ids=list(QUERIES))
def test_hostile_queries_through_the_cli(cli: Cli, desk: Store, query: str) -> None:
    before = content_rows(desk)
    for command in ("claim", "who", "figures"):
        code, out, err = cli(command, query)
        assert code in (0, 2), err
        assert "Traceback" not in err and len(out) < 20_000 and len(err) < 500
        if not query.strip() and command != "who":
            assert err.startswith("usage:")
    assert content_rows(desk) == before
    code, out, _ = cli(*NORMAL[:2])
    assert code == 0 and NORMAL[2] in out


def test_a_huge_query_in_a_cli_batch_file(cli: Cli, desk: Store, tmp_path: Path) -> None:
    batch = tmp_path / "queries.txt"
    batch.write_text(QUERIES["1 MB"] + "\n" + "Zelensky\n", encoding="utf-8")
    code, out, err = cli("claim", "--batch", str(batch))
    assert code == 0, err
    assert len(out) < 20_000 and "(the claim was cut to its first words)" in out


def test_unknown_console_commands_get_one_line(desk: Store) -> None:
    assert console.reply(desk, Scope(), "/weather Kursk") == (
        "Unknown command 'weather'. Type help for the list."
    )
    assert "Nothing in 1 documents matches" in console.reply(desk, Scope(), "claim \x00\x00")


# Over Slack a 1 MB query cannot be sent: the edge refuses bodies over its cap with 413
# (tests/test_slack_edge.py), and Slack itself caps a command's text far below that.
OVER_SLACK = [k for k in QUERIES if k not in ("empty", "1 MB")]


@pytest.mark.parametrize("query", [QUERIES[k] for k in OVER_SLACK], ids=OVER_SLACK)
def test_hostile_queries_over_slack(wire: Wire, desk: Store, query: str) -> None:
    before = content_rows(desk)
    sent = wire.command("/claim", query)
    assert sent.status == 200 and sent.seconds < 3
    answer = wire.answer_to(sent)
    shown = answer.shown()
    assert len(answer.text) <= 4000 and len(shown) <= 12_000
    if len(query) > QUERY_LIMIT:
        assert f"_Your text was cut to its first {QUERY_LIMIT:,} characters._" in shown
    elif not query.strip():
        assert shown.startswith("Usage: /claim TEXT")
    for button in buttons(answer).values():
        assert len(button["value"]) <= 2000  # Slack's limit for a button value
    assert content_rows(desk) == before
    normal = wire.answer_to(wire.command("/" + NORMAL[0], NORMAL[1]))
    assert NORMAL[2] in normal.shown()


def test_slack_markup_is_decoded_not_searched(wire: Wire, desk: Store) -> None:
    # The link's address names Kursk; only its label ("see this") is the query.
    sent = wire.command(
        "/claim", "<@U0BOB|bob> <#C0DESK|desk> <https://kursk.example/troops|see this>"
    )
    shown = wire.answer_to(sent).shown()
    assert "*Claim:* @bob #desk see this" in shown
    assert "Nothing in 1 documents matches this claim." in shown
    labelled = wire.answer_to(wire.command("/who", "<https://example.org/x|Zelensky>"))
    assert "*Volodymyr Zelensky*" in labelled.shown()


def test_a_lone_surrogate_in_an_event_gets_an_answer(wire: Wire, desk: Store) -> None:
    wire.mention("figures troops \ud800")
    assert "Figures on “troops" in wire.fake.wait("chat.postMessage")[0].shown()


# ---- files --------------------------------------------------------------------------------

BAD_FILES = {
    "bad-utf8.txt": (bytes(range(0x80, 0x100)) * 4, "not valid UTF-8 text"),
    "empty.txt": (b"", "empty file"),
    "photo.txt": (b"\x89PNG\r\n\x1a\n\x00\x00\x00\rIHDR" + bytes(range(256)) * 4, "binary"),
    "scripts.html": (b"<html><script>go()</script><body><script>x=1</script></body></html>", ""),
    "broken.pdf": (b"%PDF-1.4\n1 0 obj << /Type /Catalog >>\n%%EOF", ""),
    "notes.docx": (b"not a zip at all", ""),
}


def test_bad_files_are_skipped_with_a_reason_and_nothing_written(store: Store, tmp_path: Path):
    for name, (data, _) in BAD_FILES.items():
        (tmp_path / name).write_bytes(data)
    (tmp_path / "u16.txt").write_bytes(
        b"\xff\xfe" + "Kursk note\nTroops moved.\n".encode("utf-16-le")
    )
    summary = ingest_paths(store, [tmp_path], Scope())
    reasons = {Path(o.path).name: o.reason for o in summary.outcomes if o.status == "skipped"}
    assert set(reasons) == set(BAD_FILES)
    for name, (_, expected) in BAD_FILES.items():
        assert reasons[name] and expected in reasons[name] and "\n" not in reasons[name]
    assert (summary.added, content_rows(store)[0]) == (1, 1)  # only the UTF-16 note


def test_a_200_mb_sparse_file_is_refused_by_size_unread(
    store: Store, tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    big = tmp_path / "huge.txt"
    with big.open("wb") as handle:
        handle.truncate(200 * ONE_MB)  # sparse: no disk used
    assert big.stat().st_size == 200 * ONE_MB
    outcome = ingest_file(store, big, Scope())
    assert (outcome.status, outcome.reason) == ("skipped", f"larger than 50 MB ({MAX_FILE_MB_ENV})")
    monkeypatch.setenv(MAX_FILE_MB_ENV, "1")
    small = tmp_path / "two-mb.txt"
    small.write_bytes(b"Kursk. " * (2 * ONE_MB // 7))
    assert ingest_file(store, small, Scope()).reason == f"larger than 1 MB ({MAX_FILE_MB_ENV})"
    monkeypatch.setenv(MAX_FILE_MB_ENV, "not a number")  # falls back to the default
    assert "larger than 50 MB" in ingest_file(store, big, Scope()).reason
    assert content_rows(store)[0] == 0


def test_a_file_that_vanishes_mid_ingest_is_skipped(store: Store, tmp_path: Path) -> None:
    for n in range(3):
        (tmp_path / f"note-{n}.txt").write_text(f"Note {n}\n\nConvoy {n} reached Kursk.\n")
    found = list(discover([tmp_path]))
    found[1].unlink()  # gone between listing the folder and reading it
    summary = ingest_paths(store, found, Scope())
    assert (summary.added, summary.skipped) == (2, 1)
    assert summary.outcomes[1].reason == "no such file or folder"
    assert store.document_count(Scope()) == 2


def test_a_file_shared_in_slack_larger_than_the_limit_is_not_downloaded(wire: Wire) -> None:
    wire.fake.add_file("F0BIG", "huge.pdf", b"%PDF-", "C0DESK", public=True, size=200 * ONE_MB)
    wire.file_shared("F0BIG", "C0DESK")
    posted = wire.fake.wait("chat.postMessage")[0]
    assert posted.shown() == "Skipped “huge.pdf”: it is larger than 50 MB."
    assert wire.fake.find("/files/F0BIG/") == []


def test_a_file_slack_cannot_describe_gets_a_reference_not_silence(wire: Wire) -> None:
    # files.info fails for another reason than the file being gone (file_not_found is skipped
    # quietly: tests/test_slack_files.py)
    wire.fake.script("files.info", Reply(body={"ok": False, "error": "internal_error"}))
    wire.file_shared("F0NONE", "C0DESK")
    posted = wire.fake.wait("chat.postMessage")[0]
    assert posted.data["channel"] == "C0DESK"
    assert posted.shown().startswith("Something went wrong (reference ")


# ---- Slack payloads -------------------------------------------------------------------------


@pytest.mark.parametrize("missing", ["text", "channel_id", "user_id", "channel_name", "trigger_id"])
def test_a_slash_command_missing_a_field_is_still_answered(
    wire: Wire, desk: Store, missing: str
) -> None:
    body = _command_body(wire, "/who", "Zelensky", without=missing)
    sent = wire.post(body, "application/x-www-form-urlencoded")
    assert sent.status == 200
    answer = wire.fake.wait("/response/missing/")[0]
    expected = "Usage: /who NAME" if missing == "text" else "*Volodymyr Zelensky*"
    assert expected in answer.shown()


def _command_body(wire: Wire, command: str, text: str, without: str) -> str:
    from urllib.parse import urlencode

    fields = {
        "team_id": "T0NEWS",
        "channel_id": "C0PUBLIC",
        "channel_name": "desk",
        "user_id": "U0ANN",
        "command": command,
        "text": text,
        "response_url": wire.fake.response_url("missing"),
        "trigger_id": "1.2.3",
    }
    fields.pop(without)
    return urlencode(fields)


def test_a_mention_event_missing_its_text_gets_the_help(wire: Wire) -> None:
    event = {"type": "app_mention", "user": "U0ANN", "ts": "1.2", "channel": "C0DESK"}
    assert wire.event(event).status == 200
    assert "/claim TEXT" in wire.fake.wait("chat.postMessage")[0].shown()


def test_an_unknown_action_is_acked_with_a_polite_message(wire: Wire, desk: Store) -> None:
    sent = wire.click({"action_id": "factdesk_retired_button", "value": "x"})
    assert sent.status == 200  # Bolt alone answers 404 and Slack shows the user an error
    answer = wire.answer_to(sent)
    assert answer.shown() == STALE and answer.data["replace_original"] is False
    assert "*Volodymyr Zelensky*" in wire.answer_to(wire.command("/who", "Zelensky")).shown()


def test_a_button_without_a_value_is_stale_not_a_crash(wire: Wire, desk: Store) -> None:
    answer = wire.answer_to(wire.click({"action_id": "factdesk_more", "value": ""}))
    assert answer.shown() == STALE


@pytest.mark.parametrize("body", ["payload=%7Bnot+json", "payload=", "", "payload=%5B1%2C2%5D"])
def test_malformed_bodies_are_refused_without_a_traceback(
    wire: Wire, desk: Store, body: str, capfd: pytest.CaptureFixture
) -> None:
    sent = wire.post(body, "application/x-www-form-urlencoded")
    assert sent.status in (400, 401, 404)
    assert "Traceback" not in capfd.readouterr().err
    assert "*Volodymyr Zelensky*" in wire.answer_to(wire.command("/who", "Zelensky")).shown()


def test_an_unsigned_malformed_body_is_refused(wire: Wire) -> None:
    sent = wire.post("payload=%7B", "application/x-www-form-urlencoded", signature="v0=00")
    assert sent.status in (400, 401)


def test_the_shortcut_on_a_message_with_only_blocks_or_a_file_says_so(wire: Wire) -> None:
    message = {"type": "message", "ts": "1.2", "blocks": [{"type": "divider"}]}  # no "text"
    answer = wire.answer_to(wire.shortcut(message))
    assert answer.shown() == "That message has no text I can check against the sources."
    assert wire.fake.find("chat.postMessage") == []
