"""A name and a few facts → a new profile or press-release file, filled in with commented hints.

New files start as drafts: the preview shows them (marked), the published site does not, until
the writer changes `draft: true` to `draft: false`.
"""

from __future__ import annotations

import datetime
from pathlib import Path

import yaml

from .load import load_categories
from .problems import Problem, error, suggestion
from .reference import (
    category_spellings,
    load_provinces,
    not_yet_formed,
    province_spellings,
    resolve_category,
    resolve_province,
)
from .urls import slugify
from .validate import validate_categories

PILLAR_TEMPLATE = """\
---
{fields}# summary: Satu atau dua kalimat tentang dia (untuk kartu, mesin pencari, pratinjau).
# rank: 1                 # 1, 2, 3 (Juara I–III) atau harapan-1, harapan-2, harapan-3
# regency: Kabupaten …    # kabupaten/kota
# district: Kecamatan …
# organization: …         # lembaga tempat dia aktif
# since: 2008             # aktif sejak tahun
# photo: {slug}.jpg       # foto di folder yang sama dengan berkas ini
# photo_alt: …            # wajib bila ada foto: apa yang terlihat di foto
# quote: "…"              # kutipan pendek dari dia sendiri, dalam tanda kutip
# achievements:
#   - …
# tags: [lansia, pendampingan]
draft: true               # ubah menjadi false untuk menerbitkan
---
Tulis kisahnya di sini, dalam Markdown: paragraf dipisah baris kosong, **tebal**, *miring*,
daftar dengan tanda "- ".
"""

NEWS_TEMPLATE = """\
---
{fields}# location: Jakarta       # kota tempat siaran pers dikeluarkan
# source: Biro Hubungan Masyarakat
# summary: Satu atau dua kalimat ringkasan.
# year: 2019               # tahun pemilihan yang dibahas
# pillars: [nama-berkas-profil, …]   # profil yang disebut, tanpa .md
draft: true                # ubah menjadi false untuk menerbitkan
---
Tulis isi siaran pers di sini, dalam Markdown.
"""


def _dump(fields: dict[str, object]) -> str:
    return yaml.safe_dump(fields, allow_unicode=True, sort_keys=False, default_flow_style=False)


def _existing(content_dir: Path, folder: str, slug: str) -> Path | None:
    for path in sorted((content_dir / folder).rglob(f"{slug}.*")):
        if path.suffix in (".md", ".yaml", ".yml", ".markdown"):
            return path
    return None


def new_pillar(
    content_dir: Path, name: str, category: str, province: str, year: int, today: datetime.date
) -> tuple[Path | None, tuple[Problem, ...]]:
    """Create content/pillars/<year>/<slug>.md; returns its path, or the problems stopping it."""
    problems: list[Problem] = []
    raws, _ = load_categories(content_dir)
    categories, _ = validate_categories(raws)
    by_name = category_spellings(categories)
    category_slug = resolve_category(category, by_name)
    if category_slug is None:
        known = [c.slug for c in categories]
        problems.append(
            error(
                "--category",
                None,
                f"'{category}' is not a category{suggestion(category, known, by_name)}",
                "use one of: " + ", ".join(known),
            )
        )
    provinces = {p.slug: p for p in load_provinces()}
    spellings = province_spellings(tuple(provinces.values()))
    province_slug = resolve_province(province, provinces, spellings)
    if province_slug is None:
        problems.append(
            error(
                "--province",
                None,
                f"'{province}' is not a province{suggestion(province, provinces, spellings)}",
                "use a province slug from README.md, e.g. jawa-barat",
            )
        )
    elif too_early := not_yet_formed(provinces[province_slug], year):
        problems.append(error("--province", None, *too_early))
    if not 1990 <= year <= today.year + 1:
        problems.append(
            error("--year", None, f"{year} is not a selection year (1990–{today.year + 1})")
        )
    slug = slugify(name)
    if not slug:
        problems.append(
            error("NAME", None, f"'{name}' gives no usable file name", "use letters in the name")
        )
    if problems:
        return None, tuple(problems)
    existing = _existing(content_dir, "pillars", slug)
    if existing is not None:
        return None, (
            error(
                str(existing),
                None,
                f"a profile named '{slug}' already exists; nothing was written",
                "edit that file; for another person of the same name, copy it beside it as "
                f"e.g. '{slug}-{province_slug}.md' and change its fields (the file name is the "
                f"page's address: the name shown stays '{name}')",
            ),
        )
    fields = _dump(
        {"name": name, "category": category_slug, "province": province_slug, "year": year}
    )
    path = content_dir / "pillars" / str(year) / f"{slug}.md"
    path.parent.mkdir(parents=True, exist_ok=True)
    with path.open("x", encoding="utf-8") as f:  # "x": never overwrite, even in a race
        f.write(PILLAR_TEMPLATE.format(fields=fields, slug=slug))
    return path, ()


def new_news(
    content_dir: Path, title: str, today: datetime.date
) -> tuple[Path | None, tuple[Problem, ...]]:
    """Create content/news/<slug>.md dated today."""
    slug = slugify(title)
    if not slug:
        return None, (
            error(
                "TITLE", None, f"'{title}' gives no usable file name", "use letters in the title"
            ),
        )
    path = content_dir / "news" / f"{slug}.md"
    existing = _existing(content_dir, "news", slug)
    if existing is not None:
        return None, (
            error(
                str(existing),
                None,
                f"a press release named '{slug}' already exists; nothing was written",
                "edit that file, or choose another title",
            ),
        )
    path.parent.mkdir(parents=True, exist_ok=True)
    fields = _dump({"title": title, "date": today})
    with path.open("x", encoding="utf-8") as f:
        f.write(NEWS_TEMPLATE.format(fields=fields))
    return path, ()
