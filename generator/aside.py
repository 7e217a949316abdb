"""Work started beside a build in forked processes, while it reads and plans: listing the live
site (and the spare folder) for the staging folder, and linking a copy of the live site to
become the spare when there is none. Listing and linking thousands of files is time in the
kernel, which this way passes while the build works in Python. Without fork (Windows, macOS, a
process running threads) nothing is started and the build does the same work itself."""

from __future__ import annotations

import hashlib
import os
from dataclasses import dataclass
from pathlib import Path

from .listing import MARKER, Listings, SpareState, list_site, list_spare, put_token
from .processes import Forked, in_child


def spare_folder(cache: Path, output_dir: Path) -> Path:
    """Where the site a build replaces is kept, as the next build's staging folder."""
    key = str(output_dir.absolute()).encode()
    return cache / "spare" / hashlib.blake2b(key, digest_size=8).hexdigest()


@dataclass(frozen=True, slots=True)
class Aside:
    """The spare folder, and what is being worked out beside the build for it."""

    spare: Path
    listed: Forked[Listings]  # the live site's listing (and the spare's)
    copied: Forked[SpareState]  # a copy of the live site, as the spare

    def wait(self) -> None:
        """Waits for each process: none outlives the build."""
        try:
            self.copied()
        finally:
            self.listed()


def start_aside(cache: Path, output_dir: Path) -> Aside:
    """Start listing the live site (and the spare), then copying it into the spare if there is
    none. The listing is started first: a process forked from a small one is quicker to make
    and to run beside."""
    spare = spare_folder(cache, output_dir)
    listed = list_site_aside(output_dir, spare)
    return Aside(spare, listed, copy_site_aside(output_dir, spare))


def list_site_aside(output_dir: Path, spare: Path) -> Forked[Listings]:
    """The live site and the spare folder as `list_site` finds them now (a spare made after
    this starts is not listed); nothing if there is no site."""
    result = spare.with_name(spare.name + ".listed")
    if not (output_dir / MARKER).is_file():
        return Forked(None, result, Listings)
    listed_spare = spare if spare.is_dir() else None

    def listed() -> Listings:
        linked: set[str] = set()
        live = list_site(output_dir, linked)
        return Listings(live, list_spare(listed_spare, live, linked) if listed_spare else None)

    return in_child(listed, result, Listings)


def copy_site_aside(output_dir: Path, spare: Path) -> Forked[SpareState]:
    """Without a spare folder to start from (the cache was deleted, or a first build could not
    make one: see Staging.mirror), the staging folder would be assembled from nothing: a folder
    and a hard link per page, half a second at 4,000 profiles. A copy of the live site, linked
    file by file, becomes the spare instead: what it holds (the SpareState the child marked it
    with, as a build marks the spare it puts aside). The child lists what it linked, so the
    copy need not be listed again (at 100,000 profiles that took about 100 MB); the live site
    may change meanwhile, which the staging folder sorts out as in any spare."""
    result = spare.with_name(spare.name + ".copied")
    if spare.exists() or not (output_dir / MARKER).is_file():
        return Forked(None, result, SpareState)
    try:  # the copy is linked from the output and renamed beside it: one drive
        spare.parent.mkdir(parents=True, exist_ok=True)
        drives = {p.stat().st_dev for p in (spare.parent, output_dir, output_dir.absolute().parent)}
    except OSError:
        return Forked(None, result, SpareState)
    if len(drives) != 1:
        return Forked(None, result, SpareState)

    def copy() -> SpareState | None:
        files: list[str] = []
        folders: list[str] = []
        _link_tree(str(output_dir), str(spare), "", files, folders)
        return put_token(spare, files, folders)

    return in_child(copy, result, SpareState)


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
