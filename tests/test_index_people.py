"""`factdesk index` saves the workspace's people (handlers/people.py `save_people`,
store/people_file.py): the first one-shot command after it that names someone opens that
file instead of reading and clustering every name again; a private channel's people are
never written to it; a folder it cannot write to costs one line, not the ingest."""

from __future__ import annotations

import os
from pathlib import Path

import pytest

from handlers.people import rules
from store import Scope, Store
from tests.conftest import Cli

WIRE = """Ferry crews walk out

Ingrid Solheim-Vik, the harbourmaster, said on Tuesday that 18 ferries were tied up at
the east pier. Solheim-Vik added that the night crossings would stop first.
"""

MEMO = """# Desk note: ferry strike

- Crew spokesman Ravi Aldercott says 240 deckhands joined the walkout.
- Aldercott said talks with the operator resume on Friday.
"""

PAGE = """<html><head><title>Ferry talks</title></head><body>
<h1>Ferry talks resume</h1>
<p>Operator chief Benedikt Farrow said on Friday that 12 crossings would run.</p>
<p>Ingrid Solheim-Vik, the harbourmaster, said the east pier had reopened.</p>
</body></html>
"""

SECRET = """Crew fund

Odalys Penhallow, the treasurer, said the strike fund holds 40,000 euros.
"""


def sources(folder: Path) -> Path:
    folder.mkdir()
    (folder / "wire.txt").write_text(WIRE, encoding="utf-8")
    (folder / "memo.md").write_text(MEMO, encoding="utf-8")
    (folder / "page.html").write_text(PAGE, encoding="utf-8")
    return folder


def saved_file(db_url: str, scope: Scope) -> Path:
    """The file this scope's people are saved in, for the archive's current state."""
    store = Store(db_url)
    try:
        files = store.people_files()
        assert files is not None
        return files.path_for(store.generations.of(scope), rules())
    finally:
        store.close()


def identity(path: Path) -> tuple[int, int]:
    """A file rewritten (os.replace of a new temporary) gets a new inode and mtime."""
    found = path.stat()
    return found.st_ino, found.st_mtime_ns


def test_the_first_who_after_index_opens_the_saved_people(
    cli: Cli, db_url: str, tmp_path: Path
) -> None:
    code, _, err = cli("index", str(sources(tmp_path / "ferry")), "--no-embed")
    assert code == 0, err
    assert "people: 3 clustered and saved for the next who and claim" in err
    path = saved_file(db_url, Scope())
    assert path.is_file()
    before = identity(path)
    answer = cli.json("who", "Solheim-Vik")
    assert answer["person"]["name"] == "Ingrid Solheim-Vik"
    assert answer["person"]["documents"] == 2
    assert identity(path) == before  # opened, not read from the database and saved again
    path.unlink()
    assert cli.json("who", "Solheim-Vik") == answer
    assert path.is_file()  # without the file the same command reads and saves the people


def test_an_index_that_changes_nothing_says_the_people_are_saved(
    cli: Cli, db_url: str, tmp_path: Path
) -> None:
    folder = sources(tmp_path / "ferry")
    cli("index", str(folder), "--no-embed")
    path = saved_file(db_url, Scope())
    before = identity(path)
    code, _, err = cli("index", str(folder), "--no-embed")
    assert code == 0, err
    assert "people: already saved for this archive" in err
    assert identity(path) == before


def test_a_private_channel_s_people_are_not_saved_by_index(
    cli: Cli, db_url: str, tmp_path: Path
) -> None:
    cli("index", str(sources(tmp_path / "ferry")), "--no-embed")
    private = tmp_path / "private"
    private.mkdir()
    (private / "fund.txt").write_text(SECRET, encoding="utf-8")
    code, _, err = cli("index", str(private), "--channel", "G0CREW", "--no-embed")
    assert code == 0, err
    assert "people: already saved for this archive" in err  # the workspace saw no change
    assert not saved_file(db_url, Scope("local", "G0CREW")).exists()
    folder = saved_file(db_url, Scope()).parent
    assert not any("Penhallow" in f.read_text(encoding="utf-8") for f in folder.glob("*.json"))
    answer = cli.json("who", "Penhallow", "--channel", "G0CREW")
    assert answer["person"]["name"] == "Odalys Penhallow"
    assert cli.json("who", "Penhallow")["person"] is None  # the workspace does not see her


def test_a_folder_it_cannot_write_costs_one_line_not_the_ingest(
    cli: Cli, db_url: str, tmp_path: Path
) -> None:
    cli("index", str(sources(tmp_path / "ferry")), "--no-embed")
    folder = saved_file(db_url, Scope()).parent
    for old in folder.iterdir():
        old.unlink()
    folder.rmdir()
    folder.write_text("a file where the people folder goes", encoding="utf-8")
    extra = tmp_path / "extra"
    extra.mkdir()
    (extra / "late.txt").write_text(
        "Late shift\n\nMateo Quillan, a skipper, said 4 boats sailed.\n"
    )
    code, out, err = cli("index", str(extra), "--no-embed")
    assert code == 0, err
    assert "1 added" in out
    lines = [line for line in err.splitlines() if line.startswith("people:")]
    assert lines == [f"people: not saved, {folder} is not writable (File exists)"]
    assert "Traceback" not in err
    assert cli.json("who", "Quillan")["person"]["name"] == "Mateo Quillan"


@pytest.mark.skipif(os.name != "posix" or os.geteuid() == 0, reason="root writes anywhere")
def test_a_read_only_people_folder_costs_one_line(cli: Cli, db_url: str, tmp_path: Path) -> None:
    cli("index", str(sources(tmp_path / "ferry")), "--no-embed")
    folder = saved_file(db_url, Scope()).parent
    folder.chmod(0o555)
    try:
        extra = tmp_path / "extra"
        extra.mkdir()
        (extra / "late.txt").write_text(
            "Late shift\n\nMateo Quillan, a skipper, said 4 boats sailed.\n"
        )
        code, _, err = cli("index", str(extra), "--no-embed")
    finally:
        folder.chmod(0o755)
    assert code == 0, err
    assert f"people: not saved, {folder} is not writable (Permission denied)" in err
