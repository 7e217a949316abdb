"""The build asked for by one options object, and what child processes hand back."""

from __future__ import annotations

from pathlib import Path

import pytest

from generator import build, processes
from generator.options import BuildOptions
from tests.conftest import TODAY, copy_site, linux_only


def _files(folder: Path) -> dict[str, bytes]:
    return {
        p.relative_to(folder).as_posix(): p.read_bytes() for p in folder.rglob("*") if p.is_file()
    }


def test_options_given_as_one_object_or_by_name_build_the_same_site(tmp_path: Path) -> None:
    content = copy_site("full", tmp_path)
    options = BuildOptions(today=TODAY, search=False, precompress=True)
    assert build(content, tmp_path / "one", options).ok
    assert build(content, tmp_path / "two", today=TODAY, search=False, precompress=True).ok
    one, two = _files(tmp_path / "one"), _files(tmp_path / "two")
    assert one == two
    assert any(path.endswith(".gz") for path in one)  # the options were heard


def test_a_name_no_option_has_is_refused(tmp_path: Path) -> None:
    content = copy_site("full", tmp_path)
    with pytest.raises(TypeError, match="serach"):
        build(content, tmp_path / "out", today=TODAY, serach=False)
    assert not (tmp_path / "out").exists()


@linux_only
def test_a_child_that_hands_back_another_kind_of_value_gives_nothing(tmp_path: Path) -> None:
    assert processes.in_child(lambda: "text", tmp_path / "result", str)() == "text"
    assert processes.in_child(lambda: "text", tmp_path / "result", int)() is None
