"""Routes + Theme → RenderedFiles (path, bytes); template mistakes become Problems."""

from __future__ import annotations

import contextlib
import itertools
import os
import traceback
from collections.abc import Callable, Sequence
from types import TracebackType
from typing import Any, TypeVar

import jinja2

from .i18n import _
from .model import RenderedFile
from .problems import Problem, error
from .processes import worker_pool
from .routes import Route
from .theme import Theme


def _template_line(tb: TracebackType | None) -> tuple[str, int | None]:
    """The innermost template frame of a traceback: Jinja maps its frames to template lines."""
    found: tuple[str, int | None] = ("", None)
    for frame, line in traceback.walk_tb(tb):
        filename = frame.f_code.co_filename
        if filename.endswith((".html", ".xml", ".txt")):
            found = (filename, line)
    return found


def _template_problem(route: Route, exc: Exception, theme: Theme) -> Problem:
    where = _("while rendering '/%(page)s'") % {"page": route.path}
    if isinstance(exc, jinja2.TemplateSyntaxError):
        return error(
            exc.filename or exc.name or route.template,
            exc.lineno,
            _("template error: %(error)s") % {"error": exc.message},
            where,
        )
    if isinstance(exc, jinja2.TemplateNotFound):
        looked = ", ".join(str(d / "templates") for d in theme.dirs)
        return error(
            route.template,
            None,
            _("template '%(template)s' not found") % {"template": exc.name},
            _("looked in %(folders)s") % {"folders": looked},
        )
    filename, line = _template_line(exc.__traceback__)
    message = _("template error: %(error)s") % {"error": exc}
    return error(filename or route.template, line, message, where)


def render_route(route: Route, theme: Theme) -> RenderedFile | Problem:
    context = {**route.context, "page_path": route.path}
    try:
        env = theme.env_for(route.context.get("lang"))  # (the page's language, or the main one)
        data = render_template(env.get_template(route.template), context)
    except (jinja2.TemplateError, TypeError, ValueError, AttributeError, KeyError) as exc:
        return _template_problem(route, exc, theme)
    return RenderedFile(route.output_path, data)


# The pieces a template yields, joined and encoded this many at a time. A page rendered as one
# string is held three times over: its pieces, the string, its bytes. A year's book at 100,000
# profiles (45 MB of HTML) took 226 MB that way, most of what a render worker added to the
# memory it was forked with; 90 MB in batches, in the same time (see benchmarks/README.md).
PIECES = 4096


def render_template(template: jinja2.Template, context: dict[str, Any]) -> bytes:
    """What `template.render(context)` gives, encoded in UTF-8."""
    pieces = template.generate(context)
    batches = iter(lambda: list(itertools.islice(pieces, PIECES)), [])
    return b"".join("".join(batch).encode("utf-8") for batch in batches)


Progress = Callable[[str, int, int], None]  # (stage, done, total)
T = TypeVar("T")
# Puts a route's rendered file somewhere, and returns what to remember of it.
Store = Callable[[Route, RenderedFile], T]

# Rendering is CPU-bound Python: forked workers pay off on 2 cores once there are this many
# pages to render. benchmarks/parallel.py (forked time / one process): 50 pages 1.92, 100 0.80,
# 200 0.95, 400 0.67, 1600 0.58; below ~100, starting the workers costs more than it saves.
PARALLEL_PAGES = 100
# Pages per task, small enough to balance lists against profiles. A task takes every n-th
# route rather than n in a row: routes of one kind sit together in the plan, and a run of heavy
# ones (a year's books, each drawing hundreds of QR codes) left one worker rendering alone for
# seconds while the other had finished.
_CHUNK = 50

# What a forked worker renders: set by the pool's initializer from the parent's own objects.
_job: tuple[Sequence[Route], Theme, Store[Any]] | None = None


def _render_chunk(
    routes: Sequence[Route], theme: Theme, store: Store[T]
) -> tuple[list[T], list[Problem]]:
    stored: list[T] = []
    problems: list[Problem] = []
    for route in routes:
        result = render_route(route, theme)
        if isinstance(result, Problem):
            problems.append(result)
        else:
            stored.append(store(route, result))  # the page's bytes go now, not at the end
    return stored, problems


def _start_worker(routes: Sequence[Route], theme: Theme, store: Store[Any]) -> None:
    global _job
    _job = (routes, theme, store)


def _render_share(share: tuple[int, int]) -> tuple[list[Any], list[Problem]]:
    assert _job is not None, "worker started without its job"
    routes, theme, store = _job
    return _render_chunk(routes[share[0] :: share[1]], theme, store)


def render_routes(
    routes: Sequence[Route], theme: Theme, store: Store[T], progress: Progress | None = None
) -> tuple[tuple[T, ...], tuple[Problem, ...]]:
    """Render every route and hand each page to `store` as soon as it is made, so the pages of
    a large site are never all in memory. One problem per distinct template mistake."""
    for lang, name in sorted({(r.context.get("lang") or "", r.template) for r in routes}):
        # Compile once here, so forked workers inherit the compiled templates; a broken
        # template is reported for each page by render_route.
        with contextlib.suppress(jinja2.TemplateError, KeyError):
            theme.env_for(lang or None).get_template(name)
    tasks = -(-len(routes) // _CHUNK)
    chunks = [(i, tasks) for i in range(tasks)]  # (first, step): every `tasks`-th route
    # Forked workers share the parent's routes and compiled templates without pickling them;
    # where there are none (Windows, macOS, a process running threads) pages render here.
    workers = min(os.cpu_count() or 1, len(chunks))
    pool = (
        worker_pool(workers, _start_worker, (routes, theme, store))
        if len(routes) >= PARALLEL_PAGES
        else None
    )
    stored: list[T] = []
    problems: dict[tuple[str, int | None, str], Problem] = {}
    done = 0

    def collect(share: tuple[int, int], result: tuple[list[T], list[Problem]]) -> None:
        nonlocal done
        stored.extend(result[0])
        for problem in result[1]:
            problems.setdefault((problem.path, problem.line, problem.message), problem)
        done += len(range(share[0], len(routes), share[1]))
        if progress:
            progress("render", done, len(routes))

    if pool is None:
        for first, step in chunks:
            collect((first, step), _render_chunk(routes[first::step], theme, store))
    else:
        with pool:
            for share, result in zip(chunks, pool.map(_render_share, chunks), strict=True):
                collect(share, result)
    return tuple(stored), tuple(problems.values())
