"""Theme file: a theme's `theme.yaml` read and checked, each problem named by file and line.

A theme folder may hold `theme.yaml` (`extends: default`, `description: ...`). A key it does
not know, a value of the wrong type, text that is not YAML or not UTF-8: an error naming the
file, as the project shows it (`themes/mine/theme.yaml`), and the line of the key.
"""

from __future__ import annotations

from collections.abc import Callable
from dataclasses import dataclass
from pathlib import Path

import yaml

from digest import safe_yaml
from digest.errors import DigestError, clip
from digest.not_utf8 import not_utf8
from digest.paths import shown
from digest.tree import readable
from digest.yaml_errors import explain, key_lines

THEME_FILE = "theme.yaml"
THEME_KEYS = ("extends", "description")


class ThemeError(DigestError):
    """A theme is missing, extends itself, or has a broken theme.yaml."""


@dataclass(frozen=True, slots=True)
class ThemeFile:
    """What a theme's theme.yaml says: the theme it extends, and where it says so."""

    extends: str | None
    where: str  # "themes/mine/theme.yaml:1: extends": where an error about it points


def read_theme_file(project: Path, folder: Path) -> ThemeFile:
    """Return what theme *folder*'s theme.yaml says (nothing extended without one)."""
    path = folder / THEME_FILE
    name = shown(project, path)
    if not path.exists():
        return ThemeFile(None, f"{name}: extends")
    if not readable(path, folder):  # a FIFO would hang the build, a link out leak a file
        raise ThemeError(f"{name}: not a regular file inside {shown(project, folder)}; refused")
    data = path.read_bytes()
    try:
        text = data.decode("utf-8-sig")
    except UnicodeDecodeError as error:
        problem, line = not_utf8(data, error)
        raise ThemeError(f"{name}:{line}: {problem}") from error
    try:
        found = safe_yaml.load(text)
    except yaml.YAMLError as error:
        explained = explain(error, text)
        raise ThemeError(f"{name}:{explained.where()}: {explained.message}") from error
    if found is None:
        return ThemeFile(None, f"{name}: extends")
    lines = key_lines(text)
    if not isinstance(found, dict):
        line = _first_line(text)
        raise ThemeError(f"{name}:{line}: expected a mapping such as 'extends: default'")
    unknown = sorted((str(key) for key in found if key not in THEME_KEYS), key=_line_of(lines))
    if unknown:
        known = ", ".join(THEME_KEYS)
        line = lines.get(unknown[0], 1)
        raise ThemeError(f"{name}:{line}: unknown key {clip(unknown[0])} (known keys: {known})")
    parent, line = found.get("extends"), lines.get("extends", 1)
    if parent is not None and not isinstance(parent, str):
        raise ThemeError(f"{name}:{line}: extends: expected a theme name, got {clip(parent)}")
    return ThemeFile(parent, f"{name}:{line}: extends")


def _line_of(lines: dict[str, int]) -> Callable[[str], tuple[int, str]]:
    return lambda key: (lines.get(key, 0), key)


def _first_line(text: str) -> int:
    """Return the line of the first thing *text* holds that is no comment nor blank."""
    for number, line in enumerate(text.splitlines(), start=1):
        if line.strip() and not line.lstrip().startswith(("#", "---")):
            return number
    return 1
