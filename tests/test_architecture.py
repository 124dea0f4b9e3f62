"""The folders are the architecture: the import rule and the size rules, checked on the code.

Every import counts, lazy ones and those under TYPE_CHECKING too. See ARCHITECTURE.md.
"""

from __future__ import annotations

import ast
from collections.abc import Iterator
from pathlib import Path

import pytest

PACKAGE = Path(__file__).resolve().parent.parent / "digest"

# The rungs of the ladder: a module imports its own package or a lower rung, never a higher
# one. ingest and site share a rung and never import each other.
RUNGS = {"": 0, "store": 1, "ingest": 2, "site": 2, "engine": 3, "serve": 4, "commands": 5}
ROOT_ENTRY = {"digest.__main__": "commands"}  # `python -m digest` is a command
PRINTING = ("commands", "serve")  # the only packages that talk to the terminal
MAX_FILE_LINES = 400
MAX_FUNCTION_LINES = 60
# Names of the project's and the site's files: spelled only in paths.py. Folder names
# ("site", "content") are common words; they are caught where they are joined into a path.
PATH_NAMES = {
    "digest.yaml",
    ".ingest.json",
    ".digest-cache",
    ".digest-build",
    "feed.xml",
    "404.html",
    "sitemap.xml",
    "robots.txt",
    "pagefind",
}


def modules() -> dict[str, Path]:
    """Return every module of the package by its dotted name."""
    found = {}
    for path in sorted(PACKAGE.rglob("*.py")):
        parts = path.relative_to(PACKAGE.parent).with_suffix("").parts
        name = ".".join(parts[:-1] if parts[-1] == "__init__" else parts)
        found[name] = path
    return found


MODULES = modules()


def package_of(module: str) -> str:
    """Return the package a module belongs to ("" for the root modules)."""
    if module in ROOT_ENTRY:
        return ROOT_ENTRY[module]
    parts = module.split(".")
    return parts[1] if len(parts) > 2 or (len(parts) == 2 and parts[1] in RUNGS) else ""


def imports_of(module: str) -> set[str]:
    """Return the digest modules *module* imports, anywhere in its code."""
    tree = ast.parse(MODULES[module].read_text(encoding="utf-8"))
    found: set[str] = set()
    for node in ast.walk(tree):
        if isinstance(node, ast.Import):
            names = [alias.name for alias in node.names]
        elif isinstance(node, ast.ImportFrom) and node.module and node.level == 0:
            names = [node.module, *(f"{node.module}.{alias.name}" for alias in node.names)]
        else:
            continue
        found.update(name for name in names if name in MODULES and name != module)
    # `from digest.x import y` names the package digest.x too; only the deepest counts.
    return {name for name in found if not any(other.startswith(name + ".") for other in found)}


GRAPH = {module: imports_of(module) for module in MODULES}


def test_every_module_lives_in_a_known_package() -> None:
    assert {package_of(module) for module in MODULES} <= set(RUNGS)


def test_imports_only_go_down_the_ladder() -> None:
    wrong = []
    for module, imported in GRAPH.items():
        mine = package_of(module)
        for other in imported:
            theirs = package_of(other)
            if theirs == mine:
                continue
            if RUNGS[theirs] >= RUNGS[mine]:
                wrong.append(f"{module} ({mine or 'root'}) imports {other} ({theirs or 'root'})")
    assert wrong == []


def cycles(graph: dict[str, set[str]]) -> list[list[str]]:
    """Return the strongly connected components with more than one module (Tarjan)."""
    index: dict[str, int] = {}
    low: dict[str, int] = {}
    stack: list[str] = []
    on_stack: set[str] = set()
    found: list[list[str]] = []

    def visit(node: str) -> None:
        index[node] = low[node] = len(index)
        stack.append(node)
        on_stack.add(node)
        for other in sorted(graph[node]):
            if other not in index:
                visit(other)
                low[node] = min(low[node], low[other])
            elif other in on_stack:
                low[node] = min(low[node], index[other])
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

    for node in sorted(graph):
        if node not in index:
            visit(node)
    return found


def test_no_import_cycle_anywhere() -> None:
    assert cycles(GRAPH) == []


def test_the_cycle_finder_finds_a_cycle() -> None:
    assert cycles({"a": {"b"}, "b": {"c"}, "c": {"a"}, "d": {"a"}}) == [["a", "b", "c"]]


def test_no_module_is_too_long() -> None:
    long = {
        str(path.relative_to(PACKAGE.parent))
        for path in MODULES.values()
        if len(path.read_text(encoding="utf-8").splitlines()) > MAX_FILE_LINES
    }
    assert long == set()


def functions(tree: ast.AST) -> Iterator[tuple[str, int]]:
    """Yield each function's qualified name and its length, first decorator to last line."""

    def walk(node: ast.AST, prefix: str) -> Iterator[tuple[str, int]]:
        for child in ast.iter_child_nodes(node):
            if isinstance(child, ast.FunctionDef | ast.AsyncFunctionDef | ast.ClassDef):
                name = f"{prefix}{child.name}"
                if not isinstance(child, ast.ClassDef):
                    first = min([child.lineno, *(d.lineno for d in child.decorator_list)])
                    yield name, (child.end_lineno or child.lineno) - first + 1
                yield from walk(child, name + ".")

    yield from walk(tree, "")


def test_no_function_is_too_long() -> None:
    long = set()
    for module, path in MODULES.items():
        tree = ast.parse(path.read_text(encoding="utf-8"))
        for name, lines in functions(tree):
            if lines > MAX_FUNCTION_LINES:
                long.add(f"{module}.{name}")
    assert long == set()


def test_only_the_commands_and_the_dev_server_print() -> None:
    printing = []
    for module, path in MODULES.items():
        if package_of(module) in PRINTING:
            continue
        for node in ast.walk(ast.parse(path.read_text(encoding="utf-8"))):
            if isinstance(node, ast.Call) and getattr(node.func, "id", None) == "print":
                printing.append(f"{module}:{node.lineno}")
    assert printing == []


def path_literals(tree: ast.AST) -> Iterator[tuple[int, str]]:
    """Yield strings that name a project or site file, or that are joined into a path."""
    for node in ast.walk(tree):
        constant = node if isinstance(node, ast.Constant) else None
        text = None if constant is None else constant.value
        if constant is not None and isinstance(text, str) and text.strip("/") in PATH_NAMES:
            yield constant.lineno, text
        joined: list[ast.expr] = []
        if isinstance(node, ast.BinOp) and isinstance(node.op, ast.Div):
            joined = [node.left, node.right]
        elif isinstance(node, ast.Call) and getattr(node.func, "id", None) in ("Path", "PurePath"):
            joined = list(node.args)
        for side in joined:
            if isinstance(side, ast.Constant) and isinstance(side.value, str):
                yield side.lineno, side.value


def test_path_literals_live_only_in_paths_py() -> None:
    found: list[str] = []
    for module, path in MODULES.items():
        if module == "digest.paths":
            continue
        for tree_node in [ast.parse(path.read_text(encoding="utf-8"))]:
            _strip_docstrings(tree_node)
            found.extend(f"{module}:{line}: {text!r}" for line, text in path_literals(tree_node))
    assert found == []


def _strip_docstrings(tree: ast.AST) -> None:
    """Drop docstrings: they may name a path in prose."""
    for node in ast.walk(tree):
        body = getattr(node, "body", None)
        if not isinstance(body, list) or not body:
            continue
        value = body[0].value if isinstance(body[0], ast.Expr) else None
        if isinstance(value, ast.Constant) and isinstance(value.value, str):
            body[0] = ast.Pass()


@pytest.mark.parametrize(
    ("source", "expected"),
    [
        ('x = root / "site"', [(1, "site")]),
        ('x = Path("content")', [(1, "content")]),
        ('x = {"feed.xml": 1}', [(1, "feed.xml")]),
        ('x = {"site": 1}', []),
    ],
)
def test_the_path_rule_sees_path_literals(source: str, expected: list[tuple[int, str]]) -> None:
    assert list(path_literals(ast.parse(source))) == expected


def test_every_module_is_named_in_its_packages_row_of_architecture_md() -> None:
    # The map is how a newcomer finds a module's room; a module missing from it is a room
    # with no door (a merge once dropped two whole rows without anyone noticing).
    rows = [
        line
        for line in (PACKAGE.parent / "ARCHITECTURE.md").read_text(encoding="utf-8").splitlines()
        if line.startswith("| ") and "`" in line
    ]
    missing = []
    for module, path in MODULES.items():
        package, _, name = module.rpartition(".")
        if path.stem in ("__init__", "__main__"):
            continue
        folder = "`digest/` (root)" if package == "digest" else f"`{package.split('.')[-1]}/`"
        row = next((line for line in rows if folder in line.split("|")[2]), "")
        if f"`{name}`" not in row:
            missing.append(module)
    assert not missing, f"modules not named in ARCHITECTURE.md's package table: {missing}"
