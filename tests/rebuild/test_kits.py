"""Press kits after an edit (issue 23): a kit holds fields its linking pages do not show (a
winner's summary, a photo credit), and those pages show the kit's size; a rebuild after such an
edit gives the site a fresh build gives."""

from __future__ import annotations

import filecmp
import random
import shutil
import string
from pathlib import Path

import pytest

from generator import build
from generator.datacache import DATA_FOLDER
from generator.kitcache import KITS_FOLDER
from tests.conftest import REPO, TODAY
from tests.rebuild.observe import mark_unread, read_since_marked


def _files(out: Path) -> dict[str, bytes]:
    return {p.relative_to(out).as_posix(): p.read_bytes() for p in out.rglob("*") if p.is_file()}


# Words that do not compress: the kits grow by kilobytes, so the sizes their pages show change.
WORDS = " ".join("".join(random.Random(n).choices(string.ascii_lowercase, k=7)) for n in range(600))


@pytest.mark.parametrize(
    ("profile", "before", "after"),
    [
        # A photo credit: in the release's kit and the year's, on neither page's cards.
        ("karang-taruna-widya-sentana", "photo_credit: Tim", f"photo_credit: {WORDS} Tim"),
        # A summary: in the year's kit (the winners' list), not on the year page.
        ("ujang-saepudin", "summary: ", f"summary: {WORDS} "),
    ],
    ids=["photo-credit", "summary"],
)
def test_a_rebuild_after_an_edit_inside_a_kit_equals_a_fresh_build(
    tmp_path: Path, profile: str, before: str, after: str
) -> None:
    content = tmp_path / "site" / "content"
    shutil.copytree(REPO / "content", content)
    out = tmp_path / "out"
    assert build(content, out, today=TODAY, search=False).ok
    kit = out / "tahun" / "2019" / "paket-media.zip"
    old_kit = kit.read_bytes()
    path = content / "pillars" / "2019" / f"{profile}.md"
    text = path.read_text("utf-8")
    assert before in text
    path.write_text(text.replace(before, after, 1), "utf-8")
    assert build(content, out, today=TODAY, search=False).ok
    assert kit.read_bytes() != old_kit
    fresh = tmp_path / "fresh"
    shutil.rmtree(content.parent / ".teladan-cache")
    assert build(content, fresh, today=TODAY, search=False).ok
    assert _files(out) == _files(fresh)


def test_kits_and_open_data_made_again_with_the_sites_bytes_are_read_no_more(
    tmp_path: Path,
) -> None:
    """The cache makes the press kits and the open data again with the bytes the site holds
    (its kits deleted, or after any change of Teladan's code): the site keeps its files (the
    same inode and date, so upload tools see no change), and later builds read neither copy."""
    content = tmp_path / "site" / "content"
    shutil.copytree(REPO / "content", content)
    out = tmp_path / "out"
    assert build(content, out, today=TODAY, search=False).ok
    made = [p for p in out.rglob("*") if p.suffix == ".zip" or p.parent.name == "data"]
    assert len([p for p in made if p.suffix == ".zip"]) == 5 and len(made) > 5

    def dated() -> dict[Path, tuple[int, int]]:
        return {p: (p.stat().st_ino, p.stat().st_mtime_ns) for p in made}

    before = dated()
    cache = content.parent / ".teladan-cache"
    shutil.rmtree(cache / KITS_FOLDER)
    shutil.rmtree(cache / DATA_FOLDER)
    story = content / "pillars" / "2019" / "ujang-saepudin.md"  # (in no kit, nor the data)
    for word in ("", "Sekali lagi.", "Dan lagi."):
        story.write_text(f"{story.read_text('utf-8')}\n{word}\n", "utf-8")
        mark_unread(out)
        filecmp.clear_cache()  # as a build in a process of its own
        assert build(content, out, today=TODAY, search=False).ok
        assert (out / "pilar" / "ujang-saepudin" / "index.html").read_text("utf-8").count(word)
        assert dated() == before
        read = {out / p for p in read_since_marked(out)} & set(made)
        assert not read if word else read  # read once, to compare them
