"""A byline whose names cannot be read is warned of, naming the dump and its line
(review18 R11): never published as an author or a headline, never dropped in silence."""

from __future__ import annotations

from digest.config import IngestConfig
from digest.ingest.bylines import byline_shaped, person, signed
from digest.ingest.segment import segment_dump
from digest.ingest.unread_bylines import unread_byline
from digest.models import Dump
from tests.fixture_cases import read_cases

CASES = {case.name.split(" (")[0]: case for case in read_cases("chrome")}


def _warnings(start: str) -> list[str]:
    case = next(case for name, case in CASES.items() if name.startswith(start))
    [text] = case.dumps.values()
    found = segment_dump(Dump("page.txt", text, "utf-8"), IngestConfig())
    return [w for w in found.warnings if "byline" in w]


def test_an_unread_byline_is_warned_of_with_its_dump_and_line() -> None:
    assert _warnings("a byline whose names cannot be read") == [
        "page.txt:7: byline 'By the Editorial Board' names no writer digest can read: "
        "no author taken from it (name them in the story's `authors:`)"
    ]


def test_a_byline_cut_short_and_a_handle_are_warned_of_an_agency_is_not() -> None:
    found = _warnings("a byline cut short")
    assert [w.split(": byline ")[0] for w in found] == ["page.txt:3", "page.txt:13"]


def test_a_generic_signer_and_a_lower_case_name_are_warned_of() -> None:
    found = _warnings("a generic signer or a writer's name in lower case")
    assert [w.split(": byline ")[0] for w in found] == ["page.txt:3", "page.txt:12", "page.txt:21"]
    assert not unread_byline("By the way") and not unread_byline("By far the largest share")


def test_near_misses_are_no_unread_bylines() -> None:
    assert _warnings('near miss: "By the numbers"') == []
    for line in ("By the numbers", "By far the largest share", "By Ann Lee", "By AP"):
        assert not unread_byline(line), line
    assert not unread_byline("By clicking Accept you agree to the use of cookies on this site.")
    assert not unread_byline("By Staff Reports -")  # the desk's credit: nothing to read


def test_the_shapes_behind_it() -> None:
    assert byline_shaped("By @harbourwatch") and not byline_shaped("By the way")
    assert not person("Marta Olsen and") and not person("By the Editorial Board")
    assert person("Von Miller")  # a name may open with "Von"
    found = signed("By 9NEWS Staff")
    assert found is not None and found.outlet == "9NEWS"
