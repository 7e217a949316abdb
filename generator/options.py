"""What a build is asked for → BuildOptions. Light on purpose: the command line makes one before
it asks whether anything changed."""

from __future__ import annotations

import datetime
from collections.abc import Callable
from dataclasses import dataclass
from pathlib import Path

from .cache import CACHE_FOLDER

Progress = Callable[[str, int, int], None]  # (stage, done, total)


@dataclass(frozen=True, slots=True)
class BuildOptions:
    include_drafts: bool = False
    base_url: str | None = None  # instead of site.yaml's
    precompress: bool = False  # a .gz copy of each text file
    search: bool = True  # the Pagefind bundle, when Pagefind is installed
    today: datetime.date | None = None  # None: the day it runs
    cache_dir: Path | None = None  # None: .teladan-cache beside content/
    progress: Progress | None = None

    def day(self) -> datetime.date:
        return self.today or datetime.date.today()

    def cache(self, content_dir: Path) -> Path:
        """Where encoded photos, the memo and the search bundle are kept between builds."""
        return self.cache_dir or content_dir.parent / CACHE_FOLDER

    def key(self) -> str:
        """The options that change what is written, as part of the inputs digest."""
        return f"{self.include_drafts}|{self.base_url}|{self.precompress}|{self.search}"
