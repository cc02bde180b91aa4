"""`factdesk` behaves like a command-line program: settings mean the same for every
command, mistakes get one line and a documented exit code, Ctrl-C is exit 130.

Run through the real entry point (`python -m bot`) in a subprocess wherever the exit code,
the environment, the working folder or a signal is what is being tested."""

from __future__ import annotations

import json
import os
import signal
import subprocess
import sys
import time
from pathlib import Path

import pytest

from tests.conftest import ROOT

MEMO = (
    "Harbour memo\n\nPort officials said at least 40 cargo ships were waiting outside the "
    "harbour on Monday.\nHarbour master Ilse Vandermeer said the queue would clear by Friday.\n"
)


def factdesk(
    *args: str, cwd: Path, env: dict | None = None, stdin: str = "", timeout: float = 120
) -> subprocess.CompletedProcess:
    """`python -m bot ARGS` in `cwd`, with only the environment given (no FACTDESK_* or
    SLACK_* of the machine running the tests)."""
    clean = {"PATH": os.environ.get("PATH", "/usr/bin:/bin"), "PYTHONPATH": str(ROOT)}
    return subprocess.run(
        [sys.executable, "-m", "bot", *args],
        input=stdin,
        capture_output=True,
        text=True,
        cwd=cwd,
        env={**clean, **(env or {})},
        timeout=timeout,
    )


def one_line(done: subprocess.CompletedProcess) -> str:
    lines = done.stderr.strip().splitlines()
    assert len(lines) == 1, done.stderr
    assert "Traceback" not in done.stderr
    return lines[0]


@pytest.fixture
def memo(tmp_path: Path) -> Path:
    path = tmp_path / "docs" / "harbour.txt"
    path.parent.mkdir()
    path.write_text(MEMO)
    return path


# ---- settings: .env, --db, read-only commands -------------------------------------------


def test_dotenv_is_read_by_index_and_by_the_commands_after_it(tmp_path: Path, memo: Path):
    (tmp_path / ".env").write_text("FACTDESK_DATABASE_URL=sqlite:///from-dotenv.db\n")
    done = factdesk("index", str(memo.parent), cwd=tmp_path)
    assert done.returncode == 0, done.stderr
    assert (tmp_path / "from-dotenv.db").is_file() and not (tmp_path / "factdesk.db").exists()
    stats = json.loads(factdesk("stats", "--json", cwd=tmp_path).stdout)
    assert stats["documents"] == 1
    # the environment wins over .env
    other = factdesk("stats", cwd=tmp_path, env={"FACTDESK_DATABASE_URL": "sqlite:///x.db"})
    assert other.returncode == 2 and "no archive at x.db" in one_line(other)


@pytest.mark.parametrize("place", ["before", "after"])
def test_db_before_or_after_the_command_and_a_plain_path(tmp_path, memo, place) -> None:
    def run(*args: str) -> subprocess.CompletedProcess:
        db = ["--db", "archive.db"]
        return factdesk(*(db + list(args) if place == "before" else list(args) + db), cwd=tmp_path)

    assert run("index", str(memo)).returncode == 0
    assert (tmp_path / "archive.db").is_file()
    found = json.loads(run("figures", "ships", "--json").stdout)
    assert [r["value"] for r in found["results"]] == [40]


def test_sqlite_url_without_a_path_is_refused(tmp_path: Path, memo: Path) -> None:
    done = factdesk("index", str(memo), "--db", "sqlite:///", cwd=tmp_path)
    assert done.returncode == 2
    assert "sqlite:/// names no file" in one_line(done)


READ_ONLY = [["claim", "ships wait"], ["who", "Vandermeer"], ["figures", "ships"]]


@pytest.mark.parametrize("command", [*READ_ONLY, ["stats"], ["digest"]])
def test_read_only_commands_never_create_a_database(tmp_path: Path, command) -> None:
    done = factdesk(*command, "--db", "archive.db", cwd=tmp_path)
    assert done.returncode == 2
    assert one_line(done) == "factdesk: no archive at archive.db — run factdesk index first"
    assert list(tmp_path.iterdir()) == []


def test_a_file_that_is_not_a_database_and_an_unsupported_scheme(tmp_path: Path) -> None:
    (tmp_path / "notes.db").write_text("shopping list: bread, eggs\n" * 50)
    for command in (["stats"], ["index", "."]):
        done = factdesk(*command, "--db", "notes.db", cwd=tmp_path)
        assert done.returncode == 2
        assert "notes.db is not a Factdesk archive" in one_line(done)
    done = factdesk("stats", "--db", "mysql://editor:secret@db.example/news", cwd=tmp_path)
    line = one_line(done)
    assert done.returncode == 2 and "mysql" in line and "secret" not in line
    assert "sqlite:///PATH" in line and "postgresql+psycopg://" in line


# ---- settings: Slack tokens and invalid values ------------------------------------------


@pytest.mark.parametrize(
    ("given", "missing"),
    [("SLACK_BOT_TOKEN", "SLACK_APP_TOKEN"), ("SLACK_APP_TOKEN", "SLACK_BOT_TOKEN")],
)
def test_run_with_one_slack_token_names_the_other(tmp_path: Path, given, missing) -> None:
    done = factdesk("run", cwd=tmp_path, env={given: "xoxb-or-xapp-123"}, stdin="/who x\n")
    assert done.returncode == 2
    assert one_line(done).startswith(f"factdesk: missing {missing}: {given} is set")
    assert done.stdout == "" and list(tmp_path.iterdir()) == []  # no console, no database


@pytest.mark.parametrize(
    ("variable", "value"),
    [
        ("FACTDESK_MAX_FILE_MB", "abc"),
        ("FACTDESK_TIMEZONE", "Mars/Olympus_Mons"),
        ("FACTDESK_DIGEST_TIME", "9am"),
        ("FACTDESK_DIGEST_TIME", "25:00"),
        ("FACTDESK_INGEST_WORKERS", "many"),
        ("FACTDESK_DIGEST_QUIET", "loud"),
    ],
)
def test_an_invalid_value_stops_with_the_variable_named(tmp_path, memo, variable, value) -> None:
    done = factdesk("index", str(memo), cwd=tmp_path, env={variable: value})
    assert done.returncode == 2
    line = one_line(done)
    assert line.startswith(f"factdesk: {variable}: ") and value in line
    assert not (tmp_path / "factdesk.db").exists()


# ---- the demo database ------------------------------------------------------------------


def test_console_without_a_database_setting_uses_its_own_demo(tmp_path: Path) -> None:
    done = factdesk("run", cwd=tmp_path, stdin="/figures troops\n")
    assert done.returncode == 0, done.stderr
    assert "demo: 5 sample briefs; index your own with factdesk index PATH" in done.stderr
    assert "8,000" in done.stdout and "troop" in done.stdout
    assert (tmp_path / "factdesk-demo.db").is_file() and not (tmp_path / "factdesk.db").exists()


def test_console_with_a_database_setting_never_indexes_the_samples(
    tmp_path: Path, memo: Path, db_url: str
) -> None:
    env = {"FACTDESK_DATABASE_URL": db_url}
    assert factdesk("index", str(memo), cwd=tmp_path, env=env).returncode == 0
    done = factdesk("console", cwd=tmp_path, env=env, stdin="/figures troops\n/figures ships\n")
    assert done.returncode == 0, done.stderr
    assert "demo:" not in done.stderr and "8,000" not in done.stdout
    assert "at least 40" in done.stdout
    stats = json.loads(factdesk("stats", "--json", cwd=tmp_path, env=env).stdout)
    assert stats["documents"] == 1
    assert not (tmp_path / "factdesk-demo.db").exists()


# ---- usage mistakes ---------------------------------------------------------------------


def test_a_mistyped_command_gets_did_you_mean(tmp_path: Path) -> None:
    done = factdesk("figurs", "troops", cwd=tmp_path)
    assert done.returncode == 2
    assert done.stderr.strip().endswith("unknown command 'figurs': did you mean figures?")


@pytest.mark.parametrize("limit", ["0", "-3", "five"])
def test_limit_must_be_at_least_one(tmp_path: Path, limit: str) -> None:
    done = factdesk("claim", "ships", "--limit", limit, cwd=tmp_path)
    assert done.returncode == 2 and "--limit" in done.stderr and "Traceback" not in done.stderr


def test_batch_skips_blank_lines_and_comments_and_refuses_binary(tmp_path, memo) -> None:
    assert factdesk("index", str(memo), cwd=tmp_path).returncode == 0
    queries = tmp_path / "queries.txt"
    queries.write_text("# the harbour desk's checks\n\nVandermeer\n   \n# end\nships\n")
    done = factdesk("who", "--batch", str(queries), "--json", cwd=tmp_path)
    answers = [json.loads(line) for line in done.stdout.splitlines()]
    assert [a["query"] for a in answers] == ["Vandermeer", "ships"]
    binary = tmp_path / "queries.bin"
    binary.write_bytes(bytes(range(256)) * 4)
    done = factdesk("claim", "--batch", str(binary), cwd=tmp_path)
    assert done.returncode == 2 and "is not a text file" in one_line(done)


def test_who_edits_of_unknown_people_and_edits_are_errors(tmp_path, memo) -> None:
    assert factdesk("index", str(memo), cwd=tmp_path).returncode == 0
    done = factdesk("who", "--undo", "7", cwd=tmp_path)
    assert done.returncode == 1 and "no edit 7: the edits are none yet" in one_line(done)
    done = factdesk("who", "--merge", "Ilse Vandermeer", "Ilse Vandermer", cwd=tmp_path)
    assert done.returncode == 0, done.stderr
    done = factdesk("who", "--merge", "Ilse Vandermeer", "Gregor Samsa", cwd=tmp_path)
    assert done.returncode == 1
    assert one_line(done) == "factdesk: no one called 'Gregor Samsa' in the sources"
    assert "2." not in factdesk("who", "--edits", cwd=tmp_path).stdout  # nothing stored
    done = factdesk("who", "--merge", "Vandermeer", "Ilse Vandenmeir", cwd=tmp_path)
    assert done.returncode == 0  # a close spelling resolves, as /who does
    done = factdesk("who", "--undo", "5", cwd=tmp_path)
    assert done.returncode == 1 and "the edits are 1, 2" in one_line(done)


def test_index_of_a_folder_without_supported_files_says_what_it_saw(tmp_path: Path) -> None:
    folder = tmp_path / "inbox"
    (folder / ".git").mkdir(parents=True)
    (folder / "budget.xlsx").write_bytes(b"PK\x03\x04")
    (folder / "photo.jpg").write_bytes(b"\xff\xd8\xff")
    (folder / "scan.jpg").write_bytes(b"\xff\xd8\xff")
    (folder / ".git" / "HEAD").write_text("ref: refs/heads/main\n")
    done = factdesk("index", str(folder), cwd=tmp_path)
    assert done.returncode == 1
    assert f"{folder}: no file to index: saw 4 files (2 .jpg, 1 .xlsx, 1 hidden)" in done.stderr
    assert "Factdesk reads .docx .htm .html .markdown .md .pdf .txt" in done.stderr


def test_a_broken_pdf_is_one_skip_reason_with_pypdf_notes_inside(tmp_path: Path) -> None:
    folder = tmp_path / "pdfs"
    folder.mkdir()
    (folder / "cut-off.pdf").write_bytes(b"%PDF-1.4\n1 0 obj << /Type /Catalog >>\n")
    done = factdesk("index", str(folder), cwd=tmp_path)
    assert done.returncode == 1
    lines = [line for line in done.stderr.splitlines() if line.strip()]
    assert len(lines) == 1, done.stderr
    assert lines[0].startswith(f"skipped {folder / 'cut-off.pdf'}: PDF could not be parsed")
    assert "EOF marker not found" in lines[0]


# ---- Ctrl-C -----------------------------------------------------------------------------


def interrupt_when(process: subprocess.Popen, ready: str, deadline: float = 60) -> str:
    """Wait until `ready` shows on stderr, then Ctrl-C the process group; its stderr."""
    seen = ""
    until = time.monotonic() + deadline
    while ready not in seen and time.monotonic() < until:
        line = process.stderr.readline()
        if not line:
            break
        seen += line
    assert ready in seen, seen
    os.killpg(process.pid, signal.SIGINT)
    rest = process.communicate(timeout=60)[1]
    return seen + rest


def start(*args: str, cwd: Path, env: dict | None = None) -> subprocess.Popen:
    clean = {"PATH": os.environ.get("PATH", "/usr/bin:/bin"), "PYTHONPATH": str(ROOT)}
    return subprocess.Popen(
        [sys.executable, "-m", "bot", *args],
        stdin=subprocess.PIPE,
        stdout=subprocess.PIPE,
        stderr=subprocess.PIPE,
        text=True,
        cwd=cwd,
        env={**clean, **(env or {})},
        start_new_session=True,  # its own process group, as a terminal's foreground job
    )


def test_ctrl_c_during_a_parallel_index_is_one_line_and_130(tmp_path: Path) -> None:
    folder = tmp_path / "many"
    folder.mkdir()
    for n in range(400):
        (folder / f"brief-{n:03}.txt").write_text(f"Brief {n}\n\n" + MEMO * 30)
    env = {"FACTDESK_INGEST_WORKERS": "2"}
    process = start("index", str(folder), "--db", "many.db", cwd=tmp_path, env=env)
    stderr = interrupt_when(process, "added ")
    assert process.returncode == 130
    assert "Traceback" not in stderr and "KeyboardInterrupt" not in stderr
    assert stderr.strip().splitlines()[-1] == "factdesk: interrupted"


def test_ctrl_c_in_the_console_is_one_line_and_130(tmp_path: Path) -> None:
    process = start("console", cwd=tmp_path)
    stderr = interrupt_when(process, "demo: ")
    assert process.returncode == 130, stderr
    assert "Traceback" not in stderr
    assert stderr.strip().splitlines()[-1] == "factdesk: interrupted"


def test_ctrl_c_of_the_http_server_is_one_line_and_130(tmp_path: Path) -> None:
    from tests.fake_slack import BOT_TOKEN, FakeSlack

    with FakeSlack() as fake:
        env = {
            "SLACK_BOT_TOKEN": BOT_TOKEN,
            "SLACK_SIGNING_SECRET": "s",
            "SLACK_API_URL": fake.url + "api/",
            "FACTDESK_MEMORY_INDEX": "off",
        }
        process = start("serve", "--port", "0", "--db", "served.db", cwd=tmp_path, env=env)
        stderr = interrupt_when(process, "Factdesk on http://")
    assert process.returncode == 130, stderr
    assert "Traceback" not in stderr
    assert stderr.strip().splitlines()[-1] == "factdesk: interrupted"


def test_exit_codes_are_documented() -> None:
    readme = (ROOT / "README.md").read_text()
    for line in ("`0`", "`1`", "`2`", "`130`"):
        assert line in readme.split("### Exit codes")[1].split("###")[0]
