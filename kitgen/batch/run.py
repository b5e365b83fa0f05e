"""Running a batch: jobs in, files in the output folder and a :class:`Report` out.

Jobs go to a pool of worker processes (one per core by default) in chunks, so that each worker
sets up its fonts once, jobs that make the same poster land in the same worker, and so do
packets of one language (:func:`kitgen.batch.roster.language_hint`). The parent
writes every file with :func:`kitgen.output.write_atomic` (a temporary name, then a rename) as
results come in; the files' bytes do not depend on the number of workers or the order results
come back in, and the summary lists rows in the input's order.

Ctrl-C or SIGTERM stops the workers and the run: a file being written is finished and renamed
first (the signal waits for it), so the folder holds only whole files and no temporary ones.
"""

from __future__ import annotations

import fcntl
import math
import multiprocessing
import os
import signal
import stat
import threading
from collections.abc import Callable, Iterator, Sequence
from concurrent.futures import FIRST_COMPLETED, Future, ProcessPoolExecutor, wait
from concurrent.futures.process import BrokenProcessPool
from contextlib import contextmanager
from dataclasses import dataclass
from pathlib import Path
from typing import Any

from ..errors import Problem
from ..output import remove_stale_temporaries, same_file, write_atomic
from .work import Result

#: Called with (jobs done, jobs in all) when the run starts and after each job.
Progress = Callable[[int, int], None]


@dataclass(frozen=True)
class Entry:
    """One row of the input and what became of it."""

    order: int  # where it sorts in the summary
    where: str  # "row 4", "families[2]", a family file's name
    cells: dict[str, str]  # the summary's columns for this row
    output: str | None = None  # the file written
    pages: int = 0
    problems: tuple[Problem, ...] = ()
    #: the problems as the summary files keep them (without a family's values); () = problems
    stored: tuple[Problem, ...] = ()

    @property
    def ok(self) -> bool:
        return not self.problems


@dataclass(frozen=True)
class Report:
    kind: str  # "posters" or "packets"
    source: str
    folder: str
    columns: tuple[str, ...]  # the summary's columns before file, pages, status, problem
    entries: tuple[Entry, ...]

    @property
    def made(self) -> list[Entry]:
        return [e for e in self.entries if e.ok]

    @property
    def failed(self) -> list[Entry]:
        return [e for e in self.entries if not e.ok]

    @property
    def problems(self) -> list[Problem]:
        return [p for e in self.entries for p in e.problems]


# -- interrupts ----------------------------------------------------------------------------------


class _Interrupts:
    """SIGINT and SIGTERM become KeyboardInterrupt, held back while a file is being written."""

    def __init__(self) -> None:
        self.holding = 0
        self.pending = False

    def handler(self, signum: int, frame: Any) -> None:
        if self.holding:
            self.pending = True
            return
        raise KeyboardInterrupt

    @contextmanager
    def held(self) -> Iterator[None]:
        self.holding += 1
        try:
            yield
        finally:
            self.holding -= 1
        if not self.holding and self.pending:
            self.pending = False
            raise KeyboardInterrupt

    @contextmanager
    def installed(self) -> Iterator[None]:
        if threading.current_thread() is not threading.main_thread():
            yield  # signals only reach the main thread; nothing to install
            return
        names = [s for s in ("SIGINT", "SIGTERM") if hasattr(signal, s)]
        old = {name: signal.signal(getattr(signal, name), self.handler) for name in names}
        try:
            yield
        finally:
            for name, handler in old.items():
                signal.signal(getattr(signal, name), handler)


# -- the pool ------------------------------------------------------------------------------------


def default_workers() -> int:
    return os.cpu_count() or 1


def _chunks(jobs: Sequence[Any], workers: int, key: Callable[[Any], Any]) -> list[list[Any]]:
    """Jobs in chunks of up to 16, similar jobs together, a few chunks per worker."""
    ordered = sorted(jobs, key=key)
    size = max(1, min(16, math.ceil(len(ordered) / (workers * 4))))
    return [ordered[i : i + size] for i in range(0, len(ordered), size)]


def _context() -> Any:
    """Workers start from a clean, small server process where the platform has one (Linux,
    macOS): forking the parent itself is unsafe once it runs threads."""
    if "forkserver" in multiprocessing.get_all_start_methods():
        ctx = multiprocessing.get_context("forkserver")
        ctx.set_forkserver_preload(["kitgen.batch.work", "kitgen.packet", "kitgen.poster"])
        return ctx
    return multiprocessing.get_context("spawn")


def _stop(executor: ProcessPoolExecutor) -> None:
    """Stop the workers now (Python 3.14 has terminate_workers; before it, terminate each).

    A worker stopped while it was sending a result leaves half a message in the pool's result
    pipe. The pool's manager thread then waits for the rest forever, and so does the
    interpreter's exit, which joins that thread (seen here on Python 3.11: Ctrl-C during a
    batch hung about one run in five). Once every worker is gone, closing this process's
    write end of that pipe gives the manager thread an end of file instead, so it marks the
    pool broken and ends.
    """
    workers = list((getattr(executor, "_processes", None) or {}).values())
    terminate = getattr(executor, "terminate_workers", None)
    if terminate is not None:
        terminate()
    else:
        for process in workers:
            if process.is_alive():
                process.terminate()
        executor.shutdown(wait=False, cancel_futures=True)
    for process in workers:
        process.join(5)
        if process.is_alive():
            process.kill()
            process.join(5)
    writer = getattr(getattr(executor, "_result_queue", None), "_writer", None)
    if writer is not None and not any(process.is_alive() for process in workers):
        writer.close()


def run_jobs(
    jobs: Sequence[Any],
    *,
    chunk: Callable[[Sequence[Any]], list[Result]],
    start: Callable[..., None],
    start_args: tuple[Any, ...],
    done: Callable[[Any, Result], None],
    workers: int,
    key: Callable[[Any], Any],
    job_key: Callable[[Any], int],
    progress: Progress | None = None,
) -> None:
    """Run ``jobs`` and call ``done(job, result)`` in this process for each, as they finish."""
    if not jobs:
        return
    by_key = {job_key(job): job for job in jobs}
    chunks = _chunks(jobs, workers, key)
    count = 0
    if progress is not None:
        progress(0, len(jobs))

    def finish(results: list[Result]) -> None:
        nonlocal count
        for result in results:
            done(by_key[result.key], result)
            count += 1
            if progress is not None:
                progress(count, len(jobs))

    if workers <= 1 or len(chunks) <= 1:
        start(*start_args, in_worker=False)
        for part in chunks:
            finish(chunk(part))
        return
    executor = ProcessPoolExecutor(
        max_workers=min(workers, len(chunks)),
        mp_context=_context(),
        initializer=start,
        initargs=start_args,
    )
    try:
        pending: dict[Future[list[Result]], list[Any]] = {
            executor.submit(chunk, part): part for part in chunks
        }
        while pending:
            finished, _ = wait(pending, return_when=FIRST_COMPLETED)
            for future in finished:
                part = pending.pop(future)
                try:
                    results = future.result()
                except BrokenProcessPool:
                    message = "a kitgen worker process stopped unexpectedly (out of memory?)"
                    results = [
                        Result(job_key(job), None, (Problem(field="", message=message),))
                        for job in part
                    ]
                finish(results)
    except BaseException:
        _stop(executor)
        raise
    executor.shutdown(wait=True)


# -- writing -------------------------------------------------------------------------------------


class Writer:
    """Writes the results into the output folder, whole files only."""

    def __init__(self, folder: Path, interrupts: _Interrupts, *, private: bool = True) -> None:
        self.folder = folder
        self.interrupts = interrupts
        self.private = private

    def write(self, name: str, data: bytes) -> None:
        with self.interrupts.held():
            write_atomic(self.folder / name, data, private=self.private)


def prepare_folder(folder: Path) -> None:
    """Create the output folder (its parent must exist)."""
    from ..errors import UsageError

    if folder.exists() and not folder.is_dir():
        raise UsageError(f"{folder} is not a folder; -o names the folder to write the files in")
    try:
        folder.mkdir(exist_ok=True)
    except FileNotFoundError:
        raise UsageError(
            f"cannot create {folder}: the folder {folder.parent} does not exist"
        ) from None
    except OSError as error:
        raise UsageError(f"cannot create {folder}: {error.strerror or error}") from None


@contextmanager
def output_folder(
    folder: Path,
    *,
    names: Sequence[str],
    inputs: Sequence[Path],
    replace: bool = False,
) -> Iterator[None]:
    """Hold ``folder`` for one batch: created, locked against a concurrent run (``flock`` on
    the folder), free of another run's output (removed first with ``replace``), and not holding
    an input under one of the ``names`` the batch writes (its files and summaries)."""
    from ..errors import UsageError

    outputs = [folder / name for name in names]
    for given in inputs:
        for out in outputs:
            if same_file(given, out):
                raise UsageError(
                    f"{given} is an input of this batch and also a file it would write "
                    f"({out.name} in {folder}); write into another folder, or rename the input"
                )
    prepare_folder(folder)
    try:  # the lock is on the folder itself: no lock file to leave behind or to race over
        lock = os.open(folder, os.O_RDONLY | getattr(os, "O_DIRECTORY", 0) | os.O_CLOEXEC)
    except OSError as error:
        raise UsageError(f"cannot write in {folder}: {error.strerror or error}") from None
    try:
        try:
            fcntl.flock(lock, fcntl.LOCK_EX | fcntl.LOCK_NB)
        except OSError:
            raise UsageError(
                f"another kitgen run is writing into {folder}; wait for it to finish, or choose "
                "another folder"
            ) from None
        remove_stale_temporaries(folder)
        previous = _previous_output(folder, names)
        if previous and not replace:
            shown = ", ".join(previous[:3]) + (" ..." if len(previous) > 3 else "")
            raise UsageError(
                f"{folder} already holds kitgen output ({shown}); give --replace (or --force) "
                "to replace it, or choose an empty folder"
            )
        for name in previous:
            path = folder / name
            if any(same_file(given, path) for given in inputs):
                continue
            try:
                if stat.S_ISREG(os.lstat(path).st_mode):
                    os.unlink(path)
            except OSError:
                pass
        yield
    finally:
        os.close(lock)  # releases the lock


def _previous_output(folder: Path, names: Sequence[str]) -> list[str]:
    """Files in ``folder`` an earlier run wrote: its summaries, the files its summary.csv
    lists, and any of ``names`` (a run killed before its summary leaves those)."""
    from .summary import CSV_NAME, TEXT_NAME, written_files

    listed: list[str] = []
    try:
        with open(folder / CSV_NAME, "rb") as fh:
            listed = written_files(fh.read(20_000_000))
    except OSError:
        pass
    wanted = [*listed, *names, TEXT_NAME, CSV_NAME]
    return [n for n in dict.fromkeys(wanted) if os.path.lexists(folder / n)]


@contextmanager
def interruptible() -> Iterator[_Interrupts]:
    interrupts = _Interrupts()
    with interrupts.installed():
        yield interrupts
