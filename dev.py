#!/usr/bin/env python3
"""Set up and run digest from a fresh clone with nothing but Python 3.11+.

    python3 dev.py build   create .venv, install digest, build the sample site into site/
    python3 dev.py test    also install the test tools when missing, then run
                           ruff, mypy --strict (digest, tests and benchmarks) and the whole
                           pytest suite
    python3 dev.py bench   also install Hugo, then time digest against it (benchmarks/bench.py;
                           arguments go to it, e.g. --sizes 1000 4000 --runs 3)

Only the standard library is used here: this file runs before anything is installed.
"""

from __future__ import annotations

import hashlib
import os
import shutil
import subprocess
import sys
from pathlib import Path

ROOT = Path(__file__).resolve().parent
VENV = ROOT / ".venv"
BIN = VENV / ("Scripts" if os.name == "nt" else "bin")
PYTHON = BIN / "python"
TOOLS = ROOT / ".tools"  # npm test tools: the Nu HTML checker, axe-core and Lighthouse
NPM_TOOLS = {
    "vnu-jar": "vnu-jar/build/dist/vnu.jar",
    "axe-core": "axe-core/axe.min.js",
    "lighthouse": ".bin/lighthouse",
}
CHROMIUM = Path("/usr/bin/chromium")


def run(*command: str | Path, check: bool = True) -> int:
    """Run a command from the repository root, echoing it."""
    print("+", " ".join(str(part) for part in command), flush=True)
    return subprocess.run([str(part) for part in command], cwd=ROOT, check=check).returncode


def ensure_venv(extras: str) -> None:
    """Create .venv and install digest (editable) with *extras* when pyproject.toml changed."""
    if not PYTHON.exists():
        run(sys.executable, "-m", "venv", VENV)
    stamp = VENV / f".installed-{extras or 'base'}"
    wanted = hashlib.sha256((ROOT / "pyproject.toml").read_bytes()).hexdigest()
    if stamp.exists() and stamp.read_text() == wanted:
        return
    run(PYTHON, "-m", "pip", "install", "--quiet", "--upgrade", "pip")
    target = f".[{extras}]" if extras else "."
    run(PYTHON, "-m", "pip", "install", "--quiet", "--editable", target)
    stamp.write_text(wanted)


def apt_install(*packages: str) -> None:
    """Install Debian packages (CI and the dev machines run as root)."""
    if not shutil.which("apt-get"):
        sys.exit(f"dev.py: please install {' '.join(packages)}: no apt-get on this machine")
    sudo = [] if os.geteuid() == 0 else ["sudo"]
    env_prefix = ["env", "DEBIAN_FRONTEND=noninteractive"]
    run(*sudo, "apt-get", "update", "-qq")
    run(*sudo, *env_prefix, "apt-get", "install", "-y", "-qq", *packages)


def ensure_test_tools() -> None:
    """Install what the real-client tests need: Chromium, Java, Node with the npm tools."""
    missing = []
    if not CHROMIUM.exists():
        missing.append("chromium")
    if not shutil.which("java"):
        missing.append("default-jre-headless")
    if not shutil.which("npm"):
        missing.append("npm")
    if missing:
        apt_install(*missing)
    if not all((TOOLS / "node_modules" / path).exists() for path in NPM_TOOLS.values()):
        TOOLS.mkdir(exist_ok=True)
        run("npm", "install", "--silent", "--no-audit", "--no-fund", "--prefix", TOOLS, *NPM_TOOLS)


def build() -> int:
    ensure_venv("")
    return run(BIN / "digest", "build", check=False)


def test() -> int:
    ensure_venv("test")
    ensure_test_tools()
    for command in (
        (BIN / "ruff", "check", "digest", "tests", "benchmarks", "scripts", "docs", "dev.py"),
        (BIN / "mypy", "--strict", "digest", "tests", "benchmarks"),
    ):
        if run(*command, check=False):
            return 1
    return run(PYTHON, "-m", "pytest", "-p", "no:cacheprovider", *sys.argv[2:], check=False)


def bench() -> int:
    ensure_venv("bench")
    return run(PYTHON, ROOT / "benchmarks" / "bench.py", *sys.argv[2:], check=False)


COMMANDS = {"build": build, "test": test, "bench": bench}

if __name__ == "__main__":
    if len(sys.argv) < 2 or sys.argv[1] not in COMMANDS:
        sys.exit(__doc__)
    sys.exit(COMMANDS[sys.argv[1]]())
