"""The header rules of a project's netlify.toml, for `digest serve --production-headers`."""

from __future__ import annotations

import tomllib
from pathlib import Path

from digest.errors import DigestError
from digest.paths import NETLIFY_FILE


def netlify_headers(project: Path) -> dict[str, dict[str, str]]:
    """Return the header rules of the project's netlify.toml: {"/*": {name: value}, ...}."""
    path = project / NETLIFY_FILE
    try:
        data = tomllib.loads(path.read_text(encoding="utf-8"))
    except FileNotFoundError as error:
        raise DigestError(f"--production-headers: {path} not found") from error
    except (OSError, UnicodeDecodeError, tomllib.TOMLDecodeError) as error:
        raise DigestError(f"{path}: cannot be read as TOML: {error}") from error
    rules: dict[str, dict[str, str]] = {}
    headers = data.get("headers", [])
    if not isinstance(headers, list):
        raise DigestError(f"{path}: headers: expected [[headers]] tables")
    for number, rule in enumerate(headers, start=1):
        pattern = rule.get("for") if isinstance(rule, dict) else None
        values = rule.get("values", {}) if isinstance(rule, dict) else None
        if not isinstance(pattern, str) or not isinstance(values, dict):
            raise DigestError(f"{path}: [[headers]] number {number}: needs 'for' and 'values'")
        merged = rules.setdefault(pattern, {})
        merged.update({str(name): str(value) for name, value in values.items()})
    return rules
