"""RawRecords → model objects (Pillar, Category, …) and Problems; per-record checks only.

Checks that need several records at once (duplicate slugs, links between records) live in
`index`. Every check here depends on one record plus the reference data, so its result can be
cached per file.
"""

from __future__ import annotations

import datetime
import re
from collections.abc import Iterable
from dataclasses import dataclass
from pathlib import Path, PurePosixPath

from . import urls
from .awards import read_awards, single_award
from .categories import validate_categories
from .fields import FieldReader
from .i18n import _
from .load import RawRecord
from .model import (
    NATIONAL,
    Award,
    Category,
    Content,
    PackedHtml,
    Page,
    Pillar,
    PressRelease,
    Province,
    Selection,
    Source,
    Translation,
)
from .photofield import read_news_image, read_news_photos, read_photo
from .problems import Problem, did_you_mean, error
from .reference import (
    category_spellings,
    not_yet_formed,
    parse_rank,
    province_spellings,
    resolve_category,
    resolve_province,
)
from .translations import translation_of, validate_translation
from .urls import slugify


def render_markdown(text: str) -> str:
    # Markdown takes 30 ms to import: a build whose changed files were checked in another
    # process (see pipeline._check_aside) never needs it.
    from .markup import render_markdown as render

    return render(text)


def excerpt(html: str) -> str:
    from .markup import excerpt as first_words

    return first_words(html)


FIRST_YEAR = 1990  # well before the first national selections

PILLAR_FIELDS = (
    "name", "category", "province", "year", "summary", "rank", "regency", "district",
    "organization", "since", "photo", "photo_alt", "photo_credit", "photo_license", "quote",
    "achievements", "tags", "draft", "date", "story", "awards",
)  # fmt: skip
SELECTION_FIELDS = (
    "year", "title", "date", "end_date", "venue", "city", "jury", "participants_provinces",
    "summary", "body",
)  # fmt: skip
NEWS_FIELDS = (
    "title", "date", "location", "source", "summary", "image", "pillars", "year", "draft", "body",
    "photos",  # (a list of file, caption, credit: kept as written by the editor's form)
)  # fmt: skip
PAGE_FIELDS = ("title", "summary", "draft", "body")


@dataclass(frozen=True, slots=True)
class Reference:
    """What validation checks against: categories and provinces, and the date it runs on."""

    categories: tuple[Category, ...]
    provinces: tuple[Province, ...]
    today: datetime.date


def _slug_of(reader: FieldReader, rel: str) -> str:
    stem = PurePosixPath(rel).stem
    if not urls.SLUG.fullmatch(stem):
        better = slugify(stem) or "nama-file"
        reader.problems.append(
            error(
                rel,
                None,
                _("the file name '%(file)s' cannot be used in a web address")
                % {"file": PurePosixPath(rel).name},
                _("rename it to '%(file)s' (lowercase letters, digits and hyphens only)")
                % {"file": better + PurePosixPath(rel).suffix},
            )
        )
    return stem


def _body(reader: FieldReader, raw: RawRecord, field_name: str) -> tuple[str, int]:
    """The Markdown of a record: after the front matter, or in a field of a YAML file."""
    if raw.is_markdown:
        reader.seen.add(field_name)
        if field_name in raw.fields:
            reader.warn(
                field_name,
                _("'%(field)s' is ignored in a Markdown file") % {"field": field_name},
                _("write the text below the closing '---' instead"),
            )
        return raw.body, raw.body_line
    return reader.text(field_name), reader.line(field_name)


class Checks:
    """Reference lookups built once per validation run."""

    def __init__(self, ref: Reference) -> None:
        self.ref = ref
        self.category_slugs = tuple(c.slug for c in ref.categories)
        self.category_names = category_spellings(ref.categories)
        self.provinces = {p.slug: p for p in ref.provinces}
        self.spellings = province_spellings(ref.provinces)
        self.years = range(FIRST_YEAR, ref.today.year + 2)  # the selection years: to next year

    def category(self, reader: FieldReader) -> str:
        value = reader.text("category", required=True, hint=_("add e.g. 'category: tksk'"))
        if not value or value in self.category_slugs or not self.category_slugs:
            return value  # (no categories: categories.yaml has an error, reported on its own)
        known = self.category_slug(value)
        if known:
            reader.warn(
                "category",
                _("category '%(value)s' is understood as '%(slug)s'")
                % {"value": value, "slug": known},
                _("write category: %(slug)s") % {"slug": known},
            )
            return known
        best = did_you_mean(value, self.category_slugs, self.category_names)
        said = {"value": value, "best": best}
        reader.error(
            "category",
            _("category '%(value)s' is not a category; did you mean '%(best)s'?") % said
            if best
            else _("category '%(value)s' is not a category") % said,
            _("use one of: %(slugs)s") % {"slugs": ", ".join(self.category_slugs)},
        )
        return value

    def province(self, reader: FieldReader, year: int | None) -> str:
        entry = reader.entries.get("province")
        if entry is not None and isinstance(entry.value, int) and not isinstance(entry.value, bool):
            value = str(entry.value)
            reader.seen.add("province")
        else:
            value = reader.text(
                "province", required=True, hint=_("add e.g. 'province: jawa-barat'")
            )
        if not value:
            return value
        slug = self.province_slug(value)
        if slug is None:
            best = did_you_mean(value, self.provinces, self.spellings)
            said = {"value": value, "best": best}
            if best:
                reader.error(
                    "province",
                    _("province '%(value)s' is not a province; did you mean '%(best)s'?") % said,
                    _("write province: %(best)s") % said,
                )
            else:
                reader.error(
                    "province",
                    _("province '%(value)s' is not a province") % said,
                    _("write a province from the list in README.md, e.g. province: jawa-barat"),
                )
            return value
        if slug != value:
            reader.warn(
                "province",
                _("province '%(value)s' is understood as '%(slug)s'")
                % {"value": value, "slug": slug},
                _("write province: %(slug)s") % {"slug": slug},
            )
        too_early = not_yet_formed(self.provinces[slug], year)
        if too_early:
            reader.error("province", *too_early)
        return slug

    # The one resolver of spellings, for profile files, `teladan import` and `teladan new`.
    def category_slug(self, text: str) -> str | None:
        """'tksk', 'TKSK', 'Karang Taruna', 'KT' → the slug; None when nothing matches."""
        return text if text in self.category_slugs else resolve_category(text, self.category_names)

    def province_slug(self, text: str) -> str | None:
        """'jawa-barat', 'Prov. Jawa Barat', '32', 'ID-JB', 'Jabar', 'DKI' → the slug."""
        return resolve_province(text, self.provinces, self.spellings)

    def year(self, reader: FieldReader, name: str = "year", required: bool = True) -> int | None:
        low, high = self.years[0], self.years[-1]
        # The year the file's folder (pillars/2021/) or name (selections/2021.md) says.
        path = PurePosixPath(reader.path)
        said = next((p for p in (path.parent.name, path.stem) if re.fullmatch(r"\d{4}", p)), "")
        example = said if said and low <= int(said) <= high else str(high - 1)
        return reader.integer(
            name,
            required=required,
            hint=_("write the selection year, e.g. %(field)s: %(year)s")
            % {"field": name, "year": example},
            low=low,
            high=high,
        )


def validate_pillar(
    raw: RawRecord, checks: Checks, content_dir: Path
) -> tuple[Pillar | None, list[Problem]]:
    r = FieldReader(raw.path, raw.fields, raw.line)
    slug = _slug_of(r, raw.path)
    guess = slug.replace("-", " ").title()  # (the file at hand: 'budi-santoso' → Budi Santoso)
    name = r.text("name", required=True, hint=_("add e.g. 'name: %(name)s'") % {"name": guess})
    if "awards" in raw.fields:
        # (the profile's own province, if given, is each award's default: checked per award)
        default = checks.province(r, None) if "province" in raw.fields else ""
        awards = read_awards(r, checks, default)
        lead = awards[-1] if awards else Award(0, "", None, NATIONAL, default)
        year, category, province = lead.year or None, lead.category, lead.province
    else:
        year = checks.year(r)
        category = checks.category(r)
        province = checks.province(r, year)
        awards = (single_award(r, year, category, province),)
        lead = awards[0]
    since = r.integer("since", hint=_("write the year they started, e.g. since: 2008"), low=1900)
    if since is not None and year is not None and since > year:
        r.error(
            "since",
            _("since %(since)s is after the selection year %(year)s")
            % {"since": since, "year": year},
            _("check both years"),
        )
    folder_year = PurePosixPath(raw.path).parent.name
    single = "awards" not in raw.fields  # (a profile with awards may sit in any folder)
    if single and year is not None and folder_year.isdigit() and int(folder_year) != year:
        r.warn(
            "year",
            _("the file is in folder %(folder)s but says year: %(year)s")
            % {"folder": folder_year, "year": year},
            _("move it or fix the year"),
        )
    story = _body(r, raw, "story")[0]
    story_html = render_markdown(story)
    summary = r.text("summary")
    if not summary:
        r.warn(
            "summary",
            _("no summary; cards and search engines show the start of the story instead"),
            _("add 'summary:' with one or two sentences about this person"),
        )
        summary = excerpt(story_html)
    photo, photo_alt = read_photo(r, raw, content_dir, slug, name)
    pillar = Pillar(
        slug=slug,
        name=name,
        category=category,
        province=province,
        year=year or 0,
        summary=summary,
        story_html=PackedHtml.of(story_html),
        source=Source.of(raw.path, ((k, e.line) for k, e in raw.fields.items())),
        rank=lead.rank,
        regency=r.text("regency"),
        district=r.text("district"),
        organization=r.text("organization"),
        since=since,
        photo=photo,
        photo_alt=photo_alt,
        quote=r.text("quote"),
        achievements=r.text_list("achievements"),
        tags=r.text_list("tags"),
        draft=r.boolean("draft"),
        date=r.date("date"),
        photo_credit=r.text("photo_credit"),
        photo_license=r.text("photo_license"),
        awards=awards,
        level=lead.level,
    )
    r.warn_unknown(PILLAR_FIELDS)
    return pillar, r.problems


def validate_selection(raw: RawRecord, checks: Checks) -> tuple[Selection | None, list[Problem]]:
    r = FieldReader(raw.path, raw.fields, raw.line)
    year = checks.year(r)
    stem = PurePosixPath(raw.path).stem
    if year is not None and stem != str(year):
        r.warn(
            "year",
            _("a selection file is named after its year; this one says year: %(year)s")
            % {"year": year},
            _("rename it to %(file)s") % {"file": f"{year}{PurePosixPath(raw.path).suffix}"},
        )
    body = _body(r, raw, "body")[0]
    start, end = r.date("date"), r.date("end_date")
    if start and end and end < start:
        r.error(
            "end_date",
            _("end_date %(end)s is before date %(start)s")
            % {"end": end.isoformat(), "start": start.isoformat()},
            _("check both dates (year-month-day)"),
        )
    selection = Selection(
        year=year or 0,
        title=r.text("title") or f"Pemilihan Pilar-pilar Sosial Teladan {year}",
        date=start,
        end_date=end,
        venue=r.text("venue"),
        city=r.text("city"),
        jury=r.text_list("jury"),
        participants_provinces=r.integer("participants_provinces", low=1, high=38),
        summary=r.text("summary"),
        body_html=render_markdown(body),
        source=Source(raw.path),
    )
    r.warn_unknown(SELECTION_FIELDS)
    return selection, r.problems


def validate_news(
    raw: RawRecord, checks: Checks, content_dir: Path | None = None
) -> tuple[PressRelease | None, list[Problem]]:
    r = FieldReader(raw.path, raw.fields, raw.line)
    slug = _slug_of(r, raw.path)
    title = r.text(
        "title", required=True, hint=_("add e.g. 'title: Pemilihan Pilar Sosial Teladan 2019'")
    )
    date = r.date("date", required=True)
    body = _body(r, raw, "body")[0]
    body_html = render_markdown(body)
    summary = r.text("summary")
    if not summary:
        r.warn(
            "summary",
            _("no summary; lists and search engines show the start of the text instead"),
            _("add 'summary:' with one or two sentences"),
        )
        summary = excerpt(body_html)
    r.seen.add("image")  # accepted now, shown once photos are processed
    photos = read_news_photos(r, content_dir, raw.path) if content_dir is not None else ()
    if content_dir is not None:
        read_news_image(r, content_dir, raw.path)
    release = PressRelease(
        slug=slug,
        title=title,
        date=date or datetime.date(1970, 1, 1),
        location=r.text("location"),
        source_name=r.text("source"),
        summary=summary,
        body_html=body_html,
        pillars=r.text_list("pillars"),
        year=checks.year(r, required=False),
        draft=r.boolean("draft"),
        source=Source.of(raw.path, ((k, e.line) for k, e in raw.fields.items())),
        photos=photos,
        body_markdown=body,
    )
    r.warn_unknown(NEWS_FIELDS)
    return release, r.problems


def validate_page(raw: RawRecord) -> tuple[Page | None, list[Problem]]:
    r = FieldReader(raw.path, raw.fields, raw.line)
    slug = _slug_of(r, raw.path)
    title = r.text("title", required=True, hint=_("add e.g. 'title: Tentang Program'"))
    body = _body(r, raw, "body")[0]
    body_html = render_markdown(body)
    page = Page(
        slug=slug,
        title=title,
        summary=r.text("summary") or excerpt(body_html),
        body_html=body_html,
        draft=r.boolean("draft"),
        source=Source(raw.path),
    )
    r.warn_unknown(PAGE_FIELDS)
    return page, r.problems


Record = Pillar | Selection | PressRelease | Page | Translation


def make_checks(
    categories: tuple[Category, ...], provinces: tuple[Province, ...], today: datetime.date
) -> Checks:
    """What every record is checked against, built once per run."""
    return Checks(Reference(categories, provinces, today))


def validate_record(
    raw: RawRecord, checks: Checks, content_dir: Path
) -> tuple[Record | None, list[Problem]]:
    """One content file's RawRecord → its model object and problems."""
    if translation_of(raw.path):
        return validate_translation(raw)
    if raw.kind == "pillar":
        return validate_pillar(raw, checks, content_dir)
    if raw.kind == "selection":
        return validate_selection(raw, checks)
    if raw.kind == "news":
        return validate_news(raw, checks, content_dir)
    if raw.kind == "page":
        return validate_page(raw)
    return None, []


def assemble(
    categories: tuple[Category, ...], provinces: tuple[Province, ...], records: Iterable[Record]
) -> Content:
    """Validated records, in file order → Content."""
    records = tuple(records)
    return Content(
        categories=categories,
        provinces=provinces,
        pillars=tuple(r for r in records if isinstance(r, Pillar)),
        selections=tuple(r for r in records if isinstance(r, Selection)),
        news=tuple(r for r in records if isinstance(r, PressRelease)),
        pages=tuple(r for r in records if isinstance(r, Page)),
        translations=tuple(r for r in records if isinstance(r, Translation)),
    )


def validate_records(
    raws: Iterable[RawRecord],
    ref_provinces: tuple[Province, ...],
    content_dir: Path,
    today: datetime.date,
) -> tuple[Content, tuple[Problem, ...]]:
    """All RawRecords → Content and every problem found in them, in file order."""
    raws = tuple(raws)
    categories, problems = validate_categories(r for r in raws if r.kind == "category")
    checks = make_checks(categories, ref_provinces, today)
    records: list[Record] = []
    for raw in raws:
        if raw.kind == "category":
            continue
        record, found = validate_record(raw, checks, content_dir)
        if record is not None:
            records.append(record)
        problems.extend(found)
    return assemble(categories, ref_provinces, records), tuple(problems)


__all__ = ["Reference", "did_you_mean", "parse_rank", "slugify", "validate_records"]
