"""Precision and recall of said_by on documents written for the rules (bench/said_corpus.py).

    .venv/bin/python -m bench.attribution [--verbose]

Each document is read and analysed as `factdesk index` does (handlers.ingest.prepare_file);
each figure's attribution is compared with the expected speaker: the same kind, and the same
person (by name key) or the same source text (case and a leading "the" aside). Precision is
over the figures given a speaker, recall over the figures that have one."""

from __future__ import annotations

import argparse
import tempfile
from dataclasses import dataclass
from pathlib import Path

from bench.said_corpus import Expected, write, write_held_out
from handlers.analysis.names import name_key
from handlers.ingest import prepare_file
from store import Attribution, Scope


@dataclass(frozen=True)
class Scored:
    document: str
    figure: str
    expected: Expected
    found: Attribution | None

    @property
    def correct(self) -> bool:
        return self.found is not None and same_speaker(self.expected, self.found)


def _plain(text: str) -> str:
    words = text.lower().replace("’", "'").split()
    return " ".join(words[1:] if words[:1] == ["the"] else words)


def same_speaker(expected: Expected, found: Attribution) -> bool:
    if expected.speaker is None or expected.kind != found.kind:
        return False
    if found.kind == "person":
        return name_key(found.person or "") == name_key(expected.speaker)
    found_text, wanted = _plain(found.text), _plain(expected.speaker)
    return found_text == wanted or found_text.startswith(wanted + ", ")  # "Frontex, the EU…"


def score(folder: Path, held_out: bool = False) -> list[Scored]:
    """Every expected figure with the attribution ingest gave it (a missing figure: None)."""
    scored = []
    for name, expected in (write_held_out if held_out else write)(folder).items():
        prepared = prepare_file(folder / name, Scope())
        figures = prepared.doc.figures if prepared.doc else ()
        for want in expected:
            hit = next((f for f in figures if f.text.startswith(want.figure)), None)
            if hit is None:
                hit = next((f for f in figures if want.figure in f.text), None)
            scored.append(Scored(name, want.figure, want, hit.said if hit else None))
    return scored


def precision_recall(scored: list[Scored]) -> tuple[float, float, int, int]:
    """(precision, recall, figures given a speaker, figures that have one)."""
    given = [s for s in scored if s.found is not None]
    having = [s for s in scored if s.expected.speaker is not None]
    right = sum(s.correct for s in given)
    precision = right / len(given) if given else 1.0
    recall = sum(s.correct for s in having) / len(having) if having else 1.0
    return precision, recall, len(given), len(having)


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--verbose", action="store_true", help="every figure, right or wrong")
    args = parser.parse_args()
    for held_out, name in ((False, "documents written with the rules"), (True, "held out")):
        with tempfile.TemporaryDirectory() as tmp:
            _report(name, score(Path(tmp) / "said", held_out), args.verbose)


def _report(name: str, scored: list[Scored], verbose: bool) -> None:
    for s in scored:
        if verbose or s.correct != (s.expected.speaker is not None):
            mark = "ok " if s.correct or (s.found is None and s.expected.speaker is None) else "BAD"
            got = f"{s.found.text!r} ({s.found.kind}, {s.found.person})" if s.found else "none"
            print(f"{mark} {s.document}: {s.figure!r}: expected {s.expected.speaker!r}, got {got}")
    precision, recall, given, having = precision_recall(scored)
    print(
        f"{name}: said_by on {len(scored)} figures in "
        f"{len({s.document for s in scored})} documents: "
        f"precision {precision:.3f} ({given} given a speaker), "
        f"recall {recall:.3f} ({having} have one)"
    )


if __name__ == "__main__":
    main()
