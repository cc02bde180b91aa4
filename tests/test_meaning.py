"""Meaning as its own stage: the packaged model (checked by hash), vectors in the store
beside their passages, `factdesk embed`, coverage in stats and /healthz."""

from __future__ import annotations

import datetime as dt
import json
import os
import subprocess
import sys
import threading
from pathlib import Path

import numpy as np
import pytest
from sqlalchemy import select

from handlers.meaning import coverage_line, embed_missing
from handlers.model_files import MODEL, SHA256, MeaningUnavailable, file_sha256, verify
from store import Scope, Store
from store.schema import passage_vectors, vector_claims
from store.search.vectors import CHUNK, LEASE, pack, unpack
from tests.conftest import ROOT
from tests.slack_wire import index

WIRE = (
    "Harbour authorities in Veldhaven closed the north pier on Monday.\n"
    "Divers found that its wooden supports had rotted through.\n"
    "Engineers said repairs would take until spring.\n"
)
MEMO = "# Budget memo\n\nThe Halden council will vote on the library budget in March.\n"


def test_the_packaged_model_is_the_published_one(embedder) -> None:
    from handlers.model_files import model_folder

    assert file_sha256(model_folder() / "model.safetensors") == SHA256


def test_a_different_weights_file_is_refused_with_one_line(tmp_path: Path) -> None:
    (tmp_path / "model.safetensors").write_bytes(b"not the published weights")
    with pytest.raises(MeaningUnavailable) as refused:
        verify(tmp_path)
    message = str(refused.value)
    assert "\n" not in message and message.startswith("refused ")
    assert "is not all-MiniLM-L6-v2's" in message


def test_a_folder_without_weights_is_refused(tmp_path: Path) -> None:
    with pytest.raises(MeaningUnavailable, match=r"model\.safetensors is missing"):
        verify(tmp_path)


def test_similar_sentences_are_near_and_unrelated_ones_far(embedder) -> None:
    pier, jetty, tennis = embedder.encode(
        [
            "Divers found that the pier's wooden supports have rotted through, and engineers "
            "warned the structure could collapse during the next storm.",
            "The jetty is in danger of falling apart because its timber posts are decayed.",
            "Serena Williams won a tennis tournament in Melbourne.",
        ]
    )
    assert float(pier @ jetty) > 0.45 > 0.2 > float(pier @ tennis)
    assert np.allclose(np.linalg.norm([pier, jetty, tennis], axis=1), 1.0, atol=1e-5)


def test_int8_storage_keeps_the_cosine() -> None:
    rng = np.random.default_rng(7)
    vectors = rng.normal(size=(50, 384)).astype(np.float32)
    vectors /= np.linalg.norm(vectors, axis=1, keepdims=True)
    packed = pack(vectors)
    back = unpack([b for b, _ in packed], [s for _, s in packed], 384)
    assert len(packed[0][0]) == 384
    assert (np.sum(vectors * back, axis=1) > 0.999).all()


def test_every_passage_gets_one_vector_and_loses_it_with_its_passage(store: Store, embedder):
    index(store, "pier.txt", WIRE)
    assert coverage_line(store, Scope()) == "meaning: 0 of 3 passages"
    assert embed_missing(store, embedder) == 3
    assert embed_missing(store, embedder) == 0  # idempotent
    assert coverage_line(store, Scope()) == "meaning: 3 of 3 passages"
    index(store, "pier.txt", WIRE.replace("spring", "autumn"))  # replaced: new passages
    with store.engine.connect() as conn:
        left = conn.execute(select(passage_vectors.c.passage_id)).scalars().all()
    assert left == []  # the old passages' vectors went with them
    assert coverage_line(store, Scope()) == "meaning: 0 of 3 passages"


def test_coverage_and_nearest_keep_to_the_scope_fence(store: Store, embedder) -> None:
    index(store, "pier.txt", WIRE)
    index(store, "secret.md", MEMO, channel="C_PRIVATE")
    embed_missing(store, embedder)
    assert coverage_line(store, Scope()) == "meaning: 3 of 3 passages"
    assert coverage_line(store, Scope("local", "C_PRIVATE")) == "meaning: 5 of 5 passages"
    query = embedder.query("When does the council decide on the library money?")
    public = {pid for pid, _ in store.nearest(MODEL, query, Scope(), 10)}
    private = {pid for pid, _ in store.nearest(MODEL, query, Scope("local", "C_PRIVATE"), 10)}
    assert len(public) == 3 and len(private) == 5
    store.start_vector_index(MODEL, 384, wait=True)  # the server's index fences the same way
    assert {pid for pid, _ in store.nearest(MODEL, query, Scope(), 10)} == public
    assert {pid for pid, _ in store.nearest(MODEL, query, Scope("local", "C_X"), 10)} == public


class Counting:
    """The real model, counting the passages each caller asked it to encode."""

    def __init__(self, embedder) -> None:
        self.embedder, self.encoded, self.lock = embedder, [], threading.Lock()

    def encode(self, texts: list[str]) -> np.ndarray:
        with self.lock:
            self.encoded += texts
        return self.embedder.encode(texts)


def _many_passages(store: Store, documents: int) -> int:
    text = "".join(f"Sentence {n} of the long report about harbour repairs.\n" for n in range(40))
    for doc in range(documents):
        index(store, f"report-{doc}.txt", text.replace("report", f"report {doc}"))
    return store.documents.stats(Scope()).passages


def test_several_processes_embed_each_passage_once(db_url: str, embedder) -> None:
    stores = [Store(db_url) for _ in range(3)]
    total = _many_passages(stores[0], 20)
    assert total > 3 * CHUNK
    counting = Counting(embedder)
    workers = [threading.Thread(target=embed_missing, args=(s, counting)) for s in stores]
    for worker in workers:
        worker.start()
    for worker in workers:
        worker.join()
    assert sorted(counting.encoded) == sorted(set(counting.encoded))  # nothing twice
    assert len(counting.encoded) == total
    assert coverage_line(stores[0], Scope()) == f"meaning: {total:,} of {total:,} passages"
    for opened in stores:
        opened.close()


def test_embedding_resumes_and_takes_over_a_dead_process_claim(store: Store, embedder) -> None:
    index(store, "pier.txt", WIRE)
    stale = dt.datetime.now(dt.UTC) - LEASE - dt.timedelta(minutes=1)
    with store.engine.begin() as conn:  # a process died holding the first chunk
        conn.execute(vector_claims.insert().values(model=MODEL, chunk=0, claimed_at=stale))
    assert embed_missing(store, embedder) == 3
    with store.engine.connect() as conn:
        assert conn.execute(select(vector_claims)).all() == []


def test_a_live_claim_is_left_to_its_process(store: Store, embedder) -> None:
    index(store, "pier.txt", WIRE)
    with store.engine.begin() as conn:
        now = dt.datetime.now(dt.UTC)
        conn.execute(vector_claims.insert().values(model=MODEL, chunk=0, claimed_at=now))
    assert embed_missing(store, embedder) == 0
    assert coverage_line(store, Scope()) == "meaning: 0 of 3 passages"


# --- the command line ----------------------------------------------------------------------------


def test_index_embeds_after_words_and_no_embed_leaves_it_for_embed(cli, tmp_path, embedder):
    (tmp_path / "pier.txt").write_text(WIRE)
    (tmp_path / "memo.md").write_text(MEMO)
    code, _, err = cli("index", str(tmp_path / "pier.txt"), "--no-embed")
    assert code == 0 and "embedded" not in err
    assert cli("stats")[1].splitlines()[1] == "meaning: 0 of 3 passages"
    code, _, err = cli("index", str(tmp_path / "memo.md"))
    assert code == 0 and "meaning: 5 of 5 passages" in err.splitlines()[-1]
    summary = cli.json("embed")
    assert summary["embedded"] == 0 and summary["coverage"] == {"embedded": 5, "passages": 5}
    assert cli.json("stats")["meaning"] == "meaning: 5 of 5 passages"


def test_embed_catches_up_the_archive(cli, tmp_path, embedder) -> None:
    (tmp_path / "pier.txt").write_text(WIRE)
    cli("index", str(tmp_path), "--no-embed")
    code, _, err = cli("embed")
    assert code == 0
    assert err.startswith("embedded 3 passages in ") and err.strip().endswith("3 of 3 passages")


def test_a_refused_model_is_one_line_and_words_still_answer(tmp_path: Path) -> None:
    """A plain install (no model package) or a tampered model file: one line, exit 1 from
    `embed`, and /claim still answers by words."""
    url = f"sqlite:///{tmp_path}/f.db"
    (tmp_path / "pier.txt").write_text(WIRE)
    env = {**os.environ, "PYTHONPATH": str(ROOT), "FACTDESK_MODEL_DIR": str(tmp_path)}
    (tmp_path / "model.safetensors").write_bytes(b"tampered")

    def run(*args: str) -> subprocess.CompletedProcess:
        command = [sys.executable, "-m", "bot", *args, "--db", url]
        return subprocess.run(command, capture_output=True, text=True, env=env, timeout=120)

    indexed = run("index", str(tmp_path / "pier.txt"))
    assert indexed.returncode == 0
    assert indexed.stderr.splitlines()[-1].startswith("factdesk: meaning is off: refused ")
    embedded = run("embed")
    assert embedded.returncode == 1 and len(embedded.stderr.strip().splitlines()) == 1
    assert "Traceback" not in embedded.stderr
    stats = run("stats")
    assert "meaning: 0 of 3 passages (off: refused " in stats.stdout
    answer = json.loads(run("claim", "Divers found rotted wooden supports", "--json").stdout)
    assert "rotted" in answer["results"][0]["excerpt"]
