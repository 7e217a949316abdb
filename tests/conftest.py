"""Shared fixtures: the fixture sites, built once per session where the tests only read them."""

from __future__ import annotations

import datetime
import os
import pkgutil
import re
import shutil
import signal
import sys
import warnings
from pathlib import Path

import pytest

import generator
from generator import BuildReport, build
from generator.cache import CACHE_FOLDER

# numpy, which openpyxl imports where it is installed, starts a pool of threads in this process
# (OpenBLAS); a build forks only while its process runs no other thread (see
# generator/processes.can_fork), so the tests that check what builds fork need it kept to one.
for _variable in ("OPENBLAS_NUM_THREADS", "OMP_NUM_THREADS", "MKL_NUM_THREADS"):
    os.environ.setdefault(_variable, "1")

# The tool speaks Indonesian unless told otherwise (generator/i18n.py). Most tests assert the
# English msgids, so the suite speaks English by default, in this process and the ones it starts;
# tests of the Indonesian take the `indonesian` fixture (and the catalog test checks every message
# has its Indonesian).
os.environ.setdefault("TELADAN_LANG", "en")

# A suite started in the background by a shell without job control (`.ci/run &`, nohup) runs
# with Ctrl-C ignored, and so would every `teladan serve` it starts (an ignored signal stays
# ignored in a child): the tests that stop the preview with Ctrl-C would wait for it in vain.
if signal.getsignal(signal.SIGINT) is signal.SIG_IGN:
    signal.signal(signal.SIGINT, signal.default_int_handler)

FIXTURES = Path(__file__).parent / "fixtures"
REPO = Path(__file__).parent.parent
# Validation depends on "today" only for the newest allowed year; pin it for stable messages.
TODAY = datetime.date(2026, 11, 28)
# For what only a forked process does (the background copy of the site).
linux_only = pytest.mark.skipif(not sys.platform.startswith("linux"), reason="needs fork")


# Python 3.12+ warns when a process running threads forks (deadlock-prone), but drops the
# warning instead of raising it under an "error" filter, since the fork has happened: such
# warnings are recorded (pyproject.toml) and fail the run here.
FORK_WITH_THREADS = re.compile(r"This process \(pid=\d+\) is multi-threaded")
forks_with_threads: list[str] = []


def pytest_configure(config: pytest.Config) -> None:
    """Warnings caused by teladan's code are errors (pyproject.toml, filterwarnings) in the
    processes the tests start too: the command line, and workers started by spawn or forkserver,
    which do not inherit pytest's filters. PYTHONWARNINGS matches whole module names only."""
    modules = [generator.__name__]
    modules += [found.name for found in pkgutil.walk_packages(generator.__path__, "generator.")]
    ours = [f"error:::{name}" for name in modules]
    ours.append("default:This process (pid=:DeprecationWarning")  # shown, not dropped
    given = os.environ.get("PYTHONWARNINGS")
    os.environ["PYTHONWARNINGS"] = ",".join([given, *ours] if given else ours)


def pytest_warning_recorded(warning_message: warnings.WarningMessage, nodeid: str) -> None:
    if FORK_WITH_THREADS.match(str(warning_message.message)):
        where = f"{warning_message.filename}:{warning_message.lineno}"
        forks_with_threads.append(f"{nodeid or 'collecting'}: fork with threads running, {where}")


def pytest_sessionfinish(session: pytest.Session) -> None:
    if forks_with_threads and session.exitstatus == pytest.ExitCode.OK:
        session.exitstatus = pytest.ExitCode.TESTS_FAILED


def pytest_terminal_summary(terminalreporter: pytest.TerminalReporter) -> None:
    if forks_with_threads:
        count = len(forks_with_threads)
        terminalreporter.section(f"{count} forks with threads running: the run fails", red=True)
        for line in forks_with_threads:
            terminalreporter.write_line(line)


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


@pytest.fixture(scope="session")
def warm_sample(tmp_path_factory: pytest.TempPathFactory) -> Path:
    """A folder holding a copy of the sample content (`content/`) and the build cache one build
    left beside it. The editor's tests start a preview of a copy of it (`copy_warm`): a preview
    then starts as it does for staff every time after their first, in about 0.4 s instead of 2.4 s
    (the photos are not made again), which over a hundred previews saves minutes of every run."""
    site = tmp_path_factory.mktemp("warm-sample")
    shutil.copytree(REPO / "content", site / "content")
    report = build(site / "content", tmp_path_factory.mktemp("warm-output") / "output")
    assert report.ok, [p.format() for p in report.problems]
    return site


def copy_warm(warm: Path, target: Path) -> Path:
    """A writable copy of `warm_sample` in `target`, cache and all; returns its content folder."""
    shutil.copytree(warm, target, dirs_exist_ok=True)
    return target / "content"


@pytest.fixture
def indonesian(monkeypatch: pytest.MonkeyPatch) -> None:
    """The tool speaks Indonesian, as it does for staff (here and in the processes tests start)."""
    monkeypatch.setenv("TELADAN_LANG", "id")
