"""Rendered HTML pages → the Pagefind search bundle (pagefind/…), as more RenderedFiles.

Pagefind (the `pagefind[bin]` package ships its binary) reads the pages from a scratch folder and
writes the bundle there; the files then go through `write` like every other file, so the
whole-site swap and the unchanged-file reuse apply to them too.
"""

from __future__ import annotations

import hashlib
import os
import shutil
import subprocess
import tempfile
from collections.abc import Sequence
from pathlib import Path

from .model import RenderedFile
from .problems import Problem, warning

BUNDLE = "pagefind"
NO_BINARY_HINT = (
    "install it with: python3 -m pip install 'pagefind[bin]' (or build with --no-search)"
)


def pagefind_binary() -> Path | None:
    """The Pagefind program: PAGEFIND_BINARY_PATH if set (as the pagefind package itself
    honours), else the one the pagefind_bin package ships."""
    configured = os.environ.get("PAGEFIND_BINARY_PATH")
    if configured is not None:
        return Path(configured) if Path(configured).is_file() else None
    try:
        from pagefind_bin import get_executable
    except ImportError:
        return None
    try:
        path = Path(get_executable())
    except (OSError, RuntimeError, ValueError):
        return None
    return path if path.is_file() else None


def _key(binary: Path, pages: Sequence[RenderedFile]) -> str:
    """Changes when any indexed page or the Pagefind program changes."""
    h = hashlib.sha256(str(binary.stat().st_size).encode())
    for page in sorted(pages, key=lambda p: p.path):
        h.update(page.path.encode() + b"\0" + hashlib.sha256(page.data).digest())
    return h.hexdigest()


def _read_bundle(folder: Path, prefix: str = "") -> tuple[RenderedFile, ...]:
    return tuple(
        RenderedFile(prefix + path.relative_to(folder).as_posix(), path.read_bytes())
        for path in sorted(folder.rglob("*"))
        if path.is_file()
    )


def build_search_index(
    pages: Sequence[RenderedFile], cache_dir: Path | None = None
) -> tuple[tuple[RenderedFile, ...], tuple[Problem, ...]]:
    """The search bundle for these pages, or no files and a warning saying why search is off.

    Pagefind's output is not byte-stable between runs (it orders filter values as a hash map
    iterates), so the bundle for a given set of pages is kept in the cache and reused: the same
    content then gives the same files, and unchanged sites skip indexing altogether.
    """
    binary = pagefind_binary()
    if binary is None:
        return (), (
            warning(
                "search", None, "search is off: the Pagefind program is missing", NO_BINARY_HINT
            ),
        )
    indexed = [p for p in pages if p.path.endswith(".html") and p.path != "404.html"]
    cached = cache_dir / _key(binary, indexed) if cache_dir else None
    if cached is not None and (cached / "complete").is_file():
        return _read_bundle(cached / BUNDLE, BUNDLE + "/"), ()
    with tempfile.TemporaryDirectory(prefix="teladan-search-") as tmp:
        site = Path(tmp)
        for page in indexed:
            target = site / page.path
            target.parent.mkdir(parents=True, exist_ok=True)
            target.write_bytes(page.data)
        try:
            subprocess.run(
                [str(binary), "--site", str(site), "--output-subdir", BUNDLE, "--quiet"],
                check=True,
                capture_output=True,
                timeout=600,
            )
        except (OSError, subprocess.SubprocessError) as exc:
            detail = getattr(exc, "stderr", b"") or b""
            reason = detail.decode("utf-8", "replace").strip().splitlines()[-1:] or [str(exc)]
            return (), (
                warning(
                    "search", None, f"search is off: Pagefind failed ({reason[0]})", NO_BINARY_HINT
                ),
            )
        files = _read_bundle(site / BUNDLE, BUNDLE + "/")
        if cached is not None:
            _store(site / BUNDLE, cached)
    return files, ()


def _store(bundle: Path, cached: Path) -> None:
    """Keep one bundle (the newest) in the cache; a failure only costs the next build time."""
    try:
        if cached.parent.is_dir():
            shutil.rmtree(cached.parent)
        shutil.copytree(bundle, cached / BUNDLE)
        (cached / "complete").write_text("")  # written last: a killed copy is never reused
    except OSError:
        shutil.rmtree(cached, ignore_errors=True)
