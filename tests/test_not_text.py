"""Files of content/raw/ that are not text dumps are skipped with a reason, never garbled.

A picture named .txt, a text file damaged with NUL bytes, and text saved in another script's
encoding (which cp1252 would read without one bad byte, as "Ñîîáùåíèå") each give a warning
naming the file and what to do, and the report records the dump as skipped. UTF-8 (with or
without a BOM), UTF-16 (with or without its mark) and the cp1252 text of Latin-script
languages are still read.
"""

from __future__ import annotations

import json
from pathlib import Path

import pytest

from digest import frontmatter
from digest.commands.cli import main
from digest.ingest import dump_results
from digest.ingest.dumps import decode_dump
from digest.ingest.pipeline import run_ingest
from tests.conftest_project import make_project


def dump(title: str, *paragraphs: str) -> str:
    """One story in the seeds' layout."""
    return "\n".join([title, "", "TT", "", title, "", "\n\n".join(paragraphs)]) + "\n"


RUSSIAN = dump(
    "Парламент принял бюджет на следующий год",
    "Депутаты в среду одобрили проект бюджета, который предусматривает рост расходов"
    " на образование и здравоохранение.",
    "Министр финансов заявил, что дефицит останется в пределах трёх процентов.",
)
JAPANESE = dump(
    "国会が来年度予算を可決",
    "国会は水曜日、教育と医療への支出を増やす来年度予算案を可決した。",
    "財務大臣は、赤字は三パーセント以内にとどまると述べた。",
)
GREEK = dump(  # Greek letters on purpose, though ruff takes some for Latin ones
    "Η Βουλή ενέκρινε τον προϋπολογισμό",  # noqa: RUF001
    "Οι βουλευτές ενέκριναν την Τετάρτη τον προϋπολογισμό του επόμενου έτους,"  # noqa: RUF001
    " με αυξημένες δαπάνες για την παιδεία και την υγεία.",  # noqa: RUF001
)
KOREAN = dump(
    "국회 내년 예산안 통과",
    "국회는 수요일 교육과 보건 지출을 늘리는 내년도 예산안을 통과시켰다.",
    "재무장관은 적자가 3퍼센트 이내에 머물 것이라고 말했다.",
)
LATIN = {
    "French": dump(
        "Le Parlement adopte le budget",
        "Les députés ont approuvé mercredi le projet de budget, qui prévoit une hausse des"
        " dépenses d'éducation et de santé. « C'est un budget équilibré », a déclaré le"
        " ministre.",
    ),
    "German": dump(
        "Parlament verabschiedet Haushalt",
        "Die Abgeordneten billigten am Mittwoch den Haushaltsentwurf, der höhere Ausgaben"
        " für Bildung und Gesundheit vorsieht. Der Finanzminister äußerte sich zufrieden.",
    ),
    "Portuguese": dump(
        "Parlamento aprova orçamento",
        "Os deputados aprovaram na quarta-feira o orçamento, que prevê aumento dos gastos"
        " com educação e saúde. A votação terminou às três horas da manhã.",
    ),
    "Icelandic": dump(
        "Alþingi samþykkir fjárlög",
        "Þingmenn samþykktu á miðvikudag fjárlagafrumvarpið, sem gerir ráð fyrir auknum"
        " útgjöldum til menntunar og heilbrigðismála. Fjármálaráðherra sagði að hallinn"
        " yrði innan við þrjú prósent.",
    ),
}


@pytest.mark.parametrize(
    ("text", "encoding", "guess"),
    [
        (RUSSIAN, "cp1251", "cp1251"),
        (RUSSIAN, "koi8_r", "koi8_r"),
        (JAPANESE, "shift_jis", ""),
        (JAPANESE, "euc_jp", ""),
        (GREEK, "iso8859_7", ""),
        (KOREAN, "euc_kr", ""),
    ],
    ids=["cp1251", "koi8_r", "shift_jis", "euc_jp", "iso8859_7", "euc_kr"],
)
def test_text_in_another_scripts_encoding_is_skipped_not_garbled(
    tmp_path: Path, text: str, encoding: str, guess: str
) -> None:
    project = make_project(tmp_path, {"foreign.txt": text.encode(encoding)})
    report = run_ingest(project)
    assert report.stories == 0
    assert not list((project / "content" / "articles").rglob("*.md"))
    (warning,) = report.warnings
    assert warning.startswith(
        "content/raw/foreign.txt: not UTF-8 or Windows-1252 text but another encoding"
    )
    assert "line 1 would read as" in warning
    assert warning.endswith("save it as UTF-8 to have it read; skipped"), warning
    assert guess in warning
    # The same text saved as UTF-8 (with a BOM, as Notepad saves it) is read.
    (project / "content" / "raw" / "foreign.txt").write_bytes(text.encode("utf-8-sig"))
    assert run_ingest(project).stories == 1


@pytest.mark.parametrize("language", sorted(LATIN))
def test_cp1252_text_of_latin_script_languages_is_still_read(tmp_path: Path, language: str) -> None:
    text = LATIN[language]
    project = make_project(tmp_path, {"latin.txt": text.encode("cp1252")})
    report = run_ingest(project)
    assert report.stories == 1 and report.warnings == ()
    (path,) = (project / "content" / "articles").rglob("*.md")
    _, body = frontmatter.parse(path.read_text(encoding="utf-8"))
    assert text.split("\n")[-2] in body


def test_utf16_without_its_mark_is_read() -> None:
    for codec in ("utf-16-le", "utf-16-be"):
        decoded = decode_dump(LATIN["German"].replace("\n", "\r\n").encode(codec))
        assert decoded is not None and decoded.text == LATIN["German"]


def test_binary_and_damaged_files_say_what_they_are_and_are_recorded(
    tmp_path: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    text = dump("Storm closes the harbour", "The harbour closed on Monday as waves rose.")
    project = make_project(
        tmp_path,
        {
            "photo.txt": b"\x89PNG\r\n\x1a\n\x00\x00\x00\rIHDR" + bytes(range(256)),
            "letter.txt": b"PK\x03\x04\x14\x00\x06\x00" + bytes(range(256)),
            "crashed.txt": text.encode() + b"\x00" * 512,
            "good.txt": text.encode(),
        },
    )
    assert main(["ingest", "-q", "-C", str(project)]) == 0
    err = capsys.readouterr().err.splitlines()
    last = text.count("\n") + 1
    assert err == [
        "warning: content/raw/"
        f"crashed.txt: line {last} holds NUL bytes, which text never has (a damaged"
        " file?); save it again as UTF-8 text; skipped",
        "warning: content/raw/"
        "letter.txt: binary file (a ZIP archive (or a Word, Excel or OpenDocument"
        " file)), not a text dump; skipped",
        "warning: content/raw/photo.txt: binary file (a PNG image), not a text dump; skipped",
    ]
    account = json.loads((project / "content" / ".ingest-report.json").read_text("utf-8"))
    skipped = {entry["name"]: entry for entry in account["dumps"] if entry["skipped"]}
    assert sorted(skipped) == ["crashed.txt", "letter.txt", "photo.txt"]
    assert "PNG image" in skipped["photo.txt"]["warnings"][0]
    assert main(["report", "-C", str(project)]) == 0
    printed = capsys.readouterr().out
    assert (
        "warning: content/raw/photo.txt: binary file (a PNG image), not a text dump; skipped"
        in printed
    )


def test_stray_control_characters_are_removed_and_named_not_a_binary_file(
    tmp_path: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    # Word's soft line break (a vertical tab) near the start, and a terminal's escape and a
    # bell far past the first 8 KB: the dump is text, each line named, nothing reaches a page.
    filler = "\n\n".join(
        f"Paragraph {n} of the harbour story, as the town saw it." for n in range(200)
    )
    text = dump(
        "Storm closes\x0bthe harbour",
        "The harbour closed on Monday.",
        filler,
        "Waves \x1brose\x07.",
    )
    project = make_project(tmp_path, {"word.txt": text.encode()})
    assert main(["ingest", "-q", "-C", str(project)]) == 0
    last = text.count("\n")
    assert capsys.readouterr().err.splitlines() == [
        "warning: content/raw/"
        f"word.txt: lines 1, 5, {last} have 4 control characters no page or feed can"
        " hold; removed (a vertical tab or form feed is read as a space)"
    ]
    (path,) = (project / "content" / "articles").rglob("*.md")
    written = path.read_text(encoding="utf-8")
    assert "Storm closes the harbour" in written and "Waves rose." in written
    assert not any(ord(char) < 32 and char not in "\n\t" for char in written)


def test_control_bytes_as_a_share_of_the_start_still_mean_a_binary_file() -> None:
    noise = bytes(byte for byte in range(1, 256) if byte not in b"\n\r\t") * 40
    assert decode_dump(noise) is None
    assert decode_dump(b"{\\rtf1\\ansi The harbour closed on Monday.}") is None
    assert decode_dump(b"RIFFS AND RAFF: the harbour band plays on.\n") is not None
    decoded = decode_dump(b"The harbour\x0cclosed.\nWaves \xef\xbf\xbfrose.\n")
    assert decoded is not None and decoded.text == "The harbour closed.\nWaves rose.\n"
    assert decoded.control_lines == (1, 2) and decoded.controls == 2


def test_a_terminal_s_escape_sequences_go_whole() -> None:
    # Copied out of a terminal: colours and a window title. Only ESC is a character no page
    # can hold; the rest of each sequence left behind made "[1mLisbon ...[0m" a title and a URL.
    story = b"The trams run at night, the city said, on three routes through the old town.\n"
    decoded = decode_dump(b"\x1b[1mLisbon Adds Night Trams\x1b[0m\n\x1b]0;news\x07" + story * 3)
    assert decoded is not None
    assert decoded.text == "Lisbon Adds Night Trams\n" + story.decode() * 3


def test_a_dump_too_large_to_read_is_skipped_naming_it(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    # review15 F14: one dump costs ~33 times its size in memory; above the bound it is
    # skipped with a warning naming it, and the other dumps are read.
    story = "Storm Closes Schools\n\nHeavy snow forced hundreds of schools to close on Monday.\n"
    big = ("\n\n\n".join([story] * 40)).encode()
    project = make_project(tmp_path / "p", {"big.txt": big, "small.txt": story.encode()})
    monkeypatch.setattr(dump_results, "MOST_DUMP_BYTES", len(big) - 1)
    report = run_ingest(project)
    assert report.dumps == 1
    (warning,) = [w for w in report.warnings if w.startswith("content/raw/big.txt: ")]
    assert "more than one dump may hold" in warning and "split it" in warning
