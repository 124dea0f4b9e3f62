"""Templates call digest's own functions directly, and anything else as Jinja2 does.

Jinja2 sends every call in a template through `Context.call`, which asks the callable
whether it wants the context; digest's functions never do, so they skip that
(site/theme.py). A function that asks for the context, a macro and an undefined name
still behave as Jinja2 has them.
"""

from __future__ import annotations

from pathlib import Path

import jinja2
import pytest

from digest.site.theme import Theme, environment


def _env(folder: Path, functions: dict[str, object]) -> jinja2.Environment:
    theme = Theme("t", (folder,), (folder / "templates",), (folder / "static",))
    return environment(theme, functions)


def _write(folder: Path, name: str, text: str) -> None:
    (folder / "templates").mkdir(parents=True, exist_ok=True)
    (folder / "templates" / name).write_text(text, encoding="utf-8")


def test_digest_functions_skip_jinjas_call_and_others_keep_it(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    usual: list[object] = []
    call = jinja2.runtime.Context.call

    def spied(
        self: jinja2.runtime.Context, function: object, *args: object, **kwargs: object
    ) -> object:
        usual.append(function)
        return call(self, function, *args, **kwargs)  # type: ignore[arg-type]

    monkeypatch.setattr(jinja2.runtime.Context, "call", spied)

    @jinja2.pass_context
    def named(context: jinja2.runtime.Context) -> str:
        return str(context["who"])

    _write(
        tmp_path,
        "page.html",
        "{% macro twice(x) %}{{ x }}{{ x }}{% endmacro %}"
        "{% for n in [1, 2] %}{{ shout(who) }}{{ named() }}{{ twice(n) }}{% endfor %}",
    )
    env = _env(tmp_path, {"shout": lambda text: text.upper(), "named": named})
    assert env.get_template("page.html").render(who="ana") == "ANAana11ANAana22"
    assert usual and all(function is not env.globals["shout"] for function in usual)
    assert any(function is named for function in usual)


def test_an_undefined_function_fails_as_jinja_has_it(tmp_path: Path) -> None:
    _write(tmp_path, "page.html", "{{ missing(1) }}")
    env = _env(tmp_path, {"shout": str.upper})
    with pytest.raises(jinja2.UndefinedError, match="'missing' is undefined"):
        env.get_template("page.html").render()
