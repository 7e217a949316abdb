"""How much a reader downloads to search: the Pagefind bundle's size, and the bytes fetched by
one search typed on /cari/ in Debian's Chromium (throttling off), by kind of file (up to its
first results on screen, and what the page fetches after them), with the time
from typing the query to its first results on screen (Pagefind's debounce, 150 ms, included:
the search page waits that long for the reader to stop typing).

    python benchmarks/search_weight.py SITE_DIR [QUERY]

SITE_DIR is a built output folder (built with --base-url http://127.0.0.1:PORT/ is not
needed: the page finds the bundle relative to itself); it is served at the root.
"""

from __future__ import annotations

import functools
import sys
import threading
from collections.abc import Sequence
from http.server import SimpleHTTPRequestHandler, ThreadingHTTPServer
from pathlib import Path

from playwright.sync_api import Response, sync_playwright


class _Quiet(SimpleHTTPRequestHandler):
    def log_message(self, format: str, *args: object) -> None:
        pass


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
    return {r.url: len(r.body()) for r in responses if r not in leaving}


def main() -> int:
    site = Path(sys.argv[1])
    query = sys.argv[2] if len(sys.argv) > 2 else "warga"
    bundle = site / "pagefind"
    index = sum(p.stat().st_size for p in bundle.rglob("*") if p.is_file() and "-ui" not in p.name)
    print(f"bundle (index, fragments, filters, wasm, pagefind.js): {index / 1e6:.2f} MB")
    server = ThreadingHTTPServer(("127.0.0.1", 0), functools.partial(_Quiet, directory=str(site)))
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
        page.wait_for_selector(".filters:not([hidden])")
        page.wait_for_timeout(500)
        phase[0] = searching
        page.evaluate(TYPE_AND_WAIT, query)
        shown, shown_at = page.evaluate("[window.firstResults, window.shownAt]")
        page.wait_for_timeout(1500)
        # (what came after the results were on screen: the filters' values, fetched then)
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
        print(f"{label}: {len(fetched)} requests, {size:.0f} KB (as served, without gzip)")
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
