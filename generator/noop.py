"""Has anything a build reads changed since the last build into this output folder? The content,
the themes, the options, the date, the generator's code and the output folder as that build left
it → the report it saved, or None. Asked by the command line before anything heavy is imported.
"""

from __future__ import annotations

import contextlib
import dataclasses
import hashlib
import os
import pickle
import secrets
import sys
import time
from collections.abc import Mapping
from dataclasses import dataclass
from pathlib import Path
from stat import S_ISLNK
from typing import Any

from .cache import (
    OUTPUTS_FOLDER,
    UNREADABLE,
    Batched,
    code_digest,
    dump_pickle,
    load_batched,
    load_batched_list,
)
from .listing import MARKER, FileStat, list_files, scan_files
from .options import BuildOptions
from .report import BuildReport, WriteReport
from .shipped import builtin_themes

# A file modified less than this long before it was read may change again within the same
# modification time (coarse file system clocks): its stat is not trusted to stand for its bytes.
RACY_NS = 2_000_000_000


# A file's (size, modification time, inode).
FileState = tuple[int, int, int]


def tree_signature(h: Any, folder: Path) -> tuple[int, dict[str, os.stat_result]]:
    """Feed every file's path, size and modification time below `folder` into a hash; returns
    the newest modification time (ns), and each file's lstat by its POSIX path below `folder`."""
    files = scan_files(folder)
    lines = [f"{path}:{files[path].st_size}:{files[path].st_mtime_ns}\0" for path in sorted(files)]
    h.update("".join(lines).encode())
    return max((stat.st_mtime_ns for stat in files.values()), default=0), files


@dataclass(frozen=True, slots=True)
class Inputs:
    """What a look at everything a build reads found."""

    digest: str  # of the content, the themes, the options, the date and the generator
    # Each content file's (size, modification time, inode) by its POSIX path below content/,
    # from an lstat taken after `looked_ns`: a build that follows need not take them again,
    # 4,000 system calls on a large site. Tuples, because a stat result for each of 100,000
    # files took 40 MB of a build's memory.
    content: Mapping[str, FileState]
    links: frozenset[str]  # those of them that are links (their own times, not their files')
    looked_ns: int


def inputs_digest(content_dir: Path, options: BuildOptions) -> Inputs:
    """Everything a build reads: content, themes, options, date, and the generator itself."""
    now = time.time_ns()
    key = f"{code_digest()}|{options.key()}|{options.day().isoformat()}"
    h = hashlib.blake2b(key.encode(), digest_size=16)
    seen: list[tuple[int, dict[str, os.stat_result]]] = []
    for folder in (content_dir, content_dir.parent / "themes", builtin_themes()):
        h.update(f"\n{folder}\n".encode())
        seen.append(tree_signature(h, folder))
    newest, found = max(latest for latest, _ in seen), seen[0][1]
    content = {rel: (s.st_size, s.st_mtime_ns, s.st_ino) for rel, s in found.items()}
    links = frozenset(rel for rel, s in found.items() if S_ISLNK(s.st_mode))
    digest = h.hexdigest()
    if newest > now - RACY_NS:
        # A file changed just now may change again without a new time or size: a digest
        # that no later build matches, so the next build looks at the files themselves.
        digest = f"{digest}|racy-{secrets.token_hex(8)}"
    return Inputs(digest, content, links, now)


def output_identity(output_dir: Path) -> str:
    """Changes whenever the output folder is replaced, removed or rebuilt by anyone."""
    try:
        folder, marker = output_dir.stat(), (output_dir / MARKER).stat()
    except OSError:
        return ""
    return f"{folder.st_ino}:{folder.st_mtime_ns}:{marker.st_ino}"


def output_settled(output_dir: Path) -> int | None:
    """A time on the output folder's own clock after every change a build that has just ended
    made to its files, for `output_files` to tell them from changes made after it (the build's
    files may be listed by a process that outlives it): the marker's status-change time,
    renewed now by setting its times to what they are (nothing else of it changes). None if
    that cannot be done, or where that time is a file's creation time (Windows)."""
    if sys.platform == "win32":
        return None
    marker = output_dir / MARKER
    try:
        found = marker.stat()
        os.utime(marker, ns=(found.st_atime_ns, found.st_mtime_ns))
        return marker.stat().st_ctime_ns
    except OSError:
        return None


def output_files(output_dir: Path, settled_ns: int | None = None) -> dict[str, FileStat]:
    """Every file of the output folder by its POSIX path inside it, with its size, inode and
    modification time (see listing.FileStat): a file missing, added, replaced or changed in
    place since shows in them. With `settled_ns` (see `output_settled`), a file whose status
    changed after it matches no file: someone else changed it, and the next build must not
    take it for the one it made. (The clocks of file systems tick by milliseconds: a change
    within the same tick as the build's end passes unseen.)"""
    return list_files(output_dir, settled_ns)


# The version of the files in OUTPUTS_FOLDER: a file of another version is not read.
OUTPUTS_FORMAT = 5


def _output_file(cache: Path, output_dir: Path, suffix: str = ".pickle") -> tuple[Path, str]:
    folder = str(output_dir.absolute())
    name = hashlib.blake2b(folder.encode(), digest_size=8).hexdigest()
    return cache / OUTPUTS_FOLDER / f"{name}{suffix}", folder


def _read_output(cache: Path, output_dir: Path, key: str) -> BuildReport | None:
    """The report of the last build into `output_dir` if it was made with `key` and every file
    of the folder is as it left it, else None. (The key is saved first, then the files, then
    the warnings and the report, so a build that has work to do stops reading at the key, and
    the folder is listed only when nothing else changed.)"""
    path, folder = _output_file(cache, output_dir)
    try:
        with path.open("rb") as f:
            if pickle.load(f) == (OUTPUTS_FORMAT, folder, key):
                files = load_batched(f)
                if files == output_files(output_dir):
                    problems = tuple(load_batched_list(f))
                    report = pickle.load(f)
                    if isinstance(report, BuildReport):  # (every file unchanged: see below)
                        write = WriteReport((), tuple(files), ())
                        return dataclasses.replace(report, write=write, problems=problems)
    except UNREADABLE:
        pass
    return None


def unchanged_report(
    content_dir: Path, output_dir: Path, options: BuildOptions
) -> tuple[BuildReport | None, Inputs]:
    """(The last report for `output_dir` if no input changed since, else None; the inputs)."""
    inputs = inputs_digest(content_dir, options)
    key = f"{inputs.digest}|{output_identity(output_dir)}"
    return _read_output(options.cache(content_dir), output_dir, key), inputs


# A build marks its output folder as "unsaved" just before it puts its site in place, and
# unmarks it once its memo is saved: a save that never happened (a process killed) leaves the
# mark, and the next build then trusts nothing the memo says of that folder's pages.


def _unsaved_mark(cache: Path, output_dir: Path) -> Path:
    return _output_file(cache, output_dir, ".saving")[0]


def mark_unsaved(cache: Path, output_dir: Path) -> None:
    with contextlib.suppress(OSError):
        path = _unsaved_mark(cache, output_dir)
        path.parent.mkdir(parents=True, exist_ok=True)
        path.touch()


def mark_saved(cache: Path, output_dir: Path) -> None:
    with contextlib.suppress(OSError):
        _unsaved_mark(cache, output_dir).unlink(missing_ok=True)


def maybe_unsaved(cache: Path, output_dir: Path) -> bool:
    """Whether the site in `output_dir` may be newer than what the memo says of it."""
    return _unsaved_mark(cache, output_dir).exists()


@dataclass(frozen=True, slots=True)
class LeftAs:
    """The output folder as a build left it: its identity (see `output_identity`) and every
    file in it (see `output_files`)."""

    identity: str
    files: Mapping[str, FileStat]


def record_output(
    cache: Path, output_dir: Path, inputs: Inputs, report: BuildReport, left: LeftAs
) -> None:
    """Remember a successful build, for `unchanged_report`: its report as a build with nothing
    to do would give it, every file of the site unchanged. Those are `left.files`, saved once
    (their paths in the report too took 23 MB more to save at 100,000 profiles); its warnings
    are saved Batched (one a profile there, they took 31 MB more saved at once)."""
    path, folder = _output_file(cache, output_dir)
    key = (OUTPUTS_FORMAT, folder, f"{inputs.digest}|{left.identity}")
    again = dataclasses.replace(report, write=None, timings=(), problems=())
    dump_pickle(path.parent, path.name, key, Batched(left.files), Batched(report.problems), again)
