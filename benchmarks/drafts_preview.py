"""What `digest serve --drafts` costs, and what it leaves the next `digest build`, in two checkouts.

    python benchmarks/drafts_preview.py [--stories 2000] [--seed 1] CHECKOUT_A CHECKOUT_B

Writes N synthetic stories (synthetic.py) and one draft into a project on tmpfs, one copy for
each checkout (the build cache is keyed by digest's code), builds each and lets the stamps
settle, then times, step by step and checkout by checkout in turn (A B, B A, ...), as whole
processes (wall seconds and the CPU of the process and its children, wait4):

- `serve --drafts`' first build: `engine.build.build(drafts=True)` as serve's Rebuilder runs
  it (into `.digest-cache/drafts-preview/` where the checkout has `ProjectPaths.output`,
  else into site/, as before review17 H45);
- the same again, nothing changed (serve started a second time);
- the `digest build` after it: the published site, and whether a draft's page is in site/.
"""

from __future__ import annotations

import argparse
import os
import shutil
import subprocess
import sys
import tempfile
import time
from pathlib import Path

import synthetic

SETTINGS = "title: Bench Digest\nbase_url: https://example.org/\n"
DRAFT = (
    "---\ntitle: Embargoed Draft Zeta\ndate: 2026-01-15\ntags: [Zeta Embargo]\n"
    "draft: true\n---\n\nSecret.\n"
)
DRAFTS_BUILD = """import sys
from pathlib import Path
from digest.engine.build import build
from digest.paths import ProjectPaths
project = Path(sys.argv[1])
paths = ProjectPaths(project)
output = paths.output(drafts_preview=True) if hasattr(paths, "output") else None
options = {"output": output} if output is not None else {}
build(project, drafts=True, settings_required=True, **options)
"""


def timed(argv: list[str], code: Path) -> tuple[float, float]:
    """Run *argv* with the digest package of *code*; return its wall and CPU seconds."""
    started = time.perf_counter()
    env = {**os.environ, "PYTHONPATH": str(code)}
    process = subprocess.Popen(argv, env=env, cwd=code, stdout=subprocess.DEVNULL)
    _, status, usage = os.wait4(process.pid, 0)
    if os.waitstatus_to_exitcode(status) != 0:
        raise SystemExit(f"failed: {argv}")
    return time.perf_counter() - started, usage.ru_utime + usage.ru_stime


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.split("\n")[0])
    parser.add_argument("checkouts", nargs=2, type=Path)
    parser.add_argument("--stories", type=int, default=2000)
    parser.add_argument("--seed", type=int, default=1)
    args = parser.parse_args()
    base = Path("/dev/shm") if Path("/dev/shm").is_dir() else None
    root = Path(tempfile.mkdtemp(prefix="drafts-preview-", dir=base))
    try:
        stories = synthetic.make_stories(args.stories, args.seed)
        projects = []
        for number, code in enumerate(args.checkouts):
            project = root / f"p{number}"
            synthetic.write_articles(stories, project / "content" / "articles")
            (project / "digest.yaml").write_text(SETTINGS, encoding="utf-8")
            (project / "content/articles/2026/01").mkdir(parents=True, exist_ok=True)
            (project / "content/articles/2026/01/draft-zeta.md").write_text(DRAFT, "utf-8")
            build = [sys.executable, "-m", "digest", "build", "-q", "-C", str(project)]
            timed(build, code)
            time.sleep(3)  # the stamps settle (store/inputs: 2.5 s)
            timed(build, code)
            projects.append((code, project, build))
        steps = (
            "serve --drafts, first build",
            "serve --drafts again, no change",
            "digest build after",
        )
        for step, name in enumerate(steps):
            order = projects if step % 2 == 0 else projects[::-1]
            for code, project, build in order:
                drafts = [sys.executable, "-c", DRAFTS_BUILD, str(project)]
                wall, cpu = timed(build if step == 2 else drafts, code)
                leaked = any((project / "site").rglob("draft-zeta*"))
                print(
                    f"{code.name:>12} {name:<34} wall {wall:6.2f} s  CPU {cpu:6.2f} s"
                    f"  draft in site/: {'yes' if leaked else 'no'}",
                    flush=True,
                )
    finally:
        shutil.rmtree(root, ignore_errors=True)


if __name__ == "__main__":
    main()
