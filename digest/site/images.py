"""Images: a story's `image:` front matter -> its picture as the theme shows it (sizes, files).

`image:` names the picture ({file, alt, caption, credit}, only *file* required; a bare path
is taken as the file). `Picture` is that picture resolved: the files it is published as,
one per width the theme uses (never wider than the original), which a page offers as
`srcset` with the width and height that keep the layout from shifting as it loads.
"""

from __future__ import annotations

from collections.abc import Callable
from dataclasses import dataclass
from pathlib import PurePosixPath
from typing import Any

from digest.models import Image
from digest.paths import PICTURES_DIR
from digest.site.feeds import FeedImage
from digest.site.picture_cache import MEDIA_TYPES, SUFFIXES, FileJob, encoder
from digest.store.cache import key_of
from digest.urls import UrlScheme, slug

IMAGE_KEYS = ("file", "alt", "caption", "credit")
# The widths, in CSS pixels x device pixels, at which the default theme shows pictures: a
# card's (about 400 px), the story column's (about 800 px) and a wide screen or Open Graph
# card's (1200 px). A picture narrower than one of them is never enlarged.
WIDTHS = (400, 800, 1200)
FEED_WIDTH = 800  # the picture feed readers are given


class ImageInvalid(ValueError):
    """The `image:` front matter is not a picture's description."""

    def __init__(self, message: str) -> None:
        super().__init__(message)
        self.message = message


def image_front_matter(value: object, key: str) -> Image:
    """Return the picture that `image:` (*value*) names; raise ImageInvalid saying why not."""
    if isinstance(value, str):
        value = {"file": value}
    if not isinstance(value, dict):
        expected = "{file: photo.jpg, alt: ..., caption: ..., credit: ...}"
        raise ImageInvalid(f"{key}: expected a mapping such as {expected}, got {value!r:.80}")
    unknown = [str(name) for name in value if name not in IMAGE_KEYS]
    if unknown:
        raise ImageInvalid(f"{key}: unknown key {unknown[0]!r} (allowed: {', '.join(IMAGE_KEYS)})")
    texts = {name: _text(value.get(name), f"{key}.{name}") for name in IMAGE_KEYS}
    file = texts["file"]
    if file is None:
        raise ImageInvalid(f"{key}.file: missing; the picture's path, such as photo.jpg")
    if "\\" in file or "\0" in file or "://" in file:
        raise ImageInvalid(f"{key}.file: expected a path such as photo.jpg, got {file!r}")
    return Image(file, texts["alt"], texts["caption"], texts["credit"])


def _text(value: object, key: str) -> str | None:
    if value is None:
        return None
    if isinstance(value, int | float) and not isinstance(value, bool):
        value = str(value)
    if not isinstance(value, str) or not value.strip():
        raise ImageInvalid(f"{key}: expected text, got {value!r:.80}")
    return " ".join(value.split())


def image_json(image: Image | None) -> list[str | None] | None:
    """Return *image* as JSON values (the build cache keeps cards as JSON)."""
    return None if image is None else [image.file, image.alt, image.caption, image.credit]


def image_from_json(data: Any) -> Image | None:
    """Return the image that `image_json` described."""
    return None if data is None else Image(*data)


@dataclass(frozen=True, slots=True)
class Variant:
    """One file a picture is published as: its path in the site and its size."""

    path: str
    width: int
    height: int


@dataclass(frozen=True, slots=True)
class Picture:
    """A story's picture, resolved: what it shows, and its files narrowest first."""

    source: str  # the original, relative to the project
    sha: str  # hash of the original's bytes
    format: str  # what its files are: JPEG, PNG or WEBP
    alt: str  # "" when the front matter gives none
    caption: str | None
    credit: str | None
    variants: tuple[Variant, ...]

    @property
    def media_type(self) -> str:
        return MEDIA_TYPES[self.format]

    @property
    def largest(self) -> Variant:
        """Return the widest file (Open Graph cards ask for 1200 px)."""
        return self.variants[-1]

    @property
    def width(self) -> int:
        """Return the width the img element states (its aspect ratio is what matters)."""
        return self.largest.width

    @property
    def height(self) -> int:
        return self.largest.height

    def fitting(self, width: int) -> Variant:
        """Return the narrowest file at least *width* wide (else the widest)."""
        return next((v for v in self.variants if v.width >= width), self.largest)

    def srcset(self, href: Callable[[str], str]) -> str:
        """Return the srcset attribute's value, each file linked with *href*."""
        return ", ".join(f"{href(variant.path)} {variant.width}w" for variant in self.variants)


def variant_sizes(width: int, height: int) -> list[tuple[int, int]]:
    """Return the sizes a *width* x *height* picture is published at, narrowest first."""
    widths = sorted({min(width, wanted) for wanted in WIDTHS})
    return [(wide, max(1, round(height * wide / width))) for wide in widths]


def picture_files(
    image: Image, source: str, job: FileJob, output_format: str
) -> tuple[Picture, dict[str, FileJob]]:
    """Return the picture of *image* (the file *source*, read as *job*) and the files made.

    The files are named by the original's name and a hash of its bytes and the encoder's
    settings, so a changed picture gets new URLs and every file can be cached for ever.
    """
    stem = slug(PurePosixPath(source).stem)[:60]
    tag = key_of(job.sha, encoder())[:10]
    suffix = SUFFIXES[output_format]
    variants = []
    files: dict[str, FileJob] = {}
    for width, height in variant_sizes(job.width, job.height):
        path = f"{PICTURES_DIR}/{stem}-{width}.{tag}.{suffix}"
        variants.append(Variant(path, width, height))
        files[path] = FileJob(job.source, job.root, job.sha, width, height, output_format)
    picture = Picture(
        source, job.sha, output_format, image.alt or "", image.caption, image.credit,
        tuple(variants),
    )  # fmt: skip
    return picture, files


def feed_image(picture: Picture | None, urls: UrlScheme) -> FeedImage | None:
    """Return *picture* as feeds give it (the file about FEED_WIDTH wide), or None."""
    if picture is None:
        return None
    variant = picture.fitting(FEED_WIDTH)
    url = urls.absolute(variant.path)
    return FeedImage(url, picture.media_type, variant.width, variant.height, picture.alt)
