"""The one root exception of kitgen, and the structured problems it carries.

Every error the library raises on purpose is a :class:`KitgenError`. The CLI is the only layer
that turns one into a printed message and an exit status; the library never prints.

A :class:`Problem` says where (file, CSV row, field path), what (the bad value, shortened so a
message never echoes more personal data than it needs) and how to fix it (what is accepted).
"""

from __future__ import annotations

from dataclasses import dataclass

#: How many characters of a bad value a message may repeat. Enough to find the typo, not enough
#: to copy someone's data into a log.
VALUE_PREVIEW = 40


def preview(value: object) -> str:
    """A short, printable rendering of a bad value for an error message."""
    text = value if isinstance(value, str) else repr(value)
    shown = "".join(ch if ch.isprintable() else f"\\u{ord(ch):04x}" for ch in text[:VALUE_PREVIEW])
    if len(text) > VALUE_PREVIEW:
        shown += f"… ({len(text)} characters)"
    return shown


@dataclass(frozen=True)
class Problem:
    """One thing wrong with the input, precise enough to fix without guessing."""

    field: str  # a field path such as ``children[1].date_of_birth``; "" for the whole file
    message: str  # what is wrong and what is accepted
    file: str | None = None
    row: int | None = None  # CSV row number, counting the header as row 1
    line: int | None = None  # line of a YAML file the field is on (1-based)

    def __str__(self) -> str:
        where = []
        if self.file:
            where.append(self.file)
        if self.row is not None:
            where.append(f"row {self.row}")
        if self.line is not None:
            where.append(f"line {self.line}")
        if self.field:
            where.append(self.field)
        return f"{': '.join(where)}: {self.message}" if where else self.message


class KitgenError(Exception):
    """Root of every error kitgen raises on purpose.

    ``problems`` lists each thing wrong (validation reports them all at once); ``exit_code`` is
    what the CLI exits with: 1 for bad data, 2 for bad usage.
    """

    exit_code = 1

    def __init__(self, message: str, problems: tuple[Problem, ...] = ()) -> None:
        super().__init__(message)
        self.message = message
        self.problems = tuple(problems)

    def __str__(self) -> str:
        if not self.problems:
            return self.message
        return "\n".join([self.message, *(f"  {p}" for p in self.problems)])


class DataError(KitgenError):
    """The family file, roster or settings file is unreadable or invalid."""


class UsageError(KitgenError):
    """The request itself is wrong (unknown language, paper size, option combination)."""

    exit_code = 2


class TypesetError(KitgenError):
    """Text that cannot be printed correctly: a character no shipped font can draw
    (``char``), or a number too long for its line (:class:`NumberTooWide`)."""


class NumberTooWide(TypesetError):
    """A phone number (or other number kept whole, never split) too long for its line of
    ``width`` points even at ``floor`` points, the smallest size its text may take. A layout
    that tries several widths takes it as "does not fit" and tries the next."""

    def __init__(self, message: str, number: str, floor: float, width: float) -> None:
        super().__init__(message)
        self.number = number
        self.floor = floor
        self.width = width


def typeset_problem(error: TypesetError, phone: str | None = None, bigger: str = "") -> str:
    """What to tell about ``error`` when the text came from a settings file (the district's
    name, or its ``phone`` number, on cards and posters); ``bigger`` is the other fix ("a
    larger poster size")."""
    if not isinstance(error, NumberTooWide):
        return str(error)
    digits = "".join(ch for ch in error.number if ch.isdigit())
    ours = phone is not None and digits in "".join(ch for ch in phone if ch.isdigit())
    where = "phone: the number" if ours else "a number in kitgen's own text (the region pack)"
    return (
        f"{where} is too long for its line even at {error.floor:g} pt, and a phone number is never "
        "split across lines: shorten it (leave out an extension)"
        + (f", or {bigger}" if bigger else "")
    )


class ContentError(KitgenError):
    """A template, translation or region pack is broken: a bug in kitgen's own content."""
