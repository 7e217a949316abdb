"""Search in a real Chromium on the sample site served by nginx under a sub-path."""

from __future__ import annotations

import re
from urllib.parse import urlsplit

import pytest
from playwright.sync_api import Browser, Page, Route, expect

from tests.browser.test_pages import WIDTHS, Visit, axe_violations, open_page
from tests.conftest import REPO

CONTENT = REPO / "content"


def _search(
    browser: Browser, site_url: str, query: str = "", width: int = 1280, scheme: str = "light"
) -> Visit:
    visit = open_page(browser, site_url + "cari/" + (f"?q={query}" if query else ""), width, scheme)
    # The filters are enabled once the script has loaded Pagefind.
    expect(visit.page.locator(".filters")).to_be_enabled()
    assert visit.failed == [] and visit.foreign == [] and visit.console_errors == []
    return visit


def open_filters(page: Page) -> None:
    """Open the folded filters, as a reader does: their values come then, and each list is
    enabled once it has them."""
    page.locator("summary", has_text="Saring hasil").click()
    for select in page.locator(".filters select").all():
        expect(select).to_be_enabled()
        expect(select.locator("option").nth(1)).to_be_attached()


def all_shown(page: Page) -> None:
    """Wait until the page has shown every result of its step: it shows each as soon as it and
    those before it have come, and marks the list busy meanwhile."""
    expect(page.locator(".search-results")).not_to_have_attribute("aria-busy", "true")


def _result_links(page: Page) -> list[str]:
    all_shown(page)
    return page.locator(".search-results a").evaluate_all("links => links.map(a => a.href)")


def _figures(page: Page) -> dict[str, tuple[str | None, str | None]]:
    """Each result's address → (its picture's address, its initials), None where it has none."""
    all_shown(page)
    found = page.locator(".search-results li").evaluate_all(
        """items => items.map(li => [li.querySelector('a').href,
              li.querySelector('img')?.src ?? null, li.querySelector('.initials')?.textContent ?? null])"""
    )  # fmt: skip
    return {href: (photo, initials) for href, photo, initials in found}


def test_typing_a_name_finds_the_profile(browser: Browser, site_url: str) -> None:
    visit = _search(browser, site_url)
    page = visit.page
    page.locator("#cari-q").fill("Ujang Saepudin")
    expect(page.locator(".search-results li").first).to_be_visible()
    links = _result_links(page)
    assert links[0] == site_url + "pilar/ujang-saepudin/"  # under the sub-path, first
    photo = page.locator(".search-results img").first  # the card photo, loaded from the sub-path
    expect(photo).to_have_js_property("complete", True)
    assert photo.evaluate("img => img.naturalWidth") == 160
    assert visit.failed == []  # every request while searching answered 200
    page.locator(".search-results a").first.click()
    expect(page.locator("h1")).to_have_text("Ujang Saepudin")
    page.context.close()


def test_filtering_by_province_narrows_the_results(browser: Browser, site_url: str) -> None:
    visit = _search(browser, site_url)
    page = visit.page
    page.locator("#cari-q").fill("warga")
    expect(page.locator(".search-status")).to_contain_text("hasil")
    everywhere = len(_result_links(page))
    open_filters(page)
    page.locator('select[data-filter="provinsi"]').select_option("Jawa Barat")
    expect(page.locator(".search-results li")).to_have_count(1)
    assert _result_links(page) == [site_url + "pilar/ujang-saepudin/"]
    assert everywhere > 1
    assert visit.failed == []
    page.context.close()


@pytest.mark.parametrize("scheme", ["light", "dark"])
def test_results_come_ten_at_a_time_and_the_next_ones_on_request(
    browser: Browser, site_url: str, scheme: str
) -> None:
    visit = _search(browser, site_url, width=375, scheme=scheme)
    page = visit.page
    page.locator("#cari-q").fill("warga")  # a word of most of the sample's pages
    expect(page.locator(".search-status")).to_contain_text("hasil")
    found = re.match(r"\d+", page.locator(".search-status").inner_text())
    total = int(found.group()) if found else 0
    assert 10 < total <= 20
    expect(page.locator(".search-results li")).to_have_count(10)
    first_ten = _result_links(page)
    # The button says how many it adds: the rest, fewer than ten here.
    more = page.get_by_role("button", name=f"Tampilkan {total - 10} hasil berikutnya")
    expect(more).to_be_visible()
    assert axe_violations(page) == []  # the results and the button, on a phone's width
    more.click()
    expect(page.locator(".search-results li")).to_have_count(total)
    expect(more).to_be_hidden()  # none left to show
    links = _result_links(page)
    assert links[:10] == first_ten and len(set(links)) == total
    # The reader goes on from the first result added, with the keyboard as with a mouse.
    assert page.evaluate("document.activeElement.href") == links[10]
    page.locator("#cari-q").fill("Ujang Saepudin")  # a new search starts at its first results
    expect(page.locator(".search-results li").first).to_be_visible()
    expect(more).to_be_hidden()
    assert visit.failed == []
    page.context.close()


def test_a_pillar_honoured_twice_is_found_under_either_years_filter(
    browser: Browser, site_url: str
) -> None:
    # Ahmad Syarif Tammu won in his province in 2019, then nationally in 2023. The year is
    # chosen before the name is typed, so the results on screen are those of both together.
    visit = _search(browser, site_url)
    page = visit.page
    open_filters(page)
    years = page.locator('select[data-filter="tahun"]')
    years.select_option("2019")
    page.locator("#cari-q").fill("Syarif Tammu")
    expect(page.locator('.search-results a[href$="/pilar/ahmad-syarif-tammu/"]')).to_have_count(1)
    page.locator("#cari-q").fill("Ujang Saepudin")  # honoured in 2019 only
    expect(page.locator('.search-results a[href$="/pilar/ujang-saepudin/"]')).to_have_count(1)
    years.select_option("2023")
    expect(page.locator(".search-results li")).to_have_count(0)
    assert visit.failed == []
    page.context.close()


def test_an_inflected_indonesian_word_finds_its_root(browser: Browser, site_url: str) -> None:
    # The sample site says "kebun" and "berkebun" but never "perkebunan" (per- + kebun + -an):
    # only Indonesian stemming connects them.
    assert "perkebunan" not in "".join(p.read_text().lower() for p in CONTENT.rglob("*.md"))
    page = _search(browser, site_url, "perkebunan").page
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
    expect(page.locator(".filters-box")).to_be_hidden()
    context.close()


def test_without_pagefind_the_page_points_to_the_lists(browser: Browser, site_url: str) -> None:
    context = browser.new_context()
    page = context.new_page()
    page.route("**/pagefind/pagefind.js", lambda route: route.abort())
    page.goto(site_url + "cari/?q=Ujang")
    expect(page.locator(".no-js")).to_be_visible()
    expect(page.locator(".filters-box")).to_be_hidden()
    context.close()


# Each query and a page it finds: a winner without a photo (two), a press release (its page
# shows winners' cards), a free page; then a word on many pages.
QUERIES = {
    "Benediktus Moa": "pilar/benediktus-moa/",
    "Huyula Mandiri": "pilar/lks-huyula-mandiri/",
    "Pemilihan Pilar Sosial Teladan 2019": "berita/pemilihan-pilar-sosial-teladan-2019/",
    "Tentang": "tentang/",
    "warga": "pilar/ujang-saepudin/",
}


def test_each_result_shows_its_own_picture_or_none(browser: Browser, any_site_url: str) -> None:
    visit = _search(browser, any_site_url, width=375)
    page = visit.page
    seen: dict[str, tuple[str | None, str | None]] = {}
    for query, found in QUERIES.items():
        page.locator("#cari-q").fill(query)
        # (The address as the page writes it: the site's path, then the page's.)
        wanted = page.locator(f'.search-results a[href="{urlsplit(any_site_url).path}{found}"]')
        expect(wanted).to_be_visible()
        page.wait_for_load_state("networkidle")
        seen.update(_figures(page))
    prefix = any_site_url + "pilar/"
    for href, (photo, initials) in seen.items():
        slug = href.removeprefix(prefix).rstrip("/")
        if not href.startswith(prefix):
            assert (photo, initials) == (None, None), f"{href} shows a picture not its own"
        elif photo is None:
            assert initials, f"{href} shows neither photo nor initials"
        else:
            assert photo.startswith(f"{prefix}{slug}/{slug}-kartu."), f"{href} shows {photo}"
            assert page.request.get(photo).status == 200, photo
    # The two winners without a photo show their initials, never another winner's photo.
    assert seen[prefix + "benediktus-moa/"] == (None, "BM")
    assert seen[prefix + "lks-huyula-mandiri/"] == (None, "LH")
    assert seen[any_site_url + "berita/pemilihan-pilar-sosial-teladan-2019/"] == (None, None)
    assert seen[prefix + "ujang-saepudin/"][0] is not None
    # Every picture on the page loads, from the site's own sub-path.
    page.locator(".search-results img").evaluate_all(
        "imgs => imgs.forEach(i => i.loading = 'eager')"
    )
    page.wait_for_function(
        "[...document.querySelectorAll('.search-results img')].every(i => i.complete)"
    )
    broken = page.locator(".search-results img").evaluate_all(
        "imgs => imgs.filter(i => !(i.complete && i.naturalWidth > 0)).map(i => i.src)"
    )
    assert broken == []
    assert visit.failed == [] and visit.console_errors == []
    page.context.close()


# Sums the page's layout shifts as Lighthouse does (those right after input do not count).
LAYOUT_SHIFT = """
window.layoutShift = 0;
window.layoutShifts = [];
new PerformanceObserver(list => {
  for (const e of list.getEntries()) {
    if (e.hadRecentInput) continue;
    window.layoutShift += e.value;
    window.layoutShifts.push([e.value, e.sources.map(s => s.node && (s.node.className || s.node.nodeName))]);
  }
}).observe({type: 'layout-shift', buffered: true});
"""


@pytest.mark.parametrize("width", WIDTHS)
@pytest.mark.parametrize("query", ["", "?q=warga"])
def test_the_search_page_does_not_shift_while_it_loads(
    browser: Browser, site_url: str, query: str, width: int
) -> None:
    context = browser.new_context(viewport={"width": width, "height": 800})
    page = context.new_page()
    page.add_init_script(LAYOUT_SHIFT)

    # Lighthouse's slow phone: 150 ms for each request, 1.6 Mbit/s, a CPU four times slower.
    # The page paints long before its script and Pagefind have arrived.
    cdp = context.new_cdp_session(page)
    cdp.send("Network.emulateNetworkConditions", {"offline": False, "latency": 150,
             "downloadThroughput": 1_600_000 / 8, "uploadThroughput": 750_000 / 8})  # fmt: skip
    cdp.send("Emulation.setCPUThrottlingRate", {"rate": 4})
    page.goto(site_url + "cari/" + query)
    expect(page.locator(".filters")).to_be_enabled()
    if query:
        expect(page.locator(".search-results li").first).to_be_visible()
    page.wait_for_load_state("networkidle")
    page.evaluate("() => new Promise(r => requestAnimationFrame(() => requestAnimationFrame(r)))")
    shift = page.evaluate("window.layoutShift")
    assert shift < 0.1, page.evaluate("window.layoutShifts")  # Lighthouse's "good"
    context.close()


def _held_pagefind(browser: Browser, url: str) -> tuple[Page, list[Route]]:
    """The page at url with Pagefind's script held back (a slow phone) until the test lets it go."""
    page = browser.new_context(viewport={"width": 375, "height": 800}).new_page()
    held: list[Route] = []
    page.route("**/pagefind/pagefind.js", lambda route: held.append(route))
    page.goto(url)
    page.wait_for_function("document.getElementById('pencarian').classList.contains('js')")
    assert len(held) == 1
    return page, held


def test_what_a_reader_types_before_pagefind_arrives_is_kept_and_searched(
    browser: Browser, site_url: str
) -> None:
    page, held = _held_pagefind(browser, site_url + "cari/")
    page.locator("#cari-q").press_sequentially("lansia")
    held[0].continue_()
    expect(page.locator(".filters")).to_be_enabled()
    expect(page.locator(".search-results li").first).to_be_visible()
    assert page.locator("#cari-q").input_value() == "lansia"
    assert "q=lansia" in page.url
    page.context.close()


def test_the_header_query_shows_in_the_box_before_pagefind_arrives(
    browser: Browser, site_url: str
) -> None:
    page, held = _held_pagefind(browser, site_url + "cari/?q=warga")
    assert page.locator("#cari-q").input_value() == "warga"
    held[0].continue_()
    expect(page.locator(".search-results li").first).to_be_visible()
    assert page.locator("#cari-q").input_value() == "warga"
    page.context.close()


# The labels of a profile's fact list (themes/default/locale/id/LC_MESSAGES/theme.po).
FACT_LABELS = (
    "Kategori",
    "Provinsi",
    "Kabupaten/Kota",
    "Kecamatan",
    "Lembaga",
    "Tahun",
    "Aktif sejak",
)


def test_result_excerpts_keep_a_fact_label_apart_from_its_value(
    browser: Browser, site_url: str
) -> None:
    page = _search(browser, site_url, "warga").page
    expect(page.locator(".search-results li").first).to_be_visible()
    all_shown(page)
    excerpts = page.locator(".search-results p").all_inner_texts()
    glued = re.compile("(?:" + "|".join(map(re.escape, FACT_LABELS)) + r")[A-Z0-9]")
    assert any(label + ": " in e for e in excerpts for label in FACT_LABELS), excerpts
    assert [e for e in excerpts if glued.search(e)] == []
    page.context.close()


def test_the_english_search_page_searches_the_english_edition(
    browser: Browser, site_url: str
) -> None:
    # "earthquake" is only in English text (the Indonesian story says "gempa").
    visit = open_page(browser, site_url + "en/cari/?q=earthquake", 1280)
    expect(visit.page.locator(".filters")).to_be_enabled()
    page = visit.page
    expect(page.locator(".search-results li").first).to_be_visible()
    links = _result_links(page)
    assert site_url + "en/pilar/rusdin-lasaloka/" in links
    assert all(link.startswith(site_url + "en/") for link in links), links
    assert visit.failed == [] and visit.foreign == [] and visit.console_errors == []
    page.context.close()


def test_the_filters_values_come_only_when_the_reader_opens_them(
    browser: Browser, site_url: str
) -> None:
    # A search by words needs none of the filters' files (a file a filter in every part).
    visit = open_page(browser, site_url + "cari/", 375)
    page = visit.page
    asked: list[str] = []
    page.on("request", lambda request: asked.append(request.url))
    expect(page.locator(".filters")).to_be_enabled()
    expect(page.locator(".filters select").first).to_be_hidden()  # (folded)
    page.locator("#cari-q").fill("warga")
    expect(page.locator(".search-results li").first).to_be_visible()
    all_shown(page)
    page.wait_for_load_state("networkidle")
    assert [a for a in asked if "pf_filter" in a] == []
    provinces = page.locator('select[data-filter="provinsi"]')
    assert provinces.locator("option").count() == 1
    open_filters(page)
    assert [a for a in asked if "pf_filter" in a] != []
    assert "Jawa Barat (1)" in provinces.locator("option").all_inner_texts()
    assert axe_violations(page) == []  # the open filters, on a phone's width
    assert visit.failed == [] and visit.console_errors == []
    page.context.close()
