"""The differences between a file as it is on disk and the version someone submitted, as HTML,
so a person whose save was refused (the file changed since the form was loaded) can merge by
hand. Each changed line is marked by text (− or + and a label for screen readers), not colour
alone, and every line is escaped."""

from __future__ import annotations

import difflib
from html import escape

CONTEXT = 2  # unchanged lines shown around each change: enough to find the place in the file

STYLE = """
.diff { padding: 0; }
.diff > span { display: block; }
.diff .del { background: #fdecef; }
.diff .add { background: #e6f4ea; }
.diff .at { color: #4f5863; font-style: italic; }
.sr { position: absolute; width: 1px; height: 1px; overflow: hidden; clip: rect(0 0 0 0);
      white-space: nowrap; }
"""

_MARK = {
    "del": ("−", "Hanya di berkas sekarang: "),
    "add": ("+", "Hanya di versi Anda: "),
    "same": (" ", "Sama: "),
}


def differences(now: str, yours: str) -> str:
    """A heading, a legend and the changed lines with a little context, as an HTML fragment."""
    old, new = now.splitlines(), yours.splitlines()
    lines: list[str] = []
    for group in difflib.SequenceMatcher(None, old, new, autojunk=False).get_grouped_opcodes(
        CONTEXT
    ):
        first = group[0]
        lines.append(
            f'<span class="at">Sekitar baris {first[1] + 1} berkas sekarang, '
            f"baris {first[3] + 1} versi Anda</span>"
        )
        for tag, i1, i2, j1, j2 in group:
            if tag == "equal":
                lines.extend(_line("same", text) for text in old[i1:i2])
                continue
            lines.extend(_line("del", text) for text in old[i1:i2])
            lines.extend(_line("add", text) for text in new[j1:j2])
    if not lines:
        return "<h2>Perbedaan</h2><p>Isinya sama; hanya akhir baris atau spasi yang berbeda.</p>"
    return (
        "<h2>Perbedaan</h2>"
        "<p>Baris bertanda − hanya ada di berkas sekarang (misalnya suntingan dengan tangan); "
        "baris bertanda + hanya ada di versi Anda. Gabungkan yang ingin disimpan, "
        "lalu simpan lagi.</p>"
        f'<pre class="diff">{"".join(lines)}</pre>'
    )


def _line(kind: str, text: str) -> str:
    mark, label = _MARK[kind]
    return (
        f'<span class="{kind}"><span class="sr">{label}</span>'
        f'<span aria-hidden="true">{mark} </span>{escape(text)}</span>'
    )
