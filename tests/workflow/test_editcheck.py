"""The editor's checks as you type (/_edit/_check/…), over real HTTP against a real preview:
the problems a save would report, by field, and the story's preview, never writing anything."""

from __future__ import annotations

import json
from pathlib import Path
from urllib.parse import urlencode

from tests.workflow.test_editor import HAND_WRITTEN, PROFILE, _form, _request, preview

__all__ = ["preview"]  # (the fixture, shared with the editor's own tests)


def _files(content: Path) -> dict[str, bytes]:
    return {p.relative_to(content).as_posix(): p.read_bytes() for p in content.rglob("*.*")}


def _check(
    host: str, path: str, values: dict[str, str], headers: dict[str, str] | None = None
) -> tuple[int, str]:
    body = urlencode(values).encode()
    sent = {"Origin": f"http://{host}", **(headers or {})}
    status, _, text = _request(host, "POST", f"/_edit/_check/{path}", body, sent)
    return status, text


def test_a_mistyped_province_is_reported_by_field_and_nothing_is_written(
    preview: tuple[str, Path],
) -> None:
    host, content = preview
    before = _files(content)
    form = _form(host, f"/_edit/{PROFILE}")
    status, text = _check(host, PROFILE, {**form.values, "province": "jawa-barar"})
    assert status == 200, text
    found = json.loads(text)
    assert [m for m in found["errors"]["province"] if "'jawa-barar' is not a province" in m]
    assert set(found["errors"]) == {"province"} and found["general"] == []
    # the same form, fixed: no problem left
    status, text = _check(host, PROFILE, form.values)
    assert json.loads(text)["errors"] == {}
    # a new profile's check writes no file either
    status, text = _check(host, "new/pilar/", {"token": form.values["token"], "name": "Baru"})
    assert status == 200 and {"category", "province"} <= set(json.loads(text)["errors"])
    assert _files(content) == before
    assert (content / PROFILE).read_bytes() == HAND_WRITTEN.encode()


def test_the_provinces_offered_follow_the_year(preview: tuple[str, Path]) -> None:
    host, _ = preview
    token = _form(host, "/_edit/new/pilar/").values["token"]
    old = json.loads(_check(host, "new/pilar/", {"token": token, "year": "2019"})[1])
    new = json.loads(_check(host, "new/pilar/", {"token": token, "year": "2023"})[1])
    assert "papua-selatan" not in [slug for slug, _ in old["provinces"]]  # formed in 2022
    assert ["papua-selatan", "Papua Selatan"] in new["provinces"]
    status, text = _check(
        host, "new/pilar/",
        {"token": token, "name": "Terlalu Awal", "category": "tksk", "province": "papua-selatan",
         "year": "2019"},
    )  # fmt: skip
    assert status == 200 and json.loads(text)["errors"].get("province"), text


def test_the_check_is_refused_without_the_token_or_from_another_site(
    preview: tuple[str, Path],
) -> None:
    host, content = preview
    before = _files(content)
    values = _form(host, f"/_edit/{PROFILE}").values
    assert _check(host, PROFILE, {**values, "token": "lama"})[0] == 403
    assert _check(host, PROFILE, {k: v for k, v in values.items() if k != "token"})[0] == 403
    assert _check(host, PROFILE, values, {"Origin": "http://evil.example"})[0] == 403
    assert _check(host, "new/pilar/", values, {"Origin": "http://evil.example"})[0] == 403
    # (GET is not a check)
    assert _request(host, "GET", f"/_edit/_check/{PROFILE}")[0] == 405
    assert _check(host, "../site.yaml", values)[0] in (400, 404)
    assert _files(content) == before


def test_the_preview_is_the_sites_sanitised_html(preview: tuple[str, Path]) -> None:
    host, _ = preview
    values = _form(host, f"/_edit/{PROFILE}").values
    story = (
        "Ia **bekerja** keras.\r\n\r\n<script>alert(1)</script>\r\n<img src=x onerror=alert(2)>\r\n"
    )
    status, text = _check(host, PROFILE, {**values, "story": story, "preview": "ya"})
    assert status == 200, text
    html = json.loads(text)["preview"]
    assert "<strong>bekerja</strong>" in html
    assert "<script" not in html.lower() and "onerror" not in html.lower()
    # without asking, no preview is made
    assert "preview" not in json.loads(_check(host, PROFILE, values)[1])


def test_the_script_is_served(preview: tuple[str, Path]) -> None:
    host, _ = preview
    status, headers, text = _request(host, "GET", "/_edit/_static/edit.js")
    assert status == 200 and headers["content-type"].startswith("text/javascript")
    assert "/_edit/_check/" in text
    _, _, page = _request(host, "GET", f"/_edit/{PROFILE}")
    assert '<script src="/_edit/_static/edit.js" defer></script>' in page
