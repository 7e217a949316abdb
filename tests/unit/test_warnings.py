"""A warning caused by teladan's own code fails the tests, on every Python CI runs them with:
in the test process (pyproject.toml, filterwarnings) and in the processes it starts
(PYTHONWARNINGS, set in tests/conftest.py). Other packages' warnings stay warnings."""

from __future__ import annotations

import multiprocessing
import subprocess
import sys
import warnings
from concurrent.futures import ProcessPoolExecutor

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


def test_a_fork_with_threads_running_is_an_error() -> None:
    with pytest.raises(DeprecationWarning):
        warn_from("multiprocessing.popen_fork", FORK_WITH_THREADS)


def test_other_packages_warnings_stay_warnings() -> None:
    with pytest.warns(DeprecationWarning):
        warn_from("tornado.ioloop")
    with pytest.warns(DeprecationWarning):
        warn_from("generatorish")


@pytest.mark.parametrize(
    ("module", "message"),
    [("generator.write", "old"), ("multiprocessing.popen_fork", FORK_WITH_THREADS)],
)
def test_a_command_the_tests_run_stops_on_it(module: str, message: str) -> None:
    code = f"from tests.unit.test_warnings import warn_from; warn_from({module!r}, {message!r})"
    result = subprocess.run([sys.executable, "-c", code], cwd=REPO, capture_output=True, text=True)
    assert result.returncode == 1
    assert "DeprecationWarning" in result.stderr


@pytest.mark.parametrize("start", ["spawn", "forkserver"])
def test_a_worker_process_stops_on_it(start: str) -> None:
    context = multiprocessing.get_context(start)
    with ProcessPoolExecutor(1, mp_context=context) as pool, pytest.raises(DeprecationWarning):
        pool.submit(warn_from, "generator.render").result()
