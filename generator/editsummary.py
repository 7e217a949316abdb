"""The summary of a refused save, at the top of the form: a save refused for a problem far down
the form (1,650 px down on a phone) was invisible. The summary is an alert that takes the focus
when the page opens (with or without JavaScript: `autofocus` on an element with tabindex=-1),
and each problem is a link to its field, as GOV.UK's error summary does."""

from __future__ import annotations

from collections.abc import Iterable, Mapping, Sequence
from html import escape

HEADING = {
    False: "Belum disimpan",
    True: "Berkas ini punya masalah: perbaiki di isian yang ditandai, lalu tekan Simpan",
}
TITLE = "Belum disimpan: "  # before the page's <title>, so the tab and a screen reader say so
LOADED_TITLE = "Ada masalah: "  # (a file opened with problems in it: nothing was refused yet)


def summary(
    errors: Mapping[str, Sequence[str]],
    general: Iterable[str],
    labels: Mapping[str, str],
    loaded: bool = False,
) -> str:
    """The alert listing every problem of a refused save ('' when there is none); a field's
    problem links to its control (`e-<name>`), named by the field's label. `loaded`: the
    problems are already in the file as opened (the build refuses it until they are fixed)."""
    items = [f"<li>{escape(message)}</li>" for message in general]
    for name, label in labels.items():  # (in the form's order)
        link = f'<a href="#e-{escape(name, quote=True)}">{escape(label)}: '
        items += [f"<li>{link}{escape(message)}</a></li>" for message in errors.get(name, ())]
    if not items:
        return ""
    return (
        '<div class="refused" role="alert" id="error-summary" tabindex="-1" autofocus>'
        f"<h2>{HEADING[loaded]}</h2><ul>{''.join(items)}</ul></div>"
    )
