"""handlers.analysis.name_index: the index gives exactly what the full `match_query` scan gives.

The names imitate a newsroom's: transliteration variants (Zelensky/Zelenskiy/Zelenskyy),
family-name-first names (Kim Jong Un), particles (von der Leyen), initials (V. Zelensky),
surnames alone, misspellings, a repeated token; the queries add titles ("president
zelensky"), concatenations ("kimjongun"), reordering and names that are not there. One
full scan per query (cutoff 60, no limit) is the reference for every limit and for both
the /who cutoff (80) and suggest's (60).
"""

from __future__ import annotations

import random

import numpy as np
import pytest
from hypothesis import given, settings
from hypothesis import strategies as st
from rapidfuzz import fuzz
from rapidfuzz.distance import JaroWinkler

from handlers.analysis import name_bounds
from handlers.analysis.name_index import NameIndex
from handlers.analysis.names import match_query, suggest

GIVEN_RAW = (
    "Volodymyr Vladimir Mark Lloyd Rustem Ursula Olena Andriy Oleksandr Maria Jose Ana "
    "Recep Emmanuel Olaf Giorgia Keir Donald Kamala Benjamin Yulia Dmytro Serhiy Iryna"
)
GIVEN = GIVEN_RAW.split()
SYLLABLES_RAW = "ko va len zel ski mi ra to sha bu dan or ye mak ryu shen ki lo vo nyk"
SYLLABLES = SYLLABLES_RAW.split()
ENDINGS = ("sky", "skiy", "skyy", "enko", "ov", "ova", "uk", "chuk", "ich", "")
FAMILY_FIRST = (
    "Kim Jong-un",
    "Kim Yo-jong",
    "Kim Jong Il",
    "Moon Jae-in",
    "Yoon Suk Yeol",
    "Xi Jinping",
    "Li Qiang",
    "Wang Yi",
    "Nguyen Phu Trong",
    "Lee Jae-myung",
    "Choe Son Hui",
    "Park Geun-hye",
)
FIXED = (
    "Volodymyr Zelensky",
    "Zelenskyy",
    "Zelenskiy",
    "V. Zelensky",
    "Ursula von der Leyen",
    "von der Leyen",
    "Charles de Gaulle",
    "Luiz Inácio Lula da Silva",
    "Carlos de la Cruz de la Torre",
    "Recep Tayyip Erdoğan",
    "Lloyd J. Austin",
    "Mark Rutte",
    "O'Brien",
    "Зеленський",
    "Pope Leo 14",
)
TITLES = ("president", "Mr", "Dr.", "General", "Prime Minister", "sen")


def _surname(rng: random.Random) -> str:
    stem = "".join(rng.choice(SYLLABLES) for _ in range(rng.randint(1, 3)))
    return (stem + rng.choice(ENDINGS)).capitalize()


def _misspell(rng: random.Random, name: str) -> str:
    if len(name) < 4:
        return name + "a"
    i = rng.randrange(1, len(name) - 1)
    edits = (
        name[:i] + name[i + 1 :],  # dropped letter
        name[:i] + name[i] + name[i:],  # doubled letter
        name[:i] + name[i + 1] + name[i] + name[i + 2 :],  # swapped letters
        name[:i] + rng.choice("aeiouykh") + name[i + 1 :],  # another letter
    )
    return rng.choice(edits)


def _variants(rng: random.Random, given: str, surname: str) -> list[str]:
    spellings = [f"{given} {surname}", surname, f"{given[0]}. {surname}"]
    if surname.endswith("sky"):
        spellings += [f"{given} {surname}i", f"{given} {surname[:-1]}iy", surname + "y"]
    return [*spellings, _misspell(rng, f"{given} {surname}")]


def _names(n_people: int, seed: int) -> list[str]:
    rng = random.Random(seed)
    names = list(FIXED) + [n for f in FAMILY_FIRST for n in (f, _misspell(rng, f))]
    for _ in range(n_people):
        names += _variants(rng, rng.choice(GIVEN), _surname(rng))
    return names


def _queries(names: list[str], seed: int) -> list[str]:
    rng = random.Random(seed)
    sample = rng.sample(names, 14)
    queries = [
        "president zelensky",
        "Zelenskyj",
        "kimjongun",
        "kim jong un",
        "jong un kim",
        "KIM",
        "von der leyen",
        "Leyen",
        "V Zelenskyy",
        "Erdogan",
        "de la cruz de la torre",
        "kim kim",
        "President",
        "",
        "?!",
        "Angela Merkel",
        "Biden",
        "x",
        "Pope Leo",
    ]
    for name in sample:
        tokens = name.split()
        queries += [
            _misspell(rng, name),
            f"{rng.choice(TITLES)} {name}",
            "".join(tokens),
            " ".join(reversed(tokens)),
            tokens[-1],
        ]
    unknown = [f"{rng.choice(GIVEN)} {_surname(rng)}" for _ in range(10)]
    return queries + unknown + [_surname(rng) for _ in range(6)]


NAMES = _names(400, seed=11)  # ~1,800 names, ~1,500 distinct keys
INDEX = NameIndex(NAMES)


@pytest.mark.parametrize("query", _queries(NAMES, seed=12))
def test_index_matches_the_full_scan(query: str) -> None:
    every = match_query(query, NAMES, limit=len(NAMES), cutoff=60)
    strong = [hit for hit in every if hit[1] >= 80]
    assert INDEX.match(query, limit=10) == strong[:10]
    assert INDEX.suggest(query) == [name for name, _ in every[:3]]
    assert INDEX.match(query, limit=20, cutoff=60) == every[:20]


def test_index_takes_any_cutoff_and_limit() -> None:
    names = NAMES[:300]
    index = NameIndex(names)
    for query in ("zelensky", "Kim Jong-un", "Leyen", "Olena Kovalenko"):
        for cutoff in (0, 50, 70, 90, 100):
            every = match_query(query, names, len(names), cutoff)
            for limit in (1, 5, len(names)):
                assert index.match(query, limit, cutoff) == every[:limit]
        assert index.match(query, 0) == match_query(query, names, 0) == []
    assert NameIndex([]).match("zelensky") == []
    assert NameIndex(["Zelensky", "Zelensky"]).match("zelensky") == [("Zelensky", 100.0)]


SMALL = _names(60, seed=21)
SMALL_INDEX = NameIndex(SMALL)
QUERY_TEXT = st.text(alphabet="abdeikmnorsuvyz .-'", max_size=24)


@settings(max_examples=100, deadline=None)
@given(st.one_of(st.sampled_from(SMALL), QUERY_TEXT), st.integers(0, 10**6))
def test_index_matches_the_full_scan_on_mangled_names(name: str, seed: int) -> None:
    query = _misspell(random.Random(seed), name) if seed % 2 else name
    every = match_query(query, SMALL, limit=len(SMALL), cutoff=60)
    assert SMALL_INDEX.match(query, limit=10) == [hit for hit in every if hit[1] >= 80][:10]
    assert SMALL_INDEX.suggest(query) == suggest(query, SMALL)


def _random_keys(rng: random.Random, n: int) -> list[str]:
    def word() -> str:
        return "".join(rng.choice("aeioukmnrstlvzb") for _ in range(rng.randint(1, 9)))

    return [" ".join(word() for _ in range(rng.randint(1, 4))) for _ in range(n)]


def test_the_bounds_are_upper_bounds() -> None:
    """The premise of step 1: no key sharing no token with the query (and repeating none)
    scores above its bounds, and no surname above its Jaro-Winkler bound."""
    rng = random.Random(3)
    keys = _random_keys(rng, 400)
    bags, lengths = name_bounds.bags(keys), np.array([len(k) for k in keys])
    bigrams = name_bounds.Bigrams(keys)
    for query in _random_keys(rng, 40):
        ratios, fuzzies = name_bounds.fuzzy_bounds(bags, lengths, bigrams.shared(query), query)
        for key, ratio, fuzzy in zip(keys, ratios, fuzzies, strict=True):
            tokens = key.split()
            if set(tokens) & set(query.split()) or len(set(tokens)) < len(tokens):
                continue
            assert fuzz.ratio(query, key) <= ratio
            assert fuzz.WRatio(query, key) <= fuzzy
            assert fuzz.token_set_ratio(query, key) <= fuzzy
    surnames = sorted({t for k in keys for t in k.split()})
    index = name_bounds.Surnames([[s] for s in surnames])
    tokens = sorted({t for k in _random_keys(rng, 40) for t in k.split()})
    for token, bounds in zip(tokens, index.bounds(tokens), strict=True):
        for surname, bound in zip(index.names, bounds, strict=True):
            assert JaroWinkler.similarity(token, surname) <= bound
