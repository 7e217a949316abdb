"""A translation file (`<slug>.<code>.md` beside its original) → Translation and Problems.

A translation holds only the fields it translates and its own story; names, photos, dates,
ranks and places come from the original, so they cannot be written in it. Which original it
belongs to and whether the site has its language are cross-record checks (see editions.py).
"""

from __future__ import annotations

import re
from collections.abc import Mapping
from types import MappingProxyType

from .fields import FieldReader
from .i18n import _
from .load import RawRecord
from .model import PackedHtml, Source, Translation
from .problems import Problem, did_you_mean

# "pillars/2019/siti-aminah.en.md": a stem, a language code, a content suffix.
_NAME = re.compile(r"(?P<stem>.+)\.(?P<lang>[a-z]{2,3})\.(?:md|markdown|ya?ml)", re.IGNORECASE)

# Per kind of record: each field a translation may hold → the model's field it replaces, and
# whether it is a list. The story (or body) is always translatable.
_TEXT, _LIST = False, True
TRANSLATABLE: Mapping[str, Mapping[str, tuple[str, bool]]] = MappingProxyType(
    {
        "pillar": {
            "summary": ("summary", _TEXT),
            "quote": ("quote", _TEXT),
            "photo_alt": ("photo_alt", _TEXT),
            "photo_credit": ("photo_credit", _TEXT),
            "photo_license": ("photo_license", _TEXT),
            "achievements": ("achievements", _LIST),
            "tags": ("tags", _LIST),
        },
        "selection": {
            "title": ("title", _TEXT),
            "summary": ("summary", _TEXT),
            "venue": ("venue", _TEXT),
            "jury": ("jury", _LIST),
        },
        "news": {
            "title": ("title", _TEXT),
            "summary": ("summary", _TEXT),
            "source": ("source_name", _TEXT),
        },
        "page": {"title": ("title", _TEXT), "summary": ("summary", _TEXT)},
    }
)
# The story's field in a YAML file, and the model field its HTML goes to.
_BODY = {"pillar": ("story", "story_html"), "selection": ("body", "body_html")}
_DEFAULT_BODY = ("body", "body_html")


def translation_of(rel: str) -> tuple[str, str] | None:
    """'pillars/2019/siti-aminah.en.md' → ('pillars/2019/siti-aminah', 'en'); None for a file
    that is not a translation."""
    folder, _slash, name = rel.rpartition("/")
    found = _NAME.fullmatch(name)
    if found is None:
        return None
    stem = f"{folder}/{found['stem']}" if folder else found["stem"]
    return stem, found["lang"].lower()


def validate_translation(raw: RawRecord) -> tuple[Translation | None, list[Problem]]:
    """A translation's RawRecord → its Translation; a field that cannot be translated (a name, a
    year, a photo) is an error on its line."""
    found = translation_of(raw.path)
    assert found is not None, "not a translation"
    original, lang = found
    r = FieldReader(raw.path, raw.fields, raw.line)
    allowed = TRANSLATABLE.get(raw.kind, {})
    body_field, body_target = _BODY.get(raw.kind, _DEFAULT_BODY)
    values: list[tuple[str, object]] = []
    for name in raw.fields:
        if name == "photos" and raw.kind == "news":
            values.append(("photos", _captions(r)))
        elif name in allowed:
            target, is_list = allowed[name]
            value = r.text_list(name) if is_list else r.text(name)
            if value:
                values.append((target, value))
        elif name != body_field or raw.is_markdown:
            r.error(name, *_not_translatable(raw, name, allowed, body_field))
    body = raw.body if raw.is_markdown else r.text(body_field)
    if body.strip():
        from .markup import render_markdown  # (30 ms to import: only when there is a story)

        html = render_markdown(body)
        values.append((body_target, PackedHtml.of(html) if body_target == "story_html" else html))
    source = Source.of(raw.path, ((k, e.line) for k, e in raw.fields.items()))
    return Translation(lang, original, tuple(values), source), r.problems


def _captions(r: FieldReader) -> tuple[tuple[str, str], ...]:
    """A press release translation's `photos:` (each `file:` of the original's photos with its
    `caption:` in this language) → (file name, caption) pairs."""
    items = r.entries["photos"].value
    if not isinstance(items, list) or not all(isinstance(i, dict) for i in items):
        items = [{"?": None}]
    pairs = []
    for item in items:
        file, caption = str(item.get("file") or ""), str(item.get("caption") or "").strip()
        if not file or not caption or set(item) - {"file", "caption"}:
            r.error(
                "photos",
                _("a translation's 'photos' holds only each photo's file and caption"),
                _(
                    "write e.g. '- file: foto.jpg' then 'caption: …' under 'photos:'; the "
                    "credit and licence come from the original file"
                ),
            )
            return ()
        pairs.append((file, caption))
    r.seen.add("photos")
    return tuple(pairs)


def _not_translatable(
    raw: RawRecord, name: str, allowed: Mapping[str, tuple[str, bool]], body_field: str
) -> tuple[str, str]:
    """(message, hint) for a field a translation cannot hold: one of the original's (a name,
    a year), or a misspelt one (`summery:`), said with the field meant."""
    photos = ["photos"] if raw.kind == "news" else []  # (each photo's caption)
    fields = [*allowed, *photos] if raw.is_markdown else [*allowed, *photos, body_field]
    value = raw.fields[name].value
    alike = [f for f in fields if isinstance(value, list) == (f in allowed and allowed[f][1])]
    best = "" if isinstance(value, dict) else did_you_mean(name, alike)  # (a list for a list)
    said = {"field": name, "fields": ", ".join(fields), "best": best}
    from . import validate  # (which reads this module: imported only when a field is refused)

    known = {"pillar": validate.PILLAR_FIELDS, "selection": validate.SELECTION_FIELDS,
             "news": validate.NEWS_FIELDS, "page": validate.PAGE_FIELDS}  # fmt: skip
    of_original = name in known.get(raw.kind, ())  # (else a misspelling, or no field at all)
    if of_original:
        message = _(
            "'%(field)s' cannot be written in a translation: it comes from the original file"
        )
    elif best:
        message = _("'%(field)s' is not a field of a translation; did you mean '%(best)s'?")
    else:
        message = _("'%(field)s' is not a field of a translation")
    if best and not of_original:
        hint = _("write '%(best)s'; a translation holds only these fields: %(fields)s")
    elif isinstance(value, list | dict):  # (its items are on the indented lines below)
        hint = _(
            "delete this line and the indented lines below it; a translation holds only "
            "these fields: %(fields)s"
        )
    else:
        hint = _("delete this line; a translation holds only these fields: %(fields)s")
    return message % said, hint % said


def category_translations(raw: RawRecord) -> tuple[tuple[str, str, str], ...]:
    """The translated fields of a category in categories.yaml (`name_en: …`) as (language,
    field, text)."""
    found = []
    for key, entry in raw.fields.items():
        field, _sep, lang = key.rpartition("_")
        text = entry.value.strip() if isinstance(entry.value, str) else ""
        if field in _CATEGORY_TEXTS and re.fullmatch(r"[a-z]{2,3}", lang) and text:
            found.append((lang, field, text))
    return tuple(found)


_CATEGORY_TEXTS = ("name", "short_name", "description")
