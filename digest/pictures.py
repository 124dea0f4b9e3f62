"""A file's bytes read as a picture: its format and size, or no picture the site publishes.

One decoder for the whole pipeline: the site reads a story's picture with it before
publishing it (`site/sources`), and ingest reads a saved page's photo with it before naming
it in a new story (`ingest/photos`), so that a photo ingest copied never stops a build. The
picture is decoded, not only its header read (a JPEG at an eighth of its size), so a file cut
short is found; one with more pixels than Pillow decodes safely (a decompression bomb) is no
picture either.
"""

from __future__ import annotations

import io
import warnings
from dataclasses import dataclass

# The format the site publishes each format Pillow reads in (a GIF's first frame as a PNG).
OUTPUT_FORMATS = {"JPEG": "JPEG", "MPO": "JPEG", "PNG": "PNG", "WEBP": "WEBP", "GIF": "PNG"}
# EXIF orientations that turn the picture a quarter turn: its width and height swap.
_QUARTER_TURNS = (5, 6, 7, 8)
_ORIENTATION = 0x0112


@dataclass(frozen=True, slots=True)
class Decoded:
    """A picture's format as Pillow names it, and its size as shown (EXIF orientation applied)."""

    format: str
    width: int
    height: int


def decoded(data: bytes) -> Decoded | None:
    """Return what the picture in *data* is; None for no picture, a damaged one or a bomb."""
    from PIL import Image, UnidentifiedImageError  # (Pillow only when a picture is read)

    try:
        with warnings.catch_warnings():
            warnings.simplefilter("error", Image.DecompressionBombWarning)
            with Image.open(io.BytesIO(data)) as picture:  # reads the header
                width, height = picture.size
                orientation = picture.getexif().get(_ORIENTATION)
                kind = picture.format or ""
                # Decoded too (a JPEG at an eighth of its size): a file cut short or damaged
                # after its header is named here, with its story's line, not while resizing.
                picture.draft("RGB", (1, 1))
                picture.load()
    except (UnidentifiedImageError, OSError, ValueError, SyntaxError, Warning):
        return None
    except Image.DecompressionBombError:
        return None
    if orientation in _QUARTER_TURNS:
        width, height = height, width
    return Decoded(kind, width, height)


def publishable(data: bytes) -> bool:
    """Tell whether *data* is a whole picture the site can publish."""
    found = decoded(data)
    return found is not None and found.format in OUTPUT_FORMATS
