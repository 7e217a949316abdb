"""RenderedFiles + SiteConfig → the extra files static hosts use: .htaccess, .nojekyll and .gz
copies. Pure."""

from __future__ import annotations

import gzip
from collections.abc import Iterable

from .config import SiteConfig
from .model import RenderedFile

# Text worth compressing ahead of time (for nginx's gzip_static and similar); images are
# compressed already.
COMPRESSIBLE = (".html", ".css", ".js", ".xml", ".json", ".csv", ".txt", ".svg")
MIN_COMPRESS_BYTES = 1024

HTACCESS = """\
# Written by teladan for Apache hosts; other servers ignore it. See README.md, "Deploy".
ErrorDocument 404 {base_path}404.html
DirectoryIndex index.html
Options -Indexes
AddDefaultCharset utf-8
# The feeds are Atom; other .xml files (the sitemap) keep the server's own XML type.
<FilesMatch "^feed\\.xml$">
  ForceType application/atom+xml
</FilesMatch>
<IfModule mod_headers.c>
  # Stylesheets, scripts and photos carry a hash of their content in their name: cache them
  # for a year.
  <FilesMatch "\\.[0-9a-f]{{10}}\\.(css|js|jpg|webp|png|svg)$">
    Header set Cache-Control "public, max-age=31536000, immutable"
  </FilesMatch>
  # Pages and press kits change with every publication (a corrected kit keeps its name):
  # browsers must check for a newer copy.
  <FilesMatch "\\.(html|xml|json|csv|txt|zip)$">
    Header set Cache-Control "no-cache"
  </FilesMatch>
</IfModule>
<IfModule mod_deflate.c>
  AddOutputFilterByType DEFLATE text/html text/css text/javascript application/javascript
  AddOutputFilterByType DEFLATE application/json application/xml application/atom+xml
  AddOutputFilterByType DEFLATE text/plain text/csv image/svg+xml
</IfModule>
"""


def htaccess(config: SiteConfig) -> RenderedFile:
    """Apache settings: the 404 page at the site's own path, cache headers, compression."""
    return RenderedFile(".htaccess", HTACCESS.format(base_path=config.base_path).encode())


def nojekyll() -> RenderedFile:
    """GitHub Pages runs Jekyll over a site published from a branch unless it holds this empty
    file; written by every build, since a copy put in output/ by hand is gone after the next."""
    return RenderedFile(".nojekyll", b"")


def precompressed(files: Iterable[RenderedFile]) -> tuple[RenderedFile, ...]:
    """A .gz copy of every large text file; mtime=0 keeps the bytes identical between builds."""
    return tuple(
        RenderedFile(f.path + ".gz", gzip.compress(f.data, compresslevel=9, mtime=0))
        for f in files
        if f.path.endswith(COMPRESSIBLE) and len(f.data) >= MIN_COMPRESS_BYTES
    )
