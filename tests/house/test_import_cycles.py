"""No import cycles among harrier's modules.

The import graph is read from the source with ``ast``: every ``import``/``from ... import`` of a harrier module,
also inside functions (a deferred import is still a dependency, just a hidden one), except under
``if TYPE_CHECKING:`` (annotations only, never run). ``from pkg import name`` points at the submodule
``pkg.name`` when one exists, else at ``pkg``. A cycle is a strongly connected component of more than one module.
"""

from __future__ import annotations

import ast
from pathlib import Path

import pytest
from scipy.sparse import csr_matrix
from scipy.sparse.csgraph import connected_components

SRC = Path(__file__).resolve().parents[2] / "src"


def _modules() -> dict[str, Path]:
    out: dict[str, Path] = {}
    for path in (SRC / "harrier").rglob("*.py"):
        parts = path.relative_to(SRC).with_suffix("").parts
        if "migrations" in parts:  # Alembic loads these by file path, not by import
            continue
        out[".".join(parts[:-1] if parts[-1] == "__init__" else parts)] = path
    return out


def _is_type_checking(test: ast.expr) -> bool:
    return (isinstance(test, ast.Name) and test.id == "TYPE_CHECKING") or (
        isinstance(test, ast.Attribute) and test.attr == "TYPE_CHECKING")


def _imports(tree: ast.AST) -> list[ast.Import | ast.ImportFrom]:
    found: list[ast.Import | ast.ImportFrom] = []

    def walk(node: ast.AST) -> None:
        for child in ast.iter_child_nodes(node):
            if isinstance(child, ast.If) and _is_type_checking(child.test):
                for sub in child.orelse:
                    walk(sub)
                continue
            if isinstance(child, ast.Import | ast.ImportFrom):
                found.append(child)
            walk(child)

    walk(tree)
    return found


def import_graph() -> dict[str, set[str]]:
    """module -> the harrier modules it imports."""
    mods = _modules()
    graph: dict[str, set[str]] = {m: set() for m in mods}
    for mod, path in mods.items():
        package = mod if path.name == "__init__.py" else mod.rpartition(".")[0]
        for node in _imports(ast.parse(path.read_text(encoding="utf-8"), str(path))):
            if isinstance(node, ast.Import):
                targets = [a.name for a in node.names]
            else:
                base = node.module or ""
                if node.level:
                    anchor = package.split(".")[: len(package.split(".")) - node.level + 1]
                    base = ".".join([*anchor, base] if base else anchor)
                targets = [f"{base}.{a.name}" if f"{base}.{a.name}" in mods else base for a in node.names]
            for target in targets:
                while target and target not in mods:  # `import harrier.x.y` of a name inside harrier.x
                    target = target.rpartition(".")[0]
                if target and target != mod:
                    graph[mod].add(target)
    return graph


def cycles(graph: dict[str, set[str]]) -> list[list[str]]:
    names = sorted(graph)
    index = {n: i for i, n in enumerate(names)}
    rows = [index[a] for a in names for _ in graph[a]]
    cols = [index[b] for a in names for b in sorted(graph[a])]
    matrix = csr_matrix(([1] * len(rows), (rows, cols)), shape=(len(names), len(names)))
    _, labels = connected_components(matrix, directed=True, connection="strong")
    groups: dict[int, list[str]] = {}
    for name, label in zip(names, labels, strict=True):
        groups.setdefault(int(label), []).append(name)
    return sorted(g for g in groups.values() if len(g) > 1)


def test_the_graph_sees_deferred_and_relative_imports():
    graph = import_graph()
    assert "harrier.review.pages" in graph["harrier.review.app"]  # a from-package-import-submodule
    assert "harrier.ingest.events" in graph["harrier.review.api"]  # an import inside a function
    assert "harrier.demo.metrics" in graph["harrier.evaluation.platform"]


def test_a_cycle_is_found_when_there_is_one():
    graph = {"a": {"b"}, "b": {"c"}, "c": {"a"}, "d": {"a"}}
    assert cycles(graph) == [["a", "b", "c"]]


@pytest.mark.parametrize("pair", [
    ("harrier.detect.text.lexicon", "harrier.detect.text.normalise"),
    ("harrier.review.app", "harrier.review.pages"),
])
def test_formerly_cyclic_pairs_stay_apart(pair: tuple[str, str]):
    a, b = pair
    graph = import_graph()
    assert not (b in graph[a] and a in graph[b]), f"{a} and {b} import each other"
    assert not any(a in c and b in c for c in cycles(graph)), f"{a} and {b} are on one import cycle"


def test_no_import_cycles_in_harrier():
    found = cycles(import_graph())
    assert not found, "import cycles (move the shared piece into a module both import): " + "; ".join(
        " <-> ".join(c) for c in found)
