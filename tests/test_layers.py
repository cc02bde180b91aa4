"""The dependency direction bot -> handlers -> store, checked on every import statement."""

from __future__ import annotations

import ast
import re
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


# ---- no import circles ------------------------------------------------------------------------

PACKAGES = ("bot", "handlers", "store")


def project_modules() -> dict[str, Path]:
    found = {}
    for package in PACKAGES:
        for path in (ROOT / package).rglob("*.py"):
            name = ".".join(path.relative_to(ROOT).with_suffix("").parts)
            found[name.removesuffix(".__init__")] = path
    return found


def imported_modules(path: Path, modules: dict[str, Path]) -> set[str]:
    """The project modules `path` imports, at its top or inside a function alike."""
    found = set()
    for node in ast.walk(ast.parse(path.read_text(encoding="utf-8"))):
        names = []
        if isinstance(node, ast.Import):
            names = [alias.name for alias in node.names]
        elif isinstance(node, ast.ImportFrom) and node.module and not node.level:
            names = [node.module, *(f"{node.module}.{alias.name}" for alias in node.names)]
        for name in names:
            while name and name not in modules:
                name = name.rpartition(".")[0]
            found.add(name)
    return found - {""}


def circles(graph: dict[str, set[str]]) -> list[list[str]]:
    """Groups of modules that import each other, directly or round about (Tarjan)."""
    order: dict[str, int] = {}
    low: dict[str, int] = {}
    stack: list[str] = []
    found: list[list[str]] = []

    def visit(module: str) -> None:
        order[module] = low[module] = len(order)
        stack.append(module)
        for other in graph[module]:
            if other not in order:
                visit(other)
                low[module] = min(low[module], low[other])
            elif other in stack:
                low[module] = min(low[module], order[other])
        if low[module] == order[module]:
            group = []
            while not group or group[-1] != module:
                group.append(stack.pop())
            if len(group) > 1:
                found.append(sorted(group))

    for module in sorted(graph):
        if module not in order:
            visit(module)
    return found


def test_no_module_imports_itself_round_about() -> None:
    modules = project_modules()
    graph = {
        name: {m for m in imported_modules(path, modules) if not name.startswith(m + ".")} - {name}
        for name, path in modules.items()
    }  # a package's own __init__ is where its modules are listed, not a circle
    assert circles(graph) == []


def test_the_circle_check_finds_a_circle() -> None:
    assert circles({"a": {"b"}, "b": {"c"}, "c": {"a"}, "d": {"a"}}) == [["a", "b", "c"]]


def test_the_circle_check_sees_the_subfolders() -> None:
    modules = project_modules()
    assert {"bot.slack.app", "bot.render.digest", "handlers.analysis.text"} <= set(modules)
    seen = imported_modules(modules["bot.slack.app"], modules)
    assert {"bot.slack.commands", "bot.slack.blocks", "bot.settings"} <= seen


# ---- one way into the store ---------------------------------------------------------------

OUTSIDE_STORE = ("bot", "handlers", "bench")
# Benchmarks that still reach the engine themselves (being rewritten this round with the
# search package and the meaning encoder); the list may only shrink.
ENGINE = re.compile(r"\.engine\b")
STILL_REACHING = {
    "bench/cold.py",
    "bench/scale.py",
    "bench/tune_meaning.py",
    "bench/vectors.py",
}


def store_reaches(source: str) -> list[str]:
    """Where code reaches under the store: `.engine` (in code or in code run from a string;
    `from store.engine import ...` is the store's own API), or a sqlalchemy import."""
    found = [
        f"line {n}: .engine"
        for n, line in enumerate(source.splitlines(), 1)
        if ENGINE.search(line) and not line.lstrip().startswith(("from ", "import "))
    ]
    for node in ast.walk(ast.parse(source)):
        if isinstance(node, ast.Import | ast.ImportFrom):
            names = [a.name for a in node.names] if isinstance(node, ast.Import) else [node.module]
            if any(name and name.split(".")[0] == "sqlalchemy" for name in names):
                found.append(f"line {node.lineno}: imports sqlalchemy")
    return sorted(found, key=lambda line: int(line.split()[1].rstrip(":")))


def test_nothing_outside_the_store_touches_its_engine_or_sqlalchemy() -> None:
    reaching = {
        str(path.relative_to(ROOT)): found
        for package in OUTSIDE_STORE
        for path in sorted((ROOT / package).rglob("*.py"))
        if (found := store_reaches(path.read_text(encoding="utf-8")))
    }
    assert {p: f for p, f in reaching.items() if p not in STILL_REACHING} == {}
    assert set(reaching) == STILL_REACHING  # one that no longer reaches leaves the list


def test_the_reach_check_sees_an_engine_and_an_import() -> None:
    source = "from sqlalchemy import select\n\ndef f(store):\n    return store.engine.connect()\n"
    assert store_reaches(source) == ["line 1: imports sqlalchemy", "line 4: .engine"]
    assert store_reaches("import sqlalchemy.orm\nstore.watches.all('local')\n") == [
        "line 1: imports sqlalchemy"
    ]
    assert store_reaches("from store.engine import StoreError\nrun('Index(store.engine)')\n") == [
        "line 2: .engine"
    ]
