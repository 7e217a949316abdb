"""An imported row naming a pillar already on file → that file with one more award (`awards:`).

A row whose name and place (province) match an existing profile is the same pillar honoured
again: the award is added to that profile, written with the editor's saver (frontmatter.py),
which keeps every other byte of the file (comments, the story). A row that matches more than
one profile, or a profile of that name elsewhere, is reported, never guessed.
"""

from __future__ import annotations

from collections.abc import Mapping, Sequence
from dataclasses import dataclass
from pathlib import Path
from typing import Any, Literal

import yaml

from . import frontmatter
from .i18n import _
from .load import MARKDOWN_SUFFIXES, split_front_matter

_Loader: Any = getattr(yaml, "CSafeLoader", yaml.SafeLoader)
SINGLE = ("year", "category", "rank")


def _fields(data: bytes, markdown: bool) -> dict[str, Any] | None:
    text = data.decode("utf-8-sig").replace("\r\n", "\n")
    if markdown:
        split = split_front_matter(text)
        if not isinstance(split, tuple):
            return None
        text = split[0]
    try:
        found = yaml.load(text, Loader=_Loader)
    except yaml.YAMLError:
        return None
    return found if isinstance(found, dict) else None


def _same_name(a: object, b: object) -> bool:
    return " ".join(str(a).split()).casefold() == " ".join(str(b).split()).casefold()


def _awards_of(fields: Mapping[str, Any]) -> list[dict[str, Any]]:
    """The file's awards as written, or the one its single-award fields give."""
    if isinstance(fields.get("awards"), list):
        return [dict(a) for a in fields["awards"] if isinstance(a, dict)]
    award = {name: fields[name] for name in SINGLE if fields.get(name) not in (None, "")}
    return [award] if award else []


def _new_award(row: Mapping[str, object], province: object) -> dict[str, Any]:
    award = {name: row[name] for name in SINGLE if row.get(name) not in (None, "")}
    if row.get("province") != province:
        award["province"] = row.get("province")  # (served elsewhere that year)
    return award


def _national(award: Mapping[str, Any]) -> bool:
    return award.get("level") in (None, "", "nasional")  # (a row is a national award)


def _corrected(awards: Sequence[Mapping[str, Any]], new: Mapping[str, Any]) -> int | None:
    """Which award the row gives again, perhaps corrected: the national one of the same year
    and category, else the only national one of that year (a pillar wins in one category a
    year, so another category is a corrected cell, not a second award)."""
    same_year = [i for i, a in enumerate(awards) if a.get("year") == new.get("year")]
    national = [i for i in same_year if _national(awards[i])]
    same = [i for i in national if awards[i].get("category") == new.get("category")]
    if same:
        return same[0]
    return national[0] if len(national) == 1 else None


def _unapplied(row: Mapping[str, object], fields: Mapping[str, Any]) -> tuple[str, ...]:
    """The row's other filled columns whose value the profile does not hold: an award row
    does not rewrite an existing profile's regency, summary…"""
    award = {"name", "province", *SINGLE}
    return tuple(k for k, v in row.items() if k not in award and fields.get(k) != v)


@dataclass(frozen=True, slots=True)
class Added:
    """What a row that is another award of a known profile does to that profile's file."""

    file: str
    action: Literal["updated", "unchanged"]
    text: str
    added: bool  # a new award (else the row's award was there, perhaps with another rank)
    recategorised: str  # the category the row corrected (its award's year had another one)
    unapplied: tuple[str, ...]  # the row's other fields, left as the profile has them


def _values(
    fields: Mapping[str, Any], row: Mapping[str, object]
) -> tuple[dict[str, Any], bool, str]:
    """The fields to write so that the profile holds the row's award; whether it is a new
    award; the category the award had when the row corrects it (else "")."""
    awards = _awards_of(fields)
    new = _new_award(row, fields.get("province"))
    index = _corrected(awards, new)
    if index is None:
        values: dict[str, Any] = {name: None for name in SINGLE}
        values["awards"] = sorted([*awards, new], key=lambda a: str(a.get("year")))
        if "province" not in fields:
            values["province"] = row.get("province")
        return values, True, ""
    old = awards[index].get("category")
    was = str(old) if old != new.get("category") else ""
    if "awards" not in fields:  # one award, in the single fields
        return {name: new.get(name) for name in SINGLE}, False, was
    kept = {k: v for k, v in awards[index].items() if k not in (*SINGLE, "province")}
    awards[index] = {**new, **kept}  # (its level, its citation)
    return {"awards": awards}, False, was


def holding_awards(content_dir: Path, rel: str) -> list[str]:
    """[rel] when that profile file lists its awards (`awards:`): a row of one of them updates
    the award in the list, never writes the single-award fields beside it."""
    path = content_dir / rel
    try:
        fields = _fields(path.read_bytes(), path.suffix.lower() in MARKDOWN_SUFFIXES)
    except OSError:
        return []
    return [rel] if fields is not None and "awards" in fields else []


def from_another_province(name: object, file: str) -> str:
    """Why a row is refused whose name has a profile, `file`, from another province."""
    return _(
        "'%(name)s' has a profile in %(file)s, from another province; it is not known whether "
        "this row is the same pillar"
    ) % {"name": name, "file": file}


def add_award(
    row: Mapping[str, object], content_dir: Path, files: Sequence[str]
) -> Added | tuple[str, str] | None:
    """What the row does to the profile in `files` when it is another award of that pillar
    (added, or corrected where the profile holds that year's award); (message, hint) when the
    match is not sure; None when the row is not that pillar."""
    if len(files) > 1:
        return (
            _("'%(name)s' matches several profiles (%(files)s); the row is not added to any")
            % {"name": row.get("name"), "files": ", ".join(files)},
            _("keep one profile of this pillar, or make the names differ"),
        )
    rel = files[0]
    path = content_dir / rel
    markdown = path.suffix.lower() in MARKDOWN_SUFFIXES
    try:
        data = path.read_bytes()
    except OSError:
        return None
    fields = _fields(data, markdown)
    if fields is None or not _same_name(fields.get("name", ""), row.get("name", "")):
        return None
    provinces = {fields.get("province"), *(a.get("province") for a in _awards_of(fields))}
    if row.get("province") not in provinces:
        return (
            from_another_province(row.get("name"), rel),
            _(
                "if it is the same pillar, add the award to that file by hand (awards:); if "
                "not, make the names differ (add a title or a place)"
            ),
        )
    values, added, was = _values(fields, row)
    updated = frontmatter.update(data, markdown, values)
    action: Literal["updated", "unchanged"] = "updated" if updated != data else "unchanged"
    text = updated.decode("utf-8-sig") if action == "updated" else ""
    return Added(rel, action, text, added, was, _unapplied(row, fields))
