"""URL history: every URL each story has had, and its feed identity, by id (content/.urls.json).

It keeps every tag's and region's page too, by path (`terms`: store/term_history.py).

A story's URL holds its date and slug, so fixing a date or renaming a file moves it. The
history remembers, per story id, the URL it is published at now, every earlier one, the
digest of its text with the time that text last changed (feeds' <updated>), the year of its
first date (the date of its feed entry's tag: URI) and its region's page (where its old URLs
lead once it is deleted).

It is a file of its own beside the ingest ledger rather than part of it: the ledger is
ingest's record of the stories it wrote (the site stage may not import ingest), while this
one covers every story the site published, written by hand or not, and is written by the
site build after it publishes. It is committed with the content, so a fresh clone redirects
the same old URLs. It may come from anyone: it is read with the containment rules, every
path in it is checked as a page path of the site, and a broken one stops the build with a
message naming the file.
"""

from __future__ import annotations

import datetime as dt
import os
from collections.abc import Callable, Collection, Mapping
from dataclasses import dataclass, field, replace
from pathlib import Path
from typing import Any

import orjson

from digest.errors import DigestError, clip
from digest.json_text import indented
from digest.moments import LAST_MOMENT, in_utc, read_moment, second_later, utc_text
from digest.paths import CONTENT_DIR, URL_HISTORY, refuse_link_out
from digest.store.term_history import (
    TermHistoryError,
    TermUrls,
    published_pages,
    read_terms,
    terms_record,
)
from digest.store.write import put_file
from digest.tree import readable
from digest.urls import PLAIN_PAGE, page_path_problem

HISTORY_VERSION = 2
# Version 1 (before session 14) kept stories only: read as a history whose terms are unknown,
# so the build works out the pages' earlier paths (site/term_urls.py); written as version 2.
_STORIES_ONLY = 1


class HistoryError(DigestError):
    """content/.urls.json cannot be read, or says something that is not a URL history."""


@dataclass(frozen=True, slots=True)
class StoryUrls:
    """What the history keeps of one story."""

    url: str  # the site path it was last published at ("2026/01/13/slug/")
    old: tuple[str, ...]  # every earlier site path, sorted
    text: str  # the digest of its text (models.Article.text_digest)
    updated: dt.datetime  # when that text was first published (UTC)
    since: int  # the year of its first date: its feed entry's tag: URI holds it for good
    region: str = ""  # its first region's page, where its old URLs lead once it is deleted
    gone: bool = False  # deleted: its URLs are all old ones


@dataclass(frozen=True, slots=True)
class Published:
    """A story as a build publishes it: what the history learns of it."""

    url: str
    text: str
    moment: dt.datetime  # when it happened: its first <updated>
    region: str


@dataclass(frozen=True, slots=True)
class UrlHistory:
    """Every story's URLs, by id, and every term page's, by path (None: a version 1 file's,
    which did not keep them)."""

    stories: Mapping[str, StoryUrls]
    terms: Mapping[str, TermUrls] | None = field(default_factory=dict)
    # With a version 1 file's: the pages two folders deep the last site had, which hold its
    # term pages whatever slugs made them (term_history.published_pages); None: no site.
    site_pages: frozenset[str] | None = None

    def advance(
        self,
        published: Mapping[str, Published],
        kept: Collection[str],
        edited_at: Callable[[str], dt.datetime],
    ) -> UrlHistory:
        """Return the history after a build that publishes *published* (by id).

        Stories in *kept* (drafts left out) stay as they were; any other story no longer
        published is gone. A story whose text changed is updated at edited_at(id), always
        later than it was.
        """
        stories: dict[str, StoryUrls] = {}
        # A story without an `id:` is known by its file's path: renamed, it comes back under
        # a new id with the same text, and takes over the URLs of the one that went (in this
        # build, or earlier when serve saw the deletion and the new file apart).
        vanished = {
            entry.text: name
            for name, entry in self.stories.items()
            if name not in published and name not in kept
        }
        taken: set[str] = set()
        for name, now in published.items():
            before = self.stories.get(name)
            if before is None and now.text in vanished:
                taken.add(vanished[now.text])
                before = self.stories[vanished.pop(now.text)]
            if before is None:
                # Front matter has a UTC time (site/load): the calendar's last is a guard.
                moment = in_utc(now.moment) or LAST_MOMENT
                stories[name] = StoryUrls(now.url, (), now.text, moment, moment.year, now.region)
                continue
            if _unchanged(before, now):
                stories[name] = before  # what most stories of a build are: no copy made
                continue
            old = set(before.old) | {before.url}
            updated = before.updated
            if now.text != before.text:
                edited = in_utc(edited_at(name)) or before.updated  # no UTC time: not later
                updated = max(edited, second_later(before.updated))
            stories[name] = replace(
                before,
                url=now.url,
                old=tuple(sorted(old - {now.url})),
                text=now.text,
                updated=updated,
                region=now.region,
                gone=False,
            )
        for name, before in self.stories.items():
            if name not in stories and name not in taken:
                stories[name] = before if name in kept else replace(before, gone=True)
        return replace(self, stories=dict(sorted(stories.items())))


def _unchanged(before: StoryUrls, now: Published) -> bool:
    """Tell whether publishing *now* leaves the story's entry exactly as *before*."""
    return (
        (now.url, now.text, now.region) == (before.url, before.text, before.region)
        and not before.gone
        and (not before.old or before.old == tuple(sorted(set(before.old) - {now.url})))
    )


EMPTY_HISTORY = UrlHistory({})


def history_bytes(history: UrlHistory) -> bytes:
    """Return the history as stable, sorted JSON (what is committed)."""
    stories = {}
    moments: dict[dt.datetime, str] = {}  # stories of a day often share one time (UTC)
    for name in sorted(history.stories):
        entry = history.stories[name]
        record: dict[str, Any] = {"url": entry.url}
        if entry.old:
            record["old"] = list(entry.old)
        record["text"] = entry.text
        updated = entry.updated
        moment = moments.get(updated) if updated.tzinfo is dt.UTC else None
        if moment is None:
            moment = utc_text(updated)
            if updated.tzinfo is dt.UTC:  # equal times of other offsets print otherwise
                moments[updated] = moment
        record["updated"] = moment
        record["since"] = entry.since
        if entry.region:
            record["region"] = entry.region
        if entry.gone:
            record["gone"] = True
        stories[name] = record
    data: dict[str, Any] = {"version": HISTORY_VERSION, "stories": stories}
    if history.terms is None:  # read from a version 1 file and not planned since: kept so
        data["version"] = _STORIES_ONLY
    else:
        data["terms"] = terms_record(history.terms)
    return (indented(data) + "\n").encode("utf-8")


def read_history(project: Path) -> UrlHistory:
    """Read the project's URL history; none yet is an empty one. Raise HistoryError if broken."""
    path = project / URL_HISTORY
    if not os.path.lexists(path):
        return EMPTY_HISTORY
    if not readable(path, project):
        raise HistoryError(f"{path}: not a regular file inside the project; refused")
    try:
        # orjson: a third of json's time on 100 000 stories' entries (read by every build)
        data = orjson.loads(path.read_bytes())
    except (OSError, UnicodeDecodeError, ValueError) as error:
        raise HistoryError(
            f"{path}: not a URL history ({clip(error, bare=True)}); fix it, or restore it "
            "from version control (deleting it forgets every old URL)"
        ) from error
    version = data.get("version") if isinstance(data, dict) else None
    if type(version) is not int or version not in (_STORIES_ONLY, HISTORY_VERSION):
        raise HistoryError(
            f"{path}: expected {{'version': {HISTORY_VERSION}, 'stories': ..., 'terms': ...}}"
        )
    stories = _stories(path, data)
    if version == _STORIES_ONLY:
        return UrlHistory(stories, None, published_pages(project))
    try:
        return UrlHistory(stories, read_terms(path, data.get("terms", {})))
    except TermHistoryError as error:
        raise HistoryError(str(error)) from error


def write_history(project: Path, history: UrlHistory, data: bytes | None = None) -> bool:
    """Write the history atomically when it changed; return whether it was written.

    *data*: `history_bytes(history)`, when the caller made it already (a build, beside
    Pagefind's last run: ~0.01 s of an edit's end at 4 000 stories)."""
    path = project / URL_HISTORY
    data = history_bytes(history) if data is None else data
    refuse_link_out(project, project / CONTENT_DIR)
    if os.path.isfile(path) and not os.path.islink(path) and path.read_bytes() == data:
        return False
    if not history.stories and not history.terms and not os.path.lexists(path):
        return False  # a project with no story yet gets no file
    put_file(project, URL_HISTORY.as_posix(), data)
    return True


def _stories(path: Path, data: object) -> dict[str, StoryUrls]:
    stories = data.get("stories") if isinstance(data, dict) else None
    if not isinstance(stories, dict):
        raise HistoryError(f"{path}: stories: expected a mapping of story ids")
    regions: set[str] = set()  # region pages found right: a handful, named by every story
    moments: dict[object, dt.datetime] = {}  # each `updated` text read once: days repeat
    return {
        str(name): _plain_entry(value, regions, moments)
        or _entry(path, str(name), value, regions, moments)
        for name, value in stories.items()
    }


def _plain_entry(
    value: object, regions: set[str], moments: dict[object, dt.datetime]
) -> StoryUrls | None:
    """Return the entry *value* holds when it is what nearly every entry is (no old URL, not
    gone, a plain page path, a time and a region read before), else None: `_entry` reads it.

    The same checks as `_entry`'s in one expression, without its messages: 100 000 entries
    are read by every build that plans (a third of the history's reading).
    """
    if type(value) is not dict or "old" in value or "gone" in value:
        return None
    url, text, since = value.get("url"), value.get("text"), value.get("since")
    stamp, region = value.get("updated"), value.get("region", "")
    updated = moments.get(stamp) if type(stamp) is str else None
    if (
        updated is None
        or type(url) is not str
        or not PLAIN_PAGE.match(url)
        or type(text) is not str
        or type(since) is not int
        or not 1 <= since <= 9999
        or not (region == "" or (type(region) is str and region in regions))
    ):
        return None
    return StoryUrls(url, (), text, updated, since, region)


def _entry(
    path: Path, name: str, value: object, regions: set[str], moments: dict[object, dt.datetime]
) -> StoryUrls:
    def where() -> str:  # made only for a message: a build reads thousands of entries
        return f"{path}: stories.{clip(name, bare=True)}"

    if not isinstance(value, dict):
        raise HistoryError(f"{where()}: expected a mapping")

    def page(key: str, item: object) -> str:
        if isinstance(item, str) and PLAIN_PAGE.match(item):
            return item  # what `page_path_problem` takes, found in one regex match
        problem = page_path_problem(item)
        if problem is not None:
            raise HistoryError(f"{where()}.{key}: {clip(item)}: {problem}")
        return str(item)

    old = value.get("old", [])
    if not isinstance(old, list):
        raise HistoryError(f"{where()}.old: expected a list of site paths")
    try:
        stamp = value["updated"]
        updated = moments.get(stamp) if isinstance(stamp, str) else None
        if updated is None:
            updated = _updated(stamp)
            if isinstance(stamp, str):
                moments[stamp] = updated
        since, text, gone = value["since"], value["text"], value.get("gone", False)
        if not isinstance(since, int) or isinstance(since, bool) or not 1 <= since <= 9999:
            # a tag: URI's year has four digits (RFC 4151); a bool is no year
            raise ValueError(f"since: expected a year from 1 to 9999, got {clip(since)}")
        if not isinstance(text, str):
            raise ValueError(f"text: expected the digest of a story's text, got {clip(text)}")
        if not isinstance(gone, bool):
            raise ValueError("gone: expected true or false")
    except (KeyError, ValueError) as error:
        raise HistoryError(f"{where()}: {clip(error, bare=True)}") from error
    url = page("url", value.get("url"))
    earlier = tuple(sorted(page(f"old[{n}]", item) for n, item in enumerate(old))) if old else ()
    region = value.get("region", "")
    if region and not (isinstance(region, str) and region in regions):
        regions.add(page("region", region))
    return StoryUrls(
        url=url,
        old=earlier,
        text=text,
        updated=updated,
        since=since,
        region=str(region) if region else "",
        gone=gone,
    )


def _updated(stamp: object) -> dt.datetime:
    """Return an entry's `updated` in UTC; raise ValueError, saying what to write, if it is none."""
    try:
        # "226-01-14T00:00:00Z" too: builds wrote a year below 1000 so before it was padded
        moment = read_moment(stamp) if isinstance(stamp, str) else None
    except ValueError:
        moment = None
    utc = in_utc(moment) if moment is not None and moment.tzinfo is not None else None
    if utc is None:
        raise ValueError(
            f"updated: {clip(stamp)} is not a time with its zone from year 1 to 9999 in UTC;"
            " write one such as 2026-01-14T09:30:00Z"
        )
    return utc
