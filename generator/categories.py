"""categories.yaml's RawRecords → Category objects + Problems: the programme's pillar
categories, each checked on its own (slug, colour, name) with its translated fields."""

from __future__ import annotations

import re
from collections.abc import Iterable

from . import urls
from .fields import FieldReader
from .i18n import _
from .load import RawRecord
from .model import Category
from .problems import Problem
from .translations import category_translations
from .urls import slugify

CATEGORY_FIELDS = ("slug", "short_name", "name", "description", "colour")


def validate_categories(raws: Iterable[RawRecord]) -> tuple[tuple[Category, ...], list[Problem]]:
    categories: list[Category] = []
    problems: list[Problem] = []
    for order, raw in enumerate(raws):
        r = FieldReader(raw.path, raw.fields, raw.line)
        slug = r.text("slug", required=True, hint=_("add e.g. 'slug: tksk'"))
        if slug and not urls.SLUG.fullmatch(slug):
            r.error(
                "slug",
                _("slug '%(slug)s' may hold only lowercase letters, digits and hyphens")
                % {"slug": slug},
                _("write slug: %(slug)s") % {"slug": slugify(slug)},
            )
        colour_entry = raw.fields.get("colour")
        if colour_entry is not None and colour_entry.value is None and not colour_entry.broken:
            r.error(
                "colour",
                _("the colour is empty: YAML reads '#' as the start of a comment"),
                _('put the colour in quotes, e.g. colour: "#1f6f8b"'),
            )
        colour = r.text("colour") or "#2f4f6f"
        if not re.fullmatch(r"#[0-9a-fA-F]{6}", colour):
            r.error(
                "colour",
                _("colour '%(colour)s' is not a colour code") % {"colour": colour},
                _('write e.g. colour: "#1f6f8b"'),
            )
            colour = "#2f4f6f"
        name = r.text("name", required=True, hint=_("add e.g. 'name: Pekerja Sosial Masyarakat'"))
        category = Category(
            slug=slug,
            short_name=r.text("short_name") or name,
            name=name,
            description=r.text("description"),
            colour=colour.lower(),
            order=order,
            translations=category_translations(raw),
        )
        r.warn_unknown(CATEGORY_FIELDS + tuple(f"{f}_{g}" for g, f, _t in category.translations))
        problems.extend(r.problems)
        if slug:
            categories.append(category)
    return tuple(categories), problems
