"""Who said it (issue 15): attribution of figures and passages, on sentences written for the
rules, on documents of our own in six formats (bench/said_corpus.py), on the shared corpus,
and as a user sees it: the CLI's --json contract and Slack's Block Kit over the wire."""

from __future__ import annotations

from pathlib import Path

import pytest

from bench.attribution import precision_recall, score
from handlers.analysis.attribution import attribute
from handlers.analysis.figures import extract_figures
from handlers.analysis.people import extract_people
from store import Scope, Store
from tests.slack_wire import Wire, index


def speakers(*paragraphs: str) -> list[tuple[str, str | None, str | None]]:
    """(figure, source text, person) of every figure, each argument one paragraph."""
    sentences, numbers = [], []
    for n, paragraph in enumerate(paragraphs):
        for sentence in paragraph.split("\n"):
            sentences.append(sentence)
            numbers.append(n)
    figures = [extract_figures(s) for s in sentences]
    found = attribute(
        sentences, numbers, extract_people(sentences), [[f.start for f in fs] for fs in figures]
    )
    return [
        (f.text, said.text if said else None, said.person or None if said else None)
        for fs, a in zip(figures, found, strict=True)
        for f, said in zip(fs, a.figures, strict=True)
    ]


@pytest.mark.parametrize(
    ("sentence", "source"),
    [
        ("According to port officials, 40 cranes were damaged.", "port officials"),
        ("The storm damaged 40 cranes, according to the port authority.", "the port authority"),
        (
            "The storm damaged 40 cranes, the harbour master's office said.",
            "the harbour master's office",
        ),
        ("Rescuers reported that 40 cranes were damaged.", "Rescuers"),
        ("The World Health Organization estimated 300 deaths.", "The World Health Organization"),
        ("Local authorities put the number of damaged homes at 1,200.", "Local authorities"),
        ("The storm damaged 40 cranes, said the port authority.", "the port authority"),
        (
            "Intelligence reports from Norway and Finland indicate 3,000 troops.",
            "Intelligence reports from Norway and Finland",
        ),
        ("The Red Cross warned that 900 families had no shelter.", "The Red Cross"),
        ("Officials denied that 40 cranes were damaged.", "Officials"),
        (
            "A port official who asked not to be named said 40 cranes were damaged.",
            "A port official",
        ),
        ("Officials who visited the port said 40 cranes were damaged.", "Officials"),
        ("GDANSK - The port authority said 40 cranes were damaged.", "The port authority"),
        ("GDANSK — The port authority said 40 cranes were damaged.", "The port authority"),
    ],
)
def test_cues(sentence: str, source: str) -> None:
    assert [s for _, s, _ in speakers(sentence)] == [source]


@pytest.mark.parametrize(
    "sentence",
    [
        "The storm damaged 40 cranes in the port.",
        "The reported damage to 40 cranes was repaired.",  # "reported" as an adjective
        "Media reports of 40 damaged cranes spread quickly.",  # "reports" as a noun
        "It said 40 cranes were damaged.",  # "it" with no source before it
        "He said 40 cranes were damaged.",  # "he" with no one named before
        "Despite the rain, 40 cranes said to be damaged were repaired.",  # no source
    ],
)
def test_no_attribution_is_none(sentence: str) -> None:
    assert [s for _, s, _ in speakers(sentence)] == [None]


def test_pronouns_and_surnames_are_the_paragraphs_last_speaker() -> None:
    found = speakers(
        "Mayor Ilse Brandt spoke at the shelter.\nShe said 2,400 homes were flooded.\n"
        "Brandt estimated that repairs would cost 5 million euros.",
        "He said 300 soldiers had arrived.",  # a new paragraph: no one to stand for
    )
    assert [(s, p) for _, s, p in found] == [
        ("Ilse Brandt", "Ilse Brandt"),
        ("Brandt", "Ilse Brandt"),
        (None, None),
    ]


def test_a_headline_gives_its_speaker_before_a_colon() -> None:
    found = speakers("Anneli Saar: 14 cranes lost in the storm\nOlek Brandt said so.")
    assert found == [("14 cranes", "Anneli Saar", "Anneli Saar")]


def test_a_spokeswoman_speaks_for_her_office() -> None:
    found = speakers("The ministry's spokeswoman, Dana Kurz, said 96 vessels had left.")
    assert found == [("96 vessels", "The ministry's spokeswoman, Dana Kurz", "Dana Kurz")]


def test_each_figure_takes_the_cue_governing_it() -> None:
    found = speakers(
        "Officials said 300 people had died, while Ukraine puts the toll at 1,100."
        "\n500 homes burned, the fire service said; another 20 were saved."
    )
    assert [(f, s) for f, s, _ in found] == [
        ("300 people", "Officials"),
        ("1,100", "Ukraine"),
        ("500 homes", "the fire service"),
        ("20", None),
    ]


def test_precision_and_recall_on_our_documents(tmp_path: Path) -> None:
    scored = score(tmp_path / "said")
    assert all(s.found is not None or s.expected.speaker is None or True for s in scored)
    missing = [s.figure for s in scored if s.found is None and s.expected.speaker]
    precision, recall, given, having = precision_recall(scored)
    print(f"said_by precision {precision:.3f} ({given}), recall {recall:.3f} ({having})")
    assert len({s.document for s in scored}) == 6
    assert precision >= 0.9, [s for s in scored if s.found and not s.correct]
    assert recall >= 0.8, missing


CORPUS_SPEAKERS = [
    ("at least 10,000", "US officials", "unnamed"),
    (
        "up to 12,000",
        "Intelligence reports from the United States, South Korea, and Ukraine",
        "unnamed",
    ),
    (
        "between 8,000 and 12,000",
        "Intelligence reports from the United States, South Korea, and Ukraine",
        "unnamed",
    ),
    ("around 8,000", "Reports", "unnamed"),
    ("around 11,000", "Ukraine", "organisation"),
    ("approximately 11,000", "Ukrainian President Volodymyr Zelensky", "person"),
    ("exceeded half a million", "officials", "unnamed"),
]


def test_corpus_troop_figures_say_who_gives_them(cli, corpus: Path) -> None:
    assert cli("index", str(corpus))[0] == 0
    answer = cli.json("figures", "troops", "--limit", "10")
    results = answer["results"] + answer["also"]  # casualties: "also in these passages"
    said = {r["text"]: r["said_by"] for r in results}
    for figure, text, kind in CORPUS_SPEAKERS:
        found = [s for t, s in said.items() if t.startswith(figure)]
        assert found and found[0] == {
            "text": text,
            "person": "Volodymyr Zelensky" if kind == "person" else None,
            "kind": kind,
        }, (figure, said)
    assert [s for t, s in said.items() if t.startswith("Approximately 10,000")] == [None]


def test_corpus_claim_and_who_as_json(cli, corpus: Path) -> None:
    cli("index", str(corpus))
    answer = cli.json("claim", "Zelensky says North Korea sent 11,000 soldiers to Kursk")
    notes = [r["note"] for r in answer["results"]]
    assert "Zelensky says approximately 11,000 North Korean soldiers" in notes
    zelensky = [r for r in answer["results"] if r["said_by"] and r["said_by"]["person"]]
    assert zelensky[0]["said_by"]["person"] == "Volodymyr Zelensky"
    assert zelensky[0]["figures"][0]["said_by"]["kind"] == "person"
    person = cli.json("who", "Zelenskyy")["person"]
    assert any("approximately 11,000" in s["excerpt"] for s in person["said"])
    assert set(person["said"][0]) == {"excerpt", "figures", "document"}


WIRE_COPY = """Harbour storm damage mounts
By Ria Holm
Published May 12, 2025

Port director Anneli Saar said 14 cranes were damaged in the storm.
About 220 dock workers were sent home, her spokeswoman, Mira Tamm, said.
The harbour handled 1,800 ships last year.
"""


def test_slack_answers_name_the_speaker(wire: Wire, store: Store) -> None:
    index(store, "harbour.txt", WIRE_COPY)
    figures = wire.answer_to(wire.command("/figures", "cranes")).shown()
    assert "*14 cranes* — Anneli Saar (Port director)" in figures
    workers = wire.answer_to(wire.command("/figures", "workers")).shown()
    assert "— Mira Tamm (spokeswoman)" in workers
    claim = wire.answer_to(wire.command("/claim", "the storm damaged 14 cranes")).shown()
    assert "Saar says 14 cranes" in claim
    assert "said by Anneli Saar (Port director)" in claim
    who = wire.answer_to(wire.command("/who", "Saar")).shown()
    assert "*On record:*" in who and "said “Port director Anneli Saar said 14 cranes" in who
    ships = wire.answer_to(wire.command("/figures", "ships")).shown()
    assert "*1,800 ships* — *Harbour storm damage mounts*" in ships  # no one named: no speaker


def test_an_archive_made_before_attribution_gains_the_columns(db_url: str) -> None:
    from sqlalchemy import create_engine, text

    Store(db_url).close()
    engine = create_engine(db_url)
    with engine.begin() as conn:  # as a database from before issue 15 was
        conn.execute(text("DROP INDEX ix_passages_said"))
        for column in ("said_text", "said_kind", "said_person", "said_key"):
            conn.execute(text(f"ALTER TABLE passages DROP COLUMN {column}"))
        for column in ("said_text", "said_kind", "said_person"):
            conn.execute(text(f"ALTER TABLE figures DROP COLUMN {column}"))
    store = Store(db_url)
    index(store, "harbour.txt", WIRE_COPY)
    with engine.connect() as conn:
        rows = conn.execute(text("SELECT said_text FROM figures WHERE said_text IS NOT NULL"))
        found = {row[0] for row in rows}
    store.close()
    engine.dispose()
    assert "Port director Anneli Saar" in found


CONVOY = {
    "kyiv.txt": "Convoy count\n\nAbout 300 trucks crossed on Monday, the border guard service "
    "said.\n",
    "minsk.txt": "Convoy count, again\n\nCustoms officer Jana Holub said 450 trucks crossed.\n",
}


def test_the_digest_lists_each_disputed_value_with_its_speaker(store: Store) -> None:
    import datetime as dt

    from bot.render.digest import sections
    from handlers.digest import digest

    for name, text in CONVOY.items():
        index(store, name, text)
    now = dt.datetime.now(dt.UTC)
    found = digest(store, Scope(), now - dt.timedelta(hours=1), now + dt.timedelta(minutes=1))
    (group,) = [g for g in found.disagreements if g.spread.counts.endswith("trucks")]
    assert [m.said_by.text for m in group.values] == [
        "the border guard service",
        "Customs officer Jana Holub",
    ]
    assert group.spread.extremes == (
        "lowest from the border guard service; highest from Jana Holub (Customs officer)"
    )
    lines = "\n".join(line for part in sections(found) for line in part)
    # the credit after a value reads as in /figures: " — speaker · source"
    assert "about 300 — the border guard service · Convoy count" in lines
    assert "450 — Jana Holub (Customs officer) · Convoy count, again" in lines
