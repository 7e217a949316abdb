"""The render stage: rendering in worker processes and in one agree, template mistakes are reported once,
and `{% cache %}` blocks render once per key."""

from __future__ import annotations

import os
from pathlib import Path
from typing import Any

import jinja2
import pytest
from jinja2.bccache import bc_magic

from generator import BuildReport, build
from generator.fragments import FragmentCache
from generator.render import PIECES, render_template
from tests.conftest import FIXTURES, TODAY, copy_fixture
from tests.rebuild.observe import many_profiles


def _files(out: Path) -> dict[str, bytes]:
    return {p.relative_to(out).as_posix(): p.read_bytes() for p in out.rglob("*") if p.is_file()}


def _large_site(tmp_path: Path) -> Path:
    """The full fixture with 60 more profiles: more than the 100 pages from which a build
    renders in worker processes where it can fork (generator/render.py); its content folder."""
    site = tmp_path / "site"
    copy_fixture("full", site)
    many_profiles(site / "content", 60)
    return site / "content"


def _build_rendering(content: Path, out: Path, **options: Any) -> tuple[BuildReport, list[int]]:
    """Build; the report, and how many pages were rendered at each step of the progress."""
    seen: list[tuple[int, int]] = []
    report = build(content, out, today=TODAY, search=False, **options,
                   progress=lambda stage, done, total: seen.append((done, total)) if stage == "render" else None)  # fmt: skip
    return report, [done for done, _ in seen]


def test_forked_workers_write_the_same_site_as_one_process(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    content, serial, forked = _large_site(tmp_path), tmp_path / "serial", tmp_path / "forked"
    report, rendered = _build_rendering(content, forked, cache_dir=tmp_path / "cache")
    assert report.ok, [p.format() for p in report.problems]
    assert len(rendered) > 2 and rendered[-1] >= report.pages > 100  # (and the feeds)
    monkeypatch.delattr(os, "fork")  # (as on Windows: pages render in the build's process)
    assert build(content, serial, today=TODAY, search=False).ok
    assert _files(forked) == _files(serial)


def test_pages_fingerprinted_in_the_workers_are_kept_by_the_next_build(tmp_path: Path) -> None:
    # A first build works out each page's fingerprint where the page is rendered; a profile
    # deleted changes lists across the site, and each page whose fingerprint is the same is
    # kept instead of rendered.
    content, out = _large_site(tmp_path), tmp_path / "out"
    assert build(content, out, today=TODAY, search=False).ok
    (content / "pillars" / "2019" / "contoh-0005.md").unlink()
    report, rendered = _build_rendering(content, out)
    assert report.ok and report.write is not None
    assert rendered and rendered[-1] < report.pages / 2
    assert build(content, tmp_path / "fresh", today=TODAY, search=False).ok
    assert _files(out) == _files(tmp_path / "fresh")


def test_a_template_mistake_in_the_workers_is_reported_once(tmp_path: Path) -> None:
    content = _large_site(tmp_path)
    theme = content.parent / "themes" / "broken" / "templates"
    theme.mkdir(parents=True)
    (theme / "pillar.html").write_text(
        '{% extends "default/pillar.html" %}\n{% block title %}{{ p.no_such_field }}{% endblock %}\n'
    )
    config = content / "site.yaml"
    config.write_text(config.read_text() + "theme: broken\n")
    report = build(content, tmp_path / "out", today=TODAY, search=False)
    errors = [p for p in report.problems if p.is_error]
    assert len(errors) == 1, [p.format() for p in errors]
    assert "no_such_field" in errors[0].message and errors[0].path.endswith("pillar.html")
    assert errors[0].line == 2
    assert not (tmp_path / "out").exists()  # nothing written
    assert [p.name for p in tmp_path.iterdir() if p.name.startswith(".out")] == []  # no staging


def test_a_page_of_many_pieces_renders_as_one_string_would() -> None:
    # (rendered a few thousand pieces at a time, so a 45 MB page is not held three times over)
    env = jinja2.Environment(autoescape=True)
    template = env.from_string("{% for i in items %}<li>{{ i }} · ñ</li>{% endfor %}<p>akhir</p>")
    items = range(3 * PIECES)
    assert render_template(template, {"items": items}) == template.render(items=items).encode()
    assert render_template(template, {"items": []}) == b"<p>akhir</p>"


def test_a_cache_block_renders_once_per_key() -> None:
    calls: list[str] = []

    def shout(word: str) -> str:
        calls.append(word)
        return word.upper()

    env = jinja2.Environment(extensions=[FragmentCache], autoescape=True)
    env.globals["shout"] = shout
    template = env.from_string(
        "{% for w in words %}{% cache w, depth %}<b>{{ shout(w) }}</b>{% endcache %}{% endfor %}"
    )
    assert template.render(words=["a", "b", "a"], depth="../") == "<b>A</b><b>B</b><b>A</b>"
    assert calls == ["a", "b"]
    assert template.render(words=["a"], depth="../../") == "<b>A</b>"  # another key
    assert calls == ["a", "b", "a"]
    escaped = env.from_string("{% cache 1 %}{{ x }}{% endcache %}").render(x="<i>")
    assert escaped == "&lt;i&gt;"  # still autoescaped


def test_compiled_templates_are_kept_between_builds(tmp_path: Path) -> None:
    content, cache = FIXTURES / "full" / "content", tmp_path / "cache"
    first = build(content, tmp_path / "one", today=TODAY, search=False, cache_dir=cache)
    assert first.ok

    def compiled() -> dict[Path, tuple[int, int]]:
        found = {p: p.stat() for p in (cache / "templates").glob("*/*/*.jinja")}
        return {p: (at.st_ino, at.st_mtime_ns) for p, at in found.items()}

    before = compiled()
    assert before
    # Another output folder: every page is rendered, from the compiled templates, which are
    # not compiled and saved again.
    assert build(content, tmp_path / "two", today=TODAY, search=False, cache_dir=cache).ok
    assert compiled() == before
    assert _files(tmp_path / "two") == _files(tmp_path / "one")


def test_a_template_cache_that_cannot_be_written_does_not_stop_the_build(tmp_path: Path) -> None:
    cache = tmp_path / "cache"
    cache.mkdir()
    (cache / "templates").write_text("a file where the folder would go")
    report = build(FIXTURES / "full" / "content", tmp_path / "out", today=TODAY, search=False,
                   cache_dir=cache)  # fmt: skip
    assert report.ok, [p.format() for p in report.problems]


def test_damaged_compiled_templates_are_compiled_again(tmp_path: Path) -> None:
    content, cache = FIXTURES / "full" / "content", tmp_path / "cache"
    assert build(content, tmp_path / "one", today=TODAY, search=False, cache_dir=cache).ok
    compiled = list((cache / "templates").glob("*/*/*.jinja"))
    assert compiled
    for path in compiled:  # the right header, then garbage: unpickling the checksum fails
        path.write_bytes(bc_magic + b"\x80\x05garbage")
    report = build(content, tmp_path / "two", today=TODAY, search=False, cache_dir=cache)
    assert report.ok, [p.format() for p in report.problems]
    assert _files(tmp_path / "two") == _files(tmp_path / "one")
