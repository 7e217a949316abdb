"""A YAML syntax error → what the person typed wrong, on the line where they did it, and the fix.

PyYAML words its errors for programmers ("mapping values are not allowed here") and often marks
the line *after* the mistake: a field written `name:Siti` is only noticed at the next field. So
the error is used as a clue, and the text around it is read again to find the mistake a person
makes: a missing space after ':', a field that starts with a space, '-' for "empty", a quote or
bracket never closed, a tab, ': ' inside a value, text after a closing quote, a list item out of
line. The mistakes are told apart from the text, never from PyYAML's wording alone.
"""

from __future__ import annotations

import re

import yaml

from .i18n import _, ngettext

# (0-based line, message, hint)
Explained = tuple[int, str, str]

# "name: value" or "- name: value": the indent, the field name, and what follows the colon.
# Where YAML breaks lines (its marks count these), not only at "\n".
_LINE_BREAK = re.compile("\r\n|[\r\n\x85\u2028\u2029]")


def yaml_lines(text: str) -> list[str]:
    """`text` cut into lines as YAML counts them, so a mark's line indexes the list."""
    return _LINE_BREAK.split(text)


_FIELD = re.compile(r"^( *)(?:- +)?([A-Za-z_][\w-]*) *:(?=\s|$)(.*)$")
# "name:Siti": a field name and a colon with no space after it.
_NO_SPACE = re.compile(r"^ *(?:- +)?([A-Za-z_][\w-]*):([^\s/].*)$")


def _lookalikes() -> tuple[tuple[str, str, str], ...]:
    """Characters pasted from word processors that YAML reads differently from what the eye
    sees: (character, message, hint)."""
    curly = _("this line has curly quotes (“ ”), which YAML does not read as quotes")
    straight = _('type straight quotes (") instead')
    return (
        (
            "\t",
            _("this line is indented with a tab"),
            _("YAML needs spaces: replace the tab with two spaces"),
        ),
        ("\u201c", curly, straight),
        ("\u201d", curly, straight),
        (
            "\u2018",
            _("this line has curly quotes (‘ ’), which YAML does not read as quotes"),
            _("type straight quotes (') instead"),
        ),
        (
            "\u00a0",
            _("this line has a special space (from a word processor)"),
            _("delete it and type a normal space"),
        ),
    )


def _meaningful(line: str) -> bool:
    stripped = line.strip()
    return bool(stripped) and not stripped.startswith("#")


def _indent(line: str) -> int:
    return len(line) - len(line.lstrip(" "))


def _key_column(line: str) -> int:
    """Where the field name starts: after the indent and a list item's '- '."""
    match = re.match(r"^ *(?:- +)?", line)
    return match.end() if match else 0


def _field_above(lines: list[str], index: int) -> tuple[str, int] | None:
    """The name and column of the nearest field ('name: …') above `index`, skipping blank
    lines, comments and the items of a list."""
    for i in range(index - 1, -1, -1):
        match = _FIELD.match(lines[i]) if _meaningful(lines[i]) else None
        if match:
            return match.group(2), _key_column(lines[i])
    return None


def _quoted(key: str, value: str) -> str:
    value = value.strip()
    if '"' in value and "'" not in value:
        return f"{key}: '{value}'"
    return f'{key}: "{value}"'


def _lookalike(lines: list[str], index: int) -> Explained | None:
    """A tab, curly quote or special space on or just before the marked line."""
    for candidate in (index, index - 1):
        if 0 <= candidate < len(lines):
            for char, message, hint in _lookalikes():
                if char in lines[candidate]:
                    return candidate, message, hint
    return None


def _misaligned(lines: list[str], index: int) -> Explained | None:
    """A field indented differently from the field above it (often a hint line whose '#' was
    removed but not the space after it)."""
    match = _FIELD.match(lines[index])
    if not match or lines[index].lstrip().startswith("-"):
        return None
    other, expected = _field_above(lines, index) or ("", 0)
    spaces = _indent(lines[index])
    if spaces == expected:
        return None
    said = {"field": match.group(2), "count": spaces, "other": other, "expected": expected}
    if expected == 0:
        hint = _(
            "delete the spaces before '%(field)s:' (when you remove the '#' of a hint line, "
            "remove the space after it too)"
        )
    else:
        hint = ngettext(
            "start the line with %(expected)s space, like '%(other)s:' above it",
            "start the line with %(expected)s spaces, like '%(other)s:' above it",
            expected,
        )
    return index, _misaligned_message(spaces, bool(other)) % said, hint % said


def _misaligned_message(spaces: int, above: bool) -> str:
    """ "'rank:' starts with 1 space, so it does not line up with 'summary:' above it" (the
    `%(field)s`, `%(count)s` spaces and `%(other)s` field above), as a whole sentence."""
    if not spaces:
        if above:
            return _(
                "'%(field)s:' is not indented, so it does not line up with '%(other)s:' above it"
            )
        return _("'%(field)s:' is not indented")
    if above:
        return ngettext(
            "'%(field)s:' starts with %(count)s space, so it does not line up with "
            "'%(other)s:' above it",
            "'%(field)s:' starts with %(count)s spaces, so it does not line up with "
            "'%(other)s:' above it",
            spaces,
        )
    return ngettext(
        "'%(field)s:' starts with %(count)s space",
        "'%(field)s:' starts with %(count)s spaces",
        spaces,
    )


def _not_a_field(lines: list[str], index: int) -> Explained:
    """A line that YAML cannot read as 'field: value': a missing space after ':', or a line
    meant to continue the value above it."""
    line = lines[index]
    no_space = _NO_SPACE.match(line)
    if no_space:
        key, value = no_space.groups()
        return (
            index,
            _("there is no space after '%(field)s:', so YAML does not see a field here")
            % {"field": key},
            _("put a space after the colon: %(field)s: %(value)s")
            % {"field": key, "value": value.strip()},
        )
    above = _field_above(lines, index)
    if above is not None:
        key = above[0]
        hint = _(
            "if it continues the value of '%(field)s' above, start it with two spaces; "
            "otherwise write it as 'field: value'"
        ) % {"field": key}
    else:
        # 'name Ujang', 'name = Ujang': the line's own words, with the colon put in.
        own = re.fullmatch(r"([A-Za-z_][\w-]*)(?: *= *| +)(\S.*)", line.strip())
        hint = (
            _("write it as 'field: value', with a colon: %(example)s")
            % {"example": f"{own.group(1)}: {own.group(2)}"}
            if own
            else _("write 'field: value', e.g. name: Siti Aminah")
        )
    return index, _("'%(line)s' is not a 'field: value' line") % {"line": line.strip()}, hint


def _mapping_values(lines: list[str], index: int, column: int) -> Explained | None:
    """ "mapping values are not allowed here": a ': ' where YAML did not expect one."""
    line = lines[index]
    field = _FIELD.match(line)
    if field and column < len(line) and line[column] == ":" and field.end(2) < column:
        key, value = field.group(2), field.group(3)
        return (
            index,
            _(
                "the value of '%(field)s' contains ': ', which YAML reads as the start of "
                "another field"
            )
            % {"field": key},
            _("put the whole value in quotes: %(example)s") % {"example": _quoted(key, value)},
        )
    misaligned = _misaligned(lines, index)
    if misaligned:
        return misaligned
    # The ': ' ends a value that YAML read across lines: the mistake is on a line above it.
    for i in range(index - 1, -1, -1):
        if not _meaningful(lines[i]):
            continue
        if _FIELD.match(lines[i]) and not _NO_SPACE.match(lines[i]):
            break
        return _not_a_field(lines, i)
    return None


def _expected_key(lines: list[str], index: int, column: int) -> Explained | None:
    """ "did not find expected key": something after a value, or a line out of line."""
    line = lines[index]
    stripped = line.strip()
    if stripped.startswith("-"):
        previous = [i for i in range(index) if lines[i].strip().startswith("- ")]
        if previous and _indent(lines[previous[-1]]) != _indent(line):
            return (
                index,
                _("this list item is indented differently from the one above it"),
                _(
                    "start every item with the same spaces before the '-' "
                    "(%(count)s, like the one above)"
                )
                % {"count": _indent(lines[previous[-1]])},
            )
        return (
            index,
            _("this list item ('- ') belongs to no field"),
            _("write the field first, e.g. achievements:, then indent its items with two spaces"),
        )
    field = _FIELD.match(line)
    value = field.group(3).strip() if field else ""
    if field and value[:1] in ("'", '"') and column > field.end(2):
        key = field.group(2)
        return (
            index,
            _("there is text after the closing quote of '%(field)s'") % {"field": key},
            _("put the whole value in quotes: %(example)s") % {"example": _quoted(key, value)},
        )
    return _misaligned(lines, index)


def _cannot_start(lines: list[str], index: int, column: int) -> Explained | None:
    line = lines[index]
    char = line[column] if column < len(line) else ""
    field = _FIELD.match(line)
    if char and field and column > field.end(2):
        key, value = field.group(2), field.group(3)
        return (
            index,
            _("a value cannot start with '%(sign)s' in YAML") % {"sign": char},
            _("put it in quotes: %(example)s") % {"example": _quoted(key, value)},
        )
    if char and not line[:column].strip(" -"):
        said = {"sign": char}
        return (
            index,
            _("a line cannot start with '%(sign)s' in YAML") % said,
            _("delete the '%(sign)s'") % said,
        )
    return None


# Signs YAML reads specially at the start of a value (an alias, an anchor, a tag, a block of
# text, a list, a group, a key, a directive, reserved signs, quotes).
_SPECIAL_STARTS = "*&!|>[{?%@`\"'"
# PyYAML's problems (and contexts) when a value starts with one of them and goes on as text.
_SPECIAL_PROBLEMS = (
    "alphabetic or numeric",
    "block scalar",
    "expected '-' indicator",
    "expected <block end>",
    "did not find expected key",
    "mapping keys are not allowed",
    "cannot start any token",
    "undefined alias",
)
_ITEM = re.compile(r"^( *)- +(\S.*)$")


def _reads_as_text(value: str) -> bool:
    """Whether a value that starts with a quote or bracket is closed by its end (then YAML read
    it as meant, and the mistake is elsewhere)."""
    closer = {'"': '"', "'": "'", "[": "]", "{": "}"}.get(value[0])
    return closer is not None and len(value) > 1 and value.endswith(closer)


def _special_start(lines: list[str], index: int) -> Explained | None:
    """A value or list item that starts with a sign YAML reads specially ('* bintang',
    '"Ketua" RT terbaik', '[Relawan] bencana', '> 100'): quoting the whole of it fixes it."""
    line = lines[index]
    item = _ITEM.match(line)
    field = None if item else _FIELD.match(line)
    value = (item.group(2) if item else field.group(3) if field else "").split(" #")[0].strip()
    if not value or value[0] not in _SPECIAL_STARTS or _reads_as_text(value):
        return None
    if field:
        if value[0] in "'\"":
            return None  # (text after a closing quote: see _expected_key)
        key = field.group(2)
        return (
            index,
            _("a value cannot start with '%(sign)s' in YAML") % {"sign": value[0]},
            _("put it in quotes: %(example)s") % {"example": _quoted(key, value)},
        )
    above = _field_above(lines, index)
    said = {"field": above[0] if above else "", "sign": value[0]}
    quote = value[0] in "'\""
    if above:
        message = (
            _("this item of '%(field)s' starts with a quote, which YAML reads specially")
            if quote
            else _("this item of '%(field)s' starts with '%(sign)s', which YAML reads specially")
        )
    else:
        message = (
            _("this item of the list starts with a quote, which YAML reads specially")
            if quote
            else _("this item of the list starts with '%(sign)s', which YAML reads specially")
        )
    return (
        index,
        message % said,
        _("put the whole item in quotes: - %(item)s") % {"item": _quoted("", value)[2:]},
    )


def _unclosed(lines: list[str], index: int, opener: str) -> Explained:
    closer = {'"': '"', "'": "'", "[": "]", "{": "}"}[opener]
    line = lines[index].rstrip()
    said = {"sign": opener, "closer": closer, "example": f"{line.strip()}{closer}"}
    return (
        index,
        _("the quote (%(sign)s) opened on this line is never closed") % said
        if opener in "'\""
        else _("the '%(sign)s' opened on this line is never closed") % said,
        _("end it with %(closer)s too: %(example)s") % said,
    )


def _dash(lines: list[str], index: int, column: int) -> Explained:
    """ "rank: - " or "achievements: - Juara": a '-' after a field's colon."""
    field = _FIELD.match(lines[index])
    said = {"field": field.group(2) if field else "…"}
    if lines[index][column + 1 :].strip():
        return (
            index,
            _("a list cannot start on the same line as '%(field)s:'") % said,
            _("write '%(field)s:' alone, then each item on a line of its own, as '  - item'")
            % said,
        )
    return (
        index,
        _("'-' after '%(field)s:' starts a list; it does not mean 'empty'") % said,
        _("to leave '%(field)s' empty, delete the line, or write nothing after '%(field)s:'")
        % said,
    )


def explain(exc: yaml.MarkedYAMLError, text: str) -> Explained | None:
    """The mistake behind a YAML syntax error, or None if it is not one Teladan knows."""
    lines = yaml_lines(text)
    mark = exc.problem_mark
    if mark is None:
        return None
    index, column = min(mark.line, len(lines) - 1), mark.column
    opened = exc.context_mark.line if exc.context_mark is not None else index
    problem, context = exc.problem or "", exc.context or ""
    lookalike = _lookalike(lines, index)
    if lookalike:
        return lookalike
    if any(clue in problem or clue in context for clue in _SPECIAL_PROBLEMS):
        special = _special_start(lines, index)
        if special:
            return special
    if "quoted scalar" in context and "unexpected end of stream" in problem:
        quote = lines[opened][exc.context_mark.column] if exc.context_mark else '"'
        return _unclosed(lines, opened, quote)
    if "did not find expected ','" in problem:
        return _unclosed(lines, opened, "[" if "flow sequence" in context else "{")
    if "block sequence entries are not allowed" in problem:
        return _dash(lines, index, column)
    if "mapping values are not allowed" in problem:
        return _mapping_values(lines, index, column)
    if "could not find expected ':'" in problem:
        return _not_a_field(lines, opened)
    if "did not find expected key" in problem or "expected '-' indicator" in problem:
        return _expected_key(lines, index, column)
    if "<document start>" in problem:
        first = next((i for i, line in enumerate(lines) if _meaningful(line)), 0)
        return _misaligned(lines, first)
    if "cannot start any token" in problem or "undefined alias" in problem:
        return _cannot_start(lines, index, column)
    if "unknown escape character" in problem:
        return (
            index,
            _('inside "double quotes" a backslash (\\) starts a special character'),
            _("use 'single quotes' instead, or write the backslash twice (\\\\)"),
        )
    if "but found another document" in problem:
        return (
            index,
            _("a line '---' splits this file in two; Teladan reads one set of fields per file"),
            _("delete this '---' line (only a .md file has them, around its fields)"),
        )
    return None
