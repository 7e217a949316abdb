import datetime

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
