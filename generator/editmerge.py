"""A save refused because the file changed on disk, made saveable: the form comes back holding
the file as it is now with the person's own changes on top (the fields they changed since the
form was loaded), and the digest of the file as it is now, so one more Simpan — after they have
looked at the differences — saves both their work and the other change. (The form used to come
back with the old digest, so every Simpan was refused again.)"""

from __future__ import annotations

from collections import OrderedDict
from collections.abc import Iterable, Mapping

KEPT = 64  # files whose forms were opened, remembered by digest (a few MB at most)


class Loaded:
    """The files as their forms were loaded, by digest: what "the fields they changed" is
    measured against when the file has changed since."""

    def __init__(self) -> None:
        self._files: OrderedDict[str, dict[str, str]] = OrderedDict()

    def remember(self, digest: str, values: Mapping[str, str]) -> None:
        self._files[digest] = dict(values)
        self._files.move_to_end(digest)
        while len(self._files) > KEPT:
            self._files.popitem(last=False)

    def get(self, digest: str) -> dict[str, str] | None:
        return self._files.get(digest)


def _same(a: str, b: str) -> bool:
    return a.replace("\r\n", "\n").strip() == b.replace("\r\n", "\n").strip()


def rebase(
    names: Iterable[str],
    typed: Mapping[str, str],
    loaded: Mapping[str, str] | None,
    current: Mapping[str, str],
) -> dict[str, str]:
    """The values of the file now (`current`) with each field the person changed (`typed`
    differs from `loaded`, the file as their form was loaded) taken from `typed`. Unknown
    `loaded` (the preview was restarted since): every typed field counts as changed, and the
    differences shown say what that would undo."""
    merged = dict(current)
    for name in names:
        value = typed.get(name, "")  # (an unticked box is not sent at all)
        if loaded is None or not _same(value, loaded.get(name, "")):
            merged[name] = value
    return merged
