"""The editor's faults a communications officer found in review (issue 19), over real HTTP
against a real preview: each test here failed before its fix."""

from __future__ import annotations

import datetime
import json
import re
import signal
import subprocess
import sys
from pathlib import Path
from urllib.parse import urlencode

from generator.serve import lan_addresses
from tests.conftest import REPO
from tests.tools import free_port, wait_for_port
from tests.tools import preview as running_preview
from tests.workflow.test_editor import (
    PROFILE,
    _Form,
    _form,
    _request,
    _submit,
    preview,  # noqa: F401  (the fixture)
)
from tests.workflow.test_editor_photo import NEW_PROFILE, _jpeg, _post

NEWS = "news/mensos-temui-pemenang-pilar-sosial-teladan-2019.md"


def test_editor_pages_do_not_reload_by_themselves_but_site_pages_do(
    preview: tuple[str, Path],  # noqa: F811
) -> None:
    host, _ = preview
    for path in ("/_edit/", f"/_edit/{PROFILE}", "/_edit/new/pilar/"):
        status, _, text = _request(host, "GET", path)
        assert status == 200 and "livereload" not in text, path
    status, _, text = _request(host, "GET", "/")
    assert status == 200 and "livereload.js" in text


def test_the_live_check_tells_a_file_changed_on_disk(preview: tuple[str, Path]) -> None:  # noqa: F811
    host, content = preview
    form = _form(host, f"/_edit/{PROFILE}")
    body = urlencode({**form.values, "summary": "Baru."}).encode()
    origin = {"Origin": f"http://{host}"}
    _, _, text = _request(host, "POST", f"/_edit/_check/{PROFILE}", body, origin)
    assert json.loads(text)["changed"] is False
    file = content / PROFILE
    file.write_bytes(file.read_bytes().replace(b"Ringkasan lama.", b"Dari Notepad."))
    _, _, text = _request(host, "POST", f"/_edit/_check/{PROFILE}", body, origin)
    assert json.loads(text)["changed"] is True


def test_a_press_release_naming_no_profile_is_refused_as_the_build_refuses_it(
    preview: tuple[str, Path],  # noqa: F811
) -> None:
    host, content = preview
    before = (content / NEWS).read_bytes()
    form = _form(host, f"/_edit/{NEWS}")
    typed = "karang-taruna-widya-sentana\nSiti Rahayu"
    status, _, text = _submit(host, form, pillars=typed)
    assert status == 200, text
    assert "Tersimpan" not in text and (content / NEWS).read_bytes() == before
    # next to the field it concerns, tied to it for screen readers
    assert re.search(r'<p class="error" id="x-pillars-0">[^<]*Siti Rahayu', text)
    assert 'aria-describedby="h-pillars x-pillars-0" aria-invalid="true"' in text
    # and the check as you type says the same before anything is sent
    body = urlencode({**form.values, "pillars": typed}).encode()
    origin = {"Origin": f"http://{host}"}
    _, _, answer = _request(host, "POST", f"/_edit/_check/{NEWS}", body, origin)
    assert "Siti Rahayu" in " ".join(json.loads(answer)["errors"]["pillars"])
    # a real profile's file name saves
    status, _, text = _submit(host, _form(host, f"/_edit/{NEWS}"), pillars="yakomina-mahuze")
    assert status == 303, text


def test_the_pillars_field_lists_the_profiles_file_names(preview: tuple[str, Path]) -> None:  # noqa: F811
    host, _ = preview
    _, _, text = _request(host, "GET", f"/_edit/{NEWS}")
    choices = text.partition('id="c-pillars"')[2].partition("</details>")[0]
    assert "<code>yakomina-mahuze</code> Yakomina Mahuze" in choices


def test_a_refused_save_says_so_at_the_top_and_in_the_title(
    indonesian: None,
    preview: tuple[str, Path],  # noqa: F811
) -> None:
    host, _ = preview
    form = _form(host, f"/_edit/{PROFILE}")
    status, _, text = _submit(host, form, province="jawa-barar", summary="Baru.")
    assert status == 200
    title = re.search(r"<title>([^<]*)</title>", text)
    assert title and title[1].startswith("Belum disimpan: ")
    top = text.index('id="error-summary"')
    assert top < text.index("<form") and 'role="alert"' in text[top - 60 : top + 80]
    assert 'tabindex="-1" autofocus' in text[top : top + 80]
    link = re.search(r'<a href="#e-province">Provinsi: ([^<]*)</a>', text)
    assert link and "jawa-barar" in link[1]
    # a form that saves has no summary and its usual title
    _, _, text = _request(host, "GET", f"/_edit/{PROFILE}")
    assert "error-summary" not in text and "<title>Belum" not in text


def test_after_a_refused_save_one_more_simpan_saves_both_changes(
    indonesian: None,
    preview: tuple[str, Path],  # noqa: F811
) -> None:
    host, content = preview
    file = content / PROFILE
    form = _form(host, f"/_edit/{PROFILE}")
    hand_edit = file.read_bytes().replace(b"year: 2019", b"year: 2019\r\nsince: 2008 # dicek")
    file.write_bytes(hand_edit)
    status, _, text = _submit(host, form, summary="Dari formulir.")
    assert status == 200 and "diubah di luar formulir" in text and file.read_bytes() == hand_edit
    again = _Form()
    again.feed(text)
    # the form now holds the file as it is (the hand edit) with the person's change on top
    assert again.values["since"] == "2008" and again.values["summary"] == "Dari formulir."
    status, _, text = _submit(host, again)
    assert status == 303, text
    saved = file.read_bytes()
    assert b"since: 2008 # dicek\r\n" in saved and b"summary: Dari formulir.\r\n" in saved
    assert saved == hand_edit.replace(b"Ringkasan lama.", b"Dari formulir.")


def test_a_photo_chosen_before_a_refused_save_is_kept_for_the_next(
    indonesian: None,
    preview: tuple[str, Path],  # noqa: F811
) -> None:
    host, content = preview
    typed = {**NEW_PROFILE, "province": "jawa-barar"}
    status, _, text = _post(host, "/_edit/new/pilar/", typed, ("kamera 01.JPG", _jpeg()))
    assert status == 200 and not list(content.rglob("foto-baru.*"))
    assert "Foto diterima: kamera 01.JPG" in text
    again = _Form()
    again.feed(text)
    assert again.values["photo_kept_name"] == "kamera 01.JPG"
    status, _, text = _submit(host, again, province="aceh")  # (no file sent this time)
    assert status == 303, text
    written = (content / "pillars/2019/foto-baru.md").read_text("utf-8")
    assert "photo: foto-baru.jpg\n" in written and "photo_alt: Foto Baru di balai desa\n" in written
    assert (content / "pillars/2019/foto-baru.jpg").read_bytes() == _jpeg()


def test_a_form_from_before_a_restart_comes_back_to_be_sent_again(
    indonesian: None,
    preview: tuple[str, Path],  # noqa: F811
) -> None:
    old_host, content = preview
    form = _form(old_host, f"/_edit/{PROFILE}")
    before = (content / PROFILE).read_bytes()
    with running_preview(content) as process:  # `teladan serve` started again
        host = f"127.0.0.1:{process.args[-1]}"
        status, _, text = _submit(host, form, summary="Cerita panjang yang diketik.")
        assert status == 200, text
        assert "tekan Simpan sekali lagi" in text and (content / PROFILE).read_bytes() == before
        again = _Form()
        again.feed(text)
        assert again.values["summary"] == "Cerita panjang yang diketik."
        assert again.values["token"] not in ("", form.values["token"])
        assert _submit(host, again)[0] == 303
        assert b"summary: Cerita panjang yang diketik." in (content / PROFILE).read_bytes()
        # without a token, or from another page, it stays refused
        assert _submit(host, form, token="", summary="X.")[0] == 403
        foreign = {"Origin": "http://evil.example"}
        assert _submit(host, form, foreign, summary="X.")[0] == 403


def test_list_items_typed_with_a_mark_are_saved_without_it(
    preview: tuple[str, Path],  # noqa: F811
) -> None:
    host, content = preview
    typed = "- Mendirikan posyandu\n* Melatih kader\n•  Membuka perpustakaan\n-5 derajat pun datang"
    status, _, text = _submit(host, _form(host, f"/_edit/{PROFILE}"), achievements=typed)
    assert status == 303, text
    written = (content / PROFILE).read_text("utf-8")
    assert (
        "achievements:\n  - Mendirikan posyandu\n  - Melatih kader\n"
        '  - Membuka perpustakaan\n  - "-5 derajat pun datang"\n'
    ) in written


def test_a_body_too_large_has_a_way_back_to_the_form(
    indonesian: None,
    preview: tuple[str, Path],  # noqa: F811
) -> None:
    host, _ = preview
    form = _form(host, f"/_edit/{PROFILE}")
    status, _, text = _submit(host, form, story="x" * 2_100_000)
    assert status == 413
    assert f'<a href="/_edit/{PROFILE}" onclick="history.back();return false">' in text
    assert "Kembali ke formulir</a>" in text


def test_a_new_press_release_starts_as_teladan_new_berita_writes_one(
    preview: tuple[str, Path],  # noqa: F811
) -> None:
    host, content = preview
    made = subprocess.run(
        [sys.executable, "-m", "generator", "new", "berita", "Dari baris perintah",
         "--content", str(content)],
        capture_output=True, text=True, check=True,
    )  # fmt: skip
    assert made.returncode == 0
    by_command = (content / "news/dari-baris-perintah.md").read_text("utf-8")
    form = _form(host, "/_edit/new/berita/")
    today = datetime.date.today().isoformat()
    assert f"date: {today}" in by_command and "draft: true" in by_command
    assert form.values["date"] == today and form.values["draft"] == "ya"
    status, _, _ = _submit(host, form, title="Dari formulir", story="Isi.\n")
    assert status == 303
    by_form = (content / "news/dari-formulir.md").read_text("utf-8")
    assert f"date: {today}\n" in by_form and "draft: true\n" in by_form


def test_an_image_not_next_to_the_press_release_is_refused_as_the_build_refuses_it(
    preview: tuple[str, Path],  # noqa: F811
) -> None:
    host, content = preview
    before = (content / NEWS).read_bytes()
    status, _, text = _submit(host, _form(host, f"/_edit/{NEWS}"), image="tidak-ada.jpg")
    assert status == 200 and (content / NEWS).read_bytes() == before
    assert re.search(r'<p class="error" id="x-image-0">[^<]*tidak-ada\.jpg', text)
    (content / NEWS).write_bytes(before.replace(b"year: 2019", b"year: 2019\nimage: tidak-ada.jpg"))
    checked = subprocess.run(
        [sys.executable, "-m", "generator", "check", "--content", str(content)],
        capture_output=True, text=True,
    )  # fmt: skip
    assert checked.returncode != 0 and "tidak-ada.jpg" in checked.stdout + checked.stderr


def test_the_list_filters_by_names_from_drop_downs_and_finds_places(
    indonesian: None,
    preview: tuple[str, Path],  # noqa: F811
) -> None:
    host, content = preview
    _, _, page = _request(host, "GET", "/_edit/")
    province = page.partition('<select id="f-province" name="province">')[2].partition("</select>")
    assert '<option value="nusa-tenggara-timur">Nusa Tenggara Timur</option>' in province[0]
    category = page.partition('<select id="f-category" name="category">')[2].partition("</select>")
    assert '<option value="tksk">' in category[0] and "nusa" not in category[0]
    assert '<td data-label="Provinsi">Nusa Tenggara Timur</td>' in page  # (not the slug)
    _, _, found = _request(host, "GET", "/_edit/?q=sikka")  # a regency, not in any title
    sikka = [f for f in content.rglob("*.md") if "Kabupaten Sikka" in f.read_text("utf-8")]
    assert sikka and found.count("<tr>") == 1 + len(sikka)
    _, _, found = _request(host, "GET", "/_edit/?q=jawa+barat&province=jawa-barat")
    assert f"/_edit/{PROFILE}" in found and 'value="jawa-barat" selected' in found


def test_listening_on_every_address_prints_the_address_to_type_on_a_phone() -> None:
    port = free_port()
    process = subprocess.Popen(
        [sys.executable, "-m", "generator", "serve", "--content", str(REPO / "content"),
         "--host", "0.0.0.0", "--port", str(port)],
        stdout=subprocess.PIPE, stderr=subprocess.DEVNULL, text=True,
    )  # fmt: skip
    try:
        assert process.stdout is not None
        assert "Preview at http://127.0.0.1:" in process.stdout.readline()
        assert f"Editor at http://127.0.0.1:{port}/_edit/" in process.stdout.readline()
        line = process.stdout.readline()
        address = re.fullmatch(rf"On another device: http://([\d.]+):{port}/\n", line)
        assert address and address[1] in lan_addresses() and address[1] != "127.0.0.1", line
        wait_for_port(port, 30)
        status, _, _ = _request(f"{address[1]}:{port}", "GET", "/_edit/")
        assert status == 200  # (that address really reaches the preview)
    finally:
        process.send_signal(signal.SIGINT)
        process.communicate(timeout=60)
