"""The form's text and a file's values, both ways: a field shown in the form as text (a list one
item per line, a yes/no field "ya" or empty, a date as YYYY-MM-DD), and what the form sent turned
back into values to write (numbers, dates, lists without the marks typed before their items)."""

from __future__ import annotations

import contextlib
import dataclasses
import datetime
import re
from collections.abc import Mapping
from typing import Any

from . import editawards
from .load import parse_record
from .schema import AWARD_OWN, TEXT_FIELD, FieldSpec, fields_of
from .translations import TRANSLATABLE, translation_of
from .yamltext import normalise_text

BULLET = re.compile(r"^[-*•]\s+")  # a list item's mark as typed: "- ", "* " or "• "


def specs(kind: str, path: str = "", awards: bool = False) -> tuple[FieldSpec, ...]:
    """The form's fields: the schema's, the Markdown text's control named `story` in both.
    For a translation (`path` names one: siti-aminah.en.md) only those it may hold, none
    required: the others come from the original. For a profile with `awards:`, not the
    fields each award gives (AWARD_OWN), and the province is only the awards' default."""
    text = TEXT_FIELD[kind]
    found = tuple(
        dataclasses.replace(s, name="story") if s.name == text else s
        for s in fields_of(kind)
        if not (awards and s.name in AWARD_OWN)
    )
    if awards:
        found = tuple(dataclasses.replace(s, required=False) for s in found)
    if not translation_of(path):
        return found
    allowed = TRANSLATABLE.get(kind, {})
    return tuple(
        dataclasses.replace(s, required=False)
        for s in found
        if s.name in allowed or s.name == "story"
    )


def shown_values(data: bytes, suffix: str, rel: str, kind: str) -> dict[str, str]:
    """A file → its fields as the form's text (lists one item per line)."""
    text = normalise_text(data)
    raw = parse_record(text, suffix, rel, kind)[0] if isinstance(text, str) else None
    if raw is None:
        return {}
    values = {}
    for name, entry in raw.fields.items():
        value = entry.value
        if name == "awards" and value is not None:  # (read-only, in the staff's words)
            values[name] = editawards.as_text(value)
        elif isinstance(value, list):
            values[name] = "\n".join(str(v) for v in value)
        elif isinstance(value, bool):
            values[name] = "ya" if value else ""
        elif isinstance(value, datetime.date):
            values[name] = value.isoformat()[:10]
        elif value is not None:
            values[name] = entry.written if entry.written is not None else str(value)
    text_field = TEXT_FIELD[kind]
    values["story"] = raw.body if raw.is_markdown else values.pop(text_field, "")
    return values


def typed_values(
    kind: str, typed: Mapping[str, str], markdown: bool, path: str = ""
) -> tuple[dict[str, Any], str | None]:
    """The form's text → values to write (None: remove the field), and the Markdown text.
    Only the fields of the form of `path`: one it does not show is never removed."""
    values: dict[str, Any] = {}
    for spec in specs(kind, path):
        text = typed.get(spec.name, "").replace("\r\n", "\n")
        if spec.name == "story":
            continue
        value: Any = text.strip()
        if spec.kind == "list":
            # (PANDUAN writes lists as "- item": typed so in the form, the mark is not the text)
            items = (BULLET.sub("", line.strip(), count=1) for line in text.split("\n"))
            value = [item for item in items if item]
        elif spec.kind == "bool":
            value = bool(text)
        elif spec.kind in ("int", "choice") and re.fullmatch(r"\d{1,6}", value):
            value = int(value)
        elif spec.kind == "date" and re.fullmatch(r"\d{4}-\d{2}-\d{2}", value):
            with contextlib.suppress(ValueError):  # (else the check says the date is not real)
                value = datetime.date.fromisoformat(value)
        values[spec.name] = value
    story = typed.get("story", "").replace("\r\n", "\n")
    if not markdown:
        values[TEXT_FIELD[kind]] = story
        return values, None
    return values, story
