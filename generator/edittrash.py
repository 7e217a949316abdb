"""Delete and restore in the editor: "Hapus" moves a file and its photo into a trash folder
beside the content folder (`<content>/../.teladan-sampah/<time>/<same path>`), never removing
anything, and the trash page moves them back ("Pulihkan") unless a file of that name exists
again. Deleting asks once more on a page of its own, so it works without JavaScript, and, as a
save does, carries the digest of the file its form was loaded from: a file changed since (a hand
edit, another tab) is not moved, and the page shows it as it is now.

Paths are checked as `Editor._target` checks them; nothing is written outside the content folder
and the trash folder.
"""

from __future__ import annotations

import datetime
import os
import re
from collections.abc import Callable
from dataclasses import dataclass
from html import escape
from pathlib import Path, PurePosixPath
from urllib.parse import quote

from .editpages import message_page, page
from .frontmatter import digest
from .i18n import _
from .load import CONTENT_SUFFIXES, parse_record
from .yamltext import normalise_text

TRASH = ".teladan-sampah"
DELETE = "_hapus/"
LIST = "_sampah/"
PREFIX = "/_edit/"
_STAMP = re.compile(r"\d{8}-\d{6}-\d{6}\Z")
PHOTO_SUFFIXES = (".jpg", ".jpeg", ".png", ".webp")  # what the editor takes as a photo
FOLDERS = {"pillars": "pillar", "news": "news", "selections": "selection", "pages": "page"}


@dataclass(frozen=True, slots=True)
class Answer:
    """What the editor sends back: a page (status, body) or a redirect (location)."""

    status: str = "200 OK"
    body: bytes = b""
    location: str = ""


def trash_folder(content_dir: Path) -> Path:
    return content_dir.parent / TRASH


def answer(
    content_dir: Path,
    token: str,
    path: str,
    form: dict[str, str] | None,
    target: Callable[[str], Path | tuple[str, str]],
) -> Answer:
    """/_edit/_hapus/<path> (POST: ask, then move to the trash) and /_edit/_sampah/ (GET: the
    list; POST: restore one). `form` is None for a GET; the token was checked already."""
    if path.startswith(DELETE):
        rel = path[len(DELETE) :]
        if form is None:
            return Answer(location=PREFIX + quote(rel))
        file = target(rel)
        if isinstance(file, tuple):
            return _message(*file)
        current = file.read_bytes()
        if digest(current) != form.get("digest"):  # (as a save: a hand edit is never trashed)
            return Answer(body=_changed(rel, current))
        if form.get("yakin") != "ya":
            return Answer(body=_confirm(rel, token, form["digest"], _named_in(content_dir, file)))
        moved = move_to_trash(content_dir, file)
        return Answer(location=f"{PREFIX}{LIST}?dihapus={quote(moved)}")
    if path != LIST:
        return _message("404 Not Found", _("There is no page at this address."))
    if form is None:
        return Answer(body=_listing(content_dir, token, ""))
    item = form.get("item", "")
    if not _trashed_file(content_dir, item):
        return _message("400 Bad Request", _("The address of the file in the trash is not valid."))
    refused = restore(content_dir, item)
    if refused:
        return Answer(body=_listing(content_dir, token, refused))
    rel = item.split("/", 1)[1]
    if PurePosixPath(rel).suffix.lower() in PHOTO_SUFFIXES:  # (a photo has no form of its own)
        return Answer(location=f"{PREFIX}{LIST}")
    return Answer(location=f"{PREFIX}{quote(rel)}?dipulihkan=1")


def move_to_trash(content_dir: Path, file: Path) -> str:
    """Move `file` and the photo named in it (when it lies next to it) into a new folder of the
    trash; the moved item's name (`<time>/<path under content>`)."""
    rel = file.relative_to(content_dir).as_posix()
    stamp, into = _new_place(content_dir, rel)
    photo = _photo(file, rel)
    _move(file, into)
    if photo is not None:
        _move(photo, into.parent / photo.name)
    return f"{stamp}/{rel}"


def _new_place(content_dir: Path, rel: str) -> tuple[str, Path]:
    """A new folder of the trash, named by the time, and where `rel` goes in it."""
    now = datetime.datetime.now(datetime.UTC)
    stamp = now.strftime("%Y%m%d-%H%M%S-%f")
    while (trash_folder(content_dir) / stamp).exists():  # (two deletes in one microsecond)
        now += datetime.timedelta(microseconds=1)
        stamp = now.strftime("%Y%m%d-%H%M%S-%f")
    into = trash_folder(content_dir) / stamp / Path(*PurePosixPath(rel).parts)
    into.parent.mkdir(parents=True)
    return stamp, into


def photo_of(content_dir: Path, file: Path) -> Path | None:
    """The photo a content file names, when it lies next to it."""
    return _photo(file, file.relative_to(content_dir).as_posix())


def trash_replaced_photo(content_dir: Path, old: Path | None, new: Path | None) -> str:
    """After a save that put a new photo in place of `old`: `old` moved to the trash on its own
    (restorable from the trash page), unless another file of its folder still names it; the
    trash's item, or ''. (The new photo always has a name of its own: nothing is overwritten.)"""
    if old is None or new is None or old == new or not old.is_file():
        return ""
    for other in old.parent.iterdir():
        if other.suffix.lower() in CONTENT_SUFFIXES and _photo(other, other.name) == old:
            return ""
    rel = old.relative_to(content_dir).as_posix()
    try:
        stamp, into = _new_place(content_dir, rel)
        _move(old, into)
    except OSError:  # (the profile is saved: the old photo then stays where it was, not lost)
        return ""
    return f"{stamp}/{rel}"


def restore(content_dir: Path, item: str) -> str:
    """Move a trashed file (and its photo) back; '' when done, else why not (nothing moved)."""
    stamp, rel = item.split("/", 1)
    source = trash_folder(content_dir) / stamp / Path(*PurePosixPath(rel).parts)
    back = content_dir / Path(*PurePosixPath(rel).parts)
    photo = _photo(source, rel) if source.suffix.lower() in CONTENT_SUFFIXES else None
    for there in (back, *([back.parent / photo.name] if photo else [])):
        if there.exists():
            name = there.relative_to(content_dir).as_posix()
            said = _(
                "%(file)s was not restored: there is already a file %(there)s in the content "
                "folder. Rename or move that file first, then restore again."
            )
            return said % {"file": rel, "there": name}
    back.parent.mkdir(parents=True, exist_ok=True)
    _move(source, back)
    if photo is not None:
        _move(photo, back.parent / photo.name)
    for folder in (source.parent, *source.parent.parents):  # the emptied folders of the item
        if folder == trash_folder(content_dir) or any(folder.iterdir()):
            break
        folder.rmdir()
    return ""


def _photo(file: Path, rel: str) -> Path | None:
    """The photo named in the file's `photo:` field, if it is a file right next to it."""
    text = normalise_text(file.read_bytes())
    kind = FOLDERS.get(PurePosixPath(rel).parts[0], "pillar")
    raw = parse_record(text, file.suffix, rel, kind)[0] if isinstance(text, str) else None
    entry = raw.fields.get("photo") if raw is not None else None
    name = entry.value if entry is not None else None
    if not isinstance(name, str) or not name or PurePosixPath(name).name != name or "\\" in name:
        return None
    photo = file.parent / name
    return photo if photo.is_file() and name not in ("..", ".") else None


def _move(source: Path, destination: Path) -> None:
    """Move without ever replacing a file (a hard link fails if the name is taken)."""
    try:
        os.link(source, destination)
    except FileExistsError:
        raise
    except OSError:  # (no hard links here: check, then rename)
        if destination.exists():
            raise FileExistsError(destination) from None
        os.rename(source, destination)
    else:
        source.unlink()


def _trashed_file(content_dir: Path, item: str) -> bool:
    """`<time>/<pillars|news/...>` naming a content file in the trash (checked as
    `Editor._target` checks a path)."""
    stamp, _, rel = item.partition("/")
    parts = PurePosixPath(rel).parts
    if (
        not _STAMP.match(stamp)
        or not rel
        or rel.startswith("/")
        or "\\" in rel
        or ":" in rel
        or any(p in ("..", ".", "") for p in rel.split("/"))
        or parts[0] not in FOLDERS
        or PurePosixPath(rel).suffix.lower() not in (*CONTENT_SUFFIXES, *PHOTO_SUFFIXES)
    ):
        return False
    trash = trash_folder(content_dir)
    file = trash / stamp / Path(*parts)
    if not file.is_file() or not file.resolve().is_relative_to(trash.resolve()):
        return False
    # a photo is an item of its own only when it was replaced (trashed without its profile)
    return file.suffix.lower() in CONTENT_SUFFIXES or not any(
        f.suffix.lower() in CONTENT_SUFFIXES for f in (trash / stamp).rglob("*")
    )


def _items(content_dir: Path) -> list[str]:
    trash = trash_folder(content_dir)
    found = []
    for stamp in sorted(trash.iterdir(), reverse=True) if trash.is_dir() else ():
        for file in sorted(stamp.rglob("*")):
            item = f"{stamp.name}/{file.relative_to(stamp).as_posix()}"
            if _trashed_file(content_dir, item):
                found.append(item)
    return found


def _listing(content_dir: Path, token: str, refused: str) -> bytes:
    kept = _(
        "Deleted files (with their photos) are kept here, in the folder %(folder)s beside the "
        "content folder. Restore one to bring it back."
    ) % {"folder": TRASH}
    heads = [escape(_("File")), escape(_("Deleted")), escape(_("Action"))]
    # (outside the f-strings: Babel finds a message inside one only on Python 3.12 and later)
    trash, back, empty = _("Trash"), _("Back to the list of files"), _("The trash is empty.")
    restore = escape(_("Restore"))
    body = [
        f"<h1>{escape(trash)}</h1>",
        f'<p><a href="/_edit/">{escape(back)}</a></p>',
        f"<p>{escape(kept)}</p>",
    ]
    if refused:
        body.append(f'<div class="refused" role="alert"><p>{escape(refused)}</p></div>')
    items = _items(content_dir)
    if not items:
        body.append(f"<p>{escape(empty)}</p>")
    else:
        body.append(
            f'<table><thead><tr><th scope="col">{heads[0]}</th><th scope="col">{heads[1]}</th>'
            f'<th scope="col">{heads[2]}</th></tr></thead><tbody>'
        )
    for item in items:
        stamp, rel = item.split("/", 1)
        when = _local(stamp)
        named = escape(_("Restore %(file)s") % {"file": rel}, quote=True)
        body.append(
            f"<tr><td>{escape(rel)}</td><td>{when}</td><td>"
            f'<form method="post" action="{PREFIX}{LIST}">{_hidden("token", token)}'
            f"{_hidden('item', item)}"
            f'<button type="submit" aria-label="{named}">{restore}</button>'
            "</form></td></tr>"
        )
    if items:
        body.append("</tbody></table>")
    return page(trash, "\n".join(body))


def _local(stamp: str) -> str:
    """A trash folder's time (UTC) in this computer's time (staff are in WIB, WITA or WIT)."""
    moment = datetime.datetime.strptime(stamp, "%Y%m%d-%H%M%S-%f").replace(tzinfo=datetime.UTC)
    return moment.astimezone().strftime("%Y-%m-%d %H:%M")


def _named_in(content_dir: Path, file: Path) -> list[str]:
    """Other content files naming this one's slug (a press release's `pillars:`, a selection):
    after the delete the build refuses them until the name is taken out."""
    word = re.compile(rf"(?<![\w-]){re.escape(file.stem)}(?![\w-])")
    found = []
    for other in sorted(content_dir.rglob("*")):
        mine = other == file or other.suffix.lower() not in CONTENT_SUFFIXES
        if not mine and other.is_file() and word.search(other.read_text("utf-8", "replace")):
            found.append(other.relative_to(content_dir).as_posix())
    return found


def _changed(rel: str, current: bytes) -> bytes:
    """The file changed since its form was loaded: nothing moved; the file as it is now."""
    said = _(
        "%(file)s was changed outside the form (in a text editor, another tab or an import) "
        "since the form was opened, so it was not moved to the trash. Here is the file as it "
        "is now; open its form again to see it, then delete it from there if you still want to."
    ) % {"file": rel}
    back = escape(f"{PREFIX}{quote(rel)}", quote=True)
    title = _("Not deleted: %(file)s") % {"file": rel}
    # (outside the f-string: Babel finds a message inside one only on Python 3.12 and later)
    again, now = _("Open the form again"), _("The file now")
    return page(
        title,
        f"<h1>{escape(title)}</h1>"
        f'<div class="refused" role="alert"><p>{escape(said)}</p></div>'
        f'<p><a href="{back}">{escape(again)}</a></p>'
        f"<h2>{escape(now)}</h2>"
        f"<pre>{escape(current.decode('utf-8', 'replace').lstrip(chr(0xFEFF)))}</pre>",
    )


def _confirm(rel: str, token: str, loaded: str, named_in: list[str]) -> bytes:
    action = escape(f"{PREFIX}{DELETE}{quote(rel)}", quote=True)
    warning = ""
    if named_in:
        items = "".join(  # (each to its form: the mention is taken out there)
            f'<li><a href="{PREFIX}{escape(quote(name), quote=True)}">{escape(name)}</a></li>'
            for name in named_in
        )
        named = _(
            "This file is named in other files. Once it is deleted, the site cannot be built "
            "until that mention is taken out too:"
        )
        warning = f'<div class="refused"><p>{escape(named)}</p><ul>{items}</ul></div>'
    said = {
        "sure": _("Delete %(file)s?") % {"file": rel},
        "moved": _(
            "This file and its photo are moved to the trash, not deleted for good: you can "
            "restore them from the trash page."
        ),
        "yes": _("Yes, move it to the trash"),
        "no": _("Cancel, back to the form"),
    }
    said = {key: escape(text) for key, text in said.items()}
    return page(
        _("Delete %(file)s") % {"file": rel},
        f"<h1>{said['sure']}</h1>{warning}<p>{said['moved']}</p>"
        f'<form method="post" action="{action}">{_hidden("token", token)}'
        f"{_hidden('digest', loaded)}{_hidden('yakin', 'ya')}"
        f'<button type="submit">{said["yes"]}</button></form>'
        f'<p><a href="{PREFIX}{escape(quote(rel), quote=True)}">{said["no"]}</a></p>',
    )


def _hidden(name: str, value: str) -> str:
    return f'<input type="hidden" name="{name}" value="{escape(value, quote=True)}">'


def _message(status: str, text: str) -> Answer:
    return Answer(status, message_page(status, escape(text)))
