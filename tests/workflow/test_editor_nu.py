"""The editor's pages are valid HTML: the Nu Html Checker finds no error on any of them, in the
states a person meets (a list, empty forms, a form showing an error, a refused save showing both
versions, the trash, a delete refused because the file changed, a file that cannot be read)."""

from __future__ import annotations

from pathlib import Path
from urllib.parse import urlencode

from tests.tools import nu_errors
from tests.workflow.test_editor import (
    HAND_WRITTEN,
    PROFILE,
    _form,
    _request,
    _submit,
    preview,  # noqa: F401  (the fixture)
)

DELETED = "pillars/2019/lalu-muhammad-hasbi.md"


def _get(host: str, path: str) -> str:
    status, _, text = _request(host, "GET", path)
    assert status == 200, (path, text)
    return text


def _post(host: str, path: str, **values: str) -> str:
    body = urlencode(values).encode()
    status, _, text = _request(host, "POST", path, body, {"Origin": f"http://{host}"})
    assert status in (200, 303), (path, text)
    return text


def test_the_editors_pages_have_no_nu_errors(
    indonesian: None,
    preview: tuple[str, Path],  # noqa: F811
    tmp_path: Path,
) -> None:
    host, content = preview
    pages = {
        "list": _get(host, "/_edit/"),
        "filtered-list": _get(host, "/_edit/?q=siti&state=draf"),
        "new-profile": _get(host, "/_edit/new/pilar/"),
        "new-press-release": _get(host, "/_edit/new/berita/"),
        "edit-form": _get(host, f"/_edit/{PROFILE}"),
        "saved-form-with-photo": _get(host, f"/_edit/{DELETED}?tersimpan=1"),
        "selection": _get(host, "/_edit/selections/2019.md"),
        "page": _get(host, "/_edit/pages/tentang.md"),
        "awards-form": _get(host, "/_edit/pillars/2023/hasnah-lamba.md"),
    }
    assert (
        "<img" in pages["saved-form-with-photo"] and "Tersimpan" in pages["saved-form-with-photo"]
    )
    form = _form(host, f"/_edit/{PROFILE}")
    pages["form-with-error"] = _submit(host, form, province="jawa-barar", year="")[2]
    assert 'id="x-province-0"' in pages["form-with-error"]
    (content / PROFILE).write_bytes(HAND_WRITTEN.replace("lama", "di Notepad").encode())
    pages["refused-save"] = _submit(host, form, summary="Dari <formulir>.")[2]
    assert '<pre class="diff">' in pages["refused-save"]
    token, digest = form.values["token"], _form(host, f"/_edit/{DELETED}").values["digest"]
    pages["confirm-delete"] = _post(host, f"/_edit/_hapus/{DELETED}", token=token, digest=digest)
    pages["delete-refused"] = _post(host, f"/_edit/_hapus/{PROFILE}", token=token, digest="lama")
    assert 'role="alert"' in pages["delete-refused"]
    _post(host, f"/_edit/_hapus/{DELETED}", token=token, digest=digest, yakin="ya")
    pages["trash"] = _get(host, "/_edit/_sampah/")
    assert "Pulihkan" in pages["trash"]
    broken = content / "pillars/2019/meiske-rumondor.md"
    broken.write_text(broken.read_text("utf-8").replace("\nname:", "\n  name:", 1), "utf-8")
    pages["unreadable-file"] = _get(host, "/_edit/pillars/2019/meiske-rumondor.md")
    assert "<pre>" in pages["unreadable-file"] and "<form" not in pages["unreadable-file"]
    for name, text in pages.items():
        (tmp_path / f"{name}.html").write_text(text, "utf-8")
    assert nu_errors(tmp_path) == []
