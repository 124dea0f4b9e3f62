"""Where things live: every path of a project, of the build cache and of the package.

The one module that spells file and folder names. Everything else asks it, so a folder is
renamed in one place and a reader finds every path of the layout here. Standard library
only: a build that finds nothing changed imports it first.
"""

from __future__ import annotations

import os
import re
from collections.abc import Iterable
from dataclasses import dataclass
from pathlib import Path, PurePath, PurePosixPath

PACKAGE = Path(__file__).resolve().parent
# The themes shipped with digest, inside the package so that an installed wheel has them.
BUILTIN_THEMES = PACKAGE / "themes"
SKELETON = PACKAGE / "skeleton"  # what `digest init` copies
# Package data drops dotfiles and dot-folders, so the skeleton ships these under other names
# (the first part of a path: "github/workflows/pages.yml" is made ".github/workflows/...").
GITIGNORE_FILE = ".gitignore"
SKELETON_RENAMED = {"gitignore": GITIGNORE_FILE, "github": ".github"}
PROJECT_README = "README.md"  # the editor's guide in a new project
REQUIREMENTS_FILE = "requirements.txt"  # which digest a project is built with (`digest init`)
DATA = "data"  # package resources: importlib.resources.files("digest") / DATA / name

WORKING_DIR = Path(".")  # a command's project when -C is not given
CONFIG_FILE = "digest.yaml"
CONTENT_DIR = Path("content")
RAW_DIR = CONTENT_DIR / "raw"
ARTICLES_DIR = CONTENT_DIR / "articles"
# A page bundle: a story's folder holding its Markdown as index.md and its own files (photo.jpg).
BUNDLE_INDEX = "index.md"
STORY_SUFFIX = ".md"  # a story file's name ends in it, in that case, and nothing else
# Names that Markdown editors give a story but digest does not read as one: warned of by name
# (a story lost without a word on a case-insensitive disk is worse than a rename asked for).
_MARKDOWN_SUFFIXES = (".md", ".markdown", ".mdown", ".mkd", ".mkdn")
LEDGER_NAME = ".ingest.json"
LEDGER = CONTENT_DIR / LEDGER_NAME
# What the last ingest made of every dump (stories, dropped lines, dates): `digest report`.
INGEST_REPORT = CONTENT_DIR / ".ingest-report.json"
# Every URL each story had, by id (store/url_history.py): beside the ledger, committed too.
URL_HISTORY_NAME = ".urls.json"
URL_HISTORY = CONTENT_DIR / URL_HISTORY_NAME
SITE_DIR = "site"
TEMPLATES_DIR = "templates"
STATIC_DIR = "static"
THEMES_DIR = "themes"
THEME_ROOTS = (TEMPLATES_DIR, STATIC_DIR, THEMES_DIR)
CACHE_DIR = ".digest-cache"
# `digest serve --drafts`'s own site and build cache, under .digest-cache/ (`Output`).
DRAFTS_PREVIEW_DIR = "drafts-preview"
CACHE_TAG_FILE = "CACHEDIR.TAG"  # marks the cache for backup tools
LOCK_DIR = ".digest-build"
LOCK_FILE = Path(LOCK_DIR) / "lock"
NETLIFY_FILE = "netlify.toml"
# What content/raw/ may hold: text dumps, and saved web pages (one story each). "Save page
# as... complete" puts a page's pictures in a folder beside it: `Title.html` + `Title_files/`.
DUMP_SUFFIXES = (".txt",)
HTML_SUFFIXES = (".html", ".htm")
MHTML_SUFFIXES = (".mhtml", ".mht")
PAGE_FILES_SUFFIX = "_files"  # the host's settings; `digest serve` can send its headers

# Files and folders of the written site (URLs are made from these by urls.py).
ASSETS_DIR = "assets"
PICTURES_DIR = "pictures"  # stories' pictures, resized (site/pictures/<name>-<width>.<hash>.jpg)
PICTURE_CACHE = "pictures"  # under .digest-cache/: resized pictures by content key
SEARCH_DIR = "pagefind"
FEED_FILE = "feed.xml"
NOT_FOUND_FILE = "404.html"
INDEX_FILE = "index.html"  # what serves a folder's URL
SITEMAP_FILE = "sitemap.xml"
ROBOTS_FILE = "robots.txt"
REDIRECTS_FILE = "_redirects"  # Netlify's and Cloudflare Pages' redirect rules

# Pagefind, which makes the search index: its names, and the folders of one of its runs.
JUSTEXT_STOPLISTS = "stoplists"  # the folder of stop-word lists inside the justext package
PAGEFIND = "pagefind"  # its Python module, its binary and its cache keys
PAGEFIND_BINARIES = ("pagefind_extended", PAGEFIND)
# Its binaries' Python packages, extended first (site/pagefind.py: pagefind_command).
PAGEFIND_PACKAGES = ("pagefind_bin_extended", "pagefind_bin")
PAGEFIND_INPUT = "site"  # the pages of a shard, linked in for one run
PAGEFIND_OUTPUT = "out"
SEARCH_CACHE = "search"  # under .digest-cache/: shard indexes by key


# What editors leave beside the files they save: swap and temporary files (vim: .swp, .swx,
# .swo, the 4913 it probes a folder with), autosaves and locks (emacs: #name#, .#name),
# backups (name~, .bak, .bck, .orig and .rej of a merge or a patch), and the desktop's own
# (.DS_Store, Thumbs.db). Never a reason for `digest serve` to rebuild, and never published
# from a page bundle or static/: an autosave is a draft the editor has not saved.
EDITOR_LEFTOVERS = (
    "*.swp",
    "*.swx",
    "*.swo",
    "*~",
    "*.bck",
    "*.bak",
    "*.orig",
    "*.rej",
    "*.tmp",
    "4913",
    ".#*",
    "#*#",
    ".DS_Store",
    "Thumbs.db",
)
_LEFTOVER_NAME: re.Pattern[str] | None = None


def misnamed_story(name: str) -> bool:
    """Tell whether the file *name* looks like Markdown but is not named as a story (*.md)."""
    lowered = name.lower()
    return lowered.endswith(_MARKDOWN_SUFFIXES) and not name.endswith(STORY_SUFFIX)


def misnamed_story_warning(relative: str) -> str:
    """Return the warning for a Markdown file under content/articles/ not named *.md."""
    stem = relative.rsplit(".", 1)[0]
    return (
        f"{ARTICLES_DIR.as_posix()}/{relative}: not read as a story (a story's file name ends"
        f" in {STORY_SUFFIX}, lower case); rename it to {stem.rsplit('/', 1)[-1]}{STORY_SUFFIX}"
        " to publish it"
    )


def bundle_folder(folder: PurePosixPath) -> bool:
    """Tell whether a story's folder *folder* (under content/articles/) may be a page bundle.

    The top of the tree and a date folder (2026, 2026/01, 2026/01/05) hold stories of their
    own: an index.md there is a story like any other, never the owner of what lies below.
    """
    parts = folder.parts
    return bool(parts) and not all(part.isascii() and part.isdigit() for part in parts)


def story_stem(relative: PurePath) -> str:
    """Return the name a story's slug is made from: a bundle's folder's, else its file's stem."""
    if relative.name == BUNDLE_INDEX and bundle_folder(PurePosixPath(*relative.parent.parts)):
        return relative.parent.name
    return relative.stem


def editor_leftover(name: str) -> bool:
    """Tell whether the file *name* is one an editor leaves beside a saved file."""
    global _LEFTOVER_NAME
    if _LEFTOVER_NAME is None:  # compiled at the first use: a no-op build asks nothing
        import fnmatch

        either = "|".join(fnmatch.translate(pattern) for pattern in EDITOR_LEFTOVERS)
        _LEFTOVER_NAME = re.compile(either)
    return _LEFTOVER_NAME.match(name) is not None


# A file is written as a temporary beside it, then renamed over it: ".<name>.<pid>.tmp", which
# a killed write leaves behind and a later run recognises. A name near the longest a file may
# have (255 bytes) is cut, with a hash of the whole name to keep the temporary its own.
TEMPORARY_SUFFIX = ".tmp"
_TEMPORARY_NAME_BYTES = 160


def temporary_name(name: str) -> str:
    """Return the name of the temporary that becomes the file *name*, in the same folder."""
    if len(name) > _TEMPORARY_NAME_BYTES // 4 and len(name.encode()) > _TEMPORARY_NAME_BYTES:
        import hashlib

        cut = name.encode()[:_TEMPORARY_NAME_BYTES].decode(errors="ignore")
        name = f"{cut}.{hashlib.blake2b(name.encode(), digest_size=8).hexdigest()}"
    return f".{name}.{os.getpid()}{TEMPORARY_SUFFIX}"


def temporary_beside(path: Path) -> Path:
    """Return the temporary that becomes *path* (see `temporary_name`)."""
    return path.with_name(temporary_name(path.name))


def inside(root: Path | str, path: Path | str) -> bool:
    """Tell whether *path*, every symbolic link in it followed, lies within *root* (also resolved).

    This is the containment rule: digest reads and writes only what lies within the project's
    own folders, whatever a link, a ledger or a theme says.
    """
    try:
        return Path(os.path.realpath(path)).is_relative_to(os.path.realpath(root))
    except (OSError, ValueError):
        return False


# A path of the site as records name it: relative, "/"-separated, no empty, "." or ".." part.
# Records of the build cache (manifests, plans, cached search shards) name the files a build
# writes, links and removes; the cache is the project's, and a crafted one must not reach a
# file outside the site folder it names them in. With each path between two line ends, a bad
# one shows as one of these pieces: plain substring scans, ~40 times faster than a regular
# expression over the 243 000 paths of a 100 000-story site.
_NOT_IN_A_SITE_PATH = (
    "\x00", "\n\n", "\n/", "/\n", "//", "/./", "/../", "\n./", "\n../", "/.\n", "/..\n", "\n.\n",
    "\n..\n",
)  # fmt: skip


def site_path(path: str) -> bool:
    """Tell whether *path* names a file inside a site folder, whatever folder that is."""
    if not path or path[0] == "/" or path[-1] == "/" or "//" in path or "\x00" in path:
        return False
    wrapped = f"/{path}/"
    return "/./" not in wrapped and "/../" not in wrapped


def site_paths(paths: Iterable[str]) -> bool:
    """Tell whether every one of *paths* is a `site_path` (a few scans of them all)."""
    listed = paths if isinstance(paths, (list, tuple)) else list(paths)
    return not listed or site_path_lines("\n".join(listed))


# Every piece above with a "." holds "/." or "\n." (a part that starts with a dot): when
# neither is found, the pieces without one say the rest (7 scans, not 13: a manifest of
# 10 400 paths, read twice by a story edit's build, 4.7 -> 2.5 ms).
_DOTTED = ("/.", "\n.")
_UNDOTTED = tuple(piece for piece in _NOT_IN_A_SITE_PATH if "." not in piece)


def site_path_lines(text: str) -> bool:
    """Tell whether every line of *text* (paths, one a line) is a `site_path`."""
    wrapped = "\n" + text + "\n"
    dotted = any(piece in wrapped for piece in _DOTTED)
    pieces = _NOT_IN_A_SITE_PATH if dotted else _UNDOTTED
    return not any(piece in wrapped for piece in pieces)


def refuse_link_out(project: Path, folder: Path) -> None:
    """Raise DigestError if *folder* (a link, say) lies outside *project*, naming the link."""
    if not inside(project, folder):
        from digest.errors import DigestError  # errors is a leaf; paths stays import-light

        link = shown(project, link_out(project, folder))
        raise DigestError(f"{link}: a symbolic link out of the project; remove it")


def shown(project: Path, path: Path) -> Path:
    """Return *path* as a message names it: relative to *project* when its name is in it."""
    if path.is_absolute() != project.is_absolute():
        return path
    try:
        return path.relative_to(project)
    except ValueError:
        return path


def link_out(project: Path, path: Path) -> Path:
    """Return the part of *path* that leads out of *project*: the link the editor made
    (`content` for content/articles when content/ is the link); *path* when none does."""
    try:
        parts = path.relative_to(project).parts
    except ValueError:
        return path
    current = project
    for part in parts:
        current = current / part
        if not inside(project, current):
            return current
    return path


def article_path_problem(relative: object) -> str | None:
    """Say why *relative* is not a path of an article under content/articles/; None if it is.

    The ledger names each story's file by such a path. It must be relative, normalised (no
    "..", ".", empty or backslashed parts) and end in .md, so that it can name no other file.
    """
    if not isinstance(relative, str) or not relative:
        return "expected a relative path such as 2024/03/story.md"
    if "\\" in relative or "\0" in relative or relative.startswith("/") or relative[1:2] == ":":
        return f"not a relative path under {ARTICLES_DIR.as_posix()}/"
    parts = relative.split("/")
    if any(part in ("", ".", "..") for part in parts):
        return f"not a normalised path under {ARTICLES_DIR.as_posix()}/ (no '..', '.' or '//')"
    if PurePosixPath(relative).suffix != ".md":
        return "an article's path must end in .md"
    return None


def page_of_resource(relative: str, names: frozenset[str]) -> str | None:
    """Return the saved page (`Title.html`) whose `Title_files/` folder holds *relative*."""
    parts = relative.split("/")
    for depth, part in enumerate(parts[:-1]):
        stem = part.removesuffix(PAGE_FILES_SUFFIX)
        if stem != part and stem:
            folder = "/".join([*parts[:depth], stem])
            for suffix in HTML_SUFFIXES:
                if folder + suffix in names:
                    return folder + suffix
    return None


def raw_kind(relative: str, names: frozenset[str]) -> str:
    """Say what the file *relative* under content/raw/ is, among all files there (*names*):
    "dump", "html", "mhtml", "resource" (a file of a saved page's `_files/` folder) or "other".
    """
    if page_of_resource(relative, names) is not None:
        return "resource"
    suffix = PurePosixPath(relative).suffix.lower()
    if suffix in DUMP_SUFFIXES:
        return "dump"
    if suffix in HTML_SUFFIXES:
        return "html"
    return "mhtml" if suffix in MHTML_SUFFIXES else "other"


def data_name(name: str) -> str:
    """Return the package-resource path of a data file shipped with digest."""
    return f"{DATA}/{name}"


@dataclass(frozen=True, slots=True)
class ProjectPaths:
    """The paths of one project folder."""

    root: Path

    @property
    def config(self) -> Path:
        return self.root / CONFIG_FILE

    @property
    def content(self) -> Path:
        return self.root / CONTENT_DIR

    @property
    def raw(self) -> Path:
        return self.root / RAW_DIR

    @property
    def articles(self) -> Path:
        return self.root / ARTICLES_DIR

    @property
    def ledger(self) -> Path:
        return self.root / LEDGER

    @property
    def ingest_report(self) -> Path:
        return self.root / INGEST_REPORT

    @property
    def url_history(self) -> Path:
        return self.root / URL_HISTORY

    @property
    def site(self) -> Path:
        return self.root / SITE_DIR

    @property
    def cache(self) -> Path:
        return self.root / CACHE_DIR

    @property
    def lock(self) -> Path:
        return self.root / LOCK_FILE

    @property
    def templates(self) -> Path:
        return self.root / TEMPLATES_DIR

    @property
    def static(self) -> Path:
        return self.root / STATIC_DIR

    @property
    def themes(self) -> Path:
        return self.root / THEMES_DIR

    def watched(self) -> list[Path]:
        """Return what `digest serve` watches: the inputs of a build."""
        return [self.content, self.themes, self.templates, self.static, self.config]

    def output(self, *, drafts_preview: bool = False) -> Output:
        """Return where a build writes: site/ and its cache, or the drafts' preview."""
        if not drafts_preview:
            return Output(self.site, self.cache, published=True)
        folder = self.cache / DRAFTS_PREVIEW_DIR
        return Output(folder / SITE_DIR, folder, published=False)


@dataclass(frozen=True, slots=True)
class Output:
    """Where a build writes its site, and the build cache that records that site.

    `digest build` and `digest serve` write site/, the folder the host publishes, recorded in
    .digest-cache/ (`published`). `digest serve --drafts` writes a site of its own under
    .digest-cache/drafts-preview/, recorded in a cache of its own there: a deploy of site/
    made during or after it never carries a draft's page, and the next `digest build`
    finds site/ and its records as it left them (nothing to render again, no draft page to
    reuse). Only a published build records its URLs in the URL history: a draft's URL, tags
    and regions would otherwise become the published site's redirects and term pages.
    """

    site: Path
    cache: Path
    published: bool
