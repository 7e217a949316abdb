"""`teladan import`: a row naming a pillar already on file adds an award to that profile."""

from __future__ import annotations

import csv
import datetime
from pathlib import Path

import yaml

from generator import check
from generator.importer import import_spreadsheet
from generator.load import split_front_matter
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


def _profile(content: Path, rel: str) -> dict[str, object]:
    split = split_front_matter((content / rel).read_text("utf-8"))
    assert isinstance(split, tuple)
    fields = yaml.safe_load(split[0])
    assert isinstance(fields, dict)
    return fields


def test_the_first_sheet_imported_again_updates_the_awards_list(tmp_path: Path) -> None:
    # pemenang (2023) makes the profile; susulan (2025) turns it into awards:; pemenang again
    # must not write year/category/rank back beside the list.
    content = _content(tmp_path)
    first = _csv(tmp_path / "pemenang.csv", ["Dewi Lestari", "PSM", "Jawa Barat", 2023, 1, "Garut"])
    later = _csv(tmp_path / "susulan.csv", ["Dewi Lestari", "PSM", "Jawa Barat", 2025, 2, "Garut"])
    rel = "pillars/2023/dewi-lestari.md"
    assert import_spreadsheet(first, content, today=TODAY).created == (rel,)
    assert import_spreadsheet(later, content, today=TODAY).updated == (rel,)
    before = (content / rel).read_bytes()
    again = import_spreadsheet(first, content, today=TODAY)
    assert again.ok and again.unchanged == (rel,) and again.notes == ()
    assert (content / rel).read_bytes() == before
    assert check(content, today=TODAY).ok
    # A rank corrected in the sheet is corrected in the list, and a participant has none.
    for rank, expected in (("Juara 2", {"rank": 2}), ("Peserta", {})):
        sheet = _csv(first, ["Dewi Lestari", "PSM", "Jawa Barat", 2023, rank, "Garut"])
        report = import_spreadsheet(sheet, content, today=TODAY)
        assert report.ok and report.updated == (rel,), [p.format() for p in report.problems]
        awards = _profile(content, rel)["awards"]
        assert awards == [
            {"year": 2023, "category": "psm", **expected},
            {"year": 2025, "category": "psm", "rank": 2},
        ]
        assert "year" not in _profile(content, rel) and check(content, today=TODAY).ok


def test_a_corrected_category_replaces_that_years_award(tmp_path: Path) -> None:
    # A pillar wins in one category a year: another category in the same year is a corrected
    # cell (the award keeps its citation), said in one note.
    content = _content(tmp_path)
    (content / "pillars/2019/siti-aminah.md").write_text(
        "---\nname: Siti Aminah\nprovince: jawa-barat\nawards:\n"
        "  - year: 2019\n    category: psm\n    rank: 2\n    citation: Alasan juri.\n"
        "  - year: 2021\n    category: tksk\n    level: provinsi\n---\nKisah.\n",
        encoding="utf-8",
    )
    sheet = _csv(tmp_path / "2019.csv", ["Siti Aminah", "TKSK", "Jawa Barat", 2019, 1, ""])
    report = import_spreadsheet(sheet, content, today=TODAY)
    assert report.ok and report.updated == ("pillars/2019/siti-aminah.md",)
    assert report.notes == (
        "pillars/2019/siti-aminah.md: the 2019 award's category is corrected (it was psm)",
    )
    assert _profile(content, "pillars/2019/siti-aminah.md")["awards"] == [
        {"year": 2019, "category": "tksk", "rank": 1, "citation": "Alasan juri."},
        {"year": 2021, "category": "tksk", "level": "provinsi"},
    ]
    # A national row is not the provincial award of its year and category: it is another.
    sheet = _csv(sheet, ["Siti Aminah", "TKSK", "Jawa Barat", 2021, 3, ""])
    report = import_spreadsheet(sheet, content, today=TODAY)
    awards = _profile(content, "pillars/2019/siti-aminah.md")["awards"]
    assert (
        report.ok
        and len(awards) == 3
        and awards[2] == {"year": 2021, "category": "tksk", "rank": 3}
    )
    assert check(content, today=TODAY).ok


def test_a_corrected_rank_updates_a_single_award_profile(tmp_path: Path) -> None:
    # A one-award profile in a subfolder of its year is matched by name: its rank follows the
    # sheet, as every column does (PANDUAN §15).
    content = _content(tmp_path)
    (content / "pillars/2019/jabar").mkdir()
    (content / "pillars/2019/siti-aminah.md").rename(content / "pillars/2019/jabar/siti-aminah.md")
    sheet = _csv(tmp_path / "2019.csv", ["Siti Aminah", "TKSK", "Jawa Barat", 2019, "Juara 1", ""])
    report = import_spreadsheet(sheet, content, today=TODAY)
    assert report.ok and report.updated == ("pillars/2019/jabar/siti-aminah.md",)
    assert report.notes == ()  # (no award added, no column left out)
    text = (content / "pillars/2019/jabar/siti-aminah.md").read_text("utf-8")
    assert text == HAND_WRITTEN.replace("rank: 2", "rank: 1")
    assert check(content, today=TODAY).ok


def test_columns_an_existing_profile_keeps_are_named_once(tmp_path: Path) -> None:
    content = _content(tmp_path)
    headings = [*HEADINGS, "Ringkasan"]
    sheet = tmp_path / "2023.csv"
    with sheet.open("w", newline="", encoding="utf-8") as handle:
        row = ["Siti Aminah", "TKSK", "Jawa Barat", 2023, 1, "Garut", "Ringkasan lain."]
        csv.writer(handle).writerows([headings, row])
    report = import_spreadsheet(sheet, content, today=TODAY)
    rel = "pillars/2019/siti-aminah.md"
    assert report.ok and report.updated == (rel,)
    assert report.notes == (
        f"{rel}: the row's award is added to this profile (awards:)",
        f"{rel}: only the award was taken from this row, not its columns 'Kabupaten/Kota', "
        "'Ringkasan': an existing profile keeps its own (edit the file to change them)",
    )
    assert "regency" not in _profile(content, rel)
    # Imported again: the award is there; the cells are still not applied, and still said.
    again = import_spreadsheet(sheet, content, today=TODAY)
    assert again.unchanged == (rel,) and len(again.notes) == 1 and "'Ringkasan'" in again.notes[0]


def test_the_note_is_in_indonesian(tmp_path: Path, indonesian: None) -> None:
    content = _content(tmp_path)
    sheet = _csv(tmp_path / "2023.csv", ["Siti Aminah", "TKSK", "Jawa Barat", 2023, 2, "Garut"])
    report = import_spreadsheet(sheet, content, today=TODAY)
    assert report.ok and report.updated == ("pillars/2019/siti-aminah.md",)
    assert report.notes[1] == (
        "pillars/2019/siti-aminah.md: dari baris ini hanya penghargaannya yang diambil, bukan "
        "kolom 'Kabupaten/Kota': profil yang sudah ada tetap memakai isiannya sendiri (untuk "
        "mengubahnya, sunting berkas itu)"
    )
