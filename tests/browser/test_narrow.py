"""The pages that hold wide things (the tile map, the open-data table) on a phone's width."""

from __future__ import annotations

import shutil
from pathlib import Path

import pytest
from playwright.sync_api import Browser, expect

from generator import build
from tests.browser.conftest import PREFIX
from tests.browser.test_pages import open_page
from tests.conftest import REPO, TODAY
from tests.tools import free_port, nginx

# The common Android width, the common iPhone width.
PHONES = (360, 375)
MAP_PAGES = ("", "provinsi/")


@pytest.mark.parametrize("width", PHONES)
@pytest.mark.parametrize("path", MAP_PAGES)
def test_the_tile_map_tells_a_phone_reader_it_scrolls(
    browser: Browser, site_url: str, path: str, width: int
) -> None:
    # Sixteen columns of tiles a finger can hit (24 px, WCAG 2.2's minimum) are wider than a
    # phone: the map scrolls, says so, and a keyboard can scroll it too.
    page = open_page(browser, site_url + path, width).page
    sizes = page.locator("a.tile").evaluate_all(
        "tiles => tiles.map(t => [t.getBoundingClientRect().width, t.getBoundingClientRect().height])"
    )
    assert sizes and all(w >= 24 and h >= 24 for w, h in sizes), sizes
    expect(page.locator(".tilemap-hint")).to_be_visible()
    box = page.locator(".tilemap-scroll")
    assert box.evaluate("b => b.scrollWidth > b.clientWidth")
    box.focus()
    assert box.evaluate("b => b === document.activeElement")
    page.keyboard.press("ArrowRight")
    page.wait_for_function("document.querySelector('.tilemap-scroll').scrollLeft > 0")
    # Scrolled to its end, the easternmost tile (Papua's) is whole on screen.
    box.evaluate("b => { b.scrollLeft = b.scrollWidth; }")
    right = page.locator(".tile").evaluate_all(
        "tiles => Math.max(...tiles.map(t => t.getBoundingClientRect().right))"
    )
    assert right <= width
    page.context.close()


@pytest.mark.parametrize("path", MAP_PAGES)
def test_on_a_wide_screen_the_whole_map_shows_without_a_hint(
    browser: Browser, site_url: str, path: str
) -> None:
    page = open_page(browser, site_url + path, 1280).page
    expect(page.locator(".tilemap-hint")).to_be_hidden()
    box = page.locator(".tilemap-scroll")
    assert box.evaluate("b => b.scrollWidth <= b.clientWidth")
    page.context.close()


def test_the_open_data_fields_are_explained_in_indonesian_in_a_readable_column(
    browser: Browser, site_url: str
) -> None:
    page = open_page(browser, site_url + "data/", 375).page
    meanings = page.locator(".table-scroll tbody td:last-child")
    texts = meanings.all_inner_texts()
    assert "alamat profil" in texts[0]  # slug: "…bagian terakhir alamat profil /pilar/<slug>/"
    english = [t for t in texts if any(w in f" {t} " for w in (" the ", " of ", " Name ", " id"))]
    assert english == []
    # The column is wide enough for whole words, not ~50 px of broken fragments.
    widths = meanings.evaluate_all("cells => cells.map(c => c.getBoundingClientRect().width)")
    assert min(widths) >= 180, widths
    page.context.close()


# A table as staff write one in a story: five columns, a long word, a web address.
WIDE_TABLE = """

| Tahun | Kegiatan | Tempat | Peserta | Keterangan |
|---|---|---|---|---|
| 2019 | Pelatihan kesiapsiagaan bencana | Balai Desa Sukamaju | 120 orang | https://contoh.example/laporan-kegiatan-2019 |
| 2020 | Posyandu lansia keliling | Kecamatan Tanjungsari | 85 orang | Bersama puskesmas kabupaten |
"""


def test_a_table_in_a_story_fits_a_phone(browser: Browser, tmp_path: Path) -> None:
    content = tmp_path / "content"
    shutil.copytree(REPO / "content", content)
    profile = content / "pillars" / "2019" / "benediktus-moa.md"
    profile.write_text(profile.read_text(encoding="utf-8") + WIDE_TABLE, encoding="utf-8")
    port = free_port()
    out = tmp_path / "output"
    report = build(content, out, base_url=f"http://127.0.0.1:{port}{PREFIX}", today=TODAY)
    assert report.ok, [p.format() for p in report.problems]
    with nginx(out, PREFIX, port) as url:
        for width in PHONES:
            page = open_page(browser, url + "pilar/benediktus-moa/", width).page
            table = page.locator(".story table")
            expect(table.get_by_role("columnheader", name="Keterangan")).to_be_visible()
            assert page.evaluate("document.documentElement.scrollWidth") <= width
            assert table.evaluate("t => t.getBoundingClientRect().right") <= width
            page.context.close()
