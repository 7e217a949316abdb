"""The file name (and web address) of a new profile or press release: made from the name or
title unless the person writes one. A second "Ujang Saepudin" in 2023 clashes with the first;
the form then offers `<slug>-<year>` in this field, so one more Simpan saves it."""

from __future__ import annotations

from collections.abc import Callable, Mapping, Sequence
from pathlib import Path, PurePosixPath

from . import urls
from .i18n import N_, _
from .load import CONTENT_SUFFIXES
from .schema import FieldSpec
from .translations import translation_of

SLUG = FieldSpec(
    "slug",
    "text",
    N_("File name (the page's address)"),
    N_(
        "May be left empty: it is made from the name or title. Only small letters, digits and "
        "the sign -."
    ),
)


def with_field(specs: Sequence[FieldSpec]) -> tuple[FieldSpec, ...]:
    """A new file's form fields: the file name right after the name or title."""
    out: list[FieldSpec] = []
    for spec in specs:
        out.append(spec)
        if spec.name in ("name", "title"):
            out.append(SLUG)
    return tuple(out)


def chosen(typed: Mapping[str, str], title: str) -> str:
    """The slug the new file takes: the one written in the form, else made from the title."""
    return urls.slugify(typed.get(SLUG.name, "")) or urls.slugify(title) or "tanpa-judul"


def clash(
    rel: str, taken: str, year: str, is_taken: Callable[[str], str], offer: bool = True
) -> tuple[str, str]:
    """(the message next to the file name field, a free name) when `rel` would take the name
    of the existing file `taken`; `offer`: the free name is put in the field (on a save)."""
    slug = PurePosixPath(rel).stem
    base = f"{slug}-{year}" if year.isdigit() and not slug.endswith(f"-{year}") else slug
    offered, number = base, 2
    while offered == slug or is_taken(str(PurePosixPath(rel).with_stem(offered))):
        offered, number = f"{base}-{number}", number + 1
    if offer:
        message = _(
            "This file name is already taken by %(file)s. If it is the same person, edit that "
            "file. If not, the file name has been changed to %(free)s: press Save once more (or "
            "write another name)."
        )
    else:
        message = _(
            "This file name is already taken by %(file)s. If it is the same person, edit that "
            "file. If not, write another file name here, for example %(free)s."
        )
    return message % {"file": taken, "free": offered}, offered


def taken(content_dir: Path, rel: str) -> str:
    """A file already holding this slug (any year, any suffix), else ''."""
    path = PurePosixPath(rel)
    folder = content_dir / path.parts[0]
    for other in sorted(folder.rglob(f"{path.stem}.*")) if folder.is_dir() else ():
        # (its translation, 'siti-aminah.en.md', holds the slug too: the original names it)
        if other.suffix.lower() in CONTENT_SUFFIXES and not translation_of(other.name):
            return other.relative_to(content_dir).as_posix()
    return ""
