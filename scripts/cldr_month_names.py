"""Write digest/data/months.json: the months' names in the languages of the news, from CLDR.

    .venv/bin/python scripts/cldr_month_names.py            # write the file
    .venv/bin/python scripts/cldr_month_names.py --check    # exit 1 when the file differs

The names are the Unicode Common Locale Data Repository's (CLDR), as babel ships it: each
month's full name as a date prints it (the genitive of Czech "5. prosince", Polish "5
grudnia") and as it stands alone ("prosinec"), in every language below. Names are folded as
`month_names.month_number` looks them up (accents off, case folded); a name two languages
give to different months ("listopad": November in Czech, October in Croatian) is left out, as
a date cannot say which. Abbreviations are left out too: CLDR's ("led", "mar") are words.
Run when babel brings a new CLDR. digest never imports babel: the names are data.
"""

from __future__ import annotations

import argparse
import json
import sys
from pathlib import Path

from babel import Locale

REPO = Path(__file__).resolve().parent.parent
sys.path.insert(0, str(REPO))

from digest.ingest.gazetteer import fold  # noqa: E402 (after the path is set)

MONTHS = REPO / "digest" / "data" / "months.json"
# The languages of news written with a month's name: Europe's, Africa's written in the
# Latin script, South and South-East Asia's, the Caucasus' and Central Asia's.
LANGUAGES = (
    "af", "az", "be", "bg", "bs", "ca", "cs", "cy", "da", "de", "el", "en", "es", "et", "eu",
    "fi", "fil", "fr", "ga", "gl", "ha", "hr", "hu", "hy", "id", "is", "it", "ka", "kk", "ky",
    "lb", "lt", "lv", "mk", "ms", "mt", "nb", "nl", "nn", "pl", "pt", "ro", "ru", "sk", "sl",
    "so", "sq", "sr", "sr_Latn", "sv", "sw", "tk", "tr", "uk", "uz", "vi", "yo", "zu",
)  # fmt: skip


def names() -> dict[str, int]:
    """Return each folded full name of a month and its number, names of two months left out."""
    found: dict[str, set[int]] = {}
    for language in LANGUAGES:
        months = Locale.parse(language).months
        for context in ("format", "stand-alone"):
            for number, name in months[context]["wide"].items():
                key = fold(name).casefold()
                if key.isalpha() and len(key) >= 3:  # "tháng 12": no one word to look up
                    found.setdefault(key, set()).add(number)
    return {key: next(iter(numbers)) for key, numbers in sorted(found.items()) if len(numbers) == 1}


def main() -> int:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--check", action="store_true", help="exit 1 when the file differs")
    args = parser.parse_args()
    text = json.dumps(names(), ensure_ascii=False, indent=0, sort_keys=True) + "\n"
    if args.check:
        return 0 if MONTHS.read_text(encoding="utf-8") == text else 1
    MONTHS.write_text(text, encoding="utf-8")
    return 0


if __name__ == "__main__":
    sys.exit(main())
