"""Profile photos in content/ → web-ready JPEGs with orientation applied and all metadata removed.

Photos straight from a phone carry the GPS position of where they were taken; the source file is
therefore never published as is: every published photo is re-encoded here, without metadata.
Each photo gives two files: the profile's picture and a small square for cards.
"""

from __future__ import annotations

import io
import warnings
from collections.abc import Iterable
from dataclasses import dataclass
from pathlib import Path

from PIL import Image, ImageOps, UnidentifiedImageError

from .model import Pillar, RenderedFile, content_hash
from .problems import Problem, error

HERO_SIDE = 800  # the profile picture: sharp on a phone at 2× density, light on a slow link
CARD_SIDE = 160  # the round picture on cards (72 CSS pixels, at 2× density)
QUALITY = 80
# Above this many pixels a file is refused as a likely decompression bomb (a small file that
# expands to gigabytes); 120 million covers the largest phone cameras (12000 × 9000).
MAX_PIXELS = 120_000_000


@dataclass(frozen=True, slots=True)
class Photo:
    path: str  # site path of the profile picture, e.g. "pilar/siti-aminah/siti-aminah.jpg"
    width: int
    height: int
    card_path: str  # site path of the square card picture
    card_side: int


class PhotoError(Exception):
    """A photo that cannot be published; the message says why, the hint what to do."""

    def __init__(self, message: str, hint: str) -> None:
        super().__init__(message)
        self.hint = hint


def _open(source: Path) -> Image.Image:
    """Open and fully decode an image, refusing bombs, damaged files and non-images."""
    try:
        with warnings.catch_warnings():
            warnings.simplefilter("error", Image.DecompressionBombWarning)
            image = Image.open(source)
            if image.width * image.height > MAX_PIXELS:
                raise PhotoError(
                    f"is too large ({image.width}×{image.height} pixels)",
                    "resize it to at most 12000 pixels on its longest side",
                )
            # JPEG can decode at 1/2, 1/4 or 1/8 size directly: much faster for phone photos.
            image.draft("RGB", (HERO_SIDE * 2, HERO_SIDE * 2))
            image.load()
            return image
    except (Image.DecompressionBombError, Image.DecompressionBombWarning) as exc:
        raise PhotoError(f"is too large ({exc})", "resize it before adding it") from exc
    except UnidentifiedImageError as exc:
        raise PhotoError("is not an image Teladan can read", "save it as JPEG or PNG") from exc
    except OSError as exc:
        raise PhotoError(
            f"cannot be read ({exc})", "the file may be damaged or cut off; copy it again"
        ) from exc


def check_photo(source: Path) -> PhotoError | None:
    """Whether a photo can be published, reading only its header (fast enough for `check`)."""
    try:
        with warnings.catch_warnings():
            warnings.simplefilter("error", Image.DecompressionBombWarning)
            with Image.open(source) as image:
                if image.width * image.height > MAX_PIXELS:
                    return PhotoError(
                        f"is too large ({image.width}×{image.height} pixels)",
                        "resize it to at most 12000 pixels on its longest side",
                    )
    except (Image.DecompressionBombError, Image.DecompressionBombWarning) as exc:
        return PhotoError(f"is too large ({exc})", "resize it before adding it")
    except UnidentifiedImageError:
        return PhotoError("is not an image Teladan can read", "save it as JPEG or PNG")
    except OSError as exc:
        return PhotoError(f"cannot be read ({exc})", "copy the file again")
    return None


def _jpeg(image: Image.Image) -> bytes:
    out = io.BytesIO()
    # No exif= / icc_profile= arguments: the output carries no metadata at all.
    image.save(out, "JPEG", quality=QUALITY, optimize=True, progressive=True)
    return out.getvalue()


def encode_photo(source: Path) -> tuple[Image.Image, bytes, bytes]:
    """A source photo → (upright RGB image, profile JPEG bytes, card JPEG bytes)."""
    with _open(source) as opened:
        image = ImageOps.exif_transpose(opened).convert("RGB")
    hero = image.copy()
    hero.thumbnail((HERO_SIDE, HERO_SIDE), Image.Resampling.LANCZOS)
    # Faces sit in the upper part of a portrait: crop the card square from there.
    card = ImageOps.fit(
        image, (CARD_SIDE, CARD_SIDE), Image.Resampling.LANCZOS, centering=(0.5, 0.35)
    )
    return hero, _jpeg(hero), _jpeg(card)


def process_photos(
    pillars: Iterable[Pillar], content_dir: Path
) -> tuple[dict[str, Photo], tuple[RenderedFile, ...], tuple[Problem, ...]]:
    """Each pillar's photo → (photo by pillar slug, the files to publish, problems)."""
    photos: dict[str, Photo] = {}
    files: list[RenderedFile] = []
    problems: list[Problem] = []
    for pillar in pillars:
        if not pillar.photo:
            continue
        try:
            hero, hero_bytes, card_bytes = encode_photo(content_dir / pillar.photo)
        except PhotoError as exc:
            problems.append(
                error(
                    pillar.source.path,
                    pillar.source.line("photo"),
                    f"photo '{pillar.photo}' {exc}",
                    exc.hint,
                )
            )
            continue
        # Named after the slug, not the source file ("Foto Rina (1).jpg" makes a poor URL), with
        # a hash of the bytes so hosts can cache photos for a year, like stylesheets.
        folder = f"pilar/{pillar.slug}"
        photo = Photo(
            f"{folder}/{pillar.slug}.{content_hash(hero_bytes)}.jpg",
            hero.width,
            hero.height,
            f"{folder}/{pillar.slug}-kartu.{content_hash(card_bytes)}.jpg",
            CARD_SIDE,
        )
        photos[pillar.slug] = photo
        files += [RenderedFile(photo.path, hero_bytes), RenderedFile(photo.card_path, card_bytes)]
    return photos, tuple(files), tuple(problems)
