"""Golden seeds: the sample dumps build to the checked-in articles and site in tests/golden-seeds/.

This pins the whole pipeline on real input: segmentation, dedup, classification, the
Markdown files an editor gets, and the pages readers get. After an intended change, run
`pytest tests/test_seeds_golden.py --update-golden` and review the diff like code.
"""

from __future__ import annotations

from pathlib import Path

import pytest

from digest.engine.build import build
from tests.conftest_project import make_project
from tests.test_site_golden import check_against_golden, site_files

GOLDEN = Path(__file__).parent / "golden-seeds"


@pytest.fixture(scope="module")
def seeds_project(tmp_path_factory: pytest.TempPathFactory) -> Path:
    project = make_project(tmp_path_factory.mktemp("seeds") / "project", seeds=True)
    with pytest.MonkeyPatch.context() as patch:
        patch.setenv("SOURCE_DATE_EPOCH", "1768435200")  # 2026-01-15
        build(project)
    return project


def built_files(project: Path) -> dict[str, bytes]:
    articles = {
        f"articles/{name}": data
        for name, data in site_files(project / "content" / "articles").items()
    }
    pages = {f"site/{name}": data for name, data in site_files(project / "site").items()}
    return articles | pages


def test_the_seeds_build_to_the_golden_articles_and_site(
    seeds_project: Path, request: pytest.FixtureRequest
) -> None:
    update = bool(request.config.getoption("--update-golden"))
    check_against_golden(built_files(seeds_project), GOLDEN, update)
