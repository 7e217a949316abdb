"""Time the form editor of `teladan serve` from pressing "Simpan" to the updated page served.

    python benchmarks/editor_save.py [N] [--runs 7] [--keep DIR]

Writes a corpus of N profiles (make_corpus.py, default 4,000), starts `teladan serve` on it,
then saves one profile's summary through the editor several times, as the form without
JavaScript sends it: the page's own fields, token and digest, to /_edit/<file>. Each run is timed
from sending the form until the profile's page in the preview shows the new summary (polled
every 20 ms, as a browser reloaded by livereload would ask for it). Prints each run, the time
the save itself answered in (the 303), and the medians.

The preview never builds the search index (`teladan serve` has no search, so no --no-search):
the default build's search does not enter this time.
"""

from __future__ import annotations

import argparse
import http.client
import shutil
import statistics
import subprocess
import sys
import tempfile
import time
from pathlib import Path
from urllib.parse import quote, urlencode

REPO = Path(__file__).resolve().parents[1]
sys.path.insert(0, str(REPO))

from tests.tools import FormFields, free_port  # noqa: E402  (the repository's own helpers)


def ask(port: int, method: str, path: str, body: bytes = b"") -> tuple[int, str]:
    """One request to the preview as a browser on this computer sends it."""
    connection = http.client.HTTPConnection("127.0.0.1", port, timeout=120)
    headers = {"Origin": f"http://127.0.0.1:{port}"} if method == "POST" else {}
    if method == "POST":
        headers["Content-Type"] = "application/x-www-form-urlencoded"
    try:
        connection.request(method, path, body or None, headers)
        answer = connection.getresponse()
        return answer.status, answer.read().decode("utf-8", "replace")
    finally:
        connection.close()


def wait_for(port: int, path: str, seconds: float) -> None:
    deadline = time.monotonic() + seconds
    while time.monotonic() < deadline:
        try:
            if ask(port, "GET", path)[0] == 200:
                return
        except OSError:
            pass
        time.sleep(0.2)
    raise SystemExit(f"{path} did not answer within {seconds:.0f} s")


def save_once(port: int, rel: str, page: str, summary: str) -> tuple[float, float]:
    """(seconds until the save answered, seconds until the page showed `summary`)."""
    form = FormFields()
    form.feed(ask(port, "GET", f"/_edit/{quote(rel)}")[1])  # (not timed: the form is open)
    body = urlencode({**form.values, "summary": summary, "submit": "simpan"}).encode()
    pressed = time.perf_counter()
    status, text = ask(port, "POST", form.action, body)
    answered = time.perf_counter() - pressed
    if status != 303:
        raise SystemExit(f"the save was refused ({status}): {text[:2000]}")
    while summary not in ask(port, "GET", page)[1]:
        if time.perf_counter() - pressed > 120:
            raise SystemExit(f"{page} did not show the new summary within 120 s")
        time.sleep(0.02)
    return answered, time.perf_counter() - pressed


def main() -> int:
    parser = argparse.ArgumentParser(description="Time Simpan → updated page in teladan serve.")
    parser.add_argument("n", type=int, nargs="?", default=4000)
    parser.add_argument("--runs", type=int, default=7)
    parser.add_argument("--keep", type=Path, metavar="DIR", help="write the corpus into DIR")
    args = parser.parse_args()
    root = args.keep or Path(tempfile.mkdtemp(prefix="teladan-editor-bench-"))
    subprocess.run(
        [sys.executable, str(REPO / "benchmarks" / "make_corpus.py"), str(args.n), str(root)],
        check=True,
    )
    content = root / "content"
    profile = min((content / "pillars").rglob("*.md"))
    rel, page = profile.relative_to(content).as_posix(), f"/pilar/{profile.stem}/"
    original = profile.read_bytes()
    port = free_port()
    command = [sys.executable, "-m", "generator", "serve", "--content", str(content)]
    server = subprocess.Popen(
        [*command, "--port", str(port), "-q"],
        cwd=REPO,
        stdout=subprocess.DEVNULL,
        stderr=subprocess.DEVNULL,
    )
    saves: list[float] = []
    shown: list[float] = []
    try:
        started = time.perf_counter()
        wait_for(port, page, 900)
        print(f"N={args.n}: preview ready in {time.perf_counter() - started:.1f} s", flush=True)
        for number in range(1, args.runs + 1):
            answered, seen = save_once(port, rel, page, f"Ringkasan uji nomor {number}.")
            saves.append(answered)
            shown.append(seen)
            print(f"run {number}: save answered in {answered:.2f} s, page shown at {seen:.2f} s")
            time.sleep(0.5)
    finally:
        server.terminate()
        server.wait(timeout=30)
        profile.write_bytes(original)
        if args.keep is None:
            shutil.rmtree(root, ignore_errors=True)
    print(
        f"N={args.n}: median {statistics.median(shown):.2f} s from Simpan to the updated page "
        f"(the save itself answered in {statistics.median(saves):.2f} s)"
    )
    return 0


if __name__ == "__main__":
    sys.exit(main())
