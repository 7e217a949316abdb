"""Content + Translations → the content of each further edition (`/en/` …), the checks that
tie translations to their originals, and which page of one edition is which of another. Pure.

Every edition has the same records and so the same pages: a record without a translation is
shown with its original texts (its page says so), since its data is the same in any language.
"""

from __future__ import annotations

import dataclasses
from collections.abc import Iterable, Mapping, Sequence
from pathlib import PurePosixPath
from types import MappingProxyType
from typing import Any

from . import urls
from .config import SiteConfig, usual_code
from .i18n import _, language
from .model import (
    Category,
    Content,
    NewsPhoto,
    Page,
    Pillar,
    PressRelease,
    Selection,
    Translation,
)
from .problems import Problem, did_you_mean, error

Record = Pillar | Selection | PressRelease | Page


def stem_of(path: str) -> str:
    """'pillars/2019/siti-aminah.md' → 'pillars/2019/siti-aminah': what a translation names."""
    return str(PurePosixPath(path).with_suffix(""))


def _records(content: Content) -> Iterable[Record]:
    return (*content.pillars, *content.selections, *content.news, *content.pages)


def check_translations(
    content: Content, config: SiteConfig, failed: Iterable[str] = ()
) -> tuple[Problem, ...]:
    """A translation into a language the site does not have, one without an original beside
    it, two of one file into one language; a page named like an edition's folder. (`failed`:
    the files with errors: an original among them is not missing, its own error says why.)"""
    problems: list[Problem] = []
    originals = {stem_of(r.source.path) for r in _records(content)} | set(map(stem_of, failed))
    seen: dict[tuple[str, str], str] = {}
    for t in content.translations:
        found = _translation_problem(t, config, originals, seen.get((t.original, t.lang), ""))
        if found is not None:
            problems.append(error(t.source.path, None, *found))
        seen.setdefault((t.original, t.lang), t.source.path)
    problems.extend(
        error(
            page.source.path,
            None,
            _("the page name '%(slug)s' is taken by the site's edition in that language")
            % {"slug": page.slug},
            _("rename the file, e.g. 'tentang-kami.md'"),
        )
        for page in content.pages
        if page.slug in config.languages
    )
    return tuple(problems)


def _translation_problem(
    t: Translation, config: SiteConfig, originals: set[str], other: str
) -> tuple[str, str] | None:
    """What is wrong with one translation (message, hint), if anything (`other`: the file
    already translating its original into its language)."""
    said = {
        "language": t.lang,
        "original": PurePosixPath(t.original).name,
        "main": config.language,
        "other": other,
    }
    if t.lang == config.language and len(config.languages) > 1:  # (the order swapped?)
        other = config.languages[1]
        said |= {"other": other, "name": language_name(other, language())}
        return (
            _(
                "this file is named as a translation into '%(language)s', but site.yaml names "
                "'%(language)s' first, as the site's main language"
            )
            % said,
            _(
                "if %(original)s.md is written in %(name)s, name that language first in "
                "site.yaml: language: [%(other)s, %(language)s]; otherwise write the text in "
                "%(original)s.md itself"
            )
            % said,
        )
    if t.lang == config.language:
        return (
            _(
                "this file is named as a translation into '%(language)s', but that is "
                "the site's main language"
            )
            % said,
            _("write the text in %(original)s.md itself") % said,
        )
    misnamed = _misnamed(t, config, originals)
    if misnamed:
        return misnamed
    if t.lang not in config.languages:
        return (
            _(
                "this file is a translation into '%(language)s', but site.yaml does not "
                "name that language"
            )
            % said,
            _("add it in site.yaml, e.g. language: [%(main)s, %(language)s]") % said,
        )
    if t.original not in originals:
        name = PurePosixPath(t.original).name
        moved = sorted(o for o in originals if PurePosixPath(o).name == name)
        hint = (
            _("%(original)s.md is in %(folder)s/ now: move this translation there")
            % (said | {"folder": PurePosixPath(moved[0]).parent})
            if moved
            else _(
                "name a translation after the file it translates, e.g. "
                "siti-aminah.en.md beside siti-aminah.md"
            )
        )
        return (
            _("this translation has no original: there is no file %(original)s.md beside it")
            % said,
            hint,
        )
    if other:
        return (
            _("%(original)s is translated into '%(language)s' twice (also in %(other)s)") % said,
            _("keep one of the two files"),
        )
    return None


def _misnamed(t: Translation, config: SiteConfig, originals: set[str]) -> tuple[str, str] | None:
    """A translation whose file name is a letter off: its language written otherwise
    (`.eng.md` for `.en.md`), or its original's name misspelt (`yulfia-rahmy.en.md`)."""
    file = PurePosixPath(t.source.path)
    usual = usual_code(t.lang)
    if t.lang not in config.languages and usual in config.languages:
        said = {"file": file.name, "usual": usual, "name": PurePosixPath(t.original).name}
        return (
            _("%(file)s is not named the way the site writes its language") % said,
            _("rename it %(name)s.%(usual)s%(suffix)s") % (said | {"suffix": file.suffix}),
        )
    folder = PurePosixPath(t.original).parent
    beside = [PurePosixPath(o).name for o in originals if PurePosixPath(o).parent == folder]
    best = did_you_mean(PurePosixPath(t.original).name, beside)
    if t.original in originals or not best:
        return None
    said = {"original": PurePosixPath(t.original).name, "best": best, "language": t.lang}
    said["suffix"] = file.suffix
    return (
        _(
            "this translation has no original: there is no file %(original)s.md beside it; "
            "did you mean %(best)s?"
        )
        % said,
        _("name it after the file it translates: %(best)s.%(language)s%(suffix)s") % said,
    )


def _translated_category(category: Category, lang: str) -> Category:
    texts = {name: text for code, name, text in category.translations if code == lang}
    return dataclasses.replace(category, **texts) if texts else category  # type: ignore[arg-type]


def translated_content(
    content: Content, lang: str
) -> tuple[Content, Mapping[str, tuple[str, ...]]]:
    """The content as the edition in `lang` shows it, and for each file it has a translation
    of, the fields translated (the model's names). A record without a translation is the same
    object, so page fingerprints still know which file it came from."""
    by_original = {t.original: t for t in content.translations if t.lang == lang}
    done: dict[str, tuple[str, ...]] = {}

    def translated(record: Record) -> Record:
        found: Translation | None = by_original.get(stem_of(record.source.path))
        if found is None:
            return record
        values = dict(found.values)
        if isinstance(record, PressRelease) and "photos" in values:  # (captions by file name)
            values["photos"] = _captioned(record.photos, values["photos"])  # type: ignore[arg-type]
        done[record.source.path] = tuple(sorted(values))
        return dataclasses.replace(record, **values)  # type: ignore[arg-type]

    edition = Content(
        categories=tuple(_translated_category(c, lang) for c in content.categories),
        provinces=content.provinces,
        pillars=tuple(translated(p) for p in content.pillars),  # type: ignore[misc]
        selections=tuple(translated(s) for s in content.selections),  # type: ignore[misc]
        news=tuple(translated(n) for n in content.news),  # type: ignore[misc]
        pages=tuple(translated(p) for p in content.pages),  # type: ignore[misc]
    )
    return edition, MappingProxyType(done)


def _captioned(
    photos: tuple[NewsPhoto, ...], captions: Iterable[tuple[str, str]]
) -> tuple[NewsPhoto, ...]:
    """A press release's photos with the captions a translation gives (by file name)."""
    by_name = dict(captions)
    return tuple(
        dataclasses.replace(p, caption=by_name.get(PurePosixPath(p.file).name, p.caption))
        for p in photos
    )


# The fields a page of a further edition shows in the original's words until translated, by
# the template showing the record (the model's names: see translations.TRANSLATABLE).
_SHOWN_TEXTS = {
    "pillar.html": (
        *("summary", "quote", "photo_alt", "photo_credit", "photo_license"),
        *("achievements", "tags", "story_html"),
    ),
    "news.html": ("title", "summary", "source_name", "photos", "body_html"),
    "page.html": ("title", "summary", "body_html"),
    "year.html": ("title", "summary", "venue", "jury", "body_html"),
}


def untranslated(
    template: str, path: str, translated: Mapping[str, tuple[str, ...]]
) -> tuple[str, ...]:
    """The fields of the record at `path` (a content file) that its page in a further edition
    shows untranslated."""
    done = translated.get(path, ())
    return tuple(name for name in _SHOWN_TEXTS.get(template, ()) if name not in done)


def untranslated_sheets(
    groups: Sequence[tuple[Any, Sequence[Any]]], translated: Mapping[str, tuple[str, ...]]
) -> dict[str, tuple[str, ...]]:
    """The year book of a further edition: for each winner's sheet (its `groups`: category and
    BookEntries), the fields it shows in the original's words."""
    return {
        e.pillar.slug: untranslated("pillar.html", e.pillar.source.path, translated)
        for _category, entries in groups
        for e in entries
    }


def counterparts(path: str, config: SiteConfig) -> tuple[tuple[str, str], ...]:
    """A page's site path → (language, site path) of the same page in every edition, the main
    one first ('en/pilar/x/' → ('id', 'pilar/x/'), ('en', 'en/pilar/x/'))."""
    base = local_path(path, config)
    return tuple(
        (code, base if code == config.language else f"{code}/{base}") for code in config.languages
    )


def local_path(path: str, config: SiteConfig) -> str:
    """A site path without its edition's folder: 'en/pilar/x/' → 'pilar/x/'."""
    first, _slash, rest = path.partition("/")
    return rest if _slash and first in config.languages[1:] else path


def edition_of(path: str, config: SiteConfig) -> str:
    """The language of the page at a site path."""
    first, slash, _rest = path.partition("/")
    return first if slash and first in config.languages[1:] else config.language


def is_page(path: str) -> bool:
    """Whether a site path is a page or feed each edition has its own of ('pilar/x/',
    'feed.xml'), rather than a file every edition shares (a photo, a stylesheet, the data)."""
    return not urls.is_web_address(path) and (path == "" or path.endswith(("/", ".xml")))


# A language's name in the switch between editions, in that language (Babel's own name for
# Indonesian is "Indonesia", the country).
_NAMES = {"id": "Bahasa Indonesia"}


def language_name(code: str, within: str | None = None) -> str:
    """'en' → 'English': how readers of a language name it (`within`: how readers of that
    language name it instead: ('en', 'id') → 'Inggris')."""
    if code in _NAMES and within in (None, code):
        return _NAMES[code]
    from babel import Locale  # (only on a site with more than one language)

    name = Locale.parse(code.replace("-", "_")).get_display_name(within) or code
    return name[:1].upper() + name[1:]
