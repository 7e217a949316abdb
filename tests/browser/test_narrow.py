"""The pages that hold wide things (the tile map, the open-data table) on a phone's width."""

from __future__ import annotations

import pytest
from playwright.sync_api import Browser, expect

from tests.browser.test_pages import open_page

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
