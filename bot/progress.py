"""Ingest progress: a bar on a terminal, plain lines otherwise, and the summary."""

from __future__ import annotations

import json
import sys
from collections.abc import Callable, Iterator
from contextlib import contextmanager
from dataclasses import asdict

from tqdm import tqdm

from handlers.ingest import FileOutcome, IngestSummary
from handlers.people import SavedPeople


def describe(outcome: FileOutcome) -> str:
    if outcome.status in ("skipped", "duplicate"):
        return f"skipped {outcome.path}: {outcome.reason}"
    if outcome.status == "unchanged":
        return f"unchanged {outcome.path}"
    origin = ", ".join(x for x in (outcome.source, outcome.published) if x)
    return (
        f"{outcome.status} {outcome.path}: {outcome.title!r}"
        f"{f' ({origin})' if origin else ''}, {outcome.passages} passages, "
        f"{outcome.people} people, {outcome.figures} figures"
    )


@contextmanager
def reporter(total: int, as_json: bool = False) -> Iterator[Callable[[FileOutcome], None]]:
    """Yield a per-file callback: a tqdm bar on a terminal, one line a file otherwise."""
    if sys.stderr.isatty() and not as_json:
        with tqdm(total=total, unit="file", file=sys.stderr, leave=False) as bar:

            def on_bar(outcome: FileOutcome) -> None:
                if outcome.status in ("skipped", "duplicate"):
                    bar.write(describe(outcome), file=sys.stderr)
                bar.update(1)

            yield on_bar
        return

    def on_line(outcome: FileOutcome) -> None:
        print(describe(outcome), file=sys.stderr, flush=True)

    yield on_line


def summary(result: IngestSummary, as_json: bool = False, pruned: list[str] | None = None) -> None:
    """The last line of `index`; `pruned`: the paths `--prune` forgot (None without it)."""
    if as_json:
        data = asdict(result) | ({} if pruned is None else {"pruned": pruned})
        print(json.dumps(data, ensure_ascii=False))
        return
    print(
        f"documents: {result.added} added, {result.updated} updated, "
        f"{result.unchanged} unchanged, {result.skipped} skipped; "
        f"{result.passages} passages, {result.people} people, {result.figures} figures "
        f"in {result.seconds:.1f} s" + ("" if pruned is None else f"; {len(pruned)} forgotten")
    )


def people_saved(saved: SavedPeople | None, seconds: float) -> None:
    """One line on standard error: the people `index` saved for the commands that come next."""
    if saved is None:
        return
    if saved.refused:
        line = f"people: not saved, {saved.refused}"
    elif saved.fresh:
        done = f"clustered and saved for the next who and claim ({seconds:.1f} s)"
        line = f"people: {saved.people:,} {done}"
    else:
        line = "people: already saved for this archive"
    print(line, file=sys.stderr, flush=True)
