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


def test_unknown_files_are_warned_about_and_skipped(tmp_path: Path) -> None:
    _write(tmp_path, "categories.yaml", "- slug: psm\n  name: PSM\n")
    _write(tmp_path, "pillars/2019/cerita.docx", b"PK")
    _write(tmp_path, "catatan.txt", "x")
    _records, problems = load_content(tmp_path)
    assert {p.path for p in problems} == {"pillars/2019/cerita.docx", "catatan.txt"}
    assert all(not p.is_error for p in problems)


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
