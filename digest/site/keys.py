"""Keys: a hash per page and feed that changes whenever its bytes could change.

A key is made of what every page shares (`setup_key`: settings, assets, digest's code), the
key of the page's template and every template it uses (`template_keys`), and the plan.
"""

from __future__ import annotations

import hashlib
from collections.abc import Iterable
from pathlib import Path

import jinja2
import jinja2.meta
import jinja2.nodes

from digest.paths import TEMPLATES_DIR
from digest.site.renderer import TEASER_TEMPLATE, RenderSetup
from digest.site.theme import Theme, environment
from digest.site.views import FeedPlan, Page
from digest.tree import files as walk_files


def templates_digest(theme: Theme) -> str:
    """Return a hash of every template file a page could use (overrides and prefixed copies)."""
    hasher = hashlib.blake2b(digest_size=16)
    folders = [*theme.template_dirs, *(folder / TEMPLATES_DIR for folder in theme.chain)]
    for number, folder in enumerate(folders):
        for relative, path in walk_files(Path(folder), hidden=True):
            name = f"{number}:{relative}"
            hasher.update(name.encode("utf-8") + b"\0" + path.read_bytes() + b"\0")
    return hasher.hexdigest()


def template_keys(theme: Theme, names: Iterable[str]) -> dict[str, str]:
    """Return, for each template in *names*, a hash of it and of every template it uses.

    A page's key holds only its own template's hash, so that editing article.html
    re-renders story pages and nothing else, while editing base.html re-renders all.
    What a template uses is what it extends, includes or imports, and `_teaser.html`
    when it calls `teaser()`; a template naming another by a variable could use any,
    so it depends on all of them. Raises jinja2.TemplateError for a broken template.
    """
    return keys_and_used(theme, names)[0]


def keys_and_used(theme: Theme, names: Iterable[str]) -> tuple[dict[str, str], list[str]]:
    """Return `template_keys` and every template those use that is there (in the order
    looked at): what a render of their pages compiles."""
    keys, parsed = keys_and_parsed(theme, names)
    return keys, list(parsed)


# A template as `keys_and_parsed` read it: its source, its file's name and its parsed tree.
Parsed = tuple[str, str | None, jinja2.nodes.Template]


def keys_and_parsed(
    theme: Theme, names: Iterable[str], env: jinja2.Environment | None = None
) -> tuple[dict[str, str], dict[str, Parsed]]:
    """Return `template_keys` and every template those use that is there, in the order
    looked at, as it was parsed to key it (parsed by *env*, else a new environment of
    *theme*): what a render of their pages compiles, parsed once (`template_aside`)."""
    uses = _Uses(environment(theme, {}) if env is None else env)
    keys = {}
    for name in names:
        uses.look(name)
        hasher = hashlib.blake2b(digest_size=16)
        for other in sorted(uses.closure(name)):
            source = uses.sources[other]
            hasher.update(f"{other}\0{'-' if source is None else source}\0".encode())
        keys[name] = hasher.hexdigest()
    return keys, uses.parsed


class _Uses:
    """The source of each template looked at, and the templates it names (None: any)."""

    def __init__(self, env: jinja2.Environment) -> None:
        self.env = env
        self.sources: dict[str, str | None] = {}
        self.uses: dict[str, frozenset[str] | None] = {}
        self.parsed: dict[str, Parsed] = {}  # those that are there

    def look(self, name: str) -> None:
        """Read and parse template *name* and, first by name, every template it names."""
        if name in self.sources:
            return
        env = self.env
        assert env.loader is not None
        try:
            source, filename, _ = env.loader.get_source(env, name)
        except jinja2.TemplateNotFound:
            # Not there (yet): one made later changes the key of the templates naming it.
            self.sources[name], self.uses[name] = None, frozenset()
            return
        self.sources[name] = source
        tree = env.parse(source, name, filename)
        self.parsed[name] = (source, filename, tree)
        try:
            found = list(jinja2.meta.find_referenced_templates(tree))
            undeclared = jinja2.meta.find_undeclared_variables(tree)
        except jinja2.TemplateSyntaxError as error:  # an unknown filter, found by compiling
            error.name, error.filename = name, filename  # not jinja's "<introspection>"
            raise
        named = frozenset(item for item in found if item is not None)
        if "teaser" in undeclared:
            named |= {TEASER_TEMPLATE}
        self.uses[name] = None if None in found else named
        for other in sorted(named):
            self.look(other)

    def closure(self, name: str) -> set[str]:
        """Return *name* (looked at) and every template it uses, directly or not."""
        closure, todo = {name}, [name]
        dynamic = False
        while todo:
            used = self.uses[todo.pop()]
            if used is None:
                dynamic = True
                continue
            for other in used - closure:
                closure.add(other)
                todo.append(other)
        if dynamic:
            everything = self.env.list_templates()
            for other in everything:
                self.look(other)
            closure |= set(everything)
        return closure


def setup_key(setup: RenderSetup, code: str) -> str:
    """Return the part of every page's key that all pages share (templates aside)."""
    parts = (
        code,
        repr(sorted(setup.site.items())),
        setup.urls.base_url,
        setup.theme_name,
        repr(sorted(setup.asset_paths.items())),
        repr(setup.updated),
        repr(setup.search),
    )
    return hashlib.blake2b("\0".join(parts).encode("utf-8"), digest_size=16).hexdigest()


def plan_digest(page: Page) -> str:
    """Return a hash of the plan of *page* alone (its template's name, meta and values).

    What a page's key holds of its plan; kept apart so that a build can tell which plans
    changed whatever the templates did (`engine/plan_index`).
    """
    text = f"{page.template}\0{page.meta!r}\0{page.values!r}"
    return hashlib.blake2b(text.encode("utf-8"), digest_size=16).hexdigest()


def feed_digest(feed: FeedPlan) -> str:
    """Return a hash of the plan of *feed* (what it is about, its entries and identities)."""
    text = f"feed\0{feed.path}\0{feed.about!r}\0{feed.entries!r}\0{feed.identities!r}"
    return hashlib.blake2b(text.encode("utf-8"), digest_size=16).hexdigest()


def planned_key(shared: str, template: str, digest: str) -> str:
    """Return a key that changes whenever the bytes of a page or feed could change.

    *template* is the key of the page's template (`template_keys`; "" for a feed), *digest*
    that of its plan (`plan_digest`, `feed_digest`).
    """
    text = f"{shared}\0{template}\0{digest}"
    return hashlib.blake2b(text.encode("utf-8"), digest_size=16).hexdigest()
