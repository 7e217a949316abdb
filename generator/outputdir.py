"""The output folder before and after a build: whether it may be replaced, the leftovers of a
build that was killed, and a full or read-only drive said as what it is."""

from __future__ import annotations

import contextlib
import errno
import hashlib
import os
import shutil
from pathlib import Path

from .i18n import _, number
from .listing import MARKER, scan_files
from .processes import process_alive


class OutputError(Exception):
    """The output folder cannot be used; the message says why and what to do."""


def check_output_dir(output: Path) -> None:
    """Refuse to replace a folder that is not a previous build: it may hold someone's work."""
    if output.exists() and not output.is_dir():
        text = _("%(output)s is a file, not a folder; choose another --output")
        raise OutputError(text % {"output": output})
    if output.is_dir() and any(output.iterdir()) and not (output / MARKER).is_file():
        text = _(
            "%(output)s is not empty and was not made by teladan (no %(marker)s file in it); "
            "teladan will not delete its files. Choose an empty or new --output folder."
        )
        raise OutputError(text % {"output": output, "marker": MARKER})


def note_build(builds: Path, output: Path) -> Path | None:
    """Note in the folder `builds` (in the build cache) that this process builds into `output`,
    after tidying up beside each output folder noted there by a build that was killed: its
    leftovers are otherwise only found by the next build into the same folder. Returns the
    note, for the build to remove when it ends (None if it could not be written)."""
    with contextlib.suppress(OSError):
        for note in builds.iterdir():
            pid = note.name.partition("-")[0]
            if not pid.isdigit() or int(pid) == os.getpid() or process_alive(int(pid)):
                continue  # a build still running, or not a note
            with contextlib.suppress(OSError, ValueError):
                folder = Path(note.read_text("utf-8"))
                if folder.is_absolute() and folder.parent.is_dir():
                    recover_interrupted(folder)
                note.unlink()
    key = hashlib.blake2b(str(output).encode(), digest_size=8).hexdigest()
    note = builds / f"{os.getpid()}-{key}"
    try:
        builds.mkdir(parents=True, exist_ok=True)
        note.write_text(str(output), "utf-8")
    except OSError:
        return None
    return note


def recover_interrupted(output: Path) -> None:
    """Tidy up after a build that was killed: drop its staging folder, and if it died between
    the two renames of the swap, put the previous site back."""
    for leftover in sorted(output.parent.glob(f".{output.name}.*-*")):
        kind, _, pid = leftover.name.rpartition("-")
        if not pid.isdigit() or (process_alive(int(pid)) and int(pid) != os.getpid()):
            continue
        if kind.endswith(".previous") and not output.exists():
            leftover.rename(output)
        elif kind.endswith((".staging", ".previous")):
            shutil.rmtree(leftover, ignore_errors=True)


def output_trouble(exc: OSError, output: Path, needed: int) -> OutputError | None:
    """A drive that is full or cannot be written, said as what it is: the user's situation,
    not a bug in teladan. None for any other error. `needed`: about how many bytes the site
    takes. (Reported as a problem of the output folder: the message does not repeat it.)"""
    if exc.errno in (errno.ENOSPC, errno.EDQUOT):
        try:
            free: str | None = _size(shutil.disk_usage(output.parent).free)
        except OSError:
            free = None
        if free is None:
            text = _(
                "cannot write the site here: the drive is full (the site needs at least "
                "%(needed)s). Free some space on the drive, or choose a folder on another drive "
                "with --output"
            )
        else:
            text = _(
                "cannot write the site here: the drive is full (%(free)s free; the site needs "
                "at least %(needed)s). Free some space on the drive, or choose a folder on "
                "another drive with --output"
            )
        return OutputError(text % {"free": free, "needed": _size(needed)})
    if exc.errno in (errno.EROFS, errno.EACCES, errno.EPERM):
        if exc.errno == errno.EROFS:
            text = _(
                "cannot write the site here: %(folder)s is read-only (%(reason)s). Choose a "
                "folder you can write to with --output"
            )
        else:
            text = _(
                "cannot write the site here: %(folder)s may not be written to (%(reason)s). "
                "Choose a folder you can write to with --output"
            )
        return OutputError(text % {"folder": output.parent, "reason": exc.strerror})
    return None


def _size(size: int) -> str:
    if size >= 1_000_000_000:
        return _("%(size)s GB") % {"size": number(size / 1_000_000_000, 1)}
    return _("%(size)s MB") % {"size": number(max(size, 0) / 1_000_000, 1)}


def size_of(folder: Path) -> int:
    """The bytes of the files below `folder` (0 if it is not there)."""
    return sum(stat.st_size for stat in scan_files(folder).values())
