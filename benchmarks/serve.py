"""Time `teladan serve` from saving a profile to the browser showing the change.

    python benchmarks/serve.py N [--saves 5] [--keep DIR]

Writes a corpus of N profiles (make_corpus.py), starts `teladan serve` on it, opens one profile
in headless Chromium (Playwright with the system browser, as the browser tests do), then saves
that profile with a new word several times. Each save is timed until the page in the browser
(reloaded by livereload, nobody touching it) shows the new word. Prints each save and the median.
"""

from __future__ import annotations

import argparse
import os
import shutil
import socket
import statistics
import subprocess
import sys
import tempfile
import time
import urllib.request
from pathlib import Path

from playwright.sync_api import sync_playwright

REPO = Path(__file__).resolve().parents[1]
CHROMIUM = os.environ.get("CHROMIUM", "/usr/bin/chromium")


def free_port() -> int:
    with socket.socket() as s:
        s.bind(("127.0.0.1", 0))
        return int(s.getsockname()[1])


def wait_for(url: str, seconds: float) -> None:
    deadline = time.monotonic() + seconds
    while time.monotonic() < deadline:
        try:
            with urllib.request.urlopen(url, timeout=5) as response:
                if response.status == 200:
                    return
        except OSError:
            time.sleep(0.2)
    raise SystemExit(f"{url} did not answer within {seconds:.0f} s")


def main() -> int:
    parser = argparse.ArgumentParser(description="Time save → browser in teladan serve.")
    parser.add_argument("n", type=int)
    parser.add_argument("--saves", type=int, default=5)
    parser.add_argument("--keep", type=Path, metavar="DIR", help="write the corpus into DIR")
    args = parser.parse_args()
    root = args.keep or Path(tempfile.mkdtemp(prefix="teladan-serve-bench-"))
    subprocess.run(
        [sys.executable, str(REPO / "benchmarks" / "make_corpus.py"), str(args.n), str(root)],
        check=True,
    )
    profile = min((root / "content" / "pillars").rglob("*.md"))
    url_path = f"pilar/{profile.stem}/"
    port = free_port()
    command = [sys.executable, "-m", "generator", "serve", "--content", str(root / "content")]
    server = subprocess.Popen(
        [*command, "--port", str(port), "-q"],
        cwd=REPO,
        stdout=subprocess.DEVNULL,
        stderr=subprocess.DEVNULL,
    )
    timings: list[float] = []
    try:
        wait_for(f"http://127.0.0.1:{port}/{url_path}", 600)
        original = profile.read_text("utf-8")
        with sync_playwright() as p:
            browser = p.chromium.launch(executable_path=CHROMIUM)
            page = browser.new_page()
            page.goto(f"http://127.0.0.1:{port}/{url_path}")
            time.sleep(2)  # livereload's script connects, which starts the watcher
            for number in range(1, args.saves + 1):
                word = f"Katauji{number}x"
                head, sep, story = original.partition("\n---\n")
                profile.write_text(f"{head}{sep}{word}\n\n{story}", encoding="utf-8")
                saved = time.perf_counter()
                page.wait_for_function(
                    f"document.body && document.body.innerText.includes({word!r})",
                    timeout=120_000,
                    polling=20,
                )
                timings.append(time.perf_counter() - saved)
                print(f"save {number}: {timings[-1]:.2f} s", flush=True)
                time.sleep(3.5)  # livereload ignores changes within 3 s of its last reload
            browser.close()
        profile.write_text(original, encoding="utf-8")
    finally:
        server.terminate()
        server.wait(timeout=30)
        if args.keep is None:
            shutil.rmtree(root, ignore_errors=True)
    print(f"N={args.n}: median {statistics.median(timings):.2f} s from save to page shown")
    return 0


if __name__ == "__main__":
    sys.exit(main())
