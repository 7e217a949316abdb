"""Saving a form in Chromium changes only the field changed: the comment ending its line, a
field added by hand, every other byte and the story below the front matter are kept; a save the
checks refuse changes nothing."""

from __future__ import annotations

import re
from pathlib import Path

from playwright.sync_api import Browser, expect

from tests.browser.test_editor import _steady_page, preview  # noqa: F401  (the fixture)
from tests.workflow.test_editor import HAND_WRITTEN, PROFILE, STORY

# the editor's hand-written profile, its summary's line ending in a comment
COMMENTED = HAND_WRITTEN.replace("summary: Ringkasan lama.", "summary: Ringkasan lama.  # rapat")


def test_editing_a_summary_keeps_the_comment_the_hand_added_field_and_the_story(
    browser: Browser,
    preview: tuple[str, Path],  # noqa: F811
) -> None:
    url, content = preview
    file = content / PROFILE
    file.write_bytes(COMMENTED.encode())
    page = _steady_page(browser)  # (with JavaScript: the checks as you type run too)
    page.goto(f"{url}/_edit/{PROFILE}")
    summary = page.get_by_label("Ringkasan")
    assert summary.input_value() == "Ringkasan lama."
    summary.fill("Ringkasan baru dari formulir.")
    page.get_by_role("button", name="Simpan").click()
    expect(page.locator(".saved")).to_have_text(re.compile(r"^\s*Tersimpan"))
    saved = file.read_bytes()
    expected = COMMENTED.replace("Ringkasan lama.", "Ringkasan baru dari formulir.")
    assert saved == expected.encode()  # only the summary's words changed, its comment kept
    assert saved.endswith(b"---\r\n" + STORY.encode())  # the story byte for byte
    page.close()


def test_a_mistyped_province_is_shown_next_to_its_field_and_nothing_is_written(
    browser: Browser,
    preview: tuple[str, Path],  # noqa: F811
) -> None:
    url, content = preview
    file = content / PROFILE
    mistyped = HAND_WRITTEN.replace("province: jawa-barat", "province: jawa-barar").encode()
    file.write_bytes(mistyped)  # (the form's list offers only real provinces: typed by hand)
    context = browser.new_context(java_script_enabled=False, viewport={"width": 375, "height": 800})
    page = context.new_page()
    page.goto(f"{url}/_edit/{PROFILE}")
    page.get_by_label("Ringkasan").fill("Ringkasan yang tidak tersimpan.")
    page.get_by_role("button", name="Simpan").click()
    province = page.get_by_label("Provinsi (wajib)")
    expect(province).to_have_attribute("aria-invalid", "true")
    described = (province.get_attribute("aria-describedby") or "").split()
    errors = [page.locator(f"#{d}") for d in described if d.startswith("x-province")]
    assert errors and "jawa-barar" in errors[0].inner_text()
    assert page.get_by_label("Ringkasan").input_value() == "Ringkasan yang tidak tersimpan."
    assert file.read_bytes() == mistyped
    context.close()
