"""A build killed while writing leaves the previous site complete, and the next build recovers."""

from __future__ import annotations

import os
import shutil
import signal
import subprocess
import sys
import time
from pathlib import Path

from generator import build
from tests.conftest import REPO, TODAY
from tests.rebuild.observe import many_profiles, processes_of


def _tree(folder: Path) -> dict[str, bytes]:
    return {
        p.relative_to(folder).as_posix(): p.read_bytes() for p in folder.rglob("*") if p.is_file()
    }


def test_killing_a_build_mid_write_keeps_the_previous_site(tmp_path: Path) -> None:
    out = tmp_path / "output"
    assert build(REPO / "content", out, today=TODAY).ok
    before = _tree(out)

    content = tmp_path / "content"
    shutil.copytree(REPO / "content", content)
    many_profiles(content, 1500, ("psm", "tksk", "karang-taruna", "tagana", "lks"))
    process = subprocess.Popen(
        [sys.executable, "-m", "generator", "build", "--content", str(content), "--output", str(out)],
        stdout=subprocess.DEVNULL, stderr=subprocess.DEVNULL,
    )  # fmt: skip
    staging = tmp_path / f".output.staging-{process.pid}"
    deadline = time.monotonic() + 120
    written = 0
    while time.monotonic() < deadline and process.poll() is None:
        pages = staging / "pilar"
        # (pages of the new profiles: written by the render workers, after the photos)
        if pages.is_dir() and (written := len(list(pages.glob("contoh-*")))) >= 20:
            os.kill(process.pid, signal.SIGKILL)  # like a power cut: no cleanup runs
            break
        time.sleep(0.002)
    process.wait()
    assert process.returncode == -signal.SIGKILL, "the build finished before it could be killed"
    assert written >= 20  # it really was killed partway through writing
    assert _tree(out) == before  # the previous site, complete and unchanged
    assert staging.exists()  # the half-written new site was left beside it …
    # No process of the killed build lives on (its render workers held the build lock, and
    # every later build waited for them forever).
    assert processes_of(content) == []

    # … and the next build, into any folder, does not wait and tidies it up
    other = tmp_path / "other"
    argv = ["build", "--content", str(content), "--output", str(other), "--no-search"]
    env = {**os.environ, "PYTHONPATH": str(REPO)}
    done = subprocess.run(
        [sys.executable, "-m", "generator", *argv], capture_output=True, text=True, env=env,
        timeout=300, check=False,
    )  # fmt: skip
    assert done.returncode == 0, done.stderr
    assert "waiting" not in done.stderr
    assert not staging.exists()
    assert _tree(out) == before
    shutil.rmtree(other)

    report = build(content, out, today=TODAY)
    assert report.ok
    assert (out / "pilar" / "contoh-1499" / "index.html").is_file()
    # Only the site, its content and the photo cache remain: no staging or previous copies.
    assert sorted(p.name for p in tmp_path.iterdir()) == [".teladan-cache", "content", "output"]
