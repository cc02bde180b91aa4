"""/claim on pasted posts: the name signing a post is searched, at a low weight."""

from __future__ import annotations

from handlers.claim import claim
from handlers.search import AUTHOR_WEIGHT, weigh, weigh_author
from store import Scope, Store
from tests.slack_wire import index

DOCUMENTS = {
    "omar.txt": "Ilhan Omar advised Iran to attack hotels owned by Donald Trump.\n",
    "hotels.txt": "Hotel guests in Tehran were told that the military will protect them.\n",
    "ferry.txt": "The Halden ferry carried 300 passengers across the fjord on Monday.\n",
}
POST = (
    "His business interests should not be driving military decisions about Iran and hotels. "
    "— Ilhan Omar (@IlhanMN) January 6, 2020"
)


def _indexed(store: Store) -> Store:
    for name, text in DOCUMENTS.items():
        index(store, name, text)
    return store


def test_the_name_signing_a_post_brings_up_what_that_person_said(store: Store) -> None:
    results = claim(_indexed(store), POST, Scope("local")).results
    assert results[0].document.path == "omar.txt"


def test_a_bystander_signing_a_post_does_not_outrank_what_it_says(store: Store) -> None:
    post = "The Halden ferry carried 300 passengers across the fjord. — Ilhan Omar (@x) May 1, 2024"
    results = claim(_indexed(store), post, Scope("local")).results
    assert results[0].document.path == "ferry.txt"


def test_author_terms_count_for_little_and_only_once(store: Store) -> None:
    _indexed(store)
    query = weigh(store, ["iran", "omar"])
    added = weigh_author(store, ["ilhan", "omar", "nobodyknowsthisname"], query)
    assert [t.term for t in added] == ["ilhan"]  # "omar" is in the query; unknown names go
    assert added[0].weight < query[0].weight * AUTHOR_WEIGHT * 1.5
