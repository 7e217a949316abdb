"""SiteConfig + theme folders → Theme: a Jinja environment per language and hashed static assets.

A theme chain is an ordered list of folders (the site's chosen theme, then the built-in
default), so a theme overrides only the templates, strings and files it needs; an override can
still extend the original as "default/<name>". Its words come from gettext catalogs (themelang).
"""

from __future__ import annotations

import contextlib
import datetime
import gettext
import hashlib
import json
from collections.abc import Callable, Mapping, Sequence
from dataclasses import dataclass
from pathlib import Path, PurePosixPath
from types import MappingProxyType
from typing import Any

import jinja2
from markupsafe import Markup

from . import __version__, themelang, urls
from .config import SiteConfig
from .editions import counterparts, is_page, language_name, local_path
from .fragments import FragmentCache
from .i18n import _
from .model import Pillar, RenderedFile, content_hash
from .problems import Problem, error
from .qr import qr_codes
from .shipped import builtin_themes


@dataclass(frozen=True, slots=True)
class Asset:
    source: str  # path inside static/, e.g. "css/site.css"
    output_path: str  # "static/css/site.3f9a1c2b7d.css"
    data: bytes


@dataclass(frozen=True, slots=True)
class Theme:
    name: str
    dirs: tuple[Path, ...]  # theme folders, highest precedence first
    envs: Mapping[str, jinja2.Environment]  # one per language of the site, the main one first
    assets: tuple[Asset, ...]

    @property
    def languages(self) -> tuple[str, ...]:
        return tuple(self.envs)

    @property
    def env(self) -> jinja2.Environment:
        """The main language's environment."""
        return next(iter(self.envs.values()))

    def env_for(self, lang: str | None) -> jinja2.Environment:
        """The environment of a page in `lang` (None: the site's main language)."""
        if lang is None:
            return self.env
        if lang not in self.envs:
            raise KeyError(f"the theme was not loaded for language '{lang}'")
        return self.envs[lang]

    def assets_as_files(self) -> tuple[RenderedFile, ...]:
        return tuple(RenderedFile(a.output_path, a.data) for a in self.assets)

    def digest(self) -> str:
        """Changes whenever a template, catalog or asset of the chain changes."""
        h = hashlib.blake2b(__version__.encode(), digest_size=16)
        for folder in self.dirs:
            for path in sorted(folder.rglob("*")):
                if path.is_file():
                    h.update(path.relative_to(folder).as_posix().encode())
                    h.update(path.read_bytes())
        return h.hexdigest()


def _hashed_name(source: str, data: bytes) -> str:
    digest = content_hash(data)
    path = PurePosixPath(source)
    return urls.static(str(path.with_name(f"{path.stem}.{digest}{path.suffix}")))


def _collect_assets(dirs: tuple[Path, ...]) -> tuple[Asset, ...]:
    chosen: dict[str, Path] = {}
    for folder in reversed(dirs):  # later (higher-precedence) folders overwrite earlier ones
        static = folder / "static"
        if static.is_dir():
            for path in static.rglob("*"):
                if path.is_file() and not path.name.startswith("."):
                    chosen[path.relative_to(static).as_posix()] = path
    assets = []
    for source in sorted(chosen):
        data = chosen[source].read_bytes()
        assets.append(Asset(source, _hashed_name(source, data), data))
    return tuple(assets)


def initials(name: str) -> str:
    words = [w for w in name.replace("&", " ").split() if w[:1].isalpha()]
    return "".join(w[0].upper() for w in words[:2]) or "?"


def atom_date(value: datetime.date) -> str:
    """A date as RFC 3339 at midnight in Jakarta (WIB), as feeds require a time and zone."""
    return f"{value.isoformat()}T00:00:00+07:00"


def _plain(value: Any) -> Any:
    """Translated text comes as Markup (escaped for HTML): JSON wants the text it shows."""
    if isinstance(value, Markup):
        return value.unescape()
    if isinstance(value, dict):
        return {k: _plain(v) for k, v in value.items()}
    return value


def jsonld(data: dict[str, Any]) -> Markup:
    """A dict → JSON safe inside <script>: no "</script>" or "<!--" can come out of any value."""
    cleaned = {k: _plain(v) for k, v in data.items() if v not in (None, "", [], {})}
    text = json.dumps(cleaned, ensure_ascii=False, sort_keys=True, separators=(",", ":"))
    text = text.replace("<", "\\u003c").replace(">", "\\u003e").replace("&", "\\u0026")
    return Markup(text)


# Names that start like these belong to groups, not persons (schema.org Organization).
_ORGANISATION_WORDS = ("karang taruna", "lks", "lksa", "lembaga", "yayasan", "panti", "kelompok")


def schema_type(pillar: Pillar) -> str:
    """schema.org type of a winner: Organization for Karang Taruna, LKS and the like."""
    return "Organization" if pillar.name.lower().startswith(_ORGANISATION_WORDS) else "Person"


def check_theme_exists(config: SiteConfig, site_root: Path) -> tuple[Problem, ...]:
    """The theme named in site.yaml must be a folder in <site>/themes/ (or the default)."""
    chosen = site_root / "themes" / config.theme
    if config.theme == "default" or chosen.is_dir():
        return ()
    return (
        error(
            "site.yaml",
            None,
            _("theme '%(theme)s' not found: there is no folder %(folder)s")
            % {"theme": config.theme, "folder": chosen},
            _("create the folder, or write 'theme: default'"),
        ),
    )


class _TemplateCache(jinja2.FileSystemBytecodeCache):
    """Compiled templates kept between builds (compiling the default theme takes longer than
    rendering a small edit). Entries are keyed by each template's source, in a folder per
    Jinja version; a cache that cannot be read or written only makes the next build slower."""

    def load_bytecode(self, bucket: jinja2.bccache.Bucket) -> None:
        try:
            super().load_bytecode(bucket)
        except Exception:  # a damaged file: compile the template again
            bucket.reset()

    def dump_bytecode(self, bucket: jinja2.bccache.Bucket) -> None:
        with contextlib.suppress(OSError):
            Path(self.directory).mkdir(parents=True, exist_ok=True)
            super().dump_bytecode(bucket)


def site_languages(config: SiteConfig) -> tuple[str, ...]:
    """The languages the site's pages are in, the main one first."""
    return config.languages


def load_theme(
    config: SiteConfig,
    site_root: Path,
    compiled: Path | None = None,
    languages: tuple[str, ...] | None = None,
) -> tuple[Theme | None, tuple[Problem, ...]]:
    """The theme named in site.yaml (looked up in <site>/themes/), falling back to the default,
    ready to render pages in each of `languages` (default: the site's, `site_languages`).
    `compiled`: a folder to keep compiled templates in between builds; it must be specific to
    this version of teladan (the compiled code depends on the environment's options)."""
    builtin = builtin_themes() / "default"
    chosen = site_root / "themes" / config.theme
    missing = check_theme_exists(config, site_root)
    if missing:
        return None, missing
    dirs = tuple(dict.fromkeys(d.resolve() for d in (chosen, builtin) if d.is_dir()))
    assets = _collect_assets(dirs)
    asset_paths = {a.source: a.output_path for a in assets}
    problems: list[Problem] = []
    envs: dict[str, jinja2.Environment] = {}
    # Each language's `_`, for a page that speaks to readers of every edition (the 404 page,
    # served for any address); `N_` marks its words for the catalog.
    words_in: dict[str, Callable[..., Markup]] = {}
    for lang in languages or site_languages(config):
        catalog, words, found = themelang.load_catalog(dirs, lang)
        problems += found
        env = _environment(dirs, builtin, compiled)
        _install(env, config, asset_paths, catalog)
        words_in[lang] = themelang.template_gettext(catalog)["_"]
        # `lang` is the page's (<html lang>); dates and numbers follow the words' language.
        env.globals.update(lang=lang, og_locale=themelang.og_locale(words))
        env.globals.update(words_in=words_in, N_=lambda message: message)
        env.filters.update(themelang.page_filters(words))
        envs[lang] = env
    return Theme(config.theme, dirs, MappingProxyType(envs), assets), tuple(problems)


def _environment(
    dirs: tuple[Path, ...], builtin: Path, compiled: Path | None
) -> jinja2.Environment:
    return jinja2.Environment(
        loader=jinja2.ChoiceLoader(
            [
                jinja2.FileSystemLoader([str(d / "templates") for d in dirs]),
                jinja2.PrefixLoader(
                    {"default": jinja2.FileSystemLoader(str(builtin / "templates"))}
                ),
            ]
        ),
        autoescape=True,
        undefined=jinja2.StrictUndefined,  # a typo in a template fails the build, not the page
        trim_blocks=True,
        lstrip_blocks=True,
        keep_trailing_newline=True,
        auto_reload=False,  # templates do not change in the middle of a build
        extensions=[FragmentCache, "jinja2.ext.i18n"],
        # (The compiled code is the same in every language: the words are looked up at render.)
        bytecode_cache=_TemplateCache(str(compiled / f"jinja-{jinja2.__version__}"), "%s.jinja")
        if compiled
        else None,
    )


@jinja2.pass_context
def _qr_codes(ctx: jinja2.runtime.Context, addresses: Sequence[str]) -> dict[str, Markup]:
    """The QR code of each address as inline SVG (qr.py), kept in the cache under this page's
    address (a preview's, at its own address, apart from the built site's)."""
    page = urls.absolute_url(ctx["site"].base_url, ctx["page_path"])
    return {a: Markup(svg) for a, svg in qr_codes(page, addresses).items()}


def _install(
    env: jinja2.Environment,
    config: SiteConfig,
    asset_paths: Mapping[str, str],
    catalog: gettext.NullTranslations,
) -> None:
    """The site-wide names and filters every template sees, and `_`/`ngettext` in one language
    (newstyle: a translation's %(name)s placeholders filled and escaped by gettext itself)."""

    @jinja2.pass_context
    def link(ctx: jinja2.runtime.Context, path: str) -> str:
        lang = ctx.get("lang")
        if lang and lang != config.language and is_page(path):
            path = f"{lang}/{path}"  # a page of a further edition links to its own pages
        base = ctx.get("link_base")
        # The 404 page is served at any depth: links start from the site's own path.
        if base and not urls.is_web_address(path):
            return str(base) + path
        return urls.relative_url(ctx["page_path"], path)

    @jinja2.pass_context
    def asset(ctx: jinja2.runtime.Context, source: str) -> str:
        if source not in asset_paths:
            raise jinja2.TemplateRuntimeError(
                _("no static file '%(file)s' in the theme") % {"file": source}
            )
        return str(link(ctx, asset_paths[source]))

    @jinja2.pass_context
    def alternates(ctx: jinja2.runtime.Context) -> tuple[tuple[str, str, str], ...]:
        """(language, relative link, absolute URL) of this page in every edition."""
        return tuple(
            (code, urls.relative_url(ctx["page_path"], path), absolute(path))
            for code, path in counterparts(ctx["page_path"], config)
        )

    @jinja2.pass_context
    def root(ctx: jinja2.runtime.Context) -> str:
        """The site's root from this page, whatever its edition (where the search index is)."""
        return urls.relative_url(ctx["page_path"], "")

    def absolute(path: str) -> str:
        return urls.absolute_url(config.base_url, path)

    @jinja2.pass_context
    def absolute_here(ctx: jinja2.runtime.Context, path: str) -> str:
        """`absolute` for templates: a page of a further edition names its own edition's pages
        (its feed's entries), as `link` does; a path already in an edition stays as it is."""
        lang = ctx.get("lang")
        if lang and lang != config.language and is_page(path) and local_path(path, config) == path:
            path = f"{lang}/{path}"
        return absolute(path)

    # (Installed for {% trans %}, which asks for newstyle; the callables are then replaced by
    # faster ones that behave the same.)
    env.install_gettext_translations(catalog, newstyle=True)  # type: ignore[attr-defined]
    env.globals.update(themelang.template_gettext(catalog))
    env.globals.update(
        site=config,
        urls=urls,
        link=link,
        asset=asset,
        absolute=absolute_here,
        alternates=alternates,
        counterparts=lambda path: counterparts(path, config),
        language_name=language_name,
        local_path=lambda path: local_path(path, config),
        og_locale_of=themelang.og_locale,
        root=root,
        generator_version=__version__,
        qr_codes=_qr_codes,
    )
    env.filters.update(
        initials=initials,
        atom_date=atom_date,
        jsonld=jsonld,
        schema_type=schema_type,
    )
