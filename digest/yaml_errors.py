"""YAML errors in plain words: where the mistake is (line, column) and what to change.

PyYAML says what its scanner was doing ("while scanning a simple key ... could not find
expected ':'"), which tells an editor little, and it points at where it gave up, which is
often a line after the mistake (an unclosed quote is noticed at the end of the file). Each
rule below matches one of its errors (the words of libyaml, which digest's loader uses, and
of the pure-Python loader), says what is wrong as an editor would say it, and picks the mark
to name: where a quote or bracket was opened, or where the parser stopped. Digest.yaml and
every story's front matter report their YAML errors through `explain`.
"""

from __future__ import annotations

from dataclasses import dataclass

import yaml

from digest.errors import clip
from digest.safe_yaml import DuplicateKeyError, YamlLimitError

_QUOTE_HINT = "put the whole value in quotes"


def key_name(name: str) -> str:
    """Return a mapping key as a dotted name shows it: as written when it is a plain word or
    words, else quoted ('' for an empty one), so a message and `key_lines` agree on it."""
    plain = name and name == name.strip() and ": " not in name and name.isprintable()
    return name if plain and "[" not in name else clip(name)


def key_lines(text: str) -> dict[str, int]:
    """Return the line (from 1) of every key of a YAML mapping, by dotted name (`key_name`),
    and of every item of a list under one ("ingest.chrome[2]")."""
    try:
        root = yaml.compose(text, Loader=yaml.SafeLoader)
    except yaml.YAMLError:
        return {}
    lines: dict[str, int] = {}

    def walk(node: yaml.Node | None, prefix: str) -> None:
        if isinstance(node, yaml.SequenceNode) and prefix:
            for number, item in enumerate(node.value):
                lines.setdefault(f"{prefix}[{number}]", item.start_mark.line + 1)
        if not isinstance(node, yaml.MappingNode):
            return
        for key, value in node.value:
            if isinstance(key, yaml.ScalarNode):
                name = f"{prefix}.{key_name(key.value)}" if prefix else key_name(key.value)
                lines.setdefault(name, key.start_mark.line + 1)
                walk(value, name)

    walk(root, "")
    return lines


@dataclass(frozen=True, slots=True)
class YamlProblem:
    """A YAML error explained: its line and column (from 1, in the document), and why."""

    line: int
    column: int
    message: str

    def where(self) -> str:
        """Return "LINE:COLUMN", as a file position is written after a file's name."""
        return f"{self.line}:{self.column}"


@dataclass(frozen=True, slots=True)
class _Rule:
    problem: str  # words of PyYAML's problem (or of its context, below) that select the rule
    context: str
    at_context: bool  # name the context's mark (where the value began), not the problem's
    message: str


_RULES = (
    _Rule(
        "mapping values are not allowed",
        "",
        False,
        "a second ': ' in one line, where no new key can start: "
        f'{_QUOTE_HINT} (title: "Budget: the vote"), or indent this line as the key above',
    ),
    _Rule(
        "unknown escape character",
        "",
        False,
        'a backslash in a "..." value starts an escape, and this one is unknown: write \\\\'
        " for a backslash, or use single quotes ('C:\\path')",
    ),
    _Rule(
        "",
        "while scanning a quoted scalar",
        True,
        "this value opens a quote that is never closed: end it with the same quote",
    ),
    _Rule(
        "",
        "scanning a simple key",
        True,
        "this line has no ': ' after its key (write 'key: value'), or a quote, '[' or '{'"
        " opened above it is not closed",
    ),
    _Rule(
        "tab character",
        "",
        False,
        "a tab character: YAML indents with spaces only",
    ),
    _Rule(
        "",
        "while parsing a flow sequence",
        True,
        "a list opened with '[' here is not closed with ']' (or two items lack a ',')",
    ),
    _Rule(
        "",
        "while parsing a flow mapping",
        True,
        "a mapping opened with '{' here is not closed with '}' (or two entries lack a ',')",
    ),
    _Rule(
        "",
        "while parsing a block mapping",
        False,
        "unexpected text here: a value goes on its key's line or is indented below it, a"
        " quoted value ends at its closing quote (write a quote inside '...' twice: 'it''s'),"
        " and a '- ' item needs a key ending in ':' above it",
    ),
    _Rule(
        "",
        "while parsing a block",
        False,
        "this line's indentation does not match the lines above it",
    ),
    _Rule(
        "",
        "while scanning an alias",
        True,
        f"a value starting with '*' is read as a YAML alias: {_QUOTE_HINT}",
    ),
    _Rule(
        "",
        "while scanning an anchor",
        True,
        f"a value starting with '&' is read as a YAML anchor: {_QUOTE_HINT}",
    ),
    _Rule(
        "undefined alias",
        "",
        False,
        f"a value starting with '*' is read as a YAML alias: {_QUOTE_HINT}",
    ),
    _Rule(
        "constructor for the tag",
        "",
        False,
        f"a value starting with '!' is read as a YAML tag: {_QUOTE_HINT}",
    ),
    _Rule(
        "",
        "while scanning a block scalar",
        True,
        "'|' or '>' starts a block of text: nothing may follow it on its line, the text goes"
        " on the indented lines below",
    ),
    _Rule(
        "",
        "while scanning a directive",
        True,
        f"a line starting with '%' is read as a YAML directive: {_QUOTE_HINT}",
    ),
    _Rule(
        "another document",
        "",
        False,
        "a second '---' document: the file holds one mapping of keys and values",
    ),
)


def explain(error: yaml.YAMLError, text: str, first_line: int = 1) -> YamlProblem:
    """Explain *error*, raised reading *text*; its first line is line *first_line* of the file."""
    if not isinstance(error, yaml.MarkedYAMLError):
        return YamlProblem(first_line, 1, f"not valid YAML ({error})")
    if isinstance(error, YamlLimitError):  # plain words already: digest's own limits
        mark = error.problem_mark
        line, column = (mark.line, mark.column + 1) if mark is not None else (0, 1)
        return YamlProblem(first_line + line, column, f"refused: {error.problem}")
    problem, context = error.problem or "", error.context or ""
    mark = error.problem_mark or error.context_mark
    message = _character_problem(problem, text, mark)
    rule = next((r for r in _RULES if r.problem in problem and r.context in context), None)
    if message is None and rule is not None:
        message = rule.message
        mark = (error.context_mark if rule.at_context else None) or mark
    said = " ".join(part for part in (context, problem) if part)
    if isinstance(error, DuplicateKeyError):
        message = (
            f"duplicate key {error.key!r}: it is given on line {first_line + error.first.line}"
            " and again here; keep one"
        )
    elif message is None:
        message = said
    else:
        message = f"{message} (the YAML reader says: {said})"
    line = first_line + (mark.line if mark is not None else 0)
    column = mark.column + 1 if mark is not None else 1
    return YamlProblem(line, column, f"not valid YAML: {message}")


def _character_problem(problem: str, text: str, mark: yaml.Mark | None) -> str | None:
    """Explain "found character that cannot start any token" by the character itself."""
    if "cannot start any token" not in problem or mark is None:
        return None
    lines = text.split("\n")
    line = lines[mark.line] if mark.line < len(lines) else ""
    character = line[mark.column] if mark.column < len(line) else ""
    if character == "\t":
        return "a tab character: YAML indents with spaces only"
    if character:
        return f"a value cannot start with {character!r} in YAML: {_QUOTE_HINT}"
    return None
