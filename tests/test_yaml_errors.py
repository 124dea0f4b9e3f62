"""YAML mistakes in digest.yaml and in front matter: file, line, column and plain words.

PyYAML's own messages ("while scanning a simple key ... could not find expected ':'") name
its scanner's state, in a block of several lines pointing at "<unicode string>"; an editor
needs the place of the mistake and what to change. Each case below is a mistake editors make.
"""

from __future__ import annotations

from pathlib import Path

import pytest

from digest.commands.cli import main
from digest.errors import ArticleErrors
from digest.site.load import load_articles
from digest.store.url_history import EMPTY_HISTORY

# (YAML text, line and column of the mistake in it, words of the plain explanation)
MISTAKES = [
    ('title: "My digest\ndescription: News\n', "1:8", "opens a quote that is never closed"),
    ("title: Budget: the vote\n", "1:14", "put the whole value in quotes"),
    ("title: News\n  description: x\n", "2:14", "a second ': ' in one line"),
    ("title: News\n\tdescription: x\n", "2:1", "a tab character: YAML indents with spaces only"),
    ("title: [a, b\ndescription: x\n", "1:8", "a list opened with '[' here is not closed"),
    ("title: {a: b\n", "1:8", "a mapping opened with '{' here is not closed"),
    ("title: 'it's'\n", "1:12", "write a quote inside '...' twice"),
    ("title: @home\n", "1:8", "a value cannot start with '@' in YAML"),
    ("title: *News*\n", "1:8", "read as a YAML alias"),
    ('title: "C:\\path"\n', "1:11", 'a backslash in a "..." value starts an escape'),
    ("title: A\ndescription\n", "2:1", "this line has no ': ' after its key"),
    ("title: A\ntitle: B\n", "2:1", "duplicate key 'title': it is given on line 1"),
]


@pytest.fixture
def project(tmp_path: Path) -> Path:
    root = tmp_path / "news"
    (root / "content" / "articles").mkdir(parents=True)
    (root / "digest.yaml").write_text("title: News\nbase_url: https://news.invalid/\n")
    return root


@pytest.mark.parametrize(("text", "where", "words"), MISTAKES)
def test_settings_yaml_mistakes_are_named_by_line_and_column_in_plain_words(
    project: Path, capsys: pytest.CaptureFixture[str], text: str, where: str, words: str
) -> None:
    (project / "digest.yaml").write_text(text, encoding="utf-8")
    for argv in (["build", "-q"], ["check"]):
        assert main([*argv, "-C", str(project)]) == 1
        err = capsys.readouterr().err
        assert f"{project / 'digest.yaml'}:{where}: not valid YAML: " in err, err
        assert words in err, err
        assert "Traceback" not in err and "<unicode string>" not in err
        assert not (project / "site").exists()


@pytest.mark.parametrize(("text", "where", "words"), MISTAKES)
def test_front_matter_yaml_mistakes_are_named_by_line_and_column_in_plain_words(
    project: Path, capsys: pytest.CaptureFixture[str], text: str, where: str, words: str
) -> None:
    story = project / "content" / "articles" / "story.md"
    story.write_text(f"---\n{text}---\n\nThe story.\n", encoding="utf-8")
    line, column = where.split(":")
    at = f"{int(line) + 1}:{column}"  # the '---' line comes first in the file
    with pytest.raises(ArticleErrors) as raised:
        load_articles(project / "content" / "articles", EMPTY_HISTORY)
    (error,) = raised.value.errors
    assert str(error).startswith(f"{story}:{at}: not valid YAML: "), str(error)
    assert words.replace("line 1", "line 2") in str(error)
    assert main(["build", "-q", "-C", str(project)]) == 1
    err = capsys.readouterr().err
    assert f"{story}:{at}: not valid YAML: " in err and "Traceback" not in err, err


def test_a_theme_yaml_mistake_is_named_by_line_and_column(
    project: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    theme = project / "themes" / "mine"
    theme.mkdir(parents=True)
    (theme / "theme.yaml").write_text("extends: 'default\n", encoding="utf-8")
    (project / "digest.yaml").write_text("title: News\ntheme: mine\n", encoding="utf-8")
    assert main(["build", "-q", "-C", str(project)]) == 1
    err = capsys.readouterr().err
    # (named as the project shows it, `site/theme_file`)
    assert "error: themes/mine/theme.yaml:1:10: not valid YAML: this value opens a" in err, err
