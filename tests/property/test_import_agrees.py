"""A spreadsheet row is accepted by `teladan import` exactly when the same values, written as a
profile file, pass `teladan check`: one set of rules for both (issue 17, "Rules in one place").

The values are drawn from what people type (spellings, codes, wrong years, photos in subfolders,
missing or unreadable photos). Two deliberate differences are left out of the draw: a name that
gives no web address (a file has a file name of its own; a row's file is named after the name),
and a cell starting with '=', '+', '-' or '@' (refused from a spreadsheet as a formula).
"""

from __future__ import annotations

import csv
import datetime
import tempfile
from pathlib import Path

import pytest
import yaml
from hypothesis import given, settings
from hypothesis import strategies as st
from PIL import Image

from generator import check
from generator.importer import import_spreadsheet

TODAY = datetime.date(2026, 11, 28)
CATEGORIES = """\
- slug: psm
  short_name: PSM
  name: Pekerja Sosial Masyarakat
- slug: karang-taruna
  short_name: Karang Taruna
  name: Karang Taruna
"""
COLUMNS = {
    "name": "Nama",
    "category": "Kategori",
    "province": "Provinsi",
    "year": "Tahun",
    "summary": "Ringkasan",
    "rank": "Juara",
    "since": "Sejak",
    "photo": "Foto",
    "photo_alt": "Keterangan Foto",
}
POOLS = {
    "name": ["Siti Contoh", "", "Budi " + "Contoh " * 30],
    "category": ["psm", "PSM", "Karang Taruna", "KT", "Pilar", ""],
    "province": ["jawa-barat", "Jabar", "32", "DKI", "Papua Selatan", "Jawa Barta", ""],
    "year": ["2019", "2018", "1980", "2030", "2027", "dua ribu", ""],
    "summary": ["", "Pendamping lansia.", "a: b #1", "no"],
    "rank": ["", "Juara 1", "Harapan II", "1", "Juara 4", "juara"],
    "since": ["", "2008", "1800", "2020", "lama"],
    "photo": ["", "ada.jpg", "foto/ada.jpg", "hilang.jpg", "Ada.jpg", "rusak.jpg", "..\\ada.jpg"],
    "photo_alt": ["", "Siti di posyandu"],
}


def _content(folder: Path) -> Path:
    folder.mkdir(parents=True)
    (folder / "categories.yaml").write_text(CATEGORIES, encoding="utf-8")
    (folder / "site.yaml").write_text("title: T\nbase_url: https://example.org/\n")
    for year in ("2018", "2019", "2027"):
        pillars = folder / "pillars" / year
        (pillars / "foto").mkdir(parents=True)
        for path in (pillars / "ada.jpg", pillars / "foto" / "ada.jpg"):
            Image.new("RGB", (8, 8), "white").save(path, "JPEG")
        (pillars / "rusak.jpg").write_bytes(b"not a photo")
    return folder


def _imported(tmp: Path, row: dict[str, str]) -> bool:
    content = _content(tmp / "import")
    sheet = tmp / "pemenang.csv"
    with sheet.open("w", encoding="utf-8", newline="") as f:
        writer = csv.writer(f, delimiter=";")
        writer.writerow(COLUMNS.values())
        writer.writerow(row[field] for field in COLUMNS)
    report = import_spreadsheet(sheet, content, today=TODAY)
    return report.ok and len(report.created) == 1


def _checked(tmp: Path, row: dict[str, str]) -> bool:
    content = _content(tmp / "file")
    fields = {field: value for field, value in row.items() if value}
    year = row["year"] if row["year"].isdigit() else "2019"
    profile = content / "pillars" / year / "siti-contoh.md"
    profile.parent.mkdir(parents=True, exist_ok=True)
    front = yaml.safe_dump(fields, allow_unicode=True, sort_keys=False)
    profile.write_text(f"---\n{front}---\nKisah.\n", encoding="utf-8")
    return check(content, today=TODAY).ok


def _agree(row: dict[str, str]) -> None:
    with tempfile.TemporaryDirectory() as tmp:
        imported, checked = _imported(Path(tmp), row), _checked(Path(tmp), row)
    assert imported == checked, (row, imported, checked)


GOOD = {
    "name": "Siti Contoh",
    "category": "psm",
    "province": "jawa-barat",
    "year": "2019",
    "summary": "",
    "rank": "",
    "since": "",
    "photo": "",
    "photo_alt": "",
}


@pytest.mark.parametrize(
    "changes",
    [
        {},
        {"category": "Karang Taruna", "province": "Jabar", "rank": "Harapan II"},
        {"province": "32", "rank": "Juara 1", "since": "2008"},
        {"photo": "foto/ada.jpg", "photo_alt": "Siti di posyandu"},  # a subfolder, as in a file
        {"photo": "hilang.jpg", "photo_alt": "Siti di posyandu"},  # not there: refused by both
        {"photo": "rusak.jpg", "photo_alt": "Siti di posyandu"},
        {"photo": "ada.jpg"},  # no description
        {"since": "2020"},
        {"since": "1800"},
        {"year": "1980"},
        {"year": "2027"},
        {"year": "2028"},
        {"province": "Papua Selatan"},
        {"name": ""},
    ],
)
def test_a_row_is_accepted_exactly_when_its_file_passes_check(changes: dict[str, str]) -> None:
    _agree({**GOOD, **changes})


@settings(max_examples=25, deadline=None, derandomize=True)
@given(st.fixed_dictionaries({field: st.sampled_from(pool) for field, pool in POOLS.items()}))
def test_any_row_is_accepted_exactly_when_its_file_passes_check(row: dict[str, str]) -> None:
    _agree(row)
