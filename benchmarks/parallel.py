"""Where forked rendering starts to pay: the render stage, in one process and in workers.

    python benchmarks/parallel.py [--pages 50 100 200 400 800 1600] [--repeat 3]

Plans the site of a 2,000-profile corpus (make_corpus.py), then renders the first P routes
into a scratch folder, once in-process and once with forked workers, for each P; prints the
best of --repeat runs of each and the ratio. Choose `render.PARALLEL_PAGES` where the ratio
drops below 1. (Whole builds are timed by run.py; this isolates the one decision.)
"""

from __future__ import annotations

import argparse
import functools
import shutil
import subprocess
import sys
import tempfile
import time
import zlib
from pathlib import Path

REPO = Path(__file__).resolve().parents[1]
sys.path.insert(0, str(REPO))

from generator import render  # noqa: E402
from generator.memo import BuildMemo  # noqa: E402
from generator.model import RenderedFile  # noqa: E402
from generator.options import BuildOptions  # noqa: E402
from generator.pipeline import Clock, plan_site  # noqa: E402
from generator.routes import Route  # noqa: E402
from generator.theme import Theme  # noqa: E402
from generator.write import Placed, place_file  # noqa: E402


def main() -> int:
    parser = argparse.ArgumentParser(description="Serial vs forked rendering by page count.")
    parser.add_argument("--pages", type=int, nargs="+", default=[50, 100, 200, 400, 800, 1600])
    parser.add_argument("--repeat", type=int, default=3)
    args = parser.parse_args()
    root = Path(tempfile.mkdtemp(prefix="teladan-parallel-"))
    try:
        make = [sys.executable, str(REPO / "benchmarks" / "make_corpus.py"), "2000", str(root)]
        subprocess.run(make, check=True, capture_output=True)
        options = BuildOptions(search=False, cache_dir=root / "cache")
        plan, _ = plan_site(root / "content", options, Clock(), BuildMemo())
        assert plan is not None
        # Profiles and lists interleaved, as a real render stage gets them.
        routes = sorted(plan.routes, key=lambda r: zlib.crc32(r.output_path.encode()))
        print(f"{'pages':>6}  {'1 process s':>11}  {'forked s':>9}  {'ratio':>6}")
        for count in args.pages:
            best = {}
            for parallel in (False, True):
                render.PARALLEL_PAGES = 1 if parallel else 10**9
                times = []
                for _ in range(args.repeat):
                    out = root / "out"
                    shutil.rmtree(out, ignore_errors=True)
                    out.mkdir()
                    store = functools.partial(_store, out)
                    # No card rendered by an earlier run is reused.
                    theme = _without_cards(plan.theme)
                    start = time.perf_counter()
                    render.render_routes(routes[:count], theme, store)
                    times.append(time.perf_counter() - start)
                best[parallel] = min(times)
            ratio = best[True] / best[False]
            print(f"{count:>6}  {best[False]:>11.3f}  {best[True]:>9.3f}  {ratio:>6.2f}")
    finally:
        shutil.rmtree(root, ignore_errors=True)
    return 0


def _store(out: Path, route: Route, file: RenderedFile) -> Placed:
    return place_file(out, out / "no-previous-site", file)


def _without_cards(theme: Theme) -> Theme:
    theme.env.fragment_cache.clear()  # type: ignore[attr-defined]
    return theme


if __name__ == "__main__":
    sys.exit(main())
