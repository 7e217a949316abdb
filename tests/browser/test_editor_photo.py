"""Photo uploads in the form editor, in Chromium: a profile made with its photo from the form
(without JavaScript), a PDF named .jpg refused, and the form with a photo axe-clean."""

from __future__ import annotations

import io
import json
import re
import time
from pathlib import Path

from PIL import Image
from playwright.sync_api import Browser, Locator, Page, expect

from tests.browser.test_editor import (
    _axe_violations,
    _goto_once_built,
    _steady_page,
    preview,  # noqa: F401  (the fixture)
)


def _jpeg() -> bytes:
    out = io.BytesIO()
    Image.new("RGB", (90, 120), (30, 120, 60)).save(out, "JPEG")
    return out.getvalue()


def _loaded_width(image: Locator) -> int:
    """The width of the picture the browser got (0: none), once it has finished loading."""
    deadline = time.monotonic() + 10
    while not image.evaluate("img => img.complete") and time.monotonic() < deadline:
        time.sleep(0.1)
    return int(image.evaluate("img => img.naturalWidth"))


def _fill_new_profile(page: Page, name: str) -> None:
    page.get_by_label("Nama (wajib)").fill(name)
    page.get_by_label("Kategori (wajib)").select_option("tksk")
    page.get_by_label("Provinsi (wajib)").select_option("bali")
    page.get_by_label("Tahun pemilihan (wajib)").fill("2019")
    page.get_by_label("Keterangan foto").fill(f"{name} di posyandu")


def test_a_new_profile_with_its_photo_is_made_from_the_form(
    browser: Browser,
    preview: tuple[str, Path],  # noqa: F811
) -> None:
    url, content = preview
    context = browser.new_context(java_script_enabled=False, viewport={"width": 375, "height": 800})
    page = context.new_page()
    page.goto(url + "/_edit/new/pilar/")
    _fill_new_profile(page, "Rina Berfoto")
    page.get_by_label("Foto", exact=True).set_input_files(
        {"name": "IMG_0001.jpg", "mimeType": "image/jpeg", "buffer": _jpeg()}
    )
    page.get_by_role("button", name="Simpan").click()
    expect(page.get_by_role("status")).to_have_text(re.compile(r"^\s*Tersimpan"))
    assert (content / "pillars/2019/rina-berfoto.jpg").read_bytes() == _jpeg()
    written = (content / "pillars/2019/rina-berfoto.md").read_text("utf-8")
    assert "photo: rina-berfoto.jpg\n" in written
    shown = page.get_by_role("img", name="Rina Berfoto di posyandu")
    assert _loaded_width(shown) == 90  # the web version
    link = page.get_by_role("link", name="Lihat halamannya di pratinjau").get_attribute("href")
    _goto_once_built(page, f"{url}{link}")
    photo = page.locator("main").get_by_role("img", name="Rina Berfoto di posyandu")
    assert _loaded_width(photo) > 0
    context.close()


def test_a_pdf_named_jpg_is_refused_next_to_the_photo_field(
    browser: Browser,
    preview: tuple[str, Path],  # noqa: F811
) -> None:
    url, content = preview
    before = sorted(p.name for p in (content / "pillars/2019").iterdir())
    page = _steady_page(browser)
    page.goto(url + "/_edit/new/pilar/")
    _fill_new_profile(page, "Berkas Palsu")
    page.get_by_label("Foto", exact=True).set_input_files(
        {"name": "foto.jpg", "mimeType": "image/jpeg", "buffer": b"%PDF-1.4\n%%EOF\n"}
    )
    page.get_by_role("button", name="Simpan").click()
    control = page.get_by_label("Foto", exact=True)
    expect(control).to_have_attribute("aria-invalid", "true")
    described = (control.get_attribute("aria-describedby") or "").split()
    errors = [page.locator(f"#{d}") for d in described if d.startswith("x-")]
    assert errors and "bukan gambar JPEG, PNG atau WebP" in errors[0].inner_text()
    assert sorted(p.name for p in (content / "pillars/2019").iterdir()) == before
    assert _axe_violations(page) == [], json.dumps(_axe_violations(page), indent=1)
    page.close()


def test_the_form_of_a_profile_shows_its_photo(
    browser: Browser,
    preview: tuple[str, Path],  # noqa: F811
) -> None:
    url, _ = preview
    page = _steady_page(browser)
    page.goto(f"{url}/_edit/pillars/2019/ujang-saepudin.md")
    shown = page.get_by_role("img", name="Ilustrasi abstrak untuk profil contoh Ujang Saepudin")
    assert _loaded_width(shown) > 0
    page.close()


def test_a_photo_dropped_on_the_form_is_uploaded(
    browser: Browser,
    preview: tuple[str, Path],  # noqa: F811
) -> None:
    url, content = preview
    page = _steady_page(browser)
    page.goto(url + "/_edit/new/pilar/")
    _fill_new_profile(page, "Tono Diseret")
    assert page.locator("#photo-dropped").inner_text() == "Atau seret foto ke bagian ini."
    page.evaluate(
        """async (bytes) => {
            const dropped = new DataTransfer();
            const file = new File([new Uint8Array(bytes)], "seret.jpg", {type: "image/jpeg"});
            dropped.items.add(file);
            const zone = document.getElementById("photo-drop");
            zone.dispatchEvent(new DragEvent("dragover", {dataTransfer: dropped, bubbles: true}));
            zone.dispatchEvent(new DragEvent("drop", {dataTransfer: dropped, bubbles: true}));
        }""",
        list(_jpeg()),
    )
    assert page.locator("#photo-dropped").inner_text() == "Foto dipilih: seret.jpg"
    page.get_by_role("button", name="Simpan").click()
    # With the script on, the page also has the checks' live region (empty): two statuses.
    expect(page.get_by_role("status").filter(has_text="Tersimpan")).to_have_count(1)
    assert (content / "pillars/2019/tono-diseret.jpg").read_bytes() == _jpeg()
    page.close()
