"""A photo chosen in the form outlives a save refused for another reason.

A browser sends the chosen file only once: when the save was refused (a mistyped province, say),
the page came back with an empty file picker, and the next Simpan saved the profile without its
photo. An upload that passed its own checks is therefore kept in the cache folder under its
digest; the form carries that digest in a hidden field and says "Foto diterima", and the next
save uses it unless another photo is chosen. Kept uploads older than a day are removed.
"""

from __future__ import annotations

import hashlib
import re
import time
from collections.abc import Mapping
from html import escape
from pathlib import Path

from .cache import CACHE_FOLDER
from .editphoto import Upload
from .i18n import _

FOLDER = "uploads"
DIGEST, NAME = "photo_kept", "photo_kept_name"  # the form's hidden fields
KEPT_FOR = 86_400  # seconds: long enough for a lunch break between two tries


def _folder(content_dir: Path) -> Path:
    return content_dir.parent / CACHE_FOLDER / FOLDER


def keep(content_dir: Path, upload: Upload) -> dict[str, str]:
    """Keep an accepted upload; the hidden fields that bring it back."""
    folder = _folder(content_dir)
    folder.mkdir(parents=True, exist_ok=True)
    now = time.time()
    for old in folder.iterdir():
        if now - old.stat().st_mtime > KEPT_FOR:
            old.unlink(missing_ok=True)
    digest = hashlib.sha256(upload.data).hexdigest()
    (folder / digest).write_bytes(upload.data)
    return {DIGEST: digest, NAME: Path(upload.filename.replace("\\", "/")).name}


def restore(content_dir: Path, form: Mapping[str, str]) -> Upload | None:
    """The upload the form's hidden fields name, if it is still kept and intact."""
    digest = form.get(DIGEST, "")
    if not re.fullmatch(r"[0-9a-f]{64}", digest):
        return None  # (nothing kept, or not a digest: never a path)
    try:
        data = (_folder(content_dir) / digest).read_bytes()
    except OSError:
        return None
    if hashlib.sha256(data).hexdigest() != digest:
        return None
    return Upload(form.get(NAME, "") or "foto", data)


def control(values: Mapping[str, str]) -> str:
    """The hidden fields and the message, when a photo is kept for the next save."""
    digest = values.get(DIGEST, "")
    if not digest:
        return ""
    name = values.get(NAME, "")
    said = _(
        "Photo accepted: %(file)s. This photo is used when you press Save again; for another "
        "photo, choose its file below."
    ) % {"file": name}
    return (
        f'<input type="hidden" name="{DIGEST}" value="{escape(digest, quote=True)}">'
        f'<input type="hidden" name="{NAME}" value="{escape(name, quote=True)}">'
        f'<p class="saved" role="status">{escape(said)}</p>'
    )
