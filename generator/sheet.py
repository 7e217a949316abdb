"""A spreadsheet file (.csv/.xlsx) → its rows of cell values, as the person sees them on screen.

Reading only: what the cells mean is `importer`'s business, and whether they make a valid profile
is `validate`'s.
"""

from __future__ import annotations

import codecs
import csv
import datetime
import io
from collections.abc import Collection, Sequence
from dataclasses import dataclass
from pathlib import Path
from typing import Any

import openpyxl
from openpyxl.utils import get_column_letter

from .i18n import _
from .problems import Problem, error, warning

Cells = tuple[object, ...]


@dataclass(frozen=True, slots=True)
class Sheet:
    """One table of a spreadsheet: a CSV file's only one, or a workbook's sheet by its name."""

    name: str | None  # None for a CSV file
    rows: list[Cells]
    hidden: frozenset[int] = frozenset()  # row numbers (1 = the first) hidden in the sheet
    visible: bool = True  # False: the whole sheet is hidden


# Indonesian spreadsheets often mark an empty cell with a dash.
EMPTY_MARKS = frozenset({"-", "–", "—"})


@dataclass(frozen=True, slots=True)
class Uncalculated:
    """An .xlsx cell holding a formula whose result was never calculated (the file was written
    by a script, not saved by Excel or LibreOffice): there is no value to read."""

    formula: str


def cell_text(value: object) -> str:
    """A cell as the text a person sees in it (Excel gives 2 as 2.0, dates as datetimes)."""
    if value is None or isinstance(value, Uncalculated):
        return ""
    if isinstance(value, float) and value.is_integer():
        return str(int(value))
    if isinstance(value, datetime.datetime):
        return value.date().isoformat() if value.time() == datetime.time() else value.isoformat()
    text = str(value).replace("\u00a0", " ").replace("\r\n", "\n").strip()
    return "" if text in EMPTY_MARKS else text


def note_text(cells: Cells, known: Collection[int]) -> str | None:
    """The text of a row that is a note under the table ("Catatan: data sementara"), not a
    winner: text only in its first cell, or only in columns not `known` (by position)."""
    filled = [(i, cell_text(c)) for i, c in enumerate(cells) if cell_text(c)]
    if not filled or any(isinstance(c, Uncalculated) for c in cells):
        return None
    if all(i not in known for i, _ in filled):
        if all(text.isdigit() for _, text in filled):
            return None  # a numbered row left empty ("No" column of a template)
        return " ".join(text for _, text in filled)
    if len(filled) == 1 and filled[0][0] == 0:
        return filled[0][1]
    return None


def _decode(data: bytes, shown: str) -> tuple[str, list[Problem]]:
    if data.startswith((codecs.BOM_UTF16_LE, codecs.BOM_UTF16_BE)):
        return data.decode("utf-16", errors="replace"), []  # Excel's "Unicode Text"
    try:
        return data.decode("utf-8-sig"), []
    except UnicodeDecodeError:
        pass
    # Excel on Windows saves "CSV (Comma delimited)" in the ANSI code page, not UTF-8.
    problem = warning(
        shown,
        None,
        _("the file is not UTF-8; it is read as Windows-1252 (what Excel on Windows saves)"),
        _("check letters with accents in the profiles; next time save as 'CSV UTF-8'"),
    )
    return data.decode("cp1252", errors="replace"), [problem]


def _delimiter(text: str) -> str:
    """',' ';' or tab: Excel in an Indonesian locale saves CSV with ';'."""
    sample = "\n".join(text.splitlines()[:20])
    try:
        return csv.Sniffer().sniff(sample, delimiters=",;\t").delimiter
    except csv.Error:
        first = sample.split("\n", 1)[0]
        counts = {d: first.count(d) for d in (",", ";", "\t")}
        best = max(counts, key=lambda d: counts[d])
        return best if counts[best] else ","


def _unclosed_quote(rows: Sequence[Cells], delimiter: str) -> int | None:
    """The column index of the last cell when its opening quote was never closed, so the rest
    of the file was read into it: the cell runs to the end of the file and a line inside it
    looks like a whole row. (A line break typed in a cell, Alt+Enter, makes no such line.)"""
    width = max((len(row) for row in rows[:20]), default=0)
    if not rows or not rows[-1] or width < 2:
        return None
    lines = str(rows[-1][-1]).split("\n")[1:]
    if any(line.count(delimiter) >= width - 1 for line in lines):
        return len(rows[-1]) - 1
    return None


def _read_csv(source: Path, shown: str) -> tuple[list[Cells] | None, list[Problem]]:
    try:
        data = source.read_bytes()
    except OSError as exc:
        message = _("cannot read the spreadsheet: %(reason)s") % {"reason": exc.strerror}
        return None, [error(shown, None, message)]
    if data.startswith(b"PK\x03\x04"):
        return None, [
            error(
                shown,
                None,
                _("this is an Excel workbook saved with a .csv name"),
                _("rename it to '%(name)s'") % {"name": f"{source.stem}.xlsx"},
            )
        ]
    text, problems = _decode(data, shown)
    delimiter = _delimiter(text)
    reader = csv.reader(io.StringIO(text, newline=""), delimiter=delimiter)
    # The csv module refuses a cell over 128 KB; a cell may hold what a profile file may (the
    # profile's own check says when that is too much), so allow the whole file in one cell.
    limit = csv.field_size_limit(max(len(text) + 1, csv.field_size_limit()))
    try:
        rows: list[Cells] = [tuple(row) for row in reader]
    except csv.Error as exc:  # e.g. a NUL character: the file is not really text
        problems.append(
            error(
                shown,
                reader.line_num,
                _("the CSV file cannot be read here: %(reason)s") % {"reason": exc},
                _("open it in a spreadsheet program and save it again as CSV UTF-8"),
            )
        )
        return None, problems
    finally:
        csv.field_size_limit(limit)
    unclosed = _unclosed_quote(rows, delimiter)
    if unclosed is not None:
        problems.append(
            error(
                shown,
                len(rows),
                _(
                    'column %(column)s: a quote (") opened in this cell is never closed, so the '
                    "rest of the file was read into this one cell"
                )
                % {"column": get_column_letter(unclosed + 1)},
                _('delete the stray " in that cell (or close it), then save the file again'),
            )
        )
        return None, problems
    return rows, problems


def _formula(value: object) -> str | None:
    """The formula text of a cell loaded with its formulas, or None when it holds a value."""
    if isinstance(value, str) and value.startswith("="):
        return value
    text = getattr(value, "text", None)  # openpyxl's ArrayFormula keeps its formula in .text
    return text if isinstance(text, str) else None


def _mark_uncalculated(formula_sheet: Any, table: list[list[object]]) -> None:
    """Empty cells that hold a formula → Uncalculated."""
    # Some exporters write a wrong size ("A1") into the sheet; read-only mode would trust it
    # and cut the table, so read every cell there is instead.
    reset = getattr(formula_sheet, "reset_dimensions", None)
    if callable(reset):
        reset()
    for r, row in enumerate(formula_sheet.iter_rows(values_only=True)):
        for c, cell in enumerate(row):
            formula = _formula(cell)
            if formula and r < len(table) and c < len(table[r]) and table[r][c] is None:
                table[r][c] = Uncalculated(formula)


def _merged_down(sheet: Any, table: list[list[object]]) -> None:
    """A merged block shows its value in every row it spans (committees merge the category
    of a group of winners); the file keeps it only in the top cell, so copy it down."""
    for block in sheet.merged_cells.ranges:
        value = sheet.cell(block.min_row, block.min_col).value
        for row in range(block.min_row, block.max_row + 1):
            while len(table) < row:
                table.append([])
            cells = table[row - 1]
            cells.extend([None] * (block.min_col - len(cells)))
            cells[block.min_col - 1] = value


def _hidden_rows(sheet: Any) -> frozenset[int]:
    return frozenset(
        number for number, size in sheet.row_dimensions.items() if getattr(size, "hidden", False)
    )


def _read_xlsx(source: Path, shown: str) -> tuple[list[Sheet] | None, list[Problem]]:
    broken = [
        error(
            shown,
            None,
            _("the file is not a valid Excel workbook (.xlsx)"),
            _(
                "open it in Excel or LibreOffice and save it again as .xlsx "
                "(not password-protected)"
            ),
        )
    ]
    # The values in full mode: read-only mode knows no merged cells. The formulas once more,
    # read-only (faster), to tell a formula never calculated (no value saved) from an empty cell.
    try:
        values = openpyxl.load_workbook(source, data_only=True)
        formulas = openpyxl.load_workbook(source, read_only=True, data_only=False)
    except Exception:  # a damaged file can raise zip, XML, key or value errors from openpyxl
        return None, broken
    sheets = []
    try:
        if not values.worksheets or len(formulas.worksheets) != len(values.worksheets):
            return None, broken
        for sheet, formula_sheet in zip(values.worksheets, formulas.worksheets, strict=True):
            table: list[list[object]] = [list(row) for row in sheet.iter_rows(values_only=True)]
            _mark_uncalculated(formula_sheet, table)
            _merged_down(sheet, table)
            rows = [tuple(row) for row in table]
            visible = sheet.sheet_state == "visible"
            sheets.append(Sheet(sheet.title, rows, _hidden_rows(sheet), visible))
    except Exception:  # the same, for damage found only while reading the rows
        return None, broken
    finally:
        formulas.close()  # read-only mode keeps the file open until closed
    return sheets, []


def read_sheets(source: Path, shown: str) -> tuple[list[Sheet] | None, list[Problem]]:
    """A .csv or .xlsx file → its tables (every sheet of a workbook, in order), or the problem."""
    suffix = source.suffix.lower()
    if suffix not in (".csv", ".xlsx"):
        return None, [
            error(
                shown,
                None,
                _("'%(name)s' is not a spreadsheet teladan can read") % {"name": source.name},
                _("use a .csv or .xlsx file (in Excel: Save As → Excel Workbook or CSV UTF-8)"),
            )
        ]
    if not source.is_file():
        return None, [error(shown, None, _("there is no spreadsheet file at this path"))]
    if suffix == ".xlsx":
        return _read_xlsx(source, shown)
    rows, problems = _read_csv(source, shown)
    return (None if rows is None else [Sheet(None, rows)]), problems
