"""How much a reader downloads to search: the Pagefind bundle's size, and the bytes fetched by
one search typed on /cari/ in Debian's Chromium (throttling off), by kind of file (up to its
first results on screen, and what the page fetches after them), with the time from typing the
query to its first results on screen (the page's debounce, 100 ms, included: it waits that long
for the reader to stop typing).

    python benchmarks/search_weight.py SITE_DIR [QUERY] [--gzip]

SITE_DIR is a built output folder (built with --base-url http://127.0.0.1:PORT/ is not
needed: the page finds the bundle relative to itself); it is served at the root. With --gzip
the server compresses text (pages, scripts, stylesheets, JSON) as nginx's `gzip on`, Apache's
mod_deflate (which the site's .htaccess turns on) and CDNs do, and sizes are as transferred;
Pagefind's own files are compressed already.
"""

from __future__ import annotations

import functools
import gzip
import mimetypes
import sys
import threading
from collections.abc import Sequence
from http.server import SimpleHTTPRequestHandler, ThreadingHTTPServer
from pathlib import Path

from playwright.sync_api import Response, sync_playwright


class _Quiet(SimpleHTTPRequestHandler):
    def log_message(self, format: str, *args: object) -> None:
        pass


class _Compressing(_Quiet):
    """Text compressed with gzip (level 6, Apache's and CDNs' usual) for a browser that asks."""

    def do_GET(self) -> None:
        path = Path(self.translate_path(self.path))
        if path.is_dir():
            path = path / "index.html"
        wanted = "gzip" in self.headers.get("Accept-Encoding", "")
        if not wanted or not path.is_file() or path.suffix not in _TEXT:
            return super().do_GET()
        data = gzip.compress(path.read_bytes(), compresslevel=6)
        self.send_response(200)
        self.send_header("Content-Type", mimetypes.guess_type(path.name)[0] or "text/plain")
        self.send_header("Content-Encoding", "gzip")
        self.send_header("Content-Length", str(len(data)))
        self.end_headers()
        self.wfile.write(data)


_TEXT = (".html", ".js", ".css", ".json")


# Types the query as one input event and resolves once the first result is on the page.
TYPE_AND_WAIT = """query => new Promise(resolve => {
  const box = document.querySelector('#cari-q');
  const list = document.querySelector('.search-results');
  const start = performance.now();
  new MutationObserver((_, observer) => {
    if (list.querySelector('li')) {
      window.firstResults = performance.now() - start;
      window.shownAt = performance.timeOrigin + performance.now();
      observer.disconnect();
      resolve();
    }
  }).observe(list, {childList: true});
  box.value = query;
  box.dispatchEvent(new Event('input'));
})"""


def _kind(address: str) -> str:
    name = address.rsplit("/", 1)[-1].split("?")[0]
    for kind in ("pf_index", "pf_filter", "pf_fragment", "pf_meta", "pagefind-entry.json"):
        if name.endswith(kind):
            return kind
    if name.startswith("wasm."):
        return "wasm"
    if name.endswith((".js", ".json")):
        return name
    if name.endswith((".jpg", ".jpeg", ".webp", ".avif", ".png")):
        return "pictures"
    return "page and theme"


def _end(response: Response) -> float:
    """When the response's last byte arrived, in milliseconds since the epoch."""
    timing = response.request.timing
    return timing["startTime"] + max(timing["responseEnd"], 0)


def _sizes(responses: list[Response], leaving: Sequence[Response] = ()) -> dict[str, int]:
    """Each response's body as it came over the wire (compressed, if the server did): its
    Content-Length, which both servers here send (Chromium gives no sizes for a worker's)."""
    return {r.url: int(r.headers["content-length"]) for r in responses if r not in leaving}


def main() -> int:
    arguments = [a for a in sys.argv[1:] if a != "--gzip"]
    compressing = len(arguments) < len(sys.argv) - 1
    site = Path(arguments[0])
    query = arguments[1] if len(arguments) > 1 else "warga"
    served = "with gzip" if compressing else "without gzip"
    bundle = site / "pagefind"
    index = sum(p.stat().st_size for p in bundle.rglob("*") if p.is_file() and "-ui" not in p.name)
    print(f"bundle (index, fragments, filters, wasm, pagefind.js): {index / 1e6:.2f} MB")
    handler = _Compressing if compressing else _Quiet
    server = ThreadingHTTPServer(("127.0.0.1", 0), functools.partial(handler, directory=str(site)))
    threading.Thread(target=server.serve_forever, daemon=True).start()
    url = f"http://127.0.0.1:{server.server_address[1]}/cari/"
    opening: list[Response] = []
    searching: list[Response] = []
    phase = [opening]  # where responses are counted: opening the page, then the search
    with sync_playwright() as p:
        browser = p.chromium.launch(executable_path="/usr/bin/chromium", args=["--no-sandbox"])
        page = browser.new_page()
        page.on("response", lambda r: phase[0].append(r) if r.ok else None)
        page.goto(url)
        page.wait_for_selector(".filters:enabled", state="attached")  # (Pagefind is ready)
        page.wait_for_timeout(500)
        phase[0] = searching
        page.evaluate(TYPE_AND_WAIT, query)
        shown, shown_at = page.evaluate("[window.firstResults, window.shownAt]")
        page.wait_for_timeout(1500)
        # (what came after the first result was on screen: the other results' texts)
        after = [r for r in searching if _end(r) > shown_at]
        phases = (
            ("opening /cari/", _sizes(opening)),
            (f"then searching '{query}', up to its first results", _sizes(searching, after)),
            ("after the first results", _sizes(after)),
        )
        browser.close()
    server.shutdown()
    for label, fetched in phases:
        size = sum(fetched.values()) / 1e3
        print(f"{label}: {len(fetched)} requests, {size:.0f} KB (as served, {served})")
        kinds: dict[str, list[int]] = {}
        for address, length in fetched.items():
            kind = _kind(address)
            kinds.setdefault(kind, []).append(length)
        for kind, lengths in sorted(kinds.items()):
            print(f"    {kind}: {len(lengths)} requests, {sum(lengths) / 1e3:.0f} KB")
    first = {**phases[0][1], **phases[1][1]}
    print(f"up to the first results: {len(first)} requests, {sum(first.values()) / 1e3:.0f} KB")
    everything = {**first, **phases[2][1]}
    print(f"in all: {len(everything)} requests, {sum(everything.values()) / 1e3:.0f} KB")
    print(f"first results shown {shown:.0f} ms after the query was typed")
    return 0


if __name__ == "__main__":
    sys.exit(main())
