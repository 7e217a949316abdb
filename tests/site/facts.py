"""Facts read from built HTML (title, h1, links, counts), for golden comparisons."""

from __future__ import annotations

import re
from html.parser import HTMLParser
from pathlib import Path
from typing import Any


class _Facts(HTMLParser):
    def __init__(self) -> None:
        super().__init__(convert_charrefs=True)
        self.title = ""
        self.h1 = ""
        self.links: list[str] = []
        self.images: list[str] = []
        self.cards = 0
        self.lang = ""
        self._in: str | None = None

    def handle_starttag(self, tag: str, attrs: list[tuple[str, str | None]]) -> None:
        a = dict(attrs)
        if tag in ("title", "h1"):
            self._in = tag
        elif tag == "html":
            self.lang = a.get("lang") or ""
        elif tag == "a" and a.get("href"):
            self.links.append(a["href"] or "")
        elif tag in ("link", "script", "img"):
            ref = a.get("href") or a.get("src")
            if ref:
                self.images.append(ref)
        if tag == "article" and a.get("class") == "card":
            self.cards += 1

    def handle_endtag(self, tag: str) -> None:
        if tag == self._in:
            self._in = None

    def handle_data(self, data: str) -> None:
        if self._in == "title":
            self.title += data
        elif self._in == "h1":
            self.h1 += data


def page_facts(path: Path) -> dict[str, Any]:
    parser = _Facts()
    parser.feed(path.read_text("utf-8"))
    return {
        "title": parser.title.strip(),
        "h1": " ".join(parser.h1.split()),
        "lang": parser.lang,
        "cards": parser.cards,
        "links": sorted(set(parser.links)),
        # Asset names carry a content hash; a stylesheet edit should not churn the golden file.
        "assets": sorted({re.sub(r"\.[0-9a-f]{10}\.", ".HASH.", ref) for ref in parser.images}),
    }


def site_facts(output: Path) -> dict[str, Any]:
    return {p.relative_to(output).as_posix(): page_facts(p) for p in sorted(output.rglob("*.html"))}
