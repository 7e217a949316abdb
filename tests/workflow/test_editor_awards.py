"""The editor (/_edit/) on a profile with several awards: shown read-only, kept by a save."""

from __future__ import annotations

from pathlib import Path

from tests.workflow.test_editor import _form, _submit, preview  # noqa: F401  (the fixture)

AWARDS = "pillars/2019/karang-taruna-sipakatau.md"


def test_saving_a_profile_with_awards_keeps_them_and_shows_them_read_only(
    preview: tuple[str, Path],  # noqa: F811
) -> None:
    host, content = preview
    before = (content / AWARDS).read_text("utf-8")
    form = _form(host, f"/_edit/{AWARDS}")
    # Neither year, category nor rank is asked for: each award gives its own.
    assert not {"year", "category", "rank"} & set(form.values)
    assert form.values["awards"] == "2019 · karang-taruna · 3\n2023 · karang-taruna · 2 · " + (
        "Kampanye anti-narkobanya kini menjangkau seluruh kecamatan di Bone dan dijalankan oleh "
        "pemuda yang dulu didampinginya."
    )
    status, _, text = _submit(host, form, summary="Ringkasan baru.")
    assert status == 303, text
    after = (content / AWARDS).read_text("utf-8")
    old_summary = next(line for line in before.splitlines() if line.startswith("summary:"))
    assert after == before.replace(old_summary, "summary: Ringkasan baru.")
