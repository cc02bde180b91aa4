"""/claim by meaning: claims that restate a passage in other words (no content word in
common apart from names) find it in the top 3, in documents of every format; claims about
people and places the archive never mentions still find nothing."""

from __future__ import annotations

import time
from pathlib import Path

import docx
import numpy as np
import pytest
from fpdf import FPDF

from handlers.claim import claim
from handlers.meaning import coverage_line, embed_missing, start_server_meaning
from handlers.model_files import MODEL
from store import Scope, Store
from store.search import vector_index as vector_index_module
from tests.slack_wire import index

WIRE = (
    "HALDEN (Nordwire) - Halden's council voted on Tuesday to shut the town's last public "
    "library branch, citing a budget shortfall.\n"
    "Mayor Ingrid Solberg called the decision painful but unavoidable.\n"
    "The branch opened in 1961 and lent about 40,000 items a year.\n"
)
MEMO = (
    "# Harbour memo\n\n"
    "Divers found that the Veldhaven pier's wooden supports have rotted through, and "
    "engineers warned the structure could collapse during the next storm.\n\n"
    "Ferries will berth at the south quay until further notice.\n"
)
PAGE = (
    "<html><head><title>Marrowby schools</title></head><body><article>"
    "<h1>Outbreak at Marrowby schools</h1>"
    "<p>Health officials in Marrowby reported that a stomach virus sickened dozens of pupils "
    "at two primary schools last week.</p>"
    "<p>Both schools stayed open, and cleaning crews worked through the weekend.</p>"
    "</article></body></html>"
)
FARES = [
    "Ferrovia Nord raised ticket prices on its commuter trains by a fifth from January.",
    "The operator said the money would pay for new carriages on the coastal line.",
]
MUSEUM = [
    "The Quillon Museum's director resigned after an audit uncovered missing funds.",
    "Trustees appointed an interim leader and promised a full report by summer.",
]
# Each restates one passage; apart from the names, no word is the passage's.
PARAPHRASES = {
    "Halden councillors decided to close the community's only remaining book-lending site, "
    "blaming a lack of money": "last public library branch",
    "Veldhaven's jetty is in danger of falling apart because its timber posts are decayed": (
        "wooden supports have rotted"
    ),
    "An intestinal bug made many Marrowby children ill in their classrooms": "stomach virus",
    "Ferrovia Nord passengers face steeper rail fares at the start of the year": (
        "raised ticket prices"
    ),
    "The Quillon Museum's head quit when accountants discovered that money had vanished": (
        "director resigned"
    ),
}
UNRELATED = [
    "Pope Francis blessed a new cathedral in Lima",
    "Serena Williams won a tennis tournament in Melbourne",
    "The mayor of Reykjavik opened a heated swimming pool in March",
]


def _docx(path: Path, paragraphs: list[str]) -> bytes:
    document = docx.Document()
    for paragraph in paragraphs:
        document.add_paragraph(paragraph)
    document.save(path)
    return path.read_bytes()


def _pdf(paragraphs: list[str]) -> bytes:
    pdf = FPDF()
    pdf.add_page()
    pdf.set_font("helvetica", size=12)
    for paragraph in paragraphs:
        pdf.multi_cell(0, 8, paragraph)
        pdf.ln(4)
    return bytes(pdf.output())


def _index_bytes(store: Store, name: str, data: bytes) -> None:
    from handlers.ingest import ingest_bytes

    ingest_bytes(store, data, name, name, Scope())


@pytest.fixture
def newsroom(store: Store, embedder, tmp_path: Path) -> Store:
    """Five documents of our own in five formats, embedded."""
    index(store, "wire.txt", WIRE)
    index(store, "memo.md", MEMO)
    index(store, "page.html", PAGE)
    _index_bytes(store, "fares.docx", _docx(tmp_path / "fares.docx", FARES))
    _index_bytes(store, "museum.pdf", _pdf(MUSEUM))
    embed_missing(store, embedder)
    return store


def _top3(store: Store, text: str) -> list[str]:
    return [m.excerpt for m in claim(store, text, Scope(), limit=3).results]


@pytest.mark.parametrize("paraphrase", list(PARAPHRASES))
def test_a_restated_claim_finds_its_passage(newsroom: Store, paraphrase: str) -> None:
    found = _top3(newsroom, paraphrase)
    assert any(PARAPHRASES[paraphrase] in excerpt for excerpt in found), found


@pytest.mark.parametrize("unrelated", UNRELATED)
def test_claims_about_people_and_places_absent_find_nothing(newsroom: Store, unrelated: str):
    answer = claim(newsroom, unrelated, Scope())
    assert answer.results == ()
    assert answer.message.startswith("Nothing in 5 documents matches")


def test_words_still_rank_and_figures_still_check(newsroom: Store) -> None:
    answer = claim(newsroom, "Halden's library lent 40,000 items a year", Scope())
    assert "40,000 items" in answer.results[0].excerpt
    assert answer.results[0].check == "supports"
    assert "library" in answer.results[1].highlights or "library" in answer.results[0].context


def test_meaning_keeps_to_the_scope_fence(store: Store, embedder) -> None:
    index(store, "memo.md", MEMO, channel="C_PRIVATE")
    embed_missing(store, embedder)
    claim_text = "Veldhaven's jetty is in danger of falling apart: its timber posts are decayed"
    assert claim(store, claim_text, Scope("local", "C_OTHER")).results == ()
    assert claim(store, claim_text, Scope("local", "C_PRIVATE")).results


def test_a_lone_surrogate_in_a_claim_is_dropped_not_a_crash(newsroom: Store) -> None:
    assert claim(newsroom, "Veldhaven pier \ud800 supports", Scope()).results


def test_query_vectors_are_cached_by_text(embedder) -> None:
    first = embedder.query("Divers found rotted supports")
    assert embedder.query("Divers found rotted supports") is first


def test_a_server_embeds_a_new_file_within_seconds(store: Store, embedder) -> None:
    start_server_meaning(store)
    index(store, "memo.md", MEMO)
    deadline = time.monotonic() + 120
    while coverage_line(store, Scope()) != "meaning: 3 of 3 passages":
        assert time.monotonic() < deadline, coverage_line(store, Scope())
        time.sleep(0.2)
    while store.vector_index is None or not store.vector_index.ready.is_set():
        assert time.monotonic() < deadline
        time.sleep(0.2)
    store.vector_index.refresh()  # what the refresher does every REFRESH_SECONDS
    assert len(store.vector_index.ids) == 3
    found = _top3(store, "Veldhaven's jetty is in danger of falling apart: its posts decayed")
    assert any("wooden supports" in excerpt for excerpt in found)


def test_the_inverted_file_index_finds_what_exact_search_finds(monkeypatch) -> None:
    """Past EXACT_UNTIL the index is an IVF of quantised vectors: on clustered vectors
    (as sentence embeddings are) its top 10 is nearly the exact top 10."""
    monkeypatch.setattr(vector_index_module, "EXACT_UNTIL", 1_000)
    rng = np.random.default_rng(3)
    centres = rng.normal(size=(40, 384))
    vectors = centres[rng.integers(0, 40, 4_000)] + 0.6 * rng.normal(size=(4_000, 384))
    vectors = (vectors / np.linalg.norm(vectors, axis=1, keepdims=True)).astype(np.float32)
    index_ = vector_index_module.build_index(vectors)
    assert "IVF" in type(index_).__name__
    queries = vectors[:50] + 0.05 * rng.normal(size=(50, 384)).astype(np.float32)
    queries /= np.linalg.norm(queries, axis=1, keepdims=True)
    _, approximate = index_.search(queries, 10)
    exact = np.argsort(-(queries @ vectors.T), axis=1)[:, :10]
    recall = np.mean([len(set(a) & set(e)) / 10 for a, e in zip(approximate, exact, strict=True)])
    assert recall >= 0.9


def test_vectors_never_leave_their_model(store: Store, embedder) -> None:
    index(store, "memo.md", MEMO)
    embed_missing(store, embedder)
    query = embedder.query("timber posts decayed")
    assert store.nearest(MODEL, query, Scope(), 5)
    assert store.nearest("another-model", query, Scope(), 5) == []


TOWNS = ("Arnsby", "Kellow", "Dunmere", "Ostrava", "Pellin", "Ruskwood", "Tavering", "Welby")
EVENTS = (
    "opened a swimming pool heated by the bakery next door",
    "closed its last bank branch after a vote that split the council",
    "counted more storks on its church roofs than in any spring before",
    "lost power for two days when ice brought down the lines",
    "elected a mayor who promised free buses for pensioners",
    "found a Roman coin hoard under the new car park",
    "cancelled its harvest fair because of the drought",
    "saw its football club promoted for the first time",
)


def test_a_vector_index_past_exact_search_is_built_from_a_sample_a_batch_at_a_time(
    store: Store, embedder, monkeypatch
) -> None:
    """Past EXACT_UNTIL the stored vectors go straight into an IVF trained on a sample
    spread over the archive, read a batch at a time (never all of them as one matrix),
    and every passage is found again by its own vector."""
    for n, town in enumerate(TOWNS):
        lines = [f"{town} {event}." for event in EVENTS[n:] + EVENTS[:n]]
        index(store, f"{town}.txt", "\n".join(lines) + "\n")
    assert embed_missing(store, embedder) == 64
    monkeypatch.setattr(vector_index_module, "EXACT_UNTIL", 40)
    monkeypatch.setattr(vector_index_module, "READ_BATCH", 10)
    vectors = vector_index_module.VectorIndex(store.engine, MODEL, 384)
    assert vectors.refresh() == 0  # the rebuild read them all; nothing new after it
    assert "IVF" in type(vectors.index).__name__ and vectors.trained_on == 64
    assert len(vectors.ids) == 64 == len(set(vectors.ids.tolist()))
    query = embedder.encode(["Kellow found a Roman coin hoard under the new car park."])[0]
    nearest = vectors.search(query, Scope(), 1)
    found = store.passages.rows([nearest[0][0]])[0]
    assert found.text == "Kellow found a Roman coin hoard under the new car park."
