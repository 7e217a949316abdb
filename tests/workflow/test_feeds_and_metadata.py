"""Feeds, search-engine and sharing metadata of the sample site, read by real parsers."""

from __future__ import annotations

import json
import re
from pathlib import Path

import feedparser

from generator import BuildReport, build
from tests.conftest import FIXTURES, TODAY

BASE = "https://contoh.kemensos.example/pilar-teladan/"


def _jsonld(page: Path) -> dict[str, object]:
    (block,) = re.findall(
        r'<script type="application/ld\+json">(.*?)</script>', page.read_text(), re.DOTALL
    )
    data: dict[str, object] = json.loads(block)
    return data


def test_feeds_parse_without_errors_and_link_absolutely(
    built_sample: tuple[Path, BuildReport],
) -> None:
    out, _ = built_sample
    news = feedparser.parse((out / "feed.xml").read_bytes())
    assert not news.bozo, news.get("bozo_exception")
    assert news.feed.title.startswith("Siaran pers")
    assert len(news.entries) == len(list((out / "berita").glob("*/index.html")))
    assert all(e.link.startswith(BASE + "berita/") for e in news.entries)
    assert [e.published_parsed for e in news.entries] == sorted(
        (e.published_parsed for e in news.entries), reverse=True
    )
    winners = feedparser.parse((out / "pilar" / "feed.xml").read_bytes())
    assert not winners.bozo, winners.get("bozo_exception")
    assert winners.entries and all(e.link.startswith(BASE + "pilar/") for e in winners.entries)
    assert "neneng-hasanah" not in (out / "pilar" / "feed.xml").read_text()  # a draft


def test_pages_announce_their_feeds(built_sample: tuple[Path, BuildReport]) -> None:
    out, _ = built_sample
    home = (out / "index.html").read_text()
    assert (
        '<link rel="alternate" type="application/atom+xml" title="Siaran pers (Atom)" href="feed.xml">'
        in home
    )
    profile = (out / "pilar" / "ujang-saepudin" / "index.html").read_text()
    assert 'type="application/atom+xml"' in profile and 'href="../../feed.xml"' in profile


def test_profile_has_person_or_organization_with_award(
    built_sample: tuple[Path, BuildReport],
) -> None:
    out, _ = built_sample
    person = _jsonld(out / "pilar" / "ujang-saepudin" / "index.html")
    assert person["@type"] == "Person" and person["name"] == "Ujang Saepudin"
    assert "Juara I" in str(person["award"]) and "2019" in str(person["award"])
    image = person["image"]  # with who took it and under which licence (issue 23)
    assert image["@type"] == "ImageObject"
    assert str(image["contentUrl"]).startswith(BASE + "pilar/ujang-saepudin/")
    assert image["creditText"] and image["license"] == "CC BY 4.0"
    group = _jsonld(out / "pilar" / "karang-taruna-widya-sentana" / "index.html")
    assert group["@type"] == "Organization"


def test_press_release_is_a_news_article(built_sample: tuple[Path, BuildReport]) -> None:
    out, _ = built_sample
    article = _jsonld(out / "berita" / "pemilihan-pilar-sosial-teladan-2019" / "index.html")
    assert article["@type"] == "NewsArticle" and article["datePublished"] == "2019-08-19"
    assert article["url"] == BASE + "berita/pemilihan-pilar-sosial-teladan-2019/"


def test_sharing_tags_carry_title_description_and_photo(
    built_sample: tuple[Path, BuildReport],
) -> None:
    out, _ = built_sample
    html = (out / "pilar" / "ujang-saepudin" / "index.html").read_text()
    tags = dict(
        re.findall(r'<meta (?:property|name)="((?:og|twitter):[^"]+)" content="([^"]*)"', html)
    )
    assert tags["og:title"] == "Ujang Saepudin"
    assert tags["og:url"] == BASE + "pilar/ujang-saepudin/"
    assert tags["og:image"].startswith(BASE) and tags["twitter:card"] == "summary_large_image"
    assert tags["og:description"].startswith("TKSK Kecamatan Cibatu")
    assert '<meta name="description" content="TKSK Kecamatan Cibatu' in html


def test_hostile_text_cannot_break_out_of_json_ld_or_feeds(tmp_path: Path) -> None:
    out = tmp_path / "out"
    assert build(FIXTURES / "full" / "content", out, today=TODAY).ok
    data = _jsonld(
        out / "pilar" / "budi-santoso" / "index.html"
    )  # summary holds "</script><script>"
    assert "</script><script>alert(1)</script>" in str(data["description"])
    raw = (out / "pilar" / "budi-santoso" / "index.html").read_text()
    assert raw.count("</script>") == 1  # only the JSON-LD block's own end tag
    feed = feedparser.parse((out / "pilar" / "feed.xml").read_bytes())
    assert not feed.bozo
    budi = next(e for e in feed.entries if "budi-santoso" in e.link)
    assert budi.title.startswith('Budi <Santoso> & "Kawan"')


def test_scheduled_items_wait_for_their_date(tmp_path: Path) -> None:
    content = tmp_path / "content"
    import shutil

    shutil.copytree(FIXTURES / "full" / "content", content)
    release = content / "news" / "rilis-2023.md"
    release.write_text(release.read_text().replace("date: 2023-08-18", "date: 2027-01-01"))
    out = tmp_path / "out"
    assert build(content, out, today=TODAY).ok
    assert not (out / "berita" / "rilis-2023").exists()
    assert "rilis-2023" not in (out / "feed.xml").read_text() + (out / "sitemap.xml").read_text()
    assert build(content, tmp_path / "preview", today=TODAY, include_drafts=True).ok
    assert (tmp_path / "preview" / "berita" / "rilis-2023" / "index.html").is_file()
