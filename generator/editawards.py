"""A profile's awards (`awards:`) as the editor shows them: in the list of files, under each
award's year, category and province (a profile with `awards:` has no `year:` of its own, and the
filters left every such profile out); in its form, read-only, in the names staff see elsewhere
("2019 · Karang Taruna · Juara III", not the file's "2019 · karang-taruna · 3")."""

from __future__ import annotations

import json
from collections.abc import Mapping, Sequence
from html import escape
from typing import Any

from .i18n import _
from .model import PROVINCIAL
from .reference import parse_rank
from .schema import RANKS

SEPARATOR = ", "  # between the years (categories, provinces) of one row of the list


def listed(fields: Mapping[str, Any]) -> tuple[str, str, str]:
    """A profile's years, categories and provinces as the list shows and filters them: its own
    fields' and each award's, each once ("2019, 2023")."""
    awards = fields.get("awards")
    items = [a for a in awards if isinstance(a, dict)] if isinstance(awards, list) else []
    found = []
    for name in ("year", "category", "province"):
        values = [fields.get(name), *(a.get(name) for a in items)]
        said = [str(v) for v in values if v not in (None, "")]
        found.append(SEPARATOR.join(sorted(set(said)) if name == "year" else dict.fromkeys(said)))
    return found[0], found[1], found[2]


def parts(value: str) -> list[str]:
    """The years (categories, provinces) of a row as `listed` joined them."""
    return value.split(SEPARATOR)


def as_text(value: object) -> str:
    """The `awards:` list as the form carries it through a refused save (a hidden field): JSON,
    so that it is shown again with the same names."""
    items = value if isinstance(value, list) else [value]
    kept = [
        {str(k): "" if v is None else str(v) for k, v in item.items()}
        if isinstance(item, dict)
        else str(item)
        for item in items
    ]
    return json.dumps(kept, ensure_ascii=False)


def lines(text: str, options: Mapping[str, Sequence[tuple[str, str]]], province: str) -> list[str]:
    """Each award as one line in the staff's words; `options`: the form's (value, name) of each
    choice field; `province`: the profile's own (an award's default)."""
    try:
        items = json.loads(text)
    except ValueError:
        return text.split("\n")  # (not the form's own value: shown as it came)
    names = {key: dict(pairs) for key, pairs in options.items()}
    ranks = dict(RANKS)
    shown = []
    for item in items if isinstance(items, list) else [items]:
        if not isinstance(item, dict):
            shown.append(str(item))
            continue
        rank = parse_rank(item.get("rank", "")) if item.get("rank") else None
        where = item.get("province") or province
        place = names.get("province", {}).get(where, where)
        said = [
            item.get("year", ""),
            names.get("category", {}).get(item.get("category", ""), item.get("category", "")),
            _(ranks[rank.value if rank else ""]) if rank or not item.get("rank") else item["rank"],
            _("provincial level, %(province)s") % {"province": place}
            if item.get("level") == PROVINCIAL
            else (place if item.get("province") else ""),
            item.get("citation", ""),
        ]
        shown.append(" · ".join(str(s) for s in said if s))
    return shown


def box(text: str, options: Mapping[str, Sequence[tuple[str, str]]], province: str) -> str:
    """A profile's awards, read-only (written in the file: `awards:`), carried through a
    refused save by a hidden field so the form stays the same."""
    if not text:
        return ""
    items = "".join(f"<li>{escape(line)}</li>" for line in lines(text, options, province))
    heading = escape(_("Awards"))
    note = escape(
        _(
            "This profile lists its awards in the file (awards:): year, category and rank are "
            "written there for each award. Change them in the file itself; saving this form "
            "keeps them as they are."
        )
    )
    kept = escape(text, quote=True)
    return (
        f'<h2>{heading}</h2><ul class="awards">{items}</ul><p class="hint">{note}</p>'
        f'<input type="hidden" name="awards" value="{kept}">'
    )
