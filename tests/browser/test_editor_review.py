"""The editor's faults a communications officer found in review (issue 19), in Chromium: typed
work is never thrown away by the page itself."""

from __future__ import annotations

import re
from pathlib import Path

from playwright.sync_api import Browser, expect

from tests.browser.test_editor import preview  # noqa: F401  (the fixture)

PROFILE = "pillars/2019/ujang-saepudin.md"


def test_typed_work_survives_a_file_saved_elsewhere_and_leaving_asks_first(
    browser: Browser,
    preview: tuple[str, Path],  # noqa: F811
) -> None:
    url, content = preview
    page = browser.new_page()
    page.goto(f"{url}/_edit/{PROFILE}")
    page.get_by_label("Ringkasan").fill("Ketikan yang tidak boleh hilang.")
    # a colleague's save, then a hand edit of this very file: the preview rebuilds each time
    other = content / "pillars/2019/benediktus-moa.md"
    other.write_bytes(other.read_bytes() + b"\nDitambah rekan.\n")
    file = content / PROFILE
    file.write_bytes(file.read_bytes().replace(b"since: 2009", b"since: 2008"))
    notice = page.locator("#changed-on-disk")
    notice.wait_for(state="visible", timeout=20_000)
    assert "diubah di luar formulir" in notice.inner_text()
    assert page.get_by_label("Ringkasan").input_value() == "Ketikan yang tidak boleh hilang."
    asked: list[str] = []
    page.on("dialog", lambda dialog: (asked.append(dialog.type), dialog.dismiss()))  # (stay)
    with page.expect_event("dialog"):
        page.get_by_role("link", name="Kembali ke daftar").click(no_wait_after=True)
    assert asked == ["beforeunload"] and page.url.endswith(PROFILE)
    page.close()


def test_an_untouched_or_sent_form_leaves_without_asking(
    browser: Browser,
    preview: tuple[str, Path],  # noqa: F811
) -> None:
    url, _ = preview
    page = browser.new_page()
    asked: list[str] = []
    page.on("dialog", lambda dialog: (asked.append(dialog.type), dialog.accept()))
    page.goto(f"{url}/_edit/{PROFILE}")
    page.get_by_role("link", name="Kembali ke daftar").click()
    page.wait_for_url(f"{url}/_edit/")
    page.goto(f"{url}/_edit/{PROFILE}")
    page.get_by_label("Ringkasan").fill("Disimpan.")
    page.get_by_role("button", name="Simpan").click()
    # (saved: the form comes back saying so, and its script takes ?tersimpan=1 off the
    # address at once, so the address is not what to wait for)
    expect(page.locator("p.saved")).to_contain_text("Tersimpan")
    expect(page).to_have_url(f"{url}/_edit/{PROFILE}")
    assert asked == []
    page.close()


def test_a_refused_save_is_seen_at_once_on_a_phone_with_or_without_javascript(
    browser: Browser,
    preview: tuple[str, Path],  # noqa: F811
) -> None:
    url, _ = preview
    for script in (False, True):
        context = browser.new_context(
            java_script_enabled=script, viewport={"width": 360, "height": 640}
        )
        page = context.new_page()
        page.goto(f"{url}/_edit/{PROFILE}")
        page.get_by_label("Tahun pemilihan (wajib)").fill("dua ribu")
        page.get_by_role("button", name="Simpan").click()
        # (the click returns once the answer starts to arrive: wait for the page it brings)
        expect(page).to_have_title(re.compile("^Belum disimpan: "))
        alert = page.get_by_role("alert")
        expect(page.locator("#error-summary")).to_be_focused()
        box = alert.bounding_box()
        assert box is not None and 0 <= box["y"] < 640
        alert.get_by_role("link", name="Tahun pemilihan").first.click()
        expect(page.locator("#e-year")).to_be_focused()
        context.close()


def test_a_photo_too_large_or_not_an_image_is_refused_when_chosen(
    browser: Browser,
    preview: tuple[str, Path],  # noqa: F811
) -> None:
    url, _ = preview
    page = browser.new_page()
    page.goto(f"{url}/_edit/new/pilar/")
    picker = page.locator("#e-photo")
    large = {"name": "besar.jpg", "mimeType": "image/jpeg", "buffer": b"\xff" * 20_000_001}
    picker.set_input_files(large)  # type: ignore[arg-type]
    said = page.locator("#photo-chosen")
    assert "lebih dari 20 MB" in said.inner_text() and "besar.jpg" in said.inner_text()
    assert page.evaluate("document.getElementById('e-photo').files.length") == 0
    assert picker.get_attribute("aria-invalid") == "true"
    assert "photo-chosen" in (picker.get_attribute("aria-describedby") or "")
    pdf = {"name": "surat.pdf", "mimeType": "application/pdf", "buffer": b"%PDF-1.4"}
    picker.set_input_files(pdf)  # type: ignore[arg-type]
    assert "bukan gambar" in said.inner_text()
    small = {"name": "foto.jpg", "mimeType": "image/jpeg", "buffer": b"\xff\xd8\xff"}
    picker.set_input_files(small)  # type: ignore[arg-type]
    assert said.count() == 0 and picker.get_attribute("aria-invalid") is None
    assert page.evaluate("document.getElementById('e-photo').files.length") == 1
    page.close()


def test_the_list_is_read_on_a_phone_without_sideways_scrolling(
    browser: Browser,
    preview: tuple[str, Path],  # noqa: F811
) -> None:
    url, _ = preview
    context = browser.new_context(viewport={"width": 360, "height": 640})
    page = context.new_page()
    page.goto(f"{url}/_edit/")
    assert page.evaluate("document.documentElement.scrollWidth") <= 360
    page.get_by_label("Provinsi").select_option(label="Nusa Tenggara Timur")
    page.get_by_role("button", name="Saring").click()
    expect(page).to_have_url(re.compile("province=nusa-tenggara-timur"))
    assert page.evaluate("document.documentElement.scrollWidth") <= 360
    context.close()
