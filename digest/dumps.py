"""Read stage: content/raw/ files -> decoded dumps (UTF-8, BOM, UTF-16, cp1252; CRLF)."""

from __future__ import annotations

import codecs
from collections.abc import Iterator
from dataclasses import dataclass
from pathlib import Path

from digest.models import Dump

# Bytes that never appear in text: a file with them is binary, whatever its name.
_BINARY_CONTROL = set(range(0, 9)) | {11, 14, 15, 16, 17, 18, 19, 20, 21, 22, 23, 24, 25, 26, 27}


@dataclass(frozen=True, slots=True)
class DumpRead:
    """A dump file's text, or the warning saying why it was passed over."""

    path: Path
    dump: Dump | None
    warning: str | None = None


def dump_paths(raw_dir: Path) -> list[Path]:
    """Return every dump under *raw_dir* in a stable order, skipping hidden files."""
    if not raw_dir.is_dir():
        return []
    return sorted(
        path
        for path in raw_dir.rglob("*")
        if path.is_file()
        and not any(part.startswith(".") for part in path.relative_to(raw_dir).parts)
    )


def decode(data: bytes) -> tuple[str, str] | None:
    """Return (text, encoding) of dump bytes, or None when they are not text."""
    if data.startswith(codecs.BOM_UTF8):
        candidates = ["utf-8-sig"]
    elif data.startswith((codecs.BOM_UTF16_LE, codecs.BOM_UTF16_BE)):
        candidates = ["utf-16"]
    else:
        if _BINARY_CONTROL.intersection(data[:8192]):
            return None
        candidates = ["utf-8", "cp1252"]
    for encoding in candidates:
        try:
            text = data.decode(encoding)
        except UnicodeDecodeError:
            continue
        return text.replace("\r\n", "\n").replace("\r", "\n"), encoding
    return None


def read_dump(path: Path, raw_dir: Path) -> DumpRead:
    """Read one dump; an empty, binary or unreadable file gives a warning instead."""
    name = path.relative_to(raw_dir).as_posix()
    try:
        data = path.read_bytes()
    except OSError as error:
        return DumpRead(path, None, f"{name}: cannot be read ({error.strerror}); skipped")
    if not data.strip():
        return DumpRead(path, None, f"{name}: empty dump; skipped")
    decoded = decode(data)
    if decoded is None:
        return DumpRead(path, None, f"{name}: binary file, not a text dump; skipped")
    text, encoding = decoded
    if not text.strip():
        return DumpRead(path, None, f"{name}: empty dump; skipped")
    return DumpRead(path, Dump(name, text, encoding))


def read_dumps(raw_dir: Path) -> Iterator[DumpRead]:
    """Read every dump under *raw_dir*."""
    for path in dump_paths(raw_dir):
        yield read_dump(path, raw_dir)
