"""Spare copy: a deploy's next spare, hard-linked by a child process while the build works.

A build with no site/ before it (a deploy's fresh clone) stages the new site in the restored
spare and then has no old site to keep as the next spare: it keeps a hard-linked copy of the
new site (`staging.keep_copy`: at 100 000 stories 243 000 links and 140 000 folders, some 4 s
of system calls). Nearly all of those files are the spare's own, kept as they were, so the
copy of them is started as soon as the staging folder is opened, in a small child process
(`python -I -S`, nothing imported: the build's memory is not forked) that works while the
build loads, plans and renders. When the new site is complete, the build waits for it and
puts right only what changed meanwhile: a file replaced (its inode is not the one the child
linked) or new is linked again, one the new site dropped is removed. If the child failed in
any way (a file it was to link was gone), the whole copy is made again the usual way.
"""

from __future__ import annotations

import contextlib
import os
import shutil
import subprocess
import sys
import tempfile
import weakref
from collections.abc import Mapping
from dataclasses import dataclass
from pathlib import Path

from digest.store.staging import SPARE, STAGE_PREFIX, keep_copy
from digest.store.write import Entry, Manifest

# The child: read the paths (NUL-separated, on its input), make their folders (parents
# first), link each. Any error ends it with status 1: the build then makes the copy itself.
_LINKER = """
import os, sys
source, target = sys.argv[1:3]
paths = sys.stdin.buffer.read().decode("utf-8").split("\\0")
folders = set()
for path in paths:
    folder = path.rpartition("/")[0]
    while folder and folder not in folders:
        folders.add(folder)
        folder = folder.rpartition("/")[0]
for folder in sorted(folders):
    os.mkdir(os.path.join(target, folder))
for path in paths:
    os.link(os.path.join(source, path), os.path.join(target, path))
"""


@dataclass(frozen=True, slots=True, weakref_slot=True)
class EarlyCopy:
    """The child linking the staging folder's held files into the next spare."""

    process: subprocess.Popen[bytes]
    held: Mapping[str, Entry]  # what it links: the staging folder's files when it started
    target: Path

    def wait(self) -> bool:
        """Wait for the child; return whether it linked every file."""
        return self.process.wait() == 0

    def abandon(self) -> None:
        """Stop the child and remove what it made (nothing, once it became the spare)."""
        _stop(self.process, self.target)


def _stop(process: subprocess.Popen[bytes], target: Path) -> None:
    if process.poll() is None:
        with contextlib.suppress(OSError):
            process.kill()
        process.wait()
    shutil.rmtree(target, ignore_errors=True)


def start_copy(root: Path, cache_dir: Path, held: Manifest) -> EarlyCopy | None:
    """Start linking the files *held* of the staging folder *root* into a folder of its own.

    The folder is a staging folder by its name: one that a killed build left is removed by
    the next (`staging.remove_leftovers`), and nothing is ever linked into the spare itself.
    """
    if not held:
        return None
    try:
        target = Path(tempfile.mkdtemp(prefix=STAGE_PREFIX, dir=cache_dir))
    except OSError:
        return None
    command = [sys.executable, "-I", "-S", "-c", _LINKER, str(root), str(target)]
    try:
        listing = "\0".join(held).encode("utf-8")
        process = subprocess.Popen(
            command, stdin=subprocess.PIPE, stdout=subprocess.DEVNULL, stderr=subprocess.DEVNULL
        )
    except (OSError, UnicodeEncodeError):
        shutil.rmtree(target, ignore_errors=True)
        return None
    early = EarlyCopy(process, dict(held), target)
    # A build that fails before publishing never waits for it: the child is stopped and its
    # folder removed once the build lets go of it (or when the process ends).
    weakref.finalize(early, _stop, process, target)
    try:
        if process.stdin is None:  # made with stdin=PIPE: never
            raise OSError("no input for the child")
        with process.stdin:
            process.stdin.write(listing)  # the child reads it all at once, at its start
    except OSError:  # it ended already: whatever it made goes
        early.abandon()
        return None
    return early


def finish_copy(early: EarlyCopy, site: Path, cache_dir: Path, manifest: Manifest) -> bool:
    """Make the spare a hard-linked copy of *site* (*manifest*), from the child's copy.

    What changed since the child started is put right; if the child failed, or that does, the
    copy is made whole (`keep_copy`). Return False when no copy could be made.
    """
    if early.wait() and _put_right(early, site, manifest):
        spare = cache_dir / SPARE
        shutil.rmtree(spare, ignore_errors=True)
        try:
            early.target.rename(spare)
            return True
        except OSError:
            pass
    shutil.rmtree(early.target, ignore_errors=True)
    return keep_copy(site, cache_dir, manifest)


def _put_right(early: EarlyCopy, site: Path, manifest: Manifest) -> bool:
    """Unlink what the new site dropped or replaced, link what it has anew; False on failure."""
    source, target = os.path.join(site, ""), os.path.join(early.target, "")
    held = early.held
    # A file kept is the held entry itself (`Assembly.reuse`): one identity test each of a
    # deploy's 243 000, in a comprehension, before the stamps of the others are compared.
    now, before = manifest.get, held.get
    dropped = [path for path, entry in held.items() if now(path) is not entry]
    added = [path for path, entry in manifest.items() if before(path) is not entry]
    try:
        for path in dropped:
            entry, found = held[path], manifest.get(path)
            if found is None or found.stamp[2] != entry.stamp[2]:  # dropped, or another inode
                os.unlink(target + path)
                if found is None:
                    _remove_empty(target, path)
        for path in added:
            entry, found = manifest[path], held.get(path)
            if found is None or found.stamp[2] != entry.stamp[2]:
                os.makedirs(os.path.dirname(target + path), exist_ok=True)
                os.link(source + path, target + path)
    except OSError:
        return False
    return True


def _remove_empty(root: str, path: str) -> None:
    """Remove the folders above *path* under *root* that are left empty."""
    folder = os.path.dirname(path)
    while folder:
        try:
            os.rmdir(root + folder)
        except OSError:
            return
        folder = os.path.dirname(folder)
