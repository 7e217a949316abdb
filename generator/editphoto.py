"""Photo uploads of the form editor: the form's body (urlencoded, or multipart with a file), the
upload checked by its content (JPEG, PNG or WebP that Pillow can read, within the size limit, and
the build's own `check_photo`), and its place next to the profile under a name made from the slug,
never overwriting a file.
"""

from __future__ import annotations

import contextlib
import hashlib
import io
import tempfile
from collections import OrderedDict
from collections.abc import Iterable, Iterator, Mapping
from dataclasses import dataclass
from email.parser import BytesParser
from email.policy import HTTP
from html import escape
from pathlib import Path
from typing import Any
from urllib.parse import parse_qs

from .i18n import N_, _
from .images import check_photo

MAX_PHOTO = 20_000_000  # bytes: a full-size phone photo is 3–12 MB
MAX_FORM = 2_000_000  # the rest of the form (the editor's limit for posts without a photo)
FORMATS = {"JPEG": "jpg", "PNG": "png", "WEBP": "webp"}  # Pillow's name → the file's suffix
ACCEPT = "image/jpeg,image/png,image/webp"
# (catalog ids, `N_`: translated when shown)
HINT = N_("JPEG, PNG or WebP, at most 20 MB. The photo is saved in the profile's folder.")
NOT_IMAGE = N_(
    "This photo file is not a JPEG, PNG or WebP image (its content is checked, not only its "
    "name). Save the photo as JPEG or PNG, then upload it again."
)
TOO_BIG = N_(
    "The photo file is larger than 20 MB. Make the photo smaller (send it through WhatsApp, for "
    "example), then upload it again."
)


@dataclass(frozen=True, slots=True)
class Upload:
    """The file sent in the form's `photo` control."""

    filename: str
    data: bytes


def is_multipart(environ: Mapping[str, Any]) -> bool:
    return str(environ.get("CONTENT_TYPE", "")).lower().startswith("multipart/form-data")


def body_limit(environ: Mapping[str, Any]) -> int:
    """The largest body taken: a photo and the form with it, or the form alone."""
    return MAX_PHOTO + MAX_FORM if is_multipart(environ) else MAX_FORM


def read_form(environ: Mapping[str, Any]) -> tuple[dict[str, str], Upload | None]:
    """The posted fields (first value of each) and the uploaded photo, if one was chosen."""
    length = int(environ.get("CONTENT_LENGTH") or 0)
    body = environ["wsgi.input"].read(length) if length else b""
    if not is_multipart(environ):
        fields = parse_qs(body.decode("utf-8", "replace"), keep_blank_values=True)
        return {k: v[0] for k, v in fields.items()}, None
    # The standard library's MIME parser reads multipart/form-data given its Content-Type
    # (with the boundary); `cgi`, which did this before, is gone from Python 3.13.
    head = f"Content-Type: {environ.get('CONTENT_TYPE', '')}\r\n\r\n".encode("latin-1", "replace")
    message = BytesParser(policy=HTTP).parsebytes(head + body)
    values: dict[str, str] = {}
    upload = None
    for part in message.iter_parts() if message.is_multipart() else ():
        name = part.get_param("name", header="content-disposition")
        if not isinstance(name, str):
            continue
        data = part.get_payload(decode=True)
        data = data if isinstance(data, bytes) else b""
        filename = part.get_param("filename", header="content-disposition")
        if filename is None:
            charset = part.get_content_charset() or "utf-8"
            values.setdefault(name, data.decode(charset, "replace"))
        elif name == "photo" and data and upload is None:
            upload = Upload(str(filename), data)
    return values, upload


def check_upload(upload: Upload) -> tuple[str, str]:
    """(suffix, '') for a photo the build will take, else ('', why not, in Indonesian)."""
    from PIL import Image, UnidentifiedImageError

    if len(upload.data) > MAX_PHOTO:
        return "", TOO_BIG
    try:
        with Image.open(io.BytesIO(upload.data)) as image:
            kind = image.format or ""
            image.verify()
    except (UnidentifiedImageError, OSError, SyntaxError, ValueError, Image.DecompressionBombError):
        return "", _(NOT_IMAGE)
    if kind not in FORMATS:
        return "", _(NOT_IMAGE)
    suffix = FORMATS[kind]
    with tempfile.TemporaryDirectory() as folder:
        probe = Path(folder) / f"foto.{suffix}"
        probe.write_bytes(upload.data)
        problem = check_photo(probe)  # the build's own check (size in pixels, readable)
    if problem is not None:
        why = _("This photo cannot be used: %(problem)s (%(hint)s).")
        return "", why % {"problem": problem.about(upload.filename), "hint": problem.hint}
    return suffix, ""


ZONE = "border:2px dashed #59636e;padding:0 0.5rem 0.5rem;margin-top:1rem"
# Drag and drop, for browsers with JavaScript: a photo dropped anywhere on the photo part of the
# form fills the file input itself, so the form posts it exactly as if it had been picked.
DROP = """(() => {
  const zone = document.getElementById("photo-drop");
  const input = document.getElementById("e-photo");
  const said = document.getElementById("photo-dropped");
  if (!zone || !input || typeof DataTransfer === "undefined") return;
  said.textContent = said.dataset.offer;
  for (const name of ["dragenter", "dragover"]) {
    zone.addEventListener(name, (event) => {
      event.preventDefault();
      zone.style.background = "#eef5fc";
    });
  }
  zone.addEventListener("dragleave", () => { zone.style.background = ""; });
  zone.addEventListener("drop", (event) => {
    event.preventDefault();
    zone.style.background = "";
    const file = event.dataTransfer && event.dataTransfer.files[0];
    if (!file) return;
    const chosen = new DataTransfer();
    chosen.items.add(file);
    input.files = chosen.files;
    said.textContent = said.dataset.chosen.replace("%(file)s", () => file.name);
  });
})();"""
RACE = N_(
    "That photo file name was just taken by another file; it was not overwritten. Save once more."
)


@dataclass(frozen=True, slots=True)
class Pending:
    """An upload that passed its checks, and where it goes once the profile passes its own."""

    upload: Upload
    file: Path  # next to the profile, under a name no file has yet


def free_name(folder: Path, slug: str, suffix: str) -> Path:
    """`<slug>.<suffix>`, or `<slug>-2.<suffix>` and so on: the first name no file has."""
    number = 1
    while True:
        name = f"{slug}.{suffix}" if number == 1 else f"{slug}-{number}.{suffix}"
        if not (folder / name).exists():
            return folder / name
        number += 1


def prepare(
    upload: Upload | None, profile: Path, values: dict[str, Any], errors: dict[str, list[str]]
) -> Pending | None:
    """Check an upload and name it in `values` (the photo's would-be name next to `profile`);
    nothing is written yet. A refused upload says why next to the photo control."""
    if upload is None:
        return None
    suffix, why = check_upload(upload)
    if why:
        errors.setdefault("photo", []).append(why)
        return None
    pending = Pending(upload, free_name(profile.parent, profile.stem, suffix))
    values["photo"] = pending.file.name
    return pending


@contextlib.contextmanager
def folder_with(pending: Pending | None, content_dir: Path) -> Iterator[Path]:
    """The folder to check photos in: content/ itself, or with an upload, a temporary one
    holding only the upload at its would-be place (the build's checks read the file)."""
    if pending is None:
        yield content_dir
        return
    with tempfile.TemporaryDirectory() as folder:
        probe = Path(folder) / pending.file.relative_to(content_dir)
        probe.parent.mkdir(parents=True)
        probe.write_bytes(pending.upload.data)
        yield Path(folder)


def write(pending: Pending | None) -> Path | None:
    """Write the photo, never over a file (FileExistsError if one appeared since)."""
    if pending is None:
        return None
    pending.file.parent.mkdir(parents=True, exist_ok=True)
    with pending.file.open("xb") as out:
        out.write(pending.upload.data)
    return pending.file


def control(values: Mapping[str, str], errors: Mapping[str, list[str]], shown: str) -> str:
    """The photo part of the form: the current photo (its web version, at `shown`), its name
    kept in a hidden field, and the file picker."""
    current = values.get("photo", "")
    label = escape(_("Photo"))
    parts = [f'<div id="photo-drop" style="{ZONE}"><label for="e-photo">{label}</label>']
    described = ["h-photo"]
    if current:
        alt = values.get("photo_alt", "") or _("The current photo (%(file)s)") % {"file": current}
        now = _("The current photo: %(file)s") % {"file": current}
        parts.append(
            f'<p class="hint">{escape(now)}</p>'
            f'<img src="{escape(shown, quote=True)}" alt="{escape(alt, quote=True)}" '
            'style="max-width:16rem;height:auto;display:block">'
            f'<input type="hidden" name="photo" value="{escape(current, quote=True)}">'
        )
    parts.append(f'<p class="hint" id="h-photo">{escape(_(HINT))}</p>')
    for number, message in enumerate(errors.get("photo", ())):
        parts.append(f'<p class="error" id="x-photo-{number}">{escape(message)}</p>')
        described.append(f"x-photo-{number}")
    invalid = ' aria-invalid="true"' if errors.get("photo") else ""
    offer = escape(_("Or drag a photo onto this part."), quote=True)
    chosen = escape(_("Photo chosen: %(file)s"), quote=True)
    parts.append(
        f'<input type="file" id="e-photo" name="photo" accept="{ACCEPT}" '
        f'aria-describedby="{" ".join(described)}"{invalid}>'
        f'<p class="hint" id="photo-dropped" aria-live="polite" data-offer="{offer}" '
        f'data-chosen="{chosen}"></p></div><script>{DROP}</script>'
    )
    return "".join(parts)


# Web versions already made, by the source's digest: a form is shown again after every save and
# every check, and encoding a phone photo takes a second or more. A few hundred KB each.
_MADE: OrderedDict[str, bytes | None] = OrderedDict()
KEEP = 16


def web_version(file: Path) -> bytes | None:
    """The photo as the site shows it (the build's own encoding, EXIF rotation applied): its
    largest JPEG, or None when it cannot be read. Made once per content of the file."""
    from .images import PhotoError, encode_photo

    try:
        data = file.read_bytes()
    except OSError:
        return None
    key = hashlib.sha256(data).hexdigest()
    if key in _MADE:
        _MADE.move_to_end(key)
        return _MADE[key]
    try:
        encoded = encode_photo(data)
    except PhotoError:
        made = None
    else:
        made = [e for e in encoded if e[0].startswith("hero-") and e[3] == "jpeg"][-1][4]
    _MADE[key] = made
    if len(_MADE) > KEEP:
        _MADE.popitem(last=False)  # (the one shown longest ago)
    return made


def served(content_dir: Path, rel: str, folders: Iterable[str]) -> tuple[str, bytes]:
    """GET /_edit/foto/<photo's path> → (status, body): its web version, upright as the site
    shows it, or why there is none."""
    file = content_dir / rel
    if (
        ".." in rel.split("/")
        or rel.split("/")[0] not in folders
        or not file.is_file()
        or not file.resolve().is_relative_to(content_dir.resolve())
    ):
        return "404 Not Found", _("There is no photo at this address.").encode()
    body = web_version(file)
    if body is None:
        return "404 Not Found", _("This photo cannot be read.").encode()
    return "200 OK", body
