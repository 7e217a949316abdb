"""`teladan serve` as a user runs it: a real process, a real browser-like client, real edits."""

from __future__ import annotations

import http.client
import json
import os
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

from generator import build
from generator.watch import STARTUP_SECONDS
from tests.conftest import REPO, copy_warm
from tests.hosting.crawl import fetch
from tests.tools import free_port, preview, require_program

WAIT = 20.0  # seconds: generous for a loaded CI machine; a pass takes about one


def _eventually(check: Callable[[], bool], what: str) -> None:
    deadline = time.monotonic() + WAIT
    while time.monotonic() < deadline:
        if check():
            return
        time.sleep(0.1)
    pytest.fail(f"within {WAIT} s: {what}")


@pytest.fixture
def server(
    tmp_path: Path, warm_sample: Path
) -> Iterator[tuple[str, Path, subprocess.Popen[bytes]]]:
    content = copy_warm(warm_sample, tmp_path)
    with preview(content, output=subprocess.PIPE) as process:
        yield f"http://127.0.0.1:{process.args[-1]}/", content, process


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


def test_a_page_opened_at_start_up_is_not_reloaded_when_nothing_changed(
    server: tuple[str, Path, subprocess.Popen[bytes]],
) -> None:
    """Just after start-up the preview looks once more for a save made meanwhile; finding none,
    it leaves the open pages alone (a reload would cut short what they were loading)."""
    url = server[0]
    messages: list[str] = []
    _reload_messages(url, messages)
    _eventually(lambda: any("hello" in m for m in messages), "livereload answers the page's hello")
    time.sleep(2 * STARTUP_SECONDS + 1)  # the pass after start-up is done
    assert not any('"reload"' in m for m in messages)


def test_broken_content_shows_the_problems_everywhere_then_recovers(
    server: tuple[str, Path, subprocess.Popen[bytes]],
) -> None:
    url, content, _ = server
    profile = content / "pillars" / "2019" / "ujang-saepudin.md"
    good = profile.read_text()
    profile.write_text(good.replace("province: jawa-barat", "province: jawa-baratt"))
    for path in ("", "pilar/ujang-saepudin/", "kategori/tksk/", "tidak/ada/"):
        _eventually(
            lambda path=path: "There are problems in the content" in _text(url + path),
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


def test_the_press_kits_are_served_as_a_build_with_drafts_makes_them(
    server: tuple[str, Path, subprocess.Popen[bytes]], tmp_path: Path
) -> None:
    url, content, _ = server
    out = tmp_path / "built"
    assert build(content, out, base_url=url, include_drafts=True).ok
    for kit in ("tahun/2019/paket-media.zip", "tahun/2023/paket-media.zip"):
        served = fetch(url + kit)
        assert served.status == 200 and served.body == (out / kit).read_bytes(), kit


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


def _processes() -> dict[int, tuple[int, str, str]]:
    """Each running process: its parent, its state and its program's name (from `ps`)."""
    listed = subprocess.run(
        [require_program("ps"), "-A", "-o", "pid=,ppid=,stat=,comm="],
        capture_output=True, text=True, check=True,
    ).stdout  # fmt: skip
    found = {}
    for line in listed.splitlines():
        pid, parent, state, name = line.split(maxsplit=3)
        found[int(pid)] = (int(parent), state, Path(name.strip()).name)
    return found


def _pagefind_children(pid: int) -> set[int]:
    """The Pagefind processes `pid` started that are running."""
    return {
        child
        for child, (parent, state, name) in _processes().items()
        if parent == pid and name == "pagefind" and not state.startswith("Z")
    }


def _running(pids: set[int]) -> list[int]:
    processes = _processes()
    return [pid for pid in pids if pid in processes and not processes[pid][1].startswith("Z")]


def test_ctrl_c_while_search_indexes_leaves_no_pagefind_running(tmp_path: Path) -> None:
    # A Pagefind left running waits forever once the pages it reads are removed (Pagefind 1.5):
    # a process left on a staff member's laptop at every such stop. Enough profiles for several
    # parts, each indexed for longer than the preview takes to stop.
    make = REPO / "benchmarks" / "make_corpus.py"
    subprocess.run([sys.executable, str(make), "800", str(tmp_path)], check=True)
    (tmp_path / "tmp").mkdir()
    process = subprocess.Popen(
        [sys.executable, "-m", "generator", "serve", "--content", str(tmp_path / "content"),
         "--port", str(free_port())],
        stdout=subprocess.PIPE, stderr=subprocess.STDOUT, env={**os.environ,
        "TMPDIR": str(tmp_path / "tmp")},
    )  # fmt: skip
    deadline = time.monotonic() + 6 * WAIT
    indexing: set[int] = set()
    while not indexing and time.monotonic() < deadline and process.poll() is None:
        indexing = _pagefind_children(process.pid)
        time.sleep(0.005)
    assert indexing, "the preview indexes its search when it starts"
    process.send_signal(signal.SIGINT)
    assert process.wait(timeout=10) == 0
    output = process.stdout.read().decode() if process.stdout else ""
    assert "Traceback" not in output and "Preview stopped" in output
    assert not _running(indexing)
    assert not list((tmp_path / "tmp").iterdir())  # nor Pagefind's working folder


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


def _ask(
    url: str, path: str, method: str = "GET", **headers: str
) -> tuple[int, dict[str, str], bytes]:
    """One request over a plain connection, with exactly the headers given (Host included)."""
    port = int(url.rstrip("/").rsplit(":", 1)[1])
    connection = http.client.HTTPConnection("127.0.0.1", port, timeout=WAIT)
    try:
        connection.putrequest(method, path, skip_host="Host" in headers)
        for name, value in headers.items():
            connection.putheader(name, value)
        connection.endheaders()
        response = connection.getresponse()
        return response.status, {k.lower(): v for k, v in response.getheaders()}, response.read()
    finally:
        connection.close()


def test_only_the_previews_own_host_names_are_answered(
    server: tuple[str, Path, subprocess.Popen[bytes]],
) -> None:
    # A DNS-rebinding page: attacker.example made to point at 127.0.0.1 reads the preview under
    # its own name, drafts (unannounced winners) included.
    url, _, _ = server
    port = url.rstrip("/").rsplit(":", 1)[1]
    draft = "/pilar/neneng-hasanah/"
    status, _, body = _ask(url, draft, Host=f"attacker.example:{port}")
    assert status == 403 and b"Neneng" not in body
    assert f"http://127.0.0.1:{port}/".encode() in body  # where the preview does answer
    assert _ask(url, "/livereload.js", Host=f"attacker.example:{port}")[0] == 403
    assert _ask(url, draft, Host="127.0.0.1:1")[0] == 403  # another port: another site
    for own in (f"127.0.0.1:{port}", f"localhost:{port}", f"LOCALHOST:{port}", f"[::1]:{port}"):
        status, _, body = _ask(url, draft, Host=own)
        assert status == 200 and b"Neneng" in body, own


def _upgrade(url: str, **headers: str) -> bytes:
    """The status line of a websocket handshake on /livereload, sent by hand."""
    port = int(url.rstrip("/").rsplit(":", 1)[1])
    request = {
        "Host": f"127.0.0.1:{port}",
        "Upgrade": "websocket",
        "Connection": "Upgrade",
        "Sec-WebSocket-Key": "dGhlIHNhbXBsZSBub25jZQ==",
        "Sec-WebSocket-Version": "13",
        **headers,
    }
    with socket.create_connection(("127.0.0.1", port), timeout=WAIT) as sock:
        lines = "".join(f"{name}: {value}\r\n" for name, value in request.items())
        sock.sendall(f"GET /livereload HTTP/1.1\r\n{lines}\r\n".encode())
        answer = b""
        while b"\r\n" not in answer:
            chunk = sock.recv(1024)
            if not chunk:
                break
            answer += chunk
    return answer.split(b"\r\n", 1)[0]


def test_live_reload_talks_only_to_pages_of_the_preview(
    server: tuple[str, Path, subprocess.Popen[bytes]],
) -> None:
    url, _, _ = server
    port = url.rstrip("/").rsplit(":", 1)[1]
    # Another site's page would be told the path of every file saved (a draft's is its slug).
    assert _upgrade(url, Origin="http://evil.example").startswith(b"HTTP/1.1 403")
    assert _upgrade(url, Origin=f"http://evil.example:{port}").startswith(b"HTTP/1.1 403")
    assert _upgrade(url, Origin="null").startswith(b"HTTP/1.1 403")
    rebound = {"Host": f"attacker.example:{port}", "Origin": f"http://attacker.example:{port}"}
    assert _upgrade(url, **rebound).startswith(b"HTTP/1.1 403")
    # The preview's own pages, under any of its names.
    assert _upgrade(url, Origin=f"http://127.0.0.1:{port}").startswith(b"HTTP/1.1 101")
    own = {"Host": f"localhost:{port}", "Origin": f"http://localhost:{port}"}
    assert _upgrade(url, **own).startswith(b"HTTP/1.1 101")
    # livereload's /forcereload (any page could reload the preview) is not there.
    status, _, body = _ask(
        url, "/forcereload", Host=f"127.0.0.1:{port}", Origin="http://evil.example"
    )
    assert status == 404 and body != b"ok"


def test_head_is_answered_like_get_without_a_body(
    server: tuple[str, Path, subprocess.Popen[bytes]],
) -> None:
    url, _, _ = server
    host = url.removeprefix("http://").rstrip("/")
    for path, expected in (
        ("/", 200),
        ("/pilar/ujang-saepudin/", 200),
        ("/data/pilar.csv", 200),
        ("/tidak/ada/", 404),
    ):
        got, got_headers, body = _ask(url, path, Host=host)
        status, headers, empty = _ask(url, path, "HEAD", Host=host)
        assert (status, empty) == (expected, b"") and got == expected, path
        assert headers["content-length"] == got_headers["content-length"] == str(len(body)), path
        assert headers["content-type"] == got_headers["content-type"], path


@pytest.mark.parametrize("host", ["0.0.0.0", "127.0.0.1"])
def test_a_host_other_than_this_computer_is_warned_about(host: str) -> None:
    with socket.socket() as free:
        free.bind(("127.0.0.1", 0))
        port = free.getsockname()[1]
    command = [sys.executable, "-m", "generator", "serve", "--content", str(REPO / "content")]
    process = subprocess.Popen(
        [*command, "--host", host, "--port", str(port)],
        stdout=subprocess.PIPE,
        stderr=subprocess.PIPE,
        text=True,
    )
    try:
        assert process.stdout is not None
        assert "Preview at" in process.stdout.readline()  # the warning comes before this line
    finally:
        process.send_signal(signal.SIGINT)
        _, errors = process.communicate(timeout=60)
    if host == "0.0.0.0":
        assert "anyone on this network can open the preview" in errors
        assert "/_edit/" in errors and "without --host" in errors
    else:
        assert "Warning" not in errors
