"""all-MiniLM-L6-v2 on ONNX Runtime: sentence-transformers' vectors without importing torch.

Importing torch and sentence-transformers takes seconds; ONNX Runtime and the
`tokenizers` library take a fraction of one, so a one-shot `factdesk claim` can answer by
meaning in about two seconds. The file is exported once from the packaged weights
(handlers/onnx_export.py) and its sha256 is checked against the record made then; its
vectors agree with sentence-transformers' to a cosine of at least 0.999
(tests/test_onnx_encoder.py; `python -m bench.onnx_encoder` on thousands of sentences).
"""

from __future__ import annotations

import json
import os
import threading
from concurrent.futures import ThreadPoolExecutor
from pathlib import Path

import numpy as np

from handlers.model_files import DIMENSIONS, MAX_TOKENS, MODEL, SHA256, MeaningUnavailable
from handlers.model_files import file_sha256 as sha256_of

# Texts per run, sorted by length first. An embedding chunk is 256 passages
# (store/search/vectors.py): cut into runs of 32, a fifth of what was computed was padding
# on real news sentences; in runs of 16, a tenth (bench/onnx_encoder.py prints the rate).
BATCH = 16


def threads() -> int:
    """Encoding threads: the cores this process may use."""
    return max(1, len(os.sched_getaffinity(0)) if hasattr(os, "sched_getaffinity") else 1)


def check(onnx_file: Path) -> None:
    """Refuse an ONNX file that is not the one exported from the published weights."""
    from handlers.onnx_export import record_path

    try:
        record = json.loads(record_path(onnx_file).read_text())
    except (OSError, ValueError) as exc:
        raise MeaningUnavailable(f"refused {onnx_file}: its export record is unreadable") from exc
    if record.get("source_sha256") != SHA256:
        raise MeaningUnavailable(f"refused {onnx_file}: it was not exported from {MODEL}")
    found = sha256_of(onnx_file) if onnx_file.is_file() else "missing"
    if found != record.get("sha256"):
        raise MeaningUnavailable(
            f"refused {onnx_file}: sha256 {found[:16]}… is not the exported file's "
            f"{str(record.get('sha256'))[:16]}… (export it again: factdesk embed --export)"
        )


class OnnxEncoder:
    """Texts to unit vectors with ONNX Runtime and the model's own tokenizer.

    Cores are used by running whole batches side by side, one a core, on one session of
    one thread (ONNX Runtime's run is thread-safe and lets go of the GIL), not by splitting
    each operator over intra-op threads: those meet at a barrier after every operator, so
    one thread the machine's other work holds up stalls the rest (a 2-thread session gave
    87 passages/s wall at load 10-16), and on small matrices they cost a tenth more CPU
    per passage even on an idle machine (`python -m bench.onnx_encoder`)."""

    def __init__(self, onnx_file: Path, tokenizer_file: Path, cores: int | None = None) -> None:
        import onnxruntime
        from tokenizers import Tokenizer

        options = onnxruntime.SessionOptions()
        options.intra_op_num_threads = 1
        options.inter_op_num_threads = 1
        options.execution_mode = onnxruntime.ExecutionMode.ORT_SEQUENTIAL
        options.log_severity_level = 3  # warnings about the graph are not the user's business
        self.session = onnxruntime.InferenceSession(
            str(onnx_file), options, providers=["CPUExecutionProvider"]
        )
        self.cores = cores or threads()
        self._pool = ThreadPoolExecutor(self.cores, "factdesk-encode") if self.cores > 1 else None
        self.tokenizer = Tokenizer.from_file(str(tokenizer_file))
        self.tokenizer.enable_truncation(MAX_TOKENS)
        self.tokenizer.no_padding()  # each batch is padded to its own longest text

    def encode(self, texts: list[str]) -> np.ndarray:
        """One unit vector per text, in the order given."""
        found = np.zeros((len(texts), DIMENSIONS), dtype=np.float32)
        pieces = [e.ids for e in self.tokenizer.encode_batch(texts)]
        order = np.argsort([len(p) for p in pieces], kind="stable")
        batches = [order[start : start + BATCH] for start in range(0, len(order), BATCH)]
        runs = [[pieces[i] for i in rows] for rows in batches]
        done = (
            self._pool.map(self._run, runs)
            if self._pool and len(runs) > 1
            else map(self._run, runs)
        )
        for rows, vectors in zip(batches, done, strict=True):
            found[rows] = vectors
        return found

    def _run(self, pieces: list[list[int]]) -> np.ndarray:
        width = max(len(p) for p in pieces)
        ids = np.zeros((len(pieces), width), dtype=np.int64)
        for row, piece in enumerate(pieces):
            ids[row, : len(piece)] = piece
        mask = (np.arange(width) < np.array([[len(p)] for p in pieces])).astype(np.int64)
        feed = {"input_ids": ids, "attention_mask": mask, "token_type_ids": np.zeros_like(ids)}
        return self.session.run(None, feed)[0]


def load(folder: Path, onnx_file: Path, cores: int | None = None) -> OnnxEncoder:
    """The checked ONNX file as an encoder; MeaningUnavailable when it is refused."""
    check(onnx_file)
    return OnnxEncoder(onnx_file, folder / "tokenizer.json", cores)


class Lazy:
    """An encoder whose file is checked now and loaded at its first use: a one-shot
    claim never loads the passages' encoder, nor `factdesk embed` the queries'."""

    def __init__(self, folder: Path, onnx_file: Path, cores: int | None = None) -> None:
        check(onnx_file)
        self.folder, self.onnx_file, self.cores = folder, onnx_file, cores
        self._loaded: OnnxEncoder | None = None
        self._lock = threading.Lock()

    def encode(self, texts: list[str]) -> np.ndarray:
        with self._lock:
            if self._loaded is None:
                tokenizer = self.folder / "tokenizer.json"
                self._loaded = OnnxEncoder(self.onnx_file, tokenizer, self.cores)
        return self._loaded.encode(texts)


def runtime_missing() -> str:
    """Why ONNX Runtime cannot be used ('' if it can)."""
    try:
        import onnxruntime  # noqa: F401
        import tokenizers  # noqa: F401
    except ImportError as exc:
        return f"ONNX Runtime is not installed ({exc.name})"
    return ""
