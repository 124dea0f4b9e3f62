"""Template errors: a Jinja2 failure while rendering -> one line naming the template and line.

Jinja2 rewrites the traceback of an error raised while a template runs so that its frames
carry the template's file name and line; the innermost such frame is where the theme
author has to look.
"""

from __future__ import annotations

from collections.abc import Callable
from typing import TypeVar

import jinja2

from digest.site.theme import ThemeError
from digest.site.theme_limits import MAX_PAGE, time_limit

T = TypeVar("T")
SELF_CALL = (
    "the template includes, imports or extends itself, directly or through another template"
    " (or calls a macro that calls itself without end): remove the loop"
)


def describe_template_error(theme: str, error: jinja2.TemplateError) -> str:
    """Return "<template file>:<line>: <what went wrong>" for *error* in theme *theme*."""
    if isinstance(error, jinja2.TemplateSyntaxError):
        return f"{error.filename or error.name}:{error.lineno}: {error.message}"
    where = template_frame(error)
    if isinstance(error, jinja2.TemplateNotFound):
        names = " or ".join(repr(str(name)) for name in (error.templates or [error.name]))
        if error.message and error.message != error.name:  # found, and refused: it says why
            return error.message if where is None else f"{where}: {error.message}"
        if where is None:
            return (
                f"theme {theme!r}: template {names} not found in the theme, the themes "
                "it extends or the project's templates/"
            )
        return f"{where}: template {names} not found"
    message = error.message or type(error).__name__
    if where is None:
        return f"theme {theme!r}: template error: {message}"
    return f"{where}: {message}"


def template_frame(error: BaseException) -> str | None:
    """Return "file:line" of the innermost template line in *error*'s traceback, if any."""
    found = None
    frame = error.__traceback__
    while frame is not None:
        if "__jinja_exception__" in frame.tb_frame.f_globals:
            found = f"{frame.tb_frame.f_code.co_filename}:{frame.tb_lineno}"
        frame = frame.tb_next
    return found


def theme_errors(theme: str, run: Callable[[], T]) -> tuple[str | None, T | None]:
    """Return (None, run()), or the message of a template error (file and line) and None."""
    try:
        with time_limit():
            made = run()
        if isinstance(made, str | bytes) and len(made) > MAX_PAGE:
            return (
                f"theme {theme!r}: a page of {len(made):,} characters, more than a page can hold",
                None,
            )
        return None, made
    except ThemeError as error:  # raised by a call of the template's: its file and line too
        where = template_frame(error)
        return (str(error) if where is None else f"{where}: {error}"), None
    except jinja2.TemplateError as error:
        return describe_template_error(theme, error), None
    except RecursionError as error:  # {% include "article.html" %} in article.html
        where = template_frame(error)
        if where is None:
            raise  # not the theme's fault: a bug of digest's
        return f"{where}: {SELF_CALL}", None
    except Exception as error:  # a template that divides by zero or adds text to a number
        if template_frame(error) is None:
            raise  # not the theme's fault: a bug of digest's
        return f"{template_frame(error)}: {type(error).__name__}: {error}", None


def in_theme(theme: str, run: Callable[[], T]) -> T:
    """Return run(), or raise ThemeError naming the template file and line that failed."""
    message, result = theme_errors(theme, run)
    if message is not None or result is None:
        raise ThemeError(str(message))
    return result
