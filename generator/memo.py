"""Content files + the record memo → checked records: a file is read, parsed and checked again
only when its bytes, its photo or what its checks depend on changed since the last build (a file
whose size, time and inode are as they were is not even read). Saved in parts, so a small edit
rewrites a thirty-second of it."""

from __future__ import annotations

import datetime
import functools
import gc
import hashlib
import os
import pickle
import time
import zlib
from collections.abc import Sequence
from dataclasses import dataclass, field
from pathlib import Path, PurePosixPath
from typing import Any, NamedTuple

from .cache import (
    MEMO_FILE,
    RECORDS_FOLDER,
    UNREADABLE,
    Batched,
    code_digest,
    dump_pickle,
    load_batched,
    load_pickle,
    this_version,
)
from .categories import validate_categories
from .fingerprints import OutputMemo, PageFingerprints
from .listing import SpareState
from .load import content_files, load_categories, load_record, unreadable
from .model import Category, Content, Pillar
from .noop import RACY_NS, FileState, Inputs
from .opendata import row_digest
from .problems import Problem
from .processes import worker_pool
from .reference import load_provinces
from .validate import Checks, Record, assemble, make_checks, validate_record

# A content file to read: (its path, its POSIX path below content/, its kind).
ContentFile = tuple[str, str, str]


class Read(NamedTuple):
    """What a file held when it was read: a digest of its bytes, the photo it names ("" for
    none), and its (size, modification time, inode) if they can stand for its bytes next time."""

    file_digest: str
    photo: str
    stat: FileState | None


@dataclass
class RecordEntry:
    digest: str  # of the file's bytes and everything its validation depends on
    record: Any  # the validated model object, or None
    problems: tuple[Problem, ...]
    file_digest: str = ""  # the file as it was read (see Read)
    photo: str = ""
    stat: FileState | None = None
    # The record's digest for page fingerprints (see PageFingerprints.digest), and without the
    # fields only its own pages show (PageFingerprints.shape).
    fingerprint: bytes = b""
    shape: bytes = b""
    # A profile's digest for the open data (opendata.row_digest), b"" for other records.
    data: bytes = b""

    def read(self) -> Read:
        return Read(self.file_digest, self.photo, self.stat)


@dataclass
class BuildMemo:
    """What the previous builds learnt. Mutable, private to one build, saved at its end."""

    code: str = ""
    records: dict[str, RecordEntry] = field(default_factory=dict)
    # output folder → what the last build into it made
    routes: dict[str, OutputMemo] = field(default_factory=dict)
    # output folder → what its spare folder held when it was put aside
    spares: dict[str, SpareState] = field(default_factory=dict)
    # Content files whose entries this build added, re-read or dropped: only the parts of the
    # saved memo holding them are written again.
    changed: set[str] = field(default_factory=set)


# The records are saved in this many files by a hash of their path, so a small edit rewrites
# one of them, not every record of the site (0.1 s at 4,000 profiles, seconds at 100,000).
RECORD_PARTS = 32


def _part(rel: str) -> int:
    return zlib.crc32(rel.encode()) % RECORD_PARTS


def load_memo(folder: Path) -> BuildMemo:
    """What earlier builds by this version of teladan learnt; whatever is missing or unreadable
    is only worked out again."""
    code = code_digest()
    memo = BuildMemo(code)
    # Unpickling creates hundreds of thousands of objects and no garbage: collecting during it
    # took a third of the time.
    collecting = gc.isenabled()
    gc.disable()
    try:
        memo.routes, memo.spares = _load_main(folder / MEMO_FILE, code)
        parts = folder / RECORDS_FOLDER / code  # another version's records are not read
        for n in range(RECORD_PARTS):
            part = load_pickle(parts / f"{n:02d}.pickle")
            if isinstance(part, dict):
                memo.records.update(part)
    finally:
        if collecting:
            gc.enable()
    return memo


def save_memo(folder: Path, memo: BuildMemo) -> None:
    parts = this_version(folder / RECORDS_FOLDER, memo.code)
    changed: dict[int, dict[str, RecordEntry]] = {_part(rel): {} for rel in memo.changed}
    if changed:
        for rel, entry in memo.records.items():
            part = changed.get(_part(rel))
            if part is not None:
                part[rel] = entry
    for n, part in changed.items():
        dump_pickle(parts, f"{n:02d}.pickle", part)
    memo.changed.clear()
    # (each output folder's pages and files as Batched mappings after the first pickle, in the
    # order it names the folders: see _load_main)
    routes = {key: (r.plan, r.files is not None) for key, r in memo.routes.items()}
    batched = [
        Batched(m)
        for r in memo.routes.values()
        for m in (r.sources, r.pages, r.shows, r.files or {})
    ]
    first = {"code": memo.code, "routes": routes, "spares": memo.spares}
    dump_pickle(folder, MEMO_FILE, first, *batched)


def _load_main(path: Path, code: str) -> tuple[dict[str, OutputMemo], dict[str, SpareState]]:
    """The memo of pages and spare folders `save_memo` wrote, if by this version of teladan."""
    routes: dict[str, OutputMemo] = {}
    try:
        with path.open("rb") as f:
            first = pickle.load(f)
            if not isinstance(first, dict) or first.get("code") != code:
                return {}, {}
            for key, (plan, known) in first["routes"].items():
                sources, pages, shows, files = (load_batched(f) for _ in range(4))
                routes[key] = OutputMemo(plan, sources, pages, shows, files if known else None)
        return routes, first["spares"]
    except (*UNREADABLE, KeyError):
        return {}, {}


def named_photo(data: bytes) -> str:
    """The photo a profile's front matter names, or a press release's image ("" for none), read
    without parsing it."""
    for line in data.splitlines():
        if line.startswith((b"photo:", b"image:")):
            return line[6:].split(b"#")[0].strip().strip(b"\"'").decode("utf-8", "replace")
    return ""


def photo_signature(content_dir: Path, rel: str, name: str) -> bytes:
    """What a profile's validation reads besides its own file: the photo it names, if any."""
    if not name:
        return b""
    try:
        stat = (content_dir / PurePosixPath(rel).parent / name).stat()
    except OSError:
        return b"missing:" + name.encode()
    return f"{name}:{stat.st_size}:{stat.st_mtime_ns}".encode()


def file_state(path: str, read_at_ns: int, found: FileState | None = None) -> FileState | None:
    """(size, modification time, inode) of a file, or None if they may not show a change.
    `found`: those, if taken after `read_at_ns` (not for a link: its own time does not change
    with the file it points to)."""
    if found is None:
        try:
            stat = os.stat(path)
        except OSError:
            return None
        found = (stat.st_size, stat.st_mtime_ns, stat.st_ino)
    return None if found[1] > read_at_ns - RACY_NS else found


# Reading and checking a file is mostly Markdown conversion: CPU-bound Python, so a second
# process pays off on 2 cores once there are enough files (measured: see the issue notes).
PARALLEL_FILES = 400


class Checked(NamedTuple):
    """What a worker makes of one file."""

    record: Record | None
    problems: tuple[Problem, ...]
    fingerprint: bytes  # the record's digest for page fingerprints
    shape: bytes  # and without its PAGE_ONLY fields
    data: bytes  # its open data's digest (a profile's)
    file_digest: str  # of the bytes it read
    photo: str  # the photo its front matter names
    photo_state: bytes  # that photo's size and time before the record was checked


def check_file(item: ContentFile, checks: Checks, content_dir: Path) -> Checked:
    """Read, parse and check a file. Reading it here, in the worker, and working out its
    digests from the same bytes (and the photo's state before checking it) saves the parent
    reading every file of a first build."""
    name, rel, kind = item
    path = Path(name)
    try:
        data = path.read_bytes()
    except OSError as exc:
        return Checked(None, (unreadable(rel, exc),), b"", b"", b"", _bytes_digest(b""), "", b"")
    photo = named_photo(data)
    photo_state = photo_signature(content_dir, rel, photo)
    raw, found = load_record(path, rel, kind, data)
    record, more = validate_record(raw, checks, content_dir) if raw else (None, [])
    digest = shape = shown = b""
    if record is not None:
        fingerprints = PageFingerprints(b"")
        digest, shape = fingerprints.digest(record), fingerprints.shape(record)
        shown = row_digest(record) if isinstance(record, Pillar) else b""
    return Checked(
        record, (*found, *more), digest, shape, shown, _bytes_digest(data), photo, photo_state
    )


def _bytes_digest(data: bytes) -> str:
    return hashlib.blake2b(data, digest_size=16).hexdigest()


def _check_files(files: Sequence[ContentFile], checks: Checks, content_dir: Path) -> list[Checked]:
    """load + validate for each file, in order; in a process pool when there are many."""
    check = functools.partial(check_file, checks=checks, content_dir=content_dir)
    pool = worker_pool(os.cpu_count() or 1) if len(files) >= PARALLEL_FILES else None
    if pool is None:
        return [check(f) for f in files]
    with pool:
        return list(pool.map(check, files, chunksize=64))


@dataclass(frozen=True, slots=True)
class _Checks:
    """What a record's checks depend on besides its own file, and its digest (a digest: the
    categories are kilobytes to hash again for every file)."""

    categories: Sequence[Category]
    checks: Checks
    context: bytes

    def record_digest(self, file_digest: str, photo_state: bytes) -> str:
        key = f"{file_digest}|{photo_state!r}|".encode() + self.context
        return hashlib.blake2b(key, digest_size=16).hexdigest()


def load_with_memo(
    content_dir: Path, today: datetime.date, memo: BuildMemo, inputs: Inputs | None = None
) -> tuple[Content, tuple[Problem, ...], tuple[Problem, ...]]:
    """load + validate, file by file, reusing the memo's result for files that did not change
    (`inputs`: what the no-op check saw of the content files, not looked at twice): the
    content, the problems of loading, those of checking."""
    category_raws, load_problems = load_categories(content_dir)
    categories, category_problems = validate_categories(category_raws)
    provinces = load_provinces()
    context = hashlib.blake2b(f"{categories!r}|{today.year}".encode(), digest_size=32).digest()
    checks = _Checks(categories, make_checks(categories, provinces, today), context)
    files, file_problems = content_files(content_dir)
    read, changed = _look(files, memo, inputs, checks, content_dir)
    done = _check_files(changed, checks.checks, content_dir)
    checked_now = dict(zip((rel for _, rel, _ in changed), done, strict=True))
    _update(memo, [rel for _, rel, _ in files], read, checked_now, checks)
    records = [e.record for e in memo.records.values() if e.record is not None]
    problems = [*category_problems, *(p for e in memo.records.values() for p in e.problems)]
    content = assemble(categories, provinces, records)
    return content, (*load_problems, *file_problems), tuple(problems)


def _look(
    files: Sequence[ContentFile],
    memo: BuildMemo,
    inputs: Inputs | None,
    checks: _Checks,
    content_dir: Path,
) -> tuple[dict[str, Read], list[ContentFile]]:
    """Each file as it is now (its bytes are read only if its stat changed since the memo's),
    and the files to check again: new ones, and those whose record digest changed."""
    now, found = (inputs.looked_ns, inputs.content) if inputs else (time.time_ns(), {})
    links = inputs.links if inputs else frozenset()
    read: dict[str, Read] = {}
    changed = []
    for path, rel, kind in files:
        known = memo.records.get(rel)
        state = file_state(path, now, None if rel in links else found.get(rel))
        if known is None:  # new: the worker that checks it reads it
            read[rel] = Read("", "", state)
            changed.append((path, rel, kind))
            continue
        if state is not None and known.stat == state:
            read[rel] = known.read()  # unchanged since it was read
        else:
            try:
                with open(path, "rb") as file:
                    data = file.read()
            except OSError:
                data = b""
            read[rel] = Read(_bytes_digest(data), named_photo(data), state)
        photo_state = photo_signature(content_dir, rel, read[rel].photo)
        if known.digest != checks.record_digest(read[rel].file_digest, photo_state):
            changed.append((path, rel, kind))
    return read, changed


def _update(
    memo: BuildMemo,
    files: Sequence[str],
    read: dict[str, Read],
    checked_now: dict[str, Checked],
    checks: _Checks,
) -> None:
    """The memo's records: each of `files` in order, from `checked_now` or as the memo had it;
    files gone are dropped. Entries new or read again are marked changed, to be saved."""
    records: dict[str, RecordEntry] = {}
    for rel in files:
        checked = checked_now.get(rel)
        if checked is None:
            entry, now = memo.records[rel], read[rel]
        else:
            # its bytes as the worker read them (a file changed since it was listed included)
            now = Read(checked.file_digest, checked.photo, read[rel].stat)
            entry = RecordEntry(
                checks.record_digest(checked.file_digest, checked.photo_state),
                checked.record,
                checked.problems,
                fingerprint=checked.fingerprint,
                shape=checked.shape,
                data=checked.data,
            )
        if checked is not None or entry.read() != now:
            memo.changed.add(rel)
        entry.file_digest, entry.photo, entry.stat = now
        records[rel] = entry
    memo.changed.update(memo.records.keys() - records.keys())
    memo.records = records  # forget deleted files
