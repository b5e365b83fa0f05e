#!/usr/bin/env python3
"""Measure what tagging (PDF/UA structure tree, languages, artifacts) costs: packet time and
PDF size, tagged against untagged (kitgen.pdf.draw.untagged), per sample.

Run from the repository root:
    .venv/bin/python scripts/benchmark_tagging.py [--repeat N] [--fresh] [SAMPLE ...]
With --fresh, also a fresh `kitgen packet` process per build (what a user waits for at the
command line), tagged against untagged, interleaved.
Prints a table; writes nothing. Not a test: numbers vary by machine. Two clocks: wall time
(what a user waits) and the process's CPU time (less disturbed when other programs share the
cores; compare it with the wall time, and `uptime`, on a busy machine). Python's garbage
collector is paused during each build, as in `kitgen packet`.
"""

from __future__ import annotations

import argparse
import gc
import os
import resource
import statistics
import subprocess
import sys
import tempfile
import time
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
sys.path.insert(0, str(ROOT))


def timed(build, repeat: int) -> tuple[tuple[float, float], bytes, tuple[float, float], bytes]:
    """Median (wall, CPU) times and the bytes of untagged and tagged builds, interleaved
    (untagged, tagged, untagged, ...) so that a change in the machine's load hits both alike."""
    from kitgen.pdf.draw import untagged

    def once(tagged: bool) -> tuple[float, float, bytes]:
        # As `kitgen packet` does (kitgen/cli.py), the collector is paused while a packet is
        # built, so that a full collection landing in one run does not decide the comparison.
        gc.collect()
        gc.disable()
        t0, c0 = time.perf_counter(), time.process_time()
        if tagged:
            pdf = build()
        else:
            with untagged():
                pdf = build()
        result = time.perf_counter() - t0, time.process_time() - c0, pdf
        gc.enable()
        return result

    once(False), once(True)  # warm: fonts loaded, caches filled
    plain_times, tagged_times = [], []
    for _ in range(repeat):
        wall, cpu, plain = once(False)
        plain_times.append((wall, cpu))
        wall, cpu, tagged = once(True)
        tagged_times.append((wall, cpu))

    def median(times: list[tuple[float, float]]) -> tuple[float, float]:
        return statistics.median(t[0] for t in times), statistics.median(t[1] for t in times)

    return median(plain_times), plain, median(tagged_times), tagged


#: A fresh `kitgen packet` process, tagged or (argv[1] == "0") untagged.
_FRESH = """
import sys
from kitgen.cli import main
from kitgen.pdf.draw import untagged
if sys.argv.pop(1) == "0":
    with untagged():
        main()
else:
    main()
"""


def fresh(path: Path, repeat: int) -> tuple[float, float, float, float]:
    """Median (wall, CPU) of fresh untagged and tagged CLI runs, interleaved."""

    def once(tagged: bool, out: Path) -> tuple[float, float]:
        before = resource.getrusage(resource.RUSAGE_CHILDREN)
        t0 = time.perf_counter()
        subprocess.run(
            [sys.executable, "-c", _FRESH, "1" if tagged else "0", "--quiet", "packet",
             str(path), "-o", str(out), "--force"],
            check=True, cwd=ROOT, env={**os.environ, "PYTHONPATH": str(ROOT)},
        )  # fmt: skip
        wall = time.perf_counter() - t0
        after = resource.getrusage(resource.RUSAGE_CHILDREN)
        return wall, (after.ru_utime - before.ru_utime) + (after.ru_stime - before.ru_stime)

    with tempfile.TemporaryDirectory() as tmp:
        out = Path(tmp) / "packet.pdf"
        once(False, out), once(True, out)
        plain, tagged = [], []
        for _ in range(repeat):
            plain.append(once(False, out))
            tagged.append(once(True, out))
    return (
        statistics.median(t[0] for t in plain),
        statistics.median(t[1] for t in plain),
        statistics.median(t[0] for t in tagged),
        statistics.median(t[1] for t in tagged),
    )


def main() -> None:
    from kitgen.family import load_family
    from kitgen.packet import build_packet

    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("samples", nargs="*", type=Path)
    parser.add_argument("--repeat", type=int, default=5)
    parser.add_argument("--fresh", action="store_true", help="also fresh CLI processes")
    args = parser.parse_args()
    samples = args.samples or sorted((ROOT / "samples" / "families").glob("*.yaml"))
    header = (
        f"{'sample':30} {'untagged':>9} {'tagged':>8} {'time':>7} {'CPU':>7}"
        f" {'KB plain':>9} {'KB tagged':>9} {'size':>7}"
    )
    print(header)
    print("-" * len(header))
    ratios_t, ratios_c, ratios_s = [], [], []
    for path in samples:
        family = load_family(path)
        (t_plain, c_plain), plain, (t_tag, c_tag), tagged = timed(
            lambda family=family: build_packet(family), args.repeat
        )
        rt, rc, rs = t_tag / t_plain - 1, c_tag / c_plain - 1, len(tagged) / len(plain) - 1
        ratios_t.append(rt)
        ratios_c.append(rc)
        ratios_s.append(rs)
        print(
            f"{path.name:30} {t_plain * 1000:7.0f}ms {t_tag * 1000:6.0f}ms {rt:+7.1%} {rc:+7.1%}"
            f" {len(plain) / 1024:9.0f} {len(tagged) / 1024:9.0f} {rs:+7.1%}"
        )
    print(
        f"\nmedian: time {statistics.median(ratios_t):+.1%},"
        f" CPU {statistics.median(ratios_c):+.1%},"
        f" size {statistics.median(ratios_s):+.1%}; worst: time {max(ratios_t):+.1%},"
        f" CPU {max(ratios_c):+.1%}, size {max(ratios_s):+.1%}"
        f" (median of {args.repeat} warm builds each, interleaved)"
    )
    if not args.fresh:
        return
    print(f"\n{'fresh CLI packet':30} {'untagged':>9} {'tagged':>8} {'time':>7} {'CPU':>7}")
    fresh_t, fresh_c = [], []
    for path in samples:
        w_plain, c_plain, w_tag, c_tag = fresh(path, args.repeat)
        fresh_t.append(w_tag / w_plain - 1)
        fresh_c.append(c_tag / c_plain - 1)
        print(
            f"{path.name:30} {w_plain * 1000:7.0f}ms {w_tag * 1000:6.0f}ms"
            f" {fresh_t[-1]:+7.1%} {fresh_c[-1]:+7.1%}"
        )
    print(
        f"\nfresh median: time {statistics.median(fresh_t):+.1%},"
        f" CPU {statistics.median(fresh_c):+.1%}; worst: time {max(fresh_t):+.1%},"
        f" CPU {max(fresh_c):+.1%} (median of {args.repeat} runs each, interleaved)"
    )


if __name__ == "__main__":
    main()
