"""A theme's template cannot exhaust the build: values past a page's size and pages that
render too long are refused, naming the template's file and line (site/theme_limits.py)."""

from __future__ import annotations

import signal
import time
from pathlib import Path

import pytest

from digest.site import theme_limits
from digest.site.theme import environment, resolve_theme
from tests.conftest_project import snapshot
from tests.test_bad_input import built, run

__all__ = ["built"]  # the fixture, used by name

TOO_BIG = "more than a page can hold"


@pytest.mark.parametrize(
    "expression",
    [
        '"x" * 1000000000',  # the review's case: 4.9 GB and 93 s, a 1 GB 404.html published
        '1000000000 * "x"',
        "[0] * 100000000",
        '"%1000000000s" % "x"',
        '"%*d" % (1000000000, 1)',
        '"x"|center(1000000000)',
        '"x".ljust(1000000000)',
        '"{:>1000000000}".format(1)',
        '"{0:{1}}".format(1, 1000000000)',
        '"%*d"|format(1000000000, 3)',
        '("x" * 1000000)|replace("x", "yyyyyyyyyyyy")',
        "[1]|batch(1000000000, 0)|list",
        '"a\\nb"|indent(1000000000)',
        "10 ** 1000000",
        "[[[0] * 300] * 300] * 300",  # review 14b: each * was checked against its own list
        '"x" * 6000000 + "y" * 6000000',
        # review18 R1: a separator, an indent or a replacement multiplied by many pieces
        'range(150)|join("x" * 9000000)',
        '("x" * 9000000).join(range(30)|map("string"))',
        '("x" * 9000000).join(["a", "b", "c"])',
        '(["y" * 6000000] * 2)|join',
        "range(30)|list|tojson(indent=9000000)",
        '("a" * 9000000).translate({97: "x" * 30})',
        '("ab " * 1000)|wordwrap(1, true, "x" * 9000000)',
        '"a.b c.d"|urlize(target="x" * 9000000)',
        "[1]|slice(1000000000)|list",
        "(1).to_bytes(1000000000)",
        '"x".encode().center(1000000000)',
    ],
)
def test_a_value_too_big_for_a_page_is_refused_at_its_line(built: Path, expression: str) -> None:
    site = snapshot(built / "site")
    (built / "templates").mkdir()
    (built / "templates" / "404.html").write_text(f"\n{{{{ {expression} }}}}\n", "utf-8")
    result = run("build", "-q", "-C", str(built))
    assert result.code == 1
    assert "templates/404.html:2: " in result.err and (
        TOO_BIG in result.err or "too large a number" in result.err
    ), result.err
    assert snapshot(built / "site") == site


def test_a_text_doubled_in_a_loop_is_refused(built: Path) -> None:
    """Review 14b: `~` doubling in 26 steps published a 67 MB page; 34 would need 17 GB."""
    (built / "templates").mkdir()
    loop = (
        '{% set ns = namespace(s="x") %}{% for i in range(40) %}{% set ns.s = ns.s ~ ns.s %}'
        "{% endfor %}{{ ns.s|length }}"
    )
    (built / "templates" / "404.html").write_text(f"\n{loop}\n", "utf-8")
    result = run("build", "-q", "-C", str(built))
    assert result.code == 1
    assert "templates/404.html:2: " in result.err and TOO_BIG in result.err, result.err


def test_a_page_that_renders_too_long_is_stopped_at_its_line(
    built: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    monkeypatch.setattr(theme_limits, "RENDER_SECONDS", 1.0)
    monkeypatch.setenv("DIGEST_WORKERS", "0")  # the limit set here holds where pages render
    (built / "templates").mkdir()
    loops = "{% for i in range(100000) %}{% for j in range(100000) %}{% endfor %}{% endfor %}"
    (built / "templates" / "404.html").write_text(f"x\n{loops}\n", "utf-8")
    result = run("build", "-q", "-C", str(built))
    assert result.code == 1
    assert "templates/404.html:2: the page was still rendering after 1 s" in result.err


def test_ordinary_arithmetic_and_filters_are_untouched() -> None:
    env = environment(resolve_theme(Path("."), "default"), {})
    text = (
        '{{ 2 * 3 }} {{ "ab" * 3 }} {{ 2 ** 10 }} {{ "%05d" % 42 }} {{ "%s-%s"|format(1, 2) }} '
        '[{{ "x"|center(5) }}] {{ "a\\nb"|indent(2) }} {{ "ab"|replace("a", "xx") }} '
        '{{ [1, 2, 3]|batch(2, 0)|list }} {{ "x{}y".format(3) }} {{ "{:>4}".format(7) }} '
        '{{ "{0:{1}}".format(7, 3) }} {{ "Updated: {}".format(1733550000) }} '
        '{{ "a*b %s"|format(1733550000) }} {{ "x" ~ "y" }} {{ "ab" + "cd" }} {{ 1 + 2 }} '
        '{{ [1, 2]|join(", ") }} {{ "-".join(["a", "b"]) }} {{ "-".join(range(3)|map("string")) }} '
        '{{ {"a": [1]}|tojson(indent=1) }} {{ "ab"|wordwrap(1) }} {{ [1, 2, 3]|slice(2)|list }} '
        '{{ "abc".translate({97: "xy"}) }} {{ (258).to_bytes(2, "big") }}'
    )
    assert env.from_string(text).render() == (
        "6 ababab 1024 00042 1-2 [  x  ] a\n  b xxb [[1, 2], [3, 0]] x3y    7   7"
        " Updated: 1733550000 a*b 1733550000 xy abcd 3 1, 2 a-b 0-1-2"
        ' {\n "a": [\n  1\n ]\n} a\nb [[1, 2], [3]] xybc b&#39;\\x01\\x02&#39;'
    )


def test_a_limit_already_running_is_left_to_the_outer_work() -> None:
    with theme_limits.time_limit(30):
        with theme_limits.time_limit(0.01):
            pass
        assert signal.getitimer(signal.ITIMER_REAL)[0] > 25  # the outer timer still runs
    deadline = time.monotonic() + 5
    outer, inner = theme_limits.time_limit(0.2), theme_limits.time_limit(30)
    with pytest.raises(theme_limits.TemplateTooBig), outer, inner:
        while time.monotonic() < deadline:  # the outer limit ends it
            pass
    assert time.monotonic() < deadline
    assert signal.getitimer(signal.ITIMER_REAL)[0] == 0


def test_a_handler_of_sigalrm_is_put_back_and_the_default_one_never_ends_the_process() -> None:
    def theirs(signum: int, frame: object) -> None:
        raise AssertionError("their handler")

    before = signal.signal(signal.SIGALRM, theirs)
    try:
        with theme_limits.time_limit(30):
            assert signal.getsignal(signal.SIGALRM) is not theirs
        assert signal.getsignal(signal.SIGALRM) is theirs  # put back
        signal.signal(signal.SIGALRM, signal.SIG_DFL)
        with theme_limits.time_limit(30):
            pass
        # Left installed where the default would end the process: an alarm raises instead.
        signal.setitimer(signal.ITIMER_REAL, 0.01)
        with pytest.raises(theme_limits.TemplateTooBig):
            time.sleep(2)
    finally:
        signal.setitimer(signal.ITIMER_REAL, 0)
        signal.signal(signal.SIGALRM, before)
