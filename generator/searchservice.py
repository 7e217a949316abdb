"""One search part: pages' HTML → a Pagefind bundle in a folder, through `pagefind --service`.

The service is the program the `pagefind` Python package drives (its PagefindIndex): requests
are base64-encoded JSON, each followed by a comma, on the program's stdin; the answers come
back the same way on its stdout. The package itself is not used: it waits 0.1 s between two
answers it reads, which is 25 s for a part of 250 pages; here every page is sent at once by one
thread while the answers are read as they come.

One process per part: its memory (about 200 KB a page) is given back as soon as the part is
written, so a build holds at most a part's worth per worker, whatever the size of the site.
"""

from __future__ import annotations

import base64
import contextlib
import json
import subprocess
import threading
from collections.abc import Iterable, Iterator
from pathlib import Path
from typing import Any


class PagefindFailed(Exception):
    """Pagefind stopped or answered with an error; the message says what it said."""


def _request(number: int, payload: dict[str, Any]) -> bytes:
    message = {"message_id": number, "payload": payload}
    return base64.b64encode(json.dumps(message).encode("utf-8")) + b","


def _answers(stream: Any) -> Iterator[dict[str, Any]]:
    pending = b""
    while chunk := stream.read1(1 << 16):
        pending += chunk
        *done, pending = pending.split(b",")
        for item in done:
            yield json.loads(base64.b64decode(item))
    raise PagefindFailed("Pagefind stopped before it had answered")


def _expect(answers: Iterator[dict[str, Any]], count: int) -> list[dict[str, Any]]:
    """The next `count` answers' payloads; the first error among them raised."""
    payloads = [next(answers)["payload"] for _ in range(count)]
    for payload in payloads:
        if payload.get("type") == "Error":
            raise PagefindFailed(str(payload.get("message", "an error")))
    return payloads


def index_part(binary: Path, pages: Iterable[tuple[str, str]], output: Path) -> None:
    """Index the pages (URL relative to the site, HTML) into a bundle written to `output`.
    Each page is indexed in the language of its `<html lang>`, as Pagefind's own command does."""
    process = subprocess.Popen(
        [str(binary), "--service"],
        stdin=subprocess.PIPE,
        stdout=subprocess.PIPE,
        stderr=subprocess.DEVNULL,
    )
    assert process.stdin is not None and process.stdout is not None
    sent = [0]
    failed: list[BaseException] = []

    def send(payload: dict[str, Any]) -> None:
        assert process.stdin is not None
        sent[0] += 1
        process.stdin.write(_request(sent[0], payload))

    def feed(index_id: int) -> None:
        """All pages, then the write (in another thread: the answers fill the other pipe)."""
        assert process.stdin is not None
        try:
            for url, html in pages:
                send({"type": "AddFile", "index_id": index_id, "url": url, "file_contents": html})
            send({"type": "WriteFiles", "index_id": index_id, "output_path": str(output)})
            process.stdin.flush()  # (not closed: the service stops at once when it is)
        except (OSError, ValueError) as exc:  # the program stopped: the reader says so
            failed.append(exc)

    try:
        answers = _answers(process.stdout)
        send({"type": "NewIndex", "config": None})
        process.stdin.flush()
        index_id = _expect(answers, 1)[0]["index_id"]
        feeder = threading.Thread(target=feed, args=(index_id,))
        feeder.start()
        try:
            while True:  # every page's answer, then the write's
                if _expect(answers, 1)[0].get("type") == "WriteFiles":
                    break
        except BaseException:
            process.kill()  # (the feeder may be waiting for room in the pipe)
            raise
        finally:
            feeder.join()
    except (OSError, ValueError, KeyError, StopIteration) as exc:
        raise PagefindFailed(str(exc) or type(exc).__name__) from exc
    finally:
        process.kill()
        process.wait()
        for pipe in (process.stdin, process.stdout):
            with contextlib.suppress(OSError):
                pipe.close()
