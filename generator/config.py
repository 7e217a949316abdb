"""site.yaml → SiteConfig (frozen). `parse_config` is pure; `load_config` reads the file."""

from __future__ import annotations

import re
from collections.abc import Mapping
from dataclasses import dataclass
from pathlib import Path
from urllib.parse import urlsplit

from .fields import FieldReader
from .load import read_text
from .problems import Problem, error
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
)


@dataclass(frozen=True, slots=True)
class Link:
    label: str
    path: str  # site path such as "kategori/" for navigation; a full URL for social links


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

    @property
    def base_path(self) -> str:
        """The path part of base_url, e.g. "/pilar-teladan/" — where the site lives on its host."""
        return urlsplit(self.base_url).path or "/"


def normalise_base_url(value: str) -> str | None:
    """An absolute http(s) URL ending in "/", or None if the value is not one."""
    parts = urlsplit(value.strip())
    if parts.scheme not in ("http", "https") or not parts.netloc or parts.query or parts.fragment:
        return None
    path = parts.path if parts.path.endswith("/") else parts.path + "/"
    return f"{parts.scheme}://{parts.netloc}{path}"


def _links(reader: FieldReader, name: str, target: str) -> tuple[Link, ...]:
    entry = reader.entries.get(name)
    reader.seen.add(name)
    if entry is None or entry.value is None:
        return ()
    items = entry.value
    example = f"- label: Kategori\n  {target}: kategori/"
    if not isinstance(items, list):
        reader.error(name, f"'{name}' should be a list of links", f"write e.g.\n{example}")
        return ()
    links = []
    for item in items:
        if (
            not isinstance(item, dict)
            or not isinstance(item.get("label"), str)
            or not isinstance(item.get(target), str)
        ):
            reader.error(
                name,
                f"each item of '{name}' needs a 'label' and a '{target}'",
                f"write e.g.\n{example}",
            )
            continue
        links.append(Link(item["label"].strip(), item[target].strip().lstrip("/")))
    return tuple(links)


def parse_config(
    entries: Mapping[str, Entry], path: str = SITE_FILE
) -> tuple[SiteConfig, tuple[Problem, ...]]:
    """The fields of site.yaml → SiteConfig and its problems (pure)."""
    reader = FieldReader(path, entries)
    title = reader.text("title", required=True, hint="add e.g. 'title: Pilar-pilar Sosial Teladan'")
    raw_url = reader.text(
        "base_url",
        required=True,
        hint="add the address the site will have, e.g. "
        "'base_url: https://example.org/pilar-teladan/'",
    )
    base_url = normalise_base_url(raw_url) if raw_url else None
    if raw_url and base_url is None:
        reader.error(
            "base_url",
            f"base_url '{raw_url}' is not a full web address",
            "write it with http:// or https://, e.g. https://example.org/pilar-teladan/",
        )
    language = reader.text("language") or "id"
    if not re.fullmatch(r"[a-z]{2,3}(-[A-Za-z0-9]+)*", language):
        reader.error("language", f"'{language}' is not a language code", "write e.g. language: id")
        language = "id"
    theme = reader.text("theme") or "default"
    if not re.fullmatch(r"[A-Za-z0-9_-]+", theme):
        reader.error("theme", f"theme '{theme}' is not a folder name", "write e.g. theme: default")
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
    )
    reader.warn_unknown(_KNOWN)
    return config, tuple(reader.problems)


def load_config(content_dir: Path) -> tuple[SiteConfig | None, tuple[Problem, ...]]:
    """content/site.yaml → SiteConfig, or None when the file is missing or unreadable."""
    path = content_dir / SITE_FILE
    if not path.is_file():
        return None, (
            error(
                SITE_FILE,
                None,
                "site.yaml is missing",
                "create it with at least 'title:' and 'base_url:' (see README.md)",
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
