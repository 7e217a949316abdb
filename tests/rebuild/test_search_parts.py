"""The search index in parts: few of them, and an edit re-indexes the edited page's part only."""

from __future__ import annotations

import errno
import gzip
import json
import os
import random
import shutil
from pathlib import Path

import pytest

from generator import build, search
from generator.listing import list_files
from generator.search import PART_SIZE, Described, plan_parts
from generator.searchpart import GATHER_FROM, INDEX_CHUNK, index_part
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


def test_a_small_site_has_one_part_a_language(tmp_path: Path) -> None:
    copy_fixture("full", tmp_path / "site")
    assert build(tmp_path / "site" / "content", tmp_path / "out", today=TODAY).ok
    listed = json.loads((tmp_path / "out" / "pagefind" / "parts.json").read_text())
    assert listed == {"id": ["id/1/"]}


@pytest.fixture
def small_parts(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> tuple[Path, Path]:
    """The full fixture's content and its site, built with parts of two pages, so that the
    small site has several."""
    monkeypatch.setattr(search, "PART_SIZE", 2)
    copy_fixture("full", tmp_path / "site")
    content, out = tmp_path / "site" / "content", tmp_path / "out"
    assert build(content, out, today=TODAY).ok
    return content, out


def test_an_edited_profile_re_indexes_its_own_part_only(small_parts: tuple[Path, Path]) -> None:
    content, out = small_parts
    bundle = out / "pagefind"
    parts = json.loads((bundle / "parts.json").read_text())["id"]
    assert len(parts) > 2
    before = {part: _files(bundle / part) for part in parts}
    profile = content / "pillars" / "2019" / "citra-dewi.md"
    story = profile.read_text(encoding="utf-8")
    assert "Cerita Citra." in story
    edited = next(part for part in parts if "Cerita Citra" in _words(bundle / part))
    profile.write_text(story.replace("Cerita Citra.", "Kisah zamrudbaru."), encoding="utf-8")
    report = build(content, out, today=TODAY)
    assert report.ok and [p for p in report.problems if p.path == "search"] == []
    assert json.loads((bundle / "parts.json").read_text())["id"] == parts
    # The other parts are the same files as before ...
    for part in parts:
        if part != edited:
            assert _files(bundle / part) == before[part], part
    # ... and the edited page's is new, with the new word and without the old one.
    assert _files(bundle / edited) != before[edited]
    words = _words(bundle / edited)
    assert "zamrudbaru" in words and "Cerita Citra" not in words


def test_a_build_writes_into_no_file_of_the_search_bundle_it_replaces(
    small_parts: tuple[Path, Path], tmp_path: Path
) -> None:
    # The bundle is put together in the folder of the build before last, whose files may be
    # links to the live site's: one written in place would change the site being served while
    # the build runs (an entry file naming an index not yet there). Links made to every file
    # of the site before each build (as a server or an upload reading it) keep their bytes.
    content, out = small_parts
    for n, name in enumerate(("citra-dewi", "karang-taruna-maju") * 3):  # (two parts in turn)
        held = tmp_path / f"held{n}"
        files = [p for p in (out / "pagefind").rglob("*") if p.is_file()]
        for path in files:
            (held / path.relative_to(out)).parent.mkdir(parents=True, exist_ok=True)
            os.link(path, held / path.relative_to(out))
        before = {path.relative_to(out): path.read_bytes() for path in files}
        profile = content / "pillars" / "2019" / f"{name}.md"
        profile.write_text(profile.read_text("utf-8") + f"\nKata zamrud{n}.\n", "utf-8")
        report = build(content, out, today=TODAY)
        assert report.ok and [p for p in report.problems if p.path == "search"] == []
        assert {path: (held / path).read_bytes() for path in before} == before


def test_a_search_file_made_again_with_the_same_bytes_stays_the_sites_file(
    small_parts: tuple[Path, Path],
) -> None:
    # With the build cache gone (deleted by hand), every part is indexed again: a file that comes
    # out as the site already has it stays the site's file, with its time (a sync tool uploads
    # what changed).
    content, out = small_parts
    bundle = out / "pagefind"
    before = {path: (bundle / path).read_bytes() for path in _files(bundle)}
    times = _files(bundle)
    shutil.rmtree(content.parent / ".teladan-cache" / "search")
    profile = content / "pillars" / "2019" / "citra-dewi.md"
    profile.write_text(profile.read_text(encoding="utf-8") + "\nKalimat baru.\n", "utf-8")
    assert build(content, out, today=TODAY).ok
    after = _files(bundle)
    same = [path for path in after if before.get(path) == (bundle / path).read_bytes()]
    assert len(same) > len(after) // 2
    assert [path for path in same if after[path] != times[path]] == []


def test_a_language_is_shared_out_among_few_parts_and_its_pages_stay_put(tmp_path: Path) -> None:
    program = tmp_path / "pagefind"
    program.write_bytes(b"a program")
    count = PART_SIZE * 2 + 10
    pages: dict[str, Described] = {
        f"pilar/{2010 + n % 16}/p{n}/index.html": (f"d{n}", "id", True) for n in range(count)
    }
    pages["berita/b/index.html"] = ("d", "id", True)
    pages["pilar/index.html"] = ("d", "id", False)  # a list: not searched
    pages["en/pilar/p1/index.html"] = ("d", "en", True)  # another edition: its own part
    parts = plan_parts(program, pages)
    names = [p.name for p in parts]
    assert names == ["en/1", "id/1", "id/2", "id/3"]
    split = [p for p in parts if p.name.startswith("id/")]
    assert sum(len(p.pages) for p in split) == count + 1
    assert all(len(p.pages) < PART_SIZE * 1.2 for p in split)
    where = {path: p.name for p in split for path, _ in p.pages}
    # A new page leaves every other page in its part, and only its part changes.
    pages[f"pilar/2019/p{count}/index.html"] = ("new", "id", True)
    again = plan_parts(program, pages)
    moved = {path: p.name for p in again if p.name.startswith("id/") for path, _ in p.pages}
    assert {path: moved[path] for path in where} == where
    assert sum(a.key != b.key for a, b in zip(parts, again, strict=True)) == 1


def test_the_bundle_holds_its_parts_only_after_edits_and_a_part_fewer(
    small_parts: tuple[Path, Path],
) -> None:
    # A build assembles the bundle in the folder of the build before last (see write.Staging),
    # which holds that build's bundle: nothing of it may stay beside this build's parts.
    content, out = small_parts
    for n, name in enumerate(("citra-dewi", "ani-suryani", "karang-taruna-maju")):
        profile = content / "pillars" / "2019" / f"{name}.md"
        profile.write_text(profile.read_text("utf-8") + f"\nKata zamrud{n}.\n", "utf-8")
        assert build(content, out, today=TODAY).ok
    before = json.loads((out / "pagefind" / "parts.json").read_text())["id"]
    for gone in ("news/rilis-2023.md", "pillars/2023/dewi-papua.md", "pages/tentang.md"):
        (content / gone).unlink()
    assert build(content, out, today=TODAY).ok
    bundle = out / "pagefind"
    parts = json.loads((bundle / "parts.json").read_text())["id"]
    assert len(parts) < len(before)
    searched = sum(b"data-pagefind-body" in p.read_bytes() for p in out.rglob("*.html"))
    assert len(list(bundle.glob("id/*/fragment/*"))) == searched  # a fragment a page
    assert {p.name for p in bundle.glob("id/*")} == {p.strip("/").partition("/")[2] for p in parts}
    for part in parts:
        entry = json.loads((bundle / part / "pagefind-entry.json").read_bytes())
        named = {f"pagefind.{language['hash']}.pf_meta" for language in entry["languages"].values()}
        assert {p.name for p in (bundle / part).glob("*.pf_meta")} == named


def test_a_bundle_made_again_in_one_folder_keeps_no_part_of_the_one_before(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    monkeypatch.setattr(search, "PART_SIZE", 2)
    copy_fixture("full", tmp_path / "site")
    site = tmp_path / "out"
    assert build(tmp_path / "site" / "content", site, today=TODAY, search=False).ok
    pages = sorted(
        (p.relative_to(site).as_posix(), p.read_bytes().hex()[:16])
        for p in site.rglob("*.html")
        if b"data-pagefind-body" in p.read_bytes()
    )
    bundle = site / "pagefind"
    for some in (pages, pages[:3]):
        written, problems = search.build_search_index(site, some, tmp_path / "cache")
        assert problems == () and set(written) == {
            p.relative_to(site).as_posix() for p in bundle.rglob("*") if p.is_file()
        }
        parts = json.loads((bundle / "parts.json").read_text())["id"]
        assert {p.relative_to(bundle).as_posix() + "/" for p in bundle.glob("id/*")} == set(parts)
        assert len(list(bundle.glob("id/*/fragment/*"))) == len(some)
    assert len(parts) == 2


def test_the_bundles_files_with_the_live_sites_bytes_take_its_times(
    small_parts: tuple[Path, Path], tmp_path: Path
) -> None:
    # Builds tell an unchanged file of the bundle by its size and time, and so do the tools that
    # upload a site. Pagefind writes every file of a part anew, and a cache made again (by
    # another version) has new times throughout: a file with the live site's bytes takes the
    # time of the live site's file (else every such file was read and compared at every build).
    content, live = small_parts
    shutil.rmtree(content.parent / ".teladan-cache" / "search")  # (every part made again)
    site = tmp_path / "next"
    shutil.copytree(live, site, ignore=shutil.ignore_patterns("pagefind"))
    searched = sorted(
        p.relative_to(site).as_posix()
        for p in site.rglob("*.html")
        if b"data-pagefind-body" in p.read_bytes()
    )
    page = site / searched[0]
    page.write_bytes(page.read_bytes().replace(b"</main>", b"<p>Kata zamrudbaru.</p></main>"))
    listed = search.Listed(live, list_files(live))
    pages = [(path, "2" if path == searched[0] else "1") for path in searched]
    written, problems = search.build_search_index(site, pages, tmp_path / "cache", listed)
    assert problems == ()
    made = [path for path in written if path != "pagefind/parts.json"]  # (not Pagefind's)
    same = [
        p
        for p in made
        if (live / p).is_file() and (live / p).read_bytes() == (site / p).read_bytes()
    ]
    assert len(same) > len(made) // 2 and len(same) < len(made)  # (the edited page's are new)
    assert {p: written[p][3] for p in same} == {p: listed.live_files[p][3] for p in same}
    # ... and so do the parts kept in the cache, which the next build reuses as they are.
    kept = {p: p.stat().st_ino for p in (tmp_path / "cache").rglob("*") if p.is_file()}
    again, _ = search.build_search_index(site, pages, tmp_path / "cache", listed)
    assert {p: again[p][3] for p in same} == {p: listed.live_files[p][3] for p in same}
    assert {p: p.stat().st_ino for p in kept if p.name.endswith("pf_fragment")} == {
        p: i for p, i in kept.items() if p.name.endswith("pf_fragment")
    }


def test_a_parts_index_comes_in_chunks_of_a_few_words(tmp_path: Path) -> None:
    """A search fetches, of each part, the index chunk holding each word it looks for: 40
    pages of 500 words out of 1,000 (about 60,000 places, counting one a page a word is on)
    make three chunks at Pagefind's own size (20,000), thirty at INDEX_CHUNK's."""
    binary = search.pagefind_binary()
    assert binary is not None
    site = tmp_path / "site"
    site.mkdir()
    rng = random.Random(7)
    vocabulary = [f"kata{n:04d}" for n in range(1000)]
    paths = []
    for number in range(40):
        words = " ".join(rng.choice(vocabulary) for _ in range(500))
        paths.append(f"p{number}.html")
        (site / paths[-1]).write_text(
            f'<!doctype html><html lang="id"><body><main data-pagefind-body><h1>Halaman {number}'
            f"</h1><p>{words}</p></main></body></html>",
            encoding="utf-8",
        )
    index_part(binary, site, paths, tmp_path / "bundle", len(paths))
    chunks = list((tmp_path / "bundle" / "index").iterdir())
    assert len(chunks) >= 40_000 // INDEX_CHUNK


def _entry_and_addresses(bundle: Path) -> tuple[dict[str, int], set[str]]:
    """Each language's page count (Pagefind's entry file), and the address of each page."""
    entry = json.loads((bundle / "pagefind-entry.json").read_text(encoding="utf-8"))
    counts = {lang: info["page_count"] for lang, info in entry["languages"].items()}
    addresses = set()
    for fragment in (bundle / "fragment").iterdir():
        data = gzip.decompress(fragment.read_bytes()).removeprefix(b"pagefind_dcd")
        addresses.add(json.loads(data)["url"])
    return counts, addresses


@pytest.mark.parametrize("links", [True, False])
def test_a_part_of_a_large_site_is_indexed_from_a_folder_of_its_own_pages(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch, links: bool
) -> None:
    """Pagefind lists every folder of the site it is given: in a site GATHER_FROM times the
    part's size, the part's pages are gathered into a folder of their own (linked, or copied
    where links fail: FAT, another drive), at the same addresses, and the folder removed."""
    if not links:

        def no_links(*args: object, **kwargs: object) -> None:
            raise OSError(errno.EPERM, os.strerror(errno.EPERM))

        monkeypatch.setattr(os, "link", no_links)
    binary = search.pagefind_binary()
    assert binary is not None
    site = tmp_path / "site"
    paths = []
    for number in range(12):
        path = f"pilar/20{10 + number % 3}/nama-{number}/index.html"
        (site / path).parent.mkdir(parents=True)
        lang = "en" if number % 4 == 0 else "id"
        (site / path).write_text(
            f'<!doctype html><html lang="{lang}"><body><main data-pagefind-body>'
            f"<h1>Nama {number}</h1><p>Kegiatan warga nomor {number}.</p></main></body></html>",
            encoding="utf-8",
        )
        paths.append(path)
    part = paths[::2]  # (pages 0, 4 and 8 are in English)
    made, linked = {}, {}
    for pages in (len(paths), GATHER_FROM * len(part)):  # the whole site, then a large one
        bundle = tmp_path / "cache" / f"made-{pages}"
        before = {path: (site / path).stat().st_ctime_ns for path in paths}
        index_part(binary, site, part, bundle, pages)
        made[pages] = _entry_and_addresses(bundle)
        # (a page linked elsewhere has its status changed: a link more, then one less)
        linked[pages] = [p for p in paths if (site / p).stat().st_ctime_ns != before[p]]
    assert linked == {len(paths): [], GATHER_FROM * len(part): part if links else []}
    assert (
        made[len(paths)]
        == made[GATHER_FROM * len(part)]
        == (
            {"en": 3, "id": 3},
            {"/" + path.removesuffix("index.html") for path in part},
        )
    )
    assert {p.name for p in (tmp_path / "cache").iterdir()} == {f"made-{n}" for n in made}
    assert sorted(p.relative_to(site).as_posix() for p in site.rglob("*.html")) == sorted(paths)
