"""A story's language from its script (`languages.script_language`): the same answers, and
the scripts' patterns compiled only when a sample is not all ASCII (each a set of wide
ranges, ~1-2 ms to compile, at the start of every one-story edit before)."""

from __future__ import annotations

import importlib
import re
from collections.abc import Iterator

import pytest

from digest import languages


@pytest.fixture
def compiled(monkeypatch: pytest.MonkeyPatch) -> Iterator[list[str]]:
    """The patterns `re.compile` is asked for while `languages` is loaded again."""
    asked: list[str] = []
    real = re.compile

    def recording(pattern: str, flags: int = 0) -> re.Pattern[str]:
        asked.append(pattern)
        return real(pattern, flags)

    monkeypatch.setattr(re, "compile", recording)
    yield asked
    monkeypatch.undo()
    importlib.reload(languages)


def test_loaded_and_asked_of_ascii_compiles_nothing(compiled: list[str]) -> None:
    module = importlib.reload(languages)
    assert module.script_language("Council votes on budget", "The council met.") is None
    assert compiled == []


@pytest.mark.parametrize(
    ("title", "body", "expected"),
    [
        ("東京の天気", "今日は晴れです。", "ja"),
        ("北京天气", "今天是晴天。", "zh"),
        ("서울 날씨", "오늘은 맑습니다.", "ko"),
        ("Καιρός", "Σήμερα έχει ήλιο.", "el"),
        ("מזג אוויר", "היום שמשי.", "he"),
        ("“Quoted” title — dash", "Curly quotes, Latin letters.", None),
        ("Погода", "Сегодня солнечно.", None),
        ("சென்னையில் கனமழை", "இன்று சென்னையில் கனமழை பெய்தது.", "ta"),
        ("અમદાવાદમાં વરસાદ", "આજે અમદાવાદમાં ભારે વરસાદ પડ્યો.", "gu"),
        ("കൊച്ചിയിൽ മഴ", "ഇന്ന് കൊച്ചിയിൽ കനത്ത മഴ പെയ്തു.", "ml"),
        ("කොළඹ කාලගුණය", "අද කොළඹ වැසි ඇත.", "si"),
        ("ອາກາດວຽງຈັນ", "ມື້ນີ້ຝົນຕົກ.", "lo"),
        ("អាកាសធាតុភ្នំពេញ", "ថ្ងៃនេះភ្លៀង។", "km"),
        ("ข่าวกรุงเทพ", "วันนี้ฝนตก", "th"),
        # Devanagari (Hindi, Marathi, Nepali) and Bengali's script (Assamese too): no guess
        ("मुंबई में बारिश", "आज भारी बारिश हुई।", None),
        ("ঢাকায় বৃষ্টি", "আজ ভারী বৃষ্টি হয়েছে।", None),
    ],
)
def test_languages_told_by_script(
    compiled: list[str], title: str, body: str, expected: str | None
) -> None:
    module = importlib.reload(languages)
    assert module.script_language(title, body) == expected
    assert module.script_language(title, body) == expected  # compiled once, asked twice
    assert len(compiled) == len(set(compiled))
