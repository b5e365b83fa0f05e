"""Batch printing: a poster plan or a workshop roster in, a folder of PDF files and a summary out.

:func:`make_posters` reads a plan (:mod:`.plan`) and writes a poster file (or a file of wallet
card sheets, for a ``kind=cards`` row) per row;
:func:`make_packets` reads a roster (:mod:`.roster`) and writes a packet per family. Both run
the rows on every core (:mod:`.run`, :mod:`.work`), write each file whole (a temporary name,
then a rename), carry on past a bad row, and end with ``summary.txt`` and ``summary.csv``
(:mod:`.summary`). The :class:`~.run.Report` they return says what was made and what failed;
the caller decides how to show it (the library prints nothing).
"""

from __future__ import annotations

from pathlib import Path

from ..content.regions import Region
from ..errors import Problem
from ..settings import Settings
from .plan import PosterJob, read_plan
from .roster import PacketJob, describe, language_hint, read_roster
from .run import Entry, Progress, Report, Writer, default_workers, interruptible, output_folder
from .run import run_jobs as _run_jobs
from .summary import CSV_NAME, TEXT_NAME, summary_csv, summary_line, summary_text
from .work import PacketOptions, Result, packet_chunk, poster_chunk, start_packets, start_posters

POSTER_COLUMNS = ("school", "kind", "languages", "size", "orientation", "copies")
PACKET_COLUMNS = ("family_file", "lang", "paper")

__all__ = [
    "CSV_NAME",
    "TEXT_NAME",
    "Entry",
    "PacketOptions",
    "Progress",
    "Report",
    "default_workers",
    "make_packets",
    "make_posters",
    "summary_line",
]


def _finish(report: Report, writer: Writer) -> Report:
    writer.write(TEXT_NAME, summary_text(report).encode("utf-8"))
    writer.write(CSV_NAME, summary_csv(report).encode("utf-8"))
    return report


def make_posters(
    plan: str | Path,
    folder: str | Path,
    *,
    settings: Settings | None = None,
    bleed: bool = False,
    large_print: bool = False,
    region: Region | None = None,
    workers: int | None = None,
    progress: Progress | None = None,
    replace: bool = False,
) -> Report:
    """A poster file per good row of ``plan`` in ``folder``, and the summary. ``region`` (a
    pack from :func:`kitgen.content.regions.region_file`) is used instead of the settings' pack.
    ``large_print``: every poster row with no text under 14 pt (card rows stay wallet-sized).

    ``folder`` must not hold another run's output unless ``replace`` (it is removed first), and
    no other batch may write into it meanwhile (:func:`.run.output_folder`)."""
    jobs, problems = read_plan(plan)
    out = Path(folder)
    inputs = [Path(plan)]
    if settings is not None:
        inputs.append(Path(settings.source))
        if settings.logo is not None:
            inputs.append(settings.logo.path)
    names = [job.output for job in jobs] + [TEXT_NAME, CSV_NAME]
    entries: list[Entry] = []
    by_row: dict[int, list[Problem]] = {}
    for problem in problems:
        by_row.setdefault(problem.row or 0, []).append(problem)
    for row, row_problems in by_row.items():
        entries.append(Entry(row, f"row {row}", {}, problems=tuple(row_problems)))

    def cells(job: PosterJob) -> dict[str, str]:
        return {
            "school": job.school,
            "kind": job.kind,
            "languages": " ".join(job.languages),
            "size": job.size,
            "orientation": ""
            if job.kind == "cards"
            else ("landscape" if job.landscape else "portrait"),
            "copies": str(job.copies),
        }

    with (
        output_folder(out, names=names, inputs=inputs, replace=replace),
        interruptible() as interrupts,
    ):
        writer = Writer(out, interrupts, private=False)  # posters are public

        def done(job: PosterJob, result: Result) -> None:
            if result.data is None:
                located = tuple(
                    Problem(p.field or "", p.message, str(plan), job.row) for p in result.problems
                )
                entries.append(Entry(job.row, f"row {job.row}", cells(job), problems=located))
                return
            writer.write(job.output, result.data)
            entries.append(Entry(job.row, f"row {job.row}", cells(job), job.output, result.pages))

        _run_jobs(
            jobs,
            chunk=poster_chunk,
            start=start_posters,
            start_args=(settings, bleed, region, large_print),
            done=done,
            workers=workers or default_workers(),
            key=lambda job: (job.kind, job.languages, job.size, job.landscape, job.row),
            job_key=lambda job: job.row,
            progress=progress,
        )
        report = Report(
            "posters",
            str(plan),
            str(out),
            POSTER_COLUMNS,
            tuple(sorted(entries, key=lambda e: e.order)),
        )
        return _finish(report, writer)


def make_packets(
    roster: str | Path,
    folder: str | Path,
    *,
    options: PacketOptions | None = None,
    workers: int | None = None,
    progress: Progress | None = None,
    replace: bool = False,
) -> Report:
    """A packet per good entry of ``roster`` in ``folder``, and the summary (``folder`` as for
    :func:`make_posters`). Packets are owner-only (0600). A roster row's ``password_file``
    takes precedence over ``options.password`` (:mod:`.roster`)."""
    options = options or PacketOptions()
    jobs, bad = read_roster(roster, batch_password=options.password is not None)
    out = Path(folder)
    inputs = [Path(roster), *(job.family_file for job in jobs)]
    inputs += [job.password_source for job in jobs if job.password_source is not None]
    names = [job.output for job in jobs] + [TEXT_NAME, CSV_NAME]
    entries = [Entry(b.index, b.where, {}, problems=b.problems) for b in bad]

    def cells(job: PacketJob) -> dict[str, str]:
        paper = job.paper or options.paper
        return {"family_file": job.given, "lang": job.lang or "", "paper": paper}

    with (
        output_folder(out, names=names, inputs=inputs, replace=replace),
        interruptible() as interrupts,
    ):
        writer = Writer(out, interrupts)

        def done(job: PacketJob, result: Result) -> None:
            where = describe(job)
            if result.data is None:

                def locate(p: Problem) -> Problem:
                    field = (
                        f"{job.where.field}.{p.field}"
                        if job.where.field and p.field
                        else (p.field or job.where.field)
                    )
                    return Problem(field, p.message, job.where.file, job.where.row)

                located = tuple(locate(p) for p in result.problems)
                stored = tuple(locate(p) for p in result.stored)
                entries.append(Entry(job.index, where, cells(job), problems=located, stored=stored))
                return
            writer.write(job.output, result.data)
            entries.append(Entry(job.index, where, cells(job), job.output, result.pages))

        _run_jobs(
            jobs,
            chunk=packet_chunk,
            start=start_packets,
            start_args=(options,),
            done=done,
            workers=workers or default_workers(),
            key=lambda job: (language_hint(job), job.index),  # a worker's languages set up once
            job_key=lambda job: job.index,
            progress=progress,
        )
        report = Report(
            "packets",
            str(roster),
            str(out),
            PACKET_COLUMNS,
            tuple(sorted(entries, key=lambda e: e.order)),
        )
        return _finish(report, writer)
