"""The press kits (presskit.py) kept in the build cache, .teladan-cache/kits/…/<key>/kit.zip,
under a digest of what each holds: a kit is made only when its text, photos or credits changed,
and the output links to the cached zip instead of holding it in memory (a year of 1,000 winners
is a zip of 150 MB or more; every kit of a large site together, hundreds of MB).

A zip is written one entry at a time into a temporary folder, sealed (listing.seal) and renamed
into place, so a killed build leaves no half kit under a key, and a kit edited in place through
the site (its file is the cache's) is made again.
"""

from __future__ import annotations

import contextlib
import hashlib
import io
import os
import shutil
from collections.abc import Mapping, Sequence
from dataclasses import dataclass
from pathlib import Path
from types import MappingProxyType

from .cache import code_digest, forget_stale
from .images import Photo
from .index import SiteIndex
from .listing import seal, sealed_files
from .model import RenderedFile
from .presskit import Kit, Words, every_kit, write_zip

KITS_FOLDER = "kits"  # in the build cache


@dataclass(frozen=True, slots=True)
class KitFile:
    """A press kit made: its path in the site, its size, and where its bytes are: the zip in the
    build cache (`data` empty), or `data` when the cache could not be written."""

    path: str
    size: int
    key: str
    source: Path | None
    data: bytes = b""

    def as_file(self) -> RenderedFile:
        """The kit's bytes, read whole (the preview serves them from memory)."""
        data = self.source.read_bytes() if self.source is not None else self.data
        return RenderedFile(self.path, data)


def made_kits(
    index: SiteIndex,
    photos: Mapping[str, Photo],
    photo_files: Sequence[RenderedFile],
    cache: Path,
    words: Words,
    drafts: bool,
) -> tuple[KitFile, ...]:
    """Every press kit of the site, each made only if the cache does not hold it yet; the kits
    no longer made are removed from the cache.

    Kits are kept in a folder for each address and for drafts shown or not, as each of those
    makes different kits, and removing the kits no longer made is safe only where no other
    process uses them: builds of one content folder take turns (processes.hold_build_lock);
    two previews (each at its own address), or a preview and a build, run at once. The folder
    of a preview stopped long ago is removed whole (cache.forget_stale)."""
    files = {f.path: f.data for f in photo_files}
    kind = "with-drafts" if drafts else "published"
    address = hashlib.blake2b(index.config.base_url.encode(), digest_size=8).hexdigest()
    folder = cache / KITS_FOLDER / f"{kind}-{address}"
    with contextlib.suppress(OSError):
        folder.mkdir(parents=True, exist_ok=True)
        os.utime(folder)  # in use: not stale (the kits' own dates stay those of the site's files)
    code = code_digest()
    made = (
        _made(kit, kit.key(code), folder, files) for kit in every_kit(index, photos, files, words)
    )
    kits = tuple(made)
    _forget_others(folder, {k.key for k in kits})
    forget_stale(folder.parent, keep=folder.name)
    return kits


ZIP = "kit.zip"  # in the kit's folder in the cache, beside its seal (listing.seal)


def _made(kit: Kit, key: str, folder: Path, files: Mapping[str, bytes]) -> KitFile:
    kept = folder / key
    source = kept / ZIP
    if sealed_files(kept) is not None:  # (a kit edited in place through the site is not)
        return KitFile(kit.path, source.stat().st_size, key, source)
    made = folder / f".kit-{key}-{os.getpid()}"
    try:
        shutil.rmtree(made, ignore_errors=True)
        made.mkdir(parents=True)
        # Not mkstemp: its file is private (0600), and the site's copy is this very file, which
        # the web server must be able to read.
        with (made / ZIP).open("wb") as file:
            write_zip(file, kit, files)
        seal(made)
        shutil.rmtree(kept, ignore_errors=True)
        made.rename(kept)
        return KitFile(kit.path, source.stat().st_size, key, source)
    except OSError:  # a cache that cannot be written: the kit in memory, as a last resort
        memory = io.BytesIO()
        write_zip(memory, kit, files)
        data = memory.getvalue()
        return KitFile(kit.path, len(data), key, None, data)
    finally:
        shutil.rmtree(made, ignore_errors=True)  # gone when renamed


def _forget_others(folder: Path, keep: set[str]) -> None:
    """Remove the cached kits this build did not use: an edited release leaves its old kit."""
    with contextlib.suppress(OSError):
        for old in folder.iterdir():
            if old.name not in keep:
                shutil.rmtree(old, ignore_errors=True)
                with contextlib.suppress(OSError):
                    old.unlink()  # (a kit kept by an earlier version: a file)


def kit_sizes(kits: Sequence[KitFile]) -> Mapping[str, int]:
    """Each kit's size by its site path: the pages linking a kit say how large it is."""
    return MappingProxyType({k.path: k.size for k in kits})
