"""The summary of a batch: ``summary.txt`` (to read) and ``summary.csv`` (to sort and filter).

Both list every row of the input in its order: what was made (file, pages) or why not. They
describe exactly the files the batch wrote into its folder (a folder holding another run's files
is refused, or emptied of them with ``--replace``). Nothing in them depends on the time or the
machine, so the same inputs give the same summary. A password is never in them.

They hold no more of a family's data than a person needs to find the row: the roster's own cells
(the family file's name as the roster gives it, the language and paper), the file made and its
pages. A family file's problems are named by field only (``children[0].date_of_birth``), never
with the value found: ``kitgen validate`` on the file, or the command's own output, says what it
is. Problems with the roster's own cells are given in full. Every CSV cell a spreadsheet would run
as a formula is neutralised (:func:`kitgen.output.csv_cell`).
"""

from __future__ import annotations

import csv
import io

from ..output import csv_cell
from .run import Entry, Report

TEXT_NAME = "summary.txt"
CSV_NAME = "summary.csv"


def summary_line(report: Report) -> str:
    made, failed = report.made, report.failed
    pages = sum(e.pages for e in made)
    what = "poster" if report.kind == "posters" else "packet"
    line = f"Made {len(made)} {what} file{'s' if len(made) != 1 else ''}"
    line += f" ({pages} page{'s' if pages != 1 else ''})"
    if failed:
        line += f"; {len(failed)} row{'s' if len(failed) != 1 else ''} failed"
    return line + "."


def _stored(entry: Entry) -> tuple:
    return entry.stored or entry.problems


def summary_text(report: Report) -> str:
    lines = [
        f"kitgen batch {report.kind}: {report.source}",
        summary_line(report),
        "",
    ]
    if report.made:
        lines.append("Made:")
        for entry in report.made:
            detail = "  ".join(v for v in entry.cells.values() if v)
            pages = f"{entry.pages} page{'s' if entry.pages != 1 else ''}"
            lines.append(f"  {entry.where}: {detail} -> {entry.output} ({pages})")
        lines.append("")
    if report.failed:
        lines.append("Failed (nothing was written for these rows):")
        for entry in report.failed:
            for problem in _stored(entry):
                lines.append(f"  {problem}")
        lines.append("")
    return "\n".join(lines)


def summary_csv(report: Report) -> str:
    buffer = io.StringIO()
    writer = csv.writer(buffer, lineterminator="\n")
    writer.writerow(["entry", *report.columns, "file", "pages", "status", "problem"])
    for entry in report.entries:
        cells = [entry.cells.get(c, "") for c in report.columns]
        problem = " | ".join(
            p.message if not p.field else f"{p.field}: {p.message}" for p in _stored(entry)
        )
        row = [
            entry.where,
            *cells,
            entry.output or "",
            entry.pages if entry.ok else "",
            "made" if entry.ok else "failed",
            problem,
        ]
        writer.writerow([csv_cell(cell) for cell in row])
    return buffer.getvalue()


def written_files(data: bytes) -> list[str]:
    """The files an earlier ``summary.csv`` says its run wrote (plain names only)."""
    try:
        rows = list(csv.reader(io.StringIO(data.decode("utf-8", "replace"), newline="")))
    except csv.Error:
        return []
    if not rows or "file" not in rows[0]:
        return []
    column = rows[0].index("file")
    names = [row[column] for row in rows[1:] if len(row) > column and row[column]]
    return [n for n in names if "/" not in n and "\\" not in n and n not in (".", "..")]
