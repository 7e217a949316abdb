"""The editor's faults found by a second staff review (issue 19), over real HTTP against a real
preview: problems already in a file show when its form opens, all problems at once, a clashing
name's way out, the province list of the year, the small ones. Each test failed before its fix."""

from __future__ import annotations

import json
import re
import time
from pathlib import Path
from urllib.parse import urlencode

from tests.workflow.test_editor import (
    PROFILE,
    WAIT,
    _form,
    _request,
    _submit,
    preview,  # noqa: F401  (the fixture)
)

NEWS = "news/mensos-temui-pemenang-pilar-sosial-teladan-2019.md"


def test_a_file_with_a_problem_shows_it_when_its_form_opens(preview: tuple[str, Path]) -> None:  # noqa: F811
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
    assert re.search(f'<a href="/_edit/{PROFILE}"><code>[^<]*{PROFILE}</code></a>', text)
