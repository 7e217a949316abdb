"""`teladan serve` as a user runs it: a real process, a real browser-like client, real edits."""

from __future__ import annotations

import json
import shutil
import signal
import socket
import subprocess
import sys
import threading
import time
from collections.abc import Callable, Iterator
from pathlib import Path

import pytest
from tornado.ioloop import IOLoop
from tornado.websocket import websocket_connect

from generator.watch import STARTUP_SECONDS
from tests.conftest import REPO
from tests.hosting.crawl import fetch
from tests.tools import free_port, wait_for_port

WAIT = 20.0  # seconds: generous for a loaded CI machine; a pass takes about one


def _eventually(check: Callable[[], bool], what: str) -> None:
    deadline = time.monotonic() + WAIT
    while time.monotonic() < deadline:
        if check():
            return
        time.sleep(0.1)
    pytest.fail(f"within {WAIT} s: {what}")


@pytest.fixture
def server(tmp_path: Path) -> Iterator[tuple[str, Path, subprocess.Popen[bytes]]]:
    content = tmp_path / "content"
    shutil.copytree(REPO / "content", content)
    port = free_port()
    process = subprocess.Popen(
        [sys.executable, "-m", "generator", "serve", "--content", str(content), "--port", str(port)],
        stdout=subprocess.PIPE, stderr=subprocess.STDOUT,
    )  # fmt: skip
    try:
        wait_for_port(port, 30)
        yield f"http://127.0.0.1:{port}/", content, process
    finally:
        if process.poll() is None:
            process.send_signal(signal.SIGINT)
            try:
                process.wait(timeout=10)
            except subprocess.TimeoutExpired:
                process.kill()


def _text(url: str) -> str:
    return fetch(url).body.decode("utf-8", "replace")


def _reload_messages(url: str, messages: list[str]) -> None:
    """Listen on livereload's websocket in a thread, as the page's script does, until the server
    closes the connection (when the test stops it)."""

    async def listen() -> None:
        ws = await websocket_connect(url.replace("http://", "ws://") + "livereload")
        await ws.write_message(
            json.dumps(
                {"command": "hello", "protocols": ["http://livereload.com/protocols/official-7"]}
            )
        )
        # livereload.js then says which page it is on; only then is it told to reload.
        await ws.write_message(json.dumps({"command": "info", "url": url, "plugins": {}}))
        while True:
            message = await ws.read_message()
            if message is None:
                return
            messages.append(str(message))

    threading.Thread(target=lambda: IOLoop().run_sync(listen), daemon=True).start()


def test_edit_shows_up_and_pages_are_told_to_reload(
    server: tuple[str, Path, subprocess.Popen[bytes]],
) -> None:
    url, content, _ = server
    page = url + "pilar/ujang-saepudin/"
    home = _text(url)
    assert "Pilar-pilar Sosial Teladan" in home and "livereload.js" in home
    assert 'href="kategori/"' in home  # served at the root, whatever base_url says
    messages: list[str] = []
    _reload_messages(url, messages)
    _eventually(lambda: any("hello" in m for m in messages), "livereload answers the page's hello")
    profile = content / "pillars" / "2019" / "ujang-saepudin.md"
    profile.write_text(
        profile.read_text().replace("name: Ujang Saepudin", "name: Ujang Saepudin Baru")
    )
    _eventually(lambda: "Ujang Saepudin Baru" in _text(page), "the edited name appears")
    _eventually(lambda: any('"reload"' in m for m in messages), "open pages get the reload signal")
    # A second save right after the first (livereload alone would ignore it for 3 s).
    reloads = sum('"reload"' in m for m in messages)
    profile.write_text(profile.read_text().replace("Ujang Saepudin Baru", "Ujang Saepudin Lagi"))
    _eventually(lambda: "Ujang Saepudin Lagi" in _text(page), "the second edit appears")
    _eventually(lambda: sum('"reload"' in m for m in messages) > reloads, "a second reload signal")


def test_broken_content_shows_the_problems_everywhere_then_recovers(
    server: tuple[str, Path, subprocess.Popen[bytes]],
) -> None:
    url, content, _ = server
    profile = content / "pillars" / "2019" / "ujang-saepudin.md"
    good = profile.read_text()
    profile.write_text(good.replace("province: jawa-barat", "province: jawa-baratt"))
    for path in ("", "pilar/ujang-saepudin/", "kategori/tksk/", "tidak/ada/"):
        _eventually(
            lambda path=path: "Ada masalah di konten" in _text(url + path),
            f"/{path} lists the problem",
        )
    problem_page = _text(url + "berita/")
    assert (
        "ujang-saepudin.md:4" in problem_page
        and "did you mean &#x27;jawa-barat&#x27;?" in problem_page
    )
    assert fetch(url).status == 500
    profile.write_text(good)
    _eventually(
        lambda: fetch(url + "pilar/ujang-saepudin/").status == 200, "the site comes back once fixed"
    )
    assert "Ujang Saepudin" in _text(url + "pilar/ujang-saepudin/")


def test_drafts_are_previewed_with_their_marker(
    server: tuple[str, Path, subprocess.Popen[bytes]],
) -> None:
    url, _, _ = server
    draft = _text(url + "pilar/neneng-hasanah/")
    assert 'class="draft-marker"' in draft


def test_ctrl_c_stops_cleanly(server: tuple[str, Path, subprocess.Popen[bytes]]) -> None:
    url, content, process = server
    assert fetch(url).status == 200
    time.sleep(2 * STARTUP_SECONDS)  # (past the second look the watcher takes after start-up)
    process.send_signal(signal.SIGINT)
    assert process.wait(timeout=10) == 0
    output = process.stdout.read().decode() if process.stdout else ""
    assert "Traceback" not in output and "Preview stopped" in output
    assert output.count("Preview updated") == 1  # nothing changed after the first build
    # The preview writes no site anywhere: beside content/ there is only the build cache.
    assert sorted(p.name for p in content.parent.iterdir()) == [".teladan-cache", "content"]
    assert "[E " not in output and "[I " not in output  # no library log lines for the user


def test_a_busy_port_is_reported_before_anything_else(tmp_path: Path) -> None:
    with socket.socket() as busy:
        busy.bind(("127.0.0.1", 0))
        busy.listen()
        port = busy.getsockname()[1]
        command = [sys.executable, "-m", "generator", "serve", "--content", str(REPO / "content")]
        done = subprocess.run(
            [*command, "--port", str(port)], capture_output=True, text=True, timeout=60
        )
    assert done.returncode == 2
    assert "cannot listen on 127.0.0.1" in done.stderr and f"--port {port + 1}" in done.stderr
    assert "Preview at" not in done.stdout and "Preview updated" not in done.stdout
