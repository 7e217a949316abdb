"""The command line in both languages: Indonesian for staff (the site's language, the default),
English on request (TELADAN_LANG=en, an English site); argparse's own messages included, and
no English sentence of the catalogs reaching a person whose site is Indonesian."""

from __future__ import annotations

import errno
import io
import locale
import os
import re
import shutil
import subprocess
import sys
from pathlib import Path

import pytest

from generator import i18n
from generator.cli import run
from generator.outputdir import output_trouble
from generator.processes import worker_pool
from tests import catalogs
from tests.conftest import FIXTURES, REPO, copy_site

CSV = "nama,kategori,provinsi,tahun\nSiti Contoh,psm,aceh,2019\n"


def _run(*args: str, capsys: pytest.CaptureFixture[str] | None = None) -> tuple[int, str, str]:
    """Exit code, output and errors; argparse's own messages go to sys.stderr (`capsys`)."""
    out, err = io.StringIO(), io.StringIO()
    try:
        code = run(list(args), out, err)
    except SystemExit as exc:
        code = int(exc.code or 0)
    printed = capsys.readouterr() if capsys else None
    return (
        code,
        out.getvalue() + (printed.out if printed else ""),
        err.getvalue() + (printed.err if printed else ""),
    )


@pytest.fixture
def no_choice(monkeypatch: pytest.MonkeyPatch) -> pytest.MonkeyPatch:
    """Nothing has chosen a language yet: no TELADAN_LANG, no site read, a system in "C"."""
    for variable in ("TELADAN_LANG", i18n.SITE_VARIABLE, "LANGUAGE", "LC_ALL", "LC_MESSAGES"):
        monkeypatch.delenv(variable, raising=False)
    monkeypatch.setenv("LANG", "C.UTF-8")
    return monkeypatch


# The same commands, as each language says it.
SAID = {
    "en": {
        "fine": r"^Content is fine \(\d+ warnings\) in \d+\.\d\d s$",
        "problems": r"Content has problems; fix the errors above \(\d+ errors, \d+ warnings\)",
        "built": r"^Built \d+ pages into .+ \(\d+ files written, 0 unchanged, 0 removed\)",
        "draft": "1 draft not published (draft: true): ",
        "unchanged": "Nothing has changed since the last build: ",
        "created": ": fill it in, then set draft: false to publish it",
        "template": "draft: true               # change to false to publish",
        "quotes": "NAME: the name has spaces but no quotes, so 'Coba' was read as something else",
        "imported": ": 1 profile created, 0 updated, 0 unchanged",
        "marker": "the fields below are updated when the spreadsheet is imported again",
        "missing": "teladan: the content folder '{folder}' does not exist",
        "required": "the following arguments are required: --category, --province, --year",
        "usage": "usage: teladan new pilar",
        "help": "show this help message and exit",
        "commands": "build the site into the output folder",
        "choice": "invalid choice: 'bild'",
        "port": "argument --port: '99999' is not a port; use a number from 1 to 65535",
    },
    "id": {
        "fine": r"^Konten sudah benar \(\d+ peringatan\) dalam \d+,\d\d detik$",
        "problems": r"Ada masalah di konten; perbaiki galat di atas \(\d+ galat, \d+ peringatan\)",
        "built": r"^\d+ halaman dibuat di .+ \(\d+ berkas ditulis, 0 tidak berubah, 0 dihapus\)",
        "draft": "1 draf tidak diterbitkan (draft: true): ",
        "unchanged": "Tidak ada yang berubah sejak pembuatan terakhir: ",
        "created": " sudah dibuat: isi berkasnya, lalu ubah menjadi draft: false untuk menerbitkannya",
        "template": "draft: true               # ubah menjadi false untuk menerbitkan",
        "quotes": "NAME: nama ini berisi spasi tetapi tidak diapit tanda kutip, sehingga 'Coba'",
        "imported": " sudah diimpor: 1 profil baru, 0 diperbarui, 0 tidak berubah",
        "marker": "isian di bawah ini diperbarui setiap kali tabelnya diimpor lagi",
        "missing": "teladan: folder konten '{folder}' tidak ada",
        "required": "argumen berikut wajib diisi: --category, --province, --year",
        "usage": "cara pakai: teladan new pilar",
        "help": "tampilkan bantuan ini lalu keluar",
        "commands": "buat situs ke folder output",
        "choice": "pilihan tidak dikenal: 'bild'",
        "port": "argumen --port: '99999' bukan nomor port; pakai angka 1 sampai 65535",
    },
}


@pytest.fixture(params=["en", "id"])
def said(request: pytest.FixtureRequest, monkeypatch: pytest.MonkeyPatch) -> dict[str, str]:
    """What the commands say, in each language in turn (TELADAN_LANG)."""
    monkeypatch.setenv("TELADAN_LANG", request.param)
    return SAID[request.param]


def test_check_and_build_speak_the_language(tmp_path: Path, said: dict[str, str]) -> None:
    content = copy_site("full", tmp_path)
    code, out, _ = _run("check", "--content", str(content))
    assert code == 0 and re.match(said["fine"], out.strip()), out
    args = ("build", "--content", str(content), "--output", str(tmp_path / "o"), "--no-search")
    code, out, _ = _run(*args)
    assert code == 0 and said["draft"] in out and re.search(said["built"], out, re.M), out
    code, out, _ = _run(*args)
    assert code == 0 and said["unchanged"] in out, out
    code, _, err = _run("check", "--content", str(FIXTURES / "broken" / "content"))
    assert code == 1 and re.search(said["problems"], err), err


def test_new_and_import_speak_the_language_also_in_the_files_they_write(
    tmp_path: Path, said: dict[str, str]
) -> None:
    content = copy_site("full", tmp_path)
    new = ("new", "pilar", "Uji Coba", "--category", "psm", "--province", "aceh", "--year", "2019")
    code, out, _ = _run(*new, "--content", str(content))
    assert code == 0 and said["created"] in out, out
    written = (content / "pillars" / "2019" / "uji-coba.md").read_text(encoding="utf-8")
    assert said["template"] in written
    unquoted = ("new", "pilar", "Uji", "Coba", "--category", "psm", "--province", "aceh")
    code, _, err = _run(*unquoted, "--year", "2019", "--content", str(content))
    assert code == 2 and said["quotes"] in err, err
    sheet = tmp_path / "pemenang.csv"
    sheet.write_text(CSV, encoding="utf-8")
    code, out, _ = _run("import", str(sheet), "--content", str(content))
    assert code == 0 and said["imported"] in out, out
    imported = (content / "pillars" / "2019" / "siti-contoh.md").read_text(encoding="utf-8")
    assert imported.startswith("---\n# teladan import: pemenang.csv") and said["marker"] in imported


def test_argparse_speaks_the_language_too(
    tmp_path: Path, capsys: pytest.CaptureFixture[str], said: dict[str, str]
) -> None:
    missing = tmp_path / "nope"
    code, _, err = _run("build", "--content", str(missing))
    assert code == 2 and said["missing"].format(folder=missing) in err, err
    code, _, err = _run("new", "pilar", "Siti", capsys=capsys)
    assert code == 2 and said["usage"] in err and said["required"] in err, err
    code, out, _ = _run("--help", capsys=capsys)
    assert code == 0 and said["help"] in out and said["commands"] in out, out
    code, _, err = _run("bild", capsys=capsys)
    assert code == 2 and said["choice"] in err, err
    code, _, err = _run("serve", "--port", "99999", capsys=capsys)
    assert code == 2 and said["port"] in err, err


# ------------------------------------------------------------------------- choosing a language


def _says_fine_in(content: Path) -> str:
    code, out, _ = _run("check", "--content", str(content))
    assert code == 0, out
    return "en" if out.startswith("Content is fine") else "id"


def test_the_sites_language_is_spoken_unless_teladan_lang_says_otherwise(
    tmp_path: Path, no_choice: pytest.MonkeyPatch
) -> None:
    content = copy_site("full", tmp_path)
    assert _says_fine_in(content) == "id"
    site = content / "site.yaml"
    site.write_text(site.read_text(encoding="utf-8").replace("language: id", "language: en"))
    assert _says_fine_in(content) == "en"
    no_choice.setenv("TELADAN_LANG", "id")
    assert _says_fine_in(content) == "id"


@pytest.mark.parametrize(
    ("system", "spoken"),
    [
        ("en_US.UTF-8", "en"),
        ("en_GB:id", "en"),
        ("id_ID.UTF-8", "id"),
        ("C.UTF-8", "id"),  # no language chosen: Indonesian
        ("fr_FR.UTF-8", "id"),  # a language the tool does not speak: Indonesian
    ],
)
def test_without_a_site_the_systems_language_then_indonesian(
    tmp_path: Path,
    no_choice: pytest.MonkeyPatch,
    capsys: pytest.CaptureFixture[str],
    system: str,
    spoken: str,
) -> None:
    no_choice.setenv("LANG", system)
    code, _, err = _run("check", "--content", str(tmp_path / "nope"))
    assert code == 2
    assert ("does not exist" in err) == (spoken == "en"), err
    code, _, err = _run("new", "pilar", "--content", str(tmp_path / "nope"), capsys=capsys)
    assert code == 2 and SAID[spoken]["usage"].removesuffix(" pilar") in err, err


@pytest.mark.parametrize(
    ("system", "spoken"),
    [("English_United States", "en"), ("Indonesian_Indonesia", "id"), ("French_France", "id")],
)
def test_on_windows_the_systems_locale_names_the_language(
    no_choice: pytest.MonkeyPatch, system: str, spoken: str
) -> None:
    # Windows sets no LANG: the locale the system gives Python names the language.
    no_choice.delenv("LANG")
    no_choice.setattr(sys, "platform", "win32")
    no_choice.setattr(locale, "getlocale", lambda *category: (system, "1252"))
    assert i18n.language() == spoken


def test_processes_a_build_starts_afresh_speak_the_sites_language(
    no_choice: pytest.MonkeyPatch,
) -> None:
    # Windows and macOS start a build's workers afresh ("spawn", as here without os.fork): a
    # new interpreter, which knows the site's language only through the environment.
    no_choice.delattr(os, "fork")
    for site, said in (("en", "Content is fine"), ("id", "Konten sudah benar")):
        i18n.use(site)
        pool = worker_pool(2, portable=True)
        assert pool is not None
        with pool:
            assert pool.submit(i18n.language).result() == site
            assert pool.submit(i18n._, "Content is fine").result() == said


# ------------------------------------------------------------- an Indonesian site, all through


def test_an_indonesian_site_gets_no_english_sentence_from_the_commands(
    tmp_path: Path, no_choice: pytest.MonkeyPatch, capsys: pytest.CaptureFixture[str]
) -> None:
    # The shipped sample (language: id) on a computer set to English: the site decides.
    no_choice.setenv("LANG", "en_US.UTF-8")
    content = tmp_path / "site" / "content"
    shutil.copytree(REPO / "content", content)
    sheet = tmp_path / "pemenang.csv"
    sheet.write_text(CSV + "Budi Contoh,psm,aceh,1800\n", encoding="utf-8")
    at = ("--content", str(content))
    build = ("build", *at, "--output", str(tmp_path / "o"), "--no-search")
    facts = ("--category", "psm", "--province", "aceh", "--year", "2019", *at)
    commands = [
        ("check", *at),
        build,
        build,  # (nothing changed)
        ("new", "pilar", "Uji Coba", *facts),
        ("new", "pilar", "Uji Coba", *facts),  # (it exists now)
        ("new", "pilar", "Uji", "Coba", *facts),  # (no quotes)
        ("new", "berita", "Kabar Baru", *at),
        ("import", str(sheet), *at),
        ("import", str(sheet), "--skip-invalid", *at),
        ("new", "pilar", "Siti", *at),
        ("build", *at, "--base-url", "contoh.id"),
        ("serve", *at, "--port", "0"),
        ("--help",),
        ("build", "--help", *at),
        ("new", "pilar", "--help", *at),
    ]
    said = []
    for command in commands:
        code, out, err = _run(*command, capsys=capsys)
        said.append(f"$ teladan {' '.join(command)}  → {code}\n{out}{err}")
    text = "\n".join(said)
    found = [catalogs.catalog("id"), catalogs.catalog("id", "argparse")]
    assert not catalogs.english_in(text, found), text
    for written in [*content.rglob("uji-coba.md"), *content.rglob("siti-contoh.md")]:
        assert not catalogs.english_in(written.read_text(encoding="utf-8"), found)
    assert "Konten sudah benar" in text and "halaman dibuat di" in text  # (the commands ran)


# A build that is stopped (Ctrl-C) as `teladan` runs it: the process ends with what it says.
STOPPED = (
    "import sys\nimport generator.building\n"
    "def stop(request): raise KeyboardInterrupt\n"
    "generator.building.build_site = stop\n"
    "from generator.cli import main\nmain(sys.argv[1:])\n"
)


def test_an_indonesian_site_gets_no_english_sentence_from_a_failed_build(
    tmp_path: Path, no_choice: pytest.MonkeyPatch
) -> None:
    # The engine's own lines: the output folder refused, full or read-only, a template mistake,
    # a menu entry leading nowhere, a build stopped with Ctrl-C.
    no_choice.setenv("LANG", "en_US.UTF-8")
    site = tmp_path / "site"
    content = site / "content"
    shutil.copytree(REPO / "content", content)
    at = ("--content", str(content), "--no-search")
    foreign = tmp_path / "milik-orang"
    foreign.mkdir()
    (foreign / "catatan.txt").write_text("jangan dihapus", encoding="utf-8")
    said = [_run("build", *at, "--output", str(foreign))]
    config = content / "site.yaml"
    config.write_text(
        config.read_text(encoding="utf-8").replace("path: berita/", "path: kabar/"), "utf-8"
    )
    said.append(_run("build", *at, "--output", str(tmp_path / "o")))  # (a warning only)
    config.write_text(
        config.read_text(encoding="utf-8").replace("theme: default", "theme: mine"), "utf-8"
    )
    templates = site / "themes" / "mine" / "templates"
    templates.mkdir(parents=True)
    (templates / "page.html").write_text(
        '{% extends "default/page.html" %}\n{% block title %}{{ page.titel }}{% endblock %}\n'
    )
    said.append(_run("build", *at, "--output", str(tmp_path / "o2")))
    stopped = subprocess.run(
        [sys.executable, "-c", STOPPED, "build", *at, "--output", str(tmp_path / "o3")],
        capture_output=True, text=True, timeout=120, check=False,
    )  # fmt: skip
    text = "\n".join(f"{code}\n{out}{err}" for code, out, err in said) + stopped.stderr
    for trouble in (errno.ENOSPC, errno.EROFS, errno.EACCES):
        found = output_trouble(OSError(trouble, os.strerror(trouble)), foreign, 5_000_000)
        text += f"\n{found}"
    assert [code for code, _, _ in said] == [1, 0, 1] and stopped.returncode == 130, text
    assert "tidak dibuat oleh teladan" in text and "'kabar/' bukan halaman situs" in text
    assert "kesalahan templat" in text and "teladan: dihentikan" in text
    assert "penyimpanannya penuh" in text and "5,0 MB" in text
    found = [catalogs.catalog("id"), catalogs.catalog("id", "argparse")]
    assert not catalogs.english_in(text, found), text


@pytest.mark.parametrize(
    ("language", "said"),
    [
        ("en", ['<html lang="en">', "There are problems in the content", "Fix the 2 problems"]),
        ("id", ['<html lang="id">', "Ada masalah di konten", "Perbaiki 2 masalah di bawah ini"]),
    ],
)
def test_the_previews_problem_page_speaks_the_language(
    monkeypatch: pytest.MonkeyPatch, language: str, said: list[str]
) -> None:
    from generator.problems import error
    from generator.serve import error_page, network_warning

    monkeypatch.setenv("TELADAN_LANG", language)
    problems = [error("a.md", 4, "<one>", "fix it"), error("b.md", None, "two")]
    page = error_page(problems).decode()
    assert all(text in page for text in said), page
    assert "&lt;one&gt;" in page  # (escaped)
    warning = network_warning("0.0.0.0") or ""
    assert warning.startswith("Warning: listening" if language == "en" else "Peringatan: ")


@pytest.mark.parametrize(
    ("language", "written"),
    [("en", ("1,234", "0.18", "19 August 2019")), ("id", ("1.234", "0,18", "19 Agustus 2019"))],
)
def test_numbers_and_dates_are_written_as_the_language_writes_them(
    monkeypatch: pytest.MonkeyPatch, language: str, written: tuple[str, str, str]
) -> None:
    import datetime

    monkeypatch.setenv("TELADAN_LANG", language)
    assert (i18n.number(1234), i18n.number(0.183, 2), i18n.date(datetime.date(2019, 8, 19))) == (
        written
    )
