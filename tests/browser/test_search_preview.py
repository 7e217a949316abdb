"""Search in `teladan serve`: the preview indexes the site in the background, and again after
each save, so staff can try what readers will find."""

from __future__ import annotations

import shutil
import time
from pathlib import Path

from playwright.sync_api import Browser, expect

from tests.browser.test_pages import open_page
from tests.browser.test_search import all_shown
from tests.conftest import REPO
from tests.hosting.crawl import fetch
from tests.tools import preview

WAIT = 90.0  # seconds for the background index: generous on a loaded machine


def _results_for(browser: Browser, url: str, query: str) -> list[str]:
    """The addresses the preview's search page finds for `query`, once its index is there."""
    deadline = time.monotonic() + WAIT
    while fetch(url + "pagefind/parts.json").status != 200 and time.monotonic() < deadline:
        time.sleep(0.2)  # (the first index is being made)
    visit = open_page(browser, url + "cari/", 1280)
    page = visit.page
    expect(page.locator(".filters")).to_be_enabled()
    page.locator("#cari-q").fill(query)
    expect(page.locator(".search-status")).not_to_be_empty()
    all_shown(page)
    links = page.locator(".search-results a").evaluate_all("links => links.map(a => a.href)")
    assert visit.failed == [] and visit.console_errors == []
    page.context.close()
    return links


def _until_found(browser: Browser, url: str, query: str, wanted: list[str]) -> None:
    """The preview's index catches up with a save in the background: ask again until it has."""
    deadline = time.monotonic() + WAIT
    found = _results_for(browser, url, query)
    while found != wanted and time.monotonic() < deadline:
        time.sleep(0.5)
        found = _results_for(browser, url, query)
    assert found == wanted, query


def test_the_preview_searches_and_follows_each_save(browser: Browser, tmp_path: Path) -> None:
    content = tmp_path / "content"
    shutil.copytree(REPO / "content", content)
    with preview(content) as process:
        url = f"http://127.0.0.1:{process.args[-1]}/"
        page = url + "pilar/ujang-saepudin/"
        _until_found(browser, url, "Ujang Saepudin", [page])
        profile = content / "pillars" / "2019" / "ujang-saepudin.md"
        text = profile.read_text(encoding="utf-8")
        profile.write_text(text + "\nKata zamrudlama di sini.\n", encoding="utf-8")
        _until_found(browser, url, "zamrudlama", [page])
        profile.write_text(text + "\nKata zamrudbaru di sini.\n", encoding="utf-8")
        _until_found(browser, url, "zamrudbaru", [page])
        assert _results_for(browser, url, "zamrudlama") == []
