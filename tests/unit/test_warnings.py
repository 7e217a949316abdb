"""A warning caused by teladan's own code fails the tests, on every Python CI runs them with:
in the test process (pyproject.toml, filterwarnings) and in the processes it starts
(PYTHONWARNINGS, set in tests/conftest.py). Other packages' warnings stay warnings."""

from __future__ import annotations

import multiprocessing
import subprocess
import sys
import warnings
from concurrent.futures import ProcessPoolExecutor
from pathlib import Path

import pytest

from tests.conftest import REPO

# What Python 3.12+ says when a process that runs threads forks (multiprocessing calls os.fork).
FORK_WITH_THREADS = (
    "This process (pid=4242) is multi-threaded, use of fork() may lead to deadlocks in the child."
)


def warn_from(module: str, message: str = "old") -> None:
    """A DeprecationWarning as if raised by code in `module`."""
    warnings.warn_explicit(message, DeprecationWarning, f"{module}.py", 1, module=module)


def test_a_deprecation_in_teladan_code_is_an_error() -> None:
    with pytest.raises(DeprecationWarning):
        warn_from("generator.write")
    with pytest.raises(DeprecationWarning):
        warn_from("generator")


# A test run by an inner pytest with this suite's settings: a process running a thread forks.
FORKING_TEST = """
import os, threading, warnings

def test_fork_with_a_thread_running():
    stop = threading.Event()
    thread = threading.Thread(target=stop.wait)
    thread.start()
    try:
        if {real}:
            pid = os.fork()
            if pid == 0:
                os._exit(0)
            os.waitpid(pid, 0)
        else:
            warnings.warn_explicit({message!r}, DeprecationWarning, "popen_fork.py", 67, module="multiprocessing.popen_fork")
    finally:
        stop.set()
        thread.join()
"""


@pytest.mark.parametrize("real", [False, True], ids=["as-python-3.12-warns", "real"])
def test_a_fork_with_threads_running_fails_the_run(tmp_path: Path, real: bool) -> None:
    """Python drops this warning under an "error" filter (the fork has happened), so the suite
    records it and fails the run. Python 3.11 does not warn: there only the simulation fails."""
    test_file = tmp_path / "test_forking.py"
    test_file.write_text(FORKING_TEST.format(real=real, message=FORK_WITH_THREADS))
    inner = [sys.executable, "-m", "pytest", "-p", "tests.conftest", "-c", REPO / "pyproject.toml"]
    result = subprocess.run(
        [*inner, "-p", "no:cacheprovider", test_file], cwd=REPO, capture_output=True, text=True
    )
    warns = not real or sys.version_info >= (3, 12)
    assert result.returncode == (1 if warns else 0), result.stdout
    assert ("fork with threads running" in result.stdout) == warns
    assert "1 passed" in result.stdout  # the test itself passes: the run fails after it


def test_other_packages_warnings_stay_warnings() -> None:
    with pytest.warns(DeprecationWarning):
        warn_from("tornado.ioloop")
    with pytest.warns(DeprecationWarning):
        warn_from("generatorish")


def test_a_command_the_tests_run_stops_on_it() -> None:
    code = "from tests.unit.test_warnings import warn_from; warn_from('generator.write')"
    result = subprocess.run([sys.executable, "-c", code], cwd=REPO, capture_output=True, text=True)
    assert result.returncode == 1
    assert "DeprecationWarning: old" in result.stderr


def test_a_command_the_tests_run_shows_a_fork_with_threads_running() -> None:
    code = f"from tests.unit.test_warnings import warn_from; warn_from('generator.write', {FORK_WITH_THREADS!r})"
    result = subprocess.run([sys.executable, "-c", code], cwd=REPO, capture_output=True, text=True)
    assert result.returncode == 0
    assert "DeprecationWarning: This process (pid=4242) is multi-threaded" in result.stderr


@pytest.mark.parametrize("start", ["spawn", "forkserver"])
def test_a_worker_process_stops_on_it(start: str) -> None:
    context = multiprocessing.get_context(start)
    with ProcessPoolExecutor(1, mp_context=context) as pool, pytest.raises(DeprecationWarning):
        pool.submit(warn_from, "generator.render").result()
