"""A profile's fields → its awards (Award tuple, in time order) and Problems, each at its line.

A profile gives either today's single-award fields (year, category, rank, province) or an
`awards:` list; every rule of the single fields applies to each award of the list.
"""

from __future__ import annotations

import re
from typing import TYPE_CHECKING

from .fields import FieldReader
from .i18n import _
from .model import LEVELS, NATIONAL, Award, Card, Category, Pillar, Province, Rank
from .problems import error
from .reference import not_yet_formed, parse_rank
from .yamltext import Entry

if TYPE_CHECKING:
    from .index import SiteIndex
    from .validate import Checks

SINGLE_FIELDS = ("year", "category", "rank")
MAX_FILE_BYTES = 2_000_000  # (as load.py reads at most)


def all_list_awards(paths: list[str]) -> bool:
    """Whether every one of these profile files gives its awards (`awards:`, each with its
    year): such profiles may sit in a folder of pillars/ that is not named after a year."""
    for path in paths:
        try:
            with open(path, "rb") as handle:
                if not re.search(rb"(?m)^awards:", handle.read(MAX_FILE_BYTES)):
                    return False
        except OSError:
            return False
    return bool(paths)


AWARD_FIELDS = ("year", "category", "rank", "level", "province", "citation")


def _award_hint() -> str:
    return _("write each award on a line starting with '- ', with its year, category and rank")


def read_rank(r: FieldReader) -> Rank | None:
    """The `rank` field: None for a participant (empty) or a rank that is not one (reported)."""
    entry = r.entries.get("rank")
    if entry is None or entry.value in (None, ""):
        return None
    r.seen.add("rank")
    rank = parse_rank(entry.value)
    if rank is None:
        r.error(
            "rank",
            _("rank '%(value)s' is not a rank") % {"value": entry.value},
            _(
                "write one of 1, 2, 3 (Juara I–III) or harapan-1, harapan-2, harapan-3; "
                "for a participant (peserta) leave it empty"
            ),
        )
    return rank


def single_award(r: FieldReader, year: int | None, category: str, province: str) -> Award:
    """The one award of a profile written with today's fields (year, category, rank)."""
    rank = read_rank(r)
    return Award(year or 0, category, rank, NATIONAL, province, "", r.line("year"))


def _item_reader(r: FieldReader, entry: Entry, number: int) -> FieldReader | None:
    """A reader of the `number`th award, its fields at their own lines; None (reported) when
    the item is not a group of fields."""
    line, key_lines = entry.items[number] if number < len(entry.items) else (entry.line, ())
    value = entry.value[number]
    if not isinstance(value, dict):
        r.problems.append(
            error(
                r.path,
                line,
                _("award %(number)s is not a group of fields") % {"number": number + 1},
                _award_hint(),
                "awards",
            )
        )
        return None
    lines = dict(key_lines)
    entries = {str(k): Entry(v, lines.get(str(k), line)) for k, v in value.items()}
    return FieldReader(r.path, entries, line)


def read_awards(r: FieldReader, checks: Checks, default_province: str) -> tuple[Award, ...]:
    """The `awards:` list → its awards in time order; problems go to `r`."""
    entry = r.entries["awards"]
    r.seen.add("awards")
    both = [name for name in SINGLE_FIELDS if name in r.entries]
    if both:
        r.error(
            both[0],
            _("this profile gives both 'awards:' and '%(field)s:'") % {"field": both[0]},
            _(
                "keep the awards list and delete the lines %(fields)s (write the year, "
                "category and rank in each award)"
            )
            % {"fields": ", ".join(f"'{n}:'" for n in both)},
        )
    if entry.broken:
        return ()  # (its YAML error is reported where it was read)
    if not isinstance(entry.value, list) or not entry.value:
        r.error(
            "awards",
            _("'awards:' holds no awards"),
            _award_hint(),
        )
        return ()
    found: list[Award] = []
    seen: dict[tuple[int, str, str], int] = {}
    for number in range(len(entry.value)):
        item = _item_reader(r, entry, number)
        if item is None:
            continue
        award = _read_award(item, checks, default_province)
        item.warn_unknown(AWARD_FIELDS)
        r.problems.extend(item.problems)
        key = (award.year, award.category, award.level)
        if key in seen and award.year and award.category:  # (else reported already)
            r.problems.append(
                error(
                    r.path,
                    item.record_line,
                    _("the awards list gives %(category)s %(year)s twice (also on line %(line)s)")
                    % {"category": award.category, "year": award.year, "line": seen[key]},
                    _("keep one of them"),
                    "awards",
                )
            )
            continue
        seen[key] = item.record_line
        found.append(award)
    return tuple(sorted(found, key=lambda a: a.time_key))


def _read_award(item: FieldReader, checks: Checks, default_province: str) -> Award:
    year = checks.year(item)
    category = checks.category(item)
    if "province" in item.entries:
        province = checks.province(item, year)
    else:
        province = default_province
        known = checks.provinces.get(province)
        too_early = not_yet_formed(known, year) if known else None
        if not province or too_early:
            message, hint = too_early or (
                _("this award names no province, and neither does the profile"),
                _("add e.g. 'province: jawa-barat' to the award"),
            )
            item.problems.append(error(item.path, item.record_line, message, hint, "province"))
    level = item.text("level") or NATIONAL
    if level not in LEVELS:
        item.error(
            "level",
            _("level '%(value)s' is not a level") % {"value": level},
            _("write level: nasional or level: provinsi (a provincial winner)"),
        )
        level = NATIONAL
    citation = item.text("citation")
    return Award(year or 0, category, read_rank(item), level, province, citation, item.record_line)


def awards_shown(index: SiteIndex, p: Pillar) -> tuple[tuple[Award, Category, Province], ...]:
    """What a pillar's page lists of its awards, in time order: each with its category and
    province; nothing for a pillar honoured once (its facts say it all)."""
    if len(p.awards) < 2:
        return ()
    return tuple(
        (a, index.category_by_slug[a.category], index.province_by_slug[a.province])
        for a in p.awards
    )


def list_card(index: SiteIndex, p: Pillar) -> Card:
    """A list's card: the pillar's shared one, or that of the award the list is about (a
    view of an earlier award, see Pillar.award_view)."""
    return index.cards[p.slug] if p is index.pillar_by_slug.get(p.slug) else Card.of(p)


def feed_entry_id(index: SiteIndex, p: Pillar) -> str:
    """What sets an earlier award's feed entry apart from the profile's (the latest award's,
    whose id stays the page's address as before)."""
    return "" if p is index.pillar_by_slug.get(p.slug) else f"#{p.year}-{p.level}"
