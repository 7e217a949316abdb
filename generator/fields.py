"""Fields of one record → typed values; each wrong field becomes a Problem with its line.

Shared by `config` (site.yaml) and `validate` (content files) so every file reports mistakes the
same way: the field, its line, what was found, and what to write instead.
"""

from __future__ import annotations

import datetime
import re
from collections.abc import Mapping
from typing import Any

from .problems import Problem, error, suggestion, warning
from .yamltext import Entry


def describe(value: Any) -> str:
    """How a YAML value looks to someone who wrote it, for messages."""
    if isinstance(value, bool):
        return "a yes/no value"
    if isinstance(value, int | float):
        return "a number"
    if isinstance(value, datetime.date):
        return "a date"
    if isinstance(value, list):
        return "a list"
    if isinstance(value, dict):
        return "a group of fields"
    return "text"


# Fields of running text, where "#" is more likely part of the text ("Juara #1", a hashtag)
# than a comment the author meant, even with a space after it. (In other text fields only a '#'
# with text right after it is surely text: 'Karang Taruna #1'.)
PROSE_FIELDS = frozenset(
    {"name", "summary", "quote", "title", "photo_alt", "description", "tagline"}
)


# What one item of a list field is, for hints.
ITEM_NOUNS = {"achievements": "achievement", "tags": "tag", "jury": "name", "pillars": "file name"}


# Left-overs of the commented hints `teladan new` writes (scaffold.py), which pass every other
# check once uncommented: in these short one-line fields an ellipsis can only be a placeholder
# ("regency: Kabupaten …"); a story, summary or title may end with one on purpose.
PLACEHOLDER_FIELDS = {
    "name": "the name", "regency": "the kabupaten or kota", "district": "the kecamatan",
    "organization": "the organisation's name", "photo": "the photo's file name",
    "photo_alt": "what the photo shows", "location": "the city", "source": "the source",
    "venue": "the venue", "city": "the city", "achievements": "the achievement",
}  # fmt: skip
# Values that are a placeholder of the templates wherever they are written.
TEMPLATE_TEXTS = frozenset(
    {
        "Satu atau dua kalimat tentang dia (untuk kartu, mesin pencari, pratinjau).",
        "Satu atau dua kalimat ringkasan.",
        "nama-berkas-profil",
    }
)


def placeholder(name: str, value: str, item: bool = False) -> tuple[str, str] | None:
    """(message, hint) when `value` of field `name` is a template's placeholder left in."""
    dots = "…" in value or "..." in value
    if not (
        value in TEMPLATE_TEXTS or not value.strip(" .…") or (dots and name in PLACEHOLDER_FIELDS)
    ):
        return None
    what = PLACEHOLDER_FIELDS.get(name, "the real text")
    return (
        f"an item of '{name}' ('{value}') is still the placeholder of the template"
        if item
        else f"'{name}: {value}' is still the placeholder of the template",
        f"replace the … with {what}" if dots else f"replace it with {what}, or delete the line",
    )


# Lengths past which a field no longer reads well where it is shown (cards, titles, previews).
LENGTH_LIMITS = {"name": 150, "title": 200, "summary": 400, "photo_alt": 300, "quote": 600}


def reword(text: str, field: str, heading: str, written: str = "") -> str:
    """A message about a profile's field, told for a value typed elsewhere (a spreadsheet
    column, a command-line option) that is checked as that field: `heading` names the place,
    `written` is how a value is written there ('year: 2019' becomes `written` + '2019')."""
    text = re.sub(rf"required field '{field}' is (?:empty|missing)", f"'{heading}' is empty", text)
    return re.sub(rf"\b{field}: ", written, text)


def _whole_number(value: Any) -> int | None:
    """2024.0 or '2024.0' → 2024; None for anything else."""
    if isinstance(value, str):
        try:
            value = float(value.strip())
        except ValueError:
            return None
    if isinstance(value, float) and value.is_integer():
        return int(value)
    return None


def _leading_zero_hint(name: str, written: str) -> str:
    number = int(written.replace("_", ""), 10)
    if name in ("year", "since") and number < 100:
        year = 2000 + number if 2000 + number <= datetime.date.today().year + 1 else 1900 + number
        return f"write the year in full: {name}: {year}"
    return f'write it without the leading 0 ({name}: {number}), or in quotes: {name}: "{written}"'


def _reordered_date(value: Any) -> str:
    """'21-08-2023', '21/8/2023', '2023/08/21' → '2023-08-21' (day before month, as written in
    Indonesia); '' when the value is not such a date."""
    text = str(value).strip()
    day_first = re.fullmatch(r"(\d{1,2})[-/.](\d{1,2})[-/.](\d{4})", text)
    year_first = re.fullmatch(r"(\d{4})[-/.](\d{1,2})[-/.](\d{1,2})", text)
    if day_first:
        day, month, year = map(int, day_first.groups())
    elif year_first:
        year, month, day = map(int, year_first.groups())
    else:
        return ""
    try:
        return datetime.date(year, month, day).isoformat()
    except ValueError:
        return ""


class FieldReader:
    """Reads the fields of one record; collects problems instead of raising.

    Short-lived and private to one record: the one mutable object of validation.
    """

    def __init__(
        self, path: str, entries: Mapping[str, Entry], line: int = 1, example: str = ""
    ) -> None:
        self.path = path
        self.entries = entries
        self.record_line = line
        self.problems: list[Problem] = []
        self.seen: set[str] = set()
        self.example = example

    def line(self, name: str) -> int:
        entry = self.entries.get(name)
        return entry.line if entry else self.record_line

    def error(self, name: str, message: str, hint: str = "") -> None:
        self.problems.append(error(self.path, self.line(name), message, hint, name))

    def warn(self, name: str, message: str, hint: str = "") -> None:
        self.problems.append(warning(self.path, self.line(name), message, hint, name))

    def _get(self, name: str, required: bool, hint: str) -> Entry | None:
        self.seen.add(name)
        entry = self.entries.get(name)
        if entry is not None and entry.broken:
            return None  # already reported where it was read
        if entry is None or entry.value is None or entry.value == "":
            if required:
                what = "is empty" if entry is not None else "is missing"
                self.problems.append(
                    error(
                        self.path,
                        entry.line if entry else self.record_line,
                        f"required field '{name}' {what}",
                        hint or f"add a line '{name}: …'",
                        name,
                    )
                )
            return None
        return entry

    def text(self, name: str, required: bool = False, hint: str = "") -> str:
        entry = self._get(name, required, hint)
        if entry is None:
            return ""
        value = entry.value
        if isinstance(value, str):
            # ('#1', '#lansia': text; a note after ' # ' is a comment, as in README's example)
            comment = entry.comment
            if comment is not None and (name in PROSE_FIELDS or comment[:1] not in ("", " ")):
                self.warn(
                    name,
                    f"the text after ' #' is left out of '{name}' (YAML reads it as a comment)",
                    f'put the whole value in quotes: {name}: "{value} #{comment}"',
                )
            value = value.strip()
            left = placeholder(name, value)
            if left:
                self.error(name, *left)
            limit = LENGTH_LIMITS.get(name)
            if limit and len(value) > limit:
                self.warn(
                    name,
                    f"'{name}' is {len(value)} characters long; keep it under {limit}",
                    "long names and summaries are cut off on phones and in search results",
                )
            return value
        if entry.written is not None and not isinstance(value, list | dict):
            # YAML turned what the author typed (no, yes, 0812…) into a non-text value:
            # keep their characters, and say how to make it unambiguous.
            self.warn(
                name,
                f"'{name}: {entry.written}' is read by YAML as {describe(value)}, "
                "not text; it is used as written",
                f'put it in quotes: {name}: "{entry.written}"',
            )
            return entry.written
        if isinstance(value, datetime.date):
            return value.isoformat()
        self.error(name, f"'{name}' should be text, but it is {describe(value)}", hint)
        return ""

    def integer(
        self,
        name: str,
        required: bool = False,
        hint: str = "",
        low: int | None = None,
        high: int | None = None,
    ) -> int | None:
        entry = self._get(name, required, hint)
        if entry is None:
            return None
        value = entry.value
        if isinstance(value, str) and value.strip().isdigit():
            value = int(value.strip())
        written = entry.written or str(value).strip()
        whole = _whole_number(value)
        if whole is not None:  # '2024.0': a number, but not written as a whole one
            self.error(
                name, f"'{name}: {written}' should be a whole number", f"write {name}: {whole}"
            )
            return None
        if isinstance(value, int) and re.fullmatch(r"0[0-7_]+", written):
            # YAML 1.1 reads a number starting with 0 in base 8: 'since: 012' is 10.
            self.error(
                name,
                f"'{name}: {written}' is read by YAML as {value} (a number starting with 0 "
                "is read in base 8)",
                _leading_zero_hint(name, written),
            )
            return None
        if isinstance(value, bool) or not isinstance(value, int):
            self.error(
                name,
                f"'{name}' should be a whole number, but it is {describe(value)} "
                f"({entry.written or value!r})",
                hint,
            )
            return None
        if (low is not None and value < low) or (high is not None and value > high):
            bounds = f"{low}–{high}" if high is not None else f"{low} or later"
            if low is None:
                bounds = f"{high} or earlier"
            self.error(name, f"'{name}: {value}' is out of range ({bounds})", hint)
            return None
        return value

    def boolean(self, name: str, default: bool = False) -> bool:
        entry = self._get(name, False, "")
        if entry is None:
            return default
        if isinstance(entry.value, bool):
            return entry.value
        self.error(
            name,
            f"'{name}' should be true or false, but it is '{entry.value}'",
            f"write {name}: true or {name}: false",
        )
        return default

    def date(self, name: str, required: bool = False) -> datetime.date | None:
        hint = f"write dates as year-month-day, e.g. {name}: 2019-08-19"
        entry = self._get(name, required, hint)
        if entry is None:
            return None
        value = entry.value
        if isinstance(value, datetime.datetime):
            return value.date()
        if isinstance(value, datetime.date):
            return value
        reordered = _reordered_date(value)
        if reordered:
            hint = f"write dates as year-month-day: {name}: {reordered}"
        self.error(name, f"'{name}: {value}' is not a date", hint)
        return None

    def text_list(self, name: str) -> tuple[str, ...]:
        entry = self._get(name, False, "")
        if entry is None:
            return ()
        value = entry.value
        if name == "tags" and isinstance(value, str) and "," in value:
            # 'tags: lansia, pendampingan' means two tags, never one with a comma in it.
            tags = tuple(t.strip() for t in value.split(",") if t.strip())
            self.warn(
                name,
                f"tags: '{value.strip()}' is understood as {len(tags)} tags",
                f"write them as a list: tags: [{', '.join(tags)}]",
            )
            return tags
        if isinstance(value, str | int | float) and not isinstance(value, bool):
            return (str(value).strip(),)
        if not isinstance(value, list):
            self.error(
                name,
                f"'{name}' should be a list, but it is {describe(value)}",
                f"write one item per line under '{name}:', each starting with '- '",
            )
            return ()
        items = []
        for item in value:
            if item is None:
                noun = ITEM_NOUNS.get(name, "item")
                self.error(
                    name,
                    f"an item of '{name}' is empty (a '-' with nothing after it)",
                    f"delete that '-' line, or write the {noun} after '- '",
                )
                continue
            if isinstance(item, bool | dict | list):
                self.error(
                    name,
                    f"an item of '{name}' is {describe(item)}, not text",
                    "put the item in quotes",
                )
                continue
            text = str(item).strip()
            left = placeholder(name, text, item=True) if isinstance(item, str) else None
            if left:
                self.error(name, *left)
            elif text:
                items.append(text)
        return tuple(items)

    def warn_unknown(self, known: tuple[str, ...]) -> None:
        """A field nobody reads is most likely a typo: name it and suggest the nearest."""
        for name, entry in self.entries.items():
            if name in known:
                continue
            self.problems.append(
                warning(
                    self.path,
                    entry.line,
                    f"unknown field '{name}' is ignored{suggestion(name, known)}",
                    "check the spelling; known fields: " + ", ".join(known),
                    name,
                )
            )
