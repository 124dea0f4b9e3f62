"""Not UTF-8: why a file the editor wrote cannot be read as text, in words they can act on.

Windows Notepad's "Unicode" is UTF-16 (its bytes start with a byte-order mark, FF FE or FE FF):
Python's codec error ("can't decode byte 0xff in position 0") says nothing of that. Dumps in
UTF-16 are read (`ingest/dumps`); settings, stories and templates must be UTF-8.
"""

from __future__ import annotations

import codecs


def not_utf8(data: bytes, error: UnicodeDecodeError) -> tuple[str, int]:
    """Return what is wrong with *data*, which *error* says is not UTF-8, and the line of its
    first byte that is not (1 for a file saved as UTF-16)."""
    if data.startswith((codecs.BOM_UTF16_LE, codecs.BOM_UTF16_BE)):
        return "saved as UTF-16 (Notepad's 'Unicode'): save it as UTF-8", 1
    start = max(0, min(error.start, len(data) - 1))
    byte = data[start : start + 1]
    line = data.count(b"\n", 0, start) + 1
    return f"not UTF-8 text (byte 0x{byte.hex()}): save it as UTF-8", line
