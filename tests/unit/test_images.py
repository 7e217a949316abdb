"""Photos: upright, stripped of metadata, in the promised widths and formats, cached, and every
bad file one clear problem. All images are made here with Pillow."""

from __future__ import annotations

import io
import os
import re
import shutil
from pathlib import Path

import pytest
from PIL import Image

from generator import BuildReport, build, check
from generator.images import CARD_SIDE, HERO_WIDTHS, OG_SIZE
from tests.conftest import FIXTURES, TODAY

GPS = {2: (6.0, 10.0, 0.0), 4: (106.0, 49.0, 0.0)}  # somewhere in Jakarta


def _phone_photo(path: Path, size: tuple[int, int] = (1600, 1200), orientation: int = 6) -> None:
    """A landscape sensor image tagged 'rotate 90°' with GPS and a camera model, like a phone's."""
    image = Image.new("RGB", size)
    for x in range(0, size[0], 40):  # some structure, so encoders behave as on real photos
        image.paste((x % 256, 120, 255 - x % 256), (x, 0, x + 20, size[1]))
    exif = Image.Exif()
    exif[0x0112] = orientation
    exif[0x0110] = "Phone X"
    exif[0x8825] = GPS
    image.save(path, "JPEG", exif=exif.tobytes(), quality=90)


def _site(tmp_path: Path, photo_writer: object = None) -> Path:
    content = tmp_path / "content"
    shutil.copytree(FIXTURES / "full" / "content", content)
    _phone_photo(content / "pillars" / "2019" / "ani.jpg")
    return content


def _build(content: Path, tmp_path: Path, name: str = "out") -> tuple[Path, BuildReport]:
    out = tmp_path / name
    report = build(content, out, today=TODAY, cache_dir=tmp_path / "cache")
    assert report.ok, [p.format() for p in report.problems]
    return out, report


def test_derivatives_are_upright_stripped_and_in_every_width_and_format(tmp_path: Path) -> None:
    out, _ = _build(_site(tmp_path), tmp_path)
    folder = out / "pilar" / "ani-suryani"
    files = sorted(p.name for p in folder.glob("*.*.*"))
    for width in HERO_WIDTHS:
        assert [
            f for f in files if re.fullmatch(rf"ani-suryani-{width}\.[0-9a-f]{{10}}\.(jpg|webp)", f)
        ] != []
    assert len([f for f in files if f.startswith("ani-suryani-kartu.")]) == 2
    assert len([f for f in files if f.startswith("ani-suryani-og.")]) == 1
    for path in folder.glob("*.*.*"):
        with Image.open(path) as image:
            image.load()
            assert not image.getexif(), path.name  # no GPS, no camera, no orientation tag
            assert not {"exif", "icc_profile", "xmp"} & set(image.info), path.name
            if "-kartu." in path.name:
                assert image.size == (CARD_SIDE, CARD_SIDE)
            elif "-og." in path.name:
                assert image.size == OG_SIZE
            else:
                width = int(path.name.split("-")[-1].split(".")[0])
                # The sensor image is 1600×1200 landscape; rotated, it is a 3:4 portrait.
                assert image.size == (width, round(width * 1600 / 1200))
    assert not list(folder.glob("ani.jpg"))  # the source file itself is never published


def test_srcset_and_src_point_only_at_files_that_exist(tmp_path: Path) -> None:
    out, _ = _build(_site(tmp_path), tmp_path)
    seen = 0
    for page in out.rglob("*.html"):
        html = page.read_text()
        refs = re.findall(r'(?:src|srcset)="([^"]+)"', html)
        for ref in refs:
            for candidate in ref.split(","):
                url = candidate.strip().split(" ")[0]
                if url.startswith(("http", "data:")) or (
                    "/pilar/" not in "/" + url and "pilar/" not in url
                ):
                    continue
                assert (page.parent / url).resolve().is_file(), f"{page.relative_to(out)}: {url}"
                seen += 1
    assert seen > 10
    profile = (out / "pilar" / "ani-suryani" / "index.html").read_text()
    hero = re.search(r"<picture>.*?</picture>", profile, re.DOTALL)
    assert hero and 'type="image/webp"' in hero.group(0) and 'loading="lazy"' not in hero.group(0)
    assert re.search(r'<img [^>]*srcset="[^"]* 320w, [^"]* 640w, [^"]* 960w"', hero.group(0))
    cards = (out / "berita" / "rilis-2019" / "index.html").read_text()
    assert re.search(r'<img [^>]*-kartu\.[0-9a-f]{10}\.jpg"[^>]*loading="lazy"', cards)


def test_unchanged_photos_come_from_the_cache(tmp_path: Path) -> None:
    content = _site(tmp_path)
    first, cold = _build(content, tmp_path, "one")
    second, warm = _build(content, tmp_path, "two")
    assert (cold.photos.encoded, cold.photos.reused) == (1, 0)
    assert (warm.photos.encoded, warm.photos.reused) == (0, 1)
    assert {p.name: p.read_bytes() for p in (first / "pilar" / "ani-suryani").iterdir()} == {
        p.name: p.read_bytes() for p in (second / "pilar" / "ani-suryani").iterdir()
    }
    _phone_photo(content / "pillars" / "2019" / "ani.jpg", orientation=1)  # a new photo
    _, changed = _build(content, tmp_path, "three")
    assert (changed.photos.encoded, changed.photos.reused) == (1, 0)
    shutil.rmtree(tmp_path / "cache")  # safe to delete: the next build just encodes again
    _, again = _build(content, tmp_path, "four")
    assert again.photos.encoded == 1


def test_og_image_is_the_recommended_size(tmp_path: Path) -> None:
    out, _ = _build(_site(tmp_path), tmp_path)
    html = (out / "pilar" / "ani-suryani" / "index.html").read_text()
    og = re.search(
        r'<meta property="og:image" content="https://example.org/uji/(pilar/[^"]+)"', html
    )
    assert og is not None
    with Image.open(out / og.group(1)) as image:
        assert image.size == (1200, 630)


def _problem_for(tmp_path: Path, data: bytes, name: str = "ani.jpg") -> str:
    content = tmp_path / "content"
    shutil.copytree(FIXTURES / "full" / "content", content)
    (content / "pillars" / "2019" / "ani.jpg").unlink()
    (content / "pillars" / "2019" / name).write_bytes(data)
    if name != "ani.jpg":
        profile = content / "pillars" / "2019" / "ani-suryani.md"
        profile.write_text(profile.read_text().replace("photo: ani.jpg", f"photo: {name}"))
    report = build(content, tmp_path / "out", today=TODAY, cache_dir=tmp_path / "cache")
    assert not report.ok and report.write is None
    (problem,) = [p for p in report.problems if p.is_error]
    assert problem.path.endswith("pillars/2019/ani-suryani.md") and problem.line == 13
    return problem.message


def test_a_file_that_is_not_an_image(tmp_path: Path) -> None:
    assert (
        _problem_for(tmp_path, b"Ini bukan foto")
        == "photo 'ani.jpg' is not an image Teladan can read"
    )


def test_an_unsupported_format(tmp_path: Path) -> None:
    svg = b'<svg xmlns="http://www.w3.org/2000/svg" width="10" height="10"/>'
    assert (
        _problem_for(tmp_path, svg, "ani.svg") == "photo 'ani.svg' is not an image Teladan can read"
    )


def test_a_truncated_photo(tmp_path: Path) -> None:
    whole = io.BytesIO()
    Image.new("RGB", (800, 600), (10, 200, 30)).save(whole, "JPEG")
    message = _problem_for(tmp_path, whole.getvalue()[: len(whole.getvalue()) // 2])
    assert message.startswith("photo 'ani.jpg' cannot be read")


def test_a_photo_problem_found_while_encoding_is_told_in_indonesian(
    indonesian: None, tmp_path: Path
) -> None:
    whole = io.BytesIO()
    Image.new("RGB", (800, 600), (10, 200, 30)).save(whole, "JPEG")
    message = _problem_for(tmp_path, whole.getvalue()[: len(whole.getvalue()) // 2])
    assert message.startswith("foto 'ani.jpg' tidak bisa dibaca (")


def test_an_enormous_photo_is_refused_before_decoding(tmp_path: Path) -> None:
    bomb = io.BytesIO()
    Image.new("1", (12_000, 12_000)).save(bomb, "PNG")  # 144 megapixels in a few KB
    assert len(bomb.getvalue()) < 100_000
    message = _problem_for(tmp_path, bomb.getvalue(), "ani.png")
    assert message == "photo 'ani.png' is too large (12000×12000 pixels)"
    report = check(tmp_path / "content", today=TODAY)  # `check` sees it too, from the header
    [refused] = [p for p in report.problems if "too large" in p.message]
    # The hint's size is one a photo may have (the limit is on all its pixels, not a side).
    side = int(re.findall(r"\d+", refused.hint)[0])
    fits = io.BytesIO()
    Image.new("1", (side, side)).save(fits, "PNG")
    (tmp_path / "content" / "pillars" / "2019" / "ani.png").write_bytes(fits.getvalue())
    assert not [p for p in check(tmp_path / "content", today=TODAY).problems if p.is_error]


def test_a_missing_photo_file(tmp_path: Path) -> None:
    content = tmp_path / "content"
    shutil.copytree(FIXTURES / "full" / "content", content)
    (content / "pillars" / "2019" / "ani.jpg").unlink()
    report = check(content, today=TODAY)
    (problem,) = [p for p in report.problems if p.is_error]
    assert problem.message == "photo file 'ani.jpg' is not in pillars/2019/" and problem.line == 13


@pytest.mark.parametrize("fork", [True, False], ids=["forked", "started-afresh"])
def test_a_damaged_photo_among_many_new_ones_is_reported(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch, fork: bool
) -> None:
    """From four new photos they are encoded in worker processes, and what a worker finds
    must come back whole: a damaged photo is a problem, not a broken process pool."""
    content = tmp_path / "content"
    shutil.copytree(FIXTURES / "full" / "content", content)
    folder = content / "pillars" / "2019"
    for year, slug in [
        ("2019", "citra-dewi"),
        ("2019", "karang-taruna-maju"),
        ("2023", "dewi-papua"),
    ]:
        profile = content / "pillars" / year / f"{slug}.md"  # (with ani.jpg: four new photos)
        Image.new("RGB", (400, 300), (200, 120, 40)).save(profile.with_suffix(".jpg"), "JPEG")
        front = f"\nphoto: {slug}.jpg\nphoto_alt: Foto {slug}\n---\n"
        profile.write_text(profile.read_text().replace("\n---\n", front, 1))
    whole = (folder / "citra-dewi.jpg").read_bytes()
    (folder / "karang-taruna-maju.jpg").write_bytes(whole[: len(whole) // 2])  # cut off
    if not fork:  # (as on Windows and macOS: workers started afresh, by the spawn method)
        monkeypatch.delattr(os, "fork")
    report = build(content, tmp_path / "out", today=TODAY, cache_dir=tmp_path / "cache")
    assert report.write is None
    (problem,) = [p for p in report.problems if p.is_error]
    assert problem.path.endswith("pillars/2019/karang-taruna-maju.md")
    assert problem.message.startswith("photo 'karang-taruna-maju.jpg' cannot be read")
    assert problem.hint == "the file may be damaged or cut off; copy it again"


def test_a_photo_problem_crosses_process_boundaries_whole() -> None:
    import pickle

    from generator.images import PhotoError

    again = pickle.loads(pickle.dumps(PhotoError("cannot be read", "copy it again")))
    assert (str(again), again.hint) == ("cannot be read", "copy it again")
