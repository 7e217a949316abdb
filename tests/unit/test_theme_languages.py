"""The theme speaks each language the site names: its words from the theme's gettext catalogs,
dates and numbers as the page's language writes them, the language taken from the page's route."""

from __future__ import annotations

import dataclasses
import io
from pathlib import Path

from babel.messages.catalog import Catalog
from babel.messages.mofile import write_mo
from markupsafe import Markup

from generator.model import RenderedFile
from generator.pipeline import check_content
from generator.render import render_route
from generator.routes import Route, plan_routes
from generator.theme import Theme, jsonld, load_theme
from tests.conftest import TODAY, copy_site


def _site(tmp_path: Path, languages: tuple[str, ...] | None) -> tuple[Theme, dict[str, Route]]:
    """The full fixture's theme, loaded for `languages`, and its routes by output path."""
    content = copy_site("full", tmp_path)
    index, problems = check_content(content, today=TODAY)
    assert index is not None, [p.format() for p in problems]
    theme, problems = load_theme(index.config, content.parent, languages=languages)
    assert theme is not None and not problems, [p.format() for p in problems]
    return theme, {r.output_path: r for r in plan_routes(index, {})}


def _render(theme: Theme, route: Route, lang: str | None = None) -> str:
    if lang is not None:
        route = dataclasses.replace(route, context={**route.context, "lang": lang})
    page = render_route(route, theme)
    assert isinstance(page, RenderedFile), page
    return page.data.decode("utf-8")


def test_a_page_is_rendered_in_the_language_its_route_names(tmp_path: Path) -> None:
    theme, routes = _site(tmp_path, ("id", "en"))
    assert theme.languages == ("id", "en")
    year = routes["tahun/2019/index.html"]
    indonesian, english = _render(theme, year, "id"), _render(theme, year, "en")
    assert '<html lang="id">' in indonesian and '<html lang="en">' in english
    assert "19 Agustus 2019" in indonesian and "Acara pemilihan" in indonesian
    assert "19 August 2019" in english and "The selection event" in english
    assert "<dt>Date</dt>" in english and "<dt>Tanggal</dt>" not in english  # (content aside)
    assert 'content="id_ID"' in indonesian and 'content="en_GB"' in english  # og:locale
    # Rank labels and counted words come from the catalogs too.
    assert "Juara I<" in indonesian and "First place<" in english
    assert "Langsung ke isi" in indonesian and "Skip to content" in english
    feed = _render(theme, routes["pilar/feed.xml"], "en")
    assert 'xml:lang="en"' in feed and "First place" in feed


def test_a_page_without_a_language_is_in_the_sites_main_one(tmp_path: Path) -> None:
    theme, routes = _site(tmp_path, ("id", "en"))
    home = routes["index.html"]
    assert _render(theme, home) == _render(theme, home, "id")
    # The site's own language when the caller names none.
    only, _ = _site(tmp_path / "again", None)
    assert only.languages == ("id",)


def test_numbers_are_written_as_the_pages_language_writes_them(tmp_path: Path) -> None:
    theme, _ = _site(tmp_path, ("id", "en"))
    for lang, expected in (("id", "1.234 pilar teladan"), ("en", "1,234 exemplary pillars")):
        html = (
            theme.env_for(lang)
            .from_string(
                '{% import "partials/macros.html" as m with context %}{{ m.category_cards(cards) }}'
            )
            .render(cards=[(_category(), 1234)], page_path="")
        )
        assert expected in html


def _category() -> object:
    @dataclasses.dataclass
    class Category:
        slug: str = "psm"
        name: str = "Pekerja Sosial Masyarakat"
        short_name: str = "PSM"
        colour: str = "#000"
        description: str = ""

    return Category()


def test_a_language_no_theme_has_words_for_is_warned_about_and_shown_in_indonesian(
    tmp_path: Path,
) -> None:
    content = copy_site("full", tmp_path)
    index, _ = check_content(content, today=TODAY)
    assert index is not None
    theme, problems = load_theme(index.config, content.parent, languages=("fr",))
    assert theme is not None
    assert [(p.path, p.message) for p in problems] == [
        ("site.yaml", "the theme has no words for language 'fr'; pages use Indonesian")
    ]
    home = next(r for r in plan_routes(index, {}) if r.output_path == "index.html")
    html = _render(theme, home, "fr")
    assert '<html lang="fr">' in html and "Langsung ke isi" in html


def _mo(translations: dict[str, str]) -> bytes:
    catalog = Catalog(locale="id")
    for english, indonesian in translations.items():
        catalog.add(english, indonesian)
    data = io.BytesIO()
    write_mo(data, catalog)
    return data.getvalue()


def test_a_custom_themes_catalog_comes_first_and_the_default_fills_the_rest(
    tmp_path: Path,
) -> None:
    content = copy_site("full", tmp_path)
    config = content / "site.yaml"
    config.write_text(config.read_text() + "theme: mine\n")
    catalogs = content.parent / "themes" / "mine" / "locale" / "id" / "LC_MESSAGES"
    catalogs.mkdir(parents=True)
    (catalogs / "theme.mo").write_bytes(_mo({"Skip to content": "Lompat ke isi"}))
    index, _ = check_content(content, today=TODAY)
    assert index is not None
    theme, problems = load_theme(index.config, content.parent)
    assert theme is not None and not problems
    home = next(r for r in plan_routes(index, {}) if r.output_path == "index.html")
    html = _render(theme, home)
    assert "Lompat ke isi" in html and "Langsung ke isi" not in html
    assert "Menu utama" in html  # (from the default theme's catalog)


def test_a_damaged_catalog_is_reported_with_its_file(tmp_path: Path) -> None:
    content = copy_site("full", tmp_path)
    config = content / "site.yaml"
    config.write_text(config.read_text() + "theme: mine\n")
    catalogs = content.parent / "themes" / "mine" / "locale" / "id" / "LC_MESSAGES"
    catalogs.mkdir(parents=True)
    (catalogs / "theme.mo").write_bytes(b"not a catalog")
    index, _ = check_content(content, today=TODAY)
    assert index is not None
    _, problems = load_theme(index.config, content.parent)
    assert len(problems) == 1 and problems[0].is_error
    assert problems[0].path.endswith("theme.mo")
    assert problems[0].message.startswith("the theme's translations cannot be read")


def test_translated_words_in_json_ld_are_plain_text() -> None:
    # A translation reaches the template as Markup (escaped for HTML); JSON-LD is not HTML.
    data = jsonld({"award": Markup("Juara I Karang Taruna &amp; LKS")})
    assert "Karang Taruna \\u0026 LKS" in data and "amp;" not in data
