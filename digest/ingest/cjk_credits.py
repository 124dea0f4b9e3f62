"""CJK credits: the reporters Chinese, Korean and Japanese copy names, and where.

A byline names the reporter with the word for one: before the name in Chinese ("记者 王明",
"本报记者 李华"), after it in Korean ("김민수 기자", "김민수 특파원") and Japanese ("山田太郎記者").
A lead may open with its credit: the reporter in (full-width) brackets after a Chinese
agency's dispatch ("新华社东京12月4日电(记者 王明)"), Yonhap's "(부산=연합뉴스) 홍길동 기자 ="
(place=agency, then the reporter), a Japanese paper's "【ワシントン=佐藤花子】" (place=reporter).
"""

from __future__ import annotations

import re
from typing import NamedTuple

_HAN = "\u4e00-\u9fff"
_HANGUL = "\uac00-\ud7a3"
_KANA = "\u3040-\u30ff"
# A Chinese name: two to four characters (a minority's with a middle dot: "阿不都·热合曼").
_ZH_NAME = rf"[{_HAN}]{{2,4}}(?:\u00b7[{_HAN}]{{2,6}})?"
_ZH_NAMES = rf"{_ZH_NAME}(?:[\s\u3001,\uff0c]+{_ZH_NAME}){{0,4}}"
# "记者 王明", "本报记者 李华 张强", "(记者 王明)", "实习记者: 王明" (full-width brackets and
# colon too); the words "this paper's", "chief", "trainee" before it.
_ZH = re.compile(
    rf"^[\uff08(]?\s*(?:本报|本台|本网|本刊)?(?:特约|首席|见习|实习|驻[{_HAN}]{{1,6}})?记者"
    rf"\s*[:\uff1a]?\s*(?P<names>{_ZH_NAMES})\s*[)\uff09]?$"
)
_KO_NAME = rf"[{_HANGUL}]{{2,4}}"
# "김민수 기자", "김민수·이영희 기자", "김민수 특파원", "김민수 기자 kim@yna.co.kr", "김민수 기자 ="
_KO = re.compile(
    rf"^(?P<names>{_KO_NAME}(?:\s*[,\u00b7]\s*{_KO_NAME}){{0,3}})\s*(?:선임|수석)?\s*"
    r"(?:기자|특파원)(?:\s*=|\s+[\w.+-]+@[\w.-]+\.\w+)?$"
)
# "山田太郎記者", "山田 太郎 記者", "ワシントン支局 山田太郎"'s like are not read: a name and
# the word for a reporter, a correspondent or a senior writer.
_JA = re.compile(
    rf"^[\uff08(]?(?P<names>[{_HAN}{_KANA}]{{1,5}}(?:[\s\u3000][{_HAN}{_KANA}]{{1,5}})?)\s*"
    r"(?:記者|特派員|編集委員|論説委員)[)\uff09]?$"
)
_MAX_CHARS = 40
_REPORTED = re.compile(r"\s*报道$")  # "记者 王明 报道": "reports"
# The credit opening a lead.
_ZH_LEAD = re.compile(
    rf"^[^\uff08(\u3002\uff0c]{{2,24}}?\u7535\s*[\uff08(]\s*(?:本报|本台|本网)?"
    rf"(?:特约|首席|见习|实习)?记者\s*[:\uff1a]?\s*(?P<names>{_ZH_NAMES})\s*[)\uff09]"
)
_KO_LEAD = re.compile(
    rf"^[(\[]\s*(?P<place>[{_HANGUL}\w]{{1,12}})\s*=\s*(?P<outlet>[^()\[\]=]{{1,16}}?)\s*[)\]]"
    rf"\s*(?:(?P<names>{_KO_NAME}(?:\s*[,\u00b7]\s*{_KO_NAME}){{0,3}})\s*(?:선임|수석)?\s*"
    r"(?:기자|특파원)\s*=)?"
)
_JA_LEAD = re.compile(
    rf"^\u3010(?P<place>[^=\uff1d\u3011]{{1,12}})[=\uff1d](?P<names>[{_HAN}{_KANA}\s]{{2,12}})\u3011"
)


class Credit(NamedTuple):
    """What a lead's opening credit tells."""

    place: str | None
    outlet: str | None
    names: tuple[str, ...]


def reporters(text: str) -> tuple[str, ...]:
    """Return the reporters a Chinese, Korean or Japanese byline names ("记者 王明", "김민수
    기자", "山田太郎記者"), or () when *text* is none."""
    if "\u8005" not in text and "기자" not in text and "특파원" not in text and "員" not in text:
        return ()  # (most lines: no word for a reporter)
    stripped = text.strip()
    if len(stripped) > _MAX_CHARS:
        return ()
    found = _ZH.match(_REPORTED.sub("", stripped))
    if found is not None:
        return _split(found["names"])
    found = _KO.match(stripped)
    if found is not None:
        return _split(found["names"], _KO_SEPARATORS)
    found = _JA.match(stripped)
    return (found["names"].strip(),) if found is not None else ()  # "山田 太郎": one name


def lead_credit(lead: str) -> Credit | None:
    """Return what the credit opening a lead tells ("...电(记者 王明)", "(부산=연합뉴스) 홍길동
    기자 =", "【ワシントン=佐藤花子】"), or None."""
    first = lead[:1]
    if first not in "(\uff08[\u3010" and not "\u4e00" <= first <= "\u9fff":
        return None  # (most leads)
    found = _ZH_LEAD.match(lead)
    if found is not None:
        return Credit(None, None, _split(found["names"]))
    found = _KO_LEAD.match(lead)
    if found is not None:
        names = _split(found["names"], _KO_SEPARATORS) if found["names"] else ()
        return Credit(found["place"], found["outlet"].strip(), names)
    found = _JA_LEAD.match(lead)
    if found is not None:
        return Credit(found["place"], None, (found["names"].strip(),))
    return None


def _split(names: str, separators: str = r"[\s\u3001,\uff0c]+") -> tuple[str, ...]:
    """The names of a list ("王明 李华", "王明、李华"), each once."""
    return tuple(dict.fromkeys(part for part in re.split(separators, names.strip()) if part))


# Korean lists its names with a middle dot too ("김민수·이영희"); a Chinese name holds one.
_KO_SEPARATORS = r"[\s,\u00b7]+"
