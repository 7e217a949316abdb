"""BuildRequest → the site in the output folder, and what the next build needs: the content
checked with the record memo, the index, the pages an edit can have changed planned, those whose
fingerprint changed rendered, the site written and swapped in, the memo saved.

The pieces, each in its own module: the no-op check (noop.py), the record memo (memo.py), page
fingerprints (fingerprints.py), the staging folder (write.py), work in other processes
(aside.py, processes.py).
"""

from __future__ import annotations

import dataclasses
import functools
import gc
from collections.abc import Callable, Collection, Mapping, Sequence
from dataclasses import dataclass, field
from pathlib import Path

from .aside import Aside, start_aside
from .config import sample_leftovers
from .datacache import open_data
from .fingerprints import (
    Looked,
    OutputMemo,
    PageFingerprints,
    Sources,
    dated_key,
    pages_to_redo,
    plan_key,
    unchanged_pages,
)
from .hosting import htaccess, nojekyll, precompressed
from .i18n import _
from .kitcache import kit_sizes
from .listing import FileStat
from .memo import BuildMemo, load_memo, save_memo
from .model import RenderedFile
from .noop import (
    Inputs,
    LeftAs,
    mark_saved,
    mark_unsaved,
    maybe_unsaved,
    output_files,
    output_identity,
    output_settled,
    record_output,
    unchanged_report,
)
from .options import BuildOptions
from .outputdir import OutputError
from .pipeline import (
    Clock,
    Prepared,
    check_navigation,
    prepare_site,
    shown_paths,
    shown_problems,
)
from .problems import Problem, error, has_errors
from .processes import BuildLock, end_children, run_detached
from .render import render_routes
from .report import BuildReport, PhotoStats, WriteReport
from .routes import Route, plan_routes
from .search import Listed, build_search_index, pagefind_binary
from .write import Placed, Staging, place_file, place_made


@dataclass(frozen=True, slots=True)
class BuildRequest:
    """A build: from which content into which folder, how; `inputs`: what the no-op check saw,
    when the caller has just asked it (not worked out twice); `lock`: the build lock the build
    runs under, if the caller holds it (see processes.hold_build_lock): with one a detached
    process can hold on, the memo is saved by that process after the build has returned (the
    save takes seconds at 100,000 profiles; after an edit at 4,000 it was within the noise)."""

    content_dir: Path
    output_dir: Path
    options: BuildOptions = field(default_factory=BuildOptions)
    inputs: Inputs | None = None
    lock: BuildLock | None = None
    process_ends: bool = False  # right after the build: see Built


@dataclass(frozen=True, slots=True)
class Built:
    """A build's report, and, for a caller whose process ends right after (the command line:
    BuildRequest.process_ends), what the build made on the way (the memo, the index, the
    pages): held until then, the operating system frees it all at once instead of Python
    object by object (measured: about 150 ms of CPU after a template edit at 4,000 profiles)."""

    report: BuildReport
    made: tuple[object, ...] = ()


def build(
    content_dir: Path, output_dir: Path, options: BuildOptions | None = None, **settings: object
) -> BuildReport:
    """Build the site; nothing is written unless every stage succeeded. The options as a
    BuildOptions, or as its fields by name: build(content, output, today=…, search=False)."""
    options = dataclasses.replace(options or BuildOptions(), **settings)  # type: ignore[arg-type]
    return build_site(BuildRequest(content_dir, output_dir, options)).report


@dataclass(slots=True)
class _Run:
    """One build under way: what it was asked, and what it works with."""

    request: BuildRequest
    cache: Path
    inputs: Inputs
    memo: BuildMemo
    aside: Aside
    clock: Clock

    @property
    def folder_key(self) -> str:  # the output folder, as the memo knows it
        return str(self.request.output_dir.absolute())


def build_site(request: BuildRequest) -> Built:
    """`build`, for a caller that holds the lock or has asked the no-op check (the command
    line)."""
    clock = Clock()
    content_dir, output_dir, options = request.content_dir, request.output_dir, request.options
    inputs = request.inputs
    if inputs is None:
        unchanged, inputs = unchanged_report(content_dir, output_dir, options)
        if unchanged is not None:  # nothing the site is made of has changed since
            clock.lap("unchanged")
            timings = tuple(clock.timings)
            return Built(dataclasses.replace(unchanged, timings=timings, photos=PhotoStats()))
    cache = options.cache(content_dir)
    aside: Aside | None = None
    try:
        aside = start_aside(cache, output_dir)
        memo = load_memo(cache)
        # The memo's records (hundreds of thousands of objects on a large site) live until the
        # end of the build: the garbage collector need not look through them at every collection
        # (measured at 100,000 profiles: an edit took 16 s without, 11 s with).
        gc.freeze()
        run = _Run(request, cache, inputs, memo, aside, clock)
        report, made, kept = _make_site(run)
    finally:  # no process outlives the build, even one stopped before it was on record
        try:
            if aside is not None:
                aside.wait()
        finally:
            end_children()
            gc.unfreeze()
    if not request.process_ends:
        # Let go of the index and the pages before saving the memo: at 100,000 profiles they
        # are hundreds of MB, which the save would otherwise add to.
        kept = ()
    if made is not None:
        _save(run, made, report)
    return Built(report, (memo, *kept))


def _save(run: _Run, made: OutputMemo, report: BuildReport) -> None:
    """Save what the next build needs, aside if the build's lock can be handed over."""
    output_dir = run.request.output_dir
    identity = output_identity(output_dir)
    # The output folder as this build left it: whatever happens to it once the command has
    # ended must not count as this build's, even if a process that outlives it lists it.
    detached = run.request.lock is not None and run.request.lock.detachable
    settled = output_settled(output_dir) if detached else None
    remember = functools.partial(_remember, run, made, report, identity, settled)
    if not (detached and run_detached(remember)):
        remember()


def _remember(
    run: _Run, made: OutputMemo, report: BuildReport, identity: str, settled: int | None
) -> None:
    """Save the records, each page's fingerprint, size and digest, every file of the site as the
    build left it, and (for the no-op check) what a build with nothing changed would report;
    then unmark the site (see noop.mark_unsaved)."""
    output_dir = run.request.output_dir
    files = output_files(output_dir, settled)
    run.memo.routes[run.folder_key] = dataclasses.replace(made, files=files)
    save_memo(run.cache, run.memo)
    record_output(run.cache, output_dir, run.inputs, report, LeftAs(identity, files))
    mark_saved(run.cache, output_dir)


@dataclass(slots=True)
class _Pages:
    """The pages this build looks at, and the key of what they were planned from. The last
    build's pages and the records' digests are let go of as soon as they are no longer needed:
    at 100,000 profiles they are tens of MB, which each render worker would hold as well."""

    fingerprints: PageFingerprints | None  # of every record the memo holds
    plan: str  # see fingerprints.plan_key
    previous: OutputMemo | None  # the last build into this folder, if it can be trusted
    redo: set[str] | None  # the pages an edit can have changed (None: any)
    routes: Sequence[Route]  # those pages' routes (every page's, with redo None)
    files: Sequence[str]  # every page of the site
    search: bool  # whether the site has a search page


def _plan_pages(run: _Run, prepared: Prepared, search: bool) -> _Pages:
    memo, index, theme = run.memo, prepared.index, prepared.theme
    shared = (index.categories, index.provinces)
    global_key = f"{theme.digest()}|{index.config!r}|{shared!r}|{memo.code}|"
    global_key += run.request.options.key()
    fingerprints = PageFingerprints(
        global_key.encode(), ((e.record, e.fingerprint, rel) for rel, e in memo.records.items())
    )
    shapes = ((rel, entry.shape) for rel, entry in memo.records.items())
    year = run.request.options.day().year
    scheduled = [*index.scheduled, *(p for _, e in index.editions for p in e.scheduled)]
    kits = kit_sizes(prepared.kits)
    plan = plan_key(fingerprints, shapes, dated_key(year, scheduled), search, prepared.photos, kits)
    # Popped: at 100,000 profiles the last build's pages are tens of MB that every render
    # worker would otherwise hold as well; the memo keeps them on disk.
    previous = memo.routes.pop(run.folder_key, None)
    if maybe_unsaved(run.cache, run.request.output_dir):
        previous = None  # its site may be newer than what the memo says of it
    digests = {rel: entry.fingerprint for rel, entry in memo.records.items()}
    redo = pages_to_redo(previous, plan, digests)
    routes = plan_routes(index, prepared.photos, search, only=redo, kits=kits)
    # With `redo`, the pages are the last build's: they were planned from the same things.
    if previous is not None and redo is not None:
        files = list(previous.pages)
    else:
        files = [r.output_path for r in routes]
    return _Pages(fingerprints, plan, previous, redo, routes, files, search)


def _make_site(run: _Run) -> tuple[BuildReport, OutputMemo | None, tuple[object, ...]]:
    """Plan, render and write the site: the report, what to remember of the pages (None if
    nothing was written), and what was made on the way (see Built)."""
    request, options = run.request, run.request.options
    content_dir = request.content_dir
    prepared, problems = prepare_site(content_dir, options, run.clock, run.memo, run.inputs)
    if prepared is None:
        return _failed(run, problems), None, ()
    gc.freeze()  # the index, too, lives until the end of the build
    config = prepared.index.config
    search = options.search and pagefind_binary() is not None
    pages = _plan_pages(run, prepared, search)
    problems += check_navigation(config, set(pages.files))
    if not options.include_drafts:  # a site to publish: not a preview of work in progress
        problems += sample_leftovers(config, options.base_url is not None)
    gz = options.precompress
    rows = {id(e.record): e.data for e in run.memo.records.values() if e.data}
    data = open_data(prepared.index, prepared.photos, run.cache, run.memo.code, rows, gz)
    extra = [
        *prepared.theme.assets_as_files(),
        *prepared.photo_files,
        *(k.as_file() for k in prepared.kits if k.source is None),
        *data.in_memory,
        htaccess(config),
        nojekyll(),
    ]
    # Files made in the build cache, linked into the site rather than read
    kits = ((k.path, k.source, k.source.parent) for k in prepared.kits if k.source is not None)
    made = [*kits, *data.kept]
    problems += _clashes([*pages.files, *(f.path for f in extra), *(path for path, _, _ in made)])
    if has_errors(problems):
        return _failed(run, problems), None, ()
    try:
        return _write(run, prepared, pages, (extra, made), problems)
    except OutputError as exc:  # a problem of the output folder, not of content/
        problems += (error(str(request.output_dir.absolute()), None, str(exc)),)
        return _failed(run, problems), None, ()


def _failed(run: _Run, problems: tuple[Problem, ...]) -> BuildReport:
    shown = shown_problems(problems, run.request.content_dir)
    return BuildReport(shown, timings=tuple(run.clock.timings))


# The files of a site besides its pages: in memory, and made in the build cache (each one's
# path in the site, its place in the cache and the sealed folder there that holds it).
Extra = tuple[list[RenderedFile], list[tuple[str, Path, Path]]]


def _write(
    run: _Run, prepared: Prepared, pages: _Pages, files: Extra, problems: Problems
) -> tuple[BuildReport, OutputMemo | None, tuple[object, ...]]:
    """Render the pages whose fingerprints changed into the staging folder, with the other
    files, link the rest from the live site, and swap it in."""
    extra, made_files = files
    request, memo, options = run.request, run.memo, run.request.options
    remembered = memo.spares.pop(run.folder_key, None)  # what the spare held, if untouched
    known = run.aside.copied() or remembered  # a copy made aside is the spare now
    listed = run.aside.listed()
    live, spare_listed = (listed.live, listed.spare) if listed else (None, None)
    builds = run.cache / "builds"  # see write.note_build
    with Staging(request.output_dir, run.aside.spare, known, live, spare_listed, builds) as staging:
        looked = _look_at_pages(prepared, pages, staging.old_files)
        staging.link(looked.kept)
        if options.precompress:
            gz = (f"{path}.gz" for path in looked.kept)
            staging.link(path for path in gz if path in staging.old_files)
        store = functools.partial(_store, staging, options.precompress)
        while extra:  # the open data of a large site is tens of MB: let each file go
            staging.note(store(extra.pop()))
        s = staging
        staging.note(place_made(s.folder, s.output, *f, s.fresh, s.mirror) for f in made_files)
        if looked.fingerprints is not None:
            # Every record's digest: the render workers need it only where no fingerprints are.
            pages.fingerprints = None
        rendered, made, render_problems = _render(run, prepared, pages, looked, store)
        problems += render_problems
        if has_errors(problems):
            return _failed(run, problems), None, ()
        staging.note(rendered.values())
        fingerprints, shows = made
        written, search_problems = _commit(run, staging, rendered, looked.kept, fingerprints)
        problems += search_problems
        run.clock.lap("write")
        index, content_dir = prepared.index, request.content_dir
        report = BuildReport(
            shown_problems(problems, content_dir),
            sum(1 for path in fingerprints if path.endswith(".html")),
            len(written.written) + len(written.unchanged),
            written,
            tuple(run.clock.timings),
            prepared.photo_stats,
            shown_paths(index.drafts, content_dir),
            shown_paths(index.scheduled, content_dir),
        )
        made_pages = {
            path: (made_with, rendered[path].size, rendered[path].digest)
            if path in rendered
            else looked.kept[path]
            for path, made_with in fingerprints.items()
        }
        sources = {rel: entry.fingerprint for rel, entry in memo.records.items()}
        shown = {path: sources_of for path, sources_of in shows.items() if sources_of != ()}
        output = OutputMemo(pages.plan, sources, made_pages, shown)
        return report, output, (prepared, staging, looked, rendered, made)


Problems = tuple[Problem, ...]


def _look_at_pages(prepared: Prepared, pages: _Pages, existing: Mapping[str, FileStat]) -> Looked:
    """Which pages the last build already made (see fingerprints.unchanged_pages)."""
    search = pages.search

    def plan(only: Collection[str] | None) -> tuple[Route, ...]:
        kits = kit_sizes(prepared.kits)
        return plan_routes(prepared.index, prepared.photos, search, only=only, kits=kits)

    assert pages.fingerprints is not None
    previous, pages.previous = pages.previous, None
    return unchanged_pages(pages.routes, pages.fingerprints, previous, pages.redo, existing, plan)


# What the build remembers of each page: its fingerprint and the content files whose records it
# shows (see PageFingerprints.page), by its path.
Made = tuple[dict[str, str], dict[str, Sources]]


def _render(
    run: _Run, prepared: Prepared, pages: _Pages, looked: Looked, store: Store
) -> tuple[dict[str, Placed], Made, Problems]:
    """Render the pages not kept, each into the staging folder as soon as it is made: the files
    placed, each page's fingerprint, and the problems. Fingerprints the parent has not worked
    out (a first build) are worked out where the pages are rendered."""
    to_render = [r for r in looked.routes if r.output_path not in looked.kept]
    page_store = functools.partial(_store_page, store, pages.fingerprints)
    progress = run.request.options.progress
    placed, problems = render_routes(to_render, prepared.theme, page_store, progress)
    run.clock.lap("render")
    rendered = {p.path: p for _, group in placed for p in group}
    if has_errors(problems):  # some pages were not made
        return rendered, ({}, {}), problems
    if looked.fingerprints is not None and looked.shows is not None:
        return rendered, (looked.fingerprints, looked.shows), problems
    found = {group[0].path: page for page, group in placed}
    fingerprints = {r.output_path: found[r.output_path][0] for r in looked.routes}
    shows = {r.output_path: found[r.output_path][1] for r in looked.routes}
    return rendered, (fingerprints, shows), problems


def _commit(
    run: _Run,
    staging: Staging,
    rendered: Mapping[str, Placed],
    kept: Mapping[str, tuple[str, int, str]],
    fingerprints: Mapping[str, str],
) -> tuple[WriteReport, Problems]:
    """Index the staged pages for search (if asked), swap the site in, and put the old one
    aside as the spare: what was written, and the search's problems."""
    request, cache = run.request, run.cache
    digests = [
        (path, rendered[path].digest if path in rendered else kept[path][2])
        for path in fingerprints
    ]
    found: list[Problem] = []

    def index_search(folder: Path) -> dict[str, FileStat]:
        listed = Listed(staging.output, staging.old_files, staging.spare_listing)
        written, problems = build_search_index(folder, digests, cache / "search", listed)
        found.extend(problems)
        return written

    mark_unsaved(cache, request.output_dir)  # until the memo is saved (see noop)
    written = staging.commit(index_search if request.options.search else None)
    if staging.spare_state is not None:
        run.memo.spares[run.folder_key] = staging.spare_state
    return written, tuple(found)


Store = Callable[[RenderedFile], tuple[Placed, ...]]


def _store(staging: Staging, precompress: bool, file: RenderedFile) -> tuple[Placed, ...]:
    """One file (and its .gz copy when asked) into the staging folder (see `place_file`); called
    in the render workers too."""
    s = staging
    gz = precompressed((file,)) if precompress else ()
    return tuple(place_file(s.folder, s.output, f, s.fresh, s.mirror) for f in (file, *gz))


def _store_page(
    store: Store, fingerprints: PageFingerprints | None, route: Route, file: RenderedFile
) -> tuple[tuple[str, Sources], tuple[Placed, ...]]:
    """A rendered page into the staging folder, with its fingerprint (and the records' files it
    shows) when the parent has not worked it out (see fingerprints.unchanged_pages)."""
    page = fingerprints.page(route.template, route.context) if fingerprints else ("", None)
    return page, store(file)


def _clashes(paths: Sequence[str]) -> tuple[Problem, ...]:
    seen: set[str] = set()
    clash = sorted({p for p in paths if p in seen or seen.add(p)})  # type: ignore[func-returns-value]
    if not clash:
        return ()
    return (
        error(
            clash[0],
            None,
            _("two pages would be written to the same file"),
            _("rename one of the files that produce it"),
        ),
    )
