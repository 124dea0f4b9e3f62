"""`resolve` (every StoryRef of a page's values made its full story, asked of every page a
build renders) gives what `map_refs` gives with the same change, on every shape of value."""

from __future__ import annotations

import datetime as dt

from digest.site.views import DayView, Link, SectionView, StoryRef, map_refs, resolve


def _ref(name: str) -> StoryRef:
    return StoryRef(name, f"d-{name}", f"/{name}/", name.title(), "")


def test_resolve_is_map_refs_with_the_full_stories() -> None:
    stories = {name: f"full {name}" for name in "abcde"}
    values = {
        "story": _ref("a"),
        "related": (_ref("b"), _ref("c")),
        "sections": (
            SectionView(Link("Europe", "/regions/europe/"), (_ref("d"), _ref("a")), 3),
            SectionView(None, ()),
        ),
        "days": (DayView(dt.date(2025, 1, 2), "/2025/01/02/", (_ref("e"),)),),
        "nested": ((_ref("b"), ("text", 3, None)), {"inner": _ref("c")}),
        "plain": ("x", 1, None, dt.date(2025, 1, 1)),
        "count": 5,
    }
    resolved = resolve(values, stories)  # type: ignore[arg-type]
    assert resolved == map_refs(values, lambda ref: stories[ref.id])
    assert resolved["sections"][0].stories == ("full d", "full a")
    assert resolved["nested"] == (("full b", ("text", 3, None)), {"inner": "full c"})
    assert resolved["story"] == "full a" and resolved["count"] == 5
