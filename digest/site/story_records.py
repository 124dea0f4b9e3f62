"""Story records: which article files the build cache's card records (or packs) answer.

A file whose stamp is the one its card record names (or its restamp) is answered by the
record; a file under a new stamp (a fresh clone, a file touched) whose bytes are the ones the
record names is answered too, its new stamp kept as a restamp (`store/restamps`). A card
pack's row (`card_packs`) answers a file exactly as the record it stands for would, without
the record being read or decoded. The others are read: their bytes hashed here, or by the
child that hashed a fresh clone's files (`file_hashes`).
"""

from __future__ import annotations

from collections.abc import Callable, Mapping, Sequence
from dataclasses import dataclass
from pathlib import Path

from digest.errors import ArticleError, ArticleErrors
from digest.models import Article
from digest.site.article_json import article_json, card_of_record, record_of
from digest.site.card_packs import Held, Row
from digest.site.story_parse import unreadable
from digest.store.cache import Stamp, checksum, dump_json, key_of
from digest.store.cache_keys import keys_between
from digest.store.file_hashes import HashError, Hashes, Hashing, sha_of_each
from digest.store.inputs import is_racy
from digest.store.restamps import Restamp, restamp_answers


@dataclass(frozen=True, slots=True)
class StoryFile:
    """One article file as this build knows it."""

    path: str  # relative to content/articles/
    sha: str  # sha256 of its bytes
    stamp: Stamp | None  # None when the stamp was racy: the bytes are checked next time
    key: str  # cache key of its full story
    card: Article  # the article without its body: for grouping and planning only
    teaser: str
    held: Held | None = None  # its card record as the cache holds it, when it is still right

    def record(self, code: str) -> bytes:
        """Return what the build cache keeps of this file (its card, without the body)."""
        return dump_json(
            {
                "code": code,
                "sha": self.sha,
                "stamp": None if self.stamp is None else list(self.stamp),
                "key": self.key,
                "card": article_json(self.card),
                "teaser": self.teaser,
            }
        )


@dataclass(frozen=True, slots=True)
class Read:
    """A file read and hashed whose card the cache's records could not answer."""

    path: str
    sha: str
    stamp: Stamp | None  # None when racy
    key: str


# A file whose stamp its record does not answer, whose bytes must be hashed: its path, its
# stamp as scanned and unless racy, the story key, card and teaser its record holds (if
# any) and the record.
_Unanswered = tuple[str, Stamp, Stamp | None, tuple[str, Article, str] | None, Held | None]


def story_key(code: str, relative: str, sha: str, language: str) -> str:
    """Return the cache key of the story in the file at *relative* with bytes hashed *sha*.

    The site's *language* sets the body's quotes.
    """
    return key_of("story", code, relative, sha, language)


def story_keys(code: str, language: str) -> Callable[[str, str], str]:
    """Return `story_key` of *code* and *language* as a function of a file's path and sha."""
    return keys_between(("story", code), (language,))


def known_or_read(
    folder: Path,
    stamps: Mapping[str, Stamp],
    taken_ns: int,
    known: Mapping[str, bytes],
    packed: Mapping[str, Row],
    restamps: Mapping[str, Restamp],
    code: str,
    language: str,
    hashing: Hashing | None = None,
) -> tuple[dict[str, StoryFile], list[Read], dict[str, Restamp]]:
    """Return the files the cache's records (*known*, or their *packed* rows) answer, the
    others read and hashed, and the restamps.

    A record answers a file whose stamp is the one recorded (or its restamp), or, its stamp
    changed (a cache restored into a fresh clone, a file touched), whose bytes are the ones
    recorded: its new stamp, unless racy, is then its restamp. The records are decoded
    first, while *hashing* (if any) hashes the files on another core.
    """
    files: dict[str, StoryFile] = {}
    restamped: dict[str, Restamp] = {}
    unanswered: list[_Unanswered] = []
    for relative, stamp in stamps.items():
        trusted = None if is_racy(stamp, taken_ns) else stamp
        row = packed.get(relative) or _from_record(relative, known.get(relative), code)
        if row is None:
            unanswered.append((relative, stamp, trusted, None, None))
            continue
        sha, key, held, card, teaser = row
        if trusted is not None:
            mine, restamp = list(trusted), restamps.get(relative)
            if held.stamp == mine or restamp_answers(restamp, mine, sha):
                files[relative] = StoryFile(relative, sha, trusted, key, card, teaser, held)
                if restamp is not None and held.stamp != mine:
                    restamped[relative] = restamp  # still the proof: kept for the next build
                continue
        unanswered.append((relative, stamp, trusted, (key, card, teaser), held))
    hashes: Hashes = {}
    if hashing is not None:  # its answers, unless the build would read fewer files itself
        hashes = hashing.result() if 2 * len(unanswered) >= len(hashing.paths) else {}
        hashing.stop()
    to_read = _hashed(folder, unanswered, hashes, code, language, files, restamped)
    return files, to_read, restamped


def _from_record(relative: str, saved: bytes | None, code: str) -> Row | None:
    """Return what the card record *saved* of the file at *relative* holds, as a pack's row
    (None when there is none, or it is not one digest's *code* wrote of this file)."""
    record = None if saved is None else record_of(saved)
    found = None if record is None else card_of_record(relative, record, code)
    if saved is None or record is None or found is None:
        return None
    stamp = record.get("stamp")
    if stamp is not None and not (
        type(stamp) is list and len(stamp) == 4 and all(type(n) is int for n in stamp)
    ):
        return None
    key, card, teaser = found
    return record["sha"], key, Held(checksum(saved), stamp), card, teaser


def _hashed(
    folder: Path,
    unanswered: Sequence[_Unanswered],
    hashes: Hashes,
    code: str,
    language: str,
    files: dict[str, StoryFile],
    restamped: dict[str, Restamp],
) -> list[Read]:
    """Hash each of *unanswered* (the child's answer when it read the file under the stamp
    scanned, else read here); take its record when the bytes are the same, else return it
    to be read."""
    to_read: list[Read] = []
    wanted = ((file[0], file[1]) for file in unanswered)
    key_of_file = story_keys(code, language)
    try:
        for (relative, _, trusted, found, held), sha in zip(
            unanswered, sha_of_each(folder, wanted, hashes), strict=True
        ):
            key = key_of_file(relative, sha)
            if found is not None and held is not None and found[0] == key:
                # The record stays as it was, never encoded or written again (100 000 records,
                # 117 MB, for a deploy's fresh clone): the new stamp is kept as a restamp.
                _, card, teaser = found
                files[relative] = StoryFile(relative, sha, trusted, key, card, teaser, held)
                if trusted is not None:
                    restamped[relative] = [*trusted, sha]
            else:
                to_read.append(Read(relative, sha, trusted, key))
    except HashError as error:
        found_error = ArticleError(folder / error.path, unreadable(error.error))
        raise ArticleErrors([found_error]) from error.error
    return to_read
