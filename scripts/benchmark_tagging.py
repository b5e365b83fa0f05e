#!/usr/bin/env python3
"""Measure what tagging (PDF/UA structure tree, languages, artifacts) costs: packet time and
PDF size, tagged against untagged (kitgen.pdf.draw.untagged), per sample.

Run from the repository root:  .venv/bin/python scripts/benchmark_tagging.py [--repeat N] [SAMPLE ...]
Prints a table; writes nothing. Not a test: numbers vary by machine. Two clocks: wall time
(what a user waits) and the process's CPU time (less disturbed when other programs share the
cores; compare it with the wall time, and `uptime`, on a busy machine). Python's garbage
collector is paused during each build, as in `kitgen packet`.
"""

from __future__ import annotations

import argparse
import gc
import statistics
import sys
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


def main() -> None:
    from kitgen.family import load_family
    from kitgen.packet import build_packet

    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("samples", nargs="*", type=Path)
    parser.add_argument("--repeat", type=int, default=5)
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
            lambda: build_packet(family), args.repeat
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
        f"\nmedian: time {statistics.median(ratios_t):+.1%}, CPU {statistics.median(ratios_c):+.1%},"
        f" size {statistics.median(ratios_s):+.1%}; worst: time {max(ratios_t):+.1%},"
        f" CPU {max(ratios_c):+.1%}, size {max(ratios_s):+.1%}"
        f" (median of {args.repeat} warm builds each, interleaved)"
    )


if __name__ == "__main__":
    main()
