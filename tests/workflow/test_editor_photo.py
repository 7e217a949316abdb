"""Photo uploads in the form editor, over real HTTP against a real preview: multipart posts as a
browser sends them, checked by content, written next to the profile without overwriting."""

from __future__ import annotations

import io
import random
import re
import uuid
from pathlib import Path
from urllib.parse import urlencode

from PIL import Image

from tests.workflow.test_editor import (
    PROFILE,
    _eventually_200,
    _form,
    _request,
    preview,  # noqa: F401  (the fixture)
)

NEW_PROFILE = {
    "name": "Foto Baru",
    "category": "tksk",
    "province": "aceh",
    "year": "2019",
    "summary": "Pendamping warga.",
    "story": "Cerita.\n",
    "photo_alt": "Foto Baru di balai desa",
}


def _jpeg(width: int = 60, height: int = 40, orientation: int = 0) -> bytes:
    out = io.BytesIO()
    exif = Image.Exif()
    if orientation:
        exif[0x0112] = orientation  # EXIF Orientation: 6 = turn 90° clockwise to show
    Image.new("RGB", (width, height), (200, 40, 40)).save(out, "JPEG", exif=exif)
    return out.getvalue()


def _multipart(fields: dict[str, str], photo: tuple[str, bytes] | None) -> tuple[bytes, str]:
    """A multipart/form-data body as browsers send it (the file part last), and its type."""
    boundary = f"----teladan{uuid.uuid4().hex}"
    parts = []
    for name, value in fields.items():
        parts.append(
            f'--{boundary}\r\nContent-Disposition: form-data; name="{name}"\r\n\r\n{value}\r\n'
        )
    body = "".join(parts).encode()
    filename, data = photo or ("", b"")
    kind = "image/jpeg" if photo else "application/octet-stream"
    body += (
        (
            f'--{boundary}\r\nContent-Disposition: form-data; name="photo"; filename="{filename}"\r\n'
            f"Content-Type: {kind}\r\n\r\n"
        ).encode()
        + data
        + f"\r\n--{boundary}--\r\n".encode()
    )
    return body, f"multipart/form-data; boundary={boundary}"


def _post(
    host: str, path: str, fields: dict[str, str], photo: tuple[str, bytes] | None
) -> tuple[int, dict[str, str], str]:
    form = _form(host, path)
    body, kind = _multipart({**form.values, **fields, "submit": "simpan"}, photo)
    return _request(
        host, "POST", form.action, body, {"Origin": f"http://{host}", "Content-Type": kind}
    )


def test_a_new_profile_with_a_photo_gets_it_next_to_it_and_on_its_page(
    preview: tuple[str, Path],  # noqa: F811
) -> None:
    host, content = preview
    form = _form(host, "/_edit/new/pilar/")
    assert form.action == "/_edit/new/pilar/"
    _, _, page = _request(host, "GET", "/_edit/new/pilar/")
    assert 'enctype="multipart/form-data"' in page
    assert 'type="file" id="e-photo" name="photo" accept="image/jpeg,image/png,image/webp"' in page
    status, headers, text = _post(
        host, "/_edit/new/pilar/", NEW_PROFILE, ("kamera 01.JPG", _jpeg(orientation=6))
    )
    assert status == 303, text
    photo = content / "pillars/2019/foto-baru.jpg"
    assert photo.read_bytes() == _jpeg(orientation=6)
    written = (content / "pillars/2019/foto-baru.md").read_text("utf-8")
    assert "photo: foto-baru.jpg\n" in written and "photo_alt: Foto Baru di balai desa\n" in written
    shown = _eventually_200(host, "/pilar/foto-baru/")
    assert 'alt="Foto Baru di balai desa"' in shown and "/pilar/foto-baru/foto-baru-" in shown
    # the form shows the current photo: the web version, upright (EXIF rotation applied)
    _, _, again = _request(host, "GET", headers["location"])
    assert (
        '<img src="/_edit/foto/pillars/2019/foto-baru.jpg" alt="Foto Baru di balai desa"' in again
    )
    assert '<input type="hidden" name="photo" value="foto-baru.jpg">' in again
    connection_status, answer_headers, _ = _request(
        host, "GET", "/_edit/foto/pillars/2019/foto-baru.jpg"
    )
    assert connection_status == 200 and answer_headers["content-type"] == "image/jpeg"


def test_the_web_version_of_the_photo_is_upright(preview: tuple[str, Path]) -> None:  # noqa: F811
    import http.client

    host, content = preview
    (content / "pillars/2019/miring.jpg").write_bytes(_jpeg(60, 40, orientation=6))
    connection = http.client.HTTPConnection(host, timeout=20)
    connection.request("GET", "/_edit/foto/pillars/2019/miring.jpg")
    answer = connection.getresponse()
    data = answer.read()
    connection.close()
    assert answer.status == 200
    assert Image.open(io.BytesIO(data)).size == (40, 60)  # turned, as phones show it


def test_a_pdf_named_jpg_is_refused_and_nothing_is_written(
    indonesian: None,
    preview: tuple[str, Path],  # noqa: F811
) -> None:
    host, content = preview
    before = sorted(p.name for p in (content / "pillars/2019").iterdir())
    pdf = b"%PDF-1.4\n1 0 obj << /Type /Catalog >> endobj\ntrailer << >>\n%%EOF\n"
    status, _, text = _post(host, "/_edit/new/pilar/", NEW_PROFILE, ("foto.jpg", pdf))
    assert status == 200
    assert 'aria-describedby="h-photo x-photo-0" aria-invalid="true"' in text
    assert "bukan gambar JPEG, PNG atau WebP" in text.split('id="x-photo-0"')[1]
    assert sorted(p.name for p in (content / "pillars/2019").iterdir()) == before


def test_a_photo_for_a_save_that_fails_its_checks_is_not_left_behind(
    preview: tuple[str, Path],  # noqa: F811
) -> None:
    host, content = preview
    before = sorted(p.name for p in (content / "pillars/2019").iterdir())
    status, _, text = _post(
        host, "/_edit/new/pilar/", {**NEW_PROFILE, "photo_alt": ""}, ("foto.jpg", _jpeg())
    )
    assert status == 200
    assert "photo_alt" in text.split('id="x-photo_alt-0"')[1]  # the build's rule, at the field
    assert sorted(p.name for p in (content / "pillars/2019").iterdir()) == before


def test_a_photo_too_large_is_refused_with_413(preview: tuple[str, Path]) -> None:  # noqa: F811
    host, content = preview
    before = sorted(p.name for p in (content / "pillars/2019").iterdir())
    status, _, _ = _post(host, "/_edit/new/pilar/", NEW_PROFILE, ("foto.jpg", b"\xff" * 22_100_000))
    assert status == 413
    assert sorted(p.name for p in (content / "pillars/2019").iterdir()) == before


def test_a_taken_photo_name_gets_a_number_and_the_other_file_is_untouched(
    preview: tuple[str, Path],  # noqa: F811
) -> None:
    host, content = preview
    existing = content / "pillars/2019/editor-contoh.jpg"
    existing.write_bytes(b"not ours")
    status, _, text = _post(
        host, f"/_edit/{PROFILE}", {"photo_alt": "Siti di kantor"}, ("baru.jpg", _jpeg())
    )
    assert status == 303, text
    assert existing.read_bytes() == b"not ours"
    assert (content / "pillars/2019/editor-contoh-2.jpg").read_bytes() == _jpeg()
    written = (content / PROFILE).read_text("utf-8")
    assert (
        "photo: editor-contoh-2.jpg" in written and "catatan_internal: ditambah tangan" in written
    )


def test_a_multipart_form_without_a_photo_saves_as_before(
    preview: tuple[str, Path],  # noqa: F811
) -> None:
    host, content = preview
    status, _, text = _post(host, f"/_edit/{PROFILE}", {"summary": "Baru lewat multipart."}, None)
    assert status == 303, text
    written = (content / PROFILE).read_text("utf-8")
    assert "summary: Baru lewat multipart." in written and "photo" not in written


def test_a_photo_larger_than_a_form_is_taken_and_named_by_its_content(
    preview: tuple[str, Path],  # noqa: F811
) -> None:
    host, content = preview
    out = io.BytesIO()
    Image.frombytes("RGB", (1000, 1000), random.randbytes(3_000_000)).save(out, "PNG")
    assert out.tell() > 2_100_000  # more than a form without a photo may send
    status, _, text = _post(
        host, f"/_edit/{PROFILE}", {"photo_alt": "Siti"}, ("foto.jpeg", out.getvalue())
    )
    assert status == 303, text
    assert (content / "pillars/2019/editor-contoh.png").read_bytes() == out.getvalue()


OLD_PHOTO = _jpeg(80, 50)


def _with_photo(content: Path) -> bytes:
    """PROFILE naming a photo of its own (OLD_PHOTO), next to it; the profile's text."""
    (content / "pillars/2019/editor-contoh.jpg").write_bytes(OLD_PHOTO)
    named = b"photo: editor-contoh.jpg\r\nphoto_alt: Siti lama\r\ntags: [satu, dua]"
    text = (content / PROFILE).read_bytes().replace(b"tags: [satu, dua]", named)
    (content / PROFILE).write_bytes(text)
    return text


def _replace_photo(host: str) -> None:
    """Send PROFILE's form with a new photo; the save must be accepted."""
    status, _, text = _post(
        host, f"/_edit/{PROFILE}", {"photo_alt": "Siti baru"}, ("b.jpg", _jpeg())
    )
    assert status == 303, text


def test_a_replaced_photo_goes_to_the_trash_and_can_be_restored(
    preview: tuple[str, Path],  # noqa: F811
) -> None:
    host, content = preview
    _with_photo(content)
    _replace_photo(host)
    folder = content / "pillars/2019"
    assert "photo: editor-contoh-2.jpg" in (content / PROFILE).read_text("utf-8")
    assert (folder / "editor-contoh-2.jpg").read_bytes() == _jpeg()
    assert not (folder / "editor-contoh.jpg").exists()  # not left orphaned beside the profile
    trashed = list((content.parent / ".teladan-sampah").rglob("editor-contoh.jpg"))
    assert [t.read_bytes() for t in trashed] == [OLD_PHOTO]
    _, _, listing = _request(host, "GET", "/_edit/_sampah/")
    items = re.findall(r'name="item" value="([^"]+)"', listing)
    assert [i.split("/", 1)[1] for i in items] == ["pillars/2019/editor-contoh.jpg"]
    token = _form(host, "/_edit/new/pilar/").values["token"]
    body = urlencode({"token": token, "item": items[0]}).encode()
    status, _, _ = _request(host, "POST", "/_edit/_sampah/", body, {"Origin": f"http://{host}"})
    assert status == 303 and (folder / "editor-contoh.jpg").read_bytes() == OLD_PHOTO  # restored


def test_a_replaced_photo_another_profile_names_stays(
    preview: tuple[str, Path],  # noqa: F811
) -> None:
    host, content = preview
    text = _with_photo(content)
    twin = content / "pillars/2019/kembaran.md"
    twin.write_bytes(text.replace(b"'Siti Editor'", b"'Siti Kembaran'"))
    _replace_photo(host)
    assert (content / "pillars/2019/editor-contoh.jpg").read_bytes() == OLD_PHOTO
    assert not (content.parent / ".teladan-sampah").exists()


def test_a_replaced_photo_that_cannot_go_to_the_trash_stays_and_the_save_holds(
    preview: tuple[str, Path],  # noqa: F811
) -> None:
    host, content = preview
    _with_photo(content)
    (content.parent / ".teladan-sampah").write_bytes(b"a file where the trash folder goes")
    _replace_photo(host)
    assert "photo: editor-contoh-2.jpg" in (content / PROFILE).read_text("utf-8")
    assert (content / "pillars/2019/editor-contoh.jpg").read_bytes() == OLD_PHOTO
