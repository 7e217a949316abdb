"""The preview behind `teladan serve`: pages rendered on request, never stale after a save,
template mistakes reported on save, every URL answered like the built site."""

from __future__ import annotations

import gzip
from datetime import date
from pathlib import Path
from typing import Any

from generator import build, opendata
from generator.livehttp import OwnHosts
from generator.serve import Preview
from tests.conftest import copy_fixture


def _get(preview: Preview, path: str) -> tuple[str, str]:
    status: list[str] = []

    def start_response(code: str, headers: list[tuple[str, str]], *_: Any) -> None:
        status.append(code)

    body = b"".join(preview({"PATH_INFO": path}, start_response))
    return status[0], body.decode("utf-8")


def _site(tmp_path: Path) -> Path:
    copy_fixture("full", tmp_path / "site")
    return tmp_path / "site" / "content"


def test_pages_follow_each_save(tmp_path: Path) -> None:
    content = _site(tmp_path)
    preview = Preview(content, "http://127.0.0.1:8000/")
    assert preview.rebuild().ok
    status, page = _get(preview, "/pilar/citra-dewi/")
    assert status.startswith("200") and "Citra Dewi" in page
    assert "Citra Dewi" in _get(preview, "/kategori/psm/halaman/2/")[1]
    profile = content / "pillars" / "2019" / "citra-dewi.md"
    profile.write_text(profile.read_text().replace("name: Citra Dewi", "name: Citra Kirana"))
    assert preview.rebuild().ok
    assert "Citra Kirana" in _get(preview, "/pilar/citra-dewi/")[1]  # not the page seen before
    assert "Citra Kirana" in _get(preview, "/kategori/psm/halaman/2/")[1]  # nor a cached card
    assert _get(preview, "/pilar/citra-dewi")[1] == _get(preview, "/pilar/citra-dewi/")[1]
    status, robots = _get(preview, "/robots.txt")
    assert status.startswith("200") and "Sitemap" in robots
    assert _get(preview, "/data/pilar.json")[0].startswith("200")
    status, missing = _get(preview, "/tidak/ada/")
    assert status.startswith("404") and "<html" in missing
    assert _get(preview, "/../../etc/passwd")[0].startswith("404")


def test_a_template_mistake_is_reported_on_save_until_fixed(tmp_path: Path) -> None:
    content = _site(tmp_path)
    templates = content.parent / "themes" / "mine" / "templates"
    templates.mkdir(parents=True)
    (content / "site.yaml").write_text((content / "site.yaml").read_text() + "theme: mine\n")
    broken = '{% extends "default/pillar.html" %}{% block title %}{{ p.nope }}{% endblock %}'
    (templates / "pillar.html").write_text(broken)
    preview = Preview(content, "http://127.0.0.1:8000/")
    report = preview.rebuild()
    errors = [p.message for p in report.problems if p.is_error]
    assert len(errors) == 1 and "nope" in errors[0]
    assert _get(preview, "/")[0].startswith("500")  # every address shows the problem
    profile = content / "pillars" / "2019" / "citra-dewi.md"
    profile.write_text(profile.read_text() + "\nLagi.\n")  # a content save, template unchanged
    assert not preview.rebuild().ok
    (templates / "pillar.html").write_text('{% extends "default/pillar.html" %}')
    assert preview.rebuild().ok
    assert _get(preview, "/pilar/citra-dewi/")[0].startswith("200")


def test_the_preview_answers_its_own_names_only() -> None:
    local = OwnHosts("127.0.0.1", 8000)
    assert all(local.allows(h) for h in ("127.0.0.1:8000", "localhost:8000", "[::1]:8000"))
    assert not any(
        local.allows(h)
        for h in ("attacker.example:8000", "127.0.0.1:8001", "127.0.0.1", "192.168.1.5:8000", "")
    )
    assert local.allows_origin("http://localhost:8000")
    assert not local.allows_origin("https://localhost:8000")  # (the preview is plain http)
    assert not local.allows_origin("http://localhost.attacker.example:8000")
    # Listening on every address (to try the site on a phone): any address, but no other name.
    everywhere = OwnHosts("0.0.0.0", 8000)
    assert everywhere.allows("192.168.1.5:8000") and everywhere.allows("[fe80::1]:8000")
    assert not everywhere.allows("attacker.example:8000")
    assert OwnHosts("192.168.1.5", 80).allows("192.168.1.5")  # (port 80 goes unsaid)
    assert OwnHosts("::1", 8000).allows("[::1]:8000")


def test_the_previews_open_data_is_the_built_sites(tmp_path: Path) -> None:
    """The preview makes the open data in memory, a build writes it into its cache a profile at
    a time: the same bytes (also those of a build whose cache cannot be written, made as the
    preview's)."""
    content, address = _site(tmp_path), "http://127.0.0.1:8000/"
    preview = Preview(content, address)
    assert preview.rebuild().ok
    out = tmp_path / "out"
    assert build(content, out, today=date.today(), base_url=address, include_drafts=True).ok
    for path in opendata.FILES:
        status, served = _get(preview, "/" + path)
        assert status.startswith("200") and served.count("\n") > 3, path
        assert served.encode() == (out / path).read_bytes(), path
    # With --precompress, the .gz copies the cache makes hold the same bytes.
    gz = tmp_path / "gz"
    assert build(
        content, gz, today=date.today(), base_url=address, include_drafts=True, precompress=True
    ).ok
    copies = [path for path in opendata.FILES if (gz / f"{path}.gz").is_file()]
    assert opendata.JSON_PATH in copies
    for path in copies:
        assert gzip.decompress((gz / f"{path}.gz").read_bytes()) == (out / path).read_bytes()
