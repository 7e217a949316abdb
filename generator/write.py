"""RenderedFiles → a staging folder → swapped into the output folder in one step.

The previous site stays complete until the very end: a failed or killed build leaves it as it
was. Files whose bytes did not change are hard-linked from the previous site (copied on drives
without hard links), so they keep their modification time (useful for rsync-style deploys and
browser caches).
"""

from __future__ import annotations

import contextlib
import filecmp
import hashlib
import os
import shutil
import threading
from collections.abc import Callable, Iterable, Mapping
from dataclasses import dataclass
from pathlib import Path, PurePosixPath

from .i18n import _
from .listing import (
    MARKER,
    SPARE_TOKEN,
    FileStat,
    SiteListing,
    SpareListing,
    SpareState,
    adopt,
    as_listed,
    file_stat,
    folders_of,
    list_site,
    put_token,
    same_file_times,
    scan_files,
)
from .model import RenderedFile
from .outputdir import (
    OutputError,
    check_output_dir,
    note_build,
    output_trouble,
    recover_interrupted,
    size_of,
)
from .processes import link_or_copy
from .report import WriteReport

# Constant on purpose: the output tree must be byte-identical between builds of the same content.
MARKER_TEXT = (
    "This folder is written by teladan (https://pypi.org/project/teladan/).\n"
    "Every build replaces its whole content; do not keep your own files here.\n"
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
        text = _("refusing to write outside the output folder: %(path)r")
        raise OutputError(text % {"path": path})
    return pure


def _same_bytes(path: Path, data: bytes) -> bool:
    """Whether the file holds `data`, read a block at a time: a year's book is tens of MB."""
    view, at = memoryview(data), 0
    try:
        with path.open("rb") as file:
            if os.fstat(file.fileno()).st_size != len(data):
                return False
            while block := file.read(1 << 20):
                if view[at : at + len(block)] != block:
                    return False
                at += len(block)
    except OSError:
        return False
    return at == len(data)


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
    mirror_at = mirror.joinpath(*relative.parts) if mirror is not None else None
    _put_in(staging, target, mirror_at, previous, file.data, same)
    return Placed(file.path, len(file.data), digest, not same)


def _put_in(
    staging: Path, target: Path, mirror_at: Path | None, previous: Path, data: bytes, same: bool
) -> None:
    try:
        _put(previous, target, data, same)
    except (FileNotFoundError, NotADirectoryError):  # first file of its folder
        _make_folder(target.parent, staging)
        _put(previous, target, data, same)
    if mirror_at is not None:
        _mirror(target, mirror_at)


def place_made(
    staging: Path,
    output: Path,
    path: str,
    source: Path,
    sealed: Path,
    fresh: bool = True,
    mirror: Path | None = None,
) -> Placed:
    """`place_file` for a file made in the build cache's sealed folder `sealed` (a press kit),
    without reading it into memory: a link to the previous copy if it is that file or has its
    bytes (then the cache's file becomes it: listing.adopt), else a link to (or copy of)
    `source`."""
    relative = safe_relative(path)
    target = staging.joinpath(*relative.parts)
    previous = output.joinpath(*relative.parts)
    size = source.stat().st_size
    same = _same_file(previous, source)
    if not same and _same_contents(previous, source, size):
        same = True
        adopt(previous, source, sealed)
    origin = previous if same else source
    if not fresh:
        if _same_file(origin, target):
            return Placed(path, size, "", False)  # linked by an earlier build
        _remove(target)
    mirror_at = mirror.joinpath(*relative.parts) if mirror is not None else None
    _put_in(staging, target, mirror_at, origin, b"", True)  # (a link to `origin`)
    return Placed(path, size, "", not same)


def _same_contents(a: Path, b: Path, size: int) -> bool:
    try:
        return a.stat().st_size == size and filecmp.cmp(a, b, shallow=False)
    except OSError:
        return False


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
        spare_listed: SpareListing | None = None,
        builds: Path | None = None,
    ) -> None:
        """`known`: what the spare held when the last build put it aside (see SpareState);
        `listed`, `spare_listed`: the output folder and the spare as `list_site` and
        `list_spare` found them at the start of the build (no one else changes the spare:
        builds take turns); `builds`: where builds note their output folder while they run
        (see `note_build`)."""
        # Normalised first: "output/../arsip" is the folder arsip once output/ exists, which
        # the mkdir below makes, so it must be checked as arsip.
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
            raise (output_trouble(exc, self.output, size_of(self.output)) or exc) from exc
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
                spare.mkdir(parents=True)  # fails if it is there: then no mirror
                if spare.stat().st_dev == self.folder.stat().st_dev:  # links need one drive
                    self.mirror = spare
                else:
                    spare.rmdir()
        # What the reused folder held before this build (None: known, not looked at yet).
        self._spare_folders: set[str] = set()
        self._spare_files: Mapping[str, FileStat | None] = {}
        # The same, if listed: nothing is placed in its search bundle before `commit`'s
        # `finish`, which need not list it again (see search._assemble).
        self.spare_listing: Mapping[str, FileStat] | None = None
        if not self.fresh and spare_listed is not None:
            self._spare_files = self.spare_listing = spare_listed[0]
            self._spare_folders = spare_listed[1]
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
            # Measured before the staging folder goes: how much the site needs
            needed = max(sum(stat[0] for stat in self.old_files.values()), size_of(self.folder))
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
                found = os.lstat(f"{self.folder}/{path}")  # "/" works on Windows too
            except OSError:
                return False
            spare = file_stat(found)
        # A listing that gives no inodes, 0, cannot tell: the file is linked again
        return old[1] != 0 and old[1:3] == spare[1:3]

    def place(self, file: RenderedFile) -> Placed:
        placed = place_file(self.folder, self.output, file, self.fresh, self.mirror)
        self.note((placed,))
        return placed

    def note(self, placed: Iterable[Placed]) -> None:
        """Record files that `place_file` put here (possibly in another process)."""
        for p in placed:
            (self._written if p.changed else self._unchanged).append(p.path)

    def _keep_previous(self, path: str) -> None:
        """The previous site's file at `path` in place of the staged one, with the same bytes:
        it keeps its modification time (and stays one file with the previous site)."""
        target = self.folder / safe_relative(path)
        target.unlink()
        link_or_copy(self.output / safe_relative(path), target)

    def _mark_spare(self, spare: Path) -> SpareState | None:
        if not as_listed(spare, self._old_folders):
            # Files were added to or removed from the site after it was listed (at the start of
            # the build): the spare must not be marked as holding what it no longer does.
            self.old_files, self._old_folders = list_site(spare)
        folders = (folder for folder in self._old_folders if folder)  # "": the spare itself
        return put_token(spare, self.old_files, folders)

    def _prune(self) -> None:
        """Remove what a reused folder held beyond the files placed in this build, and the
        folders left without any of them."""
        wanted = {*self._written, *self._unchanged}
        for path in self._spare_files.keys() - wanted:
            # It may be gone, or now a folder of files placed over it in this build
            with contextlib.suppress(OSError):
                os.unlink(self.folder.joinpath(*PurePosixPath(path).parts))
        needed = folders_of(wanted)
        for folder in sorted(self._spare_folders - needed, key=lambda f: -f.count("/")):
            with contextlib.suppress(OSError):  # already gone with a folder below it
                shutil.rmtree(self.folder.joinpath(*PurePosixPath(folder).parts))

    def commit(self, finish: Callable[[Path], Mapping[str, FileStat]] | None = None) -> WriteReport:
        """Swap the staging folder in. `finish` runs on the complete staging folder first (the
        search indexer needs the pages on disk) and returns the paths it added, each with its
        FileStat; one with the previous site's size and time is its file (see
        `same_file_times`: it is the search bundle's)."""
        self.place(RenderedFile(MARKER, MARKER_TEXT.encode()))
        mirrored = (*self._written, *self._unchanged) if self.mirror else ()
        # (before the pruning, which would remove a reused folder's search bundle: `finish` keeps
        # what it finds in place, see search._assemble)
        for path, stat in (finish(self.folder) if finish else {}).items():
            had = self.old_files.get(path)
            if had is not None and same_file_times(had, stat):
                if had[1] != stat[1] and stat[1] != 0:  # a copy of the same
                    self._keep_previous(path)
                self._unchanged.append(path)
            elif had is not None and _same_contents(
                self.output / safe_relative(path), self.folder / safe_relative(path), stat[0]
            ):
                self._keep_previous(path)
                self._unchanged.append(path)
            else:
                self._written.append(path)
        if not self.fresh:
            self._prune()
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
        if self.mirror is not None:  # the files linked there: the site without its search
            self.spare_state = put_token(self.mirror, mirrored, folders_of(mirrored))
        elif _move(self._previous, self._spare):
            assert self._spare is not None
            # Marked with what it holds for a next build that cannot list it while it reads
            # (see list_site_aside): one listed in the background, as this one was, will.
            if not self._listed_aside:
                self.spare_state = self._mark_spare(self._spare)
        if self._previous.exists():  # not made the spare: an empty folder, or no spare
            self._cleanup = threading.Thread(
                target=shutil.rmtree, args=(self._previous,), kwargs={"ignore_errors": True}
            )
            self._cleanup.start()
        removed = sorted(self.old_files.keys() - set(self._written) - set(self._unchanged))
        return WriteReport(tuple(self._written), tuple(self._unchanged), tuple(removed))


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
    finish: Callable[[Path], Mapping[str, FileStat]] | None = None,
) -> WriteReport:
    """Write the whole site into `output`, replacing its previous content in one swap."""
    with Staging(output) as staging:
        staging.link(kept)
        for file in files:
            staging.place(file)
        return staging.commit(finish)
