"""The in-memory candidate index: the same answers as the database, kept fresh."""

from __future__ import annotations

import time
from collections.abc import Callable, Iterator
from pathlib import Path

import pytest
from sqlalchemy import func, select

from handlers import claim, figures
from handlers.ingest import ingest_bytes, ingest_paths
from store import Scope, Store
from store.schema import passages
from store.search import memory as memindex
from tests.slack_wire import DESK_BRIEF, EMBARGOED, Wire, index

CLAIMS = (
    "North Korea has sent 11,000 soldiers to Kursk",
    "Zelensky said troops from North Korea were fighting in Kursk",
    "Biden allowed Ukraine to strike Russia with long-range missiles",
    "Lula hosted the G20 summit in Rio",
)


@pytest.fixture
def fresh(monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.setattr(memindex, "REFRESH_SECONDS", 0.05)


def _memory(store: Store) -> Store:
    store.start_memory_index(wait=True)
    assert store.memory and store.memory.snapshot
    return store


def _eventually(check: Callable[[], bool], seconds: float = 60.0) -> bool:
    deadline = time.monotonic() + seconds
    while time.monotonic() < deadline:
        if check():
            return True
        time.sleep(0.05)
    return False


def _count(store: Store) -> int:
    with store.connect() as conn:
        return conn.execute(select(func.count()).select_from(passages)).scalar_one()


@pytest.fixture
def twin(db_url: str) -> Iterator[Store]:
    """A second store on the same database: another process, as far as the index knows."""
    other = Store(db_url)
    yield other
    other.close()


def test_claims_get_the_same_answers_from_memory_as_from_the_database(
    corpus_store: Store, twin: Store
) -> None:
    """Both rank candidates by BM25 on SQLite. PostgreSQL's database path ranks them by
    summed IDF, so there the answers from memory must only be right on their own."""
    exact = twin.engine.dialect.name == "sqlite"
    for text in CLAIMS:
        from_sql = [(m.excerpt, m.check) for m in claim.claim(twin, text, Scope()).results]
        answer = claim.claim(_memory(corpus_store), text, Scope())
        from_memory = [(m.excerpt, m.check) for m in answer.results]
        if exact:
            assert from_memory == from_sql
        else:
            assert bool(from_memory) == bool(from_sql)
    supported = claim.claim(corpus_store, CLAIMS[0], Scope()).results[0]
    assert supported.check == "supports" and supported.document.path.split("/")[-1][:3] == "004"


def test_figures_come_only_from_passages_with_figures(corpus_store: Store, twin: Store) -> None:
    from_sql = figures.figures(twin, "troops", Scope())
    from_memory = figures.figures(_memory(corpus_store), "troops", Scope())
    assert from_memory == from_sql


@pytest.mark.usefixtures("fresh")
def test_a_document_added_by_another_process_is_found_within_the_refresh(
    store: Store, twin: Store, tmp_path: Path
) -> None:
    _memory(store)
    text = b"Ferry news\n\nThe Halden ferry carried 420 passengers across the fjord.\n"
    ingest_bytes(twin, text, "ferry.txt", "/desk/ferry.txt", Scope())

    def found() -> list:
        return claim.claim(store, "Halden ferry passengers fjord", Scope()).results

    assert _eventually(lambda: bool(found()))
    assert "420 passengers" in found()[0].excerpt


@pytest.mark.usefixtures("fresh")
def test_a_replaced_passage_is_never_shown_and_its_replacement_is(
    store: Store, twin: Store
) -> None:
    old = b"Dam report\n\nThe Orvik dam released 30 tonnes of silt into the river.\n"
    ingest_bytes(twin, old, "dam.txt", "/desk/dam.txt", Scope())
    _memory(store)
    new = b"Dam report\n\nThe Orvik dam released 90 tonnes of gravel into the river.\n"
    ingest_bytes(twin, new, "dam.txt", "/desk/dam.txt", Scope())

    def excerpts() -> list[str]:
        return [m.excerpt for m in claim.claim(store, "Orvik dam released", Scope()).results]

    assert _eventually(lambda: any("gravel" in e for e in excerpts()))
    assert not any("silt" in e for e in excerpts())
    assert _eventually(lambda: store.memory.snapshot.total == _count(twin))  # old rows masked
    assert store.document_count(Scope()) == twin.document_count(Scope()) == 1


@pytest.mark.usefixtures("fresh")
def test_many_refreshes_fold_into_few_segments_and_keep_every_passage(
    store: Store, twin: Store
) -> None:
    _memory(store)
    for n in range(memindex.MAX_SEGMENTS + 4):
        body = f"Bridge {n}\n\nInspectors closed bridge number {n} over the Varn canal.\n"
        ingest_bytes(twin, body.encode(), f"b{n}.txt", f"/desk/bridge-{n}.txt", Scope())
        before = store.memory.snapshot
        assert _eventually(lambda before=before: store.memory.snapshot is not before)
    snapshot = store.memory.snapshot
    assert len(snapshot.segments) <= memindex.MAX_SEGMENTS + 1
    assert _eventually(lambda: store.memory.snapshot.total == _count(twin))
    hits = store.match_any(["varn", "canal"], Scope(), limit=100)
    assert len(hits) == memindex.MAX_SEGMENTS + 4


def test_private_and_other_workspace_passages_stay_out_of_scope(
    store: Store, tmp_path: Path
) -> None:
    note = b"Vault memo\n\nThe Kestrel vault holds 12 sealed ledgers.\n"
    ingest_bytes(store, note, "memo.txt", "/private/memo.txt", Scope("T1", "C_PRIVATE"))
    ingest_bytes(store, note + b"Copy.\n", "memo.txt", "/other/memo.txt", Scope("T2"))
    _memory(store)
    query = ["kestrel", "vault"]
    assert store.match_any(query, Scope("T1", "C_PRIVATE"))
    assert not store.match_any(query, Scope("T1", "C_GENERAL"))
    assert not store.match_any(query, Scope("T1"))
    other = store.passages.rows(
        [c.passage_id for c in store.match_any(query, Scope("T2", "C_ANY"))]
    )
    assert {p.document.workspace for p in other} == {"T2"} and len(other) == 2  # title, text
    counts = [store.document_count(Scope(*s)) for s in (("T1", "C_PRIVATE"), ("T1",), ("T2",))]
    assert counts == [1, 0, 1]


def test_operator_characters_and_unknown_terms_find_nothing_quietly(corpus_store: Store) -> None:
    _memory(corpus_store)
    assert corpus_store.match_any(['"', "OR", "*", "NEAR(", "zzqx"], Scope()) == []
    assert corpus_store.match_any([], Scope()) == []


@pytest.mark.usefixtures("fresh")
def test_a_failed_refresh_leaves_the_last_snapshot_answering(
    corpus_store: Store, monkeypatch: pytest.MonkeyPatch
) -> None:
    _memory(corpus_store)
    snapshot = corpus_store.memory.snapshot
    monkeypatch.setattr(
        corpus_store.memory, "refresh", lambda: (_ for _ in ()).throw(OSError("disk gone"))
    )
    time.sleep(3 * memindex.REFRESH_SECONDS)
    assert corpus_store.memory.snapshot is snapshot
    assert claim.claim(corpus_store, CLAIMS[0], Scope()).results


def test_bulk_ingest_then_build_counts_every_passage(store: Store, corpus: Path) -> None:
    ingest_paths(store, [corpus], Scope())
    assert _memory(store).memory.snapshot.total == store.passage_count()


@pytest.mark.usefixtures("fresh")
def test_slack_answers_from_memory_and_keeps_a_private_brief_in_its_channel(
    wire: Wire, store: Store
) -> None:
    _memory(store)
    index(store, "desk.txt", DESK_BRIEF)
    index(store, "embargo.txt", EMBARGOED, channel="C0PRIVATE")

    def shown(text: str, channel: str) -> str:
        return wire.answer_to(wire.command("/claim", text, channel=channel)).shown()

    assert _eventually(lambda: "differs" in shown(CLAIMS[0], "C0PUBLIC"))
    payroll = "Pyongyang paid 2,000 dollars a month to each officer"
    assert "leaked ledger" in shown(payroll, "C0PRIVATE")
    assert "leaked ledger" not in shown(payroll, "C0PUBLIC")
