"""The form editor of `teladan serve`, at /_edit/: list, edit and create profiles and press
releases (and edit selections and free pages) without a text editor.

Safe by construction: every change is a POST carrying the token of this server start, sent by a
page of the preview itself (Origin, else Referer, must name the Host the request came to, which
`livehttp` has already checked is the preview's own); paths stay inside pillars/, news/,
selections/ and pages/; bodies are limited in size. A save is checked exactly as `teladan check`
checks the file, writes only the changed fields (`frontmatter`), and never replaces a file
changed since its form was loaded.
"""

from __future__ import annotations

import datetime
import hmac
import secrets
from collections.abc import Callable, Mapping
from functools import partial
from html import escape
from pathlib import Path, PurePosixPath
from typing import Any
from urllib.parse import parse_qs, quote, urlsplit

import yaml

from . import (
    editbroken,
    editcheck,
    editkept,
    editmerge,
    editphoto,
    editsite,
    editslug,
    edittranslation,
    edittrash,
    editwords,
    frontmatter,
)
from .categories import validate_categories
from .editlist import RowCache, matches, rows
from .editpages import FormState, form, listing, message_page
from .editvalues import shown_values as _shown_values
from .editvalues import specs as _specs
from .editvalues import typed_values as _typed_values
from .i18n import N_, _
from .load import CONTENT_SUFFIXES, MARKDOWN_SUFFIXES, load_categories, parse_record
from .problems import Problem
from .reference import load_provinces, not_yet_formed
from .schema import RANKS, TEXT_FIELD
from .validate import Checks, make_checks, validate_record
from .yamltext import normalise_text

StartResponse = Callable[..., Any]
PREFIX = "/_edit/"
MAX_BODY = 2_000_000  # bytes: far more than any profile's text (with a photo: editphoto.body_limit)
FOLDERS = {"pillars": "pillar", "news": "news", "selections": "selection", "pages": "page"}
NEW = {"new/pilar/": "pillar", "new/berita/": "news"}
CHANGED = N_(
    "This file was changed outside the form (in a text editor, another tab or an import) since "
    "the form was opened, so nothing was saved, so as not to lose that change. The form below "
    "now holds the file as it is now with your changes on top. Check the differences; if they "
    "are right, press Save once more."
)
RESTARTED = N_(
    "The preview was restarted since this form was opened, so nothing has been saved yet. What "
    "you typed is still here; press Save once more."
)


class Editor:
    """WSGI app for /_edit/ (the preview hands it every address under that prefix)."""

    def __init__(self, content_dir: Path) -> None:
        self.content_dir = content_dir
        self.token = secrets.token_urlsafe(32)  # a new one each start: old tabs must reload
        self._row_cache: RowCache = {}
        self._site = editsite.SiteRecords(content_dir)  # (for the build's checks across files)
        self._loaded = editmerge.Loaded()  # (what a refused save's own changes are told by)

    def __call__(self, environ: dict[str, Any], start_response: StartResponse) -> list[bytes]:
        path = environ.get("PATH_INFO", "")[len(PREFIX) :]
        method = environ.get("REQUEST_METHOD", "GET")
        if method not in ("GET", "HEAD", "POST"):
            return _plain(start_response, "405 Method Not Allowed", _("Method not supported."))
        form: dict[str, str] | None = None
        upload: editphoto.Upload | None = None
        if method == "POST":
            refused = self._refusal(environ)
            if refused and refused[0].startswith("413"):  # (a way back, the typed text kept)
                back, said = escape(PREFIX + quote(path), quote=True), _("Back to the form")
                refused = (refused[0], f'{refused[1]} <a href="{back}" onclick="history.back();'
                           f'return false">{escape(said)}</a>')  # fmt: skip
            if refused:
                return _plain(start_response, *refused)
            form, upload = editphoto.read_form(environ)
            upload = upload or editkept.restore(self.content_dir, form)  # (chosen before)
            if not hmac.compare_digest(form.get("token", ""), self.token):
                if form.get("token") and (path in NEW or isinstance(self._target(path), Path)):
                    return self._again(path, form, start_response, upload)  # (a restart)
                expired = _(
                    "This form has expired (the preview was restarted). Reload the form's page, "
                    "then save again."
                )
                return _plain(start_response, "403 Forbidden", expired)
        if path == "" and form is None:
            return _html(start_response, "200 OK", self._listing(environ.get("QUERY_STRING", "")))
        if path == editcheck.SCRIPT and form is None:
            return editcheck.script(start_response)
        if path.startswith(editcheck.CHECK):
            return editcheck.answer(
                start_response, self._dry_run(path[len(editcheck.CHECK) :], form)
            )
        if path.startswith("foto/") and form is None:
            status, body = editphoto.served(self.content_dir, path.removeprefix("foto/"), FOLDERS)
            kind = "image/jpeg" if status.startswith("200") else "text/plain; charset=utf-8"
            start_response(status, [("Content-Type", kind), ("Cache-Control", "no-store")])
            return [body]
        if path in NEW:
            return self._new(NEW[path], form, start_response, upload)
        if path.startswith(edittranslation.START) and form is not None:
            status, to = edittranslation.start(self.content_dir, path)  # (its form, or why not)
            return _plain(start_response, status, to) if status else _redirect(start_response, to)
        if path.startswith((edittrash.DELETE, edittrash.LIST)):
            got = edittrash.answer(self.content_dir, self.token, path, form, self._target)
            if got.location:
                return _redirect(start_response, got.location)
            return _html(start_response, got.status, got.body)
        target = self._target(path)
        if isinstance(target, tuple):
            return _plain(start_response, *target)
        return self._existing(target, form, environ.get("QUERY_STRING", ""), start_response, upload)

    def _refusal(self, environ: Mapping[str, Any]) -> tuple[str, str] | None:
        """(status, text) when a POST must not be read at all."""
        host = str(environ.get("HTTP_HOST", "")).lower()
        sender = environ.get("HTTP_ORIGIN") or environ.get("HTTP_REFERER") or ""
        parts = urlsplit(str(sender))
        if not host or parts.scheme != "http" or parts.netloc.lower() != host:
            return "403 Forbidden", _("Changes are only taken from this preview's own pages.")
        try:
            length = int(environ.get("CONTENT_LENGTH") or 0)
        except ValueError:
            length = MAX_BODY + editphoto.MAX_PHOTO + 1
        if length > editphoto.body_limit(environ):
            return "413 Content Too Large", _("The form is too large (a photo is 20 MB at most).")
        return None

    def _target(self, path: str) -> Path | tuple[str, str]:
        """/_edit/<path> → the content file, or (status, text) refusing the path."""
        parts = PurePosixPath(path).parts
        if (
            not path
            or path.startswith("/")
            or "\\" in path
            or ":" in path
            or any(p in ("..", ".") for p in path.split("/"))
        ):
            return "400 Bad Request", _("The file's address is not valid.")
        file = self.content_dir.joinpath(*parts)
        if (
            parts[0] not in FOLDERS
            or file.suffix.lower() not in CONTENT_SUFFIXES
            or not file.is_file()
            or not file.resolve().is_relative_to(self.content_dir.resolve())
        ):
            return "404 Not Found", _("There is no profile or press release at this address.")
        return file

    def _checks(self) -> Checks:
        raws, _ = load_categories(self.content_dir)
        categories, _ = validate_categories(raws)
        return make_checks(categories, load_provinces(), datetime.date.today())

    def _options(
        self, checks: Checks, year: str, chosen: str = ""
    ) -> dict[str, list[tuple[str, str]]]:
        """Each choice field's (value, label); the provinces of `year`, and the `chosen` one
        said to be later than that year when it is (not "unknown": it exists)."""
        number = int(year) if year.isdigit() else None
        later = [(p.slug, _("%(province)s (not yet formed in %(year)s)")
                  % {"province": p.name, "year": year}) for p in checks.ref.provinces
                 if p.slug == chosen and not_yet_formed(p, number)]  # fmt: skip
        return {
            "category": [(c.slug, c.name) for c in checks.ref.categories],
            "province": [
                (p.slug, p.name) for p in checks.ref.provinces if not not_yet_formed(p, number)
            ]
            + later,
            "rank": [(value, _(name)) for value, name in RANKS],
            "pillars": [
                (PurePosixPath(r.rel).stem, r.title)
                for r in rows(self.content_dir, FOLDERS, self._row_cache)
                if r.kind == "pillar" and "." not in PurePosixPath(r.rel).stem  # (no translation)
            ],
        }

    def _show(self, state: FormState, kind: str, checks: Checks) -> bytes:
        values = state.values
        options = self._options(checks, values.get("year", ""), values.get("province", ""))
        new = state.action.startswith(PREFIX + "new/")  # (a new file: its name can be chosen)
        shown = _specs(kind, state.action, "awards" in values)  # (see editvalues.specs)
        return form(state, (editslug.with_field if new else tuple)(shown), options, self.token)

    def _listing(self, query_string: str) -> bytes:
        query = {k: v[0] for k, v in parse_qs(query_string).items()}
        every = rows(self.content_dir, FOLDERS, self._row_cache)
        checks = self._checks()
        choices = {"category": [(c.slug, c.name) for c in checks.ref.categories],
                   "province": [(p.slug, p.name) for p in checks.ref.provinces]}  # fmt: skip
        names = dict(choices["category"] + choices["province"])
        shown = [r for r in every if matches(r, query, names)]
        return listing(shown, query, len(every), choices)

    def _existing(
        self,
        file: Path,
        typed: dict[str, str] | None,
        query: str,
        start_response: StartResponse,
        upload: editphoto.Upload | None = None,
    ) -> list[bytes]:
        rel = file.relative_to(self.content_dir).as_posix()
        kind = FOLDERS[rel.split("/")[0]]
        data = file.read_bytes()
        checks = self._checks()
        heading = _("Edit %(file)s") % {"file": rel}
        state = FormState(f"{PREFIX}{quote(rel)}", heading, {}, frontmatter.digest(data))
        state.note, state.below = edittranslation.note(self.content_dir, rel, kind, self.token)
        if typed is None:
            state.values = _shown_values(data, file.suffix, rel, kind)
            self._loaded.remember(state.digest, state.values)
            state.unreadable = editbroken.instead_of_form(data, file.suffix, rel, kind)
            if "tersimpan" in parse_qs(query):
                state.saved_link = edittranslation.page_link(kind, rel)
            if not state.unreadable:  # (the problems already in the file, as a save finds them)
                state.loaded = not self._check(state, data, rel, kind, checks)
            return _html(start_response, "200 OK", self._show(state, kind, checks))
        state.values, state.digest = typed, typed.get("digest", "")
        state.general = editbroken.unreadable(data, file.suffix, rel, kind)
        named: dict[str, Any] = {}  # (an upload's would-be name, as the form's photo)
        pending = None if state.general else editphoto.prepare(upload, file, named, state.errors)
        typed = {**typed, **named}
        placed = None
        new = _updated(data, rel, kind, typed)
        if not state.general and self._check(state, new, rel, kind, checks, pending):
            replaced = edittrash.photo_of(self.content_dir, file) if pending else None
            try:
                placed = editphoto.write(pending)
                frontmatter.write_back(file, new, state.digest)
            except FileExistsError:
                state.general = [_(editphoto.RACE)]
            except frontmatter.ChangedOnDisk as changed:
                state.general = [_(CHANGED)]
                now = _shown_values(changed.current, file.suffix, rel, kind)
                names = [s.name for s in _specs(kind, rel)]
                loaded = self._loaded.get(state.digest)
                state.values = editmerge.rebase(names, typed, loaded, now)
                state.digest = frontmatter.digest(changed.current)
                self._loaded.remember(state.digest, now)
                yours = _updated(changed.current, rel, kind, state.values)
                state.versions = (_text(changed.current), _text(yours))
            else:
                edittrash.trash_replaced_photo(self.content_dir, replaced, placed)
                return _redirect(start_response, f"{PREFIX}{quote(rel)}?tersimpan=1")
        self._not_saved(state, placed, pending)
        return _html(start_response, "200 OK", self._show(state, kind, checks))

    def _new(
        self,
        kind: str,
        typed: dict[str, str] | None,
        start_response: StartResponse,
        upload: editphoto.Upload | None = None,
    ) -> list[bytes]:
        checks = self._checks()
        what = _("New profile") if kind == "pillar" else _("New press release")
        action = PREFIX + ("new/pilar/" if kind == "pillar" else "new/berita/")
        state = FormState(action, what, typed or {})
        if typed is None:
            if kind == "pillar":
                state.values = {"year": str(datetime.date.today().year), "draft": "ya"}
            else:  # (as `teladan new berita` writes it: dated today, a draft)
                state.values = {"date": datetime.date.today().isoformat(), "draft": "ya"}
            return _html(start_response, "200 OK", self._show(state, kind, checks))
        rel = _created(kind, typed)[0]
        named: dict[str, Any] = {}  # (an upload's would-be name, as the form's photo)
        pending = editphoto.prepare(upload, self.content_dir / rel, named, state.errors)
        rel, data = _created(kind, {**typed, **named})
        placed = None
        passed = self._check(state, data, rel, kind, checks, pending)
        if not self._clash(state, rel, True) and passed:
            try:
                placed = editphoto.write(pending)
                frontmatter.create(self.content_dir / rel, data)
            except FileExistsError:
                said = _("The file %(file)s was just made by someone else; it was not overwritten.")
                state.general = [said % {"file": rel}]
            else:
                return _redirect(start_response, f"{PREFIX}{quote(rel)}?tersimpan=1")
        self._not_saved(state, placed, pending)
        return _html(start_response, "200 OK", self._show(state, kind, checks))

    def _not_saved(
        self, state: FormState, placed: Path | None, pending: editphoto.Pending | None
    ) -> None:
        """The form was not saved: neither is its photo, but an accepted one is kept for the
        next try."""
        if placed is not None:
            placed.unlink(missing_ok=True)
        if pending is not None:
            state.values.update(editkept.keep(self.content_dir, pending.upload))

    def _again(
        self,
        path: str,
        typed: dict[str, str],
        start_response: StartResponse,
        upload: editphoto.Upload | None,
    ) -> list[bytes]:
        """A form sent with the token of an earlier start of the preview (from this page's own
        address: checked already): shown again as typed, with this start's token, unsaved."""
        kind = NEW.get(path) or FOLDERS[path.split("/")[0]]
        heading = _("New profile") if kind == "pillar" else _("New press release")
        file = self.content_dir / (_created(kind, typed)[0] if path in NEW else path)
        edit = _("Edit %(file)s") % {"file": path}
        state = FormState(PREFIX + quote(path), heading if path in NEW else edit,
                          typed, typed.get("digest", ""), general=[_(RESTARTED)])  # fmt: skip
        pending = editphoto.prepare(upload, file, {}, state.errors)
        if pending is not None:
            state.values.update(editkept.keep(self.content_dir, pending.upload))
        return _html(start_response, "200 OK", self._show(state, kind, self._checks()))

    def _dry_run(self, path: str, typed: dict[str, str] | None) -> editcheck.Result:
        """/_edit/_check/<path>: what saving `typed` would report, without writing anything
        (the same would-be file and the same `_check` as a save)."""
        if typed is None:
            return "405 Method Not Allowed", _("Checks are only made through POST.")
        state = FormState("", "", typed)
        if path in NEW:
            kind = NEW[path]
            rel, data = _created(kind, typed)
        else:
            target = self._target(path)
            if isinstance(target, tuple):
                return target
            rel = target.relative_to(self.content_dir).as_posix()
            kind, old = FOLDERS[rel.split("/")[0]], target.read_bytes()
            state.general = editbroken.unreadable(old, target.suffix, rel, kind)
            state.changed = typed.get("digest", "") not in ("", frontmatter.digest(old))
            data = _updated(old, rel, kind, typed)
        checks = self._checks()
        self._check(state, data, rel, kind, checks)
        if path in NEW:
            self._clash(state, rel, False)
        return state, self._options(checks, typed.get("year", ""), typed.get("province", ""))

    def _clash(self, state: FormState, rel: str, offer: bool) -> bool:
        """A new file's name already taken: said next to the file name field (instead of the
        build's message on it, which asks to rename a file), a free name put in it if `offer`."""
        taken = editslug.taken(self.content_dir, rel)
        if not taken:
            return False
        state.general = [m for m in state.general if taken not in m]
        typed = state.values
        year = str(typed.get("year") or typed.get("date", ""))[:4]
        found = partial(editslug.taken, self.content_dir)
        message, free = editslug.clash(rel, taken, year, found, offer)
        state.errors["slug"] = [message]
        if offer:
            state.values["slug"] = free
        return True

    def _check(
        self,
        state: FormState,
        data: bytes,
        rel: str,
        kind: str,
        checks: Checks,
        photo: editphoto.Pending | None = None,
    ) -> bool:
        """Run the would-be file through the checks of `teladan check`; errors go into `state`
        next to their field. True when there is none. (An uploaded `photo` is checked where it
        will be, in a copy of its folder: it is written only once the profile passes.)"""
        text = normalise_text(data)
        if not isinstance(text, str):
            state.general = [text.message]
            return False
        raw, problems = parse_record(text, PurePosixPath(rel).suffix, rel, kind)
        found: list[Problem] = list(problems)
        if raw is not None:
            with editphoto.folder_with(photo, self.content_dir) as photos:
                record, more = validate_record(raw, checks, photos)
            found += more
            if record is not None:  # (with its other problems: all are shown at once)
                lines = {name: entry.line for name, entry in raw.fields.items()}
                across = self._site.problems(rel, record, checks)
                found += [editsite.with_field(p, lines) for p in across]
        specs = {s.name: s for s in _specs(kind, rel)}
        for p in [p for p in found if p.is_error]:
            name = "story" if p.field == TEXT_FIELD[kind] else p.field
            message = editwords.shown(p, specs.get(name or ""))
            if name in specs:
                state.errors.setdefault(name, []).append(message)
            else:  # (a field the form does not show, as a translation's `name:`: its line)
                at = {"problem": message, "line": p.line}
                state.general.append(_("%(problem)s (line %(line)s)") % at if p.line else message)
        return not state.errors and not state.general


def _updated(data: bytes, rel: str, kind: str, typed: Mapping[str, str]) -> bytes:
    """A file with the values of the fields its form shows written in (b"" when they cannot be)."""
    markdown = PurePosixPath(rel).suffix.lower() in MARKDOWN_SUFFIXES
    values, story = _typed_values(kind, typed, markdown, rel)
    try:
        return frontmatter.update(data, markdown, values, story)
    except (ValueError, yaml.YAMLError):
        return b""


def _created(kind: str, typed: Mapping[str, str]) -> tuple[str, bytes]:
    """A new file's place (its slug from the name or title) and text."""
    values, story = _typed_values(kind, typed, True)
    title = str(values.get("name" if kind == "pillar" else "title") or "")
    slug = editslug.chosen(typed, title)
    year = str(values.get("year", ""))
    rel = f"pillars/{year}/{slug}.md" if kind == "pillar" and year.isdigit() else None
    rel = rel or (f"news/{slug}.md" if kind == "news" else f"pillars/{slug}.md")
    return rel, frontmatter.new_file(values, story or "")


def _text(data: bytes) -> str:
    return data.decode("utf-8", "replace").lstrip("\ufeff")


def _html(start_response: StartResponse, status: str, body: bytes) -> list[bytes]:
    start_response(
        status,
        [
            ("Content-Type", "text/html; charset=utf-8"),
            ("Content-Length", str(len(body))),
            ("Cache-Control", "no-store"),
            ("X-Frame-Options", "DENY"),
        ],
    )
    return [body]


def _plain(start_response: StartResponse, status: str, text: str) -> list[bytes]:
    return _html(start_response, status, message_page(status, text))


def _redirect(start_response: StartResponse, location: str) -> list[bytes]:
    start_response("303 See Other", [("Location", location), ("Content-Length", "0")])
    return []


def form_address(rel: str) -> str:
    """The form of the content file at `rel` (under content/), or '' when the editor has none
    (site.yaml, a category file, a path outside the edited folders)."""
    parts = PurePosixPath(rel).parts
    if len(parts) < 2 or parts[0] not in FOLDERS or ".." in parts or "\\" in rel:
        return ""
    return PREFIX + quote(rel) if PurePosixPath(rel).suffix.lower() in CONTENT_SUFFIXES else ""


def edit_link(body: bytes, rel: str) -> bytes:
    """A previewed page of a content file, with a link to its form (preview only: `build`
    never calls this)."""
    editor, edit = escape(_("Editor"), quote=True), escape(_("Edit"))
    link = (
        f'<nav aria-label="{editor}" style="padding:0.5rem;background:#fff8c5">'
        f'<a href="{PREFIX}{quote(rel)}">{edit}</a></nav>'
    ).encode()
    start = body.find(b"<body")
    end = body.find(b">", start)
    if start < 0 or end < 0:
        return body
    return body[: end + 1] + link + body[end + 1 :]
