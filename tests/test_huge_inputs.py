"""A story file or a dump past its kind's size is refused from its size, never read whole.

review17 H15: a 600 MB `.md` of NUL bytes cost 62 s and 6.8 GB of memory before its error,
and under a memory limit the build died with a MemoryError traceback while stamping it.
"""

from __future__ import annotations

import resource
import subprocess
import sys
from pathlib import Path

from digest.bounded_read import MAX_STORY_BYTES
from tests.conftest_project import make_project
from tests.test_bad_input import story

_GiB = 1024 * 1024 * 1024


def _limited_build(project: Path, address_space: int) -> subprocess.CompletedProcess[str]:
    def limit() -> None:  # in the child: more than a build needs, less than the file
        resource.setrlimit(resource.RLIMIT_AS, (address_space, address_space))

    return subprocess.run(
        [sys.executable, "-m", "digest", "build", "-q"],
        cwd=project,
        capture_output=True,
        text=True,
        preexec_fn=limit,
        timeout=300,
        check=False,
        env={"PATH": "/usr/bin:/bin", "DIGEST_WORKERS": "0", "PYTHONPATH": str(Path.cwd())},
    )


def test_a_huge_story_file_is_named_with_its_size_under_a_memory_limit(tmp_path: Path) -> None:
    project = make_project(
        tmp_path / "project", {"news.txt": story("Harbour Opens", "Text.").encode()}
    )
    huge = project / "content" / "articles" / "huge.md"
    huge.parent.mkdir(parents=True)
    with huge.open("wb") as file:  # sparse: no disk, 1.5 GiB to read
        file.truncate(_GiB + _GiB // 2)
    done = _limited_build(project, _GiB)
    assert done.returncode == 1, done.stderr
    assert "Traceback" not in done.stderr and "MemoryError" not in done.stderr
    assert "content/articles/huge.md" in done.stderr
    assert f"at most {MAX_STORY_BYTES:,} are read" in done.stderr


def test_a_story_file_just_past_its_size_is_refused_and_one_at_it_is_read(tmp_path: Path) -> None:
    project = make_project(tmp_path / "project")
    articles = project / "content" / "articles"
    articles.mkdir(parents=True)
    head = b"---\ntitle: Long\ndate: 2026-12-01\n---\n\n"
    (articles / "long.md").write_bytes(head + b"word " * ((MAX_STORY_BYTES - len(head)) // 5))
    done = _limited_build(project, 4 * _GiB)
    assert "long.md" not in done.stderr  # read; whatever else the page's own limits say
    (articles / "long.md").write_bytes(b"x" * (MAX_STORY_BYTES + 1))
    done = _limited_build(project, 4 * _GiB)
    assert done.returncode == 1 and "Traceback" not in done.stderr
    assert f"long.md: cannot be read (a story file of {MAX_STORY_BYTES + 1:,} bytes" in done.stderr


def test_a_huge_dump_is_skipped_under_a_memory_limit_and_the_others_are_built(
    tmp_path: Path,
) -> None:
    project = make_project(
        tmp_path / "project", {"news.txt": story("Harbour Opens", "Text.").encode()}
    )
    with (project / "content" / "raw" / "huge.txt").open("wb") as file:
        file.truncate(_GiB + _GiB // 2)  # stamping it read it whole: a MemoryError traceback
    done = _limited_build(project, _GiB)
    assert done.returncode == 0, done.stderr
    assert "Traceback" not in done.stderr
    assert "huge.txt: 1611 MB, more than one dump may hold" in done.stderr
    assert list((project / "content" / "articles").rglob("harbour-opens.md"))
