"""site/'s manifest read as a view of its columns (`write.manifest_view`): the same manifest
as `manifest_from_bytes`, each entry made only when it is asked for."""

from __future__ import annotations

from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

from digest.store import write
from digest.store.write import Entry, Rows, manifest_bytes, manifest_from_bytes, manifest_view

NAMES = st.text(alphabet="abcz09-_", min_size=1, max_size=8)
PATHS = st.lists(NAMES, min_size=1, max_size=3).map("/".join)
STAMPS = st.tuples(st.integers(0, 2**63), st.integers(-(2**62), 2**62), st.integers(0, 2**63))
ENTRIES = st.builds(Entry, NAMES, NAMES, STAMPS, st.text(alphabet="0123abc", max_size=4))


@settings(suppress_health_check=[HealthCheck.too_slow], deadline=None)  # a shared machine
@given(st.dictionaries(PATHS, ENTRIES, min_size=1, max_size=20))
def test_the_view_is_the_manifest(manifest: dict[str, Entry]) -> None:
    data = manifest_bytes(manifest)
    view = manifest_view(data)
    assert isinstance(view, Rows)
    assert dict(view) == manifest_from_bytes(data) == manifest
    assert list(view) == list(manifest) and len(view) == len(manifest)
    first = next(iter(manifest))
    assert first in view and "not/a/path" not in view
    assert view.get("not/a/path") is None and view[first] == manifest[first]


def test_entries_are_made_only_when_asked_for(monkeypatch: object) -> None:
    manifest = {f"page-{n}/index.html": Entry(f"k{n}", f"d{n}", (n, n, n), "") for n in range(50)}
    data = manifest_bytes(manifest)
    made: list[str] = []

    def entry(key: str, *rest: object) -> Entry:
        made.append(key)
        return Entry(key, *rest)  # type: ignore[arg-type]

    original = write.Entry
    write.Entry = entry  # type: ignore[misc, assignment]
    try:
        view = manifest_view(data)
        assert set(view) == set(manifest) and made == []
        assert view["page-7/index.html"] == manifest["page-7/index.html"]
        assert made == ["k7"]
    finally:
        write.Entry = original  # type: ignore[misc]


def test_a_damaged_or_crafted_manifest_is_an_empty_view() -> None:
    data = manifest_bytes({"index.html": Entry("k", "d", (1, 2, 3))})
    assert manifest_view(data.replace(b"index.html", b"../victim")) == {}
    assert manifest_view(data[:-3]) == {}
    assert manifest_view(None) == {} and manifest_view(b"") == {}
    lines = b"index.html\tk\td\t1\t2\t3\t"  # the older form: read whole, as before
    assert manifest_view(lines) == {"index.html": Entry("k", "d", (1, 2, 3), "")}
