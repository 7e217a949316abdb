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

# A Markdown instance is stateful (reset between documents) and not safe to share across threads.
_local = threading.local()


def _renderer() -> markdown.Markdown:
    md: markdown.Markdown | None = getattr(_local, "md", None)
    if md is None:
        md = markdown.Markdown(extensions=list(EXTENSIONS), output_format="html")
        _local.md = md
    return md


def render_markdown(text: str) -> str:
    """Markdown → sanitised HTML fragment. Pure: same text, same HTML."""
    if not text.strip():
        return ""
    md = _renderer()
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
