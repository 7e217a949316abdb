"""statistics.count: the numbers of the statistics page, over plain award facts."""

from __future__ import annotations

from generator.model import Rank
from generator.statistics import AwardFacts, count

PROVINCES = [("aceh", "Sumatera"), ("bali", "Nusa Tenggara"), ("papua", "Papua")]


def test_a_pillar_honoured_again_is_a_repeat_winner_from_its_second_award_on() -> None:
    facts = [
        AwardFacts("kt-maju", 2019, "karang-taruna", Rank.HARAPAN_2, "nasional", "aceh"),
        AwardFacts("kt-maju", 2023, "karang-taruna", Rank.JUARA_1, "nasional", "aceh"),
        AwardFacts("ani", 2021, "tksk", None, "provinsi", "bali"),
        AwardFacts("ani", 2022, "tksk", Rank.JUARA_2, "provinsi", "bali"),
        AwardFacts("ani", 2023, "tksk", Rank.JUARA_1, "nasional", "aceh"),
        AwardFacts("budi", 2023, "psm", Rank.JUARA_3, "nasional", "bali"),
    ]
    numbers = count(facts, ["psm", "tksk", "karang-taruna"], PROVINCES)
    assert numbers.total == 6
    assert (numbers.first_time, numbers.repeat) == (3, 3)
    assert numbers.by_year == (
        (2019, (0, 0, 1)),
        (2021, (0, 1, 0)),
        (2022, (0, 1, 0)),
        (2023, (1, 1, 1)),
    )
    # an award counts where the pillar served that year
    assert numbers.by_province == (("aceh", 3), ("bali", 3), ("papua", 0))
    assert numbers.by_group == (("Sumatera", 3), ("Nusa Tenggara", 3), ("Papua", 0))
    assert numbers.by_level == (("nasional", 4), ("provinsi", 2))


def test_no_awards_gives_zeros_everywhere() -> None:
    numbers = count([], ["psm"], PROVINCES)
    assert (numbers.total, numbers.first_time, numbers.repeat, numbers.by_year) == (0, 0, 0, ())
    assert numbers.by_level == (("nasional", 0), ("provinsi", 0))
    assert [n for _, n in numbers.by_group] == [0, 0, 0]
