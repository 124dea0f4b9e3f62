"""Media: stories -> their pictures and page-bundle files, checked, and the site files they make.

A story's picture (`image:`) is a file beside its Markdown (relative to the story's folder,
inside content/articles/) or under the project's static/ ("/images/x.jpg"). A missing
file, one outside those folders (a "../" or a symbolic link out), or one that is not a
picture is an error naming the story file and the line of `image:`. A page bundle (a
story's folder with index.md and no other story below it, never a date folder or the top of
the tree) publishes its other files beside the story's page. Static files,
bundle files and pictures may not take the path of a page digest makes.
"""

from __future__ import annotations

import os
import re
from collections.abc import Collection, Iterable, Mapping, Sequence
from dataclasses import dataclass, field
from pathlib import Path, PurePosixPath

from digest.errors import ArticleError, ArticleErrors, DigestError
from digest.frontmatter import FrontMatterError, split
from digest.models import Article
from digest.paths import (
    ARTICLES_DIR,
    BUNDLE_INDEX,
    SEARCH_DIR,
    STATIC_DIR,
    STORY_SUFFIX,
    bundle_folder,
    editor_leftover,
    inside,
    misnamed_story,
)
from digest.pictures import too_large
from digest.site.images import Picture, picture_files
from digest.site.picture_cache import OUTPUT_FORMATS, FileJob
from digest.site.sources import SourceFacts, Unreadable
from digest.tree import files as walk_files

_IMAGE_LINE = re.compile(r"^image\s*:")


@dataclass(frozen=True, slots=True)
class StoryMedia:
    """A story's picture and the site files made for it, and its page bundle's files."""

    picture: Picture | None = None
    files: Mapping[str, FileJob] = field(default_factory=dict)  # resized, by site path
    resources: tuple[tuple[str, FileJob], ...] = ()  # by name under the story's folder


def picture_parts(media: StoryMedia | None) -> tuple[str, ...]:
    """Return what a story's reference digest adds for its picture (nothing without one).

    The name of a file it is published as holds the hash of its bytes and of the encoder
    (Pillow's version too): either changing gives the pages that show it new keys.
    """
    if media is None or media.picture is None:
        return ()
    return ("picture", media.picture.variants[0].path)


def project_of(articles: Path) -> Path:
    """Return the project whose content/articles/ folder is *articles*."""
    return articles.parents[len(ARTICLES_DIR.parts) - 1]


class MediaFinder:
    """Finds each story's picture and bundle files (their facts remembered by *facts*)."""

    def __init__(self, project: Path, facts: SourceFacts | None = None) -> None:
        self.project = project
        self.articles = project / ARTICLES_DIR
        self.static = project / STATIC_DIR
        self.facts = facts or SourceFacts(project)

    def __call__(self, cards: Sequence[Article]) -> dict[str, StoryMedia]:
        """Return the media of every story that has any, by id; raise ArticleErrors if broken."""
        found: dict[str, StoryMedia] = {}
        errors: list[ArticleError] = []
        for card in cards:
            try:
                picture, files = self._picture(card)
            except ArticleError as error:
                errors.append(error)
                continue
            resources = self._resources(card)
            if picture is not None or resources:
                found[card.id] = StoryMedia(picture, files, resources)
        if errors:
            raise ArticleErrors(errors)
        return found

    def _picture(self, card: Article) -> tuple[Picture | None, dict[str, FileJob]]:
        image = card.image
        if image is None:
            return None, {}
        story = self.articles / card.path
        if image.file.startswith("/"):
            root, where = self.static, f"{STATIC_DIR}/"
            target = Path(os.path.normpath(root / image.file.lstrip("/")))
        else:
            root, where = self.articles, f"{ARTICLES_DIR.as_posix()}/"
            target = Path(os.path.normpath(story.parent / image.file))

        def fail(problem: str) -> ArticleError:
            return ArticleError(story, f"image: {image.file}: {problem}", image_line(story))

        if not target.is_relative_to(root):
            outside = "the project" if not target.is_relative_to(self.project) else where
            raise fail(f"lies outside {outside} (a picture is beside its story or in {where})")
        if not inside(root, target):
            raise fail(f"a symbolic link out of {where}; refused")
        try:
            fact = self.facts.fact(target, root)
        except Unreadable:
            missing = not os.path.lexists(target)
            raise fail("no such file" if missing else "not a regular file") from None
        output = OUTPUT_FORMATS.get(fact.format)
        if output is None and fact.width:
            raise fail(f"{too_large(fact.width, fact.height)}: resize it")
        if output is None:
            raise fail(
                "not a picture, or a damaged one (expected a whole JPEG, PNG, WebP or GIF file)"
            )
        job = FileJob(str(target), str(root), fact.sha, fact.width, fact.height, fact.format)
        return picture_files(image, os.path.relpath(target, self.project), job, output)

    def _resources(self, card: Article) -> tuple[tuple[str, FileJob], ...]:
        """Return the other files of the story's page bundle (none when it is not one).

        A bundle is a leaf, as in Hugo: an index.md whose folder holds no other story, at
        any depth, and is neither the top of the tree nor a date folder. Else the files below
        belong to other stories (a draft's embargoed photo) or to none (the editor's notes),
        and none of them is published through this story.
        """
        if card.path.name != BUNDLE_INDEX:  # nearly every story: no path made (100 000 a deploy)
            return ()
        relative = PurePosixPath(*card.path.parts)
        if not bundle_folder(relative.parent):
            return ()
        folder = (self.articles / card.path).parent
        listed = walk_files(folder)
        if any(name.endswith(STORY_SUFFIX) for name, _ in listed if name != BUNDLE_INDEX):
            return ()  # a folder of stories, not one story's bundle
        found = []
        for name, path in listed:
            if _story_text(name) or editor_leftover(PurePosixPath(name).name):
                continue  # a story's text, or an editor's backup or autosave of it
            try:
                fact = self.facts.fact(path, self.articles)
            except Unreadable:  # gone since the walk; the next build sees it gone
                continue
            found.append((name, FileJob(str(path), str(self.articles), fact.sha)))
        return tuple(found)


def _story_text(name: str) -> bool:
    """Tell whether *name* is a story's Markdown (index.md, notes.MD): never a bundle's file."""
    return name.endswith(STORY_SUFFIX) or misnamed_story(name)


def image_line(story: Path) -> int | None:
    """Return the line of `image:` in the front matter of *story* (None if it cannot tell)."""
    try:
        front, _, _ = split(story.read_text(encoding="utf-8-sig"))
    except (OSError, UnicodeDecodeError, FrontMatterError):
        return None
    for number, line in enumerate(front.split("\n"), start=2):
        if _IMAGE_LINE.match(line):
            return number
    return None


def site_files(
    media: Mapping[str, StoryMedia], story_paths: Mapping[str, str]
) -> dict[str, FileJob]:
    """Return the files made for the stories shown (*story_paths*: page path by id)."""
    files: dict[str, FileJob] = {}
    for name, found in media.items():
        if name not in story_paths:  # a draft left out
            continue
        files.update(found.files)
        for resource, job in found.resources:
            files[story_paths[name] + resource] = job
    return dict(sorted(files.items()))


def check_collisions(
    generated: Iterable[str], made: Mapping[str, FileJob], static_names: Collection[str]
) -> None:
    """Raise DigestError naming each static or bundle file that takes a generated file's path.

    Also refused: a file where the site needs a folder (static/tags beside tags/), a folder
    where it has a file, and anything under the search index's folder.
    """
    published = {path: f"{STATIC_DIR}/{path}" for path in static_names}
    problems = []
    for path, job in made.items():
        if not job.width:
            if path in published:
                problems.append(f"{job.source}: a bundle file at {path}, as is {published[path]}")
            published[path] = job.source
    if not published:  # nothing published at a path of its own: nothing can clash
        return
    taken = set(generated) | {path for path, job in made.items() if job.width}
    folders = {parent for path in taken for parent in _parents(path)}
    for path, origin in sorted(published.items()):
        clash = path in taken or path in folders or path.startswith(f"{SEARCH_DIR}/")
        if clash or any(parent in taken for parent in _parents(path)):
            problems.append(
                f"{origin}: would be published at {path}, a path of the site digest makes"
                " itself; rename or move it"
            )
    if problems:
        raise DigestError("\n".join(problems))


def _parents(path: str) -> list[str]:
    parts = path.split("/")
    return ["/".join(parts[:end]) for end in range(1, len(parts))]
