"""The site's open data (/data/, opendata.py) kept in the build cache, .teladan-cache/data/<key>/,
under a digest of everything the files are made from: a build that leaves the data as it was
(an edited story, the most common change) neither makes them again nor reads them, and the site
links to the kept files. At 100,000 profiles they are 125 MB; read back into memory at every
build (as they were, from one pickle) and compared with the site's copies, they made an edit's
peak memory.
"""

from __future__ import annotations

import contextlib
import hashlib
import os
import shutil
from collections.abc import Mapping
from dataclasses import dataclass
from pathlib import Path
from typing import BinaryIO

from .hosting import precompressed
from .images import Photo
from .index import SiteIndex
from .listing import seal, sealed_files
from .model import Pillar, RenderedFile
from .opendata import FILES, data_inputs, render_data, row_digest, write_data

DATA_FOLDER = "data"  # in the build cache


@dataclass(frozen=True, slots=True)
class OpenData:
    """The /data/ files: each kept file's path in the site, its place in the cache and the
    sealed folder there that holds it, and, if the cache could not hold them, the files
    themselves."""

    kept: tuple[tuple[str, Path, Path], ...]
    in_memory: tuple[RenderedFile, ...] = ()


def open_data(
    index: SiteIndex,
    photos: Mapping[str, Photo],
    cache: Path,
    code: str,
    known: Mapping[int, bytes],
    gz: bool = False,
) -> OpenData:
    """The /data/ files (with their .gz copies if `gz`), made only when what they show changed.
    `known`: profiles' row digests (opendata.row_digest) by the id() of the Pillar, as their
    check left them (working them all out again took a thirtieth of an edit)."""

    def digest(pillar: Pillar) -> bytes:
        return known.get(id(pillar)) or row_digest(pillar)

    # Repr, not pickle: a pickle differs with which equal strings are one object
    inputs = repr((code, gz, data_inputs(index, photos, digest)))
    key = hashlib.blake2b(inputs.encode(), digest_size=16).hexdigest()
    folder = cache / DATA_FOLDER
    kept = sealed_files(folder / key)
    paths = sorted(kept) if kept is not None else None
    if paths is None:
        try:
            paths = _keep(index, photos, gz, folder, key)
        except OSError:  # a cache that cannot be written: the files in memory, as a last resort
            return OpenData((), render_data(index, photos))  # (.gz copies: as for any file)
    with contextlib.suppress(OSError):
        for other in folder.iterdir():  # the last build's only
            if other.name != key:
                shutil.rmtree(other, ignore_errors=True)
        (cache / "open-data.pickle").unlink()  # where earlier versions kept them, in one pickle
    return OpenData(tuple((path, folder / key / path, folder / key) for path in paths))


def _keep(
    index: SiteIndex, photos: Mapping[str, Photo], gz: bool, folder: Path, key: str
) -> list[str]:
    """The files written into the cache under `key` (sealed), their .gz copies if `gz`;
    returns their paths, sorted."""
    made = folder / f".{key}.{os.getpid()}"
    shutil.rmtree(made, ignore_errors=True)
    try:
        write_data(index, photos, lambda path: _new_file(made / path))
        if gz:  # (a file at a time: pilar.json is 81 MB at 100,000 profiles)
            for path in FILES:
                for copy in precompressed([RenderedFile(path, (made / path).read_bytes())]):
                    (made / copy.path).write_bytes(copy.data)
        paths = sorted(seal(made))
        shutil.rmtree(folder / key, ignore_errors=True)
        made.rename(folder / key)
        return paths
    finally:
        shutil.rmtree(made, ignore_errors=True)


def _new_file(path: Path) -> BinaryIO:
    path.parent.mkdir(parents=True, exist_ok=True)
    return path.open("wb")
