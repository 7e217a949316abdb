"""Translations (`<slug>.en.md`) in the preview and its editor: the English pages are previewed;
a translation is listed as a file of its own and edited with a form
of only the fields a translation may hold, and saved as the build checks them."""

from __future__ import annotations

from html import escape
from pathlib import Path
from urllib.parse import urlencode

from tests.workflow.test_editor import (  # noqa: F401  (preview: the fixture)
    _form,
    _request,
    _submit,
    preview,
)

TRANSLATION = "pillars/2019/cut-nurul-azizah.en.md"


def test_a_translation_is_listed_and_edited_with_its_own_fields(
    preview: tuple[str, Path],  # noqa: F811
) -> None:
    host, content = preview
    status, _, listing = _request(host, "GET", "/_edit/")
    assert status == 200 and f'href="/_edit/{TRANSLATION}"' in listing
    assert 'href="/_edit/pillars/2019/cut-nurul-azizah.md">Cut Nurul Azizah<' in listing
    form = _form(host, "/_edit/" + TRANSLATION)
    fields = set(form.values) - {"token", "digest"}
    assert fields == {
        *("summary", "photo_alt", "photo_credit", "photo_license"),
        *("quote", "achievements", "tags", "story"),
    }
    before = (content / TRANSLATION).read_bytes()
    status, _headers, text = _submit(host, form, quote="Visit your neighbours.")
    assert status == 303, text
    after = (content / TRANSLATION).read_bytes()
    assert after.splitlines()[1:4] != before.splitlines()[1:4]
    assert b'quote: "Visit your neighbours."' in after or b"quote: Visit your neighbours." in after
    assert b"name:" not in after and b"year:" not in after  # (nothing of the original added)


def test_the_preview_shows_the_english_edition(preview: tuple[str, Path]) -> None:  # noqa: F811
    host, _ = preview
    status, _, page = _request(host, "GET", "/en/pilar/cut-nurul-azizah/")
    assert status == 200 and '<html lang="en">' in page
    assert "Cut Nurul Azizah began working" in page
    status, _, page = _request(host, "GET", "/en/pilar/benediktus-moa/")
    assert status == 200 and "No English text of this exists yet" in page


def test_a_translation_with_a_field_of_the_original_is_refused_not_emptied(
    preview: tuple[str, Path],  # noqa: F811
) -> None:
    """A `name:` written in a translation (which the form does not show) is said in the red
    box with its line as the form opens, and a save keeps it and is refused: never removed."""
    host, content = preview
    file = content / TRANSLATION
    file.write_bytes(file.read_bytes().replace(b"---\n", b"---\nname: Cut N. A.\n", 1))
    before = file.read_bytes()
    status, _, page = _request(host, "GET", "/_edit/" + TRANSLATION)
    assert status == 200 and "<title>Problems:" in page
    assert "cannot be written in a translation" in page and "(line 2)" in page
    form = _form(host, "/_edit/" + TRANSLATION)
    status, _headers, text = _submit(host, form, quote="Visit your neighbours.")
    assert status == 200 and "<title>Not saved:" in text and "(line 2)" in text
    assert file.read_bytes() == before  # (the line is the staff's to fix: nothing removed)


def test_edit_on_an_english_page_opens_its_translation(
    preview: tuple[str, Path],  # noqa: F811
) -> None:
    host, _ = preview
    for page, english, original in [
        ("pilar/cut-nurul-azizah/", TRANSLATION, "pillars/2019/cut-nurul-azizah.md"),
        ("tentang/", "pages/tentang.en.md", "pages/tentang.md"),
    ]:
        status, _, text = _request(host, "GET", "/en/" + page)
        assert status == 200 and f'href="/_edit/{english}"' in text, page
        status, _, text = _request(host, "GET", "/" + page)
        assert status == 200 and f'href="/_edit/{original}"' in text, page
    status, _, text = _request(host, "GET", "/en/pilar/benediktus-moa/")  # (none yet)
    assert 'href="/_edit/pillars/2019/benediktus-moa.md"' in text


def test_a_translation_is_listed_and_shown_as_its_originals(
    preview: tuple[str, Path],  # noqa: F811
) -> None:
    """The list names a translation by its original's name and its language, keeps it under
    its original's year and status (a draft's translation is a draft); its form says what it
    is and links to the original's form and to its page in the English edition."""
    host, content = preview
    (content / "pillars" / "2023" / "neneng-hasanah.en.md").write_text("---\nquote: Hi.\n---\n")
    status, _, listing = _request(host, "GET", "/_edit/?year=2019")
    assert (
        status == 200 and f'href="/_edit/{TRANSLATION}">Cut Nurul Azizah (in English)<' in listing
    )
    status, _, drafts = _request(host, "GET", "/_edit/?state=draf")
    assert 'href="/_edit/pillars/2023/neneng-hasanah.en.md"' in drafts
    assert f'href="/_edit/{TRANSLATION}"' not in drafts
    status, _, page = _request(host, "GET", "/_edit/" + TRANSLATION)
    assert "This is the English translation of Cut Nurul Azizah." in page
    assert 'href="/_edit/pillars/2019/cut-nurul-azizah.md"' in page
    assert 'href="/en/pilar/cut-nurul-azizah/"' in page
    original = (content / "pillars/2019/cut-nurul-azizah.md").read_text()
    quote = next(line for line in original.splitlines() if line.startswith("quote:"))
    assert "The original&#x27;s words" in page
    assert escape(quote.partition(": ")[2].strip().strip('"')) in page  # (its quote, to translate)


def test_a_translation_is_started_from_its_originals_form(
    preview: tuple[str, Path],  # noqa: F811
) -> None:
    host, content = preview
    status, _, page = _request(host, "GET", "/_edit/pillars/2019/cut-nurul-azizah.md")
    assert "Start the English translation" not in page  # (it has one)
    form = _form(host, "/_edit/pillars/2019/benediktus-moa.md")
    status, _, page = _request(host, "GET", "/_edit/pillars/2019/benediktus-moa.md")
    action = "/_edit/_terjemahkan/en/pillars/2019/benediktus-moa.md"
    assert f'action="{action}"' in page and "Start the English translation" in page
    body = urlencode({"token": form.values["token"]}).encode()
    status, headers, text = _request(host, "POST", action, body, {"Origin": f"http://{host}"})
    assert status == 303, text
    assert headers["location"] == "/_edit/pillars/2019/benediktus-moa.en.md"
    assert (content / "pillars/2019/benediktus-moa.en.md").read_text() == "---\n---\n"
    status, _, page = _request(host, "GET", headers["location"])
    assert status == 200 and "This is the English translation of Benediktus Moa." in page
    bad = action.replace("/en/", "/fr/")
    status, _, _text = _request(host, "POST", bad, body, {"Origin": f"http://{host}"})
    assert status == 404 and not (content / "pillars/2019/benediktus-moa.fr.md").exists()
