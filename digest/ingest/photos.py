"""A saved page's lead photo: found in its markup, copied beside the story when it is written.

The lead photo is the picture the page names for sharing (`og:image`), else the first
picture of a figure in the article. When the page holds it (in its `_files/` folder, or as a
part of its MHTML archive) it is copied beside the story's Markdown file and named in front
matter (`image:`); a picture the page only links to is recorded as `image_url` and never
fetched. Only raster pictures whose bytes say so are copied (an SVG can carry scripts), and only
whole ones the site can publish, read by its own decoder: else a warning, and no `image:`.
"""

from __future__ import annotations

import hashlib
import os
import re
import stat
from dataclasses import dataclass
from pathlib import Path, PurePosixPath
from typing import TYPE_CHECKING, Any
from urllib.parse import unquote, urlsplit

from digest.models import Photo, RawStory
from digest.paths import inside, temporary_beside
from digest.pictures import publishable
from digest.tree import readable
from digest.urls import web_address

if TYPE_CHECKING:  # saved_pages imports the email package: only a saved page needs it
    from digest.ingest.saved_pages import SavedPage

MAX_PHOTO_BYTES = 32 * 1024 * 1024
_MAGIC = (
    (b"\xff\xd8\xff", ".jpg"),
    (b"\x89PNG\r\n\x1a\n", ".png"),
    (b"GIF87a", ".gif"),
    (b"GIF89a", ".gif"),
)
_TYPES = {"image/jpeg": ".jpg", "image/png": ".png", "image/gif": ".gif", "image/webp": ".webp"}
# "Photo: Jane Doe/Reuters", "(Image credit: NASA)", "Foto: dpa", "REUTERS/Tom Little".
_CREDIT = re.compile(
    r"\s*[(\[]?\b(?:(?:photo|image|picture|foto|bild|credit)s?(?:\s+credit)?\s*(?::|by)\s*"
    r"|(?=[A-Z]{3,}/))(?P<credit>[^()\[\]]{2,120}?)[)\]]?\s*$",
    re.IGNORECASE,
)


def _space(text: str | None) -> str:
    return " ".join((text or "").split())


def _sharing_picture(tree: Any) -> str | None:
    for key in ("og:image", "og:image:url", "twitter:image", "twitter:image:src"):
        for meta in tree.xpath(f'//meta[@property="{key}" or @name="{key}"]'):
            content = _space(meta.get("content"))
            if content:
                return content
    return None


def _name(address: str) -> str:
    return PurePosixPath(unquote(urlsplit(address).path)).name.lower()


def _sources(img: Any) -> list[str]:
    found = [img.get(key) for key in ("src", "data-src", "data-lazy-src", "data-original")]
    for key in ("srcset", "data-srcset"):
        found.extend(item.split()[0] for item in (img.get(key) or "").split(",") if item.split())
    return [_space(address) for address in found if address and _space(address)]


def _picture_suffix(data: bytes) -> str | None:
    for magic, suffix in _MAGIC:
        if data.startswith(magic):
            return suffix
    if data[:4] == b"RIFF" and data[8:12] == b"WEBP":
        return ".webp"
    return None


def _held(address: str, page: SavedPage, raw_dir: Path) -> tuple[str, str | None, str] | None:
    """Return (file under content/raw/, part, suffix) of a picture the saved page holds."""
    if page.pictures:  # MHTML: the archive's parts are named by their addresses
        kind = page.pictures.get(address)
        suffix = _TYPES.get(kind or "")
        return None if suffix is None else (page.name, address, suffix)
    parts = urlsplit(address)
    if parts.scheme or parts.netloc or not parts.path:
        return None
    folder = (raw_dir / page.name).parent
    path = folder / unquote(parts.path)
    if not inside(raw_dir, path) or not readable(path, raw_dir):
        return None
    try:
        with path.open("rb") as file:
            suffix = _picture_suffix(file.read(16))
    except OSError:
        return None
    relative = Path(os.path.relpath(os.path.realpath(path), os.path.realpath(raw_dir)))
    return None if suffix is None else (relative.as_posix(), None, suffix)


def _caption(img: Any) -> tuple[str | None, str | None]:
    """Return the caption of the figure around *img*, and its credit, each when there is one."""
    figure = next(iter(img.xpath("ancestor::figure[1]")), None)
    if figure is None:
        return None, None
    credit = None
    for found in figure.xpath('.//*[contains(@class, "credit") or contains(@class, "byline")]'):
        credit = _space(found.text_content()) or credit
        found.drop_tree()
    caption = " ".join(_space(node.text_content()) for node in figure.xpath(".//figcaption"))
    match = _CREDIT.search(caption) if credit is None else None
    if match is not None:
        credit, caption = match["credit"].strip(), caption[: match.start()].strip()
    return caption or None, credit or None


def lead_photo(
    tree: Any, page: SavedPage, raw_dir: Path
) -> tuple[Photo | None, str | None, str | None]:
    """Return the page's lead photo when the page holds it whole, the address it was shared
    by, and a warning when the page's photo is damaged (then it is not copied).

    Read before extraction, which prunes the tree (figures, captions) in place.
    """
    shared = _sharing_picture(tree)
    images = tree.xpath("//img")
    wanted = _name(shared) if shared else None
    chosen = [img for img in images if wanted and any(_name(a) == wanted for a in _sources(img))]
    chosen += [img for img in images if img.xpath("ancestor::figure")]
    for img in chosen:
        for address in _sources(img):
            held = _held(address, page, raw_dir)
            if held is None:
                continue
            if not _whole(held, raw_dir):
                return None, web_address(shared), _damaged(page.name, address)
            caption, credit = _caption(img)
            alt = _space(img.get("alt")) or caption
            return Photo(held[0], held[1], held[2], alt, caption, credit), web_address(shared), None
    return None, web_address(shared), None


def _whole(held: tuple[str, str | None, str], raw_dir: Path) -> bool:
    """Tell whether a held picture is one the site will publish: whole, not too large.

    Decoded as the site decodes it (`digest.pictures`): a photo cut short by an interrupted
    "Save page as", or of more pixels than can be decoded safely, would stop every build.
    """
    raw, part, _ = held
    source = raw_dir / raw
    try:
        if source.stat().st_size > (MAX_PHOTO_BYTES * 4 if part else MAX_PHOTO_BYTES):
            return False
        data: bytes | None = source.read_bytes()
    except OSError:
        return False
    if part is not None and data is not None:
        from digest.ingest.saved_pages import mhtml_picture

        data = mhtml_picture(data, part)
    return data is not None and len(data) <= MAX_PHOTO_BYTES and publishable(data)


def _damaged(page: str, address: str) -> str:
    return (
        f"{page}: its photo {address}: not a picture, or a damaged one or too large (a whole "
        "JPEG, PNG, WebP or GIF file the site can publish); not copied, the story has no image"
    )


def photo_name(story: RawStory, markdown: Path, raw_dir: Path) -> str | None:
    """Return the name of the story's photo beside *markdown*, when the page still holds it."""
    suffix = photo_suffix(story, raw_dir)
    return None if suffix is None else markdown.stem + suffix


def photo_suffix(story: RawStory, raw_dir: Path) -> str | None:
    """Return the suffix of the story's photo (".jpg"), when the page still holds it."""
    photo = None if story.page is None else story.page.photo
    if photo is None or not readable(raw_dir / photo.raw, raw_dir):
        return None
    return photo.suffix


@dataclass(frozen=True, slots=True)
class Copied:
    """What copying a story's photo left: the ledger's record of it, and a picture kept."""

    # [file name, SHA-256] of the photo beside the story that digest wrote, as the ledger
    # keeps it; [] when digest wrote none.
    record: list[str]
    # A picture of the photo's name that digest did not write, or that was changed since
    # it wrote it: the editor's, left as it is.
    kept: Path | None = None


def copy_photo(story: RawStory, markdown: Path, raw_dir: Path, record: list[str]) -> Copied:
    """Copy the story's lead photo beside its Markdown file *markdown* (raw files only read).

    *record* is what the ledger says digest wrote there before. A picture of that name is
    replaced only when its bytes are still those digest wrote; any other is the editor's.
    """
    name = photo_name(story, markdown, raw_dir)
    photo = None if story.page is None else story.page.photo
    if name is None or photo is None:
        return Copied(record)
    source = raw_dir / photo.raw
    try:  # the page may have changed since it was read: then its photo waits for the next read
        if source.stat().st_size > (MAX_PHOTO_BYTES * 4 if photo.part else MAX_PHOTO_BYTES):
            return Copied(record)
        data: bytes | None = source.read_bytes()
    except OSError:
        return Copied(record)
    if photo.part is not None and data is not None:
        from digest.ingest.saved_pages import mhtml_picture

        data = mhtml_picture(data, photo.part)
    if data is None or _picture_suffix(data[:16]) is None:
        return Copied(record)
    target = markdown.with_name(name)
    made = [name, hashlib.sha256(data).hexdigest()]
    if os.path.lexists(target):
        current = _sha256_of(target)
        if current == made[1]:
            return Copied(made)  # already these bytes, whoever put them there
        if current is None or record != [name, current]:
            return Copied(record, target)
    temporary = temporary_beside(target)
    try:
        temporary.write_bytes(data)
        if os.path.lexists(target):  # digest's own, unchanged since: replaced
            os.replace(temporary, target)
        elif not _link_new(temporary, target):
            return Copied(record, target)  # made by someone else a moment ago
    finally:
        temporary.unlink(missing_ok=True)
    return Copied(made)


def _sha256_of(path: Path) -> str | None:
    """Return the SHA-256 of a regular file's bytes; None for anything else (a link, a FIFO)."""
    try:
        with open(path, "rb", opener=_no_follow) as file:
            if not stat.S_ISREG(os.fstat(file.fileno()).st_mode):
                return None
            return hashlib.file_digest(file, "sha256").hexdigest()
    except OSError:
        return None


def _no_follow(path: str, flags: int) -> int:
    return os.open(path, flags | os.O_NOFOLLOW | os.O_NONBLOCK)


def _link_new(temporary: Path, target: Path) -> bool:
    """Give the written *temporary* the name *target* only if nothing has it; tell whether it did.

    A hard link is atomic and exclusive: no half-written photo, no file of the editor's
    replaced. Where links cannot be made, an exclusive create (O_EXCL) and a copy.
    """
    try:
        os.link(temporary, target)
        return True
    except FileExistsError:
        return False
    except OSError:
        pass
    try:
        file = open(target, "xb")  # noqa: SIM115 - closed below, removed if not whole
    except FileExistsError:
        return False
    try:
        with file:
            file.write(temporary.read_bytes())
    except BaseException:
        target.unlink(missing_ok=True)  # made here, by this open: never the editor's
        raise
    return True


def image_keys(story: RawStory, photo_file: str | None) -> dict[str, object]:
    """Return a saved page's front matter keys: its URL, its photo or the picture's address."""
    page = story.page
    if page is None:
        return {}
    keys: dict[str, object] = {}
    if page.url:
        keys["url"] = page.url
    if page.photo is not None and photo_file is not None:
        shown = {"file": photo_file, "alt": page.photo.alt}
        shown |= {"caption": page.photo.caption, "credit": page.photo.credit}
        keys["image"] = {key: value for key, value in shown.items() if value}
    elif page.image_url:
        keys["image_url"] = page.image_url
    return keys
