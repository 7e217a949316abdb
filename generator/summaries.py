"""The summary lines of the commands ("Built 65 pages into output (…) in 1.23 s"), in the
language spoken: whole sentences for the catalogs, counts and times as the language writes them."""

from __future__ import annotations

from pathlib import Path
from typing import TYPE_CHECKING

from .i18n import N_, _, ngettext, number
from .report import BuildReport
from .search import BUNDLE as SEARCH_BUNDLE

if TYPE_CHECKING:
    from .importer import ImportReport


def counts(report: BuildReport) -> str:
    """ "2 warnings", "1 error, 0 warnings" """
    errors = len(report.problems) - report.warnings
    warnings = ngettext("%(count)s warning", "%(count)s warnings", report.warnings) % {
        "count": number(report.warnings)
    }
    if not errors:
        return warnings
    text = ngettext("%(count)s error, %(warnings)s", "%(count)s errors, %(warnings)s", errors)
    return text % {"count": number(errors), "warnings": warnings}


def summary(report: BuildReport, verb: str) -> str:
    """ "<verb> (2 warnings) in 1.23 s": the counts and time after a whole sentence."""
    return _("%(what)s (%(counts)s) in %(seconds)s s") % {
        "what": verb,
        "counts": counts(report),
        "seconds": number(report.seconds, 2),
    }


def built_summary(report: BuildReport, output: Path, unchanged: bool) -> str:
    """ "Built 65 pages into output (…)" or "Nothing has changed since the last build: …" """
    if unchanged:
        # No time: it would be the check's alone ("in 0.00 s"), not the command's.
        text = ngettext(
            "Nothing has changed since the last build: %(output)s is up to date "
            "(%(pages)s page, %(counts)s)",
            "Nothing has changed since the last build: %(output)s is up to date "
            "(%(pages)s pages, %(counts)s)",
            report.pages,
        )
        return text % {"output": output, "pages": number(report.pages), "counts": counts(report)}
    assert report.write is not None
    w = report.write

    # The search index is rewritten as a whole whenever a page changes; counted with the
    # pages, its replaced files read as if the user's own had been removed.
    def site_files(paths: tuple[str, ...]) -> int:
        return sum(1 for p in paths if not p.startswith(f"{SEARCH_BUNDLE}/"))

    written = site_files(w.written)
    files = ngettext("%(count)s file written", "%(count)s files written", written) % {
        "count": number(written)
    }
    if any(p.startswith(f"{SEARCH_BUNDLE}/") for p in w.written):
        text = ngettext(
            "Built %(pages)s page into %(output)s (%(files)s, %(unchanged)s unchanged, "
            "%(removed)s removed; search index updated)",
            "Built %(pages)s pages into %(output)s (%(files)s, %(unchanged)s unchanged, "
            "%(removed)s removed; search index updated)",
            report.pages,
        )
    elif any(p.startswith(f"{SEARCH_BUNDLE}/") for p in w.removed):
        text = ngettext(
            "Built %(pages)s page into %(output)s (%(files)s, %(unchanged)s unchanged, "
            "%(removed)s removed; search index removed)",
            "Built %(pages)s pages into %(output)s (%(files)s, %(unchanged)s unchanged, "
            "%(removed)s removed; search index removed)",
            report.pages,
        )
    else:
        text = ngettext(
            "Built %(pages)s page into %(output)s (%(files)s, %(unchanged)s unchanged, "
            "%(removed)s removed)",
            "Built %(pages)s pages into %(output)s (%(files)s, %(unchanged)s unchanged, "
            "%(removed)s removed)",
            report.pages,
        )
    verb = text % {
        "pages": number(report.pages),
        "output": output,
        "files": files,
        "unchanged": number(site_files(w.unchanged)),
        "removed": number(site_files(w.removed)),
    }
    return summary(report, verb)


# The stages a build times (pipeline's Clock), named in the catalogs for `-v`.
STAGES = {
    "load": N_("load"), "validate": N_("validate"), "index": N_("index"),
    "photos": N_("photos"), "render": N_("render"), "write": N_("write"),
    "search": N_("search"), "unchanged": N_("unchanged"),
}  # fmt: skip


def stage_times(report: BuildReport) -> str:
    """ "load 0.05 s, validate 0.00 s, …" """
    return ", ".join(
        _("%(stage)s %(seconds)s s")
        % {"stage": _(STAGES[stage]) if stage in STAGES else stage, "seconds": number(seconds, 2)}
        for stage, seconds in report.timings
    )


def photo_counts(report: BuildReport) -> str:
    photos = report.photos
    return _("  photos: %(encoded)s encoded, %(reused)s from the cache") % {
        "encoded": number(photos.encoded),
        "reused": number(photos.reused),
    }


def imported(file: Path, report: ImportReport) -> str:
    """ "Imported winners.xlsx: 3 profiles created, 1 updated, 0 unchanged, 1 row skipped" """
    created = len(report.created)
    text = ngettext(
        "Imported %(file)s: %(created)s profile created, %(updated)s updated, "
        "%(unchanged)s unchanged",
        "Imported %(file)s: %(created)s profiles created, %(updated)s updated, "
        "%(unchanged)s unchanged",
        created,
    )
    text %= {
        "file": file,
        "created": number(created),
        "updated": number(len(report.updated)),
        "unchanged": number(len(report.unchanged)),
    }
    if skipped := len(report.skipped_rows):
        more = ngettext(
            "%(done)s, %(count)s row skipped", "%(done)s, %(count)s rows skipped", skipped
        )
        text = more % {"done": text, "count": number(skipped)}
    return text
