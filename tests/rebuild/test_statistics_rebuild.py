"""The statistics page after an edit: a rebuild shows the new numbers, as a fresh build does."""

from __future__ import annotations

from pathlib import Path

from generator import BuildReport, build
from tests.conftest import TODAY, copy_fixture

PAGE = "statistik/index.html"


def _build(content: Path, out: Path) -> BuildReport:
    report = build(content, out, today=TODAY, search=False)
    assert report.ok, [p.format() for p in report.problems]
    return report


def test_a_profiles_new_category_changes_the_statistics_as_a_fresh_build_shows_them(
    tmp_path: Path,
) -> None:
    copy_fixture("full", tmp_path / "site")
    content, out = tmp_path / "site" / "content", tmp_path / "out"
    _build(content, out)
    before = (out / PAGE).read_bytes()
    profile = content / "pillars" / "2019" / "citra-dewi.md"
    profile.write_text(profile.read_text().replace("category: psm", "category: tksk"))
    report = _build(content, out)
    assert report.write is not None and PAGE in report.write.written
    after = (out / PAGE).read_bytes()
    assert after != before
    _build(content, tmp_path / "fresh")
    assert after == (tmp_path / "fresh" / PAGE).read_bytes()


def test_a_story_edit_keeps_the_statistics_page_as_it_was(tmp_path: Path) -> None:
    copy_fixture("full", tmp_path / "site")
    content, out = tmp_path / "site" / "content", tmp_path / "out"
    _build(content, out)
    before = (out / PAGE).read_bytes()
    profile = content / "pillars" / "2019" / "citra-dewi.md"
    profile.write_text(profile.read_text() + "\nSatu kalimat lagi.\n")
    report = _build(content, out)
    assert report.write is not None and report.write.written  # (the profile's page)
    assert PAGE not in report.write.written and (out / PAGE).read_bytes() == before
