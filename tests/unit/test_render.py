"""The render stage: in-process and forked rendering agree, template mistakes are reported once,
and `{% cache %}` blocks render once per key."""

from __future__ import annotations

from pathlib import Path

import jinja2
import pytest
from jinja2.bccache import bc_magic

from generator import build, processes, render
from generator.fragments import FragmentCache
from tests.conftest import FIXTURES, TODAY, copy_fixture


def _files(out: Path) -> dict[str, bytes]:
    return {p.relative_to(out).as_posix(): p.read_bytes() for p in out.rglob("*") if p.is_file()}


def test_forked_workers_write_the_same_site_as_one_process(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    serial, forked = tmp_path / "serial", tmp_path / "forked"
    monkeypatch.setattr(render, "PARALLEL_PAGES", 10**9)
    assert build(FIXTURES / "full" / "content", serial, today=TODAY, search=False).ok
    monkeypatch.setattr(render, "PARALLEL_PAGES", 1)
    monkeypatch.setattr(render, "_CHUNK", 3)  # many small tasks over two workers
    seen: list[tuple[int, int]] = []
    report = build(
        FIXTURES / "full" / "content",
        forked,
        today=TODAY,
        search=False,
        cache_dir=tmp_path / "cache",
        progress=lambda stage, done, total: seen.append((done, total)),
    )
    assert report.ok
    assert processes.can_fork()  # this test must really have forked
    assert _files(forked) == _files(serial)
    assert seen and seen[-1][0] == seen[-1][1] and len(seen) > 2  # progress from each task


def test_pages_fingerprinted_in_the_workers_are_kept_by_the_next_build(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    # A first build works out each page's fingerprint where the page is rendered.
    site = tmp_path / "site"
    copy_fixture("full", site)
    content, out = site / "content", tmp_path / "out"
    monkeypatch.setattr(render, "PARALLEL_PAGES", 1)
    monkeypatch.setattr(render, "_CHUNK", 3)
    assert build(content, out, today=TODAY, search=False).ok
    monkeypatch.setattr(render, "PARALLEL_PAGES", 10**9)
    rendered: list[str] = []
    original = render.render_route
    monkeypatch.setattr(
        render,
        "render_route",
        lambda route, theme: rendered.append(route.path) or original(route, theme),
    )
    profile = content / "pillars" / "2019" / "citra-dewi.md"
    profile.write_bytes(profile.read_bytes())  # saved again, unchanged: the site is checked
    report = build(content, out, today=TODAY, search=False)
    assert report.ok and report.write is not None
    assert rendered == []  # every page's fingerprint matched
    assert report.write.written == () and len(report.write.unchanged) > 20


def test_a_template_mistake_in_the_workers_is_reported_once(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    site = tmp_path / "site"
    copy_fixture("full", site)
    theme = site / "themes" / "broken" / "templates"
    theme.mkdir(parents=True)
    (theme / "pillar.html").write_text(
        '{% extends "default/pillar.html" %}\n{% block title %}{{ p.no_such_field }}{% endblock %}\n'
    )
    config = site / "content" / "site.yaml"
    config.write_text(config.read_text() + "theme: broken\n")
    monkeypatch.setattr(render, "PARALLEL_PAGES", 1)
    monkeypatch.setattr(render, "_CHUNK", 2)
    report = build(site / "content", tmp_path / "out", today=TODAY, search=False)
    errors = [p for p in report.problems if p.is_error]
    assert len(errors) == 1, [p.format() for p in errors]
    assert "no_such_field" in errors[0].message and errors[0].path.endswith("pillar.html")
    assert errors[0].line == 2
    assert not (tmp_path / "out").exists()  # nothing written
    assert [p.name for p in tmp_path.iterdir() if p.name.startswith(".out")] == []  # no staging


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


def test_compiled_templates_are_kept_between_builds(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    content, cache = FIXTURES / "full" / "content", tmp_path / "cache"
    first = build(content, tmp_path / "one", today=TODAY, search=False, cache_dir=cache)
    assert first.ok
    assert list((cache / "templates").glob("*/*/*.jinja"))

    def no_compiling(*args: object, **kwargs: object) -> None:
        raise AssertionError("a template was compiled again")

    # Another output folder: every page is rendered, from the compiled templates alone.
    monkeypatch.setattr(jinja2.Environment, "compile", no_compiling)
    assert build(content, tmp_path / "two", today=TODAY, search=False, cache_dir=cache).ok
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
