"""`urls.slug` returns a text already in slug form as it is, and ASCII words lower case with
hyphens, without python-slugify: the same answer slugify gives, for such texts and for
every other kind."""

from __future__ import annotations

from pathlib import Path

import pytest
import slugify as slugify_module
from hypothesis import given, settings
from hypothesis import strategies as st

from digest.urls import SLUG_MAX_LENGTH, slug, term_slug

SLUG_LIKE = st.from_regex(r"[a-z0-9]{1,8}(-[a-z0-9]{1,8}){0,4}", fullmatch=True)
PLAIN_WORDS = st.from_regex(r"[A-Za-z0-9]{1,8}([ -][A-Za-z0-9]{1,8}){0,4}", fullmatch=True)
NEAR = st.text(alphabet="ab09-_ AZé&;#,.'\n", max_size=20)


@settings(max_examples=600)
@given(st.one_of(SLUG_LIKE, PLAIN_WORDS, NEAR))
def test_slug_is_slugify(text: str) -> None:
    made = slugify_module.slugify(text)
    if made:
        assert slug(text) == made
    else:  # nothing left: a stable hashed slug
        assert slug(text).startswith("x-")


def test_a_slug_already_made_skips_slugify(monkeypatch: pytest.MonkeyPatch) -> None:
    calls: list[str] = []
    real = slugify_module.slugify

    def spied(text: str) -> str:
        calls.append(text)
        return str(real(text))

    monkeypatch.setattr(slugify_module, "slugify", spied)
    assert slug("storm-hits-coast-2") == "storm-hits-coast-2"
    assert slug("Storm Hits") == "storm-hits"  # ASCII words: made without slugify too
    assert slug("COVID-19 Vaccines") == "covid-19-vaccines"
    assert slug("Storm  Hits") == "storm-hits"  # two spaces: slugify's
    assert slug("Côte d'Ivoire") == "cote-d-ivoire"
    assert calls == ["Storm  Hits", "Côte d'Ivoire"]


def test_a_long_tag_or_region_name_is_cut_to_a_folder_name_with_a_hash_of_the_whole() -> None:
    long = "Very long tag name " * 15
    made = term_slug(long)
    assert len(made) <= SLUG_MAX_LENGTH and made.startswith("very-long-tag-name-very-long")
    assert made.rsplit("-", 1)[0].endswith("-tag")  # cut at a word, not inside one
    assert term_slug(long + "one") != term_slug(long + "two")  # apart past the cut
    assert term_slug(long.upper()) == made  # one slug's names stay one tag
    assert term_slug("Short Name") == slug("Short Name") == "short-name"


@pytest.mark.parametrize(
    ("one", "other"),
    [
        ("COVID-19", "covid 19"),
        ("Émile", "emile"),
        ("#MeToo", "MeToo"),
        ("Arts & Culture", "arts culture"),
    ],
)
def test_names_differing_by_case_accents_or_punctuation_are_one_tag(one: str, other: str) -> None:
    assert term_slug(one) == term_slug(other)


def test_names_a_sign_makes_different_are_different_tags_whatever_else_exists() -> None:
    names = ["C", "C++", "C#", "F#", "100", "100%", "Google", "Google+"]
    slugs = [term_slug(name) for name in names]
    assert len(set(slugs)) == len(names)
    assert slugs[:3] == ["c", "c-plus-plus", "c-sharp"]


@pytest.mark.parametrize(
    ("one", "other"),
    [("北京", "背景"), ("Москва", "Moskva"), ("東京", "Dong Jing"), ("Αθήνα", "Athena")],
)
def test_names_of_another_script_that_transliterate_alike_are_different_tags(
    one: str, other: str
) -> None:
    """A slug spells another script's name in Latin letters, losing what told it apart."""
    assert term_slug(one) != term_slug(other)
    assert term_slug(one).startswith(slug(one) + "-")  # still readable, then a hash
    assert term_slug(one) == term_slug(one.upper())  # its spellings by case stay one tag


@pytest.mark.parametrize("name", ["Øresund", "Łódź", "Émile", "Straße", "ÆGIR", "Zürich"])
def test_latin_names_with_letters_beyond_ascii_keep_their_plain_slug(name: str) -> None:
    assert term_slug(name) == slug(name)


@pytest.mark.parametrize("name", ["CON", "aux", "Nul", "COM1", "lpt9", "prn"])
def test_no_story_file_or_term_folder_takes_a_name_windows_keeps_for_a_device(
    name: str, tmp_path: Path
) -> None:
    """`digest new "CON"` wrote con.md and a tag "Aux" made tags/aux/: git on Windows refuses
    such paths, so a co-editor could not clone the project (review15 F11)."""
    import datetime as dt

    from digest.commands.cli import main
    from digest.story_files import story_stem
    from tests.conftest_project import make_project

    assert story_stem(name, dt.date(2026, 12, 7)) == f"2026/12/{name.lower()}-story"
    assert term_slug(name) == f"{name.lower()}-tag"
    assert story_stem(f"{name} console", dt.date(2026, 12, 7)).endswith(f"{name.lower()}-console")
    assert term_slug("Console") == "console"
    project = make_project(tmp_path)
    assert main(["new", "-C", str(project), name]) == 0
    made = [path.stem for path in (project / "content" / "articles").rglob("*.md")]
    assert made == [f"{name.lower()}-story"]
