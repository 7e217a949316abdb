"""A pillar honoured more than once: `awards:` in a profile, checked per award at its line."""

import datetime
from pathlib import Path

from generator.load import load_content
from generator.model import NATIONAL, PROVINCIAL, Rank
from generator.reference import load_provinces
from generator.validate import validate_records

TODAY = datetime.date(2026, 11, 28)
CATEGORIES = (
    "- slug: psm\n  short_name: PSM\n  name: Pekerja Sosial Masyarakat\n"
    "- slug: karang-taruna\n  name: Karang Taruna\n"
)
HEAD = "---\nname: Karang Taruna Tunas\nprovince: jawa-barat\nsummary: S.\n"


def _validate(tmp_path: Path, text: str, folder: str = "2023"):  # type: ignore[no-untyped-def]
    (tmp_path / "categories.yaml").write_text(CATEGORIES)
    place = tmp_path / "pillars" / folder
    place.mkdir(parents=True)
    (place / "tunas.md").write_text(text)
    raws, problems = load_content(tmp_path)
    assert not problems
    content, found = validate_records(raws, load_provinces(), tmp_path, TODAY)
    return content, [p for p in found if p.is_error]


TWO = (
    HEAD + "awards:\n"
    "  - year: 2023\n    category: karang-taruna\n    rank: 1\n"
    "    citation: Menggerakkan pemuda desa.\n"
    "  - year: 2019\n    category: karang-taruna\n    rank: harapan-2\n"
    "    level: provinsi\n    province: banten\n"
    "---\nCerita.\n"
)


def test_a_profile_with_two_awards_has_them_in_time_order_and_leads_with_the_latest(
    tmp_path: Path,
) -> None:
    content, errors = _validate(tmp_path, TWO)
    assert errors == []
    (pillar,) = content.pillars
    first, latest = pillar.awards
    assert (first.year, first.rank, first.level, first.province) == (
        2019, Rank.HARAPAN_2, PROVINCIAL, "banten",
    )  # fmt: skip
    assert (latest.year, latest.rank, latest.level, latest.province, latest.citation) == (
        2023, Rank.JUARA_1, NATIONAL, "jawa-barat", "Menggerakkan pemuda desa.",
    )  # fmt: skip
    assert (first.line, latest.line) == (10, 6)
    # The profile's own fields are the leading award's, for every reader of them.
    assert (pillar.year, pillar.category, pillar.rank, pillar.province, pillar.level) == (
        2023, "karang-taruna", Rank.JUARA_1, "jawa-barat", NATIONAL,
    )  # fmt: skip


def test_a_profile_with_single_award_fields_gets_one_award(tmp_path: Path) -> None:
    text = HEAD + "year: 2023\ncategory: psm\nrank: 2\n---\nCerita.\n"
    content, errors = _validate(tmp_path, text)
    assert errors == []
    (award,) = content.pillars[0].awards
    assert (award.year, award.category, award.rank, award.level, award.province) == (
        2023, "psm", Rank.JUARA_2, NATIONAL, "jawa-barat",
    )  # fmt: skip


def test_an_award_in_a_province_not_yet_formed_names_the_awards_line(tmp_path: Path) -> None:
    text = TWO.replace("province: banten", "province: papua-tengah")
    _, errors = _validate(tmp_path, text)
    (err,) = errors
    assert err.path == "pillars/2023/tunas.md" and err.line == 14
    assert "formed in 2022, after the selection year 2019" in err.message


def test_the_profiles_province_is_checked_for_each_awards_year(tmp_path: Path) -> None:
    text = TWO.replace("province: jawa-barat", "province: papua-tengah", 1)
    _, errors = _validate(tmp_path, text.replace("    province: banten\n", ""))
    assert [(e.line, "after the selection year 2019" in e.message) for e in errors] == [(10, True)]


def test_each_award_is_checked_at_its_line(tmp_path: Path) -> None:
    text = TWO.replace("rank: harapan-2", "rank: 9").replace("level: provinsi", "level: kota")
    text = text.replace("category: karang-taruna\n    rank: 1", "category: kt-desa\n    rank: 1")
    _, errors = _validate(tmp_path, text)
    assert [(e.line, e.message.split(" is ")[0]) for e in errors] == [
        (7, "category 'kt-desa'"),
        (13, "level 'kota'"),
        (12, "rank '9'"),
    ]


def test_a_year_given_twice_for_one_category_is_an_error(tmp_path: Path) -> None:
    text = TWO.replace("year: 2019", "year: 2023").replace("    level: provinsi\n", "")
    _, errors = _validate(tmp_path, text)
    (err,) = errors
    assert err.line == 10 and "twice (also on line 6)" in err.message


def test_awards_together_with_the_single_fields_says_which_to_keep(tmp_path: Path) -> None:
    _, errors = _validate(tmp_path, TWO.replace("summary: S.\n", "summary: S.\nyear: 2023\n"))
    (err,) = errors
    assert err.line == 5 and "both 'awards:' and 'year:'" in err.message
    assert "delete the lines 'year:'" in err.hint


def test_a_profile_with_awards_may_sit_in_another_year_folder(tmp_path: Path) -> None:
    content, errors = _validate(tmp_path, TWO, folder="2019")
    assert errors == [] and content.pillars[0].year == 2023


def test_profiles_with_awards_may_sit_in_a_folder_not_named_after_a_year(tmp_path: Path) -> None:
    content, errors = _validate(tmp_path, TWO, folder="berulang")
    assert errors == [] and content.pillars[0].slug == "tunas"
    (tmp_path / "pillars/berulang/lain.md").write_text(HEAD + "year: 2023\ncategory: psm\n---\n")
    problems = load_content(tmp_path)[1]
    assert [p.path for p in problems if p.is_error] == ["pillars/berulang/"]


def test_awards_that_are_not_groups_of_fields_are_each_told_once(tmp_path: Path) -> None:
    text = HEAD + "awards:\n  - 2023\n  - year: abc\n  - {}\n---\n"
    _, errors = _validate(tmp_path, text)
    assert [(e.line, e.message) for e in errors] == [
        (6, "award 1 is not a group of fields"),
        (7, "'year' should be a whole number, but it is text ('abc')"),
        (7, "required field 'category' is missing"),
        (8, "required field 'year' is missing"),
        (8, "required field 'category' is missing"),
    ]  # (not also "given twice": the two broken awards are no awards)
