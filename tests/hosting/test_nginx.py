"""The README's nginx configuration, run by a real nginx: every link resolves, 404s are ours."""

from __future__ import annotations

import contextlib
import gzip
import re
from collections.abc import Iterator
from pathlib import Path
from urllib.parse import urljoin

import pytest

from generator import build
from tests.conftest import REPO, TODAY
from tests.hosting.crawl import crawl, fetch
from tests.tools import free_port, nginx


@contextlib.contextmanager
def served(prefix: str, tmp_path: Path, precompress: bool = True) -> Iterator[tuple[str, Path]]:
    """The sample site built for, and served by, the README's nginx configuration."""
    port = free_port()
    site = f"http://127.0.0.1:{port}{prefix}"
    out = tmp_path / "output"
    report = build(REPO / "content", out, base_url=site, today=TODAY, precompress=precompress)
    assert report.ok, [p.format() for p in report.problems]
    with nginx(out, prefix, port):
        yield site, out


@pytest.mark.parametrize("prefix", ["/pilar-teladan/", "/"])
def test_crawl_finds_no_broken_link_asset_feed_or_sitemap_entry(
    prefix: str, tmp_path: Path
) -> None:
    with served(prefix, tmp_path) as (site, out):
        result = crawl([site, site + "robots.txt", site + "sitemap.xml", site + "404.html"], site)
    assert result.broken == []
    pages = {p.relative_to(out).as_posix() for p in out.rglob("index.html")}
    crawled = {u[len(site) :] + "index.html" for u in result.visited if u.endswith("/")}
    assert pages <= crawled  # every page of the site is reachable by following links
    assert any(u.endswith(".css") for u in result.visited)
    assert any(u.endswith(".jpg") for u in result.visited)


@pytest.mark.parametrize("prefix", ["/pilar-teladan/", "/"])
def test_unknown_addresses_get_the_custom_404_page_at_any_depth(
    prefix: str, tmp_path: Path
) -> None:
    with served(prefix, tmp_path) as (site, _):
        for path in ("tidak-ada", "a/b/c/", "pilar/tidak-ada/"):
            response = fetch(site + path)
            assert response.status == 404
            html = response.body.decode()
            assert "Halaman tidak ditemukan" in html
            stylesheet = re.search(r'<link rel="stylesheet" href="([^"]+)"', html)
            assert stylesheet and stylesheet.group(1).startswith(prefix)
            assert fetch(urljoin(site, stylesheet.group(1))).status == 200
            home = re.search(r'<a class="brand" href="([^"]+)"', html)
            assert home and home.group(1) == prefix


def test_cache_headers_and_precompressed_files(tmp_path: Path) -> None:
    with served("/pilar-teladan/", tmp_path) as (site, out):
        (css,) = (out / "static" / "css").glob("site.*.css")
        asset = fetch(site + f"static/css/{css.name}")
        assert asset.headers["cache-control"] == "public, max-age=31536000, immutable"
        page = fetch(site, {"Accept-Encoding": "gzip"})
        assert page.headers["cache-control"] == "no-cache"
        assert page.headers.get("content-encoding") == "gzip"
        assert gzip.decompress(page.body) == (out / "index.html").read_bytes()
        assert (out / "index.html.gz").is_file()


def test_feeds_sitemap_and_data_are_compressed_without_precompress(tmp_path: Path) -> None:
    # nginx's own mime.types calls .xml text/xml and has no type for .csv (text/plain then):
    # the README's gzip_types must name what nginx really sends.
    with served("/pilar-teladan/", tmp_path, precompress=False) as (site, out):
        assert not list(out.rglob("*.gz"))
        for path in ("feed.xml", "pilar/feed.xml", "sitemap.xml", "data/pilar.csv"):
            response = fetch(site + path, {"Accept-Encoding": "gzip"})
            assert response.status == 200, path
            assert response.headers.get("content-encoding") == "gzip", path
            assert gzip.decompress(response.body) == (out / path).read_bytes()
        data = fetch(site + "data/pilar.csv")
        assert data.headers["content-type"].startswith("text/csv")
        assert data.headers["cache-control"] == "no-cache"
