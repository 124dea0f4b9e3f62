"""`digest report`: what the last ingest made of every dump, and which dates are guesses.

Reads the account ingest keeps beside the ledger (ingest/account.py); writes nothing. Per
dump: the stories found with their line ranges and the file each became (or the story it
was merged into), the lines dropped as chrome and why; then every story whose date is a
guess, so that the editor knows what to check. A story's date is the one its file says now,
also when it was set after the last ingest (during `digest serve`, which runs none).
"""

from __future__ import annotations

import argparse
from collections.abc import Callable, Iterator, Mapping
from typing import TYPE_CHECKING, Any

from digest.commands.options import Shared, Verbs
from digest.paths import ProjectPaths
from digest.reports import counted

if TYPE_CHECKING:  # loaded when a report needs it: every `digest build` imports this module
    from zoneinfo import ZoneInfo

_SOURCES = {
    "page": "the publication time the page printed",
    "dateline": "a dateline with a full date",
    "update": "the page printed only an update time: published that day or before",
    "month-day": "a month-day dateline, its year inferred",
    "weekday": "a weekday, anchored to other evidence",
    "caption": "a date in a caption",
    "body": "a date in the story's text",
    "dump": "the date in the dump's file name",
    "seen": "when the dump was first collected (no date of its own)",
    "unknown": "when the dump was first collected (no date of its own)",
    "manual": "the editor's",
}


def register(verbs: Verbs, shared: Shared) -> None:
    """Add the `report` sub-command."""
    parser = verbs.add_parser(
        "report",
        parents=[shared.project],
        help="show what the last ingest found, dropped and merged, and which dates are guesses",
    )
    parser.add_argument(
        "--dump", metavar="NAME", help="only this dump (its file name under content/raw/)"
    )
    parser.add_argument(
        "--guesses", action="store_true", help="only the stories whose date is a guess"
    )
    parser.set_defaults(run=run)


def run(args: argparse.Namespace) -> int:
    """Print the report of the last ingest; exit 1 when there is none."""
    from digest.ingest.account import read_account, with_current_dates

    paths = ProjectPaths(args.project)
    account = with_current_dates(read_account(paths.ingest_report), paths, _zone(args))
    stories = [story for story in account.get("stories", []) if isinstance(story, dict)]
    if not args.guesses:
        dumps = [d for d in account.get("dumps", []) if isinstance(d, dict)]
        shown = [d for d in dumps if args.dump in (None, d.get("name"))]
        if args.dump is not None and not shown:
            print(f"digest: no dump named {args.dump!r} in the last ingest")
            return 1
        for dump in shown:
            print("\n".join(_dump_lines(dump)))
        print("\n".join(_date_lines(stories, {d.get("name") for d in shown})))
    print("\n".join(_guess_lines(stories)))
    later = [story for story in stories if story.get("after_collected")]
    if later:
        print(
            f"{len(later)} printed dates lie after their dump was collected (is its time right?):"
        )
        for story in later:
            print(f"  {story.get('date')} {story.get('article')}: {story.get('date_source')}")
    return 0


def _zone(args: argparse.Namespace) -> Callable[[], ZoneInfo]:
    """Return what gives the site's time zone, read from the settings only when asked."""

    def zone() -> ZoneInfo:
        from zoneinfo import ZoneInfo

        from digest.config import load_config

        return ZoneInfo(load_config(args.project).timezone)

    return zone


def _dump_lines(dump: Mapping[str, Any]) -> Iterator[str]:
    collected = f" (collected {dump['reference']}{_anchor(dump)})" if dump.get("reference") else ""
    yield f"{dump.get('name')}{collected}"
    for warning in dump.get("warnings", []):
        yield f"  warning: {warning}"
    for story in dump.get("stories", []):
        first, last = story.get("lines", [None, None])
        span = f"lines {first}-{last}" if last else f"lines {first}-end"
        target = story.get("article") or "(not written)"
        how = "merged into" if story.get("merged") else "->"
        yield f"  story {story.get('index')}, {span}: {story.get('title')!r} {how} {target}"
    dropped = dump.get("dropped", [])
    if dropped:
        yield f"  {counted(len(dropped), 'line')} dropped as chrome:"
        for line in dropped:
            yield f"    line {line.get('line')}: {line.get('text')!r} ({line.get('reason')})"
    yield ""


def _anchor(dump: Mapping[str, Any]) -> str:
    """Say when the dump's name gives a day over a day before it was collected: its dates
    count back from that day (a weekday, "2 hours ago": `date_resolver`), not the file's."""
    import datetime as dt

    from digest.ingest.dates import file_name_date

    named = file_name_date(str(dump.get("name")))
    try:
        collected = dt.datetime.fromisoformat(str(dump.get("reference"))).date()
    except ValueError:
        return ""
    if named is None or collected - named <= dt.timedelta(days=1):
        return ""
    return f"; a weekday or '2 hours ago' counts back from its name's day, {named.isoformat()}"


def _date_lines(stories: list[dict[str, Any]], dumps: set[Any]) -> Iterator[str]:
    yield "Dates:"
    for story in stories:
        if not any(source[0] in dumps for source in story.get("sources", [])):
            continue
        if story.get("deleted"):
            yield f"  {story.get('article')}: deleted"
            continue
        evidence = _SOURCES.get(str(story.get("date_source")), str(story.get("date_source")))
        merged = len(story.get("sources", [])) - 1
        also = f"; {merged} more source{'s' if merged != 1 else ''}" if merged > 0 else ""
        yield (
            f"  {story.get('date')} {story.get('article')}: {evidence}"
            f" (precision: {story.get('date_precision')}){also}"
        )
    yield ""


def _guess_lines(stories: list[dict[str, Any]]) -> Iterator[str]:
    guesses = [
        story
        for story in stories
        if story.get("date_precision") == "guess" and not story.get("deleted")
    ]
    if not guesses:
        yield "No date is a guess."
        return
    are = "1 date is a guess" if len(guesses) == 1 else f"{len(guesses)} dates are guesses"
    yield f"{are}; check them and set `date:` in the story's file:"
    for story in guesses:
        evidence = _SOURCES.get(str(story.get("date_source")), str(story.get("date_source")))
        yield f"  {story.get('date')} {story.get('article')}: {evidence}"
