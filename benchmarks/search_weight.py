"""How much a reader downloads to search: the Pagefind bundle's size, and the bytes fetched by
one search typed on /cari/ in Debian's Chromium.

    python benchmarks/search_weight.py SITE_DIR [QUERY]

SITE_DIR is a built output folder (built with --base-url http://127.0.0.1:PORT/ is not
needed: the page finds the bundle relative to itself); it is served at the root.
"""

from __future__ import annotations

import functools
import sys
import threading
from http.server import SimpleHTTPRequestHandler, ThreadingHTTPServer
from pathlib import Path

from playwright.sync_api import sync_playwright


class _Quiet(SimpleHTTPRequestHandler):
    def log_message(self, format: str, *args: object) -> None:
        pass


def main() -> int:
    site = Path(sys.argv[1])
    query = sys.argv[2] if len(sys.argv) > 2 else "warga"
    bundle = site / "pagefind"
    index = sum(p.stat().st_size for p in bundle.rglob("*") if p.is_file() and "-ui" not in p.name)
    print(f"bundle (index, fragments, filters, wasm, pagefind.js): {index / 1e6:.2f} MB")
    server = ThreadingHTTPServer(("127.0.0.1", 0), functools.partial(_Quiet, directory=str(site)))
    threading.Thread(target=server.serve_forever, daemon=True).start()
    url = f"http://127.0.0.1:{server.server_address[1]}/cari/"
    opening: dict[str, int] = {}
    searching: dict[str, int] = {}
    phase = [opening]  # where responses are counted: opening the page, then the search
    with sync_playwright() as p:
        browser = p.chromium.launch(executable_path="/usr/bin/chromium", args=["--no-sandbox"])
        page = browser.new_page()
        page.on("response", lambda r: phase[0].__setitem__(r.url, len(r.body())) if r.ok else None)
        page.goto(url)
        page.wait_for_selector(".filters:not([hidden])")
        page.wait_for_timeout(500)
        phase[0] = searching
        page.fill("#cari-q", query)
        page.wait_for_selector(".search-results li")
        page.wait_for_timeout(1500)
        browser.close()
    server.shutdown()
    for label, fetched in (("opening /cari/", opening), (f"then searching '{query}'", searching)):
        size = sum(fetched.values()) / 1e3
        print(f"{label}: {len(fetched)} requests, {size:.0f} KB (uncompressed)")
    return 0


if __name__ == "__main__":
    sys.exit(main())
