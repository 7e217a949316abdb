"""A web address → its QR code as inline SVG, drawn at build time (no script, no outside service),
so a printed page leads a phone back to the profile.

Drawing one takes about a millisecond, and a year book of 1,000 winners is planned again after
any edit to one of them: the codes are kept in the build cache, one small file per address, and
drawn only for a new address. Each is drawn with one mask pattern rather than the best of
eight: any mask gives a valid code that phones read, and trying all eight took 85% of the time
(7 ms a code, 27 s of a first build of 4,000 winners).
"""

from __future__ import annotations

import contextlib
import functools
import hashlib
import os
from pathlib import Path

MASK = 0  # (see above)
_FOLDER: list[Path] = []  # where the codes are kept (see keep_in), if anywhere
# Changes when the drawing below changes: codes drawn before are then not read back.
_DRAWING = "2"


def keep_in(folder: Path) -> None:
    """Keep the codes drawn from now on in `folder` (the build cache), and read them back
    from there."""
    _FOLDER[:] = [folder]


@functools.lru_cache(maxsize=1024)  # (bounded: the preview runs for hours)
def qr_svg(url: str) -> str:
    """The QR code of `url` as an SVG element to put in HTML (error correction M: a code on
    paper still reads with a fold or a smudge across it). Deterministic: the same address
    gives the same bytes."""
    if not _FOLDER:
        return _draw(url)
    import segno  # (only a build that makes a year book needs it)

    key = f"{segno.__version__}|{_DRAWING}|{url}".encode()
    name = hashlib.blake2b(key, digest_size=16).hexdigest()
    path = _FOLDER[0] / name[:2] / f"{name}.svg"
    with contextlib.suppress(OSError, UnicodeDecodeError):
        return path.read_bytes().decode("utf-8")
    svg = _draw(url)
    with contextlib.suppress(OSError):  # a cache that cannot be written only costs time
        path.parent.mkdir(parents=True, exist_ok=True)
        temp = path.with_name(f".{name}-{os.getpid()}")
        temp.write_bytes(svg.encode("utf-8"))
        os.replace(temp, path)
    return svg


def _draw(url: str) -> str:
    import segno

    code = segno.make(url, error="m", micro=False, mask=MASK)
    svg = str(code.svg_inline(scale=1, border=2, svgclass="qr", omitsize=True, lineclass=None))
    # The address is printed beside the code: screen readers read that, not the drawing.
    return svg.replace("<svg ", '<svg aria-hidden="true" ', 1)
