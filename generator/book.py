"""SiteIndex + photos → the year book's context: every winner of a year, by category, each
with the whole profile, its photo and its web address, of which the template draws a QR code
(`qr_codes`: when the page is rendered, in the render workers). Pure; no IO."""

from __future__ import annotations

from collections.abc import Mapping
from dataclasses import dataclass
from typing import Any

from . import urls
from .images import Photo
from .index import SiteIndex
from .model import Category, Pillar, Province


@dataclass(frozen=True, slots=True)
class BookEntry:
    """One winner's sheet in the year book: the whole profile, its photo, and its full web
    address (printed, and drawn as a QR code)."""

    pillar: Pillar
    category: Category
    province: Province
    photo: Photo | None
    address: str


def book_context(index: SiteIndex, photos: Mapping[str, Photo], year: int) -> dict[str, Any]:
    """What the book of `year` shows: its selection and its winners grouped by category."""
    pillars = index.by_year.get(year, ())
    # A further edition's book leads to its own pages (/en/pilar/…), not the main edition's.
    edition = f"{index.lang}/" if index.lang else ""
    groups = []
    for category in index.categories:
        entries = []
        for p in pillars:
            if p.category == category.slug:
                address = urls.absolute_url(index.config.base_url, edition + urls.pillar(p.slug))
                province = index.province_by_slug[p.province]
                photo = photos.get(p.slug)
                entries.append(BookEntry(p, category, province, photo, address))
        if entries:
            groups.append((category, tuple(entries)))
    return {
        "year": year,
        "selection": index.selection_by_year.get(year),
        "groups": tuple(groups),
        "total": len(pillars),
        "addresses": tuple(e.address for _, entries in groups for e in entries),
    }
