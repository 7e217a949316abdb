"""The command line starts listing the live site before its no-op check (aside.start_listing),
so that the check runs beside the listing: a build with work to do takes it over, and one
with nothing to do ends it, leaving no process and no result behind."""

from __future__ import annotations

import io
from pathlib import Path

from generator.cli import run
from tests.conftest import copy_site, linux_only
from tests.rebuild.observe import children, readable


def _build(content: Path, out: Path) -> str:
    said = io.StringIO()
    code = run(["build", "--content", str(content), "--output", str(out), "--no-search"], said)
    assert code == 0
    return said.getvalue()


def _site(out: Path) -> dict[str, bytes]:
    return {p.relative_to(out).as_posix(): readable(p) for p in out.rglob("*") if p.is_file()}


@linux_only
def test_a_build_with_nothing_to_do_ends_the_listing_it_started(tmp_path: Path) -> None:
    content, out = copy_site("full", tmp_path), tmp_path / "out"
    _build(content, out)
    _build(content, out)  # (the first edit-free build after a first build: the spare is made)
    before = children()
    said = _build(content, out)
    assert "Nothing has changed since the last build" in said
    assert children() <= before
    assert not list((content.parent / ".teladan-cache" / "spare").glob("*.listed"))


@linux_only
def test_an_edit_built_from_the_command_line_makes_the_site_a_fresh_build_makes(
    tmp_path: Path,
) -> None:
    content, out = copy_site("full", tmp_path), tmp_path / "out"
    _build(content, out)
    edited = content / "pillars" / "2019" / "citra-dewi.md"
    for n in range(3):  # (the second and third start from the spare the one before put aside)
        edited.write_text(edited.read_text() + f"\nKalimat baru {n}.\n")
        before = children()
        _build(content, out)
        assert children() <= before
    _build(content, tmp_path / "fresh")
    assert _site(out) == _site(tmp_path / "fresh")
