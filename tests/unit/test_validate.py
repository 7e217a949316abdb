import datetime
import io
from pathlib import Path

import pytest
from PIL import Image

from generator.fields import FieldReader, reword
from generator.load import load_content
from generator.model import Rank
from generator.reference import load_provinces
from generator.urls import slugify
from generator.validate import parse_rank, validate_records
from generator.yamltext import Entry

TODAY = datetime.date(2026, 11, 28)
CATEGORIES = "- slug: psm\n  short_name: PSM\n  name: Pekerja Sosial Masyarakat\n"
KARANG_TARUNA = CATEGORIES + "- slug: karang-taruna\n  name: Karang Taruna\n"


def _validate(
    tmp_path: Path, front: str, files: dict[str, bytes] | None = None, categories: str = CATEGORIES
):  # type: ignore[no-untyped-def]
    tmp_path.mkdir(parents=True, exist_ok=True)
    (tmp_path / "categories.yaml").write_text(categories)
    folder = tmp_path / "pillars" / "2019"
    folder.mkdir(parents=True)
    (folder / "siti.md").write_text(f"---\n{front}---\nCerita Siti.\n")
    for name, data in (files or {}).items():
        (folder / name).write_bytes(data)
    raws, problems = load_content(tmp_path)
    assert not problems
    content, found = validate_records(raws, load_provinces(), tmp_path, TODAY)
    return content, found


BASE = "name: Siti\ncategory: psm\nprovince: jawa-barat\nyear: 2019\nsummary: S.\n"


@pytest.mark.parametrize(
    ("value", "rank"),
    [(1, Rank.JUARA_1), ("2", Rank.JUARA_2), ("Juara III", Rank.JUARA_3), ("harapan 1", Rank.HARAPAN_1),
     ("Harapan II", Rank.HARAPAN_2), ("harapan-3", Rank.HARAPAN_3), (7, None), ("juara", None)],
)  # fmt: skip
def test_parse_rank_accepts_the_ways_people_write_it(value: object, rank: Rank | None) -> None:
    assert parse_rank(value) is rank


def test_slugify_makes_file_names_for_urls() -> None:
    assert slugify("Siti Aminah, S.Sos.") == "siti-aminah-s-sos"
    assert slugify("Ñusantara Jaya") == "nusantara-jaya"


def test_valid_profile_becomes_a_pillar(tmp_path: Path) -> None:
    content, problems = _validate(tmp_path, BASE + "rank: 1\nachievements: [A, B]\n")
    (pillar,) = content.pillars
    assert (pillar.slug, pillar.province, pillar.rank, pillar.achievements) == (
        "siti", "jawa-barat", Rank.JUARA_1, ("A", "B"),
    )  # fmt: skip
    assert str(pillar.story_html) == "<p>Cerita Siti.</p>"
    assert [p.message for p in problems] == ["no photo; the page shows the initials instead"]


def test_province_code_and_alias_resolve_with_a_warning(tmp_path: Path) -> None:
    content, problems = _validate(tmp_path, BASE.replace("province: jawa-barat", "province: 32"))
    assert content.pillars[0].province == "jawa-barat"
    assert any("understood as 'jawa-barat'" in p.message and not p.is_error for p in problems)


def test_unknown_province_suggests_the_nearest(tmp_path: Path) -> None:
    _, problems = _validate(tmp_path, BASE.replace("province: jawa-barat", "province: jawa-baratt"))
    (err,) = [p for p in problems if p.is_error]
    assert err.line == 4 and "did you mean 'jawa-barat'?" in err.message


def test_province_must_exist_in_the_selection_year(tmp_path: Path) -> None:
    _, problems = _validate(
        tmp_path, BASE.replace("province: jawa-barat", "province: papua-tengah")
    )
    (err,) = [p for p in problems if p.is_error]
    assert "formed in 2022" in err.message


def test_missing_photo_file_and_missing_alt_are_errors(tmp_path: Path) -> None:
    _, problems = _validate(tmp_path, BASE + "photo: siti.jpg\n")
    assert [p.message for p in problems if p.is_error] == [
        "photo file 'siti.jpg' is not in pillars/2019/"
    ]
    jpeg = io.BytesIO()
    Image.new("RGB", (4, 4)).save(jpeg, "JPEG")
    _, problems = _validate(
        tmp_path / "b", BASE + "photo: siti.jpg\n", {"siti.jpg": jpeg.getvalue()}
    )
    assert [p.field for p in problems if p.is_error] == ["photo_alt"]
    _, problems = _validate(
        tmp_path / "c", BASE + "photo: siti.jpg\nphoto_alt: S\n", {"siti.jpg": b"text"}
    )
    assert [p.message for p in problems if p.is_error] == [
        "photo 'siti.jpg' is not an image Teladan can read"
    ]


def test_photo_path_may_not_leave_the_folder(tmp_path: Path) -> None:
    _, problems = _validate(tmp_path, BASE + "photo: ../../site.yaml\nphoto_alt: x\n")
    assert any("same folder" in p.message for p in problems if p.is_error)


def test_every_problem_of_a_file_is_reported_at_once(tmp_path: Path) -> None:
    front = "name: Siti\ncategory: psx\nprovince: atlantis\nyear: 1850\nrank: 9\ndraft: ya\n"
    _, problems = _validate(tmp_path, front)
    assert sorted(p.field for p in problems if p.is_error) == [
        "category", "draft", "province", "rank", "year",
    ]  # fmt: skip


def test_hash_in_prose_is_not_silently_dropped(tmp_path: Path) -> None:
    content, problems = _validate(
        tmp_path, BASE.replace("summary: S.", "summary: Juara #1 se-Bali")
    )
    assert content.pillars[0].summary == "Juara"
    (warn,) = [p for p in problems if p.field == "summary"]
    assert not warn.is_error and 'summary: "Juara #1 se-Bali"' in warn.hint


def test_unquoted_colour_is_an_error_not_a_silent_grey(tmp_path: Path) -> None:
    (tmp_path / "categories.yaml").write_text("- slug: psm\n  name: PSM\n  colour: #1f6f8b\n")
    raws, _ = load_content(tmp_path)
    _, problems = validate_records(raws, load_provinces(), tmp_path, TODAY)
    assert [(p.line, p.field) for p in problems if p.is_error] == [(3, "colour")]


@pytest.mark.parametrize("written", ["Prov. Jawa Barat", "jawa barat", "D.K.I. Jakarta"])
def test_profiles_understand_the_province_spellings_the_importer_does(
    tmp_path: Path, written: str
) -> None:
    content, problems = _validate(
        tmp_path, BASE.replace("province: jawa-barat", f"province: {written}")
    )
    assert content.pillars[0].province in ("jawa-barat", "dki-jakarta")
    assert [p.is_error for p in problems if p.field == "province"] == [False]  # a warning


def test_a_range_open_at_one_end_says_so(tmp_path: Path) -> None:
    _, problems = _validate(tmp_path, BASE + "since: 1800\n")
    (err,) = [p for p in problems if p.is_error]
    assert err.message == "'since: 1800' is out of range (1900 or later)"


@pytest.mark.parametrize(
    ("written", "slug"), [("KT", "karang-taruna"), ("Karang Taruna", "karang-taruna")]
)
def test_profiles_understand_category_spellings_with_a_warning(
    tmp_path: Path, written: str, slug: str
) -> None:
    content, problems = _validate(
        tmp_path, BASE.replace("category: psm", f"category: {written}"), categories=KARANG_TARUNA
    )
    assert content.pillars[0].category == slug
    assert [p.is_error for p in problems if p.field == "category"] == [False]  # a warning


def _told(tmp_path: Path, front: str, field: str) -> list[tuple[int | None, str, str]]:
    """What staff are told about one field of a profile: line, message, hint."""
    _, problems = _validate(tmp_path, front)
    return [(p.line, p.message, p.hint) for p in problems if p.field == field]


def test_an_empty_list_item_is_called_empty(tmp_path: Path) -> None:
    front = BASE + "achievements:\n  - Posyandu\n  -\n"
    assert _told(tmp_path, front, "achievements") == [
        (7, "an item of 'achievements' is empty (a '-' with nothing after it)",
         "delete that '-' line, or write the achievement after '- '")
    ]  # fmt: skip


def test_text_after_a_hash_is_warned_about_in_every_text_field(tmp_path: Path) -> None:
    front = BASE + "organization: Karang Taruna #1\nregency: Kabupaten Garut   # kabupaten/kota\n"
    content, problems = _validate(tmp_path, front)
    assert content.pillars[0].organization == "Karang Taruna"
    assert [(p.line, p.message, p.hint) for p in problems if p.field == "organization"] == [
        (7, "the text after ' #' is left out of 'organization' (YAML reads it as a comment)",
         'put the whole value in quotes: organization: "Karang Taruna #1"')
    ]  # fmt: skip
    # (a note after ' # ', as README's example profile has, is a comment)
    assert not [p for p in problems if p.field == "regency"]


def test_tags_separated_by_commas_are_split_with_a_warning(tmp_path: Path) -> None:
    content, problems = _validate(tmp_path, BASE + "tags: lansia, pendampingan\n")
    assert content.pillars[0].tags == ("lansia", "pendampingan")
    assert [(p.line, p.is_error, p.message, p.hint) for p in problems if p.field == "tags"] == [
        (7, False, "tags: 'lansia, pendampingan' is understood as 2 tags",
         "write them as a list: tags: [lansia, pendampingan]")
    ]  # fmt: skip


@pytest.mark.parametrize(
    ("line", "field", "message", "hint"),
    [("since: 012", "since",
      "'since: 012' is read by YAML as 10 (a number starting with 0 is read in base 8)",
      "write the year in full: since: 2012"),
     ("year: 2019.0", "year", "'year: 2019.0' should be a whole number", "write year: 2019"),
     ("date: 21-08-2023", "date", "'date: 21-08-2023' is not a date",
      "write dates as year-month-day: date: 2023-08-21")],
)  # fmt: skip
def test_hints_are_made_from_the_value_written(
    tmp_path: Path, line: str, field: str, message: str, hint: str
) -> None:
    front = BASE.replace("year: 2019\n", "") + line + "\n"
    assert _told(tmp_path, front, field) == [(6, message, hint)]


@pytest.mark.parametrize(
    ("written", "told"),
    [
        ("", "'Nama' masih kosong"),  # (a column left empty, not the field of a file)
        (None, "'Nama' masih kosong"),
    ],
)
def test_a_required_field_is_told_for_its_column_in_indonesian_too(
    indonesian: None, written: str | None, told: str
) -> None:
    entries = {} if written is None else {"name": Entry(written, 3)}
    reader = FieldReader("pemenang.xlsx", entries)
    reader.text("name", required=True)
    (problem,) = reader.problems
    assert problem.message.startswith("isian wajib 'name'")
    assert reword(problem.message, "name", "Nama") == told
