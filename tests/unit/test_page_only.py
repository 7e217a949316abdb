"""PAGE_ONLY fields (model.Pillar): the index and the routes must never read them.

A build whose edits touch only these fields looks again only at the pages that show the edited
records (pipeline._pages_to_redo). If the index or the routes were ever worked out from one of
them (a sort by summary, a card showing the quote), other pages would change too and keep
their stale copies: these tests fail first.
"""

from __future__ import annotations

import dataclasses
import datetime
import hashlib
import subprocess
import sys
from pathlib import Path
from typing import Any

import pytest

from generator.config import load_config
from generator.fingerprints import PageFingerprints
from generator.index import build_index
from generator.load import load_content
from generator.model import Content, PackedHtml, Page, Pillar, PressRelease, Selection
from generator.reference import load_provinces
from generator.routes import plan_routes
from generator.validate import validate_records
from tests.conftest import FIXTURES, REPO, TODAY

FULL = FIXTURES / "full" / "content"
KINDS: tuple[type[Any], ...] = (Pillar, PressRelease, Page, Selection)
Record = Pillar | PressRelease | Page | Selection


@pytest.fixture(scope="module")
def corpus(tmp_path_factory: pytest.TempPathFactory) -> Path:
    """A generated site of 300 profiles: many of one year, category and rank, whose order
    falls to their other fields (the fixture site has few such ties)."""
    folder = tmp_path_factory.mktemp("corpus")
    subprocess.run(
        [sys.executable, str(REPO / "benchmarks" / "make_corpus.py"), "300", str(folder)],
        check=True,
        capture_output=True,
    )
    return folder / "content"


@pytest.fixture(params=["full", "corpus"])
def site(request: pytest.FixtureRequest) -> Path:
    return FULL if request.param == "full" else Path(request.getfixturevalue("corpus"))


def _content(folder: Path) -> Content:
    raws, _ = load_content(folder)
    content, _ = validate_records(raws, load_provinces(), folder, TODAY)
    return content


def _other(value: Any, n: int) -> Any:
    """A different value of the same kind, for the n-th record from the end: in the opposite
    order to the records', so a sort by the field would change the order too."""
    if isinstance(value, PackedHtml):
        return PackedHtml.of(f"<p>{n:04d}</p>{value}")
    if isinstance(value, str):
        return f"{n:04d} {value}"
    if isinstance(value, tuple):
        return (f"{n:04d}", *value)
    if isinstance(value, datetime.date):
        return value + datetime.timedelta(days=n)
    if value is None or isinstance(value, int):
        return (value or 0) + 100 * n
    raise AssertionError(f"no other value for {value!r}")


def _edited(record: Record, names: frozenset[str], n: int) -> Record:
    changes = {name: _other(getattr(record, name), n) for name in names}
    for name, value in changes.items():
        assert value != getattr(record, name), name
    return dataclasses.replace(record, **changes)  # type: ignore[type-var]


def _every_record_edited(content: Content, names: dict[type, frozenset[str]]) -> Content:
    def edit(records: tuple[Record, ...]) -> tuple[Any, ...]:
        count = len(records)
        return tuple(
            _edited(r, names.get(type(r), frozenset()), count - i) for i, r in enumerate(records)
        )

    return dataclasses.replace(
        content,
        pillars=edit(content.pillars),
        selections=edit(content.selections),
        news=edit(content.news),
        pages=edit(content.pages),
    )


def _planned(folder: Path, content: Content, drafts: bool) -> list[tuple[str, str, str, Any]]:
    """Every route as (file, template, fingerprint, files shown), each record standing for its
    file only: equal lists mean the same pages, showing the same records in the same places."""
    config, problems = load_config(folder)
    assert config is not None, problems
    index, _ = build_index(content, config, drafts, TODAY)
    records = (*content.pillars, *content.selections, *content.news, *content.pages)
    labels = [(r, hashlib.blake2b(r.source.path.encode()).digest(), r.source.path) for r in records]
    fingerprint = PageFingerprints(b"", labels)
    routes = plan_routes(index, {}, True)
    return [(r.output_path, r.template, *fingerprint.page(r.template, r.context)) for r in routes]


def test_every_page_only_field_is_a_field_of_its_record() -> None:
    for kind in KINDS:
        names = {f.name for f in dataclasses.fields(kind)}
        assert kind.PAGE_ONLY and names >= kind.PAGE_ONLY, kind.__name__


@pytest.mark.parametrize("drafts", [False, True])
def test_editing_every_page_only_field_plans_the_same_pages(site: Path, drafts: bool) -> None:
    content = _content(site)
    if site == FULL:  # one of each kind to edit
        assert all([content.pillars, content.selections, content.news, content.pages])
    edited = _every_record_edited(content, {kind: kind.PAGE_ONLY for kind in KINDS})
    assert _planned(site, edited, drafts) == _planned(site, content, drafts)


@pytest.mark.parametrize(
    ("kind", "name"),
    [
        (Pillar, "name"),
        (Pillar, "regency"),
        (PressRelease, "date"),
        (Selection, "date"),
    ],
)
def test_editing_a_field_lists_are_planned_from_plans_other_pages(
    site: Path, kind: type, name: str
) -> None:
    # (so the comparison above can tell: these fields are not PAGE_ONLY, and they show)
    content = _content(site)
    edited = _every_record_edited(content, {kind: frozenset({name})})
    assert _planned(site, edited, False) != _planned(site, content, False)


def test_planning_some_pages_plans_them_as_planning_all_does(site: Path) -> None:
    content = _content(site)
    config, _ = load_config(site)
    assert config is not None
    index, _ = build_index(content, config, False, TODAY)
    everything = plan_routes(index, {}, True)
    # every other file: profiles, list pages and their later pages, years, news, feeds
    some = {r.output_path for r in everything[::2]} | {"sitemap.xml"}
    planned = plan_routes(index, {}, True, only=some)
    fingerprint = PageFingerprints(b"")

    def seen(routes: tuple[Any, ...]) -> list[tuple[str, str]]:
        return [(r.output_path, fingerprint(r.template, r.context)) for r in routes]

    assert seen(planned) == [page for page in seen(everything) if page[0] in some]
    assert len(planned) == len(some) > 10
