"""Profile photos in content/ → web-ready JPEGs with orientation applied and all metadata removed.

Photos straight from a phone carry the GPS position of where they were taken; the source file is
therefore never published as is: every published photo is re-encoded here, without metadata.
"""

from __future__ import annotations

import io
import warnings
from collections.abc import Iterable
from dataclasses import dataclass
from pathlib import Path, PurePosixPath

from PIL import Image, ImageOps, UnidentifiedImageError

from .model import Pillar, RenderedFile
from .problems import Problem, error

MAX_SIDE = 1200
QUALITY = 80
# Pillow refuses images above twice this many pixels (decompression bombs); warn-level
# images are refused too, so a single huge file cannot exhaust a small build machine.
MAX_PIXELS = 40_000_000


@dataclass(frozen=True, slots=True)
class Photo:
    path: str  # site path of the published JPEG, e.g. "pilar/siti-aminah/siti-aminah.jpg"
    width: int
    height: int


def _encode(source: Path) -> tuple[bytes, int, int]:
    with warnings.catch_warnings():
        warnings.simplefilter("error", Image.DecompressionBombWarning)
        with Image.open(source) as opened:
            if opened.width * opened.height > MAX_PIXELS:
                raise Image.DecompressionBombError(f"{opened.width}×{opened.height} pixels")
            image = ImageOps.exif_transpose(opened)
            image = image.convert("RGB")
            image.thumbnail((MAX_SIDE, MAX_SIDE), Image.Resampling.LANCZOS)
            out = io.BytesIO()
            # No exif= / icc_profile= arguments: the output carries no metadata at all.
            image.save(out, "JPEG", quality=QUALITY, optimize=True, progressive=True)
            return out.getvalue(), image.width, image.height


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
        line = pillar.source.line("photo")
        try:
            data, width, height = _encode(content_dir / pillar.photo)
        except (Image.DecompressionBombError, Image.DecompressionBombWarning) as exc:
            problems.append(
                error(
                    pillar.source.path,
                    line,
                    f"photo '{pillar.photo}' is too large ({exc})",
                    "resize it to at most 4000 pixels on its longest side",
                )
            )
            continue
        except UnidentifiedImageError:
            problems.append(
                error(
                    pillar.source.path,
                    line,
                    f"photo '{pillar.photo}' is not an image Teladan can read",
                    "save it as JPEG or PNG",
                )
            )
            continue
        except OSError as exc:
            problems.append(
                error(
                    pillar.source.path,
                    line,
                    f"photo '{pillar.photo}' cannot be read ({exc})",
                    "the file may be damaged or cut off; copy it again",
                )
            )
            continue
        path = f"pilar/{pillar.slug}/{PurePosixPath(pillar.photo).stem}.jpg"
        photos[pillar.slug] = Photo(path, width, height)
        files.append(RenderedFile(path, data))
    return photos, tuple(files), tuple(problems)
