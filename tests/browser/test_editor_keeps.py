"""Saving a form in Chromium changes only the field changed: the comment ending its line, a
field added by hand, every other byte and the story below the front matter are kept."""

from __future__ import annotations

from pathlib import Path

from playwright.sync_api import Browser

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
    assert page.locator(".saved").inner_text().startswith("Tersimpan")
    saved = file.read_bytes()
    expected = COMMENTED.replace("Ringkasan lama.", "Ringkasan baru dari formulir.")
    assert saved == expected.encode()  # only the summary's words changed, its comment kept
    assert saved.endswith(b"---\r\n" + STORY.encode())  # the story byte for byte
    page.close()
