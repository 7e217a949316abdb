"""Search in a real Chromium on the sample site served by nginx under a sub-path."""

from __future__ import annotations

from playwright.sync_api import Browser, Page, expect

from tests.browser.test_pages import open_page
from tests.conftest import REPO

CONTENT = REPO / "content"


def _search(browser: Browser, site_url: str, query: str = "") -> Page:
    visit = open_page(browser, site_url + "cari/" + (f"?q={query}" if query else ""), 1280)
    page = visit.page
    expect(page.locator(".filters")).to_be_visible()  # the script loaded Pagefind and its filters
    assert visit.failed == [] and visit.foreign == [] and visit.console_errors == []
    return page


def _result_links(page: Page) -> list[str]:
    return page.locator(".search-results a").evaluate_all("links => links.map(a => a.href)")


def test_typing_a_name_finds_the_profile(browser: Browser, site_url: str) -> None:
    page = _search(browser, site_url)
    page.locator("#cari-q").fill("Ujang Saepudin")
    expect(page.locator(".search-results li").first).to_be_visible()
    links = _result_links(page)
    assert links[0] == site_url + "pilar/ujang-saepudin/"  # under the sub-path, first
    photo = page.locator(".search-results img").first  # the card photo, loaded from the sub-path
    expect(photo).to_have_js_property("complete", True)
    assert photo.evaluate("img => img.naturalWidth") == 160
    page.locator(".search-results a").first.click()
    expect(page.locator("h1")).to_have_text("Ujang Saepudin")
    page.context.close()


def test_filtering_by_province_narrows_the_results(browser: Browser, site_url: str) -> None:
    page = _search(browser, site_url)
    page.locator("#cari-q").fill("warga")
    expect(page.locator(".search-status")).to_contain_text("hasil")
    everywhere = len(_result_links(page))
    page.locator('select[data-filter="provinsi"]').select_option("Jawa Barat")
    expect(page.locator(".search-results li")).to_have_count(1)
    assert _result_links(page) == [site_url + "pilar/ujang-saepudin/"]
    assert everywhere > 1
    page.context.close()


def test_an_inflected_indonesian_word_finds_its_root(browser: Browser, site_url: str) -> None:
    # The sample site says "kebun" and "berkebun" but never "perkebunan" (per- + kebun + -an):
    # only Indonesian stemming connects them.
    assert "perkebunan" not in "".join(p.read_text().lower() for p in CONTENT.rglob("*.md"))
    page = _search(browser, site_url, "perkebunan")
    expect(page.locator(".search-results li").first).to_be_visible()
    assert site_url + "pilar/yakomina-mahuze/" in _result_links(page)
    page.context.close()


def test_the_header_box_leads_to_the_search_page(browser: Browser, site_url: str) -> None:
    visit = open_page(browser, site_url + "kategori/psm/", 1280)
    page = visit.page
    page.locator("#cari-atas").fill("Yakomina")
    page.locator("#cari-atas").press("Enter")
    expect(page.locator(".search-results a").first).to_have_attribute(
        "href", "/pilar-teladan/pilar/yakomina-mahuze/"
    )
    assert page.locator("#cari-q").input_value() == "Yakomina"
    page.context.close()


def test_without_javascript_the_page_points_to_the_lists(browser: Browser, site_url: str) -> None:
    context = browser.new_context(java_script_enabled=False)
    page = context.new_page()
    page.goto(site_url + "cari/?q=Ujang")
    expect(page.locator(".no-js")).to_be_visible()
    assert page.locator(".no-js a").count() == 4
    context.close()
