"""Rebuilds after small edits: every page showing a change shows it, nothing else is rewritten."""

from __future__ import annotations

import os
import shutil
from collections.abc import Callable
from pathlib import Path
from typing import Any

import pytest

from generator import BuildReport, build
from tests.conftest import TODAY, copy_fixture, linux_only


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
        p.relative_to(out).as_posix(): (p.read_bytes(), p.stat().st_mtime_ns)
        for p in out.rglob("*")
        if p.is_file()
    }


def test_a_second_build_with_nothing_changed_touches_nothing(tmp_path: Path) -> None:
    content, out = _site(tmp_path), tmp_path / "out"
    _build(content, out)
    before = _snapshot(out)
    report = _build(content, out)
    assert report.write is not None and report.write.written == ()
    assert _snapshot(out) == before  # same bytes and same modification times


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


def _spy_on_reads(monkeypatch: pytest.MonkeyPatch, log: Path) -> Callable[[], list[Path]]:
    """The files read with Path.read_bytes from now on, by this process or one it forks (a
    build checks the files that look changed in another process): noted in `log`."""
    original = Path.read_bytes

    def spy(self: Path) -> bytes:
        with log.open("a", encoding="utf-8") as noted:
            noted.write(f"{self}\n")
        return original(self)

    monkeypatch.setattr(Path, "read_bytes", spy)
    return lambda: [Path(line) for line in log.read_text("utf-8").splitlines()]


def test_only_files_changed_since_the_last_build_are_read(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    content, out = _site(tmp_path), tmp_path / "out"
    _build(content, out)  # the fixture's files are old: their size and time can stand for them
    edited = content / "pillars" / "2019" / "citra-dewi.md"
    edited.write_text(edited.read_text().replace("name: Citra Dewi", "name: Citra Kirana"))
    read = _spy_on_reads(monkeypatch, tmp_path / "read")
    _build(content, out)
    profiles = {p.name for p in read() if p.suffix == ".md"}
    assert profiles == {"citra-dewi.md"}
    assert b"Citra Kirana" in (out / "pilar" / "citra-dewi" / "index.html").read_bytes()


def test_a_first_build_reads_each_content_file_once(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    # The file's digest (for the next build) comes from the bytes that were parsed.
    content, out = _site(tmp_path), tmp_path / "out"
    read = _spy_on_reads(monkeypatch, tmp_path / "read")
    _build(content, out)
    profiles = [p for p in read() if p.suffix == ".md"]
    assert len(profiles) == len(list(content.rglob("*.md"))) == len(set(profiles))
    monkeypatch.undo()
    edited = content / "pillars" / "2019" / "citra-dewi.md"
    edited.write_text(edited.read_text().replace("name: Citra Dewi", "name: Citra Kirana"))
    _build(content, out)
    assert b"Citra Kirana" in (out / "pilar" / "citra-dewi" / "index.html").read_bytes()


def _same_site(out: Path, fresh: Path) -> bool:
    return {p: b for p, (b, _) in _snapshot(out).items()} == {
        p: b for p, (b, _) in _snapshot(fresh).items()
    }


def _lose_spare(content: Path) -> None:
    """Remove the copy of the site kept for the next build (as deleting the cache would)."""
    shutil.rmtree(content.parent / ".teladan-cache" / "spare")


def _first_edit_starts_from_a_copy(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch, lose_spare: bool
) -> list[Path]:
    """A build, an edit and a build; what `mirror_site` was asked to copy."""
    from generator import pipeline, write

    content, out = _site(tmp_path), tmp_path / "out"
    copies: list[Path] = []
    real = pipeline.mirror_site
    monkeypatch.setattr(pipeline, "mirror_site", lambda o, s: copies.append(s) or real(o, s))
    _build(content, out)
    assert copies == []  # an empty folder: nothing to copy
    if lose_spare:
        _lose_spare(content)
    before = _snapshot(out)
    edited = content / "pillars" / "2019" / "citra-dewi.md"
    edited.write_text(edited.read_text().replace("name: Citra Dewi", "name: Citra Kirana"))
    made: list[Path] = []
    real_make = write._make_folder
    monkeypatch.setattr(write, "_make_folder", lambda f, s: made.append(f) or real_make(f, s))
    _build(content, out)
    assert made == []  # the new site started from a copy: its folders were there
    after = _snapshot(out)
    _build(content, tmp_path / "fresh")
    assert _same_site(out, tmp_path / "fresh")
    same = [p for p in after if p in before and after[p][0] == before[p][0]]
    assert len(same) > 20 and all(after[p][1] == before[p][1] for p in same)  # times kept
    return copies


@linux_only
def test_the_first_edit_after_a_first_build_starts_from_the_copy_it_made_as_it_wrote(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    assert _first_edit_starts_from_a_copy(tmp_path, monkeypatch, lose_spare=False) == []


@linux_only
def test_an_edit_to_a_site_without_its_copy_copies_it_aside_while_it_reads(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    copies = _first_edit_starts_from_a_copy(tmp_path, monkeypatch, lose_spare=True)
    assert len(copies) == 1 and copies[0].is_dir()  # the replaced site, kept as the spare


def _built_twice_then_renamed(tmp_path: Path) -> tuple[Path, Path, Path]:
    """The fixture site built into out/ and old/, then a profile renamed: (content, out, the
    edited file)."""
    content, out = _site(tmp_path), tmp_path / "out"
    _build(content, out)
    _build(content, tmp_path / "old")
    edited = content / "pillars" / "2019" / "citra-dewi.md"
    edited.write_text(edited.read_text().replace("name: Citra Dewi", "name: Citra Kirana"))
    return content, out, edited


@linux_only
def test_an_edit_lists_the_live_site_in_another_process_while_it_reads_the_content(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    from generator import write

    content, out, edited = _built_twice_then_renamed(tmp_path)
    listed: list[Path] = []
    real_scan = write.scan_files
    monkeypatch.setattr(write, "scan_files", lambda f, d=None: listed.append(f) or real_scan(f, d))
    report = _build(content, out)
    assert out.absolute() not in listed  # (the forked process's listing is not seen here)
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
    assert out.absolute() not in listed and not (out / "stray.html").exists()
    assert _same_site(out, tmp_path / "old")


@linux_only
def test_an_edit_looks_at_no_file_of_the_spare_folder_itself(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    # (the process that lists the live site lists the spare too: one lstat per page saved)
    content, out, _ = _built_twice_then_renamed(tmp_path)
    looked: list[str] = []
    real_lstat = os.lstat

    def lstat(path: Any, *args: Any, **kwargs: Any) -> os.stat_result:
        looked.append(str(path))
        return real_lstat(path, *args, **kwargs)

    monkeypatch.setattr(os, "lstat", lstat)
    _build(content, out)
    assert [path for path in looked if ".staging-" in path] == []
    _build(content, tmp_path / "fresh")
    assert _same_site(out, tmp_path / "fresh")


def _slow_down(
    monkeypatch: pytest.MonkeyPatch, name: str, seconds: float, then: Callable[[], object] = list
) -> None:
    """pipeline.<name> from now on waits `seconds` first (in any process), and calls `then`
    after it."""
    import time

    from generator import pipeline

    real = getattr(pipeline, name)

    def slow(*args: Any, **kwargs: Any) -> Any:
        time.sleep(seconds)
        done = real(*args, **kwargs)
        then()
        return done

    monkeypatch.setattr(pipeline, name, slow)


def _spy_on_forks(monkeypatch: pytest.MonkeyPatch) -> list[int]:
    """The processes forked from now on."""
    children: list[int] = []
    real_fork = os.fork

    def fork() -> int:
        pid = real_fork()
        if pid:
            children.append(pid)
        return pid

    monkeypatch.setattr(os, "fork", fork)
    return children


@linux_only
def test_a_file_added_to_the_site_after_it_was_listed_does_not_come_back(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    from generator import pipeline

    content, out = _site(tmp_path), tmp_path / "out"
    _build(content, out)
    _build(content, tmp_path / "fresh")
    real = pipeline._list_site_aside

    def listed_then_changed(output: Path, spare: Path) -> Callable[[], object]:
        found = real(output, spare)()  # the listing is done: now someone adds a file
        (out / "pilar" / "stray.html").write_bytes(b"not made by teladan")
        return lambda: found

    monkeypatch.setattr(pipeline, "_list_site_aside", listed_then_changed)
    edited = content / "pillars" / "2019" / "citra-dewi.md"
    original = edited.read_text()
    edited.write_text(original + "\nSatu kalimat baru.\n")
    _build(content, out)
    # (gone from the site, into the spare folder; the report counts removed files from the
    # listing, so it does not list this one)
    assert not (out / "pilar" / "stray.html").exists()
    monkeypatch.undo()
    for sentence in ("Kalimat kedua.", "Kalimat ketiga."):  # the spare it went into is used
        edited.write_text(edited.read_text() + f"\n{sentence}\n")
        _build(content, out)
        assert not (out / "pilar" / "stray.html").exists()
    edited.write_text(original)
    _build(content, out)
    assert _same_site(out, tmp_path / "fresh")


@linux_only
def test_a_build_stopped_while_loading_its_memo_leaves_no_process_behind(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    import gc

    from generator import pipeline

    content, out = _site(tmp_path), tmp_path / "out"
    _build(content, out)
    children = _spy_on_forks(monkeypatch)

    def interrupted(cache: Path) -> None:
        raise KeyboardInterrupt

    monkeypatch.setattr(pipeline, "load_memo", interrupted)
    edited = content / "pillars" / "2019" / "citra-dewi.md"
    edited.write_text(edited.read_text() + "\nSatu kalimat baru.\n")
    with pytest.raises(KeyboardInterrupt):
        build(content, out, today=TODAY, search=False)
    assert len(children) == 2  # the listing of the site, the check of the edited file
    for child in children:
        with pytest.raises(ChildProcessError):  # each was waited for
            os.waitpid(child, os.WNOHANG)
    assert gc.get_freeze_count() == 0


@linux_only
def test_a_copy_that_failed_half_way_leaves_a_right_site(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    from generator import write

    content, out = _site(tmp_path), tmp_path / "out"
    _build(content, out)
    _lose_spare(content)

    def half(source: str, target: str, *listed: object) -> None:
        os.mkdir(target)
        Path(target, "stale.html").write_bytes(b"not part of the site")
        (Path(target) / "pilar").mkdir()
        raise OSError("disk full")

    monkeypatch.setattr(write, "_link_tree", half)
    edited = content / "pillars" / "2019" / "citra-dewi.md"
    edited.write_text(edited.read_text().replace("name: Citra Dewi", "name: Citra Kirana"))
    _build(content, out)
    _build(content, tmp_path / "fresh")
    assert _same_site(out, tmp_path / "fresh")


@linux_only
def test_a_build_stopped_by_a_mistake_while_the_site_is_copied_aside_leaves_it_whole(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    content, out = _site(tmp_path), tmp_path / "out"
    _build(content, out)
    _lose_spare(content)
    before = _snapshot(out)
    children = _spy_on_forks(monkeypatch)
    edited = content / "pillars" / "2019" / "citra-dewi.md"
    good = edited.read_text()
    edited.write_text(good.replace("year: 2019", "year: dua ribu"))
    report = build(content, out, today=TODAY, search=False)
    assert not report.ok and _snapshot(out) == before
    assert len(children) == 3  # one copies the site aside, one lists it, one checks the edit
    for child in children:
        with pytest.raises(ChildProcessError):  # each process was waited for
            os.waitpid(child, os.WNOHANG)
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


def test_an_edited_story_does_not_make_the_open_data_again(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    from generator import pipeline

    content, out = _site(tmp_path), tmp_path / "out"
    _build(content, out)
    data = {p.name: p.read_bytes() for p in (out / "data").iterdir()}
    edited = content / "pillars" / "2019" / "citra-dewi.md"
    edited.write_text(edited.read_text() + "\nSatu kalimat baru di akhir kisah.\n")

    def no_data(*args: object) -> None:
        raise AssertionError("the open data was made again")

    monkeypatch.setattr(pipeline, "render_data", no_data)
    _build(content, out)
    assert b"Satu kalimat baru" in (out / "pilar" / "citra-dewi" / "index.html").read_bytes()
    assert {p.name: p.read_bytes() for p in (out / "data").iterdir()} == data


def _count_fingerprinted(monkeypatch: pytest.MonkeyPatch) -> list[str]:
    """The pages whose fingerprints a build works out in this process."""
    from generator.fingerprints import PageFingerprints

    pages: list[str] = []
    real = PageFingerprints.page

    def page(self: PageFingerprints, template: str, context: object) -> object:
        pages.append(template)
        return real(self, template, context)  # type: ignore[arg-type]

    monkeypatch.setattr(PageFingerprints, "page", page)
    return pages


def test_an_edited_story_is_looked_at_again_only_on_the_pages_showing_it(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    content, out = _site(tmp_path), tmp_path / "out"
    report = _build(content, out)
    before = _snapshot(out)
    edited = content / "pillars" / "2019" / "citra-dewi.md"
    edited.write_text(edited.read_text() + "\nSatu kalimat baru di akhir kisah.\n")
    looked = _count_fingerprinted(monkeypatch)
    _build(content, out)
    assert looked == ["pillar.html", "feeds/pillars.xml"]  # not the other pages
    assert report.pages > 20
    after = _snapshot(out)
    changed = {path for path in after if after[path][0] != before[path][0]}
    assert changed == {"pilar/citra-dewi/index.html"}  # (the feed shows no story)
    assert b"Satu kalimat baru" in after["pilar/citra-dewi/index.html"][0]
    _build(content, tmp_path / "fresh")
    assert _same_site(out, tmp_path / "fresh")


def test_an_edited_press_release_summary_reaches_every_page_showing_it(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    content, out = _site(tmp_path), tmp_path / "out"
    _build(content, out)
    before = _snapshot(out)
    edited = content / "news" / "rilis-2023.md"
    edited.write_text(edited.read_text().replace("Pemenang 2023.", "Para teladan 2023."))
    looked = _count_fingerprinted(monkeypatch)
    _build(content, out)
    after = _snapshot(out)
    changed = {path for path in after if after[path][0] != before[path][0]}
    showing = {path for path, (data, _) in after.items() if b"Para teladan 2023." in data}
    assert showing and changed == showing
    assert len(looked) < len(after) / 2  # the pages that show the release, not all
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
def test_a_build_may_leave_saving_its_memo_to_a_process_the_next_build_waits_for(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    from generator.cache import CACHE_FOLDER
    from generator.processes import build_lock

    content, out = _site(tmp_path), tmp_path / "out"
    cache, saved_by = content.parent / CACHE_FOLDER, tmp_path / "saved-by"
    _slow_down(monkeypatch, "_remember", 0.5, lambda: saved_by.write_text(str(os.getpid())))
    with build_lock(cache):
        kept: list[object] = []
        assert build(content, out, today=TODAY, search=False, keep=kept, save_aside=True).ok
    assert kept  # (the memo, not freed)
    assert not saved_by.exists()  # (the build did not wait for it)
    edited = content / "pillars" / "2019" / "citra-dewi.md"
    edited.write_text(edited.read_text() + "\nSatu kalimat baru.\n")
    looked = _count_fingerprinted(monkeypatch)
    with build_lock(cache):
        assert int(saved_by.read_text()) != os.getpid()  # saved, by another process
        _build(content, out)
    assert looked == ["pillar.html", "feeds/pillars.xml"]  # it found the memo saved


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
def test_an_edited_file_is_checked_in_another_process_while_the_memo_loads(
    tmp_path: Path,
) -> None:
    import subprocess
    import sys

    content, out = _site(tmp_path), tmp_path / "out"
    _build(content, out)
    edited = content / "pillars" / "2019" / "citra-dewi.md"
    edited.write_text(edited.read_text() + "\nSatu kalimat baru.\n")
    options = ["--content", str(content), "--output", str(out), "--no-search", "-q"]
    script = (
        "import sys\n"
        "from generator.cli import run\n"
        f"code = run(['build', *{options!r}])\n"
        "print('markdown' in sys.modules)\n"
        "sys.exit(code)\n"
    )
    done = subprocess.run([sys.executable, "-c", script], capture_output=True, text=True)
    assert done.returncode == 0, done.stderr
    assert done.stdout == "False\n"  # the build process needed no Markdown
    assert b"Satu kalimat baru" in (out / "pilar" / "citra-dewi" / "index.html").read_bytes()
    _build(content, tmp_path / "fresh")
    assert _same_site(out, tmp_path / "fresh")


def test_a_site_whose_memo_was_never_saved_is_not_trusted(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    # A build whose saving was lost (a process killed after the new site was in place) leaves
    # a memo that describes the site before it; with a same-size edit undone, that memo would
    # say the page is right, and the page would keep the edit.
    from generator import pipeline

    content, out = _site(tmp_path), tmp_path / "out"
    _build(content, out)
    edited = content / "pillars" / "2019" / "citra-dewi.md"
    original = edited.read_text()
    edited.write_text(original.replace("Cerita Citra.", "Cerita Citri."))
    monkeypatch.setattr(pipeline, "_remember", lambda *args: None)  # (the save is lost)
    _build(content, out)
    assert b"Cerita Citri." in (out / "pilar" / "citra-dewi" / "index.html").read_bytes()
    monkeypatch.undo()
    edited.write_text(original)
    _build(content, out)
    assert b"Cerita Citra." in (out / "pilar" / "citra-dewi" / "index.html").read_bytes()
    _build(content, tmp_path / "fresh")
    assert _same_site(out, tmp_path / "fresh")


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


@linux_only
def test_checking_files_aside_that_did_not_change_is_stopped_not_waited_for(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    import time

    content, out = _site(tmp_path), tmp_path / "out"
    _build(content, out)
    _slow_down(monkeypatch, "_check_one", 20)
    for profile in (content / "pillars").rglob("*.md"):  # new times, the same bytes
        os.utime(profile, ns=(profile.stat().st_atime_ns, profile.stat().st_mtime_ns + 10**9))
    children = _spy_on_forks(monkeypatch)
    started = time.monotonic()
    _build(content, out)
    assert time.monotonic() - started < 10
    assert len(children) == 2  # the listing, and the checking, which was stopped and reaped
    for child in children:
        with pytest.raises(ChildProcessError):
            os.waitpid(child, os.WNOHANG)
