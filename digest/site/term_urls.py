"""Term URLs: the tags and regions of a plan -> the URL history's term pages after it.

A tag's or region's page is at a slug of its name, so it moves only when the way names
become slugs changes (a new version of digest: "C++" was /tags/c/ and is /tags/c-plus-plus/).
The history knows each page by its path and the name it was published under; a path no
term has now whose name slugs, today, to a page that exists moved there. Its old path then
redirects to the page (site/redirects.py) and its feed keeps the <id> it was first
published with. A history written before terms were kept (version 1) is converted by the
pages the last site had (site/, else the build cache's spare): each name's page is the one
of those its slug makes now, else the one the slugs of an earlier digest made, a name's
plain `slug` (neither "+", "#", "%" spelled out, nor cut to SLUG_MAX_LENGTH) or session 13's
(signs spelled out, no hash of another script's letters: "北京" was /tags/bei-jing/). With no
site to read (a fresh clone without its cache), each name is taken to have had its plain
slug's page, as every digest before session 13 made it.
"""

from __future__ import annotations

from collections.abc import Iterable, Mapping
from dataclasses import replace

from digest.site.group import Groups, Term, term_slug
from digest.store.term_history import TermUrls
from digest.store.url_history import UrlHistory
from digest.urls import UrlScheme, slug
from digest.urls import term_slug as made_term_slug


def advance_terms(history: UrlHistory, groups: Groups, urls: UrlScheme) -> UrlHistory:
    """Return *history* with the term pages of *groups* published (a plan's `history`)."""
    now = dict(_pages(groups, urls))
    before = history.terms
    if before is None:
        before = _as_published_before(groups, urls, now, history.site_pages)
    elif all(
        path in before and before[path].name == term.name and not before[path].gone
        for path, term in now.items()
    ) and len(before) == len(now):
        return history  # what nearly every build is: the same pages under the same names
    moved: dict[str, list[str]] = {}
    for path, entry in before.items():
        if path not in now:
            target = _page_now(path, entry.name, urls)
            if target in now:
                moved.setdefault(target, []).append(path)
    terms: dict[str, TermUrls] = {}
    for path, term in now.items():
        terms[path] = _published(path, term.name, before.get(path), moved.get(path, []), before)
    went = {source for sources in moved.values() for source in sources}
    for path, entry in before.items():
        if path not in now and path not in went:
            terms[path] = entry if entry.gone else replace(entry, gone=True)
    return replace(history, terms=dict(sorted(terms.items())), site_pages=None)


def _published(
    path: str,
    name: str,
    own: TermUrls | None,
    sources: list[str],
    before: Mapping[str, TermUrls],
) -> TermUrls:
    """Return the entry of the page at *path*, which the pages at *sources* moved to."""
    old = set(own.old) if own is not None else set()
    first = own.first if own is not None else ""
    for source in sorted(sources):
        old |= {source, *before[source].old}
        if own is None and not first:  # the feed the page had first keeps its <id>
            first = before[source].first or source
    old.discard(path)
    return TermUrls(name, tuple(sorted(old)), "" if first == path else first)


def _pages(groups: Groups, urls: UrlScheme) -> Iterable[tuple[str, Term]]:
    for terms, place in ((groups.regions, urls.region), (groups.tags, urls.tag)):
        for term in terms:
            yield place(term.slug), term


def _page_now(path: str, name: str, urls: UrlScheme) -> str | None:
    """Return where the term page at *path*, published under *name*, is now."""
    last = path.rstrip("/").rsplit("/", 1)[-1]  # the slug the page was made of
    for place in (urls.region, urls.tag):
        if place(last) == path:
            return place(term_slug(name))
    return None


def _as_published_before(
    groups: Groups, urls: UrlScheme, now: Mapping[str, Term], pages: frozenset[str] | None
) -> dict[str, TermUrls]:
    """Return the term pages a version 1 history's site had: of *pages* (None: unknown, each
    name at its plain slug), each name's page now, else the first its earlier slugs made.

    Several names that share one such page now ("C++" and "C#" were both /tags/c/) are
    told apart: the page goes to the one with the most stories, then the first by path. A
    term page of *pages* that no name has now is gone (its name unknown: its slug's).
    """
    claims: dict[str, tuple[int, str, str]] = {}
    for terms, place in ((groups.regions, urls.region), (groups.tags, urls.tag)):
        for term in terms:
            page = place(term.slug)
            claim = (-len(term.articles), page, term.name)
            if pages is None:
                plain = place(slug(term.name))
                found = [plain] if plain == page or plain not in now else []
            elif page in pages:
                found = [page]
            else:
                earlier = (place(slug(term.name)), place(session_13_slug(term.name)))
                found = [then for then in earlier if then in pages and then not in now][:1]
            for then in found:
                claims[then] = min(claims.get(then, claim), claim)
    # A page that a name had then and still has is its own, whoever else claimed it.
    had = {
        path: TermUrls(now[path].name if path in now else name)
        for path, (_, _, name) in claims.items()
    }
    for path in sorted(pages or ()):
        last = path.rstrip("/").rsplit("/", 1)[-1]
        if path not in had and path in (urls.region(last), urls.tag(last)):
            had[path] = TermUrls(last, gone=True)
    return had


def session_13_slug(name: str) -> str:
    """Return the slug session 13's digest gave *name* (no hash of another script's letters)."""
    return made_term_slug(name, script_hash=False)


def feed_origins(history: UrlHistory) -> dict[str, str]:
    """Return the term pages whose feed keeps another path's <id>: page -> that path."""
    return {path: entry.first for path, entry in (history.terms or {}).items() if entry.first}
