#!/usr/bin/env python3
"""Convert a Teladan benchmark corpus for Hugo and Eleventy, then time a cold build of each.

    python benchmarks/others/compare.py CORPUS_DIR [--work DIR] [--only hugo,eleventy]
                                        [--teladan] [--search] [--repeat K] [--convert-only]

CORPUS_DIR is a folder made by `python benchmarks/make_corpus.py N CORPUS_DIR` (profiles in
CORPUS_DIR/content/pillars/<year>/<slug>.md). Converted sites go to WORK (default
<temp dir>/teladan-others/<basename of CORPUS_DIR>/{hugo,eleventy,teladan}).
Conversion is not timed. Each timed build is cold: its output folder and caches are deleted
first. --teladan also times `python -m generator build --no-search` on a private copy of the
corpus (with no .teladan-cache), so all three can be compared in one sitting.
--search times the default build, the one users run: Teladan with its search index, and
Hugo and Eleventy each followed by Pagefind over its output (`pagefind --site OUT`, as their
users add it), whose time is added to theirs.
--repeat K runs K rounds, the generators interleaved within each round.
"""

from __future__ import annotations

import argparse
import json
import os
import re
import shutil
import subprocess
import sys
import tempfile
import time
from pathlib import Path

import yaml

HERE = Path(__file__).resolve().parent
HUGO_TEMPLATE = HERE / "hugo"
ELEVENTY_DIR = HERE / "eleventy"
ELEVENTY_TEMPLATE = ELEVENTY_DIR / "site"
ELEVENTY_CONFIG = ELEVENTY_DIR / "eleventy.config.mjs"
ELEVENTY_CMD = ELEVENTY_DIR / "node_modules" / "@11ty" / "eleventy" / "cmd.cjs"
HUGO = shutil.which("hugo") or "/usr/bin/hugo"
NODE = shutil.which("node") or "node"
TELADAN_REPO = HERE.parents[1]
sys.path.insert(0, str(TELADAN_REPO))
from generator.search import pagefind_binary  # noqa: E402

PAGEFIND = pagefind_binary() or "pagefind"
PROVINCES_YAML = TELADAN_REPO / "generator" / "data" / "provinces.yaml"
GNU_TIME = Path("/usr/bin/time")
RANKS = ("1", "2", "3", "harapan-1", "harapan-2", "harapan-3")
Loader = getattr(yaml, "CSafeLoader", yaml.SafeLoader)
FRONT = re.compile(r"\A---\n(.*?\n)---\n", re.S)

WRAPPER = """\
import resource, subprocess, sys, time
t = time.perf_counter()
rc = subprocess.run(sys.argv[2:]).returncode
wall = time.perf_counter() - t
r = resource.getrusage(resource.RUSAGE_CHILDREN)
open(sys.argv[1], "w").write(f"{wall} {r.ru_utime + r.ru_stime} {r.ru_maxrss}\\n")
sys.exit(rc)
"""


# ---------------------------------------------------------------- conversion


def read_profiles(content: Path) -> list[tuple[str, str, str, dict]]:
    """(slug, front matter text, body, parsed fields) of every profile."""
    out = []
    seen: dict[str, Path] = {}
    for path in sorted(content.glob("pillars/*/*.md")):
        text = path.read_text("utf-8")
        m = FRONT.match(text)
        if not m:
            raise SystemExit(f"{path}: no front matter")
        slug = path.stem
        if slug in seen:
            raise SystemExit(f"{path}: slug {slug} also used by {seen[slug]}")
        seen[slug] = path
        fields = yaml.load(m.group(1), Loader=Loader)
        out.append((slug, m.group(1), text[m.end() :], fields))
    return out


def site_data(content: Path) -> dict:
    categories = yaml.load((content / "categories.yaml").read_text("utf-8"), Loader=Loader)
    provinces = yaml.load(PROVINCES_YAML.read_text("utf-8"), Loader=Loader)
    site = yaml.load((content / "site.yaml").read_text("utf-8"), Loader=Loader)
    return {
        "site_title": site.get("title", "Pilar"),
        "categories": {
            c["slug"]: {"name": c["name"], "short_name": c.get("short_name", c["name"])}
            for c in categories
        },
        "category_order": [c["slug"] for c in categories],
        "provinces": {p["slug"]: p["name"] for p in provinces},
        "overview_kinds": ["kategori", "provinsi", "tahun"],
    }


def teladan_order(profiles: list, category_order: list[str]) -> list:
    """Teladan's canonical order: newest year, category order, podium, name, slug."""

    def key(item: tuple) -> tuple:
        slug, _, _, f = item
        rank = RANKS.index(str(f["rank"])) if f.get("rank") is not None else 99
        cat = f["category"]
        order = category_order.index(cat) if cat in category_order else 99
        return (-int(f["year"]), order, rank, str(f["name"]).casefold(), slug)

    return sorted(profiles, key=key)


def fresh_dir(path: Path) -> None:
    shutil.rmtree(path, ignore_errors=True)
    path.mkdir(parents=True)


def convert_hugo(profiles: list, data: dict, site: Path) -> None:
    """Hugo site: hugo.yaml + layouts copied, content/pilar/<slug>.md with taxonomy fields
    and a weight (Teladan's order) added to the front matter, data/*.json."""
    fresh_dir(site)
    shutil.copy2(HUGO_TEMPLATE / "hugo.yaml", site / "hugo.yaml")
    shutil.copytree(HUGO_TEMPLATE / "layouts", site / "layouts")
    (site / "data").mkdir()
    for name in ("categories", "category_order", "provinces"):
        (site / "data" / f"{name}.json").write_text(json.dumps(data[name]), "utf-8")
    pilar = site / "content" / "pilar"
    pilar.mkdir(parents=True)
    (pilar / "_index.md").write_text("---\ntitle: Semua pilar teladan\n---\n", "utf-8")
    for weight, (slug, front, body, f) in enumerate(
        teladan_order(profiles, data["category_order"]), start=1
    ):
        extra = (
            f"kategori: [{f['category']}]\nprovinsi: [{f['province']}]\n"
            f'tahun: ["{f["year"]}"]\nkatahun: [{f["category"]}-{f["year"]}]\n'
            f"weight: {weight}\n"
        )
        (pilar / f"{slug}.md").write_text(f"---\n{front}{extra}---\n{body}", "utf-8")


def convert_eleventy(profiles: list, data: dict, root: Path) -> None:
    """Eleventy project: src/ = templates + _data/*.json + pilar/<slug>.md (files unchanged)."""
    fresh_dir(root)
    src = root / "src"
    shutil.copytree(ELEVENTY_TEMPLATE, src)
    (src / "_data").mkdir()
    for name, value in data.items():
        (src / "_data" / f"{name}.json").write_text(json.dumps(value), "utf-8")
    for slug, front, body, _ in profiles:
        (src / "pilar" / f"{slug}.md").write_text(f"---\n{front}---\n{body}", "utf-8")


def convert_teladan(content: Path, root: Path) -> None:
    fresh_dir(root)
    shutil.copytree(content, root / "content")
    if (content.parent / "themes").is_dir():  # run.py's corpora name their own theme
        shutil.copytree(content.parent / "themes", root / "themes")


# ---------------------------------------------------------------- builds


def build_commands(
    work: Path, search: bool = False
) -> dict[str, tuple[list[str], Path, list[Path], Path, dict]]:
    """name → (command, cwd, paths to delete before a cold build, output dir, extra env)."""
    hugo, ele, tel = work / "hugo", work / "eleventy", work / "teladan"
    return {
        "hugo": (
            [
                HUGO,
                "--source",
                str(hugo),
                "--destination",
                str(hugo / "public"),
                "--cacheDir",
                str(hugo / ".hugo-cache"),
                "--quiet",
            ],
            hugo,
            [hugo / "public", hugo / "resources", hugo / ".hugo-cache", hugo / ".hugo_build.lock"],
            hugo / "public",
            {},
        ),
        "eleventy": (
            [
                NODE,
                str(ELEVENTY_CMD),
                f"--config={ELEVENTY_CONFIG}",
                "--input=src",
                "--output=_site",
                "--quiet",
            ],
            ele,
            [ele / "_site", ele / ".cache"],
            ele / "_site",
            {},
        ),
        "teladan": (
            [
                sys.executable,
                "-m",
                "generator",
                "build",
                *([] if search else ["--no-search"]),
                "--content",
                str(tel / "content"),
                "--output",
                str(tel / "out"),
            ],
            tel,
            [tel / "out", tel / ".teladan-cache"],
            tel / "out",
            # byte-compiled once into a private prefix (as run.py does, without writing
            # into the checkout); PYTHONPATH so `-m generator` finds Teladan from any cwd
            {
                "PYTHONPYCACHEPREFIX": str(work / "pycache"),
                "PYTHONDONTWRITEBYTECODE": "",
                "PYTHONPATH": str(TELADAN_REPO),
            },
        ),
    }


def count_pages(out: Path) -> tuple[int, int]:
    """(HTML pages that are not alias redirects, all files)."""
    pages = files = 0
    for dirpath, _, names in os.walk(out):
        for name in names:
            files += 1
            if name.endswith(".html"):
                path = Path(dirpath) / name
                if path.stat().st_size < 600 and b'http-equiv="refresh"' in path.read_bytes():
                    continue  # Hugo's /halaman/1/ alias pages
                pages += 1
    return pages, files


def timed(cmd: list[str], cwd: Path, env: dict) -> tuple[float, float, float, int, str]:
    """(wall s, cpu s, peak MB, return code, stderr tail)."""
    with tempfile.NamedTemporaryFile("r", suffix=".time", delete=False) as tmp:
        report = Path(tmp.name)
    if GNU_TIME.exists():
        full = [str(GNU_TIME), "-v", "-o", str(report), *cmd]
    else:
        full = [sys.executable, "-c", WRAPPER, str(report), *cmd]
    start = time.perf_counter()
    done = subprocess.run(full, cwd=cwd, env={**os.environ, **env}, capture_output=True, text=True)
    wall = time.perf_counter() - start
    text = report.read_text()
    report.unlink()
    if GNU_TIME.exists():

        def num(label: str) -> float:
            m = re.search(rf"{re.escape(label)}: ([\d.]+)", text)
            return float(m.group(1)) if m else float("nan")

        cpu = num("User time (seconds)") + num("System time (seconds)")
        peak = num("Maximum resident set size (kbytes)") / 1024
    else:
        parts = text.split()
        wall, cpu, peak = float(parts[0]), float(parts[1]), int(parts[2]) / 1024
    return wall, cpu, peak, done.returncode, (done.stderr + done.stdout)[-3000:]


def main(argv: list[str]) -> int:
    ap = argparse.ArgumentParser(description=__doc__, formatter_class=argparse.RawTextHelpFormatter)
    ap.add_argument("corpus", type=Path, help="folder made by make_corpus.py (holds content/)")
    ap.add_argument("--work", type=Path, help="default <temp dir>/teladan-others/<corpus name>")
    ap.add_argument("--only", default="hugo,eleventy", help="comma list (default hugo,eleventy)")
    ap.add_argument(
        "--teladan",
        action="store_true",
        help="also time Teladan (with --no-search unless --search)",
    )
    ap.add_argument("--search", action="store_true", help="with search: see above")
    ap.add_argument("--repeat", type=int, default=1, help="rounds of cold builds (default 1)")
    ap.add_argument("--convert-only", action="store_true")
    ap.add_argument("--build-only", action="store_true", help="reuse the last conversion")
    args = ap.parse_args(argv)

    content = args.corpus.resolve() / "content"
    if not (content / "pillars").is_dir():
        print(f"{content}/pillars not found", file=sys.stderr)
        return 2
    default = Path(tempfile.gettempdir()) / "teladan-others" / args.corpus.resolve().name
    work = (args.work or default).resolve()
    names = [n for n in args.only.split(",") if n]
    if args.teladan and "teladan" not in names:
        names.append("teladan")

    missing = {
        "hugo": "" if shutil.which(HUGO) else "Hugo: apt-get install hugo",
        "eleventy": "" if ELEVENTY_CMD.exists() else f"Eleventy: npm ci --prefix {ELEVENTY_DIR}",
    }
    needed = [missing[n] for n in names if missing.get(n)]
    if needed:
        print("first install " + "; ".join(needed), file=sys.stderr)
        return 2

    if not args.build_only:
        t = time.perf_counter()
        profiles = read_profiles(content)
        data = site_data(content)
        if "hugo" in names:
            convert_hugo(profiles, data, work / "hugo")
        if "eleventy" in names:
            convert_eleventy(profiles, data, work / "eleventy")
        if "teladan" in names:
            convert_teladan(content, work / "teladan")
        print(f"converted {len(profiles)} profiles into {work} in {time.perf_counter() - t:.2f} s")
    if args.convert_only:
        return 0

    if "teladan" in names:  # compile Teladan's source once, outside the timing
        env = {**os.environ, "PYTHONPYCACHEPREFIX": str(work / "pycache")}
        env.pop("PYTHONDONTWRITEBYTECODE", None)
        subprocess.run(
            [sys.executable, "-m", "compileall", "-q", str(TELADAN_REPO / "generator")],
            env=env,
            check=True,
            stdout=subprocess.DEVNULL,
        )

    commands = build_commands(work, args.search)
    failed = False
    for round_ in range(args.repeat):
        for name in names:
            cmd, cwd, stale, out, env = commands[name]
            for path in stale:  # cold: no output, no cache
                if path.is_dir():
                    shutil.rmtree(path)
                elif path.exists():
                    path.unlink()
            subprocess.run(["sync"], check=False)
            wall, cpu, peak, rc, log = timed(cmd, cwd, env)
            indexed = ""
            if rc == 0 and args.search and name != "teladan":
                index = timed([str(PAGEFIND), "--site", str(out), "--quiet"], cwd, {})
                rc, log = index[3], index[4]
                indexed = f"  (build {wall:.2f} s + Pagefind {index[0]:.2f} s)"
                wall, cpu, peak = wall + index[0], cpu + index[1], max(peak, index[2])
            if rc != 0:
                failed = True
                print(f"{name}: build failed (exit {rc})\n{log}", file=sys.stderr)
                continue
            pages, files = count_pages(out)
            tag = f" round {round_ + 1}" if args.repeat > 1 else ""
            print(
                f"{name:9s} wall {wall:7.2f} s  cpu {cpu:7.2f} s  peak {peak:7.1f} MB  "
                f"pages {pages:6d}  files {files:6d}{tag}{indexed}",
                flush=True,
            )
    return 1 if failed else 0


if __name__ == "__main__":
    sys.exit(main(sys.argv[1:]))
