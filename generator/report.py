"""What a build or check reports: problems, counts, timings. Light on purpose: the no-op fast
path unpickles it without loading the rendering machinery."""

from __future__ import annotations

from dataclasses import dataclass, field

from .i18n import _, ngettext, number
from .problems import Problem, has_errors


@dataclass(frozen=True, slots=True)
class WriteReport:
    written: tuple[str, ...]  # new or changed files
    unchanged: tuple[str, ...]
    removed: tuple[str, ...]  # files of the previous site that are gone


LEFT_OUT_SHOWN = 3  # names of left-out files in the build summary; the rest are counted


@dataclass(frozen=True, slots=True)
class PhotoStats:
    encoded: int = 0  # photos re-encoded in this build
    reused: int = 0  # photos taken from the cache


@dataclass(frozen=True, slots=True)
class BuildReport:
    problems: tuple[Problem, ...] = ()
    pages: int = 0  # HTML pages in the site
    files: int = 0  # every file, pages and assets
    write: WriteReport | None = None  # None when nothing was written
    timings: tuple[tuple[str, float], ...] = field(default=(), compare=False)
    photos: PhotoStats = field(default_factory=PhotoStats)
    # the content files the build left out, as the user sees their paths (see SiteIndex)
    drafts: tuple[str, ...] = ()
    scheduled: tuple[str, ...] = ()

    @property
    def ok(self) -> bool:
        return not has_errors(self.problems)

    @property
    def warnings(self) -> int:
        return sum(1 for p in self.problems if not p.is_error)

    @property
    def seconds(self) -> float:
        return sum(t for _, t in self.timings)

    def left_out_note(self) -> str:
        """A line for the drafts and one for the scheduled items the site leaves out, each
        ending in a newline, or "": a forgotten `draft: true` must not go unnoticed."""
        note = ""
        for paths, text in (
            (
                self.drafts,
                ngettext(
                    "%(count)s draft not published (draft: true): %(names)s",
                    "%(count)s drafts not published (draft: true): %(names)s",
                    len(self.drafts),
                ),
            ),
            (
                self.scheduled,
                ngettext(
                    "%(count)s scheduled item not published yet (dated after today): %(names)s",
                    "%(count)s scheduled items not published yet (dated after today): %(names)s",
                    len(self.scheduled),
                ),
            ),
        ):
            if not paths:
                continue
            names = ", ".join(paths[:LEFT_OUT_SHOWN])
            if len(paths) > LEFT_OUT_SHOWN:
                more = number(len(paths) - LEFT_OUT_SHOWN)
                names = _("%(names)s and %(count)s more") % {"names": names, "count": more}
            note += text % {"count": number(len(paths)), "names": names} + "\n"
        return note
