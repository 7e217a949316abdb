"""The editor's faults found by a second staff review (issue 19), in Chromium with JavaScript:
an existing file's form shows the live problems of every field (not only those the person has
been at), the province list follows the year."""

from __future__ import annotations

from pathlib import Path

from playwright.sync_api import Browser, expect

from tests.browser.test_editor import _steady_page, preview

__all__ = ["preview"]  # (the fixture, shared with the editor's own browser tests)

PAPUA = "pillars/2023/yakomina-mahuze.md"  # (in Papua Selatan, a province formed in 2022)


def test_an_existing_forms_live_check_shows_a_field_not_yet_touched(
    browser: Browser, preview: tuple[str, Path]
) -> None:
    url, _ = preview
    page = _steady_page(browser)
    page.goto(f"{url}/_edit/{PAPUA}")
    expect(page.locator("#story-preview")).not_to_be_empty()  # (the script has run)
    expect(page.locator("p.error")).to_have_count(0)
    page.get_by_label("Tahun pemilihan (wajib)").fill("2019")
    province = page.get_by_label("Provinsi (wajib)")
    # the province, not touched, has a problem now: it is shown next to it
    expect(province).to_have_attribute("aria-invalid", "true")
    expect(page.locator("p.error", has_text="papua-selatan")).to_have_count(1)
    page.close()


def test_saved_is_said_once_a_reload_does_not_say_it_again(
    browser: Browser, preview: tuple[str, Path]
) -> None:
    url, _ = preview
    page = _steady_page(browser)
    page.goto(f"{url}/_edit/{PAPUA}")
    page.get_by_label("Ringkasan").fill("Ringkasan baru.")
    page.get_by_role("button", name="Simpan").click()
    expect(page.locator("p.saved")).to_contain_text("Tersimpan")
    expect(page).to_have_url(f"{url}/_edit/{PAPUA}")  # (the ?tersimpan=1 taken off)
    page.reload()
    expect(page.locator("#story-preview")).not_to_be_empty()
    expect(page.locator("p.saved")).to_have_count(0)
    page.close()


def test_a_new_profiles_name_in_use_is_said_at_the_file_name_as_typed(
    browser: Browser, preview: tuple[str, Path]
) -> None:
    url, _ = preview
    page = _steady_page(browser)
    page.goto(f"{url}/_edit/new/pilar/")
    expect(page.locator("#story-preview")).to_be_attached()
    page.get_by_label("Tahun pemilihan (wajib)").fill("2019")
    page.get_by_label("Nama (wajib)").fill("Ujang Saepudin")
    slug = page.get_by_label("Nama berkas (alamat halaman)")
    expect(slug).to_have_attribute("aria-invalid", "true")
    expect(page.locator("p.error", has_text="pillars/2019/ujang-saepudin.md")).to_have_count(1)
    page.close()
