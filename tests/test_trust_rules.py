"""The rules behind tests/test_trust_sources.py, one sentence each, with the sentences that
must not trigger them: an organisation word that is no apposition's head, a clause that is
no role, a "treated" or "admitted" that is no care in hospital."""

from __future__ import annotations

import pytest

from handlers.analysis.attribution import attribute
from handlers.analysis.figures import extract_figures
from handlers.analysis.people import extract_people
from handlers.analysis.people_cues import relative_role


def sources(sentence: str) -> list[tuple[str, str | None, str | None]]:
    """(figure, source text, source kind) of each figure of one sentence."""
    figures = extract_figures(sentence)
    (found,) = attribute([sentence], [0], extract_people([sentence]), [[f.start for f in figures]])
    return [
        (f.text, said.text if said else None, said.kind if said else None)
        for f, said in zip(figures, found.figures, strict=True)
    ]


@pytest.mark.parametrize(
    ("sentence", "source", "kind"),
    [
        (
            "Orrin Logistics, a haulier, said 80 lorries were stuck.",
            "Orrin Logistics",
            "organisation",
        ),
        (
            "Talbot Foods, the group that owns the bakery, said 35 jobs would go.",
            "Talbot Foods",
            "organisation",
        ),
        ("Prices rose, the province said, by 4 points.", "the province", "unnamed"),
        ("The borough said 12 homes were condemned.", "The borough", "unnamed"),
        (
            "Ana Reyes, a party official, said 300 members had left.",
            "Ana Reyes, a party official",
            "person",
        ),
        (
            "Dana Ridge, the company's founder, said 50 staff would stay.",
            "Dana Ridge, the company's founder",
            "person",
        ),
        ("Nadia Sorel, who arrived late, said 9 buses were cancelled.", "Nadia Sorel", "person"),
        (
            "Nadia Sorel, who leads the flood office and the fire service, said 9 homes burned.",
            "Nadia Sorel",
            "person",
        ),
        ("Early reports said 20 boats had sunk.", "Early reports", "unnamed"),
        ("The county, which runs the shelters, said 400 beds were free.", "The county", "unnamed"),
        (
            "The factory, a major employer in town, said 300 jobs were at risk.",
            "The factory",
            "unnamed",
        ),
        (
            "The county's coroner, Marta Kolar, said 7 bodies were found.",
            "The county's coroner, Marta Kolar",
            "person",
        ),
    ],
)
def test_who_speaks(sentence: str, source: str, kind: str) -> None:
    assert [s[1:] for s in sources(sentence)] == [(source, kind)]


@pytest.mark.parametrize(
    "sentence",
    [
        "Reports of flooding reached 4 villages.",
        "The county road was shut for 6 hours.",
        "The town hall clock stopped at 12 minutes past.",
    ],
)
def test_no_one_speaks(sentence: str) -> None:
    assert sources(sentence) and all(s[1] is None for s in sources(sentence))


def test_people_extraction_drops_companies_described_as_such() -> None:
    names = {m.name for m in extract_people(["Talbot Foods, the group that owns it, said so."])}
    assert names == set()
    kept = extract_people(["Dana Ridge, the company's founder, said so."])
    assert [m.name for m in kept] == ["Dana Ridge"]


@pytest.mark.parametrize(
    ("sentence", "title"),
    [
        ("Kowal's deputy, Lena Ortiz, said so.", "Kowal's deputy"),
        ("On Tuesday Kowal's deputy, Lena Ortiz, said so.", "Kowal's deputy"),
        ("Hallett Mining's spokeswoman, Ana Reyes, said so.", "Hallett Mining's spokeswoman"),
        ("The mayor's spokesman, Ana Reyes, said so.", "spokesman"),
        ("Kowal's daughter, Ana Reyes, said so.", ""),  # a relative, not a role
    ],
)
def test_a_possessive_owner_stays_with_the_title(sentence: str, title: str) -> None:
    (found,) = [m for m in extract_people([sentence]) if m.name in ("Lena Ortiz", "Ana Reyes")]
    assert found.title == title


@pytest.mark.parametrize(
    ("sentence", "role"),
    [
        (
            "Ines Varga, who leads the regional flood office, said",
            "head of the regional flood office",
        ),
        ("Ines Varga, who chairs the parish council, said", "chair of the parish council"),
        ("Ines Varga, who heads Talbot Foods, said", "head of Talbot Foods"),
        ("Ines Varga, who is the county's chief engineer, said", "chief engineer"),
        ("Ines Varga, who leads the team, said", ""),  # which team?
        ("Ines Varga, who leads the search for survivors, said", ""),
        ("Ines Varga, who runs a bakery in town, said", ""),
        ("Ines Varga, who arrived on Tuesday, said", ""),
        ("Ines Varga, who is a mother of three, said", ""),
        ("Ines Varga, who is a local resident, said", ""),
        ("Ines Varga, who is a grandmother, said", ""),
    ],
)
def test_a_relative_clause_gives_a_role_only_when_it_names_one(sentence: str, role: str) -> None:
    assert relative_role(sentence, sentence.index(",")) == role


@pytest.mark.parametrize(
    ("sentence", "measure"),
    [
        ("Hospitals treated 85 people for burns.", "wounded"),
        ("At least 17 were hospitalised.", "wounded"),
        ("Some 40 passengers were taken to hospital.", "wounded"),
        ("Hospitals admitted 300 patients overnight.", "wounded"),
        ("The plant treated 4 million litres of water.", ""),
        ("About 200 guests were treated to a concert.", ""),
        ("The university admitted 3,000 students.", ""),
        ("The company admitted 12 safety breaches.", ""),
    ],
)
def test_care_in_hospital_is_the_injured_and_nothing_else(sentence: str, measure: str) -> None:
    (figure,) = extract_figures(sentence)
    assert figure.measure == measure


@pytest.mark.parametrize(
    ("sentence", "text", "hedge"),
    [
        ("Officials put the toll closer to 60.", "closer to 60", "about"),
        ("Officials put the toll nearer 60.", "nearer 60", "about"),
        ("Well over 500 people came.", "Well over 500 people", "more than"),
        ("Just shy of 900 votes were cast.", "Just shy of 900 votes", "nearly"),
        ('They counted "about 70" boats.', '"about 70" boats', "about"),
        ('The bill was "$2 billion".', "$2 billion", "exact"),
    ],
)
def test_hedges_and_quoted_figures(sentence: str, text: str, hedge: str) -> None:
    (figure,) = extract_figures(sentence)
    assert (figure.text, figure.hedge) == (text, hedge)
