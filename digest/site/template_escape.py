"""Templates that escape their output with markupsafe's C function directly: the same text
as markupsafe's `escape`, a tenth of a page's rendering less (site/theme.py uses them)."""

from __future__ import annotations

from collections.abc import MutableMapping
from typing import Any

import jinja2
import markupsafe
from markupsafe import Markup

_escape_inner = getattr(markupsafe, "_escape_inner", None)  # markupsafe 3: C, beneath escape


def _escape(value: Any, /) -> Markup:
    """markupsafe's `escape`, without its Python `Markup.__new__` for the two usual values.

    Every `{{ ... }}` of an autoescaping template calls `escape`; in markupsafe 3 that is a
    Python function making its Markup through Markup's own Python constructor, two calls a
    value (a tenth of a page's rendering here). A str is escaped by markupsafe's own inner
    function and made Markup directly; a Markup is returned as it is (escape would copy it).
    """
    if type(value) is str:
        return str.__new__(Markup, _escape_inner(value))  # type: ignore[misc]
    if type(value) is Markup:
        return value
    return markupsafe.escape(value)


class EscapingTemplate(jinja2.Template):
    """A template whose output escapes with `_escape` (the same text as markupsafe's)."""

    @classmethod
    def _from_namespace(
        cls,
        environment: jinja2.Environment,
        namespace: MutableMapping[str, Any],
        globals: MutableMapping[str, Any],
    ) -> jinja2.Template:
        # The compiled module imported markupsafe's escape into its namespace, which is its
        # functions' globals: the name is pointed at the faster one before any render.
        if _escape_inner is not None and namespace.get("escape") is markupsafe.escape:
            namespace["escape"] = _escape
        return super()._from_namespace(environment, namespace, globals)
