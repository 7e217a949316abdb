"""What a build or check reports: problems, counts, timings. Light on purpose: the no-op fast
path unpickles it without loading the rendering machinery."""

from __future__ import annotations

from dataclasses import dataclass, field

from .problems import Problem, has_errors
from .write import WriteReport


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

    @property
    def ok(self) -> bool:
        return not has_errors(self.problems)

    @property
    def warnings(self) -> int:
        return sum(1 for p in self.problems if not p.is_error)

    @property
    def seconds(self) -> float:
        return sum(t for _, t in self.timings)
