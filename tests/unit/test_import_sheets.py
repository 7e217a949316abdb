"""`teladan import` on workbooks as committees keep them: several sheets, notes, hidden rows."""

from __future__ import annotations

import datetime
import io
from pathlib import Path
from typing import Any

import openpyxl

from generator.cli import run
from generator.importer import ImportReport, import_spreadsheet

from . import test_import
from .test_import import HEADINGS, _fields

TODAY = datetime.date(2026, 11, 28)
content = test_import.content  # the same fixture: a content folder with categories.yaml


def _workbook(path: Path, sheets: dict[str, list[list[Any]]]) -> Path:
    workbook = openpyxl.Workbook()
    first = workbook.active
    assert first is not None
    workbook.remove(first)
    for title, rows in sheets.items():
        sheet = workbook.create_sheet(title)
        for row in rows:
            sheet.append(row)
    workbook.save(path)
    return path


def _run(source: Path, content: Path, **options: Any) -> ImportReport:
    return import_spreadsheet(source, content, today=TODAY, **options)


def _cli(source: Path, content: Path) -> tuple[int, str, str]:
    out, err = io.StringIO(), io.StringIO()
    code = run(["import", str(source), "--content", str(content)], out, err)
    return code, out.getvalue(), err.getvalue()


def test_every_sheet_with_winners_is_imported(tmp_path: Path, content: Path) -> None:
    source = _workbook(
        tmp_path / "pemenang.xlsx",
        {
            "Petunjuk": [["Isi satu baris per pemenang."], ["Tahun: tahun pemilihan"]],
            "TKSK": [HEADINGS, ["Siti Contoh", "TKSK", "Bali", 2019]],
            "PSM": [HEADINGS, ["Budi Contoh", "PSM", "Aceh", 2019], ["Ani Contoh", "PSM", "Aceh", 2019]],
        },
    )  # fmt: skip
    code, out, err = _cli(source, content)
    assert code == 0, err
    assert "3 profiles created" in out
    assert f"{source}, sheet 'Petunjuk': the sheet has no 'Nama' column; it was left out" in out
    assert _fields(content, "pillars/2019/ani-contoh.md")["category"] == "psm"
    marker = (content / "pillars/2019/ani-contoh.md").read_text().splitlines()[1]
    assert marker.startswith("# teladan import: pemenang.xlsx sheet 'PSM' row 3 — ")


def test_a_row_problem_names_its_sheet(tmp_path: Path, content: Path) -> None:
    source = _workbook(
        tmp_path / "w.xlsx",
        {
            "TKSK": [HEADINGS, ["Siti Contoh", "TKSK", "Bali", 2019]],
            "PSM": [HEADINGS, ["Budi Contoh", "PSM", "Aceh", 2019], ["Siti Contoh", "PSM", "Atlantis", 2019]],
        },
    )  # fmt: skip
    code, _, err = _cli(source, content)
    assert code == 1
    assert f"{source}, sheet 'PSM', row 3: column 'Provinsi': " in err
    assert "same web address ('siti-contoh') as sheet 'TKSK', row 2" in err
    assert not (content / "pillars").exists()


def test_no_sheet_with_winners_names_the_sheets_looked_at(tmp_path: Path, content: Path) -> None:
    source = _workbook(
        tmp_path / "w.xlsx", {"Petunjuk": [["Baca dulu"]], "Catatan": [["Nomor", "Keterangan"]]}
    )
    report = _run(source, content)
    [problem] = report.problems
    assert problem.is_error and problem.path == str(source)
    assert problem.message == (
        "no sheet has a 'Nama' column (the sheets looked at: 'Petunjuk', 'Catatan')"
    )


def test_a_note_below_the_table_is_not_a_profile(tmp_path: Path, content: Path) -> None:
    source = _workbook(
        tmp_path / "w.xlsx",
        {
            "Data": [
                ["No", *HEADINGS],
                [1, "Siti Contoh", "TKSK", "Bali", 2019],
                [2],  # a numbered row of the template, left empty
                ["Catatan: data sementara"],
                ["*", None, None, None, None, None, None, "diperiksa 3 Mei"],
            ]
        },
    )
    code, out, err = _cli(source, content)
    assert code == 0 and "empty" not in err
    assert f"{source}, row 4: 'Catatan: data sementara' was read as a note, not a profile" in out
    assert f"{source}, row 5: '* diperiksa 3 Mei' was read as a note" in out
    assert "row 3" not in out
    assert "1 profile created" in out


def test_hidden_rows_are_left_out_and_said_so(tmp_path: Path, content: Path) -> None:
    source = tmp_path / "w.xlsx"
    _workbook(
        source,
        {
            "Data": [
                HEADINGS,
                ["Siti Contoh", "TKSK", "Bali", 2019],
                ["Budi Ditolak", "PSM", "Aceh", 2019],
                ["Ani Ditolak", "PSM", "Aceh", 2019],
            ]
        },
    )
    workbook = openpyxl.load_workbook(source)
    for number in (3, 4):
        workbook.active.row_dimensions[number].hidden = True  # type: ignore[union-attr]
    workbook.save(source)
    code, out, _ = _cli(source, content)
    assert code == 0
    assert (
        f"{source}: rows 3, 4 are hidden in the sheet and left out; to import them, unhide" in out
    )
    assert sorted(p.name for p in (content / "pillars/2019").iterdir()) == ["siti-contoh.md"]


def test_a_participant_has_no_rank(tmp_path: Path, content: Path) -> None:
    source = _workbook(
        tmp_path / "w.xlsx",
        {
            "Data": [
                HEADINGS,
                ["Siti Contoh", "TKSK", "Bali", 2019, "Peserta"],
                ["Budi Contoh", "PSM", "Aceh", 2019, "participant"],
                ["Ani Contoh", "PSM", "Aceh", 2019, "Juara 9"],
            ]
        },
    )
    report = _run(source, content, skip_invalid=True)
    assert report.created == ("pillars/2019/siti-contoh.md", "pillars/2019/budi-contoh.md")
    assert "rank" not in _fields(content, "pillars/2019/siti-contoh.md")
    [problem] = report.problems
    assert problem.hint.endswith("; for a participant (peserta) leave it empty")


def test_instructions_listing_the_columns_and_a_hidden_sheet_are_left_out(
    tmp_path: Path, content: Path
) -> None:
    source = _workbook(
        tmp_path / "w.xlsx",
        {
            "Petunjuk": [["Kolom", "Isi"], ["Nama", "nama lengkap"], ["Kategori", "mis. TKSK"]],
            "Data": [HEADINGS, ["Siti Contoh", "TKSK", "Bali", 2019]],
            "Ditolak": [HEADINGS, ["Budi Ditolak", "PSM", "Aceh", 2019]],
        },
    )
    workbook = openpyxl.load_workbook(source)
    workbook["Ditolak"].sheet_state = "hidden"
    workbook.save(source)
    report = _run(source, content)
    assert report.ok and report.created == ("pillars/2019/siti-contoh.md",), report.problems
    assert report.notes == (
        f"{source}, sheet 'Petunjuk': the sheet has no 'Kategori', 'Provinsi' or 'Tahun' column; "
        "it was left out",
        f"{source}, sheet 'Ditolak': the sheet is hidden; it was left out (to import it, unhide it)",
    )


def test_a_sheet_of_winners_missing_a_column_is_still_an_error(
    tmp_path: Path, content: Path
) -> None:
    # Not left out as if it were instructions: it has the other columns every row needs.
    source = _workbook(
        tmp_path / "w.xlsx",
        {"Petunjuk": [["Baca dulu"]], "Data": [HEADINGS[:3], ["Siti Contoh", "TKSK", "Bali"]]},
    )
    report = _run(source, content)
    assert [p.message for p in report.problems if p.is_error] == ["there is no 'tahun' column"]
    assert report.problems[-1].path == f"{source}, sheet 'Data'"
