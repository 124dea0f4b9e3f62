"""Print the `scripts:` and `dateline_names:` sections of digest/data/places.yaml.

    .venv/bin/python scripts/cldr_place_names.py            # print the section
    .venv/bin/python scripts/cldr_place_names.py --check    # exit 1 when places.yaml differs

The names are the Unicode Common Locale Data Repository's (CLDR), as babel ships it: each
country's name (`territories`) and each time zone's city (`time_zones`: capitals and the
biggest cities, which CLDR keeps for every zone), in the languages of the news written in
Arabic, Persian, Cyrillic, Hebrew, Greek, Chinese, Japanese and Korean script. A city is
kept only where the gazetteer knows it under its English name in the zone's own country.
`dateline_names:` holds the same places' names in the Latin script, in their own country's
official languages ("Roma", "Wien", "Italia") and in the wires' ("Pékin", "Moscou"): names a
dateline prints, read only there (in running text "Roma" is as often a people).
Run when babel brings a new CLDR; paste the output over the sections. digest never imports
babel: the names are data in places.yaml.
"""

from __future__ import annotations

import argparse
import sys
import unicodedata
from pathlib import Path
from typing import Any

from babel import Locale, UnknownLocaleError
from babel.core import get_global

REPO = Path(__file__).resolve().parent.parent
sys.path.insert(0, str(REPO))

from digest.config import ClassifyConfig  # noqa: E402 (after the path is set)
from digest.ingest import gazetteer  # noqa: E402
from digest.ingest.gazetteer_data import place_data  # noqa: E402
from scripts.geonames_city_names import city_names  # noqa: E402

PLACES = REPO / "digest" / "data" / "places.yaml"
# Languages written in a script other than Latin, each with the news of many readers.
LANGUAGES = ("ar", "fa", "ru", "uk", "he", "el", "zh", "zh_Hant", "ja", "ko")
START = "scripts:\n"
END = "\n# END scripts\n"
DATELINE_START = "dateline_names:\n"
DATELINE_END = "\n# END dateline_names\n"
# The Latin-script languages of the wires' and papers' datelines besides a place's own:
# "PÉKIN, 5 décembre (AFP) -", "MOSKAU (dpa) -", "LONDRES, 5 dic (EFE) -".
WIRES = ("fr", "es", "de", "it", "pt", "nl", "pl", "tr", "id", "sv")
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


def latin(name: str) -> bool:
    """Tell whether a name is written in the Latin script (letters, spaces, '-', "'", '.')."""
    return all(
        char in " -'.\u2019" or (char.isalpha() and unicodedata.name(char, "").startswith("LATIN"))
        for char in name
    )


def dateline_section() -> str:
    """Return the `dateline_names:` section: each country's and each zone city's names in
    the Latin script of its own official languages ("Roma", "Wien", "Italia") and of the
    wires' Latin-script languages ("Pékin", "Moscou", "Londres"), as datelines print them."""
    known = gazetteer._load(ClassifyConfig())
    data = gazetteer._data()
    codes = {c.code: data["names"].get(c.code, c.name.strip()) for c in place_data().countries}
    spoken = get_global("territory_languages")
    english = Locale.parse("en")
    found: dict[str, list[str]] = {}

    def add(name: str, code: str, translated: dict[str, str]) -> None:
        own = [
            language
            for language, info in spoken.get(code, {}).items()
            if info.get("official_status") in ("official", "de_facto_official")
        ]
        for language in (*own, *WIRES):
            if language not in translated:
                continue
            other = translated[language]
            taken = found.setdefault(name, [])
            fresh = gazetteer.name_key(other) != gazetteer.name_key(name) and other not in taken
            if other and fresh and latin(other) and not _LONG_FORM.intersection(other):
                taken.append(other)

    locales: dict[str, Locale] = {}
    for info in spoken.values():
        for language in info:
            if language not in locales:
                try:
                    locales[language] = Locale.parse(language)
                except (ValueError, LookupError, UnknownLocaleError):
                    continue
    for code, name in sorted(codes.items()):
        if name in known.countries:
            add(name, code, {k: loc.territories.get(code, "") for k, loc in locales.items()})
    for zone, code in sorted(get_global("zone_territories").items()):
        city = (english.time_zones.get(zone, {}).get("city") or zone.rsplit("/", 1)[-1]).replace(
            "_", " "
        )
        places = known.places.get(gazetteer.name_key(city), ())
        place = next((p for p in places if p.kind in ("capital", "city")), None)
        if place is None or place.country != codes.get(code) or place.name in known.countries:
            continue
        translated = {k: loc.time_zones.get(zone, {}).get("city", "") for k, loc in locales.items()}
        add(place.name, code, translated)
    lines = [f"  {name}: [{', '.join(names)}]" for name, names in sorted(found.items()) if names]
    return DATELINE_START + "\n".join(lines) + DATELINE_END


# The Latin-script languages whose stories classify reads native place names in
# (ingest/story_language.py detects them): CLDR's names of countries and zone cities in each,
# for `digest/data/native_places.json` (`--native`).
NATIVE = (
    "de", "fr", "es", "it", "pt", "nl", "pl", "cs", "sk", "sv", "da", "nb", "fi", "ro", "hu",
    "hr", "sl", "tr", "id",
)  # fmt: skip


def native_names() -> dict[str, dict[str, str]]:
    """Return each NATIVE language's names of countries and zone cities: name -> the
    gazetteer's (English) name, where the two differ ("Wien" -> "Vienna")."""
    known = gazetteer._load(ClassifyConfig())
    data = gazetteer._data()
    codes = {c.code: data["names"].get(c.code, c.name.strip()) for c in place_data().countries}
    english = Locale.parse("en")
    found: dict[str, dict[str, str]] = {language: {} for language in NATIVE}
    places: list[tuple[str, dict[str, str]]] = []
    locales = {language: Locale.parse(language) for language in NATIVE}
    for code, name in sorted(codes.items()):
        if name in known.countries:
            places.append((name, {k: loc.territories.get(code, "") for k, loc in locales.items()}))
    for zone, code in sorted(get_global("zone_territories").items()):
        city = (english.time_zones.get(zone, {}).get("city") or zone.rsplit("/", 1)[-1]).replace(
            "_", " "
        )
        candidates = known.places.get(gazetteer.name_key(city), ())
        place = next((p for p in candidates if p.kind in ("capital", "city")), None)
        if place is None or place.country != codes.get(code) or place.name in known.countries:
            continue
        translated = {k: loc.time_zones.get(zone, {}).get("city", "") for k, loc in locales.items()}
        places.append((place.name, translated))
    for name, translated in places:
        for language, other in translated.items():
            fresh = other and gazetteer.name_key(other) != gazetteer.name_key(name)
            if fresh and latin(other) and not _LONG_FORM.intersection(other):
                found[language].setdefault(other, name)
    _add_city_names(known, codes, found)
    return found


# Cyrillic-script languages whose stories classify reads in their own language too: GeoNames'
# names of the bigger cities ("Мюнхен", "Женева"); their countries' and zone cities' names are
# places.yaml's `scripts:`, CLDR's.
CYRILLIC = ("ru", "uk", "bg")
_SHORTEST_CITY = 4


def cyrillic(name: str) -> bool:
    """Tell whether a name is written in the Cyrillic script (and spaces, '-', "'", '.')."""
    return all(
        char in " -'.\u2019"
        or (char.isalpha() and unicodedata.name(char, "").startswith("CYRILLIC"))
        for char in name
    )


def _add_city_names(known: Any, codes: dict[str, str], found: dict[str, dict[str, str]]) -> None:
    """Add to *found* the bigger cities' names CLDR lacks ("München", "Köln", "Genf"):
    GeoNames', but never a name the gazetteer holds already, another place's (Italian
    "Monaco" is Munich)."""
    for city, code, translated in city_names(NATIVE + CYRILLIC):
        candidates = known.places.get(gazetteer.name_key(city), ())
        place = next((p for p in candidates if p.kind in ("capital", "city")), None)
        if place is None or place.country != codes.get(code) or place.name != city:
            continue
        for language, other in translated.items():
            key = gazetteer.name_key(other)
            fresh = other and key != gazetteer.name_key(city) and key not in known.places
            written = cyrillic(other) if language in CYRILLIC else latin(other)
            # (a name of three letters is as often a word: Turkish "Kum" is sand, "Yaş" age)
            long_enough = len(other) >= _SHORTEST_CITY
            if fresh and written and long_enough and not _LONG_FORM.intersection(other):
                found.setdefault(language, {}).setdefault(other, city)


def native_file() -> bytes:
    """Return digest/data/native_places.json's bytes."""
    import json

    text = json.dumps(
        {
            "source": "CLDR via babel; GeoNames via Debian's libgeonames-common",
            "names": native_names(),
        },
        ensure_ascii=False,
        indent=0,
        sort_keys=True,
    )
    return (text + "\n").encode("utf-8")


NATIVE_FILE = REPO / "digest" / "data" / "native_places.json"


def main() -> int:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--check", action="store_true", help="exit 1 when places.yaml differs")
    parser.add_argument("--native", action="store_true", help=f"write {NATIVE_FILE.name}")
    options = parser.parse_args()
    if options.native:
        if options.check:
            return 0 if NATIVE_FILE.read_bytes() == native_file() else 1
        NATIVE_FILE.write_bytes(native_file())
        return 0
    made = (section(), dateline_section())
    if options.check:
        text = PLACES.read_text(encoding="utf-8")
        return 0 if all(part in text for part in made) else 1
    sys.stdout.write("\n".join(made))
    return 0


if __name__ == "__main__":
    raise SystemExit(main())
