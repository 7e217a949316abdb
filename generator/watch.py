"""File-change events for `teladan serve`, from the operating system instead of polling.

livereload's own watcher (without the unmaintained pyinotify) walks every watched file every
0.8 s: on a site of thousands of profiles that is both a steady load and, on average, 0.4 s
added to every save. This watcher keeps livereload's interface but learns of changes from
watchdog (inotify, FSEvents, ReadDirectoryChangesW), and runs the tasks 50 ms after the last
event of a save (editors write a file in several steps). If watchdog cannot start (no more
inotify watches, say), livereload falls back to polling.
"""

from __future__ import annotations

import os
import threading
from collections.abc import Callable
from typing import Any

from livereload.watcher import Watcher
from tornado.ioloop import IOLoop
from watchdog.events import (
    EVENT_TYPE_CLOSED,
    EVENT_TYPE_CREATED,
    EVENT_TYPE_DELETED,
    EVENT_TYPE_MODIFIED,
    EVENT_TYPE_MOVED,
    DirDeletedEvent,
    DirMovedEvent,
    FileClosedEvent,
    FileCreatedEvent,
    FileDeletedEvent,
    FileModifiedEvent,
    FileMovedEvent,
    FileSystemEvent,
    FileSystemEventHandler,
)
from watchdog.observers import Observer

SETTLE_SECONDS = 0.05
STARTUP_SECONDS = 0.5
# Asked of the operating system: without a filter, every file the rebuild *reads* would come
# back as open and close events (thousands per save), keeping a thread busy in Python.
_WANTED = [
    FileClosedEvent,
    FileCreatedEvent,
    FileDeletedEvent,
    FileModifiedEvent,
    FileMovedEvent,
    DirDeletedEvent,
    DirMovedEvent,
]
_CHANGES = {
    EVENT_TYPE_CLOSED,
    EVENT_TYPE_CREATED,
    EVENT_TYPE_DELETED,
    EVENT_TYPE_MODIFIED,
    EVENT_TYPE_MOVED,
}


def _ignored(path: str) -> bool:
    """Editor and system scratch files: backups, swap files, lock files, hidden files."""
    name = os.path.basename(path)
    return name.startswith((".", "~", "#")) or name.endswith(("~", ".swp", ".tmp"))


def _catch_up(folder: str) -> str:
    """What stands for "anything in `folder`" in the pass after start-up."""
    return os.path.join(os.path.abspath(folder), "*")


class EventWatcher(Watcher):  # type: ignore[misc]  # livereload has no type hints
    """A livereload Watcher whose changes come from watchdog events."""

    def __init__(self) -> None:
        super().__init__()
        self._observer: Any = None
        self._changed: set[str] = set()  # paths changed since the tasks last ran
        self._lock = threading.Lock()
        self._pending = False
        # True while the tasks run for the pass after start-up only (no file named a change).
        self.catching_up = False

    def start(self, callback: Callable[[], None]) -> bool:
        """Called by livereload on its event loop; True means "no polling needed"."""
        loop = IOLoop.current()
        watcher = self

        class Handler(FileSystemEventHandler):
            def on_any_event(self, event: FileSystemEvent) -> None:
                # A save through a hidden temporary file (gedit, Sublime) is a move onto the
                # real name: what counts is where it ends up.
                paths = {os.fsdecode(event.src_path), os.fsdecode(event.dest_path or b"")}
                paths = {p for p in paths if p and not _ignored(p)}
                if event.event_type not in _CHANGES or not paths:
                    return
                with watcher._lock:
                    watcher._changed.update(paths)
                    if watcher._pending:
                        return
                    watcher._pending = True
                loop.add_callback(loop.call_later, SETTLE_SECONDS, callback)

        try:
            observer = Observer()
            for path in self._tasks:
                observer.schedule(Handler(), path, recursive=True, event_filter=_WANTED)
            observer.daemon = True
            observer.start()
        except OSError:
            return False
        self._observer = observer
        # The observer puts its watches in place in its own thread, a moment after the first
        # build: one more pass then catches a save made in between.
        with self._lock:
            self._changed.update(_catch_up(p) for p in self._tasks)
            self._pending = True
        loop.call_later(STARTUP_SECONDS, callback)
        return True

    def examine(self) -> tuple[str | None, float | None]:
        """Run the tasks if something changed; livereload then tells the pages to reload."""
        with self._lock:
            changed, self._changed, self._pending = self._changed, set(), False
        if not changed:
            if self._changes:  # livereload's own signal, queued when it starts
                return self._changes.pop()  # type: ignore[no-any-return]
            return None, None
        self.filepath = min(changed)
        self.catching_up = changed <= {_catch_up(p) for p in self._tasks}
        done: list[Callable[[], object]] = []  # content/ and themes/ share one rebuild
        delays, reload = [], False
        for path, item in self._tasks.items():
            inside = os.path.join(os.path.abspath(path), "")
            if not any(os.path.abspath(c).startswith(inside) for c in changed):
                continue
            if item["func"] and item["func"] not in done:
                # A task returning False changed nothing a page shows: no page is reloaded
                # (a reload would cut short what a reader's page is loading).
                reload |= item["func"]() is not False
                done.append(item["func"])
            if isinstance(item["delay"], float):
                delays.append(item["delay"])
        self.catching_up = False
        if not reload:
            return None, None
        return self.filepath, max(delays, default=None)

    def stop(self) -> None:
        if self._observer is not None:
            self._observer.stop()
            self._observer.join(timeout=5)
