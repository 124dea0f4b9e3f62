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


def read_cases(folder: str) -> list[Case]:
    """Return every case of every fixture file in tests/fixtures/<folder>/."""
    cases: list[Case] = []
    for path in sorted((FIXTURES / folder).glob("*.txt")):
        case: Case | None = None
        section: tuple[str, str] | None = None
        lines: list[str] = []

        def close() -> None:
            if case is None or section is None:
                return
            kind, name = section
            text = "\n".join(lines)
            if kind == "dump":
                case.dumps[name or f"dump{len(case.dumps) + 1}.txt"] = text
            elif kind == "config":
                case.config = yaml.safe_load(text) or {}
            elif kind == "expected":
                case.expected = yaml.safe_load(text)
            else:
                raise ValueError(f"{path}: unknown section {kind!r}")

        for line in path.read_text(encoding="utf-8").split("\n"):
            if line.startswith("# case: "):
                close()
                section, lines = None, []
                case = Case(line.removeprefix("# case: ").strip(), path.name)
                cases.append(case)
            elif line.startswith("~~~ ") and case is not None:
                close()
                kind, _, name = line.removeprefix("~~~ ").partition(" ")
                section, lines = (kind, name.strip()), []
            elif section is not None:
                lines.append(line)
        close()
    return cases
