"""The ONNX Runtime encoder: the same vectors as sentence-transformers (cosine >= 0.999),
a file refused unless it is the one exported from the published weights, a one-shot
claim by meaning that never imports torch, and torch when ONNX Runtime is absent.
The full agreement figure, on thousands of sentences: `python -m bench.onnx_encoder`."""

from __future__ import annotations

import json
import os
import re
import shutil
import subprocess
import sys
from pathlib import Path

import numpy as np
import pytest

from handlers import onnx_encoder, onnx_export
from handlers.model_files import MeaningUnavailable, model_folder
from tests.conftest import ROOT

CORPUS = ROOT.parent / "shared" / "corpus"
OWN = [
    "The Veldhaven harbour master closed the north pier after divers found rot.",
    "Ferries will berth at the south quay until further notice.",
    "Nurses in Ostberg walked out for the third time this year.",
    "A spokesman said about 1,400 homes were still without power on Tuesday night.",
    "Grain prices could double before the harvest, farmers near the Vell warned.",
    "Short.",
    "Überraschung in Zürich: 12 % mehr Fahrgäste im Oktober",
    "Le maire de Tarnholm a inauguré une piscine chauffée.",
    "¿Quién pagará la reparación del puente?",
    "€3.2m — that is what the storm cost the town, according to the council's estimate.",
    "“We did not expect this,” she said, “not after forty years.”",
    "Police in Brackwater arrested two men; a third is still being sought.",
    "The strike, the longest in the port's history, ended at dawn.",
    " ".join(["The report ran on and on about the budget and its many footnotes"] * 12),
]


def corpus_sentences(limit: int = 60) -> list[str]:
    if not CORPUS.is_dir():
        return []
    text = " ".join(p.read_text(errors="ignore") for p in sorted(CORPUS.glob("*.txt")))
    found = [s.strip() for s in re.split(r"(?<=[.!?])\s+", text) if len(s.strip()) > 3]
    return found[:limit]


@pytest.fixture(scope="module")
def reference():
    """sentence-transformers on torch, the reference (loaded once for this file)."""
    from handlers.embedding import _torch_encoder

    return _torch_encoder(model_folder())


def _min_cosine(a: np.ndarray, b: np.ndarray) -> float:
    return float(np.min(np.sum(a * b, axis=1)))


def _fp32():
    return onnx_encoder.load(model_folder(), onnx_export.find(model_folder()))


def test_onnx_vectors_agree_with_sentence_transformers(embedder, reference) -> None:
    """Claims are encoded by the fp32 file: sentence-transformers' vectors. Passages by
    its int8 quantisation: near them (the dev MAP@5 it keeps is in the README)."""
    assert embedder.route == "onnx"
    texts = OWN + corpus_sentences()
    expected = reference.encode(texts)
    claims = np.stack([embedder.query(t) for t in texts])
    assert np.allclose(np.linalg.norm(claims, axis=1), 1.0, atol=1e-5)
    assert _min_cosine(claims, expected) >= 0.999
    passages = embedder.encode(texts)
    assert np.allclose(np.linalg.norm(passages, axis=1), 1.0, atol=1e-5)
    cosines = np.sum(passages * expected, axis=1)
    assert cosines.min() >= 0.95 and cosines.mean() >= 0.99


def test_one_text_alone_gets_the_vector_it_gets_in_a_batch(embedder) -> None:
    """Padding a short text to a long batch neighbour changes nothing."""
    fp32 = _fp32()
    assert _min_cosine(fp32.encode(OWN[:1]), fp32.encode(OWN)[:1]) >= 0.99999


def test_batches_encoded_side_by_side_keep_each_text_its_own_vector(embedder) -> None:
    """Passages are encoded a batch a core at once: every text still gets the vector one
    core gives it, in the order asked, however many batches the texts make. (The int8
    file quantises each batch's activations by the batch's own range, so a text's int8
    vector depends a little on its batch: the same texts make the same batches here.)"""
    int8 = onnx_export.int8_path(onnx_export.find(model_folder()))
    texts = [f"{t} ({n})" for n in range(4) for t in reversed(OWN + corpus_sentences())]
    one = onnx_encoder.load(model_folder(), int8, cores=1).encode(texts)
    side_by_side = onnx_encoder.load(model_folder(), int8, cores=3)
    assert len(texts) > 3 * onnx_encoder.BATCH
    assert _min_cosine(side_by_side.encode(texts), one) >= 0.99999


def _copy_exported(tmp_path: Path) -> Path:
    exported = onnx_export.find(model_folder())
    assert exported is not None  # the session's embedder made it, or make setup did
    copy = tmp_path / exported.name
    shutil.copy(onnx_export.record_path(exported), onnx_export.record_path(copy))
    return copy


def test_a_different_onnx_file_is_refused_with_one_line(embedder, tmp_path: Path) -> None:
    copy = _copy_exported(tmp_path)
    copy.write_bytes(b"not the exported model")
    with pytest.raises(MeaningUnavailable) as refused:
        onnx_encoder.load(model_folder(), copy)
    message = str(refused.value)
    assert "\n" not in message and message.startswith(f"refused {copy}: sha256 ")
    assert "export it again: factdesk embed --export" in message


def test_a_file_exported_from_other_weights_is_refused(embedder, tmp_path: Path) -> None:
    copy = _copy_exported(tmp_path)
    shutil.copy(onnx_export.find(model_folder()), copy)
    record = json.loads(onnx_export.record_path(copy).read_text())
    onnx_export.record_path(copy).write_text(json.dumps({**record, "source_sha256": "0" * 64}))
    with pytest.raises(MeaningUnavailable, match="it was not exported from all-MiniLM-L6-v2"):
        onnx_encoder.load(model_folder(), copy)


def test_export_where_the_model_folder_cannot_hold_it_goes_to_the_cache(
    embedder, tmp_path: Path, monkeypatch
) -> None:
    """A model folder that cannot take the file (here its `onnx` is a plain file): the
    export goes to the user's cache, and its vectors are the ones exported before."""
    folder = tmp_path / "model"
    folder.mkdir()
    for part in model_folder().iterdir():
        if part.name != "onnx":
            (folder / part.name).symlink_to(part)
    (folder / "onnx").write_text("in the way")
    monkeypatch.setenv("XDG_CACHE_HOME", str(tmp_path / "cache"))
    made = onnx_export.export(folder)
    assert made.is_relative_to(tmp_path / "cache") and onnx_export.find(folder) == made
    assert onnx_export.export(folder) == made  # once: the second call finds it
    assert onnx_export.int8_path(made).is_file()
    vectors = onnx_encoder.load(folder, made).encode(OWN)
    assert _min_cosine(vectors, _fp32().encode(OWN)) >= 0.99999


def _factdesk(tmp_path: Path, *args: str, block: str = "") -> subprocess.CompletedProcess:
    """The real CLI in a new process; `block` names a module it must not find."""
    hide = f"import sys; sys.modules[{block!r}] = None; " if block else ""
    code = f"{hide}import sys; from bot.entry import run; sys.argv[0] = 'factdesk'; sys.exit(run())"
    command = [sys.executable, "-X", "importtime", "-c", code, *args, "--db", f"{tmp_path}/f.db"]
    env = {**os.environ, "PYTHONPATH": str(ROOT)}
    return subprocess.run(command, capture_output=True, text=True, env=env, timeout=300)


def _imported(run: subprocess.CompletedProcess) -> set[str]:
    return {m.group(1) for m in re.finditer(r"\|\s+([\w.]+)\n", run.stderr)}


PIER = "Divers found that the Veldhaven pier's wooden supports have rotted through.\n"
JETTY = "Veldhaven's jetty is falling apart because its timber posts decayed"


def test_a_one_shot_claim_by_meaning_never_imports_torch(embedder, tmp_path: Path) -> None:
    (tmp_path / "pier.txt").write_text(PIER)
    indexed = _factdesk(tmp_path, "index", str(tmp_path / "pier.txt"))
    assert indexed.returncode == 0 and "meaning: 1 of 1 passages" in indexed.stderr
    answered = _factdesk(tmp_path, "claim", JETTY, "--json")
    assert answered.returncode == 0, answered.stderr[-500:]
    found = json.loads(answered.stdout.splitlines()[-1])["results"]
    assert found and "wooden supports" in found[0]["excerpt"]
    assert "onnxruntime" in _imported(answered)
    assert not {m for m in _imported(indexed) | _imported(answered) if m.startswith("torch")}


def test_without_onnx_runtime_torch_encodes_and_says_so(embedder, tmp_path: Path) -> None:
    (tmp_path / "pier.txt").write_text(PIER)
    indexed = _factdesk(tmp_path, "index", str(tmp_path / "pier.txt"), block="onnxruntime")
    assert indexed.returncode == 0 and "meaning: 1 of 1 passages" in indexed.stderr
    said = [line for line in indexed.stderr.splitlines() if "ONNX Runtime" in line]
    assert said == [
        "meaning: ONNX Runtime is not installed (onnxruntime); encoding with torch"
        " (slower to start)"
    ]
    assert "torch" in _imported(indexed)


def test_embed_export_says_where_the_file_is(cli, embedder) -> None:
    summary = cli.json("embed", "--export")
    assert summary == {
        "onnx": str(onnx_export.find(model_folder())),
        "exported": False,  # made once already, for this test run's model
        "model": "all-MiniLM-L6-v2",
    }
