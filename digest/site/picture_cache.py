"""Picture cache: a project file -> the bytes of a site file made from it (copied or resized).

Resizing a picture costs a tenth of a second; a site of thousands of stories with pictures
must not pay that on every build. Each resized picture is kept in .digest-cache/pictures/
under a key made of the hash of its source's bytes, its size and the encoder settings, so
that a rebuild re-encodes only a picture whose bytes (or the settings) changed, whatever
else did. Encoding strips every piece of metadata but the colour profile (camera, place and
time of a photo are not the reader's business; the profile keeps its colours right).
"""

from __future__ import annotations

import contextlib
import functools
import io
import os
from collections.abc import Iterable, Sequence
from dataclasses import dataclass
from pathlib import Path

from digest.parallel import chunks, run_parallel, worker_count
from digest.pictures import OUTPUT_FORMATS as OUTPUT_FORMATS
from digest.pictures import pillow, too_many_pixels
from digest.store.cache import key_of
from digest.store.cache_folder import put_plain, read_plain
from digest.tree import plain_file, readable

# Settings of every resized picture; changing them (or Pillow) changes every key and name.
QUALITY = 80
ENCODING = f"q{QUALITY} progressive optimize lanczos icc-kept"
# Pillow's name of a picture's format -> what it is published as (GIF: its first frame).
SUFFIXES = {"JPEG": "jpg", "PNG": "png", "WEBP": "webp"}
MEDIA_TYPES = {"JPEG": "image/jpeg", "PNG": "image/png", "WEBP": "image/webp"}


@dataclass(frozen=True, slots=True)
class FileJob:
    """A file of the site made from a project file: copied as it is, or a picture resized.

    *width* is 0 for a copy; a resized picture is *width* x *height* in *format*.
    """

    source: str  # the project's file (absolute)
    root: str  # the folder it must lie in (content/articles/ or static/)
    sha: str  # hash of its bytes: what the key is made of
    width: int = 0
    height: int = 0
    format: str = ""

    @property
    def key(self) -> str:
        """Return the key of the made file: it changes whenever its bytes could."""
        if not self.width:
            return key_of("copy", self.sha)
        return key_of("picture", self.sha, self.width, self.height, self.format, encoder())


@functools.cache
def encoder() -> str:
    """Return what makes resized pictures: the settings and Pillow's version (imported late:
    a site without pictures never loads it)."""
    import PIL

    return f"{ENCODING} pillow {PIL.__version__}"


class PictureError(Exception):
    """A source file changed or went while the site was built from it."""


def encode(job: FileJob) -> bytes:
    """Return the picture of *job* resized to its size, metadata stripped."""
    from PIL import ImageOps

    image = pillow()
    data = _source_bytes(job)
    try:
        with image.open(io.BytesIO(data)) as opened:
            if too_many_pixels(opened.format or "", *opened.size):  # replaced since checked
                raise ValueError(f"{opened.size[0]} x {opened.size[1]} pixels, too many")
            if opened.format == "JPEG":
                # Decode at a fraction of the size (much faster); the side is the longer one,
                # as the picture may yet be turned by its EXIF orientation.
                side = max(job.width, job.height)
                opened.draft("RGB", (side, side))
            profile = opened.info.get("icc_profile")
            picture = ImageOps.exif_transpose(opened)
            keep_alpha = job.format != "JPEG" and picture.mode in ("RGBA", "LA", "PA", "P")
            picture = picture.convert("RGBA" if keep_alpha else "RGB")
            picture = picture.resize((job.width, job.height), image.Resampling.LANCZOS)
    except (OSError, ValueError, SyntaxError) as error:  # changed since it was checked
        raise PictureError(f"{job.source}: cannot be read as a picture: {error}") from error
    options: dict[str, object] = {"optimize": True}
    if profile:
        options["icc_profile"] = profile
    if job.format == "JPEG":
        options.update(quality=QUALITY, progressive=True)
    elif job.format == "WEBP":
        options.update(quality=QUALITY, method=4)
    out = io.BytesIO()
    picture.save(out, format=job.format, **options)
    return out.getvalue()


def _source_bytes(job: FileJob) -> bytes:
    path = Path(job.source)
    if not readable(path, Path(job.root)):
        raise PictureError(f"{path}: gone, or no longer a regular file inside {job.root}")
    return path.read_bytes()


def cached_path(folder: Path, job: FileJob) -> Path:
    """Return where the resized picture of *job* is kept in the cache *folder*."""
    return folder / f"{job.key}.{SUFFIXES[job.format]}"


def made_bytes(job: FileJob, folder: Path | None) -> bytes:
    """Return the bytes of the site file *job* makes: from the cache, or made (and cached)."""
    if not job.width:
        return _source_bytes(job)
    if folder is not None:
        # The cache comes with the project: an entry that is a link (to a file outside,
        # say) is never followed, and the picture is made again.
        cached = read_plain(cached_path(folder, job))
        if cached is not None:
            return cached[0]
    data = encode(job)
    if folder is not None:
        _keep(folder, job, data)
    return data


def _keep(folder: Path, job: FileJob, data: bytes) -> None:
    """Store *data* in the cache in one rename: a reader never finds half a picture."""
    with contextlib.suppress(OSError):  # a cache that cannot be written only costs time
        folder.mkdir(parents=True, exist_ok=True)
        put_plain(cached_path(folder, job), data)


def _encode_batch(folder: Path, jobs: Sequence[FileJob]) -> int:
    for job in jobs:
        _keep(folder, job, encode(job))
    return len(jobs)


def _setup(folder: Path) -> Path:
    return folder


def ensure_pictures(jobs: Iterable[FileJob], folder: Path, workers: int | None = 0) -> int:
    """Encode every resized picture of *jobs* that the cache *folder* lacks; return how many.

    Done before the pages are rendered, in worker processes when there are many, so that
    the render pass only reads them.
    """
    wanted = {job.key: job for job in jobs if job.width}
    missing = [job for job in wanted.values() if not plain_file(cached_path(folder, job))]
    count = worker_count(len(missing), requested=workers)
    batches = chunks(missing, count * 4) if count else [missing]
    return sum(run_parallel(_setup, _encode_batch, folder, batches, workers=count))


def prune_pictures(folder: Path, jobs: Iterable[FileJob]) -> None:
    """Forget the cached pictures that no file of the site is made from (bounded cache)."""
    keep = {cached_path(folder, job).name for job in jobs if job.width}
    with contextlib.suppress(OSError):
        for entry in os.scandir(folder):
            if entry.name not in keep:
                with contextlib.suppress(OSError):
                    os.unlink(entry.path)
