"""Plan index: what the last build planned, kept so that a story edit plans only what it touches.

Every build keeps, in the build cache, each page's and feed's plan as a record of its own
(`plan_records`) and one `PlanIndex` (`PLAN_INDEX`): every file's key and plan
digest, which stories each page names, each shown story's reference, slug and file, the
article files' stamps as loaded, and what the inputs other than the articles' bytes were
(`base_of`). A story-edit build (`edit_build`) reads the index and the plans of the few files
an edit touches instead of loading every card and planning every page.

The references and what each page names (`refs`, `shows`: three fifths of the index's bytes)
are kept in records of their own, one a month of the paths they are about (`PLAN_PARTS`):
a build writes again only the months whose part changed, so a deploy writes its new
month's and those of the lists it planned again, not 100 000 stories' references.

The index is dropped when a build starts changing anything (`forget`) and written again
when it has published: a build that fails leaves none, and the next build plans everything.
"""

from __future__ import annotations

import datetime as dt
import uuid
from collections.abc import Iterable, Mapping
from dataclasses import dataclass, field, replace
from itertools import chain
from pathlib import Path
from typing import TYPE_CHECKING

import orjson

from digest.engine.collector import settle
from digest.paths import ARTICLES_DIR, STATIC_DIR, URL_HISTORY, site_paths
from digest.site.media import StoryMedia
from digest.site.picture_cache import FileJob
from digest.store import pickled
from digest.store.cache import Cache, Stamp, checksum
from digest.store.inputs import ProjectInputs, file_digest
from digest.store.state import PLAN_INDEX, PLAN_PARTS
from digest.story_files import story_warnings

if TYPE_CHECKING:  # the planner's modules: a story edit reads the index before they load
    from digest.engine.site_plan import Loaded
    from digest.site.plan import SitePlan
    from digest.site.stories import StoryFile
    from digest.site.views import StoryRef  # and markupsafe: after Pagefind's start (`ref`)

INDEX_KEY = "last"
HISTORY_KEY = "history"  # the index's token and the URL history's checksum, once published
# Each record is pickled by this build's own code; a record of other code is never used
# (the index holds the code stamp, and the code is part of `base_of`), and a record is read
# as data only (`store.pickled`: the cache is the project's, and a project may be anyone's).

RefFields = tuple[str, str, str, str, str]  # a StoryRef's fields (`ref_fields`)
# One month's part of the index: the references of the stories whose page lies in it, and
# what each of its pages names (`PlanIndex.refs`, `PlanIndex.shows`).
Part = tuple[dict[str, RefFields], dict[str, tuple[str, ...]]]


@dataclass(frozen=True, slots=True)
class PlanIndex:
    """The last build's plan, as far as a story-edit build needs it."""

    base: str  # `base_of` the inputs it was planned from
    code: str
    token: str  # of this build's index: its history record (`put_history`) names it
    stamps: Mapping[str, Stamp | None]  # every article file loaded, as loaded (None: racy)
    files: Mapping[str, str]  # story id -> its file, every card (drafts too)
    cards: int  # stories loaded, drafts too
    slugs: Mapping[str, str]  # shown story id -> its slug on the site (made unique)
    # Shown story id -> its reference's fields (plain tuples: a third of the time to read).
    refs: Mapping[str, RefFields]
    media: Mapping[str, StoryMedia]  # by story id, those that have any
    dated_pages: tuple[tuple[int, str], ...]  # each shown story's day (ordinal) and page
    keys: Mapping[str, str]  # every file of the site but the search index, in plan order
    digests: Mapping[str, str]  # each page's and feed's plan digest
    shows: Mapping[str, tuple[str, ...]]  # page or feed -> the ids of the stories it names
    story_pages: tuple[str, ...]  # in plan order
    redirects: Mapping[str, str]
    made: Mapping[str, FileJob]
    shared_key: str
    template_keys: Mapping[str, str]
    warnings: Mapping[str, tuple[str, ...]]  # article file -> its warnings, if any
    # The checksum of content/.urls.json as the build left it (None: no file), kept as a
    # record of its own: the index is stored while Pagefind runs, the history once published.
    history: str | None = None
    # The index's own record holds, for `refs` and `shows`, each month's record and key.
    parts: tuple[tuple[str, str], ...] = ()
    # Each month's part as read back (its key and its values): `put_index` writes again only
    # the months whose part changed.
    read_parts: Mapping[str, tuple[str, Part]] = field(default_factory=dict, compare=False)

    def ref(self, name: str) -> StoryRef | None:
        """Return the reference of shown story *name* (None: not shown)."""
        from digest.site.views import StoryRef

        fields = self.refs.get(name)
        return None if fields is None else StoryRef(*fields)

    def dated(self) -> list[tuple[dt.date, str]]:
        """Return each shown story's date and page, newest first (`search_feed.dated_pages`)."""
        return [(dt.date.fromordinal(day), page) for day, page in self.dated_pages]

    def users(self, ids: Iterable[str]) -> dict[str, frozenset[str]]:
        """Return, for each story id of *ids*, the pages and feeds that name it."""
        wanted = set(ids)
        found: dict[str, set[str]] = {name: set() for name in wanted}
        for path, shown in self.shows.items():
            for name in wanted.intersection(shown):
                found[name].add(path)
        return {name: frozenset(paths) for name, paths in found.items()}


def base_of(inputs: ProjectInputs) -> str:
    """Return a checksum of every input of the site but the articles' bytes.

    The settings, templates, static files and themes, pictures and other files beside
    stories, digest's code, the command line, and the names of the article files (a story
    added or removed is not an edit). The ledger and the dumps are ingest's: what ingest
    writes of them shows as article files changed.
    """
    kept = inputs.part(("config", "theme", "resources", "code", "settings"))
    kept["articles"] = sorted(inputs.articles)
    return checksum(orjson.dumps(kept))


def history_digest(project: Path) -> str | None:
    """Return the checksum of content/.urls.json's bytes (None without one)."""
    return file_digest((project, project / URL_HISTORY))


def read_index(cache: Cache, code: str, project: Path, *, checked: bool = True) -> PlanIndex | None:
    """Return the index the last build left, if it was made by this code and published, and
    if every file it names lies where a build of *project* may write or read (`sound`).

    *checked* False: `sound` is left to the caller (`edit_ahead.read_ahead`, which checks
    the pages it starts Pagefind on first, and the whole index while Pagefind reads them)."""
    found = cache.get_many(PLAN_INDEX, [INDEX_KEY, HISTORY_KEY])
    data, history = found.get(INDEX_KEY), found.get(HISTORY_KEY)
    if data is None or history is None:
        return None
    try:
        index = pickled.loads(data)
    except Exception:  # pickled by other code, damaged, or naming more than data: no index
        return None
    token, _, digest = history.decode("ascii", "replace").partition(" ")
    if not isinstance(index, PlanIndex) or index.code != code or index.token != token:
        return None
    index = _with_parts(cache, index)
    if index is None or (checked and not sound(index, project)):
        return None
    settle()  # kept till the build ends: set aside from the cycle collector
    return replace(index, history=digest or None)


def sound(index: PlanIndex, project: Path) -> bool:
    """Tell whether every path *index* names stays inside the project (`_contained`) and
    it holds each story its pages name (`_whole`): ~0.007 s at 4 000 stories."""
    try:
        return _contained(index, project) and _whole(index)
    except (AttributeError, TypeError):  # values of the wrong shape (a crafted record)
        return False


def _with_parts(cache: Cache, head: PlanIndex) -> PlanIndex | None:
    """Return *head* (the index's own record) with the references and `shows` of every
    month it names; None when a part is missing, damaged or not what `put_index` writes."""
    refs: dict[str, RefFields] = {}
    shows: dict[str, tuple[str, ...]] = {}
    read: dict[str, tuple[str, Part]] = {}
    try:
        named = [(str(month), str(key)) for month, key in head.parts]
        found = cache.get_many(PLAN_PARTS, [key for _, key in named])
        for month, key in named:
            part = pickled.loads(found[key])
            if type(part) is not tuple or len(part) != 2:
                return None
            own_refs, own_shows = part
            if type(own_refs) is not dict or type(own_shows) is not dict:
                return None
            refs.update(own_refs)
            shows.update(own_shows)
            read[month] = (key, part)
    except Exception:  # missing, damaged, of other code, or naming more than data: no index
        return None
    return replace(head, refs=refs, shows=shows, read_parts=read)


def _whole(index: PlanIndex) -> bool:
    """Tell whether *index* holds what every page planned names and each named story's
    reference (crafted parts cut short had made an edit build render nothing, or fail)."""
    try:
        named: set[str] = set().union(*index.shows.values())
    except TypeError:  # a value that is no collection of ids
        return False
    refs = index.refs.values()  # each a tuple of five strings: checked in C, not field by field
    shaped = set(map(type, refs)) <= {tuple} and set(map(len, refs)) <= {5}
    shaped = shaped and set(map(type, chain.from_iterable(refs))) <= {str}
    return index.shows.keys() == index.digests.keys() and named <= index.refs.keys() and shaped


def _split(index: PlanIndex) -> dict[str, Part]:
    """Return *index*'s references and `shows` by month (the first seven characters of the
    story's page or of the page: "2025/12" of "2025/12/31/slug/")."""
    parts: dict[str, Part] = {}
    for name, fields in index.refs.items():
        month = fields[2][:7]
        part = parts.get(month)
        if part is None:
            part = parts[month] = ({}, {})
        part[0][name] = fields
    for path, shown in index.shows.items():
        month = path[:7]
        part = parts.get(month)
        if part is None:
            part = parts[month] = ({}, {})
        part[1][path] = shown
    return parts


def _contained(index: PlanIndex, project: Path) -> bool:
    """Tell whether every path *index* names stays inside the project's folders.

    The index is a record of the project's cache, which a crafted project may ship well
    formed: its site paths are written, its article paths read, and its pictures' files
    read and published. A picture's file must lie in the folder it names (`readable`, when
    it is read), so that folder must be the project's articles or static folder.

    The site's and the articles' paths are scanned once each (`site_paths`); every other
    path must be one of those, as a build makes the index: a subset check costs a quarter
    of a scan (0.65 -> 0.3 s for an index of 100 000 stories), and an index naming a page
    it has no key for is no index a build made.
    """
    roots = {str(project / ARTICLES_DIR), str(project / STATIC_DIR)}
    jobs = [*index.made.values()]
    for media in index.media.values():
        jobs.extend(media.files.values())
        jobs.extend(job for _, job in media.resources)
    keys = index.keys.keys()
    return (
        all(job.root in roots for job in jobs)
        and site_paths([*index.keys, *index.redirects])
        and site_paths(list(index.stamps))
        and index.digests.keys() <= keys
        and index.shows.keys() <= keys
        and index.made.keys() <= keys
        and set(index.story_pages) <= keys
        and {page for _, page in index.dated_pages} <= keys
        and set(index.files.values()) <= index.stamps.keys()
    )


def put_history(cache: Cache, index: PlanIndex, project: Path) -> None:
    """Record that *index*'s build published, with the URL history it wrote."""
    digest = history_digest(project) or ""
    cache.put(PLAN_INDEX, HISTORY_KEY, f"{index.token} {digest}".encode("ascii"))


def forget(cache: Cache) -> None:
    """Drop the index: site/ and the cards are about to change (see the module)."""
    cache.delete(PLAN_INDEX, [INDEX_KEY, HISTORY_KEY])


def make_index(
    inputs: ProjectInputs,
    code: str,
    loaded: Loaded,
    plan: SitePlan,
    project: Path,
    shows: Mapping[str, tuple[str, ...]],
    dated: Iterable[tuple[dt.date, str]],
    story_pages: Iterable[str],
) -> PlanIndex:
    """Return the index of a full build's plan (*story_pages* in plan order)."""
    arranged = loaded.arranged
    files = loaded.stories.files
    folder = project / ARTICLES_DIR
    return PlanIndex(
        base=base_of(inputs),
        code=code,
        token=uuid.uuid4().hex,
        stamps={file.path: file.stamp for file in files},
        files={file.card.id: file.path for file in files},
        cards=len(arranged.cards),
        slugs={card.id: card.slug for card in arranged.shown},
        refs={name: ref_fields(ref) for name, ref in arranged.refs.items()},
        media=dict(arranged.media),
        dated_pages=tuple((day.toordinal(), page) for day, page in dated),
        keys=dict(plan.keys),
        digests=dict(plan.digests),
        shows=dict(shows),
        story_pages=tuple(story_pages),
        redirects=dict(plan.redirects),
        made=dict(plan.made),
        shared_key=plan.shared_key,
        template_keys=dict(plan.template_keys),
        warnings=warnings_of(folder, files),
    )


def warnings_of(folder: Path, files: Iterable[StoryFile]) -> dict[str, tuple[str, ...]]:
    """Return the warnings of each article file that has any, by file."""
    found: dict[str, tuple[str, ...]] = {}
    for file in files:
        warnings = story_warnings(folder, [file.card])
        if warnings:
            found[file.path] = tuple(warnings)
    return found


def ref_fields(ref: StoryRef) -> RefFields:
    """Return the fields of *ref*, as the index keeps them."""
    return (ref.id, ref.digest, ref.path, ref.title, ref.teaser)


def put_index(cache: Cache, index: PlanIndex, before: PlanIndex | None = None) -> None:
    """Store *index* as the last build's.

    A month's part is written only when it differs from the one read back: by *index*'s own
    read (an index made from the last one, `edit_build`) or by *before*'s (the index the
    build started from). At 100 000 stories the index is some 95 MB; a deploy's parts that
    changed, a few.
    """
    known = {**(before.read_parts if before is not None else {}), **index.read_parts}
    stored: list[tuple[str, str]] = []
    for month, part in sorted(_split(index).items()):
        kept = known.get(month)
        if kept is not None and kept[1] == part:
            key = kept[0]  # the record read back holds this part: not written again
        else:
            key = f"{index.token} {month}"
            cache.put(PLAN_PARTS, key, pickled.dumps(part))
        stored.append((month, key))
    cache.keep_only(PLAN_PARTS, [key for _, key in stored])
    head = replace(index, refs={}, shows={}, parts=tuple(stored), read_parts={})
    cache.put(PLAN_INDEX, INDEX_KEY, pickled.dumps(head))
