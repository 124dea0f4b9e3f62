"""Code stamp: a key of digest's own code and the libraries that shape the output.

Every cache key holds it, so an upgrade or an edited module misses the cache instead of
reusing an old result. It is made of bytes and versions, never of file times or paths: a
fresh clone or a fresh install of the same code (a deploy) finds the cache it restored.
"""

from __future__ import annotations

import hashlib
import importlib.util
import os
import sys
from pathlib import Path

from digest.paths import PACKAGE as _PACKAGE
from digest.store.cache import key_of

BYTECODE_DIR = "__pycache__"  # what Python compiles digest's modules into: not digest's code
# Libraries whose code shapes the output: a new version of any of them is a new digest.
LIBRARIES = (
    "markdown_it",
    "mdurl",
    "jinja2",
    "markupsafe",
    "yaml",
    "slugify",
    "text_unidecode",
    "numpy",
    "trafilatura",
    "justext",
    "lxml",
    "pagefind_bin",
    "pagefind_bin_extended",
)


def code_stamp() -> str:
    """Return a key that changes whenever digest's code or a rendering library changes.

    digest's own files count by their bytes (about 600 KB, read in milliseconds), libraries
    by the versions installed beside them: a fresh clone or a fresh install of the same code
    (a deploy, where every file time is new) finds the cache it restored, and an edited
    module or another version of a library misses it instead of reusing an old result.
    """
    parts: list[object] = [sys.version]
    for relative, path in _package_files():
        with open(path, "rb") as file:  # SHA-256: here twice as fast as BLAKE2 (SHA-NI)
            parts.append([relative, hashlib.sha256(file.read()).hexdigest()])
    folders: set[Path] = set()
    for name in LIBRARIES:
        spec = importlib.util.find_spec(name)
        origin = spec.origin if spec is not None else None
        parts.append([name, origin is not None])
        if origin is not None:
            folders.add(Path(origin).parent.parent)
    parts.extend(installed_versions(folder) for folder in sorted(folders))
    return key_of(*parts)


def installed_versions(folder: Path) -> list[str]:
    """Return the distributions installed in *folder* with their versions (dist-info names)."""
    try:
        names = os.listdir(folder)
    except OSError:
        return []
    return sorted(name for name in names if name.endswith((".dist-info", ".egg-info")))


def _package_files() -> list[tuple[str, str]]:
    """Return (relative path, path) of digest's own files, sorted; compiled bytecode left out.

    A plain walk, its __pycache__ folders never entered: every build runs it first, and a
    walk by Path objects took the most part of a build with nothing to do.
    """
    found: list[tuple[str, str]] = []
    root = os.fspath(_PACKAGE)
    for folder, folders, names in os.walk(root):
        folders[:] = [name for name in folders if name != BYTECODE_DIR]
        prefix = os.path.relpath(folder, root).replace(os.sep, "/")
        for name in names:
            path = os.path.join(folder, name)
            if os.path.isfile(path):
                found.append((name if prefix == "." else f"{prefix}/{name}", path))
    return sorted(found)
