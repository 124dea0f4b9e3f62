"""Export stage: classified stories -> content/articles/YYYY/MM/<slug>.md, never losing an edit.

The Markdown files are the editor's from the moment they are written. A ledger beside them
(`content/.ingest.json`) remembers, for every story, its path, every exact-content key merged
into it, its sources, and a hash of the bytes digest last wrote. A file whose bytes differ
from that hash was edited and is never written again; a file that is gone was deleted by the
editor and is not brought back.
"""

from __future__ import annotations

import hashlib
import itertools
import json
import os
import re
from collections.abc import Iterable, Mapping, Sequence
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any

from slugify import slugify

from digest import frontmatter
from digest.errors import DigestError, clip
from digest.ingest.markdown_escape import escape_line
from digest.models import Classification, RawStory, Source, Story
from digest.parallel import chunks, run_parallel, worker_count
from digest.paths import article_path_problem, inside
from digest.reports import ExportReport as ExportReport
from digest.tree import readable

LEDGER_NAME = ".ingest.json"
LEDGER_VERSION = 1
SLUG_MAX_LENGTH = 80


@dataclass(slots=True)
class LedgerEntry:
    """What digest knows of one story it wrote."""

    path: str
    sha256: str
    keys: list[str]
    sources: list[tuple[str, int]]

    def to_json(self) -> dict[str, Any]:
        return {
            "path": self.path,
            "sha256": self.sha256,
            "keys": sorted(self.keys),
            "sources": [list(source) for source in sorted(self.sources)],
        }


@dataclass(slots=True)
class Ledger:
    """The ledger of written stories, by story id (mutable only within one export)."""

    entries: dict[str, LedgerEntry] = field(default_factory=dict)
    _by_key: dict[str, str] = field(default_factory=dict)

    def __post_init__(self) -> None:
        for story_id in sorted(self.entries, reverse=True):  # the smallest id wins a tie
            self._by_key.update(dict.fromkeys(self.entries[story_id].keys, story_id))

    def id_for(self, keys: Iterable[str]) -> str | None:
        """Return the id of a known story that any of *keys* belongs to."""
        for key in keys:
            if key in self._by_key:
                return self._by_key[key]
        return None

    def remember(self, story_id: str, keys: Iterable[str]) -> None:
        """Record that *keys* belong to the story *story_id*."""
        for key in keys:
            self._by_key.setdefault(key, story_id)


def read_ledger(content_dir: Path) -> tuple[Ledger, list[str]]:
    """Read the ledger; a corrupt or foreign one is ignored with a warning."""
    path = content_dir / LEDGER_NAME
    if not os.path.lexists(path):
        return Ledger(), []
    if not readable(path, content_dir):  # /dev/zero would never end, a link out could leak
        raise DigestError(f"{path}: not a regular file inside {content_dir}; refused")
    try:
        data = json.loads(path.read_text(encoding="utf-8"))
        if data.get("version") != LEDGER_VERSION:
            raise ValueError(f"version {data.get('version')!r}, expected {LEDGER_VERSION}")
        entries = {
            story_id: LedgerEntry(
                path=str(entry["path"]),
                sha256=str(entry["sha256"]),
                keys=[str(key) for key in entry["keys"]],
                sources=[(str(dump), int(index)) for dump, index in entry["sources"]],
            )
            for story_id, entry in data["stories"].items()
        }
    except (ValueError, KeyError, TypeError, AttributeError) as error:
        return Ledger(), [
            f"{path}: unreadable ingest ledger ({clip(error, bare=True)}); starting a new one"
        ]
    check_ledger(path, entries)
    return Ledger(entries), []


def check_ledger(path: Path, entries: Mapping[str, LedgerEntry]) -> None:
    """Refuse a ledger naming a file outside content/articles/; distrust a malformed hash.

    The ledger says where digest may write: a path with "..", an absolute one or one into
    the dumps would make a build overwrite any file. A hash that is not a SHA-256 cannot
    prove a file is digest's unedited output, so the file is kept as the editor's.
    """
    for story, entry in entries.items():
        problem = article_path_problem(entry.path)
        if problem is not None:
            raise DigestError(
                f"{path}: stories.{clip(story, bare=True)}.path: {clip(entry.path)}: {problem}; "
                "nothing was written (fix or remove that entry)"
            )
        if not _SHA256.fullmatch(entry.sha256):
            entry.sha256 = UNPROVEN


# A ledger hash that no file's bytes can match: digest cannot prove the file is its own.
UNPROVEN = "unproven"
_SHA256 = re.compile(r"[0-9a-f]{64}")


def ledger_json(ledger: Ledger) -> str:
    """Return the ledger as stable, sorted JSON text."""
    stories = {story_id: ledger.entries[story_id].to_json() for story_id in sorted(ledger.entries)}
    return json.dumps({"version": LEDGER_VERSION, "stories": stories}, indent=1) + "\n"


def story_id(story: Story) -> str:
    """Return a new story's stable id, from the content of its representative version."""
    return hashlib.sha256(story.keys[0].encode("ascii")).hexdigest()[:12]


def markdown_body(story: RawStory) -> str:
    """Return the story's body as Markdown, its text escaped so it renders as written."""
    parts = []
    for block in story.blocks:
        if block.kind == "heading":
            parts.append("## " + escape_line(block.text))
        else:
            parts.append("\n".join(escape_line(line) for line in block.lines))
    return "\n\n".join(parts)


def article_text(
    story: Story, classification: Classification, article_id: str, sources: Sequence[Source]
) -> str:
    """Return the whole Markdown file of a story: front matter and body."""
    data: dict[str, object] = {
        "title": story.title,
        "date": classification.date,
        "date_source": classification.date_source,
        "regions": list(classification.regions),
        "tags": list(classification.tags),
        "captions": list(story.primary.captions),
        "sources": [{"dump": source.dump, "index": source.index} for source in sources],
        "id": article_id,
    }
    return frontmatter.render(
        data, markdown_body(story.primary), block_lists=("captions", "sources")
    )


def _sha256(data: bytes) -> str:
    return hashlib.sha256(data).hexdigest()


class _FileNames:
    """Hand out new files' paths, YYYY/MM/<slug>.md, unique on disk and in this run.

    Each slug's next free number is remembered, so that ten thousand stories with one
    title cost ten thousand checks, not fifty million.
    """

    def __init__(self, articles_dir: Path, taken: set[str]) -> None:
        self.articles_dir = articles_dir
        self.taken = taken
        self._next: dict[str, int] = {}

    def new(self, story: Story, classification: Classification) -> str:
        base = slugify(story.title, max_length=SLUG_MAX_LENGTH, word_boundary=True) or "story"
        stem = f"{classification.date:%Y/%m}/{base}"
        for number in itertools.count(self._next.get(stem, 1)):
            relative = f"{stem}.md" if number == 1 else f"{stem}-{number}.md"
            if relative not in self.taken and not (self.articles_dir / relative).exists():
                self._next[stem] = number + 1
                self.taken.add(relative)
                return relative
        raise AssertionError("unreachable")  # pragma: no cover - count() never ends


# What write_text_atomic leaves behind when it is killed: ".<name>.<pid>.tmp".
_TEMPORARY = re.compile(r"^\..+\.(\d+)\.tmp$")


def remove_stale_temporaries(content_dir: Path) -> None:
    """Remove the temporary files of killed ingests (their process is gone)."""
    if not content_dir.is_dir():
        return
    candidates = [*content_dir.glob(".*.tmp"), *(content_dir / "articles").rglob(".*.tmp")]
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
    temporary = path.with_name(f".{path.name}.{os.getpid()}.tmp")
    try:
        temporary.write_bytes(data)
        os.replace(temporary, path)
    except OSError as error:  # name the file being written, not its temporary
        temporary.unlink(missing_ok=True)
        raise OSError(error.errno, error.strerror, str(path)) from error
    except BaseException:
        temporary.unlink(missing_ok=True)
        raise


def export(
    stories: Sequence[Story],
    classifications: Sequence[Classification],
    content_dir: Path,
    existing_ids: Mapping[str, str],
) -> ExportReport:
    """Write new and changed stories; keep every file the editor edited or deleted.

    *existing_ids* maps the ids found in article files to their paths (the editor may
    have moved a file); paths are relative to content/articles/.
    """
    articles_dir = content_dir / "articles"
    if not inside(content_dir.parent, articles_dir):
        raise DigestError(f"{articles_dir}: a symbolic link out of the project; nothing written")
    remove_stale_temporaries(content_dir)
    ledger, warnings = read_ledger(content_dir)
    taken = {entry.path for entry in ledger.entries.values()} | set(existing_ids.values())
    names = _FileNames(articles_dir, taken)
    folders: set[Path] = set()
    inside_folders: set[Path] = set()
    written: list[tuple[int, Path]] = []
    fresh: dict[str, _Fresh] = {}  # new files by id, written together after the decisions
    edited: list[Path] = []
    unchanged = deleted = 0
    for position, (story, classification) in enumerate(zip(stories, classifications, strict=True)):
        article_id = ledger.id_for(story.keys) or story_id(story)
        if article_id in fresh:  # another story with this id: its file must be there first
            new = fresh.pop(article_id)
            ledger.entries[article_id].sha256 = _write_new(new, folders)
            written.append((new.position, new.path))
        entry = ledger.entries.get(article_id)
        forgotten = entry is None and article_id in existing_ids
        new_path = False  # a path just found free on disk: no need to look at it again
        if entry is None:
            known_path = existing_ids.get(article_id)
            new_path = not known_path
            entry = LedgerEntry(known_path or names.new(story, classification), "", [], [])
        else:
            entry.path = existing_ids.get(article_id, entry.path)
        sources = sorted(set(entry.sources) | {(s.dump, s.index) for s in story.sources})
        path = articles_dir / entry.path
        _refuse_links_out(articles_dir, path, inside_folders)
        data = current = None  # a new file's text is made later, where it is written
        if not new_path or forgotten:
            text = article_text(story, classification, article_id, [Source(*s) for s in sources])
            data = text.encode("utf-8")
            current = path.read_bytes() if path.is_file() else None
        # A file exactly as digest would write it is digest's, whatever the ledger says:
        # a build killed between writing articles and writing the ledger leaves such files.
        if forgotten and current != data:
            # A file with this id exists, the ledger forgot it, and it is not as digest
            # would write it: the editor's.
            edited.append(path)
            continue
        ledger.entries[article_id] = entry
        entry.keys = sorted(set(entry.keys) | set(story.keys))
        ledger.remember(article_id, story.keys)
        entry.sources = sources
        if data is None:
            fresh[article_id] = _Fresh(position, path, story, classification, article_id, sources)
            continue
        if entry.sha256 and current is None:
            deleted += 1
            continue
        if entry.sha256 and current != data and _sha256(current or b"") != entry.sha256:
            edited.append(path)  # the editor's now; the ledger keeps the new sources
            continue
        if current == data:
            unchanged += 1
        else:
            _write_atomic(path, data, folders)
            written.append((position, path))
        entry.sha256 = _sha256(data)
    for new, sha in zip(fresh.values(), _write_fresh(list(fresh.values()), folders), strict=True):
        ledger.entries[new.article_id].sha256 = sha
        written.append((new.position, new.path))
    new_ledger = ledger_json(ledger)
    ledger_path = content_dir / LEDGER_NAME
    if not ledger_path.exists() or ledger_path.read_text(encoding="utf-8") != new_ledger:
        write_text_atomic(ledger_path, new_ledger)
    paths = tuple(path for _, path in sorted(written, key=lambda item: item[0]))
    return ExportReport(paths, unchanged, tuple(edited), deleted, tuple(warnings))


def _refuse_links_out(articles_dir: Path, path: Path, checked: set[Path]) -> None:
    """Refuse to write *path* if it, or a folder on its way, links out of *articles_dir*."""
    if path.parent not in checked:
        if not inside(articles_dir, path.parent):
            raise DigestError(f"{path.parent}: a symbolic link out of {articles_dir}; refused")
        checked.add(path.parent)
    if path.is_symlink() and not inside(articles_dir, path):
        raise DigestError(f"{path}: a symbolic link out of {articles_dir}; refused")


@dataclass(frozen=True, slots=True)
class _Fresh:
    """A story to write to a path that nothing is at: where, and what its text is made of."""

    position: int
    path: Path
    story: Story
    classification: Classification
    article_id: str
    sources: list[tuple[str, int]]


def _write_fresh(fresh: Sequence[_Fresh], folders: set[Path]) -> list[str]:
    """Make and write each new file (in worker processes when there are many); their hashes.

    Making the text of ten thousand stories and writing them is half of export's time, and
    each file depends on nothing but its own story.
    """
    for folder in sorted({new.path.parent for new in fresh} - folders):
        folder.mkdir(parents=True, exist_ok=True)  # here, so that no two workers race
        folders.add(folder)
    count = worker_count(len(fresh))
    spans = chunks(range(len(fresh)), count * 4 if count else 1)
    hashes = run_parallel(_write_setup, _write_span, (fresh, folders), spans, workers=count)
    return [sha for part in hashes for sha in part]


def _write_setup(shared: tuple[Sequence[_Fresh], set[Path]]) -> tuple[Sequence[_Fresh], set[Path]]:
    return shared


def _write_span(state: tuple[Sequence[_Fresh], set[Path]], span: Sequence[int]) -> list[str]:
    """Write the files at positions *span*; return the hash of each one's bytes."""
    fresh, folders = state
    return [_write_new(fresh[index], folders) for index in span]


def _write_new(new: _Fresh, folders: set[Path]) -> str:
    """Make and write one new file; return the hash of its bytes."""
    sources = [Source(*source) for source in new.sources]
    data = article_text(new.story, new.classification, new.article_id, sources).encode("utf-8")
    _write_atomic(new.path, data, folders)
    return _sha256(data)
