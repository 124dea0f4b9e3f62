"""Read stage for saved web pages: a content/raw/ `.html` or `.mhtml` file -> its markup.

A page saved "complete" is an HTML file (its pictures in a `_files/` folder beside it, read
later by `photos`); a page saved "as a single file" is MHTML, a MIME archive (RFC 2557) of
the page and every resource it showed, read with the standard library's `email` package.
The bytes are only read, never written; their charset is checked, not trusted.
"""

from __future__ import annotations

import codecs
import datetime as dt
import email
import email.message
import email.utils
import re
from dataclasses import dataclass, field

from digest import xml_chars

# A saved page bigger than this is not an article page (a video, a feed of a thousand
# items): parsing it could take the build's memory. MHTML holds its pictures too.
MAX_HTML_BYTES = 24 * 1024 * 1024
MAX_MHTML_BYTES = 96 * 1024 * 1024
# ... and its markup, once its scripts, styles and inlined pictures are dropped, has this many
# characters at most: an article's is a megabyte or two. trafilatura's time and memory grow
# faster than the markup (a page of 10 MiB of paragraphs: 14 s and 600 MB, 21 MiB: minutes and
# 1.2 GB), and `digest serve` would stall as long on each rebuild that reads the page again.
MAX_MARKUP_CHARS = 5 * 1024 * 1024
_META_CHARSET = re.compile(rb"""<meta[^>]{0,200}?charset\s*=\s*["']?\s*([\w.:-]{1,40})""", re.I)
_XML_DECLARATION = re.compile(r"\A\s*<\?xml[^>]*>")
# Scripts (but the page's JSON-LD metadata) and styles are dropped before parsing: they are
# never shown, and a saved page's megabytes of them would pass lxml's limits on one text.
_SCRIPTS = re.compile(
    r"<(script|style)\b(?![^>]*application/ld\+json)[^>]*>.*?</\1\s*>", re.I | re.S
)
_DATA_ADDRESS = re.compile(r"""(["'])data:[^"'>]{256,}\1""")  # an inlined picture or font
# A character reference (&#7;, &#x1b;), dropped when it names a character no page or feed can
# hold (digest/xml_chars): lxml gives no text at all for a page with one.
_CHAR_REFERENCE = re.compile(r"&#(?:[xX]([0-9a-fA-F]{1,6})|([0-9]{1,7}));?")


@dataclass(frozen=True, slots=True)
class SavedPage:
    """A saved page's markup, what it holds besides (MHTML), and what was odd reading it."""

    name: str  # relative to content/raw/
    html: str
    # MHTML: the address of each picture the archive holds, with its content type.
    pictures: dict[str, str] = field(default_factory=dict)
    saved: dt.datetime | None = None  # when the page was saved (MHTML's Date header)
    note: str | None = None


def read_saved_page(name: str, kind: str, data: bytes) -> SavedPage | str:
    """Return the page saved in *data* (an "html" or "mhtml" file), or a warning saying why not."""
    if not data.strip():
        return f"{name}: empty saved page; skipped"
    limit = MAX_MHTML_BYTES if kind == "mhtml" else MAX_HTML_BYTES
    if len(data) > limit:
        return (
            f"{name}: saved page of {len(data):,} bytes (at most {limit:,} are read); "
            "skipped, the file is unchanged"
        )
    if kind == "mhtml":
        return _read_mhtml(name, data)
    if b"\x00" in data[:4096] and not data.startswith((codecs.BOM_UTF16_LE, codecs.BOM_UTF16_BE)):
        return f"{name}: binary file, not a saved web page; skipped"
    html, note = decode_html(data, None)
    return _too_long(name, html) or SavedPage(
        name, html, note=None if note is None else f"{name}: {note}"
    )


def _too_long(name: str, html: str) -> str | None:
    """Say why a page's markup is too long to read (MAX_MARKUP_CHARS); None if it is not."""
    if len(html) <= MAX_MARKUP_CHARS:
        return None
    return (
        f"{name}: saved page with {len(html):,} characters of markup besides its scripts and "
        f"styles (at most {MAX_MARKUP_CHARS:,} are read); skipped, the file is unchanged"
    )


def decode_html(data: bytes, declared: str | None) -> tuple[str, str | None]:
    """Return the text of HTML bytes and a note when their charset was missing or wrong.

    UTF-8 is tried first: bytes that decode as UTF-8 (and are not all ASCII) are UTF-8
    whatever the page declares. Then the declared charset, then cp1252, which decodes
    anything (an undefined byte becomes U+FFFD).
    """
    for bom, encoding in ((codecs.BOM_UTF8, "utf-8"), (codecs.BOM_UTF16_LE, "utf-16")):
        if data.startswith(bom) or (encoding == "utf-16" and data.startswith(codecs.BOM_UTF16_BE)):
            return _clean(data.decode(encoding, errors="replace")), None
    if declared is None:
        found = _META_CHARSET.search(data[:16384])
        declared = found.group(1).decode("ascii", "replace") if found else None
    try:
        return _clean(data.decode("utf-8")), None
    except UnicodeDecodeError:
        pass
    if declared is not None and _codec(declared) not in (None, "utf-8"):
        try:
            return _clean(data.decode(declared)), None
        except UnicodeDecodeError:
            pass
    said = f"declares {declared!r} but is not" if declared else "declares no charset and is not"
    text = data.decode("cp1252", errors="replace")
    return _clean(text), f"{said} UTF-8; read as cp1252"


def _codec(name: str) -> str | None:
    try:
        return codecs.lookup(name).name
    except LookupError:
        return None


def _clean(text: str) -> str:
    # lxml refuses text with an XML encoding declaration; NUL characters end its strings.
    text = _XML_DECLARATION.sub("", text, count=1).replace("\x00", "\ufffd")
    # Control characters, raw or as references, were invisible on the page the editor saved;
    # lxml gives no text at all for a page with one (the story would be lost), and no page or
    # feed could hold them: they are dropped.
    if xml_chars.holds(text):
        text = xml_chars.strip(text)
    if "&#" in text:
        text = _CHAR_REFERENCE.sub(_unless_unsafe, text)
    return _DATA_ADDRESS.sub('""', _SCRIPTS.sub("", text))


def _unless_unsafe(reference: re.Match[str]) -> str:
    hexadecimal, decimal = reference.groups()
    code = int(hexadecimal, 16) if hexadecimal else int(decimal)
    return "" if code <= 0x10FFFF and xml_chars.holds(chr(code)) else reference.group()


def _read_mhtml(name: str, data: bytes) -> SavedPage | str:
    """Return the page of an MHTML archive: its first HTML part, and the pictures it holds."""
    message = email.message_from_bytes(data)
    html: SavedPage | None = None
    pictures: dict[str, str] = {}
    for part in message.walk():
        if part.is_multipart():
            continue
        kind = part.get_content_type()
        location = str(part.get("Content-Location", "")).strip()
        if kind == "text/html" and html is None:
            payload = part.get_payload(decode=True)
            if isinstance(payload, bytes) and payload.strip():
                text, note = decode_html(payload, part.get_content_charset())
                html = SavedPage(name, text, note=None if note is None else f"{name}: {note}")
        elif kind.startswith("image/") and location:
            pictures.setdefault(location, kind)
    if html is None:
        return f"{name}: no HTML page in this MHTML file; skipped"
    too_long = _too_long(name, html.html)
    if too_long is not None:
        return too_long
    return SavedPage(name, html.html, pictures, _date_of(message), html.note)


def _date_of(message: email.message.Message) -> dt.datetime | None:
    """Return when an MHTML archive was saved (its Date header), in UTC."""
    try:
        found = email.utils.parsedate_to_datetime(str(message.get("Date", "")))
    except (TypeError, ValueError, IndexError):
        return None
    if found.tzinfo is None:
        found = found.replace(tzinfo=dt.UTC)
    return found.astimezone(dt.UTC)


def mhtml_picture(data: bytes, location: str) -> bytes | None:
    """Return the bytes of the picture at *location* in an MHTML archive, if it holds it."""
    for part in email.message_from_bytes(data).walk():
        if part.is_multipart() or not part.get_content_type().startswith("image/"):
            continue
        if str(part.get("Content-Location", "")).strip() == location:
            payload = part.get_payload(decode=True)
            return payload if isinstance(payload, bytes) else None
    return None
