"""The size limits of the team guide (issue 18): benchmarks/sizes.py lists what is over them,
and generator/ has nothing over them."""

from __future__ import annotations

import subprocess
import sys
from pathlib import Path

from tests.conftest import REPO

SIZES = REPO / "benchmarks" / "sizes.py"


def _sizes(*argv: str) -> subprocess.CompletedProcess[str]:
    return subprocess.run(
        [sys.executable, str(SIZES), *argv], capture_output=True, text=True, check=False
    )


def test_the_size_check_lists_what_is_over_each_limit(tmp_path: Path) -> None:
    package = tmp_path / "pkg"
    package.mkdir()
    body = "".join(f"    x{n} = {n}\n" for n in range(79))
    (package / "fine.py").write_text(
        "def short(a, b, c, d, e, f, *args, **kwargs):\n    return 1\n"  # 8 with *args/**kwargs
        "class Thing:\n"
        "    def method(self, a, b, c, d, e, f, g):\n        return 1\n"  # self is not counted
        "    @classmethod\n    def make(cls, a, b, c, d, e, f, g):\n        return 1\n"
        f"def eighty():\n{body}"  # 80 lines: the most allowed
    )
    (package / "big.py").write_text(
        "\n" * 500 + f"def eighty_one():\n{body}    return 0\n"
        "def seven(a, b, c, d, e, f, *, g):\n    return 1\n"
    )
    done = _sizes(str(package))
    assert done.returncode == 1
    assert done.stdout.splitlines()[:3] == [
        "pkg/big.py:1: module of 583 lines (583 > 500)",
        "pkg/big.py:501: function eighty_one of 81 lines (81 > 80)",
        "pkg/fine.py:1: function short with 8 parameters (8 > 7)",
    ]
    (package / "big.py").unlink()
    (package / "fine.py").write_text("def short(a, b, c, d, e, f, *args):\n    return 1\n")
    assert _sizes(str(package)).returncode == 0


def test_no_module_function_or_parameter_list_of_the_generator_is_over_the_limits() -> None:
    done = _sizes()
    assert done.returncode == 0, done.stdout
