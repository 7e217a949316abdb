import datetime
import io
import os
import re
import shlex
import shutil
import subprocess
import sys
import time
import tomllib
from pathlib import Path

import pytest

from generator import __version__
from generator.cli import run
from tests.conftest import FIXTURES, copy_fixture, copy_site, linux_only


def _run(*args: str) -> tuple[int, str, str]:
    out, err = io.StringIO(), io.StringIO()
    code = run(list(args), out, err)
    return code, out.getvalue(), err.getvalue()


def test_build_prints_a_one_line_summary_and_exits_0(tmp_path: Path) -> None:
    code, out, _ = _run(
        "build", "--content", str(FIXTURES / "full" / "content"), "--output", str(tmp_path / "o")
    )
    assert code == 0
    summary = out.splitlines()[-1]  # (after the line naming the fixture's draft)
    assert (
        summary.startswith("Built ")
        and "pages" in summary
        and "warning" in summary
        and summary.endswith(" s")
    )
    assert (tmp_path / "o" / "index.html").is_file()


def test_check_exits_1_on_content_problems() -> None:
    code, _, err = _run("check", "--content", str(FIXTURES / "broken" / "content"))
    assert code == 1 and "Content has problems" in err


def test_missing_content_folder_is_a_usage_error(tmp_path: Path) -> None:
    code, _, err = _run("build", "--content", str(tmp_path / "nope"))
    assert code == 2 and "does not exist" in err


def test_unknown_command_is_a_usage_error() -> None:
    with pytest.raises(SystemExit) as exc:
        _run("bild")
    assert exc.value.code == 2


def test_version(capsys: pytest.CaptureFixture[str]) -> None:
    with pytest.raises(SystemExit) as exc:
        _run("--version")
    assert exc.value.code == 0
    assert __version__ in capsys.readouterr().out


def test_base_url_option_changes_absolute_urls_only(tmp_path: Path) -> None:
    out = tmp_path / "o"
    code, _, _ = _run("build", "--content", str(FIXTURES / "full" / "content"), "--output", str(out),
                      "--base-url", "https://pilar.example.id/teladan")  # fmt: skip
    assert code == 0
    assert "https://pilar.example.id/teladan/sitemap.xml" in (out / "robots.txt").read_text()
    assert 'href="/teladan/kategori/"' in (out / "404.html").read_text()
    assert 'href="kategori/"' in (out / "index.html").read_text()


def test_build_refuses_a_foreign_output_folder(tmp_path: Path) -> None:
    out = tmp_path / "o"
    out.mkdir()
    (out / "keep.txt").write_text("mine")
    code, _, err = _run(
        "build", "--content", str(FIXTURES / "full" / "content"), "--output", str(out)
    )
    assert code == 1 and "not made by teladan" in err
    assert (out / "keep.txt").read_text() == "mine"


@pytest.mark.parametrize("through", ["output/../arsip", "output/x/../../arsip"])
def test_a_foreign_folder_named_through_a_folder_yet_to_be_made_is_refused_too(
    tmp_path: Path, through: str
) -> None:
    # (the build makes output/ first, and output/../arsip is then the folder arsip: its files
    # were deleted when only the path as written was checked)
    (tmp_path / "arsip").mkdir()
    (tmp_path / "arsip" / "laporan.docx").write_text("mine")
    content = str(FIXTURES / "full" / "content")
    code, _, err = _run("build", "--content", content, "--output", str(tmp_path / through))
    assert code == 1 and "not made by teladan" in err, err
    assert (tmp_path / "arsip" / "laporan.docx").read_text() == "mine"
    assert [p.name for p in (tmp_path / "arsip").iterdir()] == ["laporan.docx"]


def test_template_typo_fails_the_build_naming_template_and_line(tmp_path: Path) -> None:
    site = tmp_path / "site"
    copy_fixture("full", site)
    (site / "content" / "site.yaml").write_text(
        (site / "content" / "site.yaml").read_text() + "theme: mine\n"
    )
    templates = site / "themes" / "mine" / "templates"
    templates.mkdir(parents=True)
    (templates / "page.html").write_text(
        '{% extends "default/page.html" %}\n{% block title %}{{ page.titel }}{% endblock %}\n'
    )
    code, _, err = _run(
        "build", "--content", str(site / "content"), "--output", str(tmp_path / "o")
    )
    assert code == 1
    assert "page.html:2: template error" in err and "titel" in err
    assert not (tmp_path / "o").exists()


def test_no_arguments_prints_help_and_exits_2() -> None:
    code, _, err = _run()
    assert code == 2 and "usage: teladan" in err and "build" in err


def test_bad_base_url_is_a_usage_error(tmp_path: Path) -> None:
    code, _, err = _run(
        "build",
        "--content",
        str(FIXTURES / "full" / "content"),
        "--output",
        str(tmp_path / "o"),
        "--base-url",
        "foo",
    )
    assert code == 2 and "--base-url 'foo'" in err
    assert not (tmp_path / "o").exists()


def test_site_settings_that_lead_nowhere_are_warned_about(tmp_path: Path) -> None:
    site = tmp_path / "site"
    copy_fixture("full", site)
    config = site / "content" / "site.yaml"
    config.write_text(
        config.read_text().replace("language: id", "language: fr")
        + "  - label: Kontak\n    path: kontak/\n"
    )
    code, _, err = _run(
        "build", "--content", str(site / "content"), "--output", str(tmp_path / "o")
    )
    assert code == 0
    assert "site.yaml: warning: navigation: 'kontak/' is not a page of this site" in err
    assert "no words for language 'fr'" in err


def test_draft_builds_mark_drafts_and_keep_them_out_of_search_engines(tmp_path: Path) -> None:
    out = tmp_path / "o"
    code, _, err = _run(
        "build", "--content", str(FIXTURES / "full" / "content"), "--output", str(out), "--drafts",
        "-v",  # every warning, not a few of each kind
    )  # fmt: skip
    assert code == 0
    page = (out / "pilar" / "draf-rahasia" / "index.html").read_text()
    assert 'class="draft-marker"' in page and '<meta name="robots" content="noindex">' in page
    assert "draf-rahasia" not in (out / "sitemap.xml").read_text()
    assert "draf-rahasia.md:1: warning: no photo" in err  # a draft's warnings show once it is built


def test_a_build_names_the_drafts_and_scheduled_items_it_left_out(tmp_path: Path) -> None:
    content = copy_site("full", tmp_path)
    draft = (content / "pillars" / "2023" / "draf-rahasia.md").read_text()
    for n in range(2, 6):  # five drafts in all: three are named, the others counted
        (content / "pillars" / "2023" / f"draf-{n}.md").write_text(draft)
    (content / "pillars" / "2023" / "nanti.md").write_text(
        draft.replace("draft: true", "date: 2999-01-01")
    )
    past = time.time() - 60  # (files changed just now are read again by the next build)
    for path in (content, *content.rglob("*")):
        os.utime(path, (past, past))
    build = ("build", "--content", str(content), "--output", str(tmp_path / "o"))
    lines = []
    for _ in range(2):  # the first build, then the one that finds that nothing has changed
        code, out, _ = _run(*build)
        assert code == 0
        lines.append(out.splitlines()[:-1])
    assert "Nothing has changed" in out
    drafts, scheduled = lines[0]
    assert drafts.startswith("5 drafts not published (draft: true): ")
    assert drafts.count("draf-") == 3 and drafts.endswith(" and 2 more")
    assert "pillars/2023/draf-2.md" in drafts.replace(os.sep, "/")
    assert scheduled.startswith("1 scheduled item not published yet (dated after today): ")
    assert scheduled.replace(os.sep, "/").endswith("content/pillars/2023/nanti.md")
    assert lines[1] == lines[0]
    code, out, _ = _run(*build, "--drafts")
    assert code == 0 and len(out.splitlines()) == 1  # all of them are in the site


def test_a_failed_build_says_output_is_unchanged_only_when_there_is_one(tmp_path: Path) -> None:
    content, out = copy_site("full", tmp_path), tmp_path / "o"
    profile = content / "pillars" / "2023" / "draf-rahasia.md"
    good = profile.read_text()
    profile.write_text(good.replace("draft: true", "rank: 7"))
    code, _, err = _run("build", "--content", str(content), "--output", str(out))
    assert code == 1 and not out.exists()
    assert err.splitlines()[-1].startswith("Nothing was written (1 error")  # (no output/ yet)
    profile.write_text(good)
    assert _run("build", "--content", str(content), "--output", str(out))[0] == 0
    profile.write_text(good.replace("draft: true", "rank: 7"))
    code, _, err = _run("build", "--content", str(content), "--output", str(out))
    assert code == 1
    assert err.splitlines()[-1].startswith(f"Nothing was written; {out} is unchanged (1 error")


def test_draft_warnings_wait_until_drafts_are_built(tmp_path: Path) -> None:
    code, _, err = _run(
        "build", "--content", str(FIXTURES / "full" / "content"), "--output", str(tmp_path / "o")
    )
    assert code == 0 and "draf-rahasia" not in err


def test_new_profile_is_a_draft_with_hints_and_never_overwrites(tmp_path: Path) -> None:
    content = tmp_path / "content"
    shutil.copytree(FIXTURES / "full" / "content", content)
    args = (
        "new",
        "pilar",
        "Siti Aminah",
        "--category",
        "TKSK",
        "--province",
        "Jabar",
        "--year",
        "2019",
        "--content",
        str(content),
    )
    code, out, _ = _run(*args)
    path = content / "pillars" / "2019" / "siti-aminah.md"
    assert code == 0 and str(path) in out
    text = path.read_text()
    assert "category: tksk\nprovince: jawa-barat\nyear: 2019\n" in text
    assert "# photo_alt:" in text and "draft: true" in text
    path.write_text(text + "Kisah yang sudah ditulis.\n")
    code, _, err = _run(*args)
    assert code == 2 and "already exists" in err
    # (the hint once said to name the person "Siti Aminah 2", which the page then showed)
    assert "'siti-aminah-jawa-barat.md'" in err and "the name shown stays 'Siti Aminah'" in err
    assert path.read_text().endswith("Kisah yang sudah ditulis.\n")
    code, _, _ = _run("check", "--content", str(content), "--drafts")
    assert code == 0  # the new file is valid as it stands


def test_new_press_release_is_dated_today(tmp_path: Path) -> None:
    content = tmp_path / "content"
    shutil.copytree(FIXTURES / "full" / "content", content)
    code, _, _ = _run("new", "berita", "Pemenang Baru Diumumkan", "--content", str(content))
    text = (content / "news" / "pemenang-baru-diumumkan.md").read_text()
    assert code == 0 and f"date: {datetime.date.today().isoformat()}" in text


def test_new_profile_with_unknown_province_suggests_one(tmp_path: Path) -> None:
    code, _, err = _run("new", "pilar", "X", "--category", "psm", "--province", "jawa baratt", "--year", "2019",
                        "--content", str(FIXTURES / "full" / "content"))  # fmt: skip
    assert code == 2 and "did you mean 'jawa-barat'?" in err


def test_quiet_hides_warnings_and_verbose_shows_stage_times(tmp_path: Path) -> None:
    base = (
        "build",
        "--content",
        str(FIXTURES / "full" / "content"),
        "--output",
        str(tmp_path / "o"),
    )
    code, out, err = _run(*base, "--quiet")
    assert code == 0 and out == "" and "warning" not in err
    code, out, _ = _run(*base[:-1], str(tmp_path / "other"), "--verbose")
    assert code == 0 and "render" in out and "write" in out
    code, out, _ = _run(*base, "--verbose")  # nothing changed since the first build into o/
    assert code == 0 and "unchanged" in out and "render" not in out
    assert "Nothing has changed since the last build" in out and " in 0.00 s" not in out


def test_an_edit_reports_the_search_index_apart_from_the_sites_files(tmp_path: Path) -> None:
    copy_fixture("full", tmp_path / "site")
    content, output = tmp_path / "site" / "content", tmp_path / "out"
    args = ("build", "--content", str(content), "--output", str(output))
    assert _run(*args)[0] == 0
    profile = content / "pillars" / "2019" / "citra-dewi.md"
    profile.write_text(profile.read_text(encoding="utf-8") + "\nSatu kalimat baru.\n")
    code, out, _ = _run(*args)
    # Pagefind replaces its files under new names: they are not "removed" files of the site.
    assert code == 0 and "0 removed; search index updated)" in out, out
    code, out, _ = _run(*args, "--no-search")
    assert code == 0 and "search index removed" in out, out


def test_many_warnings_alike_are_counted_and_verbose_lists_them(tmp_path: Path) -> None:
    copy_fixture("full", tmp_path / "site")
    content = tmp_path / "site" / "content"
    original = (content / "pillars" / "2019" / "citra-dewi.md").read_text(encoding="utf-8")
    for n in range(5):  # more profiles without a photo
        (content / "pillars" / "2019" / f"salinan-{n}.md").write_text(original, encoding="utf-8")
    code, _, every = _run("check", "--content", str(content), "-v")
    total = every.count(": warning: no photo;")
    assert code == 0 and total >= 5 + 2 and "more like this" not in every
    code, _, err = _run("check", "--content", str(content))
    assert err.count(": warning: no photo;") == 3  # the first ones in full, the rest counted
    assert f"warning: {total - 3} more like this: no photo; the page shows the initials" in err


@pytest.mark.parametrize("closed", [">&-", "2>&-"])
def test_the_command_runs_with_its_output_closed(tmp_path: Path, closed: str) -> None:
    # (a service runner may start it so; Python then has no sys.stdout or sys.stderr at all)
    copy_fixture("full", tmp_path / "site")
    out = tmp_path / "out"
    command = (
        f"exec {shlex.quote(sys.executable)} -m generator build --no-search "
        f"--content {shlex.quote(str(tmp_path / 'site' / 'content'))} "
        f"--output {shlex.quote(str(out))} {closed}"
    )
    done = subprocess.run(["sh", "-c", command], capture_output=True, text=True, check=False)
    assert done.returncode == 0, done.stdout + done.stderr
    assert (out / "index.html").is_file() and "Traceback" not in done.stdout + done.stderr


def test_a_reader_that_went_away_stops_the_command_quietly(tmp_path: Path) -> None:
    copy_fixture("full", tmp_path / "site")
    content = tmp_path / "site" / "content"
    gone, pipe = os.pipe()
    os.close(gone)  # as after `teladan build | head -1` has read its line
    try:
        done = subprocess.run(
            [sys.executable, "-m", "generator", "build", "--no-search", "--content", str(content),
             "--output", str(tmp_path / "out")],
            stdout=pipe, stderr=subprocess.PIPE, text=True, check=False,
        )  # fmt: skip
    finally:
        os.close(pipe)
    assert done.returncode == 141 and "Traceback" not in done.stderr, done.stderr
    assert (tmp_path / "out" / "index.html").is_file()  # (the build itself was done)


@linux_only
def test_a_build_waits_for_the_one_before_it_to_finish_saving_and_says_so(
    tmp_path: Path,
) -> None:
    import time

    from generator.cache import CACHE_FOLDER
    from generator.processes import build_lock, run_detached

    copy_fixture("full", tmp_path / "site")
    content = tmp_path / "site" / "content"
    saved = tmp_path / "saved"

    def saving() -> None:  # a build still saving its memo, holding the lock until it is done
        time.sleep(1.0)
        saved.write_text("done")

    with build_lock(content.parent / CACHE_FOLDER):
        assert run_detached(saving)
    code, _, err = _run(
        "build", "--content", str(content), "--output", str(tmp_path / "o"), "--no-search"
    )
    assert code == 0 and "waiting for the build before this one to finish" in err
    assert saved.exists()  # the build went on only once the one before it had finished


ROOT = FIXTURES.parent.parent


def test_ctrl_c_while_the_command_starts_stops_with_one_line(tmp_path: Path) -> None:
    # Ctrl-C while the command's modules are still being imported, made certain by a module
    # that is interrupted as it loads (yaml: imported in the first moments of every command).
    (tmp_path / "yaml.py").write_text("raise KeyboardInterrupt\n")
    env = {**os.environ, "PYTHONPATH": f"{tmp_path}{os.pathsep}{ROOT}"}
    entry_point = tomllib.loads((ROOT / "pyproject.toml").read_text())["project"]["scripts"]
    module, _, function = entry_point["teladan"].partition(":")
    as_installed = f"import sys; from {module} import {function}; sys.exit({function}())"
    for command in (["-m", "generator"], ["-c", as_installed]):
        result = subprocess.run(
            [sys.executable, *command, "check"], cwd=tmp_path, env=env,
            capture_output=True, text=True, check=False,
        )  # fmt: skip
        assert (result.returncode, result.stderr.strip()) == (130, "teladan: stopped")


def test_help_and_readme_list_the_same_exit_codes() -> None:
    from generator.arguments import EXIT_CODES, exit_codes_text

    readme = " ".join((ROOT / "README.md").read_text("utf-8").split())
    assert exit_codes_text() in readme
    result = subprocess.run(
        [sys.executable, "-m", "generator", "--help"], capture_output=True, text=True,
        env={**os.environ, "PYTHONPATH": str(ROOT)}, check=True,
    )  # fmt: skip
    assert " ".join(exit_codes_text().replace("`", "").split()) in " ".join(result.stdout.split())
    assert {code for code, _ in EXIT_CODES} >= {0, 1, 2, 70, 130, 141}


def test_every_build_writes_the_nojekyll_file_github_pages_needs(tmp_path: Path) -> None:
    # (the README once said to add it, without saying where: output/ is replaced by each build)
    code, _, _ = _run(
        "build", "--content", str(FIXTURES / "full" / "content"), "--output", str(tmp_path / "o")
    )
    assert code == 0 and (tmp_path / "o" / ".nojekyll").read_bytes() == b""
    assert "Every build writes the empty `.nojekyll`" in (ROOT / "README.md").read_text("utf-8")


CTRL_C_IN_A_POOL = """
import os, signal, sys
from generator.processes import worker_pool

def task(i):
    if i == 3:  # Ctrl-C, as a terminal sends it: to every process of the command
        os.killpg(0, signal.SIGINT)
    return sum(range(20_000))

if __name__ == "__main__":
    try:
        with worker_pool(2) as pool:
            list(pool.map(task, range(20_000)))
    except KeyboardInterrupt:  # (as the command line ends then: waiting for nothing)
        print("stopped", file=sys.stderr, flush=True)
        os._exit(130)
"""


def test_ctrl_c_while_workers_run_stops_the_pool_without_tracebacks(tmp_path: Path) -> None:
    # (workers used to print a KeyboardInterrupt traceback each, and a build of 1,500 profiles
    # interrupted while checking its files could wait for its pool forever)
    script = tmp_path / "interrupted.py"
    script.write_text(CTRL_C_IN_A_POOL)
    for _ in range(3):
        result = subprocess.run(
            [sys.executable, str(script)], env={**os.environ, "PYTHONPATH": str(ROOT)},
            capture_output=True, text=True, start_new_session=True, timeout=120, check=False,
        )  # fmt: skip
        assert (result.returncode, result.stderr) == (130, "stopped\n")


def test_office_lock_and_temporary_files_in_content_are_ignored_silently(tmp_path: Path) -> None:
    # Excel keeps '~$pemenang.xlsx' beside a workbook while it is open; Word leaves '~WRL….tmp'.
    content = copy_site("full", tmp_path)
    for name in ("~$pemenang.xlsx", "~WRL0001.tmp", "news/~$rilis.docx", ".~lock.pemenang.xlsx#"):
        (content / name).write_bytes(b"\x00lock")
    code, _, err = _run("check", "--content", str(content))
    assert code == 0 and "~" not in err, err


@pytest.mark.parametrize("port", ["99999", "0", "delapan"])
def test_serve_refuses_a_port_that_does_not_exist(port: str) -> None:
    # (99999 used to print "Preview at http://127.0.0.1:99999/" while the system listened on
    # another port; the time limit ends a preview that starts anyway)
    content = str(FIXTURES / "full" / "content")
    result = subprocess.run(
        [sys.executable, "-m", "generator", "serve", "--content", content, "--port", port],
        capture_output=True, text=True, timeout=60, check=False,
    )  # fmt: skip
    assert result.returncode == 2 and "is not a port" in result.stderr, result.stderr


OPTION = re.compile(r"(?<![\w-])-{1,2}[a-z][\w-]*")


@pytest.mark.parametrize(
    "command", ["build", "check", "serve", "new pilar", "new berita", "import"]
)
def test_the_readme_synopsis_lists_every_option_of_each_command(
    command: str, capsys: pytest.CaptureFixture[str]
) -> None:
    with pytest.raises(SystemExit):
        _run(*command.split(), "--help")
    usage = capsys.readouterr().out.split("\n\n")[0]  # (usage: teladan check [-h] [...])
    options = set(OPTION.findall(usage)) - {"-h"}
    readme = (ROOT / "README.md").read_text("utf-8")
    block = readme.split("## The command line")[1].split("```")[1]
    # a command's lines: its own, and the indented ones that carry it on
    lines = re.findall(rf"^teladan {command}\b.*(?:\n +.*)*", block, re.MULTILINE)
    assert lines, command
    assert options <= set(OPTION.findall(" ".join(lines))), command
