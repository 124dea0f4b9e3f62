"""Theme: find a theme's templates and static files, with project overrides and `extends:`.

Lookup order for any single file: the project's templates/ or static/, then the
theme, then the theme it extends, and so on. The theme's static files (and the project's
copies that replace them) are fingerprinted (style.css -> style.<hash>.css) so hosts can
cache them forever; the project's other static files are published at their own paths
(static/images/x.png -> /images/x.png), where its pages and stories link to them.
"""

from __future__ import annotations

import contextlib
import hashlib
import types
from collections.abc import Mapping, MutableMapping
from dataclasses import dataclass
from pathlib import Path, PurePosixPath
from types import MappingProxyType
from typing import Any

import jinja2
import jinja2.exceptions
import jinja2.runtime
import jinja2.sandbox

from digest.config import setting_line
from digest.errors import DigestError, clip
from digest.paths import (
    BUILTIN_THEMES,
    CONFIG_FILE,
    STATIC_DIR,
    TEMPLATES_DIR,
    THEMES_DIR,
    editor_leftover,
    inside,
    shown,
)
from digest.site import template_calls, theme_limits
from digest.site.template_code import TemplateCode
from digest.site.template_escape import EscapingTemplate
from digest.site.template_loader import ContainedLoader
from digest.site.theme_file import ThemeError as ThemeError
from digest.site.theme_file import read_theme_file
from digest.tree import files as walk_files
from digest.tree import within_project

# Where `digest` finds themes a project does not have: the themes/ folder shipped inside
# the package (digest/themes/default/).


@dataclass(frozen=True, slots=True)
class Theme:
    """A resolved theme: where each kind of file is looked up, first folder first."""

    name: str
    chain: tuple[Path, ...]  # theme folders, the named theme first, then what it extends
    template_dirs: tuple[Path, ...]
    static_dirs: tuple[Path, ...]


@dataclass(frozen=True, slots=True)
class Assets:
    """Static files: output path -> bytes, and logical name -> output path.

    *own* names the project's static files published at their own paths (not fingerprinted).
    """

    files: Mapping[str, bytes]
    paths: Mapping[str, str]
    own: frozenset[str] = frozenset()


def resolve_theme(project: Path, name: str, builtin: Path = BUILTIN_THEMES) -> Theme:
    """Return theme *name* with its `extends:` chain and the project's overrides in front."""
    chain: list[Path] = []
    current: str | None = name
    named_by: str | None = None  # digest.yaml's `theme:`, its line found only for an error
    while current is not None:
        folder = _find(project, current, builtin, named_by)
        if folder in chain:
            names = " -> ".join(path.name for path in [*chain, folder])
            raise ThemeError(f"{named_by}: {current}: theme {name!r} extends itself: {names}")
        chain.append(folder)
        told = read_theme_file(project, folder)
        current, named_by = told.extends, told.where
    template_dirs = [project / TEMPLATES_DIR, *(folder / TEMPLATES_DIR for folder in chain)]
    static_dirs = [project / STATIC_DIR, *(folder / STATIC_DIR for folder in chain)]
    return Theme(
        name=name,
        chain=tuple(chain),
        template_dirs=tuple(path for path in template_dirs if _usable(project, path, builtin)),
        static_dirs=tuple(path for path in static_dirs if _usable(project, path, builtin)),
    )


def _usable(project: Path, folder: Path, builtin: Path) -> bool:
    """Tell whether *folder* is a folder inside the project or the built-in themes."""
    return folder.is_dir() and (inside(builtin, folder) or within_project(project, folder))


def _find(project: Path, name: str, builtin: Path, named_by: str | None) -> Path:
    """Return theme *name*'s folder; *named_by* says where it is named (None: the settings)."""
    if not name or "/" in name or "\\" in name or name.startswith("."):
        raise ThemeError(f"{_where(project, named_by)}: not a theme name: {clip(name)}")
    for root in (project / THEMES_DIR, builtin):
        if (root / name).is_dir():
            if not inside(root, root / name):
                where = _where(project, named_by)
                outside = f"{shown(project, root / name)} links outside {shown(project, root)}"
                raise ThemeError(f"{where}: {outside}; refused")
            return root / name
    raise ThemeError(
        f"{_where(project, named_by)}: {name!r} not found in {THEMES_DIR}/"
        " or among the built-in themes"
    )


def _where(project: Path, named_by: str | None) -> str:
    """Return where a theme is named: *named_by*, or digest.yaml's `theme:` line (read only
    for an error message: every build resolves the theme)."""
    if named_by is not None:
        return named_by
    line = setting_line(project, "theme")
    return f"{CONFIG_FILE}:{line}: theme" if line else f"{CONFIG_FILE}: theme"


def read_static(theme: Theme) -> dict[str, bytes]:
    """Return every static file by its path under static/, the first folder's copy winning.

    Links out of a static folder, loops and special files are skipped (see `tree.walk`).
    """
    files: dict[str, bytes] = {}
    for folder in theme.static_dirs:
        # Editors leave swap, backup and autosave files (hidden ones are left out by the
        # walk) beside: never published.
        for name, file in walk_files(folder):
            if not editor_leftover(PurePosixPath(name).name) and name not in files:
                files[name] = file.read_bytes()
    return dict(sorted(files.items()))


def fingerprint(static: Mapping[str, bytes], folder: str = "assets/") -> Assets:
    """Name each file after its content hash, under *folder*."""
    files: dict[str, bytes] = {}
    paths: dict[str, str] = {}
    for name, data in static.items():
        digest = hashlib.sha256(data).hexdigest()[:10]
        path = PurePosixPath(name)
        hashed = path.with_name(f"{path.stem}.{digest}{path.suffix}").as_posix()
        paths[name] = folder + hashed
        files[folder + hashed] = data
    return Assets(MappingProxyType(files), MappingProxyType(paths))


def site_assets(project: Path, theme: Theme) -> Assets:
    """Return the static files of the site: the theme's fingerprinted, the project's own as is."""
    static = read_static(theme)
    own_folder = project / STATIC_DIR
    theme_names = {
        name
        for folder in theme.static_dirs
        if folder != own_folder
        for name, _ in walk_files(folder)
    }
    hashed = fingerprint({name: data for name, data in static.items() if name in theme_names})
    own = {name: data for name, data in static.items() if name not in theme_names}
    taken = sorted(own.keys() & hashed.files.keys())
    if taken:  # it would silently replace the theme's file under its immutable hashed name
        raise DigestError(
            "\n".join(
                f"{STATIC_DIR}/{path}: would be published at {path}, a path of the site digest"
                " makes itself (the theme's fingerprinted file); rename or move it"
                for path in taken
            )
        )
    return Assets(
        MappingProxyType({**hashed.files, **own}),
        MappingProxyType({**hashed.paths, **{name: name for name in own}}),
        frozenset(own),
    )


class _Context(jinja2.runtime.Context):
    """A template context that calls digest's own functions directly.

    Jinja2 routes every call in a template through `Context.call`, which first asks the
    callable whether it wants the context passed (a few attribute lookups): a tenth of
    rendering, at some 50 calls a page. The functions digest gives templates take none, so
    they are called straight away; anything else (macros, filters' callables) goes the
    usual way.
    """

    plain: Mapping[int, Any] = MappingProxyType({})  # id -> function: called directly

    def call(__self, __obj: Any, *args: Any, **kwargs: Any) -> Any:
        known = __self.plain.get(id(__obj))
        if known is None or known is not __obj:
            return super().call(__obj, *args, **kwargs)
        kwargs.pop("_block_vars", None)
        kwargs.pop("_loop_vars", None)
        try:
            return known(*args, **kwargs)
        except StopIteration:
            return __self.environment.undefined(
                "value was undefined because a callable raised a StopIteration exception"
            )


class _Template(EscapingTemplate):
    """A template whose `~` chains are bounded like its other operators (theme_limits)."""

    @classmethod
    def _from_namespace(
        cls,
        environment: jinja2.Environment,
        namespace: MutableMapping[str, Any],
        globals: MutableMapping[str, Any],
    ) -> jinja2.Template:
        for name in ("markup_join", "str_join"):  # what the compiled module joins `~` with
            join = namespace.get(name)
            if join is not None:
                namespace[name] = theme_limits.bounded_join(join)
        return super()._from_namespace(environment, namespace, globals)


# Objects whose public attributes the sandbox always allows (`is_internal_attribute` asks
# more only of these kinds; a str's `format` it wraps), by type: True when ordinary.
_NOT_ORDINARY = (
    types.FunctionType, types.MethodType, type, types.CodeType, types.TracebackType,
    types.FrameType, types.GeneratorType, types.CoroutineType, types.AsyncGeneratorType, str,
)  # fmt: skip
_ORDINARY: dict[type, bool] = {}
_DICT_ATTRIBUTES = frozenset(dir(dict))  # what getattr finds on a plain dict: its methods


class _Environment(jinja2.sandbox.SandboxedEnvironment):
    """A sandboxed environment whose templates keep their globals in one plain dict.

    Sandboxed: a theme may be downloaded from anyone, and an unsandboxed template reaches
    Python itself (`cycler.__init__.__globals__.os.system(...)`). The sandbox refuses
    attributes that start with "_" and Python's internals, and checks every call before
    `Context.call` (so `_Context`'s direct calls are checked too).

    Jinja2 gives each template a ChainMap of its own globals over the environment's, and
    every render, include and import copies it into a new context key by key through
    ChainMap's Python methods: a seventh of rendering a page here. digest sets its globals
    before any template is loaded and never after (as Jinja2's docs ask), so a dict made
    at load time holds the same values.
    """

    template_class = _Template
    given: frozenset[int] = frozenset()  # the ids of the globals digest gives templates

    def _given(self, obj: Any) -> bool:
        """True for a global digest gave, or a method of one (`urls.feed()`)."""
        return id(obj) in self.given or id(getattr(obj, "__self__", None)) in self.given

    # Repetition, powers and %-formatting make a large value from a small expression.
    intercepted_binops = frozenset(theme_limits.INTERCEPTED)

    def call_binop(self, context: Any, operator: str, left: Any, right: Any) -> Any:
        return theme_limits.binop(operator, left, right)

    def make_globals(self, d: MutableMapping[str, Any] | None) -> MutableMapping[str, Any]:
        return {**self.globals, **(d or {})}

    # The sandbox's checks, at every `a.b` and call of a page, took a tenth of rendering:
    # these give the same answers for what pages do most (no check is skipped but where its
    # answer is known): a public attribute of an ordinary object, a call of digest's own.

    def getattr(self, obj: Any, attribute: str) -> Any:
        kind = type(obj)
        if kind is dict and attribute not in _DICT_ATTRIBUTES and attribute[:1] != "_":
            # `site.title`: a dict has no such attribute, so the sandbox's getattr would
            # raise and catch an AttributeError (a dozen a page) before taking the item.
            try:
                return obj[attribute]
            except (TypeError, LookupError):
                return self.undefined(obj=obj, name=attribute)
        ordinary = _ORDINARY.get(kind)
        if ordinary is None:
            ordinary = _ORDINARY[kind] = not issubclass(kind, _NOT_ORDINARY)
        if not ordinary or attribute[:1] == "_":
            return super().getattr(obj, attribute)
        # What the sandbox returns for it: the attribute, else the item, else undefined.
        try:
            return getattr(obj, attribute)
        except AttributeError:
            try:
                return obj[attribute]
            except (TypeError, LookupError):
                return self.undefined(obj=obj, name=attribute)

    def call(__self, __context: Any, __obj: Any, *args: Any, **kwargs: Any) -> Any:
        # digest's own function, or an allowed method whose function has no mark (`unsafe`,
        # `pass_context`...: a function's marks are its attributes): the sandbox and
        # `Context.call` would only call it (`urls.feed()`: four calls deep, ~50 000 a build).
        if __context.plain.get(id(__obj)) is not __obj and not (
            type(__obj) is types.MethodType
            and type(__obj.__func__) is types.FunctionType
            and not __obj.__func__.__dict__
            and (template_calls.allowed(__obj) or __self._given(__obj))
        ):
            refused = template_calls.refused(__obj, given=__self._given(__obj))
            if refused is not None:
                raise jinja2.exceptions.SecurityError(refused)
            args = tuple(theme_limits.checked_call(__obj, args, kwargs))
            return super().call(__context, __obj, *args, **kwargs)
        if kwargs:
            kwargs.pop("_block_vars", None)
            kwargs.pop("_loop_vars", None)
        try:
            return __obj(*args, **kwargs)
        except StopIteration:
            return __self.undefined(
                "value was undefined because a callable raised a StopIteration exception"
            )


def environment(
    theme: Theme, functions: Mapping[str, Any], code_cache: Path | None = None
) -> jinja2.Environment:
    """Return the Jinja2 environment for *theme*, with *functions* (and values) as globals.

    A template can also name a theme's own copy as "<theme>/<name>.html", so an
    override can extend the file it replaces. *code_cache* is a folder for compiled
    templates.
    """
    cache = None
    if code_cache is not None:
        with contextlib.suppress(OSError):
            code_cache.mkdir(parents=True, exist_ok=True)
            cache = TemplateCode(code_cache)
    prefixed = {path.name: ContainedLoader(path / TEMPLATES_DIR) for path in theme.chain}
    loader = jinja2.ChoiceLoader(
        [ContainedLoader(list(theme.template_dirs)), jinja2.PrefixLoader(prefixed)]
    )
    env = _Environment(
        loader=loader,
        autoescape=True,
        undefined=jinja2.StrictUndefined,
        trim_blocks=True,
        lstrip_blocks=True,
        keep_trailing_newline=True,
        bytecode_cache=cache,
        # A build or a live model renders with the templates it keyed its pages by; a
        # template edit makes a new environment (a full build). Without this, every
        # get_template and import (three a story page, two a teaser) stats the file.
        auto_reload=False,
        # Never evicted (a theme has a few dozen templates), so Jinja2 keeps them in a plain
        # dict: its LRU cache takes a lock and reorders a queue on every get_template, and a
        # page makes several (its template, each include and import, each teaser).
        cache_size=-1,
    )
    env.filters.update(theme_limits.bounded_filters(env.filters))
    # `lipsum(n=300000)` makes a value of 130 million characters past every bound of
    # theme_limits; a page has no use for placeholder text.
    env.globals.pop("lipsum", None)
    env.globals.update(functions)
    env.given = frozenset(map(id, functions.values()))
    plain = {
        id(value): value
        for value in functions.values()
        if callable(value) and not hasattr(value, "jinja_pass_arg")
    }
    env.context_class = type("Context", (_Context,), {"plain": MappingProxyType(plain)})
    return env
