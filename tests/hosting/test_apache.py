"""The .htaccess every build writes, run by a real Apache under a sub-path."""

from __future__ import annotations

import contextlib
import os
import re
import shutil
import subprocess
import tempfile
from collections.abc import Iterator
from pathlib import Path
from urllib.parse import quote, urljoin

from generator import build
from tests.conftest import REPO, TODAY
from tests.hosting.crawl import crawl, fetch
from tests.tools import free_port, require_program, wait_for_port

MODULES = "/usr/lib/apache2/modules"
CONF = """
ServerRoot "{tmp}"
ServerName 127.0.0.1
Listen 127.0.0.1:{port}
PidFile "{tmp}/httpd.pid"
ErrorLog "{tmp}/error.log"
User {user}
Group {group}
LoadModule mpm_event_module {modules}/mod_mpm_event.so
LoadModule authz_core_module {modules}/mod_authz_core.so
LoadModule alias_module {modules}/mod_alias.so
LoadModule dir_module {modules}/mod_dir.so
LoadModule mime_module {modules}/mod_mime.so
LoadModule headers_module {modules}/mod_headers.so
LoadModule filter_module {modules}/mod_filter.so
LoadModule deflate_module {modules}/mod_deflate.so
TypesConfig /etc/mime.types
Alias "{path}" "{site}/"
<Directory "{site}">
    AllowOverride All
    Require all granted
</Directory>
"""


@contextlib.contextmanager
def _apache(site_path: str) -> Iterator[tuple[str, Path]]:
    """A real Apache serving an output folder at `site_path` (as written in its settings):
    yields (the site's address, the output folder to build into before fetching)."""
    apache = require_program("apache2")
    port = free_port()
    # Apache's workers drop root privileges: serve from a folder every user may read.
    with tempfile.TemporaryDirectory() as tmp:
        os.chmod(tmp, 0o755)
        out = Path(tmp) / "site"
        user = "www-data" if os.geteuid() == 0 else os.environ.get("USER", "nobody")
        conf = Path(tmp) / "httpd.conf"
        settings = dict(tmp=tmp, port=port, modules=MODULES, site=out, user=user, group=user)
        conf.write_text(CONF.format(path=site_path, **settings))
        process = subprocess.Popen([apache, "-X", "-f", str(conf)], stderr=subprocess.PIPE)
        try:
            wait_for_port(port)
            yield f"http://127.0.0.1:{port}{quote(site_path)}", out
        finally:
            process.terminate()
            process.wait(timeout=10)
            shutil.rmtree(out, ignore_errors=True)


def _build(out: Path, base_url: str) -> None:
    assert build(REPO / "content", out, base_url=base_url, today=TODAY).ok
    subprocess.run(["chmod", "-R", "a+rX", str(out)], check=True)


def test_htaccess_gives_404_page_cache_headers_and_compression() -> None:
    with _apache("/pilar-teladan/") as (site_url, out):
        _build(out, site_url)
        missing = fetch(site_url + "a/b/c/")
        assert missing.status == 404 and "Halaman tidak ditemukan" in missing.body.decode()
        stylesheet = re.search(r'<link rel="stylesheet" href="([^"]+)"', missing.body.decode())
        assert stylesheet and fetch(urljoin(site_url, stylesheet.group(1))).status == 200
        (css,) = (out / "static" / "css").glob("site.*.css")
        asset = fetch(site_url + f"static/css/{css.name}")
        assert asset.headers["cache-control"] == "public, max-age=31536000, immutable"
        page = fetch(site_url, {"Accept-Encoding": "gzip"})
        assert page.headers["cache-control"] == "no-cache"
        assert page.headers.get("content-encoding") == "gzip"
        # A corrected press kit keeps its address: browsers must not keep the old one.
        kit = fetch(site_url + "tahun/2019/paket-media.zip")
        assert kit.status == 200 and kit.headers["cache-control"] == "no-cache"
        assert crawl([site_url], site_url).broken == []
        for feed in ("feed.xml", "pilar/feed.xml"):
            assert fetch(site_url + feed).headers["content-type"] == "application/atom+xml"
        sitemap = fetch(site_url + "sitemap.xml").headers["content-type"]
        assert "atom" not in sitemap and "xml" in sitemap


def test_a_site_path_with_a_space_works_in_apache() -> None:
    # base_url written as staff type it, with a space: the site's files carry it encoded.
    with _apache("/pilar teladan/") as (site_url, out):
        assert site_url.endswith("/pilar%20teladan/")
        _build(out, site_url.replace("%20", " "))
        assert "ErrorDocument 404 /pilar%20teladan/404.html" in (out / ".htaccess").read_text()
        assert fetch(site_url).status == 200  # (a raw space there: 500 for every address)
        missing = fetch(site_url + "a/b/c/")
        assert missing.status == 404 and "Halaman tidak ditemukan" in missing.body.decode()
        stylesheet = re.search(r'<link rel="stylesheet" href="([^"]+)"', missing.body.decode())
        assert stylesheet and stylesheet.group(1).startswith("/pilar%20teladan/static/")
        assert fetch(urljoin(site_url, stylesheet.group(1))).status == 200
        assert crawl([site_url, site_url + "sitemap.xml"], site_url).broken == []
