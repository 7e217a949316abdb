"""The real outside tools the tests use (Chromium, nginx, Java, npm checkers): find or install them.

Tests install what is missing, so the README's one test command works on a fresh Debian machine;
when a tool cannot be had the test fails with the reason — it is never skipped.
"""

from __future__ import annotations

import contextlib
import json
import os
import re
import shutil
import signal
import socket
import subprocess
import sys
import tempfile
import time
from collections.abc import Iterator
from html.parser import HTMLParser
from pathlib import Path

import pytest

TOOLS = Path(__file__).parent / "tools"
NODE_MODULES = TOOLS / "node_modules"
DEBIAN_PACKAGES = {
    "chromium": "chromium",
    "nginx": "nginx-light",
    "java": "default-jre-headless",
    "apache2": "apache2",
    "mkfs.exfat": "exfatprogs",
    "mount.exfat-fuse": "exfat-fuse",
    "ps": "procps",
}
_apt_updated = False


def _apt_install(package: str) -> None:
    global _apt_updated
    if os.geteuid() != 0 or not shutil.which("apt-get"):
        pytest.fail(f"{package} is missing; install the Debian package '{package}'")
    env = {**os.environ, "DEBIAN_FRONTEND": "noninteractive"}
    if not _apt_updated:
        subprocess.run(["apt-get", "update", "-qq"], check=True, env=env, capture_output=True)
        _apt_updated = True
    subprocess.run(
        ["apt-get", "install", "-y", "-qq", package], check=True, env=env, capture_output=True
    )


def require_program(name: str) -> str:
    """The path of a program from Debian (installing its package if needed)."""
    found = shutil.which(name) or shutil.which(name, path="/usr/sbin:/usr/bin")
    if not found:
        _apt_install(DEBIAN_PACKAGES[name])
        found = shutil.which(name) or shutil.which(name, path="/usr/sbin:/usr/bin")
    if not found:
        pytest.fail(f"{name} is still missing after installing {DEBIAN_PACKAGES[name]}")
    return found


def require_npm_file(relative: str) -> Path:
    """A file from tests/tools/node_modules (npm ci from the lock file if needed)."""
    path = NODE_MODULES / relative
    if not path.is_file():
        npm = shutil.which("npm")
        if not npm:
            pytest.fail("npm is missing; install Node.js to fetch the test checkers")
        subprocess.run(
            [npm, "ci", "--no-audit", "--no-fund", "--ignore-scripts"],
            cwd=TOOLS,
            check=True,
            capture_output=True,
        )
    if not path.is_file():
        pytest.fail(f"{relative} is missing after npm ci in {TOOLS}")
    return path


def nu_errors(folder: Path) -> list[str]:
    """The Nu Html Checker's errors on every HTML file under `folder` (and the CSS in them)."""
    java = require_program("java")
    vnu = require_npm_file("vnu-jar/build/dist/vnu.jar")
    result = subprocess.run(
        [java, "-jar", str(vnu), "--errors-only", "--format", "json", "--also-check-css", "--skip-non-html", str(folder)],
        capture_output=True, text=True, check=False,
    )  # fmt: skip
    messages = json.loads(result.stderr or '{"messages": []}')["messages"]
    return [
        f"{m.get('url', '')}:{m.get('lastLine', '')}: {m['message']}"
        for m in messages
        if m["type"] == "error"
    ]


class FormFields(HTMLParser):
    """The controls of an editor page's form (its first POST form, not "Hapus") and what a
    browser without JavaScript would send for them; the benchmarks fill forms with it too."""

    def __init__(self) -> None:
        super().__init__()
        self.values: dict[str, str] = {}
        self.action = ""
        self._textarea: str | None = None
        self._select: str | None = None

    def handle_starttag(self, tag: str, attrs: list[tuple[str, str | None]]) -> None:
        a = {k: v or "" for k, v in attrs}
        if tag == "form" and a.get("method") == "post" and not self.action:  # (not "Hapus")
            self.action = a.get("action", "")
        elif tag == "input" and a.get("name") and a.get("type") != "file":
            if a.get("type") != "checkbox" or "checked" in a:
                self.values[a["name"]] = a.get("value", "")
        elif tag == "textarea":
            self._textarea = a["name"]
            self.values[a["name"]] = ""
        elif tag == "select":
            self._select = a["name"]
            self.values.setdefault(a["name"], "")
        elif tag == "option" and self._select and "selected" in a:
            self.values[self._select] = a.get("value", "")

    def handle_endtag(self, tag: str) -> None:
        if tag == "textarea" and self._textarea:
            # HTML drops one newline right after <textarea>
            self.values[self._textarea] = self.values[self._textarea].removeprefix("\n")
            self._textarea = None
        elif tag == "select":
            self._select = None

    def handle_data(self, data: str) -> None:
        if self._textarea:
            self.values[self._textarea] += data


def free_port() -> int:
    with socket.socket() as s:
        s.bind(("127.0.0.1", 0))
        return int(s.getsockname()[1])


def wait_for_port(port: int, seconds: float = 10.0) -> None:
    deadline = time.monotonic() + seconds
    while time.monotonic() < deadline:
        with (
            contextlib.suppress(OSError),
            socket.create_connection(("127.0.0.1", port), timeout=0.2),
        ):
            return
        time.sleep(0.05)
    raise TimeoutError(f"nothing listens on port {port}")


@contextlib.contextmanager
def preview(content: Path, output: int = subprocess.DEVNULL) -> Iterator[subprocess.Popen[bytes]]:
    """`teladan serve` on `content` at a free port (its `args[-1]`), stopped with Ctrl-C as a
    person stops it; `output` takes its standard output and error."""
    port = free_port()
    process = subprocess.Popen(
        [sys.executable, "-m", "generator", "serve", "--content", str(content), "--port", str(port)],
        stdout=output, stderr=subprocess.STDOUT,
    )  # fmt: skip
    try:
        wait_for_port(port, 30)
        yield process
    finally:
        if process.poll() is None:
            process.send_signal(signal.SIGINT)
            try:
                process.wait(timeout=10)
            except subprocess.TimeoutExpired:
                process.kill()


NGINX_WRAPPER = """
daemon off;
master_process off;
pid {tmp}/nginx.pid;
error_log {tmp}/error.log warn;
events {{ worker_connections 128; }}
http {{
  include /etc/nginx/mime.types;
  types {{ application/atom+xml atom; }}
  access_log off;
  client_body_temp_path {tmp}/body;
  proxy_temp_path {tmp}/proxy;
  fastcgi_temp_path {tmp}/fastcgi;
  uwsgi_temp_path {tmp}/uwsgi;
  scgi_temp_path {tmp}/scgi;
{block}
}}
"""
README_NGINX = re.compile(r"```nginx\n(.*?)```", re.DOTALL)


def readme_nginx_block(root: Path, prefix: str, port: int) -> str:
    """The nginx configuration of README.md's Deploy section, pointed at this build and port."""
    readme = (Path(__file__).parent.parent / "README.md").read_text("utf-8")
    (block,) = README_NGINX.findall(readme)
    block = block.replace("listen 80;", f"listen 127.0.0.1:{port};")
    block = block.replace("/var/www/pilar-teladan/", f"{root}/")
    return block.replace("/pilar-teladan/", prefix)


@contextlib.contextmanager
def nginx(root: Path, prefix: str, port: int) -> Iterator[str]:
    """Serve `root` at http://127.0.0.1:port{prefix} with a real nginx running exactly the
    README's configuration; yields the base URL."""
    binary = require_program("nginx")
    with tempfile.TemporaryDirectory() as tmp:
        conf = Path(tmp) / "nginx.conf"
        conf.write_text(NGINX_WRAPPER.format(tmp=tmp, block=readme_nginx_block(root, prefix, port)))
        process = subprocess.Popen([binary, "-c", str(conf), "-p", tmp], stderr=subprocess.PIPE)
        try:
            wait_for_port(port)
            yield f"http://127.0.0.1:{port}{prefix}"
        finally:
            process.terminate()
            process.wait(timeout=10)


def read_qr_svg(svg: str) -> list[str]:
    """What a QR reader (zxing-cpp) reads in a code drawn as in the year book (qr.py): its
    path's strokes (moves, then runs one module thick) painted black on white, four pixels a
    module."""
    import zxingcpp
    from PIL import Image, ImageDraw

    box = re.search(r'viewBox="(-?\d+) (-?\d+) (\d+) (\d+)"', svg)
    path = re.search(r' d="([^"]+)"', svg)
    assert box is not None and path is not None, svg[:200]
    left, top, width, height = (int(n) for n in box.groups())
    steps = re.findall(r"([Mmh])(-?\d*\.?\d+)(?: (-?\d*\.?\d+))?", path.group(1))
    assert "".join(f"{c}{a} {b}" if b else f"{c}{a}" for c, a, b in steps) == path.group(1)
    image = Image.new("L", (4 * width, 4 * height), 255)
    draw = ImageDraw.Draw(image)
    x = y = 0.0
    for command, a, b in steps:
        if command == "h":
            corner = (round(4 * (x - left)), round(4 * (y - 0.5 - top)))
            draw.rectangle((corner, (corner[0] + 4 * int(a) - 1, corner[1] + 3)), fill=0)
        x, y = (float(a), float(b)) if command == "M" else (x + float(a), y + float(b or 0))
    return [code.text for code in zxingcpp.read_barcodes(image)]
