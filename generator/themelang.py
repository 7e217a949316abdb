"""A theme's words in each language the site speaks: gettext catalogs, dates and numbers (Babel).

The templates write English (`{{ _("Skip to content") }}`, `ngettext(…)` with a count) and each
theme folder may carry `locale/<lang>/LC_MESSAGES/theme.mo`, compiled from the `.po` beside it
(README, "Themes"). Along a theme chain a folder's catalog comes first and the next folder's
fills what it lacks, as templates and static files do: a custom theme translates its own new
strings and takes the default theme's for the rest.
"""

from __future__ import annotations

import datetime
import gettext
import struct
from collections.abc import Callable
from pathlib import Path
from typing import Any

from babel.core import LOCALE_ALIASES, Locale, UnknownLocaleError
from babel.dates import format_date
from babel.numbers import format_decimal

from .i18n import _
from .problems import Problem, error, warning

DOMAIN = "theme"
# Where a language has no catalog in the chain, the pages speak this one (as before catalogs).
FALLBACK = "id"


def catalog_path(folder: Path, lang: str) -> Path:
    return folder / "locale" / lang / "LC_MESSAGES" / f"{DOMAIN}.mo"


def has_catalog(dirs: tuple[Path, ...], lang: str) -> bool:
    return any(catalog_path(d, lang).is_file() for d in dirs)


def _read(path: Path) -> gettext.GNUTranslations:
    # Read afresh, not through gettext.translation: its cache would keep a catalog edited while
    # `teladan serve` runs.
    with path.open("rb") as f:
        return gettext.GNUTranslations(f)


def load_catalog(
    dirs: tuple[Path, ...], lang: str
) -> tuple[gettext.NullTranslations, str, list[Problem]]:
    """The chain's catalogs for `lang`, highest precedence first, each falling back to the
    next, and the language they are in: Indonesian (with a warning) where no folder has a
    catalog for `lang`."""
    problems: list[Problem] = []
    if not has_catalog(dirs, lang):
        where = {"language": lang}
        message = _("the theme has no words for language '%(language)s'; pages use Indonesian")
        hint = _(
            "write language: id, or add locale/%(language)s/LC_MESSAGES/theme.mo to your theme"
        )
        problems.append(warning("site.yaml", None, message % where, hint % where))
        lang = FALLBACK
    found: list[gettext.NullTranslations] = []
    for folder in dirs:
        path = catalog_path(folder, lang)
        if not path.is_file():
            continue
        try:
            found.append(_read(path))
        except (OSError, ValueError, struct.error, IndexError) as exc:  # (a damaged .mo)
            message = _("the theme's translations cannot be read: %(reason)s") % {"reason": exc}
            problems.append(error(str(path), None, message))
    chain = found[0] if found else gettext.NullTranslations()
    for fallback in found[1:]:
        chain.add_fallback(fallback)
    return chain, lang, problems


def babel_locale(lang: str) -> str:
    """The Babel locale of a page's dates and numbers: English as written outside the United
    States ("19 August 2019"), as the tool's own messages write it (i18n)."""
    return {"en": "en_GB"}.get(lang, lang)


def og_locale(lang: str) -> str:
    """OpenGraph's language_TERRITORY: "id_ID", "en_GB"."""
    code = babel_locale(lang)
    try:
        found = Locale.parse(code)
    except (ValueError, UnknownLocaleError):
        return code
    if found.territory:
        return str(found)
    return LOCALE_ALIASES.get(lang, code)


def page_filters(lang: str) -> dict[str, Callable[..., Any]]:
    """The filters that write dates and numbers as the page's language does."""
    where = babel_locale(lang)
    try:
        Locale.parse(where)
    except (ValueError, UnknownLocaleError):  # (a language Babel does not know)
        where = FALLBACK

    def tanggal(value: datetime.date | None) -> str:
        """2019-08-19 → "19 Agustus 2019" / "19 August 2019"."""
        return "" if value is None else format_date(value, format="long", locale=where)

    def number(value: float) -> str:
        """1234 → "1.234" / "1,234"."""
        return format_decimal(value, format="#,##0.###", locale=where)

    return {"tanggal": tanggal, "number": number}
