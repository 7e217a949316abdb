"""Content + SiteConfig → SiteIndex: cross-record checks, canonical order, and lookups. Pure.

Ordering is decided here once, so every page lists records in the same order on every build.
"""

from __future__ import annotations

import dataclasses
import datetime
import operator
from collections import defaultdict
from collections.abc import Callable, Iterable, Iterator, Mapping
from dataclasses import dataclass, field
from types import MappingProxyType
from typing import Any, TypeVar

from . import urls
from .config import SiteConfig
from .editions import check_translations, translated_content
from .i18n import _
from .model import Card, Category, Content, Page, Pillar, PressRelease, Province, Selection
from .problems import Problem, did_you_mean, error, warning

K = TypeVar("K")


@dataclass(frozen=True, slots=True)
class SiteIndex:
    config: SiteConfig
    categories: tuple[Category, ...]
    provinces: tuple[Province, ...]  # all of them, in code order (the tile map needs all)
    pillars: tuple[Pillar, ...]  # published, newest year first, then category, rank, name
    selections: tuple[Selection, ...]  # newest first
    news: tuple[PressRelease, ...]  # newest first
    pages: tuple[Page, ...]
    years: tuple[int, ...]  # every year with winners or a selection, newest first
    category_by_slug: Mapping[str, Category]
    province_by_slug: Mapping[str, Province]
    pillar_by_slug: Mapping[str, Pillar]
    selection_by_year: Mapping[int, Selection]
    by_category: Mapping[str, tuple[Pillar, ...]]
    by_province: Mapping[str, tuple[Pillar, ...]]
    by_year: Mapping[int, tuple[Pillar, ...]]
    mentions: Mapping[str, tuple[PressRelease, ...]]  # pillar slug → press releases naming it
    cards: Mapping[str, Card]  # pillar slug → its card, one object shared by every list
    # the content files left out: drafts, and scheduled items (dated after today)
    drafts: tuple[str, ...] = ()
    scheduled: tuple[str, ...] = ()
    # The further editions (language, their index: translated records, same order), and in an
    # edition's own index, its language and the files of the records it has a translation of.
    editions: tuple[tuple[str, SiteIndex], ...] = ()
    lang: str = ""
    translated: Mapping[str, tuple[str, ...]] = field(default_factory=dict)


class _Cards(Mapping[str, Card]):
    """Each published profile's card by its slug, made the first time it is asked for and the
    same object after: an edit plans a few pages, which show dozens of the site's thousands."""

    __slots__ = ("_made", "_pillars")

    def __init__(self, pillars: Mapping[str, Pillar]) -> None:
        self._pillars = pillars
        self._made: dict[str, Card] = {}

    def __getitem__(self, slug: str) -> Card:
        card = self._made.get(slug)
        if card is None:
            card = self._made[slug] = Card.of(self._pillars[slug])
        return card

    def __iter__(self) -> Iterator[str]:
        return iter(self._pillars)

    def __len__(self) -> int:
        return len(self._pillars)


def pillar_order(
    categories: Mapping[str, Category],
) -> Callable[[Pillar], tuple[int, int, int, str, str]]:
    """Newest year first, then the category order of categories.yaml, the podium, the name."""

    def key(p: Pillar) -> tuple[int, int, int, str, str]:
        category = categories.get(p.category)
        rank = p.rank.order if p.rank else 99
        return (-p.year, category.order if category else 99, rank, p.name.casefold(), p.slug)

    return key


# Views of pillars, each with its place in the order of lists (see `pillar_order`).
_Placed = tuple[tuple[Any, Pillar], ...]
_place = operator.itemgetter(0)


def _placed_views(pillars: Iterable[Pillar], order: Callable[[Pillar], Any]) -> _Placed:
    """Each pillar's views (see Pillar.views), each with its place in `order`: worked out once
    for the three groupings (at 100,000 profiles the key took half a second a grouping)."""
    return tuple((order(view), view) for pillar in pillars for view in pillar.views)


def _group(views: _Placed, key: str) -> Mapping[K, tuple[Pillar, ...]]:
    """Pillars by their year, category or province: a pillar with several awards is in the
    group of each award, as the view of that award (see Pillar.award_view); once per group."""
    groups: dict[K, dict[str, tuple[Any, Pillar]]] = defaultdict(dict)
    for placed in views:
        view = placed[1]
        groups[getattr(view, key)][view.slug] = placed  # (two in one group: the latest)
    return MappingProxyType(
        {k: tuple(view for _, view in sorted(v.values(), key=_place)) for k, v in groups.items()}
    )


def _other_name(record: Pillar | PressRelease | Page, first: Pillar | PressRelease | Page) -> str:
    """A file name for `record` that says what sets it apart from `first`: for a profile its
    province or its year (two people of one name), else a number."""
    suffix = record.source.path.rpartition(".")[2]
    if isinstance(record, Pillar) and isinstance(first, Pillar):
        if record.province and record.province != first.province:
            return f"{record.slug}-{record.province}.{suffix}"
        if record.year != first.year:
            return f"{record.slug}-{record.year}.{suffix}"
    return f"{record.slug}-2.{suffix}"


def _duplicates(records: Iterable[Pillar | PressRelease | Page], message: str) -> list[Problem]:
    """Two files that would publish at one address: report the later one, naming the first."""
    first: dict[str, Pillar | PressRelease | Page] = {}
    problems = []
    for record in records:
        other = first.get(record.slug)
        if other is not None:
            said = {
                "slug": record.slug,
                "other": other.source.path,
                "file": _other_name(record, other),
                "shown": record.name if isinstance(record, Pillar) else record.title,
            }
            hint = _(
                "the file name is the page's address, so each needs its own; rename this file, "
                "e.g. to '%(file)s' (what the page shows as its name stays '%(shown)s')"
            )
            problems.append(error(record.source.path, None, message % said, hint % said))
        else:
            first[record.slug] = record
    return problems


def failed_slugs(failed: Iterable[str]) -> frozenset[str]:
    """The slugs that the files with errors which may be profiles would have had: a record that
    could not be read is known only by its path ("pillars/2019/siti-aminah.md.txt",
    "pilar/2019/siti-aminah.md" in a folder Teladan does not read), and a file whose name is
    the error ("Ujang Saepudin.md") by the slug the name would give once renamed."""
    stems = [
        path.rpartition("/")[2].partition(".")[0]
        for path in failed
        if "/" in path.rstrip("/") and not path.startswith(("news/", "pages/", "selections/"))
    ]
    return frozenset(stems) | {urls.slugify(stem) for stem in stems}


def _clashes(content: Content) -> list[Problem]:
    """Two records (or categories, or selections of one year) where one may be; a page named
    like one of the site's own lists."""
    problems: list[Problem] = []
    problems += _duplicates(
        content.pillars, _("another profile already uses the name '%(slug)s' (%(other)s)")
    )
    problems += _duplicates(
        content.news, _("another press release already uses the name '%(slug)s' (%(other)s)")
    )
    problems += _duplicates(
        content.pages, _("another page already uses the name '%(slug)s' (%(other)s)")
    )
    seen_categories: set[str] = set()
    for c in content.categories:
        if c.slug in seen_categories:
            message = _("category '%(slug)s' is listed twice") % {"slug": c.slug}
            problems.append(error("categories.yaml", None, message))
        seen_categories.add(c.slug)
    for page in content.pages:
        if page.slug in urls.RESERVED:
            problems.append(
                error(
                    page.source.path,
                    None,
                    _("the page name '%(slug)s' is taken by the site's own '/%(slug)s/' pages")
                    % {"slug": page.slug},
                    _("rename the file, e.g. 'tentang-kami.md'"),
                )
            )
    years_seen: dict[int, str] = {}
    for s in content.selections:
        if s.year in years_seen:
            problems.append(
                error(
                    s.source.path,
                    None,
                    _("year %(year)s already has a selection file (%(other)s)")
                    % {"year": s.year, "other": years_seen[s.year]},
                )
            )
        years_seen.setdefault(s.year, s.source.path)
    return problems


def _mentions(
    content: Content,
    pillar_by_slug: Mapping[str, Pillar],
    broken: frozenset[str],
    published: Callable[[bool, datetime.date | None], bool],
) -> tuple[dict[str, list[PressRelease]], list[Problem]]:
    """The published press releases naming each published profile, and what they name that is
    not one (unless its file has an error of its own: `broken`)."""
    mentions: dict[str, list[PressRelease]] = defaultdict(list)
    problems: list[Problem] = []
    all_slugs = {p.slug: p for p in content.pillars}
    for release in content.news:
        line = release.source.line("pillars")
        for slug in release.pillars:
            if slug not in all_slugs and slug in broken:
                continue  # (the profile's file or folder has an error, reported on its own)
            if slug not in all_slugs:
                best = did_you_mean(slug, all_slugs)
                said = {"slug": slug, "best": best}
                message = (
                    _("pillars: '%(slug)s' is not a profile; did you mean '%(best)s'?")
                    if best
                    else _("pillars: '%(slug)s' is not a profile")
                )
                hint = (
                    _("write the profile's file name without .md")
                    if slug.endswith(".md")
                    else _(
                        "no profile file is named %(slug)s.md: correct the name, or take it "
                        "out of the list if that profile was removed"
                    )
                    % said
                )
                problems.append(error(release.source.path, line, message % said, hint))
            elif slug not in pillar_by_slug and published(release.draft, release.date):
                problems.append(
                    warning(
                        release.source.path,
                        line,
                        _(
                            "pillars: '%(slug)s' is a draft; the press release does not link "
                            "to it yet"
                        )
                        % {"slug": slug},
                    )
                )
            elif published(release.draft, release.date):
                mentions[slug].append(release)
    return mentions, problems


def build_index(
    content: Content,
    config: SiteConfig,
    include_drafts: bool = False,
    today: datetime.date | None = None,
    failed: Iterable[str] = (),
    editions: bool = True,
) -> tuple[SiteIndex, tuple[Problem, ...]]:
    """Checks across records, then the published records in their canonical order.

    Drafts and scheduled items (dated after `today`) are left out unless `include_drafts`.
    `failed`: the content files with errors (see load.failed_files). A record that names one
    of them is not reported too: its file's own error says what is wrong, and fixing it fixes
    the link. `editions`: whether to index the further editions too (see editions.py).
    """
    problems: list[Problem] = []
    failed = frozenset(failed)  # (read twice: here and for the translations)
    broken_profiles = failed_slugs(failed)
    problems += _clashes(content)

    def published(draft: bool, date: datetime.date | None = None) -> bool:
        scheduled = date is not None and today is not None and date > today
        return include_drafts or not (draft or scheduled)

    categories = MappingProxyType({c.slug: c for c in content.categories})
    provinces = MappingProxyType({p.slug: p for p in content.provinces})
    key = pillar_order(categories)
    pillars = tuple(sorted((p for p in content.pillars if published(p.draft, p.date)), key=key))
    pillar_by_slug = MappingProxyType({p.slug: p for p in pillars})

    news = tuple(
        sorted(
            (n for n in content.news if published(n.draft, n.date)),
            key=lambda n: (n.date, n.slug),
            reverse=True,
        )
    )
    mentions, broken_links = _mentions(content, pillar_by_slug, broken_profiles, published)
    problems += broken_links
    selections = tuple(sorted(content.selections, key=lambda s: -s.year))
    views = _placed_views(pillars, key)
    by_year: Mapping[int, tuple[Pillar, ...]] = _group(views, "year")
    years = tuple(sorted({*by_year, *(s.year for s in selections)}, reverse=True))
    records: tuple[Pillar | PressRelease | Page, ...] = (
        *content.pillars,
        *content.news,
        *content.pages,
    )
    left_out = [r for r in records if not published(r.draft, getattr(r, "date", None))]
    index = SiteIndex(
        config=config,
        categories=tuple(sorted(content.categories, key=lambda c: c.order)),
        provinces=content.provinces,
        pillars=pillars,
        selections=selections,
        news=news,
        pages=tuple(sorted((p for p in content.pages if published(p.draft)), key=lambda p: p.slug)),
        years=years,
        category_by_slug=categories,
        province_by_slug=provinces,
        pillar_by_slug=pillar_by_slug,
        selection_by_year=MappingProxyType({s.year: s for s in selections}),
        by_category=_group(views, "category"),
        by_province=_group(views, "province"),
        by_year=by_year,
        mentions=MappingProxyType({k: tuple(v) for k, v in mentions.items()}),
        cards=_Cards(pillar_by_slug),
        drafts=tuple(r.source.path for r in left_out if r.draft),
        scheduled=tuple(r.source.path for r in left_out if not r.draft),
    )
    if editions and (content.translations or len(config.languages) > 1):
        problems += check_translations(content, config, failed)
        index = dataclasses.replace(
            index, editions=_editions(content, config, include_drafts, today)
        )
    return index, tuple(problems)


def _editions(
    content: Content, config: SiteConfig, include_drafts: bool, today: datetime.date | None
) -> tuple[tuple[str, SiteIndex], ...]:
    """The index of each further edition (its problems are the main index's own)."""
    found = []
    for lang in config.languages[1:]:
        edition, translated = translated_content(content, lang)
        index = build_index(edition, config.edition(lang), include_drafts, today, (), False)[0]
        found.append((lang, dataclasses.replace(index, lang=lang, translated=translated)))
    return tuple(found)
