"""Write a deterministic benchmark corpus of N valid profiles into DIR/content/.

    python benchmarks/make_corpus.py N DIR

The same N always gives byte-identical files (one fixed random seed, no clock, no hash order).
Besides N profiles (about 4 KB of Markdown each, no photos) it writes site.yaml, categories.yaml
(copied from the sample site), one selection per year 2010–2025 and max(1, N // 100) press
releases. An existing DIR/content/ is replaced only if this script made it.
"""

from __future__ import annotations

import json
import shutil
import sys
import time
from collections.abc import Sequence
from pathlib import Path
from random import Random
from string import Formatter
from typing import TypeVar

import yaml

REPO = Path(__file__).resolve().parents[1]
SEED = 20190819
YEARS = range(2010, 2026)
CATEGORIES = ("psm", "tksk", "karang-taruna", "tagana", "lks")
RANKS = ("1", "2", "3", "harapan-1", "harapan-2", "harapan-3")  # then participants (no rank)
T = TypeVar("T")
MARKER = ".teladan-bench-corpus"  # beside content/: marks a corpus this script may replace

SITE_YAML = """\
title: Pilar-pilar Sosial Teladan (korpus uji kinerja)
tagline: Korpus buatan untuk mengukur kecepatan pembangunan situs
description: Profil fiktif yang dibuat otomatis untuk uji kinerja generator situs.
base_url: https://example.org/pilar-teladan/
language: id
owner: Tim Pengembang (contoh)
per_page: 24
navigation:
  - label: Kategori
    path: kategori/
  - label: Provinsi
    path: provinsi/
  - label: Tahun
    path: tahun/
  - label: Berita
    path: berita/
"""

FIRST = (
    "Siti", "Ahmad", "Budi", "Dewi", "Rina", "Agus", "Wayan", "Made", "Nyoman", "Yohana", "Markus",
    "Fatimah", "Rahmat", "Sri", "Joko", "Lestari", "Andi", "Nur", "Ratna", "Hendra", "Maria",
    "Yusuf", "Sumarni", "Ujang", "Cut", "Teuku", "Lalu", "Baiq", "Benediktus", "Meiske", "Rusdin",
)  # fmt: skip
LAST = (
    "Aminah", "Santoso", "Saepudin", "Hasanah", "Pattiasina", "Rumondor", "Lasaloka", "Mahuze",
    "Lokobal", "Widyastuti", "Rahmi", "Noor", "Sitompul", "Siregar", "Nainggolan", "Wijaya",
    "Kurniawan", "Hidayat", "Setiawan", "Purnamasari", "Tammu", "Lenjau", "Moa", "Azizah",
)  # fmt: skip
ORG_WORDS = (
    "Tunas Harapan", "Bina Sejahtera", "Cahaya Bangsa", "Mekar Sari", "Sipakatau", "Widya Sentana",
    "Kasih Ibu", "Bakti Nusantara", "Harapan Baru", "Sinar Pagi", "Tunas Bhakti", "Huyula",
)  # fmt: skip
ORG_PREFIX = {"karang-taruna": "Karang Taruna", "tagana": "Tagana", "lks": "LKS"}
PLACE_A = ("Sungai", "Tanjung", "Bukit", "Muara", "Teluk", "Padang", "Kuala", "Batu", "Sumber")
PLACE_B = ("Jaya", "Raya", "Indah", "Makmur", "Baru", "Permai", "Sari", "Agung", "Mulia", "Asri")

GROUPS = (
    "lansia", "anak yatim", "penyandang disabilitas", "keluarga penerima manfaat", "pemuda desa",
    "ibu hamil", "warga terdampak bencana", "anak jalanan", "keluarga prasejahtera", "remaja putri",
)  # fmt: skip
WORK = (
    "pendampingan", "pendataan warga miskin", "penyaluran bantuan sosial", "posyandu lansia",
    "bank sampah", "dapur umum", "taman baca", "kelompok usaha bersama", "latihan evakuasi",
    "perbaikan rumah tidak layak huni", "dukungan psikososial", "arisan kesehatan",
)  # fmt: skip
PARTNERS = (
    "perangkat desa", "dinas sosial", "puskesmas", "tokoh agama", "kader PKK", "BPBD",
    "karang taruna", "kepala desa", "camat", "pendamping PKH", "guru sekolah", "tokoh adat",
)  # fmt: skip
PLACES = ("desa", "kecamatan", "kelurahan", "dusun", "nagari", "gampong", "kampung", "jorong")
HAZARDS = ("banjir", "tanah longsor", "gempa bumi", "kebakaran", "kemarau panjang", "angin puting")
SENTENCES = (
    "{who} mulai aktif ketika melihat banyak {group} di {place}nya tidak mendapat perhatian.",
    "Setiap pekan {who} mengunjungi {group} dari rumah ke rumah dan mencatat kebutuhan mereka.",
    "Bersama {partner}, {who} menggerakkan {work} yang kini berjalan secara swadaya.",
    "Kegiatan {work} itu dibiayai dengan gotong royong warga dan sedikit bantuan dari {partner}.",
    "Ketika {hazard} melanda {place} tetangga, {who} ikut membuka posko dan mengatur {work}.",
    "Menurut {who}, {work} bukan sekadar program, melainkan cara warga saling menjaga.",
    "Banyak {group} yang dulu bingung mengurus bantuan sosial kini dibantu mengisi formulir.",
    "Forum bulanan dengan {partner} membuat kasus {group} tidak lagi dilempar ke sana kemari.",
    "Pelan-pelan cara kerja ini ditiru oleh {k} {place} lain di kabupaten yang sama.",
    "Para relawan muda belajar dari {who} tentang {work} dan kesabaran mendengarkan warga.",
    "Data yang rapi membuat bantuan untuk {group} lebih tepat sasaran dan tidak salah alamat.",
    "Di sela tugasnya, {who} juga menemani {group} berobat ke puskesmas terdekat.",
    "Setelah {hazard}, {who} mendampingi {n} keluarga mengurus dokumen yang hilang.",
    "Pertemuan di balai {place} selalu diawali dengan makan bersama dan cerita dari warga.",
)  # fmt: skip
HEADINGS = (
    "Mendengar sebelum mencatat", "Gotong royong di {place}", "Saat {hazard} datang",
    "Menjaga {group}", "Dari {work} ke kemandirian", "Bekerja bersama {partner}",
)  # fmt: skip
ACHIEVEMENTS = (
    "Mendampingi {n} {group}", "Merintis {work} di {k} {place}",
    "Mengoordinasikan {work} bersama {partner}", "Melatih {n} relawan tentang {work}",
    "Mendata {n} keluarga rentan di {place}nya",
)  # fmt: skip
TAGS = (
    "lansia", "pendampingan", "bantuan-sosial", "gotong-royong", "posyandu", "bencana", "pemuda",
    "disabilitas", "pendataan", "literasi", "kewirausahaan", "lingkungan", "psikososial",
)  # fmt: skip
QUOTES = (
    "Kalau tetangga sakit dan kita tidak tahu, itu tandanya kita kurang sering berkunjung.",
    "Data yang benar itu bentuk keadilan paling dasar.",
    "Jalan boleh rusak, tetapi janji kepada warga jangan sampai rusak.",
    "Yang paling cepat runtuh setelah bencana adalah semangat, maka itu yang kita bangun dulu.",
)
PROGRAMME = (
    "Kementerian Sosial menilai {work} sebagai contoh partisipasi warga yang patut ditiru.",
    "Dewan juri memperhatikan keberlanjutan {work} dan keterlibatan {partner}.",
    "Para peserta memaparkan cara mereka mendampingi {group} di {place} masing-masing.",
    "Tahun ini banyak peserta menceritakan pengalaman menghadapi {hazard}.",
    "Pemenang dari lima kategori berasal dari {n} kabupaten dan kota di seluruh Indonesia.",
    "Penghargaan ini diharapkan mendorong lebih banyak warga ikut peduli pada {group}.",
    "Para pilar sosial saling berbagi cerita tentang {work} bersama {partner}.",
)
CITIES = ("Jakarta", "Bandung", "Surabaya", "Yogyakarta", "Makassar", "Medan", "Denpasar")
VENUES = (
    "Hotel Aryaduta",
    "Balai Besar Kementerian Sosial",
    "Gedung Aneka Bhakti",
    "Hotel Mercure",
)


def q(text: str) -> str:
    """A YAML double-quoted scalar (JSON strings are valid YAML)."""
    return json.dumps(text, ensure_ascii=False)


class Corpus:
    def __init__(self, root: Path) -> None:
        self.content = root / "content"
        self.rng = Random(SEED)
        self.random = self.rng.random  # pick() with it is faster than rng.choice, as stable
        provinces = yaml.safe_load((REPO / "generator/data/provinces.yaml").read_text("utf-8"))
        self.provinces = [(p["slug"], int(p["formed"])) for p in provinces]
        self.slugs_by_year: dict[int, list[str]] = {y: [] for y in YEARS}
        self.ranks_given: dict[tuple[int, str], int] = {}
        self.folders: set[Path] = set()
        self.bytes = 0
        self.slots: dict[str, Sequence[str]] = {
            "group": GROUPS, "work": WORK, "partner": PARTNERS, "place": PLACES,
            "hazard": HAZARDS, "n": tuple(map(str, range(3, 121))), "k": "23456789",
        }  # fmt: skip
        self.fields: dict[str, list[str]] = {}

    def pick(self, seq: Sequence[T]) -> T:
        return seq[int(self.random() * len(seq))]

    def write(self, rel: str, text: str) -> None:
        path = self.content / rel
        if path.parent not in self.folders:
            path.parent.mkdir(parents=True, exist_ok=True)
            self.folders.add(path.parent)
        data = text.encode("utf-8")
        path.write_bytes(data)
        self.bytes += len(data)

    def fill(self, template: str, who: str) -> str:
        """The template with each {slot} drawn from its word list and {who} as given."""
        fields = self.fields.get(template)
        if fields is None:
            fields = [f for _, f, _, _ in Formatter().parse(template) if f and f != "who"]
            self.fields[template] = fields
        return template.format(who=who, **{f: self.pick(self.slots[f]) for f in fields})

    def paragraph(self, who: str, pool: tuple[str, ...] = SENTENCES) -> str:
        parts = [self.fill(self.pick(pool), who) for _ in range(5 + int(self.random() * 3))]
        i = int(self.random() * len(parts))
        parts[i] = f"**{parts[i]}**" if self.random() < 0.5 else f"*{parts[i]}*"
        return " ".join(parts)

    def story(self, name: str, person: bool) -> str:
        who = name.split()[0] if person and self.random() < 0.5 else name
        paragraphs = [self.paragraph(who) for _ in range(6)]
        heading = "## " + self.fill(self.pick(HEADINGS), who)
        items = [f"- {self.fill(self.pick(ACHIEVEMENTS), who)}" for _ in range(3)]
        blocks = [*paragraphs[:2], heading, *paragraphs[2:4], "\n".join(items), *paragraphs[4:]]
        blocks.append("*Profil ini fiktif dan dibuat otomatis untuk uji kinerja.*")
        return "\n\n".join(blocks) + "\n"

    def profile(self, i: int) -> None:
        rng = self.rng
        year = self.pick(YEARS)
        category = self.pick(CATEGORIES)
        province = self.pick([slug for slug, formed in self.provinces if formed <= year])
        person = f"{self.pick(FIRST)} {self.pick(LAST)}"
        prefix = ORG_PREFIX.get(category)
        name = f"{prefix} {self.pick(ORG_WORDS)}" if prefix else person
        slug = f"{name.lower().replace(' ', '-')}-{i + 1}"
        given = self.ranks_given.get((year, category), 0)
        self.ranks_given[(year, category)] = given + 1
        regency = f"{self.pick(('Kabupaten', 'Kota'))} {self.pick(PLACE_A)} {self.pick(PLACE_B)}"
        lines = [
            "---",
            f"name: {name}",
            f"category: {category}",
            f"province: {province}",
            f"year: {year}",
            f"summary: {q(self.fill(self.pick(SENTENCES), name))}",
        ]
        if given < len(RANKS):
            lines.append(f"rank: {RANKS[given]}")
        lines += [
            f"regency: {regency}",
            f"district: Kecamatan {self.pick(PLACE_A)} {self.pick(PLACE_B)}",
            f"since: {year - rng.randint(1, 15)}",
        ]
        if prefix is None and self.random() < 0.3:
            lines.append(f"organization: Karang Taruna {self.pick(ORG_WORDS)}")
        if self.random() < 0.4:
            lines.append(f"quote: {q(self.pick(QUOTES))}")
        lines.append("achievements:")
        lines += [f"  - {self.fill(self.pick(ACHIEVEMENTS), name)}" for _ in range(3)]
        lines.append(f"tags: [{', '.join(rng.sample(TAGS, 3))}]")
        lines.append("---")
        self.write(
            f"pillars/{year}/{slug}.md", "\n".join(lines) + "\n" + self.story(name, prefix is None)
        )
        self.slugs_by_year[year].append(slug)

    def selection(self, year: int) -> None:
        city, venue = self.pick(CITIES), self.pick(VENUES)
        title = f"Pemilihan Pilar-pilar Sosial Teladan Tingkat Nasional {year}"
        body = "\n\n".join(self.paragraph("", PROGRAMME) for _ in range(3))
        self.write(
            f"selections/{year}.md",
            f"---\nyear: {year}\ntitle: {title}\ndate: {year}-08-{self.rng.randint(10, 25)}\n"
            f"venue: {venue}\ncity: {city}\nsummary: {q(f'Seleksi nasional {year} di {city}.')}"
            f"\n---\n{body}\n",
        )

    def news(self, k: int) -> None:
        year = self.pick([y for y in YEARS if self.slugs_by_year[y]])
        slugs = self.slugs_by_year[year]
        pillars = self.rng.sample(slugs, min(3, len(slugs)))
        title = f"Siaran Pers {k + 1}: Kabar Pilar Sosial Teladan {year}"
        date = f"{year}-{self.rng.randint(1, 12):02d}-{self.rng.randint(1, 28):02d}"
        summary = self.fill(self.pick(PROGRAMME), "")
        body = "\n\n".join(self.paragraph("", PROGRAMME) for _ in range(4))
        self.write(
            f"news/siaran-pers-{year}-{k + 1}.md",
            f"---\ntitle: {q(title)}\ndate: {date}\nlocation: {self.pick(CITIES)}\n"
            f"summary: {q(summary)}\nyear: {year}\npillars: [{', '.join(pillars)}]\n---\n{body}\n",
        )

    def make(self, n: int) -> tuple[int, int]:
        self.write("site.yaml", SITE_YAML)
        self.write("categories.yaml", (REPO / "content/categories.yaml").read_text("utf-8"))
        for i in range(n):
            self.profile(i)
        for year in YEARS:
            self.selection(year)
        releases = max(1, n // 100) if n else 0
        for k in range(releases):
            self.news(k)
        return len(YEARS), releases


def main(argv: list[str]) -> int:
    if len(argv) != 2 or not argv[0].isdigit():
        print("usage: make_corpus.py N DIR", file=sys.stderr)
        return 2
    n, root = int(argv[0]), Path(argv[1])
    content = root / "content"
    if content.exists():
        if not (root / MARKER).exists():
            print(f"{content} exists and was not made by make_corpus.py", file=sys.stderr)
            return 1
        shutil.rmtree(content)
    root.mkdir(parents=True, exist_ok=True)
    (root / MARKER).touch()
    start = time.perf_counter()
    corpus = Corpus(root)
    selections, releases = corpus.make(n)
    print(
        f"wrote {n} profiles, {selections} selections, {releases} press releases "
        f"({corpus.bytes / 1e6:.1f} MB) into {content} in {time.perf_counter() - start:.2f} s"
    )
    return 0


if __name__ == "__main__":
    sys.exit(main(sys.argv[1:]))
