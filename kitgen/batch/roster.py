"""A workshop roster: which family files to print a packet for.

Three forms:

* a CSV file with a ``family_file`` column (the path of a family file, relative to the roster's
  folder) and optional ``lang``, ``paper``, ``output`` and ``password_file`` columns;
* a YAML file with a ``families:`` list, each item a family file's path or a mapping with the
  same keys as the CSV columns;
* a folder: every ``.yaml``, ``.yml`` and ``.json`` file in it, in name order.

A family file must be inside the roster's folder (no absolute path, no ``..``, no link pointing
out), so a roster cannot make kitgen read other files. Packets are written to ``packet-001.pdf``,
``packet-002.pdf`` … in roster order, never to a name made from a family's names; a row's
``output`` cell may choose another plain file name ending in ``.pdf``.

A ``password_file`` cell names a file (inside the roster's folder, like a family file) whose
first line is that family's PDF password; it is read here, with the same bound as
``--password-file``, and travels to the workers in memory only. A row's password file takes
precedence over a batch-wide password; once the roster has the column, a row that leaves it
empty uses the batch-wide password, and without one the row is refused (never an unprotected
packet by accident). Messages name the row and the column, never the password or the file.
"""

from __future__ import annotations

import os
import re
import stat
from dataclasses import dataclass, field
from pathlib import Path, PurePosixPath, PureWindowsPath
from typing import Any

from ..errors import DataError, KitgenError, Problem, preview
from ..i18n.catalog import canonical_code
from ..inputs import (
    Kind,
    check_name,
    decode_text,
    file_identity,
    key_line,
    parse_yaml,
    unknown_key,
)
from .table import file_problem, read_bytes, read_table

KIND = Kind(
    plural="rosters",
    one="a roster",
    depth="a roster needs three",
    values="a roster holds a few values per family",
    one_document="keep one list of families per file",
    holds="text, lists and keys",
    max_depth=6,
    max_values=100_000,
)

COLUMNS = {
    "family_file": True,
    "lang": False,
    "paper": False,
    "output": False,
    "password_file": False,
}
PASSWORD_COLUMN = "password_file"
PAPERS = ("letter", "a4")
FAMILY_SUFFIXES = (".yaml", ".yml", ".json")
_OUTPUT = re.compile(r"^[A-Za-z0-9][A-Za-z0-9._ -]{0,99}\.pdf$", re.IGNORECASE)


@dataclass(frozen=True)
class PacketJob:
    index: int  # 1-based position in the roster: packet-001.pdf ...
    where: Problem  # how messages name this entry: file, row or field (message unused)
    family_file: Path  # resolved, inside the roster's folder
    lang: str | None
    paper: str | None
    output: str
    given: str = ""  # the family file as the roster names it
    #: (device, inode) of the family file when it was checked: the worker opens that file or
    #: nothing (a link swapped in afterwards is not followed)
    identity: tuple[int, int] | None = None
    #: this family's password (from its ``password_file`` cell); None: the batch-wide one
    password: str | None = field(default=None, repr=False)
    #: the password file, resolved (so the batch never writes over it); never in a message
    password_source: Path | None = field(default=None, repr=False)


@dataclass(frozen=True)
class BadEntry:
    index: int
    where: str  # "row 3", "families[2]", a family file's name
    problems: tuple[Problem, ...]


def read_roster(
    path: str | Path, *, batch_password: bool = False
) -> tuple[list[PacketJob], list[BadEntry]]:
    """The jobs of the good entries and the problems of the bad ones. ``batch_password``: a
    password is given for the whole batch (a row with an empty ``password_file`` uses it)."""
    source = Path(path)
    if source.is_dir():
        entries = _folder(source)
    elif source.suffix.lower() in (".yaml", ".yml"):
        entries = _yaml(source)
    else:
        entries = _csv(source)
    return _jobs(source, entries, batch_password)


@dataclass(frozen=True)
class _Entry:
    """One roster entry: where it is (for messages), its cells, the problems the reader found
    (each with its field and line), and the line of each cell (a YAML roster's item)."""

    where: Problem
    cells: dict[str, str]
    problems: tuple[Problem, ...] = ()
    lines: dict[str, int] = field(default_factory=dict)


def _csv(path: Path) -> list[_Entry]:
    name = str(path)
    out: list[_Entry] = []
    for row in read_table(path, COLUMNS):
        where = Problem(field="", message="", file=name, row=row.number)
        cells = dict(row.cells)
        stray = row.stray_message()
        if stray:
            cells["\x00problem"] = stray
        out.append(_Entry(where, cells))
    return out


def _yaml(path: Path) -> list[_Entry]:
    name = str(path)
    data = read_bytes(path, "a roster")
    raw, problems = parse_yaml(decode_text(data, name, file_problem, "a roster"), name, KIND)
    if problems:
        raise DataError(f"{name} cannot be used", tuple(problems))
    if isinstance(raw, dict) and set(raw) - {"families"}:
        key = next(k for k in raw if k != "families")
        raise DataError(
            f"{name} cannot be used",
            (
                Problem(
                    preview(str(key)),
                    unknown_key("roster key", key, ["families"]),
                    name,
                    line=key_line(raw, key),
                ),
            ),
        )
    if not isinstance(raw, dict) or not isinstance(raw.get("families"), list):
        raise file_problem(
            name,
            "must hold one key, 'families:', with a list of family files (see samples/roster.yaml)",
        )
    out: list[_Entry] = []
    for i, item in enumerate(raw["families"]):
        where = Problem(field=f"families[{i}]", message="", file=name)
        if isinstance(item, str):
            out.append(_Entry(where, {"family_file": item}))
            continue
        if not isinstance(item, dict):
            out.append(_Entry(where, {"\x00problem": "must be a family file's path or a mapping"}))
            continue
        cells: dict[str, str] = {}
        found: list[Problem] = []
        for key, value in item.items():
            line = key_line(item, key)
            if key not in COLUMNS:
                found.append(
                    Problem(
                        f"families[{i}].{preview(str(key))}",
                        unknown_key("roster key", key, COLUMNS),
                        name,
                        line=line,
                    )
                )
            elif isinstance(value, (dict, list)):
                found.append(
                    Problem(
                        f"families[{i}].{key}",
                        "must be text, not a list or mapping",
                        name,
                        line=line,
                    )
                )
            elif value is not None:
                cells[key] = str(value).strip()
        lines = {k: n for k in COLUMNS if (n := key_line(item, k)) is not None}
        out.append(_Entry(where, cells, tuple(found), lines))
    return out


def _folder(path: Path) -> list[_Entry]:
    files = sorted(p for p in path.iterdir() if p.suffix.lower() in FAMILY_SUFFIXES and p.is_file())
    if not files:
        raise file_problem(str(path), "holds no family files (.yaml, .yml or .json)")
    return [
        _Entry(Problem(field="", message="", file=str(p)), {"family_file": p.name}) for p in files
    ]


def _jobs(
    source: Path, entries: list[_Entry], batch_password: bool = False
) -> tuple[list[PacketJob], list[BadEntry]]:
    folder = (source if source.is_dir() else source.parent).resolve()
    password_column = any(PASSWORD_COLUMN in entry.cells for entry in entries)
    width = max(3, len(str(len(entries))))
    jobs: list[PacketJob] = []
    bad: list[BadEntry] = []
    outputs: dict[str, str] = {}
    planned = {f"packet-{i:0{width}d}.pdf" for i in range(1, len(entries) + 1)}
    for index, entry in enumerate(entries, start=1):
        where, cells = entry.where, entry.cells
        problems: list[Problem] = list(entry.problems)

        def problem(
            column: str, message: str, entry: _Entry = entry, problems: list[Problem] = problems
        ) -> None:
            where = entry.where
            field = f"{where.field}.{column}" if where.field and column else where.field or column
            problems.append(
                Problem(
                    field=field,
                    message=message,
                    file=where.file,
                    row=where.row,
                    line=entry.lines.get(column),
                )
            )

        if "\x00problem" in cells:
            problem("", cells["\x00problem"])
        family = _inside(cells.get("family_file", ""), folder, "family_file", problem)
        password, password_source = None, None
        if cells.get(PASSWORD_COLUMN):
            password, password_source = _password(cells[PASSWORD_COLUMN], folder, problem)
        elif password_column and not batch_password:
            problem(
                PASSWORD_COLUMN,
                "is empty; name the file holding this family's password, or give a password "
                "for the whole batch (--password-file)",
            )
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
        real, identity = family
        jobs.append(
            PacketJob(
                index,
                where,
                real,
                lang,
                paper,
                output,
                cells["family_file"],
                identity,
                password,
                password_source,
            )
        )
    return jobs, bad


def _where_text(where: Problem) -> str:
    if where.row is not None:
        return f"row {where.row}"
    return where.field or Path(str(where.file)).name


def _password(value: str, folder: Path, problem: Any) -> tuple[str | None, Path | None]:
    """The password in the file a ``password_file`` cell names; (None, None) after a problem
    that names neither the password nor the file (the row and the column say which)."""
    from ..pdf.protect import read_password_file

    found = _inside(value, folder, PASSWORD_COLUMN, problem, show=False)
    if found is None:
        return None, None
    real, identity = found

    def fail(name: str, message: str) -> KitgenError:
        return KitgenError(message)

    try:
        return read_password_file(real, identity=identity, fail=fail), real
    except KitgenError as error:
        problem(PASSWORD_COLUMN, f"the file named cannot be used: {error.message}")
    return None, None


def _inside(
    value: str, folder: Path, column: str, problem: Any, *, show: bool = True
) -> tuple[Path, tuple[int, int]] | None:
    """The file ``value`` names inside ``folder`` (resolved, and its identity), or None after
    a problem in ``column``. ``show``: whether messages may repeat the cell."""
    shown = f"'{preview(value)}'" if show else "the file named"
    if not value:
        problem(column, "is empty; write the family file's name, e.g. rivera.yaml")
        return None
    if not check_name(
        value, lambda message: problem(column, message if show else "has a control character")
    ):
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
            column,
            f"{shown} must be a path inside the roster's folder (no absolute path, no '..')",
        )
        return None
    path = folder / value
    try:
        real = path.resolve(strict=True)
    except (OSError, RuntimeError):
        problem(column, f"{shown} does not exist in {folder}")
        return None
    if not real.is_relative_to(folder):
        problem(column, f"{shown} points outside the roster's folder")
        return None
    try:
        info = real.stat()
    except OSError:
        info = None
    if info is None or not stat.S_ISREG(info.st_mode):
        problem(column, f"{shown} is not a file")
        return None
    return real, file_identity(info)


def describe(job: PacketJob) -> str:
    """How the summary names a job's entry: ``row 3``, ``families[2]`` or the file's name."""
    return _where_text(job.where)


#: A family file's ``language:`` (YAML) or ``"language":`` (JSON) key and the code after it.
_LANGUAGE_KEY = re.compile(
    rb"""(?<![\w-])["']?language["']?[ \t]*:[ \t]*["']?([A-Za-z][\w-]{0,15})"""
)
_HINT_BYTES = 16_384


def language_hint(job: PacketJob) -> str:
    """The language ``job``'s packet is probably in, for scheduling only (a worker given the
    families of one language sets up its fonts and caches once): the row's ``lang``, else the
    first ``language`` key in the family file's first 16 KB (the checked file only, not a link
    put there since), else "". A wrong guess costs time, never a packet: the worker reads and
    checks the file itself."""
    if job.lang:
        return job.lang
    flags = os.O_RDONLY | getattr(os, "O_NOFOLLOW", 0) | getattr(os, "O_NONBLOCK", 0)
    try:
        fd = os.open(job.family_file, flags)  # never waits: a pipe put there opens at once
    except (OSError, ValueError):
        return ""
    try:
        info = os.fstat(fd)
        if not stat.S_ISREG(info.st_mode):
            return ""
        if job.identity is not None and file_identity(info) != job.identity:
            return ""
        head = os.read(fd, _HINT_BYTES)
    except OSError:
        return ""
    finally:
        os.close(fd)
    found = _LANGUAGE_KEY.search(head)
    return found.group(1).decode("ascii").lower() if found else ""
