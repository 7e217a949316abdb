"""The Markdown renderer leaves out inline patterns a story cannot use (for speed): it must give
exactly the HTML of the full renderer, whatever the story."""

from __future__ import annotations

import pytest
from hypothesis import given, settings
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
        "| a | b |\n|---|---|\n",
        "[x]: https://contoh.id\n",
        "https://contoh.id",
        "warga@contoh.id",
        "&amp;",
        "&#169;",
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


@settings(max_examples=600, deadline=None)
@given(st.lists(pieces, max_size=40).map("".join))
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
        "> kutipan *miring*\n\n- butir [tautan](x)\n",
    ],
)
def test_each_inline_construct_survives(text: str) -> None:
    pruned = render_markdown(text)
    assert pruned == render_markdown(text, all_patterns=True)
    assert "<p>" in pruned


def test_a_plain_story_skips_the_patterns_it_cannot_use() -> None:
    unused = _unused_patterns("Ia membina *karang taruna* di desanya.")
    assert {"link", "html", "backtick", "entity", "linebreak"} <= unused
    assert "em_strong" not in unused
