"""Bulk ingest: many files analysed by worker processes, written in batched transactions."""

from __future__ import annotations

from pathlib import Path

import pytest

from handlers import who
from handlers.ingest import INGEST_WORKERS_ENV, PARALLEL_MIN_FILES, WRITE_BATCH, ingest_paths
from store import Scope, Store

FILES = PARALLEL_MIN_FILES + WRITE_BATCH + 5  # a pool, several batches, a partial last one


def _write_briefs(folder: Path) -> list[Path]:
    paths = []
    for n in range(FILES):
        path = folder / f"brief-{n:03}.txt"
        path.write_text(
            f"Harbour brief {n}\n\nMayor Ilse Varga said {n + 10} ferries left Port Halden. "
            f"About {100 + n} passengers waited at pier {n % 7}.\n",
            encoding="utf-8",
        )
        paths.append(path)
    return paths


@pytest.fixture
def two_workers(monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.setenv(INGEST_WORKERS_ENV, "2")


@pytest.mark.usefixtures("two_workers")
def test_many_files_are_all_indexed_in_order_with_bad_ones_skipped(
    store: Store, tmp_path: Path
) -> None:
    paths = _write_briefs(tmp_path)
    (tmp_path / "brief-050.txt").write_bytes(b"\x00\x01\x02binary\x00" * 50)
    (tmp_path / "brief-051.txt").write_text(paths[0].read_text())  # same text, other name
    seen: list[str] = []
    summary = ingest_paths(store, [tmp_path], Scope(), lambda o: seen.append(o.path))
    assert seen == [str(p.resolve()) for p in paths]  # every file, in file order
    statuses = {Path(o.path).name: o.status for o in summary.outcomes}
    assert (statuses["brief-050.txt"], statuses["brief-051.txt"]) == ("skipped", "duplicate")
    assert summary.added == FILES - 2
    assert store.document_count(Scope()) == FILES - 2
    answer = who.who(store, "Ilse Varga", Scope())
    assert answer.person and answer.person.documents == FILES - 2  # one person, no duplicates


@pytest.mark.usefixtures("two_workers")
def test_a_second_run_finds_everything_unchanged_without_writing(
    store: Store, tmp_path: Path
) -> None:
    _write_briefs(tmp_path)
    ingest_paths(store, [tmp_path], Scope())
    again = ingest_paths(store, [tmp_path], Scope())
    assert (again.unchanged, again.added, again.updated) == (FILES, 0, 0)
    edited = tmp_path / "brief-007.txt"
    edited.write_text(edited.read_text() + "Ferries resumed at dusk.\n", encoding="utf-8")
    third = ingest_paths(store, [tmp_path], Scope())
    assert (third.unchanged, third.updated) == (FILES - 1, 1)
    assert store.document_count(Scope()) == FILES
