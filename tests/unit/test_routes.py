"""Routes: pagination of long lists."""

from __future__ import annotations

import re
from pathlib import Path

import pytest

from generator import urls
from generator.config import SiteConfig
from generator.pagination import Pager
from generator.theme import load_theme


@pytest.mark.parametrize(
    ("number", "count", "window"),
    [
        (1, 1, (1,)),
        (4, 9, (1, 2, 3, 4, 5, 6, 7, 8, 9)),  # short lists link every page
        (1, 100, (1, 2, 3, None, 100)),
        (4, 100, (1, 2, 3, 4, 5, 6, None, 100)),
        (5, 100, (1, 2, 3, 4, 5, 6, 7, None, 100)),  # no gap for the one page 2
        (6, 100, (1, None, 4, 5, 6, 7, 8, None, 100)),
        (50, 100, (1, None, 48, 49, 50, 51, 52, None, 100)),
        (96, 100, (1, None, 94, 95, 96, 97, 98, 99, 100)),  # nor for the one page 99
        (100, 100, (1, None, 98, 99, 100)),
    ],
)
def test_a_long_list_links_its_ends_and_the_pages_near_this_one(
    number: int, count: int, window: tuple[int | None, ...]
) -> None:
    assert Pager(number, count, urls.pillar_index).window == window


def test_previous_and_next() -> None:
    pager = Pager(2, 3, urls.pillar_index)
    assert (pager.previous, pager.next) == ("pilar/", "pilar/halaman/3/")
    assert Pager(1, 1, urls.pillar_index).previous is None
    assert Pager(3, 3, urls.pillar_index).next is None


def test_the_page_of_a_4000_page_list_stays_small(tmp_path: Path) -> None:
    theme, problems = load_theme(SiteConfig(title="T", base_url="https://x.id/"), tmp_path)
    assert theme is not None, problems
    html = theme.env.from_string(
        '{% import "partials/macros.html" as m with context %}{{ m.pagination(pager) }}'
    ).render(pager=Pager(2000, 4000, urls.pillar_index), page_path="pilar/halaman/2000/")
    numbers = re.findall(r">(\d+)</a>", html)
    assert numbers == ["1", "1998", "1999", "2000", "2001", "2002", "4000"]
    assert 'href="../../../pilar/halaman/1999/" rel="prev"' in html
    assert html.count('<li class="gap" aria-hidden="true">…</li>') == 2  # not read aloud
    assert len(html) < 2000
