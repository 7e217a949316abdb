"""The language the tool speaks: gettext catalogs, Indonesian unless something says otherwise.

Messages are written in English in the code (the catalogs' ids) and translated by the catalogs in
`generator/locale/<lang>/LC_MESSAGES/teladan.po`, extracted and compiled with Babel (the README
has the three commands). argparse's own messages ("usage:", "the following arguments are
required") come from the `argparse` catalog beside it, extracted from Python's argparse module.
"""

from __future__ import annotations

import argparse
import contextlib
import datetime
import gettext
import locale
import os
import re
import sys
from functools import cache
from pathlib import Path

LOCALES = Path(__file__).parent / "locale"
LANGUAGES = ("id", "en")
DEFAULT = "id"
# The site's language, as `use` chose it, in the environment: processes a build starts afresh
# (spawn: Windows, macOS) import this module anew and would otherwise forget it.
SITE_VARIABLE = "TELADAN_SITE_LANG"
# site.yaml's `language:` line, read without YAML: a build with nothing to do answers before
# anything heavy is imported (see cli). A site in several languages names its main one first:
# 'language: [id, en]', or a list of lines ('language:', '  - id').
_LANGUAGE_LINE = re.compile(
    r"^language:[ \t]*(?:\[[ \t]*|\n[ \t]*-[ \t]+)?[\"']?([A-Za-z]{2,3})\b", re.MULTILINE
)
# Locale names: 'id_ID.UTF-8', 'in' (Java's old code), 'Indonesian_Indonesia.1252' (Windows).
_INDONESIAN = re.compile(r"(id|in)([_.@-]|$)|indonesian")
_ENGLISH = re.compile(r"en([_.@-]|$)|english")


def use(language: str | None) -> None:
    """Speak `language` from now on (the site's own), unless TELADAN_LANG says otherwise; a
    language the tool does not speak (or None) leaves the choice to the system's locale."""
    code = (language or "").strip().lower()[:2]
    if code in LANGUAGES:
        os.environ[SITE_VARIABLE] = code
    else:
        os.environ.pop(SITE_VARIABLE, None)


def use_site(content: Path) -> None:
    """Speak the language site.yaml in the content folder names (`use`)."""
    try:
        text = (content / "site.yaml").read_text(encoding="utf-8-sig")
    except (OSError, UnicodeDecodeError):  # (no site.yaml yet: `check` says so, in any language)
        text = ""
    found = _LANGUAGE_LINE.search(text)
    use(found.group(1) if found else None)


def _system_language() -> str | None:
    """The system's language, if the tool speaks it: as gettext finds it, the first of these
    variables that is set (Linux, macOS terminals; "C" names no language); on Windows, where
    they are usually not set, the locale the system gives (e.g. 'Indonesian_Indonesia')."""
    names = ""
    for variable in ("LANGUAGE", "LC_ALL", "LC_MESSAGES", "LANG"):
        if names := os.environ.get(variable, ""):
            break
    if not names and sys.platform == "win32":  # (elsewhere Python reads "C" as en_US)
        with contextlib.suppress(ValueError):
            names = locale.getlocale()[0] or ""
    for name in names.lower().split(":"):
        for code, pattern in (("id", _INDONESIAN), ("en", _ENGLISH)):
            if pattern.match(name.strip()):
                return code
    return None


def language() -> str:
    """TELADAN_LANG, then the site's language, then the system's, then Indonesian."""
    for variable in ("TELADAN_LANG", SITE_VARIABLE):
        wanted = os.environ.get(variable, "").strip().lower()[:2]
        if wanted in LANGUAGES:
            return wanted
    return _system_language() or DEFAULT


@cache
def _catalog(lang: str, domain: str = "teladan") -> gettext.NullTranslations:
    return gettext.translation(domain, LOCALES, languages=[lang], fallback=True)


def _(message: str) -> str:
    """The message in the language spoken now."""
    return _catalog(language()).gettext(message)


def ngettext(singular: str, plural: str, n: int) -> str:
    """The singular or plural form for `n`, in the language spoken now."""
    return _catalog(language()).ngettext(singular, plural, n)


def N_(message: str) -> str:
    """A message kept in a constant: marked for the catalog here, translated (`_`) when shown."""
    return message


def _argparse_gettext(message: str) -> str:
    return _catalog(language(), "argparse").gettext(message)


def _argparse_ngettext(singular: str, plural: str, n: int) -> str:
    return _catalog(language(), "argparse").ngettext(singular, plural, n)


def translate_argparse() -> None:
    """argparse's own messages in the language spoken now. argparse looks `_` and `ngettext`
    up in its module at each call (it imported them from gettext); gettext's global domain
    would take the language from environment variables only, not from site.yaml or
    TELADAN_LANG, so argparse is pointed at the `argparse` catalog here instead."""
    argparse._ = _argparse_gettext  # type: ignore[attr-defined]
    argparse.ngettext = _argparse_ngettext  # type: ignore[attr-defined]


def _formats() -> str:
    """The Babel locale of the language's numbers and dates: English as written outside the
    United States ("19 August 2019", as the programme's partners abroad mostly write it)."""
    return {"en": "en_GB"}.get(language(), language())


def number(value: float, digits: int = 0) -> str:
    """A number as the language writes it: "1.234,5" in Indonesian, "1,234.5" in English."""
    from babel.numbers import format_decimal  # (only when a message shows a number)

    pattern = "#,##0" + ("." + "0" * digits if digits else "")
    return format_decimal(value, format=pattern, locale=_formats())


def date(day: datetime.date) -> str:
    """A date as the language writes it: "19 Agustus 2019", "19 August 2019"."""
    from babel.dates import format_date

    return format_date(day, format="long", locale=_formats())
