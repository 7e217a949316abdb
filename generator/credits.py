"""SiteIndex → who took each published photo and under which licence, and a warning for every
photo whose credit the press would have to guess. Pure; no IO."""

from __future__ import annotations

from collections.abc import Iterator
from dataclasses import dataclass
from pathlib import PurePosixPath

from .config import SiteConfig
from .i18n import _
from .index import SiteIndex
from .problems import Problem, warning


@dataclass(frozen=True, slots=True)
class Credit:
    """A photo's credit line and licence, each from the record or else from site.yaml."""

    credit: str
    license: str

    @classmethod
    def of(cls, config: SiteConfig, credit: str, license: str) -> Credit:
        return cls(credit or config.photo_credit, license or config.photo_license)


@dataclass(frozen=True, slots=True)
class Named:
    """A published photo: its file in content/, where it is named, and its credit."""

    photo: str  # path relative to content/
    path: str  # the content file naming it
    line: int | None
    credit: Credit


def published_photos(index: SiteIndex) -> Iterator[Named]:
    """Every photo the site publishes: profiles' photos, then press releases' own photos."""
    config = index.config
    for p in index.pillars:
        if p.photo:
            credit = Credit.of(config, p.photo_credit, p.photo_license)
            yield Named(p.photo, p.source.path, p.source.line("photo"), credit)
    for release in index.news:
        for photo in release.photos:
            credit = Credit.of(config, photo.credit, photo.license)
            yield Named(photo.file, release.source.path, release.source.line("photos"), credit)


def missing_credits(index: SiteIndex) -> tuple[Problem, ...]:
    """A warning for each published photo without a credit: a newspaper must print one."""
    return tuple(
        warning(
            named.path,
            named.line,
            # (one message for every such photo, so that a site without credits yet sees a
            # few and a count; the hint names the file)
            _("a photo without a credit: newspapers cannot print it, and press kits say so"),
            _(
                "write who took '%(photo)s' (photo_credit: in a profile, credit: under a press "
                "release's photos), or a default photo_credit: in site.yaml"
            )
            % {"photo": PurePosixPath(named.photo).name},
        )
        for named in published_photos(index)
        if not named.credit.credit
    )
