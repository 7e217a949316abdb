import os
from pathlib import Path

import pytest

from generator.model import RenderedFile
from generator.write import MARKER, OutputError, safe_relative, write_site


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
