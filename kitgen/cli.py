"""The command line: the only layer of kitgen that prints or exits.

Library errors (:class:`~kitgen.errors.KitgenError`) become a message on stderr and exit status
1 (bad data) or 2 (bad usage); anything unexpected becomes a short apology without a traceback
(set ``KITGEN_DEBUG=1`` to see one) and exit status 3. Nothing is written unless asked for.

Every command that writes one file takes ``--force`` (:func:`_force_option`): an existing file
is refused without it. ``kitgen --quiet CMD`` leaves out the progress bar and the informational
lines (:func:`_info`); errors and warnings still go to stderr, and exit codes do not change.
"""

from __future__ import annotations

import dataclasses
import datetime as dt
import json
import os
import sys
import time
from collections.abc import Callable
from functools import wraps
from pathlib import Path
from typing import Any, TextIO, TypeVar

import click

from .errors import KitgenError, UsageError

F = TypeVar("F", bound=Callable[..., Any])
#: The type of every file or folder parameter: a Path, which kitgen checks when it reads or
#: writes it. One instance for all: it holds only its settings, and each made costs a gettext
#: look-up on disk at import.
_PATH = click.Path(path_type=Path)


def _fail(error: KitgenError) -> None:
    click.echo(f"Error: {error}", err=True)
    sys.exit(error.exit_code)


def _quiet() -> bool:
    """Whether ``kitgen --quiet`` was given (False outside a command, e.g. in tests of parts)."""
    ctx = click.get_current_context(silent=True)
    return bool(ctx is not None and (ctx.find_root().obj or {}).get("quiet"))


def _info(message: str) -> None:
    """An informational line on stderr ("Wrote ..."), left out with --quiet."""
    if not _quiet():
        click.echo(message, err=True)


def refuse_existing(output: Path | None, force: bool, inputs: tuple[Path, ...] = ()) -> None:
    """An existing ``output`` is refused (exit status 1) unless ``force``; ``-`` (standard
    output) and no output are always fine; an output that is one of ``inputs`` is refused even
    with ``force`` (exit status 2). Called before any work, so nothing is built in vain."""
    from .output import same_file

    if output is None or str(output) == "-":
        return
    for given in inputs:
        if same_file(given, output):
            raise UsageError(
                f"cannot write {output}: it is also an input ({given}); choose another output"
            )
    if not force and os.path.lexists(output):
        raise KitgenError(
            f"{output} already exists; use --force to replace it (nothing was written)"
        )


def _force_option(func: F) -> F:
    """``--force`` for a command whose ``output`` parameter names the file it writes: one line
    (``@_force_option``, right below ``@_guard``) gives it the overwrite rule of
    :func:`refuse_existing` (the command's other path parameters count as its inputs)."""

    @wraps(func)
    def wrapper(*args: Any, force: bool = False, **kwargs: Any) -> Any:
        inputs = tuple(v for k, v in kwargs.items() if k != "output" and isinstance(v, Path))
        refuse_existing(kwargs.get("output"), force, inputs)
        return func(*args, **kwargs)

    option = click.option("--force", is_flag=True, help="Replace the output file if it exists.")
    return option(wrapper)  # type: ignore[return-value]


def _guard(func: F) -> F:
    @wraps(func)
    def wrapper(*args: Any, **kwargs: Any) -> Any:
        try:
            return func(*args, **kwargs)
        except KitgenError as error:
            _fail(error)
        except (click.ClickException, click.exceptions.Exit, click.Abort, SystemExit):
            raise
        except KeyboardInterrupt:
            click.echo("Interrupted; nothing was written.", err=True)
            sys.exit(130)
        except BrokenPipeError:  # output piped into a reader that stopped (`| head`): quiet
            os.dup2(os.open(os.devnull, os.O_WRONLY), sys.stdout.fileno())
            sys.exit(0)
        except Exception as error:  # noqa: BLE001 - the last line of defence for users
            if os.environ.get("KITGEN_DEBUG"):
                raise
            click.echo(
                f"Error: kitgen hit an internal problem ({type(error).__name__}); nothing was "
                "written. Please report it with the command you ran (never send a family file). "
                "Set KITGEN_DEBUG=1 to see the details.",
                err=True,
            )
            sys.exit(3)

    return wrapper  # type: ignore[return-value]


def _collector_paused(func: F) -> F:
    """``func`` with Python's cyclic garbage collector paused while it runs, for a command that
    is one bounded piece of work (a packet): a fresh ``kitgen packet`` spent about a tenth of
    its CPU in collections that found almost nothing (a few thousand objects of 80,000; the
    same peak memory). The collector is restored afterwards, so anything running longer in
    the same process (tests calling the CLI) collects as usual."""

    @wraps(func)
    def wrapper(*args: Any, **kwargs: Any) -> Any:
        from .memo import collector_paused

        with collector_paused():
            return func(*args, **kwargs)

    return wrapper  # type: ignore[return-value]


def _date(value: str | None) -> dt.date | None:
    if value is None:
        return None
    try:
        return dt.date.fromisoformat(value)
    except ValueError:
        raise click.BadParameter(f"{value!r} is not a date; write it as YYYY-MM-DD") from None


# Options several commands share, defined once.
_replace_option = click.option(
    "--replace",
    "--force",
    "replace",
    is_flag=True,
    help="The folder holds an earlier run's files: remove them and write this run's "
    "(--force is the same).",
)
_bleed_option = click.option(
    "--bleed",
    is_flag=True,
    help="For a print shop: 0.125 in bleed, trim and bleed boxes, crop marks.",
)
_settings_option = click.option(
    "--settings",
    "settings_file",
    type=_PATH,
    help="District settings (YAML): name, logo, colours, phone, resource page.",
)
_region_file_option = click.option(
    "--region-file",
    type=_PATH,
    help="A region pack file of your own (YAML, as in regions/README.md) instead of --region.",
)
_no_draft_note_option = click.option(
    "--no-draft-note",
    is_flag=True,
    help="Leave out the cover note saying the translation is a draft.",
)

_large_print_option = click.option(
    "--large-print",
    is_flag=True,
    help="For readers with low vision: text at 14 pt or more, larger boxes and write-in "
    "lines, and the wallet cards' text on a page of its own (the cards stay wallet-sized).",
)

_poster_large_print_option = click.option(
    "--large-print",
    is_flag=True,
    help="For readers with low vision: no text under 14 pt (small print and contacts "
    "included); a poster that cannot fit so is refused. Card sheets stay wallet-sized.",
)


def _password_options(func: F) -> F:
    """--password-file, --password-env, --ask-password: never the password itself on the
    command line, where other users of the machine could read it (ps)."""
    func = click.option(
        "--ask-password",
        is_flag=True,
        help="Protect the PDF with a password (AES-256), asked for without showing it.",
    )(func)
    func = click.option(
        "--password-env",
        metavar="VAR",
        help="Protect the PDF with the password held in the environment variable VAR.",
    )(func)
    func = click.option(
        "--password-file",
        type=_PATH,
        help="Protect the PDF with the password on the first line of this file.",
    )(func)
    return func


def _password(file: Path | None, env: str | None, ask: bool) -> str | None:
    """The password from the one place it was given, checked; None if none was asked for.
    Messages never show it."""
    if file is None and env is None and not ask:
        return None  # (without importing the encryption module)
    from .pdf.protect import check_password, read_password_file

    if sum(1 for given in (file is not None, env is not None, ask) if given) > 1:
        raise UsageError(
            "give the password one way only: --password-file, --password-env or --ask-password"
        )
    if file is not None:
        return read_password_file(file)
    if env is not None:
        value = os.environ.get(env)
        if value is None:
            raise UsageError(f"the environment variable {env} is not set")
        return check_password(value)
    if ask:
        value = click.prompt(
            "Password for the PDF", hide_input=True, confirmation_prompt=True, err=True
        )
        return check_password(value)
    return None


def _duration(seconds: float) -> str:
    """``1 min 40 s``, ``45 s``, ``2 h 5 min``: rounded the way a person would say it."""
    if seconds < 60:
        return f"{max(5, int(5 * round(seconds / 5)))} s"
    if seconds < 3600:
        minutes, rest = divmod(int(10 * round(seconds / 10)), 60)
        return f"{minutes} min {rest} s" if rest else f"{minutes} min"
    hours, rest = divmod(int(60 * round(seconds / 60)), 3600)
    return f"{hours} h {rest // 60} min" if rest else f"{hours} h"


class Eta:
    """Time left from the rate observed since the run started: none until at least
    ``MIN_DONE`` and 5% of the jobs are finished and ``MIN_SECONDS`` have passed (an estimate
    from the first family or two is a guess). ``clock`` is injectable for tests."""

    MIN_DONE = 3
    MIN_SECONDS = 2.0

    def __init__(self, clock: Callable[[], float] = time.monotonic) -> None:
        self.clock = clock
        self.start: float | None = None

    def seconds_left(self, done: int, total: int) -> float | None:
        now = self.clock()
        if self.start is None:
            self.start = now
        elapsed = now - self.start
        if done >= total or done < max(self.MIN_DONE, total / 20) or elapsed < self.MIN_SECONDS:
            return None
        return (total - done) * elapsed / done

    def line(self, done: int, total: int, noun: str) -> str:
        """``12/200 families, about 1 min 40 s left``."""
        text = f"{done}/{total} {noun}"
        if done >= total:
            return text + ", done"
        left = self.seconds_left(done, total)
        return text if left is None else f"{text}, about {_duration(left)} left"


class _Bar:
    """A progress line on stderr ("12/200 families, about 1 min 40 s left") when it is a
    terminal and --quiet is not given; nothing when it is a pipe or a file."""

    def __init__(
        self,
        noun: str,
        *,
        stream: TextIO | None = None,
        clock: Callable[[], float] = time.monotonic,
        quiet: bool | None = None,
    ) -> None:
        self.noun = noun
        self.stream = stream if stream is not None else sys.stderr
        self.eta = Eta(clock)
        quiet = _quiet() if quiet is None else quiet
        self.shown = not quiet and self.stream.isatty()
        self.width = 0

    def __call__(self, done: int, total: int) -> None:
        if not self.shown:
            return
        text = self.eta.line(done, total, self.noun)
        self.stream.write("\r" + text.ljust(self.width))
        self.stream.flush()
        self.width = len(text)

    def close(self) -> None:
        if self.shown and self.width:
            self.stream.write("\n")
            self.stream.flush()
            self.width = 0


def _batch_report(report: Any) -> None:
    """Every failed row on stderr, then what was made; exit status 1 if a row failed."""
    from .batch import TEXT_NAME, summary_line

    for problem in report.problems:
        click.echo(f"Error: {problem}", err=True)
    _info(f"{summary_line(report)} Summary: {Path(report.folder) / TEXT_NAME}")
    if report.failed:
        sys.exit(1)


def _batch_interrupted() -> None:
    click.echo(
        "Interrupted. The files already finished are whole and no partial file was left; "
        "run the batch again to make them all.",
        err=True,
    )
    sys.exit(130)


#: What every command's --help ends with (:class:`_Command`, :class:`_Group`).
EXIT_STATUS = (
    "Exit status: 0 done; 1 a problem with the input (a family file, roster, plan or "
    "settings), or a batch row that failed; 2 a wrong command, option or value; "
    "3 an internal problem in kitgen (please report it); 130 interrupted."
)


def _show_version(ctx: click.Context, _param: click.Parameter, value: bool) -> None:
    if not value or ctx.resilient_parsing:
        return
    from importlib.metadata import version

    click.echo(f"kitgen, version {version('kitgen')}")
    ctx.exit()


def _with_exit_status(kwargs: dict[str, Any]) -> dict[str, Any]:
    kwargs["epilog"] = "\n\n".join(e for e in (kwargs.get("epilog"), EXIT_STATUS) if e)
    return kwargs


class _Command(click.Command):
    """Every kitgen command (``@main.command()`` makes one): its --help ends with the exit
    statuses, and ``-V`` / ``--version`` works after it too (``kitgen packet -V``)."""

    def __init__(self, *args: Any, **kwargs: Any) -> None:
        super().__init__(*args, **_with_exit_status(kwargs))
        self.params.append(
            click.Option(
                ["-V", "--version"],
                is_flag=True,
                expose_value=False,
                is_eager=True,
                callback=_show_version,
                help="Show the version and exit.",
            )
        )


class _Group(click.Group):
    """A kitgen command group: its commands are :class:`_Command`, its subgroups
    :class:`_Group`, and its --help ends with the exit statuses."""

    command_class = _Command
    group_class = type  # a subgroup is of this class too

    def __init__(self, *args: Any, **kwargs: Any) -> None:
        super().__init__(*args, **_with_exit_status(kwargs))

    def main(self, *args: Any, **kwargs: Any) -> Any:
        """As click's, but a closed pipe while click itself writes (``kitgen --help | head
        -1``) exits 0 as it does for a command's output: click then exits 1, having replaced
        ``sys.stdout`` with a wrapper that ignores the broken pipe."""
        stdout = sys.stdout
        try:
            return super().main(*args, **kwargs)
        except SystemExit as done:
            if done.code == 1 and sys.stdout is not stdout:
                os.dup2(os.open(os.devnull, os.O_WRONLY), stdout.fileno())
                sys.exit(0)
            raise


@click.group(
    cls=_Group,
    context_settings={"help_option_names": ["-h", "--help"]},
    epilog=(
        "'-o -' writes a PDF to standard output. An existing output file is replaced only "
        "with --force (a batch's folder: --replace)."
    ),
)
@click.version_option(None, "-V", "--version", package_name="kitgen", prog_name="kitgen")
@click.option(
    "-q",
    "--quiet",
    is_flag=True,
    help="No progress bar and no informational lines; errors and warnings still show.",
)
@click.pass_context
def main(ctx: click.Context, quiet: bool) -> None:
    """kitgen: printable family preparedness kits in the family's language beside English."""
    ctx.obj = {"quiet": quiet}


@main.command()
@click.argument("family_file", type=_PATH)
@click.option("-o", "--output", type=_PATH, required=True, help="PDF to write.")
@click.option(
    "--lang", help="The family's language (overrides the family file), e.g. es, ar, zh-Hans."
)
@click.option(
    "--paper",
    type=click.Choice(["letter", "a4"], case_sensitive=False),  # styles.PAPER
    default="letter",
    show_default=True,
)
@click.option("--region", help="Region pack with local help (overrides the family file).")
@_region_file_option
@click.option(
    "--date",
    "prepared",
    help="Date printed as 'prepared' (YYYY-MM-DD; default: the file's, else today).",
)
@click.option(
    "--print-sensitive",
    is_flag=True,
    help="Print A-numbers and document numbers instead of blank lines.",
)
@click.option(
    "--parts",
    default=",".join(("binder", "forms", "school", "cards")),
    show_default=True,
    help="Which parts to print, comma-separated: binder, forms, school, cards.",
)
@click.option(
    "--duplex/--simplex",
    default=True,
    show_default=True,
    help="Two-sided printing: each part starts on an odd page (a blank back says so).",
)
@_large_print_option
@_no_draft_note_option
@_password_options
@_guard
@_force_option
@_collector_paused
def packet(
    family_file: Path,
    output: Path,
    lang: str | None,
    paper: str,
    region: str | None,
    region_file: Path | None,
    prepared: str | None,
    print_sensitive: bool,
    parts: str,
    duplex: bool,
    large_print: bool,
    no_draft_note: bool,
    password_file: Path | None,
    password_env: str | None,
    ask_password: bool,
) -> None:
    """Make the preparedness packet for FAMILY_FILE."""
    from .family import load_family
    from .packet import build_packet

    if str(output) != "-" and output.suffix.lower() != ".pdf":
        raise UsageError(f"the output must be a .pdf file or -, not {output.name!r}")
    chosen = _parts(parts)
    pack = _pack(region, region_file)
    password = _password(password_file, password_env, ask_password)
    family = load_family(family_file)
    if print_sensitive:
        family = dataclasses.replace(family, print_sensitive=True)
    data = build_packet(
        family,
        lang=lang,
        paper=paper.lower(),
        region=pack,
        prepared=_date(prepared),
        draft_note=not no_draft_note,
        filename=str(family_file),
        parts=chosen,
        duplex=duplex,
        large_print=large_print,
    )
    if password is not None:
        from .pdf.protect import encrypt_pdf

        data = encrypt_pdf(data, password)
    _write_pdf(output, data, inputs=[family_file] + ([region_file] if region_file else []))
    _warn_missing_translations(lang or family.language)


def _write_pdf(
    output: Path, data: bytes, *, inputs: list[Path] | None = None, private: bool = True
) -> None:
    """The PDF to ``output``, or to standard output when it is ``-``."""
    from .output import write_atomic

    if str(output) == "-":
        sys.stdout.flush()
        sys.stdout.buffer.write(data)
        sys.stdout.buffer.flush()
        return
    if output.suffix.lower() != ".pdf":
        raise UsageError(f"the output must be a .pdf file or -, not {output.name!r}")
    write_atomic(output, data, private=private, inputs=inputs or [])
    _info(f"Wrote {output} ({len(data) // 1024} KB).")


def _pack(region: str | None, region_file: Path | None) -> Any:
    """The region pack chosen on the command line: ``--region-file`` read and checked (a
    :class:`~kitgen.content.regions.Region`), the ``--region`` key checked, or None."""
    from .content.regions import region as load_region
    from .content.regions import region_file as load_region_file

    if region is not None and region_file is not None:
        raise UsageError("give --region or --region-file, not both")
    if region_file is not None:
        return load_region_file(region_file)
    if region is not None:
        load_region(region)  # an unknown region is a usage error before any work
    return region


def _parts(value: str) -> tuple[str, ...]:
    from .content.document import PARTS

    chosen = tuple(dict.fromkeys(p.strip().lower() for p in value.split(",") if p.strip()))
    unknown = [p for p in chosen if p not in PARTS]
    if unknown or not chosen:
        raise UsageError(
            f"--parts: unknown part {unknown[0]!r}; choose from {', '.join(PARTS)}"
            if unknown
            else f"--parts: name at least one of {', '.join(PARTS)}"
        )
    return chosen


def _warn_missing_translations(code: str) -> None:
    from .i18n import language

    missing = language(code).missing
    if missing:
        click.echo(
            f"Warning: {len(missing)} texts have no {language(code).english_name} translation "
            "yet and were printed in English.",
            err=True,
        )


@main.command()
@click.argument("family_file", type=_PATH)
@_region_file_option
@_guard
def validate(family_file: Path, region_file: Path | None) -> None:
    """Check FAMILY_FILE (and a --region-file) and report every problem at once."""
    from .content.forms import plan_forms
    from .content.regions import region as load_region
    from .family import load_family

    pack = _pack(None, region_file)
    family = load_family(family_file)
    if pack is None and family.region is not None:
        load_region(family.region)  # the pack the family file names: known, and valid
    # the same caregiver-form rules as `kitgen packet`, on the date the packet would carry
    plan_forms(family, family.prepared or dt.date.today(), str(family_file))
    if not _quiet():
        click.echo(f"{family_file}: no problems found.")


@main.command("forms")
@click.option("--elements", is_flag=True, help="Also list what the law requires on each form.")
@_guard
def forms_(elements: bool) -> None:
    """List the caregiver forms kitgen prints: statute, law's date, review status."""
    from .content.forms import FORMS

    for f in FORMS:
        review = (
            "draft (not reviewed by an attorney)"
            if f.review.status == "draft"
            else f"reviewed by {f.review.reviewer} on {f.review.date}"
        )
        click.echo(f"{f.key}  [{f.state}]  {f.title}")
        click.echo(f"    law:    {f.citation}")
        click.echo(f"    version of the law: {f.law_date}")
        click.echo(f"    text read at: {f.law_source}")
        click.echo(
            f"    signer: {f.signer}; witnesses: {f.witnesses}; notary: "
            f"{'yes' if f.notary else 'no'}"
        )
        click.echo(f"    review: {review}")
        if f.law_note:
            click.echo(f"    note:   {f.law_note}")
        if elements:
            for e in f.elements:
                click.echo(f"      - {e.what} ({e.cite})")


@main.command()
@_guard
def schema() -> None:
    """Print the JSON Schema of a family file."""
    from .family import family_schema

    click.echo(json.dumps(family_schema(), indent=2, ensure_ascii=False))


@main.command("new-family")
@click.option("-o", "--output", type=_PATH, help="File to write (default: print it).")
@click.option("--lang", help="The family's language: the notes are written in it, e.g. es, ar.")
@_guard
@_force_option
def new_family(output: Path | None, lang: str | None) -> None:
    """Write a commented blank family file to fill in."""
    from .family import blank_family_yaml
    from .output import write_atomic

    if lang:
        from .intake import blank_family_yaml_in

        text = blank_family_yaml_in(lang)
    else:
        text = blank_family_yaml()
    if output is None or str(output) == "-":
        click.echo(text, nl=False)
        return
    write_atomic(output, text.encode("utf-8"))
    _info(f"Wrote {output}; fill it in, then run: kitgen validate {output}")


@main.command()
@_guard
def languages() -> None:
    """List the languages kitgen ships, with their review status."""
    from .i18n import available_codes, language

    for code in available_codes():
        lang = language(code)
        status = lang.review.status
        if lang.review.reviewer and status == "reviewed":
            status += f" by {lang.review.reviewer} ({lang.review.date})"
        if lang.incomplete:
            status += "; INCOMPLETE: " + lang.incomplete
        if lang.district_file:
            status += (
                f"; {lang.district_strings} strings ({lang.district_reviewed} reviewed) from the"
                f" district's {lang.district_file}"
            )
        click.echo(f"{code:8} {lang.native_name} ({lang.english_name}) — {status}")


@main.command()
@_guard
def regions() -> None:
    """List the region packs, and which file is used for each (shipped or the district's)."""
    from .content.regions import pack_sources
    from .resources import user_dir

    for source in pack_sources():
        if source.replaces_shipped:
            where = f"district pack {source.path} (used instead of the shipped one)"
        elif source.district:
            where = f"district pack {source.path}"
        else:
            where = "shipped"
        click.echo(f"{source.key:12} {where}")
    click.echo(f"District packs are read from {user_dir('regions')}", err=True)


@main.command()
@click.option(
    "--lang",
    "langs",
    multiple=True,
    metavar="CODE",
    help="A language of the poster; give one to four, e.g. --lang es --lang ar.",
)
@click.option(
    "--size",
    default="tabloid",
    show_default=True,
    help="letter, legal, tabloid (11x17), a4, a3, 18x24 or 24x36.",
)
@click.option(
    "--landscape", is_flag=True, help="Landscape (the languages side by side) instead of portrait."
)
@_bleed_option
@_settings_option
@_region_file_option
@click.option(
    "--copies",
    type=click.IntRange(1, 1000),
    default=1,
    show_default=True,
    help="Pages of the poster in the file.",
)
@_poster_large_print_option
@click.option("-o", "--output", type=_PATH, required=True, help="PDF to write.")
@_guard
@_force_option
def poster(
    langs: tuple[str, ...],
    size: str,
    landscape: bool,
    bleed: bool,
    settings_file: Path | None,
    region_file: Path | None,
    copies: int,
    large_print: bool,
    output: Path,
) -> None:
    """Make a know-your-rights poster in one to four languages."""
    from .packet import typesetter
    from .poster import PosterSpec, build_poster
    from .poster.layout import size_key
    from .settings import load_settings

    if str(output) != "-" and output.suffix.lower() != ".pdf":
        raise UsageError(f"the output must be a .pdf file or -, not {output.name!r}")
    settings = load_settings(settings_file) if settings_file is not None else None
    pack = _pack(None, region_file)
    spec = PosterSpec(size_key(size), landscape, bleed, large_print)
    data = build_poster(langs, spec, typesetter(), settings, copies=copies, region=pack)
    inputs = [p for p in (settings_file, region_file) if p is not None]
    _write_pdf(output, data, private=False, inputs=inputs)  # a poster is public


@main.command()
@click.option(
    "--lang",
    "langs",
    multiple=True,
    metavar="CODE",
    help="A language of the cards (the front; the back is English); repeat for more sheets.",
)
@_settings_option
@click.option(
    "--paper",
    type=click.Choice(["letter", "a4"], case_sensitive=False),  # styles.PAPER
    default="letter",
    show_default=True,
)
@click.option(
    "--copies",
    type=click.IntRange(1, 1000),
    default=1,
    show_default=True,
    help="Sheets of eight cards (front and back) per language.",
)
@click.option("-o", "--output", type=_PATH, required=True, help="PDF to write.")
@_guard
@_force_option
def cards(
    langs: tuple[str, ...], settings_file: Path | None, paper: str, copies: int, output: Path
) -> None:
    """Make wallet rights cards for staff to hand out: eight to a sheet, no family's data."""
    from .cards import build_cards
    from .output import write_atomic
    from .packet import typesetter
    from .settings import load_settings

    if output.suffix.lower() != ".pdf":
        raise UsageError(f"the output must be a .pdf file, not {output.name!r}")
    settings = load_settings(settings_file) if settings_file is not None else None
    data = build_cards(langs, typesetter(), settings, paper=paper.lower(), copies=copies)
    inputs = [settings_file] if settings_file is not None else []
    write_atomic(output, data, private=False, inputs=inputs)  # no family's data: public
    sheets = len(langs) * copies
    _info(
        f"Wrote {output} ({sheets} sheet{'s' if sheets > 1 else ''}, {sheets * 8} cards; print "
        "two-sided, flip on the long edge, at actual size)."
    )


@main.group()
def batch() -> None:
    """Make many posters or packets at once, on every core."""


@batch.command("posters")
@click.argument("plan", type=_PATH)
@click.option(
    "-o",
    "--output",
    "folder",
    type=_PATH,
    required=True,
    help="Folder to write the posters and the summary in.",
)
@_settings_option
@_region_file_option
@_bleed_option
@_poster_large_print_option
@click.option(
    "--jobs", type=click.IntRange(1, 256), help="Worker processes (default: one per core)."
)
@_replace_option
@_guard
def batch_posters(
    plan: Path,
    folder: Path,
    settings_file: Path | None,
    region_file: Path | None,
    bleed: bool,
    large_print: bool,
    jobs: int | None,
    replace: bool,
) -> None:
    """A poster file (or wallet card sheets) per row of PLAN (CSV: school, kind, languages,
    size, orientation, copies)."""
    from .batch import make_posters
    from .settings import load_settings

    settings = load_settings(settings_file) if settings_file is not None else None
    pack = _pack(None, region_file)
    bar = _Bar("posters")
    try:
        report = make_posters(
            plan,
            folder,
            settings=settings,
            bleed=bleed,
            large_print=large_print,
            region=pack,
            workers=jobs,
            progress=bar,
            replace=replace,
        )
    except KeyboardInterrupt:
        bar.close()
        _batch_interrupted()
    bar.close()
    _batch_report(report)


@batch.command("packets")
@click.argument("roster", type=_PATH)
@click.option(
    "-o",
    "--output",
    "folder",
    type=_PATH,
    required=True,
    help="Folder to write the packets and the summary in.",
)
@click.option(
    "--paper",
    type=click.Choice(["letter", "a4"], case_sensitive=False),  # styles.PAPER
    default="letter",
    show_default=True,
    help="Paper of rows that do not name one.",
)
@click.option("--region", help="Region pack with local help (overrides the family files).")
@_region_file_option
@click.option(
    "--date",
    "prepared",
    help="Date printed as 'prepared' (YYYY-MM-DD; default: each file's, else today).",
)
@_large_print_option
@_no_draft_note_option
@_password_options
@click.option(
    "--jobs", type=click.IntRange(1, 256), help="Worker processes (default: one per core)."
)
@_replace_option
@_guard
def batch_packets(
    roster: Path,
    folder: Path,
    paper: str,
    region: str | None,
    region_file: Path | None,
    prepared: str | None,
    large_print: bool,
    no_draft_note: bool,
    password_file: Path | None,
    password_env: str | None,
    ask_password: bool,
    jobs: int | None,
    replace: bool,
) -> None:
    """A packet per family of ROSTER (a CSV or YAML roster, or a folder of family files).

    Packets are written to packet-001.pdf, packet-002.pdf ... in roster order (never to a name
    made from a family's names), unless a row's output cell names the file."""
    from .batch import PacketOptions, make_packets

    pack = _pack(region, region_file)
    password = _password(password_file, password_env, ask_password)
    options = PacketOptions(
        paper=paper.lower(),
        region=pack,
        prepared=_date(prepared),
        draft_note=not no_draft_note,
        large_print=large_print,
        password=password,
    )
    bar = _Bar("families")
    try:
        report = make_packets(
            roster, folder, options=options, workers=jobs, progress=bar, replace=replace
        )
    except KeyboardInterrupt:
        bar.close()
        _batch_interrupted()
    bar.close()
    _batch_report(report)


@main.command()
@click.option("--port", type=click.IntRange(0, 65535), default=8765, show_default=True)
@click.option(
    "--lan",
    is_flag=True,
    help="Serve tablets on the local network, behind an access code shown here.",
)
@click.option(
    "--paper",
    type=click.Choice(["letter", "a4"], case_sensitive=False),  # styles.PAPER
    default="letter",
    show_default=True,
)
@click.option("--region", help="Region pack with local help (default: the settings file's).")
@_region_file_option
@_settings_option
@click.option(
    "--timeout",
    type=click.IntRange(1, 120),
    default=10,
    show_default=True,
    help="Minutes without activity before a family's answers are erased.",
)
@click.option(
    "--large-print",
    is_flag=True,
    help="Start each family with large print chosen: larger pages on screen and a packet "
    "with text at 14 pt or more. Families can still untick it.",
)
@_no_draft_note_option
@_guard
def kiosk(
    port: int,
    lan: bool,
    paper: str,
    region: str | None,
    region_file: Path | None,
    settings_file: Path | None,
    timeout: int,
    large_print: bool,
    no_draft_note: bool,
) -> None:
    """A local web page where families make their own packet; it keeps nothing."""
    from .kiosk import KioskConfig, create_app, new_access_code
    from .kiosk.serve import lan_addresses, make_server, sweeper, warm_up
    from .settings import load_settings

    settings = load_settings(settings_file) if settings_file is not None else None
    if region is None and region_file is None and settings is not None:
        region = settings.region
    pack = _pack(region, region_file)  # an unknown or broken pack stops before serving
    code = new_access_code() if lan else None
    config = KioskConfig(
        paper=paper.lower(),
        region=pack,
        district=settings.district_name if settings is not None else None,
        timeout=timeout * 60.0,
        access_code=code,
        draft_note=not no_draft_note,
        large_print=large_print,
    )
    app = create_app(config)
    store = app.extensions["kitgen.kiosk"]["store"]
    try:
        server = make_server(app, "0.0.0.0" if lan else "127.0.0.1", port)
    except OSError as error:
        raise UsageError(f"cannot listen on port {port}: {error.strerror or error}") from None
    warm_up()
    stop = sweeper(store)
    bound = server.effective_port
    if lan:
        where = ", ".join(f"http://{a}:{bound}/" for a in lan_addresses()) or (
            f"http://<this computer's address>:{bound}/"
        )
        click.echo(f"Kiosk on the local network, port {bound}: on each tablet open {where}")
        click.echo(f"Access code for each tablet: {code}")
    else:
        click.echo(f"Kiosk ready: open http://127.0.0.1:{bound}/ in a browser on this computer.")
    click.echo("Answers are kept in memory only. Press Ctrl+C to stop and erase everything.")
    try:
        server.run()
    except KeyboardInterrupt:
        pass
    finally:
        stop()
        store.clear()
        server.close()
    _info("Kiosk stopped; every answer was erased.")


@main.group()
def locales() -> None:
    """Check the shipped translations."""


@locales.command("check")
@_guard
def locales_check() -> None:
    """Fail on a missing, empty or placeholder-mismatched string in any catalog."""
    from .errors import ContentError
    from .i18n.check import check_catalogs

    reports = check_catalogs()
    problems = [p for r in reports for p in r.problems]
    for r in reports:
        state = "ok" if not r.problems else f"{len(r.problems)} problems"
        if r.untranslated:
            state += f"; INCOMPLETE: {r.untranslated} strings print in English (locale.toml)"
        click.echo(
            f"{r.code:8} {r.translated}/{r.total} translated, {r.fuzzy} draft (fuzzy) — {state}"
        )
    if problems:
        raise ContentError(f"{len(problems)} catalog problems", tuple(problems))


@locales.command("export")
@click.argument("code")
@click.option(
    "-o",
    "--output",
    type=_PATH,
    required=True,
    help="File to write: .po, or .xlf/.xliff for XLIFF 1.2.",
)
@_guard
@_force_option
def locales_export(code: str, output: Path) -> None:
    """Export locale CODE for translators (PO or XLIFF)."""
    from .i18n.exchange import export_locale
    from .output import write_atomic

    fmt = "xliff" if output.suffix.lower() in (".xlf", ".xliff") else "po"
    write_atomic(output, export_locale(code, fmt))
    _info(f"Wrote {output}.")


@locales.command("import")
@click.argument("code")
@click.argument("file", type=_PATH)
@click.option(
    "--reviewed",
    is_flag=True,
    help="A qualified translator reviewed the file: take the strings it marks reviewed (PO: not"
    " fuzzy; XLIFF: final, signed-off or approved) as reviewed. Without it all are drafts.",
)
@_guard
def locales_import(code: str, file: Path, reviewed: bool) -> None:
    """Import a translator's PO or XLIFF FILE into the district's translations of CODE.

    They are kept in the district's data folder (KITGEN_HOME), never in the installed kitgen,
    and are used before the shipped drafts."""
    from .i18n.exchange import import_locale

    result = import_locale(code, file, reviewed=reviewed)
    if not result.changed:
        _info(f"Nothing changed: kitgen already uses these translations ({code}).")
        return
    _info(
        f"{result.changed} strings of locale {code} updated ({result.reviewed} reviewed,"
        f" {result.changed - result.reviewed} drafts) in {result.path}."
    )


# -- intake forms (kitgen/intake) -----------------------------------------------------------------


@main.command("intake-form")
@click.option("-o", "--output", type=_PATH, required=True, help="PDF to write.")
@click.option("--lang", help="The family's language, e.g. es, ar, zh-Hans (default: --from's).")
@click.option(
    "--paper",
    type=click.Choice(["letter", "a4"], case_sensitive=False),
    default="letter",
    show_default=True,
)
@click.option("--paper-form", is_flag=True, help="A printable form to fill in by hand.")
@click.option(
    "--from",
    "family_file",
    type=_PATH,
    help="Pre-fill the form from this family file (a returning family's plan).",
)
@click.option(
    "--large-print",
    is_flag=True,
    help="For readers with low vision: text at 14 pt or more, larger checkboxes, taller "
    "fields and writing lines, typed answers at 14 pt (more pages).",
)
@_guard
@_force_option
def intake_form(
    output: Path,
    lang: str | None,
    paper: str,
    paper_form: bool,
    family_file: Path | None,
    large_print: bool,
) -> None:
    """Write the family-file questions as a form, in the family's language beside English."""
    from .family import load_family
    from .intake import build_intake_form
    from .output import write_atomic

    if str(output) != "-" and output.suffix.lower() != ".pdf":
        raise UsageError(f"the output must be a .pdf file or -, not {output.name!r}")
    family = load_family(family_file) if family_file else None
    form = build_intake_form(
        lang,
        paper=paper.lower(),
        printable=paper_form,
        family=family,
        filename=str(family_file) if family_file else "",
        large_print=large_print,
    )
    for note in form.notes:
        _info(f"Note: {note}.")
    if str(output) == "-":
        _write_pdf(output, form.pdf)
        return
    write_atomic(output, form.pdf, inputs=[family_file] if family_file else [])
    kind = "printable" if paper_form else f"fillable, {form.fields} fields"
    if large_print:
        kind += ", large print"
    _info(f"Wrote {output} ({form.pages} pages, {kind}).")


@main.group()
def intake() -> None:
    """Read filled intake forms back into family files."""


@intake.command("read")
@click.argument("form", type=_PATH)
@click.option(
    "-o",
    "--output",
    type=_PATH,
    required=True,
    help="Family file to write (.yaml).",
)
@_guard
@_force_option
def intake_read(form: Path, output: Path) -> None:
    """Read the filled intake FORM into a family file, then validate it."""
    from .errors import DataError
    from .inputs import read_input
    from .intake import read_intake_form
    from .intake.read import MAX_BYTES, refuse
    from .output import write_atomic

    if output.suffix.lower() not in (".yaml", ".yml"):
        raise UsageError(f"the output must be a .yaml file, not {output.name!r}")
    data = read_input(form, what="an intake form", hint="a .pdf file", limit=MAX_BYTES, fail=refuse)
    result = read_intake_form(data, str(form), output_name=str(output))
    write_atomic(output, result.yaml.encode("utf-8"), inputs=[form])
    if result.problems:
        count = len(result.problems)
        raise DataError(
            f"Wrote {output}, but it has {count} problem{'s' if count != 1 else ''} (each is "
            "also a comment in the file); fix them, then run: kitgen validate " + str(output),
            result.problems,
        )
    _info(f"Wrote {output}; it is valid. Make the packet: kitgen packet {output}")


if __name__ == "__main__":  # pragma: no cover
    main()
