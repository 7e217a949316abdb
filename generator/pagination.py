"""Lists shown a page at a time: which items each page holds, and the links between pages."""

from __future__ import annotations

from collections.abc import Callable, Iterator, Sequence
from dataclasses import dataclass
from typing import Any, ClassVar


@dataclass(frozen=True, slots=True)
class Pager:
    """Where one page of a paginated list sits among its siblings."""

    number: int
    count: int
    path_of: Callable[[int], str]  # page number → site path

    # Lists of up to this many pages link every page; longer ones link the first and last
    # pages and the pages near this one. (Linking all of them made every page of a 4,000-page
    # list carry 4,000 links: a quarter of a megabyte, and build time growing with N².)
    ALL_UP_TO: ClassVar[int] = 9
    NEAR: ClassVar[int] = 2

    def path(self, number: int) -> str:
        return self.path_of(number)

    @property
    def previous(self) -> str | None:
        return self.path_of(self.number - 1) if self.number > 1 else None

    @property
    def next(self) -> str | None:
        return self.path_of(self.number + 1) if self.number < self.count else None

    @property
    def window(self) -> tuple[int | None, ...]:
        """The page numbers to link, in order; None where numbers are left out (shown as …)."""
        if self.count <= self.ALL_UP_TO:
            return tuple(range(1, self.count + 1))
        low = max(2, self.number - self.NEAR)
        high = min(self.count - 1, self.number + self.NEAR)
        # A gap stands for two pages or more: one missing number is shown instead.
        low = 2 if low == 3 else low
        high = self.count - 1 if high == self.count - 2 else high
        shown: list[int | None] = [1]
        if low > 2:
            shown.append(None)
        shown += range(low, high + 1)
        if high < self.count - 1:
            shown.append(None)
        return (*shown, self.count)


@dataclass(frozen=True, slots=True)
class Nth:
    """The path of a list's nth page; equal for the same list, so that a route's context
    compares equal from one plan to the next (the preview reloads and re-indexes only pages
    whose context changed)."""

    path_of: Callable[[str, int], str]
    slug: str

    def __call__(self, number: int) -> str:
        return self.path_of(self.slug, number)


def paginate(
    items: Sequence[Any],
    per_page: int,
    path_of: Callable[[int], str],
    wanted: Callable[[str], bool],
) -> Iterator[tuple[tuple[Any, ...], Pager]]:
    """The items in pages of `per_page`, each with its Pager; only the pages `wanted`."""
    count = max(1, -(-len(items) // per_page))
    for number in range(1, count + 1):
        if wanted(path_of(number)):
            start = (number - 1) * per_page
            yield tuple(items[start : start + per_page]), Pager(number, count, path_of)
