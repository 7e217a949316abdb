"""The screenshots of PANDUAN.md, taken by driving the real editor of `teladan serve` on a copy of
the sample content in Chromium, at a phone's width or a laptop's.

Each screenshot names the labels and buttons the guide tells staff to look for; the test fails
when the screen loses one of them, when the guide no longer names them, or when PANDUAN.md shows
a picture (docs/gambar/*.png) that no test here takes.

Refreshing the pictures: a normal run writes them to a temporary folder and only compares them
with the committed ones (same width, height within a fifth, under the size budget), so it never
leaves the checkout dirty and does not depend on this machine's fonts pixel for pixel;
`TELADAN_SCREENSHOTS=update python3 -m pytest tests/browser/test_panduan.py` writes them into
docs/gambar/, to be looked at and committed with the change of the editor that altered them.
"""

from __future__ import annotations

import io
import os
import re
import shutil
from collections.abc import Callable, Iterator
from dataclasses import dataclass
from pathlib import Path

import pytest
from PIL import Image
from playwright.sync_api import Browser, Locator, Page, expect

from tests.conftest import REPO
from tests.tools import preview as running_preview

PICTURES = REPO / "docs" / "gambar"
GUIDE = REPO / "PANDUAN.md"
UPDATE = os.environ.get("TELADAN_SCREENSHOTS") == "update"
MAX_BYTES = 100_000  # each picture: the guide is read on office laptops and in e-mail
PHONE = {"width": 375, "height": 800}
LAPTOP = {"width": 1280, "height": 800}
PROFILE = "pillars/2019/ujang-saepudin.md"
SHOWN = re.compile(r"docs/gambar/([^\s)\"'>]+)")  # (a picture however it is written)

# What a shot names on screen: (role, name) of a button, link or heading, ("label", text) of a
# field, or ("text", words) shown; each must be visible in the picture and named in PANDUAN.md.
Named = tuple[str, str]
Part = tuple[Locator, Locator]  # the picture runs from the top of the first to the foot of the last


@dataclass(frozen=True)
class Shot:
    take: Callable[[Page, str, Path], Part]  # drives the page; the part to picture
    viewport: dict[str, int]
    names: tuple[Named, ...]


@pytest.fixture(scope="module")
def editor(tmp_path_factory: pytest.TempPathFactory) -> Iterator[tuple[str, Path]]:
    """One preview of a copy of the sample content, speaking Indonesian as it does for staff."""
    content = tmp_path_factory.mktemp("panduan") / "content"
    shutil.copytree(REPO / "content", content)
    with pytest.MonkeyPatch.context() as env:
        env.setenv("TELADAN_LANG", "id")
        with running_preview(content) as process:
            yield f"http://127.0.0.1:{process.args[-1]}", content


def _list(page: Page, url: str, content: Path) -> Part:
    page.goto(url + "/_edit/")
    return (page.locator("h1"), page.locator("tbody tr").nth(5))


def _drafts(page: Page, url: str, content: Path) -> Part:
    page.goto(url + "/_edit/")
    page.get_by_label("Status").select_option(label="Draf")
    page.get_by_role("button", name="Saring").click()
    expect(page.locator("tbody tr")).to_have_count(1)  # the sample's one draft
    return (page.get_by_text("Status", exact=True).first, page.locator("table"))


def _edit_link(page: Page, url: str, content: Path) -> Part:
    page.goto(url + "/pilar/ujang-saepudin/")
    return (page.get_by_role("link", name="Sunting"), page.locator("main h1"))


def _form(page: Page, url: str, content: Path) -> Part:
    page.goto(f"{url}/_edit/{PROFILE}")
    return (page.locator("h1"), page.get_by_label("Peringkat"))


def _saved(page: Page, url: str, content: Path) -> Part:
    page.goto(f"{url}/_edit/{PROFILE}")
    page.get_by_label("Ringkasan").fill(
        "TKSK Kecamatan Cibatu, Garut, yang membenahi pendataan warga miskin."
    )
    page.get_by_role("button", name="Simpan").click()
    return (page.locator("h1"), page.get_by_label("Nama (wajib)"))


def _story(page: Page, url: str, content: Path) -> Part:
    _new_profile(page, url, content)
    page.get_by_label("Cerita (Markdown)").fill(
        "Dewi mulai aktif di desanya pada tahun 2010.\n\n## Posyandu\n\n"
        "Bersama kader, ia **menghidupkan** posyandu lansia.\n"
    )
    expect(page.locator("#story-preview strong")).to_have_text("menghidupkan")
    # (the line above Simpan depends on which checks answered first: make it the same each time)
    page.get_by_label("Nama (wajib)").fill("")
    expect(page.locator("#check-summary")).to_contain_text("masalah pada isian")
    page.get_by_label("Nama (wajib)").fill("Dewi Lestari")
    expect(page.locator("#check-summary")).to_have_text("Tidak ada masalah lagi.")
    return (page.get_by_text("Cerita (Markdown)"), page.get_by_role("button", name="Simpan"))


def _fill(page: Page, profile: str) -> None:
    """The required fields of a new profile, from "name, category, province, year"."""
    name, category, province, year = profile.split(", ")
    page.get_by_label("Nama (wajib)").fill(name)
    page.get_by_label("Kategori (wajib)").select_option(category)
    page.get_by_label("Provinsi (wajib)").select_option(province)
    page.get_by_label("Tahun pemilihan (wajib)").fill(year)


def _new_profile(page: Page, url: str, content: Path) -> Part:
    page.goto(url + "/_edit/")
    page.get_by_role("link", name="Profil baru").click()
    _fill(page, "Dewi Lestari, psm, bali, 2023")
    page.get_by_label("Peringkat").select_option("2")
    return (page.locator("h1"), page.get_by_label("Peringkat"))


def _photo(page: Page, url: str, content: Path) -> Part:
    page.goto(url + "/_edit/new/pilar/")
    _fill(page, "Rina Wulandari, tksk, bali, 2023")
    page.get_by_label("Keterangan foto").fill("Rina Wulandari tersenyum di depan balai desa")
    photo = (REPO / "content/pillars/2023/yakomina-mahuze.jpg").read_bytes()
    page.get_by_label("Draf (belum tampil di situs)").uncheck()  # (ready to publish)
    page.get_by_label("Foto", exact=True).set_input_files(
        {"name": "IMG_20240812.jpg", "mimeType": "image/jpeg", "buffer": photo}
    )
    page.get_by_role("button", name="Simpan").click()
    expect(page.get_by_role("status").first).to_contain_text("Tersimpan")
    assert (content / "pillars/2023/rina-wulandari.jpg").read_bytes() == photo
    shown = page.get_by_role("img", name="Rina Wulandari tersenyum di depan balai desa")
    shown.scroll_into_view_if_needed()
    expect(shown).to_have_js_property("complete", True)
    assert shown.evaluate("img => img.naturalWidth") > 0  # (the web version, as the site shows it)
    return (page.locator("#photo-drop"), page.get_by_label("Keterangan foto"))


def _field_message(page: Page, url: str, content: Path) -> Part:
    page.goto(url + "/_edit/new/pilar/")
    _fill(page, "Yosefa Kambu, psm, papua-selatan, 2019")
    page.get_by_label("Peringkat").focus()  # (leaving the year: the check runs)
    expect(page.locator("p.error").first).to_be_visible()
    # (the year comes first: the provinces offered are the year's)
    return (page.get_by_text("Tahun pemilihan (wajib)"), page.get_by_label("Provinsi (wajib)"))


def _refused(page: Page, url: str, content: Path) -> Part:
    rel = "pillars/2019/yulfia-rahmi.md"
    page.goto(f"{url}/_edit/{rel}")
    file = content / rel
    text = file.read_text("utf-8")
    since = re.search(r"^since: \d+$", text, re.M)
    assert since
    file.write_text(text.replace(since[0], "since: 2005  # dicek ulang"), "utf-8")  # in Notepad
    page.get_by_label("Kabupaten/kota").fill("Kota Padang Panjang")
    page.get_by_role("button", name="Simpan").click()
    # each changed line reads as one line, its mark (− or +) before its text, as the guide says
    place, added = page.locator(".diff > .at").first, page.locator(".diff > .add").first
    assert "+ regency: Kota Padang Panjang" in added.inner_text()
    one_line = (place.bounding_box() or {}).get("height", 0)
    assert 0 < (added.bounding_box() or {}).get("height", 0) < 1.5 * one_line
    return (page.get_by_role("alert"), page.locator("pre.diff"))


def _draft(page: Page, url: str, content: Path) -> Part:
    page.goto(url + "/_edit/new/berita/")
    page.get_by_label("Judul (wajib)").fill("Malam Penganugerahan Pilar Sosial Teladan")
    page.get_by_label("Tanggal (wajib)").fill("2026-08-17")
    page.get_by_label("Tempat").fill("Jakarta")
    page.get_by_label("Draf (belum tampil di situs)").check()
    return (page.locator("h1"), page.get_by_label("Tempat"))


def _draft_box(page: Page, url: str, content: Path) -> Part:
    page.goto(url + "/_edit/new/pilar/")  # (a new profile starts as a draft)
    page.get_by_label("Tanggal terbit").fill("2027-01-05")
    page.get_by_label("Tanggal terbit").blur()
    return (page.get_by_text("Draf (belum tampil di situs)"), page.get_by_label("Tanggal terbit"))


def _delete(page: Page, url: str, content: Path) -> Part:
    page.goto(url + "/_edit/pillars/2019/marthen-pattiasina.md")
    page.get_by_role("button", name="Hapus").click()
    return (page.locator("h1"), page.get_by_role("link", name="Batal, kembali ke formulir"))


def _trash(page: Page, url: str, content: Path) -> Part:
    page.goto(url + "/_edit/pillars/2019/meiske-rumondor.md")
    page.get_by_role("button", name="Hapus").click()
    page.get_by_role("button", name="Ya, pindahkan ke tempat sampah").click()
    return (page.locator("h1"), page.locator("table"))


SHOTS = {
    "daftar.png": Shot(
        _list,
        LAPTOP,
        (
            ("heading", "Penyunting konten"),
            ("link", "Profil baru"),
            ("link", "Siaran pers baru"),
            ("link", "Tempat sampah"),
            ("label", "Cari (judul, nama berkas atau tempat)"),
            ("label", "Status"),
            ("button", "Saring"),
        ),
    ),
    "status.png": Shot(
        _drafts, LAPTOP, (("label", "Status"), ("button", "Saring"), ("cell", "draf"))
    ),
    "sunting.png": Shot(_edit_link, LAPTOP, (("link", "Sunting"),)),
    "formulir.png": Shot(
        _form,
        PHONE,
        (
            ("link", "Kembali ke daftar"),
            ("label", "Nama (wajib)"),
            ("label", "Kategori (wajib)"),
            ("label", "Provinsi (wajib)"),
            ("label", "Peringkat"),
        ),
    ),
    "tersimpan.png": Shot(
        _saved, PHONE, (("text", "Tersimpan"), ("link", "Lihat halamannya di pratinjau"))
    ),
    "cerita.png": Shot(
        _story,
        LAPTOP,
        (
            ("label", "Cerita (Markdown)"),
            ("heading", "Pratinjau cerita"),
            ("button", "Simpan"),
        ),
    ),
    "profil-baru.png": Shot(
        _new_profile,
        PHONE,
        (
            ("heading", "Profil baru"),
            ("label", "Nama (wajib)"),
            ("label", "Tahun pemilihan (wajib)"),
        ),
    ),
    "foto.png": Shot(
        _photo,
        PHONE,
        (("text", "Foto saat ini:"), ("label", "Keterangan foto")),
    ),
    "pesan.png": Shot(_field_message, PHONE, (("label", "Provinsi (wajib)"),)),
    "ditolak.png": Shot(
        _refused,
        LAPTOP,
        (("heading", "Belum disimpan"), ("heading", "Perbedaan"), ("text", "Sekitar baris")),
    ),
    "siaran-pers-baru.png": Shot(
        _draft,
        PHONE,
        (("heading", "Siaran pers baru"), ("label", "Judul (wajib)"), ("label", "Tanggal (wajib)")),
    ),
    "draf.png": Shot(
        _draft_box,
        PHONE,
        (("label", "Draf (belum tampil di situs)"), ("label", "Tanggal terbit")),
    ),
    "hapus.png": Shot(
        _delete,
        PHONE,
        (("button", "Ya, pindahkan ke tempat sampah"), ("link", "Batal, kembali ke formulir")),
    ),
    "sampah.png": Shot(
        _trash,
        LAPTOP,
        (("heading", "Tempat sampah"), ("button", "Pulihkan")),
    ),
}


def _clip(page: Page, part: Part) -> dict[str, float]:
    """The rectangle of the page from the top of `part[0]` to the foot of `part[1]`, as wide
    as the page's main column (the editor's, or the site's), with a small margin."""
    first, last = part[0].bounding_box(), part[1].bounding_box()
    column = page.locator("main").bounding_box()
    assert first and last and column
    left = max(min(column["x"], first["x"], last["x"]) - 8, 0)
    right = max(column["x"] + column["width"], first["x"] + first["width"]) + 8
    scrolled = float(page.evaluate("scrollY"))
    top = first["y"] + scrolled - 8
    return {
        "x": left,
        "y": top,
        "width": min(right, page.viewport_size["width"]) - left,  # type: ignore[index]
        "height": last["y"] + scrolled + last["height"] + 8 - top,
    }


def _named(page: Page, named: Named) -> Locator:
    kind, name = named
    if kind == "label":
        return page.get_by_label(name, exact=True)
    if kind == "text":
        return page.get_by_text(name).first
    return page.get_by_role(kind, name=name, exact=kind == "heading")  # type: ignore[arg-type]


def _inside(page: Page, element: Locator, clip: dict[str, float]) -> bool:
    box = element.bounding_box()
    top = (box or {}).get("y", -1) + float(page.evaluate("scrollY"))
    return box is not None and clip["y"] <= top <= clip["y"] + clip["height"] - box["height"]


def _small_png(shot: bytes) -> bytes:
    """The screenshot in at most 64 colours (text on a plain page loses nothing you can see),
    about a third of the bytes of Chromium's PNG."""
    image = Image.open(io.BytesIO(shot)).convert("RGB").quantize(64, dither=Image.Dither.NONE)
    out = io.BytesIO()
    image.save(out, "PNG", optimize=True)
    return out.getvalue()


@pytest.mark.parametrize("name", sorted(SHOTS))
def test_each_screenshot_of_the_guide_shows_what_the_guide_names(
    browser: Browser, editor: tuple[str, Path], name: str, tmp_path: Path
) -> None:
    url, content = editor
    shot = SHOTS[name]
    context = browser.new_context(viewport=shot.viewport, locale="id-ID")  # type: ignore[arg-type]
    page = context.new_page()
    page.route("**/livereload.js*", lambda route: route.abort())  # (no reload mid-picture)
    clip = _clip(page, shot.take(page, url, content))
    width = page.evaluate("document.documentElement.scrollWidth")
    assert width <= shot.viewport["width"], f"{name}: the page runs off the side of the screen"
    for named in shot.names:
        element = _named(page, named)
        expect(element, f"{name} no longer shows {named}").to_be_visible()
        assert _inside(page, element, clip), f"{named} is not in the picture {name}"
    shot_png = page.screenshot(clip=clip, full_page=True, animations="disabled", caret="hide")
    picture = _small_png(shot_png)
    context.close()
    committed = PICTURES / name
    if UPDATE:
        PICTURES.mkdir(parents=True, exist_ok=True)
        committed.write_bytes(picture)
    (tmp_path / name).write_bytes(picture)
    assert len(picture) < MAX_BYTES, f"{name}: {len(picture)} bytes; crop it closer"
    assert committed.is_file(), f"docs/gambar/{name} is not committed (TELADAN_SCREENSHOTS=update)"
    fresh, kept = Image.open(io.BytesIO(picture)).size, Image.open(committed).size
    assert fresh[0] == kept[0] and abs(fresh[1] - kept[1]) <= kept[1] / 5, (
        f"docs/gambar/{name} is {kept}, the screen is now {fresh}: the editor changed; "
        "refresh with TELADAN_SCREENSHOTS=update and look at the pictures before committing"
    )
    guide = GUIDE.read_text("utf-8")
    for _, words in shot.names:
        assert words in guide, f"PANDUAN.md no longer names {words!r}, which {name} shows"


def test_the_guide_shows_only_screenshots_these_tests_take() -> None:
    guide = GUIDE.read_text("utf-8")
    shown = SHOWN.findall(guide)
    assert shown, "PANDUAN.md shows no screenshot"
    assert "![](" not in guide, "every picture in PANDUAN.md says what it shows (alt text)"
    assert sorted(set(shown) - set(SHOTS)) == [], "PANDUAN.md shows pictures no test takes"
    assert sorted(set(SHOTS) - set(shown)) == [], "screenshots taken that PANDUAN.md never shows"
    committed = {p.name for p in PICTURES.glob("*")}
    assert sorted(committed - set(SHOTS)) == [], "docs/gambar/ holds pictures no test takes"
