"""The .htaccess every build writes, run by a real Apache under a sub-path."""

from __future__ import annotations

import os
import re
import shutil
import subprocess
import tempfile
from pathlib import Path
from urllib.parse import urljoin

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
Alias /pilar-teladan/ "{site}/"
<Directory "{site}">
    AllowOverride All
    Require all granted
</Directory>
"""


def test_htaccess_gives_404_page_cache_headers_and_compression() -> None:
    apache = require_program("apache2")
    port = free_port()
    site_url = f"http://127.0.0.1:{port}/pilar-teladan/"
    # Apache's workers drop root privileges: serve from a folder every user may read.
    with tempfile.TemporaryDirectory() as tmp:
        os.chmod(tmp, 0o755)
        out = Path(tmp) / "site"
        assert build(REPO / "content", out, base_url=site_url, today=TODAY).ok
        subprocess.run(["chmod", "-R", "a+rX", str(out)], check=True)
        user = "www-data" if os.geteuid() == 0 else os.environ.get("USER", "nobody")
        conf = Path(tmp) / "httpd.conf"
        conf.write_text(
            CONF.format(tmp=tmp, port=port, modules=MODULES, site=out, user=user, group=user)
        )
        process = subprocess.Popen([apache, "-X", "-f", str(conf)], stderr=subprocess.PIPE)
        try:
            wait_for_port(port)
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
            assert crawl([site_url], site_url).broken == []
        finally:
            process.terminate()
            process.wait(timeout=10)
            shutil.rmtree(out, ignore_errors=True)
