"""PANDUAN.md quotes what the tool really says to an Indonesian site: no English, and every
quoted sentence is one of the Indonesian messages of the catalogs (issue 20).

The rule (tests/catalogs.py, `unknown_quotes`): a quote of the guide (`…` inline, or a line of
an example block) that holds two lowercase words or more reads as a sentence, so it must be a
message of the Indonesian catalogs (teladan, argparse) with its placeholders filled in; `…` in
the quote marks text the guide leaves out, and a problem may be quoted with or without its
location in front ("berkas.md:4: "). Not checked: values (names, codes, file names, cells:
`Juara 1`, `jawa-barat`), commands to type, content-file lines (`field: value`, ```yaml blocks),
and the few sentences below that are what a person writes, not what the tool says.
"""

from __future__ import annotations

from pathlib import Path

from babel.messages.catalog import Catalog

from tests.catalogs import catalog, english_quotes, unknown_quotes

PANDUAN = (Path(__file__).parents[2] / "PANDUAN.md").read_text(encoding="utf-8")
# Text of a spreadsheet cell the guide shows, not a message of the tool.
WRITTEN_BY_STAFF = {"Catatan: data sementara"}


def indonesian() -> list[Catalog]:
    return [catalog("id"), catalog("id", "argparse")]


def test_panduan_quotes_no_english_message() -> None:
    english = english_quotes(PANDUAN, indonesian())
    assert not english, "PANDUAN.md quotes the English of these messages:\n" + "\n".join(
        f"{quote}  ({', '.join(pieces)})" for quote, pieces in english
    )


def test_every_sentence_panduan_quotes_is_a_message_of_the_tool() -> None:
    unknown = [q for q in unknown_quotes(PANDUAN, indonesian()) if q not in WRITTEN_BY_STAFF]
    assert not unknown, (
        "PANDUAN.md quotes these as the tool's words, but no Indonesian message of "
        "generator/locale/id/LC_MESSAGES/*.po reads so; run the command and copy what it "
        "prints:\n" + "\n".join(unknown)
    )


# --------------------------------------------------------------- the check itself, both ways


def test_a_quote_with_other_words_than_the_message_is_found() -> None:
    guide = (
        "Bila beres: `Konten sudah beres (2 peringatan) dalam 0,18 detik`.\n"
        "Bila muncul `provinsi 'jawa-baratt' tidak dikenal`, perbaiki.\n"
        "| `peringatan: provinsi 'Jabar' dianggap kode 'jawa-barat'` | … |\n"
        "| `pillars: 'siti-aminah.md' bukan nama profil` | … |\n"
        "```\npemenang.xlsx sudah diimpor: 3 profil dibuat\n```\n"
    )
    assert unknown_quotes(guide, indonesian()) == [
        "Konten sudah beres (2 peringatan) dalam 0,18 detik",
        "provinsi 'jawa-baratt' tidak dikenal",
        "peringatan: provinsi 'Jabar' dianggap kode 'jawa-barat'",
        "pillars: 'siti-aminah.md' bukan nama profil",
        "pemenang.xlsx sudah diimpor: 3 profil dibuat",
    ]


def test_what_the_tool_prints_passes_with_values_locations_and_left_out_text() -> None:
    guide = (
        # a summary line: a message holding others (what, counts) and values (seconds)
        "Bila beres: `Konten sudah benar (2 peringatan) dalam 0,18 detik`.\n"
        # a problem with its location, without it, and with the text the guide leaves out
        "```\ncontent/pillars/2019/siti-aminah.md:4: provinsi 'jawa-baratt' tidak ada; "
        "maksud Anda 'jawa-barat'?\n    tulis province: jawa-barat\n"
        "pemenang.xlsx, baris 5: kolom 'Juara': peringkat 'Juara 4' tidak ada\n```\n"
        "| `peringatan: provinsi 'Jabar' dianggap sebagai 'jawa-barat'` | … |\n"
        "Pesan `base_url '…' adalah alamat contoh: …` berarti …\n"
        # what a person wrote, quoted by the message
        "| `'yang berlanjut' bukan baris 'isian: isi'` | … |\n"
        # not messages: values, commands, a content file
        "Tulis `Juara 1` atau `Prov. Jawa Tengah`, lalu `teladan import pemenang.xlsx`.\n"
        "```yaml\n---\nname: Siti Aminah\n---\nSiti Aminah mulai aktif sebagai TKSK.\n```\n"
    )
    assert unknown_quotes(guide, indonesian()) == []


def test_the_guides_references_to_its_messages_chapter_point_at_it() -> None:
    """'bab N' where the guide sends staff to the chapter on messages, or to mending a file
    with a text editor, names the chapter that does that (the chapters were renumbered once)."""
    import re

    titles = dict(re.findall(r"^## (\d+)\. (.+)$", PANDUAN, re.MULTILINE))
    messages = next(n for n, title in titles.items() if "masalah" in title.lower())
    text = " ".join(PANDUAN.split())
    for sentence in re.split(r"(?<=[.!?])\s", text):
        cited = re.findall(r"\b[Bb]ab (\d+)(?: dan (\d+))?", sentence)
        numbers = [n for pair in cited for n in pair if n]
        if "pesan-pesan" in sentence or "penyunting teks" in sentence:
            assert all(n in titles for n in numbers), sentence
            about = [titles[n] for n in numbers]
            assert not numbers or messages in numbers or all("teks" in t for t in about), (
                sentence,
                about,
            )
