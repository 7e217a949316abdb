"""Spreadsheet of winners (.csv/.xlsx) → profile files in content/pillars/<year>/<slug>.md."""

from __future__ import annotations

import codecs
import csv
import dataclasses
import datetime
import io
import os
import re
import secrets
import shutil
from collections.abc import Collection, Mapping, Sequence
from dataclasses import dataclass
from pathlib import Path
from types import MappingProxyType
from typing import Literal

import openpyxl
import yaml

from .load import MARKDOWN_SUFFIXES, YAML_SUFFIXES, load_categories
from .model import Province
from .problems import Problem, did_you_mean, error, has_errors, sort_problems, warning
from .reference import (
    category_spellings,
    load_provinces,
    not_yet_formed,
    province_spellings,
    resolve_category,
    resolve_province,
)
from .urls import slugify
from .validate import FIRST_YEAR, RANK_VALUES, parse_rank, validate_categories

MARKER = "# teladan import:"

# Field → the column headings people type for it (compared after `_header_key`). The order is
# the order of the fields in a profile (README), so files come out in that order.
COLUMNS: Mapping[str, tuple[str, ...]] = MappingProxyType(
    {
        "name": ("nama", "name", "nama lengkap", "full name"),
        "category": ("kategori", "category", "pilar"),
        "province": ("provinsi", "province", "propinsi"),
        "year": ("tahun", "year", "tahun pemilihan"),
        "summary": ("ringkasan", "summary"),
        "rank": ("peringkat", "juara", "rank"),
        "regency": ("kabupaten/kota", "kabupaten", "kota", "kab/kota", "regency", "city"),
        "district": ("kecamatan", "district"),
        "organization": ("lembaga", "organisasi", "organization", "organisation"),
        "since": ("aktif sejak", "sejak", "since", "active since"),
        "photo": ("foto", "photo"),
        "photo_alt": ("keterangan foto", "photo alt", "photo_alt", "alt"),
        "quote": ("kutipan", "quote"),
        "achievements": ("prestasi", "achievements"),
    }
)
REQUIRED = ("name", "category", "province", "year")
_ALIASES = {alias: field for field, names in COLUMNS.items() for alias in (*names, field)}

# Indonesian spreadsheets often mark an empty cell with a dash.
_EMPTY_MARKS = frozenset({"-", "–", "—"})
_HEADER_SEARCH_ROWS = 10  # a title row or two may sit above the headings
_PROFILE_SUFFIXES = MARKDOWN_SUFFIXES + YAML_SUFFIXES

Cells = tuple[object, ...]


class _Dumper(yaml.SafeDumper):
    """safe_dump's quoting, with list items indented under their field as in README."""

    def increase_indent(self, flow: bool = False, indentless: bool = False) -> None:
        super().increase_indent(flow, False)


@dataclass(frozen=True, slots=True)
class ImportReport:
    """What an import did; paths are POSIX and relative to the content folder."""

    created: tuple[str, ...] = ()
    updated: tuple[str, ...] = ()
    unchanged: tuple[str, ...] = ()
    skipped_rows: tuple[int, ...] = ()
    problems: tuple[Problem, ...] = ()

    @property
    def ok(self) -> bool:
        return not has_errors(self.problems)


@dataclass(frozen=True, slots=True)
class _Reference:
    """What cells are checked against: categories.yaml, the provinces, and today's date."""

    categories: Mapping[str, str]  # every accepted spelling, lowercased → slug
    category_slugs: tuple[str, ...]
    provinces: Mapping[str, Province]
    spellings: Mapping[str, str]  # other province spellings, lowercased → slug
    today: datetime.date


@dataclass(frozen=True, slots=True)
class _Columns:
    index: Mapping[str, int]  # field → column position
    heading: Mapping[str, str]  # field → the heading as written, for messages


@dataclass(frozen=True, slots=True)
class _Record:
    """A valid row: the profile's fields in README order."""

    number: int
    slug: str
    year: int
    fields: Mapping[str, object]


@dataclass(frozen=True, slots=True)
class _Write:
    number: int
    rel: str
    action: Literal["created", "updated", "unchanged"]
    text: str


# --- reading the spreadsheet -------------------------------------------------------------------


def _cell_text(value: object) -> str:
    """A cell as the text a person sees in it (Excel gives 2 as 2.0, dates as datetimes)."""
    if value is None:
        return ""
    if isinstance(value, float) and value.is_integer():
        return str(int(value))
    if isinstance(value, datetime.datetime):
        return value.date().isoformat() if value.time() == datetime.time() else value.isoformat()
    text = str(value).replace("\u00a0", " ").replace("\r\n", "\n").strip()
    return "" if text in _EMPTY_MARKS else text


def _whole_number(value: object) -> int | None:
    """2019, 2019.0, "2019", " 2019.0 " → 2019; anything else → None."""
    if isinstance(value, bool):
        return None
    if isinstance(value, int):
        return value
    if isinstance(value, float):
        return int(value) if value.is_integer() else None
    if isinstance(value, str) and re.fullmatch(r"\d+(?:\.0+)?", value.strip()):
        return int(value.strip().split(".")[0])
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
        "the file is not UTF-8; it is read as Windows-1252 (what Excel on Windows saves)",
        "check letters with accents in the profiles; next time save as 'CSV UTF-8'",
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


def _read_csv(source: Path, shown: str) -> tuple[list[Cells] | None, list[Problem]]:
    try:
        data = source.read_bytes()
    except OSError as exc:
        return None, [error(shown, None, f"cannot read the spreadsheet: {exc.strerror}")]
    if data.startswith(b"PK\x03\x04"):
        return None, [
            error(
                shown,
                None,
                "this is an Excel workbook saved with a .csv name",
                f"rename it to '{source.stem}.xlsx'",
            )
        ]
    text, problems = _decode(data, shown)
    reader = csv.reader(io.StringIO(text, newline=""), delimiter=_delimiter(text))
    try:
        return [tuple(row) for row in reader], problems
    except csv.Error as exc:
        problems.append(
            error(
                shown,
                reader.line_num,
                f"the CSV file cannot be read here: {exc}",
                "open it in a spreadsheet program and save it again as CSV",
            )
        )
        return None, problems


def _read_xlsx(source: Path, shown: str) -> tuple[list[Cells] | None, list[Problem]]:
    broken = [
        error(
            shown,
            None,
            "the file is not a valid Excel workbook (.xlsx)",
            "open it in Excel or LibreOffice and save it again as .xlsx (not password-protected)",
        )
    ]
    try:
        workbook = openpyxl.load_workbook(source, read_only=True, data_only=True)
    except Exception:  # a damaged file can raise zip, XML, key or value errors from openpyxl
        return None, broken
    try:
        if not workbook.worksheets:
            return None, broken
        sheet = workbook.worksheets[0]
        # Some exporters write a wrong size ("A1") into the sheet; read-only mode would trust
        # it and cut the table, so read every cell there is instead.
        reset = getattr(sheet, "reset_dimensions", None)
        if callable(reset):
            reset()
        return [tuple(row) for row in sheet.iter_rows(values_only=True)], []
    except Exception:  # the same, for damage found only while reading the rows
        return None, broken
    finally:
        workbook.close()  # read-only mode keeps the file open until closed


def read_table(source: Path, shown: str) -> tuple[list[Cells] | None, list[Problem]]:
    """A .csv or .xlsx file → its rows (row 1 first) as cell values, or the problem."""
    suffix = source.suffix.lower()
    if suffix not in (".csv", ".xlsx"):
        return None, [
            error(
                shown,
                None,
                f"'{source.name}' is not a spreadsheet teladan can read",
                "use a .csv or .xlsx file (in Excel: Save As → Excel Workbook or CSV UTF-8)",
            )
        ]
    if not source.is_file():
        return None, [error(shown, None, "there is no spreadsheet file at this path")]
    return _read_csv(source, shown) if suffix == ".csv" else _read_xlsx(source, shown)


# --- columns -----------------------------------------------------------------------------------


def _header_key(text: str) -> str:
    """'  Kabupaten / Kota* ' → 'kabupaten/kota'; 'photo_alt' → 'photo alt'."""
    key = re.sub(r"[\s_]+", " ", text.lower()).strip(" *:")
    return re.sub(r"\s*/\s*", "/", key)


def _find_header(table: Sequence[Cells]) -> int | None:
    """The index of the headings row: the first naming a required column, else the first filled."""
    for index, row in enumerate(table[:_HEADER_SEARCH_ROWS]):
        if any(_ALIASES.get(_header_key(_cell_text(c))) in REQUIRED for c in row):
            return index
    return next((i for i, row in enumerate(table) if any(_cell_text(c) for c in row)), None)


def _unknown_columns(unknown: list[str], shown: str, line: int) -> Problem:
    described = []
    for heading in unknown:
        best = did_you_mean(_header_key(heading), _ALIASES)
        described.append(f"'{heading}'" + (f" (did you mean '{best}'?)" if best else ""))
    return warning(
        shown,
        line,
        "unknown columns are ignored: " + ", ".join(described),
        "known columns: " + ", ".join(names[0] for names in COLUMNS.values()),
    )


def _map_columns(row: Cells, shown: str, line: int) -> tuple[_Columns | None, list[Problem]]:
    index: dict[str, int] = {}
    heading: dict[str, str] = {}
    unknown: list[str] = []
    problems: list[Problem] = []
    for position, cell in enumerate(row):
        text = _cell_text(cell)
        field = _ALIASES.get(_header_key(text))
        if not text:
            continue  # Excel often carries empty columns past the last heading
        if field is None:
            unknown.append(text)
        elif field in index:
            problems.append(
                error(
                    shown,
                    line,
                    f"columns '{heading[field]}' and '{text}' both give the {field}",
                    "delete or rename one of them",
                    field,
                )
            )
        else:
            index[field], heading[field] = position, text
    if unknown:
        problems.append(_unknown_columns(unknown, shown, line))
    for field in REQUIRED:
        if field not in index:
            problems.append(
                error(
                    shown,
                    line,
                    f"there is no '{COLUMNS[field][0]}' column",
                    f"add a column headed '{COLUMNS[field][0]}' (or '{field}'); "
                    "every row needs nama, kategori, provinsi and tahun",
                    field,
                )
            )
    if has_errors(problems):
        return None, problems
    return _Columns(MappingProxyType(index), MappingProxyType(heading)), problems


# --- one row -----------------------------------------------------------------------------------


class _Row:
    """One data row's cells by field, and the problems found in it; private to one import."""

    def __init__(self, shown: str, number: int, cells: Cells, columns: _Columns) -> None:
        self.shown = shown
        self.number = number
        self.columns = columns
        self.cells = {f: cells[i] if i < len(cells) else None for f, i in columns.index.items()}
        self.problems: list[Problem] = []

    @property
    def is_empty(self) -> bool:
        return not any(_cell_text(v) for v in self.cells.values())

    def value(self, field: str) -> object:
        """The raw cell, or None when it shows nothing."""
        value = self.cells.get(field)
        return value if _cell_text(value) else None

    def text(self, field: str) -> str:
        """The cell as one line of text (line breaks inside a cell become spaces)."""
        return " ".join(_cell_text(self.cells.get(field)).split())

    def error(self, field: str | None, message: str, hint: str = "") -> None:
        self.problems.append(error(self.shown, self.number, message, hint, field))

    def warn(self, field: str | None, message: str, hint: str = "") -> None:
        self.problems.append(warning(self.shown, self.number, message, hint, field))

    def missing(self, field: str) -> None:
        self.error(
            field,
            f"'{self.columns.heading[field]}' is empty",
            "every row needs a name, category, province and year",
        )


def _year(row: _Row, ref: _Reference) -> int | None:
    value = row.value("year")
    if value is None:
        row.missing("year")
        return None
    year = _whole_number(value)
    last = ref.today.year + 1
    if year is None or not FIRST_YEAR <= year <= last:
        row.error(
            "year",
            f"year '{_cell_text(value)}' is not a selection year",
            f"write the year of the selection, from {FIRST_YEAR} to {last}, e.g. 2019",
        )
        return None
    return year


def _category(row: _Row, ref: _Reference) -> str:
    text = row.text("category")
    if not text:
        row.missing("category")
        return ""
    slug = resolve_category(text, ref.categories)
    if slug is None:
        best = did_you_mean(text, ref.category_slugs, dict(ref.categories))
        row.error(
            "category",
            f"category '{text}' is not a category" + (f"; did you mean '{best}'?" if best else ""),
            "use one of: " + ", ".join(ref.category_slugs),
        )
        return ""
    return slug


def _province_slug(value: object, ref: _Reference) -> str | None:
    """'jawa-barat', 'Prov. Jawa Barat', 32, 32.0, 'ID-JB', 'Jabar' → slug."""
    number = _whole_number(value)
    text = str(number) if number is not None else _cell_text(value)
    return resolve_province(text, ref.provinces, ref.spellings)


def _province(row: _Row, ref: _Reference, year: int | None) -> str:
    value = row.value("province")
    if value is None:
        row.missing("province")
        return ""
    slug = _province_slug(value, ref)
    if slug is None:
        text = row.text("province")
        best = did_you_mean(text, ref.provinces, dict(ref.spellings))
        row.error(
            "province",
            f"province '{text}' is not a province" + (f"; did you mean '{best}'?" if best else ""),
            "write a province from the list in README.md, e.g. Jawa Barat or jawa-barat",
        )
        return ""
    too_early = not_yet_formed(ref.provinces[slug], year)
    if too_early:
        row.error("province", *too_early)
    return slug


def _rank(row: _Row) -> int | str | None:
    """Empty → None (a participant); 'Juara I', 1, 1.0 → 1; 'Harapan II' → 'harapan-2'."""
    value = row.value("rank")
    if value is None:
        return None
    number = _whole_number(value)
    rank = parse_rank(number if number is not None else row.text("rank"))
    if rank is None:
        row.error(
            "rank",
            f"rank '{row.text('rank')}' is not a rank",
            f"write one of {RANK_VALUES}, or leave it empty for a participant",
        )
        return None
    return int(rank.value) if rank.is_juara else rank.value


def _since(row: _Row, year: int | None) -> int | None:
    value = row.value("since")
    if value is None:
        return None
    since = _whole_number(value)
    if since is None or since < 1900:
        row.error("since", f"since '{row.text('since')}' is not a year", "write a year, e.g. 2008")
        return None
    if year is not None and since > year:
        row.error("since", f"since {since} is after the selection year {year}", "check both")
        return None
    return since


def _photo(row: _Row) -> tuple[str, str]:
    photo, alt = row.text("photo"), row.text("photo_alt")
    if not photo:
        return "", alt
    if "/" in photo or "\\" in photo:
        row.error(
            "photo",
            f"photo '{photo}' must be the name of a file next to the profile",
            "write only the file name, e.g. siti-aminah.jpg",
        )
    if not alt:
        row.error(
            "photo_alt",
            "a photo needs a description for readers who cannot see it",
            "describe the photo in a 'keterangan foto' column, e.g. "
            "Siti Aminah mendampingi warga lansia di Cibatu",
        )
    return photo, alt


def _achievements(row: _Row) -> list[str]:
    """One cell, items separated by ';' or line breaks (Alt+Enter in Excel)."""
    items = re.split(r"[;\n]", _cell_text(row.cells.get("achievements")))
    return [" ".join(item.split()) for item in items if item.strip()]


def _parse_row(row: _Row, ref: _Reference) -> _Record | None:
    """A row → its profile fields, or None when it has an error (recorded on the row)."""
    name = row.text("name")
    if not name:
        row.missing("name")
    elif not slugify(name):
        row.error("name", f"the name '{name}' gives no web address", "write it in Latin letters")
    year = _year(row, ref)
    category = _category(row, ref)
    province = _province(row, ref, year)
    rank = _rank(row)
    since = _since(row, year)
    photo, photo_alt = _photo(row)
    if has_errors(row.problems) or year is None:
        return None
    fields: dict[str, object] = {
        "name": name,
        "category": category,
        "province": province,
        "year": year,
        "summary": row.text("summary"),
        "rank": rank,
        "regency": row.text("regency"),
        "district": row.text("district"),
        "organization": row.text("organization"),
        "since": since,
        "photo": photo,
        "photo_alt": photo_alt,
        "quote": row.text("quote"),
        "achievements": _achievements(row),
    }
    kept = {k: v for k, v in fields.items() if v is not None and v != "" and v != []}
    return _Record(row.number, slugify(name), year, MappingProxyType(kept))


# --- files -------------------------------------------------------------------------------------


def _render(
    record: _Record, sheet_name: str, kept: Mapping[str, object] | None = None
) -> tuple[str, str]:
    """A record → (the marker comment line, the YAML of its fields, then the `kept` ones)."""
    comment = (
        f"{MARKER} {sheet_name} row {record.number} — the fields below are updated when the "
        "spreadsheet is imported again; the story below the closing line is yours and is "
        "never overwritten."
    )
    data = yaml.dump(
        {**record.fields, **(kept or {})},
        Dumper=_Dumper,
        allow_unicode=True,
        sort_keys=False,
        default_flow_style=False,
        width=10_000,  # one line per value: easier to read than YAML's folded lines
    )
    return comment, data


def _imported_parts(text: str) -> tuple[str, str] | None:
    """An imported profile → (its field lines, everything after the closing '---' as is).

    None when the file does not start with the import marker, i.e. someone wrote it by hand.
    """
    lines = text.removeprefix("\ufeff").splitlines(keepends=True)
    if len(lines) < 2 or lines[0].strip() != "---" or not lines[1].startswith(MARKER):
        return None
    for index in range(2, len(lines)):
        if lines[index].strip() == "---":
            fields = "".join(lines[2:index]).replace("\r\n", "\n")
            return fields, "".join(lines[index + 1 :])
    return None


def _hand_added(fields: str, filled: Collection[str]) -> dict[str, object]:
    """Fields of an imported profile that this import does not fill (`filled`: the fields the
    spreadsheet has columns for): added by hand, or by an earlier spreadsheet with more columns.
    """
    try:
        old = yaml.safe_load(fields)
    except yaml.YAMLError:
        return {}
    if not isinstance(old, dict):
        return {}
    return {k: v for k, v in old.items() if k not in filled}


def _existing_profiles(content_dir: Path) -> dict[str, list[str]]:
    """Slug → the profile files already using it, skipping what the loader skips."""
    found: dict[str, list[str]] = {}
    pillars = content_dir / "pillars"
    if not pillars.is_dir():
        return found
    for path in sorted(pillars.rglob("*")):
        rel = path.relative_to(content_dir)
        hidden = any(part.startswith((".", "_")) for part in rel.parts[1:-1])
        if hidden or path.name.startswith((".", "~")) or not path.is_file():
            continue
        if path.suffix.lower() in _PROFILE_SUFFIXES:
            found.setdefault(path.stem, []).append(rel.as_posix())
    return found


def _plan(
    record: _Record,
    row: _Row,
    content_dir: Path,
    sheet_name: str,
    columns: Collection[str],
    existing: Mapping[str, list[str]],
) -> _Write | None:
    """What to do with a record's file; a reason not to touch it becomes an error on the row."""
    rel = f"pillars/{record.year}/{record.slug}.md"
    others = [p for p in existing.get(record.slug, []) if p != rel]
    if others:
        row.error(
            "name",
            f"a profile '{record.slug}' already exists in {others[0]}; "
            "every profile needs its own web address",
            "if the year was corrected, move that file's story into the new one and delete it; "
            "if it is another person, make the names differ (add a title or a place)",
        )
        return None
    comment, data = _render(record, sheet_name)
    front = f"---\n{comment}\n{data}---\n"
    path = content_dir / rel
    if not path.exists():
        return _Write(record.number, rel, "created", front)
    try:
        parts = _imported_parts(path.read_bytes().decode("utf-8"))
    except (OSError, UnicodeDecodeError) as exc:
        row.error("name", f"cannot read {rel}: {exc}", "check the file, or move it away")
        return None
    if parts is None:
        row.error(
            "name",
            f"{rel} was written by hand; teladan import will not overwrite it",
            "edit that file directly, or leave this row out of the spreadsheet",
        )
        return None
    fields, story = parts
    # Fields this spreadsheet has no column for (draft, tags, a photo, a quote…) were added by
    # hand: keep them. A column it has is the spreadsheet's, even where a cell is empty.
    kept = _hand_added(fields, {*columns, *record.fields})
    if kept:
        comment, data = _render(record, sheet_name, kept)
        front = f"---\n{comment}\n{data}---\n"
    # Only the fields count: a new file name or row number alone does not rewrite the file.
    if fields == data:
        return _Write(record.number, rel, "unchanged", "")
    return _Write(record.number, rel, "updated", front + story)


def _warn_missing_photo(record: _Record, row: _Row, content_dir: Path) -> None:
    photo = record.fields.get("photo")
    folder = f"pillars/{record.year}"
    if isinstance(photo, str) and not (content_dir / folder / photo).is_file():
        row.warn(
            "photo",
            f"photo '{photo}' is not in {folder}/ yet",
            "copy the photo there before building the site",
        )


def _write_atomic(path: Path, text: str) -> None:
    """Write through a temporary file beside the target, so a reader never sees half a file."""
    path.parent.mkdir(parents=True, exist_ok=True)
    temp = path.with_name(f".{path.name}.{secrets.token_hex(4)}.tmp")
    # 0o666 lets the umask decide, as for any new file (mkstemp would force 0o600).
    fd = os.open(temp, os.O_WRONLY | os.O_CREAT | os.O_EXCL, 0o666)
    try:
        with os.fdopen(fd, "wb") as handle:
            handle.write(text.encode("utf-8"))
            handle.flush()
            os.fsync(handle.fileno())
        if path.exists():
            shutil.copymode(path, temp)
        os.replace(temp, path)
    except BaseException:
        temp.unlink(missing_ok=True)
        raise


# --- the import --------------------------------------------------------------------------------


def _load_reference(
    content_dir: Path, today: datetime.date
) -> tuple[_Reference | None, list[Problem]]:
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
    provinces = load_provinces()
    return _Reference(
        categories=MappingProxyType(category_spellings(categories)),
        category_slugs=tuple(c.slug for c in categories),
        provinces=MappingProxyType({p.slug: p for p in provinces}),
        spellings=MappingProxyType(province_spellings(provinces)),
        today=today,
    ), []


def _data_rows(table: Sequence[Cells], header_at: int, shown: str, columns: _Columns) -> list[_Row]:
    """The rows below the headings that fill a known column, numbered as a spreadsheet shows."""
    rows = (
        _Row(shown, number, cells, columns)
        for number, cells in enumerate(table[header_at + 1 :], start=header_at + 2)
    )
    return [row for row in rows if not row.is_empty]


def _plan_rows(
    rows: Sequence[_Row],
    ref: _Reference,
    content_dir: Path,
    sheet_name: str,
    columns: Collection[str],
) -> list[_Write]:
    """What to write for each valid row (`columns`: the fields the spreadsheet has)."""
    existing = _existing_profiles(content_dir)
    first_row: dict[str, int] = {}
    plans = []
    for row in rows:
        record = _parse_row(row, ref)
        slug = slugify(row.text("name"))
        if slug and slug in first_row:
            row.error(
                "name",
                f"'{row.text('name')}' has the same web address ('{slug}') as row "
                f"{first_row[slug]}",
                "if it is the same winner, keep one row; if two people share the name, make "
                "the names differ (add a title or a place)",
            )
        first_row.setdefault(slug, row.number)
        if record is None or has_errors(row.problems):
            continue
        plan = _plan(record, row, content_dir, sheet_name, columns, existing)
        if plan is not None:
            _warn_missing_photo(record, row, content_dir)
            plans.append(plan)
    return plans


def _write_plans(
    plans: Sequence[_Write], content_dir: Path, shown: str
) -> tuple[dict[str, list[str]], list[Problem]]:
    done: dict[str, list[str]] = {"created": [], "updated": [], "unchanged": []}
    problems = []
    for plan in plans:
        if plan.action != "unchanged":
            try:
                _write_atomic(content_dir / plan.rel, plan.text)
            except OSError as exc:
                problems.append(
                    error(
                        shown,
                        plan.number,
                        f"cannot write {plan.rel}: {exc.strerror or exc}",
                        "check that the content folder can be written to",
                    )
                )
                continue
        done[plan.action].append(plan.rel)
    return done, problems


def import_spreadsheet(
    source: Path,
    content_dir: Path,
    *,
    skip_invalid: bool = False,
    today: datetime.date | None = None,
) -> ImportReport:
    """Import every row of a spreadsheet as a profile; nothing is written while a row has an
    error, unless `skip_invalid` (then only the valid rows are written)."""
    shown = str(source)
    table, problems = read_table(source, shown)
    if table is None:
        return ImportReport(problems=sort_problems(problems))
    ref, ref_problems = _load_reference(content_dir, today or datetime.date.today())
    if ref is None:
        return ImportReport(problems=sort_problems(problems + ref_problems))
    header_at = _find_header(table)
    if header_at is None:
        problems.append(error(shown, None, "the spreadsheet is empty", "put the headings in row 1"))
        return ImportReport(problems=sort_problems(problems))
    columns, column_problems = _map_columns(table[header_at], shown, header_at + 1)
    problems += column_problems
    if columns is None:
        return ImportReport(problems=sort_problems(problems))
    rows = _data_rows(table, header_at, shown, columns)
    if not rows:
        problems.append(warning(shown, None, "there are no rows below the headings to import"))
    plans = _plan_rows(rows, ref, content_dir, source.name, columns.index.keys())
    for row in rows:
        problems += row.problems
    bad = tuple(row.number for row in rows if has_errors(row.problems))
    if bad and not skip_invalid:
        return ImportReport(problems=sort_problems(problems))
    done, write_problems = _write_plans(plans, content_dir, shown)
    return ImportReport(
        created=tuple(done["created"]),
        updated=tuple(done["updated"]),
        unchanged=tuple(done["unchanged"]),
        skipped_rows=bad,
        problems=sort_problems(problems + write_problems),
    )
