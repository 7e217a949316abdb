"""Shared fixtures: the fixture sites, built once per session where the tests only read them."""

from __future__ import annotations

import datetime
import os
import shutil
import sys
from pathlib import Path

import pytest

from generator import BuildReport, build
from generator.cache import CACHE_FOLDER

# numpy, which openpyxl imports where it is installed, starts a pool of threads in this process
# (OpenBLAS); a build forks only while its process runs no other thread (see
# generator/processes.can_fork), so the tests that check what builds fork need it kept to one.
for _variable in ("OPENBLAS_NUM_THREADS", "OMP_NUM_THREADS", "MKL_NUM_THREADS"):
    os.environ.setdefault(_variable, "1")

FIXTURES = Path(__file__).parent / "fixtures"
REPO = Path(__file__).parent.parent
# Validation depends on "today" only for the newest allowed year; pin it for stable messages.
TODAY = datetime.date(2026, 11, 28)
# For what only a forked process does (the background copy of the site).
linux_only = pytest.mark.skipif(not sys.platform.startswith("linux"), reason="needs fork")


# Tests that leave threads running in this process (Playwright's child watcher on Python 3.11,
# the preview tests' websocket client) run last: a build forks only while its process runs no
# other thread (see generator/processes.can_fork), and tests before them check that it does.
LEAVE_THREADS = ("browser", "workflow")


def pytest_collection_modifyitems(items: list[pytest.Item]) -> None:
    items.sort(key=lambda item: item.path.parent.name in LEAVE_THREADS)  # (a stable sort)


def pytest_addoption(parser: pytest.Parser) -> None:
    parser.addoption(
        "--update-golden",
        action="store_true",
        help="rewrite tests/golden/*.json from the current output instead of comparing",
    )


def copy_fixture(name: str, target: Path) -> None:
    """A writable copy of a fixture site in `target`, without the build cache that tests
    building the fixture in place leave beside its content (a copy would start warm)."""
    shutil.copytree(FIXTURES / name, target, ignore=shutil.ignore_patterns(CACHE_FOLDER))


def copy_site(name: str, tmp: Path) -> Path:
    """A writable copy of a fixture site; returns its content folder."""
    target = tmp / name
    copy_fixture(name, target)
    return target / "content"


@pytest.fixture(scope="session")
def built_full(tmp_path_factory: pytest.TempPathFactory) -> tuple[Path, BuildReport]:
    """The `full` fixture site, built once: (output folder, report)."""
    out = tmp_path_factory.mktemp("full") / "output"
    report = build(FIXTURES / "full" / "content", out, today=TODAY)
    assert report.ok, [p.format() for p in report.problems]
    return out, report


@pytest.fixture(scope="session")
def built_sample(tmp_path_factory: pytest.TempPathFactory) -> tuple[Path, BuildReport]:
    """The shipped sample content (content/), built once: (output folder, report)."""
    out = tmp_path_factory.mktemp("sample") / "output"
    report = build(REPO / "content", out, today=TODAY)
    assert report.ok, [p.format() for p in report.problems]
    return out, report
