"""A full drive or a read-only output folder is the user's situation, not a bug in teladan: one
clear problem saying what is full or read-only (and how much the site needs), exit 1, and the
previous site as it was. The drive is simulated through the os functions that report it."""

from __future__ import annotations

import errno
import io
import os
import pathlib
from pathlib import Path

import pytest

from generator import cli
from tests.conftest import copy_site
from tests.rebuild.observe import many_profiles


def _tree(folder: Path) -> dict[str, bytes]:
    return {
        p.relative_to(folder).as_posix(): p.read_bytes() for p in folder.rglob("*") if p.is_file()
    }


def _build(content: Path, out: Path) -> tuple[int, str]:
    err = io.StringIO()
    argv = ["build", "--content", str(content), "--output", str(out), "--no-search"]
    return cli.run(argv, io.StringIO(), err), err.getvalue()


def _edit(content: Path) -> None:
    profile = content / "pillars" / "2019" / "citra-dewi.md"
    profile.write_text(profile.read_text() + "\nSatu kalimat baru.\n")


@pytest.mark.parametrize("forked", [False, True], ids=["one-process", "render-workers"])
def test_a_full_drive_is_a_clear_problem(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch, forked: bool
) -> None:
    content, out = copy_site("full", tmp_path), tmp_path / "out"
    if forked:  # (enough pages for worker processes, which write them and report it back)
        many_profiles(content, 60)
    assert _build(content, out)[0] == 0
    before = _tree(out)
    _edit(content)
    if forked:  # (a list page changes: the pages to render again are many)
        (content / "pillars" / "2019" / "contoh-0005.md").unlink()
    write_bytes = pathlib.Path.write_bytes

    def full(self: Path, data: bytes) -> int:  # (the drive holding the output, once full)
        if ".staging-" in str(self):
            raise OSError(errno.ENOSPC, os.strerror(errno.ENOSPC), str(self))
        return write_bytes(self, data)

    monkeypatch.setattr(pathlib.Path, "write_bytes", full)
    code, said = _build(content, out)
    assert code == 1
    assert "Traceback" not in said and "bug" not in said
    assert f"{out.absolute()}: cannot write the site here: the drive is full (" in said
    # (the full fixture: a few hundred kB; with 60 more profiles, about a MB)
    assert " free; the site needs at least " + ("" if forked else "0.") in said
    assert "MB). Free some space on the drive, or choose a folder on another drive" in said
    assert _tree(out) == before
    assert sorted(p.name for p in tmp_path.iterdir()) == ["full", "out"]  # no staging left


def test_a_read_only_drive_is_a_clear_problem(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    content, out = copy_site("full", tmp_path), tmp_path / "out"
    assert _build(content, out)[0] == 0
    before = _tree(out)
    _edit(content)
    mkdir, rename = os.mkdir, os.rename

    def read_only(name: str, make: object) -> object:
        def refused(path: object, *args: object, **kwargs: object) -> object:
            if Path(os.fsdecode(path)).parent == tmp_path:  # type: ignore[arg-type]
                raise OSError(errno.EROFS, os.strerror(errno.EROFS), str(path))
            return make(path, *args, **kwargs)  # type: ignore[operator]

        return refused

    # (root may write anywhere, so a read-only drive is simulated where the output sits)
    monkeypatch.setattr(os, "mkdir", read_only("mkdir", mkdir))
    monkeypatch.setattr(os, "rename", read_only("rename", rename))
    code, said = _build(content, out)
    assert code == 1
    assert "Traceback" not in said
    assert (
        f"{out.absolute()}: cannot write the site here: {tmp_path} is read-only (Read-only file "
        "system). Choose a folder you can write to with --output"
    ) in said
    assert _tree(out) == before
