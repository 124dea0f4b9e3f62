"""Read stage: a dump's bytes -> its lines, whatever ends them."""

from __future__ import annotations

import pytest

from digest.config import IngestConfig
from digest.ingest.dumps import decode_dump
from digest.ingest.segment import segment_dump
from digest.models import Dump

TWO_STORIES = (
    "Port talks resume after strike\n\n"
    "Dock workers and port operators resumed talks on Monday after a two-week strike.\n\n"
    "The two sides agreed to meet again on Wednesday, a spokesman said.\n\n\n"
    "Museo abre nueva sala\n\n"
    "El museo de la ciudad abrió el martes una nueva sala dedicada a la cerámica local.\n\n"
    "La entrada será gratuita durante el primer mes, informó la dirección.\n"
)


@pytest.mark.parametrize(
    ("line_end", "paragraph_end"),
    [
        ("\u2028", "\u2028\u2028"),  # every line end a LINE SEPARATOR
        ("\u2028", "\u2029"),  # ... and a PARAGRAPH SEPARATOR between paragraphs
        ("\r\n", "\u2029"),
        ("\n", "\n\u2028"),
    ],
)
def test_unicode_line_and_paragraph_separators_end_lines(line_end: str, paragraph_end: str) -> None:
    text = TWO_STORIES.replace("\n\n", "\x00").replace("\n", line_end)
    data = text.replace("\x00", paragraph_end).encode("utf-8")
    decoded = decode_dump(data)
    assert decoded is not None
    assert "\u2028" not in decoded.text and "\u2029" not in decoded.text
    stories = segment_dump(Dump("d.txt", decoded.text, "utf-8"), IngestConfig()).stories
    assert [story.title for story in stories] == [
        "Port talks resume after strike",
        "Museo abre nueva sala",
    ]
    assert [len(story.body_lines) for story in stories] == [2, 2]


def test_separators_are_line_ends_in_a_dump_mixing_utf8_and_cp1252_lines() -> None:
    data = "Caf\u00e9 opens\u2028".encode() + b"A na\xefve line in cp1252." + "\u2029".encode()
    decoded = decode_dump(data)
    assert decoded is not None and decoded.encoding == "utf-8+cp1252"
    assert decoded.text == "Caf\u00e9 opens\nA na\u00efve line in cp1252.\n\n"
