"""An edited theme translation (a compiled .mo) re-renders the pages that show its words."""

from __future__ import annotations

import io
from pathlib import Path

from babel.messages.catalog import Catalog
from babel.messages.mofile import write_mo

from generator import BuildReport, build
from tests.conftest import TODAY, copy_fixture


def _build(content: Path, out: Path) -> BuildReport:
    report = build(content, out, today=TODAY, search=False)
    assert report.ok, [p.format() for p in report.problems]
    return report


def _mo(translations: dict[str, str]) -> bytes:
    catalog = Catalog(locale="id")
    for english, indonesian in translations.items():
        catalog.add(english, indonesian)
    data = io.BytesIO()
    write_mo(data, catalog)
    return data.getvalue()


def test_an_edited_theme_translation_shows_on_the_next_build(tmp_path: Path) -> None:
    site = tmp_path / "site"
    copy_fixture("full", site)
    config = site / "content" / "site.yaml"
    config.write_text(config.read_text() + "theme: mine\n")
    catalogs = site / "themes" / "mine" / "locale" / "id" / "LC_MESSAGES"
    catalogs.mkdir(parents=True)
    (catalogs / "theme.mo").write_bytes(_mo({"Made with Teladan": "Dibuat dengan Teladan!"}))
    out = tmp_path / "out"
    _build(site / "content", out)
    pages = sorted(out.rglob("*.html"))
    assert all("Dibuat dengan Teladan!" in p.read_text() for p in pages)
    (catalogs / "theme.mo").write_bytes(_mo({"Made with Teladan": "Buatan Teladan"}))
    report = _build(site / "content", out)
    assert report.write is not None and len(report.write.written) >= len(pages)
    assert all("Buatan Teladan" in p.read_text() for p in pages)
    assert not any("Dibuat dengan Teladan" in p.read_text() for p in pages)
