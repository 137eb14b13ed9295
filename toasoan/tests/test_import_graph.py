"""One direction through the code (docs/architecture.md): no import runs upward, no import cycle.

Every import counts, at the top of a module or inside a function (an import moved into a function
still ties the two modules); only imports for type checkers (`if TYPE_CHECKING:`) are left out.
Tests and migrations are not part of the graph.
"""

from __future__ import annotations

import ast
from pathlib import Path

import pytest

PACKAGE = Path(__file__).resolve().parents[1]

#: From the bottom up. Each name is a package or module directly under toasoan/.
LAYERS: dict[str, int] = {
    # Vietnamese text and formats.
    "vntext": 0,
    "formats": 0,
    # What imports no app of the portal: caches and content-changed events, operations.
    "cache": 1,
    "operations": 1,
    # Content.
    "sections": 2,
    "articles": 2,
    # Features.
    "accounts": 3,
    "analytics": 3,
    "comments": 3,
    "compliance": 3,
    "discovery": 3,
    "editorial": 3,
    "importer": 3,
    "legal": 3,
    "links": 3,
    "nukeviet": 3,
    "organisation": 3,
    "portals": 3,
    "questions": 3,
    "search": 3,
    # Delivery: purges, baking, nginx, the WSGI fast path.
    "delivery": 4,
    # The site.
    "demo": 5,
    "settings": 5,
    "urls": 5,
    "views": 5,
    "wsgi": 5,
}
NOT_CODE = {"static", "templates", "tests", "__init__"}


def module_name(path: Path, root: Path) -> str:
    parts = list(path.relative_to(root.parent).with_suffix("").parts)
    if parts[-1] == "__init__":
        parts.pop()
    return ".".join(parts)


def read_sources(root: Path) -> dict[str, tuple[str, bool]]:
    """module name -> (source, is a package's __init__)."""
    sources = {}
    for path in sorted(root.rglob("*.py")):
        relative = path.relative_to(root).parts
        if "tests" in relative or "migrations" in relative:
            continue
        sources[module_name(path, root)] = (path.read_text(encoding="utf-8"), path.name == "__init__.py")
    return sources


def _type_checking_only(tree: ast.AST) -> set[ast.AST]:
    skipped = set()
    for node in ast.walk(tree):
        if isinstance(node, ast.If) and "TYPE_CHECKING" in ast.unparse(node.test):
            for child in node.body:
                skipped.update(ast.walk(child))
    return skipped


def imports(sources: dict[str, tuple[str, bool]]) -> dict[str, set[str]]:
    """The graph: each module and the project's modules it imports."""
    graph: dict[str, set[str]] = {name: set() for name in sources}
    for name, (source, is_package) in sources.items():
        tree = ast.parse(source)
        skipped = _type_checking_only(tree)
        for node in ast.walk(tree):
            if node in skipped:
                continue
            targets: list[str] = []
            if isinstance(node, ast.Import):
                targets = [alias.name for alias in node.names]
            elif isinstance(node, ast.ImportFrom):
                if node.level:
                    base = name.split(".")
                    if not is_package:
                        base = base[:-1]
                    base = base[: len(base) - (node.level - 1)]
                    module = ".".join([*base, *([node.module] if node.module else [])])
                else:
                    module = node.module or ""
                targets = [module, *(f"{module}.{alias.name}" for alias in node.names)]
            for target in targets:
                while target and target not in sources:
                    target = target.rpartition(".")[0]
                if target and target != name:
                    graph[name].add(target)
    return graph


def layer_of(module: str, layers: dict[str, int]) -> int | None:
    parts = module.split(".")
    return layers.get(parts[1]) if len(parts) > 1 else None


def upward(graph: dict[str, set[str]], layers: dict[str, int]) -> list[str]:
    found = []
    for module, targets in graph.items():
        here = layer_of(module, layers)
        for target in targets:
            there = layer_of(target, layers)
            if here is not None and there is not None and there > here:
                found.append(f"{module} (layer {here}) imports {target} (layer {there})")
    return sorted(found)


def cycles(graph: dict[str, set[str]]) -> list[list[str]]:
    """Strongly connected components of more than one module (Tarjan, iteratively)."""
    index: dict[str, int] = {}
    low: dict[str, int] = {}
    stack: list[str] = []
    on_stack: set[str] = set()
    found: list[list[str]] = []
    counter = 0
    for start in sorted(graph):
        if start in index:
            continue
        work = [(start, iter(sorted(graph[start])))]
        index[start] = low[start] = counter
        counter += 1
        stack.append(start)
        on_stack.add(start)
        while work:
            node, children = work[-1]
            for child in children:
                if child not in index:
                    index[child] = low[child] = counter
                    counter += 1
                    stack.append(child)
                    on_stack.add(child)
                    work.append((child, iter(sorted(graph[child]))))
                    break
                if child in on_stack:
                    low[node] = min(low[node], index[child])
            else:
                work.pop()
                if work:
                    low[work[-1][0]] = min(low[work[-1][0]], low[node])
                if low[node] == index[node]:
                    component = []
                    while True:
                        member = stack.pop()
                        on_stack.discard(member)
                        component.append(member)
                        if member == node:
                            break
                    if len(component) > 1:
                        found.append(sorted(component))
    return found


@pytest.fixture(scope="module")
def graph() -> dict[str, set[str]]:
    return imports(read_sources(PACKAGE))


def test_every_part_of_the_code_has_a_layer():
    names = {path.stem if path.is_file() else path.name for path in PACKAGE.iterdir()}
    code = {name for name in names if not name.startswith((".", "_")) and name not in NOT_CODE}
    code = {name for name in code if (PACKAGE / name).is_dir() or (PACKAGE / f"{name}.py").exists()}
    assert code - set(LAYERS) == set(), "add the new package to LAYERS and docs/architecture.md"


def test_no_import_runs_upward(graph):
    assert upward(graph, LAYERS) == []


def test_no_import_cycle(graph):
    assert cycles(graph) == []


def test_the_checks_see_an_upward_import_and_a_cycle_hidden_in_a_function():
    sources = {
        "toasoan": ("", True),
        "toasoan.articles": ("", True),
        "toasoan.articles.models": ("def f():\n    from toasoan.comments import models\n", False),
        "toasoan.comments": ("", True),
        "toasoan.comments.models": ("from toasoan.articles.models import f\n", False),
        "toasoan.comments.typing_only": (
            "from typing import TYPE_CHECKING\nif TYPE_CHECKING:\n    from toasoan.delivery import x\n",
            False,
        ),
        "toasoan.delivery": ("", True),
        "toasoan.delivery.x": ("", False),
    }
    graph = imports(sources)
    assert upward(graph, LAYERS) == [
        "toasoan.articles.models (layer 2) imports toasoan.comments (layer 3)",
        "toasoan.articles.models (layer 2) imports toasoan.comments.models (layer 3)",
    ]
    assert cycles(graph) == [["toasoan.articles.models", "toasoan.comments.models"]]
