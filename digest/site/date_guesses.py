"""Date guesses: a story's date that ingest guessed and the editor corrected is the editor's.

Ingest writes a story whose date it is unsure of with that date's source and precision
(`date_source: weekday`, `date_precision: guess`) and records the three in the ledger
(content/.ingest.json, each story's `dated`; a story's date is fixed once written). An editor
who corrects the date often changes `date:` alone, and the site, reading the file, showed
their date as digest's guess ("probably Tuesday 23 December 2025"). So a story file whose
date differs from the one its ledger entry recorded, under the source recorded with it (or
none), is dated by the editor: `manual`, known to the day, as `digest report` reads it
(`ingest/written_dates.file_dated`). Once written, an entry's date never changes, so a story
parsed with it can be cached by its file's bytes.

The ledger is read only for a story whose file says its date is unsure, once per process
(again after ingest rewrote it), leniently (a ledger ingest cannot read is ingest's to
report: here it is none), and only as a regular file inside content/.
"""

from __future__ import annotations

import datetime as dt
import os
from dataclasses import replace
from pathlib import Path

import orjson

from digest.models import DATE_SOURCES, Article
from digest.paths import LEDGER_NAME
from digest.tree import readable

# The precisions of a date the site shows as unsure (ingest/written_dates.UNSURE).
UNSURE = ("guess", "day-without-year")
_LEDGER_VERSION = 1  # ingest/ledger.LEDGER_VERSION
_MAX_BYTES = 1 << 30  # a ledger larger than this was not written by ingest

# Each guessed story's id -> the date and source its ledger entry recorded.
Recorded = dict[str, tuple[dt.date, str]]


class DateGuesses:
    """The dates the ledger beside an articles folder recorded, read when first needed."""

    def __init__(self, articles: Path) -> None:
        self._content = articles.parent
        self._ledger = articles.parent / LEDGER_NAME
        self._read_as: tuple[int, int, int] | None = None  # the ledger's stamp when read
        self._recorded: Recorded = {}

    def dated(self, article: Article) -> Article:
        """Return *article* dated by the editor when its date is not the one ingest guessed."""
        if article.date_precision not in UNSURE:
            return article
        recorded = self._entries().get(article.id)
        if recorded is None:
            return article
        day, source = recorded
        named = article.date_source if article.date_source in DATE_SOURCES else source
        if article.date == day or named != source:
            return article  # the guess itself, or a source the editor named
        return replace(article, date_source="manual", date_precision="day")

    def _entries(self) -> Recorded:
        try:
            found = os.stat(self._ledger)
        except OSError:
            return {}
        stamp = (found.st_ino, found.st_mtime_ns, found.st_size)
        if stamp != self._read_as:
            self._recorded = _read(self._ledger, self._content)
            self._read_as = stamp
        return self._recorded


def _read(ledger: Path, content: Path) -> Recorded:
    """Return the date and source recorded of each story of *ledger* ({} when unreadable)."""
    if not readable(ledger, content):  # a link out of content/, a FIFO, a device
        return {}
    try:
        with ledger.open("rb") as file:
            written = file.read(_MAX_BYTES + 1)
        if len(written) > _MAX_BYTES:
            return {}
        data = orjson.loads(written)
        stories = data["stories"] if data.get("version") == _LEDGER_VERSION else {}
        entries = stories.items()
    except (OSError, orjson.JSONDecodeError, KeyError, TypeError, AttributeError):
        return {}
    recorded: Recorded = {}
    for story_id, entry in entries:
        dated = entry.get("dated") if isinstance(entry, dict) else None
        if not isinstance(dated, list) or len(dated) != 3 or dated[2] not in UNSURE:
            continue
        day, source, _ = dated
        try:
            recorded[str(story_id)] = (dt.date.fromisoformat(day), str(source))
        except (TypeError, ValueError):
            continue
    return recorded
