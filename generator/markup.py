"""Markdown text → safe HTML, through the one configured Python-Markdown renderer."""

from __future__ import annotations

import html
import re
import threading
from typing import Any

import markdown
import nh3
from markdown.extensions.sane_lists import SaneListExtension
from markdown.extensions.tables import TableExtension


def _extensions() -> list[markdown.Extension]:
    """A small, deliberate set: tables for figures, sane_lists so a numbered list after a
    bulleted one stays separate (as writers expect). (smarty was dropped: it doubled the
    conversion time.) Given as objects, not names: looking names up reads the entry points of
    every installed package, which took 50 ms of each build that converts a story."""
    return [TableExtension(), SaneListExtension()]


# Markdown writers may use the raw HTML they know (<abbr>, <sup>, <figure>…); nh3 keeps that
# and removes <script>, on* attributes and javascript: URLs. nh3 is the maintained Rust-backed
# successor of bleach (which is deprecated), and fast enough to run on every story.

# Most of Python-Markdown's time goes into trying each of its inline patterns on each piece of
# text, and each block processor on each paragraph. A pattern or block processor cannot match a
# story that lacks the characters its expression requires (a link needs "[", a table "|", a
# heading "#"), so each story is converted by a renderer without the ones it cannot use: the
# same HTML (a property test checks it against the full renderer) in about half the time.
# Blocks are cut from the story and stripped of markers and indentation, never given other
# characters (raw HTML aside, which needs "<"), so what a block can hold, the story holds.
# Anything not named here (from extensions or a newer Python-Markdown) is always kept.
# Each part needs one of: a substring, or an expression. Expressions start with a literal
# character, which lets `re` jump from one occurrence of it to the next: "[-_*]..." tried at
# every position took a quarter of a story's conversion time, these take 1 % of it.
_Needs = tuple[str | re.Pattern[str], ...]
_NEEDS: dict[tuple[str, str], _Needs] = {
    # inline patterns
    ("inline", "backtick"): ("`",),
    ("inline", "escape"): ("\\",),
    ("inline", "reference"): ("[",),
    ("inline", "link"): ("[",),
    ("inline", "image_link"): ("[",),
    ("inline", "image_reference"): ("[",),
    ("inline", "short_reference"): ("[",),
    ("inline", "short_image_ref"): ("[",),
    ("inline", "autolink"): ("<",),
    ("inline", "automail"): ("<",),
    ("inline", "html"): ("<",),
    ("inline", "entity"): ("&",),
    ("inline", "em_strong"): ("*", "_"),
    # "  \n" after Python-Markdown's own clean-up (tabs become spaces, \r\n becomes \n), or
    # after the raw HTML block parser took a block from a line that starts with spaces.
    ("inline", "linebreak"): (" \n", " \r", "\t", "<"),
    # block processors (a tab becomes four spaces of indentation)
    ("block", "indent"): ("    ", "\t"),
    ("block", "code"): ("    ", "\t"),
    ("block", "table"): ("|",),
    ("block", "quote"): (">",),
    ("block", "hashheader"): ("#",),
    ("block", "reference"): ("[",),
    # a number: a digit then "."; a rule: three -, _ or * with spaces between; an underline:
    # a line ending in = or -
    ("block", "olist"): (re.compile(r"\.(?<=\d\.)"),),
    ("block", "hr"): tuple(re.compile(c + r"[ \t]*[-_*][ \t]*[-_*]") for c in ("-", "_", r"\*")),
    ("block", "setextheader"): tuple(re.compile(c + r"[ \t]*(?:[\r\n]|$)") for c in "=-"),
    # preprocessors: the raw HTML block parser reads the whole story, and also completes
    # character references written without their ';' ("&#39" becomes "&#39;")
    ("pre", "html_block"): ("<", "&"),
}

# Markdown instances are stateful (reset between documents) and not safe to share across
# threads: each thread keeps one per set of unused parts (in practice a handful).
_local = threading.local()


def _can_match(text: str, needs: _Needs) -> bool:
    # Raw HTML (which needs "<") is cut out of the story before its blocks are parsed, and what
    # stood on its two sides then meets ("**<!-- -->*" is a rule): with it, only a character
    # the story lacks rules a part out, not a run of characters.
    joined = "<" in text
    for need in needs:
        if isinstance(need, str) and len(need) == 1:
            if need in text:
                return True
        elif joined or (need in text if isinstance(need, str) else need.search(text)):
            return True
    return False


def _unused_patterns(text: str) -> frozenset[tuple[str, str]]:
    return frozenset(part for part, needs in _NEEDS.items() if not _can_match(text, needs))


def _renderer(unused: frozenset[tuple[str, str]] = frozenset()) -> markdown.Markdown:
    renderers: dict[frozenset[tuple[str, str]], markdown.Markdown] = _local.__dict__.setdefault(
        "md", {}
    )
    md = renderers.get(unused)
    if md is None:
        md = markdown.Markdown(extensions=_extensions(), output_format="html")
        registries: dict[str, markdown.util.Registry[Any]] = {
            "inline": md.inlinePatterns,
            "block": md.parser.blockprocessors,
            "pre": md.preprocessors,
        }
        for kind, name in unused:
            if name in registries[kind]:
                registries[kind].deregister(name)
        renderers[unused] = md
    return md


def render_markdown(text: str, *, all_patterns: bool = False) -> str:
    """Markdown → sanitised HTML fragment. Pure: same text, same HTML.
    `all_patterns` uses the unpruned renderer (for the test that compares the two)."""
    if not text.strip():
        return ""
    # Python-Markdown deletes these two control characters before anything else (it uses them
    # as markers); deleting them first keeps them from standing between the characters the
    # table above looks for.
    text = text.replace("\x02", "").replace("\x03", "")
    md = _renderer(frozenset() if all_patterns else _unused_patterns(text))
    try:
        converted = md.convert(text)
    finally:
        md.reset()
    return nh3.clean(converted, link_rel="noopener noreferrer")


_TAG = re.compile(r"<[^>]+>")
_PARAGRAPH = re.compile(r"<p>(.*?)</p>", re.DOTALL)


def plain_text(fragment: str) -> str:
    """An HTML fragment → its text, whitespace collapsed."""
    return " ".join(html.unescape(_TAG.sub(" ", fragment)).split())


def excerpt(story_html: str, limit: int = 200) -> str:
    """The first paragraph of a story, cut at a word near `limit` characters (for summaries)."""
    match = _PARAGRAPH.search(story_html)
    text = plain_text(match.group(1) if match else story_html)
    if len(text) <= limit:
        return text
    cut = text[:limit].rsplit(" ", 1)[0].rstrip(",;:.")
    return cut + "…"
