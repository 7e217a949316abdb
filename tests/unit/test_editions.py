"""Editions in further languages: site.yaml's languages and translated settings, translation
files (`<slug>.<code>.md`) and their checks, each checked through the public functions and the
build."""

from __future__ import annotations

import json
import shutil
from pathlib import Path

import pytest

from generator import build, check, i18n
from generator.config import parse_config
from generator.yamltext import parse_mapping
from tests.conftest import REPO, TODAY, copy_site

SITE = "title: Situs\nbase_url: https://example.org/\n"


def _config(text: str):  # type: ignore[no-untyped-def]
    return parse_config(parse_mapping(SITE + text).entries)


def test_a_site_may_name_several_languages_the_main_one_first() -> None:
    config, problems = _config("language: [id, en]\ntitle_en: Site\n")
    assert problems == ()
    assert config.languages == ("id", "en") and config.language == "id"
    assert config.edition("en").title == "Site" and config.title == "Situs"
    one, _ = _config("language: id\n")
    assert one.languages == ("id",)


def test_an_unknown_or_repeated_language_is_a_problem_on_its_line() -> None:
    config, problems = _config("language: [id, xx, id]\n")
    assert [(p.line, p.is_error) for p in problems] == [(3, True), (3, True)]
    assert "'xx' is not a language code" in problems[0].message
    assert "named twice" in problems[1].message
    assert config.languages == ("id",)


def test_menu_labels_and_settings_are_translated_only_where_written() -> None:
    config, problems = _config(
        "language: [id, en]\nnotice: Contoh\nnavigation:\n"
        "  - label: Tentang\n    label_en: About\n    path: tentang/\n"
        "  - label: Berita\n    path: berita/\n"
    )
    assert problems == ()
    english = config.edition("en")
    assert [link.label for link in english.navigation] == ["About", "Berita"]
    assert english.notice == "Contoh"  # (no notice_en: the original)
    # A translated notice goes with the notice it translates.
    assert _config("language: [id, en]\nnotice_en: Sample\n")[0].edition("en").notice == ""


def _bilingual(tmp_path: Path) -> Path:
    content = copy_site("full", tmp_path)
    site = content / "site.yaml"
    site.write_text(site.read_text().replace("language: id", "language: [id, en]"))
    return content


def _problems(content: Path) -> list[tuple[str, int | None, str]]:
    report = check(content, today=TODAY)
    return [(Path(p.path).name, p.line, p.message) for p in report.problems if p.is_error]


def test_a_field_that_comes_from_the_original_cannot_be_translated(tmp_path: Path) -> None:
    content = _bilingual(tmp_path)
    (content / "pillars" / "2019" / "citra-dewi.en.md").write_text(
        "---\nsummary: Citra teaches street children.\nyear: 2020\n---\nThe story.\n"
    )
    assert _problems(content) == [
        (
            "citra-dewi.en.md",
            3,
            "'year' cannot be written in a translation: it comes from the original file",
        )
    ]


def test_a_translation_needs_an_original_and_a_language_of_the_site(tmp_path: Path) -> None:
    content = _bilingual(tmp_path)
    folder = content / "pillars" / "2019"
    (folder / "citra-dewi-lama.en.md").write_text("---\nsummary: Old.\n---\n")
    (folder / "citra-dewi.fr.md").write_text("---\nsummary: Citra.\n---\n")
    found = _problems(content)
    assert [(name, line) for name, line, _ in found] == [
        ("citra-dewi-lama.en.md", None),
        ("citra-dewi.fr.md", None),
    ]
    assert "no original" in found[0][2] and "citra-dewi-lama.md" in found[0][2]
    assert "site.yaml does not name that language" in found[1][2]


def test_a_translation_left_behind_when_its_original_moved_is_told_where_it_went(
    tmp_path: Path,
) -> None:
    content = _bilingual(tmp_path)
    pillars = content / "pillars"
    (pillars / "2019" / "citra-dewi.en.md").write_text("---\nsummary: Citra.\n---\n")
    (pillars / "2023").mkdir(exist_ok=True)
    (pillars / "2019" / "citra-dewi.md").rename(pillars / "2023" / "citra-dewi.md")
    report = check(content, today=TODAY)
    (problem,) = [p for p in report.problems if p.is_error]
    assert Path(problem.path).name == "citra-dewi.en.md" and "no original" in problem.message
    assert problem.hint == "citra-dewi.md is in pillars/2023/ now: move this translation there"


def test_a_translation_is_not_a_profile_of_its_own(tmp_path: Path) -> None:
    content = _bilingual(tmp_path)
    (content / "pillars" / "2019" / "citra-dewi.en.md").write_text(
        "---\nsummary: Citra teaches street children.\n---\nThe story of Citra in English.\n"
    )
    out = tmp_path / "out"
    report = build(content, out, today=TODAY, search=False)
    assert report.ok, [p.format() for p in report.problems]
    data = json.loads((out / "data" / "pilar.json").read_text())
    slugs = [row["slug"] for row in data["pilar"]]
    assert "citra-dewi" in slugs and not [s for s in slugs if "." in s]
    assert not (out / "pilar" / "citra-dewi.en").exists()
    english = (out / "en" / "pilar" / "citra-dewi" / "index.html").read_text()
    assert "The story of Citra in English." in english and "Citra Dewi" in english
    assert "Cerita Citra." not in english
    row = next(r for r in data["pilar"] if r["slug"] == "citra-dewi")
    assert row["summary_en"] == "Citra teaches street children."
    assert row["url_en"].endswith("/en/pilar/citra-dewi/")
    schema = json.loads((out / "data" / "pilar.schema.json").read_text())
    assert "summary_en" in schema["properties"]["pilar"]["items"]["required"]


def test_the_tool_speaks_the_main_language_of_a_site_in_several(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    monkeypatch.delenv("TELADAN_LANG", raising=False)
    monkeypatch.delenv(i18n.SITE_VARIABLE, raising=False)  # (restored after the test)
    monkeypatch.setenv("LANG", "en_US.UTF-8")
    for text in ("language: [id, en]\n", "language:\n  - id\n  - en\n", "language: id\n"):
        (tmp_path / "site.yaml").write_text(text)
        i18n.use_site(tmp_path)
        assert i18n.language() == "id", text


def test_a_translation_of_a_broken_original_is_not_said_to_have_none(tmp_path: Path) -> None:
    content = _bilingual(tmp_path)
    folder = content / "pillars" / "2019"
    (folder / "citra-dewi.md").write_text("name: Citra Dewi\n")  # (no front matter)
    (folder / "citra-dewi.en.md").write_text("---\nsummary: Citra.\n---\n")
    found = _problems(content)
    assert [name for name, _, _ in found] == ["citra-dewi.md"], found


def test_photo_credit_and_licence_have_their_english_form_in_site_yaml() -> None:
    config, problems = _config(
        "language: [id, en]\nphoto_credit: Humas\nphoto_license: Hak cipta dilindungi\n"
        "photo_license_en: All rights reserved\n"
    )
    assert problems == ()
    english = config.edition("en")
    assert english.photo_license == "All rights reserved" and english.photo_credit == "Humas"
    assert config.in_main_language("photo_credit", "en")
    assert not config.in_main_language("photo_license", "en")


def test_a_press_release_translation_gives_its_photos_captions(tmp_path: Path) -> None:
    content = tmp_path / "content"
    shutil.copytree(REPO / "content", content)
    news = content / "news" / "mensos-temui-pemenang-pilar-sosial-teladan-2019.en.md"
    text = news.read_text()
    # A credit cannot be translated there: it comes from the original.
    news.write_text(text.replace("  - file:", "  - credit: Humas\n    file:"))
    assert [(line, m) for name, line, m in _problems(content) if name == news.name] == [
        (5, "a translation's 'photos' holds only each photo's file and caption")
    ]
    # Without captions in the translation, the English page marks the original's as Indonesian.
    news.write_text(text.split("photos:")[0] + "---" + text.split("---", 2)[2])
    out = tmp_path / "out"
    assert build(content, out, today=TODAY, search=False).ok
    page = out / "en/berita/mensos-temui-pemenang-pilar-sosial-teladan-2019/index.html"
    assert '<figcaption><span lang="id">Ilustrasi abstrak' in page.read_text()


@pytest.mark.parametrize("typed", ["eng", "EN"])
def test_a_language_code_written_otherwise_is_one_problem_naming_the_usual_code(
    tmp_path: Path, typed: str
) -> None:
    """`eng` and `EN` name English: one error says to write 'en', and the rest of the site is
    checked as if it were written so (no translation is said to be of a language not named,
    no `title_en:` said to be unknown)."""
    config, problems = _config(f"language: [id, {typed}]\ntitle_en: Site\n")
    assert [(p.line, p.is_error) for p in problems] == [(3, True)]
    assert f"'{typed}' is not how the site writes the code of English" in problems[0].message
    assert "'en'" in problems[0].hint and config.languages == ("id", "en")
    content = _bilingual(tmp_path)
    site = content / "site.yaml"
    site.write_text(site.read_text().replace("[id, en]", f"[id, {typed}]"))
    (content / "pillars" / "2019" / "citra-dewi.en.md").write_text("---\nsummary: Citra.\n---\n")
    assert [name for name, _, _ in _problems(content)] == ["site.yaml"]


def test_languages_in_the_wrong_order_are_said_to_be(tmp_path: Path) -> None:
    content = _bilingual(tmp_path)
    site = content / "site.yaml"
    site.write_text(site.read_text().replace("[id, en]", "[en, id]"))
    (content / "pillars" / "2019" / "citra-dewi.en.md").write_text("---\nsummary: Citra.\n---\n")
    report = check(content, today=TODAY)
    found = [p for p in report.problems if p.is_error]
    assert [Path(p.path).name for p in found] == ["citra-dewi.en.md"]
    assert "site.yaml names 'en' first" in found[0].message
    assert "language: [id, en]" in found[0].hint and "Indonesian" in found[0].hint


def test_a_misspelt_field_of_a_translation_is_said_with_the_one_meant(tmp_path: Path) -> None:
    """`summery:` is a typo for `summary`, not a field of the original; `pillars:` (a list of
    the original's) is removed with its indented lines; the list of fields names none staff
    never write (the story)."""
    content = _bilingual(tmp_path)
    (content / "pillars" / "2019" / "citra-dewi.en.md").write_text(
        "---\nsummery: Citra.\ntitle: Citra\n---\nThe story.\n"
    )
    (content / "news" / "rilis-2019.en.md").write_text(
        "---\ntitle: News\npillars:\n  - citra-dewi\n---\nText.\n"
    )
    report = check(content, today=TODAY)
    found = {(Path(p.path).name, p.line): p for p in report.problems if p.is_error}
    typo = found[("citra-dewi.en.md", 2)]
    assert "'summery' is not a field of a translation; did you mean 'summary'?" in typo.message
    assert "write 'summary'" in typo.hint and "story" not in typo.hint
    assert "comes from the original" not in found[("citra-dewi.en.md", 3)].message
    listed = found[("rilis-2019.en.md", 3)]
    assert "comes from the original" in listed.message
    assert "delete this line and the indented lines below it" in listed.hint
    assert "body" not in listed.hint


def test_a_translation_named_a_letter_off_is_told_its_right_name(tmp_path: Path) -> None:
    content = _bilingual(tmp_path)
    folder = content / "pillars" / "2019"
    (folder / "citra-dewi.eng.md").write_text("---\nsummary: Citra.\n---\n")
    (folder / "ani-suryany.en.md").write_text("---\nsummary: Ani.\n---\n")
    report = check(content, today=TODAY)
    found = {Path(p.path).name: p for p in report.problems if p.is_error}
    assert set(found) == {"citra-dewi.eng.md", "ani-suryany.en.md"}
    assert found["citra-dewi.eng.md"].hint == "rename it citra-dewi.en.md"
    assert "did you mean ani-suryani?" in found["ani-suryany.en.md"].message
    assert found["ani-suryany.en.md"].hint.endswith("ani-suryani.en.md")


def test_settings_in_the_main_language_say_the_languages_may_be_swapped() -> None:
    problems = _config("language: [en, id]\ntitle_en: Site\ntagline_en: A site\n")[1]
    assert [(p.line, p.is_error) for p in problems] == [(4, False)]
    assert "'title_en' is a text in English, but English is the site's main language" in (
        problems[0].message
    )
    assert problems[0].hint.endswith("language: [id, en]")
