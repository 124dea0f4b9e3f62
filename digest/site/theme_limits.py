"""Bounds on what a theme's templates can make: text and lists of bounded size, pages in
bounded time.

A theme may be downloaded from anyone (README). Jinja2's sandbox keeps a template away from
Python's internals, not from the machine's memory and time: `{{ "x" * 1000000000 }}` took
4.9 GB and 93 s and published a 1 GB page, and two nested `range(100000)` loops never
ended. DESIGN asks that no input can exhaust the build, so the operations that make a large
value from a small expression (repetition, powers, padding, %-formatting, replacement,
filling) are refused past MAX_ITEMS, and a page still rendering after RENDER_SECONDS is
stopped, with the template's file and line in either case (template_errors).
"""

from __future__ import annotations

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


def checked_call(obj: Any, args: Sequence[Any], kwargs: Mapping[str, Any]) -> None:
    """Refuse a call of a text's or list's own method that would make one too large."""
    obj = getattr(obj, "__wrapped__", obj)  # the sandbox wraps str.format at access
    owner = getattr(obj, "__self__", None)
    name = getattr(obj, "__name__", "")
    if isinstance(owner, str):
        if name in {"center", "ljust", "rjust", "zfill"}:
            _width(args[0] if args else kwargs.get("width", 0))
        elif name == "expandtabs":
            _width(args[0] if args else kwargs.get("tabsize", 8), owner.count("\t") + 1)
        elif name == "replace" and len(args) >= 2:
            _replacement(owner, args[0], args[1])
        elif name in {"format", "format_map"}:
            _formatted(owner, (*args, *kwargs.values()))
    elif isinstance(owner, list) and name == "extend":
        _size(len(owner) + sum(len(arg) for arg in args if isinstance(arg, Sized)))


def bounded_filters(filters: Mapping[str, Callable[..., Any]]) -> dict[str, Callable[..., Any]]:
    """Return Jinja2's filters that can grow a value, each checking its arguments first."""
    filters = dict(filters)  # the originals, before the caller puts these in their place

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

    replace.jinja_pass_arg = filters["replace"].jinja_pass_arg  # type: ignore[attr-defined]
    return {"center": center, "indent": indent, "format": format_, "replace": replace,
            "batch": batch}  # fmt: skip


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


def _replacement(text: str, old: Any, new: Any) -> None:
    if isinstance(old, str) and isinstance(new, str) and len(new) > len(old):
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
