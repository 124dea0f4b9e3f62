"""Build lock: one build (or ingest, or `digest serve` rebuild) of a project at a time.

Two builds of the same project at once would interleave their writes to content/articles/,
the ingest ledger and site/. Every command that writes takes an exclusive `flock` on
.digest-build/lock first; a second one waits, bounded, telling the caller's callback who it
waits for, then gives up with a clear message. The kernel drops the lock of a killed
process, so a stale lock file never blocks anyone.

The project may come from anyone (a zip, a clone: git keeps symbolic links). The lock file is
opened without following a link, and a `.digest-build` folder that is a link out of the
project is refused: the build never truncates or writes a file outside it.

The lock is re-entrant within a thread: the CLI holds it around a whole command, and the
build or ingest it calls takes it again for library callers. Another thread of the same
process (serve's search re-index) still waits for it, as another process would.
"""

from __future__ import annotations

import contextlib
import errno
import fcntl
import os
import stat
import threading
import time
from collections.abc import Callable, Iterator
from pathlib import Path

from digest.errors import DigestError
from digest.paths import LOCK_FILE, refuse_link_out

DEFAULT_WAIT_SECONDS = 300.0
_POLL_SECONDS = 0.05
_held = threading.local()  # .projects: the projects whose lock this thread holds


class BuildLockTimeout(DigestError):
    """Another build of the project held the lock for longer than we would wait."""


def _silent(message: str) -> None:
    """Wait without a word: the commands pass a callback that tells the user."""


@contextlib.contextmanager
def build_lock(
    project: Path,
    *,
    wait: float = DEFAULT_WAIT_SECONDS,
    on_wait: Callable[[str], None] = _silent,
) -> Iterator[None]:
    """Hold the project's build lock; wait at most *wait* seconds for another build.

    *on_wait* is given one line to show when the wait begins.
    """
    held: set[Path] = _held.__dict__.setdefault("projects", set())
    key = project.resolve()
    if key in held:
        yield  # this thread holds it already
        return
    held.add(key)
    try:
        with _locked(project, wait, on_wait):
            yield
    finally:
        held.discard(key)


@contextlib.contextmanager
def _locked(project: Path, wait: float, on_wait: Callable[[str], None]) -> Iterator[None]:
    path = project / LOCK_FILE
    refuse_link_out(project, path.parent)
    deadline = time.monotonic() + max(wait, 0.0)
    told = False
    while True:
        descriptor = _try_lock(path)
        if descriptor is not None:
            break
        holder = _holder(path)
        if time.monotonic() >= deadline:
            waited = f" after {wait:g} s" if wait > 0 else ""
            raise BuildLockTimeout(
                f"another digest build is still running in {project} ({holder}){waited}; "
                "nothing was written: run the command again when it is done"
                + ("" if wait > 0 else " (or give --wait SECONDS to wait for it)")
            )
        if not told and wait > 0:
            on_wait(f"another digest build is running in {project} ({holder}); waiting\u2026")
            told = True
        time.sleep(_POLL_SECONDS)
    try:
        with contextlib.suppress(OSError):  # who holds it is only for messages (a full disk)
            os.ftruncate(descriptor, 0)
            os.write(descriptor, f"{os.getpid()}\n".encode())
        yield
    finally:
        # Unlinked while still held: whoever opens the path next makes a new file, and a
        # waiter that got this one's lock notices that it is no longer at the path.
        with contextlib.suppress(OSError):
            path.unlink()
        os.close(descriptor)
        with contextlib.suppress(OSError):
            path.parent.rmdir()  # only when empty: nothing else is building


# Never through a link (O_NOFOLLOW), and never blocking on a FIFO planted there (O_NONBLOCK).
_FLAGS = os.O_RDWR | os.O_CREAT | os.O_CLOEXEC | os.O_NOFOLLOW | os.O_NONBLOCK


def _try_lock(path: Path) -> int | None:
    """Return a descriptor holding the lock at *path*, or None if someone else holds it."""
    while True:
        try:
            path.parent.mkdir(parents=True, exist_ok=True)
            descriptor = _open_plain(path)
        except FileNotFoundError:
            continue  # the last holder removed the folder between the two calls
        except (FileExistsError, NotADirectoryError):
            raise DigestError(
                f"{path.parent}: not a folder (digest's lock is kept there); remove it"
            ) from None
        if descriptor is None:
            continue  # something that was no lock file was removed: try again
        try:
            fcntl.flock(descriptor, fcntl.LOCK_EX | fcntl.LOCK_NB)
        except BlockingIOError:
            os.close(descriptor)
            return None
        try:
            same = os.stat(path).st_ino == os.fstat(descriptor).st_ino
        except FileNotFoundError:
            same = False
        if same:
            return descriptor
        os.close(descriptor)  # the holder we waited for unlinked this file on its way out


def _open_plain(path: Path) -> int | None:
    """Open the lock file at *path*, made if missing; None when what stood there (a link, a
    FIFO) was removed instead: digest made none of those, and only ever writes a plain file.
    """
    try:
        descriptor = os.open(path, _FLAGS, 0o644)
    except OSError as error:
        if error.errno == errno.EISDIR:
            raise DigestError(f"{path}: a folder, not digest's lock file; remove it") from None
        if error.errno != errno.ELOOP:
            raise
        with contextlib.suppress(FileNotFoundError):
            path.unlink()  # the link only, never what it names
        return None
    if stat.S_ISREG(os.fstat(descriptor).st_mode):
        return descriptor
    os.close(descriptor)
    with contextlib.suppress(FileNotFoundError):
        path.unlink()
    return None


def _holder(path: Path) -> str:
    """Return "pid N" of the process holding the lock, as far as its file tells."""
    try:
        descriptor = os.open(path, os.O_RDONLY | os.O_CLOEXEC | os.O_NOFOLLOW | os.O_NONBLOCK)
        try:
            text = os.read(descriptor, 64).decode("ascii").strip()
        finally:
            os.close(descriptor)
    except (OSError, UnicodeDecodeError):
        text = ""
    return f"pid {text}" if text.isdigit() else "pid unknown"
