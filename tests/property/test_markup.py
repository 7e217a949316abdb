"""The Markdown renderer leaves out inline patterns and block processors a story cannot use (for
speed): it must give exactly the HTML of the full renderer, whatever the story."""

from __future__ import annotations

import pytest
from hypothesis import example, given, settings
from hypothesis import strategies as st

from generator.markup import _unused_patterns, render_markdown

# Every character an inline pattern looks for, the block markers around them, and words.
pieces = st.sampled_from(
    [
        *"`\\[]()!<>&*_#-+=|:;.\"' \t\n\r",
        "  \n",
        "\t\n",
        " \r\n",
        "\n\n",
        "    ",
        "> ",
        "- ",
        "1. ",
        "2.",
        "7",
        "\n    ",
        "\n\t",
        "\n  - ",
        "\n> ",
        "\n# ",
        "## ",
        "\n===",
        "\n---\n",
        "\n***\n",
        "\n1. satu\n2. dua\n",
        "\n* a\n    * b\n",
        "\n- a\n\n    lanjutan\n",
        "\n> - kutipan\n> 1. daftar\n",
        "<div>\nblok\n</div>\n",
        "\n  <div>\nblok\n</div>\n",
        "<p>",
        "| a | b |\n|---|---|\n",
        "[x]: https://contoh.id\n",
        "https://contoh.id",
        "warga@contoh.id",
        "&amp;",
        "&#169;",
        "&#39",
        "\x02",
        "<b>",
        "</b>",
        "<!-- c -->",
        "kata",
        "Desa Sukamaju",
        # Whole constructs, so that each pattern often has something to match.
        "_kata_",
        "__kata__",
        "**kata**",
        "`kode`",
        "\\*",
        "[a](b)",
        "![a](b)",
        "[a][x]",
        "<https://contoh.id>",
        "<warga@contoh.id>",
        "<b>kata</b>",
    ]
)


@settings(max_examples=1500, deadline=None)
@given(st.lists(pieces, max_size=40).map("".join))
# A raw HTML block taken from a line that starts with spaces leaves "  \n": a line break.
@example("`\n  <div>\nblok\n</div>\n")
# Comments cut out of a line leave "***": a rule.
@example("<!-- c -->**<!-- c -->*")
def test_pruned_renderer_gives_the_full_renderers_html(text: str) -> None:
    assert render_markdown(text) == render_markdown(text, all_patterns=True)


@pytest.mark.parametrize(
    "text",
    [
        "Baris satu  \nbaris dua",  # hard line break
        "Baris satu\t\nbaris dua",  # a tab becomes the two spaces of a line break
        "Baris satu  \r\nbaris dua",
        "Lihat [situs](https://contoh.id) dan ![foto](a.jpg)",
        "[rujukan][r]\n\n[r]: https://contoh.id",
        "Surel <warga@contoh.id> atau <https://contoh.id>",
        "Kode `x < 1` dan \\*bukan miring\\*",
        "Tanda &copy; dan <abbr>PSM</abbr>",
        "*miring* dan **tebal**",
        "_miring_ dan __tebal__",
        "Harga &#65 dan don&#39t",  # a character reference without its ';'
        "baris  \x02\nbaris",
        "> kutipan *miring*\n\n- butir [tautan](x)\n",
    ],
)
def test_each_inline_construct_survives(text: str) -> None:
    pruned = render_markdown(text)
    assert pruned == render_markdown(text, all_patterns=True)
    assert "<p>" in pruned


@pytest.mark.parametrize(
    ("text", "tag"),
    [
        ("# Judul\n\nSubjudul\n--------\n\nTeks", "<h2>"),
        ("| a | b |\n|---|---|\n| 1 | 2 |", "<table>"),
        ("1. satu\n2. dua\n\n- a\n- b", "<ol>"),
        ("Juara:\n\n10. sepuluh\n11. sebelas", '<ol start="10">'),
        ("Judul\n=====\n\nteks", "<h1>"),
        ("teks\n\n* * *\n\nlagi", "<hr"),
        ("teks\n\n___\n\nlagi", "<hr"),
        ("teks\n\n- -  -\n\nlagi", "<hr"),
        ("- butir\n\n        kode dalam butir", "<pre><code>"),
        ("    kode\n\nteks", "<pre><code>"),
        ("> kutipan", "<blockquote>"),
        ("<div>\nblok HTML\n</div>\n\nteks", "<div>"),
    ],
)
def test_each_block_construct_survives(text: str, tag: str) -> None:
    pruned = render_markdown(text)
    assert pruned == render_markdown(text, all_patterns=True)
    assert tag in pruned


def test_a_plain_story_skips_the_patterns_it_cannot_use() -> None:
    unused = _unused_patterns("Ia membina *karang taruna* di desanya.")
    inline = {("inline", n) for n in ("link", "html", "backtick", "entity", "linebreak")}
    blocks = {("block", n) for n in ("table", "quote", "code", "hashheader", "olist")}
    assert inline | blocks | {("pre", "html_block")} <= unused
    assert ("inline", "em_strong") not in unused
    assert ("block", "olist") not in _unused_patterns("Juara:\n\n1. PSM")
