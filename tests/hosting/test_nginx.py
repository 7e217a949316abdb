"""The README's nginx configuration, run by a real nginx: every link resolves, 404s are ours."""

from __future__ import annotations

import contextlib
import gzip
import re
import subprocess
import tempfile
from collections.abc import Iterator
from pathlib import Path
from urllib.parse import urljoin

import pytest

from generator import build
from tests.conftest import REPO, TODAY
from tests.hosting.crawl import crawl, fetch
from tests.tools import free_port, require_program, wait_for_port

README_BLOCK = re.compile(r"```nginx\n(.*?)```", re.DOTALL)

WRAPPER = """
daemon off;
master_process off;
pid {tmp}/nginx.pid;
error_log {tmp}/error.log warn;
events {{ worker_connections 128; }}
http {{
  include /etc/nginx/mime.types;
  types {{ application/atom+xml atom; }}
  access_log off;
  client_body_temp_path {tmp}/body;
  proxy_temp_path {tmp}/proxy;
  fastcgi_temp_path {tmp}/fastcgi;
  uwsgi_temp_path {tmp}/uwsgi;
  scgi_temp_path {tmp}/scgi;
{block}
}}
"""


def readme_config(prefix: str, root: Path, port: int) -> str:
    """The nginx block of README.md, pointed at this build, port and path."""
    (block,) = README_BLOCK.findall((REPO / "README.md").read_text("utf-8"))
    block = block.replace("listen 80;", f"listen 127.0.0.1:{port};")
    block = block.replace("/var/www/pilar-teladan/", f"{root}/")
    return block.replace("/pilar-teladan/", prefix)


@contextlib.contextmanager
def served(prefix: str, tmp_path: Path) -> Iterator[tuple[str, Path]]:
    nginx = require_program("nginx")
    port = free_port()
    site = f"http://127.0.0.1:{port}{prefix}"
    out = tmp_path / "output"
    report = build(REPO / "content", out, base_url=site, today=TODAY, precompress=True)
    assert report.ok, [p.format() for p in report.problems]
    with tempfile.TemporaryDirectory() as tmp:
        conf = Path(tmp) / "nginx.conf"
        conf.write_text(WRAPPER.format(tmp=tmp, block=readme_config(prefix, out, port)))
        process = subprocess.Popen([nginx, "-c", str(conf), "-p", tmp], stderr=subprocess.PIPE)
        try:
            wait_for_port(port)
            yield site, out
        finally:
            process.terminate()
            process.wait(timeout=10)


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
