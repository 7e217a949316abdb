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
from .i18n import _, ngettext, number, use_site
from .noop import unchanged_report
from .options import BuildOptions
from .problems import Problem
from .processes import hold_build_lock
from .report import BuildReport
from .searchpart import end_running
from .summaries import built_summary, imported, photo_counts, stage_times, summary

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
            text = ngettext(
                "warning: %(count)s more like this: %(message)s "
                "(add -v to the command to list every one)",
                "warning: %(count)s more like this: %(message)s "
                "(add -v to the command to list every one)",
                more,
            )
            print(text % {"count": number(more), "message": message}, file=out)


def _timings(report: BuildReport, out: TextIO) -> None:
    print("  " + stage_times(report), file=out)
    print(photo_counts(report), file=out)


class _Progress:
    """ "Rendering pages 1200/4000" on one terminal line; nothing when not a terminal (CI, logs)."""

    def __init__(self, out: TextIO, enabled: bool) -> None:
        self.out = out
        self.enabled = enabled and out.isatty()
        self.shown = False

    def __call__(self, stage: str, done: int, total: int) -> None:
        if self.enabled and total >= 500:
            text = _("Rendering pages %(done)s/%(total)s")
            text %= {"done": number(done), "total": number(total)}
            print(f"\r{text}", end="", file=self.out, flush=True)
            self.shown = True

    def clear(self) -> None:
        if self.shown:
            print("\r\033[K", end="", file=self.out, flush=True)


def _content_dir(args: argparse.Namespace, err: TextIO) -> Path | None:
    content: Path = args.content
    if not content.is_dir():
        text = _(
            "teladan: the content folder '%(folder)s' does not exist "
            "(run teladan in the folder that holds content/, or pass --content DIR)"
        )
        print(text % {"folder": content}, file=err)
        return None
    return content


def _check(args: argparse.Namespace, content: Path, out: TextIO, err: TextIO) -> int:
    from .pipeline import check

    report = check(content, include_drafts=args.drafts)
    _print_problems(report.problems, err, args.quiet, args.verbose)
    if not report.ok:
        print(summary(report, _("Content has problems; fix the errors above")), file=err)
        return EXIT_CONTENT
    if not args.quiet:
        print(summary(report, _("Content is fine")), file=out)
    return EXIT_OK


def _build(
    args: argparse.Namespace, content: Path, out: TextIO, err: TextIO, ending: bool = False
) -> _Ran:
    """`teladan build`; `ending`: the process ends right after (see `main`)."""
    if args.base_url is not None and normalise_base_url(args.base_url) is None:
        text = _(
            "teladan: --base-url '%(address)s' is not a full web address "
            "(write it with http:// or https://)"
        )
        print(text % {"address": args.base_url}, file=err)
        return _Ran(EXIT_USAGE)
    started = time.perf_counter()
    progress = _Progress(err, not args.quiet)
    options = BuildOptions(
        args.drafts, args.base_url, args.precompress, not args.no_search, progress=progress
    )
    built: object = None

    def waiting() -> None:
        if not args.quiet:
            print(_("teladan: waiting for the build before this one to finish…"), file=err)

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
        if args.output.exists():
            verb = _("Nothing was written; %(output)s is unchanged") % {"output": args.output}
        else:  # (a first build)
            verb = _("Nothing was written")
        print(summary(report, verb), file=err)
        return _Ran(EXIT_CONTENT)
    said = built_summary(report, args.output, unchanged is not None)
    if not args.quiet:
        print(report.left_out_note() + said, file=out)
    if args.verbose:
        _timings(report, out)
    return _Ran(EXIT_OK, built)


def _serve(args: argparse.Namespace, content: Path, out: TextIO, err: TextIO) -> int:
    from .serve import CannotListen, lan_addresses, network_warning, port_is_free, serve

    def on_build(report: BuildReport) -> None:
        _print_problems(report.problems, err, args.quiet, args.verbose)
        if report.ok:
            if not args.quiet:
                text = ngettext(
                    "Preview updated: %(pages)s page",
                    "Preview updated: %(pages)s pages",
                    report.pages,
                )
                print(summary(report, text % {"pages": number(report.pages)}), file=out)
        else:
            verb = _("The preview shows the problems until they are fixed")
            print(summary(report, verb), file=err)
        out.flush()

    def cannot_listen(reason: str) -> int:
        text = _(
            "teladan: cannot listen on %(host)s:%(port)s (%(reason)s); "
            "is another preview running? Stop it, or use e.g. --port %(other)s"
        )
        values = {"host": args.host, "port": args.port, "other": args.port + 1}
        print(text % {**values, "reason": reason}, file=err)
        return EXIT_USAGE

    try:  # before saying where the preview is: a busy port must not look like a started one
        port_is_free(args.host, args.port)
    except OSError as exc:
        return cannot_listen(exc.strerror or str(exc))
    if warning := network_warning(args.host):
        print(warning, file=err, flush=True)
    shown = "127.0.0.1" if args.host in ("0.0.0.0", "::") else args.host
    text = _("Preview at %(address)s — press Ctrl-C to stop")
    print(text % {"address": f"http://{shown}:{args.port}/"}, file=out, flush=True)
    text = _("Editor at %(address)s — to change the content in a form")  # (staff look for it)
    print(text % {"address": f"http://{shown}:{args.port}/_edit/"}, file=out, flush=True)
    for address in lan_addresses() if args.host in ("0.0.0.0", "::") else ():
        text = _("On another device: %(address)s")
        print(text % {"address": f"http://{address}:{args.port}/"}, file=out, flush=True)
    try:
        serve(content, args.port, args.host, on_build)
    except CannotListen as exc:
        return cannot_listen(exc.reason)
    # livereload ends its loop on Ctrl-C by itself; reaching here is the clean way out.
    print(_("Preview stopped"), file=out)
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
    text = _("Created %(file)s: fill it in, then set draft: false to publish it")
    print(text % {"file": path}, file=out)
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
        text = ngettext(
            "Nothing was imported; fix the %(count)s problem above and run it again",
            "Nothing was imported; fix the %(count)s problems above and run it again",
            errors,
        )
        print(text % {"count": number(errors)}, file=err)
        return EXIT_CONTENT
    print(imported(args.file, report), file=out)
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
        if args.kind == "pilar":
            text = _(
                "NAME: the name has spaces but no quotes, so '%(rest)s' was read as something "
                'else\n    put the name in quotes: teladan new pilar "%(name)s" …'
            )
        else:
            text = _(
                "TITLE: the title has spaces but no quotes, so '%(rest)s' was read as "
                'something else\n    put the title in quotes: teladan new berita "%(name)s" …'
            )
        print(text % {"rest": " ".join(words[1:]), "name": " ".join(words)}, file=err)
        return EXIT_USAGE
    parser.error(_("unrecognized arguments: %(words)s") % {"words": " ".join(extra)})


def _content_named(argv: list[str]) -> Path:
    """The content folder the command names, read before argparse reads the command, so that
    its help and its errors speak the site's language."""
    for i, word in enumerate(argv):
        if word == "--content" and i + 1 < len(argv):
            return Path(argv[i + 1])
        if word.startswith("--content="):
            return Path(word.partition("=")[2])
    return Path("content")


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
    argv = sys.argv[1:] if argv is None else list(argv)
    use_site(_content_named(argv))  # (before the help texts and argparse's own messages)
    parser = make_parser()
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
        print("\n" + _("teladan: stopped"), file=sys.stderr)
        ran = _Ran(EXIT_STOPPED)
    except BrokenPipeError:  # nobody reads the rest: stop quietly, as other commands do
        ran = _Ran(EXIT_PIPE)
    except Exception:  # a bug in teladan, not a content mistake: show everything
        traceback.print_exc()
        print(
            _("teladan: this is a bug in teladan; please report it with the text above"),
            file=sys.stderr,
        )
    _leave(ran.code)


def _leave(code: int) -> NoReturn:
    """End the process as Python would, except for freeing every object one by one (80 ms
    after an edit at 4,000 profiles; the operating system frees it all at once): threads are
    waited for, exit handlers run, output is flushed. After Ctrl-C nothing is waited for: a
    pool's thread may never end then (see processes.worker_pool); its workers die with us,
    and the Pagefind processes are ended, which would not."""
    if code == EXIT_STOPPED:
        end_running()
    else:
        for thread in threading.enumerate():
            if thread is not threading.main_thread() and not thread.daemon:
                thread.join()
        atexit._run_exitfuncs()  # (private, but there since Python 3.0; what exit would run)
    for stream in (sys.stdout, sys.stderr):
        if stream is not None:  # (None when the command runs with the stream closed)
            with contextlib.suppress(OSError, ValueError):  # a closed pipe, a closed stream
                stream.flush()
    os._exit(code)
