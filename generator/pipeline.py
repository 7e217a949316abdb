"""Content folder → built site: runs load → validate → index → render → write, and reports.

Everything is gathered and checked before anything renders, and nothing is written unless the
whole site rendered without errors.
"""

from __future__ import annotations

import dataclasses
import datetime
import functools
import gc
import hashlib
import os
import time
from collections.abc import Callable, Collection, Mapping, Sequence
from dataclasses import dataclass
from pathlib import Path
from typing import NamedTuple

from . import urls
from .cache import (
    CACHE_FOLDER,
    BuildMemo,
    Inputs,
    OutputMemo,
    PageFingerprints,
    RecordEntry,
    Sources,
    build_options,
    compiled_templates,
    file_state,
    load_memo,
    looked_before,
    made_before,
    named_photo,
    output_files,
    output_identity,
    output_settled,
    photo_signature,
    record_output,
    save_memo,
    unchanged_report,
    unsaved,
)
from .config import SiteConfig, load_config, normalise_base_url, sample_leftovers
from .hosting import htaccess, nojekyll, precompressed
from .images import Photo, forget_listings, process_photos
from .index import SiteIndex, build_index
from .load import (
    content_files,
    failed_files,
    load_categories,
    load_content,
    load_record,
    unreadable,
)
from .model import Category, Content, Page, Pillar, PressRelease, RenderedFile
from .opendata import data_inputs, render_data, row_digest
from .problems import Problem, error, has_errors, sort_problems, warning
from .processes import Forked, in_child, run_detached, worker_pool
from .reference import load_provinces
from .render import Progress, render_routes
from .report import BuildReport, PhotoStats
from .routes import Route, plan_routes
from .search import build_search_index, pagefind_binary
from .theme import Theme, check_theme_exists, load_theme
from .validate import (
    Checks,
    Record,
    assemble,
    make_checks,
    validate_categories,
    validate_record,
    validate_records,
)
from .write import (
    MARKER,
    FileStat,
    Listings,
    OutputError,
    Placed,
    SpareState,
    Staging,
    WriteReport,
    list_site_aside,
    mirror_site,
    place_file,
)


def shown_problems(problems: tuple[Problem, ...], content_dir: Path) -> tuple[Problem, ...]:
    """Content-relative paths → paths as the user typed them (e.g. "content/pillars/…")."""

    @functools.cache  # thousands of warnings share a few folders
    def shown_folder(folder: str) -> str:
        try:
            shown = os.path.relpath(folder)
        except ValueError:  # another drive on Windows
            return folder
        return folder if shown.startswith("..") else shown  # outside: the full path is clearer

    @functools.cache
    def shown_prefix(parent: str) -> str:
        """How the folder `parent` (below content/) is shown, ending in "/"."""
        folder = shown_folder(os.path.join(content_dir, parent))  # (an absolute path wins)
        return os.path.join(folder, "").replace(os.sep, "/").removeprefix("./")

    def shown_path(path: str) -> str:
        parent, name = os.path.split(path)
        return shown_prefix(parent) + name

    # (The constructor rather than dataclasses.replace: thousands of warnings on a large site.)
    return sort_problems(
        Problem(shown_path(p.path), p.line, p.message, p.hint, p.field, p.severity)
        for p in problems
    )


def _shown_paths(paths: tuple[str, ...], content_dir: Path) -> tuple[str, ...]:
    """Content-relative paths as `shown_problems` shows them, in its order."""
    return tuple(
        p.path for p in shown_problems(tuple(Problem(p, None, "") for p in paths), content_dir)
    )


def check_navigation(config: SiteConfig, files: Collection[str]) -> tuple[Problem, ...]:
    """A menu entry that leads nowhere would put a broken link on every page. (`files`: the
    site's files, by their paths in the output folder.)"""
    return tuple(
        warning(
            "site.yaml",
            None,
            f"navigation: '{link.path}' is not a page of this site",
            "check the path, e.g. kategori/ or tentang/",
        )
        for link in config.navigation
        if "://" not in link.path and urls.output_path(link.path) not in files
    )


class Clock:
    def __init__(self) -> None:
        self.timings: list[tuple[str, float]] = []
        self._last = time.perf_counter()

    def lap(self, stage: str) -> None:
        now = time.perf_counter()
        self.timings.append((stage, now - self._last))
        self._last = now


def check_content(
    content_dir: Path,
    include_drafts: bool = False,
    base_url: str | None = None,
    today: datetime.date | None = None,
    clock: Clock | None = None,
    memo: BuildMemo | None = None,
    inputs: Inputs | None = None,
    early: Callable[[], Early | None] = lambda: None,
) -> tuple[SiteIndex | None, tuple[Problem, ...]]:
    """The pipeline up to the index: every content problem, and the index if there are none.

    With a memo, files whose bytes (and photo) did not change are not parsed or checked again
    (`inputs`: the content files as just seen, see `unchanged_report`; `early`: see
    `_check_aside`)."""
    clock = clock or Clock()
    today = today or datetime.date.today()
    forget_listings()  # (a photo renamed since the last look, on a drive that ignores capitals)
    config, problems = load_config(content_dir)
    if config is not None and base_url is not None:
        url = normalise_base_url(base_url)
        if url is None:  # the command line checks it first; this guards other callers
            raise ValueError(f"--base-url {base_url!r} is not an http(s) address")
        config = dataclasses.replace(config, base_url=url)
    if config is not None:
        problems += check_theme_exists(config, content_dir.parent)
    if memo is None:
        raws, load_problems = load_content(content_dir)
        clock.lap("load")
        content, validate_problems = validate_records(raws, load_provinces(), content_dir, today)
    else:
        content, load_problems, validate_problems = _load_with_memo(
            content_dir, today, memo, inputs, early
        )
        clock.lap("load")
    clock.lap("validate")
    if not include_drafts:
        # A draft is work in progress: its errors count, its warnings wait until it is shown.
        records: tuple[Pillar | PressRelease | Page, ...] = (
            *content.pillars,
            *content.news,
            *content.pages,
        )
        drafts = {r.source.path for r in records if r.draft}
        validate_problems = tuple(
            p for p in validate_problems if p.is_error or p.path not in drafts
        )
    problems += load_problems + validate_problems
    if config is None:
        return None, problems
    failed = failed_files(content_dir, problems)  # (knock-on errors are left out)
    index, index_problems = build_index(content, config, include_drafts, today, failed)
    clock.lap("index")
    problems += index_problems
    return (None if has_errors(problems) else index), problems


# Reading and checking a file is mostly Markdown conversion: CPU-bound Python, so a second
# process pays off on 2 cores once there are enough files (measured: see the issue notes).
PARALLEL_FILES = 400


class _Checked(NamedTuple):
    """What a worker makes of one file."""

    record: Record | None
    problems: tuple[Problem, ...]
    fingerprint: bytes  # the record's digest for page fingerprints
    shape: bytes  # and without its PAGE_ONLY fields
    data: bytes  # its open data's digest (a profile's)
    file_digest: str  # of the bytes it read
    photo: str  # the photo its front matter names
    photo_state: bytes  # that photo's size and time before the record was checked


def _check_one(item: tuple[str, str, str], checks: Checks, content_dir: Path) -> _Checked:
    """Read, parse and check a file. Reading it here, in the worker, and working out its
    digests from the same bytes (and the photo's state before checking it) saves the parent
    reading every file of a first build."""
    name, rel, kind = item
    path = Path(name)
    try:
        data = path.read_bytes()
    except OSError as exc:
        return _Checked(None, (unreadable(rel, exc),), b"", b"", b"", _bytes_digest(b""), "", b"")
    photo = named_photo(data)
    photo_state = photo_signature(content_dir, rel, photo)
    raw, found = load_record(path, rel, kind, data)
    record, more = validate_record(raw, checks, content_dir) if raw else (None, [])
    digest = shape = shown = b""
    if record is not None:
        fingerprints = PageFingerprints(b"")
        digest, shape = fingerprints.digest(record), fingerprints.shape(record)
        shown = row_digest(record) if isinstance(record, Pillar) else b""
    return _Checked(
        record, (*found, *more), digest, shape, shown, _bytes_digest(data), photo, photo_state
    )


def _bytes_digest(data: bytes) -> str:
    return hashlib.blake2b(data, digest_size=16).hexdigest()


def _check_files(
    files: Sequence[tuple[str, str, str]], checks: Checks, content_dir: Path
) -> list[_Checked]:
    """load + validate for each file, in order; in a process pool when there are many."""
    check = functools.partial(_check_one, checks=checks, content_dir=content_dir)
    pool = worker_pool(os.cpu_count() or 1) if len(files) >= PARALLEL_FILES else None
    if pool is None:
        return [check(f) for f in files]
    with pool:
        return list(pool.map(check, files, chunksize=64))


def _checks_context(categories: Sequence[Category], today: datetime.date) -> bytes:
    """A digest of everything a record's checks depend on besides its own file (a digest: the
    categories are kilobytes to hash again for every file)."""
    return hashlib.blake2b(f"{categories!r}|{today.year}".encode(), digest_size=32).digest()


# What `_check_aside` found: the checks' context, and each file it checked by its path.
Early = tuple[bytes, dict[str, "_Checked"]]


def _load_with_memo(
    content_dir: Path,
    today: datetime.date,
    memo: BuildMemo,
    inputs: Inputs | None = None,
    early: Callable[[], Early | None] = lambda: None,
) -> tuple[Content, tuple[Problem, ...], tuple[Problem, ...]]:
    """load + validate, file by file, reusing the memo's result for files that did not change,
    and `early`'s for files checked while the memo was loading."""
    category_raws, load_problems = load_categories(content_dir)
    categories, category_problems = validate_categories(category_raws)
    provinces = load_provinces()
    checks = make_checks(categories, provinces, today)
    files, file_problems = content_files(content_dir)
    context = _checks_context(categories, today)

    def digest(file_digest: str, photo_state: bytes) -> str:
        return hashlib.blake2b(
            f"{file_digest}|{photo_state!r}|".encode() + context, digest_size=16
        ).hexdigest()

    records: list[Record] = []
    problems: list[Problem] = [*category_problems]
    seen: dict[str, RecordEntry] = {}
    digests: dict[str, str] = {}
    # per file: (digest of its bytes, the photo it names, its stat if that can stand for them)
    read: dict[str, tuple[str, str, tuple[int, int, int] | None]] = {}
    stats: dict[str, tuple[int, int, int] | None] = {}
    changed = []
    now, found = (inputs.looked_ns, inputs.content) if inputs else (time.time_ns(), {})
    links = inputs.links if inputs else frozenset()
    for path, rel, kind in files:
        known = memo.records.get(rel)
        stats[rel] = state = file_state(path, now, None if rel in links else found.get(rel))
        if known is None:  # new: the worker that checks it reads it
            changed.append((path, rel, kind))
            continue
        if state is not None and known.stat == state:
            read[rel] = (known.file_digest, known.photo, state)  # unchanged since it was read
        else:
            try:
                with open(path, "rb") as file:
                    data = file.read()
            except OSError:
                data = b""
            read[rel] = (_bytes_digest(data), named_photo(data), state)
        file_digest, photo, _ = read[rel]
        digests[rel] = digest(file_digest, photo_signature(content_dir, rel, photo))
        if known.digest != digests[rel]:
            changed.append((path, rel, kind))
    # (the files checked in another process while the memo loaded, if checked alike)
    aside = early() if changed else None
    done = aside[1] if aside is not None and aside[0] == context else {}
    fresh = {rel: done[rel] for _, rel, _ in changed if rel in done}
    todo = [file for file in changed if file[1] not in fresh]
    worked = _check_files(todo, checks, content_dir)
    fresh.update(zip((rel for _, rel, _ in todo), worked, strict=True))
    for rel, checked in fresh.items():
        # Its bytes as the worker read them (a file changed since it was listed included).
        read[rel] = (checked.file_digest, checked.photo, stats[rel])
        digests[rel] = digest(checked.file_digest, checked.photo_state)
    for _, rel, _ in files:
        entry = memo.records.get(rel) if rel not in fresh else None
        if entry is None:
            checked = fresh[rel]
            entry = RecordEntry(
                digests[rel],
                checked.record,
                checked.problems,
                fingerprint=checked.fingerprint,
                shape=checked.shape,
                data=checked.data,
            )
        if rel in fresh or (entry.file_digest, entry.photo, entry.stat) != read[rel]:
            memo.changed.add(rel)
        entry.file_digest, entry.photo, entry.stat = read[rel]
        seen[rel] = entry
        if entry.record is not None:
            records.append(entry.record)
        problems.extend(entry.problems)
    memo.changed.update(memo.records.keys() - seen.keys())
    memo.records = seen  # forget deleted files
    content = assemble(categories, provinces, records)
    return content, (*load_problems, *file_problems), tuple(problems)


def _plan_key(
    fingerprint: PageFingerprints,
    memo: BuildMemo,
    global_key: bytes,
    today: datetime.date,
    search_enabled: bool,
    photos: Mapping[str, Photo],
) -> str:
    """A digest of everything the site's pages are planned from, bar the PAGE_ONLY fields of
    records: builds with the same key plan the same pages, with contexts that differ only by
    the records themselves (see OutputMemo)."""
    h = hashlib.blake2b(global_key, digest_size=16)
    h.update(f"|{today.isoformat()}|{search_enabled}|".encode())
    h.update(fingerprint.value_digest(dict(photos)))
    for rel, entry in memo.records.items():  # (in file order)
        h.update(rel.encode() + b"\0" + entry.shape)
    return h.hexdigest()


def _pages_to_redo(previous: OutputMemo | None, plan: str, memo: BuildMemo) -> set[str] | None:
    """The pages an edit since the last build into this folder can have changed, when it
    changed nothing pages are planned from: those showing a record that changed. None: any.

    (The usual edit: a few words of a story. Working out the fingerprint of every page to find
    the one that changed was a fifth of such a build at 4,000 profiles.)"""
    if previous is None or previous.plan != plan:
        return None
    changed = {
        rel for rel, entry in memo.records.items() if previous.sources.get(rel) != entry.fingerprint
    }
    return {
        path
        for path, files in previous.shows.items()
        if files is None or not changed.isdisjoint(files)
    }


class _Looked(NamedTuple):
    """What `_unchanged_pages` found."""

    fingerprints: dict[str, str] | None  # by output path; None: worked out where rendered
    shows: dict[str, Sources] | None  # the records' files each page shows (likewise)
    kept: dict[str, tuple[str, int, str]]  # files of the last build that are still right
    routes: Sequence[Route]  # the routes to render those of (those given, and any planned)


def _unchanged_pages(
    routes: Sequence[Route],
    fingerprint: PageFingerprints,
    previous: OutputMemo | None,
    redo: set[str] | None,
    existing: Mapping[str, FileStat],
    plan: Callable[[Collection[str] | None], tuple[Route, ...]],
) -> _Looked:
    """Which pages the last build into this folder already made.

    A page whose fingerprint matches the last build into this folder is that file, unchanged,
    as long as the file (and its .gz copy, if any) is still as that build left it (`existing`:
    the output folder as listed at the start of this build): someone may have deleted or
    changed it since, even in place through the spare folder's link to it. With `redo` (see
    `_pages_to_redo`), `routes` are those pages only, and every other page keeps its
    fingerprint; `plan` plans the routes of any such page whose file is not as it was left, and
    the whole site if it is gone. With no previous build to compare with, the fingerprints are
    None: they are worked out where the pages are rendered, which on a large site is in two
    processes.
    """
    if previous is None or MARKER not in existing:
        return _Looked(None, None, {}, routes if redo is None else plan(None))
    old, left = previous.pages, previous.files or {}

    def still_there(path: str) -> bool:  # (and its .gz copy: absent both times, or the same)
        found, gz = existing.get(path), f"{path}.gz"
        return found is not None and found == left.get(path) and existing.get(gz) == left.get(gz)

    if redo is not None:
        gone = {path for path in old if path not in redo and not still_there(path)}
        routes = (*routes, *plan(gone)) if gone else routes
        if not redo <= {r.output_path for r in routes}:  # (cannot be: the same pages planned)
            redo, routes = None, plan(None)
    fingerprints: dict[str, str] = {}
    shows: dict[str, Sources] = {}
    if redo is not None:  # (in the order of the last build, which is the order of the routes)
        fingerprints = {path: old[path][0] for path in old}
        shows = {path: previous.shows.get(path, ()) for path in old}
    for r in routes:  # (one by one: at 100,000 profiles, pairs for every page took 12 MB)
        fingerprints[r.output_path], shows[r.output_path] = fingerprint.page(r.template, r.context)
    kept = {
        path: old[path]
        for path, new in fingerprints.items()
        if path in old and old[path][0] == new and still_there(path)
    }
    return _Looked(fingerprints, shows, kept, routes)


OPEN_DATA_FILE = "open-data.pickle"  # in the build cache


def _open_data(
    index: SiteIndex, photos: Mapping[str, Photo], cache: Path, memo: BuildMemo
) -> tuple[RenderedFile, ...]:
    """The /data/ files, kept from the last build while the data in them is the same (an edited
    story, the most common change, leaves it alone): writing the JSON and CSV anew took a
    tenth of a small rebuild."""
    # (each profile's digest as its check left it in the memo: working them out again took a
    # thirtieth of an edit)
    digests = {id(e.record): e.data for e in memo.records.values() if e.data}

    def digest(pillar: Pillar) -> bytes:
        return digests.get(id(pillar)) or row_digest(pillar)

    # (repr, not pickle: a pickle differs with which equal strings are one object)
    inputs = data_inputs(index, photos, digest)
    key = hashlib.blake2b(repr((memo.code, inputs)).encode()).hexdigest()
    return made_before(cache, OPEN_DATA_FILE, key, lambda: render_data(index, photos))


def _clashes(paths: Sequence[str]) -> tuple[Problem, ...]:
    seen: set[str] = set()
    clash = sorted({p for p in paths if p in seen or seen.add(p)})  # type: ignore[func-returns-value]
    if not clash:
        return ()
    return (
        error(
            clash[0],
            None,
            "two pages would be written to the same file",
            "rename one of the files that produce it",
        ),
    )


def _store(
    staging: Path,
    output: Path,
    fresh: bool,
    mirror: Path | None,
    precompress: bool,
    file: RenderedFile,
) -> tuple[Placed, ...]:
    """One file (and its .gz copy when asked) into the staging folder (see `place_file`)."""
    placed = place_file(staging, output, file, fresh, mirror)
    gz = precompressed((file,)) if precompress else ()
    return (placed, *(place_file(staging, output, z, fresh, mirror) for z in gz))


def _store_page(
    store: Callable[[RenderedFile], tuple[Placed, ...]],
    fingerprint: PageFingerprints | None,
    route: Route,
    file: RenderedFile,
) -> tuple[tuple[str, Sources], tuple[Placed, ...]]:
    """A rendered page into the staging folder, with its fingerprint (and the records' files it
    shows) when the parent has not worked it out (see `_unchanged_pages`)."""
    page = fingerprint.page(route.template, route.context) if fingerprint else ("", None)
    return page, store(file)


def check(
    content_dir: Path, include_drafts: bool = False, today: datetime.date | None = None
) -> BuildReport:
    """Validate only: `teladan check`."""
    clock = Clock()
    _, problems = check_content(content_dir, include_drafts, today=today, clock=clock)
    return BuildReport(shown_problems(problems, content_dir), timings=tuple(clock.timings))


@dataclass(frozen=True, slots=True)
class Prepared:
    """Checked content, theme and photos: what the pages are planned from."""

    index: SiteIndex
    theme: Theme
    photos: Mapping[str, Photo]
    photo_files: tuple[RenderedFile, ...]
    photo_stats: PhotoStats


@dataclass(frozen=True, slots=True)
class SitePlan(Prepared):
    """Everything needed to make any file of the site: checked content, theme, photos, routes."""

    routes: tuple[Route, ...]


def prepare_site(
    content_dir: Path,
    include_drafts: bool,
    base_url: str | None,
    today: datetime.date,
    clock: Clock,
    memo: BuildMemo,
    cache: Path,
    inputs: Inputs | None = None,
    early: Callable[[], Early | None] = lambda: None,
) -> tuple[Prepared | None, tuple[Problem, ...]]:
    """load → validate → index, then the theme and the photos; None on errors."""
    index, problems = check_content(
        content_dir, include_drafts, base_url, today, clock, memo, inputs, early
    )
    if index is None:
        return None, problems
    theme, theme_problems = load_theme(
        index.config, content_dir.parent, compiled_templates(cache, memo.code)
    )
    problems += theme_problems
    if theme is None or has_errors(problems):
        return None, problems
    photos, photo_files, photo_problems, photo_stats = process_photos(
        index.pillars, content_dir, cache / "photos"
    )
    clock.lap("photos")
    problems += photo_problems
    if has_errors(problems):
        return None, problems
    return Prepared(index, theme, photos, photo_files, photo_stats), problems


def plan_site(
    content_dir: Path,
    include_drafts: bool,
    base_url: str | None,
    today: datetime.date,
    clock: Clock,
    memo: BuildMemo,
    cache: Path,
    search: bool,
) -> tuple[SitePlan | None, tuple[Problem, ...]]:
    """`prepare_site`, then every route; None on errors. (`serve` renders the routes a browser
    asks for; `build` plans only the pages an edit can have changed, when it can tell.)"""
    prepared, problems = prepare_site(
        content_dir, include_drafts, base_url, today, clock, memo, cache
    )
    if prepared is None:
        return None, problems
    routes = plan_routes(prepared.index, prepared.photos, search and pagefind_binary() is not None)
    problems += check_navigation(prepared.index.config, {r.output_path for r in routes})
    p = prepared
    return SitePlan(p.index, p.theme, p.photos, p.photo_files, p.photo_stats, routes), problems


def _remember(
    cache: Path,
    memo: BuildMemo,
    output_dir: Path,
    inputs: Inputs,
    made: OutputMemo,
    result: BuildReport,
    left: tuple[str, int | None],
) -> None:
    """Save what the next build needs: the records, each page's fingerprint, size and digest,
    every file of the site as the build left it, and (for the no-op check) what a build with
    nothing changed would report; then unmark the site (see `unsaved`). (`left`: the output
    folder's identity as the build left it, and the time it settled; see `build`.)"""
    identity, settled = left
    files = output_files(output_dir, settled)
    memo.routes[str(output_dir.absolute())] = dataclasses.replace(made, files=files)
    save_memo(cache, memo)
    assert result.write is not None
    everything = (*result.write.written, *result.write.unchanged)
    again = dataclasses.replace(result, write=WriteReport((), everything, ()), timings=())
    record_output(cache, output_dir, inputs, again, identity, files)
    unsaved(cache, output_dir, now=False)


def build(
    content_dir: Path,
    output_dir: Path,
    include_drafts: bool = False,
    base_url: str | None = None,
    today: datetime.date | None = None,
    precompress: bool = False,
    progress: Progress | None = None,
    cache_dir: Path | None = None,
    search: bool = True,
    inputs: Inputs | None = None,
    keep: list[object] | None = None,
    save_aside: bool = False,
) -> BuildReport:
    """Build the site; nothing is written unless every stage succeeded.

    `inputs` is what a caller that has just found the site out of date saw (the command line
    checks that before importing the pipeline), so it is not worked out twice.

    `keep` and `save_aside` are for a caller whose process ends soon after (the command line):
    the build's memo and index go into `keep` instead of being freed object by object on return
    (70 ms after an edit at 4,000 profiles), and with `save_aside`, what the next build needs
    is saved by a forked process that may outlive it (50 ms more, seconds at 100,000 profiles).
    The caller must then hold `build_lock`, which the forked process holds on until it has
    saved."""
    clock = Clock()
    # Encoded photos and the search bundle are kept here between builds; safe to delete.
    cache = cache_dir or content_dir.parent / CACHE_FOLDER
    today = today or datetime.date.today()
    options = build_options(include_drafts, base_url, precompress, search)
    unchanged = None
    if inputs is None:
        unchanged, inputs = unchanged_report(cache, content_dir, output_dir, options, today)
    if unchanged is not None:
        # Nothing the site is made of has changed since the last build into this folder.
        clock.lap("unchanged")
        remembered: BuildReport = unchanged
        return dataclasses.replace(remembered, timings=tuple(clock.timings), photos=PhotoStats())
    spare = _spare_folder(cache, output_dir)
    aside = _Aside(spare)
    try:
        # (the listing first: a process forked from a small one is quicker to make and to run
        # beside)
        aside = dataclasses.replace(aside, listed=_list_site_aside(output_dir, spare))
        aside = dataclasses.replace(
            aside, checked=_check_aside(content_dir, today, inputs, cache, output_dir)
        )
        memo = load_memo(cache)
        # The memo's records (hundreds of thousands of objects on a large site) live until the
        # end of the build: the garbage collector need not look through them at every collection.
        gc.freeze()
        aside = dataclasses.replace(aside, copied=_copy_site_aside(output_dir, spare))
        result, made = _make_site(
            content_dir, output_dir, include_drafts, base_url, today, precompress, progress,
            cache, search, clock, memo, options, inputs, aside, keep,
        )  # fmt: skip
    finally:
        aside.wait()  # no process outlives the build
        gc.unfreeze()
    if made is not None:
        # Only now: the site's index and routes are gone. At 100,000 profiles they are hundreds
        # of MB, which saving the memo would otherwise add to.
        # (the output folder as this build left it: whatever happens to it after the command
        # has ended must not count as this build's, even if a process that outlives it lists it)
        left = (output_identity(output_dir), output_settled(output_dir) if save_aside else None)
        remember = functools.partial(_remember, cache, memo, output_dir, inputs, made, result, left)
        if not (save_aside and run_detached(remember)):
            remember()
    if keep is not None:
        keep.append(memo)
    return result


def _spare_folder(cache: Path, output_dir: Path) -> Path:
    """Where the site a build replaces is kept, as the next build's staging folder."""
    key = str(output_dir.absolute()).encode()
    return cache / "spare" / hashlib.blake2b(key, digest_size=8).hexdigest()


@dataclass(frozen=True, slots=True)
class _Aside:
    """The spare folder, and work started in forked processes at the start of a build, while
    it reads and plans: each function waits for its process (and may be called again)."""

    spare: Path
    copied: Callable[[], SpareState | None] = lambda: None  # the live site, into the spare
    listed: Callable[[], Listings | None] = lambda: None  # the live site's (and the spare's)
    checked: Forked | None = None  # the content files that look changed (see _check_aside)

    def early(self) -> Early | None:
        found = self.checked() if self.checked is not None else None
        return found if isinstance(found, tuple) and len(found) == 2 else None

    def wait(self) -> None:
        """Waits for each process; the checking is stopped if no one asked for it."""
        try:
            self.copied()
        finally:
            try:
                self.listed()
            finally:
                if self.checked is not None:
                    self.checked.cancel()


# At most this many files are checked aside (a small edit); more (a checkout that touched
# every file) are left to the build, which looks at their bytes first.
CHECK_ASIDE_FILES = 40


def _check_aside(
    content_dir: Path, today: datetime.date, inputs: Inputs, cache: Path, output_dir: Path
) -> Forked | None:
    """Start checking the content files that look changed since the last build into this
    folder (their size, time or inode differ), in a forked process: it reads, parses and
    checks them (Markdown alone takes 30 ms to import) while this one loads its memo, which
    then tells which files did change. (The last look is read there too: at 100,000 profiles
    it is 15 MB this process need not hold.)"""
    if inputs is None or not inputs.content:
        return None

    def check() -> Early | None:
        before = looked_before(cache, output_dir)
        differ = {rel for rel, state in inputs.content.items() if before.get(rel) != state}
        if not before or not differ or len(differ) > CHECK_ASIDE_FILES:
            return None
        files = [file for file in content_files(content_dir)[0] if file[1] in differ]
        categories, _ = validate_categories(load_categories(content_dir)[0])
        checks = make_checks(categories, load_provinces(), today)
        done = {file[1]: _check_one(file, checks, content_dir) for file in files}
        return (_checks_context(categories, today), done) if done else None

    spare = _spare_folder(cache, output_dir)
    return in_child(check, spare.with_name(spare.name + ".checked"))


def _list_site_aside(output_dir: Path, spare: Path) -> Callable[[], Listings | None]:
    """Start listing the live site and the spare folder (for the staging folder), if there is
    a site."""
    if not (output_dir / MARKER).is_file():
        return lambda: None
    # (a spare that is there now: one a copy is started into after this is not listed)
    listed_spare = spare if spare.is_dir() else None
    return list_site_aside(output_dir, spare.with_name(spare.name + ".listed"), listed_spare)


def _copy_site_aside(output_dir: Path, spare: Path) -> Callable[[], SpareState | None]:
    """Without a spare folder to start from (the cache was deleted, or a first build could not
    make one: see Staging.mirror), the staging folder would be assembled from nothing: a folder
    and a hard link per page, half a second at 4,000 profiles. A copy of the previous site,
    made as links by a forked process while this build reads and plans, becomes the spare
    instead. Returns a function that waits for the copy (it may be called again): what the copy
    holds, None if there is none."""
    if spare.exists() or not (output_dir / MARKER).is_file():
        return lambda: None
    try:  # the copy is linked from the output and renamed beside it
        spare.parent.mkdir(parents=True, exist_ok=True)
        drives = {p.stat().st_dev for p in (spare.parent, output_dir, output_dir.absolute().parent)}
    except OSError:
        return lambda: None
    return mirror_site(output_dir, spare) if len(drives) == 1 else lambda: None


def _make_site(
    content_dir: Path,
    output_dir: Path,
    include_drafts: bool,
    base_url: str | None,
    today: datetime.date,
    precompress: bool,
    progress: Progress | None,
    cache: Path,
    search: bool,
    clock: Clock,
    memo: BuildMemo,
    options: str,
    inputs: Inputs,
    aside: _Aside,
    keep: list[object] | None,
) -> tuple[BuildReport, OutputMemo | None]:
    """Plan, render and write the site: (the report, what to remember of the pages, or None
    if nothing was written)."""

    def failed() -> tuple[BuildReport, None]:
        return BuildReport(
            shown_problems(problems, content_dir), timings=tuple(clock.timings)
        ), None

    prepared, problems = prepare_site(
        content_dir, include_drafts, base_url, today, clock, memo, cache, inputs, aside.early
    )
    if prepared is None:
        return failed()
    gc.freeze()  # (the index, too, lives until the end)
    index, theme, photos = prepared.index, prepared.theme, prepared.photos
    config = index.config
    search_enabled = search and pagefind_binary() is not None
    shared = (index.categories, index.provinces)
    global_key = f"{theme.digest()}|{config!r}|{shared!r}|{memo.code}|{options}".encode()
    # records whose digests the memo already holds, with their files
    fingerprint = PageFingerprints(
        global_key, ((e.record, e.fingerprint, rel) for rel, e in memo.records.items())
    )
    folder_key = str(output_dir.absolute())
    plan = _plan_key(fingerprint, memo, global_key, today, search_enabled, photos)
    # (popped: at 100,000 profiles the last build's pages are tens of MB that every render
    # worker would otherwise hold as well; the memo keeps them on disk)
    previous = memo.routes.pop(folder_key, None)
    if unsaved(cache, output_dir):
        previous = None  # its site may be newer than what the memo says of it
    redo = _pages_to_redo(previous, plan, memo)
    routes: Sequence[Route] = plan_routes(index, photos, search_enabled, only=redo)
    # (with `redo`, the files are the last build's: they were planned from the same things)
    files = [r.output_path for r in routes] if previous is None or redo is None else previous.pages
    problems += check_navigation(config, set(files))
    if not include_drafts:  # (a site to publish: not a preview of work in progress)
        problems += sample_leftovers(config, base_url is not None)
    extra = [
        *theme.assets_as_files(),
        *prepared.photo_files,
        *_open_data(index, photos, cache, memo),
        htaccess(config),
        nojekyll(),
    ]
    problems += _clashes([*files, *(f.path for f in extra)])
    if has_errors(problems):
        return failed()
    search_problems: list[Problem] = []
    try:
        remembered = memo.spares.pop(folder_key, None)
        # (the copy, if one was started, is finished before the folder is used; it is the spare)
        known = aside.copied() or remembered
        live, spare_listed = aside.listed() or (None, None)
        builds = cache / "builds"  # (see write.note_build)
        with Staging(output_dir, aside.spare, known, live, spare_listed, builds) as staging:
            fingerprints, shows, kept, routes = _unchanged_pages(
                routes, fingerprint, previous, redo, staging.old_files,
                lambda only: plan_routes(index, photos, search_enabled, only=only),
            )  # fmt: skip
            del previous  # (see above)
            staging.link(kept)
            if precompress:
                staging.link(f"{path}.gz" for path in kept if f"{path}.gz" in staging.old_files)
            store = functools.partial(
                _store, staging.folder, staging.output, staging.fresh, staging.mirror, precompress
            )
            while extra:  # the open data of a large site is tens of MB: let each file go
                staging.note(store(extra.pop()))
            to_render = [r for r in routes if r.output_path not in kept]
            page_store = functools.partial(
                _store_page, store, fingerprint if fingerprints is None else None
            )
            del fingerprint  # its digest of every record, unless the workers need it
            placed, render_problems = render_routes(to_render, theme, page_store, progress)
            clock.lap("render")
            problems += render_problems
            if has_errors(problems):
                return failed()
            rendered = {p.path: p for _, group in placed for p in group}
            staging.note(rendered.values())
            if fingerprints is None or shows is None:
                made = {group[0].path: page for page, group in placed}
                fingerprints = {r.output_path: made[r.output_path][0] for r in routes}
                shows = {r.output_path: made[r.output_path][1] for r in routes}
            page_digests = [
                (path, rendered[path].digest if path in rendered else kept[path][2])
                for path in fingerprints
            ]

            def index_search(folder: Path) -> tuple[str, ...]:
                written, found = build_search_index(folder, page_digests, cache / "search")
                search_problems.extend(found)
                return written

            unsaved(cache, output_dir, now=True)  # (until `_remember` has saved the memo)
            written = staging.commit(index_search if search else None)
            if staging.spare_state is not None:
                memo.spares[folder_key] = staging.spare_state
            # Meanwhile the previous site is removed in the background; the block waits for it.
            problems += tuple(search_problems)
            clock.lap("write")
            result = BuildReport(
                shown_problems(problems, content_dir),
                sum(1 for path in fingerprints if path.endswith(".html")),
                len(written.written) + len(written.unchanged),
                written,
                tuple(clock.timings),
                prepared.photo_stats,
                _shown_paths(index.drafts, content_dir),
                _shown_paths(index.scheduled, content_dir),
            )
            pages = {
                path: (made_with, rendered[path].size, rendered[path].digest)
                if path in rendered
                else kept[path]
                for path, made_with in fingerprints.items()
            }
            sources = {rel: entry.fingerprint for rel, entry in memo.records.items()}
            shown = {path: sources_of for path, sources_of in shows.items() if sources_of != ()}
            if keep is not None:  # (see `build`)
                keep.append((prepared, routes, staging, fingerprints, shows, kept, placed))
            return result, OutputMemo(plan, sources, pages, shown)
    except OutputError as exc:
        problems += (error(str(output_dir.absolute()), None, str(exc)),)  # (not in content/)
        return failed()
