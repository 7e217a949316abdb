"""The search index in parts: an edit re-indexes the part of the edited page, and only it."""

from __future__ import annotations

import gzip
import json
from pathlib import Path

from generator import build
from generator.search import PART_SIZE, Described, plan_parts
from tests.conftest import TODAY, copy_fixture


def _words(part: Path) -> str:
    """Everything the part's fragments (what a result shows of its page) hold."""
    text = []
    for fragment in sorted((part / "fragment").iterdir()):
        # (each is gzipped, and starts with Pagefind's signature)
        data = gzip.decompress(fragment.read_bytes()).removeprefix(b"pagefind_dcd")
        text.append(json.loads(data)["content"])
    return "\n".join(text)


def _files(folder: Path) -> dict[str, tuple[int, int]]:
    return {
        p.relative_to(folder).as_posix(): (p.stat().st_ino, p.stat().st_mtime_ns)
        for p in folder.rglob("*")
        if p.is_file()
    }


def test_an_edited_profile_re_indexes_its_own_years_part_only(tmp_path: Path) -> None:
    copy_fixture("full", tmp_path / "site")
    content, out = tmp_path / "site" / "content", tmp_path / "out"
    assert build(content, out, today=TODAY).ok
    bundle = out / "pagefind"
    parts = json.loads((bundle / "parts.json").read_text())["id"]
    assert parts == ["id/2019/", "id/2023/", "id/lain/"]
    before = {part: _files(bundle / part) for part in parts}
    profile = content / "pillars" / "2019" / "citra-dewi.md"
    story = profile.read_text(encoding="utf-8")
    assert "Cerita Citra." in story
    profile.write_text(story.replace("Cerita Citra.", "Kisah zamrudbaru."), encoding="utf-8")
    report = build(content, out, today=TODAY)
    assert report.ok and [p for p in report.problems if p.path == "search"] == []
    # The other years' part and the press releases' are the same files as before ...
    for part in ("id/2023/", "id/lain/"):
        assert _files(bundle / part) == before[part], part
    # ... and the edited year's is new, with the new word and without the old one.
    assert _files(bundle / "id/2019/") != before["id/2019/"]
    words = _words(bundle / "id/2019/")
    assert "zamrudbaru" in words and "Cerita Citra" not in words


def test_a_year_too_large_for_one_part_is_split_and_its_pages_stay_put(tmp_path: Path) -> None:
    program = tmp_path / "pagefind"
    program.write_bytes(b"a program")
    count = PART_SIZE * 2 + 10
    pages: dict[str, Described] = {
        f"pilar/p{n}/index.html": (f"d{n}", "id", "2019") for n in range(count)
    }
    pages["berita/b/index.html"] = ("d", "id", "lain")
    pages["pilar/index.html"] = ("d", "id", None)  # a list: not searched
    pages["en/pilar/p1/index.html"] = ("d", "en", "2019")  # another edition: its own part
    parts = plan_parts(program, pages)
    names = [p.name for p in parts]
    assert names == ["en/2019", "id/2019-1", "id/2019-2", "id/2019-3", "id/lain"]
    split = [p for p in parts if p.name.startswith("id/2019")]
    assert sum(len(p.pages) for p in split) == count
    assert all(len(p.pages) < PART_SIZE * 1.2 for p in split)
    where = {path: p.name for p in split for path, _ in p.pages}
    # A new page of that year leaves every other page in its part, and only its part changes.
    pages[f"pilar/p{count}/index.html"] = ("new", "id", "2019")
    again = plan_parts(program, pages)
    moved = {path: p.name for p in again if p.name.startswith("id/2019") for path, _ in p.pages}
    assert {path: moved[path] for path in where} == where
    assert sum(a.key != b.key for a, b in zip(parts, again, strict=True)) == 1
