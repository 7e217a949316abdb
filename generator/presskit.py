"""SiteIndex + published photos → what each press kit holds: one zip per press release and per
selection year, with the text as plain text and Markdown, each photo it concerns in its largest
published size, and KREDIT.txt giving every file's credit and licence; and the zip itself,
written to a file one entry at a time. kitcache.py keeps the zips in the build cache.

Journalists download a kit and forward it; an unchanged kit must be the same bytes (and keep its
file and date in output/), so every entry has a fixed time, permissions and place in the zip.
"""

from __future__ import annotations

import hashlib
import re
import zipfile
from collections import defaultdict
from collections.abc import Iterator, Mapping, Sequence
from dataclasses import dataclass
from pathlib import PurePosixPath
from typing import BinaryIO

import jinja2

from . import urls
from .credits import Credit
from .images import Photo, news_photo_key
from .index import SiteIndex
from .markup import plain_text
from .model import Pillar, PressRelease, Selection

CREDITS = "KREDIT.txt"
# Every entry's time: zip's earliest (1980-01-01), as reproducible archives use.
FIXED_TIME = (1980, 1, 1, 0, 0, 0)
# The kit's words: the site's main language's, from the theme (partials/presskit-words.txt).
WORDS_TEMPLATE = "partials/presskit-words.txt"
Words = Mapping[str, str]


def kit_words(env: jinja2.Environment) -> Words:
    """The kits' words as the theme gives them in the language of `env` (the site's main one):
    name → word. A name a custom theme leaves out is left in English, never an error."""
    text = env.get_template(WORDS_TEMPLATE).render()
    found = dict(line.strip().split("=", 1) for line in text.splitlines() if "=" in line)
    return {name: found.get(name, english) for name, english in _ENGLISH.items()}


_ENGLISH = {
    "kit": "Press kit",
    "credit": "Credit",
    "license": "Licence",
    "none": "not given yet",
    "winners": "The winners",
    "participant": "Participant",
    "rank-1": "First place",
    "rank-2": "Second place",
    "rank-3": "Third place",
    "rank-harapan-1": "Honourable mention I",
    "rank-harapan-2": "Honourable mention II",
    "rank-harapan-3": "Honourable mention III",
}


@dataclass(frozen=True, slots=True)
class Entry:
    """One file of a kit: its name in the zip, its bytes (a photo's: those of the published file
    at `photo`, read only when the zip is written), and its credit and licence."""

    name: str
    data: bytes
    credit: Credit
    about: str = ""  # what the file holds (a photo's caption), for KREDIT.txt
    photo: str = ""  # a photo's path in the site, whose name holds a digest of its bytes


@dataclass(frozen=True, slots=True)
class Kit:
    """A kit to make: its path in the site, what it holds, and the folder its files sit in
    inside the zip (paket-media-<slug>), so two kits unzipped in one place do not overwrite
    each other's siaran-pers.txt."""

    path: str
    entries: tuple[Entry, ...]
    folder: str

    def key(self, code: str) -> str:
        """A digest of everything the zip is made of (`code`: the version of teladan): the same
        key, the same bytes. A photo counts by its path, which holds a digest of its bytes."""
        h = hashlib.blake2b(code.encode(), digest_size=16)
        h.update(self.folder.encode())
        for e in sorted(self.entries, key=lambda e: e.name):
            h.update(repr((e.name, e.credit, e.about, e.photo, len(e.data))).encode())
            h.update(e.data)
        return h.hexdigest()


def write_zip(out: BinaryIO, kit: Kit, files: Mapping[str, bytes]) -> None:
    """The kit as a zip, in name order, each entry with the same time and permissions: the same
    kit always gives the same bytes. Photos are stored (JPEG does not compress further)."""
    folder, entries = kit.folder, kit.entries
    with zipfile.ZipFile(out, "w") as archive:
        for entry in sorted(entries, key=lambda e: e.name):
            info = zipfile.ZipInfo(f"{folder}/{entry.name}", FIXED_TIME)
            info.create_system = 3  # Unix, so the permissions below are read
            info.external_attr = 0o100644 << 16  # a plain file, rw-r--r--
            text = not entry.name.endswith(".jpg")
            info.compress_type = zipfile.ZIP_DEFLATED if text else zipfile.ZIP_STORED
            data = files[entry.photo] if entry.photo else entry.data
            archive.writestr(info, data, compresslevel=9 if text else None)


def credits_text(title: str, address: str, entries: Sequence[Entry], w: Words) -> bytes:
    """KREDIT.txt: every file of the kit with its credit and licence."""
    lines = [f"{w['kit']}: {title}", address, ""]
    for entry in sorted(entries, key=lambda e: e.name):
        lines.append(entry.name)
        if entry.about:
            lines.append(f"  {entry.about}")
        lines.append(f"  {w['credit']}: {entry.credit.credit or w['none']}")
        lines.append(f"  {w['license']}: {entry.credit.license or w['none']}")
        lines.append("")
    return _crlf(lines)


def _crlf(lines: Sequence[str]) -> bytes:
    """Windows line ends: the staff and many newsrooms open these in Notepad."""
    text = "\n".join(lines).replace("\r\n", "\n").rstrip("\n")
    return text.replace("\n", "\r\n").encode("utf-8") + b"\r\n"


_BLOCK_END = re.compile(r"</(?:p|li|h[1-6]|blockquote|tr|pre)>", re.IGNORECASE)


def paragraphs(html: str) -> list[str]:
    """An HTML fragment → its paragraphs as plain text."""
    return [text for part in _BLOCK_END.split(html) if (text := plain_text(part))]


def _photo_entry(
    name: str, photo: Photo | None, files: Mapping[str, bytes], credit: Credit, about: str
) -> Iterator[Entry]:
    if photo is not None and photo.path in files:
        yield Entry(f"foto/{name}.jpg", b"", credit, about, photo.path)


def _pillar_photo(
    index: SiteIndex, p: Pillar, photos: Mapping[str, Photo], files: Mapping[str, bytes]
) -> Iterator[Entry]:
    credit = Credit.of(index.config, p.photo_credit, p.photo_license)
    yield from _photo_entry(p.slug, photos.get(p.slug), files, credit, p.photo_alt or p.name)


def _text_credit(index: SiteIndex, source: str = "") -> Credit:
    config = index.config
    return Credit(source or config.owner or config.title, config.data_license)


def release_kit(
    index: SiteIndex,
    release: PressRelease,
    photos: Mapping[str, Photo],
    files: Mapping[str, bytes],
    words: Words,
) -> Kit:
    """A press release's kit: its text, its own photos and those of the winners it names."""
    address = urls.absolute_url(index.config.base_url, urls.news(release.slug))
    meta = [release.date.isoformat(), release.location, release.source_name]
    head = [release.title, " · ".join(m for m in meta if m), address, ""]
    body = paragraphs(release.body_html)
    markdown = [f"# {release.title}", "", f"*{' · '.join(m for m in meta if m)}*", ""]
    if release.summary:
        head += [release.summary, ""]
        markdown += [f"**{release.summary}**", ""]
    markdown += [release.body_markdown.strip(), "", f"<{address}>"]
    credit = _text_credit(index, release.source_name)
    entries = [
        Entry("siaran-pers.txt", _crlf([*head, "\n\n".join(body)]), credit),
        Entry("siaran-pers.md", _crlf(markdown), credit),
    ]
    taken = {f"foto/{slug}.jpg" for slug in release.pillars}
    for number, own in enumerate(release.photos, 1):
        key = news_photo_key(release, number)
        own_credit = Credit.of(index.config, own.credit, own.license)
        # (its own file's name, as the newsroom knows it; numbered only if two would clash)
        name = PurePosixPath(own.file).stem
        name = name if f"foto/{name}.jpg" not in taken else f"{release.slug}-{number}"
        taken.add(f"foto/{name}.jpg")
        entries += _photo_entry(name, photos.get(key), files, own_credit, own.caption)
    for slug in release.pillars:
        if slug in index.pillar_by_slug:
            entries += _pillar_photo(index, index.pillar_by_slug[slug], photos, files)
    entries.append(Entry(CREDITS, credits_text(release.title, address, entries, words), credit))
    return Kit(urls.news_kit(release.slug), tuple(entries), f"paket-media-{release.slug}")


def _winner_lines(
    index: SiteIndex, pillars: Sequence[Pillar], words: Words
) -> tuple[list[str], list[str]]:
    """The winners by category, as plain text and as Markdown (in one pass: a year of a large
    site has thousands)."""
    text: list[str] = []
    markdown: list[str] = []
    by_category: dict[str, list[Pillar]] = defaultdict(list)
    for p in pillars:
        by_category[p.category].append(p)
    for category in index.categories:
        group = by_category.get(category.slug)
        if not group:
            continue
        text += [category.name.upper(), ""]
        markdown += [f"## {category.name}", ""]
        for p in group:
            rank = words[f"rank-{p.rank.value}"] if p.rank else words["participant"]
            place = index.province_by_slug[p.province].name
            address = urls.absolute_url(index.config.base_url, urls.pillar(p.slug))
            text.append(f"- {rank}: {p.name}, {place}")
            markdown.append(f"- {rank}: [{p.name}]({address}), {place}")
            if p.summary:
                text.append(f"  {p.summary}")
                markdown.append(f"  {p.summary}")
            text.append(f"  {address}")
        text.append("")
        markdown.append("")
    return text, markdown


def year_kit(
    index: SiteIndex,
    year: int,
    selection: Selection | None,
    photos: Mapping[str, Photo],
    files: Mapping[str, bytes],
    words: Words,
) -> Kit:
    """A selection year's kit: the selection's text, the winners, and every winner's photo."""
    title = selection.title if selection else f"{words['winners']} {year}"
    address = urls.absolute_url(index.config.base_url, urls.year(year))
    pillars = index.by_year.get(year, ())
    story = paragraphs(selection.body_html) if selection else []
    text_lines, markdown_lines = _winner_lines(index, pillars, words)
    text = [title, address, "", *(f"{p}\n" for p in story), *text_lines]
    markdown = [f"# {title}", "", *(f"{p}\n" for p in story), f"<{address}>", ""]
    markdown += markdown_lines
    credit = _text_credit(index)
    name = f"pemenang-{year}"
    entries = [
        Entry(f"{name}.txt", _crlf(text), credit),
        Entry(f"{name}.md", _crlf(markdown), credit),
    ]
    for p in pillars:
        entries += _pillar_photo(index, p, photos, files)
    entries.append(Entry(CREDITS, credits_text(title, address, entries, words), credit))
    return Kit(urls.year_kit(year), tuple(entries), f"paket-media-{year}")


def every_kit(
    index: SiteIndex, photos: Mapping[str, Photo], files: Mapping[str, bytes], words: Words
) -> Iterator[Kit]:
    """Every press kit of the site: one per press release, one per year with winners."""
    for release in index.news:
        yield release_kit(index, release, photos, files, words)
    for year in index.years:
        if index.by_year.get(year):
            selection = index.selection_by_year.get(year)
            yield year_kit(index, year, selection, photos, files, words)
