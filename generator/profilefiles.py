"""Imported rows → profile files: what to write for each, never over a story or a hand-written
file, each file written whole or not at all."""

from __future__ import annotations

import os
import secrets
import shutil
from collections.abc import Collection, Mapping, Sequence
from dataclasses import dataclass
from pathlib import Path
from typing import Literal

import yaml

from .i18n import _
from .importawards import Added, add_award, from_another_province, holding_awards
from .load import MARKDOWN_SUFFIXES, YAML_SUFFIXES
from .problems import Problem, error

MARKER = "# teladan import:"
_PROFILE_SUFFIXES = MARKDOWN_SUFFIXES + YAML_SUFFIXES


class _Dumper(yaml.SafeDumper):
    """safe_dump's quoting, with list items indented under their field as in README."""

    def increase_indent(self, flow: bool = False, indentless: bool = False) -> None:
        super().increase_indent(flow, False)


@dataclass(frozen=True, slots=True)
class Record:
    """A valid row: the profile's fields in README order."""

    number: int
    slug: str
    year: int
    fields: Mapping[str, object]
    rendered: tuple[str, str]  # (marker comment, YAML of the fields), as `render` gives them

    @property
    def rel(self) -> str:
        return profile_path(self.year, self.slug)


@dataclass(frozen=True, slots=True)
class Write:
    number: int
    rel: str
    action: Literal["created", "updated", "unchanged"]
    text: str
    notes: tuple[str, ...] = ()  # what to tell besides (an award added to an existing profile)
    unapplied: tuple[str, ...] = ()  # the row's fields an existing profile keeps its own of


def profile_path(year: object, slug: str) -> str:
    """Where a row's profile goes, relative to the content folder."""
    return f"pillars/{year}/{slug}.md"


def render(
    fields: Mapping[str, object],
    sheet_name: str,
    number: int,
    kept: Mapping[str, object] | None = None,
) -> tuple[str, str]:
    """A row's fields → (the marker comment line, the YAML of its fields, then the `kept` ones)."""
    # (the marker itself is never translated: a later import finds its files by it)
    explained = _(
        "%(sheet)s row %(row)s — the fields below are updated when the spreadsheet is imported "
        "again; the story below the closing line is yours and is never overwritten."
    )
    comment = f"{MARKER} " + explained % {"sheet": sheet_name, "row": number}
    data = yaml.dump(
        {**fields, **(kept or {})},
        Dumper=_Dumper,
        allow_unicode=True,
        sort_keys=False,
        default_flow_style=False,
        width=10_000,  # one line per value: easier to read than YAML's folded lines
    )
    return comment, data


def front_matter(comment: str, data: str) -> str:
    return f"---\n{comment}\n{data}---\n"


def _imported_parts(text: str) -> tuple[str, str, str] | None:
    """An imported profile → (its marker line, its field lines, everything after the closing
    '---' as is).

    None when the file does not start with the import marker, i.e. someone wrote it by hand.
    """
    lines = text.removeprefix("\ufeff").splitlines(keepends=True)
    if len(lines) < 2 or lines[0].strip() != "---" or not lines[1].startswith(MARKER):
        return None
    for index in range(2, len(lines)):
        if lines[index].strip() == "---":
            fields = "".join(lines[2:index]).replace("\r\n", "\n")
            return lines[1].rstrip("\r\n"), fields, "".join(lines[index + 1 :])
    return None


def _another_pillar(record: Record, marker: str, fields: str, sheet_name: str) -> bool:
    """Whether the imported profile at a row's path is another pillar of the same name: made
    by another spreadsheet, for another province. (A spreadsheet imported again corrects its
    own profiles, their province included: the marker names the spreadsheet that made one.)"""
    if marker.startswith(f"{MARKER} {sheet_name} "):
        return False
    try:
        old = yaml.safe_load(fields)
    except yaml.YAMLError:
        return False
    province = record.fields.get("province")
    return isinstance(old, dict) and old.get("province") not in (None, province)


def _hand_added(fields: str, filled: Collection[str]) -> dict[str, object]:
    """Fields of an imported profile that this import does not fill (`filled`: the fields the
    spreadsheet has columns for): added by hand, or by an earlier spreadsheet with more columns.
    """
    try:
        old = yaml.safe_load(fields)
    except yaml.YAMLError:
        return {}
    if not isinstance(old, dict):
        return {}
    return {k: v for k, v in old.items() if k not in filled}


def existing_profiles(content_dir: Path) -> dict[str, list[str]]:
    """Slug → the profile files already using it, skipping what the loader skips."""
    found: dict[str, list[str]] = {}
    pillars = content_dir / "pillars"
    if not pillars.is_dir():
        return found
    for path in sorted(pillars.rglob("*")):
        rel = path.relative_to(content_dir)
        hidden = any(part.startswith((".", "_")) for part in rel.parts[1:-1])
        if hidden or path.name.startswith((".", "~")) or not path.is_file():
            continue
        if path.suffix.lower() in _PROFILE_SUFFIXES:
            found.setdefault(path.stem, []).append(rel.as_posix())
    return found


def plan(
    record: Record,
    content_dir: Path,
    sheet_name: str,
    columns: Collection[str],
    existing: Mapping[str, list[str]],
) -> Write | tuple[str, str]:
    """What to do with a record's file, or (message, hint): why not to touch it."""
    rel = record.rel
    others = [p for p in existing.get(record.slug, []) if p != rel]
    known = others or holding_awards(content_dir, rel)
    added = add_award(record.fields, content_dir, known) if known else None
    if isinstance(added, Added):
        values = {"file": added.file, "year": record.year, "was": added.recategorised}
        if added.added:
            note = _("%(file)s: the row's award is added to this profile (awards:)")
        else:  # (a pillar wins in one category a year: another one is a corrected cell)
            note = _("%(file)s: the %(year)s award's category is corrected (it was %(was)s)")
        notes = (note % values,) if added.added or added.recategorised else ()
        return Write(record.number, added.file, added.action, added.text, notes, added.unapplied)
    if added is not None:
        return added
    if known:
        return (
            _(
                "a profile '%(slug)s' already exists in %(file)s; every profile needs its own "
                "web address"
            )
            % {"slug": record.slug, "file": known[0]},
            _(
                "if the year was corrected, move that file's story into the new one and delete "
                "it; if it is another person, make the names differ (add a title or a place)"
            ),
        )
    comment, data = record.rendered
    path = content_dir / rel
    if not path.exists():
        return Write(record.number, rel, "created", front_matter(comment, data))
    try:
        parts = _imported_parts(path.read_bytes().decode("utf-8"))
    except (OSError, UnicodeDecodeError) as exc:
        message = _("cannot read %(file)s: %(reason)s") % {"file": rel, "reason": exc}
        return message, _("check the file, or move it away")
    if parts is None:
        return (
            _("%(file)s was written by hand; teladan import will not overwrite it") % {"file": rel},
            _("edit that file directly, or leave this row out of the spreadsheet"),
        )
    marker, fields, story = parts
    if _another_pillar(record, marker, fields, sheet_name):
        return (
            from_another_province(record.fields.get("name"), rel),
            _(
                "if it is the same pillar, correct the province in that file by hand; if not, "
                "make the names differ (add a title or a place)"
            ),
        )
    # Fields this spreadsheet has no column for (draft, tags, a photo, a quote…) were added by
    # hand: keep them. A column it has is the spreadsheet's, even where a cell is empty.
    kept = _hand_added(fields, {*columns, *record.fields})
    if kept:
        comment, data = render(record.fields, sheet_name, record.number, kept)
    # Only the fields count: a new file name or row number alone does not rewrite the file.
    if fields == data:
        return Write(record.number, rel, "unchanged", "")
    return Write(record.number, rel, "updated", front_matter(comment, data) + story)


def _write_atomic(path: Path, text: str) -> None:
    """Write through a temporary file beside the target, so a reader never sees half a file."""
    path.parent.mkdir(parents=True, exist_ok=True)
    temp = path.with_name(f".{path.name}.{secrets.token_hex(4)}.tmp")
    # 0o666 lets the umask decide, as for any new file (mkstemp would force 0o600).
    fd = os.open(temp, os.O_WRONLY | os.O_CREAT | os.O_EXCL, 0o666)
    try:
        with os.fdopen(fd, "wb") as handle:
            handle.write(text.encode("utf-8"))
            handle.flush()
            os.fsync(handle.fileno())
        if path.exists():
            shutil.copymode(path, temp)
        os.replace(temp, path)
    except BaseException:
        temp.unlink(missing_ok=True)
        raise


def write_all(
    plans: Sequence[Write], content_dir: Path, shown: str
) -> tuple[dict[str, list[str]], list[Problem]]:
    """Carry out the plans: the paths created, updated and left unchanged, and write problems."""
    done: dict[str, list[str]] = {"created": [], "updated": [], "unchanged": []}
    problems = []
    for item in plans:
        if item.action != "unchanged":
            try:
                _write_atomic(content_dir / item.rel, item.text)
            except OSError as exc:
                problems.append(
                    error(
                        shown,
                        item.number,
                        _("cannot write %(file)s: %(reason)s")
                        % {"file": item.rel, "reason": exc.strerror or exc},
                        _("check that the content folder can be written to"),
                    )
                )
                continue
        done[item.action].append(item.rel)
    return done, problems
