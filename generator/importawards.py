"""An imported row naming a pillar already on file → that file with one more award (`awards:`).

A row whose name and place (province) match an existing profile is the same pillar honoured
again: the award is added to that profile, written with the editor's saver (frontmatter.py),
which keeps every other byte of the file (comments, the story). A row that matches more than
one profile, or a profile of that name elsewhere, is reported, never guessed.
"""

from __future__ import annotations

from collections.abc import Mapping, Sequence
from pathlib import Path
from typing import Any

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


def add_award(
    row: Mapping[str, object], content_dir: Path, files: Sequence[str]
) -> tuple[str, str, str] | tuple[str, str] | None:
    """(file, action, new text) when the row is another award of the profile in `files`
    (action "updated", or "unchanged" when it holds that award already); (message, hint) when
    the match is not sure; None when the row is not that pillar."""
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
    awards = _awards_of(fields)
    provinces = {fields.get("province"), *(a.get("province") for a in awards)}
    if row.get("province") not in provinces:
        return (
            _(
                "'%(name)s' has a profile in %(file)s, from another province; it is not "
                "known whether this row is the same pillar"
            )
            % {"name": row.get("name"), "file": rel},
            _(
                "if it is the same pillar, add the award to that file by hand (awards:); if "
                "not, make the names differ (add a title or a place)"
            ),
        )
    new = _new_award(row, fields.get("province"))
    if any(
        (a.get("year"), a.get("category")) == (new.get("year"), new.get("category")) for a in awards
    ):
        return rel, "unchanged", ""
    values: dict[str, Any] = {name: None for name in SINGLE}
    values["awards"] = sorted([*awards, new], key=lambda a: str(a.get("year")))
    if "province" not in fields:
        values["province"] = row.get("province")
    text = frontmatter.update(data, markdown, values).decode("utf-8-sig")
    return rel, "updated", text
