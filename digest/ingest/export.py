"""Export stage: classified stories -> content/articles/YYYY/MM/<slug>.md, never losing an edit.

The Markdown files are the editor's from the moment they are written. The ledger (`ledger`)
remembers, for every story, its path, every exact-content key merged into it, its sources,
and a hash of the bytes digest last wrote. A file whose bytes differ
from that hash was edited and is never written again; a file that is gone was deleted by the
editor and is not brought back.
"""

from __future__ import annotations

import hashlib
import itertools
import os
import re
from collections.abc import Mapping, Sequence
from dataclasses import dataclass, field
from pathlib import Path

from digest.errors import DigestError
from digest.ingest.article_text import article_text
from digest.ingest.ledger import Ledger, LedgerEntry, ledger_json
from digest.ingest.ledger_check import refuse_links_out
from digest.ingest.photos import Copied, copy_photo, photo_name, photo_suffix
from digest.ingest.same_story import text_print
from digest.ingest.story_references import placed_later
from digest.ingest.written_dates import first_dated
from digest.models import Classification, Source, Story
from digest.parallel import chunks, run_parallel, worker_count
from digest.paths import ProjectPaths, inside, link_out, shown, temporary_beside
from digest.reports import ExportReport as ExportReport
from digest.store.write import write_all
from digest.story_files import story_stem


def _sha256(data: bytes) -> str:
    return hashlib.sha256(data).hexdigest()


class _FileNames:
    """Hand out new files' paths, YYYY/MM/<slug>.md, unique on disk and in this run.

    A story with a photo gets a name whose photo's name (<slug>.jpg) is free too: a
    picture of the editor's by that name is theirs, never replaced. Each slug's next free
    number is remembered, so that ten thousand stories with one title cost ten thousand
    checks, not fifty million.
    """

    def __init__(self, articles_dir: Path, taken: set[str], raw_dir: Path) -> None:
        self.articles_dir = articles_dir
        # Each name is looked up on disk as a string: a pathlib join per story cost more
        # than the lstat it is made for (the same file, whatever the spelling).
        self._base = os.fspath(articles_dir) + os.sep
        self.taken = taken
        self.raw_dir = raw_dir
        self._next: dict[str, int] = {}

    def new(self, story: Story, classification: Classification) -> str:
        stem = story_stem(story.title, classification.date)
        suffix = photo_suffix(story.primary, self.raw_dir)
        for number in itertools.count(self._next.get(stem, 1)):
            named = stem if number == 1 else f"{stem}-{number}"
            relative = f"{named}.md"
            if (
                relative not in self.taken
                and not os.path.lexists(self._base + relative)
                and not (suffix and os.path.lexists(f"{self._base}{named}{suffix}"))
            ):
                self._next[stem] = number + 1
                self.taken.add(relative)
                return relative
        raise AssertionError("unreachable")  # pragma: no cover - count() never ends


# What write_text_atomic leaves behind when it is killed: ".<name>.<pid>.tmp".
_TEMPORARY = re.compile(r"^\..+\.(\d+)\.tmp$")


def remove_stale_temporaries(paths: ProjectPaths) -> None:
    """Remove the temporary files of killed ingests (their process is gone)."""
    if not paths.content.is_dir():
        return
    candidates = [*paths.content.glob(".*.tmp"), *paths.articles.rglob(".*.tmp")]
    for path in candidates:
        match = _TEMPORARY.match(path.name)
        if match and path.is_file() and not _running(int(match.group(1))):
            path.unlink(missing_ok=True)


def _running(pid: int) -> bool:
    if pid == os.getpid():
        return True
    try:
        os.kill(pid, 0)
    except ProcessLookupError:
        return False
    except (PermissionError, OverflowError):
        return True
    return True


def write_text_atomic(path: Path, text: str) -> None:
    """Write *text* to *path* through a temporary file and a rename, so it is never half-written."""
    _write_atomic(path, text.encode("utf-8"), set())


def _write_atomic(path: Path, data: bytes, folders: set[Path]) -> None:
    """Write *data* as write_text_atomic does; *folders* are those known to exist already.

    Export writes thousands of files into a few folders: one mkdir per folder, and no
    unlink of a temporary that the rename took away, save a third of its system calls.
    """
    if path.parent not in folders:
        path.parent.mkdir(parents=True, exist_ok=True)
        folders.add(path.parent)
    temporary = temporary_beside(path)
    try:
        _write_file(temporary, data)
        os.replace(temporary, path)
    except OSError as error:  # name the file being written, not its temporary
        temporary.unlink(missing_ok=True)
        raise OSError(error.errno, error.strerror, str(path)) from error
    except BaseException:
        temporary.unlink(missing_ok=True)
        raise


def _write_file(path: Path, data: bytes) -> None:
    """Write *data* to a new or emptied file, as `Path.write_bytes` does (the same flags and
    mode), without its buffered file object: no `isatty` ioctl and `lseek` a file, ~2 us less
    of each new story's write."""
    handle = os.open(path, os.O_WRONLY | os.O_CREAT | os.O_TRUNC | os.O_CLOEXEC, 0o666)
    try:
        write_all(handle, data)
    finally:
        os.close(handle)


def export(
    stories: Sequence[Story],
    classifications: Sequence[Classification],
    paths: ProjectPaths,
    existing_ids: Mapping[str, str],
    ledger: Ledger,
    article_ids: Sequence[str] | None = None,
) -> ExportReport:
    """Write new and changed stories; keep every file the editor edited or deleted.

    *existing_ids* maps the ids found in article files to their paths (the editor may
    have moved a file); paths are relative to content/articles/. *ledger* is the one
    `read_ledger` returned, updated here and written back. *article_ids* are the stories'
    ids (`Ledger.story_ids` of every story of the ingest), made here when not given.
    """
    if article_ids is None:
        article_ids = ledger.story_ids(stories, paths.articles, existing_ids)
    if not inside(paths.root, paths.articles):
        link = shown(paths.root, link_out(paths.root, paths.articles))  # content/, maybe
        raise DigestError(f"{link}: a symbolic link out of the project; nothing written")
    remove_stale_temporaries(paths)
    taken = {entry.path for entry in ledger.entries.values()} | set(existing_ids.values())
    names = _FileNames(paths.articles, taken, paths.raw)
    run = _Run(paths.articles, existing_ids, ledger, names, paths.raw)
    run.read = frozenset(source.dump for story in stories for source in story.sources)
    for position, (story, classification) in enumerate(zip(stories, classifications, strict=True)):
        _decide(run, position, (article_ids[position], story), classification)
    fresh = list(run.fresh.values())
    for new in fresh:
        _writing(run, new.path)
    for new, made in zip(fresh, _write_fresh(fresh, run.folders), strict=True):
        _made(run, ledger.entries[new.article_id], made)
        run.written.append((new.position, new.path))
    new_ledger = ledger_json(ledger)
    if not paths.ledger.exists() or paths.ledger.read_text(encoding="utf-8") != new_ledger:
        write_text_atomic(paths.ledger, new_ledger)
    written = tuple(path for _, path in sorted(run.written, key=lambda item: item[0]))
    warnings = tuple(
        f"{kept}: kept as it is (not the photo digest wrote, or changed since); "
        "the saved page's photo was not copied over it"
        for kept in run.kept_photos
    )
    warnings += _grown_edited(run)
    return ExportReport(written, run.unchanged, tuple(run.edited), run.deleted, warnings)


def _grown_edited(run: _Run) -> tuple[str, ...]:
    """Name each edited file whose story grew or changed in its dump since: kept without the
    new text; and each file whose story no dump holds any more: still published."""
    said = []
    edited = set(run.edited)
    for article_id, (dump, index) in sorted(run.ledger.grown.items()):
        path = run.articles_dir / run.ledger.entries[article_id].path
        if path in edited:
            how = "changed" if article_id in run.ledger.changed else "grew"
            said.append(
                f"{path}: its story {how} in {dump} (story {index}) since digest wrote it, but"
                " you edited this file: kept as it is, without the new text; paste it in"
                " by hand"
            )
    for article_id, places in sorted(run.ledger.vanished.items()):
        path = run.articles_dir / run.existing_ids.get(
            article_id, run.ledger.entries[article_id].path
        )
        where = ", ".join(f"{dump} (story {index})" for dump, index in places)
        said.append(
            f"{path}: its text is no longer in {where}: another story or none stands there"
            " now; the file stays published: delete it if the story was withdrawn, or paste"
            " its text back into a dump"
        )
    return tuple(said)


def _made(run: _Run, entry: LedgerEntry, made: tuple[str, Copied]) -> None:
    """Record in *entry* what was written for it: its file's hash, its photo's."""
    entry.sha256, copied = made
    _photo_copied(run, entry, copied)


def _photo_copied(run: _Run, entry: LedgerEntry, copied: Copied) -> None:
    """Record the photo digest now answers for; name a picture of the editor's it kept."""
    entry.photo = copied.record
    if copied.kept is not None:
        run.kept_photos.append(copied.kept)


@dataclass(slots=True)
class _Run:
    """One export's decisions so far: what it wrote, kept and has still to write."""

    articles_dir: Path
    existing_ids: Mapping[str, str]
    ledger: Ledger
    names: _FileNames
    raw_dir: Path  # where saved pages' photos are read from
    folders: set[Path] = field(default_factory=set)  # folders known to exist
    inside_folders: set[Path] = field(default_factory=set)  # checked not to link out
    written: list[tuple[int, Path]] = field(default_factory=list)
    fresh: dict[str, _Fresh] = field(default_factory=dict)  # new files by id, written at the end
    writing: set[Path] = field(default_factory=set)  # every file written: each one once
    edited: list[Path] = field(default_factory=list)
    kept_photos: list[Path] = field(default_factory=list)  # pictures of the editor's kept
    unchanged: int = 0
    deleted: int = 0
    read: frozenset[str] = frozenset()  # the dumps this ingest read


def _writing(run: _Run, path: Path) -> None:
    """Note that *path* is about to be written; a second time in one export is digest's bug.

    Two stories written to one file would leave only the last one's text: a story lost.
    """
    if path in run.writing:
        raise RuntimeError(f"{path}: two stories written to one file in one ingest (a bug)")
    run.writing.add(path)


def _decide(
    run: _Run, position: int, known: tuple[str, Story], classification: Classification
) -> None:
    """Write, keep or set aside (a new file, written later) one story's file (*known*: its id
    and the story; no other story of this export has that id)."""
    ledger, existing_ids = run.ledger, run.existing_ids
    article_id, story = known
    entry = ledger.entries.get(article_id)
    forgotten = entry is None and article_id in existing_ids
    new_path = False  # a path just found free on disk: no need to look at it again
    if entry is None:
        known_path = existing_ids.get(article_id)
        new_path = not known_path
        entry = LedgerEntry(known_path or run.names.new(story, classification), "", [], [])
    else:
        entry.path = existing_ids.get(article_id, entry.path)
    classification, entry.dated = first_dated(classification, entry.dated)
    # Its places in the dumps read now replace those it had there: a story found at a new
    # place of its dump (others pasted above it) has moved, and no two stories claim one.
    sources = sorted(
        {source for source in entry.sources if source[0] not in run.read}
        | {(s.dump, s.index) for s in story.sources}
    )
    path = run.articles_dir / entry.path
    # A name just found free on disk is no link (its folders are still checked).
    refuse_links_out(run.articles_dir, path, run.inside_folders, free=new_path)
    data = current = None  # a new file's text is made later, where it is written
    if not new_path or forgotten:
        photo = photo_name(story.primary, path, run.raw_dir)
        listed = [Source(*s) for s in sources]
        text = article_text(story, classification, article_id, listed, photo)
        data = text.encode("utf-8")
        current = path.read_bytes() if path.is_file() else None
    # A file exactly as digest would write it is digest's, whatever the ledger says:
    # a build killed between writing articles and writing the ledger leaves such files.
    if forgotten and current != data:
        # A file with this id exists, the ledger forgot it, and it is not as digest
        # would write it: the editor's.
        run.edited.append(path)
        return
    ledger.entries[article_id] = entry
    if ledger.placed:  # a story pasted into a dump after its first ingest: when it was
        entry.seen = placed_later(story.sources, ledger.placed)
    entry.keys = sorted(set(entry.keys) | set(story.keys))
    ledger.remember(article_id, story.keys)
    entry.sources = sources
    if data is None:
        fresh = _Fresh(position, path, story, classification, article_id, sources, run.raw_dir)
        run.fresh[article_id] = fresh
    else:
        _settle(run, position, entry, (path, story), data, current)


def _settle(
    run: _Run,
    position: int,
    entry: LedgerEntry,
    written: tuple[Path, Story],
    data: bytes,
    current: bytes | None,
) -> None:
    """Write a known story's file, unless the editor deleted or edited it, or it is as made."""
    path, story = written
    if entry.sha256 and current is None:
        run.deleted += 1
        entry.fingerprint = entry.fingerprint or text_print(story.primary)  # (same_story)
        return
    if entry.sha256 and current != data and _sha256(current or b"") != entry.sha256:
        run.edited.append(path)  # the editor's now; the ledger keeps the new sources
        entry.fingerprint = entry.fingerprint or text_print(story.primary)
        return
    if current == data:
        run.unchanged += 1
    else:
        _writing(run, path)
        _write_atomic(path, data, run.folders)
        _photo_copied(run, entry, copy_photo(story.primary, path, run.raw_dir, entry.photo))
        run.written.append((position, path))
    entry.sha256 = _sha256(data)


@dataclass(frozen=True, slots=True)
class _Fresh:
    """A story to write to a path that nothing is at: where, and what its text is made of."""

    position: int
    path: Path
    story: Story
    classification: Classification
    article_id: str
    sources: list[tuple[str, int]]
    raw_dir: Path


def _write_fresh(fresh: Sequence[_Fresh], folders: set[Path]) -> list[tuple[str, Copied]]:
    """Make and write each new file (in worker processes when there are many); their hashes
    and what was done with their photos.

    Making the text of ten thousand stories and writing them is half of export's time, and
    each file depends on nothing but its own story.
    """
    for folder in sorted({new.path.parent for new in fresh} - folders):
        folder.mkdir(parents=True, exist_ok=True)  # here, so that no two workers race
        folders.add(folder)
    count = worker_count(len(fresh))
    # Small spans (~300 files of 10 000): a core is idle for about half of one at the end.
    spans = chunks(range(len(fresh)), count * 16 if count else 1)
    hashes = run_parallel(
        _write_setup, _write_span, (fresh, folders), spans, workers=count, ahead=2
    )
    return [sha for part in hashes for sha in part]


def _write_setup(shared: tuple[Sequence[_Fresh], set[Path]]) -> tuple[Sequence[_Fresh], set[Path]]:
    return shared


def _write_span(
    state: tuple[Sequence[_Fresh], set[Path]], span: Sequence[int]
) -> list[tuple[str, Copied]]:
    """Write the files at positions *span*; return the hash of each one's bytes, its photo's."""
    fresh, folders = state
    return [_write_new(fresh[index], folders) for index in span]


def _write_new(new: _Fresh, folders: set[Path]) -> tuple[str, Copied]:
    """Make and write one new file; return the hash of its bytes and what came of its photo."""
    sources = [Source(*source) for source in new.sources]
    photo = photo_name(new.story.primary, new.path, new.raw_dir)
    text = article_text(new.story, new.classification, new.article_id, sources, photo)
    data = text.encode("utf-8")
    _write_atomic(new.path, data, folders)
    copied = Copied([])  # a new story: digest wrote no photo beside it before
    if photo is not None:
        copied = copy_photo(new.story.primary, new.path, new.raw_dir, [])
    return _sha256(data), copied
