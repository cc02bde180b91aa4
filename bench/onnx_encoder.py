"""The ONNX Runtime encoder against sentence-transformers: do the vectors agree, and how
fast is each (passages a second, wall and per CPU-second, on this machine's cores)?

Sentences: 1,000 written here from parts (names, places, events of our own), the
sentences of ../shared/corpus and of samples/, and CheckThat! 2020 verified claims when
the data is there. Encoders: sentence-transformers on torch (the reference), the
exported ONNX file (fp32) and its dynamic int8 quantisation (on every core, and on one).

    python -m bench.onnx_encoder [--claims 2000] [--repeat 2] [--json]
"""

from __future__ import annotations

import argparse
import itertools
import json
import re
import sys
import time
from pathlib import Path

import numpy as np

from bench.checkthat import DATA, read_tsv
from handlers import onnx_encoder, onnx_export
from handlers.embedding import _torch_encoder, onnx_file
from handlers.model_files import model_folder

ROOT = Path(__file__).resolve().parents[1]
CORPUS = ROOT.parent / "shared" / "corpus"
WHO = [
    "The mayor of Tarnholm",
    "Nurses at Ostberg hospital",
    "A spokesman for the ferry line",
    "Farmers near the Vell river",
    "The Kessling city council",
    "Two teenage climbers",
    "Police in Brackwater",
    "The regional weather office",
    "Shareholders of Lunde Steel",
    "A retired judge from Amberly",
]
DID = [
    "said the bridge would stay closed until the spring thaw",
    "reported that 1,400 homes lost power after the storm",
    "warned that grain prices could double before harvest",
    "denied any link between the factory and the poisoned fish",
    "were rescued after spending two nights on the glacier",
    "voted to cut bus fares by a third for pensioners",
    "estimated the damage at about €3.2 million",
    "called the strike the longest in the port's history",
    "announced 250 new jobs at the battery plant",
    "confirmed that the missing hikers had been found alive",
]
WHEN = [
    "",
    " on Tuesday",
    " last week",
    ", according to local radio",
    " despite protests",
    " after a heated meeting that lasted well past midnight and ended without a deal",
    " — though critics said the figures were incomplete",
    " (see page 4)",
    " in a statement posted online",
    "!",
]
SPLIT = re.compile(r"(?<=[.!?])\s+")


def own_sentences() -> list[str]:
    """1,000 sentences from parts, and a few odd ones (very short, German, cut at 128)."""
    made = [f"{w} {d}{e}." for w, d, e in itertools.product(WHO, DID, WHEN)]
    return [*made, "Short.", "Überraschung in Zürich: 12 % mehr Fahrgäste", "…", "A " * 300]


def file_sentences(folder: Path) -> list[str]:
    if not folder.is_dir():
        return []
    texts = [p.read_text(errors="ignore") for p in sorted(folder.glob("*.txt"))]
    return [s.strip() for t in texts for s in SPLIT.split(t) if len(s.strip()) > 3]


def claim_sentences(count: int) -> list[str]:
    path = DATA / "verified_claims.docs.tsv"
    return [row[2] for row in read_tsv(path)[:count]] if path.is_file() else []


def timed(encode, texts: list[str], repeat: int) -> tuple[np.ndarray, dict]:
    best = None
    for _ in range(repeat):
        wall, cpu = time.perf_counter(), time.process_time()
        vectors = encode(texts)
        wall, cpu = time.perf_counter() - wall, time.process_time() - cpu
        if best is None or wall < best[0]:
            best = (wall, cpu)
    wall, cpu = best
    rate = {"per_second": round(len(texts) / wall, 1), "per_cpu_second": round(len(texts) / cpu, 1)}
    return vectors, rate


def agreement(vectors: np.ndarray, reference: np.ndarray) -> dict:
    cosines = np.sum(vectors * reference, axis=1)
    return {
        "min": round(float(cosines.min()), 5),
        "p01": round(float(np.quantile(cosines, 0.01)), 5),
        "mean": round(float(cosines.mean()), 5),
    }


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--claims", type=int, default=1000, help="CheckThat! claims to add")
    parser.add_argument("--repeat", type=int, default=2, help="timed runs; the best is kept")
    parser.add_argument("--json", action="store_true")
    args = parser.parse_args(argv)
    own = own_sentences()
    news = file_sentences(CORPUS) + file_sentences(ROOT / "samples") + claim_sentences(args.claims)
    texts = own + news
    folder = model_folder()
    fp32 = onnx_file(folder)
    encoders = {
        "onnx_fp32": onnx_encoder.load(folder, fp32).encode,
        "onnx_int8": onnx_encoder.load(folder, onnx_export.int8_path(fp32)).encode,
        # one core: the CPU rate with nothing to share, to set the rate on every core against
        "onnx_int8_1_core": onnx_encoder.load(folder, onnx_export.int8_path(fp32), 1).encode,
        "torch": _torch_encoder(folder).encode,
    }
    found, results = (
        {},
        {"sentences": {"own": len(own), "news": len(news)}, "threads": onnx_encoder.threads()},
    )
    for name, encode in encoders.items():
        found[name], results[name] = timed(encode, texts, args.repeat)
    for name in ("onnx_fp32", "onnx_int8", "onnx_int8_1_core"):
        results[name]["cosine_vs_torch"] = agreement(found[name], found["torch"])
        results[name]["cosine_vs_torch_news"] = agreement(
            found[name][len(own) :], found["torch"][len(own) :]
        )
    print(json.dumps(results, indent=None if args.json else 1))
    return 0


if __name__ == "__main__":
    sys.exit(main())
