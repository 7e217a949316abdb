"""`pip install .` (not editable) must carry the default theme and the reference data."""

from __future__ import annotations

import shutil
import subprocess
import sys
import venv
import zipfile
from pathlib import Path

from tests.conftest import FIXTURES, REPO


def test_installed_package_builds_a_folder_holding_only_content(tmp_path: Path) -> None:
    wheels = tmp_path / "wheels"
    subprocess.run(
        [sys.executable, "-m", "pip", "wheel", "--no-deps", "--no-build-isolation", "-q", "-w", str(wheels), str(REPO)],
        check=True, cwd=tmp_path,
    )  # fmt: skip
    (wheel,) = wheels.glob("teladan-*.whl")
    names = zipfile.ZipFile(wheel).namelist()
    assert "generator/themes/default/templates/base.html" in names
    assert "generator/themes/default/i18n/id.yaml" in names
    assert "generator/data/provinces.yaml" in names
    # A venv that sees the already installed dependencies, with teladan itself from the wheel.
    env_dir = tmp_path / "venv"
    venv.create(env_dir, system_site_packages=True, with_pip=True)
    python = env_dir / "bin" / "python"
    subprocess.run(
        [python, "-m", "pip", "install", "-q", "--no-deps", "--force-reinstall", wheel], check=True
    )
    site = tmp_path / "site"
    shutil.copytree(FIXTURES / "full" / "content", site / "content")
    result = subprocess.run(
        [env_dir / "bin" / "teladan", "build"],
        cwd=site,
        capture_output=True,
        text=True,
        check=False,
    )
    assert result.returncode == 0, result.stderr
    assert (site / "output" / "kategori" / "psm" / "index.html").is_file()
    located = subprocess.run(
        [python, "-c", "import generator, sys; sys.stdout.write(generator.__file__)"],
        cwd=site, capture_output=True, text=True, check=True,
    )  # fmt: skip
    assert str(REPO) not in located.stdout  # really the installed copy, not the checkout
