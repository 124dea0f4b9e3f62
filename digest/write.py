"""Write: rendered files -> site/, atomically (stage 8; the only stage that writes the site).

The new site is written into a fresh folder under .digest-build/ beside site/,
finished there (search index), and only then swapped in. A build that fails at
any point leaves the previous site/ exactly as it was; files of deleted stories
disappear because the new folder never had them.
"""

from __future__ import annotations

import contextlib
import ctypes
import os
import shutil
import tempfile
from collections.abc import Callable, Mapping
from pathlib import Path

STAGING_DIR = ".digest-build"
_AT_FDCWD = -100
_RENAME_EXCHANGE = 2


def write_site(
    files: Mapping[str, bytes],
    site: Path,
    finish: Callable[[Path], None] | None = None,
) -> None:
    """Replace *site* with a folder holding *files*; *finish* runs on the new folder first."""
    staging = site.parent / STAGING_DIR
    staging.mkdir(parents=True, exist_ok=True)
    _remove_leftovers(staging)
    fresh = Path(tempfile.mkdtemp(prefix="site-", dir=staging))
    try:
        fresh.chmod(0o755)  # mkdtemp makes it private; a web server must be able to read it
        _write_files(fresh, files)
        if finish is not None:
            finish(fresh)
        _swap(fresh, site, staging)
    finally:
        shutil.rmtree(fresh, ignore_errors=True)
    with contextlib.suppress(OSError):
        staging.rmdir()


def _write_files(folder: Path, files: Mapping[str, bytes]) -> None:
    made: set[Path] = set()
    for name, data in files.items():
        path = folder / name
        if path.parent not in made:
            path.parent.mkdir(parents=True, exist_ok=True)
            made.add(path.parent)
        path.write_bytes(data)


def _swap(fresh: Path, site: Path, staging: Path) -> None:
    """Put *fresh* in place of *site*; the old site ends up in *fresh* and is removed."""
    if not site.exists():
        fresh.rename(site)
        return
    if _exchange(fresh, site):
        return
    # Without an atomic exchange, the old site is moved aside first: for a moment
    # there is no site/, but never a half-written one.
    old = Path(tempfile.mkdtemp(prefix="old-", dir=staging))
    old.rmdir()
    site.rename(old)
    fresh.rename(site)
    old.rename(fresh)


def _exchange(first: Path, second: Path) -> bool:
    """Swap two folders in one step (Linux renameat2); return False where that is unavailable."""
    try:
        libc = ctypes.CDLL(None, use_errno=True)
        renameat2 = libc.renameat2
    except (OSError, AttributeError):
        return False
    result = renameat2(
        _AT_FDCWD, os.fsencode(first), _AT_FDCWD, os.fsencode(second), _RENAME_EXCHANGE
    )
    return bool(result == 0)


def _remove_leftovers(staging: Path) -> None:
    """Remove folders that a killed build left behind."""
    for entry in staging.iterdir():
        if entry.name.startswith(("site-", "old-")):
            shutil.rmtree(entry, ignore_errors=True)
