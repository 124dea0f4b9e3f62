"""A file's bytes read as a picture: its format and size, or no picture the site publishes.

One decoder for the whole pipeline: the site reads a story's picture with it before
publishing it (`site/sources`), and ingest reads a saved page's photo with it before naming
it in a new story (`ingest/photos`), so that a photo ingest copied never stops a build. The
picture is decoded, not only its header read (a JPEG at an eighth of its size), so a file cut
short is found; one with more pixels than digest decodes safely (a decompression bomb, or a
picture to resize first) is no picture either, and says its size.

digest bounds pixels itself, by format, from the header, before anything is decoded
(`too_many_pixels`): Pillow's own bound (89 million pixels, any format) refused a camera's
102-megapixel JPEG, which digest decodes at an eighth of its size (a 64th of its pixels).
"""

from __future__ import annotations

import io
from dataclasses import dataclass
from typing import Any

# The format the site publishes each format Pillow reads in (a GIF's first frame as a PNG).
OUTPUT_FORMATS = {"JPEG": "JPEG", "MPO": "JPEG", "PNG": "PNG", "WEBP": "WEBP", "GIF": "PNG"}
# EXIF orientations that turn the picture a quarter turn: its width and height swap.
_QUARTER_TURNS = (5, 6, 7, 8)
_ORIENTATION = 0x0112
# Pixels a picture may have: a JPEG is decoded at a fraction of its size (`draft`), so a
# 200-megapixel phone photo costs a few million; other formats are decoded whole (~4 bytes a
# pixel), so they keep Pillow's bound (~360 MB decoded).
MAX_JPEG_PIXELS = 300_000_000
MAX_PIXELS = 89_478_485
_DRAFTED = ("JPEG", "MPO")


def too_many_pixels(kind: str, width: int, height: int) -> bool:
    """Tell whether a picture of format *kind* has more pixels than digest decodes."""
    return width * height > (MAX_JPEG_PIXELS if kind in _DRAFTED else MAX_PIXELS)


def pillow() -> Any:
    """Return Pillow's Image module, its own pixel bound off: `too_many_pixels` is digest's."""
    from PIL import Image  # (Pillow only when a picture is read)

    Image.MAX_IMAGE_PIXELS = None
    return Image


@dataclass(frozen=True, slots=True)
class Decoded:
    """A picture's format as Pillow names it, and its size as shown (EXIF orientation applied)."""

    format: str
    width: int
    height: int


def decoded(data: bytes) -> Decoded | None:
    """Return what the picture in *data* is; None for no picture or a damaged one, and no
    format ("") but its size for one with too many pixels."""
    image = pillow()
    from PIL import UnidentifiedImageError

    try:
        with image.open(io.BytesIO(data)) as picture:  # reads the header
            width, height = picture.size
            kind = picture.format or ""
            if too_many_pixels(kind, width, height):
                return Decoded("", width, height)  # never decoded
            orientation = picture.getexif().get(_ORIENTATION)
            # Decoded too (a JPEG at an eighth of its size): a file cut short or damaged
            # after its header is named here, with its story's line, not while resizing.
            picture.draft("RGB", (1, 1))
            picture.load()
    except (UnidentifiedImageError, OSError, ValueError, SyntaxError):
        return None
    if orientation in _QUARTER_TURNS:
        width, height = height, width
    return Decoded(kind, width, height)


def publishable(data: bytes) -> bool:
    """Tell whether *data* is a whole picture the site can publish."""
    found = decoded(data)
    return found is not None and found.format in OUTPUT_FORMATS


def too_large(width: int, height: int) -> str:
    """Say how many pixels a picture has, past what digest decodes."""
    return (
        f"{width} x {height} pixels ({width * height / 1e6:,.0f} million), more than a picture"
        f" may have (a JPEG {MAX_JPEG_PIXELS // 1_000_000} million, another format"
        f" {MAX_PIXELS // 1_000_000} million)"
    )
