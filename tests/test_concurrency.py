"""Replicas: several processes indexing overlapping documents and querying one database."""

from __future__ import annotations

import multiprocessing

from sqlalchemy import func, select

from store import Scope, Store
from store.schema import documents, people

WORKERS = 4
DOCUMENTS = 24  # each worker indexes 12 of them; neighbours overlap by half
PER_WORKER = 12
NAMES = ("Anna Kowalska", "Piotr Nowak", "Maria Lopez", "John Smith", "Li Wei", "Omar Haddad")


def _text(n: int) -> str:
    a, b = NAMES[n % len(NAMES)], NAMES[(n + 1) % len(NAMES)]
    return (
        f"Report {n} from the northern district\n"
        f"Minister {a} said at least {1000 + n} families left the valley of river {n}.\n"
        f"{b} told reporters that roughly {20 + n} schools stayed closed in town {n}."
    )


def _work(url: str, worker: int, queue) -> None:
    from handlers.claim import claim
    from handlers.ingest import ingest_bytes
    from handlers.who import who

    answered = -1  # reported even when the worker fails, so the test does not wait
    try:
        store = Store(url)
        answered = 0
        for k in range(PER_WORKER):
            n = (worker * PER_WORKER // 2 + k) % DOCUMENTS
            ingest_bytes(store, _text(n).encode(), f"report-{n}.txt", f"report-{n}.txt", Scope())
            found = claim(store, f"families left the valley of river {n}", Scope()).results
            answered += any("families left the valley" in match.excerpt for match in found)
            who(store, NAMES[k % len(NAMES)], Scope())
        store.close()
    finally:
        queue.put((worker, answered))


def test_concurrent_writers_lose_nothing_and_duplicate_nothing(db_url: str) -> None:
    Store(db_url).close()  # tables exist before the replicas start, as after a deploy
    context = multiprocessing.get_context("spawn")
    queue = context.Queue()
    workers = [context.Process(target=_work, args=(db_url, w, queue)) for w in range(WORKERS)]
    for process in workers:
        process.start()
    results = dict(queue.get(timeout=60) for _ in workers)
    for process in workers:
        process.join(timeout=30)
    assert [p.exitcode for p in workers] == [0] * WORKERS
    assert results == {w: PER_WORKER for w in range(WORKERS)}  # each saw its own document

    store = Store(db_url)
    try:
        with store.connect() as conn:
            paths = conn.execute(select(documents.c.path)).scalars().all()
            keys = conn.execute(select(people.c.key)).scalars().all()
            n_people = conn.execute(select(func.count()).select_from(people)).scalar_one()
        assert sorted(paths) == sorted(f"report-{n}.txt" for n in range(DOCUMENTS))
        assert len(keys) == len(set(keys)) == n_people
        assert len(set(keys)) >= len(NAMES)
        assert store.documents.stats(Scope()).passages == 3 * DOCUMENTS
    finally:
        store.close()


def _open_new(url: str, barrier, queue) -> None:
    barrier.wait()
    try:
        Store(url).close()
        queue.put("ok")
    except Exception as exc:  # what the process would have died of
        queue.put(f"{type(exc).__name__}: {exc}")


def test_processes_opening_a_new_archive_together_all_open_it(db_url: str, tmp_path) -> None:
    """gunicorn -w 4 on a fresh archive: every worker creates the tables at the same moment."""
    url = db_url if not db_url.startswith("sqlite") else f"sqlite:///{tmp_path / 'fresh.db'}"
    context = multiprocessing.get_context("spawn")
    barrier, queue = context.Barrier(4), context.Queue()
    workers = [context.Process(target=_open_new, args=(url, barrier, queue)) for _ in range(4)]
    for worker in workers:
        worker.start()
    outcomes = [queue.get(timeout=120) for _ in workers]
    for worker in workers:
        worker.join(timeout=30)
    assert outcomes == ["ok"] * 4
