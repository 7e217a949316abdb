"""The `broken` fixture: one file per kind of mistake; `teladan check` must name each one."""

from __future__ import annotations

import os
import re
import subprocess
import sys
from pathlib import Path

import pytest

from generator import build
from tests.conftest import FIXTURES, TODAY, copy_site


@pytest.mark.parametrize("language", ["en", "id"])
def test_check_prints_every_expected_message_with_file_and_line(language: str) -> None:
    """Each problem in the language asked for: EXPECTED.<language>.txt, file and line alike."""
    site = FIXTURES / "broken"
    result = subprocess.run(
        [sys.executable, "-m", "generator", "check", "--content", "content", "-v"],
        cwd=site, capture_output=True, text=True, check=False,
        env={**os.environ, "PYTHONPATH": str(FIXTURES.parent.parent), "TELADAN_LANG": language},
    )  # fmt: skip
    assert result.returncode == 1
    lines = result.stderr.splitlines()
    if language == "en":
        assert lines[-1].startswith(
            "Content has problems; fix the errors above (34 errors, 17 warnings)"
        )
    else:  # (the summary line is the command line's, worded there)
        assert re.search(r"\b34\b.*\b17\b", lines[-1]), lines[-1]
    next_year = str(__import__("datetime").date.today().year + 1)
    got = "\n".join(lines[:-1]).replace(f"1990–{next_year}", "1990–{NEXT_YEAR}") + "\n"
    assert got == (site / f"EXPECTED.{language}.txt").read_text("utf-8")
    assert "Traceback" not in result.stderr


def test_a_build_with_errors_leaves_the_previous_output_byte_for_byte(tmp_path: Path) -> None:
    out = tmp_path / "output"
    content = copy_site("full", tmp_path)
    assert build(content, out, today=TODAY).ok
    before = {p: p.read_bytes() for p in out.rglob("*") if p.is_file()}
    mtimes = {p: p.stat().st_mtime_ns for p in before}
    (content / "pillars" / "2019" / "citra-dewi.md").write_text(
        "---\nname: Citra\nyear: dua\n---\n"
    )
    report = build(content, out, today=TODAY)
    assert not report.ok and report.write is None
    after = {p: p.read_bytes() for p in out.rglob("*") if p.is_file()}
    assert after == before
    assert {p: p.stat().st_mtime_ns for p in after} == mtimes
    assert sorted(p.name for p in tmp_path.iterdir()) == ["full", "output"]
