"""The package's shape: no import cycle, no module over 400 lines, refiners outside the engine.

The import graph is read from the source (ast), every ``import`` counted wherever it stands (a
function-level or ``TYPE_CHECKING`` import still ties two modules together)."""

from __future__ import annotations

import ast
from pathlib import Path

PACKAGE = Path(__file__).resolve().parents[1] / "src" / "ontherecord"
MAX_LINES = 400
# Modules allowed over the limit, each with the reason (none today).
LONG_MODULES: dict[str, str] = {}
REFINERS = ("ontherecord.reranker", "ontherecord.tagger")


def module_name(path: Path) -> str:
    parts = path.relative_to(PACKAGE.parent).with_suffix("").parts
    return ".".join(parts[:-1] if parts[-1] == "__init__" else parts)


def modules() -> dict[str, Path]:
    return {module_name(path): path for path in sorted(PACKAGE.rglob("*.py"))}


def top_level_names(path: Path) -> set[str]:
    """The names a module binds at its top level (a package's ``__init__`` may bind a submodule's name)."""
    names: set[str] = set()
    for node in ast.parse(path.read_text(encoding="utf-8")).body:
        if isinstance(node, (ast.Import, ast.ImportFrom)):
            names.update((alias.asname or alias.name).split(".")[0] for alias in node.names)
        elif isinstance(node, (ast.FunctionDef, ast.ClassDef)):
            names.add(node.name)
        elif isinstance(node, ast.Assign):
            names.update(t.id for t in node.targets if isinstance(t, ast.Name))
    return names


def imported_modules(name: str, path: Path, known: set[str]) -> set[str]:
    """The project modules ``name`` imports: ``from .x import y`` is module ``x.y`` when there is one
    and ``x`` does not bind ``y`` itself (``from .engine import attribute``: the function), else ``x``."""
    package = name if path.name == "__init__.py" else name.rpartition(".")[0]
    found: set[str] = set()
    for node in ast.walk(ast.parse(path.read_text(encoding="utf-8"))):
        if isinstance(node, ast.Import):
            found.update(alias.name for alias in node.names if alias.name in known)
        elif isinstance(node, ast.ImportFrom):
            if node.level:
                base = package.split(".")[: len(package.split(".")) - node.level + 1]
                target = ".".join(base + ([node.module] if node.module else []))
            else:
                target = node.module or ""
            init = PACKAGE.parent.joinpath(*target.split("."), "__init__.py")
            bound = top_level_names(init) if init.is_file() else set()
            for alias in node.names:
                if f"{target}.{alias.name}" in known and alias.name not in bound:
                    found.add(f"{target}.{alias.name}")
                elif target in known:
                    found.add(target)
    found.discard(name)
    return found


def import_graph() -> dict[str, set[str]]:
    found = modules()
    return {name: imported_modules(name, path, set(found)) for name, path in found.items()}


def cycles(graph: dict[str, set[str]]) -> list[list[str]]:
    """The strongly connected components with more than one module (Tarjan), each sorted."""
    index: dict[str, int] = {}
    low: dict[str, int] = {}
    stack: list[str] = []
    on_stack: set[str] = set()
    components: list[list[str]] = []

    def visit(node: str) -> None:
        index[node] = low[node] = len(index)
        stack.append(node)
        on_stack.add(node)
        for target in sorted(graph.get(node, ())):
            if target not in index:
                visit(target)
                low[node] = min(low[node], low[target])
            elif target in on_stack:
                low[node] = min(low[node], index[target])
        if low[node] == index[node]:
            component = []
            while True:
                member = stack.pop()
                on_stack.discard(member)
                component.append(member)
                if member == node:
                    break
            if len(component) > 1:
                components.append(sorted(component))

    for node in sorted(graph):
        if node not in index:
            visit(node)
    return components


def test_the_cycle_finder_finds_a_cycle():
    graph = {"a": {"b"}, "b": {"c"}, "c": {"a"}, "d": {"a"}}
    assert cycles(graph) == [["a", "b", "c"]]
    assert cycles({"a": {"b"}, "b": set()}) == []


def test_the_graph_sees_relative_and_function_level_imports():
    graph = import_graph()
    assert "ontherecord.engine.cues" in graph["ontherecord.engine.view"]
    assert "ontherecord.reranker.reranker" in graph["ontherecord.component"]  # imported inside a method


def test_no_import_cycle_in_the_package():
    assert cycles(import_graph()) == []


def test_no_module_over_the_line_limit():
    too_long = {
        name: len(path.read_text(encoding="utf-8").splitlines())
        for name, path in modules().items()
        if len(path.read_text(encoding="utf-8").splitlines()) > MAX_LINES and name not in LONG_MODULES
    }
    assert too_long == {}


def test_the_engine_imports_no_refiner_and_no_caller():
    callers = REFINERS + ("ontherecord.component", "ontherecord.pipeline", "ontherecord.commands", "ontherecord.web")
    graph = import_graph()
    crossing = {
        name: sorted(t for t in targets if t.startswith(callers))
        for name, targets in graph.items()
        if name.startswith("ontherecord.engine")
    }
    assert {name: targets for name, targets in crossing.items() if targets} == {}


def test_refiners_read_the_engine_through_its_public_types_only():
    graph = import_graph()
    internal = {
        name: sorted(t for t in targets if t.startswith("ontherecord.engine."))
        for name, targets in graph.items()
        if name.startswith(REFINERS)
    }
    assert {name: targets for name, targets in internal.items() if targets} == {}
