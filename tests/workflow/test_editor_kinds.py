"""Selections and free pages in the editor: listed, and edited with forms from the schema."""

from __future__ import annotations

import re
from pathlib import Path
from urllib.parse import urlsplit

from tests.workflow.test_editor import (  # noqa: F401  (preview: the fixture)
    _eventually_200,
    _form,
    _request,
    _submit,
    preview,
)


def test_the_list_shows_selections_and_free_pages(
    indonesian: None,
    preview: tuple[str, Path],  # noqa: F811
) -> None:
    host, _ = preview
    listing = _request(host, "GET", "/_edit/")[2]
    assert (
        'href="/_edit/selections/2019.md"' in listing
        and '<td data-label="Jenis">Pemilihan</td>' in listing
    )
    assert (
        'href="/_edit/pages/tentang.md"' in listing
        and '<td data-label="Jenis">Halaman</td>' in listing
    )


def test_a_free_page_is_edited_and_only_its_title_changes(
    preview: tuple[str, Path],  # noqa: F811
) -> None:
    host, content = preview
    before = (content / "pages/tentang.md").read_bytes()
    form = _form(host, "/_edit/pages/tentang.md")
    assert set(form.values) >= {"title", "summary", "story"}  # (draft: an unticked box)
    assert form.values["story"] == before.decode().split("---\n", 2)[2]
    status, headers, _ = _submit(host, form, title="Tentang Program")
    assert status == 303, headers
    after = (content / "pages/tentang.md").read_bytes()
    old_title = b"title: Tentang Program Pilar-pilar Sosial Teladan"
    assert after == before.replace(old_title, b"title: Tentang Program")
    saved = _request(host, "GET", urlsplit(headers["location"]).path + "?tersimpan=1")[2]
    assert 'href="/tentang/"' in saved


def test_a_selection_form_shows_its_jury_as_a_list_and_checks_like_the_build(
    preview: tuple[str, Path],  # noqa: F811
) -> None:
    host, content = preview
    before = (content / "selections/2019.md").read_bytes()
    form = _form(host, "/_edit/selections/2019.md")
    assert form.values["jury"].splitlines()[0] == "Kementerian Sosial"
    assert form.values["participants_provinces"] == "34"
    status, _, text = _submit(host, form, end_date="2019-08-01")  # before its start
    assert status == 200 and "is before date 2019-08-19" in text
    assert re.search(r"<input type=\"date\" id=\"e-end_date\" [^>]*aria-invalid=\"true\"", text)
    assert (content / "selections/2019.md").read_bytes() == before
    status, _, _ = _submit(host, form, city="Bandung")
    assert status == 303
    after = (content / "selections/2019.md").read_bytes()
    assert after == before.replace(b"city: Jakarta", b"city: Bandung")


def test_the_previewed_year_and_free_pages_link_to_their_forms(
    indonesian: None,
    preview: tuple[str, Path],  # noqa: F811
) -> None:
    host, _ = preview
    assert 'href="/_edit/pages/tentang.md">Sunting</a>' in _eventually_200(host, "/tentang/")
    assert 'href="/_edit/selections/2019.md">Sunting</a>' in _eventually_200(host, "/tahun/2019/")
