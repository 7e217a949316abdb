"""Web addresses → their QR codes as inline SVG, drawn at build time (no script, no outside
service), so a printed page leads a phone back to the profile.

Drawing one takes about a millisecond, and a year book of 1,000 winners is rendered again after
any edit to one of them: a page's codes are kept in the build cache, in one file per page, and
drawn only for a new address. (A file per code meant 4,000 new files in a first build of 4,000
winners, and about 1.5 s of it on this machine's disk.) The codes are drawn where the page is
rendered, in the render workers. Each is drawn with one mask pattern rather than the best of
eight: any mask gives a valid code that phones read, and trying all eight took 85% of the time
(7 ms a code, 27 s of a first build of 4,000 winners).
"""

from __future__ import annotations

import hashlib
from collections.abc import Sequence
from pathlib import Path

from .cache import dump_pickle, forget_stale, load_pickle

MASK = 0  # (see above)
_FOLDER: list[Path] = []  # where the codes are kept (see keep_in), if anywhere
# Changes when the drawing below changes: codes drawn before are then not read back.
_DRAWING = "3"


def keep_in(folder: Path) -> None:
    """Keep the codes drawn from now on in `folder` (the build cache), and read them back
    from there. (Folders in it are from versions that kept a file per code.)"""
    _FOLDER[:] = [folder]
    forget_stale(folder)


def qr_codes(page: str, addresses: Sequence[str]) -> dict[str, str]:
    """The QR code of each address as an SVG element to put in HTML (error correction M: a code
    on paper still reads with a fold or a smudge across it), kept under `page`, the address of
    the page that shows them. Deterministic: the same address gives the same bytes."""
    if not _FOLDER:
        return {address: _draw(address) for address in addresses}
    import segno  # (only a build that makes a year book needs it)

    key = f"{segno.__version__}|{_DRAWING}|{page}".encode()
    name = f"{hashlib.blake2b(key, digest_size=16).hexdigest()}.pickle"
    found = load_pickle(_FOLDER[0] / name)
    kept: dict[str, str] = found if isinstance(found, dict) else {}
    codes = {address: kept.get(address) or _draw(address) for address in addresses}
    if codes != kept:  # (a cache that cannot be written only costs time)
        dump_pickle(_FOLDER[0], name, codes)
    return codes


def _draw(url: str) -> str:
    import segno

    code = segno.make(url, error="m", micro=False, mask=MASK)
    svg = str(code.svg_inline(scale=1, border=2, svgclass="qr", omitsize=True, lineclass=None))
    # The address is printed beside the code: screen readers read that, not the drawing.
    return svg.replace("<svg ", '<svg aria-hidden="true" ', 1)
