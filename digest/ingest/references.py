"""Reference times: when each dump was first collected, recorded in the ledger once.

A story's reference time bounds every date inferred for it (a dateline without a year, a
weekday). It is the dump's modification time at its first ingest, never after the build's
own clock (a file from a machine whose clock ran ahead is warned of), or SOURCE_DATE_EPOCH
when that is earlier: a reproducible build from a fresh clone, whose files are all as new
as the clone, takes the source's time (the last commit's, say) as the one its dumps were
collected by. Neither may contradict the dump's own evidence: its file name's date
("2026-01-08_news.txt") or the dates its publication lines print. A time before that (an
archive unzipped with 1980's placeholder times, `cp -p` from an old disk, nix's
SOURCE_DATE_EPOCH of 1980-01-01, which stands for "no time" in output stamps, not for when
anything was collected) is warned of, naming the dump, and the evidence's time taken.

It is written to the ledger the first time a dump is seen and read back ever after, so that
touching, copying or re-ingesting a dump, or adding and removing other dumps, never moves a
story's date. A build on a host (CI, Netlify, GitHub Actions) that meets a dump its ledger
does not know says loudly that those dates and URLs are not stable: the host's ledger is
thrown away after each deploy, and the clone's file times are new each time.
"""

from __future__ import annotations

import datetime as dt
import os
import statistics
from collections.abc import Iterable, Mapping, Sequence
from dataclasses import dataclass

from digest.ingest.export import write_text_atomic
from digest.ingest.ledger import Ledger, ledger_json
from digest.ingest.records import DumpResult
from digest.ingest.story_references import place_key
from digest.paths import LEDGER, RAW_DIR, ProjectPaths
from digest.source_date import VARIABLE, source_date
from digest.store.inputs import ProjectInputs

# Zip archives, nix and DOS stamp files "1980-01-01" when they know no time: a time before
# this means none was known.
_NO_TIME_BEFORE = dt.datetime(1980, 1, 2, tzinfo=dt.UTC)
# A dump may have been collected a day before its file name's date in a zone behind UTC, or
# saved a little before a publication line's zone says: only more than this contradicts it.
_NAME_SLACK = dt.timedelta(days=1)
# A single publication line can be misread; a time a year before the median of them cannot.
_PRINTED_SLACK = dt.timedelta(days=365)
# A named day is the same day from UTC-12 to UTC+12 at its noon.
_NOON = dt.time(12, tzinfo=dt.UTC)
# A file saved over a network share may carry its server's clock, a little ahead of ours.
_CLOCK_SLACK = dt.timedelta(minutes=1)
# Set by the hosts a deploy builds on: there the ledger a build writes is thrown away.
HOST_VARIABLES = ("CI", "NETLIFY", "GITHUB_ACTIONS")


@dataclass(frozen=True, slots=True)
class Evidence:
    """What a dump says of when it was collected: not before *floor*, about *told* if so."""

    floor: dt.datetime
    told: dt.datetime  # the time taken when the file's time contradicts the floor
    said: str  # "its file name's date 2026-01-08", for the warning


def reference_times(
    paths: ProjectPaths,
    inputs: ProjectInputs,
    ledger: Ledger,
    results: Sequence[DumpResult] = (),
    environ: Mapping[str, str] = os.environ,
) -> tuple[dict[str, dt.datetime], list[str]]:
    """Return each dump's reference time (the ledger's, else found now) and the warnings of
    the new ones; record those in *ledger* (`read_ledger`'s answer) and write it back.

    *results*: the dumps' stories, whose publication lines are evidence of a new dump's time.
    """
    epoch = source_date(environ)
    now = dt.datetime.now(dt.UTC)
    new = [name for name in inputs.dumps if name not in ledger.seen]
    printed = _printed_dates(results, set(new)) if new else {}
    found: dict[str, dt.datetime] = {}
    warnings: list[str] = []
    for name, stamp in inputs.dumps.items():
        known = ledger.seen.get(name)
        if known is not None:
            found[name] = dt.datetime.fromisoformat(known)
            continue
        modified = dt.datetime.fromtimestamp(stamp[1] / 1e9, dt.UTC) if stamp else None
        evidence = evidence_of(name, printed.get(name, ()), now)
        moment, said = collected(modified, epoch, now, evidence)
        found[name] = moment.replace(microsecond=0)
        warnings.extend(f"{RAW_DIR.as_posix()}/{name}: {line}" for line in said)
    if new and on_build_host(environ):
        for name in sorted(new):
            found[name], line = on_host(name, found[name], now)
            warnings.append(line)
    ledger.seen.update({name: found[name].isoformat() for name in new})
    if new:
        write_text_atomic(paths.ledger, ledger_json(ledger))
    placed = _placed(inputs, ledger, results, found, (epoch, now))
    if placed:
        found.update(placed)
        ledger.placed = dict(found)
    return found, warnings


def _placed(
    inputs: ProjectInputs,
    ledger: Ledger,
    results: Sequence[DumpResult],
    found: Mapping[str, dt.datetime],
    clocks: tuple[dt.datetime | None, dt.datetime],
) -> dict[str, dt.datetime]:
    """Return the reference time of each story's place that has one of its own: a story the
    ledger knows with the time it recorded, else one new in a dump ingested before, collected
    now (the dump's file time, as for a new dump), not at the dump's first collection: a
    "May 6" pasted on 6 May under a story of 4 May is not dated a year back."""
    epoch, now = clocks
    placed: dict[str, dt.datetime] = {}
    times: dict[str, dt.datetime] = {}
    for result in results:
        for story, key in zip(result.stories, result.keys, strict=True):
            dump, index = story.source.dump, story.source.index
            first = found.get(dump)
            if first is None:
                continue
            known = ledger.id_for((key,))
            if known is not None:
                if ledger.entries[known].seen:
                    placed[place_key(dump, index)] = dt.datetime.fromisoformat(
                        ledger.entries[known].seen
                    )
                continue
            if dump not in ledger.read_before:
                continue  # a new dump: collected now, all of it
            if dump not in times:
                stamp = inputs.dumps.get(dump)
                modified = dt.datetime.fromtimestamp(stamp[1] / 1e9, dt.UTC) if stamp else None
                times[dump] = collected(modified, epoch, now, None)[0].replace(microsecond=0)
            if times[dump] > first:
                placed[place_key(dump, index)] = times[dump]
    return placed


def collected(
    modified: dt.datetime | None,
    epoch: dt.datetime | None,
    now: dt.datetime,
    evidence: Evidence | None,
) -> tuple[dt.datetime, list[str]]:
    """Return when a new dump was collected, and what to warn of: from its file's time
    (*modified*), SOURCE_DATE_EPOCH (*epoch*), the build's clock and the dump's *evidence*."""
    said: list[str] = []
    if modified is None:
        moment = now  # no file time known: the time it is seen, as for a dump saved now
    elif modified < _NO_TIME_BEFORE and evidence is None:
        said.append(
            f"its file time {_shown(modified)} is an archive's placeholder for no time, and"
            " it prints no date: taken as collected now; set the stories' dates by hand"
        )
        moment = now
    elif modified > now + _CLOCK_SLACK:
        said.append(
            f"its file time {_shown(modified)} is after this build's clock ({_shown(now)}):"
            " taken as collected now; check the clock of the machine it came from"
        )
        moment = now
    else:
        moment = min(modified, now)
    if epoch is not None and epoch < moment:
        if epoch < _NO_TIME_BEFORE or (evidence is not None and epoch < evidence.floor):
            why = f", before {evidence.said}" if evidence is not None else ""
            said.append(
                f"{VARIABLE} ({_shown(epoch)}) is no time this dump was collected{why}:"
                " not used for its stories' dates"
            )
        else:
            moment = epoch  # a reproducible build: the source's time, not the clone's
    if evidence is not None and moment < evidence.floor:
        said.append(
            f"its file time {_shown(moment)} is before {evidence.said}: taken as collected"
            f" {_shown(evidence.told)}; set the stories' dates by hand if that is wrong"
        )
        moment = evidence.told
    return moment, said


def evidence_of(name: str, printed: Iterable[dt.datetime], now: dt.datetime) -> Evidence | None:
    """Return what dump *name* says of its own time: its file name's date, else the dates
    its publication lines print (each not after *now*: a misread one is no evidence)."""
    # Imported where a dump is read: a build with no dump (every first build of hand-written
    # stories) imports no date reader, whose expressions and gazetteer cost ~20 ms.
    from digest.ingest.dates import file_name_date

    named = file_name_date(name)
    if named is not None:
        noon = dt.datetime.combine(named, _NOON)
        if noon - _NAME_SLACK <= now:
            return Evidence(noon - _NAME_SLACK, min(noon, now), f"its file name's date {named}")
    dates = sorted(moment for moment in printed if moment <= now)
    if not dates:
        return None
    return Evidence(
        statistics.median_low(dates) - _PRINTED_SLACK,
        dates[-1],
        f"the dates it prints (from {dates[0].date()} to {dates[-1].date()})",
    )


def _printed_dates(results: Sequence[DumpResult], wanted: set[str]) -> dict[str, list[dt.datetime]]:
    """Return the publication times the stories of the dumps *wanted* print, by dump."""
    from digest.ingest.printed_dates import parse_published  # (see `evidence_of`)

    found: dict[str, list[dt.datetime]] = {}
    for result in results:
        for story in result.stories:
            line = story.told.published
            if story.source.dump not in wanted or not line:
                continue
            printed = parse_published(line)
            if printed is None:
                continue
            if not isinstance(printed, dt.datetime):
                printed = dt.datetime.combine(printed, _NOON)
            found.setdefault(story.source.dump, []).append(printed.astimezone(dt.UTC))
    return found


def on_build_host(environ: Mapping[str, str]) -> bool:
    """Tell whether this build runs on a build host (CI=false turns a CI's habit off)."""
    return any(environ.get(name, "").lower() not in ("", "0", "false") for name in HOST_VARIABLES)


def on_host(name: str, moment: dt.datetime, now: dt.datetime) -> tuple[dt.datetime, str]:
    """Return the reference time of a dump the ledger does not know, met on a build host,
    and the warning to give: its file name's date when it has one (the same on every
    deploy), else *moment*, which the next deploy's clone will not give again."""
    where = f"{RAW_DIR.as_posix()}/{name}: a dump that {LEDGER.as_posix()} does not know"
    advice = "run `digest build` where you work and commit content/ with the ledger"
    from digest.ingest.dates import file_name_date  # (see `evidence_of`)

    named = file_name_date(name)
    if named is not None:
        moment = min(dt.datetime.combine(named, _NOON), now)
        return moment, (
            f"{where}, ingested on a build host: taken as collected on its file name's date"
            f" ({named}), the same on every deploy; {advice}, which keeps what it made"
        )
    return moment, (
        f"{where}, ingested on a build host (taken as collected {_shown(moment)}, the clone's"
        " time): its stories' dates and URLs will change on every deploy, since the host's"
        f" ledger is thrown away; {advice}, or name the dump by its date (2026-01-08_news.txt)"
    )


def _shown(moment: dt.datetime) -> str:
    return moment.astimezone(dt.UTC).strftime("%Y-%m-%d %H:%M UTC")
