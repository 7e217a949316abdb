"""Lighthouse report for a freshly built Teladan site.

Builds the content folder into a temporary directory, serves it under /pilar-teladan/ on
127.0.0.1 with a small stdlib server (cache headers like a real host), runs the pinned npm
Lighthouse (benchmarks/package.json) with Debian's Chromium against the home page, one
profile page, the search page and the statistics page, then prints the category scores and
the failing audits.

    python benchmarks/lighthouse.py [--content content]

Exits 0 whatever the scores are; non-zero only if the build, npm or Lighthouse itself fails.
"""

from __future__ import annotations

import argparse
import functools
import json
import re
import subprocess
import sys
import tempfile
import threading
from http.server import SimpleHTTPRequestHandler, ThreadingHTTPServer
from pathlib import Path
from typing import Any

HERE = Path(__file__).resolve().parent
LIGHTHOUSE = HERE / "node_modules" / ".bin" / "lighthouse"
PREFIX = "/pilar-teladan/"
HASHED = re.compile(r"\.[0-9a-f]{10}\.(css|js|jpg|webp|png|svg)$")
PAGES = {
    "home": "",
    "profile": "pilar/ujang-saepudin/",
    "profile-awards": "pilar/ahmad-syarif-tammu/",
    "search": "cari/",
    "statistics": "statistik/",
    "en-home": "en/",
    "en-profile": "en/pilar/ujang-saepudin/",
    "en-statistics": "en/statistik/",
}
CATEGORIES = ["performance", "accessibility", "best-practices", "seo"]
CHROME_FLAGS = (
    "--headless=new --no-sandbox --disable-gpu --disable-background-networking "
    "--disable-component-update --disable-sync --no-first-run --disable-quic"
)


class SubPathHandler(SimpleHTTPRequestHandler):
    """Serves the build folder under PREFIX only, with host-like Cache-Control headers."""

    def do_GET(self) -> None:
        if self.path.startswith(PREFIX):
            super().do_GET()
        else:
            self.send_error(404)

    def do_HEAD(self) -> None:
        if self.path.startswith(PREFIX):
            super().do_HEAD()
        else:
            self.send_error(404)

    def translate_path(self, path: str) -> str:
        return super().translate_path("/" + path.removeprefix(PREFIX))

    def send_head(self) -> Any:
        """Like the README's nginx setup: .gz copies (--precompress) for clients that take gzip."""
        local = Path(self.translate_path(self.path.split("?", 1)[0]))
        if local.is_dir():
            local = local / "index.html"
        packed = local.with_name(local.name + ".gz")
        if packed.is_file() and "gzip" in self.headers.get("Accept-Encoding", ""):
            self.send_response(200)
            self.send_header("Content-Type", self.guess_type(str(local)))
            self.send_header("Content-Encoding", "gzip")
            self.send_header("Content-Length", str(packed.stat().st_size))
            self.end_headers()
            return packed.open("rb")
        return super().send_head()

    def end_headers(self) -> None:
        path = self.path.split("?", 1)[0].removeprefix(PREFIX)
        # Content-hashed names (stylesheets, photos) never change: cache them for a year.
        if HASHED.search(path):
            self.send_header("Cache-Control", "public, max-age=31536000, immutable")
        else:
            self.send_header("Cache-Control", "no-cache")
        super().end_headers()

    def log_message(self, format: str, *args: Any) -> None:
        pass


def run_lighthouse(url: str, report: Path) -> dict[str, Any]:
    """Run Lighthouse on url, writing its JSON to report; raise if Lighthouse fails."""
    subprocess.run(
        [
            str(LIGHTHOUSE),
            url,
            "--chrome-path=/usr/bin/chromium",
            f"--chrome-flags={CHROME_FLAGS}",
            f"--only-categories={','.join(CATEGORIES)}",
            "--output=json",
            f"--output-path={report}",
            "--quiet",
        ],
        check=True,
        timeout=300,
    )
    lhr: dict[str, Any] = json.loads(report.read_text(encoding="utf-8"))
    if "runtimeError" in lhr:
        raise RuntimeError(f"{url}: {lhr['runtimeError'].get('message')}")
    return lhr


def score(value: float | None) -> str:
    return "-" if value is None else str(round(value * 100))


def describe(item: dict[str, Any]) -> str:
    """One line naming what an audit item is about: a URL, a link, an element or a message."""
    if "href" in item:
        return f"{item['href']} ({item.get('text', '')!r})"
    node = item.get("node") or {}
    where = item.get("url") or node.get("snippet") or item.get("sourceLocation", {}).get("url")
    return " ".join(str(part) for part in (where, item.get("description")) if part)


def main() -> int:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--content", type=Path, default=Path("content"), help="content folder")
    args = parser.parse_args()

    if not LIGHTHOUSE.exists():
        subprocess.run(["npm", "ci", "--no-audit", "--no-fund"], cwd=HERE, check=True)

    with tempfile.TemporaryDirectory(prefix="teladan-lighthouse-") as tmp:
        site = Path(tmp) / "site"
        handler = functools.partial(SubPathHandler, directory=str(site))
        server = ThreadingHTTPServer(("127.0.0.1", 0), handler)  # port 0: any free port
        base_url = f"http://127.0.0.1:{server.server_address[1]}{PREFIX}"
        build = [sys.executable, "-m", "generator", "build", "--content", str(args.content)]
        threading.Thread(target=server.serve_forever, daemon=True).start()
        try:
            subprocess.run(
                [*build, "--output", str(site), "--base-url", base_url, "--precompress"], check=True
            )
            results = {
                name: run_lighthouse(base_url + path, Path(tmp) / f"{name}.json")
                for name, path in PAGES.items()
            }
        except (subprocess.SubprocessError, RuntimeError, OSError, ValueError) as error:
            print(f"benchmark failed: {error}", file=sys.stderr)
            return 1
        finally:
            server.shutdown()
            server.server_close()

    print(f"{'page':<14}" + "".join(f"{c:>16}" for c in CATEGORIES))
    for name, lhr in results.items():
        cells = (score(lhr["categories"][c]["score"]) for c in CATEGORIES)
        print(f"{name:<14}" + "".join(f"{cell:>16}" for cell in cells))
    for name, lhr in results.items():
        failing = [a for a in lhr["audits"].values() if a["score"] is not None and a["score"] < 0.9]
        print(f"\n{name} ({PAGES[name] or 'home page'}): {len(failing)} failing audits")
        for audit in sorted(failing, key=lambda a: (a["score"], a["id"])):
            shown = f" ({audit['displayValue']})" if audit.get("displayValue") else ""
            print(f"  {score(audit['score']):>3}  {audit['id']}: {audit['title']}{shown}")
            for item in (audit.get("details") or {}).get("items", [])[:3]:
                print(f"         - {describe(item)[:110]}")
    return 0


if __name__ == "__main__":
    sys.exit(main())
