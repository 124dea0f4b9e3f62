"""Pagefind service: one shard's index made by a Pagefind process fed ahead of the build.

`pagefind --service` holds an index in memory and takes requests on its standard input: a
folder read into it (in the folder's order, as `--site` reads one), a page added again under
the same path (which takes its old one's place, in the same position), and the index files
given back whole. A story-edit build starts one on the edited story's month as soon as the
edit is planned, with the month's pages as the last site holds them: Pagefind reads and
parses those (a fifth of its work on the shard, ~0.08 s of CPU for a month of 166 stories)
on the other core while the build opens its staging folder and renders. Once the shard's new
pages are in, only those whose indexed part differs from what was read are handed over
again, and the index is made. Its files are those `pagefind --site` writes for the same
pages in the same folder order (tests/test_pagefind_service.py); when anything goes wrong
here the shard is indexed by `pagefind --site` as usual (site/pagefind.py).
"""

from __future__ import annotations

import base64
import contextlib
import os
import shutil
import stat
import subprocess
import tempfile
from collections.abc import Callable, Mapping, Sequence
from pathlib import Path

import orjson

from digest.parallel import available_cores
from digest.paths import PAGEFIND_INPUT, PAGEFIND_OUTPUT, SEARCH_CACHE, site_paths
from digest.site.search import Shard, indexed_part, part_digest

SERVICE_FLAG = "--service"
ERRORS_FILE = "service-errors.txt"  # Pagefind's standard error, for the failure's message
_FLAGS = os.O_RDONLY | os.O_NOFOLLOW | os.O_NONBLOCK | os.O_CLOEXEC


class ServiceFailed(Exception):
    """The service could not make the shard's index: `pagefind --site` makes it instead."""


def read_page(site: int, page: str) -> bytes | None:
    """Return the bytes of the regular file *page* under the folder open as *site*; None
    when it is missing or anything else. No link is followed, a folder's or the file's: a
    page of the last site may have been replaced behind digest's back by a link out."""
    *folders, name = page.split("/")
    opened: list[int] = []
    try:
        folder = site
        for part in folders:
            folder = os.open(part, _FLAGS | os.O_DIRECTORY, dir_fd=folder)
            opened.append(folder)
        with open(os.open(name, _FLAGS, dir_fd=folder), "rb") as handle:
            found = os.fstat(handle.fileno())
            return handle.read() if stat.S_ISREG(found.st_mode) else None
    except OSError:
        return None
    finally:
        for descriptor in opened:
            os.close(descriptor)


class ServiceRun:
    """A Pagefind service indexing one shard: fed the last site's pages, then the new ones.

    The folder *work* is this run's (as a `pagefind --site` run's: the input and the output
    live there). Not thread-based: the build forks workers, and a running thread would make
    that unsafe; the service's answers are read when the build asks (`poll`).
    """

    def __init__(self, command: Sequence[str], shard: Shard, work: Path, fed: dict[str, str]):
        self.shard = shard
        self.work = work
        self.fed = fed  # page -> the digest (`part_digest`) of the part Pagefind was given
        self.sent = 0
        self.answers: list[bytes] = []
        self._buffer = b""
        self._asked = False  # for the index files
        with open(work / ERRORS_FILE, "wb") as errors:
            # In its own folder: Pagefind reads a pagefind.yml (or .json, .toml) from where it
            # runs, and the project's could point its log file anywhere.
            self.process = subprocess.Popen(
                [*command, SERVICE_FLAG],
                stdin=subprocess.PIPE,
                stdout=subprocess.PIPE,
                stderr=errors,
                cwd=work,
            )
        assert self.process.stdout is not None
        os.set_blocking(self.process.stdout.fileno(), False)

    def begin(self) -> None:
        """Ask for a new index and have the shard's folder read into it."""
        self._send({"type": "NewIndex", "config": None})
        # The first index of a new service is number 0; an answer saying otherwise fails.
        self._send({"type": "AddDir", "index_id": 0, "path": str(self.work / PAGEFIND_INPUT)})

    @classmethod
    def start(
        cls, command: Sequence[str], shard: Shard, work: Path, site: int
    ) -> ServiceRun | None:
        """Start Pagefind on *shard*'s pages as the folder open as *site* holds them; None
        when one of them is not there (then nothing was started)."""
        source = work / PAGEFIND_INPUT
        fed: dict[str, str] = {}
        try:
            for page in shard.pages:  # in page order: the folder's order is Pagefind's
                data = read_page(site, page)
                if data is None:
                    return None
                part = indexed_part(data)
                target = source / page
                target.parent.mkdir(parents=True, exist_ok=True)
                target.write_bytes(part)
                fed[page] = part_digest(part)
            run = cls(command, shard, work, fed)
        except OSError:  # a full disk, no Pagefind binary: the usual run says so, if need be
            return None
        try:
            run.begin()
        except ServiceFailed:
            run.close()
            return None
        return run

    def _send(self, payload: Mapping[str, object]) -> None:
        self.sent += 1
        message = {"message_id": self.sent, "payload": payload}
        assert self.process.stdin is not None
        try:
            self.process.stdin.write(base64.b64encode(orjson.dumps(message)) + b",")
            self.process.stdin.flush()
        except OSError as error:  # it died: its answers (or their absence) say why
            raise ServiceFailed(f"Pagefind's service stopped: {error}") from error

    def finish_with(self, parts: Mapping[str, Callable[[], bytes | None]]) -> bool:
        """Hand over again each page of *parts* (page -> its new indexed part), then ask for
        the index files; False when it cannot be done (then `pagefind --site` runs)."""
        try:
            self._finish_with(parts)
        except ServiceFailed:
            return False
        return True

    def _finish_with(self, parts: Mapping[str, Callable[[], bytes | None]]) -> None:
        for page, part in parts.items():
            data = part()
            if data is None:
                raise ServiceFailed(f"{page}: no indexed part at hand")
            try:
                text = data.decode("utf-8")
            except UnicodeDecodeError as error:  # Pagefind takes text here: let it read the file
                raise ServiceFailed(f"{page}: not UTF-8") from error
            self._send(
                {
                    "type": "AddFile",
                    "index_id": 0,
                    "file_path": page,
                    "url": None,
                    "file_contents": text,
                }
            )
        self._send({"type": "GetFiles", "index_id": 0})
        self._asked = True

    def poll(self) -> int | None:
        """Read what the service has answered; 0 once every request is answered or the
        service has ended (as `Popen.poll` says a process ended), else None."""
        assert self.process.stdout is not None
        while len(self.answers) < self.sent:
            try:
                chunk = os.read(self.process.stdout.fileno(), 1 << 20)
            except BlockingIOError:
                return None
            if not chunk:
                return 0  # ended early: `files` says so
            self._buffer += chunk
            *whole, self._buffer = self._buffer.split(b",")
            self.answers.extend(whole)
        return 0 if self._asked else None

    def files(self) -> dict[str, bytes]:
        """Return the index files (path in the output folder -> bytes). Raises ServiceFailed
        when the service failed or gave a file name that is not a plain relative one."""
        if len(self.answers) < self.sent:
            said = (self.work / ERRORS_FILE).read_text("utf-8", "replace").strip()
            raise ServiceFailed(f"Pagefind's service ended early: {said[-300:]}")
        payloads = [orjson.loads(base64.b64decode(answer))["payload"] for answer in self.answers]
        for payload in payloads:
            if payload.get("type") == "Error":
                raise ServiceFailed(f"Pagefind's service failed: {payload.get('message')}")
        found = payloads[-1].get("files")
        if payloads[0].get("index_id") != 0 or not isinstance(found, list):
            raise ServiceFailed("Pagefind's service answered out of turn")
        files = {str(file["path"]): base64.b64decode(file["content"]) for file in found}
        if not site_paths(list(files)):
            raise ServiceFailed("Pagefind's service named a file outside its output")
        return files

    def output(self) -> Path | None:
        """Write the index files into the run's output folder, as `pagefind --site` does, and
        return it; None when the service failed (then `pagefind --site` runs). Raises OSError
        (naming the file) when one cannot be written."""
        try:
            files = self.files()
        except ServiceFailed:
            self.close()
            return None
        output = self.work / PAGEFIND_OUTPUT
        for name, data in files.items():
            target = output / name
            target.parent.mkdir(parents=True, exist_ok=True)
            try:
                target.write_bytes(data)
            except OSError as error:  # a full disk names no file by itself: name it
                raise OSError(error.errno, error.strerror, str(target)) from error
        self.close()
        return output

    def kill(self) -> None:
        """Kill the service (safe from another thread, as `Popen.kill`)."""
        self.process.kill()

    def wait(self) -> None:
        """Wait for the service to end (its end of input ends it), as `Popen.wait`."""
        process = self.process
        for pipe in (process.stdin, process.stdout):
            with contextlib.suppress(OSError):
                if pipe is not None:
                    pipe.close()
        process.wait()

    def close(self) -> None:
        """End the service: killed if it is still busy, else at the end of its input."""
        with contextlib.suppress(OSError):
            if self.process.poll() is None and not (self._asked and len(self.answers) >= self.sent):
                self.kill()
        self.wait()


Runs = dict[str, ServiceRun]  # by shard name


def start_services(
    command: Sequence[str], shards: Sequence[Shard], site: Path, cache: Path
) -> Runs:
    """Start a Pagefind service on each of *shards*, fed their pages as *site* (the last
    site) holds them; none when there are more shards than cores, when Pagefind is run
    through Python (no binary found), or when a page is not at hand."""
    if not shards or len(shards) > available_cores() or len(command) != 1:
        return {}
    store = cache / SEARCH_CACHE
    runs: Runs = {}
    try:
        store.mkdir(parents=True, exist_ok=True)
        folder = os.open(site, os.O_RDONLY | os.O_DIRECTORY | os.O_NOFOLLOW | os.O_CLOEXEC)
    except OSError:
        return runs
    try:
        for shard in shards:
            work = Path(tempfile.mkdtemp(prefix="run-", dir=store))
            run = ServiceRun.start(command, shard, work, folder)
            if run is None:
                shutil.rmtree(work, ignore_errors=True)
                close_runs(runs)
                break
            runs[shard.name] = run
    except BaseException:
        close_runs(runs)
        raise
    finally:
        os.close(folder)
    return runs


def close_runs(runs: Runs) -> None:
    """End every run of *runs* not taken over by the build's indexing, and remove its folder."""
    for run in runs.values():
        run.close()
        shutil.rmtree(run.work, ignore_errors=True)
    runs.clear()
