"""Containment: nothing outside the project is read, written or published, whatever its files
say, and no input exhausts the build.

Every hostile case runs `digest` in a child process under a watchdog (a timeout, and a memory
ceiling), so a hang or a runaway allocation fails the test instead of stalling the suite. The
child reports its own peak memory, so the limits on YAML are checked, not assumed.
"""

from __future__ import annotations

import contextlib
import gzip
import json
import os
import re
import resource
import shutil
import subprocess
import sys
import threading
from collections.abc import Callable
from dataclasses import dataclass
from pathlib import Path

import pytest
import yaml

from digest import safe_yaml
from digest.errors import clip
from digest.paths import article_path_problem
from tests.conftest import FIXTURE_SITE
from tests.conftest_project import REPO, SEEDS, snapshot
from tests.cpu_time import cpu_time

WATCHDOG_SECONDS = 240  # a build of a few stories takes seconds; a hang never ends
MEMORY_CEILING = 2 * 1024**3  # the child dies here rather than swap the machine
SECRET = "S3CRET-DIGEST-CANARY"
_CHILD = (
    "import sys\n"
    "from digest.commands.cli import main\n"
    "try:\n"
    "    code = main(sys.argv[1:])\n"
    "finally:\n"
    # VmHWM is this process's own peak: ru_maxrss keeps the forking parent's (pytest's) peak
    # across exec on Linux, so a large test process made every child look large.
    "    peak = next(int(line.split()[1]) for line in open('/proc/self/status')\n"
    "                if line.startswith('VmHWM:'))\n"
    "    print(f'[peak-kb={peak}]', file=sys.stderr)\n"
    "sys.exit(code)\n"
)


@dataclass
class Run:
    code: int
    out: str
    err: str
    seconds: float  # of CPU
    peak_mb: float


def _limit_memory() -> None:
    resource.setrlimit(resource.RLIMIT_AS, (MEMORY_CEILING, MEMORY_CEILING))


def digest(*args: str, env: dict[str, str] | None = None) -> Run:
    """Run `digest *args* -q` in a child process under the watchdog."""
    environ = {**os.environ, "PYTHONPATH": str(REPO), **(env or {})}
    try:
        with cpu_time() as spent:  # not the wall clock, which a busy machine stretches
            done = subprocess.run(
                [sys.executable, "-c", _CHILD, *args],
                capture_output=True,
                text=True,
                timeout=WATCHDOG_SECONDS,
                env=environ,
                preexec_fn=_limit_memory,
                check=False,
            )
    except subprocess.TimeoutExpired:
        pytest.fail(f"digest {' '.join(args)} still running after {WATCHDOG_SECONDS} s (a hang)")
    found = re.search(r"\[peak-kb=(\d+)\]", done.stderr)
    peak = int(found.group(1)) / 1024 if found else float("nan")
    return Run(done.returncode, done.stdout, done.stderr, spent.seconds, peak)


def assert_clean_error(run: Run, *named: str) -> None:
    """The run failed with exit 1, one short message naming *named*, and no traceback."""
    assert run.code == 1, run.err
    assert "Traceback" not in run.err, run.err
    for name in named:
        assert name in run.err, run.err
    assert len(run.err) < 4000, run.err[:2000]


def article(title: str, extra: str = "") -> str:
    return f"---\ntitle: {title}\ndate: 2026-01-05\n{extra}---\n\nBody of {title}.\n"


@pytest.fixture(scope="module")
def ingested(tmp_path_factory: pytest.TempPathFactory) -> Path:
    """Return a project with one seed dump ingested (articles and a ledger written)."""
    root = tmp_path_factory.mktemp("ingested") / "project"
    (root / "content" / "raw").mkdir(parents=True)
    shutil.copy(REPO / "digest.yaml", root / "digest.yaml")
    dump = sorted(SEEDS.glob("*.txt"))[0]
    shutil.copy(dump, root / "content" / "raw" / dump.name)
    run = digest("ingest", "-q", "-C", str(root))
    assert run.code == 0, run.err
    return root


def copy_project(source: Path, target: Path) -> Path:
    shutil.copytree(source, target, ignore=shutil.ignore_patterns(".digest-cache", ".digest-build"))
    return target


def set_theme(project: Path, name: str) -> None:
    config = project / "digest.yaml"
    text = config.read_text(encoding="utf-8")
    config.write_text(text.replace("theme: default", f"theme: {name}"), encoding="utf-8")


def ledger_of(project: Path) -> dict[str, object]:
    data = json.loads((project / "content" / ".ingest.json").read_text(encoding="utf-8"))
    assert isinstance(data, dict)
    return data


# The ledger -------------------------------------------------------------------------------


@pytest.mark.parametrize(
    "hostile",
    ["../../../victim.txt", "{victim}", "../raw/{dump}", "2026/./../../../victim.txt", "a/b.txt"],
)
def test_a_ledger_path_outside_the_articles_is_refused(
    ingested: Path, tmp_path: Path, hostile: str
) -> None:
    project = copy_project(ingested, tmp_path / "a" / "b" / "project")
    victim = tmp_path / "a" / "victim.txt"  # where ../../../victim.txt lands
    victim.write_text("the victim's own bytes\n", encoding="utf-8")
    dump = next((project / "content" / "raw").iterdir())
    dumps_before = snapshot(project / "content" / "raw")
    data = ledger_of(project)
    stories = data["stories"]
    assert isinstance(stories, dict)
    story = sorted(stories)[0]
    stories[story]["path"] = hostile.format(victim=victim, dump=dump.name)
    (project / "content" / ".ingest.json").write_text(json.dumps(data), encoding="utf-8")

    for verb in ("ingest", "build"):
        run = digest(verb, "-q", "-C", str(project))
        assert_clean_error(run, ".ingest.json", story, "path")
    assert victim.read_text(encoding="utf-8") == "the victim's own bytes\n"
    assert snapshot(project / "content" / "raw") == dumps_before
    assert not (project / "site").exists()


def conflicted(text: str) -> str:
    """Return a ledger's text as `git merge` leaves it when both branches changed one entry."""
    lines = text.split("\n")
    at = next(number for number, line in enumerate(lines) if '"sources"' in line)
    lines[at:at] = ["<<<<<<< HEAD", '      "note": "ours",', "=======", '      "note": "theirs",']
    lines.insert(at + 4, ">>>>>>> other-branch")
    return "\n".join(lines)


def keys_a_string(text: str) -> str:
    return re.sub(r'"keys": \[[^\]]*\]', '"keys": "abc"', text, count=1)


def an_index_infinity(text: str) -> str:
    return re.sub(r"\d+(\s*)\]", r"Infinity\1]", text, count=1)


def a_seen_past_the_last_time(text: str) -> str:
    """review19 S31: a reference time Python cannot hold in UTC was an OverflowError."""
    last = '"9999-12-31T23:59:59-14:00"'
    return re.sub(r'("seen": \{\s*"[^"]*": )"[^"]*"', rf"\g<1>{last}", text, count=1)


@pytest.mark.parametrize(
    "damage",
    [
        pytest.param(conflicted, id="merge-conflict"),
        pytest.param(lambda text: text[: len(text) // 2], id="cut-off"),
        pytest.param(lambda text: text.replace('"version": 1', '"version": 7'), id="version"),
        pytest.param(lambda text: text.replace('"keys"', '"kees"', 1), id="entry"),
        pytest.param(keys_a_string, id="keys"),  # was read as the keys "a", "b", "c"
        pytest.param(an_index_infinity, id="infinity"),  # JSON's extension: was a traceback
        pytest.param(a_seen_past_the_last_time, id="seen-overflow"),  # was a traceback too
    ],
)
def test_a_damaged_ledger_stops_ingest_and_is_never_replaced(
    ingested: Path, tmp_path: Path, damage: Callable[[str], str]
) -> None:
    """A new ledger would forget the stories the editor deleted, and they would come back."""
    project = copy_project(ingested, tmp_path / "project")
    articles = project / "content" / "articles"
    deleted = sorted(articles.rglob("*.md"))[0]
    deleted.unlink()
    assert digest("ingest", "-q", "-C", str(project)).code == 0
    ledger = project / "content" / ".ingest.json"
    damaged = damage(ledger.read_text(encoding="utf-8"))
    ledger.write_text(damaged, encoding="utf-8")
    before = snapshot(project / "content")

    for verb in ("ingest", "build"):
        run = digest(verb, "-q", "-C", str(project))
        assert_clean_error(run, ".ingest.json", "restore it from version control")
        assert snapshot(project / "content") == before
    checked = digest("check", "-C", str(project))  # says so before a build would fail
    assert_clean_error(checked, ".ingest.json", "restore it from version control")
    assert not deleted.exists()
    assert not (project / "site").exists()
    if damage is conflicted:  # JSON says where: the line of the first marker
        line = damaged.split("\n").index("<<<<<<< HEAD") + 1
        assert f".ingest.json:{line}:1: " in run.err and "merge-conflict" in run.err, run.err
    if damage in (keys_a_string, a_seen_past_the_last_time):  # the line of the entry's key
        assert re.search(r"\.ingest\.json:\d+: not an ingest ledger: ", run.err), run.err


def test_an_empty_or_malformed_hash_never_means_unedited(ingested: Path, tmp_path: Path) -> None:
    project = copy_project(ingested, tmp_path / "project")
    data = ledger_of(project)
    stories = data["stories"]
    assert isinstance(stories, dict)
    chosen = sorted(stories)[:2]
    edited = []
    for story, bad_hash in zip(chosen, ["", "not-a-hash"], strict=True):
        path = project / "content" / "articles" / stories[story]["path"]
        path.write_text(path.read_text(encoding="utf-8") + "\nThe editor's line.\n", "utf-8")
        stories[story]["sha256"] = bad_hash
        edited.append((path, path.read_bytes()))
    (project / "content" / ".ingest.json").write_text(json.dumps(data), encoding="utf-8")

    run = digest("ingest", "-q", "-C", str(project))
    assert run.code == 0, run.err
    for path, kept in edited:
        assert path.read_bytes() == kept


def test_the_ledger_path_rule() -> None:
    assert article_path_problem("2026/01/story.md") is None
    for bad in ("", "/etc/x.md", "../x.md", "a/../x.md", "./x.md", "a//x.md", "a\\x.md", "x.txt"):
        assert article_path_problem(bad) is not None, bad
    assert article_path_problem(None) is not None


# Symbolic links and special files ----------------------------------------------------------


@dataclass
class Hostile:
    project: Path
    outside: Path
    outside_before: dict[str, bytes]
    run: Run
    again: Run


@pytest.fixture(scope="module")
def linked(tmp_path_factory: pytest.TempPathFactory) -> Hostile:
    """Build a project whose folders hold links out, loops and a FIFO (twice: cold, warm)."""
    base = tmp_path_factory.mktemp("linked")
    outside = base / "outside"
    (outside / "keys").mkdir(parents=True)
    (outside / "keys" / "id_rsa").write_text(f"{SECRET} private key\n", encoding="utf-8")
    (outside / "secret.txt").write_text(f"{SECRET} file\n", encoding="utf-8")
    (outside / "story.md").write_text(article(f"Leaked {SECRET}"), encoding="utf-8")
    (outside / "dump.txt").write_text(f"Leaked {SECRET} dump\n\nTT\n\nbody\n", encoding="utf-8")
    project = copy_project(FIXTURE_SITE, base / "project")
    theme = project / "themes" / "mine"
    (theme / "static").mkdir(parents=True)
    (theme / "theme.yaml").write_text("extends: default\n", encoding="utf-8")
    set_theme(project, "mine")
    static = project / "static"
    raw = project / "content" / "raw"
    articles = project / "content" / "articles"
    static.mkdir()
    raw.mkdir()
    links = {
        static / "passwd.txt": Path("/etc/passwd"),
        static / "environ.txt": Path("/proc/self/environ"),
        static / "keys": outside / "keys",
        static / "secret.txt": outside / "secret.txt",
        static / "loop-a": Path("."),
        static / "loop-b": Path("."),
        articles / "loop-a": Path("."),
        articles / "loop-b": Path("."),
        articles / "leaked.md": outside / "story.md",
        articles / "outside": outside,
        raw / "leaked.txt": outside / "dump.txt",
        raw / "passwd.txt": Path("/etc/passwd"),
        theme / "static" / "passwd.txt": Path("/etc/passwd"),
        theme / "static" / "environ.txt": Path("/proc/self/environ"),
    }
    for link, target in links.items():
        link.symlink_to(target)
    os.mkfifo(static / "pipe.txt")  # reading it would block for ever
    os.mkfifo(articles / "pipe.md")
    before = snapshot(outside)
    env = {"DIGEST_TEST_TOKEN": SECRET}
    run = digest("build", "-q", "-C", str(project), env=env)
    again = digest("build", "-q", "-C", str(project), env=env)
    return Hostile(project, outside, before, run, again)


def test_links_out_loops_and_fifos_do_not_stop_the_build(linked: Hostile) -> None:
    assert linked.run.code == 0, linked.run.err
    assert linked.again.code == 0, linked.again.err
    assert "Traceback" not in linked.run.err + linked.again.err


def test_nothing_outside_the_project_is_published(linked: Hostile) -> None:
    site = snapshot(linked.project / "site")
    assert site, "the site was built"
    leaked = [name for name, data in site.items() if SECRET.encode() in data]
    assert leaked == []
    passwd = [name for name, data in site.items() if b"root:x:0:0" in data]
    assert passwd == []
    assert not [name for name in site if "passwd" in name or "environ" in name or "keys" in name]
    written = []  # the articles ingest wrote (the links themselves are not followed here)
    for folder, _, names in os.walk(linked.project / "content" / "articles"):
        for name in names:
            path = Path(folder) / name
            if path.is_file() and not path.is_symlink() and SECRET.encode() in path.read_bytes():
                written.append(path)
    assert written == []


def test_nothing_outside_the_project_is_written(linked: Hostile) -> None:
    assert snapshot(linked.outside) == linked.outside_before
    assert sorted(path.name for path in linked.outside.iterdir()) == [
        "dump.txt",
        "keys",
        "secret.txt",
        "story.md",
    ]


@pytest.mark.parametrize(
    "name",
    [
        "static/passwd.txt",
        "static/environ.txt",
        "static/keys",
        "static/secret.txt",
        "static/pipe.txt",
        "content/articles/leaked.md",
        "content/articles/outside",
        "content/raw/leaked.txt",
        "content/raw/passwd.txt",
        "themes/mine/static/passwd.txt",
    ],
)
def test_each_skipped_file_is_named_in_a_warning(linked: Hostile, name: str) -> None:
    warnings = [line for line in linked.run.err.splitlines() if line.startswith("warning:")]
    assert any(name in line and "skipped" in line for line in warnings), linked.run.err
    # the no-op build that follows says it again: the link is still there
    assert any(name in line for line in linked.again.err.splitlines()), linked.again.err


def test_a_theme_folder_linked_out_of_the_project_is_refused(tmp_path: Path) -> None:
    outside = tmp_path / "outside-theme"
    (outside / "static").mkdir(parents=True)
    (outside / "static" / "secret.css").write_text(f"/* {SECRET} */\n", encoding="utf-8")
    project = copy_project(FIXTURE_SITE, tmp_path / "project")
    (project / "themes").mkdir()
    (project / "themes" / "evil").symlink_to(outside)
    set_theme(project, "evil")
    run = digest("build", "-q", "-C", str(project))
    assert_clean_error(run, "themes/evil", "theme")
    assert not (project / "site").exists()


def test_a_cache_folder_linked_out_of_the_project_is_refused(tmp_path: Path) -> None:
    outside = tmp_path / "outside-cache"
    outside.mkdir()
    project = copy_project(FIXTURE_SITE, tmp_path / "project")
    (project / ".digest-cache").symlink_to(outside)
    for verb in ("build", "ingest"):
        run = digest(verb, "-q", "-C", str(project))
        assert_clean_error(run, ".digest-cache", "symbolic link")
    assert list(outside.iterdir()) == []


@pytest.mark.parametrize("name", ["themes/mine/static/passwd.txt", "static/passwd.txt"])
def test_each_skipped_link_is_warned_of_once_a_build(linked: Hostile, name: str) -> None:
    """A theme's static/ is scanned with themes/ and again alone: its links were warned of
    twice, each "outside" another folder (review16 G29)."""
    lines = linked.run.err.splitlines()
    warned = [line for line in lines if line.startswith(f"warning: {name}:")]  # as in the project
    assert len(warned) == 1, linked.run.err


def test_a_template_linked_out_of_its_folder_is_not_read(tmp_path: Path) -> None:
    secret = tmp_path / "secret.html"
    secret.write_text(f"{SECRET} template\n", encoding="utf-8")
    project = copy_project(FIXTURE_SITE, tmp_path / "project")
    templates = project / "templates"
    templates.mkdir()
    (templates / "note.html").symlink_to(secret)
    base = (REPO / "digest" / "themes" / "default" / "templates" / "base.html").read_text(
        encoding="utf-8"
    )
    (templates / "base.html").write_text('{% include "note.html" %}' + base, encoding="utf-8")
    run = digest("build", "-q", "-C", str(project))
    assert_clean_error(run, "note.html", "symbolic link")
    site = snapshot(project / "site") if (project / "site").exists() else {}
    assert not [name for name, data in site.items() if SECRET.encode() in data]


@pytest.mark.parametrize("target", ["/dev/zero", "/proc/self/environ", "fifo", "outside"])
@pytest.mark.parametrize("name", ["digest.yaml", "content/.ingest.json"])
def test_settings_or_a_ledger_that_is_no_plain_file_inside_are_refused(
    ingested: Path, tmp_path: Path, name: str, target: str
) -> None:
    project = copy_project(ingested, tmp_path / "project")
    path = project / name
    path.unlink()
    if target == "fifo":
        os.mkfifo(path)
    elif target == "outside":
        outside = tmp_path / "outside.yaml"
        outside.write_text(f"title: {SECRET}\n", encoding="utf-8")
        path.symlink_to(outside)
    else:
        path.symlink_to(target)
    run = digest("build", "-q", "-C", str(project), env={"DIGEST_TEST_TOKEN": SECRET})
    assert_clean_error(run, name, "refused")
    assert SECRET not in run.err
    assert run.peak_mb < 500, run.peak_mb


def test_a_site_folder_linked_out_of_the_project_is_refused(tmp_path: Path) -> None:
    outside = tmp_path / "www"
    outside.mkdir()
    project = copy_project(FIXTURE_SITE, tmp_path / "project")
    (project / "site").symlink_to(outside)
    for _ in range(2):
        assert_clean_error(digest("build", "-q", "-C", str(project)), "site", "symbolic link")
    assert list(outside.iterdir()) == []
    assert (project / "site").is_symlink()


# Bounded input --------------------------------------------------------------------------


def laughs(levels: int = 9, *, mappings: bool = False) -> list[str]:
    """Return the lines of a "billion laughs" YAML mapping (9**levels values)."""

    def node(items: list[str]) -> str:
        if mappings:
            return "{" + ", ".join(f"k{n}: {item}" for n, item in enumerate(items)) + "}"
        return "[" + ", ".join(items) + "]"

    lines = [f"a0: &a0 {node(['lol'] * 9)}"]
    for level in range(1, levels + 1):
        lines.append(f"a{level}: &a{level} {node([f'*a{level - 1}'] * 9)}")
    return lines


def test_an_alias_bomb_in_front_matter_is_refused_fast_and_small(tmp_path: Path) -> None:
    project = copy_project(FIXTURE_SITE, tmp_path / "project")
    bomb = project / "content" / "articles" / "bomb.md"
    lines = laughs(mappings=True)  # `extra` takes any mapping: the whole bomb goes in
    front = "title: Bomb\ndate: 2026-01-05\nextra:\n" + "".join(f"  {line}\n" for line in lines)
    bomb.write_text(f"---\n{front}---\n\nx\n", encoding="utf-8")
    for verb in ("build", "check"):
        run = digest(verb, "-q", "-C", str(project))
        assert_clean_error(run, "bomb.md", "alias")
        assert run.seconds < 60
        assert run.peak_mb < 500, run.peak_mb


def test_an_alias_bomb_in_the_settings_is_refused_fast_and_small(tmp_path: Path) -> None:
    project = copy_project(FIXTURE_SITE, tmp_path / "project")
    (project / "digest.yaml").write_text("\n".join([*laughs(), "title: *a9"]) + "\n")
    for verb in ("build", "check", "ingest"):
        run = digest(verb, "-q", "-C", str(project))
        assert_clean_error(run, "digest.yaml", "alias")
        assert run.peak_mb < 500, run.peak_mb


@pytest.mark.parametrize(
    ("text", "words"),
    [
        ("\n".join(laughs(12)), "alias"),
        ("a: &a [*a]", "contains itself"),
        ("a: " + "[" * 5000 + "]" * 5000, "nested"),
        ("a:\n" + "".join(f"{'  ' * n}b{n}:\n" for n in range(1, 60)), "nested"),
        ("a: " + "x" * (safe_yaml.MAX_BYTES + 1), "too long"),
    ],
)
def test_the_bounded_loader_refuses_what_would_exhaust_a_build(text: str, words: str) -> None:
    with cpu_time() as spent, pytest.raises(yaml.YAMLError, match=words):
        safe_yaml.load(text)
    assert spent.seconds < 5


def test_the_bounded_loader_reads_ordinary_yaml_with_aliases() -> None:
    text = "base: &b [a, b]\nmore: *b\nmap: {x: 1, y: [1, 2, {z: true}]}\n"
    assert safe_yaml.load(text) == {
        "base": ["a", "b"],
        "more": ["a", "b"],
        "map": {"x": 1, "y": [1, 2, {"z": True}]},
    }


def test_error_messages_quote_at_most_a_short_piece_of_a_value(tmp_path: Path) -> None:
    project = copy_project(FIXTURE_SITE, tmp_path / "project")
    huge = "x" * 100_000
    (project / "digest.yaml").write_text(f"paginate: [{huge}, {huge}]\n{huge[:1000]}: 1\n")
    run = digest("build", "-q", "-C", str(project))
    assert_clean_error(run, "digest.yaml", "paginate", "unknown key")
    assert len(run.err) < 2000
    assert len(clip("y" * 10_000)) < 300
    assert len(clip([["z" * 10**6] * 1000] * 1000)) < 300


def test_a_story_with_ten_thousand_tags_is_refused_and_writes_nothing(tmp_path: Path) -> None:
    project = copy_project(FIXTURE_SITE, tmp_path / "project")
    tags = ", ".join(f"tag{number}" for number in range(10_000))
    story = project / "content" / "articles" / "tags.md"
    story.write_text(article("Many Tags", f"tags: [{tags}]\n"), encoding="utf-8")
    run = digest("build", "-q", "-C", str(project))
    assert_clean_error(run, "tags.md", "tags", "limits.tags")
    assert not (project / "site").exists()
    assert run.peak_mb < 500, run.peak_mb
    check = digest("check", "-C", str(project))
    assert check.code == 1 and "limits.tags" in check.err, check.err


def test_the_story_limits_are_settings(tmp_path: Path) -> None:
    project = copy_project(FIXTURE_SITE, tmp_path / "project")
    tags = ", ".join(f"tag{number}" for number in range(60))
    story = project / "content" / "articles" / "tags.md"
    story.write_text(article("Sixty Tags", f"tags: [{tags}]\n"), encoding="utf-8")
    assert digest("build", "-q", "-C", str(project)).code == 1
    config = project / "digest.yaml"
    config.write_text(config.read_text(encoding="utf-8") + "limits:\n  tags: 60\n")
    run = digest("build", "-q", "-C", str(project))
    assert run.code == 0, run.err
    config.write_text(config.read_text(encoding="utf-8").replace("tags: 60", "tags: 0"))
    assert_clean_error(digest("build", "-q", "-C", str(project)), "limits.tags")


# Clear messages -------------------------------------------------------------------------


def test_a_theme_extending_outside_names_its_theme_yaml_and_key(tmp_path: Path) -> None:
    project = copy_project(FIXTURE_SITE, tmp_path / "project")
    (project / "themes" / "mine").mkdir(parents=True)
    (project / "themes" / "mine" / "theme.yaml").write_text("extends: ../../outside\n")
    set_theme(project, "mine")
    run = digest("build", "-q", "-C", str(project))
    assert_clean_error(run, "themes/mine/theme.yaml", "extends")
    assert "digest.yaml" not in run.err


def test_a_comma_in_a_region_adds_no_search_metadata(tmp_path: Path) -> None:
    project = copy_project(FIXTURE_SITE, tmp_path / "project")
    for story in (project / "content" / "articles").rglob("*.md"):
        story.unlink()
    story = project / "content" / "articles" / "spoof.md"
    extra = 'regions: ["Europe, title:Spoofed, url:/evil", "Asia"]\n'
    story.write_text(article("The Real Title", extra), encoding="utf-8")
    run = digest("build", "-q", "-C", str(project))
    assert run.code == 0, run.err
    fragments = list((project / "site" / "pagefind").rglob("*.pf_fragment"))
    if not fragments:
        pytest.skip("Pagefind did not run")
    metas = []
    for fragment in fragments:
        data = gzip.decompress(fragment.read_bytes())
        metas.append(json.loads(data[data.index(b"{") :])["meta"])
    story_meta = next(meta for meta in metas if meta.get("title") == "The Real Title")
    assert sorted(story_meta) == ["date", "region", "title"]
    assert "Spoofed" not in json.dumps([meta.get("title") for meta in metas])


def test_an_unusable_cache_is_warned_of_by_ingest_too(ingested: Path, tmp_path: Path) -> None:
    project = copy_project(ingested, tmp_path / "project")
    (project / ".digest-cache").write_text("a file where the cache folder goes\n")
    run = digest("ingest", "-q", "-C", str(project))
    assert run.code == 0, run.err
    warnings = [line for line in run.err.splitlines() if line.startswith("warning:")]
    assert any(".digest-cache" in line and "cache" in line for line in warnings), run.err
    # A build stages the site in the cache folder: it cannot go on, and says so.
    assert_clean_error(digest("build", "-q", "-C", str(project)), ".digest-cache")


def test_serve_leaves_a_fifo_or_a_link_out_among_the_stories_to_a_full_build(
    tmp_path: Path,
) -> None:
    from digest.config import load_config
    from digest.engine.build import build
    from digest.engine.live_search import open_live

    project = copy_project(FIXTURE_SITE, tmp_path / "project")
    build(project)
    live = open_live(project, load_config(project))
    try:
        articles = project / "content" / "articles"
        os.mkfifo(articles / "pipe.md")  # reading it would block serve for ever
        (articles / "inside.md").symlink_to(articles / "pipe.md")
        secret = tmp_path / "secret.md"
        secret.write_text(article(f"Leaked {SECRET}"), encoding="utf-8")
        (articles / "leaked.md").symlink_to(secret)
        for name in ("pipe.md", "inside.md", "leaked.md"):
            found: list[object] = []
            worker = threading.Thread(
                target=lambda path, out: out.append(live.prepare([path])),
                args=(articles / name, found),
                daemon=True,
            )
            worker.start()
            worker.join(timeout=30)  # the watchdog: a read of the FIFO never returns
            if worker.is_alive():
                with contextlib.suppress(OSError):  # a writer that closes at once ends the read
                    os.close(os.open(articles / "pipe.md", os.O_WRONLY | os.O_NONBLOCK))
                pytest.fail(f"serve blocked reading {name}")
            assert found == [None], name
    finally:
        live.search.stop()
