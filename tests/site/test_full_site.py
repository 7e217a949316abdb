"""Build the `full` fixture and check what a reader would see, against a golden file of facts."""

from __future__ import annotations

import json
import posixpath
import re
from pathlib import Path
from urllib.parse import urlsplit

import pytest
from PIL import Image

from generator import BuildReport, build
from tests.conftest import FIXTURES, TODAY
from tests.site.facts import site_facts

GOLDEN = Path(__file__).parent.parent / "golden" / "full.json"


def test_facts_match_the_golden_file(
    built_full: tuple[Path, BuildReport], request: pytest.FixtureRequest
) -> None:
    out, _ = built_full
    facts = site_facts(out)
    if request.config.getoption("--update-golden"):
        GOLDEN.write_text(json.dumps(facts, indent=1, ensure_ascii=False, sort_keys=True) + "\n")
    assert facts == json.loads(GOLDEN.read_text("utf-8"))


def test_every_page_kind_exists(built_full: tuple[Path, BuildReport]) -> None:
    out, report = built_full
    expected = [
        "index.html", "404.html", "sitemap.xml", "robots.txt",
        "pilar/ani-suryani/index.html", "pilar/budi-santoso/index.html", "pilar/index.html",
        "pilar/halaman/2/index.html", "kategori/index.html", "kategori/psm/index.html",
        "kategori/psm/halaman/2/index.html", "provinsi/index.html", "provinsi/jawa-barat/index.html",
        "provinsi/papua-selatan/index.html", "tahun/index.html", "tahun/2019/index.html",
        "tahun/2023/index.html", "berita/index.html", "berita/rilis-2019/index.html", "tentang/index.html",
    ]  # fmt: skip
    assert [p for p in expected if not (out / p).is_file()] == []
    assert report.pages == len(list(out.rglob("*.html")))


def test_drafts_and_provinces_without_winners_get_no_page(
    built_full: tuple[Path, BuildReport],
) -> None:
    out, _ = built_full
    assert not (out / "pilar" / "draf-rahasia").exists()
    assert not (out / "provinsi" / "aceh").exists()
    assert "draf-rahasia" not in (out / "sitemap.xml").read_text()


def test_every_internal_link_and_asset_resolves(built_full: tuple[Path, BuildReport]) -> None:
    out, _ = built_full
    broken = []
    for page in out.rglob("*.html"):
        if page.name == "404.html":
            continue  # its links start from base_url's path; the hosting tests serve it
        html = page.read_text("utf-8")
        for ref in re.findall(r'(?:href|src)="([^"]+)"', html):
            parts = urlsplit(ref)
            if parts.scheme or ref.startswith(("#", "mailto:")):
                continue
            folder = posixpath.dirname(page.relative_to(out).as_posix())
            target = out / posixpath.normpath(posixpath.join(folder, parts.path))
            if target.is_dir():
                target = target / "index.html"
            if not target.is_file():
                broken.append(f"{page.relative_to(out)} → {ref}")
    assert broken == []


def test_links_are_relative_and_absolute_urls_use_base_url(
    built_full: tuple[Path, BuildReport],
) -> None:
    out, _ = built_full
    home = (out / "index.html").read_text()
    assert 'href="kategori/"' in home and 'href="/' not in home
    assert '<link rel="canonical" href="https://example.org/uji/">' in home
    sitemap = (out / "sitemap.xml").read_text()
    assert "<loc>https://example.org/uji/pilar/ani-suryani/</loc>" in sitemap
    assert 'href="/uji/static/css/' in (out / "404.html").read_text()


def test_untrusted_text_is_escaped_and_story_html_sanitised(
    built_full: tuple[Path, BuildReport],
) -> None:
    out, _ = built_full
    budi = (out / "pilar" / "budi-santoso" / "index.html").read_text()
    assert "Budi &lt;Santoso&gt; &amp; &#34;Kawan&#34;" in budi
    # The only script is the page's own JSON-LD block, which cannot be closed from inside.
    assert re.findall(r"<script[^>]*>", budi.lower()) == ['<script type="application/ld+json">']
    assert budi.lower().count("</script>") == 1
    ani = (out / "pilar" / "ani-suryani" / "index.html").read_text()
    assert "<strong>mendampingi</strong>" in ani  # Markdown still works
    assert re.findall(r"<script[^>]*>", ani) == ['<script type="application/ld+json">']
    assert "javascript:" not in ani and "onclick" not in ani


def test_photos_are_rotated_and_carry_no_metadata(built_full: tuple[Path, BuildReport]) -> None:
    out, _ = built_full
    folder = out / "pilar" / "ani-suryani"
    (hero,) = folder.glob("ani-suryani-80.*.jpg")  # narrower than 320: one width only
    (card,) = folder.glob("ani-suryani-kartu.*.jpg")
    for path, size in ((hero, (80, 60)), (card, (160, 160))):
        with Image.open(path) as image:
            assert image.size == size  # the source is 60×80 with "rotate 90°" in EXIF
            assert not image.getexif()
            assert "exif" not in image.info and "icc_profile" not in image.info
    assert not (folder / "ani.jpg").exists()  # the source file itself is never published
    page = (folder / "index.html").read_text()
    assert f'src="../../pilar/ani-suryani/{hero.name}"' in page
    assert 'width="80" height="60"' in page
    news = (out / "berita" / "rilis-2019" / "index.html").read_text()
    assert f'src="../../pilar/ani-suryani/{card.name}"' in news  # cards get the small square


def test_two_builds_give_byte_identical_trees(
    tmp_path: Path, built_full: tuple[Path, BuildReport]
) -> None:
    first, _ = built_full
    second = tmp_path / "again"
    assert build(FIXTURES / "full" / "content", second, today=TODAY).ok
    files = sorted(p.relative_to(first) for p in first.rglob("*") if p.is_file())
    assert files == sorted(p.relative_to(second) for p in second.rglob("*") if p.is_file())
    assert [f for f in files if (first / f).read_bytes() != (second / f).read_bytes()] == []


def test_a_second_build_rewrites_nothing(tmp_path: Path) -> None:
    out = tmp_path / "out"
    build(FIXTURES / "full" / "content", out, today=TODAY)
    report = build(FIXTURES / "full" / "content", out, today=TODAY)
    assert report.write is not None
    assert report.write.written == () and report.write.removed == ()
