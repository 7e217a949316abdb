"""Shipped reference data (data/provinces.yaml) → Province tuple, and other spellings of them."""

from __future__ import annotations

import functools
import re
from collections.abc import Iterable, Mapping
from importlib import resources
from typing import Any

import yaml

from .i18n import _
from .model import Category, Province, Rank
from .urls import slugify

_Loader: Any = getattr(yaml, "CSafeLoader", yaml.SafeLoader)


@functools.cache
def load_provinces() -> tuple[Province, ...]:
    """The 38 provinces, in Kemendagri code order (the order lists and tables use)."""
    text = resources.files("generator.data").joinpath("provinces.yaml").read_text("utf-8")
    rows = yaml.load(text, Loader=_Loader)
    return tuple(
        Province(
            slug=row["slug"],
            name=row["name"],
            kemendagri=str(row["kemendagri"]),
            iso=row["iso"],
            island_group=row["island_group"],
            formed=int(row["formed"]),
            tile=(int(row["tile"][0]), int(row["tile"][1])),
            aliases=tuple(row.get("aliases") or ()),
        )
        for row in rows
    )


# Names people use for a category beyond the slug, short_name and name in categories.yaml;
# each applies only when categories.yaml has that slug.
_CATEGORY_FORMS = {
    "kt": "karang-taruna",
    "karang taruna": "karang-taruna",
    "taruna siaga bencana": "tagana",
    "pekerja sosial masyarakat": "psm",
    "tenaga kesejahteraan sosial kecamatan": "tksk",
    "lembaga kesejahteraan sosial": "lks",
}
_ROMAN = {"i": "1", "ii": "2", "iii": "3"}
_PROVINCE_PREFIX = re.compile(r"^(?:provinsi|propinsi|prov)\b\.?\s*", re.IGNORECASE)


def category_spellings(categories: Iterable[Category]) -> dict[str, str]:
    """Every way people name a category (slug, short name, full name, "KT"…), lowercased → slug."""
    categories = tuple(categories)
    slugs = {c.slug for c in categories}
    spellings = {k: v for k, v in _CATEGORY_FORMS.items() if v in slugs}
    for c in categories:
        spellings.update({name.lower(): c.slug for name in (c.slug, c.short_name, c.name)})
    return spellings


def resolve_category(text: str, spellings: Mapping[str, str]) -> str | None:
    """'TKSK', 'Karang Taruna', 'karang_taruna' → the slug; None when nothing matches."""
    lowered = " ".join(text.lower().split())
    return spellings.get(lowered) or spellings.get(slugify(lowered))


def resolve_province(
    text: str, provinces: Mapping[str, Province], spellings: Mapping[str, str]
) -> str | None:
    """'jawa-barat', 'Prov. Jawa Barat', '32', 'ID-JB', 'Jabar', 'D.K.I. Jakarta' → the slug."""
    lowered = " ".join(_PROVINCE_PREFIX.sub("", text.strip()).lower().split())
    undotted = lowered.replace(".", "")
    for key in (lowered, undotted, slugify(undotted)):
        if key in provinces:
            return key
        if key in spellings:
            return spellings[key]
    return None


def not_yet_formed(province: Province, year: int | None) -> tuple[str, str] | None:
    """(message, hint) when a selection year comes before the province existed (e.g. Papua
    Selatan, formed in 2022, in a 2019 profile); checked alike by profiles, import and new."""
    if year is None or year >= province.formed:
        return None
    said = {"province": province.slug, "name": province.name, "formed": province.formed}
    said["year"] = year  # (the name as the form's list shows it, the code as files write it)
    return (
        _(
            "province %(name)s ('%(province)s') was formed in %(formed)s, after the selection "
            "year %(year)s"
        )
        % said,
        _("use the province this place belonged to in %(year)s, or check the year") % said,
    )


def province_spellings(provinces: tuple[Province, ...]) -> dict[str, str]:
    """Every other way people name a province (name, codes, short names), lowercased → slug."""
    spellings: dict[str, str] = {}
    for p in provinces:
        names = (p.name, p.kemendagri, p.iso, p.iso.removeprefix("ID-"), *p.aliases)
        for name in names:
            spellings[name.lower()] = p.slug
        if p.name.lower().startswith("sumatera"):
            spellings[p.name.lower().replace("sumatera", "sumatra")] = p.slug
    return spellings


def parse_rank(value: object) -> Rank | None:
    """1, "2", "Juara III", "harapan 1", "Harapan II" … → Rank; None if not a rank."""
    text = str(value).strip().lower()
    words = re.split(r"[\s_-]+", text)
    if words and words[0] == "juara":
        words = words[1:]
    words = [_ROMAN.get(w, w) for w in words]
    joined = "-".join(words)
    for rank in Rank:
        if joined == rank.value:
            return rank
    return None
