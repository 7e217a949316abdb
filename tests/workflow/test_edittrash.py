"""Delete and restore in the editor of `teladan serve`: over HTTP against a real preview."""

from __future__ import annotations

import re
import time
from pathlib import Path
from urllib.parse import urlencode, urlsplit

import pytest

from tests.workflow.test_editor import _form, _request, preview  # noqa: F401 (the fixture)

PROFILE = "pillars/2019/lalu-muhammad-hasbi.md"
PHOTO = "pillars/2019/lalu-muhammad-hasbi.jpg"
PAGE = "/pilar/lalu-muhammad-hasbi/"
WAIT = 20.0


def _post(host: str, path: str, **values: str) -> tuple[int, dict[str, str], str]:
    body = urlencode(values).encode()
    return _request(host, "POST", path, body, {"Origin": f"http://{host}"})


def _eventually(host: str, path: str, status: int) -> None:
    deadline = time.monotonic() + WAIT
    while time.monotonic() < deadline:
        if _request(host, "GET", path)[0] == status:
            return
        time.sleep(0.2)
    pytest.fail(f"{path} did not answer {status} within {WAIT} s")


def _delete(host: str) -> str:
    """Press "Hapus" on the profile's form, then confirm; the trash's item."""
    status, _, form_page = _request(host, "GET", f"/_edit/{PROFILE}")
    token, loaded = _loaded(host, PROFILE)
    assert f'action="/_edit/_hapus/{PROFILE}"' in form_page and ">Hapus</button>" in form_page
    status, _, asked = _post(host, f"/_edit/_hapus/{PROFILE}", token=token, digest=loaded)
    assert status == 200 and f"Yakin hapus {PROFILE}?" in asked  # the first press only asks
    assert '<input type="hidden" name="yakin" value="ya">' in asked
    assert f'<input type="hidden" name="digest" value="{loaded}">' in asked
    status, headers, _ = _post(
        host, f"/_edit/_hapus/{PROFILE}", token=token, digest=loaded, yakin="ya"
    )
    assert status == 303 and urlsplit(headers["location"]).path == "/_edit/_sampah/"
    listing = _request(host, "GET", "/_edit/_sampah/")[2]
    items = re.findall(r'name="item" value="([^"]+)"', listing)
    assert len(items) == 1 and items[0].endswith("/" + PROFILE)
    return items[0]


def test_delete_asks_then_moves_the_file_and_its_photo_to_the_trash(
    indonesian: None,
    preview: tuple[str, Path],  # noqa: F811
) -> None:
    host, content = preview
    profile, photo = (content / PROFILE).read_bytes(), (content / PHOTO).read_bytes()
    _eventually(host, PAGE, 200)
    assert 'href="/_edit/_sampah/"' in _request(host, "GET", "/_edit/")[2]
    token = _form(host, f"/_edit/{PROFILE}").values["token"]
    _post(host, f"/_edit/_hapus/{PROFILE}", token=token)
    assert (content / PROFILE).read_bytes() == profile  # asking moved nothing
    item = _delete(host)
    assert not (content / PROFILE).exists() and not (content / PHOTO).exists()
    trashed = content.parent / ".teladan-sampah" / item
    assert trashed.read_bytes() == profile
    assert (trashed.parent / "lalu-muhammad-hasbi.jpg").read_bytes() == photo
    _eventually(host, PAGE, 404)  # the preview no longer shows the page


def test_restore_puts_both_back_byte_for_byte(indonesian: None, preview: tuple[str, Path]) -> None:  # noqa: F811
    host, content = preview
    profile, photo = (content / PROFILE).read_bytes(), (content / PHOTO).read_bytes()
    item = _delete(host)
    token = _form(host, "/_edit/new/pilar/").values["token"]
    status, headers, _ = _post(host, "/_edit/_sampah/", token=token, item=item)
    assert status == 303 and urlsplit(headers["location"]).path == f"/_edit/{PROFILE}"
    assert (content / PROFILE).read_bytes() == profile
    assert (content / PHOTO).read_bytes() == photo
    assert "Tempat sampah kosong" in _request(host, "GET", "/_edit/_sampah/")[2]
    _eventually(host, PAGE, 200)


def test_restore_is_refused_when_the_name_is_taken_again(
    indonesian: None,
    preview: tuple[str, Path],  # noqa: F811
) -> None:
    host, content = preview
    profile = (content / PROFILE).read_bytes()
    item = _delete(host)
    newer = profile.replace(b"rank: 3", b"rank: 2")
    (content / PROFILE).write_bytes(newer)
    status, _, text = _post(host, "/_edit/_sampah/", token=_token(host), item=item)
    assert status == 200 and "tidak dipulihkan" in text and 'role="alert"' in text
    assert (content / PROFILE).read_bytes() == newer  # nothing replaced
    assert (content.parent / ".teladan-sampah" / item).read_bytes() == profile
    assert not (content / PHOTO).exists()  # and nothing half-restored


@pytest.mark.parametrize(
    "item",
    [
        "20261206-000000-000000/../../content/pillars/2019/lalu-muhammad-hasbi.md",
        "../content/pillars/2019/lalu-muhammad-hasbi.md",
        "20261206-000000-000000/categories.yaml",
        "20261206-000000-000000//etc/passwd",
    ],
)
def test_restore_refuses_paths_outside_the_trash(
    preview: tuple[str, Path],  # noqa: F811
    item: str,
) -> None:
    host, content = preview
    status, _, _ = _post(host, "/_edit/_sampah/", token=_token(host), item=item)
    assert status == 400
    assert (content / PROFILE).is_file()


@pytest.mark.parametrize("path", ["/_edit/_hapus/../site.yaml", "/_edit/_hapus/categories.yaml"])
def test_delete_refuses_paths_outside_profiles_and_press_releases(
    preview: tuple[str, Path],  # noqa: F811
    path: str,
) -> None:
    host, content = preview
    status, _, _ = _post(host, path, token=_token(host), yakin="ya")
    assert status in (400, 404)
    assert not (content.parent / ".teladan-sampah").exists()


def test_delete_from_another_site_is_refused(preview: tuple[str, Path]) -> None:  # noqa: F811
    host, content = preview
    body = urlencode({"token": _token(host), "yakin": "ya"}).encode()
    status, _, _ = _request(
        host, "POST", f"/_edit/_hapus/{PROFILE}", body, {"Origin": "http://evil.example"}
    )
    assert status == 403 and (content / PROFILE).is_file()


def _token(host: str) -> str:
    return _form(host, "/_edit/new/pilar/").values["token"]


def _loaded(host: str, rel: str) -> tuple[str, str]:
    """The token and the digest a file's form carries (its "Hapus" sends both)."""
    values = _form(host, f"/_edit/{rel}").values
    return values["token"], values["digest"]


@pytest.mark.parametrize("confirmed", [{}, {"yakin": "ya"}])
def test_a_file_changed_since_its_form_was_loaded_is_not_trashed(
    preview: tuple[str, Path],  # noqa: F811
    confirmed: dict[str, str],
) -> None:
    host, content = preview
    token, loaded = _loaded(host, PROFILE)
    hand_edit = (content / PROFILE).read_bytes().replace(b"rank: 3", b"rank: 2  # diubah")
    (content / PROFILE).write_bytes(hand_edit)
    path = f"/_edit/_hapus/{PROFILE}"
    status, _, text = _post(host, path, token=token, digest=loaded, **confirmed)
    assert status == 200 and 'role="alert"' in text
    assert "changed outside the form" in text and "rank: 2  # diubah" in text  # the file now
    assert f'href="/_edit/{PROFILE}"' in text
    assert (content / PROFILE).read_bytes() == hand_edit and (content / PHOTO).is_file()
    assert not (content.parent / ".teladan-sampah").exists()
    _post(host, path, token=token, **confirmed)  # (a form without its digest: the same)
    assert (content / PROFILE).read_bytes() == hand_edit
    assert not (content.parent / ".teladan-sampah").exists()


def test_the_confirmation_names_the_files_that_mention_the_profile(
    indonesian: None,
    preview: tuple[str, Path],  # noqa: F811
) -> None:
    host, content = preview
    named = "pillars/2019/ujang-saepudin.md"
    status, _, asked = _post(
        host, f"/_edit/_hapus/{named}", token=_token(host), digest=_loaded(host, named)[1]
    )
    assert status == 200 and "disebut di berkas lain" in asked
    mention = "news/pemilihan-pilar-sosial-teladan-2019.md"
    assert f'<li><a href="/_edit/{mention}">{mention}</a></li>' in asked  # (to its form)
    _, _, alone = _post(
        host, f"/_edit/_hapus/{PROFILE}", token=_token(host), digest=_loaded(host, PROFILE)[1]
    )
    assert "disebut di berkas lain" not in alone
    assert (content / named).is_file()
