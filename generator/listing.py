"""A folder → its files with their size, inode, device and time, in one scandir pass; what a
folder put aside as a spare holds. Plain values, no processes: the no-op check, the memo, the
staging folder and the search bundle share them."""

from __future__ import annotations

import contextlib
import os
import pickle
import secrets
from collections.abc import Callable, Iterable, Mapping, Set
from dataclasses import dataclass
from pathlib import Path
from typing import TypeVar

from .cache import UNREADABLE

# In every folder teladan builds: a folder without it is not replaced (it may hold someone's work).
MARKER = ".teladan-output"

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


def scan_files(folder: Path, folders: set[str] | None = None) -> dict[str, os.stat_result]:
    """Every file (and link) below `folder` by its POSIX path inside it, with its lstat; the
    paths of the folders below it go into `folders` if given. One scandir pass: cheaper than a
    walk that stats each path again by name."""
    return _scan(folder, lambda _, entry: entry.stat(follow_symlinks=False), folders)


T = TypeVar("T")


def _scan(
    folder: Path, keep: Callable[[str, os.DirEntry[str]], T], folders: set[str] | None = None
) -> dict[str, T]:
    """`scan_files`, keeping what `keep` makes of each file's path and folder entry."""
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
                    path = prefix + entry.name
                    found[path] = keep(path, entry)
            except OSError:
                continue

    scan(str(folder), "")
    return found


# What the staging folder needs of a file of the previous site: (size, inode, device,
# modification time in ns). The inode and device show which files are one (hard links); the
# build compares all four with what it recorded of the site it left, so a file changed since,
# even in place and to the same size, is not kept. (Plain tuples: handing 100,000 of them over
# from another process took a third of the time of named ones.)
FileStat = tuple[int, int, int, int]


def file_stat(stat: os.stat_result) -> FileStat:
    return (stat.st_size, stat.st_ino, stat.st_dev, stat.st_mtime_ns)


def same_file_times(a: FileStat, b: FileStat) -> bool:
    """Whether two files of the search bundle hold the same bytes, told without reading them:
    one file (a link), or a copy with its size and modification time (a copy made with
    shutil.copy2; Pagefind names its files by what they hold). An edit changes the time."""
    return a[0] == b[0] and a[3] == b[3] and a[0] >= 0


# Stands for a file changed after the time given to `list_files`: it matches no file.
UNSETTLED: FileStat = (-1, -1, -1, -1)


def list_files(folder: Path, changed_after: int | None = None) -> dict[str, FileStat]:
    """Each file below `folder` by its POSIX path, with its FileStat; with `changed_after` (ns),
    a file whose status changed later is UNSETTLED. (Not through `scan_files`: a stat result
    kept for each of 100,000 files would take tens of MB.)"""

    def keep(_: str, entry: os.DirEntry[str]) -> FileStat:
        found = entry.stat(follow_symlinks=False)
        if changed_after is not None and found.st_ctime_ns > changed_after:
            return UNSETTLED
        return file_stat(found)

    return _scan(folder, keep)


# The previous site: each file's FileStat by its POSIX path, and each folder's modification
# time (ns) by its path ("" for the site's own folder), which shows whether a file was added
# to or removed from it since.
SiteListing = tuple[dict[str, FileStat], dict[str, int]]


# A spare folder as listed (see `list_spare`): each file's FileStat by its POSIX path, and the
# paths of its folders.
SpareListing = tuple[dict[str, FileStat], set[str]]


def list_spare(spare: Path, live: SiteListing, linked: Set[str]) -> SpareListing:
    """The spare folder's files and folders, holding the live site's own objects wherever it
    can: each path they both have, and the FileStat of each file that is one with the live
    site's (a hard link). Pickled together, what they share is then held once by the process
    that reads them: the spare's listing took 90 MB at 100,000 profiles.

    Such a file is told without an lstat: its folder entry names the inode of the live site's
    file at its path, on the same drive, and that file has other names (`linked`, see
    `list_site`). Nearly every file of a spare is one: at 100,000 profiles the spare was listed
    in 1.8 s instead of 3.7 s. Where no file has other names (FAT, exFAT, and drives that make
    up inode numbers as they list a folder), each file is looked at."""
    files, times = live
    try:
        drive = os.lstat(spare).st_dev
    except OSError:
        return {}, set()

    def keep(path: str, entry: os.DirEntry[str]) -> FileStat:
        was = files.get(path)
        if was is not None and was[1:3] == (entry.inode(), drive) and path in linked:
            return was
        return file_stat(entry.stat(follow_symlinks=False))

    folders: set[str] = set()
    found = _scan(spare, keep, folders)
    paths = {path: path for path in (*files, *times)}
    return {paths.get(p, p): stat for p, stat in found.items()}, {paths.get(f, f) for f in folders}


def list_site(output: Path, linked: set[str] | None = None) -> SiteListing:
    """The site in `output` as a SiteListing: each file's FileStat and each folder's time; the
    paths of the files that have other names too (hard links) go into `linked` if given."""
    folders: set[str] = set()
    found = scan_files(output, folders)
    files = {path: file_stat(s) for path, s in found.items()}
    if linked is not None:
        linked.update(path for path, s in found.items() if s.st_nlink > 1)
    times = {}
    for folder in ("", *folders):
        with contextlib.suppress(OSError):  # gone since: it cannot match, see as_listed
            times[folder] = os.lstat(os.path.join(output, folder)).st_mtime_ns
    return files, times


def as_listed(folder: Path, times: Mapping[str, int]) -> bool:
    """Whether no file was added to or removed from any folder of a listed site since."""
    for path, mtime in times.items():
        try:
            if os.lstat(os.path.join(folder, path)).st_mtime_ns != mtime:
                return False
        except OSError:
            return False
    return True


@dataclass(frozen=True, slots=True)
class Listings:
    """The live site and the spare folder (None: not listed), as a build found them at its start."""

    live: SiteListing
    spare: SpareListing | None


def put_token(spare: Path, files: Iterable[str], folders: Iterable[str]) -> SpareState | None:
    """Mark the folder just put aside as holding exactly `files` and `folders`."""
    state = SpareState(secrets.token_hex(8), frozenset(files), frozenset(folders))
    try:
        (spare / SPARE_TOKEN).write_text(state.token, encoding="utf-8")
    except OSError:
        return None
    return state


def folders_of(paths: Iterable[str]) -> set[str]:
    """Every folder (POSIX, below the top) holding one of `paths`."""
    folders: set[str] = set()
    for path in paths:
        folder = path.rpartition("/")[0]
        while folder and folder not in folders:
            folders.add(folder)
            folder = folder.rpartition("/")[0]
    return folders


SEAL = "complete"  # in a folder kept in the build cache: see `seal`


def seal(folder: Path) -> dict[str, FileStat]:
    """Write into a folder made for the build cache the FileStat of each of its files, last:
    a folder whose making was cut short has no seal, and is never taken for a complete one.
    Returns them (sealed again after a change, it leaves its own seal out)."""
    files = list_files(folder)
    files.pop(SEAL, None)
    (folder / SEAL).write_bytes(pickle.dumps(files, protocol=pickle.HIGHEST_PROTOCOL))
    return files


def adopt(site_file: Path, kept: Path, folder: Path) -> None:
    """Make `kept`, a file of the sealed cache folder `folder` that holds the bytes of
    `site_file`, that very file (a hard link), and seal the folder again.

    The site links to the files the cache makes (press kits, the open data), and a build tells
    them unchanged by their being one file. When the cache makes one again with the same bytes
    (after any change of Teladan's code), the site keeps its own file, for its date; every
    later build then read both copies to compare them (the open data is 125 MB at 100,000
    profiles, a year's press kit with its photos 150 MB or more). Where no link can be made
    (FAT, another drive), nothing changes. (The search bundle's parts take the site's times
    instead, search._date_as_live: the site holds copies of them, not links.)"""
    spare = kept.with_name(f".{kept.name}.{os.getpid()}")
    try:
        os.link(site_file, spare)
        os.replace(spare, kept)
        seal(folder)
    except OSError:
        with contextlib.suppress(OSError):
            spare.unlink()


def sealed_files(folder: Path) -> dict[str, FileStat] | None:
    """A sealed folder's files, if every one is as it was sealed, else None. The site links to
    the files kept in the cache, so a file of the site edited in place (an editor, a deploy
    tool) changes there as well, and must not reach the next sites."""
    try:
        listed = pickle.loads((folder / SEAL).read_bytes())
    except UNREADABLE:
        return None
    files = list_files(folder)
    files.pop(SEAL, None)
    return files if isinstance(listed, dict) and listed == files else None
