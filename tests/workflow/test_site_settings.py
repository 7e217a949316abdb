"""site.yaml as staff fill it in: links the menu may hold, an address with a space, and the
sample's leftovers that must not be published."""

from __future__ import annotations

import io
import json
import re
from pathlib import Path

import feedparser

from generator import build
from generator.cli import run
from tests.conftest import REPO, TODAY, copy_site


def _run(*args: str) -> tuple[int, str, str]:
    out, err = io.StringIO(), io.StringIO()
    code = run(list(args), out, err)
    return code, out.getvalue(), err.getvalue()


def _add_menu_link(content: Path, label: str, path: str) -> None:
    site = content / "site.yaml"
    site.write_text(site.read_text() + f"  - label: {label}\n    path: {json.dumps(path)}\n")


def test_a_script_address_in_the_menu_is_an_error_saying_what_to_write(tmp_path: Path) -> None:
    for address in (
        "javascript:alert(document.cookie)",
        " JavaScript:alert(1)",
        "data:text/html,x",
        "//evil.example/",
    ):
        content = copy_site("full", tmp_path / str(len(address)))
        _add_menu_link(content, "Jahat", address)
        out = tmp_path / "out"
        code, _, err = _run("build", "--content", str(content), "--output", str(out))
        assert code == 1, err
        line = next(
            n
            for n, text in enumerate(content.joinpath("site.yaml").open(), 1)
            if text.startswith("navigation:")
        )
        assert (
            f"site.yaml:{line}: navigation: the link 'Jahat' goes to '{address.strip()}', which is not a page of this site or a web address"
            in err
        )
        assert (
            "a path of this site such as kategori/ or tentang/, or a full address starting with https://"
            in err
        )
        assert not out.exists()  # nothing was published


def test_a_web_address_in_the_menu_works_from_every_page(tmp_path: Path) -> None:
    content = copy_site("full", tmp_path)
    _add_menu_link(content, "Kemensos", "https://kemensos.go.id/")
    out = tmp_path / "out"
    assert build(content, out, today=TODAY).ok
    for page in ("index.html", "pilar/citra-dewi/index.html", "404.html"):
        assert 'href="https://kemensos.go.id/"' in (out / page).read_text(), page


def _urls_in(text: str) -> list[str]:
    return re.findall(r"https://example\.org/[^\"'<>\s]*", text)


def _site_with_base_url(tmp_path: Path, base_url: str) -> Path:
    """The full sample site, its base_url (https://example.org/uji) replaced."""
    content = copy_site("full", tmp_path)
    site = content / "site.yaml"
    site.write_text(
        site.read_text().replace("base_url: https://example.org/uji", f"base_url: {base_url}")
    )
    return content


def test_a_base_url_with_a_space_is_written_encoded_in_every_file(tmp_path: Path) -> None:
    content = _site_with_base_url(tmp_path, "https://example.org/uji coba")
    out = tmp_path / "out"
    assert build(content, out, today=TODAY).ok
    base = "https://example.org/uji%20coba/"
    assert "ErrorDocument 404 /uji%20coba/404.html\n" in (out / ".htaccess").read_text()
    sitemap = (out / "sitemap.xml").read_text()
    assert f"<loc>{base}pilar/citra-dewi/</loc>" in sitemap
    assert f"Sitemap: {base}sitemap.xml" in (out / "robots.txt").read_text()
    profile = (out / "pilar" / "citra-dewi" / "index.html").read_text()
    assert f'<link rel="canonical" href="{base}pilar/citra-dewi/">' in profile
    assert f'<meta property="og:url" content="{base}pilar/citra-dewi/">' in profile
    (jsonld,) = re.findall(
        r'<script type="application/ld\+json">(.*?)</script>', profile, re.DOTALL
    )
    assert json.loads(jsonld)["url"] == f"{base}pilar/citra-dewi/"
    missing = (out / "404.html").read_text()
    assert 'href="/uji%20coba/kategori/"' in missing
    feed = feedparser.parse((out / "feed.xml").read_bytes())
    assert not feed.bozo and all(e.link.startswith(base) for e in feed.entries)
    data = json.loads((out / "data" / "pilar.json").read_text())
    assert data["source"] == base and data["pilar"][0]["url"].startswith(base)
    # Nowhere a raw space in an address of the site.
    for file in out.rglob("*"):
        if file.suffix in {".html", ".xml", ".txt", ".json", ".csv"} or file.name == ".htaccess":
            text = file.read_text()
            assert "uji coba" not in text, file
            assert all(url.startswith(base) for url in _urls_in(text)), file


def test_a_host_name_with_a_space_is_refused_with_a_hint(tmp_path: Path) -> None:
    content = _site_with_base_url(tmp_path, "https://example .org/uji")
    code, _, err = _run("check", "--content", str(content))
    assert code == 1
    assert "site.yaml:4: base_url 'https://example .org/uji' is not a full web address" in err
    assert "a host name without spaces" in err


def test_a_build_of_the_sample_warns_of_its_banner_and_example_address(tmp_path: Path) -> None:
    content = tmp_path / "content"
    content.mkdir()
    (content / "site.yaml").write_bytes((REPO / "content" / "site.yaml").read_bytes())
    (content / "categories.yaml").write_bytes((REPO / "content" / "categories.yaml").read_bytes())
    code, _, err = _run("build", "--content", str(content), "--output", str(tmp_path / "out"))
    assert code == 0, err
    assert (
        "site.yaml:4: warning: base_url 'https://contoh.kemensos.example/pilar-teladan/' is an example address"
        in err
    )
    assert (
        "write the address the site will really have (ask whoever hosts the site), e.g. 'base_url: https://<your domain>/pilar-teladan/'"
        in err
    )
    assert (
        "site.yaml:8: warning: the notice of the sample site is still on every page ('Ini adalah situs percontohan"
        in err
    )
    assert "delete the 'notice:' line in site.yaml, or write your own notice there" in err
    # Drafts are built to be looked at, not published: no such warnings.
    code, _, err = _run(
        "build", "--drafts", "--content", str(content), "--output", str(tmp_path / "drafts")
    )
    assert code == 0 and "example address" not in err and "notice of the sample" not in err
    # A real address on the command line, or one in site.yaml, and a notice of one's own: quiet.
    code, _, err = _run(
        "build",
        "--content",
        str(content),
        "--output",
        str(tmp_path / "o2"),
        "--base-url",
        "https://kemensos.go.id/pilar-teladan/",
    )
    assert code == 0 and "example address" not in err and "notice of the sample" in err
    site = content / "site.yaml"
    text = site.read_text().replace("contoh.kemensos.example", "kemensos.go.id")
    site.write_text(
        re.sub(r"(?m)^notice:.*$", "notice: Pendaftaran 2026 dibuka sampai Maret.", text)
    )
    code, _, err = _run("build", "--content", str(content), "--output", str(tmp_path / "o3"))
    assert code == 0 and "example address" not in err and "notice of the sample" not in err
