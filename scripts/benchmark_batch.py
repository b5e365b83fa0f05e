#!/usr/bin/env python3
"""Measure batch printing against its targets: 1,000 posters and 200 family packets.

Run from the repository root:  .venv/bin/python scripts/benchmark_batch.py [--posters N] [--packets N]

* posters: a plan of N rows (default 1,000) over every shipped language and three sizes
  (letter, tabloid, 18x24), every fourth row a bilingual poster with the language beside
  Spanish (English for Spanish itself), branded with samples/boston-settings.yaml;
* packets: a roster of N fictional families (default 200) made from the samples in
  samples/families/ (each copy gets its own family name), with a fixed "prepared" date.

Each batch runs as the real command (``kitgen batch ...``, one worker per core) in a temporary
folder. The script reports the wall time, the peak memory of the whole process tree (the parent
and its workers added up, sampled every 50 ms from /proc; Linux only, else the largest single
process) and whether each target is met: at most 60 s each and 1 GB of memory, measured on the
project's 2-core machine. Writes nothing outside the temporary folder. Not a test: numbers vary
by machine, so the issues quote them and this script reproduces them.
"""

from __future__ import annotations

import argparse
import os
import re
import resource
import subprocess
import sys
import tempfile
import threading
import time
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
sys.path.insert(0, str(ROOT))
KITGEN = Path(sys.executable).parent / "kitgen"
TARGET_SECONDS = 60.0
TARGET_MB = 1024.0
SIZES = ("letter", "tabloid", "18x24")


def _tree_rss_kb(pid: int) -> int:
    """Resident memory of ``pid`` and all its descendants, in KB (Linux /proc)."""
    children: dict[int, list[int]] = {}
    rss: dict[int, int] = {}
    for entry in os.listdir("/proc"):
        if not entry.isdigit():
            continue
        try:
            with open(f"/proc/{entry}/status", encoding="ascii", errors="replace") as fh:
                status = fh.read()
        except OSError:
            continue
        ppid = re.search(r"^PPid:\s+(\d+)", status, re.M)
        mem = re.search(r"^VmRSS:\s+(\d+) kB", status, re.M)
        children.setdefault(int(ppid.group(1)) if ppid else 0, []).append(int(entry))
        rss[int(entry)] = int(mem.group(1)) if mem else 0
    total, stack = 0, [pid]
    while stack:
        current = stack.pop()
        total += rss.get(current, 0)
        stack.extend(children.get(current, ()))
    return total


def measure(cmd: list[str]) -> tuple[float, float, str]:
    """Wall seconds, peak MB of the process tree, and stderr of ``cmd``."""
    peak = 0
    t0 = time.perf_counter()
    process = subprocess.Popen(cmd, stdout=subprocess.PIPE, stderr=subprocess.PIPE)
    done = threading.Event()

    def sample() -> None:
        nonlocal peak
        while not done.is_set():
            if os.path.isdir("/proc"):
                peak = max(peak, _tree_rss_kb(process.pid))
            done.wait(0.05)

    sampler = threading.Thread(target=sample, daemon=True)
    sampler.start()
    _, stderr = process.communicate()
    seconds = time.perf_counter() - t0
    done.set()
    sampler.join()
    if not os.path.isdir("/proc"):
        peak = resource.getrusage(resource.RUSAGE_CHILDREN).ru_maxrss
    if process.returncode != 0:
        sys.exit(f"{' '.join(cmd)} failed ({process.returncode}):\n{stderr.decode()}")
    return seconds, peak / 1024, stderr.decode()


def poster_plan(folder: Path, count: int) -> tuple[Path, int]:
    from kitgen.i18n import available_codes

    codes = available_codes()
    rows, layouts = [], set()
    for i in range(count):
        code = codes[i % len(codes)]
        size = SIZES[(i // len(codes)) % len(SIZES)]
        langs = code
        if i % 4 == 3:
            langs = f"{code} {'en' if code == 'es' else 'es'}"
        layouts.add((langs, size))
        rows.append(f"School {i + 1:04d},{langs},{size},portrait,1")
    plan = folder / "plan.csv"
    plan.write_text("school,languages,size,orientation,copies\n" + "\n".join(rows) + "\n",
                    encoding="utf-8")
    return plan, len(layouts)


def packet_roster(folder: Path, count: int) -> Path:
    samples = sorted((ROOT / "samples" / "families").glob("*.yaml"))
    families = folder / "families"
    families.mkdir()
    lines = ["family_file"]
    for i in range(count):
        text = samples[i % len(samples)].read_text(encoding="utf-8")
        text = re.sub(
            r'^family_name: "?(.*?)"?\s*$',
            lambda m, i=i: f'family_name: "{m.group(1)} {i + 1}"',
            text,
            count=1,
            flags=re.M,
        )
        name = f"family-{i + 1:03d}.yaml"
        (families / name).write_text(text, encoding="utf-8")
        lines.append(f"families/{name}")
    roster = folder / "roster.csv"
    roster.write_text("\n".join(lines) + "\n", encoding="utf-8")
    return roster


def report(what: str, seconds: float, peak_mb: float, made: str) -> bool:
    ok = seconds <= TARGET_SECONDS and peak_mb <= TARGET_MB
    print(
        f"{what:34} {seconds:7.1f} s {peak_mb:8.0f} MB   {'ok' if ok else 'OVER TARGET'}   {made}"
    )
    return ok


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--posters", type=int, default=1000)
    parser.add_argument("--packets", type=int, default=200)
    args = parser.parse_args()
    print(f"{os.cpu_count()} cores; targets: {TARGET_SECONDS:.0f} s and {TARGET_MB:.0f} MB each")
    print(f"{'batch':34} {'wall':>9} {'peak (tree)':>11}")
    ok = True
    with tempfile.TemporaryDirectory() as tmp:
        folder = Path(tmp)
        if args.posters:
            plan, layouts = poster_plan(folder, args.posters)
            settings = ROOT / "samples" / "boston-settings.yaml"
            seconds, peak, stderr = measure(
                [str(KITGEN), "batch", "posters", str(plan), "-o", str(folder / "posters"),
                 "--settings", str(settings)]
            )
            made = stderr.strip().splitlines()[-1].split(" Summary:")[0]
            ok &= report(f"{args.posters} posters ({layouts} different)", seconds, peak, made)
        if args.packets:
            roster = packet_roster(folder, args.packets)
            seconds, peak, stderr = measure(
                [str(KITGEN), "batch", "packets", str(roster), "-o", str(folder / "packets"),
                 "--date", "2026-11-02"]
            )
            made = stderr.strip().splitlines()[-1].split(" Summary:")[0]
            ok &= report(f"{args.packets} family packets", seconds, peak, made)
    sys.exit(0 if ok else 1)


if __name__ == "__main__":
    main()
