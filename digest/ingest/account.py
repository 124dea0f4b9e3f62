"""Account: what one ingest made of every dump, line by line, kept beside the ledger.

For each dump: the stories found with their line ranges and the file each became (or the
story it was merged into), every line dropped as chrome with its number and why, and the
warnings. For each story: its date, what the date rests on and how precise it is, and its
sources. `digest report` prints it; the file (`content/.ingest-report.json`) is written only
when it changes, holds no clock time, and may be committed with the ledger.
"""

from __future__ import annotations

import datetime as dt
import json
import os
from collections.abc import Callable, Mapping, Sequence
from dataclasses import dataclass
from pathlib import Path
from typing import Any
from zoneinfo import ZoneInfo

from digest.errors import DigestError
from digest.ingest.dumps import named_dump
from digest.ingest.pieces import Dropped
from digest.ingest.records import DumpResult, ExportRecord
from digest.ingest.story_references import story_reference
from digest.ingest.written_dates import file_dated
from digest.json_text import indented
from digest.models import Classification, Story
from digest.paths import ProjectPaths, article_path_problem, inside
from digest.tree import plain_file, readable

VERSION = 1


@dataclass(frozen=True, slots=True)
class Accounted:
    """Ingest's values that the account is made of, each list in ingest's own order."""

    names: Sequence[str]  # every dump, in the order of *results*
    results: Sequence[DumpResult]
    stories: Sequence[Story]
    classifications: Sequence[Classification]
    records: Sequence[ExportRecord]  # what export did to each story
    references: Mapping[str, dt.datetime]  # dump name -> its reference time
    zone: ZoneInfo  # the site's: a story's date is a day there


def account_json(accounted: Accounted) -> str:
    """Return the account as stable JSON text."""
    placed = _placement(accounted)
    dumps = [
        _dump(name, result, placed, accounted.references.get(name))
        for name, result in zip(accounted.names, accounted.results, strict=True)
    ]
    stories = [
        _story(story, classification, record, _collected(story, accounted))
        for story, classification, record in zip(
            accounted.stories, accounted.classifications, accounted.records, strict=True
        )
    ]
    data = {"version": VERSION, "dumps": dumps, "stories": stories}
    return indented(data, sort_keys=True) + "\n"


def _placement(accounted: Accounted) -> dict[tuple[str, int], tuple[str, bool]]:
    """Return (dump, index) -> (the story's file, whether it was merged into another's)."""
    placed: dict[tuple[str, int], tuple[str, bool]] = {}
    for story, record in zip(accounted.stories, accounted.records, strict=True):
        primary = story.primary.source
        for source in story.sources:
            merged = (source.dump, source.index) != (primary.dump, primary.index)
            placed[(source.dump, source.index)] = (record.relative, merged)
    return placed


def _dump(
    name: str,
    result: DumpResult,
    placed: Mapping[tuple[str, int], tuple[str, bool]],
    reference: dt.datetime | None,
) -> dict[str, Any]:
    # A story ends before the next story of its dump begins (None: at the dump's end).
    ends = [*(story.line - 1 for story in result.stories[1:]), None][: len(result.stories)]
    found = []
    for story, end in zip(result.stories, ends, strict=True):
        article, merged = placed.get((story.source.dump, story.source.index), ("", False))
        found.append(
            {
                "index": story.source.index,
                "lines": [story.line, end],
                "title": story.title,
                "article": article,
                "merged": merged,
            }
        )
    return {
        "name": name,
        "reference": reference.isoformat() if reference is not None else None,
        "skipped": result.skipped,
        "warnings": [named_dump(w, (name,)) for w in (result.warning, *result.warnings) if w],
        "stories": found,
        "dropped": [
            {"line": drop.line, "text": drop.text, "reason": _reason(drop)}
            for drop in result.dropped
        ],
    }


def _reason(drop: Dropped) -> str:
    """Why a line was dropped, as the report says it: a line of figures that prints a day
    ("05/12/2026 16:14"), chrome's "count" by its shape, is a date line."""
    if drop.reason != "count":
        return drop.reason
    from digest.ingest.numeric_days import figures_reason  # (see `_collected`)

    return figures_reason(drop.text) or drop.reason


def _collected(story: Story, accounted: Accounted) -> dt.date | None:
    """Return the day, in the site's zone, the story was first collected: the earliest
    reference time of its dumps."""
    # Imported here: the date rules compile many patterns, and a build with no dump
    # accounts for no story.
    from digest.ingest.date_resolver import reference_day

    moment = story_reference(story.sources, accounted.references)
    return reference_day(moment, accounted.zone) if moment is not None else None


def _story(
    story: Story,
    classification: Classification,
    record: ExportRecord,
    collected: dt.date | None,
) -> dict[str, Any]:
    # A date the copy prints may lie up to a day after the story was collected (a zone
    # ahead; later ones are not used): reported, as the collection time may be wrong.
    later = collected is not None and classification.date > collected
    return {
        "after_collected": later,
        "article": record.relative,
        "title": story.title,
        "date": classification.date.isoformat(),
        "date_source": classification.date_source,
        "date_precision": classification.precision,
        "published": classification.published.isoformat() if classification.published else None,
        "updated": classification.updated.isoformat() if classification.updated else None,
        "regions": list(classification.regions),
        "region_reasons": list(classification.region_reasons),
        "tags": list(classification.tags),
        "sources": [[source.dump, source.index] for source in story.sources],
        "exact_duplicates": story.exact_duplicates,
        "near_duplicates": story.near_duplicates,
    }


def write_account(path: Path, text: str) -> bool:
    """Write the account to *path* when its text changed; return whether it was written."""
    from digest.ingest.export import write_text_atomic

    try:
        # A link is replaced, never followed: what it points at may be outside the project;
        # a FIFO or a device is replaced, never opened (a FIFO would wait for ever).
        if plain_file(path) and path.read_text(encoding="utf-8") == text:
            return False
    except (OSError, UnicodeDecodeError):
        pass
    write_text_atomic(path, text)
    return True


class AccountError(DigestError):
    """The account cannot be read: missing, a link out of the project, or not digest's."""


def read_account(path: Path) -> dict[str, Any]:
    """Return the account the last ingest wrote at *path*."""
    if path.is_symlink():
        raise AccountError(f"{path}: a symbolic link; refused (digest writes this file itself)")
    if os.path.lexists(path) and not plain_file(path):  # a FIFO would wait for ever
        raise AccountError(f"{path}: not a regular file; refused (run `digest build`)")
    try:
        data = json.loads(path.read_text(encoding="utf-8"))
    except FileNotFoundError as error:
        raise AccountError(f"{path}: no ingest has run yet; run `digest build` first") from error
    except (OSError, UnicodeDecodeError, ValueError) as error:
        raise AccountError(f"{path}: not an ingest report ({error}); run `digest build`") from error
    if not isinstance(data, dict) or data.get("version") != VERSION:
        raise AccountError(f"{path}: not an ingest report of this digest; run `digest build`")
    wrong = _misshapen(data, _ACCOUNT, "")
    if wrong is not None:  # a file committed with content may come from anyone
        raise AccountError(
            f"{path}: not an ingest report as digest writes it ({wrong}); run `digest build`"
        )
    return data


def with_current_dates(
    account: dict[str, Any], paths: ProjectPaths, zone: Callable[[], ZoneInfo]
) -> dict[str, Any]:
    """Return *account* with the date of every story whose file changed since the account
    was written as that file says it now, *zone* giving the site's zone when one did.

    Only a build runs ingest and writes the account; a date fixed while `digest serve` runs
    (its live update runs no ingest) or before the next build is the story's all the same,
    and the report shows it, judged as ingest would judge it (as_written).
    """
    try:
        written = os.stat(paths.ingest_report).st_mtime_ns
    except OSError:
        return account
    references = {dump["name"]: dump.get("reference") for dump in account.get("dumps", [])}
    for story in account.get("stories", []):
        relative = story.get("article")
        path = paths.articles / str(relative)
        # (the account is committed: it may name anything; content/articles/ itself may be
        # a link out, which build refuses: the file must lie in the project, links followed)
        if article_path_problem(relative) is not None:
            continue
        if inside(paths.root, path) and not os.path.lexists(path):
            story["deleted"] = True  # the editor deleted it: no date of it to check
            continue
        if not readable(path, paths.root):
            continue
        if os.stat(path).st_mtime_ns <= written:
            continue
        try:
            known = dt.date.fromisoformat(story["date"])
        except (KeyError, TypeError, ValueError):
            continue
        dated = file_dated(path, (known, story.get("date_source"), story.get("date_precision")))
        if dated is None or dated == (known, story.get("date_source"), story.get("date_precision")):
            continue
        day, source, precision = dated
        seen = [references.get(name) for name, _ in story.get("sources", [])]
        times = [moment for moment in map(_zoned, seen) if moment is not None]
        collected = min(times).astimezone(zone()).date() if times else None
        story |= {"date": day.isoformat(), "date_source": source, "date_precision": precision}
        story["after_collected"] = collected is not None and day > collected
    return account


def _zoned(text: object) -> dt.datetime | None:
    """Return the reference time an account records, if it is one (with its zone)."""
    try:
        moment = dt.datetime.fromisoformat(text) if isinstance(text, str) else None
    except ValueError:
        return None
    return moment if moment is not None and moment.tzinfo is not None else None


class _Row(tuple[Any, ...]):
    """A list of fixed length, each item of its own shape."""


# The shape of what `digest report` reads: a type or a tuple of types, a list of one shape
# ([shape]), a row (_Row((shape, ...))), a mapping of keys to shapes ({key: shape}).
_TEXT, _COUNT, _MAYBE_TEXT = str, int, (str, type(None))
_ACCOUNT: dict[str, Any] = {
    "dumps": [
        {
            "name": _TEXT,
            "reference": _MAYBE_TEXT,
            "warnings": [_TEXT],
            "stories": [
                {
                    "index": _COUNT,
                    "lines": _Row((_COUNT, (int, type(None)))),
                    "title": _TEXT,
                    "article": _TEXT,
                    "merged": bool,
                }
            ],
            "dropped": [{"line": _COUNT, "text": _TEXT, "reason": _TEXT}],
        }
    ],
    "stories": [
        {
            "after_collected": bool,
            "article": _TEXT,
            "date": _TEXT,
            "date_source": _TEXT,
            "date_precision": _TEXT,
            "sources": [_Row((_TEXT, _COUNT))],
        }
    ],
}


def _misshapen(value: Any, shape: Any, where: str) -> str | None:
    """Return where *value* is not of *shape* and what was expected, None when it is."""
    if isinstance(shape, dict):
        if not isinstance(value, dict):
            return f"{where or 'the file'}: not a mapping"
        # A key may be missing (accounts written before it was), never of another type.
        present = ((k, s) for k, s in shape.items() if k in value)
        found = (_misshapen(value[k], s, f"{where}.{k}".lstrip(".")) for k, s in present)
        return next((wrong for wrong in found if wrong is not None), None)
    if isinstance(shape, list):
        if not isinstance(value, list):
            return f"{where}: not a list"
        found = (_misshapen(item, shape[0], f"{where}[{n}]") for n, item in enumerate(value))
        return next((wrong for wrong in found if wrong is not None), None)
    if isinstance(shape, _Row):
        if not isinstance(value, list) or len(value) != len(shape):
            return f"{where}: not a list of {len(shape)}"
        pairs = enumerate(zip(value, shape, strict=True))
        found = (_misshapen(v, s, f"{where}[{n}]") for n, (v, s) in pairs)
        return next((wrong for wrong in found if wrong is not None), None)
    if isinstance(value, bool) and shape is int:
        return f"{where}: not a number"
    return None if isinstance(value, shape) else f"{where}: not of the type digest writes"
