"""Page fingerprints and which pages to redo: a page is rendered again only when what it shows
changed, and after an edit that leaves what pages are planned from alone, only the pages showing
a changed record are looked at. Pure functions over plain data (no IO)."""

from __future__ import annotations

import dataclasses
import hashlib
import pickle
import secrets
from collections.abc import Callable, Collection, Iterable, Mapping, Sequence
from dataclasses import dataclass
from types import MappingProxyType
from typing import Any, NamedTuple

from .listing import MARKER, FileStat
from .model import Source
from .routes import Route

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
        # Its digest: the key holds every province and category, kilobytes to hash per page
        self.global_key = hashlib.blake2b(global_key, digest_size=32).digest()
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
        if kind in _PLAIN:  # most values: looked at first
            return value
        if kind is tuple:
            # Mostly cards, whose digests are known after their first page
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
                # A named tuple, a set, another mapping: pickle looks into it, this walk does
                # not, so the records in it are not noted.
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
        fingerprint = hashlib.blake2b(self.global_key + data, digest_size=16).hexdigest()
        return fingerprint, None if self._untracked else tuple(sorted(set(self._shown)))

    def __call__(self, template: str, context: Mapping[str, Any]) -> str:
        return self.page(template, context)[0]


# Containers the walk in PageFingerprints does not look into (it looks into tuples, lists,
# dicts and read-only mappings, and their subclasses are not these).
_CONTAINERS = (tuple, list, set, frozenset, Mapping)

# Context entries every page shares; they go into the global key once instead.
SHARED_CONTEXT = frozenset({"categories_by_slug", "provinces_by_slug"})


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


def plan_key(
    fingerprints: PageFingerprints,
    shapes: Iterable[tuple[str, bytes]],
    dated: str,
    search_enabled: bool,
    photos: Mapping[str, object],
    kits: Mapping[str, int] = MappingProxyType({}),
) -> str:
    """A digest of everything the site's pages are planned from, bar the PAGE_ONLY fields of
    records (`shapes`: each content file with its record's shape, in file order): builds with
    the same key plan the same pages, with contexts that differ only by the records themselves
    (see OutputMemo). `dated`: what the date decides (see `dated_key`). `kits`: each press kit's
    size, which the pages linking a kit show; a kit holds PAGE_ONLY fields of records those
    pages do not otherwise show (a winner's summary, a photo credit)."""
    h = hashlib.blake2b(fingerprints.global_key, digest_size=16)
    h.update(f"|{dated}|{search_enabled}|".encode())
    h.update(fingerprints.value_digest(dict(photos)))
    h.update(fingerprints.value_digest(dict(kits)))
    for rel, shape in shapes:
        h.update(rel.encode() + b"\0" + shape)
    return h.hexdigest()


def dated_key(year: int, scheduled: Iterable[str]) -> str:
    """What the date decides of a site's pages: the year (the selection years a record may
    name, see validate.py) and the items dated after it (`scheduled`, left out). Not the day
    itself: the first build of each day planned every page again, which at 100,000 profiles
    took 10 s more and over 1 GiB."""
    return f"{year}|" + hashlib.blake2b("\0".join(scheduled).encode()).hexdigest()


def pages_to_redo(
    previous: OutputMemo | None, plan: str, records: Mapping[str, bytes]
) -> set[str] | None:
    """The pages an edit since the last build into this folder can have changed, when it
    changed nothing pages are planned from: those showing a record that changed (`records`:
    each content file's record digest now). None: any.

    The usual edit is a few words of a story; working out the fingerprint of every page to
    find the one that changed was a fifth of such a build at 4,000 profiles."""
    if previous is None or previous.plan != plan:
        return None
    changed = {rel for rel, digest in records.items() if previous.sources.get(rel) != digest}
    return {
        path
        for path, files in previous.shows.items()
        if files is None or not changed.isdisjoint(files)
    }


class Looked(NamedTuple):
    """What `unchanged_pages` found."""

    fingerprints: dict[str, str] | None  # by output path; None: worked out where rendered
    shows: dict[str, Sources] | None  # the records' files each page shows (likewise)
    kept: dict[str, tuple[str, int, str]]  # files of the last build that are still right
    routes: Sequence[Route]  # the routes to render those of (those given, and any planned)


def unchanged_pages(
    routes: Sequence[Route],
    fingerprint: PageFingerprints,
    previous: OutputMemo | None,
    redo: set[str] | None,
    existing: Mapping[str, FileStat],
    plan: Callable[[Collection[str] | None], tuple[Route, ...]],
) -> Looked:
    """Which pages the last build into this folder already made.

    A page whose fingerprint matches the last build into this folder is that file, unchanged,
    as long as the file (and its .gz copy, if any) is still as that build left it (`existing`:
    the output folder as listed at the start of this build): someone may have deleted or
    changed it since, even in place through the spare folder's link to it. With `redo` (see
    `pages_to_redo`), `routes` are those pages only, and every other page keeps its
    fingerprint; `plan` plans the routes of any such page whose file is not as it was left, and
    the whole site if it is gone. With no previous build to compare with, the fingerprints are
    None: they are worked out where the pages are rendered, which on a large site is in two
    processes.
    """
    if previous is None or MARKER not in existing:
        return Looked(None, None, {}, routes if redo is None else plan(None))
    old, left = previous.pages, previous.files or {}

    def still_there(path: str) -> bool:  # and its .gz copy: absent both times, or the same
        found, gz = existing.get(path), f"{path}.gz"
        return found is not None and found == left.get(path) and existing.get(gz) == left.get(gz)

    there = {path for path in old if still_there(path)}  # (asked once: 100,000 pages)
    if redo is not None:
        gone = old.keys() - redo - there
        routes = (*routes, *plan(gone)) if gone else routes
        if not redo <= {r.output_path for r in routes}:  # cannot be: the same pages planned
            redo, routes = None, plan(None)
    fingerprints: dict[str, str] = {}
    shows: dict[str, Sources] = {}
    if redo is not None:  # in the order of the last build, which is the order of the routes
        fingerprints = {path: old[path][0] for path in old}
        shows = {path: previous.shows.get(path, ()) for path in old}
    for r in routes:  # one by one: at 100,000 profiles, pairs for every page took 12 MB
        fingerprints[r.output_path], shows[r.output_path] = fingerprint.page(r.template, r.context)
    kept = {
        path: old[path]
        for path, new in fingerprints.items()
        if path in there and old[path][0] == new
    }
    return Looked(fingerprints, shows, kept, routes)
