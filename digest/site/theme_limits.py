"""Bounds on what a theme's templates can make: text and lists of bounded size, pages in
bounded time.

A theme may be downloaded from anyone (README). Jinja2's sandbox keeps a template away from
Python's internals, not from the machine's memory and time: `{{ "x" * 1000000000 }}` took
4.9 GB and 93 s and published a 1 GB page, and two nested `range(100000)` loops never
ended. DESIGN asks that no input can exhaust the build, so the operations that make a large
value from a small expression (repetition, powers, padding, %-formatting, replacement,
filling, a separator or an indent between many pieces, a translation) are refused past
MAX_ITEMS, and a page still rendering after RENDER_SECONDS is
stopped, with the template's file and line in either case (template_errors).
"""

from __future__ import annotations

import itertools
import json
import operator
import re
import signal
import threading
from collections.abc import Callable, Mapping, Sequence, Sized
from typing import Any

from jinja2.exceptions import SecurityError

MAX_ITEMS = 10_000_000  # characters of a text, items of a list: ~30 times the largest page
MAX_PAGE = 50_000_000  # characters or bytes of a rendered page: a bound past every check
MAX_POWER_BITS = 100_000  # an integer power's size (2 ** 100000 has 30 103 digits)
RENDER_SECONDS = 60.0  # a page (with its includes and teasers); a story page takes ~2 ms

INTERCEPTED = ("*", "**", "%", "+")
_BINOPS: Mapping[str, Callable[[Any, Any], Any]] = {
    "+": operator.add,
    "*": operator.mul,
    "**": operator.pow,
    "%": operator.mod,
}
# The widths and precisions of a %-format ("%1000000000s"), and of a str.format field.
_PERCENT_WIDTHS = re.compile(r"%(?:\([^)]*\))?[-#0 +]*(\d*)(?:\.(\d*))?")
_NESTED_WIDTH = re.compile(r"\{[^{}]*:[^{}]*\{")  # "{0:{1}}": a field's width is a value
_STAR_WIDTH = re.compile(r"%[-#0 +]*(?:\*|\d*\.\*)")  # "%*d", "%.*f": so is a %-width
_BRACE_WIDTHS = re.compile(r"\{[^{}:]*:[^{}]*?(\d+)(?:\.(\d+))?[^{}]*\}")


class TemplateTooBig(SecurityError):
    """A template asked for a value or a page beyond the theme's bounds."""


def binop(name: str, left: Any, right: Any) -> Any:
    """Return left <name> right (an operator the environment intercepts), within bounds."""
    if name == "+" and isinstance(left, str | list | tuple) and isinstance(right, Sized):
        _size(len(left) + len(right))  # doubled in a loop, it outgrows any page in 30 steps
    elif name == "*":
        _repetition(left, right)
        _repetition(right, left)
    elif name == "**":
        _power(left, right)
    elif name == "%" and isinstance(left, str):
        _formatted(left, right if isinstance(right, tuple) else (right,))
    return _BINOPS[name](left, right)


def checked_call(obj: Any, args: Sequence[Any], kwargs: Mapping[str, Any]) -> Sequence[Any]:
    """Refuse a call of a text's or list's own method that would make one too large; return
    its arguments (an iterator to join read into a list, once)."""
    obj = getattr(obj, "__wrapped__", obj)  # the sandbox wraps str.format at access
    owner = getattr(obj, "__self__", None)
    name = getattr(obj, "__name__", "")
    if isinstance(owner, str | bytes):
        if name in {"center", "ljust", "rjust", "zfill"}:
            _width(args[0] if args else kwargs.get("width", 0))
        elif name == "expandtabs":
            tabs = owner.count(b"\t") if isinstance(owner, bytes) else owner.count("\t")
            _width(args[0] if args else kwargs.get("tabsize", 8), tabs + 1)
        elif name == "replace" and len(args) >= 2:
            _replacement(owner, args[0], args[1])
        elif name in {"format", "format_map"} and isinstance(owner, str):
            _formatted(owner, (*args, *kwargs.values()))
        elif name == "join" and args:
            return (_joined(args[0], owner), *args[1:])
        elif name == "translate" and args and isinstance(args[0], Mapping):
            # Each character may become its replacement: "a".translate({97: "x" * 9000000}).
            longest = max((_chars(new, {}) for new in args[0].values()), default=1)
            _size(len(owner) * max(longest, 1))
    elif isinstance(owner, list) and name == "extend":
        _size(len(owner) + sum(len(arg) for arg in args if isinstance(arg, Sized)))
    elif isinstance(owner, int) and name == "to_bytes":
        _width(args[0] if args else kwargs.get("length", 1))  # (1).to_bytes(10 ** 9)
    return args


def bounded_filters(filters: Mapping[str, Callable[..., Any]]) -> dict[str, Callable[..., Any]]:
    """Return Jinja2's filters that can grow a value, each checking its arguments first."""
    filters = dict(filters)  # the originals, before the caller puts these in their place
    grown = {**_padding_filters(filters), **_joining_filters(filters)}
    for name, function in grown.items():
        marked = getattr(filters[name], "jinja_pass_arg", None)
        if marked is not None:
            function.jinja_pass_arg = marked  # type: ignore[attr-defined]
    return grown


def _padding_filters(filters: Mapping[str, Callable[..., Any]]) -> dict[str, Callable[..., Any]]:
    """Filters whose width, count or replacement makes a value grow."""

    def center(value: Any, width: int = 80) -> Any:
        _width(width)
        return filters["center"](value, width)

    def indent(value: Any, width: int | str = 4, *args: Any, **kwargs: Any) -> Any:
        _width(len(width) if isinstance(width, str) else width, str(value).count("\n") + 1)
        return filters["indent"](value, width, *args, **kwargs)

    def format_(value: Any, *args: Any, **kwargs: Any) -> Any:
        _formatted(str(value), (*args, *kwargs.values()))
        return filters["format"](value, *args, **kwargs)

    def replace(context: Any, value: Any, old: Any, new: Any, count: Any = None) -> Any:
        _replacement(str(value), str(old), str(new))
        return filters["replace"](context, value, old, new, count)

    def batch(value: Any, linecount: int, fill_with: Any = None) -> Any:
        _width(linecount)
        return filters["batch"](value, linecount, fill_with)

    def slice_(context: Any, value: Any, slices: int, fill_with: Any = None) -> Any:
        _width(slices)
        return filters["slice"](context, value, slices, fill_with)

    padded: dict[str, Callable[..., Any]] = {
        "center": center, "indent": indent, "format": format_, "replace": replace,
        "batch": batch, "slice": slice_,
    }  # fmt: skip
    return padded


def _joining_filters(filters: Mapping[str, Callable[..., Any]]) -> dict[str, Callable[..., Any]]:
    """Filters that put a text between, before or into many pieces."""

    def join(context: Any, value: Any, d: str = "", attribute: Any = None) -> Any:
        # A separator between many pieces: range(100000)|join("x" * 9000000).
        return filters["join"](context, _joined(value, d), d, attribute)

    def tojson(context: Any, value: Any, indent: Any = None) -> Any:
        if indent is not None:  # each line indented at each depth: counted as written
            _size(_json_size(value, indent))
        return filters["tojson"](context, value, indent)

    def wordwrap(environment: Any, s: str, width: int = 79, *args: Any, **kwargs: Any) -> Any:
        wrap = kwargs.get("wrapstring", args[1] if len(args) > 1 else None)
        lines = len(str(s)) // max(width, 1) + str(s).count(" ") + 1
        _size(len(str(s)) + lines * len(wrap or "\n"))
        return filters["wordwrap"](environment, s, width, *args, **kwargs)

    def urlize(context: Any, value: Any, *args: Any, **kwargs: Any) -> Any:
        # Each link gets the target and rel given: urlize(target="x" * 9000000).
        added = sum(len(str(kwargs.get(key) or "")) for key in ("target", "rel"))
        text = str(value)
        links = text.count(".") + text.count(":") + text.count("@") + 1
        _size(len(text) * 2 + links * added)
        return filters["urlize"](context, value, *args, **kwargs)

    joining: dict[str, Callable[..., Any]] = {
        "join": join, "tojson": tojson, "wordwrap": wordwrap, "urlize": urlize,
    }  # fmt: skip
    return joining


class time_limit:
    """Stop what runs inside after *seconds* with TemplateTooBig (in the main thread only,
    where Python delivers signals; a limit already running is left to end the outer work).

    It guards every page, so it is kept cheap: swapping the handler in and out was half its
    cost (58 000 -> 30 000 instructions a page, callgrind). Where SIGALRM has its default
    action (end the process), the handler is installed once and left: only the timer is set
    per page, and no alarm comes with no timer running. Another handler is put back on exit."""

    __slots__ = ("_armed", "_previous", "_seconds")

    def __init__(self, seconds: float | None = None) -> None:
        self._seconds = RENDER_SECONDS if seconds is None else seconds
        self._previous: Any = None
        self._armed = False

    def __enter__(self) -> None:
        global _limit
        if (
            threading.current_thread() is not threading.main_thread()
            or signal.getitimer(signal.ITIMER_REAL)[0]
        ):
            return
        handler = signal.getsignal(signal.SIGALRM)
        if handler is not _too_long:
            previous = signal.signal(signal.SIGALRM, _too_long)
            if previous is not signal.SIG_DFL:
                self._previous = previous
        _limit = self._seconds
        self._armed = True
        signal.setitimer(signal.ITIMER_REAL, self._seconds)

    def __exit__(self, *exc: object) -> None:
        if not self._armed:
            return
        signal.setitimer(signal.ITIMER_REAL, 0)
        self._armed = False
        if self._previous is not None:
            signal.signal(signal.SIGALRM, self._previous)
            self._previous = None


_limit = RENDER_SECONDS  # the running limit's seconds, for its message


def _too_long(signum: int, frame: Any) -> None:
    raise TemplateTooBig(
        f"the page was still rendering after {_limit:g} s (a loop too long for a page?)"
    )


def _repetition(sequence: Any, times: Any) -> None:
    if isinstance(sequence, str | bytes) and isinstance(times, int):
        _size(len(sequence) * times)
    elif isinstance(sequence, list | tuple) and isinstance(times, int):
        _size(_items(sequence, {}) * times)  # [[[0] * 300] * 300] * 300: every item, deep


def _items(value: list[Any] | tuple[Any, ...], seen: dict[int, int]) -> int:
    """Count the items of *value* and of the lists in it (a list repeated counted each time
    it appears, once looked at), stopping past MAX_ITEMS."""
    known = seen.get(id(value))
    if known is not None:
        return known
    count = len(value)
    for item in value:
        if isinstance(item, list | tuple):
            count += _items(item, seen)
            if count > MAX_ITEMS:
                break
    seen[id(value)] = count
    return count


def bounded_join(join: Callable[[Any], str]) -> Callable[[Any], str]:
    """Return Jinja2's join of a `~` chain (markup_join, str_join), refusing a text past
    MAX_ITEMS: `{% set s = s ~ s %}` in a loop doubles it, past any page in 30 steps."""

    def bounded(pieces: Any) -> str:
        listed = list(pieces)
        _size(sum(len(piece) for piece in listed if isinstance(piece, str)))
        return join(listed)

    return bounded


def _joined(pieces: Any, separator: Any) -> Any:
    """Return *pieces* as a list (an iterator read once, at most MAX_ITEMS of it), refusing
    a join of them past MAX_ITEMS."""
    if isinstance(pieces, str | bytes):
        _size(len(pieces) + max(len(pieces) - 1, 0) * len(separator))
        return pieces
    listed = list(itertools.islice(pieces, MAX_ITEMS + 1))
    between = max(len(listed) - 1, 0) * (len(separator) if isinstance(separator, Sized) else 0)
    seen: dict[int, int] = {}
    _size(between + sum(_chars(piece, seen) for piece in listed))
    return listed


def _chars(value: Any, seen: dict[int, int]) -> int:
    """Count the characters of *value* as text, or of the texts in it (a list repeated
    counted each time it appears, once looked at), stopping past MAX_ITEMS."""
    if isinstance(value, str | bytes):
        return len(value)
    if not isinstance(value, list | tuple | dict | set | frozenset):
        return 1  # a number, a date, an object: a few characters, counted as one
    known = seen.get(id(value))
    if known is not None:
        return known
    count = len(value)
    for item in value.items() if isinstance(value, dict) else value:
        count += _chars(item, seen)
        if count > MAX_ITEMS:
            break
    seen[id(value)] = count
    return count


def _json_size(value: Any, indent: Any) -> int:
    """Count the characters of *value* as JSON with *indent*, as tojson would write it,
    stopping past MAX_ITEMS."""
    size = 0
    try:
        for piece in json.JSONEncoder(indent=indent, sort_keys=True).iterencode(value):
            size += len(piece)
            if size > MAX_ITEMS:
                break
    except (TypeError, ValueError):
        return 0  # tojson itself says what it cannot write
    return size


def _power(base: Any, exponent: Any) -> None:
    numbers = isinstance(base, int) and isinstance(exponent, int)
    if numbers and abs(base) > 1 and base.bit_length() * exponent > MAX_POWER_BITS:
        raise TemplateTooBig(f"{base} ** {exponent} is too large a number for a page")


def _formatted(template: str, values: Sequence[Any]) -> None:
    for pattern in (_PERCENT_WIDTHS, _BRACE_WIDTHS):
        for found in pattern.finditer(template):
            for width in found.groups():
                if width:
                    _width(int(width))
    # "%*s" and "{0:{1}}" take a width from the values.
    if _STAR_WIDTH.search(template) or _NESTED_WIDTH.search(template):
        for value in values:
            if isinstance(value, int):
                _width(value)


def _replacement(text: Any, old: Any, new: Any) -> None:
    if isinstance(old, str | bytes) and isinstance(new, str | bytes) and len(new) > len(old):
        found = text.count(old) if old else len(text) + 1
        _size(len(text) + found * (len(new) - len(old)))


def _width(width: Any, times: int = 1) -> None:
    if isinstance(width, int):
        _size(width * times)


def _size(items: int) -> None:
    if items > MAX_ITEMS:
        raise TemplateTooBig(
            f"a value of {items:,} characters or items is more than a page can hold "
            f"(at most {MAX_ITEMS:,})"
        )
