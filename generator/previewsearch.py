"""Search in `teladan serve`: the preview's index, made again in the background after a save.

The preview renders pages only when a browser asks for them, so the pages to index are rendered
here, in a thread of their own, into a folder of the build cache; a page whose route context is
the same as at the last save is not rendered again (equal contexts render equal pages, see
routes.py), and the index is put together by `build_search_index` from parts kept in the cache,
so a save re-indexes only the part of the page it changed. The bundle is served once complete;
until the first one is, the search page offers the lists, as without Pagefind.
"""

from __future__ import annotations

import contextlib
import hashlib
import itertools
import shutil
import tempfile
import threading
import weakref
from collections.abc import Mapping
from pathlib import Path, PurePosixPath

from .cache import forget_stale
from .problems import Problem
from .render import render_route
from .routes import Route
from .search import BUNDLE, build_search_index
from .theme import Theme

FOLDER = "preview-search"  # in the build cache


class PreviewSearch:
    """The preview's search bundle: `update` after each good save, `file` to serve it."""

    def __init__(self, cache: Path) -> None:
        # A folder for each preview: two may run on one content folder (at two ports).
        forget_stale(cache / FOLDER)  # (a preview killed long ago)
        (cache / FOLDER).mkdir(parents=True, exist_ok=True)
        self._root = Path(tempfile.mkdtemp(dir=cache / FOLDER))
        weakref.finalize(self, shutil.rmtree, self._root, ignore_errors=True)
        self._pages: dict[
            str, tuple[str, Mapping[str, object], str]
        ] = {}  # template, context, digest
        self._theme: Theme | None = None
        self._wanted: tuple[Mapping[str, Route], Theme] | None = None
        # The folders holding the bundle served, and the one before it: a search page that
        # started loading the one before still finds its files (their names are digests).
        self._ready: list[Path] = []
        self._made = itertools.count(1)
        self._changed = threading.Condition()
        self._thread: threading.Thread | None = None
        self.generation = 0  # how many bundles have been served so far

    def update(self, routes: Mapping[str, Route], theme: Theme) -> None:
        """Index these pages in the background; a save meanwhile replaces them (the last wins)."""
        with self._changed:
            self._wanted = (routes, theme)
            if self._thread is None:
                self._thread = threading.Thread(target=self._work, name="search", daemon=True)
                self._thread.start()
            self._changed.notify_all()

    def wait(self, generation: int, timeout: float) -> bool:
        """Wait until the bundle served is at least the `generation`th (tests, and a caller that
        must see a save's index)."""
        with self._changed:
            return self._changed.wait_for(lambda: self.generation >= generation, timeout)

    def file(self, path: str) -> bytes | None:
        """A file of the bundle (its path in the site: pagefind/…), None if there is none."""
        parts = PurePosixPath(path).parts
        if not parts or parts[0] != BUNDLE or ".." in parts:
            return None
        for ready in reversed(self._ready):
            with contextlib.suppress(OSError):
                return ready.joinpath(*parts).read_bytes()
        return None

    def _work(self) -> None:
        while True:
            with self._changed:
                self._changed.wait_for(lambda: self._wanted is not None)
                assert self._wanted is not None
                routes, theme = self._wanted
                self._wanted = None
            # (a failure keeps the bundle served: the next save tries again)
            with contextlib.suppress(OSError):
                self._index(routes, theme)

    def _index(self, routes: Mapping[str, Route], theme: Theme) -> None:
        site = self._root / "site"
        if theme is not self._theme:  # other templates: every page may differ
            self._pages, self._theme = {}, theme
        pages = []
        for path, route in routes.items():
            if not path.endswith(".html") or path == "404.html":
                continue
            digest = self._page(site, path, route, theme)
            if digest is not None:
                pages.append((path, digest))
        for gone in self._pages.keys() - routes.keys():
            del self._pages[gone]
            with contextlib.suppress(OSError):
                (site / gone).unlink()
        _, problems = build_search_index(site, pages, self._root / "cache")
        if problems:
            return
        ready = self._root / f"ready-{next(self._made)}"
        ready.mkdir(parents=True)
        (site / BUNDLE).rename(ready / BUNDLE)
        with self._changed:
            self._ready, older = [*self._ready[-1:], ready], self._ready[:-1]
            self.generation += 1
            self._changed.notify_all()
        for folder in older:  # (a reader may be reading it: on Windows that may fail)
            shutil.rmtree(folder, ignore_errors=True)

    def _page(self, site: Path, path: str, route: Route, theme: Theme) -> str | None:
        """The page's digest, rendered and written into `site` if its context changed."""
        was = self._pages.get(path)
        if was is not None and was[0] == route.template and was[1] == route.context:
            return was[2]
        result = render_route(route, theme)
        if isinstance(result, Problem):  # (reported by the preview when the page is opened)
            return None
        target = site.joinpath(*PurePosixPath(path).parts)
        target.parent.mkdir(parents=True, exist_ok=True)
        target.write_bytes(result.data)
        digest = hashlib.blake2b(result.data, digest_size=16).hexdigest()
        self._pages[path] = (route.template, route.context, digest)
        return digest
