"""Content folder → a live preview at http://127.0.0.1:PORT/: rebuilds on change, reloads pages.

The `livereload` package watches the folders and pushes "reload" to open pages; the pages come
from a small WSGI app over the last build, so while the content has errors, every address shows
the list of problems instead of a stale or half-built site.
"""

from __future__ import annotations

import html
import mimetypes
import shutil
import tempfile
import threading
from collections.abc import Callable, Iterable
from pathlib import Path
from typing import Any

from .pipeline import build
from .problems import Problem
from .report import BuildReport

StartResponse = Callable[[str, list[tuple[str, str]]], Any]

ERROR_PAGE = """<!doctype html>
<html lang="id">
<head>
<meta charset="utf-8">
<meta name="viewport" content="width=device-width, initial-scale=1">
<title>Ada masalah di konten · pratinjau Teladan</title>
<style>
body {{ font: 1rem/1.6 system-ui, sans-serif; margin: 0 auto; padding: 1.5rem; max-width: 52rem;
       color: #1b1f24; background: #fff; }}
h1 {{ color: #a61e4d; font-size: 1.6rem; }}
li {{ margin-bottom: 1rem; }}
code {{ background: #f4f6f8; padding: 0.1rem 0.3rem; border-radius: 4px; }}
.hint {{ color: #4f5863; }}
</style>
</head>
<body>
<main>
<h1>Ada masalah di konten</h1>
<p>Situs belum bisa dibuat. Perbaiki {count} masalah di bawah ini lalu simpan berkasnya;
halaman ini akan memuat ulang sendiri.</p>
<ol>
{items}
</ol>
</main>
</body>
</html>
"""


def error_page(problems: Iterable[Problem]) -> bytes:
    """The page shown at every address while the content has errors."""
    errors = [p for p in problems if p.is_error]
    items = "\n".join(
        f"<li><code>{html.escape(p.path)}{f':{p.line}' if p.line else ''}</code><br>"
        f"{html.escape(p.message)}"
        + (f'<br><span class="hint">{html.escape(p.hint)}</span>' if p.hint else "")
        + "</li>"
        for p in errors
    )
    return ERROR_PAGE.format(count=len(errors), items=items).encode()


class Preview:
    """The site as last built for the preview, or the problems that stopped the last build."""

    def __init__(self, content_dir: Path, base_url: str) -> None:
        self.content_dir = content_dir
        self.base_url = base_url
        self.output = Path(tempfile.mkdtemp(prefix="teladan-preview-")) / "site"
        self.report = BuildReport()
        self._lock = threading.Lock()

    def rebuild(self) -> BuildReport:
        # Drafts are shown in the preview (with their marker): that is where they get finished.
        # No search index: Pagefind re-reads every page, which would make each save take seconds
        # on a large site; the preview's search page says search is off.
        report = build(
            self.content_dir,
            self.output,
            include_drafts=True,
            base_url=self.base_url,
            search=False,
        )
        with self._lock:
            self.report = report
        return report

    def close(self) -> None:
        shutil.rmtree(self.output.parent, ignore_errors=True)

    def _file(self, path: str) -> Path | None:
        root = self.output.resolve()
        target = (root / path.lstrip("/")).resolve()
        if not target.is_relative_to(root):
            return None
        if target.is_dir():
            target = target / "index.html"
        return target if target.is_file() else None

    def __call__(self, environ: dict[str, Any], start_response: StartResponse) -> list[bytes]:
        """WSGI: a file of the last good build, the problem page, or the site's 404 page."""
        with self._lock:
            report = self.report
        if not report.ok:
            body = error_page(report.problems)
            start_response("500 Internal Server Error", _headers("text/html; charset=utf-8", body))
            return [body]
        path = environ.get("PATH_INFO", "/")
        found = self._file(path)
        if found is None:
            page = self._file("404.html")
            body = page.read_bytes() if page else b"Not found"
            start_response("404 Not Found", _headers("text/html; charset=utf-8", body))
            return [body]
        body = found.read_bytes()
        kind = mimetypes.guess_type(found.name)[0] or "application/octet-stream"
        if kind.startswith("text/") or kind.endswith(("xml", "json", "javascript")):
            kind += "; charset=utf-8"
        start_response("200 OK", _headers(kind, body))
        return [body]


def _headers(kind: str, body: bytes) -> list[tuple[str, str]]:
    return [
        ("Content-Type", kind),
        ("Content-Length", str(len(body))),
        ("Cache-Control", "no-store"),
    ]


def serve(
    content_dir: Path,
    port: int,
    host: str,
    on_build: Callable[[BuildReport], None],
) -> None:
    """Build, then serve and rebuild on every change until interrupted (Ctrl-C)."""
    from livereload import Server  # imported here: only `serve` needs tornado
    from livereload.handlers import LiveReloadHandler

    shown_host = "127.0.0.1" if host in ("0.0.0.0", "::") else host
    preview = Preview(content_dir, f"http://{shown_host}:{port}/")
    on_build(preview.rebuild())
    server = Server(preview)

    def rebuild() -> None:
        on_build(preview.rebuild())
        # livereload skips its own reload signal for changes within 3 s of the previous one,
        # which would leave a page stale after two quick saves: tell the pages ourselves.
        LiveReloadHandler.reload_waiters()

    site_root = content_dir.parent
    server.watch(str(content_dir), rebuild, delay=0.2)
    if (site_root / "themes").is_dir():
        server.watch(str(site_root / "themes"), rebuild, delay=0.2)
    try:
        # debug=False: tornado's debug mode would restart the process when Python files change.
        server.serve(port=port, host=host, debug=False, restart_delay=0)
    finally:
        preview.close()
