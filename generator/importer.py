"""Spreadsheet of winners (.csv/.xlsx) → profile files in content/pillars/<year>/<slug>.md.

Each row becomes the profile file it would be written as, and that file is checked by the same
rules as any profile (`validate`): a row is accepted exactly when the file would pass
`teladan check`. Problems are then told by row and column, as the spreadsheet shows them.
"""

from __future__ import annotations

import dataclasses
import datetime
import re
from collections.abc import Mapping, Sequence
from dataclasses import dataclass
from pathlib import Path
from types import MappingProxyType

from .categories import validate_categories
from .fields import reword
from .headings import COLUMNS, REQUIRED, Columns, field_of, find_header, map_columns
from .i18n import _, ngettext
from .i18n import number as format_number
from .load import MAX_FILE_BYTES, load_categories, load_record
from .problems import Problem, error, has_errors, sort_problems, warning
from .profilefiles import (
    Record,
    Write,
    existing_profiles,
    front_matter,
    plan,
    profile_path,
    write_all,
)
from .profilefiles import render as render_fields
from .reference import load_provinces
from .sheet import Cells, Sheet, Uncalculated, cell_text, note_text, read_sheets
from .urls import slugify
from .validate import Checks, make_checks, parse_rank, validate_pillar

# A rank cell for someone who took part but won no rank: the profile has no rank field.
NO_RANK = frozenset({"peserta", "participant"})
# A cell starting with one of these is run as a formula when a spreadsheet program opens a file
# it reaches (OWASP's CSV injection list; a leading tab or CR is trimmed with the spaces).
FORMULA_STARTS = ("=", "+", "-", "@")


@dataclass(frozen=True, slots=True)
class ImportReport:
    """What an import did; paths are POSIX and relative to the content folder."""

    created: tuple[str, ...] = ()
    updated: tuple[str, ...] = ()
    unchanged: tuple[str, ...] = ()
    skipped_rows: tuple[int, ...] = ()
    problems: tuple[Problem, ...] = ()
    notes: tuple[str, ...] = ()  # what was left out on purpose (a note, a hidden row, a sheet)

    @property
    def ok(self) -> bool:
        return not has_errors(self.problems)


# --- one row -----------------------------------------------------------------------------------


class _Row:
    """One data row's cells by field, and the problems found in it; private to one import."""

    def __init__(
        self, shown: str, origin: str, number: int, cells: Cells, columns: Columns, sheet: str
    ):
        self.shown = shown  # the file (and sheet) as messages name it
        self.sheet = sheet  # the sheet's name ("" for a CSV file)
        self.origin = origin  # the same, as the marker in the profile file names it
        self.number = number
        self.columns = columns
        self.cells = {f: cells[i] if i < len(cells) else None for f, i in columns.index.items()}
        self.problems: list[Problem] = []

    @property
    def is_empty(self) -> bool:
        return not any(cell_text(v) or isinstance(v, Uncalculated) for v in self.cells.values())

    def heading(self, field: str) -> str:
        """The column a field comes from, as headed in this spreadsheet."""
        return self.columns.heading.get(field) or COLUMNS.get(field, (field,))[0]

    def add(self, problem: Problem) -> None:
        """A problem with the row's profile, told by row and column."""
        message, hint, field = problem.message, problem.hint, problem.field
        if field is not None:
            heading = self.heading(field)
            message, hint = reword(message, field, heading), reword(hint, field, heading)
            if f"'{heading}'" not in message:
                message = _("column '%(column)s': %(message)s") % {
                    "column": heading,
                    "message": message,
                }
        self.problems.append(
            dataclasses.replace(
                problem, path=self.shown, line=self.number, message=message, hint=hint
            )
        )

    def error(self, field: str, message: str, hint: str = "") -> None:
        self.add(error(self.shown, self.number, message, hint, field))

    def refuse(self, message: str, hint: str) -> None:
        """An error with the row as a whole (its profile file), not with one cell."""
        self.problems.append(error(self.shown, self.number, message, hint, "name"))


def _items(text: str) -> list[str]:
    """Achievements: one cell, items separated by ';' or line breaks (Alt+Enter in Excel),
    each perhaps typed with a bullet ('- ', '• ')."""
    items = (re.sub(r"^[-–—•*]\s+", "", " ".join(i.split())) for i in re.split(r"[;\n]", text))
    return [item for item in items if item]


def _cell_values(row: _Row) -> dict[str, str | list[str]]:
    """The row's filled cells as text, leaving out (with an error) what no profile can hold."""
    values: dict[str, str | list[str]] = {}
    for field, cell in row.cells.items():
        if isinstance(cell, Uncalculated):
            row.error(
                field,
                _("the cell holds a formula whose result was never calculated (%(formula)s)")
                % {"formula": cell.formula},
                _("open the file in Excel or LibreOffice and save it again, or type the value"),
            )
            continue
        text = cell_text(cell)
        if not text:
            continue
        size = len(text.encode("utf-8"))
        if size > MAX_FILE_BYTES:
            row.error(
                field,
                _("the cell holds %(size)s MB of text; a whole profile file is at most %(most)s MB")
                % {
                    "size": format_number(size / 1_000_000, 1),
                    "most": format_number(MAX_FILE_BYTES // 1_000_000),
                },
                _("is a document or a picture pasted into it? Keep only this field's text"),
            )
            continue
        items = _items(text) if field == "achievements" else [" ".join(text.split())]
        formula = next((item for item in items if item.startswith(FORMULA_STARTS)), None)
        if formula is not None:
            shown = formula if len(formula) <= 40 else formula[:40] + "…"
            row.error(
                field,
                _(
                    "'%(text)s' starts with '%(sign)s', so a spreadsheet program would run it "
                    "as a formula"
                )
                % {"text": shown, "sign": formula[0]},
                _(
                    "type the text itself, without the leading '%(sign)s' (if the cell should "
                    "show a formula's result, type the result)"
                )
                % {"sign": formula[0]},
            )
        elif items:
            values[field] = items if field == "achievements" else items[0]
    return values


def _canonical(values: Mapping[str, str | list[str]], checks: Checks) -> dict[str, object]:
    """Cells → the fields as the profile file writes them, in README order: spellings of a
    category, province or rank in the form a profile uses (the same resolver a profile file
    goes through), years as numbers. What is not understood stays as typed, for the check."""
    fields: dict[str, object] = dict(values)
    for name in ("year", "since"):
        text = fields.get(name)
        if isinstance(text, str) and text.isdigit():
            fields[name] = int(text)
    category, province = values.get("category"), values.get("province")
    if isinstance(category, str):
        fields["category"] = checks.category_slug(category) or category
    if isinstance(province, str):
        fields["province"] = checks.province_slug(province) or province
    if str(values.get("rank", "")).lower() in NO_RANK:
        del fields["rank"]  # a participant's profile has no rank
    rank = parse_rank(values["rank"]) if isinstance(values.get("rank"), str) else None
    if rank is not None:
        fields["rank"] = int(rank.value) if rank.is_juara else rank.value
    return {name: fields[name] for name in COLUMNS if name in fields}


def _check_row(row: _Row, checks: Checks, content_dir: Path) -> Record | None:
    """A row → the record of its profile when the file it becomes passes the profile checks;
    every problem is recorded on the row."""
    fields = _canonical(_cell_values(row), checks)
    refused = {p.field for p in row.problems}  # (not also "empty" below)
    name = str(fields.get("name", ""))
    if name and not slugify(name):
        message = _("the name '%(name)s' gives no web address") % {"name": name}
        row.error("name", message, _("write it in Latin letters"))
    year = fields.get("year")
    slug = slugify(name) or "profil"
    rel = profile_path(year if isinstance(year, int) else slugify(str(year)) or "tahun", slug)
    rendered = render_fields(fields, row.origin, row.number)
    text = front_matter(*rendered)
    raw, problems = load_record(content_dir / rel, rel, "pillar", text.encode("utf-8"))
    found = list(problems)
    if raw is not None:
        found += validate_pillar(raw, checks, content_dir)[1]
    if year not in checks.years:
        refused.add("photo")  # it is looked for in the year's folder: there is none yet
    for problem in found:
        # Warnings about what the row leaves empty (no photo, no summary) are `teladan check`'s.
        if problem.field in refused:
            continue
        if problem.is_error or problem.field is None or problem.field in fields:
            row.add(problem)
    if has_errors(row.problems) or not isinstance(year, int):
        return None
    return Record(row.number, slug, year, MappingProxyType(fields), rendered)


# --- the import --------------------------------------------------------------------------------


def _load_checks(content_dir: Path, today: datetime.date) -> tuple[Checks | None, list[Problem]]:
    raws, load_problems = load_categories(content_dir)
    categories, problems = validate_categories(raws)
    # Warnings about categories.yaml are `teladan check`'s business; errors stop the import.
    errors = [
        dataclasses.replace(p, path=str(content_dir / p.path))
        for p in (*load_problems, *problems)
        if p.is_error
    ]
    if errors:
        return None, errors
    return make_checks(categories, load_provinces(), today), []


@dataclass(frozen=True, slots=True)
class _Table:
    """One sheet's rows to import, and what was left out of it on purpose."""

    rows: list[_Row]
    notes: list[str]


def _table_rows(
    sheet: Sheet, header_at: int, where: str, origin: str, columns: Columns, several: bool
) -> _Table:
    """The rows below the headings that fill a known column, numbered as a spreadsheet shows;
    notes and hidden rows are left out, each told in one line."""
    rows: list[_Row] = []
    notes: list[str] = []
    hidden: list[int] = []
    for number, cells in enumerate(sheet.rows[header_at + 1 :], start=header_at + 2):
        note = note_text(cells, columns.index.values())
        row = _Row(where, origin, number, cells, columns, (sheet.name or "") if several else "")
        if note is None and row.is_empty:
            continue
        if number in sheet.hidden:
            hidden.append(number)
        elif note is not None:
            shown = note if len(note) <= 40 else note[:40] + "…"
            text = _("%(where)s, row %(row)s: '%(note)s' was read as a note, not a profile")
            notes.append(text % {"where": where, "row": number, "note": shown})
        else:
            rows.append(row)
    if hidden:
        text = ngettext(
            "%(where)s: row %(rows)s is hidden in the sheet and left out; to import it, "
            "unhide it (Excel: select the rows around, right-click → Unhide)",
            "%(where)s: rows %(rows)s are hidden in the sheet and left out; to import them, "
            "unhide them (Excel: select the rows around, right-click → Unhide)",
            len(hidden),
        )
        notes.append(text % {"where": where, "rows": ", ".join(str(n) for n in hidden)})
    return _Table(rows, notes)


def _with_unapplied(planned: Write, row: _Row) -> Write:
    """The plan, with a note naming the columns an existing profile kept its own values of
    (its row added or corrected an award there), so that no cell is dropped without a word."""
    if not planned.unapplied:
        return planned
    order = row.columns.index.__getitem__  # (left to right, as the sheet shows them)
    note = ngettext(
        "%(file)s: only the award was taken from this row, not its column %(columns)s: an "
        "existing profile keeps its own (edit the file to change it)",
        "%(file)s: only the award was taken from this row, not its columns %(columns)s: an "
        "existing profile keeps its own (edit the file to change them)",
        len(planned.unapplied),
    ) % {
        "file": planned.rel,
        "columns": ", ".join(f"'{row.heading(f)}'" for f in sorted(planned.unapplied, key=order)),
    }
    return dataclasses.replace(planned, notes=(*planned.notes, note))


def _plan_rows(rows: Sequence[_Row], checks: Checks, content_dir: Path) -> list[Write]:
    """What to write for each valid row."""
    existing = existing_profiles(content_dir)
    first_row: dict[str, _Row] = {}
    plans = []
    for row in rows:
        record = _check_row(row, checks, content_dir)
        name = " ".join(cell_text(row.cells.get("name")).split())
        slug = slugify(name)
        first = first_row.setdefault(slug, row)
        if slug and first is not row:
            values = {"name": name, "slug": slug, "row": first.number, "sheet": first.sheet}
            if first.sheet != row.sheet:
                text = _(
                    "'%(name)s' has the same web address ('%(slug)s') as sheet '%(sheet)s', "
                    "row %(row)s"
                )
            else:
                text = _("'%(name)s' has the same web address ('%(slug)s') as row %(row)s")
            row.refuse(
                text % values,
                _(
                    "if it is the same winner, keep one row; if two people share the name, make "
                    "the names differ (add a title or a place)"
                ),
            )
        if record is None or has_errors(row.problems):
            continue
        planned = plan(record, content_dir, row.origin, row.columns.index.keys(), existing)
        if isinstance(planned, Write):
            plans.append(_with_unapplied(planned, row))
        else:
            row.refuse(*planned)
    return plans


def _read_sheet(
    sheet: Sheet, shown: str, origin: str, several: bool
) -> tuple[_Table | None, list[Problem], list[str]]:
    """One sheet → its rows to import; None when it holds no winners (with the reason as a note
    when the workbook has other sheets, else as the problem)."""
    where = shown
    if several:
        where = _("%(file)s, sheet '%(sheet)s'") % {"file": shown, "sheet": sheet.name}
        origin = _("%(file)s sheet '%(sheet)s'") % {"file": origin, "sheet": sheet.name}
    if not sheet.visible:  # as hidden rows: committees hide what they turned down
        text = _("%(where)s: the sheet is hidden; it was left out (to import it, unhide it)")
        return None, [], [text % {"where": where}]
    header_at = find_header(sheet.rows)
    if header_at is None:
        if several:
            return (
                None,
                [],
                [_("%(where)s: the sheet is empty; it was left out") % {"where": where}],
            )
        empty = error(shown, None, _("the spreadsheet is empty"), _("put the headings in row 1"))
        return None, [empty], []
    headings = {field_of(cell_text(c)) for c in sheet.rows[header_at]}
    # With other sheets beside it, a sheet whose headings name at most one of the four columns
    # every row needs is instructions or notes (even one listing the columns), not winners.
    if several and len(headings.intersection(REQUIRED)) < 2:
        if "name" not in headings:
            text = _("%(where)s: the sheet has no 'Nama' column; it was left out")
        else:
            text = _(
                "%(where)s: the sheet has no 'Kategori', 'Provinsi' or 'Tahun' column; "
                "it was left out"
            )
        return None, [], [text % {"where": where}]
    columns, problems = map_columns(sheet.rows[header_at], where, header_at + 1)
    if columns is None:
        return None, problems, []
    table = _table_rows(sheet, header_at, where, origin, columns, several)
    if not table.rows:
        message = _("there are no rows below the headings to import")
        problems.append(warning(where, None, message))
    return table, problems, []


def _read_tables(
    sheets: Sequence[Sheet], source: Path
) -> tuple[list[_Table], list[Problem], list[str]]:
    """Every sheet with winners in it, the problems, and the notes on what was left out."""
    shown, several = str(source), len(sheets) > 1
    tables, problems, notes = [], [], []
    for sheet in sheets:
        table, sheet_problems, sheet_notes = _read_sheet(sheet, shown, source.name, several)
        problems += sheet_problems
        notes += sheet_notes
        if table is not None:
            tables.append(table)
            notes += table.notes
    if several and not tables and not problems:
        looked = ", ".join(f"'{sheet.name}'" for sheet in sheets)
        problems.append(
            error(
                shown,
                None,
                _("no sheet has a 'Nama' column (the sheets looked at: %(sheets)s)")
                % {"sheets": looked},
                _(
                    "put the winners in a sheet whose headings row has the columns nama, "
                    "kategori, provinsi and tahun"
                ),
            )
        )
        notes = []
    return tables, problems, notes


def import_spreadsheet(
    source: Path,
    content_dir: Path,
    *,
    skip_invalid: bool = False,
    today: datetime.date | None = None,
) -> ImportReport:
    """Import every row of every sheet of a spreadsheet as a profile; nothing is written while
    a row has an error, unless `skip_invalid` (then only the valid rows are written)."""
    shown = str(source)
    sheets, problems = read_sheets(source, shown)
    if sheets is None:
        return ImportReport(problems=sort_problems(problems))
    checks, check_problems = _load_checks(content_dir, today or datetime.date.today())
    if checks is None:
        return ImportReport(problems=sort_problems(problems + check_problems))
    tables, table_problems, notes = _read_tables(sheets, source)
    problems += table_problems
    if has_errors(table_problems):
        return ImportReport(problems=sort_problems(problems), notes=tuple(notes))
    rows = [row for table in tables for row in table.rows]
    plans = _plan_rows(rows, checks, content_dir)
    for row in rows:
        problems += row.problems
    bad = tuple(row.number for row in rows if has_errors(row.problems))
    if bad and not skip_invalid:
        return ImportReport(problems=sort_problems(problems), notes=tuple(notes))
    done, write_problems = write_all(plans, content_dir, shown)
    notes += [note for p in plans if p.rel in done[p.action] for note in p.notes]
    return ImportReport(
        created=tuple(done["created"]),
        updated=tuple(done["updated"]),
        unchanged=tuple(done["unchanged"]),
        skipped_rows=bad,
        problems=sort_problems(problems + write_problems),
        notes=tuple(notes),
    )
