"""The sample site's pages speak Indonesian: the theme's words from its Indonesian catalog, dates
in Indonesian, and no English word of the templates left over."""

from __future__ import annotations

import re
from pathlib import Path

from babel.messages.pofile import read_po

from generator import BuildReport
from tests.catalogs import english_in
from tests.conftest import REPO

CATALOG = REPO / "themes" / "default" / "locale" / "id" / "LC_MESSAGES" / "theme.po"


def test_the_sample_pages_show_the_themes_indonesian_and_no_english(
    built_sample: tuple[Path, BuildReport],
) -> None:
    out, _ = built_sample
    with CATALOG.open("rb") as f:
        catalog = read_po(f, locale="id")
    pages = {p.relative_to(out).as_posix(): p.read_text("utf-8") for p in out.rglob("*.html")}
    pages |= {p.relative_to(out).as_posix(): p.read_text("utf-8") for p in out.rglob("*.xml")}
    # (the editions' pages, and the 404 page's line for English readers, are English)
    main = {
        path: re.sub(r'<(\w+) lang="en">.*?</\1>', "", text, flags=re.S)
        for path, text in pages.items()
        if not path.startswith("en/")
    }
    leaked = {path: found for path, text in main.items() if (found := english_in(text, [catalog]))}
    assert not leaked
    home, year = pages["index.html"], pages["tahun/2019/index.html"]
    assert '<html lang="id">' in home and 'content="id_ID"' in home
    assert "Langsung ke isi" in home and "Sekilas angka" in home and "pilar teladan</li>" in home
    assert "19 Agustus 2019" in year and "Acara pemilihan" in year and "dari " in year
    profile = next(
        text for text in pages.values() if '<article class="profile"' in text and "Juara I<" in text
    )
    assert (
        "Kabupaten/Kota" in profile and "Pemilihan Pilar-pilar Sosial Teladan Nasional" in profile
    )
