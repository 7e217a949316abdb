"""A spreadsheet's headings row → which column gives which profile field, as people head them
("Nama", "Kabupaten / Kota*", "photo_alt"), with the problems a headings row can have."""

from __future__ import annotations

import re
from collections.abc import Mapping, Sequence
from dataclasses import dataclass
from types import MappingProxyType

from .i18n import _
from .problems import Problem, did_you_mean, error, has_errors, warning
from .sheet import Cells, cell_text

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

_HEADER_SEARCH_ROWS = 10  # a title row or two may sit above the headings


@dataclass(frozen=True, slots=True)
class Columns:
    index: Mapping[str, int]  # field → column position
    heading: Mapping[str, str]  # field → the heading as written, for messages


def _header_key(text: str) -> str:
    """'  Kabupaten / Kota* ' → 'kabupaten/kota'; 'photo_alt' → 'photo alt'."""
    key = re.sub(r"[\s_]+", " ", text.lower()).strip(" *:")
    return re.sub(r"\s*/\s*", "/", key)


def find_header(table: Sequence[Cells]) -> int | None:
    """The index of the headings row: the first naming a required column, else the first filled."""
    for index, row in enumerate(table[:_HEADER_SEARCH_ROWS]):
        if any(_ALIASES.get(_header_key(cell_text(c))) in REQUIRED for c in row):
            return index
    return next((i for i, row in enumerate(table) if any(cell_text(c) for c in row)), None)


def _unknown_columns(unknown: list[str], shown: str, line: int) -> Problem:
    described = []
    for heading in unknown:
        best = did_you_mean(_header_key(heading), _ALIASES)
        if best:
            described.append(
                _("'%(heading)s' (did you mean '%(best)s'?)") % {"heading": heading, "best": best}
            )
        else:
            described.append(f"'{heading}'")
    message = _("unknown columns are ignored: %(columns)s") % {"columns": ", ".join(described)}
    known = ", ".join(names[0] for names in COLUMNS.values())
    return warning(shown, line, message, _("known columns: %(columns)s") % {"columns": known})


def map_columns(row: Cells, shown: str, line: int) -> tuple[Columns | None, list[Problem]]:
    index: dict[str, int] = {}
    heading: dict[str, str] = {}
    unknown: list[str] = []
    problems: list[Problem] = []
    for position, cell in enumerate(row):
        text = cell_text(cell)
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
                    _("columns '%(first)s' and '%(second)s' both give the field '%(field)s'")
                    % {"first": heading[field], "second": text, "field": field},
                    _("delete or rename one of them"),
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
                    _("there is no '%(column)s' column") % {"column": COLUMNS[field][0]},
                    _(
                        "add a column headed '%(column)s' (or '%(field)s'); "
                        "every row needs nama, kategori, provinsi and tahun"
                    )
                    % {"column": COLUMNS[field][0], "field": field},
                    field,
                )
            )
    if has_errors(problems):
        return None, problems
    return Columns(MappingProxyType(index), MappingProxyType(heading)), problems


def field_of(heading: str) -> str | None:
    """The field a column heading gives, if any."""
    return _ALIASES.get(_header_key(heading))
