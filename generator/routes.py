"""SiteIndex → every file the site will contain, as Routes (path, template, context). Pure; no IO.

A Route's context holds exactly what its page shows, so equal contexts render equal pages:
that is what makes each page a pure function of (route, theme), ready for parallel and
incremental rendering.
"""

from __future__ import annotations

import datetime
from collections import defaultdict
from collections.abc import Callable, Collection, Iterator, Mapping, Sequence
from dataclasses import dataclass
from types import MappingProxyType
from typing import Any

from . import book, opendata, statistics, urls
from .awards import awards_shown, feed_entry_id, list_card
from .editions import untranslated, untranslated_sheets
from .images import Photo, news_photo_key
from .index import SiteIndex
from .model import NATIONAL, Card, Pillar
from .pagination import Nth, paginate

LATEST_NEWS = 3
RELATED = 6
FEED_ENTRIES = 50


@dataclass(frozen=True, slots=True)
class Route:
    path: str  # site path, "" for the home page
    template: str
    context: Mapping[str, Any]

    @property
    def output_path(self) -> str:
        return urls.output_path(self.path)


def _route(path: str, template: str, **context: Any) -> Route:
    return Route(path, template, MappingProxyType(context))


def _photos_of(
    photos: Mapping[str, Photo], *groups: Sequence[Pillar] | Sequence[Card]
) -> Mapping[str, Photo]:
    """The photos a page shows, so its context (and cache key) holds them."""
    if not photos:  # (a site without photos: no need to look through every card of every page)
        return _NO_PHOTOS
    return MappingProxyType({p.slug: photos[p.slug] for g in groups for p in g if p.slug in photos})


_NO_PHOTOS: Mapping[str, Photo] = MappingProxyType({})


_NO_KITS: Mapping[str, int] = MappingProxyType({})


# Whether a route is to be planned, by its site path (see `plan_routes`'s `only`).
Wanted = Callable[[str], bool]


def _every(path: str) -> bool:
    return True


def _cards(index: SiteIndex, pillars: Sequence[Pillar]) -> tuple[Card, ...]:
    return tuple(list_card(index, p) for p in pillars)


def _by_category(
    index: SiteIndex, pillars: Sequence[Pillar]
) -> tuple[tuple[Any, tuple[Card, ...]], ...]:
    """Pillars (in canonical order) grouped under their categories; empty groups left out."""
    return tuple(
        (c, group)
        for c in index.categories
        if (group := tuple(list_card(index, p) for p in pillars if p.category == c.slug))
    )


def _tiles(index: SiteIndex) -> tuple[tuple[Any, int], ...]:
    """Every province with its number of winners (the tile map and its table)."""
    return tuple((p, len(index.by_province.get(p.slug, ()))) for p in index.provinces)


def _home(index: SiteIndex, photos: Mapping[str, Photo]) -> Route:
    latest_year = max(index.by_year) if index.by_year else None
    latest = index.by_year.get(latest_year, ()) if latest_year else ()
    latest = tuple(p for p in latest if p.level == NATIONAL)  # (the national ranking)
    figures = {
        "winners": len(index.pillars),
        "provinces": len(index.by_province),
        "years": len(index.by_year),
        "categories": len(index.categories),
    }
    return _route(
        urls.home(),
        "home.html",
        latest_year=latest_year,
        latest=_by_category(index, latest),
        figures=MappingProxyType(figures),
        categories=tuple((c, len(index.by_category.get(c.slug, ()))) for c in index.categories),
        tiles=_tiles(index),
        tiles_max=max((len(v) for v in index.by_province.values()), default=0),
        news=index.news[:LATEST_NEWS],
        photos=_photos_of(photos, latest),
    )


class _Related:
    """The first cards of a group (a province's winners, a category's of one year), from which
    each member's page shows the first RELATED others: worked out once per group, not once per
    member."""

    def __init__(self, index: SiteIndex, group: Sequence[Pillar]) -> None:
        self.cards = _cards(index, group[: RELATED + 1])
        self.slugs = tuple(c.slug for c in self.cards)

    def without(self, slug: str) -> tuple[Card, ...]:
        if slug not in self.slugs:
            return self.cards[:RELATED]
        i = self.slugs.index(slug)
        return self.cards[:i] + self.cards[i + 1 : RELATED + 1]


def _pillar_pages(index: SiteIndex, photos: Mapping[str, Photo], wanted: Wanted) -> Iterator[Route]:
    by_category_year: dict[tuple[str, int], list[Pillar]] = defaultdict(list)
    for p in index.pillars:
        for view in p.views:
            by_category_year[view.category, view.year].append(view)
    provinces = {slug: _Related(index, group) for slug, group in index.by_province.items()}
    categories = {key: _Related(index, group) for key, group in by_category_year.items()}
    for p in index.pillars:
        if not wanted(urls.pillar(p.slug)):
            continue
        same_province = provinces[p.province].without(p.slug)
        same_category = categories[p.category, p.year].without(p.slug)
        yield _route(
            urls.pillar(p.slug),
            "pillar.html",
            pillar=p,
            category=index.category_by_slug[p.category],
            province=index.province_by_slug[p.province],
            same_province=same_province,
            same_category=same_category,
            awards=awards_shown(index, p),
            mentions=index.mentions.get(p.slug, ()),
            selection=index.selection_by_year.get(p.year),
            photo=photos.get(p.slug),
            draft=p.draft,
            photos=_photos_of(photos, same_province, same_category),
        )
    per_page = index.config.per_page
    for chunk, pager in paginate(index.pillars, per_page, urls.pillar_index, wanted):
        yield _route(
            pager.path(pager.number),
            "pillar_index.html",
            pillars=_cards(index, chunk),
            pager=pager,
            photos=_photos_of(photos, chunk),
        )


def _list_pages(
    index: SiteIndex,
    photos: Mapping[str, Photo],
    pillars: Sequence[Pillar],
    path_of: Callable[[int], str],
    template: str,
    wanted: Wanted,
    **context: Any,
) -> Iterator[Route]:
    """The numbered pages of one list of winners (a category's, a province's)."""
    for chunk, pager in paginate(pillars, index.config.per_page, path_of, wanted):
        yield _route(
            pager.path(pager.number),
            template,
            pillars=_cards(index, chunk),
            total=len(pillars),
            pager=pager,
            photos=_photos_of(photos, chunk),
            **context,
        )


def _category_pages(
    index: SiteIndex, photos: Mapping[str, Photo], wanted: Wanted
) -> Iterator[Route]:
    counts = tuple((c, len(index.by_category.get(c.slug, ()))) for c in index.categories)
    yield _route(urls.category_index(), "category_index.html", categories=counts)
    for c in index.categories:
        pillars = index.by_category.get(c.slug, ())
        path_of = Nth(urls.category, c.slug)
        yield from _list_pages(index, photos, pillars, path_of, "category.html", wanted, category=c)


def _province_pages(
    index: SiteIndex, photos: Mapping[str, Photo], wanted: Wanted
) -> Iterator[Route]:
    yield _route(
        urls.province_index(),
        "province_index.html",
        tiles=_tiles(index),
        tiles_max=max((len(v) for v in index.by_province.values()), default=0),
    )
    for province in index.provinces:
        pillars = index.by_province.get(province.slug, ())
        if not pillars:
            continue  # no page for a province without winners; the index shows it unlinked
        path_of = Nth(urls.province, province.slug)
        yield from _list_pages(
            index, photos, pillars, path_of, "province.html", wanted, province=province
        )


def _kit(kits: Mapping[str, int], path: str) -> tuple[str, int] | None:
    """A press kit's path and size (see presskit.py), if it has one."""
    return (path, kits[path]) if path in kits else None


def book_routes(index: SiteIndex, photos: Mapping[str, Photo], wanted: Wanted) -> Iterator[Route]:
    """The printable year book of each year with winners, /tahun/<year>/buku/ (one function,
    so an edition in another language can plan its own)."""
    for year in index.years:
        if index.by_year.get(year) and wanted(urls.year_book(year)):
            yield _route(
                urls.year_book(year), "book.html", **book.book_context(index, photos, year)
            )


def _year_pages(
    index: SiteIndex, photos: Mapping[str, Photo], wanted: Wanted, kits: Mapping[str, int]
) -> Iterator[Route]:
    rows = tuple(
        (y, len(index.by_year.get(y, ())), index.selection_by_year.get(y)) for y in index.years
    )
    yield _route(urls.year_index(), "year_index.html", years=rows)
    for year in index.years:
        if not wanted(urls.year(year)):
            continue
        pillars = index.by_year.get(year, ())
        national = tuple(p for p in pillars if p.level == NATIONAL)
        yield _route(
            urls.year(year),
            "year.html",
            year=year,
            selection=index.selection_by_year.get(year),
            groups=_by_category(index, national),
            provincial=_by_category(index, tuple(p for p in pillars if p.level != NATIONAL)),
            total=len(pillars),
            news=tuple(n for n in index.news if n.year == year),
            photos=_photos_of(photos, pillars),
            kit=_kit(kits, urls.year_kit(year)),
        )


def _news_pages(
    index: SiteIndex, photos: Mapping[str, Photo], wanted: Wanted, kits: Mapping[str, int]
) -> Iterator[Route]:
    for chunk, pager in paginate(index.news, index.config.per_page, urls.news_index, wanted):
        yield _route(pager.path(pager.number), "news_index.html", news=chunk, pager=pager)
    for release in index.news:
        if not wanted(urls.news(release.slug)):
            continue
        named = tuple(index.pillar_by_slug[s] for s in release.pillars if s in index.pillar_by_slug)
        yield _route(
            urls.news(release.slug),
            "news.html",
            release=release,
            draft=release.draft,
            pillars=_cards(index, named),
            photos=_photos_of(photos, named),
            own_photos=tuple(
                photos.get(news_photo_key(release, n)) for n in range(1, len(release.photos) + 1)
            ),
            kit=_kit(kits, urls.news_kit(release.slug)),
        )


def _free_pages(index: SiteIndex) -> Iterator[Route]:
    for page in index.pages:
        yield _route(urls.page(page.slug), "page.html", page=page)


def announced(index: SiteIndex, pillar: Pillar) -> datetime.date:
    """When a win became public: its own date, else its selection's, else the first press
    release naming it, else the 1st of its year."""
    selection = index.selection_by_year.get(pillar.year)
    mentioned = min((n.date for n in index.mentions.get(pillar.slug, ())), default=None)
    return (
        pillar.date
        or (selection.date if selection else None)
        or mentioned
        or datetime.date(pillar.year, 1, 1)
    )


def _feeds(index: SiteIndex, photos: Mapping[str, Photo], wanted: Wanted) -> Iterator[Route]:
    news = index.news[:FEED_ENTRIES]
    yield _route(
        urls.news_feed(),
        "feeds/news.xml",
        entries=news,
        updated=max((n.date for n in news), default=datetime.date(2000, 1, 1)),
    )
    if not wanted(urls.pillar_feed()):
        return
    # An entry per award, not per profile: a pillar honoured again is news again.
    awards = (v for p in index.pillars for v in p.views)
    winners = sorted(awards, key=lambda p: announced(index, p), reverse=True)[:FEED_ENTRIES]
    yield _route(
        urls.pillar_feed(),
        "feeds/pillars.xml",
        entries=tuple((p, announced(index, p), feed_entry_id(index, p)) for p in winners),
        updated=max((announced(index, p) for p in winners), default=datetime.date(2000, 1, 1)),
        photos=_photos_of(photos, winners),
    )


def _pages(
    index: SiteIndex,
    photos: Mapping[str, Photo],
    search_enabled: bool,
    wanted: Wanted,
    kits: Mapping[str, int],
) -> list[Route]:
    """The pages of one edition."""
    stats = urls.statistics()
    return [
        _route(urls.search(), "search.html", search_enabled=search_enabled),
        _route(
            urls.data_index(),
            "data.html",
            fields=opendata.fields_of(index.config),
            award_fields=opendata.AWARD_FIELDS,
            count=len(index.pillars),
            files=opendata.FILES,
        ),
        _home(index, photos),
        # (counting every award is skipped where the page is not asked for: a small rebuild)
        *([_route(stats, "statistik.html", **statistics.context(index))] if wanted(stats) else []),
        *_pillar_pages(index, photos, wanted),
        *_category_pages(index, photos, wanted),
        *_province_pages(index, photos, wanted),
        *_year_pages(index, photos, wanted, kits),
        *book_routes(index, photos, wanted),
        *_news_pages(index, photos, wanted, kits),
        *_free_pages(index),
    ]


# The record a page is about, by its context's name for it (a year's page: its selection).
_ABOUT = ("pillar", "release", "page")


def _untranslated(route: Route, edition: SiteIndex) -> tuple[str, ...]:
    """The fields of the record a page of a further edition is about that it shows in the
    original's words (no translation of them)."""
    names = (*_ABOUT, "selection") if route.template in ("year.html", "book.html") else _ABOUT
    for name in names:
        record = route.context.get(name)
        if record is not None:
            return untranslated(route.template, record.source.path, edition.translated)
    return ()


def _edition(
    lang: str,
    edition: SiteIndex,
    photos: Mapping[str, Photo],
    search: bool,
    wanted: Wanted,
    kits: Mapping[str, int],
) -> tuple[list[Route], list[Route]]:
    """The pages and feeds of a further edition, under /<lang>/: the same pages as the main
    edition's, with its translated records and settings."""
    prefix = f"{lang}/"

    def wanted_here(path: str) -> bool:
        return wanted(prefix + path)

    def moved(r: Route) -> Route:
        extra = {
            "lang": lang,
            "site": edition.config,
            "untranslated": _untranslated(r, edition),
            "categories_by_slug": edition.category_by_slug,
        }
        if r.template == "book.html":  # (a sheet per winner: each says what it shows untranslated)
            extra["untranslated_of"] = untranslated_sheets(r.context["groups"], edition.translated)
        return Route(prefix + r.path, r.template, MappingProxyType({**r.context, **extra}))

    pages = [moved(r) for r in _pages(edition, photos, search, wanted_here, kits)]
    return pages, [moved(r) for r in _feeds(edition, photos, wanted_here)]


def plan_routes(
    index: SiteIndex,
    photos: Mapping[str, Photo],
    search_enabled: bool = False,
    only: Collection[str] | None = None,
    kits: Mapping[str, int] = _NO_KITS,
) -> tuple[Route, ...]:
    """Every page and hosting file of the site, in a stable order; with `only`, just the ones
    written to those files (output paths). The profile pages, most of any site, are then not
    even planned: after a small edit a build needs a few of them. `kits`: each press kit's
    size by its path (presskit.kit_sizes), for the pages that link them."""
    wanted: Wanted = _every
    if only is not None and "sitemap.xml" not in only:  # (the sitemap lists every page)
        wanted = lambda path: urls.output_path(path) in only  # noqa: E731
    pages = _pages(index, photos, search_enabled, wanted, kits)
    feeds = list(_feeds(index, photos, wanted))
    for lang, edition in index.editions:
        more, more_feeds = _edition(lang, edition, photos, search_enabled, wanted, kits)
        pages += more
        feeds += more_feeds
    hosting = [
        *feeds,
        _route("404.html", "404.html", link_base=index.config.base_path),
        _route(
            "sitemap.xml",
            "sitemap.xml",
            paths=tuple(r.path for r in pages if not r.context.get("draft")),
        ),
        _route("robots.txt", "robots.txt"),
    ]
    # Category and province records are shown on nearly every page (badges, places).
    shared = {
        "categories_by_slug": index.category_by_slug,
        "provinces_by_slug": index.province_by_slug,
    }
    if only is not None:
        pages, hosting = [], [r for r in (*pages, *hosting) if r.output_path in only]
    return tuple(
        Route(r.path, r.template, MappingProxyType({**shared, **r.context}))
        for r in (*pages, *hosting)
    )
