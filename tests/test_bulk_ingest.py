"""Bulk ingest: many files analysed by worker processes, written in batched transactions."""

from __future__ import annotations

from pathlib import Path

import pytest

from handlers import ingest_pool, who
from handlers.ingest import WRITE_BATCH, ingest_paths
from handlers.ingest_pool import INGEST_WORKERS_ENV, PARALLEL_MIN_FILES
from store import Scope, Store
from store.documents import Documents

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


@pytest.mark.usefixtures("two_workers")
def test_workers_stay_a_bounded_way_ahead_of_the_writer(
    store: Store, tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    limit = 2 * 2 * ingest_pool.CHUNK
    monkeypatch.setattr(ingest_pool, "IN_FLIGHT", limit)
    handed_out, ahead = [0], []
    metered = ingest_pool._metered

    def counted(jobs, slots):
        for job in metered(jobs, slots):
            handed_out[0] += 1
            yield job

    monkeypatch.setattr(ingest_pool, "_metered", counted)
    _write_briefs(tmp_path)
    taken = 0

    def on_file(_outcome) -> None:
        nonlocal taken
        taken += 1
        ahead.append(handed_out[0] - taken)

    summary = ingest_paths(store, [tmp_path], Scope(), on_file)
    assert summary.added == FILES and handed_out[0] == FILES
    assert 0 <= max(ahead) < limit + WRITE_BATCH  # handed out, not yet written: a batch more


@pytest.mark.usefixtures("two_workers")
def test_a_writer_failing_mid_ingest_stops_the_workers_and_keeps_what_was_written(
    store: Store, tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    _write_briefs(tmp_path)
    original, calls = Documents.add_many, []

    def failing(self, docs):
        calls.append(len(docs))
        if len(calls) == 2:
            raise RuntimeError("disk full")
        return original(self, docs)

    monkeypatch.setattr(Documents, "add_many", failing)
    with pytest.raises(RuntimeError, match="disk full"):
        ingest_paths(store, [tmp_path], Scope())
    assert store.document_count(Scope()) == WRITE_BATCH  # the first batch, whole
