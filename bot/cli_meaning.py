"""`factdesk embed` and the embedding stage at the end of `factdesk index`."""

from __future__ import annotations

import argparse
import json
import sys
import time

from tqdm import tqdm

from handlers import onnx_export
from handlers.embedding import MEANING
from handlers.figures import meaning_may_widen
from handlers.meaning import coverage_line, embed_missing
from handlers.model_files import DIMENSIONS, MODEL, MeaningUnavailable, model_folder
from store import Scope, Store


def add_parser(sub, common) -> None:
    text = "embed the passages that have no sentence vector yet (resumable; safe to run twice)"
    parser = sub.add_parser("embed", help=text, description=text)
    parser.add_argument("--json", action="store_true", help="machine-readable summary")
    parser.add_argument(
        "--export",
        action="store_true",
        help="only make the model's ONNX file (once, from the packaged weights) and say where",
    )
    common(parser)


def add_no_embed(index: argparse.ArgumentParser) -> None:
    index.add_argument(
        "--no-embed", action="store_true", help="index words only; embed later with `embed`"
    )


def for_claims(store: Store) -> None:
    """Load the model for a one-shot /claim when the archive has vectors to compare."""
    if store.vectors.count(MODEL):
        MEANING.start()


def for_figures(topics: list[str]) -> None:
    """Load the model for one-shot /figures only when a topic is one the lexicon does not
    know (meaning may widen it: handlers/figures_meaning.py); a known one never waits."""
    if any(meaning_may_widen(t) for t in topics) and not MEANING.unavailable():
        MEANING.start()


def embed(store: Store, scope: Scope, as_json: bool = False, export: bool = False) -> int:
    """Embed what is missing, with a progress bar on a terminal; exit code 0, or 1 when
    the model cannot be used (one line says why; /claim still matches words)."""
    if export:
        return export_onnx(as_json)
    missing = store.vectors.missing(MODEL)
    if not missing:
        _summary(store, scope, 0, 0.0, as_json, save_index(store))
        return 0
    MEANING.start()
    embedder = MEANING.ready()
    if embedder is None:
        print(f"factdesk: meaning is off: {MEANING.reason}", file=sys.stderr)
        return 1
    started = time.perf_counter()
    bar = tqdm(
        total=missing,
        unit="passage",
        file=sys.stderr,
        disable=as_json or not sys.stderr.isatty(),
        leave=False,
    )
    with bar:
        stored = embed_missing(store, embedder, bar.update)
    seconds = time.perf_counter() - started
    _summary(store, scope, stored, seconds, as_json, save_index(store))
    return 0


def save_index(store: Store) -> dict | None:
    """The saved vector index brought up to date for the commands and servers that come
    next (store/search/vector_file.py): its vectors, whether it could be saved, seconds."""
    if not store.vectors.count(MODEL):
        return None
    started = time.perf_counter()
    try:
        vectors, saved = store.save_vector_index(MODEL, DIMENSIONS)
    except ImportError:  # faiss is not installed: one-shot commands scan instead
        return None
    return {"vectors": vectors, "saved": saved, "seconds": round(time.perf_counter() - started, 1)}


def _summary(
    store: Store, scope: Scope, stored: int, seconds: float, as_json: bool, index: dict | None
) -> None:
    rate = stored / seconds if seconds else 0.0
    if as_json:
        found = store.vectors.coverage(scope, MODEL)
        summary = {
            "embedded": stored,
            "seconds": round(seconds, 1),
            "per_second": round(rate, 1),
            "model": MODEL,
            "coverage": {"embedded": found.embedded, "passages": found.passages},
            "vector_index": index,
        }
        print(json.dumps(summary))
        return
    print(
        f"embedded {stored:,} passages in {seconds:.1f} s ({rate:,.0f}/s); "
        f"{_index_text(index)}{coverage_line(store, scope)}",
        file=sys.stderr,
    )


def _index_text(index: dict | None) -> str:
    if not index:
        return ""
    if not index["saved"]:
        return f"vector index not saved (see above; {index['vectors']:,} vectors); "
    return f"vector index saved ({index['vectors']:,} vectors, {index['seconds']} s); "


def export_onnx(as_json: bool) -> int:
    """`embed --export`: the ONNX file ONNX Runtime encodes with, made once from the
    packaged, hash-checked weights; exit code 1 with one line when it cannot be made."""
    try:
        folder = model_folder()
        made = onnx_export.find(folder) is None
        path = onnx_export.export(folder)
    except MeaningUnavailable as exc:
        print(f"factdesk: cannot export the model: {exc}", file=sys.stderr)
        return 1
    if as_json:
        print(json.dumps({"onnx": str(path), "exported": made, "model": MODEL}))
    else:
        print(f"{'exported' if made else 'already exported'}: {path}", file=sys.stderr)
    return 0
