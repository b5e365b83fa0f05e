"""The summary of a batch: ``summary.txt`` (to read) and ``summary.csv`` (to sort and filter).

Both list every row of the input in its order: what was made (file, pages) or why not (the
same messages the command prints, each naming its row and field). Nothing in them depends on
the time or the machine, so the same inputs give the same summary. A password is never in them.
"""

from __future__ import annotations

import csv
import io

from .run import Report

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
            for problem in entry.problems:
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
            p.message if not p.field else f"{p.field}: {p.message}" for p in entry.problems
        )
        writer.writerow(
            [
                entry.where,
                *cells,
                entry.output or "",
                entry.pages if entry.ok else "",
                "made" if entry.ok else "failed",
                problem,
            ]
        )
    return buffer.getvalue()
