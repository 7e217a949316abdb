"""`python -m generator` and the `teladan` command → the command line.

Kept apart from `cli` so that Ctrl-C while the command's modules are still being imported (the
first moments) stops it with one line, as it does later, instead of a traceback."""

import sys


def main() -> None:
    try:
        from .cli import main as run_command
    except KeyboardInterrupt:
        from .i18n import _  # (light: this module's only import before the command's)

        print("\n" + _("teladan: stopped"), file=sys.stderr)
        sys.exit(130)  # (cli.EXIT_STOPPED: cli may be the module that was being imported)
    run_command()


if __name__ == "__main__":
    main()
