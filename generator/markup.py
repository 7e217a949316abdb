"""Markdown text → safe HTML, through the one configured Python-Markdown renderer."""

from __future__ import annotations

import html
import re
import threading

import markdown
import nh3

# A small, deliberate set: tables for figures, sane_lists so a numbered list after a bulleted one
# stays separate (as writers expect). (smarty was dropped: it doubled the conversion time.)
EXTENSIONS = ("tables", "sane_lists")

# Markdown writers may use the raw HTML they know (<abbr>, <sup>, <figure>…); nh3 keeps that
# and removes <script>, on* attributes and javascript: URLs. nh3 is the maintained Rust-backed
# successor of bleach (which is deprecated), and fast enough to run on every story.

# Most of Python-Markdown's time goes into trying each of its inline patterns on each piece of
# text. A pattern cannot match a story that lacks the characters its expression requires (a link
# needs "[", emphasis "*" or "_"), so each story is converted by a renderer without the patterns
# it cannot use: the same HTML (a test checks it against the full renderer) in about 60 % of the
# time. Patterns not named here (from extensions or a newer Python-Markdown) are always kept.
_NEEDS: dict[str, tuple[str, ...]] = {
    "backtick": ("`",),
    "escape": ("\\",),
    "reference": ("[",),
    "link": ("[",),
    "image_link": ("[",),
    "image_reference": ("[",),
    "short_reference": ("[",),
    "short_image_ref": ("[",),
    "autolink": ("<",),
    "automail": ("<",),
    "html": ("<",),
    "entity": ("&",),
    "em_strong": ("*", "_"),
    # "  \n" after Python-Markdown's own clean-up (tabs become spaces, \r\n becomes \n).
    "linebreak": (" \n", " \r", "\t"),
}

# Markdown instances are stateful (reset between documents) and not safe to share across
# threads: each thread keeps one per set of unused patterns (in practice a handful).
_local = threading.local()


def _unused_patterns(text: str) -> frozenset[str]:
    return frozenset(name for name, needs in _NEEDS.items() if not any(n in text for n in needs))


def _renderer(unused: frozenset[str] = frozenset()) -> markdown.Markdown:
    renderers: dict[frozenset[str], markdown.Markdown] = _local.__dict__.setdefault("md", {})
    md = renderers.get(unused)
    if md is None:
        md = markdown.Markdown(extensions=list(EXTENSIONS), output_format="html")
        for name in unused:
            if name in md.inlinePatterns:
                md.inlinePatterns.deregister(name)
        renderers[unused] = md
    return md


def render_markdown(text: str, *, all_patterns: bool = False) -> str:
    """Markdown → sanitised HTML fragment. Pure: same text, same HTML.
    `all_patterns` uses the unpruned renderer (for the test that compares the two)."""
    if not text.strip():
        return ""
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
