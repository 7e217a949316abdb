"""Each kind of bad input gives one precise problem (file, line, message) — never a traceback."""

from __future__ import annotations

import dataclasses
import os
from pathlib import Path

import pytest

from generator import check
from generator.problems import Problem
from tests.conftest import TODAY

SITE = "title: T\nbase_url: https://example.org/\n"
CATEGORIES = "- slug: psm\n  name: Pekerja Sosial Masyarakat\n"
GOOD = "---\nname: A\ncategory: psm\nprovince: bali\nyear: 2019\nsummary: S.\n---\nCerita.\n"


def _problems(tmp_path: Path, files: dict[str, bytes | str]) -> list[Problem]:
    content = tmp_path / "content"
    for rel, data in {"site.yaml": SITE, "categories.yaml": CATEGORIES, **files}.items():
        path = content / rel
        path.parent.mkdir(parents=True, exist_ok=True)
        path.write_bytes(data.encode() if isinstance(data, str) else data)
    report = check(content, today=TODAY)
    # Paths as a user in tmp_path would see them.
    return [
        dataclasses.replace(p, path=os.path.relpath(p.path, tmp_path))
        for p in report.problems
        if "no photo" not in p.message
    ]


def _only(problems: list[Problem]) -> Problem:
    assert len(problems) == 1, [p.format() for p in problems]
    return problems[0]


@pytest.mark.parametrize(
    ("data", "line", "message"),
    [
        ("", 1, "the file is empty"),
        ("---\nname: A\ncategory: psm\nprovince: bali\nyear: 2019\nsummary: S.\n---\n", None, None),
        ("---\n- name\n- A\n---\nCerita.\n", 2, "expected fields ('name: value' lines) but found a list"),
        ("---\njust text\n---\n", 2, "expected fields ('name: value' lines) but found a single value"),
        (b"---\nname: Ani\xe9\n---\n", 2, "the file is not UTF-8 text"),
        ("---\nname: A\n", 1, "the front matter is never closed"),
    ],
)  # fmt: skip
def test_broken_files(
    tmp_path: Path, data: bytes | str, line: int | None, message: str | None
) -> None:
    problems = _problems(tmp_path, {"pillars/2019/x.md": data})
    if message is None:
        assert not [p for p in problems if p.is_error]  # only front matter, no story: fine
        return
    problem = _only(problems)
    assert (problem.path, problem.line, problem.message) == (
        "content/pillars/2019/x.md",
        line,
        message,
    )


def test_very_long_name_is_named_with_its_length(tmp_path: Path) -> None:
    long = GOOD.replace("name: A", "name: " + "A" * 5000)
    problem = _only(_problems(tmp_path, {"pillars/2019/x.md": long}))
    assert (problem.line, problem.is_error) == (2, False)
    assert problem.message == "'name' is 5000 characters long; keep it under 150"


def test_a_10_mb_story_is_refused_with_its_size(tmp_path: Path) -> None:
    huge = GOOD + "kata " * 2_000_000
    problem = _only(_problems(tmp_path, {"pillars/2019/x.md": huge}))
    assert problem.is_error and problem.path == "content/pillars/2019/x.md"
    assert problem.message.startswith("the file is 10.0 MB")


def test_same_slug_in_two_years_names_both_files(tmp_path: Path) -> None:
    problems = _problems(
        tmp_path, {"pillars/2019/x.md": GOOD, "pillars/2020/x.md": GOOD.replace("2019", "2020")}
    )
    problem = _only(problems)
    assert problem.path == "content/pillars/2020/x.md"
    assert "already uses the name 'x' (pillars/2019/x.md)" in problem.message


def test_unknown_field_is_a_warning_with_a_suggestion(tmp_path: Path) -> None:
    problem = _only(
        _problems(
            tmp_path,
            {"pillars/2019/x.md": GOOD.replace("summary: S.", "summary: S.\nregencey: Garut")},
        )
    )
    assert (problem.line, problem.is_error) == (7, False)
    assert problem.message == "unknown field 'regencey' is ignored; did you mean 'regency'?"


def test_photo_path_leaving_the_content_folder_is_refused(tmp_path: Path) -> None:
    (tmp_path / "secret.jpg").write_bytes(b"x")
    front = GOOD.replace("summary: S.", "summary: S.\nphoto: ../../../secret.jpg\nphoto_alt: x")
    problem = _only(_problems(tmp_path, {"pillars/2019/x.md": front}))
    assert (problem.line, problem.field) == (7, "photo")
    assert "must be a file in the same folder as the profile" in problem.message


def test_photo_symlink_out_of_the_content_folder_is_refused(tmp_path: Path) -> None:
    (tmp_path / "secret.jpg").write_bytes(b"x")
    front = GOOD.replace("summary: S.", "summary: S.\nphoto: foto.jpg\nphoto_alt: x")
    content = tmp_path / "content" / "pillars" / "2019"
    content.mkdir(parents=True)
    (content / "foto.jpg").symlink_to(tmp_path / "secret.jpg")
    problem = _only(_problems(tmp_path, {"pillars/2019/x.md": front}))
    assert problem.field == "photo" and problem.is_error


def test_slug_that_cannot_be_a_url_is_refused(tmp_path: Path) -> None:
    problem = _only(_problems(tmp_path, {"pillars/2019/../2019/Ani Ä.md": GOOD}))
    assert "cannot be used in a web address" in problem.message and "ani-a.md" in problem.hint
