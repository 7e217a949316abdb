"""The build's checks across files, for the one file the editor is about to save.

`teladan build` refuses more than a file's own problems: a press release naming a profile that
does not exist, two files at one address, a second selection for a year (index.build_index).
The editor runs exactly those checks (the same functions) on the site as it would be with the
form's record in place of its file, so a form can never save what the build refuses. The other
files are read and checked once, and again only when their time or size changed.
"""

from __future__ import annotations

import dataclasses
from collections.abc import Mapping
from pathlib import Path

from .config import load_config
from .index import build_index
from .load import content_files, load_record
from .problems import Problem
from .validate import Checks, Record, assemble, validate_record

# a file → (its time and size, its record or None, whether it has errors of its own)
Known = dict[str, tuple[tuple[int, int], Record | None, bool]]


class SiteRecords:
    """The records of every other content file, for the checks across files."""

    def __init__(self, content_dir: Path) -> None:
        self.content_dir = content_dir
        self._known: Known = {}
        self._checked_with: object = None  # (a record's checks depend on the categories, year)

    def problems(self, rel: str, record: Record, checks: Checks) -> list[Problem]:
        """The build's errors across files that concern `rel`, with `record` as its content."""
        config, _ = load_config(self.content_dir)
        if config is None:
            return []  # (no site.yaml: the build says so itself, about that file)
        if self._checked_with != (checks.ref.categories, checks.ref.today):
            self._known, self._checked_with = {}, (checks.ref.categories, checks.ref.today)
        records: list[Record] = []
        failed: set[str] = set()
        placed = False
        for name, other, kind in content_files(self.content_dir)[0]:
            if other == rel:
                records.append(record)  # (in the file's own place: the build reports a clash
                placed = True  # on the later of two files, and so must the editor)
                continue
            known, broken = self._record(Path(name), other, kind, checks)
            if known is not None:
                records.append(known)
            if broken:
                failed.add(other)
        if not placed:
            records.append(record)  # a new file
        content = assemble(checks.ref.categories, checks.ref.provinces, records)
        _, found = build_index(content, config, False, checks.ref.today, failed)
        return [p for p in found if p.is_error and p.path == rel]

    def _record(
        self, file: Path, rel: str, kind: str, checks: Checks
    ) -> tuple[Record | None, bool]:
        try:
            info = file.stat()
        except OSError:
            return None, False  # (removed meanwhile)
        key = (info.st_mtime_ns, info.st_size)
        known = self._known.get(rel)
        if known is None or known[0] != key:
            raw, problems = load_record(file, rel, kind)
            record, more = validate_record(raw, checks, self.content_dir) if raw else (None, [])
            broken = any(p.is_error for p in (*problems, *more))
            known = self._known[rel] = (key, record, broken)
        return known[1], known[2]


def with_field(problem: Problem, lines: Mapping[str, int]) -> Problem:
    """A problem across files tied to the field written on its line (`lines`: each field's),
    so the form shows it next to that field."""
    if problem.field:
        return problem
    name = next((name for name, line in lines.items() if line == problem.line), None)
    return dataclasses.replace(problem, field=name)
