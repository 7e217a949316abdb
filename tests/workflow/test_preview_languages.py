"""`teladan serve` speaks the site's language all through (issue 20): an Indonesian site on a
computer set to English gets no English sentence from the preview's console lines, its problem
page or the editor's pages, and the console names the editor's address beside the preview's."""

from __future__ import annotations

import json
import shutil
import signal
import subprocess
import threading
from pathlib import Path

import pytest

from generator import i18n
from tests import catalogs
from tests.conftest import REPO
from tests.hosting.crawl import fetch
from tests.tools import preview
from tests.workflow.test_editor import _form, _request, _submit
from tests.workflow.test_serve import WAIT, _eventually

PROFILE = "pillars/2019/ujang-saepudin.md"


def _reading(process: subprocess.Popen[bytes]) -> tuple[list[str], threading.Thread]:
    """The lines the process prints, as it prints them, read by a thread that ends with the
    process's output."""
    lines: list[str] = []

    def read() -> None:
        assert process.stdout is not None
        for line in process.stdout:
            lines.append(line.decode("utf-8", "replace"))

    reader = threading.Thread(target=read, daemon=True)
    reader.start()
    return lines, reader


@pytest.fixture
def english_computer(monkeypatch: pytest.MonkeyPatch) -> None:
    """A computer set to English, and nothing else choosing: the site's language decides."""
    for variable in ("TELADAN_LANG", i18n.SITE_VARIABLE, "LANGUAGE", "LC_ALL", "LC_MESSAGES"):
        monkeypatch.delenv(variable, raising=False)
    monkeypatch.setenv("LANG", "en_US.UTF-8")


def test_an_indonesian_sites_preview_and_editor_say_no_english_sentence(
    tmp_path: Path, english_computer: None
) -> None:
    content = tmp_path / "site" / "content"
    shutil.copytree(REPO / "content", content)
    said: list[str] = []  # the pages, as a person sees them
    with preview(content, output=subprocess.PIPE) as process:
        host = f"127.0.0.1:{process.args[-1]}"
        console, reader = _reading(process)
        _eventually(lambda: "Pratinjau diperbarui" in "".join(console), "the first build")
        for path in ("/_edit/", "/_edit/new/pilar/", "/_edit/new/berita/", f"/_edit/{PROFILE}",
                     "/_edit/_sampah/", "/_edit/pillars/2019/tidak-ada.md", "/_edit/../x.md",
                     "/pilar/ujang-saepudin/"):  # fmt: skip
            said.append(_request(host, "GET", path)[2])
        form = _form(host, f"/_edit/{PROFILE}")
        said.append(_submit(host, form, province="jawa-barar", year="1800")[2])  # refused
        said.append(_request(host, "POST", f"/_edit/_hapus/{PROFILE}", b"x=1")[2])  # no origin
        # content with a mistake: every address shows the problems, the console says so
        file = content / PROFILE
        file.write_bytes(
            file.read_bytes().replace(b"province: jawa-barat", b"province: jawa-baratt")
        )
        _eventually(lambda: fetch(f"http://{host}/").status == 500, "the problem page")
        said.append(fetch(f"http://{host}/").body.decode())
        _eventually(lambda: "Pratinjau menampilkan" in "".join(console), "the problems said")
        process.send_signal(signal.SIGINT)
        assert process.wait(timeout=WAIT) == 0
    reader.join(WAIT)  # (the last lines)
    printed = "".join(console)
    port = process.args[-1]
    assert f"Pratinjau di http://127.0.0.1:{port}/ — tekan Ctrl-C" in printed
    assert f"Penyunting di http://127.0.0.1:{port}/_edit/ — " in printed  # (staff look for it)
    assert "Pratinjau berhenti" in printed, printed
    pages = "\n".join(said)
    assert "Penyunting konten" in pages and "Tahun pemilihan (wajib)" in pages  # (they ran)
    assert "Ada masalah di konten" in pages and "Tempat sampah" in pages
    found = [catalogs.catalog("id"), catalogs.catalog("id", "argparse")]
    assert not catalogs.english_in(printed, found), printed
    assert not catalogs.english_in(pages, found)
    # the words of the editor's script, each an Indonesian translation of the catalog
    words = json.loads(pages.split('id="edit-words">')[1].split("</script>")[0])
    translations = {
        text
        for message in catalogs.entries(found[0])
        for text in (message.string if isinstance(message.string, tuple) else (message.string,))
    }
    shown = [w for value in words.values() for w in (value if isinstance(value, list) else [value])]
    assert shown and not [w for w in shown if w not in translations], words


def test_an_english_preview_has_an_english_editor_and_names_its_address(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    # The editor follows the language rule as the rest does (here TELADAN_LANG).
    monkeypatch.setenv("TELADAN_LANG", "en")
    content = tmp_path / "content"
    shutil.copytree(REPO / "content", content)
    with preview(content, output=subprocess.PIPE) as process:
        host = f"127.0.0.1:{process.args[-1]}"
        console, reader = _reading(process)
        _eventually(lambda: "Preview updated" in "".join(console), "the first build")
        listing = _request(host, "GET", "/_edit/")[2]
        page = _request(host, "GET", f"/_edit/{PROFILE}")[2]
        trash = _request(host, "GET", "/_edit/_sampah/")[2]
    reader.join(WAIT)
    assert f"Editor at http://127.0.0.1:{process.args[-1]}/_edit/ — " in "".join(console)
    assert '<html lang="en">' in listing and "<h1>Content editor</h1>" in listing
    assert ">New press release</a>" in listing and '<td data-label="Kind">Profile</td>' in listing
    assert ">Selection year (required)</label>" in page and ">Save</button>" in page
    assert '"preview": "Story preview"' in page  # (the words of edit.js)
    assert "<h1>Trash</h1>" in trash and "The trash is empty." in trash
    indonesian = ("Penyunting", "Simpan", "Tahun pemilihan", "Tempat sampah", "Pratinjau cerita")
    assert not [word for word in indonesian if word in listing + page + trash]
