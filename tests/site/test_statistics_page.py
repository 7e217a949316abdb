"""The statistics page (/statistik/): its numbers equal counts made here, straight from the
content files, and each chart is well-formed SVG whose bars say what its table says."""

from __future__ import annotations

import datetime
import re
import xml.etree.ElementTree as ET
from collections import Counter
from html.parser import HTMLParser
from pathlib import Path
from typing import Any

import pytest
import yaml

from generator import BuildReport
from tests.conftest import FIXTURES, REPO, TODAY
from tests.site.test_press_kits import _front_matter  # (a file's fields, read with PyYAML)

PROVINCES = yaml.safe_load((REPO / "generator" / "data" / "provinces.yaml").read_text("utf-8"))
SVG = re.compile(r"<svg\b.*?</svg>", re.S)


def _province(value: object) -> dict[str, Any]:
    """The reference row of a province as a file names it (its slug or its code)."""
    return next(p for p in PROVINCES if str(value) in (p["slug"], p["kemendagri"]))


def _awards(content: Path) -> list[dict[str, Any]]:
    """Every published award, read from the files: (pillar, year, category, province, level)."""
    awards = []
    for path in sorted((content / "pillars").rglob("*")):
        if path.suffix not in (".md", ".yaml") or path.name.count(".") > 1:  # (translations)
            continue
        data = _front_matter(path)
        when = data.get("date")
        if data.get("draft") or (isinstance(when, datetime.date) and when > TODAY):
            continue
        for award in data.get("awards") or [data]:
            awards.append(
                {
                    "pillar": path.stem,
                    "year": int(award["year"]),
                    "category": award["category"],
                    "province": _province(award.get("province", data.get("province"))),
                    "level": award.get("level", "nasional"),
                }
            )
    return awards


class _Tables(HTMLParser):
    """The rows of every table of a page (each row: the texts of its cells), in page order."""

    def __init__(self) -> None:
        super().__init__(convert_charrefs=True)
        self.tables: list[list[list[str]]] = []
        self._cell: list[str] | None = None

    def handle_starttag(self, tag: str, attrs: list[tuple[str, str | None]]) -> None:
        if tag == "table":
            self.tables.append([])
        elif tag == "tr":
            self.tables[-1].append([])
        elif tag in ("th", "td"):
            self._cell = []

    def handle_endtag(self, tag: str) -> None:
        if tag in ("th", "td") and self._cell is not None:
            self.tables[-1][-1].append("".join(self._cell).strip())
            self._cell = None

    def handle_data(self, data: str) -> None:
        if self._cell is not None:
            self._cell.append(data)


def _number(text: str) -> int:
    return int(text.replace(".", "").replace(",", ""))


def _bars(svg: str) -> list[tuple[str, str, int]]:
    """Each bar of a chart (its group's heading, its label, its number); the SVG must parse."""
    root = ET.fromstring(svg.replace("<svg ", '<svg xmlns="http://www.w3.org/2000/svg" ', 1))
    ns = "{http://www.w3.org/2000/svg}"
    assert root.get("role") == "img" and root.get("aria-labelledby")
    bars, heading = [], ""
    for element in root:
        if element.get("class") == "chart-heading":
            heading = element.text or ""
        elif element.get("class") == "bar":
            label, value = element.findall(f"{ns}text")
            assert element.find(f"{ns}rect") is not None
            bars.append((heading, label.text or "", _number(value.text or "")))
    return bars


def _page(
    out: Path, edition: str
) -> tuple[list[list[list[str]]], list[list[tuple[str, str, int]]]]:
    html = (out / edition / "statistik" / "index.html").read_text("utf-8")
    parser = _Tables()
    parser.feed(html)
    charts = SVG.findall(html)
    for svg in charts:  # each chart is named by its table's caption
        label = re.search(r'aria-labelledby="([^"]+)"', svg)
        assert label and f'<caption id="{label[1]}">' in html
    return parser.tables, [_bars(svg) for svg in charts]


# (the full fixture has no English edition)
@pytest.mark.parametrize(("site", "edition"), [("sample", ""), ("sample", "en"), ("full", "")])
def test_the_numbers_are_those_of_the_content_files(
    site: str,
    edition: str,
    built_sample: tuple[Path, BuildReport],
    built_full: tuple[Path, BuildReport],
) -> None:
    out = (built_sample if site == "sample" else built_full)[0]
    content = REPO / "content" if site == "sample" else FIXTURES / "full" / "content"
    awards = _awards(content)
    categories = yaml.safe_load((content / "categories.yaml").read_text("utf-8"))
    short = {c["slug"]: c["short_name"] for c in categories}
    tables, charts = _page(out, edition)
    # In page order: by year and category, the tile map's, island groups, levels, first/repeat.
    by_year, by_province, by_group, by_level, by_win = tables
    year_chart, group_chart, level_chart, win_chart = charts

    head, *rows = by_year
    years = Counter((a["year"], short[a["category"]]) for a in awards)
    assert [int(r[0]) for r in rows] == sorted({a["year"] for a in awards}, reverse=True)
    for row in rows:
        cells = dict(zip(head[1:-1], map(_number, row[1:-1]), strict=True))
        assert cells == {name: years[int(row[0]), name] for name in short.values()}
        assert _number(row[-1]) == sum(1 for a in awards if a["year"] == int(row[0]))
    assert year_chart == [
        (r[0], name, _number(n)) for r in rows for name, n in zip(head[1:-1], r[1:-1], strict=True)
    ]

    provinces = Counter(a["province"]["name"] for a in awards)
    assert {r[0]: _number(r[-1]) for r in by_province[1:]} == {
        p["name"]: provinces[p["name"]] for p in PROVINCES
    }

    groups = Counter(a["province"]["island_group"] for a in awards)
    shown = [(r[0], _number(r[1])) for r in by_group[1:]]
    assert dict(shown) == {p["island_group"]: groups[p["island_group"]] for p in PROVINCES}
    assert group_chart == [("", label, n) for label, n in shown]

    levels = Counter(a["level"] for a in awards)
    assert [_number(r[1]) for r in by_level[1:]] == [levels["nasional"], levels["provinsi"]]
    assert level_chart == [("", r[0], _number(r[1])) for r in by_level[1:]]

    first = len({a["pillar"] for a in awards})
    assert [_number(r[1]) for r in by_win[1:]] == [first, len(awards) - first]
    assert win_chart == [("", r[0], _number(r[1])) for r in by_win[1:]]


def test_the_home_page_links_to_it(built_sample: tuple[Path, BuildReport]) -> None:
    out, _ = built_sample
    assert 'href="statistik/"' in (out / "index.html").read_text("utf-8")
    assert 'en/statistik/"' in (out / "en" / "index.html").read_text("utf-8")


def test_its_tile_map_says_it_counts_awards(built_sample: tuple[Path, BuildReport]) -> None:
    out, _ = built_sample
    assert "Number of awards in each province" in (out / "en/statistik/index.html").read_text()
    assert "Number of exemplary pillars in each province" in (out / "en/index.html").read_text()
