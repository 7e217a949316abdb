"""The preview's search index is its own: two previews of one content folder (at two ports)
each keep theirs, and the folder of a preview stopped long ago without cleaning up is removed."""

from __future__ import annotations

import json
import os
import shutil
import time
from pathlib import Path

from generator.serve import Preview
from tests.conftest import REPO

WAIT = 120.0  # seconds for a background index on a loaded machine


def _parts(preview: Preview) -> dict[str, list[str]]:
    assert preview.search is not None, "Pagefind is installed with the tests"
    data = preview.search.file("pagefind/parts.json")
    assert data is not None
    listed: dict[str, list[str]] = json.loads(data)
    return listed


def test_two_previews_of_one_folder_each_keep_their_search(tmp_path: Path) -> None:
    content = tmp_path / "content"
    shutil.copytree(REPO / "content", content)
    stale = tmp_path / ".teladan-cache" / "preview-search" / "killed"
    stale.mkdir(parents=True)
    day_ago = time.time() - 25 * 3600
    os.utime(stale, (day_ago, day_ago))
    first = Preview(content, "http://127.0.0.1:8000/", search=True)
    assert not stale.exists()
    assert first.rebuild().ok and first.search is not None
    assert first.search.wait(1, WAIT)
    second = Preview(content, "http://127.0.0.1:8001/", search=True)
    assert second.rebuild().ok and second.search is not None
    assert second.search.wait(1, WAIT)
    assert _parts(first) == _parts(second) and "id" in _parts(first)
    profile = content / "pillars" / "2019" / "ujang-saepudin.md"
    text = profile.read_text("utf-8")
    for generation, word in ((2, "zamrud"), (3, "nilam")):  # (the first keeps two bundles)
        profile.write_text(f"{text}\nKata {word}.\n", "utf-8")
        assert first.rebuild().ok and first.search.wait(generation, WAIT)
    time.sleep(1)  # (a bundle no longer served is removed just after the new one is)
    assert _parts(second)  # the first's new bundles did not take the second's away
