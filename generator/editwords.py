"""A check's problem as the editor's form says it: next to a field, without the text file's
way of naming it (`pillars: …`, `add e.g. 'photo_alt: …'`), since the form labels the field
in the staff's words and has no `field: value` lines."""

from __future__ import annotations

from .problems import Problem


def shown(problem: Problem, beside_field: bool) -> str:
    """The problem's message and hint as one sentence; `beside_field`: shown next to the
    control of `problem.field` (else in the box above the form, as the file names it)."""
    message, hint, field = problem.message, problem.hint, problem.field
    if beside_field and field:
        message = message.removeprefix(f"{field}: ")
        hint = hint.replace(f"'{field}: ", "'").replace(f'"{field}: ', '"')
    return message[:1].upper() + message[1:] + (f" ({hint})" if hint else "")
