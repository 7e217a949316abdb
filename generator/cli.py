"""Command line → build or check, printed report and exit code. The only module that prints.

Exit codes: 0 ok, 1 content problems, 2 usage errors, 70 a bug in teladan (with traceback).
"""

from __future__ import annotations

import argparse
import sys
import traceback
from collections.abc import Sequence
from pathlib import Path
from typing import TextIO

from . import __version__
from .build import BuildReport, build, check
from .config import normalise_base_url

EXIT_OK, EXIT_CONTENT, EXIT_USAGE, EXIT_BUG = 0, 1, 2, 70


def _parser() -> argparse.ArgumentParser:
    parser = argparse.ArgumentParser(
        prog="teladan",
        description="Build the Pilar-pilar Sosial Teladan website from the files in content/.",
        epilog="Exit codes: 0 done, 1 problems in the content, 2 wrong command.",
    )
    parser.add_argument("--version", action="version", version=f"teladan {__version__}")
    commands = parser.add_subparsers(dest="command", metavar="COMMAND", required=True)

    b = commands.add_parser("build", help="build the site into the output folder")
    b.add_argument(
        "--content",
        type=Path,
        default=Path("content"),
        metavar="DIR",
        help="the content folder (default: content/)",
    )
    b.add_argument(
        "--output",
        type=Path,
        default=Path("output"),
        metavar="DIR",
        help="where the site is written (default: output/)",
    )
    b.add_argument("--drafts", action="store_true", help="include drafts (draft: true)")
    b.add_argument(
        "--precompress",
        action="store_true",
        help="also write a .gz copy of large text files (for nginx gzip_static)",
    )
    b.add_argument(
        "--base-url",
        metavar="URL",
        help="the address the site will have, instead of base_url in site.yaml",
    )

    c = commands.add_parser("check", help="check the content for mistakes without building")
    c.add_argument(
        "--content",
        type=Path,
        default=Path("content"),
        metavar="DIR",
        help="the content folder (default: content/)",
    )
    c.add_argument("--drafts", action="store_true", help="check drafts as if published")
    return parser


def _print_problems(report: BuildReport, out: TextIO) -> None:
    for problem in report.problems:
        print(problem.format(), file=out)


def _summary(report: BuildReport, verb: str) -> str:
    errors = len(report.problems) - report.warnings
    parts = []
    if errors:
        parts.append(f"{errors} error{'s' * (errors != 1)}")
    parts.append(f"{report.warnings} warning{'s' * (report.warnings != 1)}")
    return f"{verb} ({', '.join(parts)}) in {report.seconds:.2f} s"


def run(
    argv: Sequence[str] | None = None, out: TextIO = sys.stdout, err: TextIO = sys.stderr
) -> int:
    parser = _parser()
    argv = sys.argv[1:] if argv is None else list(argv)
    if not argv:
        parser.print_help(err)
        return EXIT_USAGE
    args = parser.parse_args(argv)
    content: Path = args.content
    if not content.is_dir():
        print(
            f"teladan: the content folder '{content}' does not exist "
            "(run teladan in the folder that holds content/, or pass --content DIR)",
            file=err,
        )
        return EXIT_USAGE
    if args.command == "check":
        report = check(content, include_drafts=args.drafts)
        _print_problems(report, err)
        if not report.ok:
            print(_summary(report, "Content has problems; fix the errors above"), file=err)
            return EXIT_CONTENT
        print(_summary(report, "Content is fine"), file=out)
        return EXIT_OK
    if args.base_url is not None and normalise_base_url(args.base_url) is None:
        print(
            f"teladan: --base-url '{args.base_url}' is not a full web address "
            "(write it with http:// or https://)",
            file=err,
        )
        return EXIT_USAGE
    report = build(
        content,
        args.output,
        include_drafts=args.drafts,
        base_url=args.base_url,
        precompress=args.precompress,
    )
    _print_problems(report, err)
    if not report.ok or report.write is None:
        print(_summary(report, f"Nothing was written; {args.output} is unchanged"), file=err)
        return EXIT_CONTENT
    w = report.write
    verb = (
        f"Built {report.pages} pages into {args.output} "
        f"({len(w.written)} files written, {len(w.unchanged)} unchanged, {len(w.removed)} removed)"
    )
    print(_summary(report, verb), file=out)
    return EXIT_OK


def main(argv: Sequence[str] | None = None) -> int:
    try:
        return run(argv)
    except KeyboardInterrupt:
        print("teladan: interrupted; the output folder is unchanged", file=sys.stderr)
        return 130
    except Exception:  # a bug in teladan, not a content mistake: show everything
        traceback.print_exc()
        print(
            "teladan: this is a bug in teladan; please report it with the text above",
            file=sys.stderr,
        )
        return EXIT_BUG
