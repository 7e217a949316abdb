"""A name and a few facts → a new profile or press-release file, filled in with commented hints.

New files start as drafts: the preview shows them (marked), the published site does not, until
the writer changes `draft: true` to `draft: false`.
"""

from __future__ import annotations

import datetime
from pathlib import Path

import yaml

from .categories import validate_categories
from .fields import reword
from .i18n import N_, _
from .importawards import holding_awards
from .load import load_categories, parse_record
from .problems import Problem, error
from .reference import load_provinces
from .urls import slugify
from .validate import Checks, make_checks, validate_pillar

# What `teladan new` writes, in the language spoken (the catalogs hold the Indonesian): the
# fields given, then the others commented out with a hint each. The field names stay as they are;
# a placeholder left in is an error of `check` (fields.placeholder): "…" in any language.
PILLAR_TEMPLATE = N_("""\
---
%(fields)s# summary: …              # one or two sentences about them (cards, search, previews)
# rank: 1                 # 1, 2, 3 (Juara I–III) or harapan-1, harapan-2, harapan-3
# regency: Kabupaten …    # the regency or city (kabupaten/kota)
# district: Kecamatan …
# organization: …         # the organisation they are active in
# since: 2008             # active since this year
# photo: %(slug)s.jpg       # a photo in the same folder as this file
# photo_alt: …            # required with a photo: what the photo shows
# photo_credit: …         # who took the photo (else photo_credit in site.yaml)
# photo_license: …        # its licence, e.g. CC BY 4.0 (else photo_license in site.yaml)
# quote: "…"              # a short quote of their own, in quotation marks
# achievements:
#   - …
# tags: [lansia, pendampingan]
draft: true               # change to false to publish
---
Write their story here, in Markdown: paragraphs separated by an empty line, **bold**, *italic*,
lists with "- ".
""")

NEWS_TEMPLATE = N_("""\
---
%(fields)s# location: Jakarta       # the city the press release is issued in
# source: Biro Hubungan Masyarakat
# summary: …               # one or two sentences of summary
# year: 2019               # the selection year it is about
# pillars: […]             # the profiles it names: their file names, without .md
# photos:                  # its own photos, for the page and the press kit:
#   - file: foto.jpg       #   each in the same folder, with its caption and credit
#     caption: …
#     credit: …
draft: true                # change to false to publish
---
Write the press release here, in Markdown.
""")


def _dump(fields: dict[str, object]) -> str:
    return yaml.safe_dump(fields, allow_unicode=True, sort_keys=False, default_flow_style=False)


def _existing(content_dir: Path, folder: str, slug: str) -> Path | None:
    for path in sorted((content_dir / folder).rglob(f"{slug}.*")):
        if path.suffix in (".md", ".yaml", ".yml", ".markdown"):
            return path
    return None


# Where each field of `teladan new pilar` is typed on the command line, for messages.
_OPTIONS = {"name": "NAME", "category": "--category", "province": "--province", "year": "--year"}


def _errors_by_option(text: str, rel: str, checks: Checks, content_dir: Path) -> list[Problem]:
    """The errors `teladan check` would find in the new file `text`, told by the option that
    gave the field: the same rules, spellings and year range as every profile."""
    raw, problems = parse_record(text, ".md", rel, "pillar")
    found = [*problems, *(validate_pillar(raw, checks, content_dir)[1] if raw else ())]
    told = []
    for p in found:
        if p.is_error:
            where = _OPTIONS.get(p.field or "", rel)
            written = f"{where} " if where.startswith("--") else ""
            message = reword(p.message, p.field or "", where)
            told.append(error(where, None, message, reword(p.hint, p.field or "", where, written)))
    return told


def _already_there(
    existing: Path, slug: str, fields: dict[str, object], new: Path, listed: bool
) -> Problem:
    """The profile file `existing` (`listed`: it has an `awards:` list) has the slug the new
    one (`new`) would get."""
    name = fields["name"]
    message = _("a profile named '%(slug)s' already exists; nothing was written") % {"slug": slug}
    if new.parent not in existing.parents:  # e.g. a winner of 2019 honoured again in 2023
        # One pillar, one profile, every award in it (PANDUAN §13).
        if listed:
            hint = _(
                "if it is the same pillar honoured again, add an item to the 'awards:' list of "
                "that file: '- year: %(year)s', 'category: %(category)s' and its rank"
            )
        else:
            hint = _(
                "if it is the same pillar honoured again, add the award to that file: replace "
                "its lines 'year:', 'category:' and 'rank:' with an 'awards:' list, one item "
                "per award, then add '- year: %(year)s', 'category: %(category)s' and its rank "
                "(PANDUAN.md, section 13)"
            )
        return error(str(existing), None, message, hint % fields)
    hint = _(
        "edit that file; for another person of the same name, copy it beside it as "
        "e.g. '%(file)s' and change its fields (the file name is the page's address: the name "
        "shown stays '%(name)s')"
    )
    values = {"file": f"{slug}-{fields['province']}.md", "name": name}
    return error(str(existing), None, message, hint % values)


def new_pillar(
    content_dir: Path, name: str, category: str, province: str, year: int, today: datetime.date
) -> tuple[Path | None, tuple[Problem, ...]]:
    """Create content/pillars/<year>/<slug>.md; returns its path, or the problems stopping it."""
    raws = load_categories(content_dir)[0]
    categories = validate_categories(raws)[0]
    checks = make_checks(categories, load_provinces(), today)
    fields = {
        "name": name,
        "category": checks.category_slug(category) or category,
        "province": checks.province_slug(province) or province,
        "year": year,
    }
    slug = slugify(name)
    text = _(PILLAR_TEMPLATE) % {"fields": _dump(fields), "slug": slug or "profil"}
    rel = f"pillars/{year}/{slug or 'profil'}.md"
    problems = _errors_by_option(text, rel, checks, content_dir)
    if not name.strip():  # one error, not also "gives no usable file name"
        problems = [p for p in problems if p.path != "NAME"]
        problems.append(
            error(
                "NAME",
                None,
                _("the name is empty"),
                _(
                    "write the person's or organisation's name in quotes, e.g. "
                    'teladan new pilar "Siti Aminah" …'
                ),
            )
        )
    elif not slug:
        message = _("'%(name)s' gives no usable file name") % {"name": name}
        problems.append(error("NAME", None, message, _("use letters in the name")))
    if problems:
        return None, tuple(problems)
    existing = _existing(content_dir, "pillars", slug)
    if existing is not None:
        listed = bool(holding_awards(content_dir, existing.relative_to(content_dir).as_posix()))
        return None, (_already_there(existing, slug, fields, content_dir / rel, listed),)
    path = content_dir / rel
    path.parent.mkdir(parents=True, exist_ok=True)
    with path.open("x", encoding="utf-8") as f:  # "x": never overwrite, even in a race
        f.write(text)
    return path, ()


def new_news(
    content_dir: Path, title: str, today: datetime.date
) -> tuple[Path | None, tuple[Problem, ...]]:
    """Create content/news/<slug>.md dated today."""
    slug = slugify(title)
    if not slug:
        message = _("'%(name)s' gives no usable file name") % {"name": title}
        return None, (error("TITLE", None, message, _("use letters in the title")),)
    path = content_dir / "news" / f"{slug}.md"
    existing = _existing(content_dir, "news", slug)
    if existing is not None:
        return None, (
            error(
                str(existing),
                None,
                _("a press release named '%(slug)s' already exists; nothing was written")
                % {"slug": slug},
                _("edit that file, or choose another title"),
            ),
        )
    path.parent.mkdir(parents=True, exist_ok=True)
    fields = _dump({"title": title, "date": today})
    with path.open("x", encoding="utf-8") as f:
        f.write(_(NEWS_TEMPLATE) % {"fields": fields})
    return path, ()
