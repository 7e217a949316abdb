"""Preview WSGI app + address → the web server of `teladan serve`, answering its own page only.

The preview shows drafts, unannounced winners included, so a page on another site must not read
it: a DNS-rebinding page (attacker.example made to point at 127.0.0.1) sends its own name as
`Host` and is refused, and the live-reload websocket, which tells each open page the path of
every file saved, takes only pages of the preview itself (`Origin`). livereload's
`/forcereload`, which lets any page reload the preview, is left out: the preview does not use it.
`HEAD` is answered like `GET`, without the body.
"""

from __future__ import annotations

import ipaddress
from collections.abc import Callable
from typing import Any
from urllib.parse import urlsplit

from livereload import Server
from livereload.handlers import LiveReloadHandler, LiveReloadJSHandler
from tornado import httputil, web
from tornado.wsgi import WSGIContainer

from .i18n import N_, _

LOOPBACK = ("127.0.0.1", "localhost", "[::1]")
WILDCARDS = ("", "0.0.0.0", "::")
FOREIGN_HOST = N_(
    "This is the Teladan preview. It answers only at its own address, such as %(address)s; "
    "open the preview there."
)
HEAD_END = b"</head>"
NO_RELOAD = "/_edit/"  # the editor's pages (editor.PREFIX): forms must never reload by themselves
# livereload's snippet: the page loads livereload.js from the host it was itself loaded from.
LIVE_SCRIPT = (
    b'<script>(function(){var s=document.createElement("script");'
    b"var port=(window.location.port || 80);"
    b's.src="//"+window.location.hostname+":"+port+"/livereload.js?port="+port;'
    b"document.head.appendChild(s);})();</script>"
)


class OwnHosts:
    """The names the preview answers to: loopback, the address it listens on, and (listening on
    every address) any IP address — a name in `Host` could have been pointed at the preview by
    someone else's DNS, an address typed by the user could not."""

    def __init__(self, host: str, port: int) -> None:
        self.port = port
        self.any_address = host in WILDCARDS
        listened = f"[{host}]" if ":" in host else host
        self.names = frozenset({*LOOPBACK, listened.lower()} - {"", "[::]", "0.0.0.0"})
        self.shown = "127.0.0.1" if self.any_address else listened

    def allows(self, netloc: str) -> bool:
        """A `Host` header (or the host and port of an `Origin`) the preview may answer."""
        name, port = _split(netloc.lower())
        if port != str(self.port) and not (port == "" and self.port == 80):
            return False
        return name in self.names or (self.any_address and _is_ip_address(name))

    def allows_origin(self, origin: str) -> bool:
        parts = urlsplit(origin)
        return parts.scheme == "http" and self.allows(parts.netloc)

    def address(self) -> str:
        return f"http://{self.shown}:{self.port}/"


def _split(netloc: str) -> tuple[str, str]:
    """A host and port: 'localhost:8000' → ('localhost', '8000'); '[::1]:80' → ('[::1]', '80')."""
    if netloc.startswith("["):
        name, _sep, rest = netloc.partition("]")
        return name + "]", rest.removeprefix(":")
    name, _sep, port = netloc.partition(":")
    return name, port


def _is_ip_address(name: str) -> bool:
    try:
        ipaddress.ip_address(name.removeprefix("[").removesuffix("]"))
    except ValueError:
        return False
    return True


def _refused(handler: web.RequestHandler, hosts: OwnHosts) -> bool:
    """Answer 403 (and True) when the request names a host that is not the preview's: refused,
    as the editor refuses a foreign Origin, whatever the address (a page, the editor, a POST)."""
    if hosts.allows(handler.request.host):
        return False
    handler.set_status(403)
    handler.set_header("Content-Type", "text/plain; charset=utf-8")
    handler.finish(_(FOREIGN_HOST) % {"address": hosts.address()} + "\n")
    return True


class _LiveReload(LiveReloadHandler):  # type: ignore[misc]  # livereload has no type hints
    """livereload's websocket, for pages of the preview only."""

    def initialize(self, hosts: OwnHosts) -> None:
        self.hosts = hosts

    def prepare(self) -> None:
        _refused(self, self.hosts)

    def check_origin(self, origin: str) -> bool:
        return self.hosts.allows_origin(origin)


class _LiveReloadScript(LiveReloadJSHandler):  # type: ignore[misc]
    def initialize(self, hosts: OwnHosts) -> None:
        self.hosts = hosts

    def prepare(self) -> None:
        _refused(self, self.hosts)

    def head(self) -> None:
        self.get()  # (tornado leaves the body out of an answer to HEAD)


class _Pages(web.FallbackHandler):
    """Every other address: a page of the site from the preview's WSGI app."""

    def initialize(  # type: ignore[override]  # (one setting more than tornado's)
        self, fallback: Callable[[httputil.HTTPServerRequest], None], hosts: OwnHosts
    ) -> None:
        super().initialize(fallback)
        self.hosts = hosts

    def prepare(self) -> None:
        if not _refused(self, self.hosts):
            super().prepare()


class _WithReloadScript(WSGIContainer):
    """A WSGI app's answer with livereload's script in every page, and no body for HEAD
    (livereload's own container writes one, which tornado refuses for HEAD)."""

    def __call__(self, request: httputil.HTTPServerRequest) -> None:
        answer: dict[str, Any] = {}

        written: list[bytes] = []  # (through WSGI's write(); the preview returns its body)

        def start_response(
            status: str, headers: list[tuple[str, str]], *_: Any
        ) -> Callable[[bytes], object]:
            answer["status"], answer["headers"] = status, headers
            return written.append

        answered = self.wsgi_application(self.environ(request), start_response)
        body = b"".join([*written, *answered])
        headers = httputil.HTTPHeaders()
        for name, value in answer["headers"]:
            if name.lower() != "content-length":
                headers.add(name, value)
        # (not in the editor's pages: a reload there would throw away what someone typed)
        if "html" in headers.get("Content-Type", "") and not request.path.startswith(NO_RELOAD):
            body = body.replace(HEAD_END, LIVE_SCRIPT + HEAD_END, 1)
        headers["Content-Length"] = str(len(body))
        code, reason = answer["status"].split(" ", 1)
        request.connection.write_headers(  # type: ignore[union-attr]
            httputil.ResponseStartLine("HTTP/1.1", int(code), reason),
            headers,
            None if request.method == "HEAD" else body,
        )
        request.connection.finish()  # type: ignore[union-attr]


class PreviewServer(Server):  # type: ignore[misc]  # livereload has no type hints
    """livereload's server with the application above, and quiet logs."""

    def __init__(self, app: Any, watcher: Any, quiet: Callable[[], None]) -> None:
        super().__init__(app, watcher=watcher)
        self._quiet = quiet

    def _setup_logging(self) -> None:
        super()._setup_logging()
        self._quiet()

    def application(
        self,
        port: int,
        host: str,
        liveport: int | None = None,
        debug: bool | None = None,
        live_css: bool = True,
    ) -> None:
        """Replaces livereload's: the same websocket and script, guarded; no /forcereload."""
        LiveReloadHandler.watcher = self.watcher
        LiveReloadHandler.live_css = live_css
        hosts = OwnHosts(host, port)
        pages = _WithReloadScript(self.app)
        app = web.Application(
            [
                (r"/livereload", _LiveReload, {"hosts": hosts}),
                (r"/livereload\.js", _LiveReloadScript, {"hosts": hosts}),
                (r".*", _Pages, {"fallback": pages, "hosts": hosts}),
            ]
        )
        app.listen(port, address=host)
