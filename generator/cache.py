"""The build cache, .teladan-cache/ beside content/ (safe to delete): where each thing is kept,
and pickles written atomically and read back leniently (a missing or unreadable one is only
worked out again). Light on purpose: the no-op check imports it."""

from __future__ import annotations

import contextlib
import functools
import hashlib
import itertools
import os
import pickle
import shutil
import tempfile
import time
from collections.abc import Iterator, Mapping, Sequence
from dataclasses import dataclass
from pathlib import Path
from typing import IO, Any, TypeVar

from .i18n import language

T = TypeVar("T")

CACHE_FOLDER = ".teladan-cache"
MEMO_FILE = "build-memo.pickle"  # the memo of pages and spare folders, per output folder
RECORDS_FOLDER = "records"  # the record memo, in parts (see memo.py)
# One small file per output folder, read first: the no-op check needs nothing else, and a
# build saves its own without reading those of other folders.
OUTPUTS_FOLDER = "outputs"
STALE_SECONDS = 24 * 3600.0  # see forget_stale


def code_digest() -> str:
    """Changes with any change to the generator's code or shipped data (new fields, new checks),
    and with the language it speaks: the problems kept with each record are worded in it."""
    return f"{_shipped_digest()}-{language()}"


@functools.cache  # this process runs the code it read first, whatever the files say later
def _shipped_digest() -> str:
    h = hashlib.blake2b(digest_size=16)
    package = Path(__file__).parent
    shipped = [
        *package.glob("*.py"),
        *package.glob("data/*.yaml"),
        *package.glob("locale/*/*/*.mo"),
    ]
    for path in sorted(shipped):
        h.update(path.relative_to(package).as_posix().encode() + path.read_bytes())
    return h.hexdigest()


def this_version(parent: Path, code: str) -> Path:
    """`parent/code`, after removing the folders other versions of teladan left beside it."""
    with contextlib.suppress(OSError):
        for old in parent.iterdir():
            if old.name != code:
                shutil.rmtree(old, ignore_errors=True)
    return parent / code


def compiled_templates(folder: Path, code: str) -> Path:
    """Where this version of teladan keeps compiled templates."""
    return this_version(folder / "templates", code)


# What reading a pickle the build cache holds may raise, damaged or written by another version
# (ValueError: a pickle protocol this Python does not know).
UNREADABLE = (
    OSError,
    pickle.UnpicklingError,
    EOFError,
    AttributeError,
    ImportError,
    TypeError,
    ValueError,
)


def load_pickle(path: Path) -> Any:
    """What `dump_pickle` left at `path` (its first value), None if it cannot be read."""
    try:
        with path.open("rb") as f:
            return pickle.load(f)
    except UNREADABLE:
        return None


@dataclass(frozen=True)
class Batched:
    """A mapping or a sequence that `dump_pickle` writes a few thousand entries a pickle, for
    `load_batched` to read back. Pickle keeps an index of every object it has written until it
    is done: at 100,000 profiles, 25 MB for a mapping of a page or a file of the site, 31 MB
    for the warnings of a site with one a profile, 100 MB for the memo of pages, at the peak of
    a build's memory (in the process that saves it)."""

    values: Mapping[Any, Any] | Sequence[Any]


BATCH = 4096  # entries a pickle


def dump_pickle(folder: Path, name: str, *values: object) -> None:
    """Write atomically, one pickle after the other (a Batched value as several); a memo that
    cannot be saved only makes the next build slower."""
    try:
        folder.mkdir(parents=True, exist_ok=True)
        fd, temp = tempfile.mkstemp(dir=folder, prefix=".memo-")
        with os.fdopen(fd, "wb") as f:
            for value in values:
                for part in _batches(value.values) if isinstance(value, Batched) else (value,):
                    pickle.dump(part, f, protocol=pickle.HIGHEST_PROTOCOL)
        os.replace(temp, folder / name)
    except OSError:
        pass


def _batches(values: Mapping[Any, Any] | Sequence[Any]) -> Iterator[object]:
    if isinstance(values, Mapping):
        entries = iter(values.items())
        while batch := dict(itertools.islice(entries, BATCH)):
            yield batch
    else:
        for start in range(0, len(values), BATCH):
            yield list(values[start : start + BATCH])
    yield None  # (its end)


def load_batched(f: IO[bytes]) -> dict[Any, Any]:
    """The next value of an open file `dump_pickle` wrote, a Batched mapping (raises one of
    UNREADABLE if it is not)."""
    found: dict[Any, Any] = {}
    for batch in _read_batches(f, dict):
        found.update(batch)
    return found


def load_batched_list(f: IO[bytes]) -> list[Any]:
    """As `load_batched`, a Batched sequence."""
    return [value for batch in _read_batches(f, list) for value in batch]


def _read_batches(f: IO[bytes], kind: type) -> Iterator[Any]:
    while (batch := pickle.load(f)) is not None:
        if not isinstance(batch, kind):
            raise TypeError(f"not a batch of a {kind.__name__}")
        yield batch


def forget_stale(folder: Path, keep: str = "") -> None:
    """Remove the folders in `folder` (but `keep`) unchanged for a day: those left by a
    process stopped long ago (killed, a power cut), where processes that may run at once keep
    folders of their own (previews at two ports, say) and none may remove another's in use."""
    now = time.time()
    with contextlib.suppress(OSError):
        for old in folder.iterdir():
            with contextlib.suppress(OSError):
                if old.name != keep and now - old.stat().st_mtime > STALE_SECONDS:
                    shutil.rmtree(old)
