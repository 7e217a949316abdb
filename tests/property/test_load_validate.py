"""Hypothesis over load + validate: any front matter yields values or problems, never an exception."""

from __future__ import annotations

import datetime
import tempfile
from pathlib import Path

import yaml
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

from generator import build
from generator.load import load_content
from generator.reference import load_provinces
from generator.validate import PILLAR_FIELDS, validate_records

TODAY = datetime.date(2026, 11, 28)
CATEGORIES = "- slug: psm\n  name: Pekerja Sosial Masyarakat\n"

scalars = st.one_of(
    st.none(), st.booleans(), st.integers(-10**6, 10**6), st.floats(allow_nan=False),
    st.text(max_size=40), st.dates(), st.sampled_from(["no", "yes", "on", "~", "012", "1e3", "2019-02-30"]),
)  # fmt: skip
values = st.recursive(
    scalars,
    lambda inner: (
        st.lists(inner, max_size=3) | st.dictionaries(st.text(max_size=8), inner, max_size=3)
    ),
    max_leaves=6,
)
keys = st.sampled_from(PILLAR_FIELDS) | st.text(min_size=1, max_size=12)


def _check(folder: Path, data: bytes) -> None:
    (folder / "categories.yaml").write_text(CATEGORIES)
    pillars = folder / "pillars" / "2019"
    pillars.mkdir(parents=True, exist_ok=True)
    (pillars / "x.md").write_bytes(data)
    raws, problems = load_content(folder)
    _content, more = validate_records(raws, load_provinces(), folder, TODAY)
    assert all(p.message for p in (*problems, *more))


@settings(max_examples=150, deadline=None, suppress_health_check=[HealthCheck.too_slow])
@given(st.dictionaries(keys, values, max_size=8))
def test_random_front_matter_gives_problems_not_exceptions(fields: dict[str, object]) -> None:
    try:
        front = yaml.safe_dump(fields, allow_unicode=True)
    except yaml.YAMLError:
        return
    with tempfile.TemporaryDirectory() as tmp:
        _check(Path(tmp), f"---\n{front}---\nCerita.\n".encode())


@settings(max_examples=150, deadline=None)
@given(
    st.binary(max_size=300)
    | st.text(max_size=300).map(lambda t: ("---\n" + t).encode("utf-8", "surrogatepass"))
)
def test_random_bytes_give_problems_not_exceptions(data: bytes) -> None:
    with tempfile.TemporaryDirectory() as tmp:
        _check(Path(tmp), data)


@settings(max_examples=30, deadline=None)
@given(st.text(max_size=60))
def test_any_unicode_name_builds_or_reports(name: str) -> None:
    with tempfile.TemporaryDirectory() as tmp:
        folder = Path(tmp) / "content"
        folder.mkdir()
        (folder / "site.yaml").write_text("title: T\nbase_url: https://example.org/\n")
        front = yaml.safe_dump(
            {"name": name, "category": "psm", "province": "bali", "year": 2019}, allow_unicode=True
        )
        (folder / "categories.yaml").write_text(CATEGORIES)
        (folder / "pillars").mkdir()
        (folder / "pillars" / "x.md").write_text(f"---\n{front}---\nS\n", encoding="utf-8")
        report = build(folder, Path(tmp) / "out", today=TODAY)
        assert report.ok or report.problems
