"""Trees: site/ and the spare, as the build cache records them (manifests, tokens, inodes).

A build stages the next site in the spare (the site before last), swaps it in and records
both manifests; `digest serve` records site/ after changing files in it in place.
"""

from __future__ import annotations

import uuid
from collections.abc import Mapping
from dataclasses import dataclass
from pathlib import Path
from stat import S_ISDIR

from digest.engine.collector import settle
from digest.paths import refuse_link_out
from digest.store.cache import Cache
from digest.store.seal import seal_bytes
from digest.store.spare_copy import EarlyCopy, finish_copy, start_copy
from digest.store.spare_scan import SpareScan, start_scan
from digest.store.staging import (
    SPARE,
    Guard,
    Staging,
    keep_copy,
    open_staging,
    publish,
    remove_leftovers,
    remove_listed,
)
from digest.store.state import MANIFEST, SEAL, STATE, STATE_BUILD, STATE_TREES
from digest.store.write import Entry, manifest_bytes, manifest_from_bytes, manifest_view


def folder_inode(folder: Path) -> int | None:
    """Return the inode of *folder*, or None when it is not a folder."""
    try:
        stat = folder.stat()
    except OSError:
        return None
    return stat.st_ino if S_ISDIR(stat.st_mode) else None


@dataclass(frozen=True, slots=True)
class Trees:
    """site/ and the spare as the cache knows them, and the staging folder made from them."""

    site_token: str | None
    published: Mapping[str, Entry]
    spare: Mapping[str, Entry] | None
    staging: Staging
    early: EarlyCopy | None = None  # the next spare, being linked (no site/ to keep as it)


def _site_token(trees: Mapping[str, object], here: int | None) -> str | None:
    """Return the token of site/'s manifest, if the cache's record is about this site/.

    A build killed right after swapping in its site could not record it: site/ is then not
    the folder the recorded manifest describes (its inode differs), nor a spare later.
    """
    token = trees.get("site")
    return (
        token
        if isinstance(token, str) and here is not None and here == trees.get("inode")
        else None
    )


# The type of each value of the trees record (`_record_trees` writes it).
_TREES_TYPES: dict[str, tuple[type, ...]] = {
    "site": (str, type(None)),
    "spare": (str, type(None)),
    "whole": (bool,),
    "inode": (int, type(None)),
    "spare_inode": (int, type(None)),
}


def trees_record(cache: Cache) -> dict[str, object]:
    """Return the cache's record of the trees, or {} (nothing known) when it is missing or
    damaged: a value of the wrong type (a list for a token, say) is never acted on."""
    trees = cache.get_json(STATE, STATE_TREES)
    if not isinstance(trees, dict) or any(
        not isinstance(trees.get(key), types) for key, types in _TREES_TYPES.items()
    ):
        return {}
    return trees


def published_manifest(cache: Cache, site: Path) -> dict[str, Entry]:
    """Return the manifest of site/ as the last build recorded it (empty when unknown)."""
    token = _site_token(trees_record(cache), folder_inode(site))
    return manifest_from_bytes(cache.get(MANIFEST, token)) if token else {}


def record_site(cache: Cache, site: Path, manifest: Mapping[str, Entry] | None) -> None:
    """Record site/ after `digest serve` changed files in it in place (the spare is as it was).

    With *manifest* None, site/ is no longer trusted (it is being changed): a build
    meanwhile, or after a crash, renders what it cannot take from the spare.
    Either way site/ is no longer what the last build's inputs made: the next build may not
    skip its work when the inputs are back to those (a story added, then removed again).
    """
    cache.delete(STATE, [STATE_BUILD])
    trees = trees_record(cache)
    spare = trees.get("spare")
    _record_trees(
        cache, site, manifest, spare if isinstance(spare, str) else None, bool(trees.get("whole"))
    )


def _record_trees(
    cache: Cache,
    site: Path,
    manifest: Mapping[str, Entry] | None,
    spare: str | None,
    whole: bool,
    *,
    spare_is_site: bool = False,
) -> None:
    """Store the manifest of site/ (None: not trusted) and which manifest is the spare's.

    The spare folder's inode is kept too: a spare with another is a copy (a restored cache).
    """
    state: dict[str, object] = {"site": None, "spare": spare, "whole": whole, "inode": None}
    state["spare_inode"] = folder_inode(cache.folder / SPARE) if whole else None
    if manifest is not None:
        token = uuid.uuid4().hex
        spare = token if spare_is_site else spare
        state["spare"] = spare
        cache.put(MANIFEST, token, manifest_bytes(manifest))
        cache.keep_only(MANIFEST, [token, *([spare] if spare else [])])
        cache.put(SEAL, token, seal_bytes(manifest))  # what a build with nothing to do reads
        cache.keep_only(SEAL, [token])
        state.update(site=token, inode=folder_inode(site))
    cache.put_json(STATE, STATE_TREES, state)
    cache.commit()


def scan_aside(cache: Cache) -> SpareScan | None:
    """Start walking the spare in a child, for `open_trees`: every spare is walked for links
    before it is staged into, and a restored one (a fresh clone's) stamped file by file
    (`spare_scan`); the child does both on the other core. None (no child) when the cache
    does not trust the spare: `open_trees` would never ask for the answer."""
    return start_scan(cache.folder / SPARE) if _spare_trusted(trees_record(cache)) else None


def _spare_trusted(trees: Mapping[str, object]) -> bool:
    """Tell whether the trees record lets the spare be staged into: a whole spare, its
    manifest's token and its folder's inode recorded (`open_trees`, `open_staging`)."""
    token = trees.get("spare")
    return (
        trees.get("whole") is True
        and isinstance(token, str)
        and bool(token)
        and type(trees.get("spare_inode")) is int
    )


def open_trees(cache: Cache, site: Path, scan: SpareScan | None = None) -> Trees:
    """Read what the cache knows of site/ and the spare; stage the next site in the spare.

    *scan*: the spare being walked by a child (`scan_aside`).
    """
    refuse_link_out(site.parent, site)  # publishing swaps site/: never through a link out
    remove_leftovers(cache.folder)
    trees = trees_record(cache)
    here = folder_inode(site)
    site_token = _site_token(trees, here)
    # Entries made as asked for (`Rows`): a story edit asks a few of site/'s 10 413 files.
    published = manifest_view(cache.get(MANIFEST, site_token)) if site_token else {}
    spare_token = trees.get("spare") if trees.get("whole") is True else None
    # A spare whose manifest is damaged, or names a file outside it, is not staged into: its
    # files could not all be told apart from the new site's, nor removed (`open_staging`).
    spare = (
        (manifest_from_bytes(cache.get(MANIFEST, spare_token)) or None)
        if isinstance(spare_token, str) and spare_token
        else None
    )
    # From here the spare changes: an interrupted build must not trust it any more.
    cache.put_json(
        STATE,
        STATE_TREES,
        {"site": site_token, "spare": None, "whole": False, "inode": here if site_token else None},
    )
    if trees:  # with no record (a first build), there is nothing to stop trusting: the record
        cache.commit()  # says the same as none, and goes with the next commit (~0.02 s here
        # at 4 000 stories: the parsed stories' records, where one core has nothing to do)
    if isinstance(spare_token, str) and spare_token and spare_token != trees.get("site"):
        # Read, and no longer trusted: its record goes now (beside a story edit's Pagefind
        # run), not as site/'s new manifest is recorded once published (`_record_trees`'s
        # `keep_only`: ~0.003 s at 4 000 stories, after the index).
        cache.delete(MANIFEST, [spare_token])
    recorded = trees.get("spare_inode")  # which spare folder is this machine's own
    scanned = scan.result() if scan is not None and spare is not None else None
    staging = open_staging(
        cache.folder, site, spare, published, recorded_inode=recorded, scanned=scanned
    )
    if scan is not None:
        scan.stop()  # only now: the folder it walked is held open till compared
    # No site/ to become the next spare (a deploy): its copy is begun now, beside the build.
    early = start_copy(staging.root, cache.folder, staging.held) if here is None else None
    settle()  # kept till the build ends: set aside from the cycle collector
    return Trees(site_token, published, spare, staging, early)


def publish_site(
    cache: Cache, trees: Trees, manifest: Mapping[str, Entry], site: Path, guard: Guard | None
) -> int:
    """Drop what the new site does not have, swap it in, record it; return files removed."""
    staging = trees.staging
    if trees.early is not None:
        trees.early.wait()  # it links from the staging folder, about to change and move
    previous = set(staging.held) | (set(trees.spare) if trees.spare is not None else set())
    removed = remove_listed(staging, sorted(previous - set(manifest)))
    if publish(staging, guard):
        if trees.early is not None:  # a site/ came meanwhile: it is the spare after all
            trees.early.abandon()
        # The old site is now the spare; its manifest is already stored under its token.
        _record_trees(cache, site, manifest, trees.site_token, trees.site_token is not None)
    else:  # no old site: the spare is a copy of the new one, under the same manifest
        copied = (
            keep_copy(site, cache.folder, manifest)
            if trees.early is None
            else finish_copy(trees.early, site, cache.folder, manifest)
        )
        _record_trees(cache, site, manifest, None, copied, spare_is_site=copied)
    return removed
