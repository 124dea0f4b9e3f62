"""Which callables a template may call: digest's and Jinja2's own, and plain values' methods.

Jinja2's sandbox refuses attributes that start with "_" and callables marked unsafe, but
lets a template call every public method of whatever object reaches it. A theme may come
from anyone, and one object a page names, an article's file (a `pathlib.Path`), would then
read, write or list any file on the machine: `path.cwd().joinpath('/etc/passwd')
.read_text()`, `.write_text(...)`, `.iterdir()`. So calls are allowed by who owns them,
never by what they are not:

- functions, classes and callable objects of digest's own modules and of Jinja2's (the
  template's macros, `loop.cycle`, `cycler`, `namespace`, `super()`);
- methods of plain values: text, numbers, lists, mappings, dates (`title.upper()`,
  `date.strftime(...)`, `items()`); a method of any other library's object, of a class
  itself or of a module is refused.

A method that changes its value in place (`site.update(...)`, `list.append`, `dict.clear`)
is refused too: the values digest gives templates are shared by every page a process renders,
so one page's change would reach the pages rendered after it, and a page's output would hang
on the order of rendering (an incremental build would differ from a build from nothing).
Templates make new values instead: `a + [b]`, `dict(a, b=1)`, `namespace()`.

theme_limits bounds what the allowed methods may make (a text's padding, replacement).
"""

from __future__ import annotations

import datetime
import types
from collections.abc import Callable
from typing import Any

from jinja2.sandbox import modifies_known_mutable
from markupsafe import Markup

# Values whose methods compute and return values: nothing of theirs reaches a file, a
# process or the network.
_VALUES = (
    str, bytes, int, float, bool, list, tuple, dict, set, frozenset, range,
    datetime.date, datetime.time, datetime.timedelta, datetime.tzinfo, Markup,
    types.MappingProxyType,
)  # fmt: skip
_OWN_MODULES = ("digest.", "jinja2.", "markupsafe.")
_CLASSES = frozenset({dict})  # Jinja2's `dict(...)` global

_verdicts: dict[Any, bool] = {}  # by the function, or the bound method's owner's type
_changes: dict[tuple[type, str], bool] = {}  # (owner's type, method) -> changes it in place


def allowed(obj: Any) -> bool:
    """True when a template may call *obj* (theme_limits still bounds what it makes)."""
    kind = type(obj)
    if kind is types.MethodType or kind is types.BuiltinMethodType:
        owner = obj.__self__
        # A class's own method (`Path.cwd`) is judged by the class, a bound one by its type.
        key: Any = owner if isinstance(owner, type) else type(owner)
        verdict = _verdicts.get(key)
        if verdict is None:
            verdict = _verdicts[key] = _owner_allowed(owner)
        return verdict
    key = obj if kind is types.FunctionType else kind
    verdict = _verdicts.get(key)
    if verdict is None:
        verdict = _verdicts[key] = _callable_allowed(obj)
    return verdict


def _owner_allowed(owner: object) -> bool:
    if isinstance(owner, types.ModuleType):
        return False  # a module's built-in function (`builtins.open`, `os.remove`)
    if isinstance(owner, type):
        return _own(owner)
    return isinstance(owner, _VALUES) or _own(type(owner))


def _callable_allowed(obj: Callable[..., Any]) -> bool:
    if isinstance(obj, type):
        return obj in _CLASSES or _own(obj)
    if isinstance(obj, types.FunctionType):
        # Where it was written, which functools.wraps does not rename (the sandbox's own
        # wrapper of `str.format` says it is of `builtins`).
        return _module_own(obj.__globals__.get("__name__"))
    return _own(type(obj))  # a callable object: a macro, a block's `super()`


def _own(kind: type) -> bool:
    return _module_own(kind.__module__)


def _module_own(module: str | None) -> bool:
    return module is not None and (module == "digest" or module.startswith(_OWN_MODULES))


def refusal(obj: Any) -> str:
    """Say why a template may not call *obj*, in words an editor can act on."""
    name = getattr(obj, "__qualname__", None) or type(obj).__qualname__
    owner = getattr(obj, "__self__", None)
    if owner is not None and not isinstance(owner, types.ModuleType):
        kind = owner if isinstance(owner, type) else type(owner)
        what = f"{name}, a method of {kind.__module__}'s {kind.__qualname__}"
    else:
        what = name
    return (
        f"unsafe call: a template may not call {what}; templates call digest's functions,"
        " their own macros and the methods of text, numbers, lists, mappings and dates"
    )


def refused(obj: Any, given: bool) -> str | None:
    """Say why a template may not call *obj* (a function digest *given* it is allowed),
    or None when it may."""
    if not given and not allowed(obj):
        return refusal(obj)
    owner = getattr(obj, "__self__", None)
    if owner is None:
        return None
    name = getattr(obj, "__name__", "")
    # (by the owner's type and the method's name: jinja2's test is four isinstance checks
    # against abstract classes, at a dozen calls a page)
    changes = _changes.get((type(owner), name))
    if changes is None:
        changes = _changes[type(owner), name] = modifies_known_mutable(owner, name)
    if not changes:
        return None
    kind = type(owner).__qualname__
    return (
        f"a template may not change a value in place ({kind}.{obj.__name__}): the values"
        " digest gives templates are shared by every page; make a new one instead"
        " (a + [b], dict(a, key=value), or namespace() for a value set in a loop)"
    )
