"""Press kits and year books at scale (issue 23): builds of N profiles, each with a photo, and one
selection year of more than a thousand winners (its book is one page of a thousand sheets,
its kit a zip of every winner's photo).

    python benchmarks/kits.py [N] [--keep DIR]      # default 4000

Makes the corpus with make_corpus.py, gives every profile one of 40 generated 1000×750 JPEG
photos (about 160 KB each) and moves the unranked profiles of 2010–2014 into 2019. The 40 photos
are encoded first, in a build of 40 profiles whose photo cache the corpus then starts with
(encoding the same photo 4,000 times would take most of an hour on 2 cores; photos.py times
encoding). Then it times `teladan build` (search on, as users run it; `--no-search` passes
through) with run.py's timing: cold (no site, no cache but the photos': every page, kit and QR
code made), warm (a changed setting: every page made again), no-op, one 2019 profile's story
edited (its page, the 2019 book and kit), and another. Peak memory is the largest process's,
as /usr/bin/time -v reports it.
"""

from __future__ import annotations

import argparse
import io
import random
import re
import shutil
import subprocess
import sys
import tempfile
import time
from pathlib import Path

from PIL import Image, ImageDraw

sys.path.insert(0, str(Path(__file__).resolve().parent))
from run import MAKE_CORPUS, Row, edit_one_profile, table, timed_build

BIG_YEAR = 2019


def _photos(count: int) -> list[bytes]:
    """`count` different photos: shapes and noise, so they compress like photographs."""
    found = []
    for seed in range(count):
        rng = random.Random(seed)
        image = Image.new("RGB", (1000, 750), tuple(rng.randrange(60, 200) for _ in range(3)))
        draw = ImageDraw.Draw(image)
        for _ in range(30):
            x, y = rng.randrange(1000), rng.randrange(750)
            colour = tuple(rng.randrange(256) for _ in range(3))
            draw.ellipse((x, y, x + rng.randrange(50, 300), y + rng.randrange(50, 300)), colour)
        noise = Image.effect_noise((1000, 750), 40).convert("RGB")
        out = io.BytesIO()
        Image.blend(image, noise, 0.15).save(out, "JPEG", quality=85)
        found.append(out.getvalue())
    return found


def make_content(n: int, root: Path, photos: list[bytes]) -> Path:
    """The corpus with photos and one big year; returns its content folder."""
    subprocess.run([sys.executable, str(MAKE_CORPUS), str(n), str(root)], check=True)
    content = root / "content"
    for number, profile in enumerate(sorted((content / "pillars").rglob("*.md"))):
        photo = profile.with_suffix(".jpg")
        photo.write_bytes(photos[number % len(photos)])
        text = profile.read_text("utf-8")
        text = text.replace("\n---\n", f"\nphoto: {photo.name}\nphoto_alt: Foto uji\n---\n", 1)
        year = re.search(r"^year: (\d+)$", text, re.MULTILINE)
        if year and int(year.group(1)) <= 2014 and "\nrank:" not in text:
            text = text.replace(year.group(0), f"year: {BIG_YEAR}", 1)
        profile.write_text(text, "utf-8")
    return content


def _in_big_year(content: Path) -> list[int]:
    """The positions (in run.edit_one_profile's order) of the big year's profiles."""
    profiles = sorted((content / "pillars").rglob("*.md"))
    return [i for i, p in enumerate(profiles) if f"\nyear: {BIG_YEAR}\n" in p.read_text("utf-8")]


def main() -> int:
    parser = argparse.ArgumentParser(description="Time press kits and year books at scale.")
    parser.add_argument("n", type=int, nargs="?", default=4000)
    parser.add_argument("--keep", type=Path, metavar="DIR", help="make the corpus in DIR")
    parser.add_argument("--no-search", action="store_true", help="build without search")
    args = parser.parse_args()
    root = args.keep or Path(tempfile.mkdtemp(prefix="teladan-kits-"))
    photos = _photos(40)
    warm = make_content(len(photos), root / "photos", photos)
    timed_build(len(photos), "photos", warm, root / "photos" / "output", root / "time.txt", [])
    shutil.rmtree(root / ".teladan-cache", ignore_errors=True)
    shutil.copytree(
        root / "photos" / ".teladan-cache" / "photos", root / ".teladan-cache" / "photos"
    )
    content, output = make_content(args.n, root, photos), root / "output"
    big = _in_big_year(content)
    print(f"{len(big)} winners in {BIG_YEAR}", file=sys.stderr)
    time.sleep(2.5)  # (see run.py: a file saved this recently is read again anyway)
    rows: list[Row] = []
    options = ["--no-search"] if args.no_search else []

    def step(name: str) -> None:
        print(f"  {name} …", file=sys.stderr, flush=True)
        rows.append(timed_build(args.n, name, content, output, root / "time.txt", options))

    step("cold")
    site = content / "site.yaml"
    site.write_text(site.read_text("utf-8").replace("per_page: 24", "per_page: 25"), "utf-8")
    step("warm")
    step("no-op")
    for number, which in enumerate(big[:2], 1):
        edit_one_profile(content, which)
        time.sleep(2.5)
        step(f"{BIG_YEAR} edit {number}")
    print(table(rows))
    return 0


if __name__ == "__main__":
    sys.exit(main())
