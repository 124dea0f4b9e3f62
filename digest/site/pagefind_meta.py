"""Pagefind's meta file read: the fragments, index chunks and filters an index names.

Each language of a Pagefind index has a meta file (`pagefind.<hash>.pf_meta`, named in
`pagefind-entry.json`): gzip of "pagefind_dcd" and a CBOR array, as Pagefind 1.x writes it:
its version, then [fragment hash, word count] for each page in page order, then [first
word, last word, hash] for each index chunk, then [filter, hash] for each filter, its sorts
and its meta fields. `pagefind_kept` reads it to tell which of the last index's files a new
run still names. A file of any other shape is no meta file: None, never an exception.
"""

from __future__ import annotations

import zlib
from dataclasses import dataclass

MAGIC = b"pagefind_dcd"  # what every compressed file of a Pagefind index starts with
MAX_META_BYTES = 50_000_000  # decompressed: 100 000 stories' meta is ~2 MB
_GZIP = 31  # zlib's window bits for a gzip stream
_DEPTH = 8  # the meta nests 3 deep; a deeper item is no meta file's
_ARRAY, _TEXT = 4, 3  # CBOR's major types of an array and a text
PARTS = ("fragment", "index", "filter")  # the folders of an index's files a meta file names


@dataclass(frozen=True, slots=True)
class Meta:
    """What a meta file names: the hashes of its pages' fragments (page order), its index
    chunks and its filters."""

    pages: tuple[str, ...]
    chunks: tuple[str, ...]
    filters: tuple[str, ...]

    def files(self) -> set[str]:
        """Return the index's files these name, as paths in Pagefind's output folder."""
        return {
            *(f"fragment/{name}.pf_fragment" for name in self.pages),
            *(f"index/{name}.pf_index" for name in self.chunks),
            *(f"filter/{name}.pf_filter" for name in self.filters),
        }


def read_meta(data: bytes) -> Meta | None:
    """Return what the meta file of bytes *data* names; None when it is no meta file."""
    stream = zlib.decompressobj(wbits=_GZIP)
    try:
        raw = stream.decompress(data, MAX_META_BYTES + 1)
    except zlib.error:
        return None
    if not stream.eof or stream.unused_data or not raw.startswith(MAGIC):
        return None  # cut short, larger than MAX_META_BYTES, or followed by more
    try:
        found, end = _item(raw, len(MAGIC), 0)
        if end != len(raw) or not isinstance(found, list) or len(found) < 4:
            return None
        pages = tuple(_field(page, 0) for page in _list(found[1]))
        chunks = tuple(_field(chunk, 2) for chunk in _list(found[2]))
        filters = tuple(_field(item, 1) for item in _list(found[3]))
    except (ValueError, IndexError, UnicodeDecodeError):
        return None
    return Meta(pages, chunks, filters)


def _list(value: object) -> list[object]:
    if not isinstance(value, list):
        raise ValueError("not an array")
    return value


def _field(value: object, place: int) -> str:
    """Return the text at *place* of the array *value*: a hash, a plain file name's part."""
    text = _list(value)[place]
    if not isinstance(text, str) or not text or not text.replace("_", "").isalnum():
        raise ValueError("not a hash")
    return text


Item = int | str | bytes | list[object] | None


def _item(data: bytes, at: int, depth: int) -> tuple[Item, int]:
    """Return the CBOR item at *at* of *data* and where the next one starts: integers, texts,
    bytes and arrays as values, maps, tags and simple values read past (None)."""
    if depth > _DEPTH:
        raise ValueError("nested too deep")
    head = data[at]
    major, size, at = head >> 5, head & 31, at + 1
    if size >= 24:
        if size > 27:
            raise ValueError("an indefinite length")
        width = 1 << (size - 24)
        if at + width > len(data):
            raise ValueError("cut short")
        size, at = int.from_bytes(data[at : at + width], "big"), at + width
    if major in (0, 1):
        return (size if major == 0 else -1 - size), at
    if major in (2, _TEXT):
        if at + size > len(data):
            raise ValueError("cut short")
        piece = data[at : at + size]
        return (piece.decode("utf-8") if major == _TEXT else piece), at + size
    if major == _ARRAY or major == 5:
        if size > len(data) - at:  # each item takes a byte at least
            raise ValueError("cut short")
        items: list[object] = []
        for _ in range(size if major == _ARRAY else 2 * size):
            value, at = _item(data, at, depth + 1)
            items.append(value)
        return (items if major == _ARRAY else None), at
    if major == 6:  # a tag: the item it tags read past
        return None, _item(data, at, depth + 1)[1]
    return None, at  # a simple value or a float: its bytes were its size's
