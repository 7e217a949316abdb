"""Content folder → RawRecords (fields with their lines, plus the Markdown body) and Problems.

Only reading and YAML parsing happen here; what the fields mean is `validate`'s business.
Paths in records and problems are POSIX paths relative to the content folder.
"""

from __future__ import annotations

import os
import re
from collections.abc import Iterable, Iterator, Mapping
from dataclasses import dataclass, field
from pathlib import Path
from types import MappingProxyType

from .awards import all_list_awards
from .i18n import _
from .problems import Problem, did_you_mean, error, warning
from .yamltext import Entry, YamlProblem, normalise_text, parse_list_of_mappings, parse_mapping

# Folder of content/ → the kind of record its files hold.
FOLDER_KINDS: Mapping[str, str] = MappingProxyType(
    {"pillars": "pillar", "selections": "selection", "news": "news", "pages": "page"}
)
MARKDOWN_SUFFIXES = (".md", ".markdown")
YAML_SUFFIXES = (".yaml", ".yml")
IMAGE_SUFFIXES = (".jpg", ".jpeg", ".png", ".webp", ".gif", ".avif", ".tif", ".tiff", ".heic")
SITE_FILES = ("site.yaml", "categories.yaml", "provinces.yaml")
# Far above any real story (a long one is ~50 KB), low enough that one wrong file cannot
# stall a build.
MAX_FILE_BYTES = 2_000_000


@dataclass(frozen=True, slots=True)
class RawRecord:
    """One record as written: its fields (each with its line) and its Markdown body."""

    kind: str  # "pillar" | "selection" | "news" | "page" | "category"
    path: str  # POSIX, relative to the content folder
    fields: Mapping[str, Entry] = field(default_factory=dict)
    line: int = 1  # where the record starts: 1 for a file, the '- ' line for a list item
    body: str = ""
    body_line: int = 0
    is_markdown: bool = False  # the body came after front matter (not from a YAML field)


def _problem(path: str, p: YamlProblem) -> Problem:
    return error(path, p.line, p.message, p.hint)


def split_front_matter(text: str) -> tuple[str, str, int] | YamlProblem:
    """Markdown file text → (front matter YAML, body, line the body starts on)."""
    lines = text.split("\n")
    if not text.strip():
        return YamlProblem(
            1, _("the file is empty"), _("start it with '---', the fields, then '---'")
        )
    if lines[0].strip() != "---":
        return YamlProblem(
            1,
            _("the file does not start with front matter"),
            _(
                "put a line '---' first, then the fields (name: …), then another '---', "
                "then the story"
            ),
        )
    for index in range(1, len(lines)):
        if lines[index].rstrip() in ("---", "..."):
            return "\n".join(lines[1:index]), "\n".join(lines[index + 1 :]), index + 2
    return YamlProblem(
        1,
        _("the front matter is never closed"),
        _("add a line '---' after the last field, before the story"),
    )


def unreadable(rel: str, exc: OSError) -> Problem:
    return error(rel, None, _("cannot read the file: %(reason)s") % {"reason": exc.strerror})


def read_text(
    path: Path, rel: str, data: bytes | None = None
) -> tuple[str | None, tuple[Problem, ...]]:
    """A file → its normalised text, or the problem (unreadable, too large, not UTF-8).
    `data`: the file's bytes, when the caller has read them already."""
    try:
        size = path.stat().st_size if data is None else len(data)
        if size > MAX_FILE_BYTES:
            return None, (
                error(
                    rel,
                    None,
                    _("the file is %(size).1f MB; a profile or press release is normally a few KB")
                    % {"size": size / 1_000_000},
                    _("is a photo or a document pasted into it? Keep photos as separate files"),
                ),
            )
        if data is None:
            data = path.read_bytes()
    except OSError as exc:
        return None, (unreadable(rel, exc),)
    text = normalise_text(data)
    if isinstance(text, YamlProblem):
        return None, (_problem(rel, text),)
    return text, ()


def load_record(
    path: Path, rel: str, kind: str, data: bytes | None = None
) -> tuple[RawRecord | None, tuple[Problem, ...]]:
    """One content file (or its bytes, `data`) → its RawRecord (None when it cannot be parsed
    at all)."""
    text, problems = read_text(path, rel, data)
    if text is None:
        return None, problems
    return parse_record(text, path.suffix, rel, kind)


def parse_record(
    text: str, suffix: str, rel: str, kind: str
) -> tuple[RawRecord | None, tuple[Problem, ...]]:
    """The normalised text of one content file → its RawRecord, or the problems stopping it."""
    if suffix.lower() in MARKDOWN_SUFFIXES:
        split = split_front_matter(text)
        if isinstance(split, YamlProblem):
            return None, (_problem(rel, split),)
        front, body, body_line = split
        parsed = parse_mapping(front, first_line=2)
        record = RawRecord(kind, rel, parsed.entries, 1, body, body_line, is_markdown=True)
    else:
        if not text.strip():
            return None, (
                error(rel, 1, _("the file is empty"), _("write one 'field: value' per line")),
            )
        split = split_front_matter(text)
        after = split[1].strip() if not isinstance(split, YamlProblem) else ""
        if after and not re.match(r"[A-Za-z_][\w-]* *:(\s|$)", after):
            # '---', fields, '---', a story: a Markdown file saved under a YAML name. (More
            # fields after the second '---' are a YAML file split in two: see yamlhelp.)
            stem = rel.rpartition("/")[2].rpartition(".")[0]
            return None, (
                error(
                    rel,
                    None,
                    _(
                        "this file is written like a .md file (fields between '---' lines, "
                        "then text), but it is saved as %(suffix)s, so it cannot be read"
                    )
                    % {"suffix": suffix},
                    _("rename it to '%(file)s'") % {"file": f"{stem}.md"},
                ),
            )
        parsed = parse_mapping(text)
        record = RawRecord(kind, rel, parsed.entries, 1)
    problems = tuple(_problem(rel, p) for p in parsed.problems)
    if parsed.problems and not parsed.entries:
        return None, problems
    return record, problems


def load_categories(content_dir: Path) -> tuple[tuple[RawRecord, ...], tuple[Problem, ...]]:
    rel = "categories.yaml"
    path = content_dir / rel
    if not path.is_file():
        return (), (
            error(rel, None, _("categories.yaml is missing"), _("it lists the pillar categories")),
        )
    text, problems = read_text(path, rel)
    if text is None:
        return (), problems
    items, list_problems = parse_list_of_mappings(text)
    found = [_problem(rel, p) for p in list_problems]
    records = []
    for item in items:
        found.extend(_problem(rel, p) for p in item.problems)
        records.append(RawRecord("category", rel, item.entries, item.line))
    if not items and not list_problems:
        found.append(error(rel, 1, _("categories.yaml lists no categories")))
    return tuple(records), tuple(found)


def name_is_system_file(name: str) -> bool:
    """Files operating systems and office programs leave in folders (Thumbs.db, desktop.ini,
    Excel's lock file '~$pemenang.xlsx' while it is open, Word's '~WRL0001.tmp'): never content."""
    return name.lower() in ("thumbs.db", "desktop.ini", "ehthumbs.db") or name.startswith("~")


def _inside(path: Path, root: Path) -> bool:
    """Whether a linked file points inside the content folder."""
    try:
        path.resolve().relative_to(root)
    except ValueError:
        return False
    return True


def _walk(
    folder: str, prefix: str, linked: list[str] | None = None
) -> Iterator[tuple[str, str, bool]]:
    """(path, POSIX path below the content folder, is a link) of every file below a folder,
    sorted, skipping hidden files and editor leftovers, and hidden, '_' and linked folders
    (added to `linked`). Names and link flags come with the folder listing, so no file is
    looked at on its own."""
    try:
        with os.scandir(folder) as listing:
            entries = sorted(listing, key=lambda e: e.name)
    except OSError:
        return
    folders = []
    for entry in entries:
        name = entry.name
        try:
            is_folder, is_link = entry.is_dir(), entry.is_symlink()
        except OSError:
            continue
        if is_folder:
            if name.startswith((".", "_")):
                continue
            if not is_link:
                folders.append(entry)
            elif linked is not None:
                linked.append(f"{prefix}{name}/")
        elif not (name.startswith((".", "~")) or name.endswith("~")):
            yield entry.path, prefix + name, is_link
    for entry in folders:
        yield from _walk(entry.path, f"{prefix}{entry.name}/", linked)


# Text that was meant to be content but is saved in a form Teladan does not read.
TEXT_SUFFIXES = ("", ".txt", ".text")
DOCUMENT_SUFFIXES = (".doc", ".docx", ".odt", ".rtf", ".pages")
CONTENT_SUFFIXES = MARKDOWN_SUFFIXES + YAML_SUFFIXES
# What staff call a folder, in Indonesian or English → the folder Teladan reads.
FOLDER_ALIASES = {
    "pilar": "pillars", "pillar": "pillars", "profil": "pillars", "profile": "pillars",
    "profiles": "pillars", "pemenang": "pillars", "berita": "news", "siaran-pers": "news",
    "press": "news", "halaman": "pages", "page": "pages", "pemilihan": "selections",
    "selection": "selections", "seleksi": "selections",
}  # fmt: skip
# Characters typed for digits: '2O19' (letter O), '2Ol9' (letter l).
_DIGIT_LOOKALIKES = str.maketrans("OoIlSs", "001155", " _.-")


def _looks_like_content(name: str) -> bool:
    suffix = os.path.splitext(name)[1].lower()
    return suffix in CONTENT_SUFFIXES + TEXT_SUFFIXES + DOCUMENT_SUFFIXES


def _unread_file(rel: str, kind: str) -> Problem | None:
    """A file in a content folder that holds text but is not read: what to rename it to."""
    file_name = rel.rpartition("/")[2]
    stem, suffix = os.path.splitext(file_name)
    suffix = suffix.lower()
    if suffix in TEXT_SUFFIXES:
        target = stem if stem.lower().endswith(CONTENT_SUFFIXES) else f"{stem}.md"
        said = {"what": _kind_word(kind), "suffix": suffix, "file": target}
        if not suffix:
            message = _("this %(what)s has no '.md' ending, so it is not published")
            return error(rel, None, message % said, _("rename it to '%(file)s'") % said)
        message = _("this %(what)s is saved as a %(suffix)s file, so it is not published")
        hint = _("rename it to '%(file)s' (Windows may hide the '%(suffix)s' ending)")
        return error(rel, None, message % said, hint % said)
    if suffix in DOCUMENT_SUFFIXES:
        said = {"suffix": suffix, "file": f"{stem}.md"}
        message = _(
            "Teladan reads text files (.md), not %(suffix)s documents, so this is not published"
        )
        hint = _("copy its text into '%(file)s' (see PANDUAN.md); keep documents outside content/")
        return error(rel, None, message % said, hint % said)
    return None


def _kind_word(kind: str) -> str:
    """What a file of a content folder is, a noun on its own (the `%(what)s` of a sentence)."""
    words = {"pillar": _("profile"), "news": _("press release"), "page": _("page")}
    return words.get(kind, _("file"))


def _year_hint(name: str) -> str | None:
    """'2O19' → '2019', when a folder in pillars/ is a year typed wrong; None if it is a year."""
    if len(name) == 4 and name.isdigit():
        return None
    digits = name.translate(_DIGIT_LOOKALIKES)
    if len(digits) == 4 and digits.isdigit():
        return digits
    found = [part for part in re.findall(r"\d+", name) if len(part) == 4]
    return found[0] if len(found) == 1 else ""


def _holds_content(folder: str) -> bool:
    """Whether a folder Teladan does not read has files that look like content in it."""
    return any(_looks_like_content(rel) for _path, rel, _link in _walk(folder, ""))


def _unread_folder(name: str, path: str) -> Problem:
    """A folder at the top of content/ that Teladan does not read."""
    target = FOLDER_ALIASES.get(name.lower()) or did_you_mean(name, FOLDER_KINDS)
    if target:
        return error(
            f"{name}/",
            None,
            _("this is not a folder Teladan reads, so nothing in it is published"),
            _("rename the folder to '%(folder)s'") % {"folder": target},
        )
    if not name.startswith("_") and _holds_content(path):  # ('_': set aside on purpose)
        return error(
            f"{name}/",
            None,
            _("this is not a folder Teladan reads, so the files in it are not published"),
            _(
                "move them: profiles into pillars/<year>/, press releases into news/, "
                "pages into pages/"
            ),
        )
    return warning(
        f"{name}/",
        None,
        _("Teladan does not know this folder; it is ignored"),
        _("content goes in pillars/, selections/, news/ or pages/"),
    )


def _belongs_in(path: Path, name: str) -> str:
    """Where a content file found at the top of content/ belongs, told by its fields: a
    profile has a name and a category, a press release a title and a date, a page a title."""
    text = read_text(path, name)[0]
    record = parse_record(text, path.suffix, name, "page")[0] if text else None
    fields = record.fields if record else {}
    if "name" in fields and ("category" in fields or "province" in fields):
        year = fields["year"].value if "year" in fields else None
        folder = f"pillars/{year}/" if isinstance(year, int) else "pillars/<year>/"
        return _("this looks like a profile: move it into %(folder)s") % {"folder": folder}
    if "title" in fields:
        if "date" in fields:
            return _("this looks like a press release: move it into news/")
        return _("this looks like a page: move it into pages/")
    return _("a profile goes in pillars/<year>/, a press release in news/, a page in pages/")


def _unread_top_file(name: str, path: Path) -> Problem:
    """A file at the top of content/ other than site.yaml, categories.yaml, provinces.yaml."""
    if name.lower().endswith(CONTENT_SUFFIXES):
        # (the stems alone: with '.yaml' in both, 'tentang.yaml' looked close to 'site.yaml')
        stem = os.path.splitext(name)[0]
        site_file = did_you_mean(stem, [f.partition(".")[0] for f in SITE_FILES])
        return error(
            name,
            None,
            _("Teladan does not read this file here, so it is not published"),
            _("rename it to %(file)s") % {"file": f"{site_file}.yaml"}
            if site_file
            else _belongs_in(path, name),
        )
    return warning(
        name,
        None,
        _("Teladan does not know this file; it is ignored"),
        _("content goes in pillars/, selections/, news/ or pages/"),
    )


def _year_folders(pillars: str) -> list[Problem]:
    """Folders in pillars/ whose name is not a year, with profiles in them."""
    found = []
    try:
        with os.scandir(pillars) as listing:
            folders = sorted(e.name for e in listing if e.is_dir() and not e.is_symlink())
    except OSError:
        return []
    for name in folders:
        year = _year_hint(name)
        if year is None or name.startswith((".", "_")):
            continue
        folder = os.path.join(pillars, name)
        profiles = [p for p, rel, _ in _walk(folder, "") if rel.endswith(CONTENT_SUFFIXES)]
        if not _holds_content(folder) or (year == "" and all_list_awards(profiles)):
            continue  # (a profile listing its awards may sit in any folder)
        found.append(
            error(
                f"pillars/{name}/",
                None,
                _(
                    "'%(folder)s' is not a year; profiles go in a folder named after their "
                    "selection year"
                )
                % {"folder": name},
                _("rename the folder to '%(folder)s'") % {"folder": year}
                if year
                else _("rename it, e.g. to '2019'"),
            )
        )
    return found


def content_files(content_dir: Path) -> tuple[list[tuple[str, str, str]], tuple[Problem, ...]]:
    """Every content file to read as (path, path relative to content/, kind), and the problems
    with files that are not content (unknown folders, .txt profiles, links out of content/).
    (Paths as strings: a Path object for each of thousands of files took a tenth of a rebuild.)"""
    root = content_dir.resolve()
    found: list[Problem] = []
    out: list[tuple[str, str, str]] = []
    for entry in sorted(content_dir.iterdir()):
        name = entry.name
        if name.startswith(".") or name in SITE_FILES:
            continue
        if name not in FOLDER_KINDS:
            if name_is_system_file(name):
                continue
            if entry.is_dir():
                found.append(_unread_folder(name, str(entry)))
            else:
                found.append(_unread_top_file(name, entry))
            continue
        kind = FOLDER_KINDS[name]
        if kind == "pillar":
            found.extend(_year_folders(str(entry)))
        linked: list[str] = []
        for path, rel, is_link in _walk(str(entry), f"{name}/", linked):
            if rel.endswith(".md") and not is_link:  # (nearly every file: the checks below pass)
                out.append((path, rel, kind))
                continue
            file_name = rel.rpartition("/")[2]
            suffix = os.path.splitext(file_name)[1].lower()
            if suffix in IMAGE_SUFFIXES:
                continue  # photos are read when a profile names them
            if name_is_system_file(file_name):
                continue
            if suffix not in CONTENT_SUFFIXES:
                unread = _unread_file(rel, kind)
                found.append(
                    unread
                    or warning(
                        rel,
                        None,
                        _("not a content file (.md or .yaml); it is ignored"),
                        _(
                            "only .md and .yaml files and photos belong here; keep other files "
                            "outside content/"
                        ),
                    )
                )
                continue
            if is_link and not _inside(Path(path), root):
                found.append(
                    error(
                        rel,
                        None,
                        _("this file is a link to somewhere outside the content folder"),
                        _("copy the file into the content folder instead of linking to it"),
                    )
                )
                continue
            out.append((path, rel, kind))
        found.extend(
            error(
                rel,
                None,
                _(
                    "this folder is a link, and Teladan does not follow links to folders, so "
                    "nothing in it is published"
                ),
                _("copy the folder here instead of linking to it"),
            )
            for rel in linked
        )
    return out, tuple(found)


def failed_files(content_dir: Path, problems: Iterable[Problem]) -> set[str]:
    """The paths of the content files with errors; a folder with an error (content/pilar/, a
    linked folder) stands for every file in it."""
    failed = set()
    for problem in problems:
        if problem.is_error:
            failed.add(problem.path)
            if problem.path.endswith("/"):  # (rare: only then is a folder walked again)
                folder = str(content_dir / problem.path)
                failed.update(rel for _path, rel, _link in _walk(folder, problem.path))
    return failed


def load_content(content_dir: Path) -> tuple[tuple[RawRecord, ...], tuple[Problem, ...]]:
    """The content folder → every record in it (categories first), and every problem found."""
    records, problems = load_categories(content_dir)
    files, file_problems = content_files(content_dir)
    found = [*problems, *file_problems]
    out = list(records)
    for path, rel, kind in files:
        record, record_problems = load_record(Path(path), rel, kind)
        found.extend(record_problems)
        if record is not None:
            out.append(record)
    return tuple(out), tuple(found)
