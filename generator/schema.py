"""The fields of a profile and of a press release, once: what the editor's forms show, and (a
unit test makes sure) exactly the fields validation knows, so a new field appears in both."""

from __future__ import annotations

from dataclasses import dataclass

KINDS = ("text", "longtext", "int", "choice", "list", "bool", "date")


@dataclass(frozen=True, slots=True)
class FieldSpec:
    """One field: its name in the file (and the form control's), kind, Indonesian label/hint."""

    name: str
    kind: str
    label: str
    hint: str = ""
    required: bool = False


RANKS = (
    ("", "Peserta (tanpa peringkat)"),
    ("1", "Juara I"),
    ("2", "Juara II"),
    ("3", "Juara III"),
    ("harapan-1", "Harapan I"),
    ("harapan-2", "Harapan II"),
    ("harapan-3", "Harapan III"),
)

PILLAR = (
    FieldSpec("name", "text", "Nama", "Nama orang atau lembaga, seperti ditulis resmi.", True),
    FieldSpec("category", "choice", "Kategori", "", True),
    FieldSpec("year", "int", "Tahun pemilihan", "Contoh: 2019", True),  # (before the province:
    FieldSpec(  # the provinces offered are those of the year)
        "province", "choice", "Provinsi", "Hanya provinsi yang sudah ada pada tahun itu.", True
    ),
    FieldSpec("rank", "choice", "Peringkat"),
    FieldSpec(
        "summary", "longtext", "Ringkasan", "Satu atau dua kalimat untuk kartu dan mesin pencari."
    ),
    FieldSpec("quote", "longtext", "Kutipan", "Kata-kata orang ini sendiri, tanpa tanda petik."),
    FieldSpec("achievements", "list", "Prestasi", "Satu prestasi per baris."),
    FieldSpec("regency", "text", "Kabupaten/kota"),
    FieldSpec("district", "text", "Kecamatan"),
    FieldSpec("organization", "text", "Lembaga"),
    FieldSpec("since", "int", "Aktif sejak tahun", "Contoh: 2008"),
    FieldSpec(
        "photo", "text", "Nama berkas foto", "Berkas foto di folder yang sama dengan profil."
    ),
    FieldSpec(
        "photo_alt", "text", "Keterangan foto", "Apa yang terlihat di foto, untuk pembaca layar."
    ),
    FieldSpec(
        "photo_credit",
        "text",
        "Kredit foto",
        "Siapa yang memotret, contoh: Biro Humas Kemensos. Kosongkan untuk memakai kredit di "
        "site.yaml.",
    ),
    FieldSpec(
        "photo_license",
        "text",
        "Lisensi foto",
        "Contoh: CC BY 4.0. Kosongkan untuk memakai lisensi di site.yaml.",
    ),
    FieldSpec("tags", "list", "Kata kunci", "Satu kata kunci per baris."),
    FieldSpec("draft", "bool", "Draf (belum tampil di situs)"),
    FieldSpec("date", "date", "Tanggal terbit", "Kosongkan untuk langsung terbit."),
    FieldSpec("story", "longtext", "Cerita (Markdown)", "Teks lengkap profil."),
)

NEWS = (
    FieldSpec("title", "text", "Judul", "", True),
    FieldSpec("date", "date", "Tanggal", "", True),
    FieldSpec("location", "text", "Tempat", "Contoh: Jakarta"),
    FieldSpec("source", "text", "Sumber", "Contoh: Biro Humas Kementerian Sosial"),
    FieldSpec("summary", "longtext", "Ringkasan", "Satu atau dua kalimat."),
    FieldSpec("image", "text", "Gambar", "Nama berkas gambar."),
    FieldSpec(
        "pillars", "list", "Profil terkait", "Nama berkas profil (tanpa .md), satu per baris."
    ),
    FieldSpec("year", "int", "Tahun pemilihan"),
    FieldSpec("draft", "bool", "Draf (belum tampil di situs)"),
    FieldSpec("body", "longtext", "Isi siaran pers (Markdown)"),
)

SELECTION = (
    FieldSpec("year", "int", "Tahun pemilihan", "Sama dengan nama berkas, contoh: 2019", True),
    FieldSpec("title", "text", "Judul", "", True),
    FieldSpec("date", "date", "Tanggal mulai"),
    FieldSpec("end_date", "date", "Tanggal selesai", "Kosongkan bila hanya satu hari."),
    FieldSpec("venue", "text", "Tempat", "Contoh: Hotel Aryaduta"),
    FieldSpec("city", "text", "Kota", "Contoh: Jakarta"),
    FieldSpec("jury", "list", "Unsur juri", "Satu unsur per baris."),
    FieldSpec("participants_provinces", "int", "Jumlah provinsi peserta", "Contoh: 34"),
    FieldSpec("summary", "longtext", "Ringkasan", "Satu atau dua kalimat."),
    FieldSpec("body", "longtext", "Cerita pemilihan (Markdown)"),
)

PAGE = (
    FieldSpec("title", "text", "Judul", "", True),
    FieldSpec("summary", "longtext", "Ringkasan", "Satu atau dua kalimat."),
    FieldSpec("draft", "bool", "Draf (belum tampil di situs)"),
    FieldSpec("body", "longtext", "Isi halaman (Markdown)"),
)

# Fields the form does not show, kept in the file as written (frontmatter.py): a press
# release's `photos:` is a list of file, caption and credit, which staff write in the file.
KEPT_AS_WRITTEN = {"news": ("photos",)}

# The field holding the Markdown text in a YAML file; the form control is always `story`.
TEXT_FIELD = {"pillar": "story", "news": "body", "selection": "body", "page": "body"}


def fields_of(kind: str) -> tuple[FieldSpec, ...]:
    return {"pillar": PILLAR, "news": NEWS, "selection": SELECTION, "page": PAGE}[kind]


def names(fields: tuple[FieldSpec, ...]) -> tuple[str, ...]:
    return tuple(f.name for f in fields)
