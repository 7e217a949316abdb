"""Problems found in content or templates, as values: formatting and "did you mean" suggestions."""

from __future__ import annotations

import difflib
import enum
import operator
from collections.abc import Iterable
from dataclasses import dataclass

from .i18n import _
from .pickling import compact_pickle


class Severity(enum.Enum):
    ERROR = "error"
    WARNING = "warning"


@compact_pickle
@dataclass(frozen=True, slots=True)
class Problem:
    """One thing wrong with one file, at one line, for one field (each optional but the path)."""

    path: str  # as the user should see it, e.g. "content/pillars/2019/siti-aminah.md"
    line: int | None
    message: str
    hint: str = ""
    field: str | None = None
    severity: Severity = Severity.ERROR

    @property
    def is_error(self) -> bool:
        return self.severity is Severity.ERROR

    def format(self, rows: bool = False) -> str:
        """ "path:line: message" and the hint below it; `rows`: the line is a spreadsheet row
        ("path, row 3: message")."""
        if not self.line:
            where = self.path
        else:
            where = f"{self.path}:{self.line}"
            if rows:
                where = _("%(file)s, row %(row)s") % {"file": self.path, "row": self.line}
        text = f"{where}: {self.message}"
        if not self.is_error:
            text = _("%(where)s: warning: %(message)s") % {"where": where, "message": self.message}
        if self.hint:
            text += f"\n    {self.hint}"
        return text


def error(
    path: str, line: int | None, message: str, hint: str = "", field: str | None = None
) -> Problem:
    return Problem(path, line, message, hint, field, Severity.ERROR)


def warning(
    path: str, line: int | None, message: str, hint: str = "", field: str | None = None
) -> Problem:
    return Problem(path, line, message, hint, field, Severity.WARNING)


_SEVERITY = operator.attrgetter("severity")


def has_errors(problems: Iterable[Problem]) -> bool:
    # (no Python-level loop: a large site has thousands of warnings, looked through often)
    return Severity.ERROR in map(_SEVERITY, problems)


def sort_problems(problems: Iterable[Problem]) -> tuple[Problem, ...]:
    """Order by file then line, so the report reads like the files do."""
    return tuple(sorted(problems, key=lambda p: (p.path, p.line or 0, p.message)))


def did_you_mean(word: str, choices: Iterable[str], aliases: dict[str, str] | None = None) -> str:
    """The closest choice to a mistyped word, or "" if nothing is close.

    `aliases` maps other spellings (short names, codes) to a choice, so "jabar" finds
    "jawa-barat" although the two strings look little alike.
    """
    key = word.strip().lower()
    if aliases:
        lowered = {alias.lower(): target for alias, target in aliases.items()}
        if key in lowered:
            return lowered[key]
    options = list(choices)
    match = difflib.get_close_matches(key, options, n=1, cutoff=0.6)
    if match:
        return match[0]
    if aliases:
        near = difflib.get_close_matches(key, list(lowered), n=1, cutoff=0.75)
        if near:
            return lowered[near[0]]
    return ""


def suggestion(word: str, choices: Iterable[str], aliases: dict[str, str] | None = None) -> str:
    """'; did you mean 'x'?' or '' — the tail of a message."""
    best = did_you_mean(word, choices, aliases)
    return f"; did you mean '{best}'?" if best else ""
