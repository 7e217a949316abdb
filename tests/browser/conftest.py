"""The sample site, built and served by nginx under a sub-path, and a headless Debian Chromium."""

from __future__ import annotations

from collections.abc import Iterator
from pathlib import Path

import pytest
from playwright.sync_api import Browser, sync_playwright

from generator import build
from tests.conftest import REPO, TODAY
from tests.tools import free_port, nginx, require_program

PREFIX = "/pilar-teladan/"
# The same build served one folder deeper: links and search must not depend on the prefix.
DEEPER_PREFIX = "/arsip/pilar-teladan/"
ARTIFACTS = REPO / "test-artifacts"

# Chromium flags for a closed network: without the background-networking ones it keeps trying
# to reach Google's hosts.
CHROMIUM_ARGS = [
    "--headless=new", "--no-sandbox", "--disable-gpu", "--disable-quic", "--no-first-run",
    "--disable-background-networking", "--disable-component-update", "--disable-sync",
]  # fmt: skip


@pytest.fixture(scope="session")
def sample_output(tmp_path_factory: pytest.TempPathFactory) -> tuple[Path, int]:
    """The shipped sample content, built for the address nginx will serve it at."""
    port = free_port()
    out = tmp_path_factory.mktemp("sample") / "output"
    report = build(REPO / "content", out, base_url=f"http://127.0.0.1:{port}{PREFIX}", today=TODAY)
    assert report.ok, [p.format() for p in report.problems]
    return out, port


@pytest.fixture(scope="session")
def site_url(sample_output: tuple[Path, int]) -> Iterator[str]:
    out, port = sample_output
    with nginx(out, PREFIX, port) as url:
        yield url


@pytest.fixture(scope="session")
def deeper_site_url(sample_output: tuple[Path, int]) -> Iterator[str]:
    out, _ = sample_output
    with nginx(out, DEEPER_PREFIX, free_port()) as url:
        yield url


@pytest.fixture(params=["site_url", "deeper_site_url"])
def any_site_url(request: pytest.FixtureRequest) -> str:
    """The sample site under its own sub-path, and under another one."""
    return str(request.getfixturevalue(request.param))


@pytest.fixture(scope="session")
def browser() -> Iterator[Browser]:
    executable = require_program("chromium")
    with sync_playwright() as p:
        b = p.chromium.launch(executable_path=executable, args=CHROMIUM_ARGS)
        yield b
        b.close()
