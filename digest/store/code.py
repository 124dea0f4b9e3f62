"""Code stamp: a key of digest's own code and the libraries that shape the output.

Every cache key holds it, so an upgrade or an edited module misses the cache instead of
reusing an old result. It is made of bytes and versions, never of file times or paths: a
fresh clone or a fresh install of the same code (a deploy) finds the cache it restored.
"""

from __future__ import annotations

import hashlib
import importlib.util
import os
import stat
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


# digest's own files as a build hashed them (`code_key`): relative path -> [size, mtime_ns,
# ctime_ns, inode, SHA-256 of the bytes], each recorded only when its stamp had settled.
CodeFiles = dict[str, list[object]]


def code_stamp() -> str:
    """Return a key that changes whenever digest's code or a rendering library changes.

    digest's own files count by their bytes (about 600 KB, read in milliseconds), libraries
    by the versions installed beside them: a fresh clone or a fresh install of the same code
    (a deploy, where every file time is new) finds the cache it restored, and an edited
    module or another version of a library misses it instead of reusing an old result.
    """
    return code_key(None, 0)[0]


def code_key(known: object, settled_ns: int) -> tuple[str, CodeFiles]:
    """Return `code_stamp()` and the record of digest's files it was made from.

    *known*: that record as an earlier build kept it. A file whose stamp (size, times,
    inode) is the one recorded counts by the recorded digest instead of being read and
    hashed again (276 files, 2.7 MB: ~0.006 s of every build, before an edit's Pagefind
    run can start). A file is recorded only when its last change is older than
    *settled_ns* (`inputs.RACY_NS` before the scan): a file changed again within its
    stamp's grain is read, never taken on its stamp. Same key either way.
    """
    kept = known if isinstance(known, dict) else {}
    files: CodeFiles = {}
    hashes: list[list[str]] = []  # one part of the key: one JSON text, not 276
    parts: list[object] = [sys.version, hashes]
    for relative, path, status in _package_files():
        stamp = [status.st_size, status.st_mtime_ns, status.st_ctime_ns, status.st_ino]
        digest = _known_digest(kept.get(relative), stamp)
        if digest is None:
            with open(path, "rb") as file:  # SHA-256: here twice as fast as BLAKE2 (SHA-NI)
                digest = hashlib.sha256(file.read()).hexdigest()
        if max(status.st_mtime_ns, status.st_ctime_ns) <= settled_ns:
            files[relative] = [*stamp, digest]
        hashes.append([relative, digest])
    folders: set[Path] = set()
    for name in LIBRARIES:
        spec = importlib.util.find_spec(name)
        origin = spec.origin if spec is not None else None
        parts.append([name, origin is not None])
        if origin is not None:
            folders.add(Path(origin).parent.parent)
    parts.extend(installed_versions(folder) for folder in sorted(folders))
    return key_of(*parts), files


def _known_digest(entry: object, stamp: list[int]) -> str | None:
    """Return the digest *entry* (a file's record) holds when its stamp is *stamp*."""
    if type(entry) is not list or len(entry) != 5 or entry[:4] != stamp:
        return None
    digest = entry[4]
    return digest if type(digest) is str and len(digest) == 64 else None


def installed_versions(folder: Path) -> list[str]:
    """Return the distributions installed in *folder* with their versions (dist-info names)."""
    try:
        names = os.listdir(folder)
    except OSError:
        return []
    return sorted(name for name in names if name.endswith((".dist-info", ".egg-info")))


def _package_files() -> list[tuple[str, str, os.stat_result]]:
    """Return (relative path, path, stat) of digest's own files, sorted; compiled bytecode
    left out.

    A plain walk, its __pycache__ folders never entered: every build runs it first, and a
    walk by Path objects took the most part of a build with nothing to do.
    """
    found: list[tuple[str, str, os.stat_result]] = []
    root = os.fspath(_PACKAGE)
    for folder, folders, names in os.walk(root):
        folders[:] = [name for name in folders if name != BYTECODE_DIR]
        prefix = os.path.relpath(folder, root).replace(os.sep, "/")
        for name in names:
            path = os.path.join(folder, name)
            try:
                status = os.stat(path)
            except OSError:
                continue
            if stat.S_ISREG(status.st_mode):
                found.append((name if prefix == "." else f"{prefix}/{name}", path, status))
    return sorted(found)
