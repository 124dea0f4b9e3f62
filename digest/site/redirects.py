"""Redirects: the URL history and front-matter aliases -> a redirect for every old URL.

Every URL a story ever had keeps working. Each old URL leads straight to the story's
current page (the history records, per story, its current URL and every earlier one, so a
chain of moves is one hop), or, for a deleted story, to its region's page or nowhere (a 404),
as `deleted_stories` in digest.yaml says. Each redirect is written twice:

- a rule in site/_redirects, `/old/ /new/ 301`, the syntax Netlify and Cloudflare Pages read
  (paths under base_url's path, as browsers ask for them);
- a small HTML page at the old path (meta refresh, rel=canonical, a link, noindex) for hosts
  without redirect rules, such as GitHub Pages. Netlify serves a file that exists in place of
  a plain rule (its "shadowing"), so there too the page redirects; Cloudflare Pages always
  follows the rule.

A tag's or region's page that moved (its slug changed: site/term_urls.py) redirects the
same way from its old path and its old numbered pages; its old feed gets a rule only, since
a feed reader follows no HTML page. A tag's or region's page no story names now leads to
the index of its kind, its feed kept empty (site/gone_terms.py).

A redirect never hides a live page or file: an alias naming one, or a folder whose path is
a file of the site (`/feed.xml/`, `/index.html/`: the file would become a folder), is an
error naming the story; an old URL that a page or file has since taken belongs to it.
"""

from __future__ import annotations

from collections.abc import Collection, Iterable, Mapping
from dataclasses import dataclass
from html import escape

from digest.errors import DigestError
from digest.models import Article
from digest.paths import ARTICLES_DIR, REDIRECTS_FILE
from digest.site.gone_terms import gone_pages
from digest.site.views import StoryRef
from digest.store.url_history import UrlHistory
from digest.urls import UrlScheme, output_file, own_files_path

PERMANENT = 301


class RedirectError(DigestError):
    """An alias in a story's front matter would hide a page, or another story claims it."""


@dataclass(frozen=True, slots=True)
class Redirect:
    """An old URL of a story and the page it leads to now (both site paths)."""

    old: str
    new: str
    story: str  # the story's id; "" for a tag's or region's page
    title: str  # the story's title or the term's name; "" when the story is deleted
    page: bool = True  # False: a rule alone (a feed), no HTML page at the old path
    gone: bool = False  # a tag's or region's page no story names now, to the index


def plan_redirects(
    history: UrlHistory,
    shown: Iterable[Article],
    refs: Mapping[str, StoryRef],
    live: Collection[str],
    deleted: str,
    urls: UrlScheme,
) -> tuple[Redirect, ...]:
    """Return every redirect of the site, sorted by old path.

    *history* is the one after this build; *live* holds every file the site has besides
    redirects; *deleted* is the `deleted_stories` setting ("region" or "404").
    """
    found: dict[str, Redirect] = {}
    for card in shown:
        for alias in card.aliases:
            if alias == refs[card.id].path:
                continue  # the story's own URL: its page is there, no redirect to make
            _check_alias(card, alias, live, found.get(alias))
            found[alias] = Redirect(alias, refs[card.id].path, card.id, card.title)
    # Only stories that moved or went have old URLs: 100 000 entries sorted for a few.
    redirected = sorted(item for item in history.stories.items() if item[1].old or item[1].gone)
    for name, entry in redirected:
        ref = refs.get(name)
        if entry.gone or ref is None:  # a draft left out publishes no URL of its own
            continue
        for old in entry.old:
            if old not in found and not _takes(old, live):
                found[old] = Redirect(old, ref.path, name, ref.title)
    for name, entry in redirected:
        target = entry.region if deleted == "region" else ""
        if not entry.gone or not target or output_file(target) not in live:
            continue  # "404": no redirect; the host answers with its not-found page
        for old in (*entry.old, entry.url):
            if old not in found and not _takes(old, live):
                found[old] = Redirect(old, target, name, "")
    for redirect in _term_redirects(history, live, urls):
        if redirect.old not in found and not _takes(redirect.old, live):
            found[redirect.old] = redirect
    for old, index, name in gone_pages(history, live, deleted, urls):
        if not _takes(old, live):
            found.setdefault(old, Redirect(old, index, "", name, gone=True))
    return tuple(found[old] for old in sorted(found))


def _term_redirects(
    history: UrlHistory, live: Collection[str], urls: UrlScheme
) -> Iterable[Redirect]:
    """Yield the redirects of every term page that moved: its page, numbered pages and feed."""
    for path, entry in (history.terms or {}).items():
        if entry.gone or not entry.old or output_file(path) not in live:
            continue
        for old in entry.old:
            yield Redirect(old, path, "", entry.name)
            if urls.feed(path) in live:
                yield Redirect(urls.feed(old), urls.feed(path), "", entry.name, page=False)
            number = 1  # numbered pages start at 1 (the oldest stories), beside the list's own
            while output_file(urls.paged(path, number)) in live:
                yield Redirect(urls.paged(old, number), urls.paged(path, number), "", entry.name)
                number += 1


def _takes(old: str, live: Collection[str]) -> str | None:
    """Return the site's file a redirect page at *old* would replace: its own file, or a
    file standing where one of its folders would go ("feed.xml/" makes feed.xml a folder),
    or where digest or the host keeps its own files (Pagefind's, not yet in *live*)."""
    path = output_file(old)
    if path in live or own_files_path(old):
        return path
    folder = path.rfind("/")
    while folder > 0:
        if path[:folder] in live or path[:folder] == REDIRECTS_FILE:
            return path[:folder]
        folder = path.rfind("/", 0, folder)
    return None


def _check_alias(card: Article, alias: str, live: Collection[str], taken: Redirect | None) -> None:
    line = "" if card.aliases_line is None else f":{card.aliases_line}"
    where = f"{ARTICLES_DIR / card.path}{line}: aliases: /{alias}"
    hidden = _takes(alias, live)
    if hidden == output_file(alias):
        raise RedirectError(
            f"{where} is the URL of a page the site has, which a redirect to story"
            f" {card.title!r} would hide: remove the alias"
        )
    if hidden is not None:
        raise RedirectError(
            f"{where} would make {hidden}, a file the site has, a folder (and lose it):"
            " remove the alias"
        )
    if taken is not None and taken.story != card.id:
        raise RedirectError(
            f"{where} is already an alias of story {taken.title!r} ({taken.story}); "
            "an old URL can lead to one story only"
        )


def redirect_map(redirects: Iterable[Redirect]) -> dict[str, str]:
    """Return the file of each old URL -> the site path it leads to (for the link check)."""
    return {output_file(redirect.old): redirect.new for redirect in redirects if redirect.page}


def redirect_files(
    redirects: Iterable[Redirect], urls: UrlScheme, language: str, own: bytes | None = None
) -> dict[str, bytes]:
    """Return site/_redirects and the HTML page of every old URL (nothing when there is none).

    *own* is the editor's static/_redirects: its rules come first, then digest's. Hosts take
    the first rule that matches a path, and an editor's rule says what they mean.
    """
    redirects = tuple(redirects)
    if not redirects:
        return {}
    rules = redirect_rules(redirects, urls)
    if own:
        rules = own + (b"" if own.endswith(b"\n") else b"\n") + rules
    files = {REDIRECTS_FILE: rules}
    for redirect in redirects:
        if redirect.page:
            files[output_file(redirect.old)] = redirect_page(redirect, urls, language)
    return files


def redirect_rules(redirects: Iterable[Redirect], urls: UrlScheme) -> bytes:
    """Return the _redirects file: one `/old/ /new/ 301` line per old URL."""
    lines = ["# Old URLs of moved stories, each to its page now (written by digest build)."]
    if any(not redirect.story and redirect.title for redirect in redirects):
        lines[0] = "# Old URLs of moved stories and pages, each to its page now (digest build)."
    for redirect in redirects:
        lines.append(f"{urls.href(redirect.old)} {urls.href(redirect.new)} {PERMANENT}")
    return ("\n".join(lines) + "\n").encode("utf-8")


def redirect_page(redirect: Redirect, urls: UrlScheme, language: str) -> bytes:
    """Return the HTML page at an old URL: a meta refresh, its canonical URL and a link."""
    href = escape(urls.href(redirect.new))
    title = escape(redirect.title)
    if redirect.gone:
        kind = "tags" if redirect.new == urls.tags() else "regions"
        heading = f"No stories now: {title}"
        said = f'No story is filed under {title} now. <a href="{href}">All {kind}</a>.'
    elif redirect.title and not redirect.story:  # a tag's or region's page
        heading, said = f"Moved: {title}", f'This page has moved to <a href="{href}">{title}</a>.'
    elif redirect.title:
        heading, said = f"Moved: {title}", f'This story has moved to <a href="{href}">{title}</a>.'
    else:
        heading = "Story removed"
        said = f'This story has been removed. <a href="{href}">More stories of its region</a>.'
    page = (
        "<!DOCTYPE html>\n"
        f'<html lang="{escape(language)}">\n<head>\n<meta charset="utf-8">\n'
        f"<title>{heading}</title>\n"
        '<meta name="robots" content="noindex">\n'
        f'<link rel="canonical" href="{escape(urls.absolute(redirect.new))}">\n'
        f'<meta http-equiv="refresh" content="0; url={href}">\n'
        f"</head>\n<body>\n<p>{said}</p>\n</body>\n</html>\n"
    )
    return page.encode("utf-8")
