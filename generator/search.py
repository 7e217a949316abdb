"""The staged site's HTML pages → the Pagefind search bundle in its pagefind/ folder.

The index is made of parts that change independently: each language's searched pages are
shared out among as few parts as keep one under PART_SIZE pages, by a hash of each page's path
(so a page stays in its part until the site grows past a multiple of PART_SIZE). The search page
loads the first part of its language and merges the others in the browser (Pagefind's
mergeIndex), as pagefind/parts.json lists them. Few parts matter to a reader: every part costs
each search its own requests (entry, metadata, filters, and an index chunk per word). Each part
is kept in the cache under the digest of the pages it indexes, so an edited profile re-indexes
its own part, and an unchanged one none; and each part is indexed by a Pagefind process of its
own (one a core, four at most), so memory stays bounded by a part, not the site. A small site
(the sample) has one part a language, as one index would.

The bundle is put together in the staging folder just before the swap (see
`write.write_site`'s `finish`), so a failed or killed build never publishes a half-made index.
"""

from __future__ import annotations

import contextlib
import hashlib
import json
import math
import os
import re
import shutil
from collections import defaultdict
from collections.abc import Mapping, Sequence, Set
from concurrent.futures import ThreadPoolExecutor
from dataclasses import dataclass
from pathlib import Path

from .cache import UNREADABLE, Batched, dump_pickle, load_batched
from .listing import (
    FileStat,
    file_stat,
    folders_of,
    list_files,
    same_file_times,
    seal,
    sealed_files,
)
from .problems import Problem, warning
from .processes import link_or_copy
from .searchpart import INDEX_CHUNK, PagefindFailed, index_part

BUNDLE = "pagefind"
PARTS_FILE = "parts.json"  # in the bundle: each language's parts, its first one the main
# Pages at most in one part. Larger parts mean fewer requests and bytes for a reader's search,
# but a longer edit (Pagefind indexes the edited page's whole part: about 1.5 ms a page): 350
# keeps an edit at 4,000 profiles within 1.5 s, where 500 did not quite; see benchmarks/README.md.
PART_SIZE = 350
# Pagefind processes at a time, each on a core of its own and with a part's memory (up to about
# 100 MB): as the render workers, one a core, but four at most.
WORKERS = max(1, min(4, os.cpu_count() or 1))
NO_BINARY_HINT = (
    "install it with: python3 -m pip install 'pagefind[bin]' (or build with --no-search)"
)
# What a part keeps of Pagefind's output: the index itself, the program the search page loads
# (pagefind.js, at the top of the bundle), and what the first part of each language needs
# beside its index to start searching (the web worker and the WebAssembly). Pagefind's own
# ready-made interfaces are not used by the theme.
_INDEX = re.compile(r"pagefind-entry\.json|.*\.pf_meta|(index|filter|fragment)/.*")
_STARTER = re.compile(r"pagefind-worker\.js|wasm\..*\.pagefind")
_PROGRAM = "pagefind.js"
_LANG = re.compile(rb"<html[^>]*?\slang=\"([^\"]+)\"", re.IGNORECASE)
_BODY = b"data-pagefind-body"


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


# Of each page: its content digest, its language, and whether it is searched.
Described = tuple[str, str, bool]


@dataclass(frozen=True, slots=True)
class Part:
    name: str  # its folder in the bundle: language/number
    pages: tuple[tuple[str, str], ...]  # (path, digest), sorted
    key: str  # digest of the pages, the Pagefind program and its chunks: its folder in the cache


@dataclass(frozen=True, slots=True)
class Listed:
    """The live site a build will replace, as it listed it: its folder, and its files by path;
    and the staging folder's files, if it was listed at the build's start (a reused spare)."""

    live: Path
    live_files: Mapping[str, FileStat]
    staged_files: Mapping[str, FileStat] | None = None


def describe(html: bytes) -> tuple[str, bool]:
    """A page's language (its `<html lang>`, as Pagefind reads it) and whether it is searched
    (it has a data-pagefind-body)."""
    head = _LANG.search(html, 0, 4096)
    lang = head.group(1).decode("ascii", "replace").lower() if head else "unknown"
    return lang, _BODY in html


def plan_parts(binary: Path, pages: Mapping[str, Described]) -> list[Part]:
    """The parts, sorted by name: each language's searched pages in as few parts as keep each
    under PART_SIZE pages, shared out by a hash of each page's path, so that a page stays in
    its part while the number of parts is the same."""
    languages: dict[str, list[tuple[str, str]]] = defaultdict(list)
    for path, (digest, lang, searched) in pages.items():
        if searched:
            languages[lang].append((path, digest))
    version = f"{binary.stat().st_size} {INDEX_CHUNK}".encode()
    parts = []
    for lang, members in languages.items():
        count = math.ceil(len(members) / PART_SIZE)
        split: dict[str, list[tuple[str, str]]] = defaultdict(list)
        for path, digest in members:
            share = int(hashlib.blake2b(path.encode(), digest_size=4).hexdigest(), 16) % count
            split[f"{lang}/{share + 1}"].append((path, digest))
        for name, chosen in split.items():
            chosen.sort()
            h = hashlib.sha256(version + b"\0" + name.encode())
            for path, digest in chosen:
                h.update(f"{path}\0{digest}\n".encode())
            parts.append(Part(name, tuple(chosen), h.hexdigest()))
    return sorted(parts, key=lambda p: (p.name.partition("/")[0], int(p.name.partition("/")[2])))


def build_search_index(
    site: Path,
    pages: Sequence[tuple[str, str]],
    cache_dir: Path | None = None,
    listed: Listed | None = None,
) -> tuple[dict[str, FileStat], tuple[Problem, ...]]:
    """Write the search bundle into site/pagefind for the given pages (path, content digest);
    returns the paths it wrote with their FileStat, or none and a warning saying why search is
    off. `listed`: the live site the bundle will replace, see `_date_as_live`.

    Pagefind's output is not byte-stable between runs (it orders filter values as a hash map
    iterates), so each part is kept in the cache and reused: the same pages then give the same
    files, and an unchanged part is not indexed again.
    """
    binary = pagefind_binary()
    if binary is None:
        return {}, (
            warning(
                "search", None, "search is off: the Pagefind program is missing", NO_BINARY_HINT
            ),
        )
    store = cache_dir / "parts" if cache_dir else site / f".{BUNDLE}-parts"
    bundle = site / BUNDLE
    try:
        described = _described(site, pages, cache_dir)
        parts = plan_parts(binary, described)
        kept = {p.key: files for p in parts if (files := sealed_files(store / p.key)) is not None}
        fresh = [p for p in parts if p.key not in kept]
        _index_parts(binary, site, store, fresh, len(described))
        for part in fresh:
            kept[part.key] = list_files(store / part.key)
        if listed is not None:
            for part in parts:
                kept[part.key] = _date_as_live(store / part.key, part, kept[part.key], listed)
        # (the parts' listings go as soon as the bundle is made: at 100,000 profiles each of
        # these holds 137,000 files, and the search step was a build's peak of memory)
        staged = listed.staged_files if listed is not None else None
        written = _assemble(bundle, store, parts, kept, {p.key for p in fresh}, staged)
        del kept
    except (OSError, PagefindFailed) as exc:
        shutil.rmtree(bundle, ignore_errors=True)
        reason = str(exc).strip().splitlines()[-1:] or [type(exc).__name__]
        return {}, (
            warning(
                "search", None, f"search is off: Pagefind failed ({reason[0]})", NO_BINARY_HINT
            ),
        )
    finally:
        if cache_dir is None:
            shutil.rmtree(store, ignore_errors=True)
    if cache_dir is not None:
        _forget_others(store, {p.key for p in parts})
        _save_described(cache_dir, described)
    return written, ()


def _described(
    site: Path, pages: Sequence[tuple[str, str]], cache_dir: Path | None
) -> dict[str, Described]:
    """Every HTML page's digest, language and whether it is searched: as the last build found
    them where its digest is the same, else read from the page."""
    known = _load_described(cache_dir) if cache_dir else {}
    found: dict[str, Described] = {}
    for path, digest in pages:
        if not path.endswith(".html") or path == "404.html":
            continue
        was = known.get(path)
        if was is not None and was[0] == digest:
            found[path] = was
        else:
            found[path] = (digest, *describe((site / path).read_bytes()))
    return found


DESCRIBED_FILE = "pages.pickle"


def _load_described(cache_dir: Path) -> dict[str, Described]:
    try:
        with open(cache_dir / DESCRIBED_FILE, "rb") as file:
            return load_batched(file)
    except UNREADABLE:
        return {}


def _save_described(cache_dir: Path, described: dict[str, Described]) -> None:
    """Kept for the next build (a failure only costs it the reading of every page)."""
    dump_pickle(cache_dir, DESCRIBED_FILE, Batched(described))


def _index_parts(
    binary: Path, site: Path, store: Path, parts: Sequence[Part], site_pages: int
) -> None:
    """Index the parts not in the cache, WORKERS at a time, each into its folder there."""

    def one(part: Part) -> None:
        made = store / f"{part.key}.{os.getpid()}.tmp"
        shutil.rmtree(made, ignore_errors=True)
        index_part(binary, site, [p for p, _ in part.pages], made.absolute(), site_pages)
        _keep(made, store / part.key)

    store.mkdir(parents=True, exist_ok=True)
    with ThreadPoolExecutor(max_workers=WORKERS) as pool:
        for _ in pool.map(one, parts):  # (re-raises the first failure)
            pass


def _wanted(name: str) -> bool:
    return bool(_INDEX.fullmatch(name) or _STARTER.fullmatch(name) or name == _PROGRAM)


def _keep(made: Path, kept: Path) -> None:
    """Pagefind's output, less what the theme does not use, as the part kept in the cache."""
    for name in {p.relative_to(made).as_posix() for p in made.rglob("*") if p.is_file()}:
        if not _wanted(name):
            (made / name).unlink()
    seal(made)  # (so a part whose copy was cut short is never reused: see `sealed_files`)
    shutil.rmtree(kept, ignore_errors=True)
    made.rename(kept)


def _date_as_live(
    folder: Path, part: Part, files: dict[str, FileStat], listed: Listed
) -> dict[str, FileStat]:
    """The part's `files` in the cache, each with the time of the live site's file at its place
    if that holds the same bytes (the part sealed again if one changed).

    Builds tell an unchanged file of the bundle by its size and time (see
    `listing.same_file_times`), and so do the tools that upload a site; the site keeps the time
    a file first had. But Pagefind writes every file of a part anew, where an edit changes a
    few, and a cache made again (by another version) has new times throughout: each such file
    was then read and compared with the site's at every later build (at 4,000 profiles, 4,100
    files once nine parts of twelve had been edited; an edit took 2.0 s instead of 1.4 s on a
    site built before). Now that happens once."""
    at = f"{BUNDLE}/{part.name}/"
    dated = False
    for name, stat in files.items():
        path = f"{BUNDLE}/{name}" if name == _PROGRAM else at + name
        was = listed.live_files.get(path)
        if was is None or was[0] != stat[0] or was[3] == stat[3]:  # (UNSETTLED: size -1)
            continue
        with contextlib.suppress(OSError):  # (unreadable: the file keeps its time)
            if (folder / name).read_bytes() == (listed.live / path).read_bytes():
                os.utime(folder / name, ns=(was[3], was[3]))
                dated = True
    return seal(folder) if dated else files


def _assemble(
    bundle: Path,
    store: Path,
    parts: Sequence[Part],
    files: Mapping[str, Mapping[str, FileStat]],
    fresh: Set[str],
    staged: Mapping[str, FileStat] | None,
) -> dict[str, FileStat]:
    """The bundle in the staging folder: each part's `files` from the cache, the program at the
    top, and the list of parts; returns each file of the bundle by its path in the site, with
    its FileStat, sorted. A part kept from an earlier build is linked (where the drive
    allows: the cache may be on another drive, or on FAT); one made in this build is copied,
    so that the site it was made for holds files of its own, as when Pagefind ran there.

    A staging folder reused from an earlier build (see write.Staging) holds that build's
    bundle: a file of it that is the cache's file, or a copy of it (with its size and time, see
    `listing.same_file_times`), stays; the rest is replaced or removed (not written in place: it
    may be a link to a file of the live site). `staged`: the staging folder's files, if listed
    already (no file of its bundle was placed since)."""
    prefix = f"{BUNDLE}/"
    if staged is None:
        listed_now = list_files(bundle) if bundle.is_dir() else {}
        staged = {prefix + p: s for p, s in listed_now.items()}
    # (keyed by path in the site throughout, so a file's path is one string from here to the
    # returned listing: at 100,000 profiles copies of these keys were 25 MB of a build's peak)
    there = [p for p in staged if p.startswith(prefix)]
    wanted: dict[str, tuple[str, str, FileStat]] = {}  # each file of the bundle: its source
    languages: dict[str, list[str]] = defaultdict(list)
    for part in parts:
        lang = part.name.partition("/")[0]
        first = lang not in languages
        languages[lang].append(f"{part.name}/")
        at = f"{prefix}{part.name}/"
        for name, stat in files[part.key].items():
            if name == _PROGRAM:
                wanted.setdefault(prefix + _PROGRAM, (part.key, name, stat))
            elif _wanted(name) and (first or not _STARTER.fullmatch(name)):
                wanted[at + name] = (part.key, name, stat)
    site = bundle.parent
    for gone in there:
        if gone not in wanted:
            with contextlib.suppress(FileNotFoundError):
                (site / gone).unlink()
    for folder in folders_of(there) - folders_of(wanted):  # (a part no longer made)
        shutil.rmtree(site / folder, ignore_errors=True)
    del there
    made: set[Path] = set()
    listed: dict[str, FileStat] = {}
    parts_file = prefix + PARTS_FILE
    for path in sorted([*wanted, parts_file]):
        if path == parts_file:
            listed[path] = _write_parts_file(bundle, languages)
            continue
        key, name, stat = wanted[path]
        had = staged.get(path)
        if had is not None and same_file_times(had, stat):
            listed[path] = had  # the cache's file already, or a copy of it
            continue
        target = site / path  # (only here: a Path a file took 0.5 s at 137,000 files)
        if had is not None:  # (not written in place: maybe a link to the live site's file)
            with contextlib.suppress(FileNotFoundError):
                target.unlink()
        elif target.parent not in made:
            target.parent.mkdir(parents=True, exist_ok=True)
            made.add(target.parent)
        (shutil.copy2 if key in fresh else link_or_copy)(store / key / name, target)
        listed[path] = file_stat(target.stat())
    return listed


def _write_parts_file(bundle: Path, languages: Mapping[str, list[str]]) -> FileStat:
    """The list of parts, written anew (not in place: a reused folder's may be a link to the
    live site's)."""
    target = bundle / PARTS_FILE
    bundle.mkdir(parents=True, exist_ok=True)
    with contextlib.suppress(FileNotFoundError):
        target.unlink()
    listed = json.dumps(languages, sort_keys=True, separators=(",", ":"))
    target.write_text(listed + "\n", encoding="utf-8")
    return file_stat(target.stat())


def _forget_others(store: Path, keys: set[str]) -> None:
    """The cache keeps the parts of the last build only."""
    with contextlib.suppress(OSError):
        for folder in store.iterdir():
            if folder.name not in keys:
                shutil.rmtree(folder, ignore_errors=True)
