"""Ingest's records: what one ingest remembers for the next, as typed values with JSON codecs.

Two kinds of record are kept in the build cache. The ingest state says what each dump's bytes
hashed to, which id each article file carried and what export did to each story, each at a
file stamp; the cache entries keep each dump's segmentation and the dedup and classification
of a list of dumps. The JSON is exactly what earlier versions wrote, so an existing cache keeps
its value; a record that does not read as expected is taken as unknown, never as a match.
"""

from __future__ import annotations

import base64
import binascii
from collections.abc import Mapping
from dataclasses import dataclass
from typing import Any, Literal, get_args

from digest.config import IngestConfig
from digest.ingest.dedup_lsh import VALUE_BYTES
from digest.ingest.pieces import Dropped  # not trim: that would import every line rule
from digest.ingest.story_records import (
    BadRecord,
    classification_from_json,
    classification_json,
    flag,
    items,
    maybe_text,
    number,
    story_from_json,
    story_json,
    text,
    texts,
)
from digest.models import Classification, RawStory
from digest.store.cache import Stamp
from digest.store.inputs import is_racy

Outcome = Literal["written", "unchanged", "edited", "deleted"]
_OUTCOMES: frozenset[str] = frozenset(get_args(Outcome))
_MISSING = "missing"
_RACY = "racy"


def path_order(relative: str) -> tuple[str, ...]:
    """Order relative paths as sorted Path objects are ordered (by their parts)."""
    return tuple(relative.split("/"))


def trusted_stamp(stamp: Stamp | None, taken_ns: int) -> Stamp | None:
    """Return *stamp* when it proves the file unchanged, None when missing or racy."""
    return None if stamp is None or is_racy(stamp, taken_ns) else stamp


def _stamp_from_json(data: object) -> Stamp | None:
    if not isinstance(data, list) or len(data) != 4:
        return None
    if not all(isinstance(part, int) and not isinstance(part, bool) for part in data):
        return None
    size, mtime, ctime, inode = data
    return (size, mtime, ctime, inode)


# --- the ingest state -----------------------------------------------------------------------


@dataclass(frozen=True, slots=True)
class Stamped:
    """What a file held at one stamp: a dump's hash, or the id in an article (None: no id).

    JSON: `[stamp, value]`.
    """

    stamp: Stamp
    value: str | None

    def to_json(self) -> list[Any]:
        return [list(self.stamp), self.value]

    @classmethod
    def from_json(cls, data: object) -> Stamped | None:
        """Read `[stamp, value]`; None for anything else."""
        if not isinstance(data, list) or len(data) != 2:
            return None
        stamp, value = _stamp_from_json(data[0]), data[1]
        if stamp is None or not (value is None or isinstance(value, str)):
            return None
        return cls(stamp, value)


def stamped_from_json(data: object) -> dict[str, Stamped]:
    """Read a mapping of relative paths to `[stamp, value]`, keeping the entries that read."""
    if not isinstance(data, dict):
        return {}
    found = {name: Stamped.from_json(value) for name, value in data.items()}
    return {name: value for name, value in found.items() if value is not None}


def stamped_json(record: Mapping[str, Stamped]) -> dict[str, list[Any]]:
    return {name: value.to_json() for name, value in record.items()}


@dataclass(frozen=True, slots=True)
class FileMark:
    """How a file was left: missing, at a trusted stamp, or (its stamp too recent to prove
    anything) with the hash of its bytes when they were known, else racy: never the same.

    JSON: `"missing"`, the stamp as a list, `{"sha": hash}` or `"racy"`.
    """

    exists: bool
    stamp: Stamp | None = None
    sha: str | None = None

    def to_json(self) -> object:
        if not self.exists:
            return _MISSING
        if self.stamp is not None:
            return list(self.stamp)
        return {"sha": self.sha} if self.sha else _RACY

    @classmethod
    def from_json(cls, data: object) -> FileMark:
        """Read a mark; one that does not read never matches (as a racy one)."""
        if data == _MISSING:
            return MISSING
        stamp = _stamp_from_json(data)
        if stamp is not None:
            return cls(True, stamp)
        if isinstance(data, dict) and isinstance(data.get("sha"), str) and data["sha"]:
            return cls(True, sha=data["sha"])
        return RACY


MISSING = FileMark(exists=False)
RACY = FileMark(exists=True)


@dataclass(frozen=True, slots=True)
class ExportRecord:
    """What export did to one story: its id, its file under content/articles/ ("" for none),
    the outcome, and how the file was left. JSON: `[article, relative, outcome, mark]`."""

    article: str
    relative: str
    outcome: Outcome
    mark: FileMark

    def to_json(self) -> list[Any]:
        return [self.article, self.relative, self.outcome, self.mark.to_json()]

    @classmethod
    def from_json(cls, data: object) -> ExportRecord | None:
        if not isinstance(data, list) or len(data) != 4:
            return None
        article, relative, outcome, mark = data
        if not (isinstance(article, str) and isinstance(relative, str)):
            return None
        if outcome not in _OUTCOMES:
            return None
        return cls(article, relative, outcome, FileMark.from_json(mark))


@dataclass(frozen=True, slots=True)
class ExportMemory:
    """What the last export recorded: the key of its stories, the ledger it left, and one
    record per story, in order (empty when they did not read)."""

    key: str
    ledger: FileMark
    stories: tuple[ExportRecord, ...]

    def to_json(self) -> dict[str, Any]:
        return {
            "key": self.key,
            "ledger": self.ledger.to_json(),
            "stories": [record.to_json() for record in self.stories],
        }

    @classmethod
    def from_json(cls, data: object) -> ExportMemory | None:
        """Read the record; None when there is none (no export ran since the cache began)."""
        if not isinstance(data, dict):
            return None
        key = data.get("key")
        found = data.get("stories")
        items = found if isinstance(found, list) else []
        records = [ExportRecord.from_json(item) for item in items]
        stories = tuple(record for record in records if record is not None)
        return cls(
            key if isinstance(key, str) else "",
            FileMark.from_json(data.get("ledger")),
            stories if len(stories) == len(records) else (),
        )


@dataclass(frozen=True, slots=True)
class IngestMemory:
    """The ingest state: each dump's hash and each article's id by stamp, and the export."""

    dumps: Mapping[str, Stamped]
    ids: Mapping[str, Stamped]
    export: ExportMemory | None

    def to_json(self) -> dict[str, Any]:
        return {
            "dumps": stamped_json(self.dumps),
            "ids": stamped_json(self.ids),
            "export": None if self.export is None else self.export.to_json(),
        }

    @classmethod
    def from_json(cls, data: object) -> IngestMemory:
        if not isinstance(data, dict):
            return cls({}, {}, None)
        return cls(
            stamped_from_json(data.get("dumps")),
            stamped_from_json(data.get("ids")),
            ExportMemory.from_json(data.get("export")),
        )


# --- the cache entries ----------------------------------------------------------------------


def signature_bytes(settings: IngestConfig) -> int:
    """Return the bytes of one story's MinHash signature under *settings*."""
    return settings.num_perm * VALUE_BYTES


@dataclass(frozen=True, slots=True)
class DumpResult:
    """What a dump gave: a warning when it was skipped or odd, stories, keys, signatures."""

    warning: str | None
    skipped: bool
    stories: tuple[RawStory, ...]
    warnings: tuple[str, ...]
    keys: tuple[str, ...]
    signatures: bytes
    dropped: tuple[Dropped, ...] = ()  # the chrome lines removed, each with why

    @classmethod
    def skipped_with(cls, warning: str | None) -> DumpResult:
        """Return the result of a dump that was not read."""
        return cls(warning, True, (), (), (), b"")

    def to_json(self) -> dict[str, Any]:
        return {
            "warning": self.warning,
            "skipped": self.skipped,
            "stories": [story_json(story) for story in self.stories],
            "warnings": list(self.warnings),
            "keys": list(self.keys),
            "signatures": base64.b64encode(self.signatures).decode("ascii"),
            "dropped": [[drop.line, drop.text, drop.reason] for drop in self.dropped],
        }

    @classmethod
    def from_json(cls, value: object, signature_bytes: int) -> DumpResult:
        """Read a cached result whose stories have signatures of *signature_bytes* each;
        raises ValueError (BadRecord) when it is not what to_json writes."""
        if not isinstance(value, dict):
            raise BadRecord("a dump's record is not a mapping")
        try:
            signatures = base64.b64decode(text(value["signatures"]), validate=True)
            stories = tuple(story_from_json(story) for story in items(value["stories"]))
            result = cls(
                warning=maybe_text(value["warning"]),
                skipped=flag(value["skipped"]),
                stories=stories,
                warnings=texts(value["warnings"]),
                keys=texts(value["keys"]),
                signatures=signatures,
                dropped=_all_dropped(items(value.get("dropped", []))),
            )
        except (KeyError, binascii.Error) as error:
            raise BadRecord(f"a dump's record without {error}") from None
        if len(result.keys) != len(stories) or len(signatures) != len(stories) * signature_bytes:
            raise BadRecord("a dump's record whose stories, keys and signatures do not match")
        return result


def _all_dropped(values: list[Any]) -> tuple[Dropped, ...]:
    """Read the dropped lines: each a list of a line number and two strings (`_dropped`);
    one of exactly those types without a call a field (~7 a story)."""
    made = []
    for value in values:
        if type(value) is list and len(value) == 3:
            line, said, reason = value
            if type(line) is int and type(said) is str and type(reason) is str:
                made.append(Dropped(line, said, reason))
                continue
        made.append(_dropped(value))  # (any other shape: read, or refused, field by field)
    return tuple(made)


def _dropped(value: object) -> Dropped:
    line, said, reason = items(value, 3)
    return Dropped(number(line), text(said), text(reason))


@dataclass(frozen=True, slots=True)
class SortingRecord:
    """What dedup and classification made of a list of dumps: the groups of positions that
    are one story, how many were merged as exact and near duplicates, each story's
    classification."""

    members: tuple[tuple[int, ...], ...]
    exact: int
    near: int
    classifications: tuple[Classification, ...]

    def to_json(self) -> dict[str, Any]:
        return {
            "members": [list(group) for group in self.members],
            "exact": self.exact,
            "near": self.near,
            "classes": [classification_json(item) for item in self.classifications],
        }

    @classmethod
    def from_json(cls, value: object) -> SortingRecord | None:
        """Read a cached record; None when it does not read."""
        if not isinstance(value, dict):
            return None
        try:
            return cls(
                tuple(tuple(map(number, items(group))) for group in items(value["members"])),
                number(value["exact"]),
                number(value["near"]),
                tuple(classification_from_json(item) for item in items(value["classes"])),
            )
        except (KeyError, ValueError):
            return None
