"""Read fixture files of small cases: dumps in, expected stories out.

A fixture file holds cases; each starts with `# case: <name>` and has sections opened by
lines `~~~ <kind> [<name>]` (kinds: config, dump, expected). A dump section's text is taken
exactly, blank lines included; `config` and `expected` are YAML.
"""

from __future__ import annotations

from dataclasses import dataclass, field
from pathlib import Path
from typing import Any

import yaml

FIXTURES = Path(__file__).parent / "fixtures"


@dataclass
class Case:
    name: str
    file: str
    dumps: dict[str, str] = field(default_factory=dict)
    config: dict[str, Any] = field(default_factory=dict)
    expected: Any = None

    def add(self, kind: str, name: str, text: str) -> None:
        """Store one section's text."""
        if kind == "dump":
            self.dumps[name or f"dump{len(self.dumps) + 1}.txt"] = text
        elif kind == "config":
            self.config = yaml.safe_load(text) or {}
        elif kind == "expected":
            self.expected = yaml.safe_load(text)
        else:
            raise ValueError(f"{self.file}: unknown section {kind!r} in case {self.name!r}")


def _sections(lines: list[str]) -> list[tuple[str, str, str]]:
    """Split a case's lines into (kind, name, text) sections."""
    sections: list[tuple[str, str, list[str]]] = []
    for line in lines:
        if line.startswith("~~~ "):
            kind, _, name = line.removeprefix("~~~ ").partition(" ")
            sections.append((kind, name.strip(), []))
        elif sections:
            sections[-1][2].append(line)
    return [(kind, name, "\n".join(body)) for kind, name, body in sections]


def read_cases(folder: str) -> list[Case]:
    """Return every case of every fixture file in tests/fixtures/<folder>/."""
    cases: list[Case] = []
    for path in sorted((FIXTURES / folder).glob("*.txt")):
        blocks = path.read_text(encoding="utf-8").split("# case: ")[1:]
        for block in blocks:
            name, *lines = block.split("\n")
            case = Case(name.strip(), path.name)
            for kind, section_name, text in _sections(lines):
                case.add(kind, section_name, text)
            cases.append(case)
    return cases
