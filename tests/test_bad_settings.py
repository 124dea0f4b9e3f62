"""digest.yaml values of the right type that no build can use: each is named with its line and
key before anything is read or written, never a traceback from deep in ingest or Pagefind."""

from __future__ import annotations

import contextlib
import io
import os
from pathlib import Path

import pytest

from digest.commands.cli import main
from digest.config import Config, ConfigError, load_config
from tests.conftest_project import make_project

SITE = "title: T\nbase_url: https://news.invalid/\n"


def build(project: Path) -> tuple[int, str]:
    """Run `digest build` in this process; return its exit code and what it printed."""
    err = io.StringIO()
    with contextlib.redirect_stdout(io.StringIO()), contextlib.redirect_stderr(err):
        code = main(["build", "-q", "-C", str(project)])
    return code, err.getvalue()


@pytest.mark.parametrize(
    ("settings", "message"),
    [
        ("base_url: 'https://[::1/'\n", "digest.yaml:1: base_url: not a URL (Invalid IPv6 URL)"),
        ("base_url: 'https://x.org:ab/'\n", "digest.yaml:1: base_url: not a URL (Port could"),
        (
            SITE + "ingest: {counter_pattern: '('}\n",
            "digest.yaml:3: ingest.counter_pattern: not a regular expression: missing ) "
            "at position 1 in '('",
        ),
        (
            SITE + "ingest:\n  chrome: ['ok', '[']\n",
            "digest.yaml:4: ingest.chrome[1]: not a regular expression: unterminated character set",
        ),
        (SITE + "ingest: {keep: ['[z-a]']}\n", "digest.yaml:3: ingest.keep[0]: not a regular exp"),
        (
            SITE + "ingest: {chrome: ['a{99999999999}']}\n",
            "digest.yaml:3: ingest.chrome[0]: not a regular expression: repeat count too big",
        ),
        (SITE + "ingest: {num_perm: 0}\n", "digest.yaml:3: ingest.num_perm: must be at least 1"),
        (
            SITE + "ingest: {num_perm: 100000000}\n",
            "digest.yaml:3: ingest.num_perm: must be at most 1024, got 100000000",
        ),
        (SITE + "ingest: {shingle_words: 0}\n", "digest.yaml:3: ingest.shingle_words: must be at"),
        # A count past 2**64 was a traceback from the cache's checksum (review19 S31).
        (SITE + "related: 18446744073709551616\n", "digest.yaml:3: related: must be at most"),
        (SITE + "front: {days: 100000000000000000000}\n", "digest.yaml:3: front.days: must be at"),
        (SITE + "ingest: {shingle_words: 10000}\n", "ingest.shingle_words: must be at most 100"),
        (SITE + "ingest: {near_duplicate_threshold: 2}\n", "near_duplicate_threshold: must be at"),
        (SITE + "ingest: {heading_max_words: -1}\n", "ingest.heading_max_words: must be at least"),
        (SITE + "classify: {secondary_share: .nan}\n", "secondary_share: must be at least"),
        (SITE + "classify: {max_tags: -1}\n", "digest.yaml:3: classify.max_tags: must be at least"),
        (SITE + "language: " + "x" * 40 + "\n", "digest.yaml:3: language: expected a language tag"),
        (SITE + "language: '../../outside/p'\n", "digest.yaml:3: language: expected a"),
        (SITE + "language: en-aaaaaaaa-bbbbbbbb-cccccccc-dd\n", "at most 30 characters"),
    ],
)
def test_unusable_settings_are_named_with_their_line_and_key(
    tmp_path: Path, settings: str, message: str
) -> None:
    project = make_project(tmp_path / "project", seeds=True)
    (project / "digest.yaml").write_text(settings, encoding="utf-8")
    code, err = build(project)
    assert code == 1
    assert err.startswith("digest: error: ") and message in err, err
    assert not (project / "site").exists() and not (project / "content" / "articles").exists()


@pytest.mark.parametrize("language", ["en", "fr", "pt-BR", "zh-Hant-TW", "sgn-BE-FR", "x" * 2])
def test_language_tags_are_accepted(tmp_path: Path, language: str) -> None:
    (tmp_path / "digest.yaml").write_text(f"language: {language}\n", encoding="utf-8")
    assert load_config(tmp_path).language == language


@pytest.mark.parametrize("zone", ["localtime", "Factory", "posixrules", "right/UTC", "posix/UTC"])
def test_a_timezone_that_is_no_place_s_is_refused(tmp_path: Path, zone: str) -> None:
    """`localtime` is the building machine's zone (/etc/localtime): the same project dated its
    stories one way on the editor's laptop, another on the host (review16 G15)."""
    (tmp_path / "digest.yaml").write_text(f"timezone: {zone}\n", encoding="utf-8")
    with pytest.raises(ConfigError, match=f"timezone: unknown time zone '{zone}'"):
        load_config(tmp_path)


@pytest.mark.parametrize("zone", ["UTC", "Europe/Paris", "America/Argentina/Buenos_Aires"])
def test_a_place_s_timezone_is_accepted(tmp_path: Path, zone: str) -> None:
    (tmp_path / "digest.yaml").write_text(f"timezone: {zone}\n", encoding="utf-8")
    assert load_config(tmp_path).timezone == zone


def test_every_problem_is_named_at_once(tmp_path: Path) -> None:
    (tmp_path / "digest.yaml").write_text(
        "language: ../x\ningest:\n  num_perm: 0\n  chrome: ['(']\n", encoding="utf-8"
    )
    with pytest.raises(ConfigError) as raised:
        load_config(tmp_path)
    said = str(raised.value).splitlines()
    assert [line.split(": ")[0:2] for line in said] == [
        [f"{tmp_path / 'digest.yaml'}:3", "ingest.num_perm"],
        [f"{tmp_path / 'digest.yaml'}:4", "ingest.chrome[0]"],
        [f"{tmp_path / 'digest.yaml'}:1", "language"],
    ]


def test_a_language_never_leads_the_search_index_out_of_the_project(tmp_path: Path) -> None:
    project = make_project(tmp_path / "project", seeds=True)
    outside = tmp_path / "outside"
    outside.mkdir()
    text = (project / "digest.yaml").read_text(encoding="utf-8")
    assert "language: en" in text
    (project / "digest.yaml").write_text(
        text.replace("language: en", "language: '../../../../../../outside/p'"), encoding="utf-8"
    )
    code, err = build(project)
    assert code == 1 and "language: expected a language tag" in err
    assert os.listdir(outside) == []


def test_the_defaults_pass_their_own_checks() -> None:
    from digest.config import range_problems

    assert range_problems(Config()) == []


def test_the_built_in_patterns_compile() -> None:
    """`range_problems` leaves a pattern that is the built-in one unchecked (no `regex` to
    import for it): each built-in pattern must be one."""
    from digest.config import _setting
    from digest.config_checks import REGEX_FLAGS, regex_problem

    for key in REGEX_FLAGS:
        value = _setting(Config(), key)
        for n, pattern in enumerate([value] if isinstance(value, str) else value):
            assert regex_problem(f"{key}[{n}]", pattern) is None
