"""The header rules of a project's netlify.toml, for `digest serve --production-headers`."""

from __future__ import annotations

import os
import re
import tomllib
from pathlib import Path

from digest.errors import DigestError
from digest.paths import NETLIFY_FILE
from digest.tree import readable

MAX_BYTES = 1_000_000  # a host's settings are a few kB; /dev/zero or a huge file is refused


def netlify_headers(project: Path) -> dict[str, dict[str, str]]:
    """Return the header rules of the project's netlify.toml: {"/*": {name: value}, ...}."""
    path = project / NETLIFY_FILE
    if not os.path.lexists(path):  # (a dangling link is there: refused below)
        raise DigestError(f"--production-headers: {path} not found")
    # Like digest.yaml: a link out of the project, a FIFO or a device is never read.
    if not readable(path, project):
        raise DigestError(f"{path}: not a regular file inside the project; refused")
    try:
        with path.open("rb") as file:
            data_bytes = file.read(MAX_BYTES + 1)
        if len(data_bytes) > MAX_BYTES:
            raise DigestError(f"{path}: more than {MAX_BYTES:,} bytes; refused")
        data = tomllib.loads(data_bytes.decode("utf-8"))
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
        for name, value in values.items():
            merged[name] = _header(path, number, name, value)
    return rules


# A header name is an HTTP token (RFC 9110, 5.6.2).
_TOKEN = re.compile(r"[!#$%&'*+.^_`|~0-9A-Za-z-]+")
# Netlify folds a value written over several lines (a Content-Security-Policy in a multi-line
# string) into one line; any other control character would end the header and start another
# (a value holding "\r\nSet-Cookie: ..." split the response).
_FOLD = re.compile(r"[ \t]*\r?\n[ \t]*")
_CONTROL = re.compile(r"[\x00-\x08\x0a-\x1f\x7f]")


def _header(path: Path, number: int, name: str, value: object) -> str:
    """Return the value of header *name* on one line, or say why it cannot be sent."""
    where = f"{path}: [[headers]] number {number}"
    if not _TOKEN.fullmatch(name):
        raise DigestError(f"{where}: {name!r} is not a header name")
    if not isinstance(value, str | int | float) or isinstance(value, bool):
        raise DigestError(f"{where}: {name}: expected a string, not {type(value).__name__}")
    folded = _FOLD.sub(" ", str(value)).strip()
    if _CONTROL.search(folded):
        raise DigestError(f"{where}: {name}: a control character in the value; refused")
    if not folded.isascii():  # HTTP sends a header's bytes as Latin-1 at most: "→" failed
        raise DigestError(f"{where}: {name}: a character HTTP headers cannot carry (non-ASCII)")
    return folded
