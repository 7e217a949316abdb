"""Time `teladan build` as a whole process on generated corpora of N profiles.

    python benchmarks/run.py [--sizes 1000 4000 10000] [--keep DIR] [--no-search]

For each N: make_corpus.py writes a corpus (not timed) with a theme `bench` whose pillar.html
only extends the default one, then six builds are timed, each a separate process:

    cold        fresh output folder, no .teladan-cache beside content/
    no-op       the same command again, nothing changed
    1 profile   one word changed in one profile's story (the first edit after a cold build)
    profile 2   another word changed in another profile (every later edit: the build reuses
                the folder the last one put aside)
    10 touched  ten profiles saved again unchanged (the build stops checking them aside
                once its memo shows their bytes are the same: it must not wait for that)
    1 template  a comment appended to themes/bench/templates/pillar.html

The package is byte-compiled first (as pip does when it installs it), so that no build pays
for compiling Teladan's own source (this sandbox sets PYTHONDONTWRITEBYTECODE).

wall s is the elapsed time around the subprocess; cpu s is user + system time of the build and
its children (getrusage deltas); peak MB is the build's maximum resident set size, read from
`/usr/bin/time -v` or, without it, from a small Python wrapper process (the largest single
process, not the sum over worker processes). The exit status is 1 if any build fails.
"""

from __future__ import annotations

import argparse
import resource
import shutil
import subprocess
import sys
import tempfile
import time
from dataclasses import dataclass
from pathlib import Path

REPO = Path(__file__).resolve().parents[1]
MAKE_CORPUS = REPO / "benchmarks" / "make_corpus.py"
GNU_TIME = Path("/usr/bin/time")
# Without GNU time: a wrapper that runs the build and writes its children's peak RSS (KB).
WRAPPER = (
    "import resource, subprocess, sys; rc = subprocess.call(sys.argv[2:]); "
    "open(sys.argv[1], 'w').write(str(resource.getrusage(resource.RUSAGE_CHILDREN).ru_maxrss)); "
    "sys.exit(rc)"
)
BENCH_TEMPLATE = '{% extends "default/pillar.html" %}\n'


@dataclass(frozen=True)
class Row:
    n: int
    step: str
    wall: float
    cpu: float
    peak_mb: float


class BuildFailed(Exception):
    pass


def children_cpu() -> float:
    usage = resource.getrusage(resource.RUSAGE_CHILDREN)
    return usage.ru_utime + usage.ru_stime


def peak_kb(report: str) -> int:
    """The peak RSS in KB from a GNU time -v report or from the wrapper's file."""
    for line in report.splitlines():
        if "Maximum resident set size" in line:
            return int(line.rsplit(":", 1)[1])
    return int(report.strip() or 0)


def timed_build(
    n: int, step: str, content: Path, output: Path, report: Path, options: list[str]
) -> Row:
    build = [sys.executable, "-m", "generator", "build", "--content", str(content)]
    build += ["--output", str(output), *options]
    if GNU_TIME.exists():
        cmd = [str(GNU_TIME), "-v", "-o", str(report), *build]
    else:
        cmd = [sys.executable, "-c", WRAPPER, str(report), *build]
    cpu0, wall0 = children_cpu(), time.perf_counter()
    done = subprocess.run(cmd, cwd=REPO, capture_output=True, text=True, check=False)
    wall, cpu = time.perf_counter() - wall0, children_cpu() - cpu0
    if done.returncode != 0:
        tail = "\n".join((done.stdout + done.stderr).splitlines()[-30:])
        raise BuildFailed(f"N={n} {step}: build exited with {done.returncode}\n{tail}")
    return Row(n, step, wall, cpu, peak_kb(report.read_text()) / 1024)


def edit_one_profile(content: Path, which: int = 0) -> None:
    profile = sorted((content / "pillars").rglob("*.md"))[which]
    head, sep, story = profile.read_text("utf-8").partition("\n---\n")
    changed = story.replace("fiktif", "rekaan", 1)
    if changed == story:
        raise SystemExit(f"no word to change in {profile}")
    profile.write_text(head + sep + changed, encoding="utf-8")


def touch_profiles(content: Path, count: int) -> None:
    """Save `count` profiles again unchanged (new times, the same bytes), as an editor or a
    checkout does: the build checks them in another process while it loads its memo, which then
    shows that nothing changed, and must stop that process rather than wait for it."""
    for profile in sorted((content / "pillars").rglob("*.md"))[2 : 2 + count]:
        profile.write_bytes(profile.read_bytes())


def bench_size(n: int, root: Path, rows: list[Row], options: list[str]) -> float:
    """Generate the corpus in root, time the six builds into rows; return generation time."""
    start = time.perf_counter()
    subprocess.run([sys.executable, str(MAKE_CORPUS), str(n), str(root)], check=True)
    generated = time.perf_counter() - start
    content, output = root / "content", root / "output"
    with (content / "site.yaml").open("a", encoding="utf-8") as site:
        site.write("theme: bench\n")
    template = root / "themes" / "bench" / "templates" / "pillar.html"
    template.parent.mkdir(parents=True, exist_ok=True)
    template.write_text(BENCH_TEMPLATE, encoding="utf-8")
    shutil.rmtree(root / ".teladan-cache", ignore_errors=True)
    shutil.rmtree(output, ignore_errors=True)
    # Teladan does not trust the size and time of a file changed in the last 2 s (it may change
    # again within the same time stamp); nobody rebuilds a corpus that fresh, so wait it out.
    time.sleep(2.5)

    def step(name: str) -> None:
        print(f"  N={n} {name} …", file=sys.stderr, flush=True)
        rows.append(timed_build(n, name, content, output, root / "time.txt", options))

    step("cold")
    step("no-op")
    edit_one_profile(content)
    time.sleep(2.5)  # see above: a file saved this recently is read again anyway
    step("1 profile")
    edit_one_profile(content, 1)
    time.sleep(2.5)
    step("profile 2")
    touch_profiles(content, 10)
    time.sleep(2.5)
    step("10 touched")
    template.write_text(BENCH_TEMPLATE + "{# edited #}\n", encoding="utf-8")
    step("1 template")
    return generated


def table(rows: list[Row]) -> str:
    lines = [f"{'N':>7}  {'step':<10}  {'wall s':>8}  {'cpu s':>8}  {'peak MB':>8}"]
    lines += [
        f"{r.n:>7}  {r.step:<10}  {r.wall:>8.2f}  {r.cpu:>8.2f}  {r.peak_mb:>8.1f}" for r in rows
    ]
    return "\n".join(lines)


def main() -> int:
    parser = argparse.ArgumentParser(description="Time teladan build on generated corpora.")
    parser.add_argument("--sizes", type=int, nargs="+", default=[1000, 4000, 10000])
    parser.add_argument("--keep", type=Path, metavar="DIR", help="keep corpora in DIR/n<N>/")
    parser.add_argument(
        "--no-search", action="store_true", help="build without the Pagefind index (as serve does)"
    )
    args = parser.parse_args()
    options = ["--no-search"] if args.no_search else []
    subprocess.run([sys.executable, "-m", "compileall", "-q", str(REPO / "generator")], check=True)
    base = args.keep or Path(tempfile.mkdtemp(prefix="teladan-bench-"))
    rows: list[Row] = []
    generation: list[str] = []
    status = 0
    try:
        for n in args.sizes:
            seconds = bench_size(n, base / f"n{n}", rows, options)
            generation.append(f"N={n} {seconds:.2f} s")
    except BuildFailed as failure:
        print(failure, file=sys.stderr)
        status = 1
    finally:
        if args.keep is None:
            shutil.rmtree(base, ignore_errors=True)
    print(table(rows))
    print("search index: " + ("off (--no-search)" if args.no_search else "on (Pagefind)"))
    print("corpus generation (not timed above): " + ", ".join(generation))
    print("peak MB from " + ("/usr/bin/time -v" if GNU_TIME.exists() else "a getrusage wrapper"))
    return status


if __name__ == "__main__":
    sys.exit(main())
