"""Acceptance: /claim by meaning over the shared corpus (skipped when it is absent).

Each claim restates one passage of the five real articles in other words: written here,
never copied, and checked by the test itself to share no content word with the passage
it restates, names and figures apart (stemmed as the index stems them). The passage must
be among the top 3; it is named by its document and a hash of its text, so no corpus text
is kept here. Claims about people and places the corpus never mentions find nothing.
"""

from __future__ import annotations

import hashlib

import pytest

from handlers.analysis.text import STOPWORDS, terms
from handlers.answers import Match
from handlers.claim import claim
from handlers.meaning import embed_missing
from store import Scope, Store

NAMES = set(
    terms(
        "North Korea Korean Korea's Pyongyang Moscow Russia Russian Kremlin Putin Rutte Kim "
        "Jong-un Yoon Choe Son Hui Kursk Kyiv Ukraine Ukrainian Europe European Oblast NATO "
        "Zelensky Zelenskiy Washington Seoul Orvik Tamsk Petra Lund"
    )
)
# claim -> (the first 3 characters of its document's file name, its passage's key)
RESTATED = {
    "Rutte said Putin is growing frantic and called Pyongyang's step a perilous widening "
    "of the war": ("001", "1c38a4bb4488"),
    # the passage writes the figure in words: the one term they share
    "Moscow depends on Pyongyang's fighters because over 500,000 Russians have been killed "
    "or wounded": ("002", "00ea1ca85dbe"),
    "Yoon fears Pyongyang and Moscow could swap weapons expertise and supplies": (
        "003",
        "4c00702c1095",
    ),
    "Choe Son Hui, Pyongyang's top diplomat, landed in Moscow": ("003", "37fbd81d56a1"),
    "Kyiv warned that roughly eleven thousand of Pyongyang's fighters are said to be posted "
    "in Kursk, close to its frontier": ("004", "481bc2668358"),
}
# Near misses, kept so a change that loses them fails: the passage is found, but not in the
# top 3 on every backend (3rd on SQLite at 53.5 against 53.2; 4th on PostgreSQL, whose words
# score ranks by IDF sum, at 52.3 against 52.8). The bar is the top 3.
NEAR_MISSES = {
    "Never until now has Pyongyang's infantry waged war in Europe": ("000", "226bef4ceda4"),
}
UNRELATED = [
    "Serena Williams won a tennis tournament in Melbourne",
    "The mayor of Reykjavik opened a heated swimming pool in March",
    "A bakery in Lyon sold a record number of croissants on Sunday",
    "Lionel Messi signed a new contract with a club in Miami",
]


@pytest.fixture
def embedded(corpus_store: Store, embedder) -> Store:
    embed_missing(corpus_store, embedder)
    return corpus_store


def content_words(text: str) -> set[str]:
    return {t for t in terms(text) if t not in STOPWORDS and t not in NAMES and t.isalpha()}


def passage_key(excerpt: str) -> str:
    """A passage named without its text: the first 12 hex digits of its sha256."""
    return hashlib.sha256(excerpt.encode()).hexdigest()[:12]


def restated_passage(store: Store, wording: str, document: str, key: str, within: int = 3) -> Match:
    """The passage a claim restates, if it is among the claim's top `within`."""
    found = claim(store, wording, Scope(), limit=within).results
    named = [(m.document.path.rsplit("/", 1)[-1][:3], passage_key(m.excerpt)) for m in found]
    assert (document, key) in named
    return found[named.index((document, key))]


@pytest.mark.parametrize("wording", list(RESTATED))
def test_a_claim_in_other_words_finds_the_passage_it_restates(embedded, wording: str) -> None:
    found = restated_passage(embedded, wording, *RESTATED[wording])
    shared = content_words(wording) & content_words(found.excerpt)
    assert not shared, f"the claim shares {shared} with its passage: not a restatement"


@pytest.mark.parametrize("wording", list(NEAR_MISSES))
def test_a_near_miss_still_finds_its_passage_in_the_top_5(embedded, wording: str) -> None:
    found = restated_passage(embedded, wording, *NEAR_MISSES[wording], within=5)
    assert not content_words(wording) & content_words(found.excerpt)


@pytest.mark.parametrize("wording", UNRELATED)
def test_claims_about_people_and_places_absent_from_the_corpus_find_nothing(
    embedded, wording: str
) -> None:
    answer = claim(embedded, wording, Scope())
    assert answer.results == (), [m.excerpt[:60] for m in answer.results]
    assert answer.message.startswith("Nothing in 5 documents matches")


# --- our own documents: the same promise, other styles --------------------------------------

NOTES = (
    "# Interview notes: Orvik water board\n\n"
    "- Chair Petra Lund: the reservoir above Orvik is at its lowest level in forty years.\n"
    "- Households may only water gardens on alternate evenings from June.\n"
    "- The board expects to lift the limits once autumn rain arrives.\n"
)
BULLETIN = (
    "<html><body><main><h2>Tamsk transport bulletin</h2>"
    "<p>The tram depot in Tamsk will be rebuilt after inspectors condemned its roof.</p>"
    "<p>Night buses replace trams on line 4 while the work goes on.</p>"
    "</main></body></html>"
)
OWN_RESTATED = {
    "Orvik's lake has not been this empty for four decades": "reservoir above Orvik",
    "Residents of Orvik may sprinkle their lawns only every other night come summer": (
        "alternate evenings"
    ),
    "Tamsk will reconstruct the shed that houses its streetcars because its ceiling is unsafe": (
        "tram depot"
    ),
}


@pytest.fixture
def own_documents(store: Store, embedder) -> Store:
    from tests.slack_wire import index

    index(store, "orvik-notes.md", NOTES)
    index(store, "tamsk.html", BULLETIN)
    embed_missing(store, embedder)
    return store


@pytest.mark.parametrize("wording", list(OWN_RESTATED))
def test_our_own_documents_restated_are_found(own_documents: Store, wording: str) -> None:
    found = [m.excerpt for m in claim(own_documents, wording, Scope(), limit=3).results]
    passage = next((e for e in found if OWN_RESTATED[wording] in e), None)
    assert passage is not None, found
    assert not content_words(wording) & content_words(passage)
