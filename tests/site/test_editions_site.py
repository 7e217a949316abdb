"""The shipped sample's English edition, read from the built site: every page has its
counterpart and links to it both ways, untranslated records say so, and the sitemap, the feeds
and the open data carry each edition."""

from __future__ import annotations

import json
import re
import xml.etree.ElementTree as ET
from html.parser import HTMLParser
from pathlib import Path

from generator import BuildReport
from tests.tools import read_qr_svg

BASE = "https://contoh.kemensos.example/pilar-teladan/"


class _Head(HTMLParser):
    """The <html lang>, the hreflang alternates and the language switch's links of a page."""

    def __init__(self) -> None:
        super().__init__()
        self.lang = ""
        self.alternates: dict[str, str] = {}
        self.switch: list[dict[str, str | None]] = []
        self._in_switch = False

    def handle_starttag(self, tag: str, attrs: list[tuple[str, str | None]]) -> None:
        a = dict(attrs)
        if tag == "html":
            self.lang = a.get("lang") or ""
        elif tag == "link" and a.get("rel") == "alternate" and a.get("hreflang"):
            self.alternates[a["hreflang"] or ""] = a.get("href") or ""
        elif tag == "nav" and a.get("class") == "languages":
            self._in_switch = True
        elif tag == "a" and self._in_switch:
            self.switch.append(a)

    def handle_endtag(self, tag: str) -> None:
        if tag == "nav":
            self._in_switch = False


def _head(path: Path) -> _Head:
    parser = _Head()
    parser.feed(path.read_text("utf-8"))
    return parser


def _pages(out: Path) -> list[str]:
    return sorted(
        p.relative_to(out).as_posix()
        for p in out.rglob("index.html")
        if not p.relative_to(out).as_posix().startswith(("pagefind/", "static/"))
    )


def test_every_page_has_its_english_counterpart_linked_both_ways(
    built_sample: tuple[Path, BuildReport],
) -> None:
    out, _ = built_sample
    pages = _pages(out)
    english = [p for p in pages if p.startswith("en/")]
    assert len(english) * 2 == len(pages) and len(english) > 50
    for page in pages:
        head = _head(out / page)
        assert head.lang == ("en" if page.startswith("en/") else "id"), page
        assert set(head.alternates) == {"id", "en", "x-default"}, page
        here = BASE + page.removesuffix("index.html")
        assert here in (head.alternates["id"], head.alternates["en"]), page
        for code in ("id", "en"):
            target = head.alternates[code].removeprefix(BASE) + "index.html"
            assert (out / target).is_file(), f"{page}: {code} → {target}"
            back = _head(out / target).alternates
            assert back[head.lang] == here, f"{target} does not link back to {page}"
        (switch,) = head.switch  # the other edition, a plain link resolving to its page
        other = "id" if head.lang == "en" else "en"
        assert switch["hreflang"] == other and switch["lang"] == other
        href = switch["href"] or ""
        target = (out / page).parent.joinpath(href, "index.html").resolve()
        assert target == (out / head.alternates[other].removeprefix(BASE) / "index.html")


def test_an_untranslated_profile_shows_its_story_marked_indonesian_with_a_note(
    built_sample: tuple[Path, BuildReport],
) -> None:
    out, _ = built_sample
    untranslated = (out / "en/pilar/benediktus-moa/index.html").read_text("utf-8")
    assert "No English text of this exists yet; here it is in Indonesian." in untranslated
    assert re.search(r'<div lang="id">\s*<p>Benediktus Moa', untranslated)
    # Its summary and quote too are marked as Indonesian; a press release's title and summary.
    assert (
        '<p class="lead" lang="id">' in untranslated
        and 'class="pull-quote" lang="id"' in untranslated
    )
    release = (out / "en/berita/pemenang-pilar-sosial-teladan-2023-contoh/index.html").read_text()
    assert '<h1 lang="id">Contoh: Pemenang' in release
    translated = (out / "en/pilar/cut-nurul-azizah/index.html").read_text("utf-8")
    assert "untranslated" not in translated and 'lang="id">' not in translated.split("<main")[1]
    assert "Cut Nurul Azizah began working" in translated
    # The main edition says nothing of translations.
    assert "untranslated" not in (out / "pilar/benediktus-moa/index.html").read_text("utf-8")


def test_the_sitemap_lists_each_page_with_its_alternates(
    built_sample: tuple[Path, BuildReport],
) -> None:
    out, _ = built_sample
    ns = {"s": "http://www.sitemaps.org/schemas/sitemap/0.9", "x": "http://www.w3.org/1999/xhtml"}
    urls = ET.parse(out / "sitemap.xml").getroot().findall("s:url", ns)
    locs = {u.findtext("s:loc", namespaces=ns) for u in urls}
    assert BASE + "en/pilar/cut-nurul-azizah/" in locs and BASE + "pilar/cut-nurul-azizah/" in locs
    for url in urls:
        links = {x.get("hreflang"): x.get("href") for x in url.findall("x:link", ns)}
        assert set(links) == {"id", "en", "x-default"}
        assert url.findtext("s:loc", namespaces=ns) in (links["id"], links["en"])
        assert links["id"] in locs and links["en"] in locs


def test_each_edition_has_its_own_feeds(built_sample: tuple[Path, BuildReport]) -> None:
    out, _ = built_sample
    english = (out / "en/feed.xml").read_text("utf-8")
    assert "Minister of Social Affairs Meets the Winners" in english
    assert BASE + "en/berita/" in english
    assert "Menteri Sosial Temui" in (out / "feed.xml").read_text("utf-8")
    assert (out / "en/pilar/feed.xml").is_file()


def test_the_open_data_carries_the_translated_fields(
    built_sample: tuple[Path, BuildReport],
) -> None:
    out, _ = built_sample
    rows = {r["slug"]: r for r in json.loads((out / "data/pilar.json").read_text())["pilar"]}
    assert rows["cut-nurul-azizah"]["summary_en"].startswith("A community social worker")
    assert rows["benediktus-moa"]["summary_en"] is None  # not translated
    assert rows["benediktus-moa"]["category_name_en"] == "Sub-district Social Welfare Workers"
    header = (out / "data/pilar.csv").read_text("utf-8-sig").splitlines()[0]
    assert header.endswith("summary_en,category_name_en,url_en")


def test_the_data_page_explains_the_columns_in_the_pages_language(
    built_sample: tuple[Path, BuildReport],
) -> None:
    out, _ = built_sample
    english = (out / "en/data/index.html").read_text("utf-8")
    assert "The summary in English; null where the profile has no translation" in english
    assert "Name of the person or organisation" in english
    indonesian = (out / "data/index.html").read_text("utf-8")
    assert "Ringkasan dalam bahasa Inggris; null bila profil belum diterjemahkan" in indonesian


def test_the_english_year_book_leads_to_the_english_profiles(
    built_sample: tuple[Path, BuildReport],
) -> None:
    """Each sheet of /en/tahun/2019/buku/ prints the English profile's address, and its QR code
    is the code of that address (the Indonesian book's lead to the Indonesian profiles)."""
    out, _ = built_sample
    for prefix in ("en/", ""):
        page = (out / prefix / "tahun" / "2019" / "buku" / "index.html").read_text("utf-8")
        sheets = re.findall(r'<article class="book-winner" id="([^"]+)".*?</article>', page, re.S)
        assert sheets
        for slug in sheets:
            sheet = page.split(f'id="{slug}"', 1)[1].split("</article>", 1)[0]
            address = f"{BASE}{prefix}pilar/{slug}/"
            assert f'class="book-address">{address}</a>' in sheet, slug
            code = re.search(r'<svg aria-hidden="true" viewBox="[^"]+" class="qr">.*?</svg>', sheet)
            assert code is not None and read_qr_svg(code.group(0)) == [address], slug


def test_the_english_book_marks_each_untranslated_profile_as_indonesian_with_a_note(
    built_sample: tuple[Path, BuildReport],
) -> None:
    out, _ = built_sample
    book = (out / "en/tahun/2019/buku/index.html").read_text("utf-8")
    sheets = dict(
        re.findall(r'<article class="book-winner" id="([^"]+)"(.*?)</article>', book, re.S)
    )
    untranslated, translated = sheets["benediktus-moa"], sheets["cut-nurul-azizah"]
    assert '<p class="lead" lang="id">' in untranslated
    assert "No English text of this exists yet; here it is in Indonesian." in untranslated
    assert re.search(r'<div lang="id">\s*<p>Benediktus Moa', untranslated)
    assert 'lang="id"' not in translated and "untranslated" not in translated
    # The Indonesian book marks nothing.
    assert "untranslated" not in (out / "tahun/2019/buku/index.html").read_text("utf-8")


def test_english_pages_mark_untranslated_photo_texts_and_translate_the_rest(
    built_sample: tuple[Path, BuildReport],
) -> None:
    out, _ = built_sample
    profile = (out / "en/pilar/ahmad-syarif-tammu/index.html").read_text("utf-8")
    assert re.search(r'alt="Ilustrasi abstrak[^"]*" lang="id"', profile)
    # site.yaml's photo_credit_en is English; its licence (no photo_license_en) is marked.
    assert (
        "Photo: Computer-generated illustration for the sample site · "
        'Licence: <span lang="id">CC BY 4.0</span>' in profile
    )
    release = out / "en/berita/mensos-temui-pemenang-pilar-sosial-teladan-2019/index.html"
    text = release.read_text("utf-8")
    # The translation gives the photo's caption; the credit written under the original is marked.
    assert "<figcaption><span>Abstract illustration for the sample meeting" in text
    assert 'Photo: <span lang="id">Biro Hubungan Masyarakat' in text
    original = out / "berita/mensos-temui-pemenang-pilar-sosial-teladan-2019/index.html"
    assert 'lang="id"' not in original.read_text("utf-8").split("<main")[1]


def test_english_pages_say_the_press_kit_is_in_indonesian(
    built_sample: tuple[Path, BuildReport],
) -> None:
    out, _ = built_sample
    for page in ("en/tahun/2019", "en/berita/mensos-temui-pemenang-pilar-sosial-teladan-2019"):
        text = (out / page / "index.html").read_text("utf-8")
        assert re.search(r'download="[^"]+" hreflang="id">[^<]*, in Indonesian\)</a>', text), page
    assert "in Indonesian" not in (out / "tahun/2019/index.html").read_text("utf-8")


def test_the_english_book_and_footer_name_the_site_by_its_english_title(
    built_sample: tuple[Path, BuildReport],
) -> None:
    out, _ = built_sample
    book = (out / "en/tahun/2019/buku/index.html").read_text("utf-8")
    assert '<h1 id="sampul">The Exemplary Social Pillars book of 2019</h1>' in book
    assert 'content: "Exemplary Social Pillars 2019"' in book  # (the printed running header)
    assert "Pilar-pilar Sosial Teladan book" not in book
    assert "<strong>The Exemplary Social Pillars programme</strong>" in book
    home = (out / "index.html").read_text("utf-8")
    assert "<strong>Program Pilar-pilar Sosial Teladan</strong>" in home


def test_the_404_page_has_a_line_and_a_link_for_english_readers(
    built_sample: tuple[Path, BuildReport],
) -> None:
    out, _ = built_sample
    page = (out / "404.html").read_text("utf-8")
    # Served at any depth: its links start from the site's own path.
    assert (
        '<p lang="en">Page not found. <a href="/pilar-teladan/en/">'
        "Go to the English edition of this site</a></p>" in page
    )
