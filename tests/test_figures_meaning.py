"""/figures by meaning: a topic the lexicon does not know finds the figures of its synonym
("inmates" -> prisoners), or of a measure ("jailed" -> arrested), and says so in every
transport; a counterpart or a different thing is never pulled in; a topic the lexicon knows,
and every topic with the model off, is answered as before.

The documents are our own, in five formats (txt wire copy, a markdown memo, an HTML page,
a DOCX and a PDF); the model is the test run's one (tests/conftest.py `embedder`).
"""

from __future__ import annotations

from datetime import datetime
from pathlib import Path

import pytest

from handlers.embedding import MEANING
from handlers.figures import figures
from handlers.meaning import embed_missing
from store import Scope, Store
from tests.conftest import Cli
from tests.fresh_docs import write_formats
from tests.slack_wire import Wire, index

PRISON_TXT = """\
Ketterby prison report

KETTERBY, 4 February 2025 (Shire Wire) - About 1,150 prisoners were held at Ketterby
jail at the end of January, the inspectorate said on Tuesday.

The inspectorate counted 210 guards on the payroll, and said 35 prisoners had been moved
to other jails after a riot.
"""
PLANT_MD = """\
# Osterly plant: desk memo

Published 12 March 2025

The Osterly assembly plant has roughly 4,300 employees, the company said, and plans to
add 600 jobs by the autumn.

Around 800 tenants of the company's housing signed a petition against rent rises.
"""
CLINIC_HTML = """\
<html><head><title>Dunmore clinic under strain</title></head><body><article>
<h1>Dunmore clinic under strain</h1>
<p>Published 20 April 2025</p>
<p>The Dunmore clinic treated some 2,300 patients in March, its director said, with only
40 nurses on its wards.</p>
<p>Some 30 shops on the high street closed in the same month.</p>
</article></body></html>
"""
ASSEMBLY_PARAGRAPHS = [
    "Valemark assembly vote",
    "2 May 2025",
    "Some 120 legislators backed the water bill on Thursday, the speaker's office said.",
    "The bill passed after a debate of nine hours.",
]
MARCH_PDF_LINES = [
    "Brennick march: police log",
    "7 June 2025",
    "Officers arrested 45 protesters near the bridge after the march, police said.",
    "The march drew a crowd the organisers put at several thousand.",
]


def write_docs(folder: Path) -> Path:
    return write_formats(
        folder,
        {
            "ketterby-prison.txt": PRISON_TXT,
            "osterly-plant.md": PLANT_MD,
            "dunmore-clinic.html": CLINIC_HTML,
            "valemark-assembly.docx": ASSEMBLY_PARAGRAPHS,
            "brennick-march.pdf": MARCH_PDF_LINES,
        },
        datetime(2025, 6, 7, 12, 0).astimezone(),
    )


@pytest.fixture
def archive(cli: Cli, tmp_path: Path, embedder) -> Cli:
    code, _, err = cli("index", str(write_docs(tmp_path / "docs")), "--no-embed")
    assert code == 0, err
    return cli


def groups(answer) -> list[tuple[str, str]]:
    return [(g.counts, g.by_meaning) for g in answer.summary.groups]


@pytest.mark.parametrize(
    ("topic", "counts", "note"),
    [
        ("inmates", "prisoners", "inmates ≈ prisoners"),
        ("lawmakers", "legislators", "lawmakers ≈ legislators"),
        ("workers", "employees", "workers ≈ employees"),
        ("jailed", "protesters arrested", "jailed ≈ arrested"),  # a measure
    ],
)
def test_a_topic_the_lexicon_does_not_know_is_matched_by_meaning(
    archive: Cli, store: Store, topic: str, counts: str, note: str
) -> None:
    assert groups(figures(store, topic, Scope())) == [(counts, note)]


def test_meaning_never_pulls_in_a_counterpart_or_another_thing(archive: Cli, store: Store):
    """Tenants are not landlords, patients and nurses not doctors, jobs not workers, shops
    not shoppers, and "jobless" is not "jobs"; nothing is better than a wrong figure."""
    for topic in ("landlords", "doctors", "jobless", "profits", "shoppers"):
        answer = figures(store, topic, Scope())
        assert answer.results == (), topic
        assert answer.message == f"No figures on {topic!r} in 5 documents."
    workers = figures(store, "workers", Scope())
    assert {f.counts for f in workers.results} == {"employee"}


def test_a_topic_the_lexicon_knows_is_answered_by_it_alone(archive: Cli, store: Store):
    prisoners = figures(store, "prisoners", Scope())
    assert groups(prisoners) == [("prisoners", "")]
    assert [f.value for f in prisoners.results] == [35, 1150]


def test_with_the_model_off_the_answer_is_todays(
    archive: Cli, store: Store, monkeypatch: pytest.MonkeyPatch
) -> None:
    on = figures(store, "prisoners", Scope())
    monkeypatch.setattr(MEANING, "state", "unavailable")
    assert figures(store, "inmates", Scope()).message == "No figures on 'inmates' in 5 documents."
    assert figures(store, "prisoners", Scope()) == on


def test_the_cli_says_what_meaning_matched_in_text_and_json(archive: Cli) -> None:
    code, out, _ = archive("figures", "inmates")
    assert code == 0
    line = out.splitlines()[1]
    assert line.startswith("* prisoners: 35 – 1,150 across 1 source (")
    assert line.endswith(" (by meaning: inmates ≈ prisoners)")
    group = archive.json("figures", "inmates")["summary"]["groups"][0]
    assert (group["counts"], group["by_meaning"]) == ("prisoners", "inmates ≈ prisoners")
    assert archive.json("figures", "prisoners")["summary"]["groups"][0]["by_meaning"] == ""


def test_slack_says_what_meaning_matched(archive: Cli, wire: Wire) -> None:
    sent = wire.command("/figures", "lawmakers")
    assert sent.status == 200
    shown = wire.answer_to(sent).shown()
    assert "• legislators: 120 across 1 source _(by meaning: lawmakers ≈ legislators)_" in shown


def test_an_empty_or_blank_topic_gets_one_line(archive: Cli, store: Store) -> None:
    code, _, err = archive("figures", "   ")
    assert code == 2 and err.strip().startswith("usage: /figures TOPIC")
    assert figures(store, " \u200b ", Scope()).results == ()


def test_the_home_tab_shows_meaning_coverage(archive: Cli, store: Store, wire: Wire, embedder):
    from tests.test_slack_archive import home_opened, view_text

    embed_missing(store, embedder)
    embedded = store.documents.stats(Scope()).passages
    index(store, "late.txt", "Late note\n\nThe ferry ran 14 crossings on Sunday.\n")
    total = store.documents.stats(Scope()).passages
    assert embedded < total
    assert f"meaning: {embedded:,} of {total:,} passages" in view_text(home_opened(wire))
