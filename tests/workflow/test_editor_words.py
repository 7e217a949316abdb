"""The editor's form says a check's problem in its own terms: next to a field labelled in the
staff's words, not as the text file names it (`pillars: …`, `add e.g. 'photo_alt: …'`), and a
province by its name."""

from __future__ import annotations

from pathlib import Path

from tests.workflow.test_editor import (  # noqa: F401  (preview: the fixture)
    _form,
    _submit,
    preview,
)


def test_a_refused_form_names_its_fields_as_the_form_does(
    preview: tuple[str, Path],  # noqa: F811
) -> None:
    host, _ = preview
    form = _form(host, "/_edit/news/pemilihan-pilar-sosial-teladan-2019.md")
    status, _headers, text = _submit(host, form, pillars="siti-aminah.md")
    assert status == 200 and "&#x27;siti-aminah.md&#x27; is not a profile" in text
    assert "Pillars: &#x27;siti" not in text and "pillars: &#x27;siti" not in text
    form = _form(host, "/_edit/pillars/2019/cut-nurul-azizah.md")
    status, _headers, text = _submit(host, form, photo_alt="", province="papua-selatan")
    assert status == 200 and "add e.g. &#x27;" in text
    assert "&#x27;photo_alt: " not in text  # (the form has no `field:` lines)
    assert "Papua Selatan (&#x27;papua-selatan&#x27;) was formed in 2022" in text


def test_a_new_profile_without_a_name_is_told_by_the_fields_label_not_a_made_up_name(
    indonesian: None,
    preview: tuple[str, Path],  # noqa: F811
) -> None:
    host, content = preview
    form = _form(host, "/_edit/new/pilar/")
    status, _headers, text = _submit(
        host, form, name="", category="tksk", province="aceh", year="2019"
    )
    assert status == 200
    said = "Nama wajib diisi. Nama orang atau lembaga, seperti ditulis resmi."
    assert f'<p class="error" id="x-name-0">{said}</p>' in text
    assert f'<a href="#e-name">Nama: {said}</a>' in text  # (the summary above the form)
    assert "Tanpa Judul" not in text and "&#x27;name&#x27;" not in text
    assert not (content / "pillars/2019/tanpa-judul.md").exists()
