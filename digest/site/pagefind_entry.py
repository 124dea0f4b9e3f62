"""Pagefind's entry file written the same way on every run: its languages in name order.

Pagefind 1.x writes `pagefind-entry.json` (its version, each language's meta file and page
count, the characters it indexes inside words) with the languages of an index in the order
of a hash map of its own, which changes from run to run: a shard whose pages are of several
languages indexed twice gave two entry files (review: cold16). Every other file of an index
is named by a hash of its bytes. The search script reads the languages by name, and picks
one by page count when the page's own is not there (a stable sort: on equal counts, the
first listed); listed by name, the pick is the same on every run.
"""

from __future__ import annotations

import json
import os
from pathlib import Path

ENTRY = "pagefind-entry.json"  # Pagefind's entry file: each language's meta file
MAX_ENTRY_BYTES = 1_000_000  # a few hundred bytes a language


def steady_entry(output: Path) -> None:
    """Rewrite the entry file of Pagefind's *output* folder with its languages in name
    order, the rest as Pagefind wrote it; a file already in that order, or of another shape
    than Pagefind 1.x's, is left as it is."""
    path = output / ENTRY
    try:
        with open(path, "rb") as handle:
            data = handle.read(MAX_ENTRY_BYTES + 1)
    except OSError:
        return
    steady = steady_bytes(data) if len(data) <= MAX_ENTRY_BYTES else None
    if steady is None or steady == data:
        return
    temporary = output / f".{ENTRY}.tmp"
    temporary.write_bytes(steady)
    os.replace(temporary, path)


def steady_bytes(data: bytes) -> bytes | None:
    """Return the entry *data* with its languages in name order; None when it is not an
    entry file as Pagefind writes one (compact JSON, UTF-8: written back the same way)."""
    try:
        entry = json.loads(data, object_pairs_hook=dict)
    except ValueError:
        return None
    languages = entry.get("languages") if isinstance(entry, dict) else None
    if not isinstance(languages, dict) or _dumped(entry) != data:
        return None  # another shape: written back, it would differ in more than the order
    entry["languages"] = {name: languages[name] for name in sorted(languages)}
    return _dumped(entry)


def _dumped(entry: object) -> bytes:
    return json.dumps(entry, ensure_ascii=False, separators=(",", ":")).encode("utf-8")
