"""Photo pipeline benchmark: a cold and a warm build of N profiles with 3000×4000 phone photos.

    python benchmarks/photos.py [N]        # default 200

Makes N profiles (via make_corpus.py) and gives each a different generated 12-megapixel JPEG
tagged with an EXIF rotation and a GPS position, then times `teladan build` twice (empty photo
cache, then warm) and reports the bytes of the source photos against the images in output/.
"""

from __future__ import annotations

import random
import subprocess
import sys
import tempfile
import time
from pathlib import Path

from PIL import Image, ImageDraw, ImageFilter

HERE = Path(__file__).resolve().parent


def phone_photo(path: Path, seed: int) -> None:
    """A 3000×4000 picture with soft shapes and sensor-like noise (so it compresses like a
    photo, at several MB), carrying EXIF orientation and GPS like a phone's."""
    rng = random.Random(seed)
    small = Image.new("RGB", (300, 400), tuple(rng.randrange(60, 200) for _ in range(3)))
    draw = ImageDraw.Draw(small)
    for _ in range(12):
        x, y, r = rng.randrange(300), rng.randrange(400), rng.randrange(20, 120)
        draw.ellipse((x - r, y - r, x + r, y + r), fill=tuple(rng.randrange(256) for _ in range(3)))
    image = small.filter(ImageFilter.GaussianBlur(8)).resize((3000, 4000), Image.Resampling.BICUBIC)
    noise = Image.effect_noise((3000, 4000), 24).convert("RGB")
    image = Image.blend(image, noise, 0.12)
    exif = Image.Exif()
    exif[0x0112] = 6
    exif[0x8825] = {2: (6.0, 10.0, 0.0), 4: (106.0, 49.0, 0.0)}
    image.save(path, "JPEG", quality=92, exif=exif.tobytes())


def main() -> int:
    count = int(sys.argv[1]) if len(sys.argv) > 1 else 200
    with tempfile.TemporaryDirectory(prefix="teladan-photos-") as tmp:
        root = Path(tmp)
        subprocess.run(
            [sys.executable, str(HERE / "make_corpus.py"), str(count), str(root)], check=True
        )
        content = root / "content"
        sources = 0
        for number, profile in enumerate(sorted((content / "pillars").rglob("*.md"))):
            photo = profile.with_suffix(".jpg")
            phone_photo(photo, number)
            sources += photo.stat().st_size
            text = profile.read_text()
            profile.write_text(
                text.replace("\n---\n", f"\nphoto: {photo.name}\nphoto_alt: Foto uji\n---\n", 1)
            )
        command = [sys.executable, "-m", "generator", "build", "--content", str(content),
                   "--output", str(root / "output"), "-q", "--no-search"]  # fmt: skip
        for label in ("cold (empty photo cache)", "warm (photos unchanged)"):
            if label.startswith("warm"):
                site = content / "site.yaml"  # a changed setting: a real build, not a no-op
                site.write_text(site.read_text().replace("per_page: 24", "per_page: 25"))
            started = time.perf_counter()
            subprocess.run(command, check=True)
            print(f"{label:28} {time.perf_counter() - started:7.1f} s")
        images = sum(
            p.stat().st_size
            for p in (root / "output" / "pilar").rglob("*")
            if p.suffix in (".jpg", ".webp")
        )
        print(
            f"{count} source photos: {sources / 1e6:.1f} MB; images in output/: "
            f"{images / 1e6:.1f} MB ({images / sources:.1%} of the sources)"
        )
    return 0


if __name__ == "__main__":
    sys.exit(main())
