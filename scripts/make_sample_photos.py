"""Give the sample profiles in content/pillars/ generated, abstract portrait illustrations.

The sample content is fictional, so it must never show a real person: every "photo" made here
is drawn from simple shapes only (a soft gradient, translucent circles and a stylised avatar
silhouette in the colour of the profile's category). Drawing is seeded from the slug with
``random.Random(slug)``, so rerunning the script writes byte-identical images.

For each profile (except the few in ``WITHOUT_PHOTO``, which keep showing the initials
placeholder) the script

* saves ``<slug>.jpg`` (900×1125, JPEG quality 85, no metadata) next to the profile, and
* adds ``photo:`` and ``photo_alt:`` to the front matter, right after ``since:`` (or right
  before the closing ``---``), leaving every other byte of the file unchanged.

It is idempotent: a profile that already has ``photo:`` is not edited again.

Usage::

    python3 scripts/make_sample_photos.py [PILLARS_DIR]
"""

from __future__ import annotations

import argparse
import io
import random
import sys
from pathlib import Path

import yaml
from PIL import Image, ImageDraw, ImageFilter, ImageMath

ROOT = Path(__file__).resolve().parents[1]
DEFAULT_PILLARS = ROOT / "content" / "pillars"

# These profiles deliberately stay without a photo so the site shows its placeholder.
WITHOUT_PHOTO = frozenset({"benediktus-moa", "lks-huyula-mandiri", "neneng-hasanah"})

WIDTH, HEIGHT = 900, 1125
SCALE = 2  # draw at twice the size, then downsample: cheap anti-aliasing for the shapes
JPEG_QUALITY = 85

CATEGORY_COLOURS: dict[str, str] = {
    "psm": "#1f6f8b",
    "tksk": "#a61e4d",
    "karang-taruna": "#2e7d32",
    "tagana": "#b45309",
    "lks": "#6b3fa0",
}
FALLBACK_COLOUR = "#4b5563"
ORGANISATION_PREFIXES = ("Karang Taruna ", "LKS ", "LKSA ")

# Silhouette proportions, as fractions of the shoulder width.
HEAD = 0.2  # head radius
GAP = 0.04  # space between head and shoulders
SHOULDERS = 0.5  # visible height of the shoulders above the bottom edge
TORSO = 0.9  # height of the full torso ellipse (the rest runs off the bottom)

RGB = tuple[int, int, int]


def hex_to_rgb(value: str) -> RGB:
    value = value.lstrip("#")
    return (int(value[0:2], 16), int(value[2:4], 16), int(value[4:6], 16))


def mix(a: RGB, b: RGB, t: float) -> RGB:
    """Blend colour a towards colour b by fraction t (0 → a, 1 → b)."""
    return (
        round(a[0] + (b[0] - a[0]) * t),
        round(a[1] + (b[1] - a[1]) * t),
        round(a[2] + (b[2] - a[2]) * t),
    )


WHITE: RGB = (255, 255, 255)
BLACK: RGB = (0, 0, 0)


def is_organisation(name: str) -> bool:
    return name.startswith(ORGANISATION_PREFIXES)


def texture_masks(rng: random.Random, base: RGB) -> list[tuple[Image.Image, RGB]]:
    """A few large, soft, translucent circles and rounded shapes: (blurred alpha mask, tint)."""
    masks: list[tuple[Image.Image, RGB]] = []
    for _ in range(rng.randint(3, 5)):
        radius = rng.uniform(0.18, 0.42) * WIDTH
        cx = rng.uniform(-0.1, 1.1) * WIDTH
        cy = rng.uniform(-0.05, 0.7) * HEIGHT
        tint = WHITE if rng.random() < 0.6 else mix(base, WHITE, 0.35)
        alpha = rng.randint(28, 60)
        mask = Image.new("L", (WIDTH, HEIGHT), 0)
        draw = ImageDraw.Draw(mask)
        if rng.random() < 0.7:
            draw.ellipse((cx - radius, cy - radius, cx + radius, cy + radius), fill=alpha)
        else:
            corner = radius * rng.uniform(0.35, 0.5)
            box = (cx - radius, cy - radius * 0.7, cx + radius, cy + radius * 0.7)
            draw.rounded_rectangle(box, radius=corner, fill=alpha)
        masks.append((mask.filter(ImageFilter.GaussianBlur(radius=10)), tint))
    return masks


def background(
    rng: random.Random, top: RGB, bottom: RGB, masks: list[tuple[Image.Image, RGB]]
) -> Image.Image:
    """The gradient with the translucent shapes laid over it, computed in floating point.

    Each channel is dithered with seeded noise just before it is rounded to 8 bits; without
    that, the gentle gradient shows as visible horizontal bands.
    """
    noise = Image.frombytes("L", (WIDTH, HEIGHT), rng.randbytes(WIDTH * HEIGHT))
    noise = noise.convert("F").point(lambda v: v * (1 / 256))  # 0 ≤ noise < 1
    channels = []
    for c in range(3):
        column = Image.new("F", (1, HEIGHT))
        for y in range(HEIGHT):
            column.putpixel((0, y), top[c] + (bottom[c] - top[c]) * y / (HEIGHT - 1))
        value = column.resize((WIDTH, HEIGHT), Image.Resampling.NEAREST)
        for mask, tint in masks:
            value = ImageMath.lambda_eval(
                lambda a: a["v"] + (a["t"] - a["v"]) * a["float"](a["m"]) / 255,
                v=value,
                m=mask,
                t=float(tint[c]),
            )
        # Converting F to L truncates, so adding 0 ≤ noise < 1 first is an unbiased dither.
        value = ImageMath.lambda_eval(lambda a: a["v"] + a["n"], v=value, n=noise)
        channels.append(value.convert("L"))
    return Image.merge("RGB", channels)


def draw_figure(
    draw: ImageDraw.ImageDraw, cx: float, bottom: float, size: float, colour: RGB
) -> None:
    """An avatar silhouette: a round head above rounded shoulders running off the bottom edge.

    size is the width of the shoulders; everything else is proportional to it.
    """
    head_r = size * HEAD
    gap = size * GAP
    shoulders_top = bottom - size * SHOULDERS
    draw.ellipse(
        (cx - size / 2, shoulders_top, cx + size / 2, shoulders_top + size * TORSO),
        fill=colour,
    )
    head_cy = shoulders_top - gap - head_r
    draw.ellipse((cx - head_r, head_cy - head_r, cx + head_r, head_cy + head_r), fill=colour)


def draw_outlined_figure(
    draw: ImageDraw.ImageDraw,
    cx: float,
    bottom: float,
    size: float,
    colour: RGB,
    outline: RGB,
) -> None:
    """A figure with a thin halo, so overlapping figures stay distinguishable."""
    pad = size * 0.025
    head_r = size * HEAD + pad
    gap = size * GAP - 2 * pad
    shoulders_top = bottom - size * SHOULDERS - pad
    draw.ellipse(
        (cx - size / 2 - pad, shoulders_top, cx + size / 2 + pad, shoulders_top + size * TORSO),
        fill=outline,
    )
    head_cy = shoulders_top - gap - head_r
    draw.ellipse((cx - head_r, head_cy - head_r, cx + head_r, head_cy + head_r), fill=outline)
    draw_figure(draw, cx, bottom, size, colour)


def render(slug: str, category: str, organisation: bool) -> Image.Image:
    rng = random.Random(slug)
    base = hex_to_rgb(CATEGORY_COLOURS.get(category, FALLBACK_COLOUR))

    top = mix(base, WHITE, rng.uniform(0.80, 0.86))
    bottom = mix(base, WHITE, rng.uniform(0.58, 0.66))
    image = background(rng, top, bottom, texture_masks(rng, base))

    # The figures are drawn at SCALE× and scaled down, which smooths their edges.
    w, h = WIDTH * SCALE, HEIGHT * SCALE
    figures = Image.new("RGBA", (w, h), (0, 0, 0, 0))
    draw = ImageDraw.Draw(figures)
    dark = mix(base, BLACK, rng.uniform(0.22, 0.32))
    if organisation:
        back = mix(base, WHITE, 0.18)
        halo = mix(base, WHITE, 0.62)
        spread = rng.uniform(0.25, 0.29) * w
        back_size = rng.uniform(0.40, 0.44) * w
        lift = rng.uniform(0.05, 0.07) * h
        draw_figure(draw, w / 2 - spread, h - lift, back_size, back)
        draw_figure(draw, w / 2 + spread, h - lift, back_size, back)
        draw_outlined_figure(draw, w / 2, h, rng.uniform(0.50, 0.54) * w, dark, halo)
    else:
        offset = rng.uniform(-0.02, 0.02) * w
        draw_figure(draw, w / 2 + offset, h, rng.uniform(0.68, 0.74) * w, dark)
    figures = figures.resize((WIDTH, HEIGHT), Image.Resampling.LANCZOS)
    return Image.alpha_composite(image.convert("RGBA"), figures).convert("RGB")


def encode_jpeg(image: Image.Image) -> bytes:
    out = io.BytesIO()
    # No exif= / icc_profile= arguments: the file carries no metadata.
    image.save(out, "JPEG", quality=JPEG_QUALITY, optimize=True)
    return out.getvalue()


def split_front_matter(text: str) -> tuple[list[str], int]:
    """The file's lines (with their endings) and the index of the closing '---' line."""
    lines = text.splitlines(keepends=True)
    if not lines or lines[0].rstrip("\r\n") != "---":
        raise ValueError("no front matter (the file must start with '---')")
    for index in range(1, len(lines)):
        if lines[index].rstrip("\r\n") == "---":
            return lines, index
    raise ValueError("front matter is not closed with '---'")


def yaml_scalar(value: str, quote: bool = False) -> str:
    """value as a YAML scalar: plain where that is safe, single-quoted otherwise (or if asked)."""
    if not quote:
        try:
            quote = yaml.safe_load(f"k: {value}") != {"k": value}
        except yaml.YAMLError:
            quote = True
    if quote:
        return "'" + value.replace("'", "''") + "'"
    return value


def alt_text(name: str) -> str:
    return f"Ilustrasi abstrak untuk profil contoh {name}"


def add_photo_lines(text: str, slug: str, name: str) -> str:
    """text with photo/photo_alt inserted after 'since:' (else before the closing '---')."""
    lines, closing = split_front_matter(text)
    position = closing
    for index in range(1, closing):
        if lines[index].startswith("since:"):
            position = index + 1
            break
    if not lines[position - 1].endswith("\n"):  # a last line without an ending
        lines[position - 1] += "\n"
    # A name with a colon or an opening quote is always quoted, even where plain would parse.
    quote = ":" in name or name.startswith(('"', "'"))
    new = [f"photo: {slug}.jpg\n", f"photo_alt: {yaml_scalar(alt_text(name), quote)}\n"]
    return "".join(lines[:position] + new + lines[position:])


def process(profile: Path) -> str:
    """Make the illustration for one profile; a one-line report of what was done."""
    slug = profile.stem
    if slug in WITHOUT_PHOTO:
        return f"skip   {profile.name} (kept without a photo)"
    raw = profile.read_bytes()
    text = raw.decode("utf-8")
    lines, closing = split_front_matter(text)
    meta = yaml.safe_load("".join(lines[1:closing])) or {}
    if not isinstance(meta, dict):
        raise ValueError(f"{profile}: front matter is not a mapping")
    name = str(meta.get("name") or slug)
    category = str(meta.get("category") or "")
    photo_name = f"{slug}.jpg"
    existing = meta.get("photo")
    if existing and existing != photo_name:
        return f"skip   {profile.name} (already has photo: {existing})"

    target = profile.with_name(photo_name)
    if not existing and target.exists():
        # Never overwrite a file the profile does not already point at: it may be a real photo.
        return f"skip   {profile.name} ({photo_name} exists but is not referenced)"

    data = encode_jpeg(render(slug, category, is_organisation(name)))
    if not target.exists() or target.read_bytes() != data:
        target.write_bytes(data)
    if existing:
        return f"keep   {profile.name} (photo already set; {photo_name} {len(data)} bytes)"
    profile.write_bytes(add_photo_lines(text, slug, name).encode("utf-8"))
    return f"write  {profile.name} + {photo_name} ({len(data)} bytes)"


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0] if __doc__ else None)
    parser.add_argument("pillars", nargs="?", type=Path, default=DEFAULT_PILLARS)
    args = parser.parse_args(argv)
    profiles = sorted(args.pillars.glob("*/*.md"))
    if not profiles:
        print(f"no profiles found under {args.pillars}", file=sys.stderr)
        return 1
    for profile in profiles:
        print(process(profile))
    return 0


if __name__ == "__main__":
    raise SystemExit(main())
