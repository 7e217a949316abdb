"""RenderedFiles → a staging folder → swapped into the output folder in one step.

The previous site stays complete until the very end: a failed or killed build leaves it as it
was. Files whose bytes did not change are hard-linked from the previous site, so they keep their
modification time (useful for rsync-style deploys and browser caches).
"""

from __future__ import annotations

import os
import shutil
from collections.abc import Callable, Iterable
from dataclasses import dataclass
from pathlib import Path, PurePosixPath

from .model import RenderedFile

MARKER = ".teladan-output"
# Constant on purpose: the output tree must be byte-identical between builds of the same content.
MARKER_TEXT = (
    "This folder is written by teladan (https://pypi.org/project/teladan/).\n"
    "Every build replaces its whole content; do not keep your own files here.\n"
)


class OutputError(Exception):
    """The output folder cannot be used; the message says why and what to do."""


@dataclass(frozen=True, slots=True)
class WriteReport:
    written: tuple[str, ...]  # new or changed files
    unchanged: tuple[str, ...]
    removed: tuple[str, ...]  # files of the previous site that are gone


def check_output_dir(output: Path) -> None:
    """Refuse to replace a folder that is not a previous build: it may hold someone's work."""
    if output.exists() and not output.is_dir():
        raise OutputError(f"{output} is a file, not a folder; choose another --output")
    if output.is_dir() and any(output.iterdir()) and not (output / MARKER).is_file():
        raise OutputError(
            f"{output} is not empty and was not made by teladan (no {MARKER} file in it); "
            "teladan will not delete its files. Choose an empty or new --output folder."
        )


def safe_relative(path: str) -> PurePosixPath:
    """A file path inside the output folder; anything that could escape it is refused."""
    pure = PurePosixPath(path)
    if (
        pure.is_absolute()
        or not pure.parts
        or any(part in ("..", "") for part in pure.parts)
        or "\\" in path
    ):
        raise OutputError(f"refusing to write outside the output folder: {path!r}")
    return pure


def _existing_files(folder: Path) -> set[str]:
    if not folder.is_dir():
        return set()
    found = set()
    for dirpath, _, filenames in os.walk(folder):
        base = os.path.relpath(dirpath, folder)
        for name in filenames:
            path = os.path.join(dirpath, name)
            if not os.path.islink(path):
                found.add(name if base == "." else f"{base}/{name}".replace(os.sep, "/"))
    return found


def _same_bytes(path: Path, data: bytes) -> bool:
    try:
        return path.stat().st_size == len(data) and path.read_bytes() == data
    except OSError:
        return False


def _pid_alive(pid: int) -> bool:
    try:
        os.kill(pid, 0)
    except ProcessLookupError:
        return False
    except PermissionError:
        return True
    return True


def recover_interrupted(output: Path) -> None:
    """Tidy up after a build that was killed: drop its staging folder, and if it died between
    the two renames of the swap, put the previous site back."""
    for leftover in sorted(output.parent.glob(f".{output.name}.*-*")):
        kind, _, pid = leftover.name.rpartition("-")
        if not pid.isdigit() or (_pid_alive(int(pid)) and int(pid) != os.getpid()):
            continue
        if kind.endswith(".previous") and not output.exists():
            leftover.rename(output)
        elif kind.endswith((".staging", ".previous")):
            shutil.rmtree(leftover, ignore_errors=True)


def _link_or_copy(source: Path, target: Path) -> None:
    try:
        os.link(source, target)
    except OSError:
        shutil.copy2(source, target)


def write_site(
    files: Iterable[RenderedFile],
    output: Path,
    kept: Iterable[str] = (),
    finish: Callable[[Path], tuple[str, ...]] | None = None,
) -> WriteReport:
    """Write the whole site into `output`, replacing its previous content in one swap.

    `kept` names files of the previous site known to be unchanged: they are linked, not
    rendered again. `finish` runs on the complete staging folder before the swap (the search
    indexer needs the pages on disk) and returns the paths it added.
    """
    output = output.absolute()
    if output.parent.is_dir():
        recover_interrupted(output)
    check_output_dir(output)
    output.parent.mkdir(parents=True, exist_ok=True)
    staging = output.with_name(f".{output.name}.staging-{os.getpid()}")
    previous = output.with_name(f".{output.name}.previous-{os.getpid()}")
    if staging.exists():
        shutil.rmtree(staging)
    staging.mkdir()
    old_files = _existing_files(output)
    written, unchanged = [], []
    folders: set[Path] = set()

    def place(path: str) -> tuple[Path, Path]:
        relative = safe_relative(path)
        target = staging.joinpath(*relative.parts)
        if target.parent not in folders:
            target.parent.mkdir(parents=True, exist_ok=True)
            folders.add(target.parent)
        return target, output.joinpath(*relative.parts)

    try:
        for path in kept:
            target, old = place(path)
            _link_or_copy(old, target)
            unchanged.append(path)
        for file in (*files, RenderedFile(MARKER, MARKER_TEXT.encode())):
            target, old = place(file.path)
            if file.path in old_files and _same_bytes(old, file.data):
                _link_or_copy(old, target)
                unchanged.append(file.path)
            else:
                target.write_bytes(file.data)
                written.append(file.path)
        for path in finish(staging) if finish else ():
            target, old = place(path)
            if path in old_files and _same_bytes(old, target.read_bytes()):
                target.unlink()  # keep the previous copy, and with it its modification time
                _link_or_copy(old, target)
                unchanged.append(path)
            else:
                written.append(path)
        # The swap: two renames on one filesystem. Between them (microseconds) the folder is
        # missing; Python offers no atomic directory exchange.
        if output.exists():
            output.rename(previous)
        staging.rename(output)
    except BaseException:
        shutil.rmtree(staging, ignore_errors=True)
        if previous.exists() and not output.exists():
            previous.rename(output)
        raise
    shutil.rmtree(previous, ignore_errors=True)
    removed = sorted(old_files - set(written) - set(unchanged))
    return WriteReport(tuple(written), tuple(unchanged), tuple(removed))
