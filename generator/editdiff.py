"""The differences between a file as it is on disk and the version someone submitted, as HTML,
so a person whose save was refused (the file changed since the form was loaded) can merge by
hand. Each changed line is marked by text (− or + and a label for screen readers), not colour
alone, and every line is escaped."""

from __future__ import annotations

import difflib
from html import escape

from .i18n import N_, _

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
    "del": ("−", N_("Only in the file now:")),
    "add": ("+", N_("Only in your version:")),
    "same": (" ", N_("Same:")),
}


def differences(now: str, yours: str) -> str:
    """A heading, a legend and the changed lines with a little context, as an HTML fragment."""
    old, new = now.splitlines(), yours.splitlines()
    lines: list[str] = []
    for group in difflib.SequenceMatcher(None, old, new, autojunk=False).get_grouped_opcodes(
        CONTEXT
    ):
        first = group[0]
        at = _("Around line %(now)s of the file now, line %(yours)s of your version")
        at %= {"now": first[1] + 1, "yours": first[3] + 1}
        lines.append(f'<span class="at">{escape(at)}</span>')
        for tag, i1, i2, j1, j2 in group:
            if tag == "equal":
                lines.extend(_line("same", text) for text in old[i1:i2])
                continue
            lines.extend(_line("del", text) for text in old[i1:i2])
            lines.extend(_line("add", text) for text in new[j1:j2])
    heading = escape(_("Differences"))
    if not lines:
        same = _("The content is the same; only line endings or spaces differ.")
        return f"<h2>{heading}</h2><p>{escape(same)}</p>"
    legend = _(
        "Lines marked − are only in the file now (a hand edit, for example); lines marked + are "
        "only in your version. Combine what you want to keep, then save again."
    )
    return f'<h2>{heading}</h2><p>{escape(legend)}</p><pre class="diff">{"".join(lines)}</pre>'


def _line(kind: str, text: str) -> str:
    mark, label = _MARK[kind]
    return (
        f'<span class="{kind}"><span class="sr">{escape(_(label))} </span>'
        f'<span aria-hidden="true">{mark} </span>{escape(text)}</span>'
    )
