"""A theme's words in each language the site speaks: gettext catalogs, dates and numbers (Babel).

The templates write English (`{{ _("Skip to content") }}`, `ngettext(…)` with a count) and each
theme folder may carry `locale/<lang>/LC_MESSAGES/theme.mo`, compiled from the `.po` beside it
(README, "Themes"). Along a theme chain a folder's catalog comes first and the next folder's
fills what it lacks, as templates and static files do: a custom theme translates its own new
strings and takes the default theme's for the rest.
"""

from __future__ import annotations

import datetime
import functools
import gettext
import struct
from collections.abc import Callable
from pathlib import Path
from typing import Any

from babel.core import LOCALE_ALIASES, Locale, UnknownLocaleError
from babel.dates import format_date
from babel.numbers import format_decimal
from markupsafe import Markup

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


def template_gettext(catalog: gettext.NullTranslations) -> dict[str, Callable[..., Markup]]:
    """`_`, `gettext`, `ngettext`, `pgettext` and `npgettext` for templates, as Jinja's newstyle
    gettext makes them (the translation is Markup, its %(name)s filled with escaped values, %%
    a percent sign; ngettext's count is `num`), but each word without placeholders translated
    once per build: Jinja's own took 6 µs a call, a quarter of rendering a 1000-page site."""
    bare: dict[str, Markup] = {}

    def gettext(message: str, /, **variables: Any) -> Markup:
        if variables:
            return Markup(catalog.gettext(message)) % variables
        found = bare.get(message)
        if found is None:
            found = bare[message] = Markup(catalog.gettext(message)) % {}
        return found

    def ngettext(singular: str, plural: str, n: int, /, **variables: Any) -> Markup:
        variables.setdefault("num", n)
        return Markup(catalog.ngettext(singular, plural, n)) % variables

    def pgettext(context: str, message: str, /, **variables: Any) -> Markup:
        if variables:
            variables.setdefault("context", context)
            return Markup(catalog.pgettext(context, message)) % variables
        key = f"{context}\x04{message}"  # (gettext's own separator of the two)
        found = bare.get(key)
        if found is None:
            found = Markup(catalog.pgettext(context, message)) % {"context": context}
            bare[key] = found
        return found

    def npgettext(context: str, singular: str, plural: str, n: int, /, **variables: Any) -> Markup:
        variables.setdefault("context", context)
        variables.setdefault("num", n)
        return Markup(catalog.npgettext(context, singular, plural, n)) % variables

    return {
        "_": gettext,
        "gettext": gettext,
        "ngettext": ngettext,
        "pgettext": pgettext,
        "npgettext": npgettext,
    }


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

    @functools.cache  # (Babel takes 30 µs a number; a site shows the same few counts)
    def number(value: float, digits: int | None = None) -> str:
        """1234 → "1.234" / "1,234"; with `digits`, that many after the decimal sign:
        0.25, 1 → "0,3" / "0.3"."""
        decimals = "###" if digits is None else "0" * digits
        return format_decimal(value, format=f"#,##0.{decimals}".rstrip("."), locale=where)

    return {"tanggal": tanggal, "number": number}
