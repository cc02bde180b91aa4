"""handlers.analysis.names: the matching key, same_person, clustering, forgiving look-up."""

import random
import time

import pytest

from handlers.analysis.name_clusters import cluster
from handlers.analysis.names import (
    Cluster,
    NameStat,
    match_query,
    name_key,
    same_person,
    suggest,
)

PEOPLE = [
    "Volodymyr Zelensky",
    "Zelenskyy",
    "Mark Rutte",
    "Kim Jong-un",
    "Kim Yo-jong",
    "Rustem Umerov",
    "Lloyd Austin",
    "Vladimir Putin",
    "Choe Son Hui",
    "Yoon Suk Yeol",
    "Andriy Kovalenko",
]


@pytest.mark.parametrize(
    ("name", "key"),
    [
        ("Zelensky", "zelenski"),
        ("Zelenskiy", "zelenski"),
        ("Zelenskyy", "zelenski"),
        ("Зеленський", "zelenski"),
        ("Volodymyr Zelensky’s", "volodymyr zelenski"),
        ("Putin's", "putin"),
        ("Kim Jong-un", "kim jong un"),
        ("Kim Jong Un", "kim jong un"),
        ("Recep Tayyip Erdoğan", "recep tayip erdogan"),
        ("O'Brien", "obrien"),
        ("Kharkiv", "harkiv"),
        ("Mark  Rutte", "mark rute"),
        ("V. Zelensky", "v zelenski"),
        ("Yi", "yi"),
        ("", ""),
    ],
)
def test_name_key(name: str, key: str) -> None:
    assert name_key(name) == key


@pytest.mark.parametrize(
    ("a", "b", "same"),
    [
        ("Zelensky", "Zelenskiy", True),
        ("Zelenskiy", "Zelenskyy", True),
        ("Zelensky", "Volodymyr Zelensky", True),
        ("Zelenskyy", "Volodymyr Zelenskiy", True),
        ("Volodymyr Zelensky", "Volodymyr Zelenskiy", True),
        ("Volodymir Zelenski", "Volodymyr Zelensky", True),
        ("V. Zelensky", "Volodymyr Zelensky", True),
        ("Kim Jong-un", "Kim Jong Un", True),
        ("Kim Jong-un", "Kim Jongun", True),
        ("Kim", "Kim Jong-un", True),
        ("Yoon Suk-Yeol", "Yoon Suk Yeol", True),
        ("Moon Jae-in", "Jae-in Moon", True),
        ("Lloyd Austin", "Austin", True),
        ("Lloyd J. Austin", "Lloyd Austin", True),
        ("von der Leyen", "Ursula von der Leyen", True),
        ("Erdogan", "Recep Tayyip Erdoğan", True),
        ("Kim Jong-un", "Kim Yo-jong", False),
        ("Kim Jong Un", "Kim Jong Il", False),
        ("Lee Jae-myung", "Lee Nak-yon", False),
        ("Putin", "Rutte", False),
        ("Vladimir Putin", "Volodymyr Zelensky", False),
        ("Mark", "Mark Rutte", False),
        ("Lloyd Austin", "Jane Austin", False),
        ("Zelensky", "", False),
    ],
)
def test_same_person(a: str, b: str, same: bool) -> None:
    assert same_person(a, b) is same
    assert same_person(b, a) is same


def stats(**counts: int) -> list[NameStat]:
    return [NameStat(name.replace("_", " "), n) for name, n in counts.items()]


def by_name(clusters: list[Cluster]) -> dict[str, Cluster]:
    return {name: c for c in clusters for name in c.names}


def test_cluster_joins_spellings_and_attaches_the_surname() -> None:
    names = [
        NameStat("Volodymyr Zelensky", 4),
        NameStat("Volodymyr Zelenskiy", 2),
        NameStat("Zelenskyy", 3),
        NameStat("Zelensky", 5),
        NameStat("Mark Rutte", 2),
        NameStat("Rutte", 1),
    ]
    clusters = cluster(names)
    assert clusters[0] == Cluster(
        canonical="Volodymyr Zelensky",
        names=("Zelensky", "Volodymyr Zelensky", "Zelenskyy", "Volodymyr Zelenskiy"),
        mentions=14,
    )
    assert clusters[1] == Cluster("Mark Rutte", ("Mark Rutte", "Rutte"), 3)


def test_cluster_never_guesses_between_two_people_with_one_surname() -> None:
    names = [
        NameStat("Kim Jong-un", 5),
        NameStat("Kim Jong Un", 2),
        NameStat("Kim Yo-jong", 3),
        NameStat("Kim", 4),
        NameStat("Lloyd Austin", 2),
        NameStat("Austin", 1),
    ]
    found = by_name(cluster(names))
    assert found["Kim Jong Un"] is found["Kim Jong-un"]
    assert found["Kim Yo-jong"] is not found["Kim Jong-un"]
    assert found["Kim"].names == ("Kim",)
    assert found["Austin"].canonical == "Lloyd Austin"


def test_cluster_canonical_prefers_full_names_then_longest_then_alphabetical() -> None:
    clusters = cluster([NameStat("Zelensky", 9), NameStat("V. Zelensky", 2)])
    assert clusters[0].canonical == "V. Zelensky"
    longest = cluster([NameStat("Volodymyr Zelensky", 2), NameStat("Volodymyr Zelenskyy", 2)])
    assert longest[0].canonical == "Volodymyr Zelenskyy"
    tie = cluster([NameStat("Yoon Suk-Yeol", 2), NameStat("Yoon Suk Yeol", 2)])
    assert tie[0].canonical == "Yoon Suk Yeol"  # same length: alphabetical, " " < "-"
    assert cluster([NameStat("Rutte", 1)])[0].canonical == "Rutte"


def test_cluster_sums_duplicates_and_sorts_by_mentions() -> None:
    clusters = cluster([NameStat("Mark Rutte", 1), NameStat("Lloyd Austin", 2)] * 2)
    assert [(c.canonical, c.mentions) for c in clusters] == [
        ("Lloyd Austin", 4),
        ("Mark Rutte", 2),
    ]


def test_cluster_surname_only_spellings_without_a_full_name_stay_together() -> None:
    clusters = cluster([NameStat("Zelenskyy", 2), NameStat("Zelensky", 1), NameStat("Putin", 1)])
    assert [c.names for c in clusters] == [("Zelenskyy", "Zelensky"), ("Putin",)]


@pytest.mark.parametrize("seed", range(5))
def test_cluster_does_not_depend_on_input_order(seed: int) -> None:
    names = [NameStat(n, i % 4 + 1) for i, n in enumerate(PEOPLE)] + [
        NameStat("Volodymyr Zelenskiy", 2),
        NameStat("Zelensky", 3),
        NameStat("Kim Jong Un", 1),
        NameStat("Kim", 2),
        NameStat("Rutte", 2),
        NameStat("Yoon Suk-Yeol", 1),
        NameStat("Umerov", 1),
    ]
    shuffled = names[:]
    random.Random(seed).shuffle(shuffled)
    assert cluster(shuffled) == cluster(names)


def test_merges_and_splits_are_applied() -> None:
    names = [NameStat("Volodymyr Zelensky", 3), NameStat("Zelensky", 2), NameStat("Zelenski", 1)]
    apart = by_name(cluster(names, splits=[("Volodymyr Zelensky", "Zelensky")]))
    assert apart["Zelensky"].names == ("Zelensky",)
    assert apart["Zelenski"].canonical == "Volodymyr Zelensky"
    assert cluster(names, splits=[("Zelensky", "Volodymyr Zelensky")]) == cluster(
        names, splits=[("Volodymyr Zelensky", "Zelensky")]
    )
    two = [NameStat("Kim Jong-un", 2), NameStat("Kim", 1), NameStat("Kim Yo-jong", 1)]
    merged = by_name(cluster(two, merges=[("Kim", "Kim Jong-un")]))
    assert merged["Kim"] is merged["Kim Jong-un"] is not merged["Kim Yo-jong"]


def test_editors_overrides_ignore_unknown_names_and_order() -> None:
    names = [NameStat("Mark Rutte", 2), NameStat("Rutte", 1), NameStat("Lloyd Austin", 1)]
    edits = {
        "merges": [("Lloyd Austin", "Mark Rutte"), ("Nobody", "Rutte")],
        "splits": [("Rutte", "Mark Rutte"), ("Mark Rutte", "Someone")],
    }
    reversed_edits = {key: [pair[::-1] for pair in pairs[::-1]] for key, pairs in edits.items()}
    result = cluster(names, **edits)
    assert result == cluster(names[::-1], **reversed_edits)
    found = by_name(result)
    assert found["Lloyd Austin"] is found["Mark Rutte"]
    assert found["Rutte"].names == ("Rutte",)


@pytest.mark.parametrize(
    ("query", "best"),
    [
        ("zelenski", {"Zelenskyy", "Volodymyr Zelensky"}),
        ("Zelenskiy", {"Zelenskyy", "Volodymyr Zelensky"}),
        ("zelensky", {"Zelenskyy", "Volodymyr Zelensky"}),
        ("Volodymir Zelenski", {"Volodymyr Zelensky"}),
        ("president zelensky", {"Zelenskyy", "Volodymyr Zelensky"}),
        ("rutte", {"Mark Rutte"}),
        ("kim jong un", {"Kim Jong-un"}),
        ("Umerov", {"Rustem Umerov"}),
        ("Umarov", {"Rustem Umerov"}),
        ("choe son-hui", {"Choe Son Hui"}),
        ("putin", {"Vladimir Putin"}),
    ],
)
def test_match_query_forgives_misspellings_and_partial_names(query: str, best: set[str]) -> None:
    hits = match_query(query, PEOPLE)
    assert hits[0][0] in best
    assert all(score >= 80 for _, score in hits)
    assert [s for _, s in hits] == sorted((s for _, s in hits), reverse=True)


def test_match_query_ranks_the_person_above_a_namesake() -> None:
    hits = dict(match_query("kim jong un", PEOPLE, cutoff=0))
    assert hits["Kim Jong-un"] == 100
    assert hits["Kim Yo-jong"] < 80


def test_match_query_returns_nothing_for_someone_else() -> None:
    without_putin = [n for n in PEOPLE if n != "Vladimir Putin"]
    assert match_query("Putin", without_putin) == []
    assert match_query("Biden", PEOPLE) == []
    assert match_query("", PEOPLE) == []
    assert match_query("zelensky", []) == []


def test_match_query_limit_and_duplicates() -> None:
    hits = match_query("zelensky", ["Zelensky", "Zelensky", "Volodymyr Zelensky"], limit=1)
    assert hits == [("Zelensky", 100.0)]


def test_suggest_is_looser_but_still_ranked() -> None:
    assert suggest("Zelenskyj", PEOPLE)[0] in {"Zelenskyy", "Volodymyr Zelensky"}
    assert suggest("Rute", PEOPLE)[0] == "Mark Rutte"
    assert suggest("Biden", PEOPLE) == []
    assert len(suggest("Kim", PEOPLE, limit=1)) == 1


def test_cluster_is_fast_for_50000_names() -> None:
    rng = random.Random(7)
    syllables = [c + v for c in "kmnstvrdzlbhg" for v in "aeiou"] + ["sk", "ov", "ly"]

    def word(n: int) -> str:
        return "".join(rng.choice(syllables) for _ in range(n)).capitalize()

    given = [word(2) for _ in range(800)]
    surnames = [word(rng.randint(2, 4)) for _ in range(12_000)]
    names: set[str] = set()
    while len(names) < 50_000:
        surname = rng.choice(surnames)
        names.add(surname if rng.random() < 0.2 else f"{rng.choice(given)} {surname}")
    started = time.perf_counter()
    clusters = cluster([NameStat(n, 1) for n in sorted(names)])
    assert time.perf_counter() - started < 60  # ~3 s here; an all-pairs scan takes hours
    assert sum(c.mentions for c in clusters) == 50_000
