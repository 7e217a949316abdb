"""Page fingerprints and the memo's pickles: what incremental builds rely on."""

from __future__ import annotations

import dataclasses
import pickle
from pathlib import Path
from types import MappingProxyType
from typing import NamedTuple

import pytest

from generator.fingerprints import PageFingerprints
from generator.model import Card, PackedHtml, Pillar, Rank, Source
from generator.problems import warning

from .test_index import pillar


def context(*cards: Card, **more: object) -> MappingProxyType[str, object]:
    return MappingProxyType({"pillars": cards, **more})


def test_equal_contents_give_equal_fingerprints_even_from_other_objects() -> None:
    a, b = Card.of(pillar("a")), Card.of(pillar("b"))
    first, second = PageFingerprints(b"k"), PageFingerprints(b"k")
    assert first("list.html", context(a, b)) == second(
        "list.html", context(Card.of(pillar("a")), Card.of(pillar("b")))
    )
    # the same record met again on another page (served from the per-build digest memo)
    assert first("list.html", context(a, b)) == first("list.html", context(a, b))


def test_any_change_a_page_shows_changes_its_fingerprint() -> None:
    fingerprint = PageFingerprints(b"k")
    p = pillar("a")
    base = fingerprint("pillar.html", context(pillar=p))
    renamed = dataclasses.replace(p, name="Nama Baru")
    # a field of a record nested in a record (the story inside the profile)
    restory = dataclasses.replace(p, story_html=PackedHtml.of("<p>baru</p>"))
    reranked = dataclasses.replace(p, rank=Rank.JUARA_1)
    others = {
        fingerprint("pillar.html", context(pillar=renamed)),
        fingerprint("pillar.html", context(pillar=restory)),
        fingerprint("pillar.html", context(pillar=reranked)),
        fingerprint("other.html", context(pillar=p)),
        fingerprint("pillar.html", context(pillar=p, extra=1)),
        PageFingerprints(b"other theme")("pillar.html", context(pillar=p)),
    }
    assert base not in others and len(others) == 6


def test_records_inside_lists_and_mappings_count_too() -> None:
    fingerprint = PageFingerprints(b"k")
    p = pillar("a")
    renamed = dataclasses.replace(p, name="Nama Baru")
    shown = [
        fingerprint("x.html", context(photos=MappingProxyType({"a": p}))),
        fingerprint("x.html", context(photos=MappingProxyType({"a": renamed}))),
        fingerprint("x.html", context(groups=[(1, (Card.of(p),))])),
        fingerprint("x.html", context(groups=[(1, (Card.of(renamed),))])),
        fingerprint("x.html", context(groups=((1, (Card.of(p),)),))),  # a tuple, not a list
    ]
    assert len(set(shown)) == len(shown)


def test_an_unpicklable_context_is_rendered_every_time() -> None:
    fingerprint = PageFingerprints(b"k")
    odd = context(f=lambda: 1)
    assert fingerprint("x.html", odd) != fingerprint("x.html", odd)
    loop: list[object] = []
    loop.append(loop)
    assert fingerprint("x.html", context(loop=loop)) != fingerprint("x.html", context(loop=loop))


def test_records_and_problems_round_trip_through_the_compact_pickle() -> None:
    p = dataclasses.replace(
        pillar("a", rank=Rank.HARAPAN_2),
        story_html=PackedHtml.of("<p>cerita</p>"),
        source=Source.of("pillars/2019/a.md", [("name", 2)]),
        achievements=("satu", "dua"),
    )
    problem = warning("pillars/2019/a.md", 3, "pesan", "saran")
    again: tuple[Pillar, object] = pickle.loads(pickle.dumps((p, problem)))
    assert again == (p, problem)
    assert again[0].source.lines == "name 2\n"  # compare=False: checked on its own
    assert str(again[0].story_html) == "<p>cerita</p>"


def test_digests_kept_from_an_earlier_build_give_the_same_fingerprints() -> None:
    p, q = pillar("a"), pillar("b")
    earlier = PageFingerprints(b"")
    known = [(p, earlier.digest(p), "pillars/a.md"), (q, earlier.digest(q), "pillars/b.md")]
    page = context(pillar=p, others=(Card.of(q),), also=q)
    assert PageFingerprints(b"k", known)("pillar.html", page) == PageFingerprints(b"k")(
        "pillar.html", page
    )
    # a digest is used for its own object only: an edited copy gets its own
    edited = dataclasses.replace(p, name="Lain")
    assert PageFingerprints(b"k", known)("pillar.html", context(pillar=edited)) == PageFingerprints(
        b"k"
    )("pillar.html", context(pillar=edited))


@dataclasses.dataclass(frozen=True)
class _Entry:
    """A theme-made or derived object that holds a record (as a feed entry does)."""

    pillar: Pillar
    note: str


def test_a_page_notes_the_files_of_the_records_it_shows() -> None:
    p, q, r = pillar("a"), pillar("b"), pillar("c")
    files = [(p, b"p" * 16, "pillars/a.md"), (q, b"q" * 16, "pillars/b.md")]
    fingerprint = PageFingerprints(b"k", files)
    # a card is not its record: lists show cards, and cards change only with what they show
    assert fingerprint.page("list.html", context(Card.of(p)))[1] == ()
    assert fingerprint.page("pillar.html", context(pillar=p))[1] == ("pillars/a.md",)
    entries = (_Entry(q, "x"), (p, 1))
    for _ in range(2):  # (the second time from the per-build memo of digests)
        shown = fingerprint.page("feed.xml", context(entries=entries))
        assert shown[1] == ("pillars/a.md", "pillars/b.md")
    # a record of no known file: the page shows "any"
    assert fingerprint.page("pillar.html", context(pillar=r))[1] is None
    assert fingerprint.page("pillar.html", context(pillar=r))[1] is None


def test_a_shape_leaves_out_only_page_only_fields() -> None:
    p = pillar("a")
    shape = PageFingerprints(b"").shape
    assert shape(dataclasses.replace(p, quote="Kata baru", story_html=PackedHtml.of("x"))) == shape(
        p
    )
    assert shape(dataclasses.replace(p, name="Nama Baru")) != shape(p)


class _Pair(NamedTuple):
    pillar: Pillar
    note: str


def test_a_record_the_walk_cannot_note_makes_the_page_show_any_file() -> None:
    p, r = pillar("a"), pillar("c")
    fingerprint = PageFingerprints(b"k", [(p, b"p" * 16, "pillars/a.md")])
    # a named tuple, a set: pickle looks into them, the walk does not
    assert fingerprint.page("x.html", context(entry=_Pair(p, "x")))[1] is None
    assert fingerprint.page("x.html", context(entries=frozenset({p})))[1] is None
    # an object holding a record of no known file, on every page that reaches it
    for _ in range(2):
        assert fingerprint.page("feed.xml", context(entries=(_Entry(r, "x"),)))[1] is None


def test_a_shape_leaves_out_the_lines_fields_are_on() -> None:
    p = pillar("a")
    shape = PageFingerprints(b"").shape
    moved = dataclasses.replace(p, source=Source.of(p.source.path, [("name", 9)]))
    assert shape(moved) == shape(p)
    assert shape(dataclasses.replace(p, source=Source.of("pillars/2019/b.md"))) != shape(p)


def test_a_large_mapping_is_saved_a_batch_at_a_time_and_read_back_whole(tmp_path: Path) -> None:
    from generator.cache import BATCH, Batched, dump_pickle, load_batched, load_batched_list

    files = {f"profil/{n}/index.html": (n, n * 7, 0, n) for n in range(2 * BATCH + 5)}
    warnings = tuple(warning(f"pillars/{n}.md", None, "tanpa foto") for n in range(BATCH + 1))
    saved = ("first", Batched(files), Batched({}), Batched(warnings), Batched(()), "last")
    dump_pickle(tmp_path, "memo.pickle", *saved)
    with (tmp_path / "memo.pickle").open("rb") as f:
        assert pickle.load(f) == "first"
        assert load_batched(f) == files
        assert load_batched(f) == {}
        assert load_batched_list(f) == list(warnings)
        assert load_batched_list(f) == []
        assert pickle.load(f) == "last"
    # no pickle holds more than a batch: pickling holds an index of what it wrote till its end
    with (tmp_path / "memo.pickle").open("rb") as f:
        pickle.load(f)
        assert [len(pickle.load(f)) for _ in range(3)] == [BATCH, BATCH, 5]


def test_a_value_that_is_not_a_batched_mapping_is_unreadable_as_one(tmp_path: Path) -> None:
    from generator.cache import UNREADABLE, dump_pickle, load_batched

    dump_pickle(tmp_path, "memo.pickle", ["not", "a", "mapping"])
    with (tmp_path / "memo.pickle").open("rb") as f, pytest.raises(UNREADABLE):
        load_batched(f)
