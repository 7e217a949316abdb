import dataclasses
import datetime
from pathlib import Path

from generator import check
from generator.config import SiteConfig
from generator.index import build_index
from generator.model import (
    Card,
    Category,
    Content,
    PackedHtml,
    Pillar,
    PressRelease,
    Rank,
    Source,
)
from generator.reference import load_provinces
from tests.conftest import TODAY, copy_site

CONFIG = SiteConfig(title="T", base_url="https://example.org/")
CATS = (
    Category("psm", "PSM", "P", "", "#000000", 0),
    Category("tksk", "TKSK", "T", "", "#000000", 1),
)


def pillar(slug: str, year: int = 2019, category: str = "psm", rank: Rank | None = None,
           name: str = "", path: str = "", draft: bool = False) -> Pillar:  # fmt: skip
    return Pillar(
        slug=slug, name=name or slug.title(), category=category, province="bali", year=year,
        summary="", story_html=PackedHtml(), source=Source(path or f"pillars/{year}/{slug}.md"), rank=rank,
        draft=draft,
    )  # fmt: skip


def content(*pillars: Pillar, news: tuple[PressRelease, ...] = ()) -> Content:
    return Content(CATS, load_provinces(), pillars, (), news, ())


def test_order_is_newest_year_then_category_then_rank_then_name() -> None:
    index, problems = build_index(content(
        pillar("b", rank=Rank.JUARA_2), pillar("a", rank=Rank.JUARA_1), pillar("c", category="tksk", rank=Rank.JUARA_1),
        pillar("z", year=2023), pillar("m"),
    ), CONFIG)  # fmt: skip
    assert not problems
    assert [p.slug for p in index.pillars] == ["z", "a", "b", "m", "c"]
    assert index.years == (2023, 2019)


def test_same_slug_in_two_years_is_an_error_naming_both_files() -> None:
    _, problems = build_index(content(pillar("kiki"), pillar("kiki", year=2020)), CONFIG)
    (problem,) = problems
    assert problem.path == "pillars/2020/kiki.md" and "pillars/2019/kiki.md" in problem.message


def test_the_duplicate_hint_names_a_file_for_the_record_at_hand_and_keeps_its_name() -> None:
    kiki = pillar("kiki", name="Kiki Amalia")
    other_year = pillar("kiki", year=2020, name="Kiki Amalia")
    elsewhere = dataclasses.replace(other_year, province="aceh")
    for second, better in ((other_year, "kiki-2020.md"), (elsewhere, "kiki-aceh.md")):
        (problem,) = build_index(content(kiki, second), CONFIG)[1]
        assert problem.hint == (
            "the file name is the page's address, so each needs its own; rename this file, "
            f"e.g. to '{better}' (what the page shows as its name stays 'Kiki Amalia')"
        )


def test_drafts_are_left_out_unless_asked_for() -> None:
    c = content(pillar("a"), pillar("d", draft=True))
    assert [p.slug for p in build_index(c, CONFIG)[0].pillars] == ["a"]
    assert {p.slug for p in build_index(c, CONFIG, include_drafts=True)[0].pillars} == {"a", "d"}


def test_press_release_links_resolve_and_unknown_ones_are_errors() -> None:
    release = PressRelease(
        slug="r", title="R", date=datetime.date(2019, 8, 19), location="", source_name="", summary="",
        body_html="", pillars=("a", "ab"), year=2019, draft=False,
        source=Source.of("news/r.md", (("pillars", 6),)),
    )  # fmt: skip
    index, problems = build_index(content(pillar("a"), pillar("abc"), news=(release,)), CONFIG)
    assert [p.slug for p in index.mentions["a"]] == ["r"]
    (problem,) = problems
    assert problem.line == 6 and "'ab' is not a profile" in problem.message


def test_each_published_profile_has_one_card_made_when_first_shown() -> None:
    a, b = pillar("a"), pillar("b")
    index, _ = build_index(content(a, b, pillar("c", draft=True)), CONFIG)
    assert set(index.cards) == {"a", "b"} and len(index.cards) == 2
    assert index.cards["a"] == Card.of(a)
    assert index.cards["a"] is index.cards["a"]  # (one object, however many lists show it)
    assert "c" not in index.cards


def _errors(content_dir: Path) -> list[str]:
    report = check(content_dir, today=TODAY)
    # (paths below the content folder: the report shows the folder as seen from where it runs)
    return [
        f"{p.path.rpartition('full/content/')[2]}:{p.line}: {p.message}"
        for p in report.problems
        if p.is_error
    ]


def test_a_profile_with_an_error_is_not_also_reported_by_the_press_release_naming_it(
    tmp_path: Path,
) -> None:
    content_dir = copy_site("full", tmp_path)
    (content_dir / "pillars" / "2019" / "ani-suryani.md").write_text(
        "---\nname:Ani Suryani\ncategory: psm\n---\n"
    )
    # Renamed by Notepad: the profile is known only by its file's path.
    (content_dir / "pillars" / "2019" / "budi-santoso.yaml").rename(
        content_dir / "pillars" / "2019" / "budi-santoso.yaml.txt"
    )
    assert _errors(content_dir) == [
        "pillars/2019/ani-suryani.md:2: "
        "there is no space after 'name:', so YAML does not see a field here",
        "pillars/2019/budi-santoso.yaml.txt:None: "
        "this profile is saved as a .txt file, so it is not published",
    ]


def test_a_press_release_naming_no_profile_is_still_an_error_beside_a_broken_one(
    tmp_path: Path,
) -> None:
    content_dir = copy_site("full", tmp_path)
    (content_dir / "pillars" / "2019" / "ani-suryani.md").write_text("---\nname: 'Ani\n---\n")
    release = content_dir / "news" / "rilis-2019.md"
    release.write_text(release.read_text().replace("budi-santoso]", "budi-santosa]"))
    errors = _errors(content_dir)
    assert len(errors) == 2 and "'budi-santosa' is not a profile" in errors[0]


def test_categories_yaml_that_cannot_be_read_is_the_only_error(tmp_path: Path) -> None:
    content_dir = copy_site("full", tmp_path)
    categories = content_dir / "categories.yaml"
    categories.write_text(categories.read_text().replace("short_name: PSM", "short_name PSM", 1))
    (error,) = _errors(content_dir)
    assert "categories.yaml" in error


def test_profiles_in_a_folder_teladan_does_not_read_are_reported_once(tmp_path: Path) -> None:
    content_dir = copy_site("full", tmp_path)
    (content_dir / "pillars").rename(content_dir / "pilar")
    errors = _errors(content_dir)
    assert [e.partition(": ")[0] for e in errors] == ["pilar/:None"]


def test_a_profile_whose_file_name_is_the_error_is_not_also_reported_by_the_press_release(
    tmp_path: Path,
) -> None:
    content_dir = copy_site("full", tmp_path)
    folder = content_dir / "pillars" / "2019"
    release = content_dir / "news" / "rilis-2019.md"
    release.write_text(release.read_text().replace("ani-suryani,", "ujang-saepudin,"))
    for name in ("Ujang Saepudin.md", "Ujang-Saepudin.md", "ujang_saepudin.md"):
        for old in folder.glob("*.md"):
            if old.name.lower().startswith("ujang") or old.name == "ani-suryani.md":
                old.rename(folder / name)
                break
        assert _errors(content_dir) == [
            f"pillars/2019/{name}:None: the file name '{name}' cannot be used in a web address"
        ]
