"""Shipped reference data (data/provinces.yaml) → Province tuple, and other spellings of them."""

from __future__ import annotations

import functools
from importlib import resources
from typing import Any

import yaml

from .model import Province

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
