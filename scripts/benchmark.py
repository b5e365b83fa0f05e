#!/usr/bin/env python3
"""Measure kitgen: warm packet time, fresh CLI time, PDF size and peak memory.

Run from the repository root:  .venv/bin/python scripts/benchmark.py [--repeat N] [SAMPLE ...]
Prints a table; writes nothing but temporary files. Not a test: numbers vary by machine, so the
issues quote them and this script reproduces them.
"""

from __future__ import annotations

import argparse
import statistics
import subprocess
import sys
import tempfile
import time
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
sys.path.insert(0, str(ROOT))


def warm_times(path: Path, repeat: int, lang: str | None) -> tuple[list[float], bytes, float]:
    from kitgen.family import load_family
    from kitgen.packet import build_packet

    family = load_family(path)
    t0 = time.perf_counter()
    pdf = build_packet(family, lang=lang)  # first build: loads fonts, fills caches
    first = time.perf_counter() - t0
    times = []
    for _ in range(repeat):
        t0 = time.perf_counter()
        pdf = build_packet(family, lang=lang)
        times.append(time.perf_counter() - t0)
    return times, pdf, first


#: Runs a command and prints the peak resident set of its process (kB). A small process of its
#: own: the peak of a child of this script would count this script's memory (a fork starts as
#: a copy of its parent) and never go down from one sample to the next.
_PEAK = (
    "import resource, subprocess, sys;"
    " subprocess.run(sys.argv[1:], check=True, capture_output=True);"
    " print(resource.getrusage(resource.RUSAGE_CHILDREN).ru_maxrss)"
)


def fresh_cli(path: Path, repeat: int, lang: str | None) -> tuple[list[float], int]:
    exe = ROOT / ".venv" / "bin" / "kitgen"
    times = []
    with tempfile.TemporaryDirectory() as tmp:
        out = Path(tmp) / "packet.pdf"
        cmd = [str(exe), "packet", str(path), "-o", str(out), "--force"] + (
            ["--lang", lang] if lang else []
        )
        for _ in range(repeat):
            t0 = time.perf_counter()
            subprocess.run(cmd, check=True, capture_output=True)
            times.append(time.perf_counter() - t0)
        peak = subprocess.run([sys.executable, "-c", _PEAK, *cmd], check=True, capture_output=True)
    return times, int(peak.stdout)


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("samples", nargs="*", type=Path)
    parser.add_argument("--repeat", type=int, default=5)
    parser.add_argument(
        "--lang", action="append", default=[], help="also build the first sample in LANG"
    )
    args = parser.parse_args()
    samples = args.samples or sorted((ROOT / "samples" / "families").glob("*.yaml"))
    jobs = [(p, None) for p in samples] + [(samples[0], lang) for lang in args.lang]
    header = (
        f"{'sample':34} {'lang':7} {'first':>8} {'warm med':>9} {'fresh CLI':>10} {'PDF KB':>7}"
        f" {'peak MB':>8} pages"
    )
    print(header)
    print("-" * len(header))
    import io

    from pypdf import PdfReader

    for path, lang in jobs:
        warm, pdf, first = warm_times(path, args.repeat, lang)
        cli, peak = fresh_cli(path, max(3, args.repeat // 2), lang)
        pages = len(PdfReader(io.BytesIO(pdf)).pages)
        print(
            f"{path.name:34} {lang or '-':7} {first * 1000:7.0f}ms"
            f" {statistics.median(warm) * 1000:8.0f}ms"
            f" {statistics.median(cli):9.2f}s {len(pdf) / 1024:7.0f} {peak / 1024:8.0f} {pages:5}"
        )
    print(
        f"\n(median of {args.repeat} warm builds after a first one; fresh CLI: median of separate"
        " processes; peak MB: the largest resident set of one CLI process, measured alone)"
    )


if __name__ == "__main__":
    main()
