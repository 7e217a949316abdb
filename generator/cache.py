"""Memo tables kept between builds in .teladan-cache/ (beside content/, safe to delete).

Two things are remembered: each content file's validated record (keyed by the file's bytes, the
categories, the date and the generator's own code), and, per output folder, a digest of every
input of the last successful build, so a build with nothing changed can stop at once. Stages
know nothing of this; `build` asks and tells.
"""

from __future__ import annotations

import contextlib
import dataclasses
import datetime
import functools
import gc
import hashlib
import os
import pickle
import secrets
import shutil
import sys
import tempfile
import time
import zlib
from collections.abc import Callable, Iterable, Mapping
from dataclasses import dataclass, field
from pathlib import Path, PurePosixPath
from stat import S_ISLNK
from types import MappingProxyType
from typing import Any, TypeVar

from .model import Source
from .problems import Problem
from .shipped import builtin_themes
from .write import MARKER, FileStat, SpareState, list_files, scan_files

T = TypeVar("T")

CACHE_FOLDER = ".teladan-cache"
MEMO_FILE = "build-memo.pickle"
# One small file per output folder, read first: the no-op check needs nothing else, and a
# build saves its own without reading those of other folders.
OUTPUTS_FOLDER = "outputs"


@functools.cache  # (this process runs the code it read first, whatever the files say later)
def code_digest() -> str:
    """Changes with any change to the generator's code or shipped data (new fields, new checks)."""
    h = hashlib.blake2b(digest_size=16)
    package = Path(__file__).parent
    for path in sorted([*package.glob("*.py"), *package.glob("data/*.yaml")]):
        h.update(path.name.encode() + path.read_bytes())
    return h.hexdigest()


@dataclass
class RecordEntry:
    digest: str  # of the file's bytes and everything its validation depends on
    record: Any  # the validated model object, or None
    problems: tuple[Problem, ...]
    # What the file held when it was read: a digest of its bytes, the photo it names ("" for
    # none), and its (size, modification time, inode) if they can stand for its bytes next time.
    file_digest: str = ""
    photo: str = ""
    stat: tuple[int, int, int] | None = None
    # The record's digest for page fingerprints (see PageFingerprints.digest), and without the
    # fields only its own pages show (PageFingerprints.shape).
    fingerprint: bytes = b""
    shape: bytes = b""
    # A profile's digest for the open data (opendata.row_digest), b"" for other records.
    data: bytes = b""


@dataclass
class OutputMemo:
    """What the last build into one output folder made, and from what."""

    # A digest of everything its pages were planned from (records without their PAGE_ONLY
    # fields, settings, theme, date, photos): while it holds, the same pages are planned, and
    # a page's context changes only with the records it shows.
    plan: str
    sources: dict[str, bytes]  # content file → the digest of its record then
    pages: dict[str, tuple[str, int, str]]  # file → (fingerprint, size, content digest)
    # file → the content files whose records the page shows (None: not known, so any);
    # pages that show none are left out
    shows: dict[str, tuple[str, ...] | None]
    # Every file of the folder as the build left it (see `output_files`; None: not known): a
    # file is kept by the next build only while it is still so.
    files: dict[str, FileStat] | None = None


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


# Values pickle stores as they are; everything else in a context is looked at more closely.
_PLAIN = frozenset({str, int, float, bool, type(None), bytes})

# The content files (relative to content/) whose records a page shows; None when it shows a
# record the fingerprints were not told the file of.
Sources = tuple[str, ...] | None


class PageFingerprints:
    """Fingerprints of pages for one build: equal when a page would render the same.

    A page's context is pickled with every record in it (any frozen dataclass: a profile, a
    card, a province) replaced by the digest of its fields, worked out once per build:
    thousands of pages show the same few thousand records, and pickling each of them again for
    every page took most of a small rebuild. The walk that swaps them is plain Python over
    tuples, lists and mappings (a pickler's reducer_override, called back for every object,
    took twice as long); anything else is left for pickle itself.

    The walk also notes which content files' records each page shows (`page`): after an edit
    that leaves what lists are planned from alone, only those pages need looking at again.
    """

    def __init__(
        self, global_key: bytes, records: Iterable[tuple[object, bytes, str]] = ()
    ) -> None:
        """`records`: content records with their digests (the memo keeps them) and files."""
        # (its digest: the key holds every province and category, kilobytes to hash per page)
        self._global_key = hashlib.blake2b(global_key, digest_size=32).digest()
        self._fields: dict[type, tuple[str, ...] | None] = {}
        # Objects by id → their digests; holding each object (in `_held`) keeps its id from
        # being reused. Content records apart, with their files: a page showing one depends on
        # that file. Cards and the like go in `_known`, or in `_carrying` if they hold records.
        self._held: list[object] = []
        self._records: dict[int, tuple[bytes, str]] = {}
        self._known: dict[int, bytes] = {}
        self._carrying: dict[int, tuple[bytes, tuple[str, ...]]] = {}
        for record, digest, source in records:
            self._held.append(record)
            self._records[id(record)] = (digest, source)
        self._shown: list[str] = []  # the files of the records the current walk met
        self._untracked = False  # whether it met a content record of no known file

    def digest(self, record: object) -> bytes:
        """A record's digest: equal for records with equal fields (nested records included)."""
        if self._record_fields(type(record)) is None:
            raise TypeError(f"not a frozen dataclass: {type(record).__name__}")
        digest = self._plain(record)
        assert isinstance(digest, bytes)
        return digest

    def shape(self, record: object) -> bytes:
        """A digest of a content record without its PAGE_ONLY fields (see model.Pillar), nor the
        lines its fields are on (they only go into messages, which every build works out):
        equal shapes of every record give equal indexes and routes."""
        kind = type(record)
        names = self._record_fields(kind)
        if names is None:
            raise TypeError(f"not a frozen dataclass: {kind.__name__}")
        page_only: frozenset[str] = getattr(kind, "PAGE_ONLY", frozenset())
        values = (getattr(record, name) for name in names if name not in page_only)
        fields = tuple([self._plain(v.path if type(v) is Source else v) for v in values])
        data = pickle.dumps((kind.__qualname__, fields), protocol=pickle.HIGHEST_PROTOCOL)
        return hashlib.blake2b(data, digest_size=16).digest()

    def value_digest(self, value: object) -> bytes:
        """A digest of any value a context may hold (records in it by their digests)."""
        data = pickle.dumps(self._plain(value), protocol=pickle.HIGHEST_PROTOCOL)
        return hashlib.blake2b(data, digest_size=16).digest()

    def _record_fields(self, kind: type) -> tuple[str, ...] | None:
        """The field names of a frozen dataclass type, else None."""
        if kind not in self._fields:
            params = getattr(kind, "__dataclass_params__", None)
            self._fields[kind] = (
                tuple(f.name for f in dataclasses.fields(kind))
                if params is not None and params.frozen
                else None
            )
        return self._fields[kind]

    def _plain(self, value: Any) -> Any:
        """`value` with each record in it replaced by its digest, ready to pickle."""
        kind = type(value)
        if kind in _PLAIN:  # (most values: looked at first)
            return value
        if kind is tuple:
            # (mostly cards, whose digests are known after their first page)
            found = tuple(map(self._known.get, map(id, value)))
            return found if None not in found else tuple(map(self._plain, value))
        known = self._known.get(id(value))
        if known is not None:
            return known
        record = self._records.get(id(value))
        if record is not None:
            self._shown.append(record[1])
            return record[0]
        if kind is list:
            return list(map(self._plain, value))
        if kind is dict or kind is MappingProxyType:  # a read-only mapping shows as a dict
            return {k: self._plain(v) for k, v in value.items()}
        carrying = self._carrying.get(id(value))
        if carrying is not None:
            self._shown.extend(carrying[1])
            return carrying[0]
        names = self._record_fields(kind)
        if names is None:
            if isinstance(value, _CONTAINERS):
                # (a named tuple, a set, another mapping: pickle looks into it, this walk does
                # not, so the records in it are not noted)
                self._untracked = True
            return value  # a date, an enum member, a function: pickle saves these as they are
        before, untracked_before = len(self._shown), self._untracked
        self._untracked = False
        fields = tuple([self._plain(getattr(value, name)) for name in names])
        data = pickle.dumps((kind.__qualname__, fields), protocol=pickle.HIGHEST_PROTOCOL)
        digest = hashlib.blake2b(data, digest_size=16).digest()
        untracked, self._untracked = self._untracked, self._untracked or untracked_before
        if untracked or hasattr(kind, "PAGE_ONLY"):
            # A content record (from which file?), or an object holding a record the walk could
            # not note: not kept, so each page showing it is marked as showing "any" file.
            self._untracked = True
            return digest
        self._held.append(value)
        if len(self._shown) > before:  # it holds records: the pages showing it show them
            self._carrying[id(value)] = (digest, tuple(self._shown[before:]))
        else:
            self._known[id(value)] = digest
        return digest

    def page(self, template: str, context: Mapping[str, Any]) -> tuple[str, Sources]:
        """A page's fingerprint: its template, everything it shows, and the site-wide inputs
        (theme files, settings, generator code) in `global_key`; and the files of the records
        it shows."""
        self._shown, self._untracked = [], False
        try:
            shown = {k: self._plain(v) for k, v in context.items() if k not in SHARED_CONTEXT}
            data = pickle.dumps((template, shown), protocol=pickle.HIGHEST_PROTOCOL)
        except (pickle.PicklingError, TypeError, AttributeError, RecursionError):
            # A theme put something unpicklable (or holding itself) in a context: render that
            # page every time.
            return f"always-render-{secrets.token_hex(8)}", None
        fingerprint = hashlib.blake2b(self._global_key + data, digest_size=16).hexdigest()
        return fingerprint, None if self._untracked else tuple(sorted(set(self._shown)))

    def __call__(self, template: str, context: Mapping[str, Any]) -> str:
        return self.page(template, context)[0]


# Containers the walk in PageFingerprints does not look into (it looks into tuples, lists,
# dicts and read-only mappings, and their subclasses are not these).
_CONTAINERS = (tuple, list, set, frozenset, Mapping)

# Context entries every page shares; they go into the global key once instead.
SHARED_CONTEXT = frozenset({"categories_by_slug", "provinces_by_slug"})


def _this_version(parent: Path, code: str) -> Path:
    """`parent/code`, after removing the folders other versions of teladan left beside it."""
    with contextlib.suppress(OSError):
        for old in parent.iterdir():
            if old.name != code:
                shutil.rmtree(old, ignore_errors=True)
    return parent / code


def compiled_templates(folder: Path, code: str) -> Path:
    """Where this version of teladan keeps compiled templates."""
    return _this_version(folder / "templates", code)


# The records are saved in this many files by a hash of their path, so a small edit rewrites
# one of them, not every record of the site (0.1 s at 4,000 profiles, seconds at 100,000).
RECORD_PARTS = 32
RECORDS_FOLDER = "records"


def _part(rel: str) -> int:
    return zlib.crc32(rel.encode()) % RECORD_PARTS


def _load(path: Path) -> Any:
    try:
        with path.open("rb") as f:
            return pickle.load(f)
    except (OSError, pickle.UnpicklingError, EOFError, AttributeError, ImportError, TypeError):
        return None


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
        main = _load(folder / MEMO_FILE)
        if isinstance(main, dict) and main.get("code") == code:
            memo.routes, memo.spares = main["routes"], main["spares"]
        parts = folder / RECORDS_FOLDER / code  # another version's records are not read
        for n in range(RECORD_PARTS):
            part = _load(parts / f"{n:02d}.pickle")
            if isinstance(part, dict):
                memo.records.update(part)
    finally:
        if collecting:
            gc.enable()
    return memo


def save_memo(folder: Path, memo: BuildMemo) -> None:
    parts = _this_version(folder / RECORDS_FOLDER, memo.code)
    changed: dict[int, dict[str, RecordEntry]] = {_part(rel): {} for rel in memo.changed}
    if changed:
        for rel, entry in memo.records.items():
            part = changed.get(_part(rel))
            if part is not None:
                part[rel] = entry
    for n, part in changed.items():
        _dump(parts, f"{n:02d}.pickle", part)
    memo.changed.clear()
    _dump(folder, MEMO_FILE, {"code": memo.code, "routes": memo.routes, "spares": memo.spares})


def made_before(folder: Path, name: str, key: str, make: Callable[[], T]) -> T:
    """What `make` returns, kept in `folder/name` under `key`: the next build with the same key
    reads it back instead of making it again."""
    found = _load(folder / name)
    if isinstance(found, tuple) and len(found) == 2 and found[0] == key:
        made: T = found[1]
        return made
    made = make()
    _dump(folder, name, (key, made))
    return made


def _dump(folder: Path, name: str, *values: object) -> None:
    """Write atomically, one pickle after the other; a memo that cannot be saved only makes the
    next build slower."""
    try:
        folder.mkdir(parents=True, exist_ok=True)
        fd, temp = tempfile.mkstemp(dir=folder, prefix=".memo-")
        with os.fdopen(fd, "wb") as f:
            for value in values:
                pickle.dump(value, f, protocol=pickle.HIGHEST_PROTOCOL)
        os.replace(temp, folder / name)
    except OSError:
        pass


def named_photo(data: bytes) -> str:
    """The photo a profile's front matter names ("" for none), read without parsing it."""
    for line in data.splitlines():
        if line.startswith(b"photo:"):
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


# A file modified less than this long before it was read may change again within the same
# modification time (coarse file system clocks): its stat is not trusted to stand for its bytes.
RACY_NS = 2_000_000_000


# A file's (size, modification time, inode).
FileState = tuple[int, int, int]


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


def tree_signature(h: Any, folder: Path) -> tuple[int, dict[str, os.stat_result]]:
    """Feed every file's path, size and modification time below `folder` into a hash; returns
    the newest modification time (ns), and each file's lstat by its POSIX path below `folder`."""
    files = scan_files(folder)
    lines = [f"{path}:{files[path].st_size}:{files[path].st_mtime_ns}\0" for path in sorted(files)]
    h.update("".join(lines).encode())
    return max((stat.st_mtime_ns for stat in files.values()), default=0), files


def build_options(
    include_drafts: bool, base_url: str | None, precompress: bool, search: bool
) -> str:
    """The build options that change what is written, as part of the inputs digest."""
    return f"{include_drafts}|{base_url}|{precompress}|{search}"


@dataclass(frozen=True, slots=True)
class Inputs:
    """What a look at everything a build reads found."""

    digest: str  # of the content, the themes, the options, the date and the generator
    # Each content file's (size, modification time, inode) by its POSIX path below content/,
    # from an lstat taken after `looked_ns`: a build that follows need not take them again
    # (4,000 system calls on a large site). (Tuples: a stat result for each of 100,000 files
    # took 40 MB of a build's memory.)
    content: Mapping[str, FileState]
    links: frozenset[str]  # those of them that are links (their own times, not their files')
    looked_ns: int


def inputs_digest(content_dir: Path, options: str, today: datetime.date) -> Inputs:
    """Everything a build reads: content, themes, options, date, and the generator itself."""
    now = time.time_ns()
    h = hashlib.blake2b(f"{code_digest()}|{options}|{today.isoformat()}".encode(), digest_size=16)
    seen: list[tuple[int, dict[str, os.stat_result]]] = []
    for folder in (content_dir, content_dir.parent / "themes", builtin_themes()):
        h.update(f"\n{folder}\n".encode())
        seen.append(tree_signature(h, folder))
    newest, found = max(latest for latest, _ in seen), seen[0][1]
    content = {rel: (s.st_size, s.st_mtime_ns, s.st_ino) for rel, s in found.items()}
    links = frozenset(rel for rel, s in found.items() if S_ISLNK(s.st_mode))
    digest = h.hexdigest()
    if newest > now - RACY_NS:
        # A file changed just now may change again without a new time or size: a digest
        # that no later build matches, so the next build looks at the files themselves.
        digest = f"{digest}|racy-{secrets.token_hex(8)}"
    return Inputs(digest, content, links, now)


def output_identity(output_dir: Path) -> str:
    """Changes whenever the output folder is replaced, removed or rebuilt by anyone."""
    try:
        folder, marker = output_dir.stat(), (output_dir / MARKER).stat()
    except OSError:
        return ""
    return f"{folder.st_ino}:{folder.st_mtime_ns}:{marker.st_ino}"


def output_settled(output_dir: Path) -> int | None:
    """A time on the output folder's own clock after every change a build that has just ended
    made to its files, for `output_files` to tell them from changes made after it (the build's
    files may be listed by a process that outlives it): the marker's status-change time,
    renewed now by setting its times to what they are (nothing else of it changes). None if
    that cannot be done, or where that time is a file's creation time (Windows)."""
    if sys.platform == "win32":
        return None
    marker = output_dir / MARKER
    try:
        found = marker.stat()
        os.utime(marker, ns=(found.st_atime_ns, found.st_mtime_ns))
        return marker.stat().st_ctime_ns
    except OSError:
        return None


def output_files(output_dir: Path, settled_ns: int | None = None) -> dict[str, FileStat]:
    """Every file of the output folder by its POSIX path inside it, with its size, inode and
    modification time (see write.FileStat): a file missing, added, replaced or changed in
    place since shows in them. With `settled_ns` (see `output_settled`), a file whose status
    changed after it matches no file: someone else changed it, and the next build must not
    take it for the one it made. (The clocks of file systems tick by milliseconds: a change
    within the same tick as the build's end passes unseen.)"""
    return list_files(output_dir, settled_ns)


# The version of the files in OUTPUTS_FOLDER: a file of another version is not read.
OUTPUTS_FORMAT = 4


def _output_file(cache: Path, output_dir: Path, suffix: str = ".pickle") -> tuple[Path, str]:
    folder = str(output_dir.absolute())
    name = hashlib.blake2b(folder.encode(), digest_size=8).hexdigest()
    return cache / OUTPUTS_FOLDER / f"{name}{suffix}", folder


def _read_output(cache: Path, output_dir: Path, key: str) -> Any:
    """The report of the last build into `output_dir` if it was made with `key` and every file
    of the folder is as it left it, else None. (The key is saved first, then the files, then
    the report, so a build that has work to do stops reading at the key, and the folder is
    listed only when nothing else changed: the report lists every file and every warning.)"""
    path, folder = _output_file(cache, output_dir)
    try:
        with path.open("rb") as f:
            if pickle.load(f) == (OUTPUTS_FORMAT, folder, key):
                files = pickle.load(f)
                return pickle.load(f) if files == output_files(output_dir) else None
    except (OSError, pickle.UnpicklingError, EOFError, AttributeError, ImportError, TypeError):
        pass
    return None


def looked_before(cache: Path, output_dir: Path) -> dict[str, FileState]:
    """What the look before the last build into `output_dir` found of each content file (see
    Inputs.content): files that differ now are likely to need checking again."""
    looked = _load(_output_file(cache, output_dir, ".looked.pickle")[0])
    return looked if isinstance(looked, dict) else {}


def unchanged_report(
    cache: Path, content_dir: Path, output_dir: Path, options: str, today: datetime.date
) -> tuple[Any, Inputs]:
    """(The last report for `output_dir` if no input changed since, else None; the inputs)."""
    inputs = inputs_digest(content_dir, options, today)
    key = f"{inputs.digest}|{output_identity(output_dir)}"
    return _read_output(cache, output_dir, key), inputs


def unsaved(cache: Path, output_dir: Path, now: bool | None = None) -> bool:
    """Whether the site in `output_dir` may be newer than what the memo says of it: a build
    marks it (`now` True) just before it puts its site in place, and unmarks it (`now` False)
    once it has saved its memo, so a save that never happened (a process killed) leaves the
    mark. Without `now`, only looks."""
    path = _output_file(cache, output_dir, ".saving")[0]
    if now is None:
        return path.exists()
    with contextlib.suppress(OSError):
        if now:
            path.parent.mkdir(parents=True, exist_ok=True)
            path.touch()
        else:
            path.unlink(missing_ok=True)
    return now


def record_output(
    cache: Path,
    output_dir: Path,
    inputs: Inputs,
    report: Any,
    identity: str,
    files: Mapping[str, FileStat],
) -> None:
    """Remember a successful build, for `unchanged_report`. (`identity`: the output folder's,
    see `output_identity`, as the build left it; `files`: its files, see `output_files`.)"""
    path, folder = _output_file(cache, output_dir)
    _dump(path.parent, _output_file(cache, output_dir, ".looked.pickle")[0].name, inputs.content)
    key = (OUTPUTS_FORMAT, folder, f"{inputs.digest}|{identity}")
    _dump(path.parent, path.name, key, dict(files), report)
