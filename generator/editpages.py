"""The editor's HTML: the list of files and the form of one file, in the tool's language, plain
forms that work without JavaScript, every value escaped, each error tied to its control
(aria-describedby). The words of its script (edit.js) come in the page, from the catalog."""

from __future__ import annotations

import json
from collections.abc import Iterable, Mapping, Sequence
from dataclasses import dataclass, field
from html import escape
from urllib.parse import quote

from . import editawards, editkept, editphoto
from .editdiff import STYLE as DIFF_STYLE
from .editdiff import differences
from .editsummary import LOADED_TITLE, TITLE, summary
from .i18n import N_, _, language, ngettext
from .schema import FieldSpec

STYLE = """
body { font: 1rem/1.6 system-ui, sans-serif; margin: 0 auto; padding: 1rem; max-width: 52rem;
       color: #1b1f24; background: #fff; }
h1 { overflow-wrap: anywhere; }
label { display: block; font-weight: 600; margin-top: 1rem; }
input[type=text], input[type=number], input[type=date], input[type=search], select, textarea {
  width: 100%; box-sizing: border-box; font: inherit; padding: 0.4rem; border: 1px solid #59636e; }
textarea { min-height: 6rem; }
.hint { color: #4f5863; margin: 0.2rem 0; }
.error { color: #a61e4d; font-weight: 600; margin: 0.2rem 0; }
.saved { background: #e6f4ea; padding: 0.5rem; }
.refused { background: #fdecef; padding: 0.5rem; }
pre { white-space: pre-wrap; background: #f4f6f8; padding: 0.5rem; overflow-wrap: anywhere; }
table { border-collapse: collapse; width: 100%; }
th, td { text-align: left; padding: 0.3rem; border-bottom: 1px solid #d0d7de; }
button { font: inherit; padding: 0.5rem 1rem; margin-top: 1rem; }
a { color: #0b5cad; }
/* a phone: each file's row as a small block, no sideways scrolling (the headers as labels) */
@media (max-width: 40rem) {
  table.files, .files tbody, .files tr, .files td { display: block; }
  .files thead { position: absolute; width: 1px; height: 1px; overflow: hidden;
                 clip: rect(0 0 0 0); }
  .files tr { border-bottom: 1px solid #d0d7de; padding: 0.4rem 0; }
  .files td { border: 0; padding: 0.1rem 0; }
  .files td[data-label]::before { content: attr(data-label) ": "; color: #4f5863; }
}
"""


def page(title: str, body: str) -> bytes:
    titled = _("%(title)s · Teladan editor") % {"title": title}
    return (
        f'<!doctype html>\n<html lang="{language()}">\n<head>\n<meta charset="utf-8">\n'
        '<meta name="viewport" content="width=device-width, initial-scale=1">\n'
        f"<title>{escape(titled)}</title>\n<style>{STYLE}{DIFF_STYLE}</style>\n"
        f"</head>\n<body>\n<main>\n{body}\n</main>\n</body>\n</html>\n"
    ).encode()


KIND_NAMES = {
    "pillar": N_("Profile"),
    "news": N_("Press release"),
    "selection": N_("Selection"),
    "page": N_("Page"),
}
# A file's state: its value in the filter's address, its name in the list and in the filter.
STATES = {
    "terbit": (N_("published"), N_("Published")),
    "draf": (N_("draft"), N_("Draft")),
    "terjadwal": (N_("scheduled"), N_("Scheduled")),
}
# A refused request's heading and title, by its status.
STATUS = {"400": N_("Invalid address"), "403": N_("Refused"), "404": N_("Not found"),
          "405": N_("Method not supported"), "413": N_("Form too large")}  # fmt: skip


def message_page(status: str, text: str) -> bytes:
    """The page of a refused request: its status said in words, then `text` (HTML)."""
    said = _(STATUS[status[:3]]) if status[:3] in STATUS else status
    return page(said, f"<h1>{escape(said)}</h1><p>{text}</p>")


@dataclass(frozen=True, slots=True)
class Row:
    """One file in the list."""

    rel: str
    kind: str  # "pillar" or "news"
    title: str
    year: str
    category: str
    province: str
    state: str  # "terbit", "draf" or "terjadwal" (STATES)
    place: str = ""  # regency, district (or a press release's location): the search finds it


def listing(
    rows: Sequence[Row],
    query: Mapping[str, str],
    total: int,
    choices: Mapping[str, Sequence[tuple[str, str]]],
) -> bytes:
    """GET /_edit/: every profile and press release, with a filter form (GET, no JavaScript);
    `choices`: the categories and provinces (slug, name) offered as the form offers them."""

    def box(name: str, label: str, kind: str = "search") -> str:
        value = escape(query.get(name, ""), quote=True)
        return (
            f'<label for="f-{name}">{label}</label>'
            f'<input type="{kind}" id="f-{name}" name="{name}" value="{value}">'
        )

    def pick(name: str, label: str, items: Sequence[tuple[str, str]]) -> str:
        chosen = query.get(name, "")
        options = "".join(
            f'<option value="{escape(v, quote=True)}"{" selected" if v == chosen else ""}>'
            f"{escape(t)}</option>"
            for v, t in [("", _("All")), *items]
        )
        select = f'<select id="f-{name}" name="{name}">{options}</select>'
        return f'<label for="f-{name}">{label}</label>{select}'

    states = [(value, _(shown)) for value, (_name, shown) in STATES.items()]
    names = {v: t for items in choices.values() for v, t in items}
    said = {
        "new": _("New profile"), "release": _("New press release"), "site": _("Site preview"),
        "trash": _("Trash"), "year": _("Year"), "filter": _("Filter"), "category": _("Category"),
        "province": _("Province"), "state": _("Status"), "title": _("Title"), "kind": _("Kind"),
    }  # fmt: skip
    said = {key: escape(text, quote=True) for key, text in said.items()}
    heading = escape(_("Content editor"))
    counted = ngettext("%(shown)s of %(total)s file.", "%(shown)s of %(total)s files.", total)
    body = [
        f"<h1>{heading}</h1>",
        f'<p><a href="/_edit/new/pilar/">{said["new"]}</a> · '
        f'<a href="/_edit/new/berita/">{said["release"]}</a> · '
        f'<a href="/">{said["site"]}</a> · <a href="/_edit/_sampah/">{said["trash"]}</a></p>',
        '<form method="get" action="/_edit/" role="search">',
        box("q", escape(_("Search (title, file name or place)"))),
        box("year", said["year"]),
        pick("category", said["category"], choices.get("category", ())),
        pick("province", said["province"], choices.get("province", ())),
        pick("state", said["state"], states),
        f"<button>{said['filter']}</button></form>",
        f"<p>{escape(counted % {'shown': len(rows), 'total': total})}</p>",
        f'<table class="files"><thead><tr><th scope="col">{said["title"]}</th>'
        f'<th scope="col">{said["kind"]}</th><th scope="col">{said["year"]}</th>'
        f'<th scope="col">{said["category"]}</th><th scope="col">{said["province"]}</th>'
        f'<th scope="col">{said["state"]}</th></tr></thead><tbody>',
    ]
    for row in rows:
        cells = {
            "kind": _(KIND_NAMES[row.kind]) if row.kind in KIND_NAMES else row.kind,
            "year": row.year,
            "category": _names(row.category, names),
            "province": _names(row.province, names),
            "state": _(STATES[row.state][0]) if row.state in STATES else row.state,
        }
        body.append(
            f'<tr><td><a href="/_edit/{quote(row.rel)}">{escape(row.title or row.rel)}</a></td>'
            + "".join(f'<td data-label="{said[k]}">{escape(v)}</td>' for k, v in cells.items())
            + "</tr>"
        )
    body.append("</tbody></table>")
    return page(_("Content editor"), "\n".join(body))


def _names(value: str, names: Mapping[str, str]) -> str:
    """A row's categories (provinces) by name: "Karang Taruna", or one per award."""
    return editawards.SEPARATOR.join(names.get(v, v) for v in editawards.parts(value))


@dataclass(slots=True)
class FormState:
    """What one form shows: the values as typed (text), errors by field, and messages."""

    action: str
    heading: str
    values: dict[str, str]
    digest: str = ""
    errors: dict[str, list[str]] = field(default_factory=dict)
    general: list[str] = field(default_factory=list)
    saved_link: str = ""
    note: str = ""  # HTML: a translation's language, original and page (edittranslation)
    below: str = ""  # HTML below the form: an original's buttons to start a translation
    versions: tuple[str, str] | None = None  # (the file now, the form's version) on a refusal
    changed: bool = False  # the file is no longer the one the form was loaded from
    loaded: bool = False  # the problems are the file's own as opened (no save was refused)
    unreadable: str = ""  # HTML in place of the form: the file cannot be read (editbroken)


def _choices(spec: FieldSpec, value: str, options: Sequence[tuple[str, str]], attrs: str) -> str:
    known = {v for v, _ in options}
    items = [] if "" in known else [("", _("— choose —"))]
    items += list(options)
    if value not in known and value:
        items.append((value, _("%(value)s (unknown)") % {"value": value}))
    html = "".join(
        f'<option value="{escape(v, quote=True)}"{" selected" if v == value else ""}>'
        f"{escape(t)}</option>"
        for v, t in items
    )
    return f'<select id="e-{spec.name}" name="{spec.name}"{attrs}>{html}</select>'


def _control(spec: FieldSpec, value: str, options: Sequence[tuple[str, str]], attrs: str) -> str:
    name, shown = spec.name, escape(value, quote=True)
    if spec.kind == "choice":
        return _choices(spec, value, options, attrs)
    if spec.kind == "bool":
        checked = " checked" if value else ""
        return f'<input type="checkbox" id="e-{name}" name="{name}" value="ya"{checked}{attrs}>'
    if spec.kind in ("longtext", "list"):
        rows = 16 if name in ("story", "body") else 4
        # (a newline right after <textarea> is dropped by the browser: one is added so a text
        # starting with an empty line keeps it)
        return f'<textarea id="e-{name}" name="{name}" rows="{rows}"{attrs}>\n{shown}</textarea>'
    kind = {"int": "text", "date": "date"}.get(spec.kind, "text")
    mode = ' inputmode="numeric"' if spec.kind == "int" else ""
    return f'<input type="{kind}" id="e-{name}" name="{name}" value="{shown}"{mode}{attrs}>'


def _field(spec: FieldSpec, state: FormState, options: Sequence[tuple[str, str]]) -> str:
    name = spec.name
    described = []
    parts = []
    if spec.hint:
        parts.append(f'<p class="hint" id="h-{name}">{escape(_(spec.hint))}</p>')
        described.append(f"h-{name}")
    for number, message in enumerate(state.errors.get(name, ())):
        parts.append(f'<p class="error" id="x-{name}-{number}">{escape(message)}</p>')
        described.append(f"x-{name}-{number}")
    attrs = f' aria-describedby="{" ".join(described)}"' if described else ""
    if name in state.errors:
        attrs += ' aria-invalid="true"'
    if spec.required:
        attrs += " required"
    shown = _("%(label)s (required)") if spec.required else "%(label)s"
    label = escape(shown % {"label": _(spec.label)})
    control = _control(spec, state.values.get(name, ""), options, attrs)
    if spec.kind == "bool":
        label = f'<label for="e-{name}" style="display:inline">{label}</label>'
        return f"<div>{control} {label}{''.join(parts)}</div>"
    if spec.kind == "list" and options:  # (a list of names: the names there are, to copy)
        items = "".join(f"<li><code>{escape(v)}</code> {escape(t)}</li>" for v, t in options)
        there = escape(_("The choices there are"))
        control += f'<details id="c-{name}"><summary>{there}</summary><ul>{items}</ul></details>'

    return f'<div><label for="e-{name}">{label}</label>{"".join(parts)}{control}</div>'


def _json(name: str, value: object) -> str:
    data = json.dumps(value, ensure_ascii=False).replace("<", "\\u003c")
    return f'<script type="application/json" id="{name}">{data}</script>'


def _photo_limits() -> str:
    """The photo checks the script makes when a file is chosen: the server's limit and words."""
    limits = {"max": editphoto.MAX_PHOTO, "tooBig": _(editphoto.TOO_BIG),
              "notImage": _(editphoto.NOT_IMAGE), "types": editphoto.ACCEPT.split(",")}  # fmt: skip
    return _json("photo-limits", limits)


def _script_words() -> str:
    """The words edit.js shows, from the catalog (the script has none of its own): the
    problems' count in its two forms (Indonesian has one; "1 problem", "2 problems")."""
    problems = [
        ngettext(
            "%(count)s problem in the marked fields.", "%(count)s problems in the marked fields.", n
        )
        for n in (1, 2)
    ]
    words = {
        "preview": _("Story preview"),
        "problems": problems,
        "noMore": _("No problems left."),
        "choose": _("— choose —"),
        "unknown": _("%(value)s (unknown)"),
        "changed": _(CHANGED_ON_DISK),
    }
    return _json("edit-words", words)


# Said by the script as soon as the check finds the file changed on disk (a save is refused).
CHANGED_ON_DISK = N_(
    "This file was changed outside the form (in a text editor, another tab or an import) since "
    "the form was opened. What you typed stays here; when you press Save, both versions are "
    "shown first so that nothing is lost."
)


def form(
    state: FormState,
    specs: Iterable[FieldSpec],
    options: Mapping[str, Sequence[tuple[str, str]]],
    token: str,
) -> bytes:
    """The form of one file (or of a new one)."""
    back = escape(_("Back to the list"))
    body = [f"<h1>{escape(state.heading)}</h1>", f'<p><a href="/_edit/">{back}</a></p>']
    body.append(state.note)
    if state.saved_link:
        link = escape(state.saved_link, quote=True)
        saved, see = escape(_("Saved.")), escape(_("See its page in the preview"))
        body.append(f'<p class="saved" role="status">{saved} <a href="{link}">{see}</a>.</p>')
    if state.unreadable:  # (no form to retype the file into, for nothing: editbroken)
        body.append(state.unreadable)
        return page(_(LOADED_TITLE) % {"page": state.heading}, "\n".join(body))
    specs = tuple(specs)
    labels = {s.name: _("Photo") if s.name == "photo" else _(s.label) for s in specs}
    refused = summary(state.errors, state.general, labels, state.loaded)
    body.append(refused)
    if state.versions:
        now, yours = state.versions
        body.append(differences(now, yours))
        headings = escape(_("The file now")), escape(_("Your version (not saved)"))
        body.append(
            f"<h2>{headings[0]}</h2><pre>{escape(now)}</pre>"
            f"<h2>{headings[1]}</h2><pre>{escape(yours)}</pre>"
        )
    body.append(
        f'<form method="post" action="{escape(state.action, quote=True)}" '
        'enctype="multipart/form-data">'
    )
    body.append(f'<input type="hidden" name="token" value="{escape(token, quote=True)}">')
    body.append(f'<input type="hidden" name="digest" value="{escape(state.digest, quote=True)}">')
    values = state.values
    body.append(editawards.box(values.get("awards", ""), options, values.get("province", "")))
    for spec in specs:
        if spec.name == "photo":
            folder = state.action.rpartition("/")[0].replace("/_edit/", "/_edit/foto/", 1)
            shown = f"{folder}/{quote(state.values.get('photo', ''))}"
            body.append(editphoto.control(state.values, state.errors, shown))
            body.append(editkept.control(state.values))  # (a photo accepted by a refused save)
            body.append(_photo_limits())
            continue
        body.append(_field(spec, state, options.get(spec.name, ())))
    save, delete = escape(_("Save")), escape(_("Delete"))
    body.append(f'<button type="submit" name="submit" value="simpan">{save}</button></form>')
    if not state.action.startswith("/_edit/new/"):  # an existing file: it can go to the trash
        action = escape(state.action.replace("/_edit/", "/_edit/_hapus/", 1), quote=True)
        body.append(
            f'<form method="post" action="{action}">'
            f'<input type="hidden" name="token" value="{escape(token, quote=True)}">'
            f'<input type="hidden" name="digest" value="{escape(state.digest, quote=True)}">'
            f'<button type="submit">{delete}</button></form>'
        )
    body.append(state.below)
    body.append(_script_words())
    body.append('<script src="/_edit/_static/edit.js" defer></script>')  # (checks as you type)
    title = _(LOADED_TITLE if state.loaded else TITLE) if refused else "%(page)s"
    return page(title % {"page": state.heading}, "\n".join(body))
