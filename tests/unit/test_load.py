from pathlib import Path

from generator.load import load_content, split_front_matter


def _write(root: Path, rel: str, data: bytes | str) -> None:
    path = root / rel
    path.parent.mkdir(parents=True, exist_ok=True)
    path.write_bytes(data.encode() if isinstance(data, str) else data)


def test_front_matter_split_gives_body_and_its_first_line() -> None:
    front, body, line = split_front_matter("---\nname: A\n---\nHello\n")  # type: ignore[misc]
    assert front == "name: A" and body == "Hello\n" and line == 4


def test_missing_or_unclosed_front_matter_are_problems() -> None:
    assert not isinstance(split_front_matter("name: A\n"), tuple)
    assert not isinstance(split_front_matter("---\nname: A\n"), tuple)
    assert not isinstance(split_front_matter(""), tuple)


def test_load_reads_markdown_and_yaml_profiles_with_lines(tmp_path: Path) -> None:
    _write(tmp_path, "categories.yaml", "- slug: psm\n  name: PSM\n")
    _write(tmp_path, "pillars/2019/a.md", "---\nname: A\nyear: 2019\n---\nStory\n")
    _write(tmp_path, "pillars/2019/b.yaml", "name: B\nstory: Text\n")
    _write(tmp_path, "pillars/2019/a.jpg", b"\xff\xd8")
    records, problems = load_content(tmp_path)
    assert not problems
    by_path = {r.path: r for r in records}
    assert by_path["pillars/2019/a.md"].fields["year"].line == 3
    assert by_path["pillars/2019/a.md"].body == "Story\n"
    assert by_path["pillars/2019/a.md"].is_markdown
    assert by_path["pillars/2019/b.yaml"].fields["story"].value == "Text"
    assert [r.kind for r in records] == ["category", "pillar", "pillar"]


def test_crlf_and_bom_files_report_editor_lines(tmp_path: Path) -> None:
    _write(tmp_path, "categories.yaml", "- slug: psm\n  name: PSM\n")
    _write(tmp_path, "pillars/x.md", b"\xef\xbb\xbf---\r\nname: A\r\nyear: 19x\r\n---\r\nS\r\n")
    records, _ = load_content(tmp_path)
    pillar = next(r for r in records if r.kind == "pillar")
    assert pillar.fields["year"].line == 3


def test_files_that_are_not_content_are_warned_about_and_skipped(tmp_path: Path) -> None:
    _write(tmp_path, "categories.yaml", "- slug: psm\n  name: PSM\n")
    _write(tmp_path, "pillars/2019/daftar.xlsx", b"PK")
    _write(tmp_path, "pillars/2019/Thumbs.db", b"x")
    _write(tmp_path, "catatan.txt", "x")
    _write(tmp_path, "arsip-foto/a.jpg", b"\xff\xd8")
    _write(tmp_path, "_lama/a.md", "---\nname: A\n---\n")
    _records, problems = load_content(tmp_path)
    assert {p.path for p in problems} == {
        "pillars/2019/daftar.xlsx",
        "catatan.txt",
        "arsip-foto/",
        "_lama/",
    }
    assert all(not p.is_error for p in problems)


PROFILE = "---\nname: Budi Santoso\nyear: 2019\n---\n"


def _unread(tmp_path: Path, rel: str, data: str = PROFILE) -> list[tuple[str, str, str]]:
    """The problems of a content folder holding one file that is not read, as text."""
    _write(tmp_path, "categories.yaml", "- slug: psm\n  name: PSM\n")
    _write(tmp_path, rel, data)
    records, problems = load_content(tmp_path)
    assert [r.kind for r in records] == ["category"] or rel.startswith("pillars/2O19")
    assert all(p.is_error for p in problems)
    return [(p.path, p.message, p.hint) for p in problems]


def test_a_profile_saved_by_notepad_as_txt_is_an_error_naming_the_new_name(
    tmp_path: Path,
) -> None:
    assert _unread(tmp_path, "pillars/2019/budi-santoso.txt") == [
        (
            "pillars/2019/budi-santoso.txt",
            "this profile is saved as a .txt file, so it is not published",
            "rename it to 'budi-santoso.md' (Windows may hide the '.txt' ending)",
        )
    ]


def test_a_press_release_without_an_ending_or_as_a_word_document_is_an_error(
    tmp_path: Path,
) -> None:
    assert _unread(tmp_path, "news/rilis") == [
        ("news/rilis", "this press release has no '.md' ending, so it is not published",
         "rename it to 'rilis.md'")
    ]  # fmt: skip
    (tmp_path / "news" / "rilis").unlink()
    assert _unread(tmp_path, "news/rilis.docx") == [
        (
            "news/rilis.docx",
            "Teladan reads text files (.md), not .docx documents, so this is not published",
            "copy its text into 'rilis.md' (see PANDUAN.md); keep documents outside content/",
        )
    ]


def test_a_folder_named_in_indonesian_is_an_error_naming_the_folder_teladan_reads(
    tmp_path: Path,
) -> None:
    assert _unread(tmp_path, "pilar/2019/budi-santoso.md") == [
        ("pilar/", "this is not a folder Teladan reads, so nothing in it is published",
         "rename the folder to 'pillars'")
    ]  # fmt: skip


def test_an_unknown_folder_holding_profiles_is_an_error(tmp_path: Path) -> None:
    assert _unread(tmp_path, "baru/budi-santoso.md") == [
        ("baru/", "this is not a folder Teladan reads, so the files in it are not published",
         "move them: profiles into pillars/<year>/, press releases into news/, pages into pages/")
    ]  # fmt: skip


def test_a_year_folder_typed_with_a_letter_o_is_an_error(tmp_path: Path) -> None:
    assert _unread(tmp_path, "pillars/2O19/budi-santoso.md") == [
        ("pillars/2O19/",
         "'2O19' is not a year; profiles go in a folder named after their selection year",
         "rename the folder to '2019'")
    ]  # fmt: skip


def test_a_content_file_at_the_top_of_content_is_an_error(tmp_path: Path) -> None:
    assert _unread(tmp_path, "site.yml", "title: X\n") == [
        ("site.yml", "Teladan does not read this file here, so it is not published",
         "rename it to site.yaml")
    ]  # fmt: skip
    (tmp_path / "site.yml").unlink()
    assert _unread(tmp_path, "budi-santoso.md")[0][2] == (
        "a profile goes in pillars/<year>/, a press release in news/, a page in pages/"
    )


def test_a_file_at_the_top_of_content_is_told_where_it_belongs(tmp_path: Path) -> None:
    """Only a name close to site.yaml, categories.yaml or provinces.yaml is told to take it."""
    files = {
        "tentang.md": ("---\ntitle: Tentang Program\n---\nIsi.\n",
                       "this looks like a page: move it into pages/"),
        "gita.md": ("---\nname: Gita\ncategory: psm\nyear: 2019\n---\n",
                    "this looks like a profile: move it into pillars/2019/"),
        "rilis.md": ("---\ntitle: Rilis\ndate: 2019-08-19\n---\n",
                     "this looks like a press release: move it into news/"),
        "catatan.yaml": ("a: 1\n", "a profile goes in pillars/<year>/, a press release in "
                         "news/, a page in pages/"),
        "kategori.yaml": ("- slug: psm\n", "rename it to categories.yaml"),
        "provinsi.yaml": ("- slug: aceh\n", "rename it to provinces.yaml"),
    }  # fmt: skip
    for name, (text, hint) in files.items():
        assert _unread(tmp_path, name, text) == [
            (name, "Teladan does not read this file here, so it is not published", hint)
        ]
        (tmp_path / name).unlink()


def test_symlink_out_of_content_is_refused(tmp_path: Path) -> None:
    outside = tmp_path / "outside.md"
    outside.write_text("---\nname: X\n---\n")
    content = tmp_path / "content"
    _write(content, "categories.yaml", "- slug: psm\n  name: PSM\n")
    (content / "pillars").mkdir()
    (content / "pillars" / "x.md").symlink_to(outside)
    records, problems = load_content(content)
    assert not [r for r in records if r.kind == "pillar"]
    assert "outside the content folder" in problems[0].message


def test_a_linked_folder_is_an_error_not_left_out_in_silence(tmp_path: Path) -> None:
    _write(tmp_path, "elsewhere/2019/budi-santoso.md", PROFILE)
    content = tmp_path / "content"
    _write(content, "categories.yaml", "- slug: psm\n  name: PSM\n")
    (content / "pillars").mkdir()
    (content / "pillars" / "2019").symlink_to(tmp_path / "elsewhere" / "2019")
    records, problems = load_content(content)
    assert [r.kind for r in records] == ["category"]
    assert [(p.path, p.is_error, p.hint) for p in problems] == [
        ("pillars/2019/", True, "copy the folder here instead of linking to it")
    ]


def test_a_markdown_profile_saved_as_yml_is_told_to_be_renamed(tmp_path: Path) -> None:
    _write(tmp_path, "categories.yaml", "- slug: psm\n  name: PSM\n")
    _write(tmp_path, "pillars/2019/tono.yml", "---\nname: Tono\nyear: 2019\n---\nCerita Tono.\n")
    _, problems = load_content(tmp_path)
    assert [(p.path, p.line, p.message, p.hint) for p in problems] == [
        ("pillars/2019/tono.yml", None,
         "this file is written like a .md file (fields between '---' lines, then text), but "
         "it is saved as .yml, so it cannot be read", "rename it to 'tono.md'")
    ]  # fmt: skip


def test_fields_after_a_second_dashes_line_are_not_taken_for_a_story(tmp_path: Path) -> None:
    _write(tmp_path, "categories.yaml", "- slug: psm\n  name: PSM\n")
    _write(tmp_path, "pillars/2019/tono.yml", "---\nname: Tono\n---\nyear: 2019\n")
    _, problems = load_content(tmp_path)
    assert [(p.line, p.hint) for p in problems] == [
        (3, "delete this '---' line (only a .md file has them, around its fields)")
    ]
