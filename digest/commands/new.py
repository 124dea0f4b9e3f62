"""`digest new "Title"`: start a hand-written story at content/articles/YYYY/MM/<slug>.md.

The file holds valid front matter (the title, the date with `date_source: manual`, the
regions and tags given, `draft: true`, an `id` that keeps the story's URL history when the
file is renamed) and a line to replace with the story. Like a Hugo
archetype's, the story is a draft until the editor deletes `draft: true`: `digest build`
leaves it out (and says so), `digest serve --drafts` shows it, and `digest check` names a
published story that still holds the placeholder line. An existing file is never
overwritten: a second story with the same title on the same month needs another title; one
whose title only makes the same file name ("背景" after "北京", both bei-jing.md) is numbered
bei-jing-2.md, as ingest numbers them.
"""

from __future__ import annotations

import argparse
import datetime as dt
from pathlib import Path

from digest.commands.options import Shared, Verbs, tell
from digest.errors import DigestError


def _date(text: str) -> dt.date:
    """Read --date as YYYY-MM-DD (argparse reports a bad one as bad usage)."""
    from digest.moments import date_problem

    try:
        date = dt.date.fromisoformat(text)
    except ValueError:
        raise argparse.ArgumentTypeError(f"expected a date as YYYY-MM-DD, got {text!r}") from None
    problem = date_problem(date)  # what the build would refuse in the story's front matter
    if problem is not None:
        raise argparse.ArgumentTypeError(problem)
    return date


def _name(text: str) -> str:
    """Read a region or a tag: the build refuses an empty one, so it is refused here."""
    name = " ".join(text.split())
    if not name:
        raise argparse.ArgumentTypeError("must not be empty")
    return name


def register(verbs: Verbs, shared: Shared) -> None:
    """Add the `new` sub-command."""
    parser = verbs.add_parser(
        "new", parents=[shared.project], help="start a hand-written story; print its path"
    )
    parser.add_argument("title", help="the story's title (its file name is made from it)")
    parser.add_argument(
        "--date", type=_date, help="the story's day, YYYY-MM-DD (default: today in `timezone`)"
    )
    parser.add_argument(
        "--region",
        action="append",
        type=_name,
        default=[],
        help="a region (repeat for more; first: primary)",
    )
    parser.add_argument(
        "--tag", action="append", type=_name, default=[], help="a tag (repeat for more)"
    )
    parser.set_defaults(run=run)


def today(timezone: str) -> dt.date:
    """Return today's date in the site's *timezone* (a story's date is its day there)."""
    from zoneinfo import ZoneInfo

    return dt.datetime.now(ZoneInfo(timezone)).date()


def create_story(
    project: Path, title: str, date: dt.date, regions: list[str], tags: list[str]
) -> Path:
    """Write the new story's file in *project* and return its path; refuse an existing one."""
    from digest.story_files import handwritten_story, new_story_stem, write_new_story

    title = title.strip()
    if not title:
        raise DigestError("a story needs a title")
    return write_new_story(
        project, new_story_stem(project, title, date), handwritten_story(title, date, regions, tags)
    )


def run(args: argparse.Namespace) -> int:
    """Create the story and print its path, for the editor to open."""
    from digest.config import load_config

    config = load_config(args.project)
    date = args.date or today(config.timezone)
    path = create_story(args.project, args.title, date, args.region, args.tag)
    print(path)  # alone on stdout, for a script or an editor to open
    tell(
        "draft: true: the site leaves it out until you delete that line;"
        " `digest serve --drafts` shows it while you write"
    )
    return 0
