"""`digest check` tells a story's broken links as `digest build` does: by file and line, once."""

from __future__ import annotations

from pathlib import Path

import pytest

from digest.commands.check import check
from digest.site.links import BrokenLinksError
from tests.conftest import WriteArticle, build


def test_check_names_a_storys_broken_links_by_its_file_and_line_as_build_does(
    project: Path, write_article: WriteArticle
) -> None:
    """review17 H25: check named the built page the links would be on (a file check never
    writes) and counted each link again for feed.xml; build names the story's file and line."""
    write_article(
        "h/a.md",
        "title: Links\ndate: 2026-06-03\nregions: [Europe]",
        "See [missing](/2026/01/01/missing/) and [rel](../missing/) and"
        " [tag](/tags/nonexistent/) and ![img](/images/nope.png) and [ok](/archive/).\n",
    )
    with pytest.raises(BrokenLinksError) as caught:
        build(project)
    told = str(caught.value).splitlines()
    assert told[0] == "4 broken link(s) in the built site:", told
    problems = [problem for problem in check(project) if "broken link" in problem]
    assert problems == told[1:]
    assert all(problem.startswith("content/articles/h/a.md:7: ") for problem in problems)
