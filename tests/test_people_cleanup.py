"""People, cleaner (issue 15): organisations, vessels and slogans are not people; titles in
apposition are kept; a hyphenated surname finds its person. Documents written for these
tests, in several formats, ingested and asked as a user would."""

from __future__ import annotations

from pathlib import Path

import pytest

from handlers.analysis.people import extract_people
from handlers.ingest import ingest_paths
from handlers.who import who
from store import Scope, Store

SCOPE = Scope()


def people_of(*sentences: str) -> dict[str, str]:
    """name -> title of the people found in one document's sentences."""
    found: dict[str, str] = {}
    for m in extract_people(list(sentences)):
        found[m.name] = found.get(m.name) or m.title
    return found


@pytest.mark.parametrize(
    "sentences",
    [
        ("The Red Cross said 40 volunteers were hurt.", "Red Cross officials declined."),
        ("Save the Children said 1,200 pupils had lost their school.",),
        ("Water poured through the breach in the Nova Kakhovka Dam overnight.",),
        ("The tanker Eagle Dawn ran aground off the coast.",),
        ("The crew of HMS Resolute sent a distress call.", "USS Carl Vinson arrived later."),
        ("Volunteers from the Halden Rescue Trust reached the village.",),
    ],
)
def test_organisations_bodies_and_vessels_are_not_people(sentences: tuple[str, ...]) -> None:
    assert people_of(*sentences) == {}


@pytest.mark.parametrize(
    ("sentence", "name", "title"),
    [
        (
            "Her spokeswoman, Lina Farouk, said 300 people were missing.",
            "Lina Farouk",
            "spokeswoman",
        ),
        ("Lina Farouk, a spokeswoman for the ministry, said so.", "Lina Farouk", "spokeswoman"),
        ("Tarik Osei, the agency's chief negotiator, said no.", "Tarik Osei", "chief negotiator"),
        ("The UN aid coordinator Petra Lund visited the camp.", "Petra Lund", "UN aid coordinator"),
    ],
)
def test_titles_in_apposition_are_kept(sentence: str, name: str, title: str) -> None:
    assert people_of(sentence) == {name: title}


def test_an_apposition_that_is_no_title_adds_none() -> None:
    assert people_of("Anna Kowalska, who leads the team, said so.") == {"Anna Kowalska": ""}


def test_jan_is_a_given_name_not_january() -> None:
    assert people_of("Jan Nowak-Jezioranski wrote the memo.", "Nowak-Jezioranski agreed.") == {
        "Jan Nowak-Jezioranski": ""
    }


def _write(folder: Path) -> None:
    folder.mkdir()
    (folder / "memo.md").write_text(
        "# Emigre archive memo\n\nJan Nowak-Jezioranski wrote the first draft in 1952. "
        "Nowak-Jezioranski later said the broadcasts reached 20 million listeners.\n\n"
        "Piotr Nowak, an archivist, catalogued the letters.\n",
        encoding="utf-8",
    )
    (folder / "appeal.html").write_text(
        "<html><head><title>Flood appeal update</title></head><body><article>"
        "<h1>Flood appeal update</h1><p>The city's mayor, Ilse Brandt, said 2,400 homes were "
        "flooded. The Red Cross said its volunteers had reached 900 families.</p>"
        "<p>Save the Children warned that 300 schools stayed closed.</p></article>"
        "<footer><p>Together We Rebuild</p><p>Hope Starts Here</p></footer></body></html>",
        encoding="utf-8",
    )


@pytest.fixture
def archive(store: Store, tmp_path: Path) -> Store:
    _write(tmp_path / "docs")
    ingest_paths(store, [tmp_path / "docs"], SCOPE)
    return store


def test_a_hyphenated_surname_finds_its_person(archive: Store) -> None:
    answer = who(archive, "Nowak-Jezioranski", SCOPE)
    assert answer.person is not None and answer.person.name == "Jan Nowak-Jezioranski"
    assert answer.person.mentions == 2


@pytest.mark.parametrize(
    "name", ["Red Cross", "Save the Children", "Together We Rebuild", "Hope Starts Here"]
)
def test_bodies_and_slogans_are_no_one(archive: Store, name: str) -> None:
    assert who(archive, name, SCOPE).person is None


def test_the_mayor_keeps_her_apposition_title(archive: Store) -> None:
    answer = who(archive, "Brandt", SCOPE)
    assert answer.person is not None and answer.person.name == "Ilse Brandt"
    assert "mayor" in answer.person.titles


LONE = {
    "profile.md": "# Profile\n\nPresident Vladimir Putin met the envoys in Moscow.\n",
    "analysis.txt": "Kremlin gamble\n\nPutin might hope the troops will help. Prices will rise "
    "all the same. Lund will decide on the convoy.\n",
    "aid.txt": "Aid convoy\n\nPetra Lund, the UN aid coordinator, spoke first. "
    "Erik Lund of the Red Cross spoke next.\n",
}


@pytest.fixture
def lone(store: Store, tmp_path: Path) -> Store:
    for name, text in LONE.items():
        (tmp_path / name).write_text(text, encoding="utf-8")
    ingest_paths(store, [tmp_path / name for name in LONE], SCOPE)
    return store


def test_a_lone_surname_joins_the_one_known_person_of_that_name(lone: Store) -> None:
    answer = who(lone, "Putin", SCOPE)
    assert answer.person is not None and answer.person.name == "Vladimir Putin"
    assert (answer.person.mentions, answer.person.documents) == (2, 2)
    assert "Putin might hope the troops will help." in [m.excerpt for m in answer.results]


def test_a_lone_surname_of_two_known_people_or_of_none_is_left_alone(lone: Store) -> None:
    assert who(lone, "Prices", SCOPE).person is None
    found = who(lone, "Lund", SCOPE)
    people = [found.person, *found.others]
    assert {p.name for p in people if p} == {"Petra Lund", "Erik Lund"}
    assert all(p.mentions == 1 for p in people if p)
    listed = [p.name for p in people_list(lone)]
    assert "Lund" not in listed and "Prices" not in listed


def people_list(store: Store):
    from handlers.who import people

    return people(store, SCOPE).others


def test_the_digest_names_no_lone_surname_as_a_new_person(lone: Store) -> None:
    import datetime as dt

    from handlers.digest import digest

    now = dt.datetime.now(dt.UTC)
    found = digest(lone, SCOPE, now - dt.timedelta(hours=1), now + dt.timedelta(minutes=1))
    names = {p.name for p in (*found.new_people, *found.most_mentioned)}
    assert "Vladimir Putin" in names
    assert not names & {"Putin", "Prices", "Lund"}
