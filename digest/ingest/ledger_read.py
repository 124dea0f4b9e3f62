"""Ledger reading: content/.ingest.json -> the Ledger, every value checked, or an error
naming the file, the line of the entry and what is wrong with it (never a traceback).

The ledger comes from anyone (a merge, a hand edit): a damaged one is never replaced, since a
new one would forget every story the editor deleted, and they would come back.
"""

from __future__ import annotations

import datetime as dt
import json
import os
from pathlib import Path
from typing import Any

from digest.errors import DigestError, clip
from digest.ingest.ledger import LEDGER_VERSION, Ledger, LedgerEntry
from digest.ingest.ledger_check import check_ledger
from digest.ingest.story_records import items, number, text, texts
from digest.paths import ProjectPaths
from digest.tree import readable

# The years a dump's reference time may be in: a file's time (1980 on some archives) to far
# ahead, short of the last year Python can hold a time of in every zone.
_SEEN_YEARS = (1900, 9000)


def read_ledger(paths: ProjectPaths) -> Ledger:
    """Read the ledger; none yet is an empty one. Raise DigestError if it cannot be read.

    A damaged ledger (a merge's conflict markers, a cut-off file) is never replaced: a new
    one would forget every story the editor deleted, and they would come back.
    """
    path = paths.ledger
    if not os.path.lexists(path):
        return Ledger()
    if not readable(path, paths.content):  # /dev/zero would never end, a link out could leak
        raise DigestError(f"{path}: not a regular file inside {paths.content}; refused")
    try:
        written = path.read_text(encoding="utf-8")
    except (OSError, UnicodeDecodeError) as error:
        raise _unreadable(path, clip(error, bare=True)) from error
    try:
        data = json.loads(written, parse_constant=_no_constant)
    except json.JSONDecodeError as error:
        where = f"{path}:{error.lineno}:{error.colno}"
        raise _unreadable(where, error.msg, conflicted="\n<<<<<<< " in f"\n{written}") from error
    except ValueError as error:  # NaN or Infinity
        raise _unreadable(path, clip(error, bare=True)) from error
    try:
        if data.get("version") != LEDGER_VERSION:
            raise ValueError(f"version {data.get('version')!r}, expected {LEDGER_VERSION}")
        stories, dumps = data["stories"], data.get("seen", {})
    except KeyError as error:
        raise _unreadable(path, f"{clip(error.args[0])} missing") from error
    except (ValueError, TypeError, AttributeError) as error:
        raise _unreadable(path, clip(error, bare=True)) from error
    entries: dict[str, LedgerEntry] = {}
    seen: dict[str, str] = {}
    key: object = "stories"
    try:  # each entry's problem is named by the line its key is on (a ledger holds thousands)
        for key, entry in stories.items():
            entries[str(key)] = _entry(entry)
        for key, moment in dumps.items():
            seen[str(key)] = _moment(moment)
    except KeyError as error:
        where = _line_of(path, written, key)
        raise _unreadable(
            where, f"{clip(key, bare=True)}: {clip(error.args[0])} missing"
        ) from error
    except (ValueError, TypeError, AttributeError, OverflowError) as error:
        where = _line_of(path, written, key)
        raise _unreadable(where, f"{clip(key, bare=True)}: {clip(error, bare=True)}") from error
    check_ledger(path, entries)
    return Ledger(entries, seen)


def _entry(entry: Any) -> LedgerEntry:
    """Read one story's entry of the ledger (KeyError, ValueError, TypeError: not one)."""
    return LedgerEntry(
        path=text(entry["path"]),
        sha256=text(entry["sha256"]),
        keys=list(texts(entry["keys"])),  # a string is no list of keys
        sources=[_source(source) for source in items(entry["sources"])],
        dated=list(texts(entry.get("dated", [])))[:3],
        photo=_photo_record(entry.get("photo", [])),
        seen=_moment(entry["seen"]) if "seen" in entry else "",
        fingerprint=text(entry.get("fingerprint", "")),
    )


def _line_of(path: Path, written: str, key: object) -> str:
    """Return "path:line" of the line the JSON key *key* is first written on ("path" when
    it is on none)."""
    found = written.find(json.dumps(str(key)) + ":")
    return f"{path}:{written.count(chr(10), 0, found) + 1}" if found >= 0 else str(path)


def _no_constant(name: str) -> object:
    """Refuse JSON's extensions NaN and Infinity: no value of the ledger is one."""
    raise ValueError(f"{name} is no value of the ledger")


def _source(value: object) -> tuple[str, int]:
    dump, index = items(value, 2)
    return text(dump), number(index)


def _unreadable(where: object, problem: str, *, conflicted: bool = False) -> DigestError:
    """The error of a ledger that cannot be read: where, what, and what the editor can do."""
    cause = " (git's merge-conflict markers: resolve the conflict)" if conflicted else ""
    return DigestError(
        f"{where}: not an ingest ledger: {problem}{cause}; fix it, or restore it from "
        "version control (deleting it would bring back every story you deleted); "
        "nothing was written"
    )


def _photo_record(value: object) -> list[str]:
    """Check a ledger's photo record: [file name, SHA-256 of the bytes digest wrote].

    A hash that is not a SHA-256 matches no file's bytes: that picture is kept as the
    editor's, as a story's file with such a hash is.
    """
    if value == []:
        return []
    if (
        not isinstance(value, list)
        or len(value) != 2
        or not all(isinstance(part, str) for part in value)
    ):
        raise ValueError(f"photo: {clip(value)} is not [file name, SHA-256]")
    return [str(part) for part in value]


def _moment(value: object) -> str:
    """Check a ledger's reference time: an ISO time with its zone, of a year dumps are
    collected in (9999-12-31T23:59:59-14:00 is past the last time Python can hold in UTC)."""
    if not isinstance(value, str) or dt.datetime.fromisoformat(value).tzinfo is None:
        raise ValueError(f"seen: {clip(value)} is not an ISO time with a zone")
    if not _SEEN_YEARS[0] <= dt.datetime.fromisoformat(value).year <= _SEEN_YEARS[1]:
        raise ValueError(f"seen: {clip(value)} is no time a dump was collected at")
    return value
