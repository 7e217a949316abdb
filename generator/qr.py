"""A web address → its QR code as inline SVG, drawn at build time (no script, no outside service),
so a printed page leads a phone back to the profile."""

from __future__ import annotations

import functools


@functools.lru_cache(maxsize=1024)
def qr_svg(url: str) -> str:
    """The QR code of `url` as an SVG element to put in HTML (error correction M: a code on
    paper still reads with a fold or a smudge across it). Deterministic: the same address
    gives the same bytes."""
    import segno  # (only a build that makes a year book needs it)

    code = segno.make(url, error="m", micro=False)
    svg = str(code.svg_inline(scale=1, border=2, svgclass="qr", omitsize=True, lineclass=None))
    # The address is printed beside the code: screen readers read that, not the drawing.
    return svg.replace("<svg ", '<svg aria-hidden="true" ', 1)
