"""A file whose fields cannot be read (a YAML mistake, text that is not UTF-8): why the form
cannot save into it, and what its page shows instead of the form. Opening such a file used to
show an empty form under the note; staff retyped the profile into it for nothing (a save is
refused). Now the page names the line to fix and shows the file's text as it is, with no form
to type into, until the file is fixed in a text editor."""

from __future__ import annotations

from html import escape

from .i18n import _
from .load import parse_record
from .yamltext import normalise_text


def problems(data: bytes, suffix: str, rel: str, kind: str) -> list[str]:
    """Why the file's fields cannot be read, each with its line; [] when they can."""
    text = normalise_text(data)
    if not isinstance(text, str):
        return [text.message]
    raw, found = parse_record(text, suffix, rel, kind)
    if raw is not None and not any(p.is_error for p in found):
        return []
    at = _("%(problem)s (line %(line)s)")
    return [at % {"problem": p.message, "line": p.line} if p.line else p.message for p in found]


def unreadable(data: bytes, suffix: str, rel: str, kind: str) -> list[str]:
    """Why the form cannot save into this file (its fields cannot be read), else []."""
    said = _(
        "The form cannot save into this file yet because its content cannot be read: "
        "%(problem)s. Fix the file in a text editor first (the preview shows the problem)."
    )
    return [said % {"problem": m} for m in problems(data, suffix, rel, kind)]


def instead_of_form(data: bytes, suffix: str, rel: str, kind: str) -> str:
    """The HTML shown in place of the form of a file that cannot be read ('' when it can):
    what to fix, then the file's text, unchanged, with line numbers to find the line."""
    found = problems(data, suffix, rel, kind)
    if not found:
        return ""
    heading = _("This file cannot be shown in the form until it is fixed")
    explained = _(
        "Fix the line named above in a text editor (such as Notepad) and save the file, then "
        "open this page again: the form comes back with every field filled in. Nothing has "
        "been changed in the file. Its text as it is now:"
    )
    text = data.decode("utf-8", "replace").lstrip("\ufeff").replace("\r\n", "\n")
    numbered = "\n".join(f"{n:>4}  {line}" for n, line in enumerate(text.split("\n"), 1))
    items = "".join(f"<li>{escape(m)}</li>" for m in found)
    return (
        '<div class="refused" role="alert" id="error-summary" tabindex="-1" autofocus>'
        f"<h2>{escape(heading)}</h2><ul>{items}</ul></div>"
        f"<p>{escape(explained)}</p><pre>{escape(numbered)}</pre>"
    )
