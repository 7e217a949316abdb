"""Work in other processes, the build lock and hard links → typed results, with the portable
fallback each needs: no fork (Windows, macOS), no hard links (FAT, exFAT, network shares, another
drive), no flock (Windows, some network shares).

Every process this module starts dies with the build that started it, except the detached save
(`run_detached`), which holds the build lock on until it is done; no other process ever holds
the lock, so a build waits only for a build or a save that is still running.
"""

from __future__ import annotations

import contextlib
import os
import pickle
import shutil
import signal
import sys
import time
from collections.abc import Callable, Iterator
from dataclasses import dataclass
from pathlib import Path
from typing import TYPE_CHECKING, Any, Generic, Literal, TypeVar

if TYPE_CHECKING:
    from concurrent.futures import ProcessPoolExecutor

T = TypeVar("T")

# ---------------------------------------------------------------------------------- processes


def process_alive(pid: int) -> bool:
    """Whether process `pid` is running; True when that cannot be known (what it may own is
    then left alone). Not `os.kill(pid, 0)` on Windows: signal 0 is CTRL_C_EVENT there."""
    if pid <= 0:
        return False
    if sys.platform == "win32":
        from .winapi import windows_process_alive

        return windows_process_alive(pid)
    try:
        os.kill(pid, 0)
    except ProcessLookupError:
        return False
    except OSError:  # (EPERM: another user's process)
        return True
    return True


def can_fork() -> bool:
    """Whether this process may fork: only on Linux (Windows cannot; on macOS a process that has
    loaded system frameworks is unsafe to fork), and only while it runs no other thread (the
    child would inherit locks those threads hold; Python 3.12+ warns about it). The preview
    server runs threads; a build's own (see write.Staging) are joined before it forks."""
    import threading

    linux = sys.platform.startswith("linux") and hasattr(os, "fork")
    if not linux or threading.active_count() > 1:
        return False
    # A thread just joined may still be ending, in the kernel's count of the process's threads
    # (which Python's warning reads; threads started by C libraries count too): a moment.
    for _ in range(100):
        try:
            if len(os.listdir("/proc/self/task")) == 1:
                return True
        except OSError:
            return True
        time.sleep(0.001)
    return False


def _die_with_parent(parent: int) -> None:
    """In a forked process: be killed when `parent` ends, however it ends (kill -9 included),
    so no process of a killed build lives on."""
    with contextlib.suppress(OSError, AttributeError):
        import ctypes

        libc = ctypes.CDLL(None, use_errno=True)
        libc.prctl(1, signal.SIGKILL)  # PR_SET_PDEATHSIG
    if os.getppid() != parent:  # it ended before that was in place
        os._exit(1)


class Forked(Generic[T]):
    """Work running in a forked process (see `in_child`). Calling this waits for what the work
    returned (None if it failed, or returned something else than a `kind`); `cancel` stops it
    instead, when that is no longer needed. Either may be called again."""

    def __init__(self, pid: int | None, result: Path, kind: type[T]) -> None:
        self._pid, self._result, self._kind = pid, result, kind
        self._finished: list[T | None] = []

    def __call__(self) -> T | None:
        if self._pid is None:
            return None
        if not self._finished:
            try:
                _, status = os.waitpid(self._pid, 0)
                done = os.waitstatus_to_exitcode(status) == 0
            except ChildProcessError:  # reaped by someone else (SIGCHLD ignored)
                done = False
            except BaseException:  # interrupted while waiting: the child goes with the build
                self.cancel()
                raise
            _running.discard(self._pid)  # (its number may now be another process's)
            found = _unpickled(self._result) if done else None
            self._finished.append(found if isinstance(found, self._kind) else None)
        return self._finished[0]

    def cancel(self) -> None:
        if self._pid is not None and not self._finished:
            self._finished.append(None)
            with contextlib.suppress(OSError):
                os.kill(self._pid, signal.SIGKILL)
                os.waitpid(self._pid, 0)
            _running.discard(self._pid)
            with contextlib.suppress(OSError):
                self._result.unlink()


def in_child(
    work: Callable[[], T | None],
    result: Path,
    kind: type[T] = object,  # type: ignore[assignment]
) -> Forked[T]:
    """Run `work` in a forked process that leaves what it returns, a `kind`, pickled in
    `result`, and dies with this one. Where this process may not fork (see `can_fork`), or if
    it fails, nothing runs (and the result is None): the caller does the work itself."""
    if not can_fork():
        return Forked(None, result, kind)
    try:
        result.parent.mkdir(parents=True, exist_ok=True)
    except OSError:  # nowhere to leave the result
        return Forked(None, result, kind)
    with contextlib.suppress(OSError):
        result.unlink()
    parent = os.getpid()

    def child() -> int:
        _die_with_parent(parent)
        made = work()
        if made is None:
            return 1
        result.write_bytes(pickle.dumps(made, protocol=pickle.HIGHEST_PROTOCOL))
        return 0

    return Forked(_fork(child, _running), result, kind)


def run_detached(work: Callable[[], object]) -> bool:
    """Start `work` in a forked process that may outlive this one, in a session of its own (a
    hang-up or a Ctrl-C sent to the terminal does not reach it), with its standard streams on
    the null device (whoever reads this process's output is not kept waiting for it). It holds
    on the build locks this process holds, until it ends. Nobody waits for it: a process that
    ends soon after (the command line) leaves it to the system. False if it could not be
    started (see `can_fork`): the caller does the work itself."""
    if not can_fork():
        return False

    def detached() -> int:
        os.setsid()
        nowhere = os.open(os.devnull, os.O_RDWR)
        for stream in (0, 1, 2):
            os.dup2(nowhere, stream)
        work()
        return 0

    # (not forked twice, which spares a long-running caller the finished process, but made the
    # command wait 25 ms for the process in between to end)
    _locks.handing_over = True
    try:
        pid = _fork(detached)
    finally:
        _locks.handing_over = False
    if pid is not None:
        _locks.record_holder(pid)
    return pid is not None


# The children of `in_child` not waited for yet, recorded while Ctrl-C is held off: a build
# stopped between a fork and its Forked being kept ends them with `end_children`.
_running: set[int] = set()


def end_children() -> None:
    """End and wait for every child `in_child` started that nobody waited for."""
    for pid in sorted(_running):
        _running.discard(pid)
        with contextlib.suppress(OSError):  # (ChildProcessError: not ours any more, left be)
            if os.waitpid(pid, os.WNOHANG) == (0, 0):  # still running
                os.kill(pid, signal.SIGKILL)
                os.waitpid(pid, 0)


def _fork(work: Callable[[], int], running: set[int] | None = None) -> int | None:
    """Run `work` in a forked process that ends with the code it returns (1 if it raises),
    without Python's clean-up; the process id (added to `running`), or None."""
    # Ctrl-C stops the build, not the child: the child must never run the build's Python code
    # (an interrupt would unwind it through the parent's stack), so it starts with SIGINT blocked.
    mask = signal.pthread_sigmask(signal.SIG_BLOCK, {signal.SIGINT})
    try:
        pid = os.fork()
    except OSError:  # no process to spare (a pids limit, memory)
        signal.pthread_sigmask(signal.SIG_SETMASK, mask)
        return None
    if pid == 0:  # the child: its work, then leave
        code = 1
        try:
            code = work()
        finally:
            os._exit(code)
    if running is not None:
        running.add(pid)
    signal.pthread_sigmask(signal.SIG_SETMASK, mask)
    return pid


def _unpickled(result: Path) -> object:
    """What `in_child`'s child left in `result` (the file is removed)."""
    try:
        made = pickle.loads(result.read_bytes())
        result.unlink()
    except (OSError, pickle.UnpicklingError, EOFError):
        return None
    return made


def worker_pool(
    workers: int,
    initializer: Callable[..., object] | None = None,
    initargs: tuple[Any, ...] = (),
    portable: bool = False,
) -> ProcessPoolExecutor | None:
    """A process pool whose workers die with this process, or None: the caller then works in
    this process. Forked where this process may fork (the workers share its objects without
    pickling them); else, if `portable` (the work, its arguments and results pickle), started
    afresh ("spawn": the one start method every system has). Never the default start method,
    which differs by system and Python version (forkserver on Linux from 3.14)."""
    if workers < 2:
        return None
    import multiprocessing  # (20 ms to import, with the pool: only big sites need them)
    from concurrent.futures import ProcessPoolExecutor

    if can_fork():
        method = "fork"
    elif portable:
        method = "spawn"
    else:
        return None

    class Pool(ProcessPoolExecutor):
        """Ctrl-C in a terminal reaches every process of the command: the workers leave it to
        this process (each printed a traceback, and one interrupted between two tasks left the
        pool waiting for it forever), which cancels the tasks not yet started and does not wait
        for the pool: an interrupt in the middle of handing it a task can leave its managing
        thread waiting forever (seen once in 40 runs). The workers die with the process."""

        def __exit__(self, kind: type[BaseException] | None, *rest: Any) -> bool | None:
            if kind is KeyboardInterrupt:
                self.shutdown(wait=False, cancel_futures=True)
                return None
            return super().__exit__(kind, *rest)

    return Pool(
        workers,
        multiprocessing.get_context(method),
        _start_worker,
        (os.getpid(), initializer, initargs),
    )


def _start_worker(
    parent: int, initializer: Callable[..., object] | None, initargs: tuple[Any, ...]
) -> None:
    signal.signal(signal.SIGINT, signal.SIG_IGN)  # (see `worker_pool`)
    if sys.platform.startswith("linux"):
        _die_with_parent(parent)
    if initializer is not None:
        initializer(*initargs)


# ---------------------------------------------------------------------------------- the lock

LOCK_FILE = "lock"
# How often a waiting build looks at the lock again, and how long the process named in it must
# have been gone before the lock counts as left behind (a build writes its number in right
# after taking the lock).
POLL_SECONDS = 0.01
GONE_SECONDS = 0.5


class _Locks:
    """The build locks this process holds (their file descriptors); a forked child closes them
    (see `_close_in_child`), except the detached save, which holds them on."""

    def __init__(self) -> None:
        self.held: set[int] = set()
        self.handing_over = False

    def record_holder(self, pid: int) -> None:
        for fd in self.held:
            _write_pid(fd, pid)

    def close_in_child(self) -> None:
        if not self.handing_over:
            for fd in self.held:
                with contextlib.suppress(OSError):
                    os.close(fd)
        self.held.clear()


_locks = _Locks()


def _after_fork_in_child() -> None:
    # flock belongs to the open file, which a forked process shares: a render worker that lived
    # on after a killed build would otherwise hold every later build waiting.
    _locks.close_in_child()
    # Ctrl-C is the build's to handle: a pool's worker that got it while still starting, before
    # its initializer ran, printed a traceback (seen in CI).
    with contextlib.suppress(ValueError):
        signal.signal(signal.SIGINT, signal.SIG_IGN)


if hasattr(os, "register_at_fork"):
    os.register_at_fork(after_in_child=_after_fork_in_child)


def _write_pid(fd: int, pid: int) -> None:
    with contextlib.suppress(OSError):
        os.ftruncate(fd, 0)
        os.pwrite(fd, str(pid).encode(), 0)


def _read_pid(path: Path) -> int | None:
    try:
        text = path.read_text("ascii").strip()
    except (OSError, ValueError):
        return None
    return int(text) if text.isdigit() else None


@dataclass(frozen=True, slots=True)
class BuildLock:
    """The build lock of `cache`, held by this process: only `hold_build_lock` makes one, so a
    function given one runs under the lock."""

    cache: Path
    detachable: bool  # a detached process may hold it on (see `run_detached`)


@contextlib.contextmanager
def build_lock(cache: Path, waiting: Callable[[], object] = lambda: None) -> Iterator[bool]:
    """`hold_build_lock`, giving only whether a detached process may hold it on."""
    with hold_build_lock(cache, waiting) as lock:
        yield lock.detachable


@contextlib.contextmanager
def hold_build_lock(
    cache: Path, waiting: Callable[[], object] = lambda: None
) -> Iterator[BuildLock]:
    """Held by a build from its first look at the cache until its memo is saved, which may be
    by a process that outlives it (see `run_detached`): the next build waits for that, and two
    builds at once take turns (`waiting` is called first if it must wait). Gives the lock, which
    a detached process may hold on with flock (Linux, macOS). Without flock (Windows, some
    network drives) a lock file holding the build's process number does the same, but is not
    handed over: the build saves its memo itself. A lock whose holder has gone is not waited for.
    """
    try:
        cache.mkdir(parents=True, exist_ok=True)
    except OSError:  # a cache that cannot be written: nothing is saved in it either
        yield BuildLock(cache, False)
        return
    try:
        import fcntl
    except ImportError:
        fcntl = None  # type: ignore[assignment]
    if fcntl is None:
        with _pid_lock(cache / f"{LOCK_FILE}.pid", waiting):
            yield BuildLock(cache, False)
        return
    try:
        fd = os.open(cache / LOCK_FILE, os.O_RDWR | os.O_CREAT, 0o644)
    except OSError:
        yield BuildLock(cache, False)
        return
    try:
        state = _flock(fd, cache / LOCK_FILE, waiting)
        if state == "unsupported":
            with _pid_lock(cache / f"{LOCK_FILE}.pid", waiting):
                yield BuildLock(cache, False)
            return
        if state == "held":
            _locks.held.add(fd)
            _write_pid(fd, os.getpid())
        yield BuildLock(cache, state == "held")
    finally:
        _locks.held.discard(fd)
        os.close(fd)


LockState = Literal["held", "unsupported", "abandoned"]


def _flock(fd: int, path: Path, waiting: Callable[[], object]) -> LockState:
    """ "held", "unsupported" (no locks on this file system), or "abandoned": the process named
    in the lock file is gone, yet the lock is held (by processes a killed build of an older
    teladan left running): the build goes on without it rather than wait forever."""
    import fcntl

    announced = False
    holder = _Holder(path)
    while True:
        try:
            fcntl.flock(fd, fcntl.LOCK_EX | fcntl.LOCK_NB)
            return "held"
        except BlockingIOError:
            pass
        except OSError:
            return "unsupported"
        if not announced:
            waiting()
            announced = True
        if holder.gone():
            return "abandoned"
        time.sleep(POLL_SECONDS)


class _Holder:
    """The process named in a lock file, watched while waiting for the lock: a process number
    is read again at each look, as a new holder writes its own."""

    def __init__(self, path: Path) -> None:
        self.path = path
        self.gone_since: float | None = None

    def gone(self) -> bool:
        """True once no live process has been named in the file for GONE_SECONDS on end."""
        pid = _read_pid(self.path)
        if pid is not None and process_alive(pid):
            self.gone_since = None
        elif self.gone_since is None:
            self.gone_since = time.monotonic()
        elif time.monotonic() - self.gone_since >= GONE_SECONDS:
            self.gone_since = None
            return True
        return False


@contextlib.contextmanager
def _pid_lock(path: Path, waiting: Callable[[], object]) -> Iterator[None]:
    """A lock that needs no locking calls: a file created only if absent, holding the process
    number of its holder; one whose holder has gone is removed. (Two builds that find the same
    left-behind file at the same instant could both go on; each saves its memo itself, so the
    worst is a slower next build.)"""
    announced, mine = False, False
    holder = _Holder(path)
    while not mine:
        try:
            fd = os.open(path, os.O_WRONLY | os.O_CREAT | os.O_EXCL, 0o644)
        except FileExistsError:
            if holder.gone():
                with contextlib.suppress(OSError):
                    path.unlink()
                continue
            if not announced:
                waiting()
                announced = True
            time.sleep(POLL_SECONDS)
            continue
        except OSError:  # a cache that cannot be written
            break
        with contextlib.suppress(OSError):
            os.write(fd, str(os.getpid()).encode())
        os.close(fd)
        mine = True
    try:
        yield
    finally:
        if mine and _read_pid(path) == os.getpid():
            with contextlib.suppress(OSError):
                path.unlink()


# ---------------------------------------------------------------------------------- links


def link_or_copy(source: str | os.PathLike[str], target: str | os.PathLike[str]) -> None:
    """A hard link to `source` at `target` where the file system allows one, else a copy (with
    its modification time): another drive (EXDEV), FAT and exFAT (EPERM), network shares
    (EOPNOTSUPP), too many links to one file (EMLINK). Usable as shutil.copytree's
    copy_function."""
    try:
        os.link(source, target)
    except OSError:
        shutil.copy2(source, target)
