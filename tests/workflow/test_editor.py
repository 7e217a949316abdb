"""The form editor of `teladan serve` (/_edit/), over real HTTP against a real preview process,
submitting its forms the way a browser without JavaScript does."""

from __future__ import annotations

import http.client
import re
import subprocess
import sys
import time
from collections.abc import Iterator
from pathlib import Path
from urllib.parse import urlencode, urlsplit

import pytest

from tests.conftest import copy_warm
from tests.tools import FormFields as _Form
from tests.tools import preview as running_preview

WAIT = 20.0
PROFILE = "pillars/2019/editor-contoh.md"
STORY = "Cerita **pertama**.\r\n\r\nBaris kedua dengan spasi di akhir   \r\n"
HAND_WRITTEN = (
    "\ufeff---\r\n"
    "# Catatan redaksi: jangan ubah urutan\r\n"
    "name: 'Siti Editor'\r\n"
    "category: tksk\r\n"
    "province: jawa-barat   # provinsi asal\r\n"
    "year: 2019\r\n"
    "summary: Ringkasan lama.\r\n"
    "catatan_internal: ditambah tangan\r\n"
    "tags: [satu, dua]\r\n"
    "---\r\n" + STORY
)


@pytest.fixture
def preview(tmp_path: Path, warm_sample: Path) -> Iterator[tuple[str, Path]]:
    content = copy_warm(warm_sample, tmp_path)
    (content / PROFILE).write_bytes(HAND_WRITTEN.encode())
    with running_preview(content) as process:
        yield f"127.0.0.1:{process.args[-1]}", content


def _request(
    host: str, method: str, path: str, body: bytes = b"", headers: dict[str, str] | None = None
) -> tuple[int, dict[str, str], str]:
    connection = http.client.HTTPConnection(host, timeout=20)
    connection.putrequest(method, path, skip_host=True, skip_accept_encoding=True)
    sent = {"Host": host, **(headers or {})}
    if method == "POST":
        sent.setdefault("Content-Type", "application/x-www-form-urlencoded")
        sent.setdefault("Content-Length", str(len(body)))
    for name, value in sent.items():
        connection.putheader(name, value)
    connection.endheaders(body or None)
    answer = connection.getresponse()
    text = answer.read().decode("utf-8", "replace")
    connection.close()
    return answer.status, {k.lower(): v for k, v in answer.getheaders()}, text


def _form(host: str, path: str) -> _Form:
    status, _, text = _request(host, "GET", path)
    assert status == 200, text
    parsed = _Form()
    parsed.feed(text)
    return parsed


def _submit(
    host: str, form: _Form, headers: dict[str, str] | None = None, **changes: str
) -> tuple[int, dict[str, str], str]:
    values = {**form.values, **changes, "submit": "simpan"}
    body = urlencode({k: v for k, v in values.items() if v is not None}).encode()
    return _request(
        host, "POST", form.action, body, {"Origin": f"http://{host}", **(headers or {})}
    )


def _eventually_200(host: str, path: str) -> str:
    deadline = time.monotonic() + WAIT
    while time.monotonic() < deadline:
        status, _, text = _request(host, "GET", path)
        if status == 200:
            return text
        time.sleep(0.2)
    pytest.fail(f"{path} not shown within {WAIT} s")


def test_new_profile_form_creates_the_file_and_its_page(
    indonesian: None, preview: tuple[str, Path]
) -> None:
    host, content = preview
    form = _form(host, "/_edit/new/pilar/")
    status, headers, text = _submit(
        host, form, name="Rahmat Baru", category="tksk", province="aceh", year="2019",
        summary="Pendamping: warga #1 di desanya.", achievements="Juara lomba\n- rapi",
        draft="", story="Ia **bekerja** keras.\r\n",
    )  # fmt: skip
    assert status == 303, text
    file = content / "pillars/2019/rahmat-baru.md"
    assert headers["location"] == "/_edit/pillars/2019/rahmat-baru.md?tersimpan=1"
    written = file.read_text("utf-8")
    assert 'summary: "Pendamping: warga #1 di desanya."' in written
    assert "achievements:\n  - Juara lomba\n  - rapi\n" in written  # ("- " is the list's mark)
    assert written.endswith("---\nIa **bekerja** keras.\n")
    page = _eventually_200(host, "/pilar/rahmat-baru/")
    assert "Rahmat Baru" in page and "/_edit/pillars/2019/rahmat-baru.md" in page  # Sunting
    _, _, saved = _request(host, "GET", headers["location"])
    assert "Tersimpan" in saved and 'href="/pilar/rahmat-baru/"' in saved
    # the same name again never replaces the file
    status, _, text = _submit(host, _form(host, "/_edit/new/pilar/"), name="Rahmat Baru",
                              category="tksk", province="aceh", year="2019")  # fmt: skip
    assert status == 200 and "sudah dipakai oleh pillars/2019/rahmat-baru.md" in text
    assert file.read_text("utf-8") == written


def test_editing_a_summary_keeps_comments_hand_added_fields_and_the_story(
    preview: tuple[str, Path],
) -> None:
    host, content = preview
    form = _form(host, f"/_edit/{PROFILE}")
    assert form.values["summary"] == "Ringkasan lama." and form.values["tags"] == "satu\ndua"
    status, _, text = _submit(host, form, summary="Ringkasan baru: lebih jelas.")
    assert status == 303, text
    expected = HAND_WRITTEN.replace(
        "summary: Ringkasan lama.", 'summary: "Ringkasan baru: lebih jelas."'
    )
    assert (content / PROFILE).read_bytes() == expected.encode()


def test_a_hand_edit_after_the_form_loaded_is_never_overwritten(
    indonesian: None,
    preview: tuple[str, Path],
) -> None:
    host, content = preview
    form = _form(host, f"/_edit/{PROFILE}")
    hand_edit = HAND_WRITTEN.replace("Ringkasan lama.", "Diubah di Notepad.").encode()
    (content / PROFILE).write_bytes(hand_edit)
    status, _, text = _submit(host, form, summary="Dari formulir.")
    assert status == 200
    assert "diubah di luar formulir" in text and "Diubah di Notepad." in text
    assert "Dari formulir." in text  # the person's version is shown, not lost
    assert (content / PROFILE).read_bytes() == hand_edit


def test_a_refused_save_shows_the_differences_escaped_above_both_versions(
    indonesian: None,
    preview: tuple[str, Path],
) -> None:
    host, content = preview
    form = _form(host, f"/_edit/{PROFILE}")
    hand_edit = HAND_WRITTEN.replace("Ringkasan lama.", "Diubah di Notepad.").encode()
    (content / PROFILE).write_bytes(hand_edit)
    status, _, text = _submit(host, form, summary="Dari <formulir> & co.")
    assert status == 200 and (content / PROFILE).read_bytes() == hand_edit
    assert "<formulir>" not in text  # escaped everywhere
    diff = text[text.index('<pre class="diff">') : text.index("Isi berkas sekarang")]
    line = r'<span class="sr">(.*?)</span><span aria-hidden="true">(.*?)</span>(.*?)</span>'
    removed = [(a + b, c) for a, b, c in re.findall('<span class="del">' + line, diff)]
    added = [(a + b, c) for a, b, c in re.findall('<span class="add">' + line, diff)]
    assert any("Diubah di Notepad." in line for _, line in removed), diff
    assert any("Dari &lt;formulir&gt; &amp; co." in line for _, line in added), diff
    # marked by text, not colour alone: a sign for the eye, a label for screen readers
    assert all("Hanya di berkas sekarang" in label and "−" in label for label, _ in removed)
    assert all("Hanya di versi Anda" in label and "+" in label for label, _ in added)
    assert "catatan_internal: ditambah tangan" not in "".join(t for _, t in removed + added)


def test_a_mistyped_province_is_shown_next_to_the_field_and_nothing_is_written(
    preview: tuple[str, Path],
) -> None:
    host, content = preview
    form = _form(host, f"/_edit/{PROFILE}")
    status, _, text = _submit(host, form, province="jawa-barar", summary="Baru.")
    assert status == 200
    assert 'aria-describedby="h-province x-province-0"' in text
    assert "Province &#x27;jawa-barar&#x27; is not a province" in text.split('id="x-province-0"')[1]
    assert 'value="Baru."' not in text and ">\nBaru.</textarea>" in text  # typed values kept
    assert (content / PROFILE).read_bytes() == HAND_WRITTEN.encode()
    assert not (content / "pillars/2019/jawa-barar.md").exists()


def test_a_mistyped_province_is_told_in_indonesian_next_to_the_field(
    indonesian: None, preview: tuple[str, Path]
) -> None:
    host, content = preview
    form = _form(host, f"/_edit/{PROFILE}")
    status, _, text = _submit(host, form, province="jawa-barar", summary="Baru.")
    assert status == 200
    beside = text.split('id="x-province-0"')[1].split("</")[0]
    assert (
        "Provinsi &#x27;jawa-barar&#x27; tidak ada; maksud Anda &#x27;jawa-barat&#x27;?" in beside
    )
    assert "tulis province: jawa-barat" in beside
    assert "is not a province" not in text
    assert (content / PROFILE).read_bytes() == HAND_WRITTEN.encode()


@pytest.mark.parametrize(
    "headers",
    [
        {"Origin": "http://evil.example"},
        {"Origin": "null"},
        {"Origin": "", "Referer": "http://evil.example/page"},
    ],
)
def test_a_post_from_another_site_is_refused(
    preview: tuple[str, Path], headers: dict[str, str]
) -> None:
    host, content = preview
    form = _form(host, f"/_edit/{PROFILE}")
    status, _, _ = _submit(host, form, headers, summary="Dari situs lain.")
    assert status == 403
    assert (content / PROFILE).read_bytes() == HAND_WRITTEN.encode()


def test_a_post_to_another_host_name_or_without_the_token_is_refused(
    indonesian: None,
    preview: tuple[str, Path],
) -> None:
    host, content = preview
    form = _form(host, f"/_edit/{PROFILE}")
    # DNS rebinding: the attacker's name pointed at 127.0.0.1, sent as Host and Origin
    rebound = {"Host": f"evil.example:{host.split(':')[1]}", "Origin": "http://evil.example"}
    assert _submit(host, form, rebound, summary="X.")[0] == 403
    assert _submit(host, form, token="", summary="X.")[0] == 403
    # a wrong token from the preview's own page is taken for one of an earlier start: the form
    # comes back to be sent again, nothing written
    status, _, text = _submit(host, form, token="tebakan", summary="X.")
    assert status == 200 and "tekan Simpan sekali lagi" in text
    assert (content / PROFILE).read_bytes() == HAND_WRITTEN.encode()


@pytest.mark.parametrize(
    "path",
    ["/_edit/../content/site.yaml", "/_edit/pillars/../site.yaml", "/_edit/%2e%2e/site.yaml",
     "/_edit//etc/passwd", "/_edit/pillars/2019/..%2f..%2fsite.yaml"],
)  # fmt: skip
def test_paths_leaving_the_content_folder_are_refused(preview: tuple[str, Path], path: str) -> None:
    host, _ = preview
    assert _request(host, "GET", path)[0] == 400


def test_paths_outside_pillars_and_news_are_not_editable(preview: tuple[str, Path]) -> None:
    host, _ = preview
    assert _request(host, "GET", "/_edit/site.yaml")[0] == 404
    assert _request(host, "GET", "/_edit/pillars/2019/tidak-ada.md")[0] == 404


def test_an_oversized_body_is_refused(preview: tuple[str, Path]) -> None:
    host, content = preview
    form = _form(host, f"/_edit/{PROFILE}")
    status, _, _ = _submit(host, form, story="x" * 2_100_000)
    assert status == 413
    assert (content / PROFILE).read_bytes() == HAND_WRITTEN.encode()


def test_the_list_shows_every_profile_and_press_release_and_filters(
    preview: tuple[str, Path],
) -> None:
    host, content = preview
    _, _, everything = _request(host, "GET", "/_edit/")
    files = [*(content / "pillars").rglob("*.md"), *(content / "news").rglob("*.md")]
    for file in files:
        assert f'href="/_edit/{file.relative_to(content).as_posix()}"' in everything
    assert 'href="/_edit/new/pilar/"' in everything and 'href="/_edit/new/berita/"' in everything
    _, _, found = _request(host, "GET", "/_edit/?q=siti+editor&year=2019")
    assert f"/_edit/{PROFILE}" in found and found.count("<tr>") == 2  # heading + one row
    assert urlsplit(f"http://{host}/").port  # (the list needs no JavaScript: plain GET form)


def test_previewed_pages_link_to_their_form_and_the_built_site_does_not(
    indonesian: None, preview: tuple[str, Path], tmp_path: Path
) -> None:
    host, content = preview
    # (a press release, not its translation: *.en.md)
    release = next(p for p in sorted((content / "news").glob("*.md")) if p.suffixes == [".md"])
    page = _eventually_200(host, f"/berita/{release.stem}/")
    assert f'href="/_edit/news/{release.name}">Sunting</a>' in page
    page = _eventually_200(host, "/pilar/editor-contoh/")
    assert f'href="/_edit/{PROFILE}">Sunting</a>' in page
    page = _eventually_200(host, "/tentang/")
    assert 'href="/_edit/pages/tentang.md">Sunting</a>' in page
    page = _eventually_200(host, "/tahun/2019/")
    assert 'href="/_edit/selections/2019.md">Sunting</a>' in page
    page = _eventually_200(host, "/tahun/2023/")  # no selection file: nothing to edit
    assert "Sunting</a>" not in page
    output = tmp_path / "output"
    subprocess.run(
        [sys.executable, "-m", "generator", "build", "--content", str(content),
         "--output", str(output)],
        check=True, capture_output=True,
    )  # fmt: skip
    built = [p for p in output.rglob("*.html")]
    assert len(built) > 20
    assert not [p for p in built if b"/_edit/" in p.read_bytes() or b"Sunting" in p.read_bytes()]


def test_a_file_whose_fields_cannot_be_read_is_not_saved_into(
    indonesian: None, preview: tuple[str, Path]
) -> None:
    host, content = preview
    broken = HAND_WRITTEN.replace("summary: Ringkasan lama.", "summary: satu: dua: tiga").encode()
    form = _form(host, f"/_edit/{PROFILE}")  # (opened before the file was broken: no form after)
    (content / PROFILE).write_bytes(broken)
    status, _, text = _submit(host, form, summary="Baru.")
    assert status == 200 and "tidak terbaca" in text and "baris 7" in text
    assert "\nBaru.</textarea>" in text  # (what was typed stays in the form)
    assert (content / PROFILE).read_bytes() == broken


def test_a_new_press_release_is_made_from_its_form(preview: tuple[str, Path]) -> None:
    host, content = preview
    form = _form(host, "/_edit/new/berita/")
    assert "story" in form.values and "title" in form.values
    status, _, text = _submit(
        host, form, title="Siaran Uji Formulir", date="2019-11-10", location="Jakarta",
        story="Isi siaran.\n", draft="",
    )  # fmt: skip
    assert status == 303, text
    written = (content / "news/siaran-uji-formulir.md").read_text("utf-8")
    assert (
        written
        == "---\ntitle: Siaran Uji Formulir\ndate: 2019-11-10\nlocation: Jakarta\n---\nIsi siaran.\n"
    )
    assert "Isi siaran." in _eventually_200(host, "/berita/siaran-uji-formulir/")


def test_a_post_with_the_preview_as_referer_and_no_origin_is_accepted(
    preview: tuple[str, Path],
) -> None:
    host, content = preview
    form = _form(host, f"/_edit/{PROFILE}")
    referer = {"Origin": "", "Referer": f"http://{host}/_edit/{PROFILE}"}
    assert _submit(host, form, referer, summary="Lewat Referer.")[0] == 303
    assert b"summary: Lewat Referer." in (content / PROFILE).read_bytes()


def test_the_list_tells_drafts_and_scheduled_files_and_follows_edits(
    preview: tuple[str, Path],
) -> None:
    host, content = preview
    later = HAND_WRITTEN.replace("year: 2019\r\n", "year: 2019\r\ndate: 2099-01-01\r\n")
    (content / PROFILE).write_bytes(later.encode())
    (content / "pillars/2019/draf-contoh.md").write_text(
        "---\nname: Draf Contoh\ncategory: tksk\nprovince: aceh\nyear: 2019\ndraft: true\n---\n"
    )
    _, _, drafts = _request(host, "GET", "/_edit/?state=draf")
    assert "Draf Contoh" in drafts and "Siti Editor" not in drafts
    _, _, scheduled = _request(host, "GET", "/_edit/?state=terjadwal")
    assert "Siti Editor" in scheduled and "Draf Contoh" not in scheduled
    (content / PROFILE).write_bytes(later.replace("'Siti Editor'", "'Siti Diganti'").encode())
    _, _, again = _request(host, "GET", "/_edit/?state=terjadwal")
    assert "Siti Diganti" in again and "Siti Editor" not in again


def test_saving_an_untouched_form_leaves_every_sample_file_byte_for_byte(
    preview: tuple[str, Path],
) -> None:
    host, content = preview
    files = sorted([*(content / "pillars").rglob("*.md"), *(content / "news").rglob("*.md")])
    before = {file: file.read_bytes() for file in files}
    for file in files:
        form = _form(host, f"/_edit/{file.relative_to(content).as_posix()}")
        status, _, text = _submit(host, form)
        assert status == 303, (file.name, text[text.find("<main>") :][:2000])
    assert {file: file.read_bytes() for file in files} == before
