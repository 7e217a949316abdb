"""Content folder → a live preview at http://127.0.0.1:PORT/: rebuilds on change, reloads pages.

The `livereload` package watches the folders and pushes "reload" to open pages; the pages come
from a small WSGI app that renders them on request from the last good plan of the site, so while
the content has errors, every address shows the list of problems instead of a stale site.
"""

from __future__ import annotations

import contextlib
import functools
import html
import ipaddress
import logging
import mimetypes
import socket
import threading
from collections.abc import Callable, Iterable, Mapping
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any

from .cache import CACHE_FOLDER
from .config import SiteConfig
from .editions import stem_of
from .editor import PREFIX, Editor, edit_link, form_address
from .i18n import _, language, ngettext, number
from .kitcache import KitFile
from .load import CONTENT_SUFFIXES
from .memo import load_memo
from .model import RenderedFile
from .opendata import render_data
from .options import BuildOptions
from .pipeline import Clock, SitePlan, plan_site, shown_problems
from .previewsearch import PreviewSearch
from .problems import Problem
from .render import render_route
from .report import BuildReport, PhotoStats
from .routes import Route
from .search import pagefind_binary
from .theme import Theme

StartResponse = Callable[[str, list[tuple[str, str]]], Any]

ERROR_PAGE = """<!doctype html>
<html lang="{lang}">
<head>
<meta charset="utf-8">
<meta name="viewport" content="width=device-width, initial-scale=1">
<title>{title}</title>
<style>
body {{ font: 1rem/1.6 system-ui, sans-serif; margin: 0 auto; padding: 1.5rem; max-width: 52rem;
       color: #1b1f24; background: #fff; }}
h1 {{ color: #a61e4d; font-size: 1.6rem; }}
li {{ margin-bottom: 1rem; }}
code {{ background: #f4f6f8; padding: 0.1rem 0.3rem; border-radius: 4px; }}
.hint {{ color: #4f5863; }}
</style>
</head>
<body>
<main>
<h1>{heading}</h1>
<p>{explained}</p>
<ol>
{items}
</ol>
</main>
</body>
</html>
"""


def _named(path: str, line: int | None, content_dir: Path | None) -> str:
    """A problem's file (and line), a link to its form when the editor has one."""
    file, folder = Path(path).resolve(), (content_dir or Path(path)).resolve()
    inside = content_dir is not None and file.is_relative_to(folder)
    address = form_address(file.relative_to(folder).as_posix()) if inside else ""
    name = f"<code>{html.escape(path)}{f':{line}' if line else ''}</code>"
    return f'<a href="{html.escape(address, quote=True)}">{name}</a>' if address else name


def error_page(problems: Iterable[Problem], content_dir: Path | None = None) -> bytes:
    """The page shown at every address while the content has errors (each file of
    `content_dir` that the editor can open, a link to its form)."""
    errors = [p for p in problems if p.is_error]
    items = "\n".join(
        f"<li>{_named(p.path, p.line, content_dir)}<br>"
        f"{html.escape(p.message)}"
        + (f'<br><span class="hint">{html.escape(p.hint)}</span>' if p.hint else "")
        + "</li>"
        for p in errors
    )
    explained = ngettext(
        "The site cannot be built yet. Fix the %(count)s problem below and save the file; this "
        "page reloads by itself.",
        "The site cannot be built yet. Fix the %(count)s problems below and save the files; "
        "this page reloads by itself.",
        len(errors),
    )
    return ERROR_PAGE.format(
        lang=language(),
        title=html.escape(_("There are problems in the content · Teladan preview")),
        heading=html.escape(_("There are problems in the content")),
        explained=html.escape(explained % {"count": number(len(errors))}),
        items=items,
    ).encode()


@dataclass(frozen=True, slots=True)
class _Site:
    """The preview's current site: pages are rendered when a browser asks for them."""

    routes: Mapping[str, Route]  # output path → route
    theme: Theme
    files: Mapping[str, bytes]  # static assets, photos
    # The press kits, read from the build cache when asked for: together, hundreds of MB on a
    # large site, too many to read at each save.
    kits: Mapping[str, KitFile]
    # (made anew by each save from the routes' index: equal sites are equal without it)
    make_data: Callable[[], tuple[RenderedFile, ...]] = field(compare=False)


class Preview:
    """The site as last planned for the preview, or the problems that stopped it.

    A save re-checks only the changed files (the memo stays in memory) and plans the routes;
    no page is rendered until a browser asks for it, so the preview updates in a fraction of a
    second however large the site. Rendering uses the same routes and templates as `build`.
    """

    def __init__(self, content_dir: Path, base_url: str, search: bool = False) -> None:
        self.content_dir = content_dir
        self.base_url = base_url
        self.cache = content_dir.parent / CACHE_FOLDER
        self.memo = load_memo(self.cache)
        self.report = BuildReport()
        self._site: _Site | None = None
        self._pages: dict[str, bytes] = {}  # rendered since the last change
        self._theme: tuple[tuple[str, SiteConfig], Theme] | None = None
        self._lock = threading.Lock()
        self.editor = Editor(content_dir)
        # (a thread of its own: only `serve` asks for it, not a caller that may fork meanwhile)
        found = search and pagefind_binary() is not None
        self.search = PreviewSearch(self.cache) if found else None

    def rebuild(self) -> BuildReport:
        clock = Clock()
        # Drafts are shown in the preview (with their marker): that is where they get finished.
        # The search index is made in the background after the save (see previewsearch).
        search = self.search is not None
        options = BuildOptions(
            include_drafts=True, base_url=self.base_url, search=search, cache_dir=self.cache
        )
        plan, problems = plan_site(self.content_dir, options, clock, self.memo)
        site, pages, files, photos = None, 0, 0, PhotoStats()
        if plan is not None:
            theme = self._same_theme(plan)
            if theme is None:  # new or edited templates: try each before anyone opens a page
                theme = plan.theme
                mistakes = _try_each_template(plan)
                if mistakes:
                    self._theme = None  # try them again after the next save
                problems += mistakes
            clock.lap("render")
            assets = {f.path: f.data for f in (*theme.assets_as_files(), *plan.photo_files)}
            site = _Site(
                {r.output_path: r for r in plan.routes},
                theme,
                assets,
                {k.path: k for k in plan.kits},
                functools.cache(functools.partial(render_data, plan.index, plan.photos)),
            )
            pages = sum(1 for path in site.routes if path.endswith(".html"))
            files, photos = len(site.routes) + len(assets) + len(plan.kits), plan.photo_stats
        shown = shown_problems(problems, self.content_dir)
        report = BuildReport(shown, pages, files, timings=tuple(clock.timings), photos=photos)
        with self._lock:
            self.report = report
            self._site = site if report.ok else None
            self._pages = {}
        if site is not None and report.ok and self.search is not None:
            self.search.update(site.routes, site.theme)
        return report

    @property
    def site(self) -> _Site | None:
        """The site as last planned (None while its problems stop it)."""
        with self._lock:
            return self._site

    def _same_theme(self, plan: SitePlan) -> Theme | None:
        """The previous plan's theme, if its files and the site settings are unchanged: its
        templates are compiled already (compiling them takes longer than the rest of a save).
        Its card cache is emptied, as cards and photos may have changed."""
        key = (plan.theme.digest(), plan.index.config)
        previous, self._theme = self._theme, (key, plan.theme)
        if previous is None or previous[0] != key:
            return None
        self._theme = previous
        for env in previous[1].envs.values():
            env.fragment_cache.clear()  # type: ignore[attr-defined]
        return previous[1]

    def _find(
        self, site: _Site, pages: dict[str, bytes], path: str
    ) -> tuple[str, bytes] | Problem | None:
        """A URL path → (file path, bytes), a problem rendering it, or None if no such file."""
        relative = path.lstrip("/")
        candidates = [relative] if relative and not relative.endswith("/") else []
        candidates.append(f"{relative.rstrip('/')}/index.html".lstrip("/"))
        if self.search is not None and (bundled := self.search.file(relative)) is not None:
            return relative, bundled
        for candidate in candidates:
            if candidate in pages:
                return candidate, pages[candidate]
            route = site.routes.get(candidate)
            if route is not None:
                result = render_route(route, site.theme)
                if isinstance(result, Problem):
                    return result
                data = result.data
                source = _source_of(route, self.content_dir)
                if source:  # the preview only: `build` renders without this
                    data = edit_link(data, source)
                pages[candidate] = data
                return candidate, data
            if candidate in site.files:
                return candidate, site.files[candidate]
            if candidate in site.kits:
                with contextlib.suppress(OSError):  # (removed since: not found until a save)
                    return candidate, site.kits[candidate].as_file().data
            for file in site.make_data():
                if file.path == candidate:
                    return candidate, file.data
        return None

    def __call__(self, environ: dict[str, Any], start_response: StartResponse) -> list[bytes]:
        """WSGI: the editor, a file of the current site, the problem page, or the 404 page."""
        if environ.get("PATH_INFO", "").startswith(PREFIX):
            return self.editor(environ, start_response)
        with self._lock:
            report, site, pages = self.report, self._site, self._pages
        problems = report.problems
        found = self._find(site, pages, environ.get("PATH_INFO", "/")) if site else None
        if isinstance(found, Problem):
            problems = (found,)
        if site is None or isinstance(found, Problem):
            body = error_page(problems, self.content_dir)
            start_response("500 Internal Server Error", _headers("text/html; charset=utf-8", body))
            return [body]
        if found is None:
            missing = self._find(site, pages, "404.html")
            body = missing[1] if isinstance(missing, tuple) else _("Not found").encode()
            start_response("404 Not Found", _headers("text/html; charset=utf-8", body))
            return [body]
        name, body = found
        kind = mimetypes.guess_type(name)[0] or "application/octet-stream"
        if kind.startswith("text/") or kind.endswith(("xml", "json", "javascript")):
            kind += "; charset=utf-8"
        start_response("200 OK", _headers(kind, body))
        return [body]


def _source_of(route: Route, content_dir: Path) -> str:
    """The content file (path under content/) a page shows, '' for pages of several files;
    on a page of a further edition (/en/), its translation when there is one."""
    record = {
        "pillar.html": "pillar",
        "news.html": "release",
        "page.html": "page",
        "year.html": "selection",  # a year without a selection file has none
    }.get(route.template, "")
    source = getattr(route.context.get(record), "source", None)
    if source is None:
        return ""
    lang = route.context.get("lang")
    if isinstance(lang, str) and lang:  # (an edition's page shows its translation's words)
        stem = stem_of(str(source.path))
        for suffix in CONTENT_SUFFIXES:
            if (content_dir / f"{stem}.{lang}{suffix}").is_file():
                return f"{stem}.{lang}{suffix}"
    return str(source.path)


def _try_each_template(plan: SitePlan) -> tuple[Problem, ...]:
    """Render one page of each template, so a template mistake is reported on save (as `build`
    would) rather than only when someone opens an affected page."""
    one_each = {route.template: route for route in plan.routes}
    results = [render_route(route, plan.theme) for route in one_each.values()]
    return tuple(r for r in results if isinstance(r, Problem))


def _headers(kind: str, body: bytes) -> list[tuple[str, str]]:
    return [
        ("Content-Type", kind),
        ("Content-Length", str(len(body))),
        ("Cache-Control", "no-store"),
    ]


class CannotListen(Exception):
    """The preview could not listen at its address (another program took the port since)."""

    def __init__(self, reason: str) -> None:
        super().__init__(reason)
        self.reason = reason


def port_is_free(host: str, port: int) -> None:
    """Raise OSError if the preview could not listen there (another preview, say). Binds the
    way tornado does (SO_REUSEADDR), so a port just released is not refused."""
    for family, kind, proto, _name, address in socket.getaddrinfo(
        host, port, type=socket.SOCK_STREAM, flags=socket.AI_PASSIVE
    ):
        with socket.socket(family, kind, proto) as probe:
            probe.setsockopt(socket.SOL_SOCKET, socket.SO_REUSEADDR, 1)
            probe.bind(address)
            probe.listen()


def lan_addresses() -> list[str]:
    """This computer's IPv4 addresses on its networks (not loopback), to type on a phone when
    the preview listens on every address. The address a datagram socket would send from is
    asked of the system without sending anything (connect() on UDP only picks a route)."""
    found: set[str] = set()
    with contextlib.suppress(OSError):
        for *_, address in socket.getaddrinfo(socket.gethostname(), None, socket.AF_INET):
            found.add(str(address[0]))
    with contextlib.suppress(OSError), socket.socket(socket.AF_INET, socket.SOCK_DGRAM) as probe:
        probe.connect(("10.254.254.254", 1))  # (any address off this computer will do)
        found.add(str(probe.getsockname()[0]))
    return sorted(a for a in found if not ipaddress.ip_address(a).is_loopback)


def network_warning(host: str) -> str | None:
    """The warning for a --host other than this computer's own: the editor at /_edit/ can change
    the content, and anyone on that network who can reach the port can open it."""
    try:
        if ipaddress.ip_address(host.strip("[]")).is_loopback:
            return None
    except ValueError:
        if host.lower() == "localhost":
            return None
    text = _(
        "Warning: listening on %(host)s, so anyone on this network can open the preview and "
        "change the content in its editor at /_edit/. Use this only on a network you trust; "
        "to keep the editor on this computer, start without --host (127.0.0.1)."
    )
    return text % {"host": host}


def _quiet_logging() -> None:
    """livereload logs every reload and tornado every request (500s as errors, while content
    is broken): the command line prints what matters, so only their real errors remain."""
    logging.getLogger("livereload").setLevel(logging.WARNING)
    logging.getLogger("tornado.access").setLevel(logging.CRITICAL)


def _same_outcome(a: BuildReport, b: BuildReport) -> bool:
    """The same problems and pages (photos encoded the first time come from the cache next)."""
    return (a.problems, a.pages, a.files) == (b.problems, b.pages, b.files)


def serve(
    content_dir: Path,
    port: int,
    host: str,
    on_build: Callable[[BuildReport], None],
) -> None:
    """Build, then serve and rebuild on every change until interrupted (Ctrl-C)."""
    # imported here: only `serve` needs tornado
    from livereload.handlers import LiveReloadHandler

    from .livehttp import PreviewServer
    from .watch import EventWatcher

    shown_host = "127.0.0.1" if host in ("0.0.0.0", "::") else host
    preview = Preview(content_dir, f"http://{shown_host}:{port}/", search=True)
    shown = [preview.rebuild()]  # the last report, to compare the next one with
    on_build(shown[0])
    watcher = EventWatcher()

    server = PreviewServer(preview, watcher, _quiet_logging)

    def rebuild() -> bool:
        """False when nothing changed: no message, and the open pages are left alone."""
        was = preview.site
        report = preview.rebuild()
        # The pass just after start-up mostly finds what the first build did: said once is enough.
        if watcher.catching_up and _same_outcome(report, shown[0]) and was == preview.site:
            return False
        on_build(report)
        shown[0] = report
        # livereload skips its own reload signal for changes within 3 s of the previous one,
        # which would leave a page stale after two quick saves: tell the pages ourselves.
        LiveReloadHandler.reload_waiters()
        return True

    site_root = content_dir.parent
    server.watch(str(content_dir), rebuild, delay=0.2)
    if (site_root / "themes").is_dir():
        server.watch(str(site_root / "themes"), rebuild, delay=0.2)
    try:
        # debug=False: tornado's debug mode would restart the process when Python files change.
        server.serve(port=port, host=host, debug=False, restart_delay=0)
    except BrokenPipeError:
        raise  # (the output's reader went away: not a port problem)
    except OSError as exc:  # (what it runs is called from its loop: only listening raises)
        raise CannotListen(exc.strerror or str(exc)) from exc
    finally:
        watcher.stop()
