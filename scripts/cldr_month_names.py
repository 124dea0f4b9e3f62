"""Write digest/data/months.json and days.json: the months' and the days' names in the
languages of the news, from CLDR.

    .venv/bin/python scripts/cldr_month_names.py            # write the files
    .venv/bin/python scripts/cldr_month_names.py --check    # exit 1 when a file differs

The names are the Unicode Common Locale Data Repository's (CLDR), as babel ships it: each
month's full name as a date prints it (the genitive of Czech "5. prosince", Polish "5
grudnia") and as it stands alone ("prosinec"), in every language below. Names are folded as
`month_names.month_number` looks them up (accents off, case folded); a name two languages
give to different months ("listopad": November in Czech, October in Croatian) is left out, as
a date cannot say which. Abbreviations are left out too: CLDR's ("led", "mar") are words;
not Thai's and Lao's, letters between stops ("ธ.ค."), written without them ("ธค").
days.json holds the weekdays' full names the same way (0 is Monday: "vendredi", "Freitag",
"vrijdag", "pi\u0105tek") and the words for today and yesterday a publication line prints
("vandaag", "Gisteren", "i dag", "wczoraj": 0 and 1 days back), CLDR's relative day names;
words of fewer than four letters are left out ("ma", Hungarian for today, is Italian "but").
Run when babel brings a new CLDR. digest never imports babel: the names are data.
"""

from __future__ import annotations

import argparse
import json
import sys
import unicodedata
from pathlib import Path

from babel import Locale

REPO = Path(__file__).resolve().parent.parent
sys.path.insert(0, str(REPO))

from digest.ingest.gazetteer import fold  # noqa: E402 (after the path is set)

MONTHS = REPO / "digest" / "data" / "months.json"
DAYS = REPO / "digest" / "data" / "days.json"
# The languages whose months' short names are letters between stops ("ธ.ค.", December in
# Thai), no words of any language: read too, as month_names.month_number reads them.
_DOTTED = ("th", "lo")
# A relative day's word has this many letters at least ("ma", "leo", "sot" are other words).
_DAY_WORD_LETTERS = 4
# The languages of news written with a month's name: Europe's, Africa's written in the
# Latin script, South and South-East Asia's, the Caucasus' and Central Asia's; India's,
# Pakistan's, Iran's and Afghanistan's (the Gregorian months as their pages print them:
# "5 दिसंबर 2026", "5 دسامبر 2026"), Thailand's, Laos', Cambodia's, Myanmar's, Ethiopia's.
LANGUAGES = (
    "af", "az", "be", "bg", "bs", "ca", "cs", "cy", "da", "de", "el", "en", "es", "et", "eu",
    "fi", "fil", "fr", "ga", "gl", "ha", "hr", "hu", "hy", "id", "is", "it", "ka", "kk", "ky",
    "lb", "lt", "lv", "mk", "ms", "mt", "nb", "nl", "nn", "pl", "pt", "ro", "ru", "sk", "sl",
    "so", "sq", "sr", "sr_Latn", "sv", "sw", "tk", "tr", "uk", "uz", "vi", "yo", "zu",
    "hi", "mr", "ne", "bn", "gu", "pa", "ta", "te", "kn", "ml", "si", "ur", "fa", "ps",
    "th", "lo", "km", "my", "am",
)  # fmt: skip


def _word(key: str) -> bool:
    """Tell whether a name is one word of letters, their vowel signs counted ("दिसंबर",
    "ธันวาคม": a Devanagari or Thai vowel is a mark, no letter)."""
    return all(char.isalpha() or unicodedata.category(char).startswith("M") for char in key)


def names() -> dict[str, int]:
    """Return each folded full name of a month and its number, names of two months left out."""
    found: dict[str, set[int]] = {}
    for language in LANGUAGES:
        months = Locale.parse(language).months
        for context in ("format", "stand-alone"):
            for number, name in months[context]["wide"].items():
                key = fold(name).casefold()
                if _word(key) and len(key) >= 3:  # "tháng 12": no one word to look up
                    found.setdefault(key, set()).add(number)
    for language in _DOTTED:  # "ธ.ค.": Thai's and Lao's short names, read without stops
        for number, name in Locale.parse(language).months["format"]["abbreviated"].items():
            found.setdefault(fold(name).casefold().replace(".", ""), set()).add(number)
    return {key: next(iter(numbers)) for key, numbers in sorted(found.items()) if len(numbers) == 1}


def _unique(found: dict[str, set[int]]) -> dict[str, int]:
    return {key: next(iter(values)) for key, values in sorted(found.items()) if len(values) == 1}


def days() -> dict[str, dict[str, int]]:
    """Return each folded weekday's name and its number (0: Monday), and each folded word
    for today or yesterday and the days it counts back; names of two meanings left out."""
    weekdays: dict[str, set[int]] = {}
    back: dict[str, set[int]] = {}
    for language in LANGUAGES:
        locale = Locale.parse(language)
        for context in ("format", "stand-alone"):
            for number, name in locale.days[context]["wide"].items():
                weekdays.setdefault(fold(name).casefold(), set()).add(number)
        relative = locale._data["date_fields"]["day"]["relative"]
        for offset in (0, -1):
            word = " ".join(fold(relative.get(offset, "")).casefold().split())
            if sum(map(str.isalpha, word)) >= _DAY_WORD_LETTERS:
                back.setdefault(word, set()).add(-offset)
    return {"weekdays": _unique(weekdays), "back": _unique(back)}


def main() -> int:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--check", action="store_true", help="exit 1 when a file differs")
    args = parser.parse_args()
    texts = {
        MONTHS: json.dumps(names(), ensure_ascii=False, indent=0, sort_keys=True) + "\n",
        DAYS: json.dumps(days(), ensure_ascii=False, indent=0, sort_keys=True) + "\n",
    }
    if args.check:
        return (
            0
            if all(path.read_text(encoding="utf-8") == text for path, text in texts.items())
            else 1
        )
    for path, text in texts.items():
        path.write_text(text, encoding="utf-8")
    return 0


if __name__ == "__main__":
    sys.exit(main())
