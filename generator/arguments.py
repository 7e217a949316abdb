"""Command-line words → the command and its options (argparse), with the help texts and the
exit codes `--help` lists."""

from __future__ import annotations

import argparse
from pathlib import Path

from . import __version__
from .i18n import N_, _, translate_argparse

# Ctrl-C, and the reader going away (`teladan build | head -1`): as a shell shows SIGINT, SIGPIPE.
EXIT_OK, EXIT_CONTENT, EXIT_USAGE, EXIT_BUG, EXIT_STOPPED, EXIT_PIPE = 0, 1, 2, 70, 130, 141
# What each exit code means, for --help; the README lists the same (a test compares them).
EXIT_CODES = (
    (EXIT_OK, N_("done")),
    (EXIT_CONTENT, N_("problems in the content (or an output folder teladan will not touch)")),
    (EXIT_USAGE, N_("a wrong command or a missing content folder")),
    (EXIT_BUG, N_("a bug in teladan (with a traceback — please report it)")),
    (EXIT_STOPPED, N_("stopped with Ctrl-C")),
    (EXIT_PIPE, N_("whatever reads teladan's output stopped reading (`teladan build | head -1`)")),
)


def exit_codes_text() -> str:
    """ "Exit codes: `0` done, `1` …." (the README writes the codes as code, too)"""
    codes = ", ".join(f"`{code}` {_(meaning)}" for code, meaning in EXIT_CODES)
    return _("Exit codes: %(codes)s.") % {"codes": codes}


def _content_option(parser: argparse.ArgumentParser) -> None:
    parser.add_argument(
        "--content",
        type=Path,
        default=Path("content"),
        metavar=_("DIR"),
        help=_("the content folder (default: content/)"),
    )


def _port(text: str) -> int:
    """A port a preview can listen on (the system picked another for 99999, and said nothing)."""
    if not text.isdigit() or not 1 <= int(text) <= 65535:
        message = _("'%(text)s' is not a port; use a number from 1 to 65535")
        raise argparse.ArgumentTypeError(message % {"text": text})
    return int(text)


def _verbosity_options(parser: argparse.ArgumentParser) -> None:
    group = parser.add_mutually_exclusive_group()
    group.add_argument("-q", "--quiet", action="store_true", help=_("print errors only"))
    group.add_argument(
        "-v",
        "--verbose",
        action="store_true",
        help=_("print every warning, and the time each stage took"),
    )


def _build_command(commands: argparse._SubParsersAction[argparse.ArgumentParser]) -> None:
    """`teladan build` and its options."""
    b = commands.add_parser("build", help=_("build the site into the output folder"))
    _content_option(b)
    b.add_argument(
        "--output",
        type=Path,
        default=Path("output"),
        metavar=_("DIR"),
        help=_("where the site is written (default: output/)"),
    )
    b.add_argument("--drafts", action="store_true", help=_("include drafts and scheduled items"))
    b.add_argument(
        "--precompress",
        action="store_true",
        help=_("also write a .gz copy of large text files (for nginx gzip_static)"),
    )
    b.add_argument(
        "--no-search",
        action="store_true",
        help=_("leave out the search index (faster; the search page then says search is off)"),
    )
    b.add_argument(
        "--base-url",
        metavar="URL",
        help=_("the address the site will have, instead of base_url in site.yaml"),
    )
    _verbosity_options(b)


def make_parser() -> argparse.ArgumentParser:
    """The command line, its help texts and argparse's own messages in the language spoken
    now (see i18n)."""
    translate_argparse()
    parser = argparse.ArgumentParser(
        prog="teladan",
        description=_("Build the Pilar-pilar Sosial Teladan website from the files in content/."),
        epilog=exit_codes_text().replace("`", ""),
    )
    parser.add_argument(
        "--version",
        action="version",
        version=f"teladan {__version__}",
        help=_("show the version of teladan and exit"),
    )
    commands = parser.add_subparsers(dest="command", metavar="COMMAND", required=True)

    _build_command(commands)

    c = commands.add_parser("check", help=_("check the content for mistakes without building"))
    _content_option(c)
    c.add_argument("--drafts", action="store_true", help=_("check drafts as if published"))
    _verbosity_options(c)

    s = commands.add_parser("serve", help=_("preview the site; rebuild and reload on every change"))
    _content_option(s)
    s.add_argument("--port", type=_port, default=8000, help=_("port to serve on (default: 8000)"))
    s.add_argument(
        "--host",
        default="127.0.0.1",
        help=_(
            "address to listen on (default: 127.0.0.1, this computer only; "
            "0.0.0.0 lets other devices on the network see the preview)"
        ),
    )
    _verbosity_options(s)

    n = commands.add_parser("new", help=_("start a new profile (pilar) or press release (berita)"))
    kinds = n.add_subparsers(dest="kind", metavar="KIND", required=True)
    p = kinds.add_parser("pilar", help=_("a new winner's profile"))
    p.add_argument("name", metavar="NAME", help=_('the name, in quotes: "Siti Aminah"'))
    p.add_argument("--category", required=True, help=_("e.g. tksk"))
    p.add_argument("--province", required=True, help=_("e.g. jawa-barat"))
    p.add_argument("--year", type=int, required=True, help=_("the selection year, e.g. 2019"))
    _content_option(p)
    r = kinds.add_parser("berita", help=_("a new press release (siaran pers)"))
    r.add_argument("title", metavar="TITLE", help=_("the title, in quotes"))
    _content_option(r)

    i = commands.add_parser("import", help=_("turn a spreadsheet of winners into profiles"))
    i.add_argument("file", type=Path, metavar="FILE", help=_("a .csv or .xlsx file"))
    _content_option(i)
    i.add_argument(
        "--skip-invalid",
        action="store_true",
        help=_("write the rows that are fine even if others have problems"),
    )
    return parser
