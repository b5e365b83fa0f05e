"""A workshop roster: which family files to print a packet for.

Three forms:

* a CSV file with a ``family_file`` column (the path of a family file, relative to the roster's
  folder) and optional ``lang``, ``paper`` and ``output`` columns;
* a YAML file with a ``families:`` list, each item a family file's path or a mapping with the
  same keys as the CSV columns;
* a folder: every ``.yaml``, ``.yml`` and ``.json`` file in it, in name order.

A family file must be inside the roster's folder (no absolute path, no ``..``, no link pointing
out), so a roster cannot make kitgen read other files. Packets are written to ``packet-001.pdf``,
``packet-002.pdf`` … in roster order, never to a name made from a family's names; a row's
``output`` cell may choose another plain file name ending in ``.pdf``.
"""

from __future__ import annotations

import re
from dataclasses import dataclass
from pathlib import Path, PurePosixPath, PureWindowsPath
from typing import Any

import yaml

from ..errors import KitgenError, Problem, preview
from ..i18n.catalog import canonical_code
from .table import file_problem, read_bytes, read_table

COLUMNS = {"family_file": True, "lang": False, "paper": False, "output": False}
PAPERS = ("letter", "a4")
FAMILY_SUFFIXES = (".yaml", ".yml", ".json")
_OUTPUT = re.compile(r"^[A-Za-z0-9][A-Za-z0-9._ -]{0,99}\.pdf$", re.IGNORECASE)


@dataclass(frozen=True)
class PacketJob:
    index: int  # 1-based position in the roster: packet-001.pdf ...
    where: Problem  # how messages name this entry: file, row or field (message unused)
    family_file: Path
    lang: str | None
    paper: str | None
    output: str
    given: str = ""  # the family file as the roster names it


@dataclass(frozen=True)
class BadEntry:
    index: int
    where: str  # "row 3", "families[2]", a family file's name
    problems: tuple[Problem, ...]


def read_roster(path: str | Path) -> tuple[list[PacketJob], list[BadEntry]]:
    """The jobs of the good entries and the problems of the bad ones."""
    source = Path(path)
    if source.is_dir():
        entries = _folder(source)
    elif source.suffix.lower() in (".yaml", ".yml"):
        entries = _yaml(source)
    else:
        entries = _csv(source)
    return _jobs(source, entries)


# An entry: where it is (for messages), its cells, and whether the path was listed by kitgen.
_Entry = tuple[Problem, dict[str, str]]


def _csv(path: Path) -> list[_Entry]:
    name = str(path)
    out: list[_Entry] = []
    for row in read_table(path, COLUMNS):
        where = Problem(field="", message="", file=name, row=row.number)
        cells = dict(row.cells)
        stray = row.stray_message()
        if stray:
            cells["\x00problem"] = stray
        out.append((where, cells))
    return out


def _yaml(path: Path) -> list[_Entry]:
    name = str(path)
    data = read_bytes(path, "a roster")
    try:
        raw = yaml.safe_load(data.decode("utf-8-sig"))
    except UnicodeDecodeError:
        raise file_problem(name, "is not UTF-8 text; save it as UTF-8") from None
    except yaml.YAMLError as error:
        mark = getattr(error, "problem_mark", None)
        line = f" (line {mark.line + 1})" if mark else ""
        raise file_problem(name, f"cannot be read as YAML{line}") from None
    if (
        not isinstance(raw, dict)
        or set(raw) != {"families"}
        or not isinstance(raw["families"], list)
    ):
        raise file_problem(
            name,
            "must hold one key, 'families:', with a list of family files (see samples/roster.yaml)",
        )
    out: list[_Entry] = []
    for i, item in enumerate(raw["families"]):
        key = f"families[{i}]"
        where = Problem(field=key, message="", file=name)
        if isinstance(item, str):
            out.append((where, {"family_file": item}))
            continue
        if not isinstance(item, dict):
            out.append((where, {"\x00problem": "must be a family file's path or a mapping"}))
            continue
        cells: dict[str, str] = {}
        for key, value in item.items():
            if key not in COLUMNS:
                cells["\x00problem"] = (
                    f"'{preview(str(key))}' is not a roster key; use: {', '.join(COLUMNS)}"
                )
            elif value is not None:
                cells[key] = str(value).strip()
        out.append((where, cells))
    return out


def _folder(path: Path) -> list[_Entry]:
    files = sorted(p for p in path.iterdir() if p.suffix.lower() in FAMILY_SUFFIXES and p.is_file())
    if not files:
        raise file_problem(str(path), "holds no family files (.yaml, .yml or .json)")
    return [(Problem(field="", message="", file=str(p)), {"family_file": p.name}) for p in files]


def _jobs(source: Path, entries: list[_Entry]) -> tuple[list[PacketJob], list[BadEntry]]:
    folder = (source if source.is_dir() else source.parent).resolve()
    width = max(3, len(str(len(entries))))
    jobs: list[PacketJob] = []
    bad: list[BadEntry] = []
    outputs: dict[str, str] = {}
    planned = {f"packet-{i:0{width}d}.pdf" for i in range(1, len(entries) + 1)}
    for index, (where, cells) in enumerate(entries, start=1):
        problems: list[Problem] = []

        def problem(
            field: str, message: str, where: Problem = where, problems: list[Problem] = problems
        ) -> None:
            if where.field:
                field = f"{where.field}.{field}" if field else where.field
            problems.append(Problem(field=field, message=message, file=where.file, row=where.row))

        if "\x00problem" in cells:
            problem("", cells["\x00problem"])
        family = _family_path(cells.get("family_file", ""), folder, problem)
        lang = cells.get("lang") or None
        if lang is not None:
            try:
                lang = canonical_code(lang)
            except KitgenError:
                problem(
                    "lang",
                    f"'{preview(lang)}' is not a language kitgen ships; "
                    "'kitgen languages' lists the codes",
                )
        paper = (cells.get("paper") or "").lower() or None
        if paper is not None and paper not in PAPERS:
            problem("paper", f"'{preview(paper)}' is not a paper size; use letter or a4")
        output = cells.get("output") or ""
        default = f"packet-{index:0{width}d}.pdf"
        if output:
            if not _OUTPUT.match(output) or ".." in output:
                problem(
                    "output",
                    f"'{preview(output)}' is not a plain file name ending in .pdf (letters, "
                    "digits, spaces, '.', '-' and '_'; no folder)",
                )
            elif output in planned and output != default:
                problem("output", f"'{output}' is the name of another row's packet")
        output = output or default
        if output.lower() in outputs:
            problem("output", f"'{output}' is also the output of {outputs[output.lower()]}")
        if problems or family is None:
            bad.append(BadEntry(index, _where_text(where), tuple(problems)))
            continue
        outputs[output.lower()] = _where_text(where)
        jobs.append(PacketJob(index, where, family, lang, paper, output, cells["family_file"]))
    return jobs, bad


def _where_text(where: Problem) -> str:
    if where.row is not None:
        return f"row {where.row}"
    return where.field or Path(str(where.file)).name


def _family_path(value: str, folder: Path, problem: Any) -> Path | None:
    if not value:
        problem("family_file", "is empty; write the family file's name, e.g. rivera.yaml")
        return None
    posix, windows = PurePosixPath(value), PureWindowsPath(value)
    if (
        posix.is_absolute()
        or windows.is_absolute()
        or windows.drive
        or ".." in posix.parts
        or (".." in windows.parts)
    ):
        problem(
            "family_file",
            f"'{preview(value)}' must be a path inside the roster's folder (no absolute path, "
            "no '..')",
        )
        return None
    path = folder / value
    try:
        real = path.resolve(strict=True)
    except (OSError, RuntimeError):
        problem("family_file", f"'{preview(value)}' does not exist in {folder}")
        return None
    if not real.is_relative_to(folder):
        problem("family_file", f"'{preview(value)}' points outside the roster's folder")
        return None
    if not real.is_file():
        problem("family_file", f"'{preview(value)}' is not a file")
        return None
    return path


def describe(job: PacketJob) -> str:
    """How the summary names a job's entry: ``row 3``, ``families[2]`` or the file's name."""
    return _where_text(job.where)
