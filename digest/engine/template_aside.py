"""Template aside: a first build's templates keyed and compiled by a forked child.

A build whose cache holds no template keys (a first build) parses every template to key its
pages (`site_plan.known_template_keys`: ~0.06 s of CPU for the default theme's 18) and
compiles its page templates before the first render pass (~0.02 s), in its own process
between the parse and the render, while the other core has nothing of the build's to do;
then every render worker compiles the templates those extend and include (base.html, the
teaser, the term lists: ~0.02-0.04 s a worker, in each of four). At 500 stories that is a
tenth of the build's serial CPU and a fifth of the time between its parse and its render.

A child forked as the build starts does both on the other core, while the build reads its
cards and parses its stories: it keys every page template (a top-level name not starting
with "_"), sends the keys with the digest of the template files it keyed, then compiles
every template those use into the build cache's code folder (`template_code`), where the
build's process and its workers find them compiled. The build takes the keys only for the
template files it digests itself (an edit meanwhile: keyed again here), and only when they
hold every name it asks for; a template that fails is never the child's to report: the
build keys or compiles it itself and fails as it would have. What the child compiles is
what `get_template` would have compiled (the same environment), so the pages are the same.
"""

from __future__ import annotations

import contextlib
import json
import os
import signal
import weakref
from collections.abc import Mapping, Sequence
from pathlib import Path

import jinja2

from digest.parallel import forks_workers
from digest.site.keys import Parsed, keys_and_parsed, templates_digest
from digest.site.theme import Theme, environment
from digest.stopping import default_stop_signals
from digest.store.write import write_all

_READ = 1 << 16


class TemplatesAside:
    """The child keying and compiling the templates; `keys` waits for its keys."""

    def __init__(self, pid: int, answer: int) -> None:
        self.pid = pid
        # Shared with the reaper: the answer's end till read, the child till reaped (its pid
        # is never signalled once reaped: another process may have it by then).
        self._pipe, self._child = [answer], [pid]
        self._keys: dict[str, str] = {}
        self._digest = ""
        # A build that never asks (it failed, or its cache had the keys) reaps it all the same.
        self._reaper = weakref.finalize(self, _reap, self._child, self._pipe)

    def keys(self, digest: str, names: Sequence[str]) -> dict[str, str] | None:
        """Return the child's key of each of *names*, if it keyed the template files whose
        digest is *digest* and every one of *names*; else None (the build keys them)."""
        if self._pipe:
            answer = self._pipe.pop()
            try:
                self._digest, self._keys = _read_keys(answer)
            finally:
                os.close(answer)
        if self._digest != digest or any(name not in self._keys for name in names):
            return None
        return {name: self._keys[name] for name in names}

    def wait(self) -> int:
        """Wait for the child to end (its templates all compiled); return its exit status."""
        status = 1
        if self._child:
            status = os.waitstatus_to_exitcode(os.waitpid(self._child.pop(), 0)[1])
        return status

    def close(self) -> None:
        """Stop the child if it still compiles, and reap it."""
        self._reaper()


def start_templates(theme: Theme, code_folder: Path) -> TemplatesAside | None:
    """Fork the child keying and compiling *theme*'s templates (into *code_folder*); None
    where workers are not forked (`digest serve`'s threads) or the fork failed."""
    if not forks_workers():
        return None
    answer, told = os.pipe()
    try:
        pid = os.fork()
    except OSError:
        os.close(answer)
        os.close(told)
        return None
    if pid == 0:  # pragma: no cover - the child (coverage does not follow a bare fork)
        default_stop_signals()  # else a SIGTERM here would run the build's clean-up
        os.close(answer)
        _child(theme, code_folder, told)
    os.close(told)
    return TemplatesAside(pid, answer)


def _child(theme: Theme, code_folder: Path, told: int) -> None:  # pragma: no cover
    """Key the page templates, send the keys, compile what they use; never return."""
    status = 1
    try:
        env = environment(theme, {}, code_cache=code_folder)
        names = [name for name in env.list_templates() if _page_template(name)]
        digest = templates_digest(theme)
        used: Mapping[str, Parsed | None]
        try:
            keys, used = keys_and_parsed(theme, names, env)
        except Exception:  # the build keys them itself, and says what failed
            keys, used = {}, dict.fromkeys(names)
        if templates_digest(theme) != digest:  # edited meanwhile: the build keys them
            keys = {}
        write_all(told, json.dumps({"digest": digest, "keys": keys}).encode("utf-8"))
        os.close(told)
        for name, parsed in used.items():
            with contextlib.suppress(Exception):  # the build compiles it and fails itself
                _compile(env, name, parsed)
        status = 0
    finally:
        os._exit(status)


def _compile(env: jinja2.Environment, name: str, parsed: Parsed | None) -> None:
    """Put template *name*'s code into the code folder, as `env.get_template` would.

    A template keyed here is compiled from the tree that keying parsed (what `get_template`
    does but for parsing the source again, a fifth of compiling, and running the module
    made, which nothing here uses). Only a name the environment's first loader serves (no
    "/": a theme's prefixed copy is loaded under another name) whose tree is at hand."""
    cache = env.bytecode_cache
    if parsed is None or cache is None or "/" in name:
        env.get_template(name)
        return
    source, filename, tree = parsed
    bucket = cache.get_bucket(env, name, filename, source)
    if bucket.code is None:
        bucket.code = env.compile(tree, name, filename)
        cache.set_bucket(bucket)


def _page_template(name: str) -> bool:
    """Tell whether *name* may be a page's template (not a theme's prefixed copy, nor an
    underscored part that pages include)."""
    return "/" not in name and not name.startswith("_")


def _read_keys(handle: int) -> tuple[str, dict[str, str]]:
    """Return the digest and the keys the child sent (none when it sent no whole answer)."""
    parts = []
    with contextlib.suppress(OSError):
        while chunk := os.read(handle, _READ):
            parts.append(chunk)
    try:
        found = json.loads(b"".join(parts))
    except ValueError:
        return "", {}
    digest, keys = found.get("digest"), found.get("keys")
    if not isinstance(digest, str) or not isinstance(keys, Mapping):
        return "", {}
    return digest, {str(name): str(key) for name, key in keys.items()}


def _reap(child: list[int], pipe: list[int]) -> None:
    """Stop the child and wait for it (unless reaped), close its pipe (unless `keys` did)."""
    for answer in pipe:
        with contextlib.suppress(OSError):
            os.close(answer)
    pipe.clear()
    for pid in child:
        with contextlib.suppress(OSError):
            os.kill(pid, signal.SIGKILL)
        with contextlib.suppress(ChildProcessError, OSError):
            os.waitpid(pid, 0)
    child.clear()
