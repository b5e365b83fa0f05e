"""What a worker process does with a chunk of jobs: jobs in, :class:`Result` values out.

Each worker is set up once (:func:`start_posters`, :func:`start_packets`: the settings, the
options and a typesetter whose fonts and caches then serve every job it is given) and turns
each job into PDF bytes or into the problems that stopped it. A failing job never stops the
others; nothing here writes a file (the parent process does, so that an interrupted run can
never leave half a file behind).
"""

from __future__ import annotations

import dataclasses
import datetime as dt
import signal
from collections import OrderedDict
from collections.abc import Callable, Sequence
from dataclasses import dataclass
from typing import TYPE_CHECKING, Any

from .. import memo
from ..errors import DataError, KitgenError, Problem
from ..settings import Settings
from .plan import PosterJob
from .roster import PacketJob

if TYPE_CHECKING:
    from ..content.regions import Region


@dataclass(frozen=True)
class Result:
    key: int  # the job's row (posters) or index (packets)
    data: bytes | None  # the PDF, or None when the job failed
    problems: tuple[Problem, ...] = ()
    pages: int = 0
    #: the problems as the summary files keep them: a family file's problems by field only,
    #: without the family's values (the command's own output shows those); () means problems
    stored: tuple[Problem, ...] = ()


@dataclass(frozen=True)
class PacketOptions:
    paper: str = "letter"
    region: str | Region | None = None
    prepared: dt.date | None = None
    draft_note: bool = True
    large_print: bool = False
    #: Encrypts each packet (AES-256). Travels to the workers in memory only; never printed.
    password: str | None = dataclasses.field(default=None, repr=False)


_STATE: dict[str, Any] = {}
#: Posters (and card sheets) already made in this worker, by (kind, languages, size,
#: orientation, copies): a district prints the same poster for many schools.
_POSTERS: OrderedDict[tuple[Any, ...], tuple[bytes, int]] = OrderedDict()
_POSTER_CACHE_SIZE = 64


def _quiet_signals() -> None:
    """Workers leave Ctrl-C to the parent process, which stops them itself."""
    signal.signal(signal.SIGINT, signal.SIG_IGN)
    if hasattr(signal, "SIGTERM"):
        signal.signal(signal.SIGTERM, signal.SIG_DFL)


def start_posters(
    settings: Settings | None,
    bleed: bool,
    region: Region | None = None,
    large_print: bool = False,
    in_worker: bool = True,
) -> None:
    if in_worker:
        _quiet_signals()
    _STATE.clear()
    _POSTERS.clear()
    _STATE.update(settings=settings, bleed=bleed, region=region, large_print=large_print)


def start_packets(options: PacketOptions, in_worker: bool = True) -> None:
    if in_worker:
        _quiet_signals()
    _STATE.clear()
    _STATE.update(options=options)


def _typesetter() -> Any:
    from ..packet import typesetter

    return typesetter()


def _internal(error: Exception) -> str:
    return (
        f"kitgen hit an internal problem ({type(error).__name__}); please report it with the "
        "row (never send a family file)"
    )


def _one_by_one(jobs: Sequence[Any], work: Callable[[Any], Result]) -> list[Result]:
    """``work`` on each job in turn, the cyclic collector paused for each (kitgen.memo)."""
    out = []
    for job in jobs:
        with memo.collector_paused():
            out.append(work(job))
    return out


def poster_chunk(jobs: Sequence[PosterJob]) -> list[Result]:
    return _one_by_one(jobs, _poster_job)


def _poster_job(job: PosterJob) -> Result:
    from ..poster.build import poster_page
    from ..poster.draw import render_posters
    from ..poster.layout import PosterSpec

    settings = _STATE["settings"]
    key = (job.kind, job.languages, job.size, job.landscape, job.copies)
    try:
        cached = _POSTERS.get(key)
        if cached is None and job.kind == "cards":
            cached = _card_sheets(job, settings)
            _POSTERS[key] = cached
        elif cached is None:
            spec = PosterSpec(
                job.size, job.landscape, _STATE["bleed"], _STATE.get("large_print", False)
            )
            page = poster_page(job.languages, spec, settings, _typesetter(), _STATE.get("region"))
            cached = (render_posters([(page, job.copies)], lang=job.languages[0]), job.copies)
            _POSTERS[key] = cached
            if len(_POSTERS) > _POSTER_CACHE_SIZE:
                _POSTERS.popitem(last=False)
        else:
            _POSTERS.move_to_end(key)
        return Result(job.row, cached[0], pages=cached[1])
    except KitgenError as error:
        field = "languages" if not error.problems else ""
        problems = error.problems or (Problem(field=field, message=error.message),)
        return Result(job.row, None, tuple(problems))
    except Exception as error:  # noqa: BLE001 - one row's bug must not stop the others
        return Result(job.row, None, (Problem(field="", message=_internal(error)),))


def _card_sheets(job: PosterJob, settings: Settings | None) -> tuple[bytes, int]:
    """A cards row of a poster plan: its sheets of wallet rights cards, and their page count."""
    from ..cards import build_cards

    data = build_cards(job.languages, _typesetter(), settings, paper=job.size, copies=job.copies)
    return data, 2 * len(job.languages) * job.copies


def packet_chunk(jobs: Sequence[PacketJob]) -> list[Result]:
    return _one_by_one(jobs, _packet_job)


def _packet_job(job: PacketJob) -> Result:
    from ..family import load_family
    from ..packet import counted_packet

    options: PacketOptions = _STATE["options"]
    try:
        family = load_family(job.family_file, identity=job.identity)
        data, pages = counted_packet(
            family,
            lang=job.lang,
            paper=job.paper or options.paper,
            region=options.region,
            prepared=options.prepared,
            draft_note=options.draft_note,
            filename=str(job.family_file),
            large_print=options.large_print,
        )
        password = job.password if job.password is not None else options.password
        if password is not None:
            from ..pdf.protect import encrypt_pdf

            data = encrypt_pdf(data, password)
        return Result(job.index, data, pages=pages)
    except DataError as error:
        from ..packet import UNPRINTABLE

        given = error.problems or (Problem(field="", message=error.message),)
        printing = error.message == UNPRINTABLE  # valid, but does not print
        problems = tuple(
            Problem(field="family_file", message=_family_problem(p, job)) for p in given
        )
        stored = tuple(
            Problem(field="family_file", message=_stored_problem(p, job, printing)) for p in given
        )
        return Result(job.index, None, problems, stored=stored)
    except KitgenError as error:
        problems = error.problems or (Problem(field="", message=error.message),)
        return Result(job.index, None, tuple(problems))
    except Exception as error:  # noqa: BLE001 - one family's bug must not stop the others
        return Result(job.index, None, (Problem(field="", message=_internal(error)),))


def _stored_problem(problem: Problem, job: PacketJob, printing: bool = False) -> str:
    """What the summary file says of a problem: where, never what (it may quote a value)."""
    where = f"{problem.field}: " if problem.field else ""
    if printing:  # `kitgen validate` passes the file: the packet command says what it is
        return (
            f"{job.family_file.name}: {where}cannot be printed; 'kitgen packet' on the file, "
            "with this run's options, says why"
        )
    return (
        f"{job.family_file.name}: {where}has a problem; 'kitgen validate' on the file says "
        "what it is"
    )


def _family_problem(problem: Problem, job: PacketJob) -> str:
    text = str(dataclasses.replace(problem, file=None, row=None))
    return f"{job.family_file.name}: {text}"
