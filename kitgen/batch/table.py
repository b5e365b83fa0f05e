"""Reading a CSV file of rows (a poster plan, a workshop roster): bytes in, numbered rows out.

UTF-8 with or without a byte order mark (what spreadsheets write as "CSV UTF-8"), commas
between cells. The header is strict: an unknown or repeated column, or a missing required one,
is an error for the whole file, naming the column and the closest known one (a misspelt
``copeis`` must not silently print one copy: "did you mean 'copies'?"). Rows are numbered as
a spreadsheet shows them, the header being row 1, and every message about a row names its
number. Blank rows are skipped.
"""

from __future__ import annotations

import csv
import io
from collections.abc import Mapping
from dataclasses import dataclass
from pathlib import Path

from ..errors import DataError, Problem, preview
from ..inputs import read_input, unknown_key

MAX_BYTES = 10_000_000


@dataclass(frozen=True)
class Row:
    number: int  # as a spreadsheet shows it: the header is row 1
    cells: dict[str, str]  # column -> the cell's text, stripped ("" when empty or missing)
    stray: bool = False  # a value in a cell under no column name

    def stray_message(self) -> str | None:
        if not self.stray:
            return None
        return (
            "has a value in a cell under no column name; put a cell that holds a comma in "
            "double quotes"
        )


def file_problem(name: str, message: str, *, field: str = "", row: int | None = None) -> DataError:
    problem = Problem(field=field, message=message, file=name, row=row)
    return DataError(f"{name} cannot be used", (problem,))


def read_bytes(path: str | Path, what: str, limit: int = MAX_BYTES) -> bytes:
    """The bytes of a small input file, or a :class:`DataError` saying why not."""
    return read_input(path, what=what, hint=what, limit=limit, fail=file_problem)


def read_table(path: str | Path, columns: Mapping[str, bool]) -> list[Row]:
    """The rows of the CSV file at ``path``; ``columns`` maps each known column to whether it
    is required. Header problems raise :class:`DataError` (nothing can be read row by row)."""
    name = str(path)
    data = read_bytes(path, "a CSV file")
    try:
        text = data.decode("utf-8-sig")
    except UnicodeDecodeError as error:
        raise file_problem(
            name,
            f"is not UTF-8 text (byte {error.start + 1}); save it from the spreadsheet as "
            "'CSV UTF-8'",
        ) from None
    if "\x00" in text:
        raise file_problem(name, "is not a CSV file (it contains NUL bytes)")
    reader = csv.reader(io.StringIO(text, newline=""), strict=True)
    records: list[list[str]] = []
    try:
        for record in reader:
            records.append(record)
    except csv.Error as error:
        raise file_problem(name, f"is not valid CSV ({error})", row=reader.line_num) from None
    first = next((i for i, r in enumerate(records) if any(c.strip() for c in r)), None)
    if first is None:
        raise file_problem(name, f"is empty; the first row names the columns: {', '.join(columns)}")
    records = records[first:]  # blank lines before the header do not count
    header = [cell.strip().lower() for cell in records[0]]
    problems: list[Problem] = []
    if len(header) == 1 and ";" in header[0]:
        raise file_problem(
            name,
            "the cells are separated by ';'; save the file with commas between cells (CSV UTF-8)",
            row=1,
        )
    seen: set[str] = set()
    for cell in header:
        if not cell:
            continue  # spreadsheets add empty columns; a value under one is a row's problem
        if cell not in columns:
            problems.append(Problem(preview(cell), unknown_key("column", cell, columns), name, 1))
        elif cell in seen:
            problems.append(Problem(cell, "the column appears twice", name, 1))
        seen.add(cell)
    for column, required in columns.items():
        if required and column not in seen:
            problems.append(Problem(column, "the column is missing from the header", name, 1))
    if problems:
        count = len(problems)
        raise DataError(f"{name} has {count} problem{'s' if count != 1 else ''}", tuple(problems))
    named = {i: column for i, column in enumerate(header) if column}
    rows: list[Row] = []
    for number, record in enumerate(records[1:], start=2):
        if not any(cell.strip() for cell in record):
            continue
        cells = {column: "" for column in named.values()}
        stray = False
        for i, cell in enumerate(record):
            if i in named:
                cells[named[i]] = cell.strip()
            elif cell.strip():
                stray = True
        rows.append(Row(number, cells, stray))
    return rows
