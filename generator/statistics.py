"""The programme in numbers (/statistik/): counts of awards over plain facts. Pure; no IO.

`count` knows nothing of profiles or pages: it takes one `AwardFacts` per award, so the day a
pillar holds several awards only `facts_of` changes (it is the one place that reads the model).
"""

from __future__ import annotations

from collections import Counter, defaultdict
from collections.abc import Iterable, Sequence
from dataclasses import dataclass
from typing import Any, NamedTuple

from .index import SiteIndex
from .model import Rank

NATIONAL = "nasional"
PROVINCIAL = "provinsi"
LEVELS = (NATIONAL, PROVINCIAL)


class AwardFacts(NamedTuple):
    """One award: who got it (a pillar's slug), when, in which category, at which level, and
    where the pillar served that year."""

    pillar: str
    year: int
    category: str  # Category.slug
    rank: Rank | None
    level: str  # NATIONAL or PROVINCIAL
    province: str  # Province.slug


@dataclass(frozen=True, slots=True)
class Statistics:
    """The numbers the statistics page shows; every count is of awards."""

    total: int
    categories: tuple[str, ...]  # category slugs, in the order given
    # oldest year first, each with its count per category (in `categories` order)
    by_year: tuple[tuple[int, tuple[int, ...]], ...]
    by_province: tuple[tuple[str, int], ...]  # every province given, in that order
    by_group: tuple[tuple[str, int], ...]  # every island group, in the order of the provinces
    by_level: tuple[tuple[str, int], ...]  # LEVELS, in that order
    first_time: int  # awards that were their pillar's first
    repeat: int  # awards of a pillar that had won before (its second award on)


def count(
    facts: Iterable[AwardFacts],
    categories: Sequence[str],
    provinces: Sequence[tuple[str, str]],
) -> Statistics:
    """The numbers of `facts`; `provinces`: every province's slug with its island group."""
    awards = list(facts)
    per_year: dict[int, Counter[str]] = defaultdict(Counter)
    for a in awards:
        per_year[a.year][a.category] += 1
    by_province = Counter(a.province for a in awards)
    group_of = dict(provinces)
    by_group = Counter(group_of[a.province] for a in awards)
    groups = dict.fromkeys(group for _, group in provinces)
    by_level = Counter(a.level for a in awards)
    by_pillar: dict[str, list[AwardFacts]] = defaultdict(list)
    for a in awards:
        by_pillar[a.pillar].append(a)
    first_time = len(by_pillar)
    return Statistics(
        total=len(awards),
        categories=tuple(categories),
        by_year=tuple(
            (year, tuple(per_year[year][c] for c in categories)) for year in sorted(per_year)
        ),
        by_province=tuple((slug, by_province[slug]) for slug, _ in provinces),
        by_group=tuple((group, by_group[group]) for group in groups),
        by_level=tuple((level, by_level[level]) for level in LEVELS),
        first_time=first_time,
        repeat=len(awards) - first_time,
    )


def facts_of(index: SiteIndex) -> tuple[AwardFacts, ...]:
    """Every award of the published pillars (a profile with single-award fields holds one)."""
    return tuple(
        AwardFacts(p.slug, a.year, a.category, a.rank, a.level, a.province)
        for p in index.pillars
        for a in p.awards
    )


def context(index: SiteIndex) -> dict[str, Any]:
    """What the statistics page shows: the numbers, and the provinces for its tile map."""
    numbers = count(
        facts_of(index),
        [c.slug for c in index.categories],
        [(p.slug, p.island_group) for p in index.provinces],
    )
    counts = dict(numbers.by_province)
    return {
        "numbers": numbers,
        "categories": index.categories,
        "tiles": tuple((p, counts[p.slug]) for p in index.provinces),
        "tiles_max": max(counts.values(), default=0),
    }
