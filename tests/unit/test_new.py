"""`teladan new pilar`: the same checks as any profile, the year first."""

from __future__ import annotations

import datetime
import io
import shutil
from pathlib import Path

import pytest

from generator.cli import run
from generator.scaffold import new_pillar

FIXTURES = Path(__file__).parent.parent / "fixtures"
TODAY = datetime.date(2026, 11, 28)


@pytest.fixture
def content(tmp_path: Path) -> Path:
    folder = tmp_path / "content"
    shutil.copytree(FIXTURES / "full" / "content", folder)
    return folder


def test_a_wrong_year_is_the_one_problem_reported(content: Path) -> None:
    out, err = io.StringIO(), io.StringIO()
    args = ["new", "pilar", "Uji Coba", "--category", "psm", "--province", "jawa-barat"]
    code = run([*args, "--year", "24", "--content", str(content)], out, err)
    assert code == 2
    last = datetime.date.today().year + 1
    assert err.getvalue() == (
        f"--year: '24' is out of range (1990–{last})\n"
        f"    write the selection year, e.g. --year {last - 1}\n"
    )
    assert not (content / "pillars" / "24").exists()


@pytest.mark.parametrize(
    ("year", "ok"), [(1989, False), (1990, True), (TODAY.year + 1, True), (TODAY.year + 2, False)]
)
def test_the_years_are_those_of_a_profile(content: Path, year: int, ok: bool) -> None:
    path, problems = new_pillar(content, "Uji Coba", "psm", "aceh", year, TODAY)
    assert (path is not None) == ok, problems
    assert [p.path for p in problems] == ([] if ok else ["--year"])


def test_spellings_and_provinces_as_in_a_profile(content: Path) -> None:
    path, problems = new_pillar(content, "Uji Coba", "TKSK", "32", 2019, TODAY)
    assert path is not None and not problems
    assert "category: tksk\nprovince: jawa-barat\n" in path.read_text(encoding="utf-8")
    path, problems = new_pillar(content, "Uji Dua", "psm", "Papua Selatan", 2019, TODAY)
    [problem] = problems
    assert path is None and problem.path == "--province"
    assert (
        "Papua Selatan ('papua-selatan') was formed in 2022, after the selection year 2019"
        in problem.message
    )


def _new(content: Path, *args: str) -> tuple[int, str]:
    out, err = io.StringIO(), io.StringIO()
    code = run(["new", *args, "--content", str(content)], out, err)
    return code, err.getvalue()


def test_a_name_without_quotes_is_told_to_be_quoted(content: Path) -> None:
    args = ["--category", "psm", "--province", "aceh", "--year", "2019"]
    code, err = _new(content, "pilar", "Budi", "Santoso", "Putra", *args)
    assert code == 2
    assert err == (
        "NAME: the name has spaces but no quotes, so 'Santoso Putra' was read as something else\n"
        '    put the name in quotes: teladan new pilar "Budi Santoso Putra" …\n'
    )
    code, err = _new(content, "berita", "Siaran", "pers")
    assert code == 2 and 'teladan new berita "Siaran pers" …' in err
    with pytest.raises(SystemExit):  # anything else left over is argparse's to tell
        _new(content, "pilar", "Budi", *args, "lagi")


def test_an_empty_name_is_one_error(content: Path) -> None:
    path, problems = new_pillar(content, " ", "psm", "aceh", 2019, TODAY)
    assert path is None
    [problem] = problems
    assert (problem.path, problem.message) == ("NAME", "the name is empty")
    assert "name in quotes" in problem.hint


def test_a_winner_honoured_again_is_told_what_to_do(content: Path) -> None:
    # The same name in another year: one profile holds every award (PANDUAN §13), no copy.
    first, _ = new_pillar(content, "Ujang Contoh", "psm", "aceh", 2019, TODAY)
    assert first is not None
    path, problems = new_pillar(content, "Ujang Contoh", "TKSK", "aceh", 2023, TODAY)
    [problem] = problems
    assert path is None and problem.path == str(first)
    assert problem.hint == (
        "if it is the same pillar honoured again, add the award to that file: replace its "
        "lines 'year:', 'category:' and 'rank:' with an 'awards:' list, one item per award, "
        "then add '- year: 2023', 'category: tksk' and its rank (PANDUAN.md, section 13)"
    )
    # A profile that lists its awards already: one more item in the list.
    text = first.read_text("utf-8").replace(
        "year: 2019\n", "awards:\n  - year: 2019\n    category: psm\n"
    )
    first.write_text(text.replace("category: psm\nprovince", "province"), encoding="utf-8")
    path, problems = new_pillar(content, "Ujang Contoh", "tksk", "aceh", 2025, TODAY)
    assert path is None and problems[0].hint == (
        "if it is the same pillar honoured again, add an item to the 'awards:' list of that "
        "file: '- year: 2025', 'category: tksk' and its rank"
    )
    # The same year: another person of the same name.
    path, problems = new_pillar(content, "Ujang Contoh", "psm", "bali", 2019, TODAY)
    assert "for another person of the same name" in problems[0].hint


def _uncommented(content: Path) -> list[tuple[int | None, str, str]]:
    """A new profile with every hint of the template uncommented but the optional ones: the
    errors `check` then finds, as (line, message, hint)."""
    from generator import check

    path, _ = new_pillar(content, "Uji Coba", "psm", "aceh", 2019, TODAY)
    assert path is not None
    kept = ("# photo:", "# rank:", "# since:", "# tags:")
    lines = [
        line[2:] if line.startswith("# ") and not line.startswith(kept) else line
        for line in path.read_text(encoding="utf-8").split("\n")
    ]
    lines = [line.replace("#   - …", "  - …") for line in lines]
    path.write_text("\n".join(lines), encoding="utf-8")
    report = check(content, today=TODAY)
    return [(p.line, p.message, p.hint) for p in report.problems if p.is_error]


def test_placeholders_of_the_template_left_in_are_errors(content: Path) -> None:
    assert _uncommented(content) == [
        (6, "'summary: …' is still the placeholder of the template",
         "replace the … with the real text"),
        (8, "'regency: Kabupaten …' is still the placeholder of the template",
         "replace the … with the kabupaten or kota"),
        (9, "'district: Kecamatan …' is still the placeholder of the template",
         "replace the … with the kecamatan"),
        (10, "'organization: …' is still the placeholder of the template",
         "replace the … with the organisation's name"),
        (13, "'photo_alt: …' is still the placeholder of the template",
         "replace the … with what the photo shows"),
        (14, "'photo_credit: …' is still the placeholder of the template",
         "replace the … with the real text"),
        (15, "'photo_license: …' is still the placeholder of the template",
         "replace the … with the real text"),
        (16, "'quote: …' is still the placeholder of the template",
         "replace the … with the real text"),
        (17, "an item of 'achievements' ('…') is still the placeholder of the template",
         "replace the … with the achievement"),
    ]  # fmt: skip


def test_the_indonesian_templates_placeholders_are_errors_too(
    content: Path, indonesian: None
) -> None:
    # The template is the catalog's translation: its own placeholders, on the same lines.
    told = _uncommented(content)
    assert [line for line, _, _ in told] == [6, 8, 9, 10, 13, 14, 15, 16, 17]
    assert "Satu atau dua kalimat tentang dia" in told[0][1]


def test_an_ellipsis_in_a_story_summary_or_title_is_not_a_placeholder(
    content: Path, indonesian: None
) -> None:
    from generator import check

    path, _ = new_pillar(content, "Uji Coba", "psm", "aceh", 2019, TODAY)
    assert path is not None
    text = path.read_text(encoding="utf-8").replace(
        "# summary: Satu", "summary: Dari desa untuk negeri… Satu"
    )
    assert "summary: Dari desa" in text  # (the Indonesian template's summary hint)
    path.write_text(text, encoding="utf-8")
    assert not [p for p in check(content, today=TODAY).problems if p.is_error]


def test_a_new_press_release_shows_how_to_add_its_photos(content: Path) -> None:
    from generator import build
    from generator.scaffold import new_news

    path, _ = new_news(content, "Uji coba foto", TODAY)
    assert path is not None
    text = path.read_text(encoding="utf-8")
    assert "# photos:" in text and "#   - file: foto.jpg" in text and "#     caption: …" in text
    # Uncommented and filled in, the lines are a photo the page shows.
    shutil.copy(content / "pillars" / "2019" / "ani.jpg", path.parent / "foto.jpg")
    lines = [
        line[2:].replace("…", "Foto uji coba") if line.startswith(("# photos:", "#  ")) else line
        for line in text.replace("draft: true", "draft: false").split("\n")
    ]
    path.write_text("\n".join(lines), encoding="utf-8")
    out = content.parent / "out"
    report = build(content, out, today=TODAY, search=False)
    assert report.ok, [p.format() for p in report.problems]
    page = (out / "berita" / path.stem / "index.html").read_text(encoding="utf-8")
    assert "<figcaption><span>Foto uji coba</span>" in page


def test_a_new_profile_shows_where_its_photos_credit_goes(content: Path) -> None:
    path, _ = new_pillar(content, "Uji Coba", "psm", "aceh", 2019, TODAY)
    assert path is not None
    text = path.read_text(encoding="utf-8")
    assert "# photo_credit: …" in text and "# photo_license: …" in text
