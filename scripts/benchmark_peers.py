#!/usr/bin/env python3
"""Measure kitgen against Typst on the same packet text, fonts, paper and page count.

Run from the repository root:  .venv/bin/python scripts/benchmark_peers.py [--repeat N]
                                   [--sample FILE ...] [--packets N]

What Typst sets: the text of kitgen's own packet (poppler's ``pdftotext``, page by page, each
block of lines one paragraph), on US letter with 0.75 in margins, in the fonts of kitgen's
``fonts/`` folder only (``ignore_system_fonts``) in kitgen's fallback order for the language,
right to left where kitgen's is, each of kitgen's pages a Typst page (``#pagebreak()``), the
font size lowered from 10 pt until Typst needs no more pages than kitgen. Typst sets the same
characters with the same fonts and breaks them into lines itself; it draws none of kitgen's
rules, boxes or tables, and writes untagged PDF (``pdf_tags=False``), like kitgen.

Typst is the ``typst`` package from PyPI, installed for this script only into a folder in the
system's temporary directory (never into kitgen's environment; kitgen does not depend on it).

Three measurements, each interleaved (kitgen, Typst, kitgen, Typst, ...):

* fresh: a new process per document (``kitgen packet``; ``python -c "typst.compile(...)"``);
* warm: the next family in one process, its name changed (``build_packet``; the same
  ``typst.Compiler`` given the new text), after one packet of the language;
* batch: N families (default 200, made from the samples as in ``benchmark_batch.py``) with one
  worker per core for both (``kitgen batch packets``; a pool of as many processes, each with one
  ``typst.Compiler`` fed every document), in pages per second.

Prints a table of medians and kitgen/Typst ratios, and each target (fresh at most 0.30 s for
Spanish and 0.40 s for any script; warm at most 1.5 x Typst; batch at least 1.5 x Typst's pages
per second) as met or missed. Not a test: numbers vary by machine.
"""

from __future__ import annotations

import argparse
import importlib.util
import io
import multiprocessing
import os
import shutil
import statistics
import subprocess
import sys
import tempfile
import time
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
sys.path.insert(0, str(ROOT))
KITGEN = ROOT / ".venv" / "bin" / "kitgen"
FONTS = ROOT / "fonts"
TYPST_DIR = Path(tempfile.gettempdir()) / "kitgen-bench-typst"
DEFAULT_SAMPLES = ("boston-rivera-es.yaml", "hartford-malik-ur.yaml", "boston-wang-zh-hans.yaml")
FRESH_TARGET = {"es": 0.30}
FRESH_TARGET_ANY = 0.40
WARM_TARGET = 1.5  # kitgen warm / Typst warm at most
BATCH_TARGET = 1.5  # kitgen pages/s / Typst pages/s at least


def ensure_typst() -> None:
    """Import typst, installing it into TYPST_DIR first if needed."""
    if str(TYPST_DIR) not in sys.path:
        sys.path.insert(0, str(TYPST_DIR))
    if importlib.util.find_spec("typst") is None:
        print(f"installing typst into {TYPST_DIR} (for this benchmark only)", file=sys.stderr)
        subprocess.run(
            [sys.executable, "-m", "pip", "install", "--quiet", "--target", str(TYPST_DIR),
             "typst"],
            check=True,
        )  # fmt: skip
        importlib.invalidate_caches()


# -- the same text for Typst --------------------------------------------------------------------


def page_texts(pdf: Path) -> list[str]:
    exe = shutil.which("pdftotext")
    if exe is None:
        sys.exit("benchmark_peers needs pdftotext (poppler-utils; ./setup.sh installs it)")
    out = subprocess.run([exe, "-enc", "UTF-8", str(pdf), "-"], capture_output=True, check=True)
    pages = out.stdout.decode("utf-8").split("\f")
    return pages[:-1] if pages and not pages[-1].strip() else pages


def _typst_string(text: str) -> str:
    return '"' + text.replace("\\", "\\\\").replace('"', '\\"') + '"'


def typst_families(lang: str) -> list[str]:
    from kitgen.text import default_library

    families: list[str] = []
    for font in default_library().stack(lang):
        if font.family not in families:
            families.append(font.family)
    return families


def typst_source(pages: list[str], lang: str, size: float) -> bytes:
    from kitgen.text.fonts import lang_is_rtl

    fonts = ", ".join(_typst_string(f) for f in typst_families(lang))
    out = [
        '#set page(paper: "us-letter", margin: 0.75in)',
        f"#set text(font: ({fonts},), size: {size}pt, lang: {_typst_string(lang.split('-')[0])},"
        f" dir: {'rtl' if lang_is_rtl(lang) else 'ltr'})",
        "#set par(spacing: 0.6em)",
    ]
    for i, page in enumerate(pages):
        if i:
            out.append("#pagebreak()")
        for block in page.split("\n\n"):
            words = " ".join(block.split())
            if words:
                out.append(f"#{_typst_string(words)}\n")
    return "\n".join(out).encode("utf-8")


def pdf_pages(data: bytes) -> int:
    from pypdf import PdfReader

    return len(PdfReader(io.BytesIO(data)).pages)


def fit(pages: list[str], lang: str) -> tuple[bytes, float, int]:
    """Typst source at the largest size (10 pt down) that needs no more pages than kitgen's."""
    import typst

    size = 10.0
    while True:
        src = typst_source(pages, lang, size)
        got = pdf_pages(typst_compile(typst, src))
        if got <= len(pages) or size <= 5:
            return src, size, got
        size -= 0.5


def typst_compile(typst, src: bytes, compiler=None) -> bytes:
    if compiler is not None:
        return compiler.compile(input=src, pdf_tags=False)
    return typst.compile(src, font_paths=[str(FONTS)], ignore_system_fonts=True, pdf_tags=False)


# -- measurements ------------------------------------------------------------------------------

_FRESH_TYPST = (
    "import sys; sys.path.insert(0, sys.argv[1]); import typst; "
    "typst.compile(sys.argv[2], output=sys.argv[3], font_paths=[sys.argv[4]], "
    "ignore_system_fonts=True, pdf_tags=False)"
)


def fresh(sample: Path, src: bytes, repeat: int, tmp: Path) -> tuple[list[float], list[float]]:
    typ = tmp / "doc.typ"
    typ.write_bytes(src)
    k_cmd = [str(KITGEN), "packet", str(sample), "-o", str(tmp / "k.pdf"), "--force"]
    t_cmd = [sys.executable, "-c", _FRESH_TYPST, str(TYPST_DIR), str(typ), str(tmp / "t.pdf"),
             str(FONTS)]  # fmt: skip
    k, t = [], []
    for _ in range(repeat):
        for cmd, times in ((k_cmd, k), (t_cmd, t)):
            start = time.perf_counter()
            subprocess.run(cmd, check=True, capture_output=True)
            times.append(time.perf_counter() - start)
    return k, t


def _variants(sample: Path, count: int, tmp: Path, lang: str, size: float) -> list[tuple]:
    """``count`` copies of ``sample``, each with its own family name (as a kiosk or a batch
    sees them), with the Typst source of each one's kitgen packet."""
    import re

    from kitgen.family import load_family
    from kitgen.packet import build_packet

    out = []
    text = sample.read_text(encoding="utf-8")
    for i in range(count):
        varied = re.sub(
            r'^family_name: "?(.*?)"?\s*$',
            lambda m, i=i: f'family_name: "{m.group(1)} {i + 2}"',
            text,
            count=1,
            flags=re.M,
        )
        path = tmp / f"variant-{i}.yaml"
        path.write_text(varied, encoding="utf-8")
        family = load_family(path)
        pdf = tmp / f"variant-{i}.pdf"
        pdf.write_bytes(build_packet(family))
        out.append((family, typst_source(page_texts(pdf), lang, size)))
    return out


def warm(
    sample: Path, src: bytes, repeat: int, tmp: Path, lang: str, size: float
) -> tuple[list[float], list[float]]:
    """The next family in the same process: one whose name differs (a kiosk's next visitor);
    both tools may reuse whatever they kept from the ones before."""
    import typst

    from kitgen.family import load_family
    from kitgen.packet import build_packet

    build_packet(load_family(sample))  # the first of the process: fonts, caches
    compiler = typst.Compiler(src, font_paths=[str(FONTS)], ignore_system_fonts=True)
    typst_compile(typst, src, compiler)
    k, t = [], []
    for family, variant_src in _variants(sample, repeat, tmp, lang, size):
        start = time.perf_counter()
        build_packet(family)
        k.append(time.perf_counter() - start)
        start = time.perf_counter()
        typst_compile(typst, variant_src, compiler)
        t.append(time.perf_counter() - start)
    return k, t


_WORKER_COMPILER = None


def _typst_worker_path(folder: str) -> None:
    """A spawned worker's start: find the benchmark's own Typst install."""
    if folder not in sys.path:
        sys.path.insert(0, folder)


def _typst_job(job: tuple[bytes, str]) -> int:
    global _WORKER_COMPILER
    import typst

    src, out = job
    if _WORKER_COMPILER is None:
        _WORKER_COMPILER = typst.Compiler(src, font_paths=[str(FONTS)], ignore_system_fonts=True)
    data = typst_compile(typst, src, _WORKER_COMPILER)
    Path(out).write_bytes(data)
    return pdf_pages(data)


def batch(count: int, workers: int, repeat: int, tmp: Path) -> dict[str, list[float]]:
    """Pages per second of each run, and the page counts, for kitgen and Typst."""
    spec = importlib.util.spec_from_file_location("bb", ROOT / "scripts" / "benchmark_batch.py")
    bb = importlib.util.module_from_spec(spec)
    spec.loader.exec_module(bb)
    roster = bb.packet_roster(tmp, count)
    from kitgen.family import load_family

    # Typst's documents: the text of each packet kitgen makes (made once, not timed)
    first = tmp / "first"
    subprocess.run(
        [str(KITGEN), "batch", "packets", str(roster), "-o", str(first), "--date", "2026-11-02"],
        check=True,
        capture_output=True,
    )
    sizes: dict[str, float] = {}
    jobs: list[tuple[bytes, str]] = []
    k_pages = 0
    (tmp / "typst").mkdir()
    for i, pdf in enumerate(sorted(first.glob("*.pdf"))):
        texts = page_texts(pdf)
        k_pages += len(texts)
        lang = load_family(tmp / "families" / f"family-{i + 1:03d}.yaml").language
        if lang not in sizes:
            sizes[lang] = fit(texts, lang)[1]
        jobs.append((typst_source(texts, lang, sizes[lang]), str(tmp / "typst" / pdf.name)))
    result: dict[str, list[float]] = {"kitgen": [], "typst": [], "pages": [k_pages, 0]}
    # Typst's workers are spawned, not forked: Typst's Rust runtime (its threads and locks) does
    # not survive a fork of a process that has used it, and the pool hangs. Spawned workers start
    # a new interpreter each, as kitgen's batch workers do; both timings include that start.
    context = multiprocessing.get_context("spawn")
    for r in range(repeat):
        out = tmp / f"k{r}"
        start = time.perf_counter()
        subprocess.run(
            [str(KITGEN), "batch", "packets", str(roster), "-o", str(out), "--date", "2026-11-02",
             "--jobs", str(workers)],
            check=True,
            capture_output=True,
        )  # fmt: skip
        result["kitgen"].append(k_pages / (time.perf_counter() - start))
        start = time.perf_counter()
        with context.Pool(
            workers, initializer=_typst_worker_path, initargs=(str(TYPST_DIR),)
        ) as pool:
            t_pages = sum(pool.map(_typst_job, jobs, chunksize=4))
        result["typst"].append(t_pages / (time.perf_counter() - start))
        result["pages"][1] = t_pages
    return result


def _ms(values: list[float]) -> str:
    return f"{statistics.median(values) * 1000:7.0f} ms"


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument(
        "--sample", action="append", type=Path, help="family files (default: es, ur, zh-Hans)"
    )
    parser.add_argument("--repeat", type=int, default=7, help="runs of each (fresh, warm)")
    parser.add_argument("--packets", type=int, default=200, help="families in the batch (0: none)")
    parser.add_argument("--batch-repeat", type=int, default=1)
    args = parser.parse_args()
    ensure_typst()
    import typst

    from kitgen.family import load_family
    from kitgen.text.unicode_icu import binding

    samples = args.sample or [ROOT / "samples" / "families" / s for s in DEFAULT_SAMPLES]
    workers = os.cpu_count() or 1
    version = getattr(typst, "__version__", "?")
    print(f"kitgen vs Typst {version} (PyPI typst), {workers} cores, ICU: {binding()}")
    header = (
        f"{'sample':26} {'pages':>5} {'Typst pt':>8} | {'fresh kitgen':>12} {'Typst':>10} {'ratio':>6}"
        f" | {'warm kitgen':>11} {'Typst':>10} {'ratio':>6}"
    )
    print(header)
    print("-" * len(header))
    missed: list[str] = []
    with tempfile.TemporaryDirectory() as tmpname:
        tmp = Path(tmpname)
        for sample in samples:
            lang = load_family(sample).language
            pdf = tmp / "kitgen.pdf"
            subprocess.run([str(KITGEN), "packet", str(sample), "-o", str(pdf), "--force"],
                           check=True,
                           capture_output=True)  # fmt: skip
            texts = page_texts(pdf)
            src, size, t_pages = fit(texts, lang)
            fk, ft = fresh(sample, src, args.repeat, tmp)
            wk, wt = warm(sample, src, args.repeat, tmp, lang, size)
            fr = statistics.median(fk) / statistics.median(ft)
            wr = statistics.median(wk) / statistics.median(wt)
            pages = f"{len(texts)}" if t_pages == len(texts) else f"{len(texts)}/{t_pages}"
            print(
                f"{sample.stem:26} {pages:>5} {size:8.1f} | {_ms(fk):>12} {_ms(ft):>10} {fr:5.1f}x"
                f" | {_ms(wk):>11} {_ms(wt):>10} {wr:5.1f}x"
            )
            limit = FRESH_TARGET.get(lang, FRESH_TARGET_ANY)
            if statistics.median(fk) > limit:
                missed.append(f"fresh {sample.stem}: {statistics.median(fk):.2f} s > {limit:.2f} s")
            if wr > WARM_TARGET:
                missed.append(f"warm {sample.stem}: {wr:.1f}x Typst > {WARM_TARGET}x")
        if args.packets:
            res = batch(args.packets, workers, args.batch_repeat, tmp)
            kp, tp = statistics.median(res["kitgen"]), statistics.median(res["typst"])
            print(
                f"\nbatch of {args.packets} families, {workers} processes each: kitgen "
                f"{kp:.0f} pages/s ({res['pages'][0]} pages), Typst {tp:.0f} pages/s "
                f"({res['pages'][1]} pages): kitgen/Typst {kp / tp:.2f}x"
            )
            if kp / tp < BATCH_TARGET:
                missed.append(f"batch: {kp / tp:.2f}x Typst's pages/s < {BATCH_TARGET}x")
    print(f"\nmedians of {args.repeat} interleaved runs; ratio = kitgen / Typst (time)")
    print("targets: " + ("all met" if not missed else "MISSED: " + "; ".join(missed)))


if __name__ == "__main__":
    main()
