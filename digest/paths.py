"""Where things live: every path of a project, of the build cache and of the package.

The one module that spells file and folder names. Everything else asks it, so a folder is
renamed in one place and a reader finds every path of the layout here. Standard library
only: a build that finds nothing changed imports it first.
"""

from __future__ import annotations

from dataclasses import dataclass
from pathlib import Path

PACKAGE = Path(__file__).resolve().parent
# The themes shipped with digest (until they move into the package, beside it).
BUILTIN_THEMES = PACKAGE.parent / "themes"
SKELETON = PACKAGE / "skeleton"  # what `digest init` copies
DATA = "data"  # package resources: importlib.resources.files("digest") / DATA / name

CONFIG_FILE = "digest.yaml"
CONTENT_DIR = Path("content")
RAW_DIR = CONTENT_DIR / "raw"
ARTICLES_DIR = CONTENT_DIR / "articles"
LEDGER_NAME = ".ingest.json"
LEDGER = CONTENT_DIR / LEDGER_NAME
SITE_DIR = "site"
TEMPLATES_DIR = "templates"
STATIC_DIR = "static"
THEMES_DIR = "themes"
THEME_ROOTS = (TEMPLATES_DIR, STATIC_DIR, THEMES_DIR)
CACHE_DIR = ".digest-cache"
LOCK_DIR = ".digest-build"
LOCK_FILE = Path(LOCK_DIR) / "lock"

# Files and folders of the written site (URLs are made from these by urls.py).
ASSETS_DIR = "assets"
SEARCH_DIR = "pagefind"
FEED_FILE = "feed.xml"
NOT_FOUND_FILE = "404.html"
SITEMAP_FILE = "sitemap.xml"
ROBOTS_FILE = "robots.txt"

# Pagefind, which makes the search index: its names, and the folders of one of its runs.
PAGEFIND = "pagefind"  # its Python module, its binary and its cache keys
PAGEFIND_BINARIES = ("pagefind_extended", PAGEFIND)
PAGEFIND_INPUT = "site"  # the pages of a shard, linked in for one run
PAGEFIND_OUTPUT = "out"
SEARCH_CACHE = "search"  # under .digest-cache/: shard indexes by key


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
