"""Measure what installing digest costs: a fresh venv, digest pip-installed into it, its size.

    .venv/bin/python benchmarks/footprint.py [--source DIR] [--top 12] [--keep DIR]

Copies the checkout's files (tracked and untracked, not ignored: what a clone would hold plus
work in progress) into a temporary folder, makes a venv there with the running Python (pip
included, as `python -m venv` makes it), installs digest into it non-editable and without
extras (no test tools), then prints the venv's size and the largest distributions in it.

Sizes are disk usage (blocks, as `du` counts them; hard links once) in MB of 10**6 bytes.
A distribution's size is the sum of the files its RECORD lists (its byte code included, which
pip compiles at install time). The issue-17 target is 180 MB for the whole venv.
"""

from __future__ import annotations

import argparse
import csv
import shutil
import subprocess
import sys
import tempfile
from pathlib import Path

REPO = Path(__file__).resolve().parent.parent
TARGET_MB = 180.0


def disk_usage(path: Path, seen: set[tuple[int, int]]) -> int:
    """Return the bytes *path* occupies on disk (a file, or a folder with everything in it)."""
    total = 0
    paths = [path] if not path.is_dir() or path.is_symlink() else [path, *path.rglob("*")]
    for item in paths:
        info = item.lstat()
        if (info.st_dev, info.st_ino) in seen:
            continue
        seen.add((info.st_dev, info.st_ino))
        total += info.st_blocks * 512
    return total


def distributions(site_packages: Path) -> dict[str, int]:
    """Return the disk usage of each distribution installed in *site_packages*, by name."""
    sizes: dict[str, int] = {}
    seen: set[tuple[int, int]] = set()
    for record in sorted(site_packages.glob("*.dist-info/RECORD")):
        name = record.parent.name.split("-")[0]
        with record.open(newline="", encoding="utf-8") as rows:
            files = [site_packages / row[0] for row in csv.reader(rows) if row]
        sizes[name] = sum(disk_usage(path, seen) for path in files if path.exists())
    return sizes


def source_copy(source: Path, into: Path) -> Path:
    """Copy the checkout's tracked and untracked (not ignored) files into *into*."""
    listed = subprocess.run(
        ["git", "ls-files", "-z", "--cached", "--others", "--exclude-standard"],
        cwd=source,
        capture_output=True,
        check=True,
    ).stdout.split(b"\0")
    for name in filter(None, listed):
        relative = name.decode("utf-8")
        if (source / relative).is_file():
            target = into / relative
            target.parent.mkdir(parents=True, exist_ok=True)
            shutil.copy2(source / relative, target)
    return into


def measure(source: Path, work: Path) -> tuple[int, dict[str, int]]:
    """Install digest from *source* into a new venv under *work*; return its size and parts."""
    checkout = source_copy(source, work / "source")
    venv = work / "venv"
    subprocess.run([sys.executable, "-m", "venv", str(venv)], check=True)
    python = venv / "bin" / "python"
    install = [str(python), "-m", "pip", "install", "--quiet", "--disable-pip-version-check"]
    subprocess.run([*install, str(checkout)], check=True)
    total = disk_usage(venv, set())
    (site_packages,) = venv.glob("lib/python*/site-packages")
    return total, distributions(site_packages)


def main() -> int:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--source", type=Path, default=REPO, help="the checkout to install")
    parser.add_argument("--top", type=int, default=12, help="how many distributions to list")
    parser.add_argument("--keep", type=Path, help="make the venv in this (new) folder and keep it")
    options = parser.parse_args()
    if options.keep is not None:
        options.keep.mkdir(parents=True)
        total, sizes = measure(options.source.resolve(), options.keep)
    else:
        with tempfile.TemporaryDirectory(prefix="digest-footprint-") as folder:
            total, sizes = measure(options.source.resolve(), Path(folder))
    print(f"fresh venv with digest installed: {total / 1e6:.1f} MB (target {TARGET_MB:.0f} MB)")
    ranked = sorted(sizes.items(), key=lambda item: -item[1])
    for name, size in ranked[: options.top]:
        print(f"  {size / 1e6:7.1f} MB  {name}")
    rest = sum(size for _, size in ranked[options.top :])
    outside = total - sum(sizes.values())
    print(f"  {rest / 1e6:7.1f} MB  {len(ranked[options.top :])} other distributions")
    print(f"  {outside / 1e6:7.1f} MB  the venv itself (interpreter links, scripts, folders)")
    return 0 if total / 1e6 <= TARGET_MB else 1


if __name__ == "__main__":
    sys.exit(main())
