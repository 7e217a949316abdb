"""A site changed by someone after it was built (a wrong rsync, an editor, a deploy tool) is
repaired by the next build: the site it leaves equals a fresh build of the same content, byte
for byte, whether or not the content changed meanwhile."""

from __future__ import annotations

import io
import os
import shutil
import stat
import subprocess
import sys
import time
from collections.abc import Callable, Iterator
from pathlib import Path

import pytest

from generator import BuildReport, build
from generator.cli import run
from tests.conftest import TODAY, copy_fixture, linux_only

PAGE = "pilar/citra-dewi/index.html"


def _site(tmp_path: Path) -> Path:
    copy_fixture("full", tmp_path / "site")
    return tmp_path / "site" / "content"


def _build(content: Path, out: Path, **options: object) -> BuildReport:
    settings = {"search": False, **options}  # (search off unless a test asks for it)
    report = build(content, out, today=TODAY, **settings)  # type: ignore[arg-type]
    assert report.ok, [p.format() for p in report.problems]
    return report


def _tree(folder: Path) -> dict[str, bytes]:
    return {
        p.relative_to(folder).as_posix(): p.read_bytes() for p in folder.rglob("*") if p.is_file()
    }


def _fresh(content: Path, tmp_path: Path, **options: object) -> dict[str, bytes]:
    """A build of `content` into a new folder, with a build cache of its own."""
    fresh = tmp_path / "fresh"
    shutil.rmtree(fresh, ignore_errors=True)
    _build(content, fresh, cache_dir=tmp_path / "fresh-cache", **options)
    return _tree(fresh)


def _but_search(tree: dict[str, bytes]) -> dict[str, bytes]:
    """A site's files but its search bundle (Pagefind's bytes differ from run to run)."""
    return {path: data for path, data in tree.items() if not path.startswith("pagefind/")}


def _edit_in_place(path: Path) -> bytes:
    """Change a file's first bytes where it lies (its size, inode and links stay), as an editor
    that writes into the file does; returns the bytes it now holds."""
    with path.open("r+b") as file:
        file.write(b"TAMPERED")
    return path.read_bytes()


def _edit_story(content: Path, sentence: str = "Satu kalimat baru.") -> None:
    edited = content / "pillars" / "2019" / "citra-dewi.md"
    edited.write_text(edited.read_text() + f"\n{sentence}\n")


TAMPERINGS: dict[str, Callable[[Path], object]] = {
    "a page deleted": lambda out: (out / PAGE).unlink(),
    "a year's folder deleted": lambda out: shutil.rmtree(out / "tahun" / "2019"),
    "a page rewritten": lambda out: (out / PAGE).write_text("<p>Situs dalam perbaikan</p>"),
    "a page edited in place": lambda out: _edit_in_place(out / PAGE),
    "a stylesheet edited in place": lambda out: _edit_in_place(
        next((out / "static").rglob("*.css"))
    ),
    "a file added in a folder": lambda out: (out / "pilar" / "lama.html").write_text("lama"),
    "a photo deleted": lambda out: next((out / "pilar").rglob("*.jpg")).unlink(),
    # (the open data and the press kits are links to files kept in the build cache)
    "the open data edited in place": lambda out: _edit_in_place(out / "data" / "pilar.json"),
    "a press kit edited in place": lambda out: _edit_in_place(next(out.rglob("*.zip"))),
}


@pytest.mark.parametrize("tampering", TAMPERINGS)
def test_a_build_with_nothing_changed_repairs_a_tampered_site(
    tmp_path: Path, tampering: str
) -> None:
    content, out = _site(tmp_path), tmp_path / "out"
    _build(content, out)
    _build(content, out)  # (a build with nothing changed: the site as it found it is remembered)
    TAMPERINGS[tampering](out)
    _build(content, out)
    assert _tree(out) == _fresh(content, tmp_path)


OTHER = "pilar/ani-suryani/index.html"  # a page the edits below do not change


@pytest.mark.parametrize("edit_in_place", [True, False])
def test_an_edit_build_repairs_a_tampered_page_it_does_not_change(
    tmp_path: Path, edit_in_place: bool
) -> None:
    content, out = _site(tmp_path), tmp_path / "out"
    _build(content, out)
    _edit_story(content)
    _build(content, out)  # (the spare folder now holds links to the live site's pages)
    if edit_in_place:
        _edit_in_place(out / OTHER)  # (the spare's copy, the same file, changes with it)
    else:
        (out / OTHER).unlink()
    _edit_story(content, "Kalimat kedua.")
    _build(content, out)
    assert _tree(out) == _fresh(content, tmp_path)
    _edit_story(content, "Kalimat ketiga.")  # (and the site after it is right too)
    _build(content, out)
    assert _tree(out) == _fresh(content, tmp_path)


@pytest.mark.parametrize("edit_in_place", [True, False])
def test_a_tampered_compressed_copy_is_repaired(tmp_path: Path, edit_in_place: bool) -> None:
    content, out = _site(tmp_path), tmp_path / "out"
    _build(content, out, precompress=True)
    _build(content, out, precompress=True)
    for build_edits in (False, True):  # the build after it: with nothing changed, then an edit
        gz = out / f"{OTHER}.gz"
        if edit_in_place:
            _edit_in_place(gz)
        else:
            gz.unlink()
        if build_edits:
            _edit_story(content)
        _build(content, out, precompress=True)
        assert _tree(out) == _fresh(content, tmp_path, precompress=True)


@pytest.mark.parametrize("precompress", [False, True])
def test_a_build_cache_that_cannot_hold_the_data_and_the_kits_gives_the_same_site(
    tmp_path: Path, precompress: bool
) -> None:
    # The open data and the press kits are made in the build cache and linked into the site;
    # where the cache cannot hold them (here a file stands where their folder goes: no folder
    # can be made there, even by root), they are made in memory, as a last resort.
    content, out, cache = _site(tmp_path), tmp_path / "out", tmp_path / "cache"
    cache.mkdir()
    for folder in ("data", "kits"):
        (cache / folder).write_text("")
    for _ in range(2):  # (and again, with the site of the first build to compare with)
        _build(content, out, cache_dir=cache, precompress=precompress)
        assert _tree(out) == _fresh(content, tmp_path, precompress=precompress)
    assert [(cache / folder).read_text() for folder in ("data", "kits")] == ["", ""]


def test_the_command_does_not_call_a_tampered_site_up_to_date(tmp_path: Path) -> None:
    content, out = _site(tmp_path), tmp_path / "out"
    command = ["build", "--content", str(content), "--output", str(out), "--no-search"]
    assert run(command, io.StringIO(), io.StringIO()) == 0
    shutil.rmtree(out / "tahun" / "2019")
    said, err = io.StringIO(), io.StringIO()
    assert run(command, said, err) == 0
    assert "Nothing has changed" not in said.getvalue() + err.getvalue()
    assert (out / "tahun" / "2019" / "index.html").is_file()
    said = io.StringIO()
    assert run(command, said, io.StringIO()) == 0
    assert "Nothing has changed" in said.getvalue()  # (and once repaired, it is up to date)


@linux_only
def test_a_page_changed_before_the_build_has_saved_what_it_made_is_not_taken_for_it(
    tmp_path: Path,
) -> None:
    # The command ends as soon as the site is in place and leaves saving what the next build
    # needs (and listing the site it made) to a process that outlives it; a page changed in
    # between (a deploy step run right after the build) is not the build's.
    content, out = _site(tmp_path), tmp_path / "out"
    command = [sys.executable, "-m", "generator", "build", "--content", str(content),
               "--output", str(out), "--no-search", "-q"]  # fmt: skip
    for _ in range(3):  # (each time the page changes a little after the command has ended)
        _build(content, out)
        _edit_story(content)
        done = subprocess.run(command, capture_output=True, text=True, check=False)
        assert done.returncode == 0, done.stderr
        time.sleep(0.002)  # (a file system's clock ticks by milliseconds)
        _edit_in_place(out / OTHER)
        # the next build waits for the process saving
        assert run(["build", *command[4:]], io.StringIO(), io.StringIO()) == 0
        assert _tree(out) == _fresh(content, tmp_path)


def test_a_search_file_edited_in_place_reaches_no_later_site(tmp_path: Path) -> None:
    # Pagefind's bundle is kept in the build cache and linked into the sites it serves: a file
    # of it edited in one site must not reach the others (nor come back to that one).
    content = _site(tmp_path)
    first, second, third = tmp_path / "first", tmp_path / "second", tmp_path / "third"
    assert build(content, first, today=TODAY).ok  # indexes, and keeps the bundle
    assert build(content, second, today=TODAY).ok  # reuses it
    script = second / "pagefind" / "pagefind.js"
    tampered = _edit_in_place(script)
    for out in (second, third):
        report = build(content, out, today=TODAY)
        assert report.ok and [p for p in report.problems if p.path == "search"] == []
        assert (
            _tree(out)["pagefind/pagefind.js"] == (first / "pagefind" / "pagefind.js").read_bytes()
        )
    assert tampered != (first / "pagefind" / "pagefind.js").read_bytes()


class _EntryWithoutInode:
    """A directory entry whose stat gives no inode nor device for a file, as os.scandir's do on
    Windows."""

    def __init__(self, entry: os.DirEntry[str]) -> None:
        self._entry, self.name, self.path = entry, entry.name, entry.path

    def __fspath__(self) -> str:
        return self.path

    def is_dir(self, *, follow_symlinks: bool = True) -> bool:
        return self._entry.is_dir(follow_symlinks=follow_symlinks)

    def is_file(self, *, follow_symlinks: bool = True) -> bool:
        return self._entry.is_file(follow_symlinks=follow_symlinks)

    def is_symlink(self) -> bool:
        return self._entry.is_symlink()

    def inode(self) -> int:
        return 0

    def stat(self, *, follow_symlinks: bool = True) -> os.stat_result:
        found = self._entry.stat(follow_symlinks=follow_symlinks)
        if stat.S_ISDIR(found.st_mode):  # (shutil.rmtree checks folders by their inodes)
            return found
        times = (found.st_atime, found.st_mtime, found.st_ctime)
        times_ns = (found.st_atime_ns, found.st_mtime_ns, found.st_ctime_ns)
        return os.stat_result((found.st_mode, 0, 0, *found[3:10], *times, *times_ns))


class _ListingWithoutInodes:
    def __init__(self, listing: Iterator[os.DirEntry[str]]) -> None:
        self._listing = listing

    def __iter__(self) -> Iterator[_EntryWithoutInode]:
        return (_EntryWithoutInode(entry) for entry in self._listing)

    def __enter__(self) -> _ListingWithoutInodes:
        return self

    def __exit__(self, *exc: object) -> None:
        self._listing.close()  # type: ignore[attr-defined]


def test_a_listing_without_inodes_keeps_no_stale_file_of_the_spare_folder(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    # The spare folder holds the site before the last build: a page that changed in it is an
    # older file there. Without inodes to compare, it must not pass for a link to the live page.
    content, out = _site(tmp_path), tmp_path / "out"
    real = os.scandir
    monkeypatch.setattr(os, "scandir", lambda *path: _ListingWithoutInodes(real(*path)))
    _build(content, out)
    _edit_story(content)  # (the profile's page changes)
    _build(content, out)
    other = content / "pillars" / "2019" / "ani-suryani.md"
    other.write_text(other.read_text() + "\nKalimat lain.\n")  # (the page above is kept)
    _build(content, out)
    monkeypatch.undo()
    assert _tree(out) == _fresh(content, tmp_path)


def test_a_build_cache_of_unreadable_pickles_costs_only_time(tmp_path: Path) -> None:
    # (a cache copied from a newer Python, or damaged on a stick: every file the build keeps
    # there is read leniently, whatever pickle raises on it)
    content, out = _site(tmp_path), tmp_path / "out"
    assert build(content, out, today=TODAY).ok
    damaged = list((content.parent / ".teladan-cache").rglob("*.pickle"))
    assert {p.name for p in damaged} >= {"build-memo.pickle", "pages.pickle"}
    for pickled in damaged:
        pickled.write_bytes(b"\x80\x09")  # (pickle protocol 9: ValueError, not UnpicklingError)
    again = build(content, out, today=TODAY)
    assert again.ok and not [p for p in again.problems if p.path == "search"]
    assert _but_search(_tree(out)) == _but_search(_fresh(content, tmp_path, search=True))


def test_a_damaged_seal_in_the_build_cache_only_makes_its_folder_again(tmp_path: Path) -> None:
    # (the seal of each folder the cache keeps, search parts and press kits, is read as
    # leniently as the other pickles there: a pickle naming what this Python lacks included)
    content, out = _site(tmp_path), tmp_path / "out"
    assert build(content, out, today=TODAY).ok
    seals = list((content.parent / ".teladan-cache").rglob("complete"))
    assert {p.parent.parent.name for p in seals} >= {"parts"}
    for seal in seals:
        seal.write_bytes(b"\x80\x04\x8c\x08builtins\x8c\x0bnot_a_thing\x93.")  # AttributeError
    _edit_story(content)  # (else nothing is built: nothing it is made of has changed)
    again = build(content, out, today=TODAY)
    assert again.ok and not [p for p in again.problems if p.path == "search"]
    assert _but_search(_tree(out)) == _but_search(_fresh(content, tmp_path, search=True))
