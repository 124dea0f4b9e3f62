"""Bounded YAML: the safe loader, with limits that no file can make digest exceed.

A project's YAML (front matter, digest.yaml, a theme's theme.yaml) may come from anyone. An
alias names a node already read, so a few lines of aliases ("billion laughs") stand for a
billion values, and anything that walks them (a check, an error message) runs out of memory
or time. Before a document is turned into Python values, its node graph is measured: its size
with every alias expanded, its depth, and whether an alias contains itself. A document over a
limit is refused with a YAML error that points at the node, so callers report it as any other
YAML error, naming the file and the line.
"""

from __future__ import annotations

from typing import Any

import yaml

try:  # The C loader reads front matter about eight times faster than the pure-Python one.
    _BaseLoader: type[yaml.SafeLoader] = yaml.CSafeLoader  # type: ignore[assignment]
except AttributeError:  # pragma: no cover - PyYAML built without libyaml
    _BaseLoader = yaml.SafeLoader

MAX_BYTES = 1_000_000  # of one document's text
MAX_DEPTH = 40  # lists and mappings inside each other
MAX_NODES = 200_000  # values in one document, every alias expanded


class YamlLimitError(yaml.MarkedYAMLError):
    """A YAML document is larger, deeper or more aliased than digest reads."""

    def __init__(self, problem: str, mark: yaml.Mark | None = None) -> None:
        super().__init__(problem=problem, problem_mark=mark)


def check_text(text: str) -> None:
    """Refuse a document too long to read."""
    if len(text) > MAX_BYTES:
        raise YamlLimitError(f"too long to read: {len(text)} characters, at most {MAX_BYTES}")
    # The parser nests flow collections ("[[[...") by recursion; refuse before it can.
    if text.count("[") + text.count("{") > MAX_DEPTH:
        depth = deepest = 0
        for character in text:
            if character in "[{":
                depth += 1
                deepest = max(deepest, depth)
            elif character in "]}":
                depth = max(depth - 1, 0)
        if deepest > MAX_DEPTH:
            raise YamlLimitError(f"nested more than {MAX_DEPTH} levels deep")


def _children(node: yaml.Node) -> list[yaml.Node]:
    if isinstance(node, yaml.SequenceNode):
        return list(node.value)
    if isinstance(node, yaml.MappingNode):
        return [part for pair in node.value for part in pair]
    return []


def check_node(root: yaml.Node) -> None:
    """Refuse a node graph too deep, too large once aliases are expanded, or that holds itself."""
    if not _plain_tree_within_limits(root):
        _check_graph(root)


def _plain_tree_within_limits(root: yaml.Node) -> bool:
    """Tell whether *root* is a tree (no node reached twice: no alias) within the limits.

    What every front matter is, checked in one cheap walk; anything else (an alias, a limit
    passed) gets the full check, which names the first problem.
    """
    seen: set[int] = set()
    pending: list[tuple[yaml.Node, int]] = [(root, 0)]
    while pending:
        node, depth = pending.pop()
        key = id(node)
        if key in seen or depth > MAX_DEPTH:
            return False
        seen.add(key)
        if isinstance(node, yaml.MappingNode):
            pending.extend((part, depth + 1) for pair in node.value for part in pair)
        elif isinstance(node, yaml.SequenceNode):
            pending.extend((child, depth + 1) for child in node.value)
    return len(seen) <= MAX_NODES


def _check_graph(root: yaml.Node) -> None:
    sizes: dict[int, int] = {}  # expanded size of each node measured, by id
    on_path: set[int] = set()
    pending: list[tuple[yaml.Node, int, bool]] = [(root, 0, False)]
    while pending:
        node, depth, measured = pending.pop()
        key = id(node)
        if measured:
            on_path.discard(key)
            sizes[key] = 1 + sum(sizes[id(child)] for child in _children(node))
            if sizes[key] > MAX_NODES:
                raise YamlLimitError(
                    f"too many values once aliases are expanded (over {MAX_NODES})",
                    node.start_mark,
                )
            continue
        if key in sizes:
            continue
        if key in on_path:
            raise YamlLimitError("an alias that contains itself", node.start_mark)
        if depth > MAX_DEPTH:
            raise YamlLimitError(f"nested more than {MAX_DEPTH} levels deep", node.start_mark)
        on_path.add(key)
        pending.append((node, depth, True))
        pending.extend((child, depth + 1, False) for child in _children(node))


class BoundedLoader(_BaseLoader):  # type: ignore[misc,valid-type]
    """The safe loader, refusing documents over the limits before building their values, and
    a mapping with the same key twice (YAML says it is invalid; PyYAML keeps the last)."""

    def get_single_data(self) -> Any:
        node = self.get_single_node()
        if node is None:
            return None
        check_node(node)
        return self.construct_document(node)

    def construct_mapping(self, node: yaml.MappingNode, deep: bool = False) -> dict[Any, Any]:
        seen: dict[object, yaml.Mark] = {}
        for key_node, _ in node.value:
            key = self.construct_object(key_node, deep=deep)
            try:
                first = seen.setdefault(key, key_node.start_mark)
            except TypeError:  # a list as a key: PyYAML's own check names it
                continue
            if first is not key_node.start_mark:
                raise DuplicateKeyError(key, first, key_node.start_mark)
        return super().construct_mapping(node, deep=deep)  # type: ignore[no-any-return]


class DuplicateKeyError(yaml.MarkedYAMLError):
    """A mapping gives the same key twice: *first* marks the first, the error's mark the second."""

    def __init__(self, key: object, first: yaml.Mark, again: yaml.Mark) -> None:
        super().__init__(problem=f"duplicate key {key!r}", problem_mark=again)
        self.key = key
        self.first = first


def load(text: str, loader: type[BoundedLoader] = BoundedLoader) -> Any:
    """Return the values of the YAML document *text*; raise yaml.YAMLError if it is refused."""
    check_text(text)
    return yaml.load(text, Loader=loader)
