"""Check that the three sites of a `compare.py --teladan` run show the same profiles.

    python benchmarks/others/same_lists.py WORK      # the folder compare.py printed

For every profile page: the two "related" lists (same province; same category and year). For
every category, province, year and all-profiles list page: the profiles it links to, in order.
Prints the number of pages compared and of mismatches; exits with 1 if there are any.
"""

from __future__ import annotations

import re
import sys
from pathlib import Path

PROFILE_LINK = re.compile(r'pilar/([a-z0-9-]+)/"')
RELATED_HEADING = re.compile(r'<h2 id="se(provinsi|kategori)"')
LIST_PAGE = re.compile(r"(kategori|provinsi|tahun)/[^/]+(/halaman/\d+)?$|pilar(/halaman/\d+)?$")
SITES = ("teladan/out", "hugo/public", "eleventy/_site")


def related(page: Path, teladan: bool) -> list[tuple[str, list[str]]]:
    """[(which list, the profile slugs it links to)] of a profile page."""
    text = page.read_text("utf-8")
    if teladan:
        start = re.search(r'<section aria-labelledby="se(provinsi|kategori)"', text)
        if start is None:
            return []
        pieces = RELATED_HEADING.split(text[start.start() :])  # [before, kind, section, ...]
        return [
            (k, PROFILE_LINK.findall(s)) for k, s in zip(pieces[1::2], pieces[2::2], strict=True)
        ]
    sections = text.split("</article>", 1)[1].split("<section><h2>")[1:]
    kinds = [
        "provinsi" if s.startswith("Pilar teladan lain dari") else "kategori" for s in sections
    ]
    return [(k, PROFILE_LINK.findall(s)) for k, s in zip(kinds, sections, strict=True)]


def listed(page: Path) -> list[str]:
    """The profiles a list page links to in its main part, in order, each once."""
    main = page.read_text("utf-8").split("<main", 1)[1]
    return list(dict.fromkeys(PROFILE_LINK.findall(main)))


def main(work: Path) -> int:
    teladan = work / SITES[0]
    slugs = [p.parent.name for p in (teladan / "pilar").glob("*/index.html")]
    slugs = [s for s in slugs if s != "halaman"]
    bad = 0
    for slug in slugs:
        found = [
            related(work / site / "pilar" / slug / "index.html", site == SITES[0]) for site in SITES
        ]
        if not found[0] == found[1] == found[2]:
            bad += 1
            print("related lists differ:", slug, *found, sep="\n  ")
    print(f"{len(slugs)} profile pages; related-list mismatches: {bad}")
    pages = [
        p.parent.relative_to(teladan).as_posix()
        for p in teladan.rglob("index.html")
        if LIST_PAGE.match(p.parent.relative_to(teladan).as_posix())
    ]
    wrong = 0
    for path in sorted(pages):
        lists = [listed(work / site / path / "index.html") for site in SITES]
        if not lists[0] == lists[1] == lists[2]:
            wrong += 1
            print("list differs:", path, *(len(found) for found in lists))
    print(f"{len(pages)} list pages compared; mismatches: {wrong}")
    return 1 if bad or wrong else 0


if __name__ == "__main__":
    sys.exit(main(Path(sys.argv[1])))
