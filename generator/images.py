"""Profile photos in content/ → web-ready derivatives (WebP + JPEG, several widths), cached.

Photos straight from a phone carry the GPS position of where they were taken; the source file is
therefore never published as is: every published image is re-encoded here, upright, without any
metadata. Encoding is the slowest part of a build, so results are kept in a cache folder beside
content/ (safe to delete), keyed by the source bytes and the encoding settings.
"""

from __future__ import annotations

import hashlib
import io
import json
import os
import shutil
import tempfile
import warnings
from collections.abc import Sequence
from dataclasses import dataclass
from pathlib import Path, PurePosixPath
from typing import TYPE_CHECKING

from .i18n import _
from .model import Pillar, PressRelease, RenderedFile, Source, content_hash
from .problems import Problem, error
from .processes import worker_pool
from .report import PhotoStats

if TYPE_CHECKING:
    from PIL import Image

# Pillow is imported where photos are opened: most builds only reuse encoded photos from the
# cache, and importing it added 25 ms to the start of every build. (The process pool, likewise,
# is imported where it is used.)

HERO_WIDTHS = (320, 640, 960)  # the profile picture: 16rem on wide screens, full width on phones
CARD_SIDE = 160  # the round picture on cards (72 CSS pixels, at 2× density and more)
OG_SIZE = (1200, 630)  # what Facebook, WhatsApp and X show best for a shared link
JPEG_QUALITY = 80
WEBP_QUALITY = 75
# Part of every cache key: change it whenever the encoding changes, so old entries are not used.
SETTINGS = f"v1 hero={HERO_WIDTHS} card={CARD_SIDE} og={OG_SIZE} q={JPEG_QUALITY}/{WEBP_QUALITY}"
# Above this many pixels a file is refused as a likely decompression bomb (a small file that
# expands to gigabytes); 120 million covers the largest phone cameras (12000 × 9000).
MAX_PIXELS = 120_000_000
PARALLEL_FROM = 4  # uncached photos; below this a process pool costs more than it saves


@dataclass(frozen=True, slots=True)
class Variant:
    """One published image file."""

    path: str  # site path, e.g. "pilar/siti/siti-640.3f9a1c2b7d.webp"
    width: int
    height: int
    format: str  # "jpeg" | "webp"


@dataclass(frozen=True, slots=True)
class Photo:
    """Every derivative of one profile photo."""

    hero: tuple[Variant, ...]  # each width in JPEG and WebP, narrowest first
    card: tuple[Variant, ...]  # the square, in JPEG and WebP
    og: Variant  # 1200 × 630 JPEG for link previews

    def largest(self, fmt: str = "jpeg") -> Variant:
        return [v for v in self.hero if v.format == fmt][-1]

    def of(self, group: str, fmt: str) -> tuple[Variant, ...]:
        return tuple(v for v in getattr(self, group) if v.format == fmt)

    @property
    def path(self) -> str:
        """The largest JPEG: for feeds and structured data."""
        return self.largest().path


def N_(message: str) -> str:
    """Marks a message for the catalog (a keyword pybabel knows) without translating it yet."""
    return message


class PhotoError(Exception):
    """A photo that cannot be published; the message says why, the hint what to do.

    Both are the catalog's English, with named placeholders filled from `values` (and the
    photo's name, `%(photo)s`), translated only when shown: a worker process finds the problem,
    the process that reports it speaks the language."""

    def __init__(self, message: str, hint: str, values: dict[str, object] | None = None) -> None:
        super().__init__(message)
        self.hint_id = hint
        self.values = values or {}

    def __reduce__(self) -> tuple[type[PhotoError], tuple[str, str, dict[str, object]]]:
        # (encoded in worker processes: what they return must come back whole)
        return PhotoError, (str(self), self.hint_id, self.values)

    def about(self, photo: str) -> str:
        """The message, about the photo named `photo`."""
        return _(str(self)) % {**self.values, "photo": photo}

    @property
    def hint(self) -> str:
        return _(self.hint_id) % self.values


# Pillow itself refuses images above twice its own limit, before we can see their size.
TOO_LARGE = PhotoError(
    N_("photo '%(photo)s' is too large (more than 170 million pixels)"),
    N_("resize it to at most 8000 pixels on its longest side"),
)


def _refuse_bombs(image: Image.Image) -> None:
    if image.width * image.height > MAX_PIXELS:
        raise PhotoError(
            N_("photo '%(photo)s' is too large (%(width)s×%(height)s pixels)"),
            # (a side any photo may have: the limit is on all its pixels, 12000 × 9000 passes
            # and 12000 × 12000 does not)
            N_("resize it to at most 8000 pixels on its longest side"),
            {"width": image.width, "height": image.height},
        )


def spelled_on_disk(path: Path) -> str:
    """The name of the file at `path` as its folder spells it. A drive that ignores capital
    letters (Windows, macOS, FAT and exFAT sticks) opens 'Siti.JPG' as 'siti.jpg'; the web
    server the site is published on will not."""
    other = path.with_name(path.name.swapcase())
    try:  # (one stat on a drive that minds capital letters: listing a folder of thousands
        # of profiles for each would slow every build down)
        # (not samefile: drives through FUSE, like exFAT's, give each name its own inode)
        if other.name == path.name or not os.path.lexists(other):
            return path.name
        names = _names_in(str(path.parent), path.parent.stat().st_mtime_ns)
    except OSError:
        return path.name
    if path.name in names:
        return path.name
    folded = path.name.casefold()
    return next((name for name in sorted(names) if name.casefold() == folded), path.name)


# Folder listings by (folder, modification time), kept for one look at the content (see
# forget_listings): a drive may keep a folder's time when a file in it is renamed (exFAT).
_listings: dict[tuple[str, int], frozenset[str]] = {}


def _names_in(folder: str, mtime_ns: int) -> frozenset[str]:
    """(once per folder: thousands of profiles share one)"""
    names = _listings.get((folder, mtime_ns))
    if names is None:
        names = _listings[folder, mtime_ns] = frozenset(os.listdir(folder))
    return names


def forget_listings() -> None:
    """Look at folders afresh: called as each build or check starts (and in a forked process,
    which may check files before its parent has started to)."""
    _listings.clear()


if hasattr(os, "register_at_fork"):
    os.register_at_fork(after_in_child=forget_listings)


def check_photo(source: Path) -> PhotoError | None:
    """Whether a photo can be published, reading only its header (fast enough for `check`)."""
    from PIL import Image, UnidentifiedImageError

    try:
        with warnings.catch_warnings():
            # Pillow warns from 89 million pixels; our own, clearer limit is checked below.
            warnings.simplefilter("ignore", Image.DecompressionBombWarning)
            with Image.open(source) as image:
                _refuse_bombs(image)
    except PhotoError as exc:
        return exc
    except Image.DecompressionBombError:
        return TOO_LARGE
    except UnidentifiedImageError:
        return PhotoError(
            N_("photo '%(photo)s' is not an image Teladan can read"),
            N_("save it as JPEG or PNG (iPhone HEIC photos too)"),
        )
    except OSError as exc:
        return PhotoError(
            N_("photo '%(photo)s' cannot be read (%(reason)s)"),
            N_("copy the file again"),
            {"reason": str(exc)},
        )
    return None


def _open_upright(data: bytes) -> Image.Image:
    """Decode fully, refusing bombs and damaged files; EXIF rotation applied."""
    from PIL import Image, ImageOps, UnidentifiedImageError

    try:
        with warnings.catch_warnings():
            warnings.simplefilter("ignore", Image.DecompressionBombWarning)
            image = Image.open(io.BytesIO(data))
            _refuse_bombs(image)
            # JPEG can decode at 1/2, 1/4 or 1/8 size directly: much faster for phone photos.
            image.draft("RGB", (OG_SIZE[0] * 2, OG_SIZE[0] * 2))
            image.load()
            return ImageOps.exif_transpose(image).convert("RGB")
    except PhotoError:
        raise
    except Image.DecompressionBombError as exc:
        raise TOO_LARGE from exc
    except UnidentifiedImageError as exc:
        raise PhotoError(
            N_("photo '%(photo)s' is not an image Teladan can read"),
            N_("save it as JPEG or PNG"),
        ) from exc
    except OSError as exc:
        raise PhotoError(
            N_("photo '%(photo)s' cannot be read (%(reason)s)"),
            N_("the file may be damaged or cut off; copy it again"),
            {"reason": str(exc)},
        ) from exc


def _save(image: Image.Image, fmt: str) -> bytes:
    out = io.BytesIO()
    # No exif= / icc_profile= arguments: the output carries no metadata at all.
    if fmt == "webp":
        image.save(out, "WEBP", quality=WEBP_QUALITY, method=4)
    else:
        image.save(out, "JPEG", quality=JPEG_QUALITY, optimize=True, progressive=True)
    return out.getvalue()


# (name, width, height, format, bytes): what encoding one photo produces, before naming.
Encoded = tuple[str, int, int, str, bytes]


def encode_photo(data: bytes) -> list[Encoded]:
    """Source bytes → every derivative. Pure and picklable, so it can run in a worker process."""
    from PIL import Image, ImageOps

    image = _open_upright(data)
    out: list[Encoded] = []
    widths = sorted({min(w, image.width) for w in HERO_WIDTHS})
    for width in widths:
        height = round(image.height * width / image.width)
        resized = image.resize((width, height), Image.Resampling.LANCZOS)
        for fmt in ("jpeg", "webp"):
            out.append((f"hero-{width}", width, height, fmt, _save(resized, fmt)))
    # Faces sit in the upper part of a portrait: crop squares and banners from there.
    card = ImageOps.fit(
        image, (CARD_SIDE, CARD_SIDE), Image.Resampling.LANCZOS, centering=(0.5, 0.3)
    )
    for fmt in ("jpeg", "webp"):
        out.append(("card", CARD_SIDE, CARD_SIDE, fmt, _save(card, fmt)))
    og = ImageOps.fit(image, OG_SIZE, Image.Resampling.LANCZOS, centering=(0.5, 0.3))
    out.append(("og", *OG_SIZE, "jpeg", _save(og, "jpeg")))
    return out


def _encode_or_error(data: bytes) -> list[Encoded] | PhotoError:
    try:
        return encode_photo(data)
    except PhotoError as exc:
        return exc


class PhotoCache:
    """Derivatives on disk, one folder per (source bytes, settings); any entry may vanish."""

    def __init__(self, root: Path) -> None:
        self.root = root

    @staticmethod
    def key(data: bytes) -> str:
        return hashlib.sha256(SETTINGS.encode() + b"\0" + data).hexdigest()

    def get(self, key: str) -> list[Encoded] | None:
        folder = self.root / key[:2] / key
        try:
            meta = json.loads((folder / "meta.json").read_text("utf-8"))
            return [
                (m["name"], m["width"], m["height"], m["format"], (folder / m["file"]).read_bytes())
                for m in meta
            ]
        except (OSError, ValueError, KeyError, TypeError):
            return None

    def put(self, key: str, encoded: Sequence[Encoded]) -> None:
        folder = self.root / key[:2] / key
        try:
            folder.parent.mkdir(parents=True, exist_ok=True)
            staging = Path(tempfile.mkdtemp(dir=folder.parent))
            meta = []
            for number, (name, width, height, fmt, data) in enumerate(encoded):
                file = f"{number}.{fmt}"
                (staging / file).write_bytes(data)
                meta.append(
                    {"name": name, "width": width, "height": height, "format": fmt, "file": file}
                )
            (staging / "meta.json").write_text(json.dumps(meta), "utf-8")
            if folder.exists():
                shutil.rmtree(staging)
            else:
                staging.rename(folder)  # all or nothing: a killed build leaves no half entry
        except OSError:
            pass  # a cache that cannot be written only makes the next build slower


def _name(key: str, name: str, fmt: str, data: bytes) -> str:
    suffix = "jpg" if fmt == "jpeg" else fmt
    folder, stem = news_photo_place(key) if "/" in key else (f"pilar/{key}", key)
    stem = {"card": f"{stem}-kartu", "og": f"{stem}-og"}.get(
        name, f"{stem}-{name.removeprefix('hero-')}"
    )
    return f"{folder}/{stem}.{content_hash(data)}.{suffix}"


def news_photo_key(release: PressRelease, number: int) -> str:
    """The key of a press release's own photo (its `number`-th, from 1) among the photos."""
    return f"berita/{release.slug}/{number}"


def news_photo_place(key: str) -> tuple[str, str]:
    """A news photo's key → the folder of its files in the site and the start of their names."""
    _, slug, number = key.split("/")
    return f"berita/{slug}", f"{slug}-foto-{number}"


def _photo_and_files(slug: str, encoded: Sequence[Encoded]) -> tuple[Photo, list[RenderedFile]]:
    variants: dict[str, list[Variant]] = {"hero": [], "card": [], "og": []}
    files = []
    for name, width, height, fmt, data in encoded:
        # Named after the slug, not the source file ("Foto Rina (1).jpg" makes a poor URL), with
        # a hash of the bytes so hosts can cache images for a year, like stylesheets.
        path = _name(slug, name, fmt, data)
        variants[name.split("-")[0]].append(Variant(path, width, height, fmt))
        files.append(RenderedFile(path, data))
    return Photo(tuple(variants["hero"]), tuple(variants["card"]), variants["og"][0]), files


@dataclass(frozen=True, slots=True)
class _Wanted:
    """A photo to publish: its key among the photos, its file in content/, and where it is named
    (for messages)."""

    slug: str  # a profile's slug, or a news photo's key (see news_photo_key)
    photo: str
    source: Source
    field: str


def _wanted(pillars: Sequence[Pillar], news: Sequence[PressRelease]) -> list[_Wanted]:
    found = [_Wanted(p.slug, p.photo, p.source, "photo") for p in pillars if p.photo]
    for release in news:
        for number, photo in enumerate(release.photos, 1):
            key = news_photo_key(release, number)
            found.append(_Wanted(key, photo.file, release.source, "photos"))
    return found


def process_photos(
    pillars: Sequence[Pillar],
    content_dir: Path,
    cache_dir: Path,
    news: Sequence[PressRelease] = (),
) -> tuple[dict[str, Photo], tuple[RenderedFile, ...], tuple[Problem, ...], PhotoStats]:
    """Each pillar's photo and each press release's own photos → (photo by pillar slug or
    news_photo_key, the files to publish, problems, stats)."""
    cache = PhotoCache(cache_dir)
    jobs: list[tuple[_Wanted, str, bytes]] = []
    results: dict[str, list[Encoded] | PhotoError] = {}
    reused = 0
    wanted = _wanted(pillars, news)
    for pillar in wanted:
        try:
            data = (content_dir / pillar.photo).read_bytes()
        except OSError as exc:
            results[pillar.slug] = PhotoError(
                N_("photo '%(photo)s' cannot be read (%(reason)s)"),
                N_("copy it again"),
                {"reason": exc.strerror},
            )
            continue
        key = PhotoCache.key(data)
        cached = cache.get(key)
        if cached is not None:
            results[pillar.slug] = cached
            reused += 1
        else:
            jobs.append((pillar, key, data))
    pool = worker_pool(os.cpu_count() or 1, portable=True) if len(jobs) >= PARALLEL_FROM else None
    if pool is not None:
        with pool:
            encoded = list(pool.map(_encode_or_error, [data for _pillar, _key, data in jobs]))
    else:
        encoded = [_encode_or_error(data) for _pillar, _key, data in jobs]
    for (pillar, key, _data), result in zip(jobs, encoded, strict=True):
        if not isinstance(result, PhotoError):
            cache.put(key, result)
        results[pillar.slug] = result

    photos: dict[str, Photo] = {}
    files: list[RenderedFile] = []
    problems: list[Problem] = []
    for pillar in wanted:
        outcome = results[pillar.slug]
        if isinstance(outcome, PhotoError):
            line = pillar.source.line(pillar.field)
            problems.append(
                error(
                    pillar.source.path,
                    line,
                    outcome.about(PurePosixPath(pillar.photo).name),
                    outcome.hint,
                )
            )
            continue
        photos[pillar.slug], pillar_files = _photo_and_files(pillar.slug, outcome)
        files += pillar_files
    return photos, tuple(files), tuple(problems), PhotoStats(len(jobs), reused)
