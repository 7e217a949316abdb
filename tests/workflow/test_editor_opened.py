"""The editor's faults found by a second staff review (issue 19), over real HTTP against a real
preview: problems already in a file show when its form opens, all problems at once, a clashing
name's way out, the province list of the year, the small ones. Each test failed before its fix."""

from __future__ import annotations

import datetime
import json
import re
import shutil
import time
from pathlib import Path
from urllib.parse import urlencode

from pytest import MonkeyPatch

from generator.edittrash import move_to_trash
from tests.conftest import REPO
from tests.tools import preview as running_preview
from tests.workflow.test_editor import (
    PROFILE,
    WAIT,
    _Form,
    _form,
    _request,
    _submit,
    preview,  # noqa: F401  (the fixture)
)

NEWS = "news/mensos-temui-pemenang-pilar-sosial-teladan-2019.md"


def test_a_file_with_a_problem_shows_it_when_its_form_opens(
    indonesian: None,
    preview: tuple[str, Path],  # noqa: F811
) -> None:
    host, content = preview
    file = content / PROFILE
    file.write_bytes(file.read_bytes().replace(b"province: jawa-barat ", b"province: jawa-baratt"))
    status, _, text = _request(host, "GET", f"/_edit/{PROFILE}")
    assert status == 200
    # next to its field, tied to it, and in the summary at the top (not called a refused save)
    assert re.search(r'<p class="error" id="x-province-0">[^<]*jawa-baratt', text)
    assert 'aria-invalid="true"' in text.partition('id="e-province"')[2][:300]
    top = text.partition('id="error-summary"')[2][:400]
    assert "Berkas ini punya masalah" in top and "Belum disimpan" not in top
    assert "<title>Ada masalah: " in text
    # a file without problems opens without them
    status, _, text = _request(host, "GET", f"/_edit/{NEWS}")
    assert status == 200 and "error-summary" not in text and 'class="error"' not in text


def test_a_problem_across_files_shows_when_the_form_opens(preview: tuple[str, Path]) -> None:  # noqa: F811
    host, content = preview
    file = content / NEWS
    file.write_bytes(file.read_bytes().replace(b"lks-kasih-dan-harapan", b"siti-rahayu"))
    _, _, text = _request(host, "GET", f"/_edit/{NEWS}")
    assert re.search(r'<p class="error" id="x-pillars-0">[^<]*siti-rahayu', text)


def test_all_problems_show_at_once_with_those_across_files(preview: tuple[str, Path]) -> None:  # noqa: F811
    host, content = preview
    before = (content / NEWS).read_bytes()
    form = _form(host, f"/_edit/{NEWS}")
    changes = {"pillars": "siti-rahayu", "title": ""}
    status, _, text = _submit(host, form, **changes)
    assert status == 200 and (content / NEWS).read_bytes() == before
    assert re.search(r'id="x-title-0"', text), re.findall(r"<li>.*?</li>", text)
    assert re.search(r'id="x-pillars-0">[^<]*siti', text)
    # and so does the check as you type
    body = urlencode({**form.values, **changes}).encode()
    origin = {"Origin": f"http://{host}"}
    _, _, answer = _request(host, "POST", f"/_edit/_check/{NEWS}", body, origin)
    assert set(json.loads(answer)["errors"]) >= {"title", "pillars"}


def test_the_problem_page_links_each_file_to_its_form(preview: tuple[str, Path]) -> None:  # noqa: F811
    host, content = preview
    file = content / PROFILE
    file.write_bytes(file.read_bytes().replace(b"province: jawa-barat ", b"province: jawa-baratt"))
    deadline = time.monotonic() + WAIT
    text = ""
    while time.monotonic() < deadline and "jawa-baratt" not in text:
        _, _, text = _request(host, "GET", "/")
        time.sleep(0.2)
    assert re.search(f'<a href="/_edit/{PROFILE}"><code>[^<]*{PROFILE}:5</code></a>', text)


def test_a_name_in_use_offers_a_free_file_name_and_one_more_simpan_saves(
    preview: tuple[str, Path],  # noqa: F811
) -> None:
    host, content = preview
    form = _form(host, "/_edit/new/pilar/")
    assert "slug" in form.values  # the file name field, empty: made from the name
    typed = {"name": "Ujang Saepudin", "category": "tksk", "province": "aceh", "year": "2023"}
    status, _, text = _submit(host, form, **typed)
    assert status == 200 and not (content / "pillars/2023/ujang-saepudin.md").exists()
    assert re.search(r'<p class="error" id="x-slug-0">[^<]*pillars/2019/ujang-saepudin\.md', text)
    top = text.partition('id="error-summary"')[2].partition("</div>")[0]
    assert '<a href="#e-slug">' in top and "rename this file" not in top
    again = _Form()
    again.feed(text)
    assert again.values["slug"] == "ujang-saepudin-2023"
    status, _, text = _submit(host, again)
    assert status == 303, text
    written = (content / "pillars/2023/ujang-saepudin-2023.md").read_text("utf-8")
    assert "name: Ujang Saepudin\n" in written and "slug" not in written
    # the check as you type says it next to the same field
    body = urlencode({**form.values, **typed}).encode()
    origin = {"Origin": f"http://{host}"}
    _, _, answer = _request(host, "POST", "/_edit/_check/new/pilar/", body, origin)
    assert "ujang-saepudin-2023" in " ".join(json.loads(answer)["errors"]["slug"])


def test_a_file_name_written_in_the_form_is_the_files(preview: tuple[str, Path]) -> None:  # noqa: F811
    host, content = preview
    form = _form(host, "/_edit/new/berita/")
    status, _, text = _submit(host, form, title="Kabar Baru", slug="Kabar Pilar 2024")
    assert status == 303, text
    assert (content / "news/kabar-pilar-2024.md").is_file()
    # a press release whose name is taken: offered a free one
    again = _form(host, "/_edit/new/berita/")
    status, _, text = _submit(host, again, title="Kabar Pilar 2024", date="2024-05-01")
    assert status == 200 and 'value="kabar-pilar-2024-2"' in text


def test_the_year_comes_before_the_province_and_a_later_province_is_said_so(
    indonesian: None,
    preview: tuple[str, Path],  # noqa: F811
) -> None:
    host, _ = preview
    _, _, text = _request(host, "GET", "/_edit/new/pilar/")
    assert text.index('id="e-year"') < text.index('id="e-province"')
    form = _form(host, "/_edit/pillars/2023/yakomina-mahuze.md")
    _, _, text = _submit(host, form, year="2019")
    assert ">Papua Selatan (belum ada pada tahun 2019)</option>" in text
    assert "tidak dikenal)</option>" not in text
    body = urlencode({**form.values, "year": "2019"}).encode()
    origin = {"Origin": f"http://{host}"}
    path = "/_edit/_check/pillars/2023/yakomina-mahuze.md"
    _, _, answer = _request(host, "POST", path, body, origin)
    provinces = json.loads(answer)["provinces"]
    assert ["papua-selatan", "Papua Selatan (belum ada pada tahun 2019)"] in provinces


def test_the_413_page_is_in_indonesian(indonesian: None, preview: tuple[str, Path]) -> None:  # noqa: F811
    host, _ = preview
    status, _, text = _submit(host, _form(host, f"/_edit/{PROFILE}"), story="x" * 2_100_000)
    assert status == 413
    assert "<title>Isian terlalu besar · " in text and "<h1>Isian terlalu besar</h1>" in text
    assert "Content Too Large" not in text


def test_trash_times_are_the_computers_own(tmp_path: Path, monkeypatch: MonkeyPatch) -> None:
    content = tmp_path / "content"
    shutil.copytree(REPO / "content", content)
    item = move_to_trash(content, content / "pillars/2019/ujang-saepudin.md")
    stamp = datetime.datetime.strptime(item[:22], "%Y%m%d-%H%M%S-%f")
    wit = (stamp + datetime.timedelta(hours=9)).strftime("%Y-%m-%d %H:%M")  # (Papua: UTC+9)
    monkeypatch.setenv("TZ", "Asia/Jayapura")  # (for the preview started here)
    with running_preview(content) as process:
        host = f"127.0.0.1:{process.args[-1]}"
        _, _, text = _request(host, "GET", "/_edit/_sampah/")
    assert f"<td>{wit}</td>" in text and "UTC" not in text
