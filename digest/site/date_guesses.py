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

The ledger is read only for a story whose file says its date is unsure: its entry alone for the
first few (a story edit), then the whole ledger once per process (again after ingest rewrote
it); leniently (a ledger ingest cannot read is ingest's to report: here it is none), and only
as a regular file inside content/.
"""

from __future__ import annotations

import datetime as dt
import mmap
import os
from dataclasses import replace
from pathlib import Path

import orjson

from digest.models import DATE_SOURCES, Article
from digest.paths import LEDGER_NAME
from digest.tree import readable

# The precisions of a date the site says it is unsure of (site/story_facts).
UNSURE = ("guess", "day-without-year")
_LEDGER_VERSION = 1  # ingest/ledger.LEDGER_VERSION
_MAX_BYTES = 1 << 30  # a ledger larger than this was not written by ingest

# A story's entry is looked up alone in the ledger's bytes this many times a process, then
# the ledger is read whole: a story edit looks one up (1 ms of CPU at 4 000 stories, 0.02 s at
# 100 000), a cold build thousands (the whole ledger read once: 8 ms, 0.63 s).
_LOOKUPS = 16

Guess = tuple[dt.date, str]  # the date ingest guessed, and its source
Recorded = dict[str, Guess]  # of each story whose recorded date is unsure, by id


class DateGuesses:
    """The dates the ledger beside an articles folder recorded, read when first needed."""

    def __init__(self, articles: Path) -> None:
        self._content = articles.parent
        self._ledger = articles.parent / LEDGER_NAME
        self._stamp: tuple[int, int, int] | None = None  # the ledger's, as last looked at
        self._recorded: Recorded | None = None  # the whole ledger's, once read
        self._looked_up = 0

    def dated(self, article: Article) -> Article:
        """Return *article* dated by the editor when its date is not the one ingest guessed."""
        if article.date_precision not in UNSURE:
            return article
        recorded = self._guess(article.id)
        if recorded is None:
            return article
        day, source = recorded
        named = article.date_source if article.date_source in DATE_SOURCES else source
        if article.date == day or named != source:
            return article  # the guess itself, or a source the editor named
        return replace(article, date_source="manual", date_precision="day")

    def _guess(self, story_id: str) -> Guess | None:
        try:
            found = os.stat(self._ledger)
        except OSError:
            return None
        stamp = (found.st_ino, found.st_mtime_ns, found.st_size)
        if stamp != self._stamp:  # first asked, or ingest wrote the ledger since
            self._stamp, self._recorded, self._looked_up = stamp, None, 0
        if self._recorded is None and self._looked_up < _LOOKUPS:
            self._looked_up += 1
            known, guess = _look_up(self._ledger, self._content, story_id)
            if known:
                return guess
        if self._recorded is None:
            self._recorded = _read(self._ledger, self._content)
        return self._recorded.get(story_id)


def _look_up(ledger: Path, content: Path, story_id: str) -> tuple[bool, Guess | None]:
    """Return whether *story_id*'s entry was found alone in the ledger's bytes, as ingest
    writes it (`"id": {`, an entry holds no mapping inside), and its guess; (False, None)
    when it was not found so (the ledger is then read whole)."""
    if not readable(ledger, content):  # a link out of content/, a FIFO, a device
        return True, None
    try:
        with (
            ledger.open("rb") as file,
            mmap.mmap(file.fileno(), 0, access=mmap.ACCESS_READ) as view,
        ):
            if view.find(b'"version": %d,' % _LEDGER_VERSION, 0, 64) < 0:
                return False, None
            key = orjson.dumps(story_id) + b": {"
            at = view.find(key)
            if at < 0:
                return False, None
            start = at + len(key) - 1
            entry = orjson.loads(view[start : view.find(b"}", start) + 1])
    except (OSError, ValueError):  # an empty file cannot be mapped; a cut entry
        return False, None
    return True, _guessed(entry)


def _read(ledger: Path, content: Path) -> Recorded:
    """Return the guess recorded of each story of *ledger* ({} when unreadable)."""
    if not readable(ledger, content):
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
        guess = _guessed(entry)
        if guess is not None:
            recorded[str(story_id)] = guess
    return recorded


def _guessed(entry: object) -> Guess | None:
    """Return the date and source a ledger entry recorded, when its precision is unsure."""
    dated = entry.get("dated") if isinstance(entry, dict) else None
    if not isinstance(dated, list) or len(dated) != 3 or dated[2] not in UNSURE:
        return None
    day, source, _ = dated
    try:
        return dt.date.fromisoformat(day), str(source)
    except (TypeError, ValueError):
        return None
