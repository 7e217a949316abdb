"""The editor's checks as you type: /_edit/_check/<path> answers, in JSON, what saving the form
would report (by field) and the story as the site would show it; /_edit/_static/edit.js is the
script that asks. Progressive enhancement only: without JavaScript the form saves and reports
exactly the same problems (the answer comes from the same check as a save)."""

from __future__ import annotations

import json
from collections.abc import Callable, Mapping, Sequence
from importlib import resources
from typing import Any

from .editpages import FormState
from .validate import render_markdown

CHECK = "_check/"
SCRIPT = "_static/edit.js"
# (status, text) when the check is refused, else the checked form and its choices per field
Result = tuple[str, str] | tuple[FormState, Mapping[str, Sequence[tuple[str, str]]]]
StartResponse = Callable[..., Any]


def script(start_response: StartResponse) -> list[bytes]:
    body = resources.files("generator.data").joinpath("edit.js").read_bytes()
    start_response(
        "200 OK",
        [
            ("Content-Type", "text/javascript; charset=utf-8"),
            ("Content-Length", str(len(body))),
            ("Cache-Control", "no-store"),  # (a new version shows with the next start)
        ],
    )
    return [body]


def answer(start_response: StartResponse, result: Result) -> list[bytes]:
    """The JSON the script reads: `errors` by field, `general`, the `provinces` of the year
    typed, whether the file `changed` on disk since the form was loaded, and `preview` (the
    story as sanitised HTML) when the form asked for it."""
    state, options = result
    if isinstance(state, str):
        return _json(start_response, state, {"message": options})
    assert not isinstance(options, str)
    found: dict[str, Any] = {
        "errors": state.errors,
        "general": state.general,
        "provinces": [list(pair) for pair in options.get("province", ())],
        "changed": state.changed,
    }
    if state.values.get("preview"):
        # the site's own renderer and sanitiser: the script may insert this as HTML
        found["preview"] = render_markdown(state.values.get("story", "").replace("\r\n", "\n"))
    return _json(start_response, "200 OK", found)


def _json(start_response: StartResponse, status: str, value: object) -> list[bytes]:
    body = json.dumps(value, ensure_ascii=False).encode()
    start_response(
        status,
        [
            ("Content-Type", "application/json; charset=utf-8"),
            ("Content-Length", str(len(body))),
            ("Cache-Control", "no-store"),
            ("X-Content-Type-Options", "nosniff"),
        ],
    )
    return [body]
