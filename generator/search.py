"""The staged site's HTML pages → the Pagefind search bundle in its pagefind/ folder.

Pagefind (the `pagefind[bin]` package ships its binary) runs on the staging folder just before
the swap (see `write.write_site`'s `finish`), so a failed or killed build never publishes a
half-made index, and unchanged bundle files keep their modification time.
"""

from __future__ import annotations

import hashlib
import os
import pickle
import shutil
from collections.abc import Sequence
from pathlib import Path

from .listing import list_files
from .problems import Problem, warning
from .processes import link_or_copy

BUNDLE = "pagefind"
# Only pages with a data-pagefind-body are indexed: profiles, press releases and free pages.
# Naming them spares Pagefind from parsing every paginated list.
# The same pages of each further edition are in its folder (en/pilar/*/, en/tentang/).
INDEXED = (
    "{pilar/*/index.html,berita/*/index.html,*/index.html,"
    "*/pilar/*/index.html,*/berita/*/index.html,*/*/index.html}"
)
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


def _key(binary: Path, pages: Sequence[tuple[str, str]]) -> str:
    """Changes when any indexed page or the Pagefind program changes."""
    h = hashlib.sha256(str(binary.stat().st_size).encode())
    for path, digest in sorted(pages):
        h.update(f"{path}\0{digest}\n".encode())
    return h.hexdigest()


def _files_below(folder: Path) -> list[Path]:
    return sorted(p for p in folder.rglob("*") if p.is_file())


def build_search_index(
    site: Path, pages: Sequence[tuple[str, str]], cache_dir: Path | None = None
) -> tuple[tuple[str, ...], tuple[Problem, ...]]:
    """Write the search bundle into site/pagefind for the given pages (path, content digest);
    returns the paths it wrote, or none and a warning saying why search is off.

    Pagefind's output is not byte-stable between runs (it orders filter values as a hash map
    iterates), so the bundle for a given set of pages is kept in the cache and reused: the same
    content then gives the same files, and an unchanged site skips indexing altogether.
    """
    binary = pagefind_binary()
    if binary is None:
        return (), (
            warning(
                "search", None, "search is off: the Pagefind program is missing", NO_BINARY_HINT
            ),
        )
    indexed = [
        (path, digest) for path, digest in pages if path.endswith(".html") and path != "404.html"
    ]
    cached = cache_dir / _key(binary, indexed) if cache_dir else None
    bundle = site / BUNDLE
    if cached is not None and _intact(cached):
        # (linked where the drive allows: the cache may be on another drive, or on FAT)
        shutil.copytree(cached / BUNDLE, bundle, copy_function=link_or_copy)
    else:
        import subprocess  # (8 ms to import: only builds that index need it)

        try:
            subprocess.run(
                [
                    str(binary),
                    *("--site", str(site), "--output-subdir", BUNDLE, "--glob", INDEXED),
                    "--quiet",
                ],
                check=True,
                capture_output=True,
                timeout=1800,
            )
        except (OSError, subprocess.SubprocessError) as exc:
            shutil.rmtree(bundle, ignore_errors=True)
            detail = getattr(exc, "stderr", b"") or b""
            reason = detail.decode("utf-8", "replace").strip().splitlines()[-1:] or [str(exc)]
            return (), (
                warning(
                    "search", None, f"search is off: Pagefind failed ({reason[0]})", NO_BINARY_HINT
                ),
            )
        if cached is not None:
            _store(bundle, cached)
    return tuple(p.relative_to(site).as_posix() for p in _files_below(bundle)), ()


def _store(bundle: Path, cached: Path) -> None:
    """Keep one bundle (the newest) in the cache; a failure only costs the next build time."""
    try:
        if cached.parent.is_dir():
            shutil.rmtree(cached.parent)
        shutil.copytree(bundle, cached / BUNDLE)
        # Written last, so a killed copy is never reused; with every file's size, inode and
        # time, see `_intact`.
        files = pickle.dumps(list_files(cached / BUNDLE), protocol=pickle.HIGHEST_PROTOCOL)
        (cached / "complete").write_bytes(files)
    except OSError:
        shutil.rmtree(cached, ignore_errors=True)


def _intact(cached: Path) -> bool:
    """Whether a kept bundle is complete and every file of it as it was kept. A reused bundle
    is linked into the site, so its files are the site's until a build replaces them: one
    edited there in place (an editor, a deploy tool) changes here as well, and must not reach
    the next sites."""
    try:
        kept = pickle.loads((cached / "complete").read_bytes())
    except (OSError, pickle.UnpicklingError, EOFError, ValueError, TypeError):
        return False
    return isinstance(kept, dict) and kept == list_files(cached / BUNDLE)
