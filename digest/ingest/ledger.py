"""The ingest ledger, content/.ingest.json: what digest wrote for every story, read and written.

For every story it keeps its path, every exact-content key merged into it, its sources, a
hash of the bytes digest last wrote (a file that differs was edited, and is the editor's),
the date it was first written with, and the photo digest copied beside it. It is how a
story the editor deleted stays deleted: so a ledger that cannot be read is an error, never
replaced by a new one.
"""

from __future__ import annotations

import datetime as dt
import itertools
from collections.abc import Iterable, Mapping, Sequence
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any

from digest.config import IngestConfig
from digest.ingest.article_text import key_id, story_id
from digest.ingest.fingerprints import prefix_keys
from digest.ingest.same_story import same_story
from digest.json_text import indented
from digest.models import Story

LEDGER_VERSION = 1


@dataclass(slots=True)
class LedgerEntry:
    """What digest knows of one story it wrote."""

    path: str
    sha256: str
    keys: list[str]
    sources: list[tuple[str, int]]
    # The date first written, its source and precision: a story's date is fixed once
    # written, so a dump removed or a resolver improved later never moves its URL.
    dated: list[str] = field(default_factory=list)
    # [file name, SHA-256] of the photo digest copied beside the story: a picture of that
    # name is replaced only while its bytes are these. Optional: older ledgers lack it.
    photo: list[str] = field(default_factory=list)
    # When the story was first collected (ISO), if later than its dumps were: pasted into a
    # dump ingested before (`story_references`). Optional: most stories have none.
    seen: str = ""
    # A story whose file the editor deleted or edited: its text's (same_story.text_print).
    fingerprint: str = ""

    def to_json(self) -> dict[str, Any]:
        data: dict[str, Any] = {
            "path": self.path,
            "sha256": self.sha256,
            "keys": sorted(self.keys),
            "sources": [list(source) for source in sorted(self.sources)],
        }
        if self.dated:
            data["dated"] = self.dated
        if self.photo:
            data["photo"] = self.photo
        if self.seen:
            data["seen"] = self.seen
        if self.fingerprint:
            data["fingerprint"] = self.fingerprint
        return data


@dataclass(slots=True)
class Ledger:
    """The ledger of written stories, by story id (mutable only within one export)."""

    entries: dict[str, LedgerEntry] = field(default_factory=dict)
    # When each dump was first collected (ISO time): its stories' reference time, kept
    # as first written so that their dates never move. Optional: older ledgers lack it.
    seen: dict[str, str] = field(default_factory=dict)
    _by_key: dict[str, str] = field(default_factory=dict)
    # Stories whose text grew or changed where they stood in their dump (`_grown`), by id:
    # the place of the new text; *changed*: those of them whose new text is no longer one
    # that starts with the old (a near duplicate of their file).
    grown: dict[str, tuple[str, int]] = field(default_factory=dict)
    changed: set[str] = field(default_factory=set)
    # Stories whose text no dump holds any more though every dump they came from is read
    # (`_vanished`), by id: the places they claim (the file stays published; export warns).
    vanished: dict[str, list[tuple[str, int]]] = field(default_factory=dict)
    # This ingest's reference times, when some story's place has one of its own (else
    # empty): export records them in the stories' entries (`story_references`).
    placed: dict[str, dt.datetime] = field(default_factory=dict)
    # The dumps ingested before this ingest (as `seen` was read): only a place of one of
    # them can hold a story that grew (an older ledger, which records none, finds none).
    _read_before: frozenset[str] = field(default=frozenset(), init=False)

    def __post_init__(self) -> None:
        self._read_before = frozenset(self.seen)
        for known in sorted(self.entries, reverse=True):  # the smallest id wins a tie
            self._by_key.update(dict.fromkeys(self.entries[known].keys, known))

    @property
    def read_before(self) -> frozenset[str]:
        """The dumps ingested before this ingest (as `seen` was read)."""
        return self._read_before

    def id_for(self, keys: Iterable[str]) -> str | None:
        """Return the id of a known story that any of *keys* belongs to."""
        for key in keys:
            if key in self._by_key:
                return self._by_key[key]
        return None

    def story_ids(
        self,
        stories: Sequence[Story],
        articles: Path,
        moved: Mapping[str, str],
        near: IngestConfig | None = None,
    ) -> list[str]:
        """Return each story's id, never one id for two stories that may be written.

        A story is known by any of its keys. When a change of settings (a higher
        near-duplicate threshold, other chrome) splits a story the ledger knew into several,
        one keeps its id, and with it its file: the one holding the key the id was made
        from, else the ledger's first key that any of them holds. Each other one gets an id
        of its own (a new story's, if no other story has it) and so a file of its own: none
        is written over another's text. The entry gives up the keys and sources of the
        stories split off, so that its file lists what a fresh ingest would. A story the
        editor deleted (its file in *articles*, or where *moved* says, gone) stays one id:
        no half of it comes back.

        With *near* (the settings of near duplicates), a story whose text changed at its
        place in a dump keeps that place's story's id when it is its file's (`same_story`).
        """
        known = [self.id_for(story.keys) for story in stories]
        if None in known:
            known = self._grown(stories, known, (articles, moved), near)
        self._vanished(stories, articles, moved)
        ids = [found or story_id(story) for found, story in zip(known, stories, strict=True)]
        claims: dict[str, list[int]] = {}
        for position, article_id in enumerate(ids):
            claims.setdefault(article_id, []).append(position)
        taken = set(claims)
        for article_id, positions in sorted(claims.items()):
            if len(positions) > 1 and not self._deleted(article_id, articles, moved):
                owner = positions[self._owner(article_id, [stories[p] for p in positions])]
                others = [stories[position] for position in positions if position != owner]
                for position in positions:
                    if position != owner:
                        ids[position] = _own_id(stories[position], taken)
                self._give_up(article_id, others)
        return ids

    def _grown(
        self,
        stories: Sequence[Story],
        known: list[str | None],
        files: tuple[Path, Mapping[str, str]],
        near: IngestConfig | None,
    ) -> list[str | None]:
        """Return *known* with the id of each new story whose text grew or changed from a
        story written before at a place of the same dump (saved, built, then pasted further;
        a word corrected; an article pasted again after the outlet corrected it).

        The old story's text is gone from every dump (no story holds a key of it) and its
        file is there. It is the same story when the new text stands at its place and starts
        with the old (`prefix_keys`), or stands anywhere in that dump and is a near duplicate
        of its file (`same_story`, under *near*): kept under its id, file and URL; export
        writes the new text over the file unless the editor edited it. Else the old story
        stayed published beside the new, both claiming one source.
        """
        dumps = {
            source.dump
            for found, story in zip(known, stories, strict=True)
            if found is None
            for source in story.sources
            if source.dump in self._read_before
        }
        if not dumps:  # new dumps only (a deploy): no story of theirs was written before
            return known
        gone = self._gone_from(dumps, {key for story in stories for key in story.keys})
        articles, moved = files
        for position, story in enumerate(stories):
            places = {(s.dump, s.index) for s in story.sources if s.dump in gone}
            if known[position] is not None or not places:
                continue
            # The stories that stood at its place first, then the others of its dumps.
            candidates = sorted(
                {(places.isdisjoint(at), found) for s in places for found, at in gone[s[0]]}
            )
            keys: set[str] | None = None
            for elsewhere, article_id in candidates:
                entry = self.entries[article_id]
                path = articles / moved.get(article_id, entry.path)
                there = path.is_file()
                if article_id in self.grown or not (there or entry.sha256):
                    continue
                # (a file the editor deleted: the story that grew at its place stays deleted)
                if not elsewhere:
                    keys = prefix_keys(story.primary) if keys is None else keys
                    if not keys.isdisjoint(entry.keys):
                        known[position] = article_id
                        break
                if near is not None and same_story(story, path, near, entry.fingerprint):
                    known[position] = article_id
                    self.changed.add(article_id)
                    break
            if (found := known[position]) is not None:
                self.grown[found] = min(places)
        return known

    def _gone_from(
        self, dumps: set[str], held: set[str]
    ) -> dict[str, list[tuple[str, set[tuple[str, int]]]]]:
        """Return, by dump, the stories with a place in one of *dumps* whose text no story
        now holds, each with its places."""
        gone: dict[str, list[tuple[str, set[tuple[str, int]]]]] = {}
        for article_id, entry in self.entries.items():
            # (the keys first: a set test in C, and most entries' keys are held)
            if held.isdisjoint(entry.keys) and any(dump in dumps for dump, _ in entry.sources):
                places = set(entry.sources)
                for dump in dumps.intersection(dump for dump, _ in places):
                    gone.setdefault(dump, []).append((article_id, places))
        return gone

    def _vanished(self, stories: Sequence[Story], articles: Path, moved: Mapping[str, str]) -> None:
        """Record the stories whose file is there but whose text no dump holds any more,
        though every dump they came from was read again (a story cut from its dump, or
        replaced there by another): they stay published, and the editor is told."""
        read = {source.dump for story in stories for source in story.sources}
        read &= self._read_before
        if not read:
            return
        held = {key for story in stories for key in story.keys}
        for article_id, entry in self.entries.items():  # (the keys first: most are held)
            if not held.isdisjoint(entry.keys) or article_id in self.grown or not entry.sha256:
                continue
            if not entry.sources or any(dump not in read for dump, _ in entry.sources):
                continue
            if (articles / moved.get(article_id, entry.path)).is_file():
                self.vanished[article_id] = sorted(entry.sources)

    def _deleted(self, article_id: str, articles: Path, moved: Mapping[str, str]) -> bool:
        """Tell whether the editor deleted the file digest wrote for *article_id* (as export
        tells: a file written, not there now)."""
        entry = self.entries.get(article_id)
        if entry is None or not entry.sha256:
            return False
        return not (articles / moved.get(article_id, entry.path)).is_file()

    def _give_up(self, article_id: str, others: Sequence[Story]) -> None:
        """Take the keys and sources of *others*, split off from *article_id*, off its entry."""
        entry = self.entries.get(article_id)
        if entry is None:
            return
        keys = {key for story in others for key in story.keys}
        sources = {(source.dump, source.index) for story in others for source in story.sources}
        entry.keys = [key for key in entry.keys if key not in keys]
        entry.sources = [source for source in entry.sources if source not in sources]

    def _owner(self, article_id: str, claimants: Sequence[Story]) -> int:
        """Return which of *claimants*, all known by *article_id*, keeps that id."""
        for index, story in enumerate(claimants):
            if any(key_id(key) == article_id for key in story.keys):
                return index
        held = [set(story.keys) for story in claimants]
        entry = self.entries.get(article_id)
        for key in sorted(entry.keys) if entry is not None else ():
            for index, keys in enumerate(held):
                if key in keys:
                    return index
        return 0  # (only stories with one content key, which dedup never leaves, get here)

    def dated_of(self, article_id: str) -> list[str]:
        """Return the date, source and precision the story *article_id* was first written with."""
        entry = self.entries.get(article_id)
        return entry.dated if entry is not None else []

    def remember(self, story_id: str, keys: Iterable[str]) -> None:
        """Record that *keys* belong to the story *story_id*."""
        for key in keys:
            self._by_key.setdefault(key, story_id)


def _own_id(story: Story, taken: set[str]) -> str:
    """Return an id for *story* that no story of this ingest has; add it to *taken*.

    A new story's id when free (a story split off before keeps the id it got then), else
    one made from its first key and a number, the same on every ingest.
    """
    for count in itertools.count(1):
        seed = story.keys[0] if count == 1 else f"{story.keys[0]}\n{count}"
        candidate = key_id(seed)
        if candidate not in taken:
            taken.add(candidate)
            return candidate
    raise AssertionError("unreachable")  # pragma: no cover - count() never ends


def ledger_json(ledger: Ledger) -> str:
    """Return the ledger as stable, sorted JSON text."""
    stories = {story_id: ledger.entries[story_id].to_json() for story_id in sorted(ledger.entries)}
    data: dict[str, object] = {"version": LEDGER_VERSION, "stories": stories}
    if ledger.seen:
        data["seen"] = dict(sorted(ledger.seen.items()))
    return indented(data) + "\n"
