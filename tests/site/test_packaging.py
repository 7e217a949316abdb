"""`pip install .` (not editable) must carry the default theme and the reference data, and leave
the project folder as it was: staff could take a `build/` folder for the site to hand over."""

from __future__ import annotations

import os
import shutil
import site
import subprocess
import sys
import venv
from pathlib import Path

import pytest

from tests.conftest import FIXTURES, REPO

# What `pip install .` reads: the project's own files, not the caches and venvs of a checkout.
PROJECT_FILES = ["pyproject.toml", "README.md", ".gitignore", "generator", "themes"]


def listing(folder: Path) -> list[str]:
    return sorted(str(path.relative_to(folder)) for path in folder.rglob("*"))


def site_folders() -> list[str]:
    """Where the running interpreter finds its packages, whether it is a venv or not."""
    folders = site.getsitepackages()
    if site.ENABLE_USER_SITE and os.path.isdir(site.getusersitepackages()):
        folders.append(site.getusersitepackages())
    return folders


def isolated() -> dict[str, str]:
    """The environment for the venv's programs: without a PYTHONPATH leading to the checkout."""
    return {name: value for name, value in os.environ.items() if name != "PYTHONPATH"}


def bin_path(env_dir: Path, name: str) -> Path:
    return env_dir / ("Scripts" if sys.platform == "win32" else "bin") / name


@pytest.fixture(scope="module")
def installed(tmp_path_factory: pytest.TempPathFactory) -> tuple[Path, Path, list[str]]:
    """A copy of the project installed with `pip install .` into a new venv:
    (the venv, the project copy, the listing of the copy before the install)."""
    tmp = tmp_path_factory.mktemp("packaging")
    project = tmp / "project"
    for name in PROJECT_FILES:
        source = REPO / name
        if source.is_dir():
            shutil.copytree(source, project / name, ignore=shutil.ignore_patterns("__pycache__"))
        else:
            project.mkdir(exist_ok=True)
            shutil.copy2(source, project / name)
    before = listing(project)
    # A venv that sees the dependencies of the interpreter running the tests (a venv or the
    # system's), through a .pth file (whose folders' own .pth files, such as an editable
    # install of this checkout, are not read), with teladan itself installed from the copy.
    env_dir = tmp / "venv"
    venv.create(env_dir, with_pip=True)
    python = bin_path(env_dir, "python")
    own_site = subprocess.run(
        [python, "-c", "import sysconfig; print(sysconfig.get_paths()['purelib'])"],
        capture_output=True, text=True, check=True, env=isolated(),
    ).stdout.strip()  # fmt: skip
    Path(own_site, "tests-dependencies.pth").write_text("\n".join(site_folders()) + "\n")
    subprocess.run(
        [python, "-m", "pip", "install", "-q", "--no-deps", "--no-build-isolation", project],
        check=True, cwd=tmp, env=isolated(),
    )  # fmt: skip
    return env_dir, project, before


def test_pip_install_leaves_the_project_folder_as_it_was(
    installed: tuple[Path, Path, list[str]],
) -> None:
    _, project, before = installed
    assert listing(project) == before


def test_installed_package_builds_a_folder_holding_only_content(
    installed: tuple[Path, Path, list[str]], tmp_path: Path
) -> None:
    env_dir, _, _ = installed
    site_dir = tmp_path / "site"
    shutil.copytree(FIXTURES / "full" / "content", site_dir / "content")
    result = subprocess.run(
        [bin_path(env_dir, "teladan"), "build"],
        cwd=site_dir,
        capture_output=True,
        text=True,
        check=False,
        env=isolated(),
    )
    assert result.returncode == 0, result.stderr
    page = (site_dir / "output" / "kategori" / "psm" / "index.html").read_text(encoding="utf-8")
    assert "Langsung ke isi" in page  # (the theme's compiled catalog came along)
    located = subprocess.run(
        [bin_path(env_dir, "python"), "-c", "import generator, sys; sys.stdout.write(generator.__file__)"],
        cwd=site_dir, capture_output=True, text=True, check=True, env=isolated(),
    )  # fmt: skip
    package = Path(located.stdout).parent
    # Really the installed copy, not the checkout nor the copy it was installed from.
    assert package.is_relative_to(env_dir)
    assert (package / "themes" / "default" / "templates" / "base.html").is_file()
    assert (package / "themes" / "default" / "locale" / "id" / "LC_MESSAGES" / "theme.mo").is_file()
    assert (package / "data" / "provinces.yaml").is_file()


def test_the_installed_package_speaks_indonesian(
    installed: tuple[Path, Path, list[str]], tmp_path: Path
) -> None:
    # The compiled catalogs ship in the wheel: argparse's own messages and teladan's.
    env_dir, _, _ = installed
    shutil.copytree(FIXTURES / "full" / "content", tmp_path / "content")
    teladan = bin_path(env_dir, "teladan")
    said = {"TELADAN_LANG": "id"}
    checked = subprocess.run(
        [teladan, "check"], cwd=tmp_path, capture_output=True, text=True, check=False,
        env={**isolated(), **said},
    )  # fmt: skip
    assert checked.returncode == 0 and checked.stdout.startswith("Konten sudah benar"), checked
    wrong = subprocess.run(
        [teladan, "new", "pilar", "Siti"], cwd=tmp_path, capture_output=True, text=True,
        check=False, env={**isolated(), **said},
    )  # fmt: skip
    assert "cara pakai:" in wrong.stderr and "argumen berikut wajib diisi" in wrong.stderr
