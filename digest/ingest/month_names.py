"""Month names: the month a word of a date names, in the languages of the news.

Two sources: the names and short forms pages print, written here ("Sept.", "févr.", "Okt",
the Cyrillic "янв."), and every full name CLDR gives the months in some sixty languages
(digest/data/months.json, written by scripts/cldr_month_names.py: the Czech "prosince", the
Romanian "decembrie", the Swahili "Desemba"). The names written here win where both have one.
"""

from __future__ import annotations

import functools
import json
import unicodedata
from importlib import resources

from digest.ingest.gazetteer import fold
from digest.paths import data_name

# Month names as pages print them; a name matches by its first three or four letters too
# ("Sept.", "févr.", "Okt"), and accents are folded first ("März", "août").
_MONTH_NAMES = (  # English, French, German, Spanish, Italian, Portuguese, Dutch, Nordic, Polish
    "january janvier januar jaenner enero gennaio janeiro januari styczen stycznia",
    "february fevrier februar febrero febbraio fevereiro februari luty lutego",
    "march mars marz maerz marzo marco maart marzec marca",
    "april avril abril aprile kwiecien kwietnia",
    "may mai mayo maggio maio mei maj maja",
    "june juin juni junio giugno junho czerwiec czerwca",
    "july juillet juli julio luglio julho lipiec lipca",
    "august aout agosto augustus augusti sierpien sierpnia",
    "september septembre septiembre settembre setembro wrzesien wrzesnia",
    "october octobre oktober octubre ottobre outubro pazdziernik pazdziernika",
    "november novembre noviembre novembro listopad listopada",
    "december decembre dezember diciembre dicembre dezembro desember grudzien grudnia",
)
# Names read whole (their first letters would be other words): Russian and Ukrainian (the
# genitive a date prints, and the nominative; Cyrillic short forms too), Greek, Arabic (the
# Egyptian and the one-word Levantine names), Hebrew, Turkish; the Swahili "Disemba" the BBC
# prints (CLDR's is "Desemba").
_WHOLE_MONTH_NAMES = (
    "января январь січня січень ιανουαριου يناير ינואר ocak",  # noqa: RUF001
    "февраля февраль лютого лютий φεβρουαριου فبراير شباط פברואר şubat",
    "марта март березня березень μαρτιου مارس آذار מרץ mart",
    "апреля апрель квітня квітень απριλιου أبريل ابريل نيسان אפריל nisan",
    "мая май травня травень μαιου مايو أيار מאי mayıs",  # noqa: RUF001
    "июня июнь червня червень ιουνιου يونيو حزيران יוני haziran",  # noqa: RUF001
    "июля июль липня липень ιουλιου يوليو تموز יולי temmuz",
    "августа август серпня серпень αυγουστου أغسطس اغسطس אוגוסט ağustos",
    "сентября сентябрь вересня вересень σεπτεμβριου سبتمبر أيلول ספטמבר eylül",
    "октября октябрь жовтня жовтень οκτωβριου أكتوبر اكتوبر אוקטובר ekim",
    "ноября ноябрь листопада листопад νοεμβριου نوفمبر נובמבר kasım",  # noqa: RUF001
    "декабря декабрь грудня грудень δεκεμβριου ديسمبر דצמבר aralık disemba",  # noqa: RUF001
)
_MONTHS: dict[str, int] = {}
for _number, _names in enumerate(_MONTH_NAMES, 1):
    for _name in _names.split():
        _MONTHS.setdefault(_name, _number)
        _MONTHS.setdefault(_name[:3], _number)
        _MONTHS.setdefault(_name[:4], _number)
for _number, _names in enumerate(_WHOLE_MONTH_NAMES, 1):
    for _name in _names.split():
        _MONTHS.setdefault(fold(_name).casefold(), _number)
        if _name.isalpha() and "\u0400" <= _name[0] <= "\u04ff":  # Cyrillic: "янв.", "сент."
            _MONTHS.setdefault(fold(_name[:3]).casefold(), _number)
            _MONTHS.setdefault(fold(_name[:4]).casefold(), _number)


def _marks() -> str:
    """The combining marks of the scripts before CJK's, as ranges of a character class: the
    vowel signs of Devanagari, Thai, Bengali... ("दिसंबर", "ธันวาคม") are marks, no letters,
    and an expression's letters ([^\\W\\d_]) stop at them."""
    ranges: list[str] = []
    start = end = -2
    for point in range(0x0300, 0x1E00):
        if not unicodedata.category(chr(point)).startswith("M"):
            continue
        if point != end + 1:
            if start >= 0:
                ranges.append(f"{chr(start)}-{chr(end)}")
            start = point
        end = point
    ranges.append(f"{chr(start)}-{chr(end)}")
    return "".join(ranges) + "\u200c\u200d"  # (and the joiners inside Persian, Malayalam words)


# One character of a word in any script: a letter, or a mark on one (a month's name is a
# letter and these: f"[^\W\d_]{LETTER}*").
LETTER = rf"(?:[^\W\d_]|[{_marks()}])"
# Hebrew writes "in December" as one word: the letter bet before the month's name.
_HEBREW_IN = "\u05d1"


def month_number(word: str) -> int | None:
    """Return the month a name of it means ("Sept.", "janvier", "января", "בדצמבר"), if any."""
    key = fold(word.rstrip(".")).casefold()
    if "." in key and not key.isascii():
        key = key.replace(".", "")  # Thai's "ธ.ค." (December)
    month = _MONTHS.get(key) or _cldr().get(key)
    if month is None and key.startswith(_HEBREW_IN):
        month = _MONTHS.get(key[1:])
    return month


@functools.cache
def _cldr() -> dict[str, int]:
    text = resources.files("digest").joinpath(data_name("months.json")).read_text("utf-8")
    return {str(name): int(number) for name, number in json.loads(text).items()}
