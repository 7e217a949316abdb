"""Rebuilds after an edit to a pillar honoured more than once equal a fresh build."""

from __future__ import annotations

import shutil
from pathlib import Path

import pytest

from generator import BuildReport, build
from tests.conftest import REPO, TODAY
from tests.rebuild.test_incremental import _same_site, _snapshot

PROFILE = "pillars/2019/karang-taruna-sipakatau.md"


def _build(content: Path, out: Path) -> BuildReport:
    report = build(content, out, today=TODAY, search=False)
    assert report.ok, [p.format() for p in report.problems]
    return report


@pytest.mark.parametrize(
    ("old", "new", "shown_on"),
    [
        # An earlier award's rank: the 2019 list and the profile's page show it.
        ("    rank: 3\n", "    rank: harapan-1\n", ("tahun/2019/index.html",)),
        # The story, which the year books of both award years print.
        (
            "Karang Taruna Sipakatau",
            "Karang Taruna Sipakatau Bone",
            ("tahun/2019/buku/index.html",),
        ),
    ],
)
def test_an_edited_award_or_story_reaches_every_page_and_equals_a_fresh_build(
    tmp_path: Path, old: str, new: str, shown_on: tuple[str, ...]
) -> None:
    content, out, fresh = tmp_path / "content", tmp_path / "out", tmp_path / "fresh"
    shutil.copytree(REPO / "content", content)
    _build(content, out)
    before = _snapshot(out)
    profile = content / PROFILE
    text = profile.read_text("utf-8")
    assert old in text
    profile.write_text(text.replace(old, new, 1), "utf-8")
    _build(content, out)
    after = _snapshot(out)
    changed = {p for p in after if p not in before or after[p][0] != before[p][0]}
    assert {"pilar/karang-taruna-sipakatau/index.html", *shown_on} <= changed
    showing = {p for p, (data, _) in after.items() if b"Kalimat baru" in data}
    assert showing <= changed
    _build(content, fresh)
    assert _same_site(out, fresh)
