"""The language the tool speaks: gettext catalogs, Indonesian unless something says otherwise.

Messages are written in English in the code (the catalogs' ids) and translated by the catalogs in
`generator/locale/<lang>/LC_MESSAGES/teladan.po`, extracted and compiled with Babel.
"""

from __future__ import annotations

import gettext
import os
from functools import cache
from pathlib import Path

LOCALES = Path(__file__).parent / "locale"
LANGUAGES = ("id", "en")
DEFAULT = "id"

_chosen: str | None = None


def use(language: str | None) -> None:
    """Speak `language` from now on (the site's own), unless TELADAN_LANG says otherwise."""
    global _chosen
    _chosen = language if language in LANGUAGES else None


def language() -> str:
    """TELADAN_LANG, then the site's language, then Indonesian."""
    wanted = os.environ.get("TELADAN_LANG", "").strip().lower()[:2]
    if wanted in LANGUAGES:
        return wanted
    return _chosen or DEFAULT


@cache
def _catalog(lang: str) -> gettext.NullTranslations:
    return gettext.translation("teladan", LOCALES, languages=[lang], fallback=True)


def _(message: str) -> str:
    """The message in the language spoken now."""
    return _catalog(language()).gettext(message)


def ngettext(singular: str, plural: str, n: int) -> str:
    """The singular or plural form for `n`, in the language spoken now."""
    return _catalog(language()).ngettext(singular, plural, n)
