"""One search part: some of the site's pages → a Pagefind bundle in a folder of its own.

Pagefind's command indexes them, told which pages through a configuration file (a part's
glob lists a few hundred pages: more than a Windows command line holds). Its `--service` mode,
which the `pagefind` Python package drives, was tried: it took twice the command's CPU time a
page (2.8 ms against 1.45 ms), and the package waits 0.1 s between two answers it reads.

Pagefind lists every folder of the site it is given, whatever its glob: at 100,000 profiles
(115,000 folders, a page each) a part of 350 pages took 2.0 s over the whole site, 0.75 s over
a folder holding its pages alone. Making that folder costs a folder and a link a page, 0.1-0.25
s a part on this project's test machine, which only a large site repays: at 4,000 profiles
(5,500 folders) it made an edit's part 0.18 s slower. So the pages are gathered into a folder
of their own (linked, or copied where no link can be made) only where the site has GATHER_FROM
times as many pages as the part.

Its index chunks are made small (INDEX_CHUNK). A search fetches, of every part, the chunk that
holds each word it looks for; Pagefind's own size (20,000 places of words a chunk) made a
reader's first search fetch 272 KB of chunks at 4,000 profiles, 2,000 places 73 KB (a chunk
then holds that word alone: "warga" is on nearly every page), for 14 KB more of the parts'
metadata, which lists the chunks.
The size is set through an environment variable Pagefind marks as unstable: one that stops
being read leaves search as it works now, with larger downloads.
"""

from __future__ import annotations

import atexit
import contextlib
import json
import os
import re
import shutil
import subprocess
import tempfile
import threading
from collections.abc import Iterable, Sequence
from pathlib import Path

from .processes import link_or_copy

# Places of words (a word's occurrences, plus one a page it is on) an index chunk holds;
# measured at 4,000 profiles against 1,000, 4,000, 8,000 and Pagefind's 20,000 (see the
# benchmarks' README).
INDEX_CHUNK = 2000
_ENVIRONMENT = {"PAGEFIND_UNSTABLE_INDEX_CHUNK_SIZE": str(INDEX_CHUNK)}


class PagefindFailed(Exception):
    """Pagefind stopped with an error; the message is the last line it wrote."""


# (the break-even measured: a walk of about 11 µs a folder of the site, against 0.3-0.6 ms a
# page to gather, with the disk busy with the build's writes)
GATHER_FROM = 40

_SPECIAL = re.compile(r"([\\*?\[\]{},<>:$!])")  # what Pagefind's globs (wax) give a meaning


def _glob(paths: Iterable[str]) -> str:
    return "{" + ",".join(_SPECIAL.sub(r"\\\1", p) for p in paths) + "}"


def index_part(
    binary: Path, site: Path, paths: Sequence[str], output: Path, site_pages: int
) -> None:
    """Index the pages at `paths` (POSIX, relative to `site`, which holds `site_pages` pages)
    into a bundle written to `output`. Each page is indexed in the language of its `<html
    lang>`."""
    if site_pages < GATHER_FROM * len(paths):
        config = {"site": str(site.absolute()), "glob": _glob(paths), "output_path": str(output)}
        _run(binary, config)
        return
    pages = output.with_name(output.name + ".pages")  # (beside it: on the cache's drive)
    try:
        _gather(site, paths, pages)
        _run(binary, {"site": str(pages.absolute()), "output_path": str(output)})
    finally:
        shutil.rmtree(pages, ignore_errors=True)


def _gather(site: Path, paths: Iterable[str], folder: Path) -> None:
    """The pages at `paths`, at the same paths in `folder` (so at the same addresses)."""
    shutil.rmtree(folder, ignore_errors=True)
    for path in paths:
        target = folder / path
        target.parent.mkdir(parents=True, exist_ok=True)
        link_or_copy(site / path, target)


def _run(binary: Path, config: dict[str, str]) -> None:
    """Run Pagefind with this configuration, in a working folder of its own."""
    with _lock:  # (a folder is made and removed under the lock: see end_running)
        if _ending:
            raise PagefindFailed("the program is ending")
        folder = Path(tempfile.mkdtemp(prefix="teladan-pagefind-"))
        _running[folder] = None
    try:
        (folder / "pagefind.json").write_text(json.dumps(config), encoding="utf-8")
        with _lock:
            if _ending:
                raise PagefindFailed("the program is ending")
            process = subprocess.Popen(
                [str(binary), "--quiet"], cwd=folder, stdout=subprocess.PIPE,
                stderr=subprocess.STDOUT, env={**os.environ, **_ENVIRONMENT},
            )  # fmt: skip
            _running[folder] = process
        try:
            said, _ = process.communicate(timeout=1800)
        finally:
            process.kill()  # (after a timeout; nothing when it has ended)
            process.wait()
    except (OSError, subprocess.SubprocessError) as exc:
        raise PagefindFailed(str(exc)) from exc
    finally:
        with _lock:
            _running.pop(folder, None)
            shutil.rmtree(folder, ignore_errors=True)
    if process.returncode:
        lines = said.decode("utf-8", "replace").strip().splitlines()
        raise PagefindFailed(lines[-1] if lines else f"exit status {process.returncode}")


def end_running() -> None:
    """End the Pagefind processes still running, remove their working folders, and start no
    more: for a program that stops while it indexes (a preview stopped with Ctrl-C, which
    leaves at once). Left running, Pagefind outlives it, and once the pages it reads are
    removed (a stopped preview's are) Pagefind 1.5 waits forever: a process left on the
    computer at every such stop."""
    global _ending
    with _lock:
        _ending = True
        running = dict(_running)
    for folder, process in running.items():
        if process is not None:
            with contextlib.suppress(OSError, subprocess.SubprocessError):
                process.kill()
                process.wait(timeout=5)
        shutil.rmtree(folder, ignore_errors=True)


_lock = threading.Lock()
# Each working folder there is, with the Pagefind process running in it once it is started.
_running: dict[Path, subprocess.Popen[bytes] | None] = {}
_ending = False
atexit.register(end_running)
