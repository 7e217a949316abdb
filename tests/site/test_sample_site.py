"""The shipped sample content: complete, valid HTML, and within the page-weight budgets."""

from __future__ import annotations

import re
from pathlib import Path

from generator import BuildReport
from generator.load import load_content
from generator.reference import load_provinces
from generator.validate import validate_records
from tests.conftest import REPO, TODAY
from tests.tools import nu_errors


def test_every_published_record_has_its_page(built_sample: tuple[Path, BuildReport]) -> None:
    out, report = built_sample
    # Two published sample profiles are left without a photo on purpose (the third is a draft,
    # whose warnings wait until it is built with --drafts).
    assert report.warnings == 2 + 2  # (and the sample banner and example address, on purpose)
    raws, _ = load_content(REPO / "content")
    content, _ = validate_records(raws, load_provinces(), REPO / "content", TODAY)
    published = [p for p in content.pillars if not p.draft]
    assert len(published) >= 20 and any(p.draft for p in content.pillars)
    expected = [f"pilar/{p.slug}/index.html" for p in published]
    expected += [f"kategori/{c.slug}/index.html" for c in content.categories]
    expected += [f"provinsi/{s}/index.html" for s in {p.province for p in published}]
    expected += [f"tahun/{y}/index.html" for y in {p.year for p in published}]
    expected += [f"berita/{n.slug}/index.html" for n in content.news if not n.draft]
    expected += ["tentang/index.html", "index.html", "404.html", "sitemap.xml", "robots.txt"]
    assert [e for e in expected if not (out / e).is_file()] == []
    assert len({p.province for p in published}) >= 10
    drafts = [p.slug for p in content.pillars if p.draft]
    assert not any((out / "pilar" / slug).exists() for slug in drafts)


def test_nu_html_checker_finds_no_errors(built_sample: tuple[Path, BuildReport]) -> None:
    out, _ = built_sample
    assert nu_errors(out) == []
    pages = len(list(out.rglob("*.html")))
    assert pages > 50  # the checker really saw the whole site


def _asset_bytes(page: Path, out: Path, pattern: str) -> int:
    total = 0
    for ref in re.findall(pattern, page.read_text("utf-8")):
        total += (page.parent / ref).resolve().stat().st_size
    return total


def test_profile_page_stays_within_its_budget(built_sample: tuple[Path, BuildReport]) -> None:
    """HTML + CSS + JS ≤ 60 KB, CSS ≤ 20 KB, JS ≤ 10 KB (uncompressed, photo excluded)."""
    out, _ = built_sample
    for page in sorted((out / "pilar").glob("*/index.html")):
        html = page.stat().st_size
        css = _asset_bytes(page, out, r'<link rel="stylesheet" href="([^"]+)"')
        js = _asset_bytes(page, out, r'<script[^>]* src="([^"]+)"')
        assert css <= 20_000, f"{page}: CSS {css} bytes"
        assert js <= 10_000, f"{page}: JS {js} bytes"
        assert html + css + js <= 60_000, f"{page}: {html + css + js} bytes"


def test_every_image_has_width_and_height(built_sample: tuple[Path, BuildReport]) -> None:
    out, _ = built_sample
    missing = [
        f"{page.relative_to(out)}: {tag[:80]}"
        for page in out.rglob("*.html")
        for tag in re.findall(r"<img [^>]*>", page.read_text("utf-8"))
        if " width=" not in tag or " height=" not in tag
    ]
    assert missing == []
