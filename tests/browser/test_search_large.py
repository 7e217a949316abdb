"""Search on a generated site of 4,000 profiles, whose index comes in several parts (see
generator/search.py): names, filters and stemming across every part, and an edit."""

from __future__ import annotations

import json
import re
import subprocess
import sys
from collections import Counter
from collections.abc import Iterator
from pathlib import Path

import pytest
import yaml
from babel.messages.pofile import read_po
from playwright.sync_api import Browser, Page, expect

from generator import build
from tests.browser.test_pages import open_page
from tests.browser.test_search import open_filters
from tests.conftest import REPO, TODAY
from tests.tools import free_port, nginx

PROFILES = 4000
PREFIX = "/pilar-teladan/"
OLD, NEW = "zamrudlama", "zamrudbaru"  # words on no page of the corpus
PROVINCES = REPO / "generator" / "data" / "provinces.yaml"
THEME_PO = REPO / "themes" / "default" / "locale" / "id" / "LC_MESSAGES" / "theme.po"
# Each rank's words in the theme (partials/macros.html), whose Indonesian the page shows.
RANKS = {
    "participant": "Participant",
    "1": "First place",
    "2": "Second place",
    "3": "Third place",
    "harapan-1": "Honourable mention I",
    "harapan-2": "Honourable mention II",
    "harapan-3": "Honourable mention III",
}


def _front(path: Path) -> dict[str, object]:
    return dict(yaml.safe_load(path.read_text("utf-8").split("---\n")[1]))


class Large:
    def __init__(self, root: Path) -> None:
        self.content, self.out, self.port = root / "content", root / "output", free_port()
        self.profiles = {p: _front(p) for p in sorted((self.content / "pillars").rglob("*.md"))}

    def build(self) -> None:
        url = f"http://127.0.0.1:{self.port}{PREFIX}"
        report = build(self.content, self.out, base_url=url, today=TODAY)
        assert report.ok and [p for p in report.problems if p.path == "search"] == []


@pytest.fixture(scope="module")
def large(tmp_path_factory: pytest.TempPathFactory) -> Iterator[tuple[Large, str]]:
    root = tmp_path_factory.mktemp("large")
    make = REPO / "benchmarks" / "make_corpus.py"
    subprocess.run([sys.executable, str(make), str(PROFILES), str(root)], check=True)
    site = Large(root)
    edited = next(p for p in site.profiles if "/2014/" in p.as_posix())
    edited.write_text(edited.read_text("utf-8") + f"\nKata {OLD} ada di sini.\n", "utf-8")
    site.build()
    with nginx(site.out, PREFIX, site.port) as url:
        yield site, url


def _open(browser: Browser, url: str) -> Page:
    visit = open_page(browser, url + "cari/", 1280)
    expect(visit.page.locator(".filters")).to_be_enabled()
    assert visit.failed == [] and visit.console_errors == []
    return visit.page


def _expect_found(page: Page, count: int) -> None:
    """The page says it found `count` results (counted over every part)."""
    said = f"{count} hasil" if count else re.compile("^Tidak ada hasil")
    expect(page.locator(".search-status")).to_have_text(said)


def _options(page: Page, name: str) -> dict[str, int]:
    """A filter's values and the counts its options show."""
    texts = page.locator(f'select[data-filter="{name}"] option').all_inner_texts()
    found = (re.fullmatch(r"(.+) \((\d+)\)", t) for t in texts)
    return {m.group(1): int(m.group(2)) for m in found if m}


def test_a_name_finds_its_page_in_whichever_part(
    browser: Browser, large: tuple[Large, str]
) -> None:
    site, url = large
    names = Counter(str(f["name"]) for f in site.profiles.values())
    for year in ("2010", "2017", "2025"):  # the first part, one merged into it, the last
        path, front = next(
            (p, f)
            for p, f in site.profiles.items()
            if str(f["year"]) == year and names[str(f["name"])] == 1
        )
        page = _open(browser, url)
        page.locator("#cari-q").fill(str(front["name"]))
        expect(page.locator(".search-results li").first).to_be_visible()
        first = page.locator(".search-results a").first.get_attribute("href")
        assert first == f"{PREFIX}pilar/{path.stem}/", (year, front["name"])
        page.context.close()


def test_the_filters_count_and_narrow_across_every_part(
    browser: Browser, large: tuple[Large, str]
) -> None:
    site, url = large
    provinces = {p["slug"]: p["name"] for p in yaml.safe_load(PROVINCES.read_text("utf-8"))}
    with THEME_PO.open("rb") as po:
        catalog = read_po(po)
    labels = {rank: str(catalog[words].string) for rank, words in RANKS.items()}
    facts = [
        (str(f["year"]), provinces[str(f["province"])], labels[str(f.get("rank", "participant"))])
        for f in site.profiles.values()
    ]
    page = _open(browser, url)
    chunks: set[str] = set()
    page.on("request", lambda r: chunks.add(r.url) if r.url.endswith(".pf_index") else None)
    # The reader opens the filters: the values come then, counted over every part.
    open_filters(page)
    assert _options(page, "tahun") == Counter(year for year, _, _ in facts)
    assert _options(page, "provinsi") == Counter(province for _, province, _ in facts)
    assert _options(page, "peringkat") == Counter(rank for _, _, rank in facts)
    assert sum(_options(page, "kategori").values()) == PROFILES
    province = Counter(province for _, province, _ in facts).most_common(1)[0][0]
    rank = labels["participant"]
    for chosen in (
        {"provinsi": province},
        {"provinsi": province, "peringkat": rank},
        {"provinsi": province, "peringkat": rank, "tahun": "2016"},
        {"provinsi": province, "peringkat": "", "tahun": "2016"},
    ):
        for name, value in chosen.items():
            page.locator(f'select[data-filter="{name}"]').select_option(value)
        wanted = sum(
            1
            for year, place, given in facts
            if place == province
            and chosen.get("peringkat", given) in (given, "")
            and chosen.get("tahun", year) == year
        )
        _expect_found(page, wanted)
    # Searches by filters alone fetch one index chunk of each part (the one of the word every
    # searched page has), not the whole index (Pagefind's search without words: 4.5 MB).
    parts = json.loads((site.out / "pagefind" / "parts.json").read_text("utf-8"))["id"]
    assert 0 < len(chunks) <= len(parts)
    page.context.close()


def test_an_inflected_indonesian_word_finds_its_root(
    browser: Browser, large: tuple[Large, str]
) -> None:
    site, url = large
    # The corpus says "mendampingi" (men- + damping + -i), never "didampingi".
    assert all("didampingi" not in p.read_text("utf-8") for p in site.profiles)
    page = _open(browser, url)
    page.locator("#cari-q").fill("didampingi")
    expect(page.locator(".search-status")).to_have_text(re.compile(r"^\d{3,} hasil"))
    page.context.close()


def test_an_edited_profiles_new_text_is_found_and_its_old_text_not(
    browser: Browser, large: tuple[Large, str]
) -> None:
    site, url = large
    edited = next(p for p in site.profiles if "/2014/" in p.as_posix())
    page = _open(browser, url)
    page.locator("#cari-q").fill(OLD)
    _expect_found(page, 1)
    page.context.close()
    edited.write_text(edited.read_text("utf-8").replace(OLD, NEW), "utf-8")
    site.build()
    page = _open(browser, url)
    page.locator("#cari-q").fill(NEW)
    _expect_found(page, 1)
    assert page.locator(".search-results a").first.get_attribute("href") == (
        f"{PREFIX}pilar/{edited.stem}/"
    )
    page.locator("#cari-q").fill(OLD)
    _expect_found(page, 0)
    page.context.close()
