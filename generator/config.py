"""site.yaml → SiteConfig (frozen). `parse_config` is pure; `load_config` reads the file."""

from __future__ import annotations

import dataclasses
import re
from collections.abc import Mapping
from dataclasses import dataclass, field
from pathlib import Path
from urllib.parse import quote, unquote, urlsplit

from . import urls
from .fields import FieldReader
from .i18n import _
from .load import read_text
from .problems import Problem, error, warning
from .yamltext import Entry, parse_mapping

SITE_FILE = "site.yaml"
_KNOWN = (
    "title",
    "tagline",
    "description",
    "base_url",
    "language",
    "theme",
    "owner",
    "notice",
    "per_page",
    "navigation",
    "social",
    "data_license",
    "photo_credit",
    "photo_license",
)


@dataclass(frozen=True, slots=True)
class Link:
    label: str
    path: str  # site path such as "kategori/" for navigation; a full URL for social links
    labels: tuple[tuple[str, str], ...] = ()  # (language, label) from `label_en:` and the like


@dataclass(frozen=True, slots=True)
class SiteConfig:
    title: str
    base_url: str  # absolute, ends with "/"
    tagline: str = ""
    description: str = ""
    language: str = "id"
    theme: str = "default"
    owner: str = ""
    notice: str = ""
    per_page: int = 12
    navigation: tuple[Link, ...] = ()
    social: tuple[Link, ...] = ()
    data_license: str = "CC BY 4.0"  # the licence of /data/, shown on the /data/ page
    # Of every photo that names no credit or licence of its own (press kits, captions)
    photo_credit: str = ""
    photo_license: str = ""
    # Every language of the site, the main one (`language`) first; the others are editions
    # under /<code>/. Their texts: (language, setting, text) from `title_en:` and the like.
    languages: tuple[str, ...] = ("id",)
    translations: tuple[tuple[str, str, str], ...] = ()
    # The line of each setting in site.yaml, for messages; not part of what the site is made
    # of (moving a line must not make every page again).
    lines: Mapping[str, int] = field(default_factory=dict, compare=False, repr=False)

    @property
    def base_path(self) -> str:
        """The path part of base_url, e.g. "/pilar-teladan/" — where the site lives on its host."""
        return urlsplit(self.base_url).path or "/"

    def edition(self, lang: str) -> SiteConfig:
        """The settings as the edition in `lang` shows them: its own title, tagline,
        description, owner, notice and menu labels where site.yaml gives them."""
        # (a translation of a setting left empty is left out with it: deleting the sample's
        # notice takes its English along)
        texts = {
            n: text for code, n, text in self.translations if code == lang and getattr(self, n)
        }
        menu = tuple(
            dataclasses.replace(link, label=dict(link.labels).get(lang, link.label))
            for link in self.navigation
        )
        return dataclasses.replace(self, navigation=menu, **texts)  # type: ignore[arg-type]

    def in_main_language(self, name: str, lang: str) -> bool:
        """Whether the edition in `lang` shows setting `name` in the main language (no
        `name_<lang>:` in site.yaml), so its pages mark it as such."""
        return lang != self.language and (lang, name) not in {t[:2] for t in self.translations}


# What may stand in a URL path as it is (RFC 3986 pchar and "/"); anything else is
# percent-encoded.
_PATH_SAFE = "/-._~!$&'()*+,;=:@"


def normalise_base_url(value: str) -> str | None:
    """An absolute http(s) URL ending in "/", or None if the value is not one. Its path is
    percent-encoded: "/pilar teladan/" becomes "/pilar%20teladan/", as every file that writes
    it needs (.htaccess, sitemap, feeds, canonical links) — a raw space makes Apache refuse
    every address of the site."""
    parts = urlsplit(value.strip())
    if parts.scheme not in ("http", "https") or not parts.netloc or parts.query or parts.fragment:
        return None
    if not re.fullmatch(r"[A-Za-z0-9.\-]+(:[0-9]+)?|\[[0-9A-Fa-f:.]+\](:[0-9]+)?", parts.netloc):
        return None  # a space, a user name or a letter no host name has
    path = quote(unquote(parts.path), safe=_PATH_SAFE)
    path = path if path.endswith("/") else path + "/"
    return f"{parts.scheme}://{parts.netloc.lower()}{path}"


def _links(reader: FieldReader, name: str, target: str) -> tuple[Link, ...]:
    entry = reader.entries.get(name)
    reader.seen.add(name)
    if entry is None or entry.value is None:
        return ()
    items = entry.value
    said = {"field": name, "target": target, "example": f"- label: Kategori\n  {target}: kategori/"}
    hint = _("write e.g.\n%(example)s") % said
    if not isinstance(items, list):
        reader.error(name, _("'%(field)s' should be a list of links") % said, hint)
        return ()
    links = []
    for item in items:
        if (
            not isinstance(item, dict)
            or not isinstance(item.get("label"), str)
            or not isinstance(item.get(target), str)
        ):
            reader.error(
                name, _("each item of '%(field)s' needs a 'label' and a '%(target)s'") % said, hint
            )
            continue
        label, address = item["label"].strip(), item[target].strip()
        if not _safe_address(address, site_paths=target == "path"):
            reader.error(name, *_unsafe_address(name, label, address, target))
            continue
        labels = tuple(
            (key[len("label_") :], text.strip())
            for key, text in item.items()
            if key.startswith("label_") and isinstance(text, str) and text.strip()
        )
        path = address if urls.is_web_address(address) else address.lstrip("/")
        links.append(Link(label, path, labels))
    return tuple(links)


def _safe_address(address: str, site_paths: bool) -> bool:
    """A full http(s) address, or (for navigation) a path of the site. Anything else — a
    `javascript:` or `data:` address above all — would run or open whatever it says from a
    link on every page."""
    if urls.is_web_address(address):
        return urlsplit(address).netloc != ""
    # (not "//host/…" either: a browser takes it as another site's address)
    return site_paths and not re.match(r"[^/?#]*:|[/\\]{2}", address)


def _unsafe_address(name: str, label: str, address: str, target: str) -> tuple[str, str]:
    """The message and hint for a link that goes neither to the site nor to a web page."""
    said = {"field": name, "label": label, "address": address, "target": target}
    if target == "path":
        return (
            _(
                "%(field)s: the link '%(label)s' goes to '%(address)s', which is not a page of "
                "this site or a web address"
            )
            % said,
            _(
                "write a path of this site such as kategori/ or tentang/, or a full address "
                "starting with https://, e.g. '%(target)s: https://kemensos.go.id/'"
            )
            % said,
        )
    return (
        _("%(field)s: the link '%(label)s' goes to '%(address)s', which is not a web address")
        % said,
        _("write a full address starting with https://, e.g. '%(target)s: https://kemensos.go.id/'")
        % said,
    )


def parse_config(
    entries: Mapping[str, Entry], path: str = SITE_FILE
) -> tuple[SiteConfig, tuple[Problem, ...]]:
    """The fields of site.yaml → SiteConfig and its problems (pure)."""
    reader = FieldReader(path, entries)
    title = reader.text(
        "title", required=True, hint=_("add e.g. 'title: Pilar-pilar Sosial Teladan'")
    )
    raw_url = reader.text(
        "base_url",
        required=True,
        hint=_(
            "add the address the site will have, e.g. "
            "'base_url: https://example.org/pilar-teladan/'"
        ),
    )
    base_url = normalise_base_url(raw_url) if raw_url else None
    if raw_url and base_url is None:
        reader.error(
            "base_url",
            _("base_url '%(url)s' is not a full web address") % {"url": raw_url},
            _(
                "write it with http:// or https:// and a host name without spaces, "
                "e.g. https://example.org/pilar-teladan/"
            ),
        )
    languages = _languages(reader)
    language = languages[0]
    theme = reader.text("theme") or "default"
    if not re.fullmatch(r"[A-Za-z0-9_-]+", theme):
        reader.error(
            "theme",
            _("theme '%(theme)s' is not a folder name") % {"theme": theme},
            _("write e.g. theme: default"),
        )
        theme = "default"
    config = SiteConfig(
        title=title or "Pilar-pilar Sosial Teladan",
        base_url=base_url or "https://example.org/",
        tagline=reader.text("tagline"),
        description=reader.text("description"),
        language=language,
        theme=theme,
        owner=reader.text("owner"),
        notice=reader.text("notice"),
        per_page=reader.integer("per_page", low=1, high=500) or 12,
        navigation=_links(reader, "navigation", "path"),
        social=_links(reader, "social", "url"),
        data_license=reader.text("data_license") or "CC BY 4.0",
        photo_credit=reader.text("photo_credit"),
        photo_license=reader.text("photo_license"),
        languages=languages,
        translations=_translated_texts(reader, languages[1:]),
        lines={name: entry.line for name, entry in entries.items()},
    )
    translated = tuple(f"{name}_{code}" for code in languages[1:] for name in _TRANSLATABLE)
    reader.warn_unknown(_KNOWN + translated + _in_main_language(reader, languages))
    return config, tuple(reader.problems)


# The settings an edition in another language may have in its own words (`title_en:`).
_TRANSLATABLE = (
    "title",
    "tagline",
    "description",
    "owner",
    "notice",
    "photo_credit",
    "photo_license",
)


def _in_main_language(reader: FieldReader, languages: tuple[str, ...]) -> tuple[str, ...]:
    """`title_en:` on a site whose main language is 'en': most likely the languages are in the
    wrong order (`[en, id]`). Said once, on the first such line; they are then not unknown."""
    found = tuple(f"{name}_{languages[0]}" for name in _TRANSLATABLE)
    written = [name for name in reader.entries if name in found]
    if written and len(languages) > 1:
        main, other = languages[0], languages[1]
        said = {"field": written[0], "main": main, "other": other}
        said |= {"name": usual_name(main), "other_name": usual_name(other)}
        reader.warn(
            written[0],
            _(
                "'%(field)s' is a text in %(name)s, but %(name)s is the site's main language "
                "(named first in language:), which needs no such text"
            )
            % said,
            _(
                "if the site's own texts are in %(other_name)s, name it first: "
                "language: [%(other)s, %(main)s]"
            )
            % said,
        )
    return found


def _languages(reader: FieldReader) -> tuple[str, ...]:
    """`language: id` or `language: [id, en]` → the site's languages, the main one first."""
    entry = reader.entries.get("language")
    reader.seen.add("language")
    value = entry.value if entry is not None else None
    if value is None or value == "":
        return ("id",)
    items = value if isinstance(value, list) else [value]
    found: list[str] = []
    for item in items:
        code = str(item).strip()
        usual = usual_code(code)
        if usual and usual != code:  # (the language meant is clear: later checks use it)
            said = {"language": code, "usual": usual, "name": usual_name(usual)}
            reader.error(
                "language",
                _("'%(language)s' is not how the site writes the code of %(name)s") % said,
                _("write '%(usual)s' instead, the code the site uses for it") % said,
            )
            code = usual
        if not _is_language(code):
            reader.error(
                "language",
                _("'%(language)s' is not a language code") % {"language": code},
                _(
                    "write a two-letter code, e.g. language: id, or a list for a site in "
                    "several languages, e.g. language: [id, en]"
                ),
            )
        elif code in found:
            reader.error(
                "language",
                _("language '%(language)s' is named twice") % {"language": code},
                _("name each language once, the main one first, e.g. language: [id, en]"),
            )
        else:
            found.append(code)
    return tuple(found) or ("id",)


def usual_code(code: str) -> str:
    """'EN', 'eng' → 'en': the code Babel writes for the language a code names ('' if none)."""
    if not re.fullmatch(r"[A-Za-z]{2,3}", code):
        return ""
    from babel import Locale, UnknownLocaleError

    try:
        return str(Locale.parse(code.lower()).language)
    except (UnknownLocaleError, ValueError):
        return ""


def usual_name(code: str) -> str:
    """'en' → 'English' in the language the tool speaks to staff ('Inggris'; 'id' → 'Indonesia',
    as said after "bahasa")."""
    from babel import Locale

    from . import i18n

    return str(Locale.parse(code).get_display_name(i18n.language()) or code).capitalize()


def _is_language(code: str) -> bool:
    """A code Babel knows the language of ('id', 'en', 'jv'), not just any two letters."""
    if not re.fullmatch(r"[a-z]{2,3}(-[A-Za-z0-9]+)*", code):
        return False
    from babel import Locale, UnknownLocaleError  # (only for a site.yaml naming a language)

    try:
        Locale.parse(code.replace("-", "_"))
    except (UnknownLocaleError, ValueError):
        return False
    return True


def _translated_texts(
    reader: FieldReader, further: tuple[str, ...]
) -> tuple[tuple[str, str, str], ...]:
    """(language, setting, text) of each `title_en:`-like setting of the further languages."""
    return tuple(
        (code, name, text)
        for code in further
        for name in _TRANSLATABLE
        if (text := reader.text(f"{name}_{code}"))
    )


def load_config(content_dir: Path) -> tuple[SiteConfig | None, tuple[Problem, ...]]:
    """content/site.yaml → SiteConfig, or None when the file is missing or unreadable."""
    path = content_dir / SITE_FILE
    if not path.is_file():
        return None, (
            error(
                SITE_FILE,
                None,
                _("site.yaml is missing"),
                _("create it with at least 'title:' and 'base_url:' (see README.md)"),
            ),
        )
    text, problems = read_text(path, SITE_FILE)
    if text is None:
        return None, problems
    parsed = parse_mapping(text)
    syntax = tuple(error(SITE_FILE, p.line, p.message, p.hint) for p in parsed.problems)
    if syntax and not parsed.entries:
        return None, syntax
    config, config_problems = parse_config(parsed.entries)
    return config, syntax + config_problems


# The sample content's banner says the site is a demonstration with made-up people; staff who
# start from the sample may hand it over with the banner still on every page.
_SAMPLE_NOTICE = ("percontohan", "fiktif")
# Domains reserved for examples (RFC 2606): nobody can publish a site there.
_EXAMPLE_HOSTS = ("example", "example.com", "example.net", "example.org")


def is_example_address(url: str) -> bool:
    host = (urlsplit(url).hostname or "").rstrip(".")
    return any(host == name or host.endswith("." + name) for name in _EXAMPLE_HOSTS)


def sample_leftovers(config: SiteConfig, base_url_option: bool) -> tuple[Problem, ...]:
    """Warnings for what a site made from the sample content must not be published with: the
    sample's banner and an example address in base_url (unless the command line gave another:
    that one was chosen on purpose)."""
    found = []
    if any(word in config.notice.lower() for word in _SAMPLE_NOTICE):
        found.append(
            warning(
                SITE_FILE,
                config.lines.get("notice"),
                _(
                    "the notice of the sample site is still on every page ('%(notice)s…'): "
                    "it tells readers the people are made up"
                )
                % {"notice": config.notice[:60]},
                _("delete the 'notice:' line in site.yaml, or write your own notice there"),
                "notice",
            )
        )
    if not base_url_option and is_example_address(config.base_url):
        found.append(
            warning(
                SITE_FILE,
                config.lines.get("base_url"),
                _(
                    "base_url '%(url)s' is an example address: links in the sitemap, the feeds "
                    "and shared posts will lead nowhere"
                )
                % {"url": config.base_url},
                _(
                    "write the address the site will really have (ask whoever hosts the site), "
                    "e.g. 'base_url: https://<your domain>/pilar-teladan/'"
                ),
                "base_url",
            )
        )
    return tuple(found)
