"""The content model: frozen, slotted records that every stage after validation passes around.

Records refer to each other by slug (a key), never by object, so each one can be built, cached
and compared on its own; `index.SiteIndex` resolves the keys.
"""

from __future__ import annotations

import datetime
import enum
import hashlib
import zlib
from collections.abc import Iterable
from dataclasses import dataclass, field, replace
from typing import ClassVar

from .pickling import compact_pickle


class Rank(enum.Enum):
    """The place a winner took; the order of the members is the order of the podium."""

    JUARA_1 = "1"
    JUARA_2 = "2"
    JUARA_3 = "3"
    HARAPAN_1 = "harapan-1"
    HARAPAN_2 = "harapan-2"
    HARAPAN_3 = "harapan-3"

    @property
    def order(self) -> int:
        return list(Rank).index(self)

    @property
    def is_juara(self) -> bool:
        return self in (Rank.JUARA_1, Rank.JUARA_2, Rank.JUARA_3)


@compact_pickle
@dataclass(frozen=True, slots=True)
class Source:
    """Where a record came from: its path relative to the content folder, for messages and slugs,
    and the line of each field (for messages found after validation)."""

    path: str  # POSIX, relative to content/, e.g. "pillars/2019/siti-aminah.md"
    # "name 2\ncategory 3\n…": one string rather than a tuple of pairs, since every record of a
    # large site stays in memory for the whole build.
    lines: str = field(default="", compare=False)

    @classmethod
    def of(cls, path: str, lines: Iterable[tuple[str, int]] = ()) -> Source:
        return cls(path, "".join(f"{key} {line}\n" for key, line in lines))

    def line(self, name: str) -> int | None:
        for entry in self.lines.splitlines():
            key, _, line = entry.rpartition(" ")
            if key == name:
                return int(line)
        return None


@compact_pickle
@dataclass(frozen=True, slots=True)
class Category:
    slug: str
    short_name: str
    name: str
    description: str
    colour: str
    order: int
    # (language, field, text) of each translated field, e.g. ("en", "name", "Community …")
    translations: tuple[tuple[str, str, str], ...] = ()


@compact_pickle
@dataclass(frozen=True, slots=True)
class Province:
    slug: str
    name: str
    kemendagri: str
    iso: str
    island_group: str
    formed: int
    tile: tuple[int, int]
    aliases: tuple[str, ...] = ()


@compact_pickle
@dataclass(frozen=True, slots=True)
class PackedHtml:
    """A sanitised HTML fragment kept compressed until a template shows it.

    A story is the bulk of a profile (a few KB) and is shown on one page only, yet every record
    stays in memory for the whole build: packed, a story takes about a third of the memory,
    and the memo and page fingerprints have less to copy. Templates use it like a string:
    `{% if p.story_html %}` and `{{ p.story_html|safe }}` (markupsafe calls __html__).
    """

    packed: bytes = b""

    @classmethod
    def of(cls, html: str) -> PackedHtml:
        return cls(zlib.compress(html.encode("utf-8"), 1) if html else b"")

    def __html__(self) -> str:
        return zlib.decompress(self.packed).decode("utf-8") if self.packed else ""

    def __str__(self) -> str:
        return self.__html__()

    def __bool__(self) -> bool:
        return bool(self.packed)


NATIONAL = "nasional"
PROVINCIAL = "provinsi"
LEVELS = (NATIONAL, PROVINCIAL)


@compact_pickle
@dataclass(frozen=True, slots=True)
class Award:
    """One honour a pillar received: the laureate is the Pillar, the prize is the Award (as in
    the Nobel Prize's public data), so one person honoured twice has one page."""

    year: int
    category: str  # Category.slug
    rank: Rank | None  # None: a participant
    level: str  # NATIONAL or PROVINCIAL
    province: str  # Province.slug: where the pillar served that year
    citation: str = ""  # the jury's reason
    line: int | None = field(default=None, compare=False)  # where the award is written

    @property
    def time_key(self) -> tuple[int, int, int]:
        """Time order: by year; in one year the provincial win before the national one."""
        return (self.year, LEVELS[::-1].index(self.level), -(self.rank.order if self.rank else 9))


@compact_pickle
@dataclass(frozen=True, slots=True)
class Pillar:
    """One winner (or participant) of one selection year."""

    # Fields shown only where the record itself is shown (its own page, the feed, the open
    # data): the index and the routes never read them, so lists are planned without them. An
    # edit to these alone re-renders just the pages that show this record (see
    # PageFingerprints). tests/unit/test_page_only.py keeps this list honest.
    PAGE_ONLY: ClassVar[frozenset[str]] = frozenset(
        {"summary", "story_html", "organization", "district", "since", "photo_alt", "quote",
         "achievements", "tags", "photo_credit", "photo_license"}
    )  # fmt: skip

    slug: str
    name: str
    category: str  # Category.slug
    province: str  # Province.slug
    year: int
    summary: str
    story_html: PackedHtml  # already converted and sanitised Markdown
    source: Source
    rank: Rank | None = None
    regency: str = ""
    district: str = ""
    organization: str = ""
    since: int | None = None
    photo: str = ""  # path relative to content/, POSIX
    photo_alt: str = ""
    quote: str = ""
    achievements: tuple[str, ...] = ()
    tags: tuple[str, ...] = ()
    draft: bool = False
    date: datetime.date | None = None  # when the win is announced; later than today = scheduled
    photo_credit: str = ""  # who took the photo ("" : site.yaml's photo_credit)
    photo_license: str = ""  # under which licence it is published ("" : site.yaml's)
    # Every award in time order. year, category, province, rank and level above are the
    # leading (latest) award's, so the many readers of a one-award profile keep working; a
    # list of one year or category holds a view of the pillar with that award's facts (see
    # `award_view`).
    awards: tuple[Award, ...] = ()
    level: str = NATIONAL

    def award_view(self, award: Award) -> Pillar:
        """This pillar as a list of `award`'s year, category or province shows it."""
        if not self.awards or award == self.awards[-1]:
            return self
        return replace(
            self,
            year=award.year,
            category=award.category,
            province=award.province,
            rank=award.rank,
            level=award.level,
            date=None,  # (`date` announces the latest award)
        )

    @property
    def views(self) -> tuple[Pillar, ...]:
        """One view per award, in time order (the last is the pillar itself)."""
        return tuple(self.award_view(a) for a in self.awards) if self.awards else (self,)


@compact_pickle
@dataclass(frozen=True, slots=True)
class Card:
    """What a list or a card shows of a winner: lists hold cards, not whole profiles, so editing
    a story re-renders only its own page, not every list the winner appears in."""

    slug: str
    name: str
    category: str
    province: str
    year: int
    rank: Rank | None
    regency: str
    draft: bool
    level: str = NATIONAL

    @classmethod
    def of(cls, p: Pillar) -> Card:
        """The card of `p`, or of one of its awards: `p.award_view(award)`."""
        return cls(
            p.slug, p.name, p.category, p.province, p.year, p.rank, p.regency, p.draft, p.level
        )


@compact_pickle
@dataclass(frozen=True, slots=True)
class Selection:
    """A year's national selection event."""

    PAGE_ONLY: ClassVar[frozenset[str]] = frozenset(
        {"title", "venue", "city", "jury", "participants_provinces", "summary", "body_html"}
    )  # (see Pillar.PAGE_ONLY)

    year: int
    title: str
    date: datetime.date | None
    end_date: datetime.date | None
    venue: str
    city: str
    jury: tuple[str, ...]
    participants_provinces: int | None
    summary: str
    body_html: str
    source: Source


@compact_pickle
@dataclass(frozen=True, slots=True)
class NewsPhoto:
    """A photo a press release carries itself (`photos:`), with what the press needs to use it."""

    file: str  # path relative to content/, POSIX
    caption: str
    credit: str = ""  # "" : site.yaml's photo_credit
    license: str = ""  # "" : site.yaml's photo_license


@compact_pickle
@dataclass(frozen=True, slots=True)
class PressRelease:
    """A press release (siaran pers)."""

    PAGE_ONLY: ClassVar[frozenset[str]] = frozenset(
        {"title", "location", "source_name", "summary", "body_html", "body_markdown"}
    )  # (see Pillar.PAGE_ONLY)

    slug: str
    title: str
    date: datetime.date
    location: str
    source_name: str
    summary: str
    body_html: str
    pillars: tuple[str, ...]  # Pillar.slug
    year: int | None
    draft: bool
    source: Source
    photos: tuple[NewsPhoto, ...] = ()
    body_markdown: str = ""  # the text as written, for the press kit


@compact_pickle
@dataclass(frozen=True, slots=True)
class Page:
    """A free page such as "Tentang"."""

    PAGE_ONLY: ClassVar[frozenset[str]] = frozenset({"title", "summary", "body_html"})

    slug: str
    title: str
    summary: str
    body_html: str
    draft: bool
    source: Source


@compact_pickle
@dataclass(frozen=True, slots=True)
class Translation:
    """A translation of a record (`<slug>.<code>.md` beside it): the fields it translates, by
    the model's field names, and its own story; everything else comes from the original. No
    PAGE_ONLY: any edit plans the further editions again (their lists show the titles)."""

    lang: str
    original: str  # the original's path under content/ without its suffix
    values: tuple[tuple[str, object], ...]  # model field name → translated value
    source: Source


@dataclass(frozen=True, slots=True)
class Content:
    """Everything validation produced, in the order the files were read."""

    categories: tuple[Category, ...]
    provinces: tuple[Province, ...]
    pillars: tuple[Pillar, ...]
    selections: tuple[Selection, ...]
    news: tuple[PressRelease, ...]
    pages: tuple[Page, ...]
    translations: tuple[Translation, ...] = ()


def content_hash(data: bytes) -> str:
    """The 10 hex digits put in the names of files cached "forever" (assets, photos)."""
    return hashlib.sha256(data).hexdigest()[:10]


@dataclass(frozen=True, slots=True)
class RenderedFile:
    """One file of the built site: its path inside the output folder (POSIX) and its bytes."""

    path: str
    data: bytes
