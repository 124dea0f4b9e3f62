"""site/pagefind_entry: a shard of several languages indexed twice gives the same bytes.

Pagefind writes the languages of its entry file in an order that changes from run to run
(cold16): digest rewrites them in name order, the rest of the file as Pagefind wrote it.
"""

from __future__ import annotations

import json
import shutil
from pathlib import Path

from digest.paths import CACHE_DIR
from digest.site.pagefind_entry import ENTRY, steady_bytes, steady_entry
from tests.conftest import build
from tests.conftest_project import snapshot

LANGUAGES = ("pt", "de", "fr", "en", "nl", "es", "it")
WORDS = {
    "pt": "O conselho municipal aprovou hoje o novo plano de transportes para a cidade.",
    "de": "Der Stadtrat hat heute den neuen Verkehrsplan für die Stadt beschlossen.",
    "fr": "Le conseil municipal a adopté aujourd'hui le nouveau plan de transport de la ville.",
    "en": "The city council approved the new transport plan for the city today.",
    "nl": "De gemeenteraad heeft vandaag het nieuwe vervoersplan voor de stad goedgekeurd.",
    "es": "El ayuntamiento aprobó hoy el nuevo plan de transporte para la ciudad.",
    "it": "Il consiglio comunale ha approvato oggi il nuovo piano dei trasporti della città.",
}


def _project(root: Path) -> Path:
    articles = root / "content" / "articles" / "2025" / "03"
    articles.mkdir(parents=True)
    (root / "digest.yaml").write_text(
        "title: Digest\nbase_url: http://127.0.0.1/\n", encoding="utf-8"
    )
    for day, language in enumerate(LANGUAGES, start=1):
        (articles / f"story-{language}.md").write_text(
            f"---\ntitle: Story {language}\ndate: 2025-03-{day:02d}\nlanguage: {language}\n"
            f"regions: [Europe]\n---\n\n{WORDS[language]}\n",
            encoding="utf-8",
        )
    return root


def test_a_shard_of_several_languages_indexed_twice_is_the_same_bytes(tmp_path: Path) -> None:
    project = _project(tmp_path / "project")
    indexes = []
    for _ in range(2):  # from nothing each time: Pagefind runs on the same pages again
        shutil.rmtree(project / CACHE_DIR, ignore_errors=True)
        shutil.rmtree(project / "site", ignore_errors=True)
        indexes.append(snapshot(build(project) / "pagefind"))
    assert indexes[0] == indexes[1]
    languages = list(json.loads(indexes[0][ENTRY])["languages"])
    assert languages == sorted(LANGUAGES)  # one shard, every language, in name order


def test_only_the_order_of_the_languages_changes(tmp_path: Path) -> None:
    written = (
        '{"version":"1.5.2","languages":{"fr":{"hash":"fr_884ea98aac","wasm":"fr",'
        '"page_count":2},"de":{"hash":"de_84dcec3a2c","wasm":"de","page_count":1}},'
        '"include_characters":["_","\u203f"]}'
    ).encode()
    steady = steady_bytes(written)
    assert steady == written.replace(
        b'"fr":{"hash":"fr_884ea98aac","wasm":"fr","page_count":2},'
        b'"de":{"hash":"de_84dcec3a2c","wasm":"de","page_count":1}',
        b'"de":{"hash":"de_84dcec3a2c","wasm":"de","page_count":1},'
        b'"fr":{"hash":"fr_884ea98aac","wasm":"fr","page_count":2}',
    )
    assert steady is not None and steady_bytes(steady) == steady  # in order: the same bytes
    (tmp_path / ENTRY).write_bytes(written)
    steady_entry(tmp_path)
    assert (tmp_path / ENTRY).read_bytes() == steady
    assert [path.name for path in tmp_path.iterdir()] == [ENTRY]  # no file left beside it


def test_an_entry_of_another_shape_is_left_as_it_is(tmp_path: Path) -> None:
    for odd in (
        b"not json",
        b'{"languages":[1,2]}',
        b'{"version": "1.5.2", "languages": {"fr": {}, "de": {}}}',  # not compact: not its
        b"[]",
    ):
        assert steady_bytes(odd) is None
        (tmp_path / ENTRY).write_bytes(odd)
        steady_entry(tmp_path)
        assert (tmp_path / ENTRY).read_bytes() == odd
    steady_entry(tmp_path / "missing")  # no entry file: nothing to do
