"""SiteIndex + photos → the open data: /data/pilar.json, its JSON Schema, pilar.csv and
penghargaan.csv. Pure.

Researchers and journalists take these home, so they carry every published winner (no drafts, no
scheduled items: the index has already left those out) with stable ids and absolute URLs.
"""

from __future__ import annotations

import csv
import hashlib
import io
import json
import operator
from collections.abc import Callable, Iterator, Mapping
from contextlib import AbstractContextManager, contextmanager
from typing import IO, Any

from . import urls
from .config import SiteConfig
from .credits import Credit
from .editions import language_name
from .images import Photo
from .index import SiteIndex
from .model import LEVELS, Award, Pillar, RenderedFile

JSON_PATH = "data/pilar.json"
SCHEMA_PATH = "data/pilar.schema.json"
CSV_PATH = "data/pilar.csv"
AWARDS_CSV_PATH = "data/penghargaan.csv"
# 2: each pillar carries `awards` (one pillar may be honoured more than once), pilar.csv has a
# row per award, penghargaan.csv the awards alone. (1: one award per pillar, no version given.)
SCHEMA_VERSION = 2
FILES = (JSON_PATH, CSV_PATH, SCHEMA_PATH, AWARDS_CSV_PATH)  # (as the /data/ page lists them)
RANK_LABELS = {"1": "Juara I", "2": "Juara II", "3": "Juara III", "harapan-1": "Harapan I",
               "harapan-2": "Harapan II", "harapan-3": "Harapan III"}  # fmt: skip

_RANK: tuple[tuple[str, Any, str, str], ...] = (
    ("rank", ["string", "null"], "1, 2, 3, harapan-1, harapan-2, harapan-3; null for a participant",
     "1, 2, 3, harapan-1, harapan-2, harapan-3; null untuk peserta"),
    ("rank_label", ["string", "null"], "The rank as shown on the site, e.g. Juara I",
     "Peringkat seperti tertulis di situs, misalnya Juara I"),
)  # fmt: skip
# (field, JSON Schema type, description, arti) — one list drives the JSON, the schema, the CSV
# and the /data/ page, so they cannot disagree. The page is in Indonesian like the rest of the
# site (arti); the schema keeps English descriptions for data users abroad (description).
FIELDS: tuple[tuple[str, Any, str, str], ...] = (
    ("slug", "string", "Stable id: the last part of the profile address /pilar/<slug>/",
     "Pengenal tetap: bagian terakhir alamat profil /pilar/<slug>/"),
    ("name", "string", "Name of the person or organisation",
     "Nama orang atau lembaga"),
    ("category", "string", "Category slug (psm, tksk, karang-taruna, tagana, lks)",
     "Kode kategori (psm, tksk, karang-taruna, tagana, lks)"),
    ("category_name", "string", "Full name of the category",
     "Nama lengkap kategori"),
    ("province", "string", "Province slug",
     "Kode provinsi dalam alamat situs"),
    ("province_name", "string", "Province name",
     "Nama provinsi"),
    ("province_kemendagri", "string", "Province code of the Ministry of Home Affairs (Kemendagri)",
     "Kode provinsi dari Kementerian Dalam Negeri (Kemendagri)"),
    ("province_iso", "string", "ISO 3166-2 code of the province",
     "Kode ISO 3166-2 provinsi"),
    ("regency", ["string", "null"], "Regency or city (kabupaten/kota)",
     "Kabupaten atau kota"),
    ("year", "integer", "Year of the national selection",
     "Tahun pemilihan tingkat nasional"),
    *_RANK,
    ("summary", "string", "One or two sentences about the winner",
     "Satu atau dua kalimat tentang pilar teladan"),
    ("url", "string", "Absolute address of the profile page",
     "Alamat lengkap halaman profil"),
    ("photo_url", ["string", "null"], "Absolute address of the profile photo (JPEG), if any",
     "Alamat lengkap foto profil (JPEG), bila ada"),
    ("photo_credit", ["string", "null"], "Who took the photo, to print with it",
     "Kredit foto: siapa yang memotret, untuk dicantumkan bersama fotonya"),
    ("photo_license", ["string", "null"], "The licence the photo is published under",
     "Lisensi foto"),
    ("awards", "array", "Every award of the pillar in time order (the last is the one the "
     "fields above describe); each with the award fields below",
     "Semua penghargaan pilar ini menurut urutan waktu (yang terakhir adalah yang dijelaskan "
     "kolom di atas); masing-masing dengan kolom penghargaan di bawah"),
)  # fmt: skip
# An award: in each pillar's `awards` in the JSON, and a row of the CSV files.
AWARD_FIELDS: tuple[tuple[str, Any, str, str], ...] = (
    ("year", "integer", "Year of the selection", "Tahun pemilihan"),
    ("category", "string", "Category slug", "Kode kategori"),
    ("category_name", "string", "Full name of the category", "Nama lengkap kategori"),
    ("level", "string", "nasional (the national selection) or provinsi (a province's)",
     "nasional (pemilihan tingkat nasional) atau provinsi (tingkat provinsi)"),
    ("province", "string", "Province slug: where the pillar served that year",
     "Kode provinsi: tempat pilar bertugas pada tahun itu"),
    ("province_name", "string", "Province name", "Nama provinsi"),
    *_RANK,
    ("citation", ["string", "null"], "The jury's reason, if given",
     "Alasan dewan juri, bila ada"),
)  # fmt: skip


def fields_of(config: SiteConfig) -> tuple[tuple[str, Any, str, str], ...]:
    """FIELDS, and for each further language of the site its translated fields
    (`summary_en`, `category_name_en`, `url_en`)."""
    extra = []
    for code in config.languages[1:]:
        said = {"en": language_name(code, "en"), "id": language_name(code, "id")}
        extra += [
            (f"summary_{code}", ["string", "null"],
             "The summary in {en}; null where the profile has no translation".format(**said),
             "Ringkasan dalam bahasa {id}; null bila profil belum diterjemahkan".format(**said)),
            (f"category_name_{code}", "string", "Full name of the category in {en}".format(**said),
             "Nama lengkap kategori dalam bahasa {id}".format(**said)),
            (f"url_{code}", "string", "Absolute address of the profile page in {en}".format(**said),
             "Alamat lengkap halaman profil dalam bahasa {id}".format(**said)),
        ]  # fmt: skip
    return FIELDS + tuple(extra)


def _translated(index: SiteIndex, slug: str, summary: str) -> dict[str, Any]:
    """A profile's fields in the further editions (see fields_of)."""
    found: dict[str, Any] = {}
    for code, edition in index.editions:
        p = edition.pillar_by_slug[slug]
        found[f"summary_{code}"] = p.summary if p.summary != summary else None
        found[f"category_name_{code}"] = edition.category_by_slug[p.category].name
        found[f"url_{code}"] = urls.absolute_url(
            index.config.base_url, f"{code}/{urls.pillar(slug)}"
        )
    return found


def records(index: SiteIndex, photos: Mapping[str, Photo]) -> Iterator[dict[str, Any]]:
    """Every published winner as a flat record, in the site's canonical order, one at a time.
    (A field read here must be in _SHOWN too, or a change to it would not make the files
    again.)"""
    for p in index.pillars:
        category = index.category_by_slug[p.category]
        province = index.province_by_slug[p.province]
        photo = photos.get(p.slug)
        credit = Credit.of(index.config, p.photo_credit, p.photo_license)
        yield (
            {
                "slug": p.slug,
                "name": p.name,
                "category": p.category,
                "category_name": category.name,
                "province": p.province,
                "province_name": province.name,
                "province_kemendagri": province.kemendagri,
                "province_iso": province.iso,
                "regency": p.regency or None,
                "year": p.year,
                "rank": p.rank.value if p.rank else None,
                "rank_label": RANK_LABELS[p.rank.value] if p.rank else None,
                "summary": p.summary,
                "url": urls.absolute_url(index.config.base_url, urls.pillar(p.slug)),
                "photo_url": urls.absolute_url(index.config.base_url, photo.path)
                if photo
                else None,
                "photo_credit": (credit.credit or None) if photo else None,
                "photo_license": (credit.license or None) if photo else None,
                **(_translated(index, p.slug, p.summary) if index.editions else {}),
                "awards": [_award(index, a) for a in p.awards],
            }
        )


def _award(index: SiteIndex, a: Award) -> dict[str, Any]:
    return {
        "year": a.year,
        "category": a.category,
        "category_name": index.category_by_slug[a.category].name,
        "level": a.level,
        "province": a.province,
        "province_name": index.province_by_slug[a.province].name,
        "rank": a.rank.value if a.rank else None,
        "rank_label": RANK_LABELS[a.rank.value] if a.rank else None,
        "citation": a.citation or None,
    }


def _csv_fields(config: SiteConfig) -> tuple[tuple[str, Any, str, str], ...]:
    """pilar.csv's columns: the pillar's, the award's year, category, rank… in their place,
    then the award's own."""
    own = tuple(f for f in AWARD_FIELDS if f[0] in ("level", "citation"))
    languages = fields_of(config)[len(FIELDS) :]  # (last, as before)
    return tuple(f for f in FIELDS if f[0] != "awards") + own + languages


def _awards_csv_fields() -> tuple[tuple[str, Any, str, str], ...]:
    """penghargaan.csv's columns: whose award (slug, name), then the award."""
    return FIELDS[:2] + AWARD_FIELDS


def schema(index: SiteIndex) -> dict[str, Any]:
    item: dict[str, Any] = {
        "type": "object",
        "additionalProperties": False,
        "required": [name for name, *_ in fields_of(index.config)],
        "properties": {
            name: {"type": kind, "description": text}
            for name, kind, text, _ in fields_of(index.config)
        },
    }
    award: dict[str, Any] = {
        name: {"type": kind, "description": text} for name, kind, text, _ in AWARD_FIELDS
    }
    award["level"]["enum"] = list(LEVELS)
    properties: dict[str, Any] = item["properties"]
    properties["awards"]["minItems"] = 1
    properties["awards"]["items"] = {
        "type": "object",
        "additionalProperties": False,
        "required": list(award),
        "properties": award,
    }
    return {
        "$schema": "https://json-schema.org/draft/2020-12/schema",
        "$id": urls.absolute_url(index.config.base_url, SCHEMA_PATH),
        "title": f"{index.config.title}: data pilar",
        "type": "object",
        "additionalProperties": False,
        "required": ["schema_version", "title", "license", "source", "count", "pilar"],
        "properties": {
            "schema_version": {"const": SCHEMA_VERSION, "description": "Changes when fields do"},
            "title": {"type": "string"},
            "license": {"type": "string"},
            "source": {"type": "string", "description": "The site the data comes from"},
            "count": {"type": "integer", "minimum": 0},
            "pilar": {"type": "array", "items": item},
        },
    }


def _json(data: Any) -> bytes:
    return (json.dumps(data, ensure_ascii=False, indent=1) + "\n").encode()


# A spreadsheet program takes a cell starting with one of these for a formula (or, for tab and
# carriage return, strips them and then may): a name such as =HYPERLINK("http://…"&A1) would
# run on the reader's computer. OWASP's advice: start such a cell with a single quote, which
# spreadsheets show as text. Only the CSV gets it; the JSON keeps every value as written.
FORMULA_STARTS = frozenset("=+-@\t\r")


class _Csv:
    """A CSV file written a row at a time, with the byte-order mark that makes spreadsheet
    programs open it as UTF-8 (names with é, ñ…)."""

    def __init__(self, file: IO[bytes], fields: tuple[tuple[str, Any, str, str], ...]) -> None:
        self.text = io.TextIOWrapper(file, encoding="utf-8", newline="", write_through=False)
        self.text.write("\ufeff")
        names = [name for name, *_ in fields]
        # csv.writer writes None as an empty field, in two thirds of the time of DictWriter,
        # which checks every row's keys in Python.
        self.writer = csv.writer(self.text, lineterminator="\r\n")
        self.writer.writerow(names)
        self.pick = operator.itemgetter(*names)

    def write(self, row: Mapping[str, Any]) -> None:
        # (inline: a function call per cell took twice as long, 20 ms more at 4,000 profiles)
        self.writer.writerow(
            [
                "'" + v if type(v) is str and v and v[0] in FORMULA_STARTS else v
                for v in self.pick(row)
            ]
        )

    def close(self) -> None:
        self.text.flush()
        self.text.detach()  # (the file is its opener's to close)


# The fields of a Pillar that `records` reads (keep the two together).
_SHOWN = operator.attrgetter(
    "slug",
    "name",
    "category",
    "province",
    "regency",
    "year",
    "rank",
    "summary",
    "photo_credit",
    "photo_license",
    "awards",
)


def row_digest(pillar: Pillar) -> bytes:
    """A digest of the fields of a profile that the files of render_data show."""
    return hashlib.blake2b(repr(_SHOWN(pillar)).encode(), digest_size=16).digest()


def data_inputs(
    index: SiteIndex, photos: Mapping[str, Photo], digest: Callable[[Pillar], bytes] = row_digest
) -> tuple[Any, ...]:
    """Everything the files of render_data are made from: equal inputs, equal files. (The
    fields `records` reads rather than its rows: making every row only to compare them took a
    thirtieth of a small rebuild. `digest`: `row_digest`, or what it gave for each profile
    before.)"""
    return (
        repr(index.config),
        repr((index.categories, index.provinces)),
        b"".join(map(digest, index.pillars)),
        [(p.slug, photos[p.slug]) for p in index.pillars if p.slug in photos],
        [(code, b"".join(map(row_digest, e.pillars))) for code, e in index.editions],
    )


# Opens a file of the open data for writing by its path in the site (data/…), and closes it.
Opener = Callable[[str], AbstractContextManager[IO[bytes]]]


def write_data(index: SiteIndex, photos: Mapping[str, Photo], opener: Opener) -> None:
    """The open data, written through `opener` one profile at a time: the files are 125 MB at
    100,000 profiles, and made whole in memory (their records, then their text) they took the
    build's peak memory past 1 GiB.

    pilar.json has each record on a line of its own: readable, and a changed record is one
    changed line in a diff; json's C encoder writes each (with `indent` json falls back to its
    pure-Python encoder). pilar.csv has a row per award (a pillar's fields with the award's),
    penghargaan.csv the awards alone."""
    with opener(SCHEMA_PATH) as file:
        file.write(_json(schema(index)))
    top = {
        "schema_version": SCHEMA_VERSION,
        "title": index.config.title,
        "license": index.config.data_license,
        "source": index.config.base_url,
        "count": len(index.pillars),
    }
    with opener(JSON_PATH) as js, opener(CSV_PATH) as pillars, opener(AWARDS_CSV_PATH) as awards:
        head = (
            f"{json.dumps(k, ensure_ascii=False)}: {json.dumps(v, ensure_ascii=False)}"
            for k, v in top.items()
        )
        js.write(("{\n" + ",\n".join(head) + ',\n"pilar": [\n').encode())
        pillar_rows = _Csv(pillars, _csv_fields(index.config))
        award_rows = _Csv(awards, _awards_csv_fields())
        for n, record in enumerate(records(index, photos)):
            js.write(((",\n" if n else "") + json.dumps(record, ensure_ascii=False)).encode())
            for award in record["awards"]:
                row = {**record, **award}  # (both files: a row per award, other columns)
                pillar_rows.write(row)
                award_rows.write(row)
        js.write(b"\n]\n}\n")
        pillar_rows.close()
        award_rows.close()


def render_data(index: SiteIndex, photos: Mapping[str, Photo]) -> tuple[RenderedFile, ...]:
    """The open data's files in memory (the preview's, and a build's whose cache cannot be
    written)."""
    made: dict[str, io.BytesIO] = {}

    @contextmanager
    def opener(path: str) -> Iterator[IO[bytes]]:
        yield made.setdefault(path, io.BytesIO())

    write_data(index, photos, opener)
    return tuple(RenderedFile(path, buffer.getvalue()) for path, buffer in made.items())
