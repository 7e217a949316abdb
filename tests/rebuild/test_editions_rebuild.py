"""Rebuilds of a site with an English edition: an edited, added or deleted translation (or an
edited original) rewrites exactly the pages showing the change, in each edition, and leaves the
site a fresh build would make."""

from __future__ import annotations

from pathlib import Path

from generator import BuildReport, build
from tests.conftest import TODAY, copy_fixture
from tests.rebuild.observe import readable

TRANSLATION = "---\nsummary: Citra teaches street children.\n---\nThe story of Citra.\n"


def _site(tmp_path: Path) -> Path:
    copy_fixture("full", tmp_path / "site")
    content = tmp_path / "site" / "content"
    site = content / "site.yaml"
    site.write_text(site.read_text().replace("language: id", "language: [id, en]"))
    (content / "pillars" / "2019" / "citra-dewi.en.md").write_text(TRANSLATION)
    return content


def _build(content: Path, out: Path) -> BuildReport:
    report = build(content, out, today=TODAY, search=False)
    assert report.ok, [p.format() for p in report.problems]
    return report


def _files(out: Path) -> dict[str, bytes]:
    return {p.relative_to(out).as_posix(): readable(p) for p in out.rglob("*") if p.is_file()}


def _edit_and_rebuild(tmp_path: Path, edit: object) -> tuple[set[str], dict[str, bytes]]:
    """Build, apply `edit` (a function of the content folder), build again: the files whose
    bytes changed, and the site; checked against a fresh build of the edited content."""
    content, out = _site(tmp_path), tmp_path / "out"
    _build(content, out)
    before = _files(out)
    edit(content)  # type: ignore[operator]
    report = _build(content, out)
    after = _files(out)
    _build(content, tmp_path / "fresh")
    assert after == _files(tmp_path / "fresh")
    changed = {p for p in after if before.get(p) != after[p]} | (before.keys() - after.keys())
    assert report.write is not None and set(report.write.written) == changed & after.keys()
    return changed, after


def _translation(content: Path) -> Path:
    return content / "pillars" / "2019" / "citra-dewi.en.md"


def test_an_edited_translated_story_rewrites_only_its_english_pages(tmp_path: Path) -> None:
    def edit(content: Path) -> None:
        _translation(content).write_text(TRANSLATION + "One more sentence.\n")

    changed, after = _edit_and_rebuild(tmp_path, edit)
    # The profile and the English year book, the two pages showing the whole story.
    assert changed == {"en/pilar/citra-dewi/index.html", "en/tahun/2019/buku/index.html"}
    assert b"One more sentence." in after["en/pilar/citra-dewi/index.html"]


def test_an_edited_translated_summary_reaches_every_english_page_showing_it(
    tmp_path: Path,
) -> None:
    def edit(content: Path) -> None:
        path = _translation(content)
        path.write_text(path.read_text().replace("teaches street", "teaches the street"))

    changed, after = _edit_and_rebuild(tmp_path, edit)
    showing = {p for p, data in after.items() if b"Citra teaches the street" in data}
    assert "en/pilar/citra-dewi/index.html" in showing
    # The pages showing it, and the open data holding summary_en; no page of the main edition.
    assert changed == showing | {"data/pilar.json", "data/pilar.csv"}


def test_a_translation_added_or_deleted_changes_its_english_page(tmp_path: Path) -> None:
    def add(content: Path) -> None:
        (content / "pillars" / "2019" / "ani-suryani.en.md").write_text(
            "---\n---\nAni in English.\n"
        )

    changed, after = _edit_and_rebuild(tmp_path, add)
    assert changed == {"en/pilar/ani-suryani/index.html", "en/tahun/2019/buku/index.html"}
    assert b"Ani in English." in after["en/pilar/ani-suryani/index.html"]

    def delete(content: Path) -> None:
        _translation(content).unlink()

    changed, after = _edit_and_rebuild(tmp_path / "again", delete)
    assert "en/pilar/citra-dewi/index.html" in changed
    assert not [p for p in changed if not p.startswith(("en/", "data/"))]
    assert b"Cerita Citra." in after["en/pilar/citra-dewi/index.html"]


def test_an_edited_original_name_reaches_both_editions(tmp_path: Path) -> None:
    def edit(content: Path) -> None:
        path = content / "pillars" / "2019" / "citra-dewi.md"
        path.write_text(path.read_text().replace("name: Citra Dewi", "name: Citra Kirana"))

    changed, after = _edit_and_rebuild(tmp_path, edit)
    assert changed == {p for p, data in after.items() if b"Citra Kirana" in data}
    assert {"pilar/citra-dewi/index.html", "en/pilar/citra-dewi/index.html"} <= changed
