"""Web addresses → their QR codes as inline SVG, drawn at build time (no script, no outside
service), so a printed page leads a phone back to the profile.

A year book of 1,000 winners is rendered again after any edit to one of them: a page's codes
are kept in the build cache, in one file per page, and drawn only for a new address. (A file
per code meant 4,000 new files in a first build of 4,000 winners, and about 1.5 s of it on
this machine's disk.) The codes are drawn where the page is rendered, in the render workers,
by zxing-cpp (a compiled library): 0.3 ms a code with the best of the eight mask patterns, SVG
included, where segno (pure Python) took 1.4 ms with one pattern only and 4.6 ms with the
best, which was a fifth of a first build's CPU time at 4,000 winners (see the benchmarks'
README).
"""

from __future__ import annotations

import hashlib
import importlib.metadata
import re
from collections.abc import Sequence
from pathlib import Path
from typing import Any, cast

from .cache import dump_pickle, forget_stale, load_pickle

_FOLDER: list[Path] = []  # where the codes are kept (see keep_in), if anywhere
# Changes when the drawing below changes: codes drawn before are then not read back.
_DRAWING = "5"


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
    key = f"{importlib.metadata.version('zxing-cpp')}|{_DRAWING}|{page}".encode()
    name = f"{hashlib.blake2b(key, digest_size=16).hexdigest()}.pickle"
    found = load_pickle(_FOLDER[0] / name)
    kept: dict[str, str] = found if isinstance(found, dict) else {}
    codes = {address: kept.get(address) or _draw(address) for address in addresses}
    if codes != kept:  # (a cache that cannot be written only costs time)
        dump_pickle(_FOLDER[0], name, codes)
    return codes


_DARK = re.compile(rb"\x00+")  # a run of dark modules in a row of zxing-cpp's image


def _draw(url: str) -> str:
    """The code as SVG: each row's runs of dark modules as strokes one module thick, each
    from the end of the one before. (zxing-cpp's own SVG draws each run as a closed shape in
    absolute figures: 3.1 KB a code against 1.8 KB, and the 6,250-sheet books of 100,000
    winners took an edit past 1 GiB.)"""
    import zxingcpp  # (only a build that makes a year book needs it)

    code = zxingcpp.create_barcode(url, zxingcpp.BarcodeFormat.QRCode, ec_level="M")
    image = code.to_image(add_quiet_zones=False)  # a byte a module: 0 dark, 255 light
    # (a buffer, which zxing-cpp's type stubs do not say)
    side, modules = image.shape[0], bytes(cast(Any, image))
    strokes, x, y = ["M0 .5"], 0, 0
    for row in range(side):
        for run in _DARK.finditer(modules, row * side, (row + 1) * side):
            start, end = run.start() - row * side, run.end() - row * side
            strokes.append(f"m{start - x} {row - y}h{end - start}")
            x, y = end, row
    # A margin of two modules (the page's white around it makes the rest of the quiet zone).
    # The address is printed beside the code: screen readers read that, not the drawing.
    svg = f'<svg aria-hidden="true" viewBox="-2 -2 {side + 4} {side + 4}" class="qr">'
    return f'{svg}<path stroke="#000" d="{"".join(strokes)}"/></svg>'
