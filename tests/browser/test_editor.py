"""The form editor of `teladan serve` in Chromium: usable without JavaScript, and axe-clean."""

from __future__ import annotations

import json
import re
import time
from collections.abc import Iterator
from pathlib import Path

import pytest
from playwright.sync_api import Browser, Page, expect

from tests.conftest import copy_warm
from tests.tools import preview as running_preview
from tests.tools import require_npm_file


@pytest.fixture
def preview(tmp_path: Path, warm_sample: Path, indonesian: None) -> Iterator[tuple[str, Path]]:
    """A preview of a copy of the sample (built before, as staff's is after their first
    preview), speaking Indonesian as it does for staff."""
    content = copy_warm(warm_sample, tmp_path)
    with running_preview(content) as process:
        yield f"http://127.0.0.1:{process.args[-1]}", content


def _goto_once_built(page: Page, address: str) -> None:
    """Open a page of the preview as soon as it has been rebuilt after a save."""
    deadline = time.monotonic() + 20
    while time.monotonic() < deadline:
        if page.goto(address).status == 200:  # type: ignore[union-attr]
            return
        time.sleep(0.3)


def _fill_too_early(page: Page) -> None:
    """A new profile in a province formed in 2022, for the selection of 2019."""
    page.get_by_label("Nama (wajib)").fill("Terlalu Awal")
    page.get_by_label("Kategori (wajib)").select_option("tksk")
    page.get_by_label("Provinsi (wajib)").select_option("papua-selatan")
    page.get_by_label("Tahun pemilihan (wajib)").fill("2019")


def _steady_page(browser: Browser) -> Page:
    """A page with JavaScript (axe needs it) but without livereload's script: its reload after
    the preview's start-up pass would swap the page out under the checks."""
    page = browser.new_page()
    page.route("**/livereload.js*", lambda route: route.abort())
    return page


def _axe_violations(page: Page) -> list[dict[str, object]]:
    page.add_script_tag(path=str(require_npm_file("axe-core/axe.min.js")))
    result = page.evaluate("async () => await axe.run(document)")
    return [
        {"id": v["id"], "help": v["help"], "nodes": [n["target"] for n in v["nodes"]][:5]}
        for v in result["violations"]
    ]


def test_a_new_profile_is_made_with_the_form_without_javascript(
    browser: Browser, preview: tuple[str, Path]
) -> None:
    url, content = preview
    context = browser.new_context(java_script_enabled=False, viewport={"width": 375, "height": 800})
    page = context.new_page()
    page.goto(url + "/_edit/")
    page.get_by_role("link", name="Profil baru").click()
    page.get_by_label("Nama (wajib)").fill("Dewi Formulir")
    page.get_by_label("Kategori (wajib)").select_option("tksk")
    page.get_by_label("Provinsi (wajib)").select_option("bali")
    page.get_by_label("Tahun pemilihan (wajib)").fill("2019")
    page.get_by_label("Ringkasan").fill("Pendamping warga: teladan #1 di desanya.")
    page.get_by_label("Prestasi").fill("Juara lomba desa\nPenggerak posyandu")
    page.get_by_label("Cerita (Markdown)").fill("Dewi **menggerakkan** warga.\n")
    page.get_by_role("button", name="Simpan").click()
    expect(page.get_by_role("status")).to_have_text(re.compile(r"^\s*Tersimpan"))
    assert (content / "pillars/2019/dewi-formulir.md").is_file()
    link = page.get_by_role("link", name="Lihat halamannya di pratinjau").get_attribute("href")
    _goto_once_built(page, f"{url}{link}")
    assert page.locator("h1").inner_text() == "Dewi Formulir"
    assert "menggerakkan" in page.locator("main").inner_text()
    context.close()


@pytest.mark.parametrize(
    "path", ["/_edit/", "/_edit/new/pilar/", "/_edit/pillars/2019/ujang-saepudin.md"]
)
def test_the_editor_pages_have_no_axe_violations(
    browser: Browser, preview: tuple[str, Path], path: str
) -> None:
    url, _ = preview
    page = _steady_page(browser)
    page.goto(url + path)
    assert page.locator("h1").count() == 1
    assert _axe_violations(page) == [], json.dumps(_axe_violations(page), indent=1)
    page.close()


def test_a_form_with_errors_has_no_axe_violations_and_ties_each_error(
    browser: Browser, preview: tuple[str, Path]
) -> None:
    url, content = preview
    page = _steady_page(browser)
    page.goto(url + "/_edit/new/pilar/")
    _fill_too_early(page)
    page.get_by_role("button", name="Simpan").click()
    province = page.get_by_label("Provinsi (wajib)")
    expect(province).to_have_attribute("aria-invalid", "true")
    described = (province.get_attribute("aria-describedby") or "").split()
    assert any(page.locator(f"#{d}").get_attribute("class") == "error" for d in described)
    assert page.get_by_label("Nama (wajib)").input_value() == "Terlalu Awal"
    assert not list((content / "pillars").rglob("terlalu-awal.md"))
    # the list offers only the provinces of the year typed
    assert page.locator("#e-province option[value=papua-tengah]").count() == 0
    assert _axe_violations(page) == [], json.dumps(_axe_violations(page), indent=1)
    page.close()


def test_a_hand_edit_while_the_form_is_open_is_kept_and_the_differences_shown(
    browser: Browser, preview: tuple[str, Path]
) -> None:
    url, content = preview
    file = content / "pillars/2019/ujang-saepudin.md"
    context = browser.new_context(java_script_enabled=False, viewport={"width": 375, "height": 800})
    page = context.new_page()
    page.goto(url + "/_edit/pillars/2019/ujang-saepudin.md")
    hand_edit = file.read_bytes().replace(b"since: 2009", b"since: 2008  # dicek ulang")
    file.write_bytes(hand_edit)  # as Notepad would, while the form is open
    page.get_by_label("Ringkasan").fill("Ringkasan <baru> dari formulir.")
    page.get_by_role("button", name="Simpan").click()
    expect(page.get_by_role("alert")).to_contain_text("diubah di luar formulir")
    assert file.read_bytes() == hand_edit
    diff = page.locator("pre.diff")
    # the form now holds the file as it is with the person's change on top: the hand edit
    # stays, and the differences are what one more Simpan would change
    assert diff.locator(".del", has_text="since: 2008  # dicek ulang").count() == 0
    assert diff.locator(".add", has_text="since: 2009").count() == 0
    assert page.get_by_label("Aktif sejak tahun").input_value() == "2008"
    assert diff.locator(".add", has_text="summary: Ringkasan <baru> dari formulir.").count() == 1
    assert "Hanya di versi Anda" in diff.locator(".add").first.text_content()  # type: ignore[operator]
    width = page.evaluate("document.documentElement.scrollWidth")
    assert width <= 375  # readable on a phone: the long lines wrap
    context.close()
    page = _steady_page(browser)  # the same refusal, checked by axe
    page.goto(url + "/_edit/pillars/2019/ujang-saepudin.md")
    file.write_bytes(hand_edit.replace(b"2008", b"2007"))
    page.get_by_label("Ringkasan").fill("Ringkasan lain.")  # (a change of the person's own)
    page.get_by_role("button", name="Simpan").click()
    expect(page.locator("pre.diff")).to_have_count(1)
    assert _axe_violations(page) == [], json.dumps(_axe_violations(page), indent=1)
    page.close()
