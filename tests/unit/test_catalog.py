"""The message catalogs: every message of the code has its Indonesian, with the same
placeholders, and the compiled .mo files are those of the .po files (README: the three
commands after a new message)."""

from __future__ import annotations

import gettext

import pytest

from generator.i18n import LOCALES
from tests import catalogs
from tests.catalogs import catalog, entries, message_id, placeholders, translated


def test_every_message_in_the_code_has_its_indonesian() -> None:
    found = catalogs.extracted()
    assert len(found) > 100  # (the extraction itself works: the command line's messages)
    indonesian = {message_id(m): m for m in entries(catalog("id"))}
    missing = sorted(
        f"{where}: {msgid!r}"
        for msgid, where in found.items()
        if msgid not in indonesian or not translated(indonesian[msgid])
    )
    assert not missing, (
        "messages without an Indonesian translation (README, 'Languages of the tool': extract, "
        "update, translate in generator/locale/id/LC_MESSAGES/teladan.po, compile):\n"
        + "\n".join(missing)
    )


def test_the_english_catalog_lists_every_message_too() -> None:
    english = {message_id(m) for m in entries(catalog("en"))}
    assert not sorted(set(catalogs.extracted()) - english, key=str)


def test_every_message_of_argparse_has_its_indonesian() -> None:
    # argparse's own: "usage:", "the following arguments are required: %s", "options" …
    indonesian = {message_id(m): m for m in entries(catalog("id", "argparse"))}
    missing = sorted(
        (m for m in catalogs.argparse_messages() if m not in indonesian),
        key=str,
    )
    assert not missing
    assert all(translated(m) for m in indonesian.values())


@pytest.mark.parametrize(
    ("language", "domain"), [("id", "teladan"), ("en", "teladan"), ("id", "argparse")]
)
def test_a_translation_has_the_placeholders_of_its_message(language: str, domain: str) -> None:
    wrong = []
    for message in entries(catalog(language, domain)):
        ids = (message.id,) if isinstance(message.id, str) else message.id
        strings = message.string if isinstance(message.string, tuple) else (message.string,)
        expected = placeholders(ids[-1])  # (the plural: it has the count in every language)
        if len(ids) > 1 and placeholders(ids[0]) != expected:
            wrong.append(f"singular and plural differ: {ids[0]!r}")
        for text in strings:
            if text and placeholders(text) != expected:
                wrong.append(f"{ids[0]!r}\n  → {text!r}")
    assert not wrong, "\n".join(wrong)


@pytest.mark.parametrize(
    ("language", "domain"), [("id", "teladan"), ("en", "teladan"), ("id", "argparse")]
)
def test_the_compiled_catalogs_are_those_of_the_po_files(language: str, domain: str) -> None:
    mo = LOCALES / language / "LC_MESSAGES" / f"{domain}.mo"
    assert catalogs.compiled(language, domain) == catalogs.compiling(language, domain), (
        f"{mo} is not the compiled {mo.with_suffix('.po').name}: run "
        f"pybabel compile -d generator/locale -D {domain}"
    )


def test_the_catalog_translates_through_gettext() -> None:
    # What the tool loads: the .mo through gettext, plural forms included.
    with (LOCALES / "id" / "LC_MESSAGES" / "teladan.mo").open("rb") as f:
        indonesian = gettext.GNUTranslations(f)
    assert indonesian.gettext("Content is fine") == "Konten sudah benar"
    for n in (1, 3):
        assert indonesian.ngettext("%(count)s warning", "%(count)s warnings", n) == (
            "%(count)s peringatan"
        )


# ------------------------------------------------------------------ the checks themselves fail


def test_the_placeholder_check_tells_a_reordered_translation_from_a_wrong_one() -> None:
    assert placeholders("%(file)s, row %(row)s") == placeholders("baris %(row)s di %(file)s")
    assert placeholders("%(file)s, row %(row)s") != placeholders("%(file)s, baris %(baris)s")
    assert placeholders("expected %s argument") != placeholders("perlu argumen")
    assert placeholders("in %(seconds)s s") != placeholders("dalam %(seconds)d detik")


def test_a_guides_english_quote_of_a_message_is_found() -> None:
    found = [catalog("id"), catalog("id", "argparse")]
    guide = (
        "Bila beres: `Content is fine (2 warnings) in 0.18 s`.\n"
        "Bila beres: `Konten sudah benar (2 peringatan) dalam 0,18 detik`.\n"
        "Jalankan `teladan check` lalu `teladan build --content content`.\n"
        "Bila muncul `this is a bug in teladan`, laporkan.\n"
        "Isian `name: Siti Aminah` wajib.\n"
        "```\nteladan import pemenang.xlsx\nname: Siti\n"
        "Imported pemenang.xlsx: 3 profiles created, 0 updated, 0 unchanged\n"
        "pemenang.xlsx sudah diimpor: 3 profil baru, 0 diperbarui, 0 tidak berubah\n```\n"
    )
    assert catalogs.english_quotes(guide, found) == [
        ("Content is fine (2 warnings) in 0.18 s", ["Content is fine"]),
        (
            "this is a bug in teladan",
            ["teladan: this is a bug in teladan; please report it with the text above"],
        ),
        (
            "Imported pemenang.xlsx: 3 profiles created, 0 updated, 0 unchanged",
            ["profiles created,"],
        ),
    ]
