"""Save a form's values into a profile or press-release file, changing only the changed fields.

Approach: a patch on line positions, not ruamel.yaml's round-trip mode. The file is composed
with PyYAML (as `yamltext` does for every check), which gives the first and last line of each
top-level field; a changed field's lines are replaced by freshly written ones (the comment
ending its line kept; comments between a changed list's items go with the items), a field set to
empty has its lines removed, a new field is added before the closing '---'. Every other byte —
comments, blank lines, key order, the quoting of untouched fields, fields added by hand, the BOM,
CRLF line ends and the story below the front matter — is copied as it was. ruamel.yaml would be
a second YAML parser (whose YAML 1.2 reading differs from the build's 1.1 on `no`, `0812`, dates)
and re-emits the whole mapping, which changes spacing and wrapping that nobody asked to change.

Each value written is read back with the build's loader; when the plain form would read as
something else (`no`, `: `, ` #`, a leading `@`, `*` or `-`), it is written in double quotes.
"""

from __future__ import annotations

import datetime
import hashlib
import json
import os
import re
import stat
import tempfile
from collections.abc import Mapping
from pathlib import Path
from typing import Any

import yaml

_Loader: Any = getattr(yaml, "CSafeLoader", yaml.SafeLoader)
_MISSING = object()


class ChangedOnDisk(Exception):
    """The file is no longer the one the form was loaded from (a hand edit, another tab)."""

    def __init__(self, current: bytes) -> None:
        super().__init__("the file changed on disk since the form was loaded")
        self.current = current


def digest(data: bytes) -> str:
    """What the form carries to tell whether the file changed since it was loaded."""
    return hashlib.sha256(data).hexdigest()


def _reads_as(text: str) -> Any:
    try:
        loaded = yaml.load(text, Loader=_Loader)
    except yaml.YAMLError:
        return _MISSING
    return loaded


def scalar(value: Any) -> str:
    """One value as YAML text on one line that reads back as the same value."""
    if isinstance(value, bool):
        return "true" if value else "false"
    if isinstance(value, int | datetime.date):
        return str(value) if isinstance(value, int) else value.isoformat()
    text = str(value)
    plain_ok = (
        text
        and text == text.strip()
        and "\n" not in text
        and " #" not in text
        and not text.startswith(tuple("@`*&!|>%-?:#'\"[]{},"))
    )
    if plain_ok and _reads_as(f"k: {text}\n") == {"k": text}:
        return text
    return json.dumps(text, ensure_ascii=False)  # a JSON string is a YAML double-quoted one


def field_lines(name: str, value: Any) -> list[str]:
    """`name: value` as the lines of a field (a list as '- item' lines, a text of several lines
    as a literal block)."""
    if isinstance(value, list | tuple):
        return [f"{name}:", *(line for item in value for line in _item_lines(item))]
    if isinstance(value, str) and "\n" in value.strip("\n"):
        block = value.rstrip("\n")
        indicator = "|" if value.endswith("\n") and not value.endswith("\n\n") else "|-"
        lines = [
            f"{name}: {indicator}",
            *(f"  {line}" if line else "" for line in block.split("\n")),
        ]
        if _reads_as("\n".join(lines) + "\n") == {name: value}:
            return lines
    return [f"{name}: {scalar(value)}"]


def _item_lines(item: Any) -> list[str]:
    """One list item's lines: '- value', or a group of fields (an award) as '- key: value'
    with the other fields below it."""
    if isinstance(item, dict) and item:
        pairs = [f"{key}: {scalar(value)}" for key, value in item.items()]
        return [f"  - {pairs[0]}", *(f"    {pair}" for pair in pairs[1:])]
    return [f"  - {scalar(item)}"]


def _with_comment(lines: list[str], comment: str) -> list[str]:
    """A field's new lines with the old line's comment kept at the end of the first (dropped
    only if it would change what the field reads as)."""
    if not comment:
        return lines
    kept = [lines[0] + comment, *lines[1:]]
    same = _reads_as("\n".join(kept) + "\n") == _reads_as("\n".join(lines) + "\n")
    return kept if same else lines


def _last_line(node: yaml.Node) -> int:
    """The last line a value is written on (comments after a block value excluded)."""
    if isinstance(node, yaml.ScalarNode) or getattr(node, "flow_style", False):
        mark = node.end_mark
        return mark.line if mark.column > 0 else mark.line - 1
    children: list[yaml.Node] = []
    if isinstance(node, yaml.SequenceNode):
        children = list(node.value)
    elif isinstance(node, yaml.MappingNode):
        children = [n for pair in node.value for n in pair]
    return max((_last_line(child) for child in children), default=node.start_mark.line)


def _spans(front: list[str]) -> dict[str, tuple[int, int, str]]:
    """Each top-level field → (first line, line after its last, its end-of-line comment) within
    `front`."""
    node = yaml.compose("\n".join(line.rstrip("\r") for line in front), Loader=_Loader)
    if node is None:
        return {}
    if not isinstance(node, yaml.MappingNode):
        raise ValueError("the file does not hold 'field: value' lines")
    spans = {}
    for key, value in node.value:
        first = key.start_mark.line
        end = max(first, _last_line(value)) + 1
        spans[str(key.value)] = (first, end, _comment(front, key, value))
    return spans


_AFTER_VALUE = re.compile(r"(\s+#.*?)\s*\Z")
_AFTER_KEY = re.compile(r"\s*:(?:\s+[|>][-+0-9]*)?(\s+#.*?)\s*\Z")


def _comment(front: list[str], key: yaml.Node, value: yaml.Node) -> str:
    """The comment ending the field's line (`summary: Lama  # dari rapat` → '  # dari rapat'),
    with the spaces before it, or ''. A value on the key's line (a scalar, a flow list) ends
    where PyYAML says, so a ' #' inside quotes is not taken for a comment; a block value (a list,
    a '|' text) has its comment after the ':' or the block indicator on the key's line."""
    block = isinstance(value, yaml.ScalarNode) and value.style in ("|", ">")
    block = block or not (isinstance(value, yaml.ScalarNode) or getattr(value, "flow_style", False))
    if block:
        line, column, pattern = key.end_mark.line, key.end_mark.column, _AFTER_KEY
    else:
        line, column, pattern = value.end_mark.line, value.end_mark.column, _AFTER_VALUE
    if line >= len(front):
        return ""
    found = pattern.match(front[line].rstrip("\r")[column:])
    return found.group(1) if found else ""


def _split(text: str, markdown: bool) -> tuple[list[str], list[str], list[str]]:
    """The file's lines (line ends removed, '\\r' kept) → (opening, front matter, rest), where
    rest is the closing '---' line and the story, for a Markdown file."""
    lines = text.split("\n")
    if not markdown:
        return [], lines, []
    if lines[0].rstrip() != "---":
        raise ValueError("the file does not start with front matter")
    for index in range(1, len(lines)):
        if lines[index].rstrip() in ("---", "..."):
            return lines[:1], lines[1:index], lines[index:]
    raise ValueError("the front matter is never closed")


def _same(old: Any, new: Any) -> bool:
    """Whether the form left a field as it was: a form cannot show the end of line of a folded
    summary (`>`) or tell one item from a text written without a list, so those count as same."""
    if isinstance(old, str) and isinstance(new, list | tuple):
        old = [old]
    if isinstance(old, list | tuple) and isinstance(new, list | tuple):
        return [str(o).strip() for o in old] == [str(n).strip() for n in new]
    if isinstance(old, str) and isinstance(new, str):
        return old.strip() == new.strip()
    return bool(old == new and type(old) is type(new))


def update(
    data: bytes, markdown: bool, values: Mapping[str, Any], story: str | None = None
) -> bytes:
    """The file `data` with `values` written into it: a field whose value is None, '' or []
    is removed; a field equal to what the file holds is left alone, byte for byte. `story`
    (Markdown files): the text below the front matter, replaced only when it differs.
    ValueError (or yaml.YAMLError) when the file cannot be read as fields."""
    bom = data.startswith(b"\xef\xbb\xbf")
    text = data.decode("utf-8-sig")
    eol = "\r" if "\r\n" in text else ""  # added to each new line: lines are joined with \n
    opening, front, rest = _split(text, markdown)
    spans = _spans(front)
    current = yaml.load("\n".join(line.rstrip("\r") for line in front), Loader=_Loader) or {}
    added: list[str] = []
    for name, span in sorted(spans.items(), key=lambda item: -item[1][0]):
        if name not in values:
            continue
        value = values[name]
        if value in (None, "", []):
            front[span[0] : span[1]] = []
        elif not _same(current.get(name, _MISSING), value):
            lines = _with_comment(field_lines(name, value), span[2])
            front[span[0] : span[1]] = [line + eol for line in lines]
    for name, value in values.items():
        # (an unticked box adds nothing: an absent yes/no field means no)
        if name not in spans and value not in (None, "", []) and value is not False:
            added += [line + eol for line in field_lines(name, value)]
    front += added
    if markdown and story is not None:
        old_story = "\n".join(rest[1:])
        new_story = story.replace("\r\n", "\n")
        if old_story.replace("\r\n", "\n") != new_story:
            lines = new_story.split("\n")  # (the last one has no line end after it)
            rest = rest[:1] + [line + eol for line in lines[:-1]] + lines[-1:]
    joined = "\n".join([*opening, *front, *rest])
    return ("\ufeff" if bom else "").encode() + joined.encode("utf-8")


def new_file(values: Mapping[str, Any], story: str) -> bytes:
    """A new Markdown file holding `values` (in their order) and the story."""
    return update(b"---\n---\n", True, values, story)


def write_back(path: Path, data: bytes, loaded_digest: str) -> None:
    """Replace `path` with `data` atomically, unless it changed since it was loaded (then raise
    ChangedOnDisk and write nothing). The temporary file is in the same folder, so os.replace
    never copies across drives and a crash leaves the old file or the new one, never half."""
    current = path.read_bytes()
    if digest(current) != loaded_digest:
        raise ChangedOnDisk(current)
    mode = stat.S_IMODE(path.stat().st_mode)
    handle, temporary = tempfile.mkstemp(prefix=".teladan-", suffix=".tmp", dir=path.parent)
    try:
        with os.fdopen(handle, "wb") as f:
            f.write(data)
        os.chmod(temporary, mode)  # (mkstemp makes it 0600: the file keeps the mode it had)
        os.replace(temporary, path)
    except BaseException:
        Path(temporary).unlink(missing_ok=True)
        raise


def create(path: Path, data: bytes) -> None:
    """Write a new file; FileExistsError if one is there already (never replaced)."""
    path.parent.mkdir(parents=True, exist_ok=True)
    with path.open("xb") as f:
        f.write(data)
