"""Every portable fallback of generator/processes.py, exercised on Linux by taking away what
other systems lack: hard links (FAT, exFAT, network shares, another drive), fork (Windows,
macOS), flock (Windows, some network shares), a process check that sends no signal (Windows),
and a drive that minds capital letters. The reference is a fresh build of the same content."""

from __future__ import annotations

import contextlib
import errno
import os
import shutil
import subprocess
import sys
import textwrap
from collections.abc import Iterator
from pathlib import Path

import pytest

from generator import build, check, processes
from generator.write import recover_interrupted
from tests.conftest import REPO, TODAY, copy_site
from tests.rebuild.observe import many_profiles
from tests.tools import require_program


def _files(folder: Path) -> dict[str, bytes]:
    return {
        p.relative_to(folder).as_posix(): p.read_bytes() for p in folder.rglob("*") if p.is_file()
    }


def _edit(content: Path) -> None:
    profile = content / "pillars" / "2019" / "citra-dewi.md"
    profile.write_text(profile.read_text() + "\nSatu kalimat baru.\n")


def _builds_match_a_fresh_build(content: Path, tmp_path: Path) -> None:
    """Build twice, edit, build again: each time the same site as a fresh build (which shares
    the cache, so the search bundle is the cached one: Pagefind's own output varies)."""
    out = tmp_path / "out"
    for step in range(3):
        if step == 2:
            _edit(content)
        report = build(content, out, today=TODAY)
        assert report.ok, [p.format() for p in report.problems]
        fresh = tmp_path / f"fresh-{step}"
        assert build(content, fresh, today=TODAY).ok
        assert _files(out) == _files(fresh)
    assert (out / "pagefind" / "pagefind.js").is_file()


@pytest.mark.parametrize("code", [errno.EXDEV, errno.EPERM, errno.EOPNOTSUPP])
def test_where_hard_links_fail_files_are_copied(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch, code: int
) -> None:
    content = copy_site("full", tmp_path)

    def no_links(*args: object, **kwargs: object) -> None:
        raise OSError(code, os.strerror(code))

    monkeypatch.setattr(os, "link", no_links)
    many_profiles(content, 60)  # (enough pages for worker processes, which place files too)
    _builds_match_a_fresh_build(content, tmp_path)
    target = tmp_path / "copied"
    processes.link_or_copy(content / "site.yaml", target)
    assert target.read_bytes() == (content / "site.yaml").read_bytes()


def test_without_fork_a_build_works_in_one_process(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    content = copy_site("full", tmp_path)
    monkeypatch.delattr(os, "fork")
    many_profiles(content, 60)  # (enough pages for worker processes, where there is fork)
    assert not processes.can_fork()
    assert processes.run_detached(lambda: None) is False  # the caller saves its memo itself
    assert processes.in_child(lambda: 1, tmp_path / "result")() is None
    assert processes.worker_pool(2) is None  # pages render in this process
    _builds_match_a_fresh_build(content, tmp_path)


def test_no_fork_while_another_thread_runs(tmp_path: Path) -> None:
    import threading

    stop = threading.Event()
    thread = threading.Thread(target=stop.wait)
    thread.start()
    try:
        assert not processes.can_fork()
        assert processes.in_child(lambda: 1, tmp_path / "result")() is None
    finally:
        stop.set()
        thread.join()
    assert processes.can_fork() == sys.platform.startswith("linux")


def _python(
    script: str, no_fcntl: bool = False, timeout: float = 120
) -> subprocess.CompletedProcess[str]:
    """Run `script` in a fresh interpreter using this worktree's generator (without fcntl, as
    on Windows, if `no_fcntl`)."""
    env = {**os.environ, "PYTHONPATH": str(REPO)}
    code = (NO_FCNTL if no_fcntl else "") + textwrap.dedent(script)
    return subprocess.run(
        [sys.executable, "-c", code],
        capture_output=True, text=True, timeout=timeout, env=env, check=False,
    )  # fmt: skip


NO_FCNTL = "import sys\nsys.modules['fcntl'] = None  # (as on Windows)\n"


def test_without_fcntl_a_build_succeeds_and_builds_take_turns(tmp_path: Path) -> None:
    content = copy_site("full", tmp_path)
    cache, order = content.parent / ".teladan-cache", tmp_path / "order"
    argv = ["build", "--content", str(content), "--output", str(tmp_path / "out")]
    for _ in range(2):
        done = _python(f"from generator.cli import run\nsys.exit(run({argv!r}))", True)
        assert done.returncode == 0, done.stderr
    holder = subprocess.Popen(
        [sys.executable, "-c", NO_FCNTL + textwrap.dedent(f"""
            import time
            from pathlib import Path
            from generator.processes import build_lock
            with build_lock(Path({str(cache)!r})) as handed_over:
                assert not handed_over  # (no detached process can hold this lock on)
                print("held", flush=True)
                time.sleep(1)
                Path({str(order)!r}).write_text("first\\n")
        """)],
        stdout=subprocess.PIPE, text=True, env={**os.environ, "PYTHONPATH": str(REPO)},
    )  # fmt: skip
    assert holder.stdout is not None and holder.stdout.readline() == "held\n"
    waited = _python(
        f"""
        from pathlib import Path
        from generator.processes import build_lock
        with build_lock(Path({str(cache)!r}), lambda: print("waiting")):
            with open({str(order)!r}, "a") as file:
                file.write("second\\n")
        """,
        no_fcntl=True,
    )
    holder.wait(timeout=60)
    assert waited.returncode == 0, waited.stderr
    assert waited.stdout == "waiting\n"
    assert order.read_text() == "first\nsecond\n"
    assert not (cache / "lock.pid").exists()  # released


def test_a_lock_file_whose_holder_is_gone_is_taken(tmp_path: Path) -> None:
    cache = tmp_path / "cache"
    cache.mkdir()
    (cache / "lock.pid").write_text(str(_gone_pid()))  # left by a build that was killed
    done = _python(
        f"""
        import os
        from pathlib import Path
        from generator.processes import build_lock
        with build_lock(Path({str(cache)!r})):
            print(Path({str(cache / "lock.pid")!r}).read_text() == str(os.getpid()))
        """,
        no_fcntl=True,
    )
    assert done.returncode == 0 and done.stdout == "True\n", done.stderr


def _gone_pid() -> int:
    ended = subprocess.Popen(["true"])
    ended.wait()
    return ended.pid


def test_a_flock_held_by_processes_of_a_killed_build_is_not_waited_for(tmp_path: Path) -> None:
    """Render workers of a build killed by an older teladan held its lock on, and every later
    build waited forever. The lock file names the build that took it: if that one is gone, the
    lock is not waited for (and the build saves its own memo)."""
    cache = tmp_path / "cache"
    cache.mkdir()
    orphan = subprocess.Popen(
        [sys.executable, "-c", textwrap.dedent(f"""
            import fcntl, os, sys, time
            fd = os.open({str(cache / "lock")!r}, os.O_RDWR | os.O_CREAT)
            fcntl.flock(fd, fcntl.LOCK_EX)
            os.write(fd, b"{_gone_pid()}")  # (the build it was forked from, killed)
            print("held", flush=True)
            time.sleep(120)
        """)],
        stdout=subprocess.PIPE, text=True,
    )  # fmt: skip
    try:
        assert orphan.stdout is not None and orphan.stdout.readline() == "held\n"
        done = _python(
            f"""
            from pathlib import Path
            from generator.processes import build_lock
            with build_lock(Path({str(cache)!r}), lambda: print("waiting")) as handed_over:
                print(handed_over)
            """,
            timeout=60,
        )
    finally:
        orphan.kill()
        orphan.wait()
    assert done.returncode == 0, done.stderr
    assert done.stdout == "waiting\nFalse\n"


def test_a_filesystem_without_flock_falls_back_to_the_lock_file(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    import fcntl

    def no_locks(*args: object) -> None:
        raise OSError(errno.ENOLCK, "No locks available")  # (some network shares)

    monkeypatch.setattr(fcntl, "flock", no_locks)
    cache = tmp_path / "cache"
    with processes.build_lock(cache) as handed_over:
        assert not handed_over
        assert (cache / "lock.pid").read_text() == str(os.getpid())
    assert not (cache / "lock.pid").exists()


def test_checking_a_process_on_windows_sends_it_nothing(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    """os.kill(pid, 0) sends Ctrl-C on Windows (signal 0 is CTRL_C_EVENT there)."""
    staging = tmp_path / f".out.staging-{_gone_pid()}"  # (left by a build that may run)
    staging.mkdir()

    def no_signals(*args: object) -> None:
        raise AssertionError("os.kill must not be called on Windows")

    monkeypatch.setattr(os, "kill", no_signals)
    monkeypatch.setattr(sys, "platform", "win32")
    # (no Windows API here: whether it runs is unknown, so what it may own is left alone)
    assert processes.process_alive(os.getpid()) is True
    recover_interrupted(tmp_path / "out")
    assert staging.is_dir()


def test_a_photo_name_differing_only_in_capital_letters_is_an_error(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    """On a drive that ignores capital letters (Windows, macOS, FAT and exFAT sticks) the file
    'ANI.JPG' opens as 'ani.jpg', and the site works there, but not on the web server. Such a
    drive is simulated: a second name for the photo in other capitals, which its folder's
    listing does not show (as such a drive shows only the name the file was saved under)."""
    content = copy_site("full", tmp_path)
    folder = content / "pillars" / "2019"
    os.link(folder / "ani.jpg", folder / "ANI.JPG")
    listdir = os.listdir

    def listing(path: object = ".") -> list[str]:
        names = listdir(path)  # type: ignore[call-overload]
        return [n for n in names if n != "ani.jpg"] if Path(str(path)) == folder else names

    monkeypatch.setattr(os, "listdir", listing)
    problems = [p for p in check(content, today=TODAY).problems if p.is_error]
    assert [(p.path.rpartition("content/")[2], p.line, p.message, p.hint) for p in problems] == [
        (
            "pillars/2019/ani-suryani.md",
            13,
            "photo file 'ani.jpg' is named 'ANI.JPG' (capital letters differ)",
            "write 'photo: ANI.JPG' or rename the file: the web server will not find it",
        )
    ]


# A real exFAT drive (as on USB sticks), where the machine allows it: as root, with exfatprogs
# and exfat-fuse (the kernel here has no FAT driver; exFAT through FUSE needs none).
EXFAT_TOOLS = ("mkfs.exfat", "mount.exfat-fuse", "losetup", "umount")


def _no_drive(why: str) -> None:
    if os.environ.get("CI"):
        pytest.fail(f"no exFAT drive could be made for the USB-drive test: {why}")


@contextlib.contextmanager
def _exfat_drive(tmp_path: Path) -> Iterator[Path | None]:
    """A freshly made exFAT drive mounted at a folder, or None where that is not possible (not
    root: a developer's own machine). In CI, where it is possible, a drive that cannot be made
    fails the test: the real drive is the point."""
    image, mounted = tmp_path / "exfat.img", tmp_path / "exfat"
    mounted.mkdir()
    if os.geteuid() != 0:
        yield None
        return
    for tool in EXFAT_TOOLS[:2]:
        require_program(tool)  # (installs the Debian package if it is missing)
    with image.open("wb") as file:
        file.truncate(64 * 1024 * 1024)
    subprocess.run(["mkfs.exfat", str(image)], capture_output=True, check=True)
    loop = subprocess.run(
        ["losetup", "-f", "--show", str(image)], capture_output=True, text=True, check=False
    )
    if loop.returncode != 0:
        _no_drive(f"losetup: {loop.stderr.strip()}")
        yield None
        return
    device = loop.stdout.strip()
    try:
        if subprocess.run(["mount.exfat-fuse", device, str(mounted)], check=False).returncode:
            _no_drive("mount.exfat-fuse failed")
            yield None
            return
        try:
            yield mounted
        finally:
            subprocess.run(["umount", str(mounted)], check=True)
    finally:
        subprocess.run(["losetup", "-d", device], check=True)


def test_a_build_on_a_usb_drive(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    """The whole site on an exFAT drive (no hard links; names that ignore capital letters): on
    a real one where the machine allows it, else on one simulated by links that fail.
    Built, rebuilt and edited: the same site as a fresh build on this machine's own drive."""
    with _exfat_drive(tmp_path) as mounted:
        drive = mounted or tmp_path / "drive"
        if mounted is None:  # (no such drive here: simulated)
            drive.mkdir()

            def no_links(*args: object, **kwargs: object) -> None:
                raise OSError(errno.EPERM, "Operation not permitted")

            monkeypatch.setattr(os, "link", no_links)
        local = copy_site("full", tmp_path / "local")
        content = drive / "site" / "content"
        shutil.copytree(local, content)
        out = drive / "site" / "output"
        for step in range(3):
            if step == 2:
                _edit(content)
                _edit(local)
            # (step 1: the same pages, so the search bundle is the cached one)
            assert build(content, out, today=TODAY, precompress=step == 1).ok
            fresh = tmp_path / f"fresh-{step}"
            assert build(local, fresh, today=TODAY, precompress=step == 1).ok
            pagefind = "pagefind/"  # (Pagefind's own output varies between runs)
            assert {k: v for k, v in _files(out).items() if not k.startswith(pagefind)} == {
                k: v for k, v in _files(fresh).items() if not k.startswith(pagefind)
            }
        assert sorted(p.name for p in out.parent.iterdir()) == [
            ".teladan-cache",
            "content",
            "output",
        ]
        profile = content / "pillars" / "2019" / "ani-suryani.md"
        profile.write_text(profile.read_text().replace("photo: ani.jpg", "photo: Ani.JPG"))
        if mounted is not None:  # (a real exFAT drive opens the photo under either name)
            report = build(content, out, today=TODAY)
            assert [p.message for p in report.problems if p.is_error] == [
                "photo file 'Ani.JPG' is named 'ani.jpg' (capital letters differ)"
            ]
            photo = content / "pillars" / "2019" / "ani.jpg"
            photo.rename(photo.with_name("Ani.JPG"))  # (as the hint says: then it is fine)
            again = build(content, out, today=TODAY)
            assert again.ok, [p.format() for p in again.problems if p.is_error]
