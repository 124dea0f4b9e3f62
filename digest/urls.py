"""URLs: where every page of the site lives, under base_url and its sub-path.

A *path* here is relative to the site root: "" is the home page, a folder ends
with "/" (served from its index.html), anything else names a file ("feed.xml").
Pages link to each other with `href(path)`, which prefixes the base_url's path,
so links work whether the site is served at "/" or at "/digest/".
"""

from __future__ import annotations

import datetime as dt
import hashlib
import re
import unicodedata
from dataclasses import dataclass
from urllib.parse import parse_qsl, urlsplit

from digest.errors import DigestError, clip
from digest.paths import (
    ASSETS_DIR,
    FEED_FILE,
    NOT_FOUND_FILE,
    ROBOTS_FILE,
    SEARCH_DIR,
    SITEMAP_FILE,
)


class BaseUrlError(DigestError):
    """base_url in digest.yaml is not an absolute http(s) URL."""


# What slugify gives back unchanged: a file name as digest writes it ("storm-hits-coast"),
# most of the slugs a build makes (one a story, from its file's name).
_SLUG = re.compile(r"[a-z0-9]+(?:-[a-z0-9]+)*")
# The longest slug made of a title or a name: a story's file name (ingest and `digest new`
# cut titles to it) and a tag's or a region's folder (`term_slug`). A folder name may have
# 255 bytes, and a build writes temporaries beside each page.
SLUG_MAX_LENGTH = 80
_CUT_HASH = 8


# ASCII words between single spaces or hyphens ("North Korea", "COVID-19"): slugify makes
# them lower case with hyphens for the spaces. Most tag and region names; made here, the
# edit of a story names none that needs python-slugify, whose import compiles two patterns
# of every HTML entity name (~5-15 ms, before a story edit's page can be given to Pagefind).
_PLAIN = re.compile(r"[A-Za-z0-9]+(?:[ -][A-Za-z0-9]+)*")


def slug(text: str) -> str:
    """Return the URL slug of *text*; text with no letters or digits gets a stable hashed one."""
    if _SLUG.fullmatch(text):
        return text
    if _PLAIN.fullmatch(text):
        return text.lower().replace(" ", "-")
    from slugify import slugify  # imported when first used: a no-op build makes no slug

    made: str = slugify(text)
    if made:
        return made
    # A name like "!!!" slugifies to nothing; a hash keeps it addressable and distinct.
    return "x-" + hashlib.sha1(text.encode("utf-8")).hexdigest()[:8]


# Signs that make a name another name, which slugify would drop: "C++" is neither "C#" nor
# "C", "100%" is not "100". They are spelled out ("c-plus-plus", "c-sharp", "100-percent");
# a "#" that does not follow a letter or digit opens a hashtag ("#MeToo" is "MeToo").
_SIGNS = re.compile(r"(?<=\w)#|[+%]")
_SPELLED = {"+": " plus ", "#": " sharp ", "%": " percent "}


def _transliterated(name: str) -> str | None:
    """Return the letters and digits of *name*, folded (case and accents), when some are of
    a script other than Latin, which a slug can only transliterate; else None."""
    if name.isascii():  # nearly every name: nothing to transliterate
        return None
    folded = "".join(
        char for char in unicodedata.normalize("NFKD", name).casefold() if char.isalnum()
    )
    if all(char.isascii() or unicodedata.name(char, "").startswith("LATIN") for char in folded):
        return None  # "Øresund", "Łódź": Latin letters, whose slug is the name as it reads
    return folded


# Names Windows keeps for devices, with any extension: a file or folder "con", "nul.md" or
# "com1" cannot be checked out there (git refuses it), so a co-editor could not clone the
# project nor a deploy tool upload the site.
_WINDOWS_DEVICE = re.compile(r"(?:con|prn|aux|nul|com[0-9]|lpt[0-9])(?:\.|$)", re.IGNORECASE)


def windows_safe(name: str, suffix: str) -> str:
    """Return *name*, with *suffix* added when Windows keeps it for a device ("con")."""
    return name + suffix if _WINDOWS_DEVICE.match(name) else name


def term_slug(name: str, *, script_hash: bool = True) -> str:
    """Return the slug of a tag's or a region's *name*: its `slug`, with the signs that make
    it another name spelled out, and a hash of its letters when they are of another script
    than Latin, cut at a word to at most SLUG_MAX_LENGTH characters when longer, with a hash
    of the whole slug. (*script_hash* False: the slug without that hash, as session 13's
    digest made it, which the URL history's conversion looks for.)

    Names that differ only by case, accents, spaces or punctuation ("COVID-19" and "covid
    19", "Émile" and "emile") are one tag or region, on one page (which shows its most used
    spelling: site/group.py); "C++" and "C#" are two. The slug is the name's alone, never
    numbered by what other names exist: a tag keeps its address and its feed whatever stories
    come, in a clean build and an incremental one alike. (A story's slug is its file's name,
    which the file system keeps short enough.) The hash keeps two long names that differ only
    past the cut apart.

    A transliteration says too little to tell names apart: "北京" (Beijing) and "背景"
    (background) are both "bei-jing", "Москва" and "Moskva" both "moskva". So a name with
    letters of another script gets a hash of them, folded ("bei-jing-" and eight hex digits):
    its own address, whatever other names exist, the same for its spellings by case.
    """
    if "+" in name or "#" in name or "%" in name:
        name = _SIGNS.sub(lambda sign: _SPELLED[sign.group()], name)
    made = windows_safe(slug(name), "-tag")
    foreign = _transliterated(name) if script_hash else None
    if foreign and not made.startswith("x-"):  # "x-": a hash of the name already
        made += "-" + hashlib.sha1(foreign.encode("utf-8")).hexdigest()[:_CUT_HASH]
    if len(made) <= SLUG_MAX_LENGTH:
        return made
    cut = made[: SLUG_MAX_LENGTH - _CUT_HASH - 1]
    if made[len(cut)] != "-" and "-" in cut:  # the cut is inside a word: leave it out
        cut = cut.rsplit("-", 1)[0]
    whole = hashlib.sha1(made.encode("utf-8")).hexdigest()[:_CUT_HASH]
    return f"{cut.rstrip('-')}-{whole}"


# Hosts that no reader can reach: the machine itself, and the names RFC 2606/6761 reserve for
# examples and tests. A site published with one ships feeds, a sitemap and canonical links
# that point nowhere.
_LOCAL_HOSTS = ("localhost", "127.0.0.1", "::1", "0.0.0.0")
_EXAMPLE_DOMAINS = ("example.com", "example.net", "example.org")
_RESERVED_SUFFIXES = (".localhost", ".example", ".test", ".invalid", ".local")


def placeholder_base_url(base_url: str) -> str | None:
    """Say why *base_url* cannot be where the site is published; None when it can be."""
    try:
        host = (urlsplit(base_url).hostname or "").rstrip(".").lower()
    except ValueError:  # not a URL at all: the settings' check says so
        return None
    if host in _LOCAL_HOSTS or host.endswith(_RESERVED_SUFFIXES):
        why = "a local address"
    elif host in _EXAMPLE_DOMAINS or host.endswith(tuple("." + name for name in _EXAMPLE_DOMAINS)):
        why = "an example domain"
    else:
        return None
    return (
        f"digest.yaml: base_url {clip(base_url)} is {why}: the feeds, sitemap and canonical "
        "links point there; set base_url to the address the site is published at"
    )


_SCHEME = re.compile(r"^[A-Za-z][A-Za-z0-9+.-]*:")
_UNSAFE = re.compile(r"[^A-Za-z0-9._~!$()*+,;=:@%/-]")


# A page path `page_path_problem` accepts, as nearly every one is ("2026/01/13/slug/"):
# segments of safe characters not starting with "." (so never "." or ".."), each ending in
# "/", no ":" (a scheme). Any other path is judged by `page_path_problem` itself.
PLAIN_PAGE = re.compile(r"(?:[A-Za-z0-9_~!$()*+,;=@%-][A-Za-z0-9._~!$()*+,;=@%-]*/)+\Z")


def page_path_problem(path: object) -> str | None:
    """Say why *path* is not a page path of the site ("2024/03/01/story/"); None if it is.

    Old URLs are written as files of site/, so each must be relative, normalised, free of
    schemes and of characters a redirect rule or an HTML attribute would need escaped, and
    name a page: a folder (ending in "/") or an .html file.
    """
    if not isinstance(path, str) or not path or path == "/":
        return "expected a site path such as /2024/03/01/story/"
    if _SCHEME.match(path) or path.startswith("/"):
        return "not a path within the site (no scheme, host or leading '//')"
    if _UNSAFE.search(path):
        return "only ASCII letters, digits and - . _ ~ / % (percent-encode the rest; no '?' or '#')"
    parts = path.split("/")
    if any(part in ("", ".", "..") for part in parts[:-1]):
        return "not a normalised path (no '..', '.' or '//')"
    if parts[-1] in (".", "..") or not (path.endswith("/") or path.endswith(".html")):
        return "must name a page: a folder ending in '/' or an .html file"
    return None


# Where digest writes its own files: assets/ is served as immutable for a year (netlify.toml:
# a redirect there would be cached past its removal), pagefind/ is the search index (written
# after the site is planned: a redirect page at "pagefind/pagefind.js/" made the search's
# script a folder); and the host's own files at the root (redirect rules, headers, Netlify's
# settings): a redirect page at "_redirects/" would make digest's rules file a folder.
_OWN_FILES = re.compile(
    rf"^(?:{ASSETS_DIR}|{SEARCH_DIR})/|^(?:_redirects|_headers|netlify\.toml)(?:/|$)"
)
# page/N/ is where a list grows (a region's second page): an alias there would collide with a
# page one day.
_LIST_PAGE = re.compile(r"(?:^|/)page/\d+/")


def own_files_path(path: str) -> bool:
    """Tell whether *path* lies where digest or the host keeps its own files: no old URL's
    redirect page may stand there."""
    return _OWN_FILES.search(path) is not None


def alias_problem(path: object) -> str | None:
    """Say why *path* cannot be an alias (an old URL of a story); None if it can."""
    problem = page_path_problem(path)
    if (
        problem is None
        and isinstance(path, str)
        and (own_files_path(path) or _LIST_PAGE.search(path))
    ):
        return (
            "lies where digest or the host keeps its own files (assets/, pagefind/, a list's"
            " page/N/, _redirects, _headers, netlify.toml)"
        )
    return problem


def alias_path(text: str) -> str:
    """Return the site path an alias names: "/old/story" -> "old/story/" (a folder)."""
    path = text[1:] if text.startswith("/") and not text.startswith("//") else text
    last = path.rsplit("/", 1)[-1]
    if last and "." not in last and not _SCHEME.match(path):
        path += "/"
    return path


def output_file(path: str) -> str:
    """Return the file that serves *path* ("a/" -> "a/index.html")."""
    return path + "index.html" if path == "" or path.endswith("/") else path


def base_url_problem(base_url: str) -> str | None:
    """Say why *base_url* cannot be the site's address ("base_url: ..."); None when it can."""
    try:
        parts = urlsplit(base_url)
        parts.port  # noqa: B018 (read for its check: a port that is not a number raises)
    except ValueError as error:  # an unclosed "[" of an IPv6 host, a port of letters
        return f"base_url: not a URL ({error}), got {clip(base_url)}"
    if parts.scheme not in ("http", "https") or not parts.hostname:
        return f"base_url: expected an absolute http(s) URL, got {clip(base_url)}"
    if parts.query or parts.fragment:
        return f"base_url: must not have a query or fragment, got {clip(base_url)}"
    if parts.username is not None or parts.password is not None:
        # It would be published in every page's canonical link, the feeds and the sitemap.
        return f"base_url: must not hold a user name or password, got {clip(base_url)}"
    if _NOT_IN_URL.search(base_url):
        return f"base_url: a space or a character a URL cannot hold, got {clip(base_url)}"
    return None


# White space, controls and the characters RFC 3986 leaves out of every URL: written into
# <link rel=canonical>, feeds and the sitemap as they are, they make links that break.
_NOT_IN_URL = re.compile(r'[\s\x00-\x1f\x7f<>"{}|\\^`]')


@dataclass(frozen=True, slots=True)
class UrlScheme:
    """The site's URL layout; *base_url* is absolute and ends with "/"."""

    base_url: str

    @classmethod
    def from_base_url(cls, base_url: str) -> UrlScheme:
        """Check *base_url* and return the scheme for it."""
        problem = base_url_problem(base_url)
        if problem is not None:
            raise BaseUrlError(f"digest.yaml: {problem}")
        return cls(base_url if base_url.endswith("/") else base_url + "/")

    @property
    def base_path(self) -> str:
        """Return the path part of base_url ("/" or "/digest/")."""
        return urlsplit(self.base_url).path or "/"

    def href(self, path: str) -> str:
        """Return the link to *path* from any page of the site."""
        return self.base_path + path

    def absolute(self, path: str) -> str:
        """Return the absolute URL of *path* (canonical links, feeds, Open Graph)."""
        return self.base_url + path

    def paged(self, path: str, number: int | None) -> str:
        """Return numbered page *number* of the list at *path* (None: the list's own page).

        Pages are numbered from the list's oldest story (site/group.paginate).
        """
        return path if number is None else f"{path}page/{number}/"

    @staticmethod
    def day(date: dt.date) -> str:
        """Return a day's page (the same under any base_url: site/slugs reads it without one)."""
        return f"{date.year:04d}/{date.month:02d}/{date.day:02d}/"

    def month(self, year: int, month: int) -> str:
        return f"{year:04d}/{month:02d}/"

    def article(self, date: dt.date, article_slug: str) -> str:
        return self.article_in(self.day(date), article_slug)

    @staticmethod
    def article_in(day: str, article_slug: str) -> str:
        """Return the page of the story *article_slug* of the day whose page is *day*."""
        return f"{day}{article_slug}/"

    def archive(self) -> str:
        return "archive/"

    def regions(self) -> str:
        return "regions/"

    def region(self, region_slug: str) -> str:
        return f"regions/{region_slug}/"

    def tags(self) -> str:
        return "tags/"

    def tag(self, tag_slug: str) -> str:
        return f"tags/{tag_slug}/"

    def feed(self, list_path: str = "") -> str:
        """Return the Atom feed of the list at *list_path* (the site's feed for "")."""
        return f"{list_path}{FEED_FILE}"

    def search(self) -> str:
        return "search/"

    def asset(self, name: str) -> str:
        return f"{ASSETS_DIR}/{name}"

    def search_bundle(self) -> str:
        return f"{SEARCH_DIR}/pagefind.js"

    def sitemap(self) -> str:
        return SITEMAP_FILE

    def robots(self) -> str:
        return ROBOTS_FILE

    def not_found(self) -> str:
        return NOT_FOUND_FILE


# A story's id is the key of its URL history and the specific part of its feed entries'
# `tag:` ids: "../../x" or "a/b" reads as a path, and a leading "." hides it. Anything else
# older versions accepted ("story:42", "my story") stays accepted: a refused id would stop
# the build of a project that built before.
_NOT_ID = re.compile(r"[/\\]|^\.")


def id_problem(text: str) -> str | None:
    """Return what makes *text* no story id (None: it is one)."""
    if _NOT_ID.search(text) is not None:
        return "expected no '/' or '\\' and no '.' first"
    return None


def web_address_problem(text: str) -> str | None:
    """Return what makes *text* no web address a reader can follow (None: it is one).

    Themes may put it in a link: `javascript:` or `data:` there runs or shows what the
    page's author never wrote.
    """
    try:
        parts = urlsplit(text)
    except ValueError:
        return "expected an http or https address"
    # A space is let be: older ingest wrote such addresses from saved pages.
    if parts.scheme.lower() not in ("http", "https") or not parts.hostname:
        return "expected an http or https address"
    return None


def web_address(address: str | None) -> str | None:
    """Return *address* when it is a web address (never `javascript:` or `data:`): what the
    site stage accepts as `url:` and `image_url:`, so what ingest writes there."""
    if not address or web_address_problem(address) is not None:
        return None
    return address


# The paths of a site's home page: nothing, an index file, its language's ("/en/", "/pt-br").
_HOME_PATH = re.compile(r"(?:index(?:\.\w{2,5})?|home|default\.aspx|[a-z]{2}(?:[-_][a-z]{2})?)?")


def home_page(address: str) -> bool:
    """Tell whether *address* is a site's home page ("https://www.example.com/", "/en/",
    "/index.html"), not a story's; a query naming a page ("/?p=123") makes it a story's."""
    try:
        parts = urlsplit(address)
    except ValueError:
        return False
    queried = any(not key.startswith("utm_") for key, _ in parse_qsl(parts.query))
    return not queried and _HOME_PATH.fullmatch(parts.path.strip("/").casefold()) is not None
