"""The year book (issue 23): the sample's 2019 book printed to PDF by Chromium on A4, read back
with pypdf; its QR codes against the codes made for each profile's address; Nu and axe."""

from __future__ import annotations

import io
import json
import re
import unicodedata
from pathlib import Path

import pypdf
import pytest
import zxingcpp
from PIL import Image
from playwright.sync_api import Browser

from tests.browser.test_pages import open_page
from tests.conftest import REPO
from tests.tools import nu_errors, require_npm_file

BOOK = "tahun/2019/buku/"
A4 = (595.92, 842.88)  # points


def _winners_2019() -> list[tuple[str, str]]:
    """(slug, name) of every published 2019 winner, read from the content files."""
    found = []
    for path in sorted((REPO / "content" / "pillars").glob("*/*.md"), key=lambda p: p.name):
        fields = path.read_text("utf-8").split("---\n")[1]
        if path.stem.count(".") or re.search(r"^draft: true", fields, re.MULTILINE):
            continue  # (a translation, a draft)
        if not re.search(r"^(  - )?year: 2019$", fields, re.MULTILINE):
            continue  # (a winner of other years only; awards: may list 2019 too)
        name = re.search(r"^name: (.+)$", fields, re.MULTILINE)
        assert name is not None
        found.append((path.stem, name.group(1).strip()))
    return found


@pytest.fixture(scope="module")
def printed(browser: Browser, site_url: str) -> tuple[pypdf.PdfReader, list[dict[str, str]]]:
    """The book as Chromium prints it (A4), and each winner's sheet as the page shows it."""
    visit = open_page(browser, site_url + BOOK, 1280)
    page = visit.page
    sheets = page.evaluate(
        """() => [...document.querySelectorAll('article.book-winner')].map(a => ({
            slug: a.id,
            name: a.querySelector('h3').textContent,
            address: a.querySelector('.book-address').textContent,
        }))"""
    )
    pdf = page.pdf(format="A4")
    assert visit.console_errors == [] and visit.failed == [] and visit.foreign == []
    page.context.close()
    return pypdf.PdfReader(io.BytesIO(pdf)), sheets


def test_the_book_prints_every_winner_on_a_sheet_of_their_own(
    printed: tuple[pypdf.PdfReader, list[dict[str, str]]], site_url: str
) -> None:
    reader, sheets = printed
    winners = _winners_2019()
    pages = reader.pages
    assert all(
        (round(float(p.mediabox.width), 0), round(float(p.mediabox.height), 0))
        == (round(A4[0]), round(A4[1]))
        for p in pages
    )
    # (NFKC: the PDF's fonts print "fi" as one ligature)
    texts = [unicodedata.normalize("NFKC", p.extract_text()) for p in pages]
    # Cover, contents and introduction, then each winner on one sheet or more.
    assert len(winners) + 3 <= len(pages) <= 3 * len(winners) + 3
    assert "2019" in texts[0] and "Daftar isi" in texts[1] and "Pengantar" in texts[2]
    # Running header (the year) and footer (page numbers) on every page but the cover.
    for number, text in enumerate(texts[1:], 2):
        assert "Pilar-pilar Sosial Teladan 2019" in text and f"{number} / {len(pages)}" in text
    # Every winner starts a new page: the sheet's anchor is at the top of its page, each on a
    # page of its own, in the order of the contents.
    destinations = reader.named_destinations
    starts = []
    for slug, name in winners:
        assert slug in [s["slug"] for s in sheets]
        where = destinations[f"/{slug}"]
        number = reader.get_destination_page_number(where)
        assert float(where["/Top"]) > 0.9 * A4[1], (slug, where["/Top"])
        assert name in texts[number].replace("\n", " "), (name, number)
        starts.append(number)
    in_book_order = [
        reader.get_destination_page_number(destinations[f"/{s['slug']}"]) for s in sheets
    ]
    assert sorted(starts) == in_book_order and len(set(starts)) == len(starts)
    assert {s["name"] for s in sheets} == {name for _, name in winners}
    # Each winner's sheet (to the next winner's) prints the profile's full address.
    ends = [*in_book_order[1:], len(pages)]
    for sheet, start, end in zip(sheets, in_book_order, ends, strict=True):
        address = f"{site_url}pilar/{sheet['slug']}/"
        assert sheet["address"] == address
        printed_text = "".join(texts[start:end]).replace("\n", "")
        assert address in printed_text, sheet["slug"]


def test_each_qr_code_reads_as_its_profiles_full_address(browser: Browser, site_url: str) -> None:
    """Each sheet's code as Chromium draws it on screen, read back by a QR reader."""
    visit = open_page(browser, site_url + BOOK, 1280)
    sheets = visit.page.locator("article.book-winner")
    assert sheets.count() == len(_winners_2019())
    for sheet in sheets.all():
        slug = sheet.get_attribute("id")
        shot = Image.open(io.BytesIO(sheet.locator("svg.qr").screenshot()))
        read = zxingcpp.read_barcodes(shot, formats=zxingcpp.BarcodeFormat.QRCode)
        assert [r.text for r in read] == [f"{site_url}pilar/{slug}/"], slug
        assert read[0].ec_level == "M", slug  # (a fold or a smudge across it still reads)
    visit.page.context.close()


def test_the_year_page_links_the_book(browser: Browser, site_url: str) -> None:
    visit = open_page(browser, site_url + "tahun/2019/", 375)
    link = visit.page.get_by_role("link", name="Cetak buku tahun ini")
    link.click()
    visit.page.wait_for_url(site_url + BOOK)
    assert visit.page.locator("h1").inner_text() == "Buku Pilar-pilar Sosial Teladan 2019"
    visit.page.context.close()


@pytest.mark.parametrize("width", [375, 1280])
def test_axe_finds_nothing_on_the_book(browser: Browser, site_url: str, width: int) -> None:
    axe = require_npm_file("axe-core/axe.min.js")
    visit = open_page(browser, site_url + BOOK, width)
    visit.page.add_script_tag(path=str(axe))
    result = visit.page.evaluate("async () => await axe.run(document)")
    violations = [{"id": v["id"], "nodes": [n["target"] for n in v["nodes"]][:5]} for v in result["violations"]]  # fmt: skip
    assert violations == [], json.dumps(violations, indent=1)
    visit.page.context.close()


def test_nu_finds_nothing_on_the_book(sample_output: tuple[Path, int]) -> None:
    out, _ = sample_output
    assert nu_errors(out / BOOK) == []


def test_each_qr_code_prints_with_its_sheet_in_the_bodys_font(
    printed: tuple[pypdf.PdfReader, list[dict[str, str]]],
) -> None:
    reader, _sheets = printed
    for number, page in enumerate(reader.pages, 1):
        text = unicodedata.normalize("NFKC", page.extract_text())
        if "kode QR" not in text:
            continue
        # Besides the QR code's own words, the header and the page number: some of the profile.
        rest = text.split("Pindai kode QR")[0]
        rest = rest.replace("Pilar-pilar Sosial Teladan 2019", "")
        rest = re.sub(r"\d+ / \d+", "", rest)
        assert rest.strip(), f"page {number} holds only a QR code"
    # The running header and the page numbers in the body's (sans-serif) font.
    fonts = {
        str(font.get_object()["/BaseFont"])
        for page in reader.pages
        for font in (page["/Resources"].get_object().get("/Font") or {}).values()
    }
    assert fonts and not [f for f in fonts if "Serif" in f or "Times" in f], fonts


def test_a_winners_name_prints_larger_than_the_headings_of_their_story(
    browser: Browser, site_url: str
) -> None:
    visit = open_page(browser, site_url + BOOK, 1280)
    visit.page.emulate_media(media="print")
    larger = visit.page.evaluate(
        """() => [...document.querySelectorAll('article.book-winner')].map(a => {
            const size = e => parseFloat(getComputedStyle(e).fontSize);
            const name = size(a.querySelector('h3'));
            const heads = [...a.querySelectorAll('.book-story h2, .book-story h3, h4')];
            return [a.id, heads.length, heads.every(h => size(h) < name)];
        })"""
    )
    visit.page.context.close()
    assert any(count for _slug, count, _ok in larger)
    assert [slug for slug, _count, ok in larger if not ok] == []
