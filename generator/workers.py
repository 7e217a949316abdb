"""The process pools of a build (checking files, encoding photos, rendering pages) and Ctrl-C.

Ctrl-C in a terminal interrupts every process of the command, the pool's workers included.
A worker that raised KeyboardInterrupt printed a traceback, and one interrupted between two
tasks left the pool waiting for it forever (measured: a build of 1,500 profiles interrupted
while checking files never ended). So workers ignore Ctrl-C and the parent, which gets it too,
stops the pool: the tasks not yet started are cancelled, those running end on their own.
"""

from __future__ import annotations

import contextlib
import signal
from collections.abc import Callable, Iterator
from concurrent.futures import ProcessPoolExecutor
from multiprocessing.context import BaseContext
from typing import Any


def _start_worker(initializer: Callable[..., object] | None, initargs: tuple[Any, ...]) -> None:
    signal.signal(signal.SIGINT, signal.SIG_IGN)
    if initializer is not None:
        initializer(*initargs)


@contextlib.contextmanager
def process_pool(
    max_workers: int | None = None,
    mp_context: BaseContext | None = None,
    initializer: Callable[..., object] | None = None,
    initargs: tuple[Any, ...] = (),
) -> Iterator[ProcessPoolExecutor]:
    """A ProcessPoolExecutor whose workers leave Ctrl-C to the parent (see above)."""
    pool = ProcessPoolExecutor(max_workers, mp_context, _start_worker, (initializer, initargs))
    try:
        yield pool
    except KeyboardInterrupt:
        pool.shutdown(wait=False, cancel_futures=True)
        raise
    finally:
        pool.shutdown(wait=True)
