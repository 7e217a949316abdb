import errno
import os
import pickle
from pathlib import Path
from typing import Any

import pytest

from generator.aside import copy_site_aside
from generator.listing import FileStat, Listings, file_stat, list_site, list_spare
from generator.model import RenderedFile
from generator.write import (
    MARKER,
    MARKER_TEXT,
    SPARE_TOKEN,
    OutputError,
    SpareState,
    Staging,
    safe_relative,
    write_site,
)
from tests.conftest import linux_only


def test_write_creates_the_site_with_its_marker(tmp_path: Path) -> None:
    out = tmp_path / "output"
    report = write_site([RenderedFile("index.html", b"hi"), RenderedFile("a/b.html", b"x")], out)
    assert (out / "index.html").read_bytes() == b"hi"
    assert (out / MARKER).is_file()
    assert set(report.written) == {"index.html", "a/b.html", MARKER}


def test_unchanged_files_keep_their_modification_time(tmp_path: Path) -> None:
    out = tmp_path / "output"
    write_site([RenderedFile("same.html", b"1"), RenderedFile("old.html", b"x")], out)
    past = 1_000_000_000
    os.utime(out / "same.html", (past, past))
    report = write_site([RenderedFile("same.html", b"1"), RenderedFile("new.html", b"2")], out)
    assert (out / "same.html").stat().st_mtime == past
    assert "same.html" in report.unchanged and "new.html" in report.written
    assert report.removed == ("old.html",)
    assert not (out / "old.html").exists()


def test_a_large_page_is_told_apart_by_its_last_byte(tmp_path: Path) -> None:
    # (a large page is compared with the previous one a block at a time: a year's book is tens
    # of MB)
    out, page = tmp_path / "output", bytearray(b"x" * 3_000_000)
    write_site([RenderedFile("buku.html", bytes(page))], out)
    page[-1:] = b"y"  # (the same size)
    report = write_site([RenderedFile("buku.html", bytes(page))], out)
    assert (out / "buku.html").read_bytes() == page and "buku.html" in report.written
    report = write_site([RenderedFile("buku.html", bytes(page))], out)
    assert "buku.html" in report.unchanged


def test_refuses_to_clear_a_folder_it_did_not_make(tmp_path: Path) -> None:
    out = tmp_path / "output"
    out.mkdir()
    (out / "thesis.docx").write_bytes(b"precious")
    with pytest.raises(OutputError, match="not made by teladan"):
        write_site([RenderedFile("index.html", b"x")], out)
    assert (out / "thesis.docx").read_bytes() == b"precious"


def test_an_empty_existing_folder_is_fine(tmp_path: Path) -> None:
    out = tmp_path / "output"
    out.mkdir()
    write_site([RenderedFile("index.html", b"x")], out)
    assert (out / "index.html").exists()


@pytest.mark.parametrize("path", ["../evil.html", "/etc/passwd", "a/../../b", "", "a\\..\\b"])
def test_paths_outside_the_output_folder_are_refused(path: str) -> None:
    with pytest.raises(OutputError):
        safe_relative(path)


def test_a_failing_write_leaves_the_previous_site_whole(tmp_path: Path) -> None:
    out = tmp_path / "output"
    write_site([RenderedFile("index.html", b"v1")], out)
    with pytest.raises(OutputError):
        write_site([RenderedFile("index.html", b"v2"), RenderedFile("../x", b"!")], out)
    assert (out / "index.html").read_bytes() == b"v1"
    assert not (tmp_path / "x").exists()
    assert sorted(p.name for p in tmp_path.iterdir()) == ["output"]  # no staging left behind


def _build(out: Path, spare: Path, files: dict[str, bytes], during: dict[str, bytes]) -> None:
    """One build through a reused staging folder; `during` records what the live site held
    just before the swap (finish runs then)."""

    def look(_: Path) -> dict[str, FileStat]:
        during.update({p: (out / p).read_bytes() for p in files if (out / p).is_file()})
        return {}

    with Staging(out, spare) as staging:
        for path, data in files.items():
            staging.place(RenderedFile(path, data))
        staging.commit(look)


def _tree(folder: Path) -> dict[str, bytes]:
    return {
        p.relative_to(folder).as_posix(): p.read_bytes() for p in folder.rglob("*") if p.is_file()
    }


def test_a_reused_staging_folder_gives_exactly_the_new_site(tmp_path: Path) -> None:
    out, spare = tmp_path / "output", tmp_path / "cache" / "spare"
    during: dict[str, bytes] = {}
    _build(out, spare, {"a/index.html": b"a1", "b/index.html": b"b1", "gone.html": b"x"}, during)
    _build(out, spare, {"a/index.html": b"a2", "b/index.html": b"b1"}, during)
    assert spare.is_dir()  # the replaced site is kept for the next build
    past = 1_000_000_000
    os.utime(out / "b/index.html", (past, past))
    # The spare now holds the first site: a1 is stale, gone.html must not come back.
    during.clear()
    _build(out, spare, {"a/index.html": b"a2", "b/index.html": b"b3", "c.html": b"c"}, during)
    assert _tree(out) == {
        "a/index.html": b"a2",
        "b/index.html": b"b3",
        "c.html": b"c",
        MARKER: MARKER_TEXT.encode(),
    }
    assert during["b/index.html"] == b"b1"  # the live file was never written through a link
    assert (out / "b/index.html").stat().st_mtime != past
    assert sorted(p.name for p in tmp_path.iterdir()) == ["cache", "output"]  # nothing beside


def test_a_spare_left_in_any_state_is_brought_up_to_date(tmp_path: Path) -> None:
    out, spare = tmp_path / "output", tmp_path / "spare"
    write_site([RenderedFile("index.html", b"v1")], out)
    spare.mkdir()  # as a killed build might leave it, and worse
    (spare / "index.html").mkdir()  # a folder where a file goes
    (spare / "pilar").write_bytes(b"a file where a folder goes")
    (spare / "junk").mkdir()
    (spare / "junk" / "old.html").write_bytes(b"stale")
    (spare / "empty" / "deeper").mkdir(parents=True)
    _build(out, spare, {"index.html": b"v2", "pilar/x/index.html": b"x"}, {})
    assert sorted(p.relative_to(out).as_posix() for p in out.rglob("*") if p.is_dir()) == [
        "pilar",
        "pilar/x",
    ]
    assert _tree(out) == {
        "index.html": b"v2",
        "pilar/x/index.html": b"x",
        MARKER: MARKER_TEXT.encode(),
    }


def _build_trusting(
    out: Path, spare: Path | None, files: dict[str, bytes], known: SpareState | None
) -> SpareState | None:
    """One build as the pipeline runs it: pages it has not rendered again are linked, and what
    the spare held is passed on to the next build."""
    with Staging(out, spare, known) as staging:
        kept = [
            p for p, data in files.items() if (out / p).is_file() and (out / p).read_bytes() == data
        ]
        staging.link(kept)
        for path, data in files.items():
            if path not in kept:
                staging.place(RenderedFile(path, data))
        staging.commit()
        return staging.spare_state


def test_a_spare_put_aside_by_the_last_build_gives_exactly_the_new_site(tmp_path: Path) -> None:
    out, spare = tmp_path / "output", tmp_path / "cache" / "spare"
    state = _build_trusting(
        out, spare, {"a/index.html": b"a1", "b/index.html": b"b1", "gone.html": b"x"}, None
    )
    # Nothing was replaced: the spare is a copy of the new site, made of links as it was written
    assert state is not None and state.files == {
        "a/index.html",
        "b/index.html",
        "gone.html",
        MARKER,
    }
    assert (spare / "a" / "index.html").samefile(out / "a" / "index.html")
    state = _build_trusting(out, spare, {"a/index.html": b"a2", "b/index.html": b"b1"}, None)
    assert state is not None and (spare / SPARE_TOKEN).is_file()
    assert state.files == {"a/index.html", "b/index.html", "gone.html", MARKER}
    # The spare holds the first site: a1 is stale, gone.html must not come back.
    _build_trusting(
        out, spare, {"a/index.html": b"a2", "b/index.html": b"b3", "c.html": b"c"}, state
    )
    assert _tree(out) == {
        "a/index.html": b"a2",
        "b/index.html": b"b3",
        "c.html": b"c",
        MARKER: MARKER_TEXT.encode(),
    }
    assert not (out / SPARE_TOKEN).exists()


def test_the_spare_listed_with_the_live_site_holds_what_they_share_once(tmp_path: Path) -> None:
    # The two listings come from the process that lists them aside, in one pickle: the spare's
    # takes the live site's paths, and the FileStat of each file that is one with the site's.
    out, spare = tmp_path / "output", tmp_path / "cache" / "spare"
    state = _build_trusting(out, spare, {"a/index.html": b"a1", "b/index.html": b"b1"}, None)
    _build_trusting(out, spare, {"a/index.html": b"a2", "b/index.html": b"b1"}, state)
    linked: set[str] = set()
    live, listed = list_site(out, linked), list_site(spare)
    assert "b/index.html" in linked and "a/index.html" not in linked
    read = pickle.loads(pickle.dumps(Listings(live, list_spare(spare, live, linked))))
    assert read.spare == (listed[0], {folder for folder in listed[1] if folder})
    files, spare_files = read.live[0], read.spare[0]
    assert spare_files["b/index.html"] is files["b/index.html"]  # one file (a link): held once
    assert spare_files["a/index.html"] != files["a/index.html"]  # the stale one, as it is
    assert [p for p in spare_files if p in files and p is not _key(files, p)] == []
    assert [f for f in read.spare[1] if f is not _key(read.live[1], f)] == []


@pytest.mark.parametrize("other_names", [False, True])
def test_a_spare_file_whose_entry_names_a_live_inode_is_looked_at_unless_it_can_be_a_link(
    tmp_path: Path, other_names: bool
) -> None:
    # Drives without hard links (FAT, exFAT, some network shares) may make up the inode
    # numbers a folder's entries give: one may be that of the live site's file at the same
    # path, in a listing taken earlier. Only a live file with other names can be the spare's.
    spare = tmp_path / "spare"
    (spare / "a").mkdir(parents=True)
    (spare / "a" / "index.html").write_bytes(b"stale")
    own = os.lstat(spare / "a" / "index.html")
    said = (999, own.st_ino, own.st_dev, 1)  # the live file: another size and time
    linked = {"a/index.html"} if other_names else set()
    files, folders = list_spare(spare, ({"a/index.html": said}, {"": 0, "a": 0}), linked)
    assert folders == {"a"}
    assert files["a/index.html"] == (said if other_names else file_stat(own))
    on_another_drive = (999, own.st_ino, own.st_dev + 1, 1)
    files, _ = list_spare(spare, ({"a/index.html": on_another_drive}, {}), linked)
    assert files["a/index.html"] == file_stat(own)


def _key(found: dict[str, Any], path: str) -> str:
    """The very string `found` holds as the key `path`."""
    return next(key for key in found if key == path)


def test_a_spare_a_failed_build_gave_back_leaves_none_of_it_in_the_next_site(
    tmp_path: Path,
) -> None:
    out, spare = tmp_path / "output", tmp_path / "cache" / "spare"
    _build_trusting(out, spare, {"a.html": b"1", "b.html": b"1"}, None)
    state = _build_trusting(out, spare, {"a.html": b"2", "b.html": b"1"}, None)
    with pytest.raises(RuntimeError), Staging(out, spare, state) as staging:
        staging.place(RenderedFile("junk.html", b"half a build"))
        raise RuntimeError("the build stops here")
    assert not (spare / SPARE_TOKEN).exists()  # given back without its token
    _build_trusting(out, spare, {"a.html": b"2", "b.html": b"3"}, state)  # (no junk.html)
    assert _tree(out) == {"a.html": b"2", "b.html": b"3", MARKER: MARKER_TEXT.encode()}


def test_a_file_gone_from_a_known_spare_is_linked_again(tmp_path: Path) -> None:
    out, spare = tmp_path / "output", tmp_path / "cache" / "spare"
    _build_trusting(out, spare, {"a.html": b"1", "b.html": b"1"}, None)
    state = _build_trusting(out, spare, {"a.html": b"1", "b.html": b"2"}, None)
    (spare / "a.html").unlink()  # say, a cache cleaner or a partial restore
    (spare / "b.html").unlink()
    (spare / "b.html").write_bytes(b"2")  # the same bytes, but not the live file
    _build_trusting(out, spare, {"a.html": b"1", "b.html": b"2", "c.html": b"3"}, state)
    assert _tree(out) == {
        "a.html": b"1",
        "b.html": b"2",
        "c.html": b"3",
        MARKER: MARKER_TEXT.encode(),
    }


@linux_only
def test_a_copy_of_the_site_made_aside_becomes_the_staging_folder(tmp_path: Path) -> None:
    out, spare = tmp_path / "output", tmp_path / "cache" / "spare"
    first = {"a/index.html": b"a1", "b/index.html": b"b1", "old/x.html": b"x"}
    _build_trusting(out, None, first, None)
    copied = copy_site_aside(out, spare)()
    assert copied is not None and (spare / SPARE_TOKEN).read_text() == copied.token
    assert {*copied.files, SPARE_TOKEN} == {
        p.relative_to(spare).as_posix() for p in spare.rglob("*") if p.is_file()
    }
    assert copied.folders == {"a", "b", "old"}
    assert (spare / "b/index.html").stat().st_ino == (out / "b/index.html").stat().st_ino
    (out / "old" / "x.html").unlink()  # the live site changed after the copy was made
    (out / "old").rmdir()
    folders = {name: (spare / name).stat().st_ino for name in ("a", "b")}
    _build_trusting(out, spare, {"a/index.html": b"a2", "b/index.html": b"b1"}, copied)
    assert _tree(out) == {
        "a/index.html": b"a2",
        "b/index.html": b"b1",
        MARKER: MARKER_TEXT.encode(),
    }
    assert not (out / "old").exists()
    assert (spare / "a/index.html").read_bytes() == b"a1"  # never written through a link
    # the folders were there already: the copy's own
    assert {name: (out / name).stat().st_ino for name in ("a", "b")} == folders


@linux_only
def test_a_copy_that_failed_half_way_is_listed_from_disk(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    out, spare = tmp_path / "output", tmp_path / "cache" / "spare"
    _build_trusting(out, None, {"a.html": b"1", "b.html": b"1"}, None)

    copier, real_link = os.getpid(), os.link

    def fills_up(source: Any, target: Any, *args: Any, **kwargs: Any) -> None:
        if os.getpid() != copier and Path(target).name == "b.html":  # (the copy's process)
            raise OSError(errno.ENOSPC, os.strerror(errno.ENOSPC), str(target))
        real_link(source, target, *args, **kwargs)

    monkeypatch.setattr(os, "link", fills_up)  # (the drive fills up half way)
    assert copy_site_aside(out, spare)() is None
    monkeypatch.undo()
    _build_trusting(out, spare, {"a.html": b"1", "b.html": b"2"}, None)
    assert _tree(out) == {"a.html": b"1", "b.html": b"2", MARKER: MARKER_TEXT.encode()}


@linux_only
def test_a_detached_process_runs_on_without_holding_the_output_of_its_parent(
    tmp_path: Path,
) -> None:
    import subprocess
    import sys
    import time

    done = tmp_path / "done"
    script = (
        "import os, sys, time\n"
        "from pathlib import Path\n"
        "from generator.processes import run_detached\n"
        "def work():\n"
        "    print('from the detached process')\n"
        "    time.sleep(1.5)\n"
        f"    Path({str(done)!r}).write_text(str(os.getppid()))\n"
        "assert run_detached(work)\n"
        "print('parent done')\n"
    )
    finished = subprocess.run(
        [sys.executable, "-c", script], capture_output=True, text=True, check=True, timeout=30
    )
    assert finished.stdout == "parent done\n"  # the detached process writes nowhere
    assert not done.exists()  # the pipe closed when the parent ended, before it had done
    for _ in range(100):
        if done.exists():
            break
        time.sleep(0.05)
    assert done.exists()  # it ran on after its parent ended


@linux_only
def test_a_build_lock_held_by_a_forked_process_is_waited_for(tmp_path: Path) -> None:
    import time

    from generator.processes import build_lock, run_detached

    cache, order = tmp_path / "cache", tmp_path / "order"

    def slow_save() -> None:
        time.sleep(0.5)
        with order.open("a") as file:
            file.write("saved\n")

    with build_lock(cache):
        assert run_detached(slow_save)
    # (the next build waits for the forked process, which holds the lock on)
    with build_lock(cache), order.open("a") as file:
        file.write("next build\n")
    assert order.read_text() == "saved\nnext build\n"


def test_a_first_build_into_an_empty_folder_keeps_its_copy_as_the_spare(tmp_path: Path) -> None:
    out, spare = tmp_path / "output", tmp_path / "cache" / "spare"
    out.mkdir()  # (made by the user, empty: there is no previous site)
    with Staging(out, spare) as staging:
        staging.place(RenderedFile("a/index.html", b"a"))
        staging.commit()
        state = staging.spare_state
    assert state is not None and state.files == {"a/index.html", MARKER}
    assert (spare / "a" / "index.html").samefile(out / "a" / "index.html")
    assert sorted(p.name for p in tmp_path.iterdir()) == ["cache", "output"]  # nothing left
