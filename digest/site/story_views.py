"""Story views of a build: the stories its files show, each with its body only where shown.

A story's body (its HTML) is shown on its own page and in feeds; list pages (home, day,
month, region and tag pages) show its card and teaser alone. So a build holds every story
it renders a list page with, but without its body (made from the card: nothing is read),
loads bodies only for story pages and feeds, and drops them once those pages are rendered:
memory grows with the number of stories by their cards, never by their text. A theme whose
other templates show `body_html` gets full stories everywhere, as before.
"""

from __future__ import annotations

from collections.abc import Collection, Mapping
from dataclasses import replace
from pathlib import Path

from markupsafe import Markup

from digest.paths import TEMPLATES_DIR
from digest.site.plan import Arranged, SitePlan, referenced_ids
from digest.site.render_pass import LoadFull, stories_for
from digest.site.renderer import make_story
from digest.site.theme import Theme
from digest.site.views import STORY_TEMPLATE, Story, StoryRef
from digest.tree import files as walk_files

BODY = "body_html"  # the Story field that holds the body
OWN_BODY = "story.body_html"  # how the story template shows its own story's body


def bodies_only_on_story_pages(theme: Theme) -> bool:
    """Tell whether the story template alone shows bodies, and only its own story's."""
    folders = [*theme.template_dirs, *(folder / TEMPLATES_DIR for folder in theme.chain)]
    for folder in folders:
        for relative, path in walk_files(Path(folder), hidden=True):
            text = path.read_text(encoding="utf-8", errors="replace")
            if relative == STORY_TEMPLATE:
                text = text.replace(OWN_BODY, "")
            if BODY in text:
                return False
    return True


def body_ids(plan: SitePlan, paths: Collection[str]) -> set[str]:
    """Return the ids of the stories whose body the files at *paths* show."""
    wanted: set[str] = set()
    for path in paths:
        page = plan.pages.get(path)
        if page is not None and page.template == STORY_TEMPLATE:
            own = page.values.get("story")
            if isinstance(own, StoryRef):
                wanted.add(own.id)
        elif path in plan.feeds:
            wanted.update(ref.id for ref in plan.feeds[path].entries)
    return wanted


class StoryViews:
    """The stories a build's files show, by id: full where their bodies are shown, else bare."""

    def __init__(self, plan: SitePlan, arranged: Arranged, theme: Theme) -> None:
        self.plan = plan
        self.arranged = arranged
        self.stories: dict[str, Story] = {}
        self.bare: set[str] = set()  # ids of stories held without their body
        self.may_drop = bodies_only_on_story_pages(theme)
        self._cards = {card.id: card for card in arranged.shown}

    def for_files(self, paths: Collection[str], load: LoadFull) -> Mapping[str, Story]:
        """Return the stories the files at *paths* show (loading bodies with *load*)."""
        if not self.may_drop:
            self.stories.update(stories_for(self.plan, self.arranged, paths, self.stories, load))
            return self.stories
        bodies = body_ids(self.plan, paths)
        have: dict[str, Story] = {}
        wanted = referenced_ids(self.plan, paths)
        for name in wanted:
            story = self.stories.get(name)
            if story is None and name not in bodies:
                story = self.stories[name] = self._bare(name)
                self.bare.add(name)
            if story is not None and (name not in self.bare or name not in bodies):
                have[name] = story
        found = stories_for(self.plan, self.arranged, paths, have, load, wanted)
        loaded = found.keys() - have.keys()
        self.stories.update((name, found[name]) for name in loaded)
        self.bare.difference_update(loaded)
        return self.stories

    def drop_bodies(self) -> None:
        """Keep every story held without its body (its pages are rendered)."""
        if not self.may_drop:
            return
        for name, story in self.stories.items():
            if name not in self.bare:
                self.stories[name] = replace(story, article=self._cards[name], body_html=Markup(""))
                self.bare.add(name)

    def _bare(self, name: str) -> Story:
        card = self._cards[name]
        media = self.arranged.media.get(name)
        picture = None if media is None else media.picture
        file = self.arranged.file_of[name]
        return make_story(card, "", file.teaser, self.plan.setup.urls, picture)
