"""Routes + Theme → RenderedFiles (path, bytes); template mistakes become Problems."""

from __future__ import annotations

import traceback
from collections.abc import Callable, Sequence
from types import TracebackType

import jinja2

from .model import RenderedFile
from .problems import Problem, error
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
    where = f"while rendering '/{route.path}'"
    if isinstance(exc, jinja2.TemplateSyntaxError):
        return error(
            exc.filename or exc.name or route.template,
            exc.lineno,
            f"template error: {exc.message}",
            where,
        )
    if isinstance(exc, jinja2.TemplateNotFound):
        looked = ", ".join(str(d / "templates") for d in theme.dirs)
        return error(
            route.template, None, f"template '{exc.name}' not found", f"looked in {looked}"
        )
    filename, line = _template_line(exc.__traceback__)
    return error(filename or route.template, line, f"template error: {exc}", where)


def render_route(route: Route, theme: Theme) -> RenderedFile | Problem:
    context = {**route.context, "page_path": route.path}
    try:
        text = theme.env.get_template(route.template).render(context)
    except (jinja2.TemplateError, TypeError, ValueError, AttributeError, KeyError) as exc:
        return _template_problem(route, exc, theme)
    return RenderedFile(route.output_path, text.encode("utf-8"))


Progress = Callable[[str, int, int], None]  # (stage, done, total)


def render_routes(
    routes: Sequence[Route], theme: Theme, progress: Progress | None = None
) -> tuple[tuple[RenderedFile, ...], tuple[Problem, ...]]:
    """Render every route; one problem per distinct template mistake, however many pages hit it."""
    files: list[RenderedFile] = []
    problems: dict[tuple[str, int | None, str], Problem] = {}
    for number, route in enumerate(routes, start=1):
        if progress and (number % 100 == 0 or number == len(routes)):
            progress("render", number, len(routes))
        result = render_route(route, theme)
        if isinstance(result, Problem):
            problems.setdefault((result.path, result.line, result.message), result)
        else:
            files.append(result)
    files.extend(RenderedFile(a.output_path, a.data) for a in theme.assets)
    return tuple(files), tuple(problems.values())
