"""How fast the kiosk answers a workshop: N families submitting at once, over loopback.

Starts `kitgen kiosk` on a free port of 127.0.0.1 (its own process, as at an event), fills in
every step for each family over HTTP, then measures "Make my packet" until the PDF has arrived:
first one family alone, then N families at the same moment. Prints the timings; writes nothing.

    .venv/bin/python scripts/benchmark_kiosk.py [--families 20]
"""

from __future__ import annotations

import argparse
import http.cookiejar
import os
import re
import statistics
import subprocess
import sys
import threading
import time
import urllib.parse
import urllib.request
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent

STEPS = [
    ("family", {"family_name": "Bench {n}", "state": "MA", "region": "boston"}),
    (
        "parents",
        {
            "parents[0].legal_name": "Parent {n}",
            "parents[0].date_of_birth": "1987-03-14",
            "parents[0].country_of_birth": "Peru",
            "parents[0].phones[0]": "617-555-0140",
        },
    ),
    ("children", {"children[0].full_name": "Child {n}", "children[0].date_of_birth": "2016-05-02"}),
    (
        "caregivers",
        {
            "caregivers.primary.name": "Caregiver {n}",
            "caregivers.primary.relationship": "Aunt",
            "caregivers.primary.phones[0]": "617-555-0172",
            "caregivers.primary.address": "12 Orchard St, Boston, MA 02118",
        },
    ),
    ("contacts", {}),
    (
        "memorize",
        {
            "memorize[0].name": "Caregiver",
            "memorize[0].phone": "617-555-0172",
            "memorize[1].name": "Parent",
            "memorize[1].phone": "617-555-0140",
        },
    ),
    ("wishes", {}),
    ("documents", {}),
    ("money", {}),
    ("forms", {}),
]


class Family:
    def __init__(self, base: str, n: int, lang: str) -> None:
        self.base, self.n, self.lang = base, n, lang
        jar = http.cookiejar.CookieJar()
        self.opener = urllib.request.build_opener(urllib.request.HTTPCookieProcessor(jar))

    def _open(self, path: str, data: dict | None = None) -> str:
        body = urllib.parse.urlencode(data, doseq=True).encode() if data is not None else None
        with self.opener.open(self.base + path, body, timeout=120) as response:
            return response.read().decode("utf-8", "replace")

    def fill(self) -> None:
        token = re.search(r'name="csrf" value="([^"]+)"', self._open("/")).group(1)
        page = self._open("/start", {"csrf": token, "lang": self.lang})
        self.token = re.search(r'name="csrf" value="([^"]+)"', page).group(1)
        for step, values in STEPS:
            data = {k: v.format(n=self.n) for k, v in values.items()}
            self._open(f"/step/{step}", {"csrf": self.token, "action": "next", **data})

    def make(self) -> float:
        start = time.perf_counter()
        self._open("/make", {"csrf": self.token})
        with self.opener.open(self.base + "/packet.pdf", timeout=120) as response:
            assert response.read(4) == b"%PDF"
        elapsed = time.perf_counter() - start
        self._open("/finish", {"csrf": self.token})
        return elapsed


def main() -> None:
    parser = argparse.ArgumentParser()
    parser.add_argument("--families", type=int, default=20)
    args = parser.parse_args()
    kitgen = ROOT / ".venv" / "bin" / "kitgen"
    server = subprocess.Popen(
        [str(kitgen), "kiosk", "--port", "0"],
        stdout=subprocess.PIPE,
        text=True,
        cwd=ROOT,
        env={**os.environ, "PYTHONUNBUFFERED": "1"},
    )
    try:
        line = server.stdout.readline()
        base = re.search(r"http://127\.0\.0\.1:\d+", line).group(0)
        langs = ["es", "ar", "zh-Hans", "vi", "ht", "pt", "so", "ru"]
        alone = []
        for i in range(5):
            family = Family(base, i, langs[i % len(langs)])
            family.fill()
            alone.append(family.make())
        families = [Family(base, i, langs[i % len(langs)]) for i in range(args.families)]
        for family in families:
            family.fill()
        times: list[float] = [0.0] * len(families)
        barrier = threading.Barrier(len(families))

        def run(i: int) -> None:
            barrier.wait()
            times[i] = families[i].make()

        threads = [threading.Thread(target=run, args=(i,)) for i in range(len(families))]
        wall = time.perf_counter()
        for t in threads:
            t.start()
        for t in threads:
            t.join()
        wall = time.perf_counter() - wall
        times.sort()
        p95 = times[max(0, int(round(0.95 * len(times))) - 1)]
        print(f"one family alone: median {statistics.median(alone):.2f} s, max {max(alone):.2f} s")
        print(
            f"{len(families)} families at once: median {statistics.median(times):.2f} s, "
            f"95th percentile {p95:.2f} s, slowest {times[-1]:.2f} s, all done in {wall:.2f} s"
        )
    finally:
        server.terminate()
        server.wait(timeout=10)


if __name__ == "__main__":
    sys.exit(main())
