"""The web version of a photo the editor shows (generator.editphoto.served)."""

from __future__ import annotations

import io
from pathlib import Path

import pytest
from PIL import Image

from generator import editphoto, images


def _jpeg(colour: tuple[int, int, int]) -> bytes:
    out = io.BytesIO()
    Image.new("RGB", (60, 40), colour).save(out, "JPEG")
    return out.getvalue()


def test_a_photo_is_encoded_once_per_content(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    encoded: list[bytes] = []
    encode = images.encode_photo

    def counted(data: bytes) -> list[images.Encoded]:
        encoded.append(data)
        return encode(data)

    monkeypatch.setattr(images, "encode_photo", counted)
    photo = tmp_path / "pillars" / "2019" / "siti.jpg"
    photo.parent.mkdir(parents=True)
    photo.write_bytes(_jpeg((200, 40, 40)))
    first = editphoto.served(tmp_path, "pillars/2019/siti.jpg", ["pillars"])
    again = editphoto.served(tmp_path, "pillars/2019/siti.jpg", ["pillars"])
    assert first[0] == "200 OK" and again == first and len(encoded) == 1
    photo.write_bytes(_jpeg((40, 40, 200)))  # replaced: a new web version, of the new photo
    changed = editphoto.served(tmp_path, "pillars/2019/siti.jpg", ["pillars"])
    assert len(encoded) == 2 and changed[1] != first[1]
    assert Image.open(io.BytesIO(changed[1])).getpixel((30, 20))[2] > 150


def test_only_a_few_web_versions_are_kept(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    encoded: list[bytes] = []
    encode = images.encode_photo
    monkeypatch.setattr(images, "encode_photo", lambda data: encoded.append(data) or encode(data))
    folder = tmp_path / "pillars"
    folder.mkdir()
    for number in range(editphoto.KEEP + 1):
        (folder / f"{number}.jpg").write_bytes(_jpeg((number * 12, 7, 7)))
        assert editphoto.served(tmp_path, f"pillars/{number}.jpg", ["pillars"])[0] == "200 OK"
    assert len(encoded) == editphoto.KEEP + 1
    editphoto.served(tmp_path, f"pillars/{editphoto.KEEP}.jpg", ["pillars"])  # (still kept)
    editphoto.served(tmp_path, "pillars/0.jpg", ["pillars"])  # (the oldest: made again)
    assert len(encoded) == editphoto.KEEP + 2
