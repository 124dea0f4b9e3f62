"""Ingest's last step: export the stories that may need it, and report on all of them.

A story is left out of export only when the dumps, the settings and the ledger are as the
last ingest left them, its file is as that ingest recorded it, and no other file took its
id: export would then do nothing to it, so it reports as it did. What export did to each
story is recorded (ExportRecord) for the next ingest to decide the same way.
"""

from __future__ import annotations

import hashlib
import os
import time
from collections.abc import Mapping, Sequence
from dataclasses import replace
from pathlib import Path
from typing import TYPE_CHECKING

from digest.ingest.records import (
    MISSING,
    RACY,
    ExportMemory,
    ExportRecord,
    FileMark,
    Outcome,
    trusted_stamp,
)
from digest.models import Classification, Story
from digest.paths import ProjectPaths
from digest.reports import ExportReport
from digest.store.cache import Stamp, stamp_of
from digest.store.inputs import ProjectInputs, is_racy

if TYPE_CHECKING:
    from digest.ingest.ledger import Ledger


def _sha_of(path: Path) -> str | None:
    try:
        return hashlib.sha256(path.read_bytes()).hexdigest()
    except OSError:
        return None


def still(mark: FileMark, path: Path, stamp: Stamp | None, taken_ns: int) -> bool:
    """Tell whether a file is as recorded: same stamp, or (recorded racy) the same bytes."""
    if not mark.exists:
        return stamp is None
    if stamp is None:
        return False
    if mark.stamp is not None:
        return trusted_stamp(stamp, taken_ns) == mark.stamp
    if mark.sha is not None:
        return _sha_of(path) == mark.sha
    return False


def mark_of(path: Path | str, sha: str | None) -> FileMark:
    """Return how a file is recorded: its stamp, or when racy the hash of its known bytes."""
    try:
        stamp = stamp_of(os.stat(path))  # (file_stamp's, for a path given as a string too)
    except OSError:
        return MISSING
    if not is_racy(stamp, time.time_ns()):
        return FileMark(True, stamp)
    return FileMark(True, sha=sha) if sha else RACY


def export_changed(
    stories: Sequence[Story],
    classifications: Sequence[Classification],
    paths: ProjectPaths,
    ids: dict[str, str],
    inputs: ProjectInputs,
    key: str,
    previous: ExportMemory | None,
    ledger_ids: tuple[Ledger, Sequence[str]],
) -> tuple[ExportReport, ExportMemory]:
    """Export the stories that may need it; return the report of all and what to remember.

    *ledger_ids* is the ledger `read_ledger` returned (export updates it) and each story's id
    (`Ledger.story_ids`, of all the stories: one left out still holds its id)."""
    ledger, article_ids = ledger_ids
    skipped = _unchanged(len(stories), paths, ids, inputs, key, previous)
    subset = [position for position in range(len(stories)) if position not in skipped]
    if subset or previous is None:
        from digest.ingest.export import export

        report = export(
            [stories[position] for position in subset],
            [classifications[position] for position in subset],
            paths,
            ids,
            ledger,
            [article_ids[position] for position in subset],
        )
    else:
        if inputs.leftovers:  # export, had it run, would have removed them
            from digest.ingest.export import remove_stale_temporaries

            remove_stale_temporaries(paths)
        report = ExportReport((), 0, (), 0, ())
    records = _recorded(article_ids, subset, report, (paths, ledger), ids) if subset else {}
    for position, known in skipped.items():  # what the last ingest wrote is unchanged now
        written = known.outcome == "written"
        records[position] = replace(known, outcome="unchanged") if written else known
    remembered = ExportMemory(
        key,
        mark_of(paths.ledger, _sha_of(paths.ledger)),
        tuple(records[position] for position in range(len(stories))),
    )
    return _combined(report, remembered.stories, skipped, paths.articles), remembered


def _unchanged(
    count: int,
    paths: ProjectPaths,
    ids: Mapping[str, str],
    inputs: ProjectInputs,
    key: str,
    previous: ExportMemory | None,
) -> dict[int, ExportRecord]:
    """Return the records, by position, of the stories that export would leave as they are."""
    if (
        previous is None
        or previous.key != key
        or not still(previous.ledger, paths.ledger, inputs.ledger, inputs.taken_ns)
        or len(previous.stories) != count
    ):
        return {}
    skipped = {}
    for position, known in enumerate(previous.stories):
        relative = known.relative
        stamp = inputs.articles.get(relative) if relative else None
        same = still(known.mark, paths.articles / relative, stamp, inputs.taken_ns)
        if same and ids.get(known.article, relative) == relative:
            skipped[position] = known
    return skipped


def _recorded(
    article_ids: Sequence[str],
    subset: Sequence[int],
    report: ExportReport,
    written_by: tuple[ProjectPaths, Ledger],  # the project, and the ledger export left
    ids: Mapping[str, str],
) -> dict[int, ExportRecord]:
    """Return what export did to each story at the positions of *subset*, by position."""
    paths, ledger = written_by
    articles_dir = paths.articles
    written = {str(path) for path in report.written}
    edited = {str(path) for path in report.kept_edited}
    # A written file's path as export spelt it, from the folder's and the ledger's normalised
    # path as strings: a pathlib join a story cost more than its stat. Any other is joined.
    base = os.fspath(articles_dir) + os.sep
    records = {}
    for position in subset:
        article = article_ids[position]
        entry = ledger.entries.get(article)
        relative = entry.path if entry is not None else ids.get(article, "")
        target: Path | str = base + relative
        outcome: Outcome
        if relative and target in written:
            outcome = "written"
        else:
            target = articles_dir / relative
            path = str(target)
            if path in written:
                outcome = "written"
            elif path in edited:
                outcome = "edited"
            elif not relative or not target.is_file():
                outcome = "deleted"
            else:
                outcome = "unchanged"
        # Only a file as export wrote or found it may be recognised by its bytes.
        known_sha = entry.sha256 if entry is not None and outcome != "edited" else None
        mark = mark_of(target, known_sha) if relative else MISSING
        records[position] = ExportRecord(article, relative, outcome, mark)
    return records


def _combined(
    report: ExportReport,
    records: Sequence[ExportRecord],
    skipped: Mapping[int, ExportRecord],
    articles_dir: Path,
) -> ExportReport:
    """Return the report of every story: export's, and the left-out ones' as they last were.

    A left-out story's file that the last ingest wrote is now found unchanged.
    """
    if not skipped:
        return report
    unchanged = report.unchanged
    deleted = report.kept_deleted
    kept_edited = []
    for position, record in enumerate(records):
        if position in skipped and record.outcome == "unchanged":
            unchanged += 1
        elif position in skipped and record.outcome == "deleted":
            deleted += 1
        elif record.outcome == "edited":
            kept_edited.append(articles_dir / record.relative)
    return ExportReport(
        written=report.written,
        unchanged=unchanged,
        kept_edited=tuple(kept_edited),
        kept_deleted=deleted,
        warnings=report.warnings,
    )
