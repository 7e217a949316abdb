"""`teladan import`: a row naming a pillar already on file adds an award to that profile."""

from __future__ import annotations

import csv
import datetime
from pathlib import Path

from generator import check
from generator.importer import import_spreadsheet
from tests.unit.test_import import CATEGORIES, HEADINGS

TODAY = datetime.date(2026, 11, 28)
HAND_WRITTEN = (
    "---\n"
    "# Catatan redaksi: profil ini ditulis tangan.\n"
    "name: Siti Aminah\n"
    "category: tksk\n"
    "province: jawa-barat   # provinsi asal\n"
    "year: 2019\n"
    "rank: 2\n"
    "summary: Ringkasan.\n"
    "---\n"
    "Kisahnya, ditulis tangan.\n"
)


def _content(tmp_path: Path) -> Path:
    folder = tmp_path / "content"
    (folder / "pillars" / "2019").mkdir(parents=True)
    (folder / "categories.yaml").write_text(CATEGORIES, encoding="utf-8")
    (folder / "site.yaml").write_text("title: T\nbase_url: https://example.org/\n")
    (folder / "pillars/2019/siti-aminah.md").write_text(HAND_WRITTEN, encoding="utf-8")
    return folder


def _csv(path: Path, *rows: list[object]) -> Path:
    with path.open("w", newline="", encoding="utf-8") as handle:
        csv.writer(handle).writerows([HEADINGS, *rows])
    return path


def test_reimporting_a_known_pillar_adds_an_award_and_keeps_the_file(tmp_path: Path) -> None:
    content = _content(tmp_path)
    sheet = _csv(tmp_path / "2023.csv", ["Siti Aminah", "TKSK", "Jawa Barat", 2023, 1, "Garut"])
    report = import_spreadsheet(sheet, content, today=TODAY)
    assert report.ok, [p.format() for p in report.problems]
    assert report.created == () and report.updated == ("pillars/2019/siti-aminah.md",)
    assert any("award is added to this profile" in note for note in report.notes)
    text = (content / "pillars/2019/siti-aminah.md").read_text("utf-8")
    assert text == (
        "---\n"
        "# Catatan redaksi: profil ini ditulis tangan.\n"
        "name: Siti Aminah\n"
        "province: jawa-barat   # provinsi asal\n"
        "summary: Ringkasan.\n"
        "awards:\n"
        "  - year: 2019\n    category: tksk\n    rank: 2\n"
        "  - year: 2023\n    category: tksk\n    rank: 1\n"
        "---\n"
        "Kisahnya, ditulis tangan.\n"
    )
    assert not (content / "pillars/2023").exists()
    assert check(content, today=TODAY).ok
    # Imported again: the award is there already.
    again = import_spreadsheet(sheet, content, today=TODAY)
    assert again.ok and again.unchanged == ("pillars/2019/siti-aminah.md",)


def test_a_namesake_from_another_province_is_reported_not_guessed(tmp_path: Path) -> None:
    content = _content(tmp_path)
    sheet = _csv(tmp_path / "2023.csv", ["Siti Aminah", "TKSK", "Banten", 2023, 1, "Serang"])
    report = import_spreadsheet(sheet, content, today=TODAY)
    assert not report.ok and report.updated == report.created == ()
    assert any("from another province" in p.message for p in report.problems)
    assert (content / "pillars/2019/siti-aminah.md").read_text("utf-8") == HAND_WRITTEN
