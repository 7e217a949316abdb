"""What a translation's form says about it: which language it is in, the original it
translates (with a link to that file's form) and its page in the edition of that language, so
staff know what they edit; and the preview address of any file's page, a translation's under
its edition's folder (/en/)."""

from __future__ import annotations

import contextlib
from html import escape
from pathlib import Path, PurePosixPath
from urllib.parse import quote

from . import frontmatter, urls
from .config import load_config
from .editions import language_name, stem_of
from .editvalues import shown_values, specs
from .i18n import _, language
from .load import CONTENT_SUFFIXES, load_record
from .translations import translation_of


def page_link(kind: str, rel: str) -> str:
    """The preview address of the page of the file at `rel` (a translation's: in its edition)."""
    found = translation_of(rel)
    slug = PurePosixPath(found[0] if found else rel).stem
    prefix = f"/{found[1]}" if found else ""
    if kind in ("selection", "page"):  # (a selection is shown on its year's page)
        return f"{prefix}/" + (urls.year(int(slug)) if slug.isdigit() else urls.page(slug))
    return f"{prefix}/" + (urls.pillar(slug) if kind == "pillar" else urls.news(slug)).lstrip("/")


START = "_terjemahkan/"  # POST /_edit/_terjemahkan/<language>/<original>: a new translation


def start(content_dir: Path, path: str) -> tuple[str, str]:
    """Make the empty translation a POST to START asks for (never replacing one): ('', the
    address of its form), or (status, why not) when the address names no original or no
    further language of the site."""
    lang, _slash, original = path.removeprefix(START).partition("/")
    config = load_config(content_dir)[0]
    file = content_dir / original
    parts = PurePosixPath(original).parts
    if (
        config is None
        or lang not in config.languages[1:]
        or ".." in parts
        or len(parts) < 2
        or translation_of(original)
        or file.suffix.lower() not in CONTENT_SUFFIXES
        or not file.is_file()
    ):
        return "404 Not Found", _("There is no profile or press release at this address.")
    rel = f"{stem_of(original)}.{lang}.md"
    with contextlib.suppress(FileExistsError):  # (started already: its form opens)
        frontmatter.create(content_dir / rel, b"---\n---\n")
    return "", "/_edit/" + quote(rel)


def _start_buttons(content_dir: Path, rel: str, token: str) -> str:
    """An original's buttons to start each translation the site may have and it has not."""
    config = load_config(content_dir)[0]
    found = []
    for lang in config.languages[1:] if config else ():
        if any((content_dir / f"{stem_of(rel)}.{lang}{s}").is_file() for s in CONTENT_SUFFIXES):
            continue
        action = escape(f"/_edit/{START}{lang}/{quote(rel)}", quote=True)
        said = _("Start the %(language)s translation") % {
            "language": language_name(lang, language())
        }
        found.append(
            f'<form method="post" action="{action}"><input type="hidden" name="token" '
            f'value="{escape(token, quote=True)}"><button type="submit">{escape(said)}</button>'
            "</form>"
        )
    return "".join(found)


def note(content_dir: Path, rel: str, kind: str, token: str = "") -> tuple[str, str]:
    """(above the form, below it): a translation's paragraph; an original's buttons to start
    one (below: forms of their own, after the form whose fields a save sends)."""
    found = translation_of(rel)
    if found is None:
        return "", _start_buttons(content_dir, rel, token)
    stem, lang = found
    originals = [f"{stem}{s}" for s in CONTENT_SUFFIXES if (content_dir / f"{stem}{s}").is_file()]
    said = {"language": language_name(lang, language()), "original": f"{stem}.md"}
    if originals:
        raw = load_record(content_dir / originals[0], originals[0], kind)[0]
        entry = raw.fields.get("name" if kind == "pillar" else "title") if raw else None
        said["original"] = str(entry.value) if entry and entry.value else originals[0]
    text = _(
        "This is the %(language)s translation of %(original)s. It holds only the translated "
        "words; the name, the year, the photo and the rest come from the original."
    )
    links = [(page_link(kind, rel), _("See the %(language)s page in the preview") % said)]
    if originals:
        links.insert(0, ("/_edit/" + quote(originals[0]), _("Open the original's form")))
    shown = " · ".join(f'<a href="{escape(a, quote=True)}">{escape(t)}</a>' for a, t in links)
    words = _original_words(content_dir, originals[0], rel, kind) if originals else ""
    return f'<p class="translation">{escape(text % said)} {shown}</p>{words}', ""


def _original_words(content_dir: Path, original: str, rel: str, kind: str) -> str:
    """The original's text of each field the translation may hold, folded away, to translate
    from without switching tabs."""
    file = content_dir / original
    values = shown_values(file.read_bytes(), file.suffix, original, kind)
    items = [
        f'<dt>{escape(_(s.label))}</dt><dd style="white-space:pre-wrap">{escape(text)}</dd>'
        for s in specs(kind, rel)
        if (text := values.get(s.name, "").strip())
    ]
    if not items:
        return ""
    title = escape(_("The original's words"))
    return f"<details><summary>{title}</summary><dl>{''.join(items)}</dl></details>"
