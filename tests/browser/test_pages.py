"""Every page kind of the sample site in a real Chromium, served by nginx under a sub-path."""

from __future__ import annotations

import json
from dataclasses import dataclass, field
from urllib.parse import urlsplit

import pytest
from playwright.sync_api import Browser, Page

from tests.browser.conftest import ARTIFACTS
from tests.tools import require_npm_file

PAGE_KINDS = {
    "home": "",
    "profile": "pilar/ujang-saepudin/",
    "profile-no-photo": "pilar/benediktus-moa/",
    "profile-awards": "pilar/ahmad-syarif-tammu/",  # honoured twice (provincial, national)
    "all-pillars": "pilar/",
    "category-index": "kategori/",
    "category": "kategori/tksk/",
    "province-index": "provinsi/",
    "province": "provinsi/jawa-barat/",
    "year-index": "tahun/",
    "year": "tahun/2019/",
    "year-provincial": "tahun/2023/",  # with provincial winners apart
    "news-index": "berita/",
    "news": "berita/pemilihan-pilar-sosial-teladan-2019/",
    "news-photos": "berita/mensos-temui-pemenang-pilar-sosial-teladan-2019/",
    "year-book": "tahun/2019/buku/",
    "page": "tentang/",
    "search": "cari/",
    "open-data": "data/",
    "statistics": "statistik/",
    "not-found": "tidak/ada/di/sini/",
    # The English edition: a translated profile and an untranslated one (its story in Indonesian)
    "en-home": "en/",
    "en-profile": "en/pilar/ujang-saepudin/",
    "en-profile-untranslated": "en/pilar/benediktus-moa/",
    "en-search": "en/cari/",
    "en-statistics": "en/statistik/",
}
SCREENSHOTS = ("home", "profile", "category", "province", "news")
WIDTHS = (375, 1280)


@dataclass
class Visit:
    page: Page
    console_errors: list[str] = field(default_factory=list)
    failed: list[str] = field(default_factory=list)
    foreign: list[str] = field(default_factory=list)


def open_page(browser: Browser, url: str, width: int, scheme: str = "light") -> Visit:
    context = browser.new_context(viewport={"width": width, "height": 900}, color_scheme=scheme)  # type: ignore[arg-type]
    page = context.new_page()
    visit = Visit(page)
    host = urlsplit(url).netloc

    def guard(route, request) -> None:  # type: ignore[no-untyped-def]
        # No request may leave the site: fonts, scripts, images from other hosts are failures.
        if urlsplit(request.url).netloc != host:
            visit.foreign.append(request.url)
            route.abort()
        else:
            route.continue_()

    page.route("**/*", guard)
    page.on("console", lambda m: visit.console_errors.append(m.text) if m.type == "error" else None)
    page.on("requestfailed", lambda r: visit.failed.append(f"{r.url} {r.failure}"))
    # Every request but the page itself (the 404 page answers 404) must answer 200.
    page.on(
        "response",
        lambda r: (
            visit.failed.append(f"{r.url} {r.status}") if r.status != 200 and r.url != url else None
        ),
    )
    response = page.goto(url, wait_until="load")
    assert response is not None
    expected = 404 if "tidak/ada" in url else 200
    assert response.status == expected, url
    return visit


@pytest.mark.parametrize("width", WIDTHS)
@pytest.mark.parametrize("kind", PAGE_KINDS)
def test_page_fits_loads_cleanly_and_stays_on_site(
    browser: Browser, site_url: str, kind: str, width: int
) -> None:
    url = site_url + PAGE_KINDS[kind]
    visit = open_page(browser, url, width)
    page = visit.page
    overflow = page.evaluate(
        "document.documentElement.scrollWidth - document.documentElement.clientWidth"
    )
    assert overflow <= 0, f"{kind} scrolls sideways by {overflow}px at {width}px"
    errors = [e for e in visit.console_errors if not (kind == "not-found" and "404" in e)]
    assert errors == []
    assert visit.failed == []
    assert visit.foreign == []
    assert page.evaluate("document.documentElement.lang") == (
        "en" if kind.startswith("en-") else "id"
    )
    assert page.locator("h1").count() == 1
    # The stylesheet really applied (a sub-path mistake would leave the page unstyled).
    assert (
        page.evaluate("getComputedStyle(document.querySelector('.site-header')).borderBottomStyle")
        == "solid"
    )
    if kind in SCREENSHOTS:
        ARTIFACTS.mkdir(exist_ok=True)
        page.screenshot(path=str(ARTIFACTS / f"{kind}-{width}.png"), full_page=True)
    page.context.close()


@pytest.mark.parametrize("kind", PAGE_KINDS)
def test_keyboard_reaches_main_content_and_every_link(
    browser: Browser, site_url: str, kind: str
) -> None:
    visit = open_page(browser, site_url + PAGE_KINDS[kind], 1280)
    page = visit.page
    page.keyboard.press("Tab")
    assert page.evaluate("document.activeElement.className") == "skip"
    page.keyboard.press("Enter")
    assert page.evaluate("document.activeElement.id") == "isi"
    page.keyboard.press("Tab")
    # The next stop is the first link of the main content (or, on a page without links in
    # its main content, the footer — never the header again).
    region = "main" if page.evaluate("!!document.querySelector('main a[href]')") else "footer"
    assert page.evaluate(f"!!document.activeElement.closest('{region}')"), (
        f"Tab after the skip link misses {region}"
    )

    wanted = set(page.evaluate(
        """() => [...document.querySelectorAll('a[href]')]
              .filter(a => a.checkVisibility() && a.tabIndex >= 0 && !a.closest('[aria-hidden=true]'))
              .map(a => a.href)"""
    ))  # fmt: skip
    page.evaluate("document.activeElement.blur(); window.scrollTo(0, 0)")
    reached: set[str] = set()
    for _ in range(len(wanted) * 2 + 10):
        page.keyboard.press("Tab")
        href = page.evaluate("document.activeElement && document.activeElement.href")
        if href:
            reached.add(href)
        # Focus must always be visible: an outline or a box shadow on the focused element.
        outline = page.evaluate(
            "(() => { const s = getComputedStyle(document.activeElement); return s.outlineStyle + ' ' + s.boxShadow })()"
        )
        assert href is None or not outline.startswith("none none"), f"invisible focus on {href}"
    assert wanted - reached == set()
    page.context.close()


@pytest.mark.parametrize("scheme", ["light", "dark"])
@pytest.mark.parametrize("width", WIDTHS)
@pytest.mark.parametrize("kind", PAGE_KINDS)
def test_axe_finds_no_violations_of_any_rule(
    browser: Browser, site_url: str, kind: str, width: int, scheme: str
) -> None:
    # Every rule axe has: WCAG A/AA and its best practices (landmarks, scrollable regions…).
    # No rule is switched off; experimental rules stay off as axe ships them.
    visit = open_page(browser, site_url + PAGE_KINDS[kind], width, scheme)
    violations = axe_violations(visit.page)
    assert violations == [], json.dumps(violations, indent=1)
    visit.page.context.close()


def axe_violations(page: Page) -> list[dict[str, object]]:
    """What axe finds on the page as it is now, with every rule it has."""
    page.add_script_tag(path=str(require_npm_file("axe-core/axe.min.js")))
    result = page.evaluate("async () => await axe.run(document)")
    return [
        {"id": v["id"], "impact": v["impact"], "help": v["help"],
         "nodes": [n["target"] for n in v["nodes"]][:5]}
        for v in result["violations"]
    ]  # fmt: skip


def test_pages_are_complete_without_javascript(browser: Browser, site_url: str) -> None:
    context = browser.new_context(java_script_enabled=False, viewport={"width": 375, "height": 800})
    page = context.new_page()
    page.goto(site_url + PAGE_KINDS["profile"])
    assert page.locator("h1").inner_text() == "Ujang Saepudin"
    assert page.locator(".story p").count() >= 3
    assert page.locator(".profile-photo img").get_attribute("width")
    context.close()


def test_print_keeps_photo_and_story_but_drops_navigation(browser: Browser, site_url: str) -> None:
    context = browser.new_context()
    page = context.new_page()
    page.goto(site_url + PAGE_KINDS["profile"])
    page.emulate_media(media="print")
    visible = page.evaluate(
        """() => Object.fromEntries(['.site-header', '.site-footer', '.breadcrumbs', '.share', '.profile-photo img', '.story']
              .map(s => [s, getComputedStyle(document.querySelector(s)).display !== 'none']))"""
    )
    assert visible == {".site-header": False, ".site-footer": False, ".breadcrumbs": False, ".share": False,
                       ".profile-photo img": True, ".story": True}  # fmt: skip
    ARTIFACTS.mkdir(exist_ok=True)
    page.pdf(path=str(ARTIFACTS / "profile-print.pdf"), format="A4")
    context.close()


@pytest.mark.parametrize("kind", ["news", "page", "not-found"])
def test_print_keeps_the_content_but_drops_navigation(
    browser: Browser, site_url: str, kind: str
) -> None:
    visit = open_page(browser, site_url + PAGE_KINDS[kind], 1280)
    page = visit.page
    page.emulate_media(media="print")
    shown = page.evaluate(
        """() => Object.fromEntries(['.site-header', '.notice', '.site-footer', 'main h1']
              .map(s => [s, document.querySelector(s).checkVisibility()]))"""
    )
    assert shown == {
        ".site-header": False,
        ".notice": False,
        ".site-footer": False,
        "main h1": True,
    }
    page.context.close()


def test_the_wide_data_table_scrolls_with_the_keyboard(browser: Browser, site_url: str) -> None:
    visit = open_page(browser, site_url + PAGE_KINDS["open-data"], 375)
    page = visit.page
    box = page.locator(".table-scroll").first  # (the table of fields; the awards' is below)
    assert box.evaluate("b => b.scrollWidth > b.clientWidth")  # too wide for a phone
    for _ in range(60):
        page.keyboard.press("Tab")
        if page.evaluate("document.activeElement.classList.contains('table-scroll')"):
            break
    else:
        pytest.fail("Tab never reaches the table of fields")
    assert box.evaluate("b => getComputedStyle(b).outlineStyle") != "none"  # focus shows
    page.keyboard.press("ArrowRight")
    page.wait_for_function("document.querySelector('.table-scroll').scrollLeft > 0")
    page.context.close()
