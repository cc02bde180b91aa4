"""Ingest's speed-ups change no extraction: every passage, figure, mention and attribution
that analysis gives for the documents of tests/identity_docs.py (five formats) is the
one recorded in tests/ingest_identity.json, which was written by the code before the
speed-ups of issue 20; for the shared corpus, when present, a digest of the same rows.
What the store writes is what analysis gave, row for row.

An intended change of an extraction rule changes these rows: look at the diff of
`.venv/bin/python -m tests.test_ingest_identity --record`, then commit the new file.
"""

from __future__ import annotations

import dataclasses
import hashlib
import json
import sys
from pathlib import Path

import pytest
from sqlalchemy import select

from handlers.ingest import ingest_paths, prepare_bytes
from store import NewDocument, Scope, Store
from store.schema import documents, figures, mentions, passages, people
from tests.conftest import CORPUS
from tests.identity_docs import documents as identity_documents

RECORDED = Path(__file__).with_name("ingest_identity.json")
SCOPE = Scope("identity")


def extracted(doc: NewDocument) -> dict:
    """Everything analysis found in `doc`, as JSON values (not its path, scope or hash:
    a DOCX's bytes hold the time it was saved)."""
    found = dataclasses.asdict(doc)
    for key in ("path", "content_hash", "scope"):
        found.pop(key)
    found["published"] = doc.published.isoformat() if doc.published else None
    return json.loads(json.dumps(found))  # tuples as lists, as the recording holds them


def analysed(name: str, data: bytes) -> dict:
    doc = prepare_bytes(data, name, f"/identity/{name}", SCOPE).doc
    assert doc is not None, f"{name} was not read"
    return extracted(doc)


def digest(found: dict) -> str:
    return hashlib.sha256(json.dumps(found, sort_keys=True).encode()).hexdigest()


def corpus_files() -> list[Path]:
    return sorted(CORPUS.glob("*.txt")) if CORPUS.is_dir() else []


def current() -> dict:
    """What the code finds now: rows of our documents, digests of the shared corpus's."""
    return {
        "documents": {name: analysed(name, data) for name, data in identity_documents()},
        "shared_corpus": {f.name: digest(analysed(f.name, f.read_bytes())) for f in corpus_files()},
    }


def _recorded() -> dict:
    return json.loads(RECORDED.read_text(encoding="utf-8"))


@pytest.mark.parametrize("name", [name for name, _ in identity_documents()])
def test_each_documents_passages_figures_people_and_sources_are_as_recorded(name: str) -> None:
    data = dict(identity_documents())[name]
    found, recorded = analysed(name, data), _recorded()["documents"][name]
    for part in ("passages", "figures", "mentions"):
        assert found[part] == recorded[part], f"{name}: {part} differ"
    assert found == recorded


def test_the_documents_hold_what_every_extractor_reads() -> None:
    """A recording of nothing would make the test above pass for nothing."""
    rows = _recorded()["documents"].values()
    said = [p["said"] for d in rows for p in d["passages"] if p["said"]]
    assert {s["kind"] for s in said} == {"person", "organisation", "unnamed"}
    assert sum(len(d["figures"]) for d in rows) >= 30
    assert {f["status"] for d in rows for f in d["figures"]} > {""}
    assert any(m["bare"] for d in rows for m in d["mentions"])
    assert {d["kind"] for d in rows} == {"txt", "md", "html", "docx", "pdf"}


def test_the_shared_corpus_gives_the_recorded_rows() -> None:
    files = corpus_files()
    if not files:
        pytest.skip(f"no shared corpus at {CORPUS}")
    recorded = _recorded()["shared_corpus"]
    for file in files:
        assert digest(analysed(file.name, file.read_bytes())) == recorded[file.name], file.name


def _stored_rows(store: Store, path: str) -> dict:
    with store.connect() as conn:
        doc_id = conn.execute(select(documents.c.id).where(documents.c.path == path)).scalar_one()
        by_position = {
            r.id: r.position
            for r in conn.execute(select(passages).where(passages.c.document_id == doc_id))
        }
        texts = conn.execute(
            select(passages.c.position, passages.c.text, passages.c.terms, passages.c.said_text)
            .where(passages.c.document_id == doc_id)
            .order_by(passages.c.position)
        )
        found = conn.execute(
            select(figures.c.passage_id, figures.c.value, figures.c.text, figures.c.said_text)
            .where(figures.c.document_id == doc_id)
            .order_by(figures.c.id)
        )
        named = conn.execute(
            select(mentions.c.passage_id, people.c.key, mentions.c.spelling, mentions.c.bare)
            .join(people, people.c.id == mentions.c.person_id)
            .where(mentions.c.document_id == doc_id)
            .order_by(mentions.c.id)
        )
        return {
            "passages": [tuple(r) for r in texts],
            "figures": [(by_position[r[0]], *r[1:]) for r in found],
            "mentions": [(by_position.get(r[0]), *r[1:3], bool(r[3])) for r in named],
        }


def _expected_rows(found: dict) -> dict:
    def said(source: dict | None) -> str | None:
        return source["text"] if source else None

    return {
        "passages": [
            (p["position"], p["text"], p["terms"], said(p["said"])) for p in found["passages"]
        ],
        "figures": [
            (f["position"], f["value"], f["text"], said(f["said"])) for f in found["figures"]
        ],
        "mentions": [
            (m["position"], m["person_key"], m["spelling"], m["bare"]) for m in found["mentions"]
        ],
    }


def test_the_store_holds_every_row_analysis_gave(store: Store, tmp_path: Path) -> None:
    for name, data in identity_documents():
        (tmp_path / name).write_bytes(data)
    summary = ingest_paths(store, [tmp_path], SCOPE)
    assert summary.added == len(identity_documents())
    for name, data in identity_documents():
        path = str((tmp_path / name).resolve())
        doc = prepare_bytes(data, name, path, SCOPE).doc
        assert _stored_rows(store, path) == _expected_rows(extracted(doc)), name


if __name__ == "__main__" and sys.argv[1:] == ["--record"]:
    RECORDED.write_text(json.dumps(current(), indent=1, sort_keys=True) + "\n", encoding="utf-8")
    print(f"wrote {RECORDED}")
