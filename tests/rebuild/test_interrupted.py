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

STORY = "Kisah contoh yang cukup panjang untuk sebuah halaman. " * 20


def _many_profiles(content: Path, count: int) -> None:
    folder = content / "pillars" / "2019"
    provinces = ["aceh", "bali", "jawa-barat", "jawa-timur", "papua", "maluku", "riau"]
    categories = ["psm", "tksk", "karang-taruna", "tagana", "lks"]
    for n in range(count):
        (folder / f"contoh-{n:04d}.md").write_text(
            f"---\nname: Contoh {n}\ncategory: {categories[n % 5]}\nprovince: {provinces[n % 7]}\n"
            f"year: 2019\nsummary: Profil contoh nomor {n}.\n---\n{STORY}\n"
        )


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
    _many_profiles(content, 1500)
    process = subprocess.Popen(
        [sys.executable, "-m", "generator", "build", "--content", str(content), "--output", str(out)],
        stdout=subprocess.DEVNULL, stderr=subprocess.DEVNULL,
    )  # fmt: skip
    staging = tmp_path / f".output.staging-{process.pid}"
    deadline = time.monotonic() + 120
    written = 0
    while time.monotonic() < deadline and process.poll() is None:
        pages = staging / "pilar"
        if pages.is_dir() and (written := len(os.listdir(pages))) >= 20:
            os.kill(process.pid, signal.SIGKILL)  # like a power cut: no cleanup runs
            break
        time.sleep(0.002)
    process.wait()
    assert process.returncode == -signal.SIGKILL, "the build finished before it could be killed"
    assert written >= 20  # it really was killed partway through writing
    assert _tree(out) == before  # the previous site, complete and unchanged
    assert staging.exists()  # the half-written new site was left beside it …

    report = build(content, out, today=TODAY)  # … and the next build tidies it up
    assert report.ok
    assert not staging.exists()
    assert (out / "pilar" / "contoh-1499" / "index.html").is_file()
    # Only the site, its content and the photo cache remain: no staging or previous copies.
    assert sorted(p.name for p in tmp_path.iterdir()) == [".teladan-cache", "content", "output"]
