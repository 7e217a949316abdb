"""A check's problem as the editor's form says it: next to a field, without the text file's
way of naming it (`pillars: …`, `add e.g. 'photo_alt: …'`), since the form labels the field
in the staff's words and has no `field: value` lines."""

from __future__ import annotations

from .fields import required_message
from .i18n import _
from .problems import Problem
from .schema import FieldSpec


def shown(problem: Problem, spec: FieldSpec | None) -> str:
    """The problem's message and hint as one sentence; `spec`: the field it is shown next to
    (None: in the box above the form, as the file names it)."""
    message, hint, field = problem.message, problem.hint, problem.field
    if spec is not None and field:
        if message in (required_message(field, True), required_message(field, False)):
            return _required(spec)
        message = message.removeprefix(f"{field}: ")
        hint = hint.replace(f"'{field}: ", "'").replace(f'"{field}: ', '"')
    return message[:1].upper() + message[1:] + (f" ({hint})" if hint else "")


def _required(spec: FieldSpec) -> str:
    """A required field left empty, named by its label, with the field's own hint: the file's
    message named the file's key ('name') and proposed a name made from the file name, which
    for a new profile without one was "Tanpa Judul"."""
    said = _("%(label)s is required.") % {"label": _(spec.label)}
    if spec.hint:
        hint = _(spec.hint)
    else:
        hint = _("Choose one from the list.") if spec.kind == "choice" else _("Fill it in.")
    return f"{said} {hint}"
