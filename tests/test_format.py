"""handlers/format.py writes a figure and a source once for every transport: these pin
each piece on figures of our own (extracted from sentences, as ingest does) and a Style
that marks up the way a transport would."""

from __future__ import annotations

from dataclasses import replace

import pytest

from handlers import format as fmt
from handlers.analysis.figures import extract_figures
from handlers.answers import FigureOut, SaidBy, Source

WIRE = Source("Ferry capsizes", "/wire.txt", "Coastline Wire", "Ines Varga", "2026-05-12")
UNDATED = Source("", "/notes/ferry.md", None, None, None, retracted="wrong ferry")


def found(sentence: str, status: str = "") -> FigureOut:
    (figure,) = extract_figures(sentence)
    return FigureOut.of(replace(figure, status=status))


@pytest.mark.parametrize(
    ("sentence", "stated", "written"),
    [
        ("At least 40 were killed.", "at least 40", "At least 40"),
        (
            "Between 8,000 and 12,000 troops crossed.",
            "8,000–12,000",
            "Between 8,000 and 12,000 troops",
        ),
        ("Around 11,000 soldiers arrived.", "about 11,000", "Around 11,000 soldiers"),
        ("Repairs will cost up to $2,000,000.", "up to $2,000,000", "up to $2,000,000"),
        ("About 30% of the passengers were children.", "about 30%", "About 30% of the passengers"),
        ("10,000 or more troops crossed.", "at least 10,000", "10,000 or more troops (at least)"),
        ("Thousands of residents gathered.", "Thousands of residents", "Thousands of residents"),
    ],
)
def test_a_figure_stated_and_as_written(sentence: str, stated: str, written: str) -> None:
    figure = found(sentence)
    assert (fmt.stated(figure), fmt.as_written(figure)) == (stated, written)


def test_a_figure_with_its_status() -> None:
    figure = found("The harbour master said 38 people died.", status="withdrawn")
    assert fmt.valued(figure) == "38 (withdrawn)"
    assert fmt.valued(found("At least 40 were killed.")) == "at least 40"


def test_a_source_line_names_outlet_author_and_date_once() -> None:
    assert fmt.source_line(WIRE) == "Ferry capsizes (Coastline Wire, Ines Varga, 2026-05-12)"
    same = Source("Coastline Wire", "/a.txt", "Coastline Wire", "Coastline Wire", None)
    assert fmt.source_line(same) == "Coastline Wire (no date)"
    assert fmt.source_line(UNDATED) == "/notes/ferry.md (no date) [retracted: wrong ferry]"


def test_a_credited_figure_names_who_gives_it() -> None:
    figure = FigureOut.of(
        extract_figures("Police chief Hana Oduya said around 45 people were killed.")[0],
        SaidBy("Police chief Hana Oduya", "Hana Oduya", "person"),
    )
    assert fmt.quoted(figure, WIRE) == (
        "around 45 people were killed — Hana Oduya (Police chief) · "
        "Ferry capsizes (Coastline Wire, Ines Varga, 2026-05-12)"
    )
    assert fmt.credited("x", None, UNDATED).startswith("x — /notes/ferry.md (no date)")


def test_a_style_marks_up_every_piece_and_only_the_pieces() -> None:
    loud = fmt.Style(
        text=str.upper,
        strong=lambda s: f"*{s}*",
        aside=lambda s: f" _({s})_",
        title=lambda doc: f"<{doc.path}>",
        details=lambda parts: " · " + " · ".join(parts),
        retracted=lambda note: f" !{note}!",
    )
    figure = found("The harbour master said 38 people died.", status="disputed")
    assert fmt.quoted(figure, UNDATED, loud) == (
        "*38 PEOPLE* _(DISPUTED)_ — </notes/ferry.md> · NO DATE !WRONG FERRY!"
    )


def test_a_chart_row_names_a_source_in_a_few_words() -> None:
    assert fmt.short_source(WIRE, 42) == "Coastline Wire (2026-05-12)"
    assert fmt.short_source(UNDATED, 8) == "/notes/… [retracted]"
