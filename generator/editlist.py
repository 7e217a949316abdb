"""The editor's list of files (/_edit/): one row per profile, press release, selection and page,
each file read again only when it changed, and the filter a person types or picks: the search
matches the title, the file name and the place (province, regency, district), so "Garut" finds
the profiles from Garut."""

from __future__ import annotations

import dataclasses
import datetime
from collections.abc import Mapping
from pathlib import Path

from . import editawards
from .editawards import parts
from .editions import language_name, stem_of
from .editpages import Row
from .i18n import _, language
from .load import CONTENT_SUFFIXES, load_record
from .translations import translation_of

RowCache = dict[str, tuple[tuple[int, int, datetime.date], Row]]


def rows(content_dir: Path, folders: Mapping[str, str], cache: RowCache) -> list[Row]:
    """Every file of `folders` (folder → kind), each read again only when it changed (`cache`:
    rows by path, with the file's time and size and the day, which decides "terjadwal")."""
    today = datetime.date.today()
    found = []
    for folder, kind in folders.items():
        for file in sorted((content_dir / folder).rglob("*")):
            if file.suffix.lower() not in CONTENT_SUFFIXES or file.name.startswith("."):
                continue
            rel = file.relative_to(content_dir).as_posix()
            try:
                info = file.stat()
            except OSError:
                continue  # (removed while listing)
            key = (info.st_mtime_ns, info.st_size, today)
            known = cache.get(rel)
            if known is None or known[0] != key:
                known = cache[rel] = (key, _row(file, rel, kind, today))
            found.append(known[1])
    return _with_originals(found)


def _with_originals(found: list[Row]) -> list[Row]:
    """A translation's row as its original's: the name (with the language), year, category,
    place and status (a translation is published with its original, not before), so it is
    known by name and a filter on year or status keeps it beside its original."""
    by_stem = {stem_of(r.rel): r for r in found if translation_of(r.rel) is None}
    shown = []
    for row in found:
        named = translation_of(row.rel)
        original = by_stem.get(named[0]) if named else None
        if named and original:
            said = {"title": original.title, "language": language_name(named[1], language())}
            row = dataclasses.replace(
                original, rel=row.rel, title=_("%(title)s (in %(language)s)") % said
            )
        shown.append(row)
    return shown


def _row(file: Path, rel: str, kind: str, today: datetime.date) -> Row:
    raw = load_record(file, rel, kind)[0]
    fields = {k: e.value for k, e in raw.fields.items()} if raw else {}
    date = fields.get("date")
    state = "draf" if fields.get("draft") is True else "terbit"
    if isinstance(date, datetime.date) and date > today and state == "terbit":
        state = "terjadwal"
    title = fields.get("name" if kind == "pillar" else "title") or ""
    year, category, province = editawards.listed(fields)  # (each award's too)
    place = " ".join(str(fields.get(n) or "") for n in ("regency", "district", "location"))
    return Row(rel, kind, str(title), year, category, province, state, place.strip())


def matches(row: Row, query: Mapping[str, str], names: Mapping[str, str]) -> bool:
    """Whether a row passes the filter; `names`: the shown name of each category and province
    slug, which the search matches too."""
    words = query.get("q", "").lower().split()
    provinces = parts(row.province)
    where = " ".join([*(names.get(p, p) for p in provinces), row.place])
    slugs = " ".join(provinces).replace("-", " ")
    text = f"{row.title} {row.rel} {where} {slugs}".lower()
    return (
        all(w in text for w in words)
        and all(
            query.get(key, "").strip().lower() in ("", *parts(value.lower()))
            for key, value in (("year", row.year), ("category", row.category),
                               ("province", row.province), ("state", row.state))
        )
    )  # fmt: skip
