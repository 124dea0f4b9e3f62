"""Templates and their compiled code never run Python outside what a template may do.

A theme may be downloaded from anyone and the build cache is the project's: neither a
template nor a file of `.digest-cache/templates/` may reach `os`, `exec` or the like.
"""

from __future__ import annotations

import pickle
from dataclasses import dataclass
from datetime import date
from pathlib import Path

import jinja2
import pytest
from jinja2.bccache import Bucket, bc_magic
from jinja2.exceptions import SecurityError

from digest.paths import CACHE_DIR
from digest.site.images import Picture, Variant
from digest.site.template_code import TemplateCode
from digest.site.theme import environment, resolve_theme
from tests.conftest_project import REPO, make_project
from tests.test_cache import write_stories
from tests.test_cli import digest

_THEME = REPO / "digest" / "themes" / "default" / "templates"


def test_a_template_cannot_reach_python_internals(tmp_path: Path) -> None:
    project = make_project(tmp_path / "project")
    write_stories(project, 3)
    marker = tmp_path / "ran"
    (project / "templates").mkdir()
    payload = "{% set _ = cycler.__init__.__globals__.os.system('touch " + str(marker) + "') %}"
    original = (_THEME / "article.html").read_text(encoding="utf-8")
    (project / "templates" / "article.html").write_text(payload + original, encoding="utf-8")
    done = digest("build", "-q", cwd=project)
    assert not marker.exists()  # before: os.system ran, from the template
    assert done.returncode == 1
    assert "templates/article.html:1:" in done.stderr and "unsafe" in done.stderr
    assert "Traceback" not in done.stderr


class _Runs:
    def __init__(self, marker: Path) -> None:
        self.marker = marker

    def __reduce__(self) -> tuple[object, tuple[str]]:
        return exec, (f"open({str(self.marker)!r}, 'w').write('ran')",)


def test_compiled_templates_a_project_ships_are_never_loaded(tmp_path: Path) -> None:
    project = make_project(tmp_path / "project")
    write_stories(project, 3)
    assert digest("build", "-q", cwd=project).returncode == 0
    folder = project / CACHE_DIR / "templates"
    kept = sorted(folder.glob("*.code"))
    assert kept and len(list(folder.glob("*.stamp"))) == len(kept)
    marker = tmp_path / "ran"
    for path in kept:  # as a crafted project ships them: beside the stamps a build wrote
        path.write_bytes(bc_magic + pickle.dumps(_Runs(marker)))
    (project / "content" / "articles" / "2025/01/story-0.md").write_text(
        (project / "content" / "articles" / "2025/01/story-0.md")
        .read_text(encoding="utf-8")
        .replace("calm", "quiet"),
        encoding="utf-8",
    )
    done = digest("build", "-q", cwd=project)
    assert done.returncode == 0, done.stderr
    assert not marker.exists()  # before: Jinja2 unpickled the file, and exec ran


def test_compiled_templates_written_here_are_loaded_again(tmp_path: Path) -> None:
    loader = jinja2.DictLoader({"page.html": "Hello {{ name }}"})
    first = TemplateCode(tmp_path)
    environment = jinja2.Environment(loader=loader, bytecode_cache=first)
    assert environment.get_template("page.html").render(name="you") == "Hello you"
    checksum = first.get_source_checksum("Hello {{ name }}")
    bucket = Bucket(environment, next(tmp_path.glob("*.code")).stem, checksum)
    TemplateCode(tmp_path).load_bytecode(bucket)
    assert bucket.code is not None  # the stamp matched: no compiling again
    code = next(tmp_path.glob("*.code"))
    code.write_bytes(code.read_bytes())  # the same bytes, written again: a new change time
    again = Bucket(environment, code.stem, checksum)
    TemplateCode(tmp_path).load_bytecode(again)
    assert again.code is None


@pytest.mark.parametrize(
    "source",
    [
        "{{ story.__class__ }}",
        "{{ ''.__class__.__mro__ }}",
        "{{ cycler.__init__.__globals__ }}",
        "{{ '{0.__class__}'.format(story) }}",
        "{{ story.told.__func__ }}",
        "{{ double.__globals__ }}",
        "{{ (story.told).__self__ }}",
    ],
)
def test_the_sandbox_refuses_what_reaches_python(tmp_path: Path, source: str) -> None:
    env = _environment(tmp_path)
    with pytest.raises(SecurityError):
        env.from_string(source).render(story=_Story("A title"))


def test_the_sandbox_gives_templates_what_they_use(tmp_path: Path) -> None:
    env = _environment(tmp_path)
    made = env.from_string(
        "{{ story.title }} {{ double(3) }} {{ table.a }} {{ '{}!'.format(1) }}"
        " {{ picture.fitting(500).width }} {{ when.strftime('%Y') }} {{ 'a b'.split()|length }}"
        " {% set ns = namespace(n=1) %}{{ ns.n }} {{ cycler('x').next() }}"
        " {{ dict(a=1).items()|list }}"
    )
    picture = Picture("p.jpg", "0", "JPEG", "", None, None, (Variant("p-1.jpg", 640, 480),))
    rendered = made.render(
        story=_Story("A title"), table={"a": 1}, picture=picture, when=date(2026, 12, 7)
    )
    assert rendered == "A title 6 1 1! 640 2026 2 1 x [(&#39;a&#39;, 1)]"


@pytest.mark.parametrize(
    "source",
    [
        "{{ path.cwd() }}",
        "{{ path.read_text() }}",
        "{{ path.parent.joinpath('elsewhere').write_text('x') }}",
        "{{ path.iterdir()|list }}",
        "{{ (path|attr('exists'))() }}",
        "{{ story.told() }}",  # a method of a class of no module of digest's or Jinja2's
    ],
)
def test_a_template_calls_no_method_of_another_librarys_object(tmp_path: Path, source: str) -> None:
    env = _environment(tmp_path)
    secret = tmp_path / "secret.txt"
    secret.write_text("outside", encoding="utf-8")
    with pytest.raises(SecurityError):
        env.from_string(source).render(path=secret, story=_Story("A title"))
    assert not (tmp_path / "elsewhere").exists()


def test_a_theme_reading_an_articles_file_stops_the_build_with_its_line(tmp_path: Path) -> None:
    # review17 H9: `story.article.path` is a pathlib.Path, and every public method of it
    # was callable: the file outside the project was published, another written.
    project = make_project(tmp_path / "project")
    write_stories(project, 2)
    secret = tmp_path / "secret.txt"
    secret.write_text("outside secret", encoding="utf-8")
    written = tmp_path / "written.txt"
    (project / "templates").mkdir()
    payload = (
        "{% extends 'default/article.html' %}{% block head %}{{ super() }}\n"
        f"<!-- {{{{ story.article.path.cwd().joinpath('{secret}').read_text() }}}} -->\n"
        f"<!-- {{{{ story.article.path.cwd().joinpath('{written}').write_text('x') }}}} -->\n"
        "{% endblock %}"
    )
    (project / "templates" / "article.html").write_text(payload, encoding="utf-8")
    done = digest("build", "-q", cwd=project)
    assert done.returncode == 1
    assert "templates/article.html:2:" in done.stderr and "unsafe" in done.stderr
    assert "Traceback" not in done.stderr
    assert not written.exists()
    published = project / "site"
    assert not published.exists() or all(
        "outside secret" not in page.read_text(encoding="utf-8", errors="replace")
        for page in published.rglob("*.html")
    )


def test_lipsum_is_no_global_of_a_theme(tmp_path: Path) -> None:
    # review17 H17: lipsum(n=300000) made 130 million characters past theme_limits' bounds.
    env = _environment(tmp_path)
    with pytest.raises(jinja2.UndefinedError):
        env.from_string("{{ lipsum(n=300000)|length }}").render()


@dataclass(frozen=True)
class _Story:
    title: str

    def told(self) -> str:
        return "told"


def _double(value: int) -> int:
    return value * 2


def _environment(tmp_path: Path) -> jinja2.Environment:
    project = make_project(tmp_path / "project")
    return environment(resolve_theme(project, "default"), {"double": _double})


@pytest.mark.parametrize(
    "source",
    [
        '{{ site.update({"title": "HACKED"}) }}',
        "{{ site.clear() }}",
        "{{ items.append(4) }}",
        "{{ items.pop() }}",
        "{{ tags.add('x') }}",
        "{% set mine = [] %}{{ mine.append(1) }}",
    ],
)
def test_a_template_changes_no_value_in_place(tmp_path: Path, source: str) -> None:
    # review18 R13: `site.update(...)` in one page changed the title of every page rendered
    # after it, and an incremental build differed from a build from nothing.
    env = _environment(tmp_path)
    site, items, tags = {"title": "My Digest"}, [1, 2, 3], {"a"}
    with pytest.raises(SecurityError, match="may not change a value in place"):
        env.from_string(source).render(site=site, items=items, tags=tags)
    assert (site, items, tags) == ({"title": "My Digest"}, [1, 2, 3], {"a"})


def test_a_template_makes_new_values_instead(tmp_path: Path) -> None:
    env = _environment(tmp_path)
    made = env.from_string(
        "{{ items + [4] }} {{ dict(site, title='x').title }} {{ site.get('title') }}"
        " {{ items.index(2) }} {{ site.items()|list|length }}"
    )
    assert made.render(site={"title": "T"}, items=[1, 2]) == "[1, 2, 4] x T 1 1"
