"""The tool's message catalogs as the tests read them: the messages in the code (extracted with
Babel, as `pybabel extract` does, into memory), the .po files, placeholders, and the English
sentences that must not reach a person whose site is Indonesian (the CLI tests, PANDUAN.md)."""

from __future__ import annotations

import argparse
import io
import re
from collections.abc import Iterable, Iterator
from pathlib import Path
from typing import BinaryIO

from babel.messages.catalog import Catalog, Message
from babel.messages.extract import DEFAULT_KEYWORDS, extract_from_file
from babel.messages.frontend import parse_mapping_cfg
from babel.messages.mofile import read_mo, write_mo
from babel.messages.pofile import read_po
from babel.util import pathmatch

from generator.i18n import LOCALES

REPO = Path(__file__).parent.parent
# A printf conversion: named (%(file)s), positional (%s, %r, %d) or a literal percent (%%).
CONVERSION = re.compile(r"%(?:\((\w+)\))?[#0 +-]*\d*(?:\.\d+)?([diouxXeEfFgGcrsa%])")

MessageId = str | tuple[str, str]


def extracted() -> dict[MessageId, str]:
    """Every message in the code and the themes, as babel.cfg maps them (what `pybabel
    extract` would write into teladan.pot): id → the first file it is in."""
    with (REPO / "babel.cfg").open(encoding="utf-8") as f:
        method_map, options_map = parse_mapping_cfg(f)
    tops = {pattern.split("/", 1)[0] for pattern, _ in method_map}
    found: dict[MessageId, str] = {}
    for path in sorted(p for top in tops for p in (REPO / top).rglob("*") if p.is_file()):
        relative = path.relative_to(REPO).as_posix()
        method = next((m for pattern, m in method_map if pathmatch(pattern, relative)), None)
        if method is None or method == "ignore":
            continue
        options = next((o for pattern, o in options_map.items() if pathmatch(pattern, relative)))
        for _line, message, _comments, _context in extract_from_file(
            method, str(path), DEFAULT_KEYWORDS, options=options
        ):
            key = message if isinstance(message, str) else tuple(message[:2])
            found.setdefault(key, relative)  # type: ignore[arg-type]
    return found


def argparse_messages() -> set[MessageId]:
    """The messages of the argparse module this Python runs (its own gettext calls)."""
    found: set[MessageId] = set()
    for _line, message, _comments, _context in extract_from_file(
        "python", argparse.__file__, DEFAULT_KEYWORDS
    ):
        found.add(message if isinstance(message, str) else tuple(message[:2]))  # type: ignore[arg-type]
    return found


def po_path(language: str, domain: str = "teladan") -> Path:
    return LOCALES / language / "LC_MESSAGES" / f"{domain}.po"


def catalog(language: str, domain: str = "teladan") -> Catalog:
    with po_path(language, domain).open("rb") as f:
        return read_po(f, locale=language)


def entries(found: Catalog) -> Iterator[Message]:
    """The messages of a catalog, without its header."""
    return (m for m in found if m.id)


def message_id(message: Message) -> MessageId:
    return message.id if isinstance(message.id, str) else tuple(message.id[:2])


def translated(message: Message) -> bool:
    strings = message.string if isinstance(message.string, tuple) else (message.string,)
    return not message.fuzzy and all(strings)


def placeholders(text: str) -> list[str]:
    """The conversions of a message, named ones by name and in any order (a translation may
    reorder them), positional ones in order ("%s")."""
    named = sorted(f"{name}:{kind}" for name, kind in CONVERSION.findall(text) if name)
    return named + [f"{kind}" for name, kind in CONVERSION.findall(text) if not name]


def _translations(mo: BinaryIO) -> dict[MessageId, str | tuple[str, ...]]:
    return {
        message_id(m): m.string if isinstance(m.string, str) else tuple(m.string)
        for m in entries(read_mo(mo))
    }


def compiled(language: str, domain: str = "teladan") -> dict[MessageId, str | tuple[str, ...]]:
    """What the committed .mo translates."""
    with (LOCALES / language / "LC_MESSAGES" / f"{domain}.mo").open("rb") as f:
        return _translations(f)


def compiling(language: str, domain: str = "teladan") -> dict[MessageId, str | tuple[str, ...]]:
    """What the .mo `pybabel compile` makes of the .po now translates."""
    made = io.BytesIO()
    write_mo(made, catalog(language, domain))
    made.seek(0)
    return _translations(made)


# ------------------------------------------------------------------------------ English left in


def _literal_parts(msgid: str) -> list[str]:
    return [part.strip() for part in CONVERSION.split(msgid)[::3] if part]


def english_sentences(found: Iterable[Catalog]) -> set[str]:
    """The English pieces of the messages (between placeholders, of two words or more) that
    their Indonesian does not also hold: seen in a command's output, English got through."""
    pieces: set[str] = set()
    for each in found:
        for message in entries(each):
            ids = (message.id,) if isinstance(message.id, str) else message.id
            strings = message.string if isinstance(message.string, tuple) else (message.string,)
            translation = " ".join(s for s in strings if s)
            for msgid in ids:
                for line in msgid.split("\n"):
                    for part in _literal_parts(line):
                        words = re.findall(r"[A-Za-z]{2,}", part)
                        if len(words) >= 2 and part not in translation:
                            pieces.add(part)
    return pieces


def english_in(text: str, found: Iterable[Catalog]) -> list[str]:
    """The English pieces of the catalogs' messages that `text` holds."""
    return sorted(piece for piece in english_sentences(found) if piece in text)


# ---------------------------------------------------------------------------------- PANDUAN.md


def quoted_messages(markdown: str) -> list[str]:
    """What a guide quotes that may be a message: inline quotes (`…`) and the lines of its
    examples (``` blocks) of two words or more, but not a command to type (`teladan …`,
    `cd …`) nor a line of a content file (`field: value`)."""
    blocks = re.findall(r"^ *```[^\n]*\n(.*?)^ *```", markdown, re.M | re.S)
    outside = re.sub(r"^ *```[^\n]*\n.*?^ *```", "", markdown, flags=re.M | re.S)
    quotes = re.findall(r"`([^`\n]+)`", outside) + [
        line for block in blocks for line in block.splitlines()
    ]
    return [
        q.strip()
        for q in quotes
        if len(q.split()) >= 2
        and not re.match(r"(teladan|py|python3?|pip|cd)\s", q.strip())
        and not re.match(r"(?!teladan:)[a-z_]+: ", q.strip())
    ]


def english_quotes(markdown: str, found: Iterable[Catalog]) -> list[tuple[str, list[str]]]:
    """The guide's quotes of a tool message that are in English: (quote, the English pieces of
    the messages it holds); the guide should quote what an Indonesian site shows."""
    pieces = english_sentences(found)
    failing = []
    for quote in quoted_messages(markdown):
        # the quote holds a sentence of a message, or is a part of one ("this is a bug in …")
        short = quote.strip("… ")
        held = sorted(p for p in pieces if p in quote or (len(short.split()) >= 3 and short in p))
        if held:
            failing.append((quote, held))
    return failing
