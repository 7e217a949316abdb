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
    `cd …`) nor a line of a content file (`field: value`; but the tool's `peringatan: …` and
    a problem of a field, `pillars: 'x.md' bukan profil`, are messages)."""
    blocks = re.findall(r"^ *```[^\n]*\n(.*?)^ *```", markdown, re.M | re.S)
    outside = re.sub(r"^ *```[^\n]*\n.*?^ *```", "", markdown, flags=re.M | re.S)
    # (an inline quote may go on over a line break: one space)
    quotes = [" ".join(q.split()) for q in re.findall(r"`([^`]+)`", outside)] + [
        line for block in blocks for line in block.splitlines()
    ]
    return [
        q.strip()
        for q in quotes
        if len(q.split()) >= 2
        and not re.match(r"(teladan|py|python3?|pip|cd)\s", q.strip())
        and not re.match(r"(?!teladan:|peringatan:)[a-z_]+: (?!'[^']*' )", q.strip())
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


# ----------------------------------------------------- PANDUAN.md quotes the tool's Indonesian

# A word of a sentence: lowercase letters, not part of a file name, a code or an address.
_WORD = re.compile(r"(?<![\w/.:-])[a-z]{2,}(?![\w/.-])")
_SKIPPED = "…"  # in a quote: the guide leaves out some text of the message here
Atoms = tuple[str | None, ...]  # a message's characters, None for a placeholder


def _value(text: str) -> bool:
    """A name, a number, a code, a file, a cell: not a sentence of two words or more."""
    return len(_WORD.findall(text)) < 2


def _atoms(line: str) -> Atoms:
    atoms: list[str | None] = []
    at = 0
    for conversion in CONVERSION.finditer(line):
        atoms.extend(line[at : conversion.start()])
        atoms.append("%" if conversion.group(2) == "%" else None)
        at = conversion.end()
    atoms.extend(line[at:])
    return tuple(atoms)


def indonesian_lines(found: Iterable[Catalog]) -> list[Atoms]:
    """Every line of the catalogs' translations, as patterns: a placeholder holds any text."""
    lines: set[str] = set()
    for each in found:
        for message in entries(each):
            strings = message.string if isinstance(message.string, tuple) else (message.string,)
            for text in strings:
                if isinstance(text, str):
                    lines.update(line for line in text.split("\n") if line.strip())
    return sorted({_atoms(line) for line in lines}, key=str)


class _Speaker:
    """Tells whether a text is one of the messages, with its placeholders filled in."""

    def __init__(self, messages: list[Atoms]) -> None:
        self.messages = messages
        self.known: dict[tuple[str, int], bool] = {}

    def says(self, text: str, depth: int = 0) -> bool:
        if (text, depth) not in self.known:
            self.known[text, depth] = depth < 4 and any(
                self._match(text, message, 0, 0, depth) for message in self._likely(text)
            )
        return self.known[text, depth]

    def says_at(self, quote: str) -> bool:
        """The quote is a message, or a location then a message: the tool writes a problem as
        "berkas.md:4: …", "pemenang.xlsx, baris 5: …" (a value or a message, then ': ')."""
        heads = [quote[:at] for at in range(len(quote)) if quote.startswith(": ", at)]
        return self.says(quote) or any(
            (_value(head) or self.says(head)) and self.says(quote[len(head) + 2 :])
            for head in heads
        )

    def _likely(self, text: str) -> Iterator[Atoms]:
        # (only the messages whose words the text holds, or it takes minutes)
        for message in self.messages:
            words = "".join(a or " " for a in message).replace(_SKIPPED, " ").split()
            if any(word in text for word in words if len(word) > 3) or not words:
                yield message

    def _match(self, text: str, message: Atoms, i: int, j: int, depth: int) -> bool:
        if i == len(text):
            return j == len(message)
        if text[i] == _SKIPPED:  # the guide leaves out any part of the message here
            return any(
                self._match(text, message, i + 1, k, depth) for k in range(j, len(message) + 1)
            )
        if j == len(message):
            return False
        if message[j] is not None:
            return message[j] == text[i] and self._match(text, message, i + 1, j + 1, depth)
        follows = message[j + 1] if j + 1 < len(message) else None
        # what a person wrote, quoted by the message ('%(line)s'), may be any text
        written = j > 0 and message[j - 1] == follows == "'"
        for k in range(i + 1, len(text) + 1):
            if k < len(text) and follows is not None and text[k] not in (follows, _SKIPPED):
                continue
            if k == len(text) and j + 1 < len(message):
                continue
            held = text[i:k]
            if (written or _value(held) or self.says(held, depth + 1)) and self._match(
                text, message, k, j + 1, depth
            ):
                return True
        return False


def unknown_quotes(markdown: str, found: Iterable[Catalog]) -> list[str]:
    """The guide's quotes of a sentence (two lowercase words or more) that are no Indonesian
    message of the catalogs. A quote is the whole message with its placeholders filled in (a
    summary line holds messages in its placeholders: "Konten sudah benar (2 peringatan) dalam
    0,18 detik"); `…` marks what the guide leaves out; a problem's quote may start with its
    location ("berkas.md:4: ") or leave it out. A placeholder holds a value (a name, a number, a file), a
    message, or, between single quotes, what a person wrote ('%(line)s' bukan baris …). Not
    checked: the content files the guide shows (```yaml blocks)."""
    shown = re.sub(r"^ *```yaml\n.*?^ *```", "", markdown, flags=re.M | re.S)
    speaker = _Speaker(indonesian_lines(found))
    return [
        quote
        for quote in quoted_messages(shown)
        if not _value(quote) and not speaker.says_at(quote)
    ]


def compiled_mo(translations: dict[str, str], language: str = "id") -> bytes:
    """A .mo file translating each English message as given (what `pybabel compile` writes)."""
    made = Catalog(locale=language)
    for english, translation in translations.items():
        made.add(english, translation)
    data = io.BytesIO()
    write_mo(data, made)
    return data.getvalue()
