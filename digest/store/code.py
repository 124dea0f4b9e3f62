"""Code stamp: a key of digest's own code and the libraries that shape the output.

Every cache key holds it, so an upgrade or an edited module misses the cache instead of
reusing an old result. It is made of bytes and versions, never of file times or paths: a
fresh clone or a fresh install of the same code (a deploy) finds the cache it restored.
"""

from __future__ import annotations

import importlib.util
import os
import sys
from pathlib import Path

from digest.paths import PACKAGE as _PACKAGE
from digest.store.cache import checksum, key_of

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
)


def code_stamp() -> str:
    """Return a key that changes whenever digest's code or a rendering library changes.

    digest's own files count by their bytes (about 600 KB, read in milliseconds), libraries
    by the versions installed beside them: a fresh clone or a fresh install of the same code
    (a deploy, where every file time is new) finds the cache it restored, and an edited
    module or another version of a library misses it instead of reusing an old result.
    """
    parts: list[object] = [sys.version]
    for path in sorted(_PACKAGE.rglob("*")):
        if path.is_file() and "__pycache__" not in path.parts:
            parts.append([path.relative_to(_PACKAGE).as_posix(), checksum(path.read_bytes())])
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
