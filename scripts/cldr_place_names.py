"""Print the `scripts:` section of digest/data/places.yaml: place names in other scripts.

    .venv/bin/python scripts/cldr_place_names.py            # print the section
    .venv/bin/python scripts/cldr_place_names.py --check    # exit 1 when places.yaml differs

The names are the Unicode Common Locale Data Repository's (CLDR), as babel ships it: each
country's name (`territories`) and each time zone's city (`time_zones`: capitals and the
biggest cities, which CLDR keeps for every zone), in the languages of the news written in
Arabic, Persian, Cyrillic, Hebrew, Greek, Chinese, Japanese and Korean script. A city is
kept only where the gazetteer knows it under its English name in the zone's own country.
Run when babel brings a new CLDR; paste the output over the section. digest never imports
babel: the names are data in places.yaml.
"""

from __future__ import annotations

import argparse
import sys
from pathlib import Path

from babel import Locale
from babel.core import get_global

REPO = Path(__file__).resolve().parent.parent
sys.path.insert(0, str(REPO))

from digest.config import ClassifyConfig  # noqa: E402 (after the path is set)
from digest.ingest import gazetteer  # noqa: E402
from digest.ingest.gazetteer_data import place_data  # noqa: E402

PLACES = REPO / "digest" / "data" / "places.yaml"
# Languages written in a script other than Latin, each with the news of many readers.
LANGUAGES = ("ar", "fa", "ru", "uk", "he", "el", "zh", "zh_Hant", "ja", "ko")
START = "scripts:\n"
END = "\n# END scripts\n"
# A name with brackets or a comma is a long form ("Congo (Kinshasa)"), never a dateline's.
_LONG_FORM = frozenset("()[],\uff08\uff09")


def names_of(english: str, translated: dict[str, str]) -> list[str]:
    """Return the names of *translated* (by language) that are of another script, once."""
    found: list[str] = []
    for name in translated.values():
        ours = name and not name.isascii() and name != english
        if ours and not _LONG_FORM.intersection(name) and name not in found:
            found.append(name)
    return found


def section() -> str:
    """Return the `scripts:` section: each place's names in other scripts, by its name."""
    known = gazetteer._load(ClassifyConfig())  # the shipped gazetteer
    data = gazetteer._data()
    codes = {c.code: data["names"].get(c.code, c.name.strip()) for c in place_data().countries}
    locales = {language: Locale.parse(language) for language in LANGUAGES}
    english = Locale.parse("en")
    lines: list[str] = []
    countries = sorted((name, code) for code, name in codes.items() if name in known.countries)
    lines.append("  # Countries: CLDR's territory names.")
    for name, code in countries:
        found = names_of(name, {k: loc.territories.get(code, "") for k, loc in locales.items()})
        if found:
            lines.append(f"  {name}: [{', '.join(found)}]")
    lines.append("  # Cities: CLDR's time zone cities the gazetteer knows in that country.")
    territories = get_global("zone_territories")
    cities: dict[str, list[str]] = {}
    for zone, code in sorted(territories.items()):
        city = english.time_zones.get(zone, {}).get("city") or zone.rsplit("/", 1)[-1]
        city = city.replace("_", " ")
        places = known.places.get(gazetteer.name_key(city), ())
        place = next((p for p in places if p.kind in ("capital", "city")), None)
        if place is None or place.country != codes.get(code) or place.name in known.countries:
            continue
        translated = {k: loc.time_zones.get(zone, {}).get("city", "") for k, loc in locales.items()}
        found = [n for n in names_of(place.name, translated) if n not in cities.get(place.name, [])]
        if found:
            cities.setdefault(place.name, []).extend(found)
    for name in sorted(cities):
        lines.append(f"  {name}: [{', '.join(cities[name])}]")
    return START + "\n".join(lines) + END


def main() -> int:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--check", action="store_true", help="exit 1 when places.yaml differs")
    made = section()
    if parser.parse_args().check:
        return 0 if made in PLACES.read_text(encoding="utf-8") else 1
    sys.stdout.write(made)
    return 0


if __name__ == "__main__":
    raise SystemExit(main())
