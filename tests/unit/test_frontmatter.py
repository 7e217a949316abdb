"""Saving a form into a content file changes only the changed fields (generator.frontmatter)."""

from __future__ import annotations

import datetime
import stat
from pathlib import Path

import pytest
import yaml

from generator import frontmatter
from generator.load import parse_record
from generator.yamltext import normalise_text

FILE = (
    "---\n"
    "# Komentar di atas\n"
    "name: 'Siti Aminah'   # nama resmi\n"
    'category: "tksk"\n'
    "province: jawa-barat\n"
    "year: 2019\n"
    "summary: >\n"
    "  Ringkasan yang\n"
    "  dilipat.\n"
    "achievements:\n"
    "  - Satu\n"
    "  # komentar di dalam daftar\n"
    "  - Dua\n"
    "\n"
    "# komentar sebelum bidang tangan\n"
    "dibuat_tangan: {a: 1}\n"
    "tags: [x, y]\n"
    "---\n"
    "Cerita dengan  spasi ganda\n\n- dan daftar\n"
)


def _fields(data: bytes) -> dict[str, object]:
    text = normalise_text(data)
    assert isinstance(text, str)
    raw, problems = parse_record(text, ".md", "pillars/2019/x.md", "pillar")
    assert raw is not None and not problems
    return {k: e.value for k, e in raw.fields.items()}


def test_unchanged_values_leave_the_file_byte_for_byte() -> None:
    values = {"name": "Siti Aminah", "category": "tksk", "year": 2019, "tags": ["x", "y"],
              "summary": "Ringkasan yang dilipat.", "achievements": ["Satu", "Dua"]}  # fmt: skip
    story = "Cerita dengan  spasi ganda\n\n- dan daftar\n"
    assert frontmatter.update(FILE.encode(), True, values, story) == FILE.encode()


def test_a_changed_field_is_the_only_change() -> None:
    out = frontmatter.update(FILE.encode(), True, {"province": "aceh", "year": 2019}).decode()
    assert out == FILE.replace("province: jawa-barat", "province: aceh")


def test_a_changed_list_replaces_its_lines_only() -> None:
    out = frontmatter.update(FILE.encode(), True, {"achievements": ["Satu", "Tiga"]}).decode()
    before, after = FILE.split("achievements:\n")[0], FILE.split("  - Dua\n")[1]
    assert out == before + "achievements:\n  - Satu\n  - Tiga\n" + after


def test_a_new_field_goes_at_the_end_and_an_emptied_one_is_removed() -> None:
    out = frontmatter.update(
        FILE.encode(), True, {"quote": "Kerja, kerja.", "tags": [], "dibuat_tangan": None}
    ).decode()
    assert "tags:" not in out and "dibuat_tangan" not in out
    assert "# komentar sebelum bidang tangan\nquote: Kerja, kerja.\n---\n" in out


@pytest.mark.parametrize(
    "value",
    ["no", "yes", "Off", "~", "null", "Juara: satu", "Karang Taruna #1", "@siti", "*bintang",
     "- bukan daftar", "2019", "0812", "1.5", "2019-05-01", "'kutip'", '"dua"', " spasi",
     "[kurung]", "{kurawal}", "a: b # c", "ok", "Unicode — Ñ ✓", "tab\there", "%persen", "!tag",
     "trailing "],
)  # fmt: skip
def test_values_read_back_with_the_same_meaning(value: str) -> None:
    out = frontmatter.update(FILE.encode(), True, {"quote": value, "achievements": [value, "ok"]})
    fields = _fields(out)
    assert fields["quote"] == value
    assert fields["achievements"] == [value, "ok"]


def test_plain_values_stay_plain_and_odd_ones_are_quoted() -> None:
    assert frontmatter.scalar("Kabupaten Sikka") == "Kabupaten Sikka"
    assert frontmatter.scalar("no") == '"no"'
    assert frontmatter.scalar("Juara #1 di kota") == '"Juara #1 di kota"'
    assert frontmatter.scalar(True) == "true"
    assert frontmatter.scalar(datetime.date(2024, 5, 1)) == "2024-05-01"


def test_text_of_several_lines_is_a_literal_block() -> None:
    out = frontmatter.update(FILE.encode(), True, {"quote": "Baris satu\nBaris dua"})
    assert b"quote: |-\n  Baris satu\n  Baris dua\n---" in out
    assert _fields(out)["quote"] == "Baris satu\nBaris dua"


def test_crlf_and_bom_are_kept_and_new_lines_use_crlf() -> None:
    original = ("\ufeff" + FILE.replace("\n", "\r\n")).encode()
    out = frontmatter.update(original, True, {"province": "aceh", "quote": "Baru"}, None)
    expected = "\ufeff" + FILE.replace("province: jawa-barat", "province: aceh").replace(
        "tags: [x, y]\n", "tags: [x, y]\nquote: Baru\n"
    ).replace("\n", "\r\n")
    assert out == expected.encode()


def test_the_story_is_replaced_only_when_it_differs() -> None:
    crlf = FILE.replace("\n", "\r\n").encode()
    story_as_browser_sends = "Cerita dengan  spasi ganda\r\n\r\n- dan daftar\r\n"
    assert frontmatter.update(crlf, True, {}, story_as_browser_sends) == crlf
    out = frontmatter.update(crlf, True, {}, "Cerita baru\n")
    assert out.endswith(b"---\r\nCerita baru\r\n")
    assert out.startswith(crlf.split(b"---\r\nCerita")[0])


def test_a_yaml_file_keeps_its_comments_and_gets_its_story_as_a_field() -> None:
    original = b"# profil\nname: Budi  # nama\nyear: 2019\nstory: |\n  Lama.\n# akhir\n"
    out = frontmatter.update(original, False, {"year": 2020, "story": "Baru.\nDua.\n"})
    assert out == b"# profil\nname: Budi  # nama\nyear: 2020\nstory: |\n  Baru.\n  Dua.\n# akhir\n"
    assert yaml.safe_load(out)["story"] == "Baru.\nDua.\n"


def test_a_new_file_holds_the_fields_in_order() -> None:
    out = frontmatter.new_file({"name": "Budi", "year": 2019, "tags": ["a"], "quote": ""}, "Teks\n")
    assert out == b"---\nname: Budi\nyear: 2019\ntags:\n  - a\n---\nTeks\n"


def test_write_back_refuses_a_file_changed_since_it_was_loaded(tmp_path: Path) -> None:
    path = tmp_path / "siti.md"
    path.write_bytes(FILE.encode())
    loaded = frontmatter.digest(path.read_bytes())
    path.write_bytes(FILE.replace("Dua", "Dua (diubah tangan)").encode())
    with pytest.raises(frontmatter.ChangedOnDisk):
        frontmatter.write_back(path, b"---\nname: X\n---\n", loaded)
    assert b"diubah tangan" in path.read_bytes()
    assert [p.name for p in tmp_path.iterdir()] == ["siti.md"]  # no temporary file left


def test_write_back_replaces_an_unchanged_file(tmp_path: Path) -> None:
    path = tmp_path / "siti.md"
    path.write_bytes(FILE.encode())
    frontmatter.write_back(path, b"---\nname: X\n---\n", frontmatter.digest(FILE.encode()))
    assert path.read_bytes() == b"---\nname: X\n---\n"
    assert [p.name for p in tmp_path.iterdir()] == ["siti.md"]


def test_create_never_replaces_a_file(tmp_path: Path) -> None:
    path = tmp_path / "pillars" / "siti.md"
    frontmatter.create(path, b"satu")
    with pytest.raises(FileExistsError):
        frontmatter.create(path, b"dua")
    assert path.read_bytes() == b"satu"


@pytest.mark.parametrize("text", ["---\n- a\n- b\n---\nx\n", "---\nname: [\n---\n", "no front\n"])
def test_a_file_that_holds_no_fields_is_refused(text: str) -> None:
    with pytest.raises((ValueError, yaml.YAMLError)):
        frontmatter.update(text.encode(), True, {"name": "X"})


def test_an_unticked_box_keeps_an_explicit_false_and_adds_nothing() -> None:
    with_false = b"---\nname: A\ndraft: false\n---\n"
    assert frontmatter.update(with_false, True, {"draft": False}) == with_false
    assert frontmatter.update(b"---\nname: A\n---\n", True, {"draft": False}) == (
        b"---\nname: A\n---\n"
    )
    assert frontmatter.update(b"---\ndraft: true\n---\n", True, {"draft": False}) == (
        b"---\ndraft: false\n---\n"
    )


def test_a_single_text_where_a_list_is_allowed_is_left_as_written() -> None:
    original = b"---\ntags: satu\n---\n"
    assert frontmatter.update(original, True, {"tags": ["satu"]}) == original
    assert frontmatter.update(original, True, {"tags": ["satu", "dua"]}) == (
        b"---\ntags:\n  - satu\n  - dua\n---\n"
    )


@pytest.mark.parametrize(
    ("before", "values", "after"),
    [
        ("summary: Lama  # dari rapat", {"summary": "Baru"}, "summary: Baru  # dari rapat"),
        ("summary: 'Lama # bukan'  # dari rapat", {"summary": "Baru"},
         "summary: Baru  # dari rapat"),
        ('summary: "Lama # bukan komentar"', {"summary": "Baru"}, "summary: Baru"),
        ("summary: Lama#bukan komentar", {"summary": "Baru"}, "summary: Baru"),
        ("summary: Lama  # rapat", {"summary": "Baru: ya"}, 'summary: "Baru: ya"  # rapat'),
        ("rank: 2 # peringkat", {"rank": 1}, "rank: 1 # peringkat"),
        ("name: Ñandú ✓ # nama", {"name": "Ñ Baru"}, "name: Ñ Baru # nama"),
        ("tags: [a, b]   # flow", {"tags": ["c"]}, "tags:   # flow\n  - c"),
        ("tags:  # daftar\n  - a\n  - b  # butir", {"tags": ["c", "d"]},
         "tags:  # daftar\n  - c\n  - d"),
        ("summary: |-  # blok\n  satu\n  dua", {"summary": "tiga"}, "summary: tiga  # blok"),
        ("summary: >  # lipat\n  satu\n  dua", {"summary": "a\nb"},
         "summary: |-  # lipat\n  a\n  b"),
        ("photo:   # nanti", {"photo": "a.jpg"}, "photo: a.jpg   # nanti"),
    ],
)  # fmt: skip
def test_a_changed_field_keeps_the_comment_ending_its_line(
    before: str, values: dict[str, object], after: str
) -> None:
    story = "Cerita tetap.\n"
    out = frontmatter.update(f"---\n{before}\nyear: 2019\n---\n{story}".encode(), True, values)
    assert out.decode() == f"---\n{after}\nyear: 2019\n---\n{story}"
    written = yaml.safe_load(out.decode().split("---\n")[1])
    assert {k: written[k] for k in values} == values


def test_a_kept_comment_keeps_the_files_crlf_line_ends() -> None:
    data = b"---\r\nsummary: Lama  # dari rapat\r\n---\r\nCerita.\r\n"
    out = frontmatter.update(data, True, {"summary": "Baru"})
    assert out == b"---\r\nsummary: Baru  # dari rapat\r\n---\r\nCerita.\r\n"


@pytest.mark.parametrize("mode", [0o644, 0o664, 0o600])
def test_write_back_keeps_the_file_s_mode(tmp_path: Path, mode: int) -> None:
    path = tmp_path / "profil.md"
    path.write_bytes(b"---\nname: A\n---\n")
    path.chmod(mode)
    frontmatter.write_back(path, b"---\nname: B\n---\n", frontmatter.digest(path.read_bytes()))
    assert path.read_bytes() == b"---\nname: B\n---\n"
    assert stat.S_IMODE(path.stat().st_mode) == mode


def test_a_new_file_gets_the_mode_of_any_new_file(tmp_path: Path) -> None:
    (tmp_path / "biasa.txt").write_bytes(b"")  # (as any program makes a file: umask applies)
    frontmatter.create(tmp_path / "baru.md", b"---\nname: A\n---\n")
    expected = stat.S_IMODE((tmp_path / "biasa.txt").stat().st_mode)
    assert stat.S_IMODE((tmp_path / "baru.md").stat().st_mode) == expected
