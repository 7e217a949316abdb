"""The default theme's catalogs: every word of its templates has its Indonesian, with the same
placeholders, the English catalog lists them all, and the compiled .mo files are those of the
.po files (README, "Themes": the commands after a new theme string)."""

from __future__ import annotations

import io
import re
from pathlib import Path

import pytest
from babel.messages.catalog import Catalog, Message
from babel.messages.extract import extract_from_dir
from babel.messages.frontend import parse_mapping_cfg
from babel.messages.mofile import read_mo, write_mo
from babel.messages.pofile import read_po

from tests.catalogs import entries, placeholders, translated
from tests.conftest import REPO

THEME = REPO / "themes" / "default"
Key = tuple[str | None, str | tuple[str, str]]  # (context, id)


def _key(message: Message) -> Key:
    ids = message.id if isinstance(message.id, str) else tuple(message.id[:2])
    return (message.context, ids)  # type: ignore[return-value]


def _extracted() -> dict[Key, str]:
    """What `pybabel extract -F themes/default/babel.cfg` finds: key → the first file."""
    with (THEME / "babel.cfg").open(encoding="utf-8") as f:
        method_map, options_map = parse_mapping_cfg(f)
    found: dict[Key, str] = {}
    for filename, _line, message, _comments, context in extract_from_dir(
        str(THEME), method_map, options_map
    ):
        ids = message if isinstance(message, str) else tuple(message[:2])
        found.setdefault((context, ids), filename)  # type: ignore[arg-type]
    return found


def _po(language: str) -> Path:
    return THEME / "locale" / language / "LC_MESSAGES" / "theme.po"


def _catalog(language: str) -> Catalog:
    with _po(language).open("rb") as f:
        return read_po(f, locale=language)


def _words_and_holes(text: str) -> list[str]:
    """printf placeholders, and {n}-style ones the page's script fills (search results)."""
    return placeholders(text) + sorted(re.findall(r"\{\w+\}", text))


def test_every_word_of_the_templates_has_its_indonesian() -> None:
    found = _extracted()
    assert len(found) > 80  # (the extraction works: the templates' words)
    indonesian = {_key(m): m for m in entries(_catalog("id"))}
    missing = sorted(
        f"{where}: {key[1]!r}"
        for key, where in found.items()
        if key not in indonesian or not translated(indonesian[key])
    )
    assert not missing, (
        "theme strings without an Indonesian translation (README, 'Themes': extract, update, "
        "translate in themes/default/locale/id/LC_MESSAGES/theme.po, compile):\n"
        + "\n".join(missing)
    )


def test_the_english_catalog_lists_every_word_too() -> None:
    english = {_key(m) for m in entries(_catalog("en"))}
    assert not sorted(set(_extracted()) - english, key=str)


@pytest.mark.parametrize("language", ["id", "en"])
def test_a_translation_has_the_placeholders_of_its_message(language: str) -> None:
    wrong = []
    for message in entries(_catalog(language)):
        ids = (message.id,) if isinstance(message.id, str) else message.id
        strings = message.string if isinstance(message.string, tuple) else (message.string,)
        expected = _words_and_holes(ids[-1])
        if len(ids) > 1 and _words_and_holes(ids[0]) != expected:
            wrong.append(f"singular and plural differ: {ids[0]!r}")
        for text in strings:
            if text and _words_and_holes(text) != expected:
                wrong.append(f"{ids[0]!r}\n  → {text!r}")
    assert not wrong, "\n".join(wrong)


def _translations(mo: io.BufferedIOBase | io.BytesIO) -> dict[Key, object]:
    return {_key(m): m.string for m in entries(read_mo(mo))}


@pytest.mark.parametrize("language", ["id", "en"])
def test_the_compiled_catalogs_are_those_of_the_po_files(language: str) -> None:
    mo = _po(language).with_suffix(".mo")
    made = io.BytesIO()
    write_mo(made, _catalog(language))
    made.seek(0)
    with mo.open("rb") as f:
        assert _translations(f) == _translations(made), (
            f"{mo} is not the compiled {mo.with_suffix('.po').name}: run "
            "pybabel compile -d themes/default/locale -D theme"
        )


def test_the_placeholder_check_sees_a_lost_script_placeholder() -> None:
    assert _words_and_holes("{n} results") == _words_and_holes("{n} hasil")
    assert _words_and_holes("{n} results") != _words_and_holes("hasil")
