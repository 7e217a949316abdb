"""RenderedFiles → a staging folder → swapped into the output folder in one step.

The previous site stays complete until the very end: a failed or killed build leaves it as it
was. Files whose bytes did not change are hard-linked from the previous site (copied on drives
without hard links), so they keep their modification time (useful for rsync-style deploys and
browser caches).
"""

from __future__ import annotations

import contextlib
import errno
import hashlib
import os
import secrets
import shutil
import threading
from collections.abc import Callable, Iterable, Mapping
from dataclasses import dataclass
from pathlib import Path, PurePosixPath
from typing import TypeVar

from .model import RenderedFile
from .processes import in_child, link_or_copy, process_alive

MARKER = ".teladan-output"
# Constant on purpose: the output tree must be byte-identical between builds of the same content.
MARKER_TEXT = (
    "This folder is written by teladan (https://pypi.org/project/teladan/).\n"
    "Every build replaces its whole content; do not keep your own files here.\n"
)


# Written into the spare folder when it is put aside; holds a token the build memo remembers.
SPARE_TOKEN = ".teladan-spare"


@dataclass(frozen=True, slots=True)
class SpareState:
    """What a spare folder held when it was put aside, so the next build need not list its
    thousands of folders (a file it keeps is still looked at on its own, by one lstat).

    Trusted only while the folder still holds `SPARE_TOKEN` with this token: a build that takes
    the spare removes the token first, so a spare left half-updated by a failed or killed build
    is listed again from disk."""

    token: str
    files: frozenset[str]
    folders: frozenset[str]


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


def scan_files(folder: Path, folders: set[str] | None = None) -> dict[str, os.stat_result]:
    """Every file (and link) below `folder` by its POSIX path inside it, with its lstat; the
    paths of the folders below it go into `folders` if given. One scandir pass: cheaper than a
    walk that stats each path again by name."""
    return _scan(folder, lambda lstat: lstat, folders)


T = TypeVar("T")


def _scan(
    folder: Path, keep: Callable[[os.stat_result], T], folders: set[str] | None = None
) -> dict[str, T]:
    """`scan_files`, keeping what `keep` makes of each lstat."""
    found: dict[str, T] = {}

    def scan(path: str, prefix: str) -> None:
        try:
            entries = list(os.scandir(path))
        except OSError:
            return
        for entry in entries:
            try:
                if entry.is_dir(follow_symlinks=False):
                    if folders is not None:
                        folders.add(prefix + entry.name)
                    scan(entry.path, f"{prefix}{entry.name}/")
                else:
                    found[prefix + entry.name] = keep(entry.stat(follow_symlinks=False))
            except OSError:
                continue

    scan(str(folder), "")
    return found


def _same_bytes(path: Path, data: bytes) -> bool:
    try:
        return path.stat().st_size == len(data) and path.read_bytes() == data
    except OSError:
        return False


def note_build(builds: Path, output: Path) -> Path | None:
    """Note in the folder `builds` (in the build cache) that this process builds into `output`,
    after tidying up beside each output folder noted there by a build that was killed: its
    leftovers are otherwise only found by the next build into the same folder. Returns the
    note, for the build to remove when it ends (None if it could not be written)."""
    with contextlib.suppress(OSError):
        for note in builds.iterdir():
            pid = note.name.partition("-")[0]
            if not pid.isdigit() or int(pid) == os.getpid() or process_alive(int(pid)):
                continue  # (a build still running, or not a note)
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
            free = f"{_size(shutil.disk_usage(output.parent).free)} free; "
        except OSError:
            free = ""
        return OutputError(
            f"cannot write the site here: the drive is full ({free}the site needs at least "
            f"{_size(needed)}). Free some space on the drive, or choose a folder on another "
            "drive with --output"
        )
    if exc.errno in (errno.EROFS, errno.EACCES, errno.EPERM):
        why = "is read-only" if exc.errno == errno.EROFS else "may not be written to"
        return OutputError(
            f"cannot write the site here: {output.parent} {why} ({exc.strerror}). "
            "Choose a folder you can write to with --output"
        )
    return None


def _size(size: int) -> str:
    if size >= 1_000_000_000:
        return f"{size / 1_000_000_000:.1f} GB"
    return f"{max(size, 0) / 1_000_000:.1f} MB"


def _size_of(folder: Path) -> int:
    """The bytes of the files below `folder` (0 if it is not there)."""
    return sum(stat.st_size for stat in scan_files(folder).values())


@dataclass(frozen=True, slots=True)
class Placed:
    """A file now in the staging folder: what the build remembers of it."""

    path: str
    size: int
    digest: str
    changed: bool  # new bytes (False: linked from the previous site, mtime kept)


def place_file(
    staging: Path,
    output: Path,
    file: RenderedFile,
    fresh: bool = True,
    mirror: Path | None = None,
) -> Placed:
    """Put one file into the staging folder: a link to the previous copy if the bytes are the
    same, else the new bytes. A plain function of paths, so worker processes can call it.
    In a reused staging folder (`fresh` False) the path may hold an older file: it is replaced,
    never written through (it may be a hard link to the live site). With `mirror`, the file is
    linked there too (see Staging.mirror)."""
    relative = safe_relative(file.path)
    target = staging.joinpath(*relative.parts)
    previous = output.joinpath(*relative.parts)
    digest = hashlib.blake2b(file.data, digest_size=16).hexdigest()
    same = _same_bytes(previous, file.data)
    if not fresh:
        if same and _same_file(previous, target):
            return Placed(file.path, len(file.data), digest, False)  # linked by an earlier build
        _remove(target)
    try:
        _put(previous, target, file.data, same)
    except (FileNotFoundError, NotADirectoryError):  # first file of its folder
        _make_folder(target.parent, staging)
        _put(previous, target, file.data, same)
    if mirror is not None:
        _mirror(target, mirror.joinpath(*relative.parts))
    return Placed(file.path, len(file.data), digest, not same)


def _mirror(source: Path, target: Path) -> None:
    """A link to `source` at `target`, if one can be made (else the next build does without)."""
    try:
        os.link(source, target)
    except FileNotFoundError:  # first file of its folder
        with contextlib.suppress(OSError):
            target.parent.mkdir(parents=True, exist_ok=True)
            os.link(source, target)
    except OSError:
        pass


def _put(previous: Path, target: Path, data: bytes, same: bool) -> None:
    if same:
        link_or_copy(previous, target)
    else:
        target.write_bytes(data)


def _same_file(a: Path, b: Path) -> bool:
    try:
        return os.path.samefile(a, b)
    except OSError:
        return False


def _remove(path: Path) -> None:
    """Whatever is at `path` in a reused staging folder: a file, a link, or a folder."""
    try:
        path.unlink()
    except (FileNotFoundError, NotADirectoryError):  # nothing there (or a file above it)
        pass
    except (IsADirectoryError, PermissionError):
        shutil.rmtree(path, ignore_errors=True)


def _make_folder(folder: Path, staging: Path) -> None:
    """mkdir -p inside the staging folder, removing a file that stands where a folder goes."""
    try:
        folder.mkdir(parents=True, exist_ok=True)
    except (FileExistsError, NotADirectoryError):
        for parent in reversed(folder.relative_to(staging).parents[:-1]):
            if (staging / parent).is_file():
                (staging / parent).unlink()
        if folder.is_file():
            folder.unlink()
        folder.mkdir(parents=True, exist_ok=True)


def mirror_site(output: Path, spare: Path) -> Callable[[], SpareState | None]:
    """Start filling `spare` (which must not exist) with hard links to every file of the site in
    `output`, in a forked process, and return a function that waits for it: what the copy holds
    (the SpareState the child marked it with, as a build marks the spare it puts aside), or
    None if it is not complete.

    For a build with no spare folder to start from (the cache was deleted, or the first build
    could not keep a copy, see Staging.mirror): linking thousands of files is mostly time in
    the kernel, which this way passes while the build reads and plans, instead of after. The
    child lists what it linked, so the copy need not be listed again (at 100,000 profiles that
    listing alone took about 100 MB); the output itself may change meanwhile, which the staging
    folder sorts out like in any spare.
    Without fork (Windows, macOS), or if it fails, nothing is started."""

    def copy() -> SpareState | None:
        files: list[str] = []
        folders: list[str] = []
        _link_tree(str(output), str(spare), "", files, folders)
        return _put_token(spare, files, folders)

    wait = in_child(copy, spare.with_name(spare.name + ".copied"))  # (beside the spare)
    return lambda: found if isinstance(found := wait(), SpareState) else None


# What the staging folder needs of a file of the previous site: (size, inode, device,
# modification time in ns). The inode and device show which files are one (hard links); the
# build compares all four with what it recorded of the site it left, so a file changed since,
# even in place and to the same size, is not kept. (Plain tuples: handing 100,000 of them over
# from another process took a third of the time of named ones.)
FileStat = tuple[int, int, int, int]


def file_stat(stat: os.stat_result) -> FileStat:
    return (stat.st_size, stat.st_ino, stat.st_dev, stat.st_mtime_ns)


# Stands for a file changed after the time given to `list_files`: it matches no file.
UNSETTLED: FileStat = (-1, -1, -1, -1)


def list_files(folder: Path, changed_after: int | None = None) -> dict[str, FileStat]:
    """Each file below `folder` by its POSIX path, with its FileStat; with `changed_after` (ns),
    a file whose status changed later is UNSETTLED. (Not through `scan_files`: a stat result
    kept for each of 100,000 files would take tens of MB.)"""
    if changed_after is None:
        return _scan(folder, file_stat)
    return _scan(folder, lambda s: UNSETTLED if s.st_ctime_ns > changed_after else file_stat(s))


# The previous site: each file's FileStat by its POSIX path, and each folder's modification
# time (ns) by its path ("" for the site's own folder), which shows whether a file was added
# to or removed from it since.
SiteListing = tuple[dict[str, FileStat], dict[str, int]]


def list_site(output: Path) -> SiteListing:
    folders: set[str] = set()
    found = scan_files(output, folders)
    files = {path: file_stat(s) for path, s in found.items()}
    times = {}
    for folder in ("", *folders):
        with contextlib.suppress(OSError):  # (gone since: it cannot match, see _as_listed)
            times[folder] = os.lstat(os.path.join(output, folder)).st_mtime_ns
    return files, times


def _as_listed(folder: Path, times: Mapping[str, int]) -> bool:
    """Whether no file was added to or removed from any folder of a listed site since."""
    for path, mtime in times.items():
        try:
            if os.lstat(os.path.join(folder, path)).st_mtime_ns != mtime:
                return False
        except OSError:
            return False
    return True


# The live site and the spare folder (None: not listed), as a build found them at its start.
Listings = tuple[SiteListing, SiteListing | None]


def list_site_aside(
    output: Path, result: Path, spare: Path | None = None
) -> Callable[[], Listings | None]:
    """`list_site` of `output` (and of `spare`, if given) in a forked process, started now;
    returns a function that waits for it (None if it failed). Listing thousands of folders is
    time in the kernel that the build spends reading and planning, instead of after: a tenth
    of a second at 4,000 profiles, and as much again for the spare."""

    def listed() -> Listings | None:
        found = wait()
        return found if isinstance(found, tuple) and len(found) == 2 else None

    wait = in_child(lambda: (list_site(output), list_site(spare) if spare else None), result)
    return listed


def _link_tree(source: str, target: str, prefix: str, files: list[str], folders: list[str]) -> None:
    """Link every file below `source` into the new folder `target`, noting the path (relative
    to the top) of each file and folder made."""
    os.mkdir(target)
    with os.scandir(source) as found:
        for entry in found:
            path = prefix + entry.name
            if entry.is_dir(follow_symlinks=False):
                folders.append(path)
                _link_tree(entry.path, os.path.join(target, entry.name), path + "/", files, folders)
            else:
                os.link(entry.path, os.path.join(target, entry.name), follow_symlinks=False)
                files.append(path)


class Staging:
    """The next site, assembled beside the output folder and swapped in by `commit`.

    Until then the previous site is untouched; leaving the `with` block without committing
    (an error, a problem found late, Ctrl-C) removes the staging folder (or keeps it as the
    spare, when there is one).

    With a `spare` path (in the build cache), the site replaced by the swap is kept there and
    becomes the next build's staging folder: files that have not changed since are already in
    it (hard links to the live site), so a small edit costs a few file operations instead of
    linking every file of the site into a new folder and deleting every file of the old one.
    Every path is still checked and every stale file removed before the swap, so a spare left
    half-updated by a killed build is simply brought up to date.
    """

    def __init__(
        self,
        output: Path,
        spare: Path | None = None,
        known: SpareState | None = None,
        listed: SiteListing | None = None,
        spare_listed: SiteListing | None = None,
        builds: Path | None = None,
    ) -> None:
        """`known`: what the spare held when the last build put it aside (see SpareState);
        `listed`, `spare_listed`: the output folder and the spare as `list_site` found them at
        the start of the build (no one else changes the spare: builds take turns); `builds`:
        where builds note their output folder while they run (see `note_build`)."""
        # (normalised first: "output/../arsip" is the folder arsip once output/ exists, which
        # the mkdir below makes, so it must be checked as arsip)
        self.output = Path(os.path.abspath(output))
        if self.output.parent.is_dir():
            recover_interrupted(self.output)
        check_output_dir(self.output)
        self._note = note_build(builds, self.output) if builds is not None else None
        self.folder = self.output.with_name(f".{self.output.name}.staging-{os.getpid()}")
        self._previous = self.output.with_name(f".{self.output.name}.previous-{os.getpid()}")
        self._spare = spare
        if self.folder.exists():
            shutil.rmtree(self.folder)
        trusted = _take_token(spare, known)
        self.fresh = not _move(spare, self.folder)
        try:
            self.output.parent.mkdir(parents=True, exist_ok=True)
            if self.fresh:
                self.folder.mkdir()
        except OSError as exc:
            self._forget()
            raise (output_trouble(exc, self.output, _size_of(self.output)) or exc) from exc
        # The previous site's files, and its folders with their times: they make the next
        # build's spare (the times show whether anything was added to the site while this
        # build ran, for a spare marked with what it holds: see commit).
        self.old_files, self._old_folders = listed or list_site(self.output)
        self._listed_aside = listed is not None
        # With no previous site to become the next build's spare (a first build), each file
        # placed here is linked into the spare folder as well, so the next build starts from a
        # copy of this site: a link each now, in the render workers, instead of the next build
        # linking every file of the site into a new folder (half a second at 4,000 profiles).
        self.mirror = None
        if self.fresh and spare is not None and MARKER not in self.old_files:
            with contextlib.suppress(OSError):
                spare.mkdir(parents=True)  # (fails if it is there: then no mirror)
                if spare.stat().st_dev == self.folder.stat().st_dev:  # (links need one drive)
                    self.mirror = spare
                else:
                    spare.rmdir()
        # What the reused folder held before this build (None: known, not looked at yet).
        self._spare_folders: set[str] = set()
        self._spare_files: Mapping[str, FileStat | None] = {}
        if not self.fresh and spare_listed is not None:
            self._spare_files = spare_listed[0]
            self._spare_folders = {folder for folder in spare_listed[1] if folder}
        elif not self.fresh and trusted is not None:
            self._spare_files = dict.fromkeys(trusted.files)
            self._spare_folders = set(trusted.folders)
        elif not self.fresh:
            found = scan_files(self.folder, self._spare_folders)
            self._spare_files = {path: file_stat(s) for path, s in found.items()}
        self.spare_state: SpareState | None = None  # set by commit
        self._written: list[str] = []
        self._unchanged: list[str] = []
        self._committed = False
        self._cleanup: threading.Thread | None = None

    def __enter__(self) -> Staging:
        return self

    def __exit__(
        self, kind: type[BaseException] | None, exc: BaseException | None, tb: object
    ) -> None:
        trouble = None
        if isinstance(exc, OSError) and not self._committed:
            # (measured before the staging folder goes: how much the site needs)
            needed = max(sum(stat[0] for stat in self.old_files.values()), _size_of(self.folder))
            trouble = output_trouble(exc, self.output, needed)
        try:
            if self._cleanup is not None:
                self._cleanup.join()
            if not self._committed and not _move(self.folder, self._spare):
                shutil.rmtree(self.folder, ignore_errors=True)
        finally:
            self._forget()
        if trouble is not None:
            raise trouble from exc

    def _forget(self) -> None:
        if self._note is not None:
            with contextlib.suppress(OSError):
                self._note.unlink()

    def link(self, paths: Iterable[str]) -> None:
        """Files of the previous site known to be unchanged: linked, not written again."""
        for path in paths:
            if self._linked_already(path):
                self._unchanged.append(path)  # linked by an earlier build
                continue
            relative = safe_relative(path)
            target = self.folder.joinpath(*relative.parts)
            if path in self._spare_files:
                _remove(target)
            _make_folder(target.parent, self.folder)
            link_or_copy(self.output.joinpath(*relative.parts), target)
            self._unchanged.append(path)

    def _linked_already(self, path: str) -> bool:
        """Whether the reused folder's file is the previous site's (a hard link to it)."""
        old = self.old_files.get(path)
        if old is None or path not in self._spare_files:
            return False
        spare = self._spare_files[path]
        if spare is None:  # known from the last build: one lstat instead of listing folders
            try:
                found = os.lstat(f"{self.folder}/{path}")  # ("/" works on Windows too)
            except OSError:
                return False
            spare = file_stat(found)
        # (a listing that gives no inodes, 0, cannot tell: the file is linked again)
        return old[1] != 0 and old[1:3] == spare[1:3]

    def place(self, file: RenderedFile) -> Placed:
        placed = place_file(self.folder, self.output, file, self.fresh, self.mirror)
        self.note((placed,))
        return placed

    def note(self, placed: Iterable[Placed]) -> None:
        """Record files that `place_file` put here (possibly in another process)."""
        for p in placed:
            (self._written if p.changed else self._unchanged).append(p.path)

    def _mark_spare(self, spare: Path) -> SpareState | None:
        if not _as_listed(spare, self._old_folders):
            # Files were added to or removed from the site after it was listed (at the start of
            # the build): the spare must not be marked as holding what it no longer does.
            self.old_files, self._old_folders = list_site(spare)
        folders = (folder for folder in self._old_folders if folder)  # ("": the spare itself)
        return _put_token(spare, self.old_files, folders)

    def _prune(self) -> None:
        """Remove what a reused folder held beyond the files placed in this build, and the
        folders left without any of them."""
        wanted = {*self._written, *self._unchanged}
        for path in self._spare_files.keys() - wanted:
            # (it may be gone, or now a folder of files placed over it in this build)
            with contextlib.suppress(OSError):
                os.unlink(self.folder.joinpath(*PurePosixPath(path).parts))
        needed = _folders_of(wanted)
        for folder in sorted(self._spare_folders - needed, key=lambda f: -f.count("/")):
            with contextlib.suppress(OSError):  # already gone with a folder below it
                shutil.rmtree(self.folder.joinpath(*PurePosixPath(folder).parts))

    def commit(self, finish: Callable[[Path], tuple[str, ...]] | None = None) -> WriteReport:
        """Swap the staging folder in. `finish` runs on the complete staging folder first (the
        search indexer needs the pages on disk) and returns the paths it added."""
        self.place(RenderedFile(MARKER, MARKER_TEXT.encode()))
        if not self.fresh:
            self._prune()
        mirrored = (*self._written, *self._unchanged) if self.mirror else ()
        for path in finish(self.folder) if finish else ():
            target = self.folder / safe_relative(path)
            old = self.output / safe_relative(path)
            if path in self.old_files and _same_bytes(old, target.read_bytes()):
                target.unlink()  # keep the previous copy, and with it its modification time
                link_or_copy(old, target)
                self._unchanged.append(path)
            else:
                self._written.append(path)
        # The swap: two renames on one filesystem. Between them (microseconds) the folder is
        # missing; Python offers no atomic directory exchange.
        try:
            if self.output.exists():
                self.output.rename(self._previous)
            self.folder.rename(self.output)
        except BaseException:
            if self._previous.exists() and not self.output.exists():
                self._previous.rename(self.output)
            raise
        self._committed = True
        # The replaced site becomes the next build's staging folder, or is deleted; deleting
        # thousands of files takes a while, so that runs in the background and the `with`
        # block waits for it: no leftover outlives the build.
        if self.mirror is not None:  # (the files linked there: the site without its search)
            self.spare_state = _put_token(self.mirror, mirrored, _folders_of(mirrored))
        elif _move(self._previous, self._spare):
            assert self._spare is not None
            # Marked with what it holds for a next build that cannot list it while it reads
            # (see list_site_aside): one listed in the background, as this one was, will.
            if not self._listed_aside:
                self.spare_state = self._mark_spare(self._spare)
        if self._previous.exists():  # (not made the spare: an empty folder, or no spare)
            self._cleanup = threading.Thread(
                target=shutil.rmtree, args=(self._previous,), kwargs={"ignore_errors": True}
            )
            self._cleanup.start()
        removed = sorted(self.old_files.keys() - set(self._written) - set(self._unchanged))
        return WriteReport(tuple(self._written), tuple(self._unchanged), tuple(removed))


def _folders_of(paths: Iterable[str]) -> set[str]:
    """Every folder (POSIX, below the top) holding one of `paths`."""
    folders: set[str] = set()
    for path in paths:
        folder = path.rpartition("/")[0]
        while folder and folder not in folders:
            folders.add(folder)
            folder = folder.rpartition("/")[0]
    return folders


def _take_token(spare: Path | None, known: SpareState | None) -> SpareState | None:
    """`known` if the spare still holds its token; the token is removed either way, so a
    build that stops half-way leaves a spare that will be listed from disk."""
    if spare is None:
        return None
    token = spare / SPARE_TOKEN
    try:
        found = token.read_text("utf-8")
        token.unlink()
    except OSError:
        return None
    return known if known is not None and found == known.token else None


def _put_token(spare: Path, files: Iterable[str], folders: Iterable[str]) -> SpareState | None:
    """Mark the folder just put aside as holding exactly `files` and `folders`."""
    state = SpareState(secrets.token_hex(8), frozenset(files), frozenset(folders))
    try:
        (spare / SPARE_TOKEN).write_text(state.token, encoding="utf-8")
    except OSError:
        return None
    return state


def _move(source: Path | None, target: Path | None) -> bool:
    """Rename a folder if both paths are given and it exists; False if it could not be done
    (e.g. the build cache is on another drive than the output folder)."""
    if source is None or target is None or not source.is_dir():
        return False
    try:
        if target.exists():
            shutil.rmtree(target)
        target.parent.mkdir(parents=True, exist_ok=True)
        source.rename(target)
    except OSError:
        return False
    return True


def write_site(
    files: Iterable[RenderedFile],
    output: Path,
    kept: Iterable[str] = (),
    finish: Callable[[Path], tuple[str, ...]] | None = None,
) -> WriteReport:
    """Write the whole site into `output`, replacing its previous content in one swap."""
    with Staging(output) as staging:
        staging.link(kept)
        for file in files:
            staging.place(file)
        return staging.commit(finish)
