"""Press kits (issue 23): a zip per press release and per year, whose files and credits match the
content, built the same byte for byte every time; a photo without a credit is a warning."""

from __future__ import annotations

import html
import os
import re
import shutil
import time
import zipfile
from pathlib import Path

import yaml

from generator import BuildReport, build, check
from tests.conftest import REPO, TODAY

SAMPLE = REPO / "content"
RELEASE = "mensos-temui-pemenang-pilar-sosial-teladan-2019"


def _front_matter(path: Path) -> dict[str, object]:
    """A content file's fields, read here with PyYAML (not with the generator's reader)."""
    text = path.read_text("utf-8")
    if path.suffix == ".md":
        text = text.split("---\n")[1]
    data = yaml.safe_load(text)
    assert isinstance(data, dict)
    return data


class _Kit(zipfile.ZipFile):
    """A kit, read by the names inside its one top folder (paket-media-<slug>/: two kits
    unzipped in one place do not overwrite each other's files)."""

    def folder(self) -> str:
        (top,) = {name.split("/", 1)[0] for name in super().namelist()}
        return top

    def namelist(self) -> list[str]:
        return [name.split("/", 1)[1] for name in super().namelist()]

    def read(self, name: str | zipfile.ZipInfo, pwd: bytes | None = None) -> bytes:
        return super().read(f"{self.folder()}/{name}", pwd)


def _credits(kit: zipfile.ZipFile) -> dict[str, tuple[str, str]]:
    """KREDIT.txt → {file: (credit, licence)}."""
    found: dict[str, tuple[str, str]] = {}
    blocks = kit.read("KREDIT.txt").decode("utf-8").replace("\r\n", "\n").split("\n\n")[1:]
    for block in blocks:
        lines = block.strip("\n").split("\n")
        fields = dict(line.strip().split(": ", 1) for line in lines[1:] if ": " in line)
        found[lines[0]] = (fields["Kredit"], fields["Lisensi"])
    return found


def _expected_photo_credit(fields: dict[str, object], own: str, licence: str) -> tuple[str, str]:
    site = _front_matter(SAMPLE / "site.yaml")
    return (
        str(fields.get(own) or site["photo_credit"]),
        str(fields.get(licence) or site["photo_license"]),
    )


def test_a_release_kit_holds_its_text_its_photos_and_their_credits(
    built_sample: tuple[Path, BuildReport],
) -> None:
    out, _ = built_sample
    release_file = SAMPLE / "news" / f"{RELEASE}.md"
    release = _front_matter(release_file)
    with _Kit(out / "berita" / RELEASE / "paket-media.zip") as kit:
        assert kit.folder() == f"paket-media-{RELEASE}"
        names = set(kit.namelist())
        pillars = release["pillars"]
        assert isinstance(pillars, list)
        own = release["photos"]
        assert isinstance(own, list)
        photos = {f"foto/{slug}.jpg" for slug in pillars}
        # A release's own photos keep their file's name (pertemuan-pemenang-2019.jpg).
        photos |= {f"foto/{Path(str(photo['file'])).stem}.jpg" for photo in own}
        assert names == {"KREDIT.txt", "siaran-pers.txt", "siaran-pers.md", *photos}
        credits = _credits(kit)
        assert set(credits) == names - {"KREDIT.txt"}  # every other file, with its credit
        for slug in pillars:
            profile = _front_matter(SAMPLE / "pillars" / "2019" / f"{slug}.md")
            expected = _expected_photo_credit(profile, "photo_credit", "photo_license")
            assert credits[f"foto/{slug}.jpg"] == expected
        for photo in own:
            assert credits[f"foto/{Path(str(photo['file'])).stem}.jpg"] == _expected_photo_credit(
                photo, "credit", "license"
            )
        assert credits["siaran-pers.txt"][0] == release["source"]
        # The text as written (Markdown), and as plain text without any markup.
        body = release_file.read_text("utf-8").split("---\n", 2)[2].strip()
        markdown = kit.read("siaran-pers.md").decode("utf-8")
        assert body.replace("\n", "\r\n") in markdown and str(release["title"]) in markdown
        text = kit.read("siaran-pers.txt").decode("utf-8")
        assert "Menteri Sosial Agus Gumiwang" in text and "<" not in text and "*" not in text
        # Each photo in the largest size the site publishes (the profile page's largest JPEG).
        for slug in pillars:
            page = (out / "pilar" / str(slug) / "index.html").read_text("utf-8")
            largest = re.search(r'<img src="\.\./\.\./([^"]+\.jpg)"', page)
            assert largest is not None
            assert kit.read(f"foto/{slug}.jpg") == (out / largest.group(1)).read_bytes()


def test_a_year_kit_holds_every_winner_of_the_year_with_a_photo(
    built_sample: tuple[Path, BuildReport],
) -> None:
    out, _ = built_sample
    winners = {}
    for path in (SAMPLE / "pillars").glob("*/*.md"):
        fields = _front_matter(path)
        years = [a.get("year") for a in fields.get("awards", [])] or [fields.get("year")]
        if 2019 in years and fields.get("photo") and not fields.get("draft"):
            winners[f"foto/{path.stem}.jpg"] = fields
    with _Kit(out / "tahun" / "2019" / "paket-media.zip") as kit:
        assert kit.folder() == "paket-media-2019"
        texts = {"KREDIT.txt", "pemenang-2019.txt", "pemenang-2019.md"}
        assert set(kit.namelist()) == texts | set(winners)
        credits = _credits(kit)
        for name, fields in winners.items():
            assert credits[name] == _expected_photo_credit(fields, "photo_credit", "photo_license")
        listing = kit.read("pemenang-2019.txt").decode("utf-8")
        assert all(str(fields["name"]) in listing for fields in winners.values())


def test_the_kits_are_linked_with_their_size(built_sample: tuple[Path, BuildReport]) -> None:
    out, _ = built_sample
    for folder in (out / "berita" / RELEASE, out / "tahun" / "2019"):
        page = html.unescape((folder / "index.html").read_text("utf-8"))
        size = (folder / "paket-media.zip").stat().st_size
        shown = f"{size / 1_000_000:.1f}".replace(".", ",") + " MB"
        if size < 100_000:
            shown = f"{-(-size // 1000)} KB"
        link = re.search(r'<a href="([^"]+)" download="([^"]+)">[^<]*\(ZIP, ([^)]+)\)</a>', page)
        assert link is not None and link.group(3) == shown
        # Saved under a name of its own: two kits downloaded do not overwrite each other.
        assert link.group(2) == f"paket-media-{folder.name}.zip"
        assert (folder / link.group(1)).resolve() == (folder / "paket-media.zip").resolve()
    # The English edition writes the size as English does.
    size = (out / "tahun" / "2019" / "paket-media.zip").stat().st_size
    english = (out / "en" / "tahun" / "2019" / "index.html").read_text("utf-8")
    assert f"(ZIP, {size / 1_000_000:.1f} MB, in Indonesian)" in english


def _entries(path: Path) -> list[tuple[str, tuple[int, ...], int, int]]:
    with zipfile.ZipFile(path) as kit:
        return [(i.filename, i.date_time, i.external_attr, i.CRC) for i in kit.infolist()]


def test_kits_are_byte_identical_from_build_to_build_and_keep_their_file(tmp_path: Path) -> None:
    content = tmp_path / "site" / "content"
    shutil.copytree(SAMPLE, content)
    first, second = tmp_path / "first", tmp_path / "second"
    assert build(content, first, today=TODAY).ok
    shutil.rmtree(content.parent / ".teladan-cache")  # a fresh build, not one reusing the first
    assert build(content, second, today=TODAY).ok
    kits = sorted(p.relative_to(first) for p in first.rglob("paket-media.zip"))
    assert len(kits) == 5  # 3 press releases, 2 years
    for kit in kits:
        assert (first / kit).read_bytes() == (second / kit).read_bytes(), kit
        entries = _entries(first / kit)
        assert [e[0] for e in entries] == sorted(e[0] for e in entries)  # in name order
        assert {(e[1], e[2]) for e in entries} == {((1980, 1, 1, 0, 0, 0), 0o100644 << 16)}
    # A build after an edit elsewhere keeps the unchanged kit's file (and its date); the kit of
    # the edited release is made again.
    year_kit = second / "tahun" / "2019" / "paket-media.zip"
    before = year_kit.stat()
    release = content / "news" / f"{RELEASE}.md"
    release.write_text(release.read_text("utf-8").replace("resmi ditutup", "ditutup"), "utf-8")
    assert build(content, second, today=TODAY).ok
    assert year_kit.stat().st_mtime_ns == before.st_mtime_ns
    assert year_kit.stat().st_ino == before.st_ino
    text = _Kit(second / "berita" / RELEASE / "paket-media.zip").read("siaran-pers.md")
    assert b"2019 ditutup di Jakarta" in text


def test_a_photo_without_a_credit_is_a_warning_naming_the_file(tmp_path: Path) -> None:
    content = tmp_path / "site" / "content"
    shutil.copytree(SAMPLE, content)
    site = content / "site.yaml"
    site.write_text(re.sub(r"photo_credit: .*\n", "", site.read_text("utf-8")), "utf-8")
    report = check(content, today=TODAY)
    uncredited = [p for p in report.problems if "without a credit" in p.message]
    assert uncredited and not any(p.is_error for p in uncredited)
    ujang = next(p for p in uncredited if p.path.endswith("pillars/2019/ujang-saepudin.md"))
    assert "'ujang-saepudin.jpg'" in ujang.hint and ujang.line == 11
    # Profiles with a credit of their own are not named.
    assert not any(p.path.endswith("cut-nurul-azizah.md") for p in uncredited)
    # The kit says the credit is missing rather than leaving it out.
    assert build(content, tmp_path / "out", today=TODAY).ok
    with _Kit(tmp_path / "out" / "tahun" / "2019" / "paket-media.zip") as kit:
        assert _credits(kit)["foto/ujang-saepudin.jpg"][0] == "belum dicantumkan"


def test_an_unchanged_kit_is_not_made_again_even_for_another_output_folder(
    tmp_path: Path,
) -> None:
    """A kit is made once for what it holds and kept in the build cache: a build into a new
    folder gets the very file (same inode and date) an earlier build made, not a zip written
    anew; a kit whose text changed is a new file."""
    content = tmp_path / "site" / "content"
    shutil.copytree(SAMPLE, content)
    first, second = tmp_path / "first", tmp_path / "second"
    assert build(content, first, today=TODAY).ok
    release = content / "news" / f"{RELEASE}.md"
    release.write_text(release.read_text("utf-8").replace("resmi ditutup", "ditutup"), "utf-8")
    assert build(content, second, today=TODAY).ok
    year = Path("tahun", "2019", "paket-media.zip")
    was, now = (first / year).stat(), (second / year).stat()
    assert (now.st_ino, now.st_mtime_ns) == (was.st_ino, was.st_mtime_ns)
    edited = Path("berita", RELEASE, "paket-media.zip")
    assert (second / edited).stat().st_ino != (first / edited).stat().st_ino
    # The site's copy can be read by a web server running as another user.
    assert now.st_mode & 0o044 == 0o044


def test_builds_at_other_addresses_keep_each_others_kits_until_long_unused(
    tmp_path: Path,
) -> None:
    """A preview (its own address, drafts shown) runs while a build makes and links its kits:
    neither removes the other's kits. Kits no build or preview has used for a day go."""
    content = tmp_path / "site" / "content"
    shutil.copytree(SAMPLE, content)
    kits = content.parent / ".teladan-cache" / "kits"
    assert build(content, tmp_path / "site-out", today=TODAY).ok
    (published,) = list(kits.iterdir())
    made = {p.name: p.stat().st_mtime_ns for p in published.iterdir()}
    other = "http://127.0.0.1:8000/"
    assert build(content, tmp_path / "a", today=TODAY, base_url=other, include_drafts=True).ok
    assert len(list(kits.iterdir())) == 2
    assert {p.name: p.stat().st_mtime_ns for p in published.iterdir()} == made
    day_ago = time.time() - 25 * 3600
    os.utime(published, (day_ago, day_ago))
    assert build(content, tmp_path / "b", today=TODAY, base_url=other, include_drafts=True).ok
    assert len(list(kits.iterdir())) == 1 and not published.exists()


def test_a_kit_speaks_the_sites_main_language(tmp_path: Path) -> None:
    """The kit's own words (KREDIT.txt's labels, a year's list of winners) come from the theme in
    the site's main language, like its pages: English on a site whose main language is English."""
    content = tmp_path / "site" / "content"
    shutil.copytree(SAMPLE, content)
    for translation in content.rglob("*.en.md"):  # (English is now the main edition itself)
        translation.unlink()
    site = content / "site.yaml"
    site.write_text(re.sub(r"(?m)^language: .*$", "language: [en, id]", site.read_text("utf-8")))
    ujang = content / "pillars" / "2019" / "ujang-saepudin.md"  # a participant, without a rank
    ujang.write_text(ujang.read_text("utf-8").replace("rank: 1\n", ""), "utf-8")
    out = tmp_path / "out"
    assert build(content, out, today=TODAY).ok
    with _Kit(out / "tahun" / "2019" / "paket-media.zip") as kit:
        credits = kit.read("KREDIT.txt").decode("utf-8")
        winners = kit.read("pemenang-2019.txt").decode("utf-8")
    assert credits.startswith("Press kit: ")
    assert "\r\n  Credit: " in credits and "\r\n  Licence: " in credits
    assert "Kredit" not in credits and "Lisensi" not in credits
    assert "- Participant: " in winners and "Peserta" not in winners
    assert "- First place: " in winners and "Juara" not in winners


def test_a_press_photo_problem_points_at_its_own_line(tmp_path: Path) -> None:
    content = tmp_path / "content"
    shutil.copytree(SAMPLE, content)
    release = content / "news" / f"{RELEASE}.md"
    text = release.read_text("utf-8")
    text = text.replace("    caption: ", "    keterangan: ", 1).replace(
        "    license: CC BY 4.0\n", "    license: CC BY 4.0\n  - file: tidak-ada.jpg\n", 1
    )
    release.write_text(text, "utf-8")
    lines = text.split("\n")
    first = lines.index("  - file: pertemuan-pemenang-2019.jpg") + 1
    report = check(content, today=TODAY)
    found = sorted(
        (p.line, p.is_error, p.message) for p in report.problems if p.path.endswith(release.name)
    )
    assert found == [
        (first, True, "photo 1 ('pertemuan-pemenang-2019.jpg') has no caption"),
        (
            first + 1,
            False,
            "photo 1: unknown field 'keterangan' is ignored; did you mean 'caption'?",
        ),
        (first + 4, True, "photo 2: file 'tidak-ada.jpg' is not next to the press release"),
    ]
