"""The dependency direction bot -> handlers -> store, checked on every import statement."""

from __future__ import annotations

import ast
from pathlib import Path

import pytest

from tests.conftest import ROOT

FORBIDDEN = {
    "store": {"handlers", "bot", "slack_bolt", "slack_sdk", "rapidfuzz"},
    "handlers": {"bot", "slack_bolt", "slack_sdk"},
}


def imported_roots(path: Path) -> set[str]:
    tree = ast.parse(path.read_text(encoding="utf-8"))
    roots = set()
    for node in ast.walk(tree):
        if isinstance(node, ast.Import):
            roots |= {alias.name.split(".")[0] for alias in node.names}
        elif isinstance(node, ast.ImportFrom) and node.module and not node.level:
            roots.add(node.module.split(".")[0])
    return roots


@pytest.mark.parametrize("layer", sorted(FORBIDDEN))
def test_layer_imports_only_downwards(layer: str) -> None:
    offences = {
        str(path.relative_to(ROOT)): sorted(imported_roots(path) & FORBIDDEN[layer])
        for path in (ROOT / layer).rglob("*.py")
    }
    assert {p: bad for p, bad in offences.items() if bad} == {}


def test_the_check_sees_imports() -> None:
    assert "store" in imported_roots(ROOT / "handlers" / "ingest.py")
