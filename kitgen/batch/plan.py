"""A poster plan: a CSV file in, one poster job per good row (and a problem per bad row) out.

Columns (the header names them, in any order): ``school`` (printed nowhere, it names the
file), ``kind`` (optional: ``poster``, the default, or ``cards``), ``languages`` (codes separated
by spaces or ``;``, e.g. ``es ar zh-Hans``), ``size``, ``orientation`` and ``copies``.

A poster row: one to four languages; ``size`` letter, legal, tabloid or 11x17, a4, a3, 18x24 or
24x36; ``orientation`` portrait (default) or landscape; ``copies`` pages of the poster (default
1). A cards row (wallet rights cards, :mod:`kitgen.cards`): any number of languages, a sheet of
eight cards (front and back) each; ``size`` letter (default) or a4; no orientation; ``copies``
sheets per language (default 1).

Each poster is written to ``<school>-<size>.pdf`` (``-landscape`` added when it is), each card
file to ``<school>-cards.pdf`` (``-a4`` added on A4), the school's name made into a plain file
name (``Hernández K-8`` -> ``hernandez-k-8``). When two rows would give the same name their
languages are added (``-es-ar``); the same file twice is a problem of the second row.
"""

from __future__ import annotations

import re
import unicodedata
from collections.abc import Callable
from dataclasses import dataclass
from pathlib import Path

from ..errors import KitgenError, Problem, preview
from ..i18n.catalog import canonical_code
from ..poster.build import MAX_LANGUAGES
from ..poster.layout import SIZES, size_key
from .table import read_table

COLUMNS = {
    "school": True,
    "kind": False,
    "languages": True,
    "size": True,
    "orientation": False,
    "copies": False,
}
KINDS = ("poster", "cards")
CARD_PAPERS = ("letter", "a4")
MAX_COPIES = 1000
_SPLIT = re.compile(r"[\s;,]+")


@dataclass(frozen=True)
class PosterJob:
    row: int
    school: str
    languages: tuple[str, ...]
    size: str  # a key of kitgen.poster.layout.SIZES
    landscape: bool
    copies: int  # pages of a poster; sheets per language of cards
    output: str  # a plain file name in the output folder
    kind: str = "poster"  # or "cards": wallet rights cards (size is then the paper)


def slug(text: str, limit: int = 60) -> str:
    """A plain ASCII file name part: ``Escuela Hernández K-8`` -> ``escuela-hernandez-k-8``."""
    ascii_text = unicodedata.normalize("NFKD", text).encode("ascii", "ignore").decode("ascii")
    out = re.sub(r"[^a-z0-9]+", "-", ascii_text.lower()).strip("-")
    return out[:limit].rstrip("-")


def read_plan(path: str | Path) -> tuple[list[PosterJob], list[Problem]]:
    """The jobs of the good rows and the problems of the bad ones (header problems raise)."""
    name = str(path)
    rows = read_table(path, COLUMNS)
    jobs: list[PosterJob] = []
    problems: list[Problem] = []
    parsed: list[tuple[int, str, tuple[str, ...], str, bool, int, str]] = []
    for row in rows:
        cells = row.cells

        def problem(field: str, message: str, row: int = row.number) -> None:
            problems.append(Problem(field=field, message=message, file=name, row=row))

        before = len(problems)
        stray = row.stray_message()
        if stray:
            problem("", stray)
        school = " ".join(cells["school"].split())
        if not school:
            problem("school", "is empty; write the school's name")
        kind = cells.get("kind", "").strip().lower() or "poster"
        if kind not in KINDS:
            problem(
                "kind",
                f"'{preview(cells['kind'])}' is not a kind; use poster (or leave it empty) or "
                "cards",
            )
            kind = ""  # what the row is for is unknown: its size and orientation are not checked
        if kind == "":
            languages = _languages(cells["languages"], problem, most=None)
            size, orientation = "", "portrait"
        elif kind == "cards":
            languages = _languages(cells["languages"], problem, most=None)
            size = cells["size"].strip().lower() or "letter"
            if size not in CARD_PAPERS:
                problem(
                    "size",
                    f"'{preview(cells['size'])}' is not a paper for card sheets; use letter or "
                    "a4 (or leave it empty for letter)",
                )
            if cells.get("orientation", "").strip():
                problem(
                    "orientation",
                    f"'{preview(cells['orientation'])}': card sheets have no orientation; leave "
                    "it empty",
                )
            orientation = "portrait"
        else:
            languages = _languages(cells["languages"], problem)
            size = cells["size"]
            try:
                size = size_key(size) if size else ""
            except KitgenError:
                problem("size", f"'{preview(size)}' is not a size; use one of {', '.join(SIZES)}")
            if not cells["size"]:
                problem("size", f"is empty; use one of {', '.join(SIZES)}")
            orientation = cells.get("orientation", "").lower() or "portrait"
            if orientation not in ("portrait", "landscape"):
                problem(
                    "orientation",
                    f"'{preview(cells['orientation'])}' is not an orientation; use portrait or "
                    "landscape",
                )
        copies = _copies(cells.get("copies", ""), problem)
        if len(problems) == before:
            landscape = orientation == "landscape"
            parsed.append((row.number, school, languages, size, landscape, copies, kind))

    # file names: school and size, with the languages where two rows share those
    def base(item: tuple[int, str, tuple[str, ...], str, bool, int, str]) -> str:
        number, school, _, size, landscape, _, kind = item
        stem = slug(school) or f"school-row-{number}"
        if kind == "cards":
            return f"{stem}-cards" + ("-a4" if size == "a4" else "")
        return f"{stem}-{size}" + ("-landscape" if landscape else "")

    counts: dict[str, int] = {}
    for item in parsed:
        counts[base(item)] = counts.get(base(item), 0) + 1
    taken: dict[str, int] = {}
    for item in parsed:
        number, school, languages, size, landscape, copies, kind = item
        stem = base(item)
        if counts[stem] > 1:
            stem += "-" + "-".join(slug(code) for code in languages)
        output = f"{stem}.pdf"
        if output in taken:
            problems.append(
                Problem(
                    field="",
                    message=(
                        f"the same {'card sheets' if kind == 'cards' else 'poster'} as row "
                        f"{taken[output]} (school, languages, size and orientation); add its "
                        f"copies to row {taken[output]}"
                    ),
                    file=name,
                    row=number,
                )
            )
            continue
        taken[output] = number
        jobs.append(PosterJob(number, school, languages, size, landscape, copies, output, kind))
    problems.sort(key=lambda p: p.row or 0)
    return jobs, problems


def _languages(
    text: str, problem: Callable[[str, str], None], most: int | None = MAX_LANGUAGES
) -> tuple[str, ...]:
    """The row's language codes; ``most`` None: any number (card sheets, one per language)."""
    codes = [c for c in _SPLIT.split(text) if c]
    if not codes:
        if most is None:
            problem("languages", "is empty; write a language code per card sheet, e.g. 'es ar'")
        else:
            problem("languages", "is empty; write one to four language codes, e.g. 'es ar'")
        return ()
    out = []
    for code in codes:
        try:
            out.append(canonical_code(code))
        except KitgenError:
            problem(
                "languages",
                f"'{preview(code)}' is not a language kitgen ships; "
                "'kitgen languages' lists the codes",
            )
    if most is not None and len(codes) > most:
        problem("languages", f"has {len(codes)} languages; a poster holds one to {MAX_LANGUAGES}")
    repeated = sorted({c for c in out if out.count(c) > 1})
    if repeated:
        problem("languages", f"gives {', '.join(repeated)} twice")
    return tuple(out)


def _copies(text: str, problem: Callable[[str, str], None]) -> int:
    if not text:
        return 1
    if not re.fullmatch(r"[0-9]{1,6}", text) or not 1 <= int(text) <= MAX_COPIES:
        problem(
            "copies",
            f"'{preview(text)}' is not a number of copies; write a whole number from 1 to "
            f"{MAX_COPIES}",
        )
        return 1
    return int(text)
