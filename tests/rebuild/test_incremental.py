"""Rebuilds after small edits: every page showing a change shows it, nothing else is rewritten."""

from __future__ import annotations

import contextlib
import datetime
import errno
import itertools
import os
import shutil
import signal
import subprocess
import sys
import threading
import time
from pathlib import Path
from typing import Any

import pytest

from generator import BuildReport, build
from tests.conftest import TODAY, copy_fixture, linux_only
from tests.rebuild.observe import (
    children,
    mark_unread,
    processes_of,
    read_since_marked,
    readable,
)


def _site(tmp_path: Path) -> Path:
    content = tmp_path / "site" / "content"
    copy_fixture("full", tmp_path / "site")
    return content


def _build(content: Path, out: Path) -> BuildReport:
    report = build(content, out, today=TODAY, search=False)
    assert report.ok, [p.format() for p in report.problems]
    return report


def _snapshot(out: Path) -> dict[str, tuple[bytes, int]]:
    return {
        p.relative_to(out).as_posix(): (readable(p), p.stat().st_mtime_ns)
        for p in out.rglob("*")
        if p.is_file()
    }


def test_a_second_build_with_nothing_changed_touches_nothing(tmp_path: Path) -> None:
    content, out = _site(tmp_path), tmp_path / "out"
    first = _build(content, out)
    before = _snapshot(out)
    report = _build(content, out)
    assert report.write is not None and report.write.written == ()
    assert _snapshot(out) == before  # same bytes and same modification times
    assert sorted(report.write.unchanged) == sorted(before)  # (as the summary counts them)
    assert report.problems == first.problems and report.problems  # the fixture's warnings again


def test_editing_a_name_updates_every_page_that_shows_it_and_only_those(tmp_path: Path) -> None:
    content, out = _site(tmp_path), tmp_path / "out"
    _build(content, out)
    before = _snapshot(out)
    profile = content / "pillars" / "2019" / "citra-dewi.md"
    profile.write_text(profile.read_text().replace("name: Citra Dewi", "name: Citra Kirana"))
    report = _build(content, out)
    after = _snapshot(out)
    changed = {path for path in after if path not in before or after[path][0] != before[path][0]}
    showing = {path for path, (data, _) in after.items() if b"Citra Kirana" in data}
    assert changed == showing  # exactly the files that show the new name were rewritten
    assert (
        "pilar/citra-dewi/index.html" in changed and "kategori/psm/halaman/2/index.html" in changed
    )
    assert not [path for path, (data, _) in after.items() if b"Citra Dewi" in data]  # no stale copy
    for path in set(after) - changed:
        assert after[path][1] == before[path][1], f"{path} was rewritten without a change"
    assert report.write is not None and set(report.write.written) == changed


def test_editing_a_template_changes_every_page_using_it(tmp_path: Path) -> None:
    content, out = _site(tmp_path), tmp_path / "out"
    site = content.parent
    (site / "content" / "site.yaml").write_text(
        (site / "content" / "site.yaml").read_text() + "theme: mine\n"
    )
    templates = site / "themes" / "mine" / "templates"
    templates.mkdir(parents=True)
    (templates / "news.html").write_text('{% extends "default/news.html" %}\n')
    _build(content, out)
    before = _snapshot(out)
    (templates / "news.html").write_text(
        '{% extends "default/news.html" %}\n{% block title %}Siaran: {{ release.title }}{% endblock %}\n'
    )
    _build(content, out)
    after = _snapshot(out)
    changed = {path for path in after if after[path][0] != before.get(path, (b"", 0))[0]}
    assert changed == {"berita/rilis-2019/index.html", "berita/rilis-2023/index.html"}
    assert b"<title>Siaran: Rilis 2023" in after["berita/rilis-2023/index.html"][0]


def test_deleting_a_profile_removes_its_page_and_every_mention(tmp_path: Path) -> None:
    content, out = _site(tmp_path), tmp_path / "out"
    _build(content, out)
    (content / "pillars" / "2019" / "karang-taruna-maju.md").unlink()
    report = _build(content, out)
    assert not (out / "pilar" / "karang-taruna-maju").exists()
    assert not (out / "provinsi" / "bali").exists()  # its only winner is gone
    mentions = [
        p for p in out.rglob("*") if p.is_file() and b"karang-taruna-maju" in p.read_bytes()
    ]
    assert mentions == []
    assert (
        report.write is not None and "pilar/karang-taruna-maju/index.html" in report.write.removed
    )


def test_deleting_the_output_folder_rebuilds_it(tmp_path: Path) -> None:
    content, out = _site(tmp_path), tmp_path / "out"
    _build(content, out)
    shutil.rmtree(out)
    _build(content, out)
    assert (out / "index.html").is_file()


def test_a_changed_photo_is_picked_up(tmp_path: Path) -> None:
    from PIL import Image

    content, out = _site(tmp_path), tmp_path / "out"
    _build(content, out)
    (old,) = (out / "pilar" / "ani-suryani").glob("ani-suryani-kartu.*.jpg")
    Image.new("RGB", (90, 90), (0, 90, 200)).save(content / "pillars" / "2019" / "ani.jpg")
    _build(content, out)
    (new,) = (out / "pilar" / "ani-suryani").glob("ani-suryani-kartu.*.jpg")
    assert new.name != old.name


def test_a_same_size_edit_keeping_the_time_is_seen_right_after_a_build(tmp_path: Path) -> None:
    # A file changed just before a build may change again within the same modification time
    # (coarse file-system clocks): its size and time must not stand for its bytes next time.
    content, out = _site(tmp_path), tmp_path / "out"
    profile = content / "pillars" / "2019" / "citra-dewi.md"
    profile.write_text(profile.read_text())  # saved just now
    _build(content, out)
    saved = profile.stat()
    profile.write_text(profile.read_text().replace("name: Citra Dewi", "name: Citra Dewo"))
    os.utime(profile, ns=(saved.st_atime_ns, saved.st_mtime_ns))
    assert profile.stat().st_size == saved.st_size
    _build(content, out)
    assert b"Citra Dewo" in (out / "pilar" / "citra-dewi" / "index.html").read_bytes()


@linux_only  # (reads seen by access times, as Linux's default relatime records them)
def test_only_files_changed_since_the_last_build_are_read(tmp_path: Path) -> None:
    content, out = _site(tmp_path), tmp_path / "out"
    _build(content, out)  # the fixture's files are old: their size and time can stand for them
    edited = content / "pillars" / "2019" / "citra-dewi.md"
    edited.write_text(edited.read_text().replace("name: Citra Dewi", "name: Citra Kirana"))
    mark_unread(content)
    _build(content, out)
    read = read_since_marked(content)
    profiles = {path for path in read if path.startswith(("pillars/", "news/"))}
    assert {path for path in profiles if path.endswith((".md", ".yaml"))} == {
        "pillars/2019/citra-dewi.md"
    }
    assert b"Citra Kirana" in (out / "pilar" / "citra-dewi" / "index.html").read_bytes()


def _same_site(out: Path, fresh: Path) -> bool:
    return {p: b for p, (b, _) in _snapshot(out).items()} == {
        p: b for p, (b, _) in _snapshot(fresh).items()
    }


def _lose_spare(content: Path) -> None:
    """Remove the copy of the site kept for the next build (as deleting the cache would)."""
    shutil.rmtree(content.parent / ".teladan-cache" / "spare")


def _inodes(folder: Path, folders: bool) -> dict[str, int]:
    """The inode of each folder (or each file) under `folder`: which ones were made anew."""
    return {
        p.relative_to(folder).as_posix(): p.stat().st_ino
        for p in folder.rglob("*")
        if (p.is_dir() if folders else p.is_file())
    }


def _edit_after_a_build(tmp_path: Path, lose_spare: bool) -> tuple[Path, Path, dict[str, int]]:
    """A build, an edit and a build, whose site equals a fresh build's and kept each file it
    did not change (the same file: its inode and time); returns (content, out, the folders of
    the site the build replaced)."""
    content, out = _site(tmp_path), tmp_path / "out"
    _build(content, out)
    if lose_spare:
        _lose_spare(content)
    before, files, folders = _snapshot(out), _inodes(out, False), _inodes(out, True)
    edited = content / "pillars" / "2019" / "citra-dewi.md"
    edited.write_text(edited.read_text().replace("name: Citra Dewi", "name: Citra Kirana"))
    cache_folders = set(_inodes(content.parent / ".teladan-cache", True).values())
    _build(content, out)
    after, now = _snapshot(out), _inodes(out, False)
    _build(content, tmp_path / "fresh")
    assert _same_site(out, tmp_path / "fresh")
    same = [p for p in after if p in before and after[p][0] == before[p][0]]
    assert len(same) > 20 and all(after[p][1] == before[p][1] for p in same)  # times kept
    assert all(now[p] == files[p] for p in same)  # the same files, linked
    if not lose_spare:
        # The new site started from the copy the first build made as it wrote: its folders
        # were there, in the cache, before this build began.
        assert set(_inodes(out, True).values()) <= cache_folders
    return content, out, folders


@linux_only
def test_the_first_edit_after_a_first_build_starts_from_the_copy_it_made_as_it_wrote(
    tmp_path: Path,
) -> None:
    _edit_after_a_build(tmp_path, lose_spare=False)


@linux_only
def test_an_edit_to_a_site_without_its_copy_keeps_the_replaced_site_for_the_next_edit(
    tmp_path: Path,
) -> None:
    content, out, replaced = _edit_after_a_build(tmp_path, lose_spare=True)
    cache = content.parent / ".teladan-cache"
    # the replaced site, kept in the cache as the next build's starting point …
    assert set(replaced.values()) <= set(_inodes(cache, True).values())
    kept_folders = set(_inodes(cache, True).values())
    edited = content / "pillars" / "2019" / "citra-dewi.md"
    edited.write_text(edited.read_text() + "\nSatu kalimat baru.\n")
    _build(content, out)
    assert set(_inodes(out, True).values()) <= kept_folders  # … and the next edit's
    _build(content, tmp_path / "fresh-2")
    assert _same_site(out, tmp_path / "fresh-2")


def _built_twice_then_renamed(tmp_path: Path) -> tuple[Path, Path, Path]:
    """The fixture site built into out/ and old/, then a profile renamed: (content, out, the
    edited file)."""
    content, out = _site(tmp_path), tmp_path / "out"
    _build(content, out)
    _build(content, tmp_path / "old")
    edited = content / "pillars" / "2019" / "citra-dewi.md"
    edited.write_text(edited.read_text().replace("name: Citra Dewi", "name: Citra Kirana"))
    return content, out, edited


def test_an_edit_reports_what_it_wrote_kept_and_removed_from_the_site_it_replaced(
    tmp_path: Path,
) -> None:
    content, out, edited = _built_twice_then_renamed(tmp_path)
    report = _build(content, out)
    assert report.write is not None and report.write.removed == ()
    assert {*report.write.written, *report.write.unchanged} == set(_snapshot(out))
    _build(content, tmp_path / "fresh")
    assert _same_site(out, tmp_path / "fresh")
    # The listing is the one of the site the build replaced: a file the previous build did not
    # make is reported as removed.
    (out / "stray.html").write_bytes(b"not made by teladan")
    edited.write_text(edited.read_text().replace("Citra Kirana", "Citra Dewi"))
    report = _build(content, out)
    assert report.write is not None and report.write.removed == ("stray.html",)
    assert not (out / "stray.html").exists()
    assert _same_site(out, tmp_path / "old")


def _command(content: Path, out: Path) -> list[str]:
    """The command line of a build, as staff run it (a process that ends when the site is in
    place and may leave saving what the next build needs to a process of its own)."""
    options = ["--content", str(content), "--output", str(out), "--no-search", "-q"]
    return [sys.executable, "-m", "generator", "build", *options]


def _run(content: Path, out: Path) -> None:
    """Build with the command, and wait for every process it left to end."""
    done = subprocess.run(_command(content, out), capture_output=True, text=True, check=False)
    assert done.returncode == 0, done.stderr
    assert processes_of(content) == []


@linux_only
def test_files_added_to_the_site_while_it_is_rebuilt_do_not_stay(tmp_path: Path) -> None:
    # Someone (a deploy script, a sync tool) writes into the site while a build lists, copies
    # and replaces it: whenever each file arrives, the builds after it leave none of them.
    content, out = _site(tmp_path), tmp_path / "out"
    _build(content, out)
    _build(content, tmp_path / "fresh")
    edited = content / "pillars" / "2019" / "citra-dewi.md"
    original = edited.read_text()
    stop = threading.Event()

    def add_files() -> None:
        for n in itertools.count():
            if stop.is_set():
                return
            with contextlib.suppress(OSError):  # (the folder is being replaced)
                (out / "pilar" / f"stray-{n}.html").write_bytes(b"not made by teladan")
            time.sleep(0.001)

    adding = threading.Thread(target=add_files)
    adding.start()
    try:
        edited.write_text(original + "\nSatu kalimat baru.\n")
        _run(content, out)
    finally:
        stop.set()
        adding.join()
    assert list((out / "pilar").glob("stray-*"))  # (some arrived after the build, at least)
    for sentence in ("Kalimat kedua.", "Kalimat ketiga."):  # (the spare they went into is used)
        edited.write_text(edited.read_text() + f"\n{sentence}\n")
        _build(content, out)
        assert not list((out / "pilar").glob("stray-*"))
    edited.write_text(original)
    _build(content, out)
    assert _same_site(out, tmp_path / "fresh")


@linux_only
# (an interrupt that lands in the handler Python runs after a fork is printed and dropped there)
@pytest.mark.filterwarnings("ignore::pytest.PytestUnraisableExceptionWarning")
def test_a_build_stopped_at_any_moment_leaves_no_process_behind(tmp_path: Path) -> None:
    # Ctrl-C in a long-running process (the preview server builds on every change): whatever
    # the build was doing, each process it started has ended and was waited for, and the next
    # build is right.
    import gc

    content, out = _site(tmp_path), tmp_path / "out"
    _build(content, out)
    _build(content, tmp_path / "fresh")
    edited = content / "pillars" / "2019" / "citra-dewi.md"
    original = edited.read_text()

    def interrupt(*args: object) -> None:  # a timed Ctrl-C: SIGINT, as the terminal sends
        os.kill(os.getpid(), signal.SIGINT)

    def interrupted_builds() -> str:
        """Builds stopped at growing delays, each delay at least once and until three builds
        were stopped (an interrupt landing in Python's own after-fork handler is dropped there,
        so not every one stops a build): what went wrong, or ''."""
        signal.signal(signal.SIGALRM, interrupt)
        signal.signal(signal.SIGINT, signal.default_int_handler)
        before, stopped = children(), 0
        delays = [0.001, 0.005, 0.01, 0.02, 0.03, 0.05, 0.08, 0.12, 0.2]
        for n in range(60):
            if n >= len(delays) and stopped >= 3:
                break
            delay = delays[n % len(delays)]
            edited.write_text(original + f"\nKalimat {n}.\n")
            try:  # (the timer is one-shot and stopped inside: nothing can land after `except`)
                signal.setitimer(signal.ITIMER_REAL, delay)
                build(content, out, today=TODAY, search=False)
                signal.setitimer(signal.ITIMER_REAL, 0)
            except KeyboardInterrupt:
                stopped += 1
            if not children() <= before:
                return f"a process was left behind after a build stopped after {delay} s"
            if gc.get_freeze_count():
                return f"the garbage collector was left frozen after {delay} s"
        return "" if stopped >= 3 else f"only {stopped} builds of 60 were stopped"

    # In a process of its own: an interrupt can land inside Python's own locks (logging's,
    # taken around a fork), which would leave this test process unable to log or end.
    report = tmp_path / "report"
    pid = os.fork()
    if pid == 0:
        try:
            report.write_text(interrupted_builds())
        finally:
            os._exit(0)
    os.waitpid(pid, 0)
    assert report.exists() and report.read_text() == ""
    edited.write_text(original)
    _build(content, out)
    assert _same_site(out, tmp_path / "fresh")


@linux_only
def test_a_copy_of_the_site_that_failed_half_way_leaves_a_right_site(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    # Without its spare folder a build links a copy of the live site aside while it reads;
    # the drive fills up half way through that copy (in another process, where it is made).
    content, out = _site(tmp_path), tmp_path / "out"
    _build(content, out)
    _lose_spare(content)
    before, builder = _snapshot(out), os.getpid()
    real_link, linked = os.link, itertools.count()

    def fills_up(source: Any, target: Any, *args: Any, **kwargs: Any) -> None:
        if os.getpid() != builder and next(linked) >= 5:
            raise OSError(errno.ENOSPC, os.strerror(errno.ENOSPC), str(target))
        real_link(source, target, *args, **kwargs)

    monkeypatch.setattr(os, "link", fills_up)
    edited = content / "pillars" / "2019" / "citra-dewi.md"
    edited.write_text(edited.read_text().replace("name: Citra Dewi", "name: Citra Kirana"))
    report = build(content, out, today=TODAY, search=False)
    if not report.ok:  # (a drive full is said, and the site left as it was) …
        assert _snapshot(out) == before
    monkeypatch.undo()
    _build(content, out)  # … or the build went on without the copy
    _build(content, tmp_path / "fresh")
    assert _same_site(out, tmp_path / "fresh")


@linux_only
def test_a_build_stopped_by_a_mistake_while_the_site_is_copied_aside_leaves_it_whole(
    tmp_path: Path,
) -> None:
    content, out = _site(tmp_path), tmp_path / "out"
    _build(content, out)
    _lose_spare(content)
    before, running = _snapshot(out), children()
    edited = content / "pillars" / "2019" / "citra-dewi.md"
    good = edited.read_text()
    edited.write_text(good.replace("year: 2019", "year: dua ribu"))
    report = build(content, out, today=TODAY, search=False)
    assert not report.ok and _snapshot(out) == before
    assert children() <= running  # each process it started was waited for
    edited.write_text(good.replace("name: Citra Dewi", "name: Citra Kirana"))
    _build(content, out)  # starts from the copy the stopped build left, listed from disk
    _build(content, tmp_path / "fresh")
    assert _same_site(out, tmp_path / "fresh")


def test_an_edit_saves_only_the_part_of_the_memo_holding_the_edited_file(tmp_path: Path) -> None:
    from generator.cache import CACHE_FOLDER, RECORDS_FOLDER
    from generator.memo import load_memo

    content, out = _site(tmp_path), tmp_path / "out"
    _build(content, out)
    cache = content.parent / CACHE_FOLDER

    def parts() -> dict[str, int]:
        return {p.name: p.stat().st_ino for p in (cache / RECORDS_FOLDER).glob("*/*.pickle")}

    before, remembered = parts(), set(load_memo(cache).records)
    edited = content / "pillars" / "2019" / "citra-dewi.md"
    edited.write_text(edited.read_text().replace("name: Citra Dewi", "name: Citra Kirana"))
    _build(content, out)
    after = parts()
    assert after.keys() == before.keys()
    assert len([name for name in after if after[name] != before[name]]) == 1  # saved anew
    memo = load_memo(cache)
    assert set(memo.records) == remembered
    assert memo.records["pillars/2019/citra-dewi.md"].record.name == "Citra Kirana"


def test_an_edited_story_leaves_the_open_data_as_it_was(tmp_path: Path) -> None:
    content, out = _site(tmp_path), tmp_path / "out"
    _build(content, out)

    def data() -> dict[str, tuple[bytes, int, int]]:
        found = {p.name: (p.read_bytes(), p.stat()) for p in (out / "data").iterdir()}
        return {name: (b, at.st_ino, at.st_mtime_ns) for name, (b, at) in found.items()}

    before = data()
    edited = content / "pillars" / "2019" / "citra-dewi.md"
    edited.write_text(edited.read_text() + "\nSatu kalimat baru di akhir kisah.\n")
    report = _build(content, out)
    assert b"Satu kalimat baru" in (out / "pilar" / "citra-dewi" / "index.html").read_bytes()
    assert data() == before  # the same files, not written again
    assert report.write is not None
    assert [path for path in report.write.written if path.startswith("data/")] == []


def _rendered(content: Path, out: Path) -> int:
    """Build; how many pages the build rendered (its progress counts them)."""
    totals: list[int] = []

    def progress(stage: str, done: int, total: int) -> None:
        if stage == "render":
            totals.append(total)

    report = build(content, out, today=TODAY, search=False, progress=progress)
    assert report.ok, [p.format() for p in report.problems]
    return totals[-1] if totals else 0


def test_an_edited_story_renders_again_only_the_page_showing_it(tmp_path: Path) -> None:
    content, out = _site(tmp_path), tmp_path / "out"
    report = _build(content, out)
    before = _snapshot(out)
    edited = content / "pillars" / "2019" / "citra-dewi.md"
    edited.write_text(edited.read_text() + "\nSatu kalimat baru di akhir kisah.\n")
    # its page, the year book (which prints the story) and the feed listing it, no other page
    assert _rendered(content, out) == 3
    assert report.pages > 20
    after = _snapshot(out)
    changed = {path for path in after if after[path][0] != before[path][0]}
    # (the feed shows no story)
    assert changed == {"pilar/citra-dewi/index.html", "tahun/2019/buku/index.html"}
    assert b"Satu kalimat baru" in after["pilar/citra-dewi/index.html"][0]
    _build(content, tmp_path / "fresh")
    assert _same_site(out, tmp_path / "fresh")


def test_an_edited_press_release_summary_reaches_every_page_showing_it(tmp_path: Path) -> None:
    content, out = _site(tmp_path), tmp_path / "out"
    _build(content, out)
    before = _snapshot(out)
    edited = content / "news" / "rilis-2023.md"
    edited.write_text(edited.read_text().replace("Pemenang 2023.", "Para teladan 2023."))
    rendered = _rendered(content, out)
    after = _snapshot(out)
    changed = {path for path in after if after[path][0] != before[path][0]}
    showing = {path for path, (data, _) in after.items() if b"Para teladan 2023." in data}
    assert showing and changed == showing
    assert rendered < len(after) / 2  # the pages that show the release, not all
    _build(content, tmp_path / "fresh")
    assert _same_site(out, tmp_path / "fresh")


def test_story_edits_between_builds_into_two_folders_leave_each_right(tmp_path: Path) -> None:
    content, first, second = _site(tmp_path), tmp_path / "first", tmp_path / "second"
    edited = content / "pillars" / "2019" / "citra-dewi.md"
    story = edited.read_text()
    _build(content, first)
    edited.write_text(story + "\nKalimat untuk folder kedua.\n")
    _build(content, second)
    edited.write_text(story + "\nKalimat terakhir.\n")
    _build(content, first)  # two edits since its last build, one seen by another build
    _build(content, tmp_path / "fresh")
    assert _same_site(first, tmp_path / "fresh")


def test_a_page_gone_from_the_site_comes_back_with_a_story_edit(tmp_path: Path) -> None:
    content, out = _site(tmp_path), tmp_path / "out"
    _build(content, out)
    (out / "kategori" / "index.html").unlink()  # shows no record: not looked at for the edit
    edited = content / "pillars" / "2019" / "citra-dewi.md"
    edited.write_text(edited.read_text() + "\nSatu kalimat baru.\n")
    _build(content, out)
    _build(content, tmp_path / "fresh")
    assert _same_site(out, tmp_path / "fresh")


@linux_only
def test_an_edit_to_a_profile_reached_through_a_link_is_seen(tmp_path: Path) -> None:
    # (the look at the content before a build takes each link's own time, which does not
    # change with the file it points to)
    content, out = _site(tmp_path), tmp_path / "out"
    profile = content / "pillars" / "2019" / "citra-dewi.md"
    kept = content / "pillars" / "_asli" / "citra-dewi.md"
    kept.parent.mkdir()
    profile.rename(kept)
    profile.symlink_to(Path("..") / "_asli" / "citra-dewi.md")
    an_hour_ago = profile.lstat().st_mtime_ns - 3600 * 10**9  # (not just now: see RACY_NS)
    os.utime(profile, ns=(an_hour_ago, an_hour_ago), follow_symlinks=False)
    _build(content, out)
    before = profile.lstat()
    kept.write_text(kept.read_text().replace("name: Citra Dewi", "name: Citra Kirana"))
    assert profile.lstat().st_mtime_ns == before.st_mtime_ns
    _build(content, out)
    assert b"Citra Kirana" in (out / "pilar" / "citra-dewi" / "index.html").read_bytes()


@linux_only
def test_a_build_right_after_another_finds_what_the_other_saved(tmp_path: Path) -> None:
    # The command ends as soon as the site is in place; what the next build needs may still be
    # being saved (by a process of its own), and the next build waits for it and uses it.
    content, out = _site(tmp_path), tmp_path / "out"
    first = subprocess.run(_command(content, out), capture_output=True, text=True, check=False)
    assert first.returncode == 0, first.stderr
    edited = content / "pillars" / "2019" / "citra-dewi.md"
    edited.write_text(edited.read_text() + "\nSatu kalimat baru.\n")
    mark_unread(content)
    _run(content, out)  # (at once: the first build may still be saving)
    read = {path for path in read_since_marked(content) if path.endswith((".md", ".yaml"))}
    assert {path for path in read if path.startswith("pillars/")} == {"pillars/2019/citra-dewi.md"}
    _build(content, tmp_path / "fresh")
    assert _same_site(out, tmp_path / "fresh")


def test_an_edited_summary_reaches_the_open_data(tmp_path: Path) -> None:
    content, out = _site(tmp_path), tmp_path / "out"
    _build(content, out)
    edited = content / "pillars" / "2019" / "citra-dewi.md"
    edited.write_text(edited.read_text().replace("Citra mengajar", "Citra membimbing"))
    _build(content, out)
    assert all(b"Citra membimbing" in (out / "data" / name).read_bytes() for name in DATA_FILES)
    _build(content, tmp_path / "fresh")
    assert _same_site(out, tmp_path / "fresh")


DATA_FILES = ("pilar.json", "pilar.csv")


@linux_only
def test_a_build_killed_at_any_moment_leaves_what_the_next_build_makes_right(
    tmp_path: Path,
) -> None:
    # A build killed (a power cut, the task manager) before it has saved what it made — the
    # site may already be in place — must not leave a memo the next build trusts: with a
    # same-size edit undone, the page would keep the edit.
    content, out = _site(tmp_path), tmp_path / "out"
    edited = content / "pillars" / "2019" / "citra-dewi.md"
    original = edited.read_text()
    stories = {
        story: original.replace("Cerita Citra.", story)
        for story in ("Cerita Citri.", "Cerita Citra.")
    }
    fresh = {}
    for story, text in stories.items():  # the reference sites, each from a build of its own
        edited.write_text(text)
        fresh[story] = tmp_path / f"fresh-{story}"
        _build(content, fresh[story])
    _run(content, out)
    for delay in [None, None, 0.05, 0.1, 0.15, 0.2, 0.3, 0.4]:  # (None: once the command ended)
        killed, then = sorted(stories, key=lambda story: story in edited.read_text())
        edited.write_text(stories[killed])
        process = subprocess.Popen(_command(content, out), stderr=subprocess.DEVNULL)
        if delay is None:
            process.wait()  # (the site is in place: what it made may still be being saved)
        else:
            time.sleep(delay)
        for pid in processes_of(content, wait=0):  # the build, its workers, its saving
            with contextlib.suppress(ProcessLookupError):
                os.kill(pid, signal.SIGKILL)
        process.wait()
        assert processes_of(content) == []
        edited.write_text(stories[then])  # (the same size)
        _run(content, out)
        assert _same_site(out, fresh[then]), f"killed after {delay} s"


def test_a_build_after_an_upgrade_reads_the_last_report_of_the_old_version(
    tmp_path: Path,
) -> None:
    import pickle

    from generator.cache import CACHE_FOLDER, OUTPUTS_FOLDER

    content, out = _site(tmp_path), tmp_path / "out"
    report = _build(content, out)
    outputs = content.parent / CACHE_FOLDER / OUTPUTS_FOLDER
    for looked in outputs.glob("*.looked.pickle"):
        looked.unlink()
    (found,) = outputs.glob("*.pickle")
    with found.open("wb") as old:  # (the last version's file: its key, then its report)
        pickle.dump((str(out.absolute()), "an old key"), old)
        pickle.dump(report, old)
    edited = content / "pillars" / "2019" / "citra-dewi.md"
    edited.write_text(edited.read_text() + "\nSatu kalimat baru.\n")
    _build(content, out)
    assert b"Satu kalimat baru" in (out / "pilar" / "citra-dewi" / "index.html").read_bytes()


def test_a_press_release_image_removed_later_is_told(tmp_path: Path) -> None:
    """The check that a press release's image is beside it reads the disk: the record memo
    must look again when that file goes (or comes back), as it does for a profile's photo."""
    content, out = _site(tmp_path), tmp_path / "out"
    release = content / "news" / "rilis-2019.md"
    release.write_text(release.read_text().replace("---\n", "---\nimage: acara.jpg\n", 1))
    image = content / "news" / "acara.jpg"
    shutil.copy(next((content / "pillars").rglob("*.jpg")), image)
    _build(content, out)
    image.unlink()
    second = build(content, out, today=TODAY, search=False)
    assert [p.field for p in second.problems if p.is_error] == ["image"]
    shutil.copy(next((content / "pillars").rglob("*.jpg")), image)
    _build(content, out)
    _build(content, tmp_path / "fresh")
    assert _same_site(out, tmp_path / "fresh")


def test_problems_kept_from_a_build_in_another_language_are_told_in_this_one(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    """The record memo keeps each file's problems as worded: a build in English after one in
    Indonesian words them in English, as a fresh English build does."""
    content, out = _site(tmp_path), tmp_path / "out"
    monkeypatch.setenv("TELADAN_LANG", "id")
    indonesian = _told(_build(content, out))
    monkeypatch.setenv("TELADAN_LANG", "en")
    english = _told(_build(content, out))
    fresh = _told(_build(_site(tmp_path / "again"), tmp_path / "fresh"))
    assert english == fresh and english != indonesian


def _told(report: BuildReport) -> list[tuple[str, str]]:
    return [(p.message, p.hint) for p in report.problems]


def test_a_scheduled_profile_appears_on_its_day_and_the_days_between_change_nothing(
    tmp_path: Path,
) -> None:
    """A build on a new day plans the pages again only if the day publishes something (it
    used to plan every page again each day); the site is a fresh build's every day."""
    content, out = _site(tmp_path), tmp_path / "out"
    draft = (content / "pillars" / "2023" / "draf-rahasia.md").read_text()
    its_day = TODAY + datetime.timedelta(days=2)
    scheduled = draft.replace("draft: true", f"date: {its_day.isoformat()}")
    (content / "pillars" / "2023" / "nanti.md").write_text(scheduled)
    shown = []
    for days in range(4):  # two days before its day, the day before, its day, the day after
        today = TODAY + datetime.timedelta(days=days)
        report = build(content, out, today=today, search=False)
        assert report.ok, [p.format() for p in report.problems]
        assert build(content, tmp_path / f"fresh-{days}", today=today, search=False).ok
        assert _same_site(out, tmp_path / f"fresh-{days}")
        shown.append(b"Profil Draf" in (out / "provinsi" / "bali" / "index.html").read_bytes())
    assert shown == [False, False, True, True]
