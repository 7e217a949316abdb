"""Fields of one record → typed values; each wrong field becomes a Problem with its line.

Shared by `config` (site.yaml) and `validate` (content files) so every file reports mistakes the
same way: the field, its line, what was found, and what to write instead.
"""

from __future__ import annotations

import datetime
import re
from collections.abc import Mapping
from typing import Any

from .i18n import _, ngettext
from .problems import Problem, did_you_mean, error, warning
from .yamltext import Entry


def describe(value: Any) -> str:
    """How a YAML value looks to someone who wrote it, for messages: a noun on its own (the
    `%(kind)s` of a sentence), which needs no agreement with the words around it."""
    if isinstance(value, bool):
        return _("a yes/no value")
    if isinstance(value, int | float):
        return _("a number")
    if isinstance(value, datetime.date):
        return _("a date")
    if isinstance(value, list):
        return _("a list")
    if isinstance(value, dict):
        return _("a group of fields")
    return _("text")


# Fields of running text, where "#" is more likely part of the text ("Juara #1", a hashtag)
# than a comment the author meant, even with a space after it. (In other text fields only a '#'
# with text right after it is surely text: 'Karang Taruna #1'.)
PROSE_FIELDS = frozenset(
    {"name", "summary", "quote", "title", "photo_alt", "description", "tagline"}
)


def _item_noun(name: str) -> str:
    """What one item of a list field is, for hints."""
    nouns = {
        "achievements": _("the achievement"),
        "tags": _("the tag"),
        "jury": _("the name"),
        "pillars": _("the file name"),
    }
    return nouns.get(name, _("the item"))


# Left-overs of the commented hints `teladan new` writes (scaffold.py), which pass every other
# check once uncommented: in these short one-line fields an ellipsis can only be a placeholder
# ("regency: Kabupaten …"); a story, summary or title may end with one on purpose.
PLACEHOLDER_FIELDS = (
    "name", "regency", "district", "organization", "photo", "photo_alt", "location", "source",
    "venue", "city", "achievements",
)  # fmt: skip
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
    said = {"field": name, "value": value, "what": _placeholder_noun(name)}
    return (
        _("an item of '%(field)s' ('%(value)s') is still the placeholder of the template") % said
        if item
        else _("'%(field)s: %(value)s' is still the placeholder of the template") % said,
        _("replace the … with %(what)s") % said
        if dots
        else _("replace it with %(what)s, or delete the line") % said,
    )


def _placeholder_noun(name: str) -> str:
    """What belongs where a template's placeholder is: a noun on its own."""
    nouns = {
        "name": _("the name"),
        "regency": _("the kabupaten or kota"),
        "district": _("the kecamatan"),
        "organization": _("the organisation's name"),
        "photo": _("the photo's file name"),
        "photo_alt": _("what the photo shows"),
        "location": _("the city"),
        "source": _("the source"),
        "venue": _("the venue"),
        "city": _("the city"),
        "achievements": _("the achievement"),
    }
    return nouns.get(name, _("the real text"))


def required_message(name: str, empty: bool) -> str:
    """The message of a required field left empty or out (also found again by `reword`)."""
    if empty:
        return _("required field '%(field)s' is empty") % {"field": name}
    return _("required field '%(field)s' is missing") % {"field": name}


# Lengths past which a field no longer reads well where it is shown (cards, titles, previews).
LENGTH_LIMITS = {"name": 150, "title": 200, "summary": 400, "photo_alt": 300, "quote": 600}


def reword(text: str, field: str, heading: str, written: str = "") -> str:
    """A message about a profile's field, told for a value typed elsewhere (a spreadsheet
    column, a command-line option) that is checked as that field: `heading` names the place,
    `written` is how a value is written there ('year: 2019' becomes `written` + '2019')."""
    empty = _("'%(heading)s' is empty") % {"heading": heading}
    for left_empty in (True, False):
        text = text.replace(required_message(field, left_empty), empty)
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
        return _("write the year in full: %(field)s: %(year)s") % {"field": name, "year": year}
    return _(
        "write it without the leading 0 (%(field)s: %(number)s), "
        'or in quotes: %(field)s: "%(written)s"'
    ) % {"field": name, "number": number, "written": written}


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
                self.problems.append(
                    error(
                        self.path,
                        entry.line if entry else self.record_line,
                        required_message(name, entry is not None),
                        hint or _("add a line '%(field)s: …'") % {"field": name},
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
                    _("the text after ' #' is left out of '%(field)s' (YAML reads it as a comment)")
                    % {"field": name},
                    _('put the whole value in quotes: %(field)s: "%(value)s"')
                    % {"field": name, "value": f"{value} #{comment}"},
                )
            value = value.strip()
            left = placeholder(name, value)
            if left:
                self.error(name, *left)
            limit = LENGTH_LIMITS.get(name)
            if limit and len(value) > limit:
                self.warn(
                    name,
                    _("'%(field)s' is %(length)s characters long; keep it under %(limit)s")
                    % {"field": name, "length": len(value), "limit": limit},
                    _("long names and summaries are cut off on phones and in search results"),
                )
            return value
        if entry.written is not None and not isinstance(value, list | dict):
            # YAML turned what the author typed (no, yes, 0812…) into a non-text value:
            # keep their characters, and say how to make it unambiguous.
            self.warn(
                name,
                _(
                    "'%(field)s: %(written)s' is read by YAML as %(kind)s, not text; "
                    "it is used as written"
                )
                % {"field": name, "written": entry.written, "kind": describe(value)},
                _('put it in quotes: %(field)s: "%(written)s"')
                % {"field": name, "written": entry.written},
            )
            return entry.written
        if isinstance(value, datetime.date):
            return value.isoformat()
        self.error(
            name,
            _("'%(field)s' should be text, but it is %(kind)s")
            % {"field": name, "kind": describe(value)},
            hint,
        )
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
            said = {"field": name, "written": written, "whole": whole}
            self.error(
                name,
                _("'%(field)s: %(written)s' should be a whole number") % said,
                _("write %(field)s: %(whole)s") % said,
            )
            return None
        if isinstance(value, int) and re.fullmatch(r"0[0-7_]+", written):
            # YAML 1.1 reads a number starting with 0 in base 8: 'since: 012' is 10.
            self.error(
                name,
                _(
                    "'%(field)s: %(written)s' is read by YAML as %(value)s (a number starting "
                    "with 0 is read in base 8)"
                )
                % {"field": name, "written": written, "value": value},
                _leading_zero_hint(name, written),
            )
            return None
        if isinstance(value, bool) or not isinstance(value, int):
            self.error(
                name,
                _("'%(field)s' should be a whole number, but it is %(kind)s (%(written)s)")
                % {"field": name, "kind": describe(value), "written": entry.written or repr(value)},
                hint,
            )
            return None
        if (low is not None and value < low) or (high is not None and value > high):
            said = {"field": name, "value": value, "low": low, "high": high}
            if low is None:
                message = _("'%(field)s: %(value)s' is out of range (%(high)s or earlier)")
            elif high is None:
                message = _("'%(field)s: %(value)s' is out of range (%(low)s or later)")
            else:
                message = _("'%(field)s: %(value)s' is out of range (%(low)s–%(high)s)")
            self.error(name, message % said, hint)
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
            _("'%(field)s' should be true or false, but it is '%(value)s'")
            % {"field": name, "value": entry.value},
            _("write %(field)s: true or %(field)s: false") % {"field": name},
        )
        return default

    def date(self, name: str, required: bool = False) -> datetime.date | None:
        hint = _("write dates as year-month-day, e.g. %(field)s: 2019-08-19") % {"field": name}
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
            hint = _("write dates as year-month-day: %(field)s: %(date)s") % {
                "field": name,
                "date": reordered,
            }
        self.error(
            name, _("'%(field)s: %(value)s' is not a date") % {"field": name, "value": value}, hint
        )
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
                ngettext(
                    "tags: '%(value)s' is understood as %(count)s tag",
                    "tags: '%(value)s' is understood as %(count)s tags",
                    len(tags),
                )
                % {"value": value.strip(), "count": len(tags)},
                _("write them as a list: tags: [%(tags)s]") % {"tags": ", ".join(tags)},
            )
            return tags
        if isinstance(value, str | int | float) and not isinstance(value, bool):
            return (str(value).strip(),)
        if not isinstance(value, list):
            self.error(
                name,
                _("'%(field)s' should be a list, but it is %(kind)s")
                % {"field": name, "kind": describe(value)},
                _("write one item per line under '%(field)s:', each starting with '- '")
                % {"field": name},
            )
            return ()
        items = []
        for item in value:
            if item is None:
                self.error(
                    name,
                    _("an item of '%(field)s' is empty (a '-' with nothing after it)")
                    % {"field": name},
                    _("delete that '-' line, or write %(what)s after '- '")
                    % {"what": _item_noun(name)},
                )
                continue
            if isinstance(item, bool | dict | list):
                self.error(
                    name,
                    _("an item of '%(field)s' is %(kind)s, not text")
                    % {"field": name, "kind": describe(item)},
                    _("put the item in quotes"),
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
            best = did_you_mean(name, known)
            said = {"field": name, "best": best, "known": ", ".join(known)}
            message = (
                _("unknown field '%(field)s' is ignored; did you mean '%(best)s'?")
                if best
                else _("unknown field '%(field)s' is ignored")
            )
            hint = _("check the spelling; known fields: %(known)s")
            self.problems.append(warning(self.path, entry.line, message % said, hint % said, name))
