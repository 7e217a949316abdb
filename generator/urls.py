"""The site's URL scheme (DESIGN §2) as pure functions of slugs, and relative links between pages.

A site path is relative to the site root with no leading slash: "" is the home page,
"pilar/siti-aminah/" a profile. Pages are folders holding index.html ("pretty" URLs).
"""

from __future__ import annotations

import re
import unicodedata

# First path segments the generator owns; a free page may not take one of them.
RESERVED = frozenset(
    {"pilar", "kategori", "provinsi", "tahun", "berita", "cari", "data", "static", "halaman",
     "statistik",
     "feed.xml", "sitemap.xml", "robots.txt", "404.html", "index.html"}
)  # fmt: skip


# What a slug may be: lowercase letters and digits, words joined by single hyphens.
SLUG = re.compile(r"[a-z0-9]+(?:-[a-z0-9]+)*")


def slugify(text: str) -> str:
    """'Siti Aminah, S.Sos.' → 'siti-aminah-s-sos' — the form file names and URLs use."""
    ascii_text = unicodedata.normalize("NFKD", text).encode("ascii", "ignore").decode()
    return re.sub(r"[^a-z0-9]+", "-", ascii_text.lower()).strip("-")


def paged(path: str, number: int) -> str:
    """Page `number` of a paginated list whose first page is at `path`."""
    return path if number <= 1 else f"{path}halaman/{number}/"


def home() -> str:
    return ""


def pillar_index(number: int = 1) -> str:
    return paged("pilar/", number)


def pillar(slug: str) -> str:
    return f"pilar/{slug}/"


def category_index() -> str:
    return "kategori/"


def category(slug: str, number: int = 1) -> str:
    return paged(f"kategori/{slug}/", number)


def province_index() -> str:
    return "provinsi/"


def province(slug: str, number: int = 1) -> str:
    return paged(f"provinsi/{slug}/", number)


def year_index() -> str:
    return "tahun/"


def year(value: int) -> str:
    return f"tahun/{value}/"


def year_book(value: int) -> str:
    return f"tahun/{value}/buku/"


def year_kit(value: int) -> str:
    return f"tahun/{value}/paket-media.zip"


def news_index(number: int = 1) -> str:
    return paged("berita/", number)


def news(slug: str) -> str:
    return f"berita/{slug}/"


def news_kit(slug: str) -> str:
    return f"berita/{slug}/paket-media.zip"


def news_feed() -> str:
    return "feed.xml"


def pillar_feed() -> str:
    return "pilar/feed.xml"


def search() -> str:
    return "cari/"


def data_index() -> str:
    return "data/"


def statistics() -> str:
    return "statistik/"


def page(slug: str) -> str:
    return f"{slug}/"


def static(path: str) -> str:
    return f"static/{path}"


def output_path(path: str) -> str:
    """Site path → file path inside the output folder ("pilar/x/" → "pilar/x/index.html")."""
    return f"{path}index.html" if path == "" or path.endswith("/") else path


def is_web_address(path: str) -> bool:
    """A full http(s) address (an outside link in the navigation), rather than a site path."""
    return path.lower().startswith(("http://", "https://"))


def relative_url(from_path: str, to_path: str) -> str:
    """A link from the page at `from_path` to `to_path` that works at any host and sub-path
    (a full web address stays as it is)."""
    if is_web_address(to_path):
        return to_path
    folder, _, _ = from_path.rpartition("/")  # "pilar/x/" → "pilar/x"; "robots.txt" → ""
    depth = folder.count("/") + 1 if folder else 0
    return ("../" * depth + to_path) or "./"


def absolute_url(base_url: str, path: str) -> str:
    """base_url ends with "/"; path has no leading slash."""
    return base_url + path
