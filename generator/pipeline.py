"""Content folder → checked index, theme and photos, or every problem: load → validate → index
(with the record memo, when there is one), then the theme and the photos. `teladan check` stops
here; the preview plans its routes from it; a build (building.py) goes on to render and write.

Everything is gathered and checked before anything renders: a build writes nothing unless the
whole site rendered without errors.
"""

from __future__ import annotations

import dataclasses
import datetime
import functools
import os
import time
from collections.abc import Collection, Mapping
from dataclasses import dataclass
from pathlib import Path

from . import urls
from .cache import compiled_templates
from .config import SiteConfig, load_config, normalise_base_url
from .credits import missing_credits
from .i18n import _
from .images import Photo, forget_listings, process_photos
from .index import SiteIndex, build_index
from .kitcache import KitFile, kit_sizes, made_kits
from .load import failed_files, load_content
from .memo import BuildMemo, load_with_memo
from .model import Content, Page, Pillar, PressRelease, RenderedFile
from .noop import (
    Inputs,
)
from .options import BuildOptions
from .presskit import kit_words
from .problems import Problem, has_errors, sort_problems, warning
from .qr import keep_in as keep_qr_codes_in
from .reference import load_provinces
from .report import BuildReport, PhotoStats
from .routes import Route, plan_routes
from .search import pagefind_binary
from .theme import Theme, check_theme_exists, load_theme
from .validate import validate_records


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
        folder = shown_folder(os.path.join(content_dir, parent))  # an absolute path wins
        return os.path.join(folder, "").replace(os.sep, "/").removeprefix("./")

    def shown_path(path: str) -> str:
        parent, name = os.path.split(path)
        return shown_prefix(parent) + name

    # The constructor rather than dataclasses.replace: thousands of warnings on a large site.
    return sort_problems(
        Problem(shown_path(p.path), p.line, p.message, p.hint, p.field, p.severity)
        for p in problems
    )


def shown_paths(paths: tuple[str, ...], content_dir: Path) -> tuple[str, ...]:
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
            _("navigation: '%(path)s' is not a page of this site") % {"path": link.path},
            _("check the path, e.g. kategori/ or tentang/"),
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
) -> tuple[SiteIndex | None, tuple[Problem, ...]]:
    """The pipeline up to the index: every content problem, and the index if there are none.

    With a memo, files whose bytes (and photo) did not change are not parsed or checked again
    (`inputs`: the content files as the no-op check just saw them)."""
    clock = clock or Clock()
    today = today or datetime.date.today()
    forget_listings()  # a photo may have been renamed since, on a drive that ignores capitals
    config, problems = load_config(content_dir)
    if config is not None and base_url is not None:
        url = normalise_base_url(base_url)
        if url is None:  # the command line checks it first; this guards other callers
            text = _("--base-url %(url)r is not an http(s) address")
            raise ValueError(text % {"url": base_url})
        config = dataclasses.replace(config, base_url=url)
    if config is not None:
        problems += check_theme_exists(config, content_dir.parent)
    if memo is None:
        raws, load_problems = load_content(content_dir)
        clock.lap("load")
        content, validate_problems = validate_records(raws, load_provinces(), content_dir, today)
    else:
        content, load_problems, validate_problems = load_with_memo(content_dir, today, memo, inputs)
        clock.lap("load")
    clock.lap("validate")
    if not include_drafts:
        validate_problems = _shown_warnings(content, validate_problems)
    problems += load_problems + validate_problems
    if config is None:
        return None, problems
    failed = failed_files(content_dir, problems)  # knock-on errors are left out
    index, index_problems = build_index(content, config, include_drafts, today, failed)
    clock.lap("index")
    problems += index_problems
    if index is not None and not has_errors(problems):
        problems += missing_credits(index)
    return (None if has_errors(problems) else index), problems


def _shown_warnings(content: Content, problems: tuple[Problem, ...]) -> tuple[Problem, ...]:
    """A draft is work in progress: its errors count, its warnings wait until it is shown."""
    records: tuple[Pillar | PressRelease | Page, ...] = (
        *content.pillars,
        *content.news,
        *content.pages,
    )
    drafts = {r.source.path for r in records if r.draft}
    return tuple(p for p in problems if p.is_error or p.path not in drafts)


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
    kits: tuple[KitFile, ...]  # the press kits (kitcache.py)


@dataclass(frozen=True, slots=True)
class SitePlan(Prepared):
    """Everything needed to make any file of the site: checked content, theme, photos, routes."""

    routes: tuple[Route, ...]


def prepare_site(
    content_dir: Path,
    options: BuildOptions,
    clock: Clock,
    memo: BuildMemo,
    inputs: Inputs | None = None,
) -> tuple[Prepared | None, tuple[Problem, ...]]:
    """load → validate → index, then the theme and the photos; None on errors."""
    o = options
    index, problems = check_content(
        content_dir, o.include_drafts, o.base_url, o.day(), clock, memo, inputs
    )
    if index is None:
        return None, problems
    cache = options.cache(content_dir)
    keep_qr_codes_in(cache / "qr")
    theme, theme_problems = load_theme(
        index.config, content_dir.parent, compiled_templates(cache, memo.code)
    )
    problems += theme_problems
    if theme is None or has_errors(problems):
        return None, problems
    photos, photo_files, photo_problems, photo_stats = process_photos(
        index.pillars, content_dir, cache / "photos", index.news
    )
    clock.lap("photos")
    problems += photo_problems
    if has_errors(problems):
        return None, problems
    words = kit_words(theme.env_for(None))
    kits = made_kits(index, photos, photo_files, cache, words, o.include_drafts)
    return Prepared(index, theme, photos, photo_files, photo_stats, kits), problems


def plan_site(
    content_dir: Path, options: BuildOptions, clock: Clock, memo: BuildMemo
) -> tuple[SitePlan | None, tuple[Problem, ...]]:
    """`prepare_site`, then every route; None on errors. `serve` renders the routes a browser
    asks for; `build` plans only the pages an edit can have changed, when it can tell."""
    prepared, problems = prepare_site(content_dir, options, clock, memo)
    if prepared is None:
        return None, problems
    search = options.search and pagefind_binary() is not None
    kits = kit_sizes(prepared.kits)
    routes = plan_routes(prepared.index, prepared.photos, search, kits=kits)
    problems += check_navigation(prepared.index.config, {r.output_path for r in routes})
    p = prepared
    plan = SitePlan(p.index, p.theme, p.photos, p.photo_files, p.photo_stats, p.kits, routes)
    return plan, problems
