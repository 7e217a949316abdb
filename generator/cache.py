"""Memo tables kept between builds in .teladan-cache/ (beside content/, safe to delete).

Two things are remembered: each content file's validated record (keyed by the file's bytes, the
categories, the date and the generator's own code), and, per output folder, a digest of every
input of the last successful build, so a build with nothing changed can stop at once. Stages
know nothing of this; `build` asks and tells.
"""

from __future__ import annotations

import hashlib
import os
import pickle
import tempfile
from dataclasses import dataclass, field
from pathlib import Path, PurePosixPath
from typing import Any

from .problems import Problem

MEMO_FILE = "build-memo.pickle"


def code_digest() -> str:
    """Changes with any change to the generator's code or shipped data (new fields, new checks)."""
    h = hashlib.blake2b(digest_size=16)
    package = Path(__file__).parent
    for path in sorted([*package.glob("*.py"), *package.glob("data/*.yaml")]):
        h.update(path.name.encode() + path.read_bytes())
    return h.hexdigest()


@dataclass
class RecordEntry:
    digest: str  # of the file's bytes and everything its validation depends on
    record: Any  # the validated model object, or None
    problems: tuple[Problem, ...]


@dataclass
class BuildMemo:
    """What the previous builds learnt. Mutable, private to one build, saved at its end."""

    code: str = ""
    records: dict[str, RecordEntry] = field(default_factory=dict)
    # output folder → (digest of all inputs, the summary to report again when nothing changed)
    outputs: dict[str, tuple[str, Any]] = field(default_factory=dict)


def load_memo(folder: Path) -> BuildMemo:
    code = code_digest()
    try:
        with (folder / MEMO_FILE).open("rb") as f:
            memo = pickle.load(f)
    except (OSError, pickle.UnpicklingError, EOFError, AttributeError, ImportError, TypeError):
        return BuildMemo(code)
    if not isinstance(memo, BuildMemo) or memo.code != code:
        return BuildMemo(code)  # another version of teladan made it: start afresh
    return memo


def save_memo(folder: Path, memo: BuildMemo) -> None:
    """Write atomically; a memo that cannot be saved only makes the next build slower."""
    try:
        folder.mkdir(parents=True, exist_ok=True)
        fd, temp = tempfile.mkstemp(dir=folder, prefix=".memo-")
        with os.fdopen(fd, "wb") as f:
            pickle.dump(memo, f, protocol=pickle.HIGHEST_PROTOCOL)
        os.replace(temp, folder / MEMO_FILE)
    except OSError:
        pass


def photo_signature(content_dir: Path, rel: str, data: bytes) -> bytes:
    """What a profile's validation reads besides its own file: the photo it names, if any."""
    for line in data.splitlines():
        if line.startswith(b"photo:"):
            name = line[6:].split(b"#")[0].strip().strip(b"\"'").decode("utf-8", "replace")
            photo = content_dir / PurePosixPath(rel).parent / name
            try:
                stat = photo.stat()
            except OSError:
                return b"missing:" + name.encode()
            return f"{name}:{stat.st_size}:{stat.st_mtime_ns}".encode()
    return b""


def tree_signature(h: Any, folder: Path) -> None:
    """Feed every file's path, size and modification time below `folder` into a hash."""
    if not folder.is_dir():
        return
    for dirpath, dirnames, filenames in os.walk(folder):
        dirnames.sort()
        for name in sorted(filenames):
            path = os.path.join(dirpath, name)
            try:
                stat = os.stat(path)
            except OSError:
                continue
            h.update(
                f"{os.path.relpath(path, folder)}:{stat.st_size}:{stat.st_mtime_ns}\0".encode()
            )
