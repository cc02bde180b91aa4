"""Issue 14, reading: sentences across hard line breaks, tables with their header, and
published dates from the text first, on fresh documents (tests/fresh_docs.py)."""

from __future__ import annotations

from datetime import date, timedelta
from pathlib import Path

import docx
import pytest

from handlers.analysis.sentences import split_sentences
from handlers.document import TEMPLATE_DATES, file_date
from handlers.ingest import indexed_text
from handlers.readers import read_document
from tests.fresh_docs import DATES, ELECTION_HTML, wrapped, write_all


@pytest.fixture(scope="module")
def docs(tmp_path_factory: pytest.TempPathFactory) -> dict[str, Path]:
    return write_all(tmp_path_factory.mktemp("fresh"))


def sentences(path: Path) -> list[str]:
    return [s.text for s in split_sentences(indexed_text(read_document(path)))]


@pytest.mark.parametrize("name", sorted(DATES))
def test_published_date_is_the_printed_one(docs: dict[str, Path], name: str) -> None:
    assert read_document(docs[name]).published == DATES[name]


def test_wrapped_wire_copy_keeps_whole_sentences(docs: dict[str, Path]) -> None:
    found = sentences(docs["flood"])
    assert "The regional governor said 60 people had died in the flood." in found
    assert (
        "His office later withdrew the figure, saying some of the missing had been found alive."
        in found
    )
    assert not any(s.endswith(("the Sarn", "homes", "rescued")) for s in found)


def test_markdown_lists_headings_and_tables_end_sentences(docs: dict[str, Path]) -> None:
    found = sentences(docs["quake"])
    assert "What we know" in found  # a heading stands alone
    assert "Nearly half of the buildings in the old town were damaged." in found
    assert "Health ministry: 1,204 deaths; 3,400 injured." in found
    assert "Red Crescent: 1,350 deaths; 4,100 injured." in found
    assert (
        "More than 600 people remain missing under the rubble of collapsed apartment blocks."
        in found
    )


def test_docx_table_rows_are_read_with_their_header(docs: dict[str, Path]) -> None:
    found = sentences(docs["strike"])
    assert "St Anne's: 1,100 nurses; 420 beds." in found
    assert "Northgate: 800 nurses; 310 beds." in found


def test_paragraph_per_line_text_keeps_its_lines(tmp_path: Path) -> None:
    long = "The council met for five hours and voted on the budget " * 6
    text = f"Budget night\n{long.strip()}\nResults by ward\nThe north ward voted first."
    path = tmp_path / "night.txt"
    path.write_text(text, encoding="utf-8")
    assert read_document(path).text.split("\n") == text.split("\n")[1:]


def test_a_lowercase_line_continues_the_sentence(tmp_path: Path) -> None:
    path = tmp_path / "short.txt"
    path.write_text("Short note\nThe ferry carried 40\npassengers on Sunday.\n", encoding="utf-8")
    assert read_document(path).text == "The ferry carried 40 passengers on Sunday."


def test_wrapped_text_at_any_width_reads_the_same(tmp_path: Path) -> None:
    body = (
        "Rescue teams reached the village of Ostrov on Friday after a landslide cut the "
        "only road. They found 17 families sheltering in the school. A second team is "
        "expected on Saturday with food, blankets and medicine for about 200 people."
    )
    expected = None
    for width in (50, 64, 72, 80):
        path = tmp_path / f"slide-{width}.txt"
        path.write_text(f"Landslide cuts off Ostrov\n\n{wrapped(body, width)}\n", encoding="utf-8")
        found = sentences(path)[1:]
        expected = expected or found
        assert found == expected
    assert len(expected) == 3


def test_file_dates_that_are_not_publication_dates() -> None:
    today = date(2025, 7, 1)
    assert file_date(today, today) is None  # made (or exported) the day it is indexed
    assert file_date(next(iter(TEMPLATE_DATES)), today) is None
    assert file_date(today - timedelta(days=3), today) == today - timedelta(days=3)
    assert file_date(None, today) is None


def test_docx_with_template_date_and_no_printed_date_has_no_date(tmp_path: Path) -> None:
    document = docx.Document()  # the template's created date, 2013-12-23, left as it is
    document.add_paragraph("Ward councillors met residents about the new bus routes.")
    path = tmp_path / "notes.docx"
    document.save(path)
    assert read_document(path).published is None


def test_html_metadata_date_when_the_page_prints_none(tmp_path: Path) -> None:
    path = tmp_path / "results.html"
    path.write_text(ELECTION_HTML.replace("<p>Published 2 May 2025</p>", ""), encoding="utf-8")
    assert read_document(path).published == date(2025, 5, 5)


@pytest.mark.parametrize(
    "opening",
    [
        "HARBOURTON, 12 May 2025 (Coast Wire) - The port reopened.",
        "HARBOURTON, May 12, 2025 — The port reopened.",
        "2025-05-12: The port reopened.",
    ],
)
def test_a_dateline_dates_the_story(tmp_path: Path, opening: str) -> None:
    path = tmp_path / "port.txt"
    path.write_text(f"Port reopens\n\n{opening} Ships queued.\n", encoding="utf-8")
    assert read_document(path).published == date(2025, 5, 12)
