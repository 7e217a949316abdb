"""A profile's photo and photo_alt fields → the photo's path in content/ and its alt text; a press
release's image and photos likewise."""

from __future__ import annotations

from pathlib import Path, PurePosixPath

from .fields import FieldReader
from .i18n import _
from .images import check_photo, spelled_on_disk
from .load import IMAGE_SUFFIXES, RawRecord
from .model import NewsPhoto
from .problems import did_you_mean, error, warning
from .urls import slugify


def _alt_example(raw: RawRecord, name: str) -> str:
    """The photo_alt hint, about the profile at hand: its name and its place."""
    places = (raw.fields.get(k) for k in ("district", "regency"))
    place = next((str(e.value) for e in places if e is not None and e.value), "")
    if not name:
        return _("add 'photo_alt:' saying who the photo shows and what they are doing")
    example = f"{name} di {place}" if place else f"{name} …"  # (the alt text is Indonesian)
    return _(
        "add e.g. 'photo_alt: %(example)s', saying who the photo shows and what they are doing"
    ) % {"example": example}


def read_photo(
    reader: FieldReader, raw: RawRecord, content_dir: Path, slug: str, name: str = ""
) -> tuple[str, str]:
    """('', '') and a Problem on the reader unless the photo is a usable image in the profile's
    folder, named with the capitals it has on disk (a web server on Linux tells 'Budi.JPG' from
    'budi.jpg'); an error too when it has no photo_alt for readers who cannot see it.
    """
    photo = reader.text("photo")
    alt = reader.text("photo_alt")
    if not photo:
        if alt:
            reader.warn("photo_alt", _("'photo_alt' is given but there is no 'photo'"))
        reader.warn(
            "photo",
            _("no photo; the page shows the initials instead"),
            _("put a photo next to the profile and add e.g. 'photo: %(file)s'")
            % {"file": f"{slugify(slug) or 'foto'}.jpg"},
        )
        return "", ""
    folder = PurePosixPath(raw.path).parent
    candidate = PurePosixPath(photo)
    if candidate.is_absolute() or ".." in candidate.parts or "\\" in photo:
        file_name = photo.replace("\\", "/").rpartition("/")[2]
        reader.error(
            "photo",
            _("photo '%(photo)s' must be a file in the same folder as the profile")
            % {"photo": photo},
            _("write only the file name, e.g. photo: %(file)s") % {"file": file_name},
        )
        return "", ""
    rel = (folder / candidate).as_posix()
    path = content_dir / rel
    if not path.is_file() or not path.resolve().is_relative_to(content_dir.resolve()):
        siblings = [
            p.name for p in sorted(path.parent.glob("*")) if p.suffix.lower() in IMAGE_SUFFIXES
        ]
        best = did_you_mean(photo, siblings)
        said = {"photo": photo, "folder": f"{folder}/", "best": best}
        reader.error(
            "photo",
            _("photo file '%(photo)s' is not in %(folder)s; did you mean '%(best)s'?") % said
            if best
            else _("photo file '%(photo)s' is not in %(folder)s") % said,
            _("check the file name (capital letters matter) or copy the photo next to the profile"),
        )
        return "", ""
    if (on_disk := spelled_on_disk(path)) != path.name:
        spelled = candidate.with_name(on_disk).as_posix()
        reader.error(
            "photo",
            _("photo file '%(photo)s' is named '%(file)s' (capital letters differ)")
            % {"photo": photo, "file": on_disk},
            _("write 'photo: %(file)s' or rename the file: the web server will not find it")
            % {"file": spelled},
        )
        return "", ""
    problem = check_photo(path)
    if problem is not None:
        reader.error("photo", problem.about(photo), problem.hint)
        return "", ""
    if not alt:
        # At the photo_alt line if there is one (left empty), else at the photo line: where
        # the missing line goes. (The field stays photo_alt: the importer names its column.)
        line = reader.line("photo_alt" if "photo_alt" in reader.entries else "photo")
        reader.problems.append(
            error(
                reader.path,
                line,
                _("a photo needs 'photo_alt': a short description for readers who cannot see it"),
                _alt_example(raw, name),
                "photo_alt",
            )
        )
    return rel, alt


def read_news_image(r: FieldReader, content_dir: Path, rel: str | Path) -> None:
    """A press release's `image`: a file beside it (a file name, not a path). The record memo
    checks again when that file appears or changes (memo.named_photo reads `image:` too)."""
    image, folder = r.text("image"), PurePosixPath(rel).parent
    beside = PurePosixPath(image).name == image and "\\" not in image
    if image and not (beside and (content_dir / folder / image).is_file()):
        r.error(
            "image",
            _("image file '%(image)s' is not in %(folder)s/") % {"image": image, "folder": folder},
            _("put the image next to the press release and write its file name, or remove it"),
        )


PHOTO_KEYS = ("file", "caption", "credit", "license")


def read_news_photos(r: FieldReader, content_dir: Path, rel: str) -> tuple[NewsPhoto, ...]:
    """A press release's own photos (`photos:`, each with file, caption and credit): files beside
    it that can be published, each with a caption (its text for readers who cannot see it)."""
    entry = r.entries.get("photos")
    r.seen.add("photos")
    if entry is None or entry.value in (None, "", []):
        return ()
    example = _("write e.g. 'photos:' then '- file: foto.jpg', 'caption: …', 'credit: …'")
    items = entry.value if isinstance(entry.value, list) else None
    if items is None or not all(isinstance(i, dict) for i in items):
        r.error(
            "photos", _("'photos' must be a list of photos, each with file and caption"), example
        )
        return ()
    folder, found = PurePosixPath(rel).parent, []
    for number, item in enumerate(items, 1):
        file, caption = str(item.get("file") or ""), str(item.get("caption") or "")
        said = {"n": number, "file": file}
        # (each message on the line it is about: the item's file or caption, else its '- ')
        item_line, key_lines = entry.items[number - 1] if len(entry.items) >= number else (None, ())
        lines = {"": item_line or entry.line, **dict(key_lines)}
        line = {k: lines.get(k, lines.get("", entry.line)) for k in ("file", "caption")}
        _unknown_keys(r, item, number, lines)
        beside = file and PurePosixPath(file).name == file and "\\" not in file
        if not beside or not (content_dir / folder / file).is_file():
            r.problems.append(
                error(
                    r.path,
                    line["file"],
                    _("photo %(n)s: file '%(file)s' is not next to the press release") % said,
                    _("put the photo next to the press release and write its file name"),
                    "photos",
                )
            )
            continue
        problem = check_photo(content_dir / folder / file)
        if problem is not None:
            r.problems.append(
                error(r.path, line["file"], problem.about(file), problem.hint, "photos")
            )
            continue
        if not caption:
            r.problems.append(
                error(
                    r.path,
                    line["caption"],
                    _("photo %(n)s ('%(file)s') has no caption") % said,
                    _("add 'caption:' saying who the photo shows and what they are doing"),
                    "photos",
                )
            )
        text = {k: str(item.get(k) or "") for k in PHOTO_KEYS}
        found.append(
            NewsPhoto((folder / file).as_posix(), caption, text["credit"], text["license"])
        )
    return tuple(found)


# What staff may write instead of a photo's field names (the form's words are Indonesian).
_PHOTO_ALIASES = {
    "keterangan": "caption",
    "berkas": "file",
    "foto": "file",
    "kredit": "credit",
    "lisensi": "license",
    "licence": "license",
}


def _unknown_keys(
    r: FieldReader, item: dict[str, object], number: int, lines: dict[str, int]
) -> None:
    """A photo's field nobody reads (`keterangan:` for `caption:`): a warning on its line."""
    for key in item:
        if key in PHOTO_KEYS:
            continue
        best = did_you_mean(str(key), PHOTO_KEYS, _PHOTO_ALIASES)
        said = {"n": number, "field": key, "best": best, "known": ", ".join(PHOTO_KEYS)}
        r.problems.append(
            warning(
                r.path,
                lines.get(str(key), lines.get("")),
                (
                    _("photo %(n)s: unknown field '%(field)s' is ignored; did you mean '%(best)s'?")
                    if best
                    else _("photo %(n)s: unknown field '%(field)s' is ignored")
                )
                % said,
                _("check the spelling; a photo's fields: %(known)s") % said,
                "photos",
            )
        )
