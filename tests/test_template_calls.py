"""Templates call digest's own functions directly, and anything else as Jinja2 does.

Jinja2 sends every call in a template through `Context.call`, which asks the callable
whether it wants the context; digest's functions never do, so they skip that
(site/theme.py). A function that asks for the context, a macro and an undefined name
still behave as Jinja2 has them.
"""

from __future__ import annotations

from collections import ChainMap
from pathlib import Path

import jinja2
import markupsafe
import pytest
from markupsafe import Markup

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


def test_contexts_copy_the_globals_from_a_dict_not_a_chain_map(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    """Each render, include and import makes a context from its template's globals: a
    ChainMap is copied key by key in Python (a seventh of a page's rendering), a dict is
    not. The templates still see every function, and a template's own globals win."""
    walked: list[object] = []
    iterate = ChainMap.__iter__

    def spied(self: ChainMap[str, object]) -> object:
        walked.append(self)
        return iterate(self)

    monkeypatch.setattr(ChainMap, "__iter__", spied)
    _write(tmp_path, "part.html", "[{{ shout(who) }}]")
    _write(tmp_path, "page.html", "{{ shout(who) }}{% include 'part.html' %}{{ n }}")
    env = _env(tmp_path, {"shout": lambda text: text.upper(), "n": 1})
    assert env.get_template("page.html").render(who="ana") == "ANA[ANA]1"
    own = env.get_template("page.html", globals={"n": 2})
    assert own.render(who="bo") == "BO[BO]2"
    assert walked == []


class _Html:
    def __html__(self) -> str:
        return "<i>own</i>"


class _Text(str):
    pass


@pytest.mark.parametrize(
    "value",
    [
        "",
        "plain",
        'Tom & Jerry\'s <b>"x"</b>',
        Markup("<b>safe</b>"),
        3,
        None,
        2.5,
        _Html(),
        _Text("<sub>"),
        ["<a>"],
    ],
)
def test_templates_escape_every_value_as_markupsafe_does(tmp_path: Path, value: object) -> None:
    """Templates escape with digest's faster escape (a str or Markup without markupsafe's
    Python constructor), which gives markupsafe's text and type for every kind of value."""
    _write(tmp_path, "page.html", "[{{ value }}]")
    template = _env(tmp_path, {}).get_template("page.html")
    assert template.root_render_func.__globals__["escape"] is not markupsafe.escape
    assert template.render(value=value) == f"[{markupsafe.escape(value)}]"
    fast = template.root_render_func.__globals__["escape"](value)
    assert type(fast) is Markup and fast == markupsafe.escape(value)


def test_loaded_templates_are_kept_in_a_plain_dict(tmp_path: Path) -> None:
    """Jinja2's LRU cache locks and reorders a queue on every get_template (several a page);
    a theme's few dozen templates are kept in a dict instead, never evicted."""
    _write(tmp_path, "page.html", "{% include 'part.html' %}")
    _write(tmp_path, "part.html", "x")
    env = _env(tmp_path, {})
    assert type(env.cache) is dict
    assert env.get_template("page.html").render() == "x"
    assert env.get_template("page.html") is env.get_template("page.html")
    assert len(env.cache) == 2


class _Urls:
    """An object handed to templates whose methods they call (digest's `urls`)."""

    def feed(self) -> str:
        return "feed.xml"

    @jinja2.pass_context
    def who(self, context: jinja2.runtime.Context) -> str:
        return str(context["who"])

    @jinja2.sandbox.unsafe
    def secret(self) -> str:
        return "never"

    def stop(self) -> str:
        raise StopIteration


def test_unmarked_methods_are_called_straight_and_marked_ones_as_jinja_has_them(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    """`urls.feed()` went through the sandbox's call and `Context.call` (four calls deep,
    ~50 000 a build) only to be called: a method whose function has no attribute carries no
    mark (`unsafe`, `pass_context`), so it is called straight; a marked one is not."""
    checked: list[str] = []
    call = jinja2.sandbox.SandboxedEnvironment.call

    def spied(
        self: object, context: object, function: object, *args: object, **kw: object
    ) -> object:
        checked.append(getattr(function, "__name__", ""))
        return call(self, context, function, *args, **kw)  # type: ignore[arg-type]

    monkeypatch.setattr(jinja2.sandbox.SandboxedEnvironment, "call", spied)
    _write(
        tmp_path, "page.html", "{% for n in [1] %}{{ urls.feed() }}{% endfor %}|{{ urls.who() }}"
    )
    _write(tmp_path, "unsafe.html", "{{ urls.secret() }}")
    _write(tmp_path, "stop.html", "{{ urls.stop() is defined }}")
    env = _env(tmp_path, {"urls": _Urls()})
    assert env.get_template("page.html").render(who="ana") == "feed.xml|ana"
    assert checked == ["who"]
    with pytest.raises(jinja2.exceptions.SecurityError):
        env.get_template("unsafe.html").render()
    assert env.get_template("stop.html").render() == "False"


@pytest.mark.parametrize(
    "expression",
    [
        "site.title",
        "site.items() | list",
        "site.missing is defined",
        "site.get('title')",
        "site._hidden is defined",
        "site.keys is defined",
        "site['title']",
        "site.copy",
    ],
)
def test_a_dicts_keys_and_methods_read_as_the_sandbox_reads_them(
    tmp_path: Path, expression: str
) -> None:
    """`site.title` reads a plain dict's item without the AttributeError the sandbox's
    getattr raised and caught first (a dozen a page): what every expression gives is the
    sandbox's own answer."""
    _write(tmp_path, "page.html", f"{{{{ {expression} }}}}")
    site = {"title": "T", "items": "shadowed", "_hidden": 1}
    plain = jinja2.sandbox.SandboxedEnvironment(
        loader=jinja2.FileSystemLoader(tmp_path / "templates"),
        autoescape=True,
        undefined=jinja2.StrictUndefined,
    )
    answers = []
    for env in (_env(tmp_path, {}), plain):
        try:
            answers.append(env.get_template("page.html").render(site=site))
        except jinja2.TemplateError as error:
            answers.append(f"{type(error).__name__}: {error}")
    assert answers[0] == answers[1]
