"""The editor's checks as you type, in Chromium with JavaScript: problems appear next to their
field without submitting and go once fixed, the story's preview is the site's sanitised HTML,
and the form stays axe-clean with a live problem shown."""

from __future__ import annotations

import json
from pathlib import Path

from playwright.sync_api import Browser, expect

from tests.browser.test_editor import _axe_violations, _fill_too_early, _steady_page, preview

__all__ = ["preview"]  # (the fixture, shared with the editor's own browser tests)


def test_a_wrong_province_for_the_year_is_shown_as_typed_and_goes_once_fixed(
    browser: Browser, preview: tuple[str, Path]
) -> None:
    url, content = preview
    page = _steady_page(browser)
    page.goto(url + "/_edit/new/pilar/")
    _fill_too_early(page)
    province = page.get_by_label("Provinsi (wajib)")
    expect(province).to_have_attribute("aria-invalid", "true")
    expect(page.locator("p.error", has_text="papua-selatan")).to_have_count(1)
    # only the fields the person has been at: none was left empty
    expect(page.locator("p.error")).to_have_count(1)
    described = (province.get_attribute("aria-describedby") or "").split()
    errors = [d for d in described if page.locator(f"#{d}").get_attribute("class") == "error"]
    assert errors and "papua-selatan" in page.locator(f"#{errors[0]}").inner_text()
    expect(page.locator("#check-summary")).to_have_attribute("aria-live", "polite")
    expect(page.get_by_role("status")).to_contain_text("masalah")
    # the list now offers only 2019's provinces (the choice made stays, marked unknown)
    assert page.locator("#e-province option[value=papua-tengah]").count() == 0
    assert page.url.endswith("/_edit/new/pilar/")  # nothing was submitted
    assert _axe_violations(page) == [], json.dumps(_axe_violations(page), indent=1)
    page.get_by_label("Tahun pemilihan (wajib)").fill("2023")
    expect(province).not_to_have_attribute("aria-invalid", "true")
    expect(page.locator("p.error")).to_have_count(0)
    assert page.locator("#e-province option[value=papua-tengah]").count() == 1
    assert "x-province" not in (province.get_attribute("aria-describedby") or "")
    assert not list((content / "pillars").rglob("terlalu-awal.md"))
    page.close()


def test_the_story_preview_shows_markdown_and_never_runs_a_script(
    browser: Browser, preview: tuple[str, Path]
) -> None:
    url, _ = preview
    page = _steady_page(browser)
    ran: list[str] = []
    page.on("dialog", lambda dialog: (ran.append(dialog.message), dialog.dismiss()))
    page.goto(url + "/_edit/pillars/2019/ujang-saepudin.md")
    preview_panel = page.locator("#story-preview")
    expect(preview_panel).not_to_be_empty()  # the story as it is, at once
    page.get_by_label("Cerita (Markdown)").fill(
        "Ia **menggerakkan** warga.\n\n- satu\n- dua\n\n<script>alert(1)</script>\n\n"
        "<img src=x onerror=alert(2)>\n"
    )
    expect(preview_panel.locator("strong")).to_have_text("menggerakkan")
    expect(preview_panel.locator("li")).to_have_count(2)
    assert preview_panel.locator("script").count() == 0
    assert "onerror" not in preview_panel.inner_html()
    page.wait_for_timeout(300)  # (time for an alert to show if one were ever run)
    assert ran == []
    # (an image without alt text in the story is the story's problem: axe checks the form)
    page.get_by_label("Cerita (Markdown)").fill("Ia **menggerakkan** warga.\n")
    expect(preview_panel.locator("img")).to_have_count(0)
    assert _axe_violations(page) == [], json.dumps(_axe_violations(page), indent=1)
    page.close()
