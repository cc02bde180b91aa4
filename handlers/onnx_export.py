"""Exporting the packaged all-MiniLM-L6-v2 to an ONNX file, once, on this machine.

The graph is the whole sentence encoder as sentence-transformers runs it: BERT, then the
mean of the token vectors under the attention mask, then L2 normalisation, so ONNX
Runtime returns unit vectors directly (handlers/onnx_encoder.py). The weights come from
the packaged, hash-checked `model.safetensors`; nothing is downloaded. A record beside
the file names the weights it came from and the file's own sha256, which is checked at
every load. This is the only module that needs torch to make the file; `make setup`
runs it (`factdesk embed --export`), and a process that finds no file makes it once.
"""

from __future__ import annotations

import fcntl
import json
import logging
import os
import tempfile
import warnings
from pathlib import Path

from handlers.model_files import (
    INSTALL_HINT,
    MODEL,
    SHA256,
    MeaningUnavailable,
    file_sha256,
    verify,
)

ONNX_NAME = f"{MODEL}.onnx"
OPSET = 17
INPUTS = ("input_ids", "attention_mask", "token_type_ids")
CACHE_ENV = "XDG_CACHE_HOME"


def candidates(folder: Path) -> list[Path]:
    """Where the exported file may live: beside the model (its `onnx` folder), else in
    the user's cache, keyed by the weights' hash (a read-only model folder)."""
    cache = Path(os.environ.get(CACHE_ENV) or Path.home() / ".cache")
    return [folder / "onnx" / ONNX_NAME, cache / "factdesk" / SHA256[:16] / ONNX_NAME]


def record_path(onnx_file: Path) -> Path:
    return onnx_file.with_name(onnx_file.name + ".json")


def int8_path(onnx_file: Path) -> Path:
    """Where the dynamic int8 quantisation of the exported file lives: beside it."""
    return onnx_file.with_name(onnx_file.stem + ".int8.onnx")


def find(folder: Path) -> Path | None:
    """The exported (fp32) file for this model folder, if it and its int8 twin were made."""
    made = (p for p in candidates(folder) if record_path(p).is_file())
    return next((p for p in made if record_path(int8_path(p)).is_file()), None)


def export(folder: Path) -> Path:
    """Make the ONNX file from the folder's (checked) weights and its int8 twin, or
    return the ones made before; several processes at once make them once (a lock)."""
    verify(folder)
    for target in candidates(folder):
        try:
            target.parent.mkdir(parents=True, exist_ok=True)
            with (target.parent / ".export.lock").open("a") as lock:
                fcntl.flock(lock, fcntl.LOCK_EX)
                if not record_path(target).is_file():
                    _write(folder, target)
                if not record_path(int8_path(target)).is_file():
                    quantize(target)
            return target
        except OSError:
            continue  # a read-only model folder: the user's cache next
    raise MeaningUnavailable(f"cannot write the ONNX model beside {folder} or in the cache")


def _write(folder: Path, target: Path) -> None:
    """Export to a temporary file, then move it and its record into place."""
    with tempfile.TemporaryDirectory(dir=target.parent) as scratch:
        made = Path(scratch) / ONNX_NAME
        _trace(folder, made)
        record = {"model": MODEL, "source_sha256": SHA256, "sha256": file_sha256(made)}
        os.replace(made, target)
        record_path(target).write_text(json.dumps(record, indent=1) + "\n")


def _trace(folder: Path, made: Path) -> None:
    try:
        import torch
        from transformers import AutoModel
        from transformers.utils import logging as transformers_logging
    except ImportError as exc:
        raise MeaningUnavailable(f"exporting the model needs torch: {INSTALL_HINT}") from exc
    transformers_logging.disable_progress_bar()
    bert = AutoModel.from_pretrained(folder, local_files_only=True, attn_implementation="eager")
    sample = torch.ones((2, 16), dtype=torch.long)
    mask = torch.ones_like(sample)
    mask[1, 9:] = 0  # a padded row, so the mask's path is what gets traced
    axes = {name: {0: "batch", 1: "tokens"} for name in INPUTS}
    with warnings.catch_warnings(), torch.no_grad():
        warnings.simplefilter("ignore")  # the tracer's notes on transformers' Python branches
        torch.onnx.export(
            _pooled(torch, bert.eval()),
            (sample, mask, torch.zeros_like(sample)),
            str(made),
            input_names=list(INPUTS),
            output_names=["embedding"],
            dynamic_axes={**axes, "embedding": {0: "batch"}},
            opset_version=OPSET,
            dynamo=False,
        )


def _pooled(torch, bert):
    """BERT, mean pooling under the mask and L2 normalisation, as sentence-transformers'
    modules.json for this model does them."""

    class Pooled(torch.nn.Module):
        def __init__(self) -> None:
            super().__init__()
            self.bert = bert

        def forward(self, input_ids, attention_mask, token_type_ids):
            tokens = self.bert(
                input_ids=input_ids, attention_mask=attention_mask, token_type_ids=token_type_ids
            ).last_hidden_state
            weights = attention_mask.unsqueeze(-1).to(tokens.dtype)
            mean = (tokens * weights).sum(1) / weights.sum(1).clamp(min=1e-9)
            return torch.nn.functional.normalize(mean, p=2, dim=1)

    return Pooled()


def quantize(onnx_file: Path) -> Path:
    """ONNX Runtime's dynamic int8 quantisation of the exported file (weights per
    channel), with its own record. Passages are encoded with it: about twice as fast,
    cosine 0.993 on average with the fp32 vectors, and dev MAP@5 holds (README)."""
    import onnx
    from onnxruntime.quantization import QuantType, quantize_dynamic

    target = int8_path(onnx_file)
    with tempfile.TemporaryDirectory(dir=target.parent) as scratch:
        made = Path(scratch) / target.name
        root, level = logging.getLogger(), logging.getLogger().level
        root.setLevel(logging.ERROR)  # its advice to pre-process first is not for users
        try:
            quantize_dynamic(
                onnx_file,
                made,
                weight_type=QuantType.QInt8,
                per_channel=True,
                extra_options={"DefaultTensorType": onnx.TensorProto.FLOAT},
            )
        finally:
            root.setLevel(level)
        record = {"model": MODEL, "source_sha256": SHA256, "sha256": file_sha256(made)}
        os.replace(made, target)
        record_path(target).write_text(json.dumps({**record, "int8": True}, indent=1) + "\n")
    return target


if __name__ == "__main__":  # `make setup`: python -m handlers.onnx_export
    import sys

    from handlers.model_files import model_folder

    try:
        print(f"ONNX model: {export(model_folder())}")
    except MeaningUnavailable as exc:  # a plain install: words alone, as before
        print(f"ONNX model not made: {exc}", file=sys.stderr)
