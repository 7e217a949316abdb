"""Delete and restore in the editor, in Chromium without JavaScript; the pages axe-clean."""

from __future__ import annotations

import json
import re
from pathlib import Path

from playwright.sync_api import Browser, expect

from tests.browser.test_editor import _axe_violations, _steady_page, preview  # noqa: F401

PROFILE = "pillars/2019/lalu-muhammad-hasbi.md"
PHOTO = "pillars/2019/lalu-muhammad-hasbi.jpg"


def test_delete_and_restore_without_javascript(
    browser: Browser,
    preview: tuple[str, Path],  # noqa: F811
) -> None:
    url, content = preview
    profile, photo = (content / PROFILE).read_bytes(), (content / PHOTO).read_bytes()
    context = browser.new_context(java_script_enabled=False, viewport={"width": 375, "height": 800})
    page = context.new_page()
    page.goto(f"{url}/_edit/{PROFILE}")
    page.get_by_role("button", name="Hapus").click()
    # (a click returns once the answer starts to arrive: each step waits for the page it brings)
    expect(page.locator("h1")).to_have_text(f"Yakin hapus {PROFILE}?")
    assert (content / PROFILE).is_file()
    page.get_by_role("button", name="Ya, pindahkan ke tempat sampah").click()
    expect(page.locator("h1")).to_have_text("Tempat sampah")
    assert not (content / PROFILE).exists() and not (content / PHOTO).exists()
    page.get_by_role("button", name=f"Pulihkan {PROFILE}").click()
    expect(page).to_have_url(re.compile(r"\?dipulihkan=1$"))
    assert (content / PROFILE).read_bytes() == profile
    assert (content / PHOTO).read_bytes() == photo
    context.close()


def test_the_confirmation_and_the_trash_have_no_axe_violations(
    browser: Browser,
    preview: tuple[str, Path],  # noqa: F811
) -> None:
    url, _ = preview
    page = _steady_page(browser)
    page.goto(f"{url}/_edit/{PROFILE}")
    page.get_by_role("button", name="Hapus").click()
    expect(page.locator("h1")).to_have_text(f"Yakin hapus {PROFILE}?")
    assert _axe_violations(page) == [], json.dumps(_axe_violations(page), indent=1)
    page.get_by_role("button", name="Ya, pindahkan ke tempat sampah").click()
    expect(page.get_by_role("button", name=f"Pulihkan {PROFILE}")).to_have_count(1)
    assert _axe_violations(page) == [], json.dumps(_axe_violations(page), indent=1)
    page.close()


def test_the_selection_and_free_page_forms_have_no_axe_violations(
    browser: Browser,
    preview: tuple[str, Path],  # noqa: F811
) -> None:
    url, _ = preview
    page = _steady_page(browser)
    for path in ("selections/2019.md", "pages/tentang.md"):
        page.goto(f"{url}/_edit/{path}")
        assert page.get_by_label("Judul (wajib)").input_value()
        assert _axe_violations(page) == [], json.dumps(_axe_violations(page), indent=1)
    page.close()
