"""Build cache: .digest-cache/, what earlier builds worked out, keyed so it is never stale.

Every entry is found by a key that hashes everything its value depends on: the bytes of the
input, the settings that shape it, and digest's own code (`code.code_stamp`: the files of the
package and of the libraries that render, so an upgrade or an edited module misses the
cache instead of reusing an old result). A changed input therefore finds no entry; it never
finds a wrong one. Each value is stored with its own checksum, and the cache as a whole
records its format and the project it belongs to: a corrupt, foreign or unreadable cache is
set aside with a warning and the build goes on without it.

Values are JSON or plain bytes, never pickles: reading a cache must not run code.
"""

from __future__ import annotations

import contextlib
import hashlib
import io
import json
import os
import shutil
import sqlite3
from collections.abc import Iterable, Sequence
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any

import orjson

from digest.paths import CACHE_DIR, inside, refuse_link_out
from digest.store.cache_folder import (
    DATABASE,
    cache_folder,
    clear_links,
    database_plain,
    mark_ignorable,
    remove_database,
)
from digest.store.cache_keys import key_of as key_of  # what the cache's readers key by
from digest.store.cache_keys import key_part as key_part

__all__ = ["DATABASE", "Cache", "CacheError", "open_cache", "read_entries", "read_state"]
# 2: entries in a rowid table. In format 1's WITHOUT ROWID table every B-tree search that met a
# large value (a manifest, the related-stories memo) read the whole value to compare keys:
# 5 000 small entries written beside two 5 MB values took 130 s instead of 0.2 s.
FORMAT = "digest-cache 2"
PENDING_LIMIT = 16 << 20  # bytes of new entries held before they are written
Stamp = tuple[int, int, int, int]  # size, mtime_ns, ctime_ns, inode


def stamp_of(stat: os.stat_result) -> Stamp:
    """Return what identifies a file's version without reading it."""
    return (stat.st_size, stat.st_mtime_ns, stat.st_ctime_ns, stat.st_ino)


def checksum(data: bytes) -> str:
    """Return a short content hash (the cache's keys and checks)."""
    return hashlib.blake2b(data, digest_size=16).hexdigest()


def file_checksum(file: io.BufferedReader) -> str:
    """Return `checksum` of what is left to read of *file*, read in chunks (bounded memory)."""
    return hashlib.file_digest(file, lambda: hashlib.blake2b(digest_size=16)).hexdigest()


class CacheError(Exception):
    """The cache cannot be used; the build goes on without it."""


@dataclass(slots=True)
class Cache:
    """An open build cache: keyed entries by kind, and named state records.

    Mutable only in the sense of a database handle; what goes in is immutable JSON.
    """

    folder: Path
    connection: sqlite3.Connection | None
    warnings: list[str] = field(default_factory=list)
    _pending: dict[tuple[str, str], bytes] = field(default_factory=dict)
    _pending_bytes: int = 0

    @property
    def usable(self) -> bool:
        return self.connection is not None

    def get(self, kind: str, key: str) -> bytes | None:
        """Return the value stored under *key*, or None (a damaged value counts as missing)."""
        return self.get_many(kind, [key]).get(key)

    def get_many(self, kind: str, keys: Iterable[str]) -> dict[str, bytes]:
        """Return the values found for *keys* (checked; damaged ones are dropped and warned of)."""
        wanted = list(dict.fromkeys(keys))
        found: dict[str, bytes] = {}
        for key in wanted:
            pending = self._pending.get((kind, key))
            if pending is not None:
                found[key] = pending
        missing = [key for key in wanted if key not in found]
        if self.connection is None or not missing:
            return found
        try:
            for start in range(0, len(missing), 500):
                batch = missing[start : start + 500]
                marks = ",".join("?" * len(batch))
                rows = self.connection.execute(
                    f"SELECT key, value, checksum FROM entries WHERE kind = ? AND key IN ({marks})",
                    [kind, *batch],
                ).fetchall()
                for key, value, check in rows:
                    data = bytes(value)
                    if checksum(data) != check:
                        self._damaged(f"entry {kind}/{key} fails its checksum")
                        continue
                    found[key] = data
        except sqlite3.Error as error:
            self._damaged(f"cannot be read ({error})")
        return found

    def get_kind(self, kind: str) -> dict[str, bytes]:
        """Return every (checked) value of *kind* by key."""
        if self.connection is None:
            return {}
        found: dict[str, bytes] = {}
        try:
            rows = self.connection.execute(
                "SELECT key, value, checksum FROM entries WHERE kind = ?", (kind,)
            ).fetchall()
        except sqlite3.Error as error:
            self._damaged(f"cannot be read ({error})")
            return {}
        for key, value, check in rows:
            data = bytes(value)
            if checksum(data) != check:
                self._damaged(f"entry {kind}/{key} fails its checksum")
                return {}
            found[key] = data
        found.update(
            {key: value for (pending, key), value in self._pending.items() if pending == kind}
        )
        return found

    def checksums(self, kind: str) -> dict[str, str]:
        """Return the checksum of every value of *kind* by key, no value read (a value's
        checksum tells which version of it the cache holds: `card_packs`)."""
        if self.connection is None:
            return {}
        try:
            rows = self.connection.execute(
                "SELECT key, checksum FROM entries WHERE kind = ?", (kind,)
            ).fetchall()
        except sqlite3.Error as error:
            self._damaged(f"cannot be read ({error})")
            return {}
        found = {str(key): str(check) for key, check in rows}
        found.update(
            {key: checksum(value) for (held, key), value in self._pending.items() if held == kind}
        )
        return found

    def delete(self, kind: str, keys: Iterable[str]) -> None:
        """Forget the entries *keys* of *kind*."""
        rows = [(kind, key) for key in keys]
        for row in rows:
            self._pending.pop(row, None)
        if self.connection is None or not rows:
            return
        try:
            with self.connection:
                self.connection.executemany("DELETE FROM entries WHERE kind = ? AND key = ?", rows)
        except sqlite3.Error as error:
            self._damaged(f"cannot be written ({error})")

    def put(self, kind: str, key: str, value: bytes) -> None:
        """Store *value* under *key*; written with the next `commit`."""
        self._pending[(kind, key)] = value
        self._pending_bytes += len(value)
        if self._pending_bytes > PENDING_LIMIT:
            self.commit()  # bounded memory: ten thousand stories' bodies are not held twice

    def get_json(self, kind: str, key: str) -> Any:
        """Return the JSON value under *key*, or None."""
        data = self.get(kind, key)
        return None if data is None else load_json(data)

    def put_json(self, kind: str, key: str, value: object) -> None:
        self.put(kind, key, dump_json(value))

    def commit(self) -> None:
        """Write every pending entry in one transaction."""
        pending, self._pending = self._pending, {}
        self._pending_bytes = 0
        if self.connection is None or not pending:
            return
        rows = [(kind, key, value, checksum(value)) for (kind, key), value in pending.items()]
        try:
            with self.connection:
                self.connection.executemany(
                    "INSERT OR REPLACE INTO entries (kind, key, value, checksum) "
                    "VALUES (?, ?, ?, ?)",
                    rows,
                )
        except sqlite3.Error as error:
            self._damaged(f"cannot be written ({error})")

    def keep_only(self, kind: str, keys: Iterable[str]) -> None:
        """Forget every entry of *kind* not in *keys* (so the cache does not grow forever)."""
        if self.connection is None:
            return
        keep = set(keys)
        try:
            stored = [
                row[0]
                for row in self.connection.execute(
                    "SELECT key FROM entries WHERE kind = ?", (kind,)
                )
            ]
            stale = [(kind, key) for key in stored if key not in keep]
            if stale:
                with self.connection:
                    self.connection.executemany(
                        "DELETE FROM entries WHERE kind = ? AND key = ?", stale
                    )
        except sqlite3.Error as error:
            self._damaged(f"cannot be written ({error})")

    def _damaged(self, problem: str) -> None:
        message = f"{self.folder}: build cache {problem}; building without it"
        if message not in self.warnings:
            self.warnings.append(message)
        # A damaged cache is never trusted again in this build; the next one starts afresh.
        if self.connection is not None:
            with contextlib.suppress(sqlite3.Error):
                self.connection.close()
            self.connection = None
            remove_database(self.folder)

    def close(self) -> None:
        self.commit()
        if self.connection is not None:
            with contextlib.suppress(sqlite3.Error):
                self.connection.close()
            self.connection = None


def load_json(data: bytes) -> Any:
    """Return the value of JSON bytes: a card, a state record (ValueError when not JSON).

    orjson: a build reads a card for every story, and reads them about twice as fast.
    """
    return orjson.loads(data)


def dump_json(value: object) -> bytes:
    """Return compact, stable JSON bytes.

    orjson writes the same compact UTF-8 JSON as `json` ten times faster (a deploy of
    100 000 stories records two 13 MB values); what it refuses (keys that are not text,
    integers past 64 bits) is written by `json`, as before.
    """
    try:
        return orjson.dumps(value)
    except TypeError:
        return json.dumps(value, ensure_ascii=False, separators=(",", ":")).encode("utf-8")


def _connect(path: Path) -> sqlite3.Connection:
    connection = sqlite3.connect(path, timeout=60, isolation_level="DEFERRED")
    # The cache is rebuilt from the project when lost: durability against power loss is not
    # worth an fsync per build. A killed process still leaves a consistent database.
    connection.execute("PRAGMA synchronous = OFF")
    return connection


def _check_identity(connection: sqlite3.Connection, project: Path) -> None:
    rows = dict(connection.execute("SELECT name, value FROM info").fetchall())
    if rows.get("format") != FORMAT:
        raise CacheError(f"written by another version ({rows.get('format')!r})")
    if rows.get("project") != str(project):
        raise CacheError(f"belongs to another project ({rows.get('project')!r})")


def _create(connection: sqlite3.Connection, project: Path) -> None:
    with connection:
        connection.execute("CREATE TABLE info (name TEXT PRIMARY KEY, value TEXT NOT NULL)")
        connection.execute(
            "CREATE TABLE entries (kind TEXT NOT NULL, key TEXT NOT NULL, value BLOB NOT NULL,"
            " checksum TEXT NOT NULL, PRIMARY KEY (kind, key))"
        )
        connection.executemany(
            "INSERT INTO info (name, value) VALUES (?, ?)",
            [("format", FORMAT), ("project", str(project))],
        )


def open_cache(project: Path, folder: Path | None = None) -> Cache:
    """Open (or create) the project's cache; a bad one is replaced, with a warning.

    *folder*: a cache of its own inside the project's (`paths.Output`: the drafts' preview);
    the project's is cleared of links first, since it holds that one.
    """
    folder = cache_folder(project, folder)
    project = project.resolve()
    main = project / CACHE_DIR
    warnings: list[str] = []
    for each in dict.fromkeys((main, folder)):
        refuse_link_out(project, each)  # builds stage the site there: nothing may go through
        try:
            each.mkdir(exist_ok=True)
            # Before anything below opens, writes or removes a file there by its name.
            warnings += clear_links(each)
            mark_ignorable(each)
        except OSError as error:
            return Cache(folder, None, [f"{each}: cannot create the build cache ({error})"])
    path = folder / DATABASE
    for attempt in range(2):
        existed = path.exists()
        try:
            connection = _connect(path)
            if existed:
                _check_identity(connection, project)
            else:
                _create(connection, project)
            return Cache(folder, connection, warnings)
        except (sqlite3.Error, CacheError) as error:
            with contextlib.suppress(Exception):
                connection.close()
            if attempt == 0:
                warnings.append(f"{folder}: build cache ignored: {error}; starting a new one")
            else:
                warnings.append(f"{folder}: build cache unusable ({error}); building without it")
            remove_database(folder)
    return Cache(folder, None, warnings)


def read_state(project: Path, *names: str, folder: Path | None = None) -> dict[str, Any]:
    """Return named state records without writing anything (a missing or bad one is left out).

    This is how a build that may have nothing to do looks: a read-only connection, so that
    a build that finds nothing changed leaves every file as it was. *folder*: the cache's
    (`open_cache`).
    """
    found = read_entries(project, [("state", name) for name in names], folder=folder)
    return {key: value for (_, key), value in found.items()}


def read_entries(
    project: Path,
    wanted: Sequence[tuple[str, str]],
    *,
    raw: bool = False,
    folder: Path | None = None,
) -> dict[tuple[str, str], Any]:
    """Return the entries (kind, key) found, read-only, as JSON (or bytes if *raw*), from
    the cache in *folder* (`open_cache`).

    A damaged entry is left out.
    """
    path = cache_folder(project, folder) / DATABASE
    if not path.exists() or not wanted or not inside(project, path.parent):
        return {}
    if not database_plain(path.parent):  # a link out: read nothing (a build removes it)
        return {}
    try:
        connection = sqlite3.connect(f"{path.as_uri()}?mode=ro", uri=True, timeout=60)
        try:
            _check_identity(connection, project.resolve())
            rows = [
                (kind, key, *row)
                for kind, key in wanted
                for row in connection.execute(
                    "SELECT value, checksum FROM entries WHERE kind = ? AND key = ?", (kind, key)
                ).fetchall()
            ]
        finally:
            connection.close()
    except (sqlite3.Error, CacheError):
        return {}
    found: dict[tuple[str, str], Any] = {}
    for kind, key, value, check in rows:
        data = bytes(value)
        if checksum(data) != check:
            continue
        if raw:
            found[(kind, key)] = data
            continue
        try:
            found[(kind, key)] = load_json(data)
        except ValueError:
            continue
    return found


def remove_cache(project: Path) -> None:
    """Delete the project's cache (a build afterwards starts from nothing)."""
    shutil.rmtree(project / CACHE_DIR, ignore_errors=True)
