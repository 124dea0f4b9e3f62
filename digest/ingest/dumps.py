"""Read stage: content/raw/ files -> decoded dumps (UTF-8, BOM, UTF-16, cp1252; CRLF, CR, and
Unicode's line and paragraph separators).

Bytes that are not text in one of these (`not_text`: a binary file, NUL bytes, another
script's encoding) skip the dump with a warning that says which, never a garbled story. A few
stray control characters in a text dump (Word's vertical tab, a terminal's escape) are not a
sign of a binary file: they are removed, and the warning names their lines.
"""

from __future__ import annotations

import codecs
from collections.abc import Collection, Iterator
from dataclasses import dataclass, replace
from pathlib import Path

from digest import xml_chars
from digest.ingest import not_text
from digest.models import Dump
from digest.paths import RAW_DIR
from digest.tree import files as walk_files

# Control bytes are a sign of a binary file only as a sizeable share of its start, as `file`
# and git judge (random bytes are a tenth control bytes; a PNG, a JPEG or a ZIP file is a
# NUL byte within its first bytes anyway): one stray byte in a pasted text is not.
_SAMPLE = 8192
_BINARY_SHARE = 0.05
_LINE_SEPARATOR = "\u2028".encode()
_PARAGRAPH_SEPARATOR = "\u2029".encode()


@dataclass(frozen=True, slots=True)
class DumpRead:
    """A dump file's text, or the warning saying why it was passed over (or what was odd)."""

    path: Path
    dump: Dump | None
    warning: str | None = None


def dump_paths(raw_dir: Path) -> list[Path]:
    """Return every dump under *raw_dir* in a stable order, skipping hidden files."""
    # Links out of the folder, loops and special files are left out too (see `tree.walk`).
    return [path for _, path in walk_files(raw_dir)]


def decode(data: bytes) -> tuple[str, str] | None:
    """Return (text, encoding) of dump bytes, or None when they are not text."""
    decoded = decode_dump(data)
    return None if decoded is None else (decoded.text, decoded.encoding)


@dataclass(frozen=True, slots=True)
class Decoded:
    """A dump's text; *legacy_lines* are lines of a UTF-8 dump that were read as cp1252."""

    text: str
    encoding: str
    legacy_lines: tuple[int, ...] = ()
    replaced_lines: tuple[int, ...] = ()
    control_lines: tuple[int, ...] = ()  # lines whose control characters were removed
    controls: int = 0  # how many
    c1_lines: tuple[int, ...] = ()  # lines whose DEL and C1 controls were read as cp1252
    c1: int = 0  # how many


def decode_dump(data: bytes) -> Decoded | None:
    """Decode dump bytes (BOM, UTF-16, UTF-8, cp1252, or a mix line by line); None if not text."""
    decoded = examine(data)
    return decoded if isinstance(decoded, Decoded) else None


def examine(data: bytes) -> Decoded | str:
    """Decode dump bytes, or return why they are not a text dump (in words, for a warning)."""
    decoded = _decode(data)
    if isinstance(decoded, str):
        return decoded
    if decoded.encoding == "utf-16" or xml_chars.may_hold_c1(data):
        # cp1252 punctuation garbled on its way (U+0092 for a quote): read as it was meant
        numbers, count = xml_chars.c1_lines(decoded.text)
        if count:
            text = xml_chars.mend(decoded.text)
            decoded = replace(decoded, text=text, c1_lines=numbers, c1=count)
    if decoded.encoding != "utf-16" and not xml_chars.may_hold(data, decoded.text):
        return decoded  # no control character (every dump but a few: its bytes say so at once)
    numbers, count = xml_chars.lines(decoded.text)
    if not count:
        return decoded
    # A vertical tab or form feed becomes a space: the lines stay those the report names.
    return replace(
        decoded, text=xml_chars.strip(decoded.text), control_lines=numbers, controls=count
    )


def _decode(data: bytes) -> Decoded | str:
    if data.startswith(codecs.BOM_UTF16_LE) or data.startswith(codecs.BOM_UTF16_BE):
        try:
            return Decoded(_newlines(data.decode("utf-16")), "utf-16")
        except UnicodeDecodeError:
            return "marked as UTF-16 text, but its bytes are not UTF-16: not a text dump"
    bom = data.startswith(codecs.BOM_UTF8)
    body = data[len(codecs.BOM_UTF8) :] if bom else data
    # A NUL byte anywhere, a binary format's first bytes, or control bytes as a good share of
    # the start mean a binary file (or UTF-16 text saved without its mark, which Windows
    # editors may write).
    if b"\x00" in body:
        utf16 = None if bom else not_text.utf16_without_bom(body)
        return Decoded(_newlines(utf16), "utf-16") if utf16 else not_text.nul_reason(body)
    sample = body[:_SAMPLE]
    controls = len(sample) - len(sample.translate(None, xml_chars.CONTROL_BYTES))
    if controls > _BINARY_SHARE * len(sample) or not_text.signed_binary(body):
        return not_text.binary_kind(body)
    try:
        return Decoded(_newlines(body.decode("utf-8")), "utf-8-sig" if bom else "utf-8")
    except UnicodeDecodeError:
        pass
    return _decode_by_line(body, bom)


def _newlines(text: str) -> str:
    return _separators(text.replace("\r\n", "\n").replace("\r", "\n"))


def _separators(text: str) -> str:
    """Return *text* with Unicode's LINE SEPARATOR read as a line break and its PARAGRAPH
    SEPARATOR as a blank line: some editors and apps copy text with them for every line
    end, and `str.splitlines` reads them so (left, the whole dump would be one line)."""
    if text.isascii():  # (a flag of the string: most dumps are told without a scan)
        return text
    return text.replace("\u2028", "\n").replace("\u2029", "\n\n")


def _decode_by_line(body: bytes, bom: bool) -> Decoded | str:
    """Decode each line on its own: dumps pasted together mix UTF-8 and cp1252 lines."""
    lines: list[str] = []
    utf8 = False
    legacy: list[tuple[int, bytes]] = []
    replaced: list[int] = []
    normalized = body.replace(b"\r\n", b"\n").replace(b"\r", b"\n")
    # (split at the separators' UTF-8 bytes: a cp1252 line beside them is a line of its own)
    normalized = normalized.replace(_LINE_SEPARATOR, b"\n").replace(_PARAGRAPH_SEPARATOR, b"\n\n")
    for number, raw in enumerate(normalized.split(b"\n"), start=1):
        try:
            line = raw.decode("utf-8")
            utf8 = utf8 or not raw.isascii()
        except UnicodeDecodeError:
            legacy.append((number, raw))
            try:
                line = raw.decode("cp1252")
            except UnicodeDecodeError:
                # Five bytes mean nothing in cp1252; they become U+FFFD, and the user is told.
                line = raw.decode("cp1252", errors="replace")
                replaced.append(number)
        lines.append(line)
    garbled = not_text.other_script(legacy)
    if garbled is not None:
        guess = not_text.encoding_guess(body)
        return (
            f"not UTF-8 or Windows-1252 text but another encoding{f', {guess}' if guess else ''}:"
            f" line {garbled} would read as {lines[garbled - 1].strip()[:30]!r};"
            " save it as UTF-8 to have it read"
        )
    text = "\n".join(lines)
    numbers = tuple(number for number, _ in legacy)
    if utf8 or bom:
        return Decoded(text, "utf-8+cp1252", numbers, tuple(replaced))
    return Decoded(text, "cp1252", (), tuple(replaced))


def _lines(numbers: tuple[int, ...], singular: str, plural: str) -> str:
    """Return "line 3 is" or "lines 3, 7 (and 2 more) are" for a warning."""
    if len(numbers) == 1:
        return f"line {numbers[0]} {singular}"
    shown = ", ".join(str(number) for number in numbers[:10])
    more = f" (and {len(numbers) - 10} more)" if len(numbers) > 10 else ""
    return f"lines {shown}{more} {plural}"


def read_dump(path: Path, raw_dir: Path) -> DumpRead:
    """Read one dump; an empty, binary or unreadable file gives a warning instead."""
    name = path.relative_to(raw_dir).as_posix()
    try:
        data = path.read_bytes()
    except OSError as error:
        return DumpRead(path, None, f"{name}: cannot be read ({error.strerror}); skipped")
    return dump_from_bytes(path, raw_dir, data)


def dump_from_bytes(path: Path, raw_dir: Path, data: bytes) -> DumpRead:
    """Decode the bytes read from the dump at *path* (the build cache keys them by hash)."""
    name = path.relative_to(raw_dir).as_posix()
    if not data.strip():
        return DumpRead(path, None, f"{name}: empty dump; skipped")
    decoded = examine(data)
    if isinstance(decoded, str):
        return DumpRead(path, None, f"{name}: {decoded}; skipped")
    if not decoded.text.strip():
        return DumpRead(path, None, f"{name}: empty dump; skipped")
    notes = []
    if decoded.legacy_lines:
        lines = _lines(decoded.legacy_lines, "is", "are")
        notes.append(f"{name}: {lines} not UTF-8 like the rest of the dump; read as cp1252")
    if decoded.replaced_lines:
        lines = _lines(decoded.replaced_lines, "has", "have")
        notes.append(f"{name}: {lines} bytes that are neither UTF-8 nor cp1252; shown as \ufffd")
    if decoded.controls:
        lines = _lines(decoded.control_lines, "has", "have")
        what = "control character" if decoded.controls == 1 else "control characters"
        notes.append(
            f"{name}: {lines} {decoded.controls} {what} no page or feed can hold; removed"
            " (a vertical tab or form feed is read as a space)"
        )
    if decoded.c1:
        lines = _lines(decoded.c1_lines, "has", "have")
        what = "DEL or C1 control character" if decoded.c1 == 1 else "DEL and C1 control characters"
        notes.append(
            f"{name}: {lines} {decoded.c1} {what} (U+007F-U+009F), Windows-1252 punctuation"
            " garbled on its way; read as the cp1252 characters (U+0092 as \u2019, U+0096 as"
            " \u2013), DEL dropped"
        )
    dump = Dump(name, decoded.text, decoded.encoding)
    return DumpRead(path, dump, "; ".join(notes) or None)


def read_dumps(raw_dir: Path) -> Iterator[DumpRead]:
    """Read every dump under *raw_dir*."""
    for path in dump_paths(raw_dir):
        yield read_dump(path, raw_dir)


def named_dump(warning: str, dumps: Collection[str]) -> str:
    """Return *warning* naming the dump it opens with ("junk.txt: binary file", "a.txt:4:
    ...", "a.txt (story 2) ...": ingest's stages name a dump by its name in content/raw/) as
    every other message names a file: relative to the project, "content/raw/junk.txt: ..."."""
    for end in (warning.find(":"), warning.find(" (")):
        if end > 0 and warning[:end] in dumps:
            return f"{RAW_DIR.as_posix()}/{warning}"
    return warning
