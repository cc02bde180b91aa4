"""The shortcuts ingest takes for speed give the answers the plain rules give: the
part-word prefilter of shares, the stems terms remembers, and the writer that stores a
batch's passages, figures and mentions a statement each."""

from __future__ import annotations

from hypothesis import given
from hypothesis import strategies as st

from handlers import figures, who
from handlers.analysis import text
from handlers.analysis.shares import find_shares
from handlers.ingest import prepare_bytes
from store import Scope, Store


def test_shares_in_any_case_and_beyond_ascii_are_still_found() -> None:
    assert [s.value for s in find_shares("Nearly HALF of the ferries sailed.")] == [50.0]
    assert [s.value for s in find_shares("Two-Thirds of the crews struck.")] == [66.67]
    assert [s.value for s in find_shares("In Gdańsk, a quarter of berths are idle.")] == [25.0]
    assert [s.value for s in find_shares("One in five pilots is new.")] == [20.0]
    assert find_shares("The third ferry left at noon.") == []  # no "of": not a share


def test_terms_are_the_same_with_a_cold_a_warm_and_a_full_stem_memory(monkeypatch) -> None:
    sentence = "Running ferries, U.S. pilots and 3.5 million passengers: us as well."
    text._STEMS.clear()
    cold = text.terms(sentence)
    assert cold == ["run", "ferri", "us", "pilot", "3500000", "passeng", "us", "well"]
    assert text.terms(sentence) == cold
    monkeypatch.setattr(text, "_STEMS_MAX", 2)
    text._STEMS.clear()
    assert text.terms(sentence) == cold
    assert len(text._STEMS) <= 2


def _doc(body: str, path: str, scope: Scope):
    return prepare_bytes(body.encode(), "brief.txt", path, scope).doc


def test_a_batch_stores_each_documents_own_passages_figures_and_people(store: Store) -> None:
    home, other = Scope(), Scope("elsewhere")
    first = "Quay report\n\nMayor Ilse Varga said 40 ferries left Port Halden."
    second = "Pier report\n\nAbout 300 passengers waited, Ilse Varga said."
    batch = [
        _doc(first, "/news/quay.txt", home),
        _doc(second, "/news/pier.txt", home),
        _doc(first, "/news/quay-copy.txt", home),  # same text as the first
        _doc(second, "/news/pier.txt", other),  # another workspace: its own person row
    ]
    results = store.documents.add_many(batch)
    assert [r.status for r in results] == ["added", "added", "duplicate", "added"]
    person = who.who(store, "Ilse Varga", home).person
    assert person and person.documents == 2
    found = figures.figures(store, "passengers", home).results
    assert [(f.value, f.document.path) for f in found] == [(300.0, "/news/pier.txt")]
    assert "Ilse Varga" in found[0].excerpt
    other_person = who.who(store, "Ilse Varga", other).person
    assert other_person and other_person.documents == 1


def test_a_path_replaced_within_one_batch_keeps_only_its_last_version(store: Store) -> None:
    scope = Scope()
    old = _doc("Ferry report\n\nAbout 40 ferries left Port Halden.", "/news/f.txt", scope)
    new = _doc("Ferry report\n\nAbout 55 ferries left Port Halden.", "/news/f.txt", scope)
    results = store.documents.add_many([old, new])
    assert [r.status for r in results] == ["added", "updated"]
    assert store.document_count(scope) == 1
    assert [f.value for f in figures.figures(store, "ferries", scope).results] == [55.0]


def test_letters_that_fold_to_ascii_under_ignorecase_do_not_break_shares() -> None:
    """re.I matches the long s and the Kelvin sign as 's' and 'k'; the word lookups fold alike."""
    from handlers.analysis.shares import find_shares

    assert [s.value for s in find_shares("a ſixth of the homes")] == [16.67]
    assert find_shares("ſeven ſixths of nothing") == []
    assert [s.value for s in find_shares("one in ſix voters")] in ([16.67], [])


@given(st.text(alphabet=st.characters(max_codepoint=127)))
def test_ascii_text_folds_as_the_full_unicode_steps_fold_it(sentence: str) -> None:
    assert text.fold(sentence) == text._fold_all(sentence)
    for char in map(chr, range(128)):  # each, beside and inside a sentence
        assert text.fold(f"A{char}b{sentence}") == text._fold_all(f"A{char}b{sentence}")


def test_sqlite_rows_go_to_the_driver_only_when_sqlalchemy_would_add_nothing() -> None:
    from store import writer
    from store.schema import documents, mentions

    given = ("person_id", "document_id", "passage_id", "spelling", "title", "bare")
    assert writer._driver_insert(mentions, given).startswith("INSERT INTO mentions (person_id,")
    assert writer._driver_insert(mentions, given[:-2]) == ""  # title has a default: not given
    assert writer._driver_insert(documents, ("path", "ingested_at")) == ""  # a datetime


_NUMBERISH = st.sampled_from(
    ["Ten", "THOUSAND", "a", "A few", "Half", "million", "3", "1,5", "2.5M", "bn", "-", " "]
)


@given(st.lists(st.one_of(_NUMBERISH, st.text(max_size=4)), max_size=12).map("".join))
def test_terms_read_numbers_from_the_unfolded_text_as_from_the_folded(sentence: str) -> None:
    """terms takes an ASCII sentence's numbers from the search figures made of it (as
    written), not from a second search of its folded copy: the same digits either way."""
    from handlers.analysis import numbers

    numbers._RECENT.clear()
    alone = numbers.replace_number_words(text._fold_all(sentence))
    assert text._folded_numbers(sentence) == alone
    numbers.find_numbers(sentence)  # as figures does first
    assert text._folded_numbers(sentence) == alone
