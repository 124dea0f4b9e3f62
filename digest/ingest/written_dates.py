"""Written dates: the date each story's file carries, the same for export and the account.

A story's date is fixed once written: the ledger records the date, source and precision it
was first written with (`dated`), and every later ingest writes and reports that date, not
the one the resolver finds today (a dump removed, a resolver improved). A file the editor
edited carries the editor's date, and that is what `digest report` must show (and the site:
a date changed under digest's own source is the editor's, `site/date_guesses`).
"""

from __future__ import annotations

import datetime as dt
from collections.abc import Callable, Sequence
from dataclasses import replace
from pathlib import Path

from digest import frontmatter
from digest.ingest.copies import teller
from digest.ingest.records import ExportRecord
from digest.models import (
    DATE_PRECISIONS,
    DATE_SOURCES,
    REFUSED_KINDS,
    Classification,
    RawStory,
    Story,
)
from digest.moments import date_problem


def with_recorded(classification: Classification, dated: Sequence[str]) -> Classification | None:
    """Return *classification* with the date, source and precision a ledger entry recorded
    (*dated*); None when it recorded none that is valid."""
    if len(dated) != 3:
        return None
    day, source, precision = dated
    if source not in DATE_SOURCES or precision not in DATE_PRECISIONS:
        return None
    try:
        date = dt.date.fromisoformat(day)
    except ValueError:
        return None
    if date_problem(date) is not None:  # a date no story may have (year 226): found again
        return None
    # A printed date refused is named while the story's date is not one recorded otherwise.
    refused = classification.refused if date == classification.date else ()
    return replace(
        classification, date=date, date_source=source, precision=precision, refused=refused
    )


def first_dated(
    classification: Classification, dated: list[str]
) -> tuple[Classification, list[str]]:
    """Return *classification* with the date a story was first written with, and what its
    ledger entry records (*dated*, or this date when it has none yet)."""
    recorded = with_recorded(classification, dated)
    if recorded is not None:
        return recorded, dated
    day = classification.date.isoformat()
    return classification, [day, classification.date_source, classification.precision]


def as_first_dated(
    article_ids: Sequence[str],
    classifications: Sequence[Classification],
    dated_of: Callable[[str], Sequence[str]],
) -> list[Classification]:
    """Return each story's classification with the date its file was first written with
    (*article_ids* are the stories' ids, *dated_of* reads one's ledger entry; export records
    the dates of new stories)."""
    return [
        with_recorded(classification, dated_of(article_id)) or classification
        for article_id, classification in zip(article_ids, classifications, strict=True)
    ]


def as_written(
    classifications: Sequence[Classification],
    records: Sequence[ExportRecord],
    articles_dir: Path,
) -> list[Classification]:
    """Return each classification with the date of its file where the editor edited it."""
    return [
        _edited(classification, articles_dir / record.relative)
        if record.outcome == "edited" and record.relative
        else classification
        for classification, record in zip(classifications, records, strict=True)
    ]


def _edited(classification: Classification, path: Path) -> Classification:
    """Return *classification* with the date the editor's file at *path* carries."""
    dated = file_dated(
        path, (classification.date, classification.date_source, classification.precision)
    )
    if dated is None:
        return classification
    day, source, precision = dated
    return replace(classification, date=day, date_source=source, precision=precision)


def file_dated(path: Path, known: tuple[dt.date, str, str]) -> tuple[dt.date, str, str] | None:
    """Return the date, its source and precision the story file at *path* carries, where
    *known* is what digest dated it with; None when the file says no date.

    A date the editor changed is theirs (`manual`, known to the day) unless they also named
    its source; a file that cannot be read is reported by load, and changes nothing here.
    """
    try:
        data, _ = frontmatter.parse(path.read_text(encoding="utf-8"))
    except (OSError, UnicodeDecodeError, frontmatter.FrontMatterError):
        return None
    day = data.get("date")
    if isinstance(day, dt.datetime):
        day = day.date()
    if not isinstance(day, dt.date):
        return None
    known_day, known_source, known_precision = known
    source = data.get("date_source")
    precision = data.get("date_precision")
    source = source if source in DATE_SOURCES else known_source
    precision = precision if precision in DATE_PRECISIONS else known_precision
    if day != known_day and source == known_source:
        source, precision = "manual", "day"
    return day, str(source), str(precision)


def refused_warnings(
    stories: Sequence[Story],
    classifications: Sequence[Classification],
    copies: Sequence[RawStory],
    groups: Sequence[Sequence[int]],
) -> list[str]:
    """Return a warning for each full date a story printed too late to be its date (the
    resolver's `refused`), naming the dump and line of the copy that printed it: the
    publication line may be another copy's than the representative's (*copies*, every copy
    read, and *groups*, the positions of each story's copies: `copies.teller`)."""
    warnings = []
    for story, classification, group in zip(stories, classifications, groups, strict=True):
        for what, day, seen in classification.refused:
            # A dateline is the representative's own text; a publication line its chrome's,
            # or another copy's.
            told = teller(copies, group, "published") if what == "page" else story.primary
            warnings.append(
                f"{told.source.dump}:{told.line}: the story's {REFUSED_KINDS[what]} says "
                f"{day.isoformat()}, after the dump was collected on {seen.isoformat()}: "
                "not used"
            )
    return warnings
