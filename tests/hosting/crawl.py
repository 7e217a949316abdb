"""A small crawler: every page, asset, feed and sitemap entry a built site links to, fetched."""

from __future__ import annotations

import re
import urllib.error
import urllib.request
from dataclasses import dataclass, field
from html.parser import HTMLParser
from urllib.parse import urldefrag, urljoin, urlsplit


@dataclass
class Response:
    status: int
    headers: dict[str, str]
    body: bytes


def fetch(url: str, headers: dict[str, str] | None = None) -> Response:
    request = urllib.request.Request(url, headers=headers or {})
    try:
        with urllib.request.urlopen(request, timeout=10) as r:
            return Response(r.status, {k.lower(): v for k, v in r.headers.items()}, r.read())
    except urllib.error.HTTPError as e:
        return Response(e.code, {k.lower(): v for k, v in e.headers.items()}, e.read())


class _Refs(HTMLParser):
    def __init__(self) -> None:
        super().__init__()
        self.refs: list[str] = []

    def handle_starttag(self, tag: str, attrs: list[tuple[str, str | None]]) -> None:
        a = dict(attrs)
        for name in ("href", "src"):
            if a.get(name):
                self.refs.append(a[name] or "")
        if a.get("srcset"):
            self.refs += [part.strip().split(" ")[0] for part in (a["srcset"] or "").split(",")]


def references(url: str, response: Response) -> list[str]:
    """Absolute URLs a fetched file refers to (HTML links and assets, sitemap and feed entries)."""
    kind = response.headers.get("content-type", "")
    text = response.body.decode("utf-8", "replace")
    if "html" in kind:
        parser = _Refs()
        parser.feed(text)
        found = parser.refs
    elif "xml" in kind:
        found = re.findall(r"<loc>([^<]+)</loc>", text) + re.findall(
            r'<link[^>]*href="([^"]+)"', text
        )
    elif url.endswith("robots.txt"):
        found = re.findall(r"^Sitemap:\s*(\S+)", text, re.MULTILINE)
    else:
        found = []
    return [
        urldefrag(urljoin(url, ref)).url for ref in found if not ref.startswith(("mailto:", "#"))
    ]


@dataclass
class Crawl:
    visited: dict[str, int] = field(default_factory=dict)  # URL → status
    broken: list[str] = field(default_factory=list)  # "referrer → target (status)"
    outside: set[str] = field(default_factory=set)  # links to other hosts, not followed


def crawl(start: list[str], site: str) -> Crawl:
    """Fetch everything reachable from `start` that lies under `site` (scheme://host/prefix/)."""
    result = Crawl()
    queue = [(url, "(start)") for url in start]
    host = urlsplit(site).netloc
    while queue:
        url, referrer = queue.pop()
        if urlsplit(url).netloc != host:
            result.outside.add(url)
            continue
        if url in result.visited:
            if result.visited[url] != 200:
                result.broken.append(f"{referrer} → {url} ({result.visited[url]})")
            continue
        response = fetch(url)
        result.visited[url] = response.status
        if response.status != 200 or not url.startswith(site):
            result.broken.append(f"{referrer} → {url} ({response.status})")
            continue
        queue += [(ref, url) for ref in references(url, response)]
    return result
