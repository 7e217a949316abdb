"""The editor (/_edit/) on a profile with several awards: listed under each award's year and
category, shown read-only in the staff's words, kept by a save; and a file whose YAML cannot be
read (an award's line indented wrongly) offers no empty form to retype it into."""

from __future__ import annotations

import re
from html import unescape
from pathlib import Path

from tests.workflow.test_editor import _form, _request, _submit, preview  # noqa: F401

AWARDS = "pillars/2019/karang-taruna-sipakatau.md"
LIST_AWARDS = ("ahmad-syarif-tammu", "hasnah-lamba", "wayan-sudarsana", "karang-taruna-sipakatau")


def _awards_shown(page: str) -> list[str]:
    box = page.split('<ul class="awards">', 1)[1].split("</ul>", 1)[0]
    return [unescape(item) for item in re.findall(r"<li>(.*?)</li>", box)]


def _row(page: str, rel: str) -> str:
    return next(r for r in page.split("<tr>") if f'href="/_edit/{rel}"' in r)


def test_saving_a_profile_with_awards_keeps_them_and_shows_them_read_only(
    indonesian: None,
    preview: tuple[str, Path],  # noqa: F811
) -> None:
    host, content = preview
    before = (content / AWARDS).read_text("utf-8")
    form = _form(host, f"/_edit/{AWARDS}")
    # Neither year, category nor rank is asked for: each award gives its own.
    assert not {"year", "category", "rank"} & set(form.values)
    # Each award by the names staff see on the site, not the file's slugs and numbers.
    _, _, page = _request(host, "GET", f"/_edit/{AWARDS}")
    assert _awards_shown(page) == [
        "2019 · Karang Taruna · Juara III",
        "2023 · Karang Taruna · Juara II · Kampanye anti-narkobanya kini menjangkau seluruh "
        "kecamatan di Bone dan dijalankan oleh pemuda yang dulu didampinginya.",
    ]
    _, _, page = _request(host, "GET", "/_edit/pillars/2023/hasnah-lamba.md")
    assert _awards_shown(page)[0].startswith(
        "2023 · Pekerja Sosial Masyarakat · Juara I · tingkat provinsi, Sulawesi Tengah · "
    )
    status, _, text = _submit(host, form, summary="Ringkasan baru.")
    assert status == 303, text
    after = (content / AWARDS).read_text("utf-8")
    old_summary = next(line for line in before.splitlines() if line.startswith("summary:"))
    assert after == before.replace(old_summary, "summary: Ringkasan baru.")
    # A refused save shows the awards again in the same words.
    status, _, text = _submit(host, _form(host, f"/_edit/{AWARDS}"), province="narnia")
    assert status == 200 and _awards_shown(text)[0] == "2019 · Karang Taruna · Juara III"


def test_the_list_finds_a_profile_under_each_award_year_and_category(
    preview: tuple[str, Path],  # noqa: F811
) -> None:
    host, _ = preview
    _, _, in_2023 = _request(host, "GET", "/_edit/?year=2023")
    for slug in LIST_AWARDS:
        assert f"{slug}.md" in in_2023, slug
    _, _, in_2019 = _request(host, "GET", "/_edit/?year=2019")
    assert AWARDS in in_2019 and "ahmad-syarif-tammu.md" in in_2019  # (also honoured in 2019)
    assert "hasnah-lamba.md" not in in_2019
    _, _, karang_taruna = _request(host, "GET", "/_edit/?category=karang-taruna")
    assert AWARDS in karang_taruna
    row = _row(karang_taruna, AWARDS)
    assert '<td data-label="Year">2019, 2023</td>' in row
    assert '<td data-label="Category">Karang Taruna</td>' in row
    _, _, by_province = _request(host, "GET", "/_edit/?province=sulawesi-tengah&year=2023")
    assert "hasnah-lamba.md" in by_province


def test_a_file_with_a_yaml_mistake_offers_no_empty_form(
    indonesian: None,
    preview: tuple[str, Path],  # noqa: F811
) -> None:
    host, content = preview
    broken = (content / AWARDS).read_text("utf-8").replace("    rank: 3", "      rank: 3", 1)
    (content / AWARDS).write_text(broken, "utf-8")
    status, _, page = _request(host, "GET", f"/_edit/{AWARDS}")
    assert status == 200
    assert "Berkas ini belum bisa ditampilkan di formulir sampai diperbaiki" in page
    assert "(baris 8)" in page and "   8        rank: 3" in unescape(page)
    # No form to retype the profile into: no field, no Simpan, not even an empty one.
    assert "<form" not in page and 'name="name"' not in page and "Belum disimpan" not in page
    assert (content / AWARDS).read_text("utf-8") == broken
