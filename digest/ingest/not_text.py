"""Why a file of content/raw/ is not a text dump: binary, damaged, or text in another encoding.

`dumps.decode_dump` reads UTF-8 (with or without a BOM), UTF-16 and Windows-1252 (cp1252),
line by line when a dump mixes them. Anything else would become a garbled story, published as
news: a picture or a document named .txt, a text file with NUL bytes (damaged by a crash), or
text saved in an encoding of another script (Cyrillic, Greek, Japanese, Chinese, Korean),
which cp1252 turns into "Ñîîáùåíèå" without a single undecodable byte. This module says which,
in words the editor can act on; the dump is then skipped and the report says why.
"""

from __future__ import annotations

# Leading bytes of the binary files an editor is likely to drop in content/raw/ by mistake.
_SIGNATURES = (
    (b"\x89PNG", "a PNG image"),
    (b"\xff\xd8\xff", "a JPEG image"),
    (b"GIF8", "a GIF image"),
    (b"RIFF", "a RIFF file (WebP image, WAV sound or AVI video)"),
    (b"%PDF", "a PDF document"),
    (b"PK\x03\x04", "a ZIP archive (or a Word, Excel or OpenDocument file)"),
    (b"\xd0\xcf\x11\xe0", "an old Office document (.doc, .xls)"),
    (b"\x1f\x8b", "a gzip archive"),
    (b"{\\rtf", "an RTF document"),
    (b"SQLite format 3", "an SQLite database"),
    (b"\x7fELF", "a program"),
)
# cp1252 text of a Latin-script language has a few non-ASCII letters among its letters (at most
# about 17 % in Czech or Hungarian read as cp1252); another script read as cp1252 has mostly
# non-ASCII ones (over 50 % in Russian, Greek, Japanese, Chinese and Korean text).
_OTHER_SCRIPT_SHARE = 0.35
_OTHER_SCRIPT_LEAST = 20  # non-ASCII bytes: fewer say nothing either way


# Formats among them whose files may hold no NUL byte (every other one has NULs in its first
# bytes, which `nul_reason` judges): their first bytes alone say a file is not a dump. A dump
# may start with "RIFF" or "GIF8" in capitals, never with a PDF's or an RTF file's.
_NUL_FREE = (b"%PDF", b"{\\rtf")


def signed_binary(data: bytes) -> bool:
    """Return whether *data* starts as a PDF or RTF document, which may hold no NUL byte."""
    return data.startswith(_NUL_FREE)


def binary_kind(data: bytes) -> str:
    """Say what the binary *data* is, for a warning ("binary file (a PNG image), not ...")."""
    for signature, kind in _SIGNATURES:
        if data.startswith(signature):
            return f"binary file ({kind}), not a text dump"
    return "binary file, not a text dump"


def utf16_without_bom(data: bytes) -> str | None:
    """Return *data* decoded when it is UTF-16 text saved without its byte-order mark."""
    sample = data[:4096]
    if len(sample) < 4:
        return None
    even, odd = sample[0::2], sample[1::2]
    # ASCII-range text in UTF-16: one byte of each pair is NUL, the other almost never.
    for zeros, others, codec in ((odd, even, "utf-16-le"), (even, odd, "utf-16-be")):
        if zeros.count(0) >= 0.3 * len(zeros) and others.count(0) <= 0.02 * len(others):
            try:
                text = data[: len(data) - len(data) % 2].decode(codec)
            except UnicodeDecodeError:
                return None
            if not any(ord(char) < 32 and char not in "\t\n\r\f" for char in text):
                return text
    return None


def nul_reason(data: bytes) -> str:
    """Say why *data*, which holds a NUL byte, is not read: damaged text, or binary."""
    first = data.index(b"\x00")
    line = data.count(b"\n", 0, first) + 1
    rest = data.replace(b"\x00", b"")
    try:
        text = rest.decode("utf-8")
    except UnicodeDecodeError:
        return binary_kind(data)
    if data[:8].startswith(tuple(signature for signature, _ in _SIGNATURES)):
        return binary_kind(data)
    if any(ord(char) < 32 and char not in "\t\n\r\f" for char in text[:8192]):
        return binary_kind(data)
    return (
        f"line {line} holds NUL bytes, which text never has (a damaged file?);"
        " save it again as UTF-8 text"
    )


def other_script(raw_lines: list[tuple[int, bytes]]) -> int | None:
    """Return the first of the non-UTF-8 *raw_lines* (number, bytes) when, read as cp1252,
    they would be another script's text garbled; None when they read as cp1252 text."""
    high = letters = 0
    for _, raw in raw_lines:
        count = sum(byte >= 0x80 for byte in raw)
        high += count
        letters += count + sum(65 <= byte <= 90 or 97 <= byte <= 122 for byte in raw)
    if high < _OTHER_SCRIPT_LEAST or high <= _OTHER_SCRIPT_SHARE * letters:
        return None
    return raw_lines[0][0]


def encoding_guess(data: bytes) -> str:
    """Return the likely encoding of *data* in words ("probably cp1251"), or ""."""
    from charset_normalizer import from_bytes

    # A sample cut at a line's end: a whole file can be too mixed for a verdict.
    best = from_bytes(data[:16384].rsplit(b"\n", 1)[0]).best()
    return f"probably {best.encoding}" if best is not None else ""
