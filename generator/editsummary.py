"""The summary of a refused save, at the top of the form: a save refused for a problem far down
the form (1,650 px down on a phone) was invisible. The summary is an alert that takes the focus
when the page opens (with or without JavaScript: `autofocus` on an element with tabindex=-1),
and each problem is a link to its field, as GOV.UK's error summary does."""

from __future__ import annotations

from collections.abc import Iterable, Mapping, Sequence
from html import escape

from .i18n import N_, _

HEADING = {
    False: N_("Not saved"),
    True: N_("This file has problems: fix them in the marked fields, then press Save"),
}
# The page's <title> (the form's heading in it), so the tab and a screen reader say so
TITLE = N_("Not saved: %(page)s")
LOADED_TITLE = N_("Problems: %(page)s")  # (a file opened with problems: nothing refused yet)


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
        for message in errors.get(name, ()):
            said = _("%(field)s: %(problem)s") % {"field": label, "problem": message}
            items.append(f'<li><a href="#e-{escape(name, quote=True)}">{escape(said)}</a></li>')
    if not items:
        return ""
    return (
        '<div class="refused" role="alert" id="error-summary" tabindex="-1" autofocus>'
        f"<h2>{escape(_(HEADING[loaded]))}</h2><ul>{''.join(items)}</ul></div>"
    )
