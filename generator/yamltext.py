"""YAML text → top-level mapping with the line of every field, or a readable problem.

Built on `yaml.compose` so every value keeps its position (the line an editor shows), and so the
YAML 1.1 traps (`no` read as false, `0812` read as a number) can be told apart from text.
"""

from __future__ import annotations

import re
from dataclasses import dataclass, field
from typing import Any

import yaml

from .i18n import _, ngettext
from .yamlhelp import explain, yaml_lines

# The C loader is several times faster; fall back to pure Python where libyaml is missing.
_Loader: Any = getattr(yaml, "CSafeLoader", yaml.SafeLoader)

_STR_TAG = "tag:yaml.org,2002:str"


@dataclass(frozen=True, slots=True)
class Entry:
    """One field of a mapping: its value, the line it starts on, and the text as written."""

    value: Any
    line: int
    # For a plain (unquoted) scalar that YAML turned into something other than text, the
    # characters the author typed, e.g. "no" for False; else None.
    written: str | None = None
    # What follows " #" on the value's line: YAML drops it as a comment, which surprises
    # anyone who wrote "Juara #1" or a hashtag.
    comment: str | None = None
    # The value could not be read (a problem was reported); do not also call it missing.
    broken: bool = False
    # For a list: each item's line and, for an item of fields, each field's line (key ""
    # is the item's own '- ' line), so a message can point at the item, not at the list.
    items: tuple[tuple[tuple[str, int], ...], ...] = ()


@dataclass(frozen=True, slots=True)
class YamlProblem:
    line: int | None
    message: str
    hint: str = ""


@dataclass(frozen=True, slots=True)
class ParsedMapping:
    entries: dict[str, Entry] = field(default_factory=dict)
    problems: tuple[YamlProblem, ...] = ()
    line: int = 1  # where the mapping starts


def normalise_text(data: bytes) -> str | YamlProblem:
    """File bytes → text with LF line ends and no BOM, or the problem that stops decoding."""
    try:
        text = data.decode("utf-8-sig")
    except UnicodeDecodeError as exc:
        line = data[: exc.start].count(b"\n") + 1
        return YamlProblem(
            line,
            _("the file is not UTF-8 text"),
            _("save it as UTF-8 (in most editors: Save As → Encoding → UTF-8)"),
        )
    if "\r" in text:
        # Windows (CRLF) and old Mac (CR) line ends count lines the same way an editor does.
        text = text.replace("\r\n", "\n").replace("\r", "\n")
    return text


def _syntax_problem(exc: yaml.YAMLError, first_line: int, text: str = "") -> YamlProblem:
    if isinstance(exc, yaml.MarkedYAMLError) and exc.problem_mark is not None:
        explained = explain(exc, text) if text else None
        if explained:
            index, message, hint = explained
            return YamlProblem(index + first_line, message, hint)
        what = exc.problem or "invalid YAML"
        if exc.context:
            what = f"{exc.context}, {what}"
        return YamlProblem(
            exc.problem_mark.line + first_line,
            _("YAML cannot read this line (%(problem)s)") % {"problem": what},
            _(
                "check this line and the one above it: each field is 'name: value' on its own "
                "line, and a value with ': ', ' #' or a special first character is put in quotes"
            ),
        )
    return YamlProblem(first_line, _("YAML cannot read this file (%(problem)s)") % {"problem": exc})


def compose(text: str, first_line: int = 1) -> tuple[yaml.Node | None, YamlProblem | None]:
    """Text → its single YAML node, or a problem with the line PyYAML reports."""
    loader = _Loader(text)
    try:
        return loader.get_single_node(), None
    except yaml.YAMLError as exc:
        return None, _syntax_problem(exc, first_line, text)
    finally:
        loader.dispose()


def construct(
    node: yaml.Node, first_line: int = 1, loader: Any = None
) -> tuple[Any, YamlProblem | None]:
    """A node → the Python value, or a problem (bad dates such as 2019-02-30 land here).
    `loader`: one to reuse (making one per value took a sixth of parsing a profile); after a
    problem its state is unknown, so the caller must not use it again."""
    own = loader is None
    if own:
        loader = _Loader("")
    try:
        return loader.construct_document(node), None
    except yaml.YAMLError as exc:
        return None, _syntax_problem(exc, first_line)
    except (ValueError, TypeError, OverflowError):
        line = node.start_mark.line + first_line
        value = getattr(node, "value", "")
        if isinstance(value, str) and node.tag.endswith(":timestamp"):
            return None, YamlProblem(
                line,
                _("'%(value)s' is not a real date") % {"value": value},
                _("check the day and month (year-month-day)"),
            )
        return None, YamlProblem(
            line,
            _("the value '%(value)s' cannot be read") % {"value": value},
            _("put it in quotes"),
        )
    finally:
        if own:
            loader.dispose()


def _tagged(node: yaml.Node) -> yaml.Node | None:
    """The first value in `node` (itself or an item of its list) that starts with '!'."""
    if node.tag.startswith("!") and not node.tag.startswith("!!"):
        return node
    if isinstance(node, yaml.SequenceNode):
        return next((n for n in map(_tagged, node.value) if n is not None), None)
    return None


def _tag_problem(key: str, node: yaml.Node, first_line: int) -> YamlProblem | None:
    """ "quote: !penting sekali": YAML reads "!penting" as a tag, not as text."""
    tagged = _tagged(node)
    if tagged is None:
        return None
    written = f"{tagged.tag} {getattr(tagged, 'value', '')}".strip()
    if tagged is not node:
        return YamlProblem(
            tagged.start_mark.line + first_line,
            _("this item of '%(field)s' starts with '%(sign)s', which YAML reads specially")
            % {"field": key, "sign": "!"},
            _('put the whole item in quotes: - "%(value)s"') % {"value": written},
        )
    return YamlProblem(
        node.start_mark.line + first_line,
        _("a value cannot start with '%(sign)s' in YAML") % {"sign": "!"},
        _('put it in quotes: %(field)s: "%(value)s"') % {"field": key, "value": written},
    )


def _written(node: yaml.Node) -> str | None:
    # Plain style is None in the Python loader and "" in the C one.
    if isinstance(node, yaml.ScalarNode) and node.tag != _STR_TAG and not node.style:
        return str(node.value)
    return None


def _comment_after(node: yaml.Node, lines: list[str]) -> str | None:
    """The comment YAML drops after a one-line plain value ("Juara #1" → "1")."""
    if not isinstance(node, yaml.ScalarNode) or node.style or not lines:
        return None
    end = node.end_mark
    if end.line >= len(lines) or end.line != node.start_mark.line:
        return None
    rest = lines[end.line][end.column :]
    if rest.lstrip().startswith("#"):
        return rest.lstrip()[1:].rstrip()  # (as typed: "#1" and "# a note" differ)
    return None


def _anchor_problem(
    key: str, node: yaml.Node, lines: list[str], first_line: int
) -> YamlProblem | None:
    """ "organization: &Co": YAML reads "&Co" as an anchor (a name for the value) and the value
    as empty, without an error."""
    items = node.value if isinstance(node, yaml.SequenceNode) else [node]
    for item in items:
        start = item.start_mark
        if not isinstance(item, yaml.ScalarNode) or item.value != "" or not lines:
            continue
        written = lines[start.line][start.column :].split(" #")[0].strip()
        if not written.startswith("&"):
            continue
        if item is not node:
            return YamlProblem(
                start.line + first_line,
                _("this item of '%(field)s' starts with '%(sign)s', which YAML reads specially")
                % {"field": key, "sign": "&"},
                _('put the whole item in quotes: - "%(value)s"') % {"value": written},
            )
        return YamlProblem(
            start.line + first_line,
            _("a value cannot start with '%(sign)s' in YAML") % {"sign": "&"},
            _('put it in quotes: %(field)s: "%(value)s"') % {"field": key, "value": written},
        )
    return None


def _merged_items(
    key: str, key_line: int, node: yaml.Node, lines: list[str], first_line: int
) -> YamlProblem | None:
    """List items YAML silently joins into one text: '-Posyandu' (no space after the '-') on
    the lines under a field, or an item indented more than the one above it. (0-based lines
    in, 1-based out: the caller adds the offset.)"""
    if not lines:
        return None
    plain = isinstance(node, yaml.ScalarNode) and not node.style and node.tag == _STR_TAG
    if plain and node.start_mark.line > key_line and str(node.value)[:1] == "-":
        return YamlProblem(
            node.start_mark.line + first_line,
            _(
                "there is no space after the '-' of the list under '%(field)s:', so YAML reads "
                "the lines as one text"
            )
            % {"field": key},
            _("put a space after each '-': - %(item)s")
            % {"item": str(node.value)[1:].split(" -")[0].strip()},
        )
    items = node.value if isinstance(node, yaml.SequenceNode) else []
    for item in items:
        if not isinstance(item, yaml.ScalarNode) or item.style:
            continue
        for i in range(item.start_mark.line + 1, min(item.end_mark.line + 1, len(lines))):
            if lines[i].lstrip().startswith("- "):
                above = lines[item.start_mark.line]
                dash = len(above) - len(above.lstrip(" "))
                hint = (
                    ngettext(
                        "line the '-' up with the one above it (%(count)s space before the '-')",
                        "line the '-' up with the one above it (%(count)s spaces before the '-')",
                        dash,
                    )
                    if dash
                    else _("line the '-' up with the one above it (no spaces before the '-')")
                )
                return YamlProblem(
                    i + first_line,
                    _(
                        "this list item is indented more than the one above it, so YAML reads "
                        "it as part of that item"
                    ),
                    hint % {"count": dash},
                )
    return None


def _item_lines(node: yaml.Node, first_line: int) -> tuple[tuple[tuple[str, int], ...], ...]:
    """A list's items → the line of each ('') and of each of its fields."""
    if not isinstance(node, yaml.SequenceNode):
        return ()
    found = []
    for item in node.value:
        lines = {"": item.start_mark.line + first_line}
        if isinstance(item, yaml.MappingNode):
            for key, _value in item.value:
                lines.setdefault(str(key.value), key.start_mark.line + first_line)
        found.append(tuple(lines.items()))
    return tuple(found)


def mapping_entries(node: yaml.Node, first_line: int = 1, text: str = "") -> ParsedMapping:
    """A mapping node → its fields with lines; duplicate and non-text keys are problems."""
    line = node.start_mark.line + first_line
    if not isinstance(node, yaml.MappingNode):
        found = (
            _("expected fields ('name: value' lines) but found a list")
            if isinstance(node, yaml.SequenceNode)
            else _("expected fields ('name: value' lines) but found a single value")
        )
        own = re.fullmatch(r"([A-Za-z_][\w-]*)(?: *= *| +)(\S.*)", str(node.value))
        example = f"{own.group(1)}: {own.group(2)}" if own else "name: Siti Aminah"
        return ParsedMapping(
            problems=(
                YamlProblem(
                    line,
                    found,
                    _("write one 'field: value' per line, e.g. %(example)s") % {"example": example},
                ),
            ),
            line=line,
        )
    entries: dict[str, Entry] = {}
    problems: list[YamlProblem] = []
    lines = yaml_lines(text) if text else []
    loader = _Loader("")
    try:
        for key_node, value_node in node.value:
            key_line = key_node.start_mark.line + first_line
            if not isinstance(key_node, yaml.ScalarNode):
                problems.append(YamlProblem(key_line, _("a field name must be a plain word")))
                continue
            key = str(key_node.value)
            if key in entries:
                problems.append(
                    YamlProblem(
                        key_line,
                        _("field '%(field)s' appears twice (also on line %(line)s)")
                        % {"field": key, "line": entries[key].line},
                        _("keep one of them"),
                    )
                )
                continue
            value, problem = construct(value_node, first_line, loader)
            if problem:
                problem = _tag_problem(key, value_node, first_line) or problem
            if problem:
                loader.dispose()
                loader = _Loader("")
                problems.append(problem)
                entries[key] = Entry(None, key_line, broken=True)
                continue
            merged = _merged_items(key, key_node.start_mark.line, value_node, lines, first_line)
            anchor = _anchor_problem(key, value_node, lines, first_line)
            problems.extend(p for p in (merged, anchor) if p is not None)
            entries[key] = Entry(
                value,
                key_line,
                _written(value_node),
                _comment_after(value_node, lines),
                items=_item_lines(value_node, first_line),
            )
    finally:
        loader.dispose()
    return ParsedMapping(entries, tuple(problems), line)


def parse_mapping(text: str, first_line: int = 1) -> ParsedMapping:
    """YAML text → ParsedMapping; an empty text is an empty mapping."""
    node, problem = compose(text, first_line)
    if problem:
        return ParsedMapping(problems=(problem,), line=first_line)
    if node is None:
        return ParsedMapping(line=first_line)
    return mapping_entries(node, first_line, text)


def parse_list_of_mappings(
    text: str, first_line: int = 1
) -> tuple[list[ParsedMapping], tuple[YamlProblem, ...]]:
    """YAML text holding a list of mappings (categories.yaml) → one ParsedMapping per item."""
    node, problem = compose(text, first_line)
    if problem:
        return [], (problem,)
    if node is None:
        return [], ()
    if not isinstance(node, yaml.SequenceNode):
        return [], (
            YamlProblem(
                node.start_mark.line + first_line,
                _("expected a list of entries, each starting with '- '"),
            ),
        )
    return [mapping_entries(item, first_line, text) for item in node.value], ()
