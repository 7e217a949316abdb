"""The year book's QR codes (issue 23) at scale: a code is drawn once per address and kept in
the build cache, so a build after an edit to one winner of a year of a thousand does not draw
the year's codes again; the book stays the one a fresh build makes."""

from __future__ import annotations

import os
import shutil
import subprocess
import sys
import time
from pathlib import Path

from generator import build
from tests.conftest import REPO, TODAY

BASE = "https://contoh.kemensos.example/pilar-teladan/"
BOOKS = ("tahun/2019/buku/index.html", "en/tahun/2019/buku/index.html")


# `teladan build` in a process of its own, writing each address it draws a code of to a file.
COUNTED_BUILD = """
import os, runpy, zxingcpp
make = zxingcpp.create_barcode
def counted(content, *args, **kwargs):
    with open(os.environ["DRAWN_LOG"], "a", encoding="utf-8") as log:
        log.write(content + "\\n")
    return make(content, *args, **kwargs)
zxingcpp.create_barcode = counted
runpy.run_module("generator", run_name="__main__", alter_sys=True)
"""


def _counted_build(content: Path, output: Path, log: Path, *more: str) -> None:
    """`teladan build` in a new process, adding each address it draws a code of to `log`."""
    command = [sys.executable, "-c", COUNTED_BUILD, "build", "--content", str(content),
               "--output", str(output), "--no-search", "-q", *more]  # fmt: skip
    env = {**os.environ, "PYTHONPATH": str(REPO), "DRAWN_LOG": str(log)}
    subprocess.run(command, check=True, env=env)


def test_a_rebuild_draws_only_the_codes_of_new_addresses(tmp_path: Path) -> None:
    content = tmp_path / "site" / "content"
    shutil.copytree(REPO / "content", content)
    out, fresh, log = tmp_path / "out", tmp_path / "fresh", tmp_path / "drawn.txt"
    log.touch()

    def build(output: Path, content: Path = content) -> None:
        _counted_build(content, output, log)

    build(out)
    log.write_text("", "utf-8")
    # An edited story re-renders the book; a new winner adds a sheet (in each edition).
    profiles = content / "pillars" / "2019"
    ujang = profiles / "ujang-saepudin.md"
    text = ujang.read_text("utf-8")
    ujang.write_text(text + "\nSatu paragraf baru.\n", "utf-8")
    (profiles / "ujang-saepudin-dua.md").write_text(text.replace("Ujang", "Ujang Dua"), "utf-8")
    build(out)
    drawn = log.read_text("utf-8").split()
    assert sorted(drawn) == [
        f"{BASE}en/pilar/ujang-saepudin-dua/",
        f"{BASE}pilar/ujang-saepudin-dua/",
    ]
    assert "Satu paragraf baru." in (out / BOOKS[0]).read_text("utf-8")
    # A fresh build from a copy of the content, with a cache of its own (the first build's may
    # still be saved to in the background)
    copy = tmp_path / "copy" / "content"
    shutil.copytree(content, copy)
    build(fresh, copy)
    for book in BOOKS:
        assert (out / book).read_bytes() == (fresh / book).read_bytes(), book


def test_codes_kept_a_file_each_by_earlier_versions_go_once_a_day_old(tmp_path: Path) -> None:
    content = tmp_path / "site" / "content"
    shutil.copytree(REPO / "content", content)
    kept = tmp_path / "site" / ".teladan-cache" / "qr"
    old, recent = kept / "ab", kept / "cd"
    for folder in (old, recent):
        folder.mkdir(parents=True)
        (folder / "abcdef.svg").write_text("<svg></svg>", "utf-8")
    day_ago = time.time() - 25 * 3600
    os.utime(old, (day_ago, day_ago))
    assert build(content, tmp_path / "out", today=TODAY).ok
    assert not old.exists() and recent.exists()
    books = list((tmp_path / "out").rglob("buku/index.html"))
    assert len(books) > 1
    assert [p.suffix for p in kept.iterdir() if p.is_file()] == [".pickle"] * len(books)


def test_a_site_at_another_address_keeps_its_codes_apart(tmp_path: Path) -> None:
    # A preview, or a build for a test server, makes books whose codes lead to its own address:
    # they must not take the place of the published site's, which would be drawn again.
    content = tmp_path / "site" / "content"
    shutil.copytree(REPO / "content", content)
    log = tmp_path / "drawn.txt"
    _counted_build(content, tmp_path / "out", log)
    _counted_build(content, tmp_path / "test", log, "--base-url", "http://127.0.0.1:8000/")
    assert any(line.startswith("http://127.0.0.1:8000/") for line in log.read_text().split())
    log.write_text("", "utf-8")
    ujang = content / "pillars" / "2019" / "ujang-saepudin.md"  # (so the books render again)
    ujang.write_text(ujang.read_text("utf-8") + "\nSatu paragraf baru.\n", "utf-8")
    _counted_build(content, tmp_path / "out", log)
    assert "Satu paragraf baru." in (tmp_path / "out" / BOOKS[0]).read_text("utf-8")
    assert log.read_text("utf-8") == ""
