"""Walk a folder of a project's inputs: regular files only, never out of it, never in a loop.

A project's files may come from anyone (a pulled branch, a downloaded theme): a symbolic link
can point at /etc/passwd, at /proc/self/environ or back at its own folder. A walk follows a
link only when its target lies inside the folder walked, enters each folder once (by device
and inode), and never opens a FIFO, a device or a socket, nor a file or folder whose name is
not UTF-8 (no page path, URL or cache key can carry it) or holds a control character (a
line break or a terminal escape in a message). What it skips it warns of, by name,
through the "digest" logger (the command line prints those warnings).
"""

from __future__ import annotations

import logging
import os
import re
import stat
from collections.abc import Iterable, Iterator
from pathlib import Path

from digest.paths import (
    STORY_SUFFIX,
    inside,
    link_out,
    misnamed_story,
    misnamed_story_warning,
    shown,
)

logger = logging.getLogger("digest")


def walk(
    folder: Path, *, hidden: bool = False, leftovers: list[str] | None = None
) -> Iterator[tuple[str, Path, os.stat_result]]:
    """Yield (relative path, path, stat) of every regular file under *folder*, in no order.

    Names starting with "." (editor lock and swap files) are left out unless *hidden*;
    hidden "*.tmp" names (what a killed write leaves) are added to *leftovers* if given.
    """
    for relative, path, found in walk_names(folder, hidden=hidden, leftovers=leftovers):
        yield relative, Path(path), found


def walk_names(
    folder: Path, *, hidden: bool = False, leftovers: list[str] | None = None
) -> Iterator[tuple[str, str, os.stat_result]]:
    """Yield what `walk` yields, each path as text: a stamp-only scan makes no Path objects.

    (A Path costs more than the stat of its file: a tenth of a no-change build of 4 000
    stories went to making them.)
    """
    # Entries are sorted so that, of two links to one folder, the same one is always entered.
    try:
        top = os.stat(folder)
    except OSError:
        return
    if not stat.S_ISDIR(top.st_mode):
        return
    root = os.path.realpath(folder)
    seen = {(top.st_dev, top.st_ino)}
    pending = [(os.fspath(folder), "")]
    while pending:
        current, prefix = pending.pop()
        try:
            entries = sorted(os.scandir(current), key=lambda entry: entry.name)
        except OSError:
            continue
        for entry in entries:
            if not _utf8(entry.name):
                if hidden or not entry.name.startswith("."):
                    logger.warning(
                        "%s: a file name that is not UTF-8 text, %r; skipped (rename it)",
                        current,
                        os.fsencode(entry.name),
                    )
                continue
            if not entry.name.isprintable() and _CONTROL.search(entry.name):
                if hidden or not entry.name.startswith("."):
                    logger.warning(
                        "%s: a file name holding a control character, %s; skipped (rename it)",
                        current,
                        ascii(entry.name),
                    )
                continue
            if entry.name.startswith("."):
                if leftovers is not None and entry.name.endswith(".tmp"):
                    leftovers.append(prefix + entry.name)
                if not hidden:
                    continue
            path = entry.path
            found = usable(path, root, seen)
            if found is None:
                continue
            relative = prefix + entry.name
            if stat.S_ISDIR(found.st_mode):
                pending.append((path, relative + "/"))
            else:
                yield relative, path, found


# A line break, escape or other control in a name: printed in a message it forges lines or
# drives the terminal ("\x1b[2J" clears it, "\r\x1b[1A\x1b[2K" erases the error above), and
# it can be no URL. Other unprintable characters (a no-break space, a zero-width non-joiner
# in a Persian name) are left to the name.
_CONTROL = re.compile(r"[\x00-\x1f\x7f-\x9f]")


def _utf8(name: str) -> bool:
    """Tell whether *name* came from UTF-8 bytes (else it holds surrogate escapes, which no
    cache key, page path or URL can carry: a Latin-1 "caf\xe9" from an old archive, say)."""
    if name.isascii():
        return True
    try:
        name.encode("utf-8")
    except UnicodeEncodeError:
        return False
    return True


def usable(path: Path | str, root: str, seen: set[tuple[int, int]]) -> os.stat_result | None:
    """Return the stat of *path* if a walk of *root* may use it, else None (with a warning).

    Usable are regular files and folders not yet entered (*seen*, by device and inode), reached
    directly or through a link whose target lies inside *root*.
    """
    try:
        found = os.lstat(path)
        linked = stat.S_ISLNK(found.st_mode)
        if linked:
            if not inside(root, path):
                target = os.path.realpath(path)
                # Said alike by every scan (themes/ whole, then a theme's static/ alone):
                # the notices print each message once.
                logger.warning(
                    "%s: a symbolic link to %s, out of what digest reads; skipped", path, target
                )
                return None
            found = os.stat(path)
    except OSError:
        return None
    if stat.S_ISDIR(found.st_mode):
        key = (found.st_dev, found.st_ino)
        if key in seen:
            logger.warning("%s: a symbolic link to a folder already read (a loop); skipped", path)
            return None
        seen.add(key)
        return found
    if stat.S_ISREG(found.st_mode):
        return found
    logger.warning("%s: not a regular file (a FIFO, a device or a socket); skipped", path)
    return None


def files(folder: Path, *, hidden: bool = False) -> list[tuple[str, Path]]:
    """Return (relative path, path) of every regular file under *folder*, sorted by path."""
    found = [(Path(relative), path) for relative, path, _ in walk(folder, hidden=hidden)]
    return [(relative.as_posix(), path) for relative, path in sorted(found)]


def story_files(folder: Path) -> list[tuple[str, Path]]:
    """Return what `files` returns of the story files (*.md) under content/articles/ *folder*,
    warning of each Markdown file named otherwise (UPPER.MD, notes.markdown)."""
    found = files(folder)
    warn_misnamed_stories(name for name, _ in found)
    return [(name, path) for name, path in found if name.endswith(STORY_SUFFIX)]


def warn_misnamed_stories(names: Iterable[str]) -> None:
    """Warn of each file of *names* (under content/articles/) that is Markdown not named *.md."""
    for name in names:
        if misnamed_story(name) and not any(part.startswith(".") for part in name.split("/")):
            logger.warning("%s", misnamed_story_warning(name))


def plain_file(path: Path | str) -> bool:
    """Tell whether *path* is a regular file itself (not a link to one, a FIFO or a device)."""
    try:
        return stat.S_ISREG(os.lstat(path).st_mode)
    except OSError:
        return False


def readable(path: Path, root: Path) -> bool:
    """Tell whether *path* is a regular file that, every link followed, lies inside *root*."""
    if not inside(root, path):
        return False
    try:
        return stat.S_ISREG(os.stat(path).st_mode)
    except OSError:
        return False


def real_folder(folder: Path) -> Path | None:
    """Return *folder*'s real path when it is a folder where it stands (no link), else None.

    What is served or read from a folder digest makes (site/) must be in that folder, not
    wherever a link put there (out of the project, or to the project itself) points.
    """
    try:
        if not stat.S_ISDIR(os.lstat(folder).st_mode):
            return None
        root = Path(os.path.realpath(folder))
    except (OSError, ValueError):
        return None
    return root if root == Path(os.path.realpath(folder.parent)) / folder.name else None


def within_project(project: Path, folder: Path) -> bool:
    """Tell whether *folder* (a link, maybe) lies inside *project*; warn when it does not."""
    if not os.path.lexists(folder) or inside(project, folder):
        return True
    link = link_out(project, folder)  # content/, when content/articles is reached through it
    logger.warning(
        "%s: a symbolic link to %s, outside the project; skipped",
        shown(project, link),
        os.path.realpath(link),
    )
    return False
