"""Command line → build, check, serve, new, import; printed report and exit code.
The only module that prints."""

from __future__ import annotations

import argparse
import atexit
import contextlib
import dataclasses
import datetime
import io
import os
import sys
import threading
import time
import traceback
from collections import Counter
from collections.abc import Sequence
from dataclasses import dataclass
from pathlib import Path
from typing import NoReturn, TextIO

from .arguments import (
    EXIT_BUG,
    EXIT_CONTENT,
    EXIT_OK,
    EXIT_PIPE,
    EXIT_STOPPED,
    EXIT_USAGE,
    make_parser,
)
from .config import normalise_base_url
from .noop import unchanged_report
from .options import BuildOptions
from .problems import Problem
from .processes import hold_build_lock
from .report import BuildReport
from .search import BUNDLE as SEARCH_BUNDLE

# The build machinery (Jinja, Pillow, Markdown…) is imported only when a command needs it, so a
# build with nothing to do answers in a fraction of a second.


# Warnings with the same message (e.g. "no photo" on a site without photos yet) shown in full;
# the rest are counted in one line, so thousands of them do not bury an error or the summary.
SHOWN_ALIKE = 3


def _print_problems(
    problems: Sequence[Problem], out: TextIO, quiet: bool = False, every: bool = False
) -> None:
    """Every error; warnings unless `quiet`, a few of each kind unless `every`."""
    alike: Counter[str] = Counter()
    for problem in problems:
        if not problem.is_error:
            if quiet:
                continue
            alike[problem.message] += 1
            if not every and alike[problem.message] > SHOWN_ALIKE:
                continue
        print(problem.format(), file=out)
    for message, count in alike.items():
        if not every and count > SHOWN_ALIKE:
            more = count - SHOWN_ALIKE
            print(
                f"warning: {more} more like this: {message} "
                "(add -v to the command to list every one)",
                file=out,
            )


def _plural(n: int, word: str) -> str:
    return f"{n} {word}{'s' * (n != 1)}"


def _counts(report: BuildReport) -> str:
    """ "2 warnings", "1 error, 0 warnings" """
    errors = len(report.problems) - report.warnings
    parts = []
    if errors:
        parts.append(_plural(errors, "error"))
    parts.append(_plural(report.warnings, "warning"))
    return ", ".join(parts)


def _summary(report: BuildReport, verb: str) -> str:
    return f"{verb} ({_counts(report)}) in {report.seconds:.2f} s"


def _timings(report: BuildReport, out: TextIO) -> None:
    print(
        "  " + ", ".join(f"{stage} {seconds:.2f} s" for stage, seconds in report.timings), file=out
    )
    photos = report.photos
    print(f"  photos: {photos.encoded} encoded, {photos.reused} from the cache", file=out)


class _Progress:
    """ "Rendering pages 1200/4000" on one terminal line; nothing when not a terminal (CI, logs)."""

    def __init__(self, out: TextIO, enabled: bool) -> None:
        self.out = out
        self.enabled = enabled and out.isatty()
        self.shown = False

    def __call__(self, stage: str, done: int, total: int) -> None:
        if self.enabled and total >= 500:
            print(f"\rRendering pages {done}/{total}", end="", file=self.out, flush=True)
            self.shown = True

    def clear(self) -> None:
        if self.shown:
            print("\r\033[K", end="", file=self.out, flush=True)


def _content_dir(args: argparse.Namespace, err: TextIO) -> Path | None:
    content: Path = args.content
    if not content.is_dir():
        print(
            f"teladan: the content folder '{content}' does not exist "
            "(run teladan in the folder that holds content/, or pass --content DIR)",
            file=err,
        )
        return None
    return content


def _check(args: argparse.Namespace, content: Path, out: TextIO, err: TextIO) -> int:
    from .pipeline import check

    report = check(content, include_drafts=args.drafts)
    _print_problems(report.problems, err, args.quiet, args.verbose)
    if not report.ok:
        print(_summary(report, "Content has problems; fix the errors above"), file=err)
        return EXIT_CONTENT
    if not args.quiet:
        print(_summary(report, "Content is fine"), file=out)
    return EXIT_OK


def _build(
    args: argparse.Namespace, content: Path, out: TextIO, err: TextIO, ending: bool = False
) -> _Ran:
    """`teladan build`; `ending`: the process ends right after (see `main`)."""
    if args.base_url is not None and normalise_base_url(args.base_url) is None:
        print(
            f"teladan: --base-url '{args.base_url}' is not a full web address "
            "(write it with http:// or https://)",
            file=err,
        )
        return _Ran(EXIT_USAGE)
    started = time.perf_counter()
    progress = _Progress(err, not args.quiet)
    options = BuildOptions(
        args.drafts, args.base_url, args.precompress, not args.no_search, progress=progress
    )
    built: object = None

    def waiting() -> None:
        if not args.quiet:
            print("teladan: waiting for the build before this one to finish…", file=err)

    with hold_build_lock(
        options.cache(content), waiting
    ) as lock:  # a build saving aside ends first
        unchanged, inputs = unchanged_report(content, args.output, options)
        if unchanged is not None:
            report: BuildReport = dataclasses.replace(
                unchanged, timings=(("unchanged", time.perf_counter() - started),)
            )
        else:
            from .building import BuildRequest, build_site

            request = BuildRequest(
                content, args.output, options, inputs, lock if ending else None, ending
            )
            built = build_site(request)
            report = built.report
            progress.clear()
    _print_problems(report.problems, err, args.quiet, args.verbose)
    if not report.ok or report.write is None:
        kept = f"; {args.output} is unchanged" if args.output.exists() else ""  # (a first build)
        print(_summary(report, f"Nothing was written{kept}"), file=err)
        return _Ran(EXIT_CONTENT)
    summary = _built_summary(report, args.output, unchanged is not None)
    if not args.quiet:
        print(report.left_out_note() + summary, file=out)
    if args.verbose:
        _timings(report, out)
    return _Ran(EXIT_OK, built)


def _built_summary(report: BuildReport, output: Path, unchanged: bool) -> str:
    """ "Built 65 pages into output (…)" or "Nothing has changed since the last build: …" """
    if unchanged:
        # No time: it would be the check's alone ("in 0.00 s"), not the command's.
        return (
            f"Nothing has changed since the last build: {output} is up to date "
            f"({report.pages} pages, {_counts(report)})"
        )
    assert report.write is not None
    w = report.write

    # The search index is rewritten as a whole whenever a page changes; counted with the
    # pages, its replaced files read as if the user's own had been removed.
    def site_files(paths: tuple[str, ...]) -> int:
        return sum(1 for p in paths if not p.startswith(f"{SEARCH_BUNDLE}/"))

    search = ""
    if any(p.startswith(f"{SEARCH_BUNDLE}/") for p in w.written):
        search = "; search index updated"
    elif any(p.startswith(f"{SEARCH_BUNDLE}/") for p in w.removed):
        search = "; search index removed"
    verb = (
        f"Built {report.pages} pages into {output} ("
        f"{_plural(site_files(w.written), 'file')} written, {site_files(w.unchanged)} "
        f"unchanged, {site_files(w.removed)} removed{search})"
    )
    return _summary(report, verb)


def _serve(args: argparse.Namespace, content: Path, out: TextIO, err: TextIO) -> int:
    from .serve import network_warning, port_is_free, serve

    def on_build(report: BuildReport) -> None:
        _print_problems(report.problems, err, args.quiet, args.verbose)
        if report.ok:
            if not args.quiet:
                print(_summary(report, f"Preview updated: {report.pages} pages"), file=out)
        else:
            print(_summary(report, "The preview shows the problems until they are fixed"), file=err)
        out.flush()

    def cannot_listen(exc: OSError) -> int:
        print(
            f"teladan: cannot listen on {args.host}:{args.port} ({exc.strerror}); "
            f"is another preview running? Stop it, or use e.g. --port {args.port + 1}",
            file=err,
        )
        return EXIT_USAGE

    try:  # before saying where the preview is: a busy port must not look like a started one
        port_is_free(args.host, args.port)
    except OSError as exc:
        return cannot_listen(exc)
    if warning := network_warning(args.host):
        print(warning, file=err, flush=True)
    shown = "127.0.0.1" if args.host in ("0.0.0.0", "::") else args.host
    print(f"Preview at http://{shown}:{args.port}/ — press Ctrl-C to stop", file=out, flush=True)
    try:
        serve(content, args.port, args.host, on_build)
    except BrokenPipeError:
        raise  # (the output's reader went away: not a port problem)
    except OSError as exc:
        return cannot_listen(exc)
    # livereload ends its loop on Ctrl-C by itself; reaching here is the clean way out.
    print("Preview stopped", file=out)
    return EXIT_OK


def _new(args: argparse.Namespace, content: Path, out: TextIO, err: TextIO) -> int:
    from .scaffold import new_news, new_pillar

    today = datetime.date.today()
    if args.kind == "pilar":
        path, problems = new_pillar(
            content, args.name, args.category, args.province, args.year, today
        )
    else:
        path, problems = new_news(content, args.title, today)
    _print_problems(problems, err)
    if path is None:
        return EXIT_USAGE
    print(f"Created {path}: fill it in, then set draft: false to publish it", file=out)
    return EXIT_OK


def _import(args: argparse.Namespace, content: Path, out: TextIO, err: TextIO) -> int:
    from .importer import import_spreadsheet

    report = import_spreadsheet(args.file, content, skip_invalid=args.skip_invalid)
    for note in report.notes:  # what was left out on purpose, above the errors and summary
        print(note, file=out)
    for problem in report.problems:  # a spreadsheet has rows, not lines (path: file, sheet)
        print(problem.format(rows=problem.path.startswith(str(args.file))), file=err)
    errors = sum(1 for p in report.problems if p.is_error)
    if errors and not report.created and not report.updated and not report.unchanged:
        print(
            f"Nothing was imported; fix the {_plural(errors, 'problem')} above and run it again",
            file=err,
        )
        return EXIT_CONTENT
    skipped = f", {_plural(len(report.skipped_rows), 'row')} skipped" if report.skipped_rows else ""
    print(
        f"Imported {args.file}: {_plural(len(report.created), 'profile')} created, "
        f"{len(report.updated)} updated, {len(report.unchanged)} unchanged{skipped}",
        file=out,
    )
    return EXIT_CONTENT if report.skipped_rows else EXIT_OK


def _unquoted_name(
    parser: argparse.ArgumentParser,
    args: argparse.Namespace,
    argv: list[str],
    extra: list[str],
    err: TextIO,
) -> int:
    """A name typed without quotes ("new pilar Budi Santoso …") leaves its second word over:
    say to quote it, instead of argparse's "unrecognized arguments: Santoso"."""
    name = getattr(args, "name", None) or getattr(args, "title", None)
    if args.command == "new" and name in argv and argv[argv.index(name) + 1 :][:1] == extra[:1]:
        words = [name, *extra[: next((i for i, w in enumerate(extra) if w.startswith("-")), None)]]
        what = "name" if args.kind == "pilar" else "title"
        print(
            f"{what.upper()}: the {what} has spaces but no quotes, so "
            f"'{' '.join(words[1:])}' was read as something else\n"
            f'    put the {what} in quotes: teladan new {args.kind} "{" ".join(words)}" …',
            file=err,
        )
        return EXIT_USAGE
    parser.error(f"unrecognized arguments: {' '.join(extra)}")


@dataclass(frozen=True, slots=True)
class _Ran:
    code: int
    # What a build made (see building.Built), held by `main` until the process ends.
    built: object = None


def run(
    argv: Sequence[str] | None = None, out: TextIO | None = None, err: TextIO | None = None
) -> int:
    """Run the command; its exit code."""
    return _run(argv, out, err).code


def _run(
    argv: Sequence[str] | None, out: TextIO | None, err: TextIO | None, ending: bool = False
) -> _Ran:
    """`run`; `ending`: the process ends right after (see `main`)."""
    # Python has no sys.stdout or sys.stderr when the command starts with them closed.
    out = out or sys.stdout or io.StringIO()
    err = err or sys.stderr or io.StringIO()
    parser = make_parser()
    argv = sys.argv[1:] if argv is None else list(argv)
    if not argv:
        parser.print_help(err)
        return _Ran(EXIT_USAGE)
    args, extra = parser.parse_known_args(argv)
    if extra:
        return _Ran(_unquoted_name(parser, args, argv, extra, err))
    content = _content_dir(args, err)
    if content is None:
        return _Ran(EXIT_USAGE)
    if args.command == "build":
        return _build(args, content, out, err, ending)
    handler = {"check": _check, "serve": _serve, "new": _new, "import": _import}
    return _Ran(handler[args.command](args, content, out, err))


def main(argv: Sequence[str] | None = None) -> NoReturn:
    """The `teladan` command: runs it and ends the process (`run` is for calling it from
    Python)."""
    ran = _Ran(EXIT_BUG)
    try:
        ran = _run(argv, None, None, ending=True)
    except KeyboardInterrupt:
        print("\nteladan: stopped", file=sys.stderr)
        ran = _Ran(EXIT_STOPPED)
    except BrokenPipeError:  # nobody reads the rest: stop quietly, as other commands do
        ran = _Ran(EXIT_PIPE)
    except Exception:  # a bug in teladan, not a content mistake: show everything
        traceback.print_exc()
        print(
            "teladan: this is a bug in teladan; please report it with the text above",
            file=sys.stderr,
        )
    _leave(ran.code)


def _leave(code: int) -> NoReturn:
    """End the process as Python would, except for freeing every object one by one (80 ms
    after an edit at 4,000 profiles; the operating system frees it all at once): threads are
    waited for, exit handlers run, output is flushed. After Ctrl-C nothing is waited for: a
    pool's thread may never end then (see processes.worker_pool); its workers die with us."""
    if code != EXIT_STOPPED:
        for thread in threading.enumerate():
            if thread is not threading.main_thread() and not thread.daemon:
                thread.join()
        atexit._run_exitfuncs()  # (private, but there since Python 3.0; what exit would run)
    for stream in (sys.stdout, sys.stderr):
        if stream is not None:  # (None when the command runs with the stream closed)
            with contextlib.suppress(OSError, ValueError):  # a closed pipe, a closed stream
                stream.flush()
    os._exit(code)
