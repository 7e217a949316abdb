"""What a build did, seen from outside it: the files it read (their access times), the
processes it left behind (/proc), and a corpus large enough for its render workers."""

from __future__ import annotations

import io
import os
import time
import zipfile
from pathlib import Path

# Three days back: on a file system mounted with `relatime` (Linux's default) a read then
# moves the access time to now; a file's status (size, times, inode) leaves it alone.
_LONG_AGO_NS = 3 * 24 * 3600 * 10**9


def readable(path: Path) -> bytes:
    """A built file's bytes, a zip's (a press kit) as its files' bytes one after the other, so
    a test can look for a word in it."""
    data = path.read_bytes()
    if path.suffix != ".zip":
        return data
    with zipfile.ZipFile(io.BytesIO(data)) as kit:
        return b"".join(kit.read(name) for name in kit.namelist())


def mark_unread(folder: Path) -> None:
    """Set back the access time of every file under `folder`, to see which ones are read."""
    now = time.time_ns()
    for path in folder.rglob("*"):
        if path.is_file() and not path.is_symlink():
            os.utime(path, ns=(now - _LONG_AGO_NS, path.stat().st_mtime_ns))
    probe = next(p for p in folder.rglob("*") if p.is_file() and not p.is_symlink())
    before = probe.stat()
    probe.read_bytes()
    assert probe.stat().st_atime_ns > before.st_atime_ns, (
        f"{folder}: this file system does not record reads (mounted noatime?)"
    )
    os.utime(probe, ns=(before.st_atime_ns, before.st_mtime_ns))


def read_since_marked(folder: Path) -> set[str]:
    """The files under `folder` read since `mark_unread` (relative paths)."""
    recent = time.time_ns() - _LONG_AGO_NS // 2
    return {
        p.relative_to(folder).as_posix()
        for p in folder.rglob("*")
        if p.is_file() and not p.is_symlink() and p.stat().st_atime_ns > recent
    }


def children() -> set[int]:
    """The processes whose parent is this one, ended but not waited for ones included (some
    live on from earlier tests: multiprocessing's resource tracker, say)."""
    me, found = os.getpid(), set()
    for entry in Path("/proc").iterdir():
        if not entry.name.isdigit():
            continue
        try:
            stat = (entry / "stat").read_text()
        except OSError:  # (ended meanwhile)
            continue
        # pid (name) state ppid …: the name may hold spaces and parentheses
        if int(stat.rpartition(")")[2].split()[1]) == me:
            found.add(int(entry.name))
    return found


def processes_of(content: Path, wait: float = 10) -> list[int]:
    """The processes whose command line names `content` (a build's workers and the process
    saving its memo share its command line), waiting up to `wait` seconds for them to end.
    (None found where processes cannot be listed this way: not Linux.)"""
    if not Path("/proc").is_dir():
        return []
    deadline = time.monotonic() + wait
    while True:
        found = []
        for entry in Path("/proc").iterdir():
            try:
                if (
                    entry.name.isdigit()
                    and str(content).encode() in (entry / "cmdline").read_bytes()
                ):
                    found.append(int(entry.name))
            except OSError:  # (ended meanwhile)
                continue
        if not found or time.monotonic() > deadline:
            return found
        time.sleep(0.05)


STORY = "Kisah contoh yang cukup panjang untuk sebuah halaman. " * 20


def many_profiles(
    content: Path, count: int, categories: tuple[str, ...] = ("psm", "tksk", "karang-taruna")
) -> None:
    """`count` more profiles of 2019 (in `categories`: by default those of the full fixture):
    with their list pages, enough pages for a build to render them in worker processes."""
    folder = content / "pillars" / "2019"
    provinces = ["aceh", "bali", "jawa-barat", "jawa-timur", "papua", "maluku", "riau"]
    for n in range(count):
        category, province = categories[n % len(categories)], provinces[n % len(provinces)]
        (folder / f"contoh-{n:04d}.md").write_text(
            f"---\nname: Contoh {n}\ncategory: {category}\nprovince: {province}\n"
            f"year: 2019\nsummary: Profil contoh nomor {n}.\n---\n{STORY}\n"
        )
