"""The kinds of value a family file holds, and how the one field table is declared.

Every field of the model (:mod:`kitgen.family.model`) is declared with :func:`spec`: its kind
(text, date, phone number, one of a set of words, a list, a nested record), whether it is
required, a one-line description, and whether it is sensitive. That table is the only place
these facts live: validation (:meth:`Kind.convert`), the JSON Schema (:meth:`Kind.schema`) and the
blank file to fill in (:mod:`kitgen.family.schema`) are all read from it.

In (``convert``): a plain value from :mod:`kitgen.family.reader`. Out: the clean value (``str``
in NFC, ``date``, :class:`Phone`, a tuple, a model instance), or :data:`REPORTED` after adding
a :class:`Problem` to the :class:`Check`. Internal to :mod:`kitgen.family`; may change.
"""

from __future__ import annotations

import dataclasses
import re
import unicodedata
from dataclasses import dataclass
from datetime import date
from functools import cache
from typing import Any

from kitgen.errors import Problem, preview
from kitgen.family import codes
from kitgen.family.phone import PhoneError, parse_phone
from kitgen.family.reader import REPORTED, Reported, field_path
from kitgen.inputs import key_line

#: Longest single-line text (a name, a school, an address) and longest free text (routines,
#: wishes, notes), in characters.
NAME_LIMIT = 200
TEXT_LIMIT = 2000

_SPEC = "kitgen.family"
_MISSING = object()


class Check:
    """The problems found so far in one file, and the date the file is checked on."""

    def __init__(self, filename: str, today: date) -> None:
        self.filename = filename
        self.today = today
        self.problems: list[Problem] = []

    def problem(self, path: str, message: str, line: int | None = None) -> Reported:
        self.problems.append(Problem(field=path, message=message, file=self.filename, line=line))
        return REPORTED


@dataclass(frozen=True)
class Spec:
    """One row of the field table."""

    kind: Kind
    description: str  # one line: what to write; the blank file's comment and the schema's text
    required: bool = False
    sensitive: bool = False  # printed as a blank line unless the family sets print_sensitive
    #: (other field, value): this field is required when the other field has that value.
    required_if: tuple[str, str] | None = None


def spec(
    kind: Kind,
    description: str,
    *,
    required: bool = False,
    sensitive: bool = False,
    required_if: tuple[str, str] | None = None,
) -> Any:
    """Declare a model field: a ``dataclasses.field`` carrying its :class:`Spec`.

    An optional field defaults to its kind's empty value (``None``, ``()`` or ``False``).
    Sensitive fields are left out of ``repr()``, so they never reach a log or a traceback.
    """
    row = Spec(kind, description, required, sensitive, required_if)
    metadata = {_SPEC: row}
    if required:
        return dataclasses.field(metadata=metadata, repr=not sensitive)
    return dataclasses.field(default=kind.empty, metadata=metadata, repr=not sensitive)


@cache
def table(cls: type) -> tuple[tuple[str, Spec], ...]:
    """The rows of a model class, in file order."""
    return tuple(
        (f.name, f.metadata[_SPEC]) for f in dataclasses.fields(cls) if _SPEC in f.metadata
    )


# -- helpers -------------------------------------------------------------------------------------


def is_blank(value: Any) -> bool:
    """Nothing written: ``None``, blank text, or a list/mapping holding only blanks.

    A blank entry in a list is dropped and a blank optional section counts as left out, so the
    blank file to fill in loads as it is.
    """
    if value is None:
        return True
    if isinstance(value, str):
        return not value.strip()
    if isinstance(value, list):
        return all(is_blank(item) for item in value)
    if isinstance(value, dict):
        return all(is_blank(item) for item in value.values())
    return False


def describe(value: Any) -> str:
    """What a wrong value is, for "expected X, not Y"."""
    if isinstance(value, bool):
        return "true/false"
    if isinstance(value, (int, float)):
        return f"the number {value}"
    if isinstance(value, list):
        return "a list"
    if isinstance(value, dict):
        return "a set of fields"
    return f"'{preview(value)}'"


def not_accepted(what: str, word: str, accepted: list[str] | tuple[str, ...]) -> str:
    """``what; did you mean 'primary'? Accepted: primary, backup`` (the closest word, if any)."""
    import difflib  # only for a word that is not accepted

    close = difflib.get_close_matches(word, accepted, n=1, cutoff=0.6)
    guess = f"; did you mean '{close[0]}'? " if close else ". "
    return f"{what}{guess}{_accepted(accepted)}"


def _accepted(accepted: list[str] | tuple[str, ...]) -> str:
    return "Accepted: " + ", ".join(accepted)


_BOOL_AS_TEXT = (
    "expected text, not true/false: YAML reads yes, no, on, off, true and false as true/false, "
    'so write the word in quotes, e.g. "no"'
)

_NONCHARACTERS = "\ufdd0-\ufdef" + "".join(
    f"{chr(plane * 0x10000 + 0xFFFE)}{chr(plane * 0x10000 + 0xFFFF)}" for plane in range(17)
)
_BAD_CHARACTER = re.compile(f"[\x00-\x1f\x7f-\x9f\u2028\u2029\ud800-\udfff{_NONCHARACTERS}]")
_LINE_BREAK = re.compile("\r\n|[\r\u2028\u2029]")


def clean_text(value: Any, path: str, check: Check, limit: int, multiline: bool) -> Any:
    """Text in NFC with surrounding space removed; ``None`` if blank; else REPORTED."""
    if isinstance(value, bool):
        return check.problem(path, _BOOL_AS_TEXT)
    if isinstance(value, (int, float)):
        value = str(value)  # grade: 5 is the text "5"
    if not isinstance(value, str):
        return check.problem(path, f"expected text, not {describe(value)}")
    text = unicodedata.normalize("NFC", value)
    if multiline:
        text = _LINE_BREAK.sub("\n", text)
    text = text.strip()
    if not text:
        return None
    if len(text) > limit:
        return check.problem(path, f"is too long: {len(text)} characters; the limit is {limit}")
    for match in _BAD_CHARACTER.finditer(text):
        char = match.group()
        if char == "\n" and multiline:
            continue
        if char in "\n\r\u2028\u2029":
            return check.problem(path, "must fit on one line; remove the line break")
        code = f"U+{ord(char):04X}"
        if "\ud800" <= char <= "\udfff":
            return check.problem(
                path,
                f"contains an unpaired surrogate {code} (text broken by a bad copy or "
                "conversion); type it again",
            )
        if unicodedata.category(char) == "Cc":
            return check.problem(path, f"contains the control character {code}; remove it")
        return check.problem(path, f"contains the noncharacter {code}; remove it")
    return text


# -- kinds ---------------------------------------------------------------------------------------


class Kind:
    """A kind of value. Subclasses convert, describe themselves as JSON Schema, and say what
    to write in the blank file."""

    #: The value of an optional field left out.
    empty: Any = None
    #: Text for the blank file's comment, after the description (e.g. "YYYY-MM-DD").
    hint: str = ""

    def convert(self, value: Any, path: str, check: Check) -> Any:
        raise NotImplementedError

    def schema(self) -> dict[str, Any]:
        raise NotImplementedError

    def blank(self, language: str) -> str:
        """What the blank file writes after the colon ("" for nothing)."""
        return ""


class Text(Kind):
    def __init__(self, limit: int = NAME_LIMIT, *, multiline: bool = False) -> None:
        self.limit = limit
        self.multiline = multiline
        if multiline:
            self.hint = "several lines are fine"

    def convert(self, value: Any, path: str, check: Check) -> Any:
        return clean_text(value, path, check, self.limit, self.multiline)

    def schema(self) -> dict[str, Any]:
        return {"type": ["string", "number"], "maxLength": self.limit}


class Choice(Kind):
    """One word from a fixed set (``school``, ``legal_aid``); any case, spaces for underscores."""

    def __init__(self, *choices: str) -> None:
        self.choices = choices
        self.hint = "one of: " + ", ".join(choices)
        # yes/no written without quotes reach us as true/false (YAML 1.1)
        self.yes_no = "yes" in choices and "no" in choices

    def convert(self, value: Any, path: str, check: Check) -> Any:
        if isinstance(value, bool) and self.yes_no:
            return "yes" if value else "no"
        if not isinstance(value, (str, int)) or isinstance(value, bool):
            return check.problem(
                path, f"expected one of {', '.join(self.choices)}, not {describe(value)}"
            )
        word = re.sub(r"[\s-]+", "_", str(value).strip().lower())
        if word in self.choices:
            return word
        return check.problem(
            path, not_accepted(f"'{preview(value)}' is not accepted", word, self.choices)
        )

    def schema(self) -> dict[str, Any]:
        values: list[Any] = list(self.choices)
        if self.yes_no:
            values += [True, False]
        return {"enum": values}


def _language_problem(text: str, accepted: tuple[str, ...] | None) -> str:
    code = codes.language_code_for_name(text)
    shown = preview(text)
    if code and (accepted is None or code in accepted):
        return f"'{shown}' is a language name; write its code '{code}'"
    if accepted is None:
        return f"'{shown}' is not a language code; write a code such as es, en or pt (ISO 639)"
    tag = codes.canonical_tag(code or text) or text.lower()
    same = [c for c in accepted if c.split("-")[0] == tag.split("-")[0]]
    import difflib  # only for a code that is not accepted

    close = same or ([] if code else difflib.get_close_matches(tag, accepted, n=2, cutoff=0.6))
    hint = f"; did you mean {' or '.join(repr(c) for c in close)}? " if close else ". "
    return f"'{shown}' is not a packet language{hint}{_accepted(accepted)}"


class PacketLanguage(Kind):
    """The language a packet is printed in: one of :data:`codes.PACKET_LANGUAGES`."""

    hint = "a language code, e.g. es, pt, ht, vi, zh-Hans, ar"

    def convert(self, value: Any, path: str, check: Check) -> Any:
        if not isinstance(value, str):
            return check.problem(
                path, f"expected a language code such as es, not {describe(value)}"
            )
        return codes.packet_language(value) or check.problem(
            path, _language_problem(value, codes.PACKET_LANGUAGES)
        )

    def schema(self) -> dict[str, Any]:
        return {"enum": list(codes.PACKET_LANGUAGES)}

    def blank(self, language: str) -> str:
        return language


class SpokenLanguage(Kind):
    """A language someone speaks: a language code (``es``, ``mam``, ``zh-Hant``)."""

    def convert(self, value: Any, path: str, check: Check) -> Any:
        if not isinstance(value, str):
            return check.problem(
                path, f"expected a language code such as es, not {describe(value)}"
            )
        return codes.spoken_language(value) or check.problem(path, _language_problem(value, None))

    def schema(self) -> dict[str, Any]:
        return {
            "type": "string",
            "pattern": r"^[A-Za-z]{2,3}([-_][A-Za-z]{4})?([-_]([A-Za-z]{2}|[0-9]{3}))?$",
        }


class State(Kind):
    """A US state (or DC, or a territory) by its two-letter code, any case."""

    hint = "two letters, e.g. MA, CT, NY"

    def convert(self, value: Any, path: str, check: Check) -> Any:
        if not isinstance(value, str):
            return check.problem(
                path, f"expected a two-letter state code such as MA, not {describe(value)}"
            )
        code = value.strip().upper()
        if code in codes.US_STATES:
            return code
        named = codes.state_code_for_name(value)
        if named:
            return check.problem(
                path, f"'{preview(value)}' is a state's name; write its code '{named}'"
            )
        return check.problem(
            path, f"'{preview(value)}' is not a US state code; write two letters, e.g. MA, CT, NY"
        )

    def schema(self) -> dict[str, Any]:
        return {"enum": list(codes.US_STATES)}


_SLUG = re.compile(r"^[a-z0-9]+(?:-[a-z0-9]+)*$")


class Slug(Kind):
    """A short lower-case name (``boston``, ``nyc``), such as a region pack's."""

    hint = "lower-case letters, digits and hyphens"

    def convert(self, value: Any, path: str, check: Check) -> Any:
        text = value.strip().lower() if isinstance(value, str) else None
        if text and len(text) <= 64 and _SLUG.match(text):
            return text
        return check.problem(
            path,
            f"{describe(value)} is not a region name; write lower-case letters, digits and "
            "hyphens, e.g. nyc or boston",
        )

    def schema(self) -> dict[str, Any]:
        return {"type": "string", "pattern": _SLUG.pattern, "maxLength": 64}


_DATE = re.compile(r"^(\d{4})-(\d{2})-(\d{2})$")
_DATE_HOW = "write it as YYYY-MM-DD, e.g. 2015-06-03"
#: English month names and days per month (calendar.month_name and monthrange give the same,
#: at the cost of importing the calendar module for them)
_MONTHS = (
    "January", "February", "March", "April", "May", "June",
    "July", "August", "September", "October", "November", "December",
)  # fmt: skip
_DAYS = (31, 28, 31, 30, 31, 30, 31, 31, 30, 31, 30, 31)


def _days_in(year: int, month: int) -> int:
    """How many days ``month`` (1 to 12) of ``year`` has, leap years counted."""
    leap = year % 4 == 0 and (year % 100 != 0 or year % 400 == 0)
    return 29 if month == 2 and leap else _DAYS[month - 1]


class Date(Kind):
    """A calendar date written ``YYYY-MM-DD``. A birth date is not in the future nor before 1900."""

    hint = "YYYY-MM-DD"

    def __init__(self, *, birth: bool = False) -> None:
        self.birth = birth

    def convert(self, value: Any, path: str, check: Check) -> Any:
        if isinstance(value, date):
            when = value
        else:
            text = str(value).strip() if isinstance(value, (str, int)) else None
            match = _DATE.match(text) if text is not None and not isinstance(value, bool) else None
            if not match:
                return check.problem(
                    path, f"{describe(value)} is not written as year-month-day; {_DATE_HOW}"
                )
            year, month, day = (int(part) for part in match.groups())
            shown = preview(text)
            if not 1 <= month <= 12:
                return check.problem(
                    path, f"'{shown}' is not a real date (there is no month {month}); {_DATE_HOW}"
                )
            days = _days_in(year, month) if year >= 1 else 31
            if not 1 <= day <= days or year < 1:
                why = (
                    f"{_MONTHS[month - 1]} {year} has {days} days"
                    if year >= 1
                    else "there is no year 0"
                )
                return check.problem(path, f"'{shown}' is not a real date ({why}); {_DATE_HOW}")
            when = date(year, month, day)
        if self.birth and when > check.today:
            return check.problem(
                path, f"'{when.isoformat()}' is in the future; a date of birth cannot be"
            )
        if self.birth and when.year < 1900:
            return check.problem(path, f"'{when.isoformat()}' is before 1900; check the year")
        return when

    def schema(self) -> dict[str, Any]:
        return {"type": "string", "format": "date", "pattern": r"^\d{4}-\d{2}-\d{2}$"}


class PhoneNumber(Kind):
    hint = "e.g. 617-555-0134, or +503 2555 0100 abroad"

    def convert(self, value: Any, path: str, check: Check) -> Any:
        text = clean_text(value, path, check, 60, multiline=False)
        if text is REPORTED or text is None:
            return text
        try:
            return parse_phone(text)
        except PhoneError as error:
            return check.problem(path, f"'{preview(text)}' {error}")

    def schema(self) -> dict[str, Any]:
        return {"type": ["string", "integer"], "maxLength": 60}


_A_NUMBER = re.compile(r"^[Aa]?([0-9]{8,9})$")


class ANumber(Kind):
    """An A-number (Alien Registration Number): ``A`` and 8 or 9 digits, kept as ``A123-456-789``.

    Messages never repeat it: it is sensitive.
    """

    hint = "A and 8 or 9 digits"

    def convert(self, value: Any, path: str, check: Check) -> Any:
        text = value if isinstance(value, str) else str(value) if isinstance(value, int) else ""
        match = (
            _A_NUMBER.match(re.sub(r"[\s\-.#]", "", text)) if not isinstance(value, bool) else None
        )
        if not match:
            return check.problem(
                path, "is not an A-number; write A followed by 8 or 9 digits, e.g. A123-456-789"
            )
        digits = match.group(1).zfill(9)  # an 8-digit A-number is written with a leading 0
        return f"A{digits[:3]}-{digits[3:6]}-{digits[6:]}"

    def schema(self) -> dict[str, Any]:
        return {"type": "string", "pattern": r"^[Aa]?[\s\-.#]*([0-9][\s\-.]*){8,9}$"}


class Bool(Kind):
    empty = False
    hint = "true or false"

    def convert(self, value: Any, path: str, check: Check) -> Any:
        if isinstance(value, bool):
            return value
        return check.problem(path, f"expected true or false, not {describe(value)}")

    def schema(self) -> dict[str, Any]:
        return {"type": "boolean"}

    def blank(self, language: str) -> str:
        return ""  # empty reads as false, and leaves a blank record blank


class Version(Kind):
    """The file format version: 1."""

    CURRENT = 1

    def convert(self, value: Any, path: str, check: Check) -> Any:
        if not isinstance(value, bool) and str(value).strip() == str(self.CURRENT):
            return self.CURRENT
        if isinstance(value, int) and not isinstance(value, bool) and value > self.CURRENT:
            return check.problem(
                path,
                f"this file is format version {value}, but this kitgen reads version "
                f"{self.CURRENT}; use a newer kitgen",
            )
        return check.problem(
            path, f"{describe(value)} is not a format version; write {self.CURRENT}"
        )

    def schema(self) -> dict[str, Any]:
        return {"const": self.CURRENT}

    def blank(self, language: str) -> str:
        return str(self.CURRENT)


class ListOf(Kind):
    """A list of one kind of value, at most ``most`` long (blank entries are skipped)."""

    empty = ()

    def __init__(self, item: Kind, most: int, *, unique: bool = False) -> None:
        self.item = item
        self.most = most
        self.unique = unique
        if isinstance(item, Choice):
            self.hint = "any of: " + ", ".join(item.choices)

    def convert(self, value: Any, path: str, check: Check) -> Any:
        if not isinstance(value, list):
            return check.problem(
                path,
                f"expected a list, not {describe(value)}: write each entry on its own line "
                "starting with '- ', or [a, b]",
            )
        entries = [(index, item) for index, item in enumerate(value) if not is_blank(item)]
        if len(entries) > self.most:
            return check.problem(
                path, f"has {len(entries)} entries; at most {self.most} are accepted"
            )
        result = []
        seen: dict[Any, int] = {}
        for index, item in entries:
            if item is REPORTED:
                result.append(REPORTED)
                continue
            converted = self.item.convert(item, field_path(path, index), check)
            if self.unique and converted is not REPORTED:
                if converted in seen:
                    check.problem(
                        field_path(path, index), f"'{preview(str(converted))}' is listed twice"
                    )
                seen[converted] = index
            result.append(converted)
        return REPORTED if REPORTED in result else tuple(result)

    def schema(self) -> dict[str, Any]:
        schema: dict[str, Any] = {
            "type": "array",
            "items": self.item.schema(),
            "maxItems": self.most,
        }
        if self.unique:
            schema["uniqueItems"] = True
        return schema

    def blank(self, language: str) -> str:
        return "[]"


# Keys that would record immigration status. kitgen refuses them wherever they appear.
_STATUS_KEYS = {
    "status", "daca", "tps", "undocumented", "documented", "visa", "visa_type", "green_card",
    "citizen", "is_citizen", "us_citizen", "citizenship", "lpr", "asylum", "parole",
    "immigration", "deportation", "removal_order",
}  # fmt: skip
_STATUS_WORDS = re.compile(r"immigra|migratori|undocumented|citizenship|daca|visa|status")
STATUS_MESSAGE = (
    "kitgen never asks for or stores immigration status: schools must not collect it, and "
    "written down it can put a family in danger; remove this field"
)


def is_status_key(key: str) -> bool:
    """``immigration_status``, ``visa-status``, ``DACA``...: a key that would record status."""
    word = re.sub(r"[\s\-]+", "_", key.strip().lower())
    return word in _STATUS_KEYS or bool(_STATUS_WORDS.search(word))


class Record(Kind):
    """A set of fields: one model class, validated against its table."""

    def __init__(self, cls: type) -> None:
        self.cls = cls

    def convert(self, value: Any, path: str, check: Check) -> Any:
        rows = table(self.cls)
        names = [name for name, _ in rows]
        if not isinstance(value, dict):
            return check.problem(
                path, f"expected fields (like '{names[0]}: ...'), not {describe(value)}"
            )
        before = len(check.problems)
        for key in value:
            if key not in names and not is_status_key(key):
                check.problem(
                    field_path(path, key),
                    not_accepted("unknown field", key, names),
                    key_line(value, key),
                )
        values: dict[str, Any] = {}
        for name, row in rows:
            raw = value.get(name, _MISSING)
            child = field_path(path, name)
            converted = row.kind.empty
            if raw is REPORTED:  # refused by the reader already
                values[name] = REPORTED
                continue
            if raw is not _MISSING and not is_blank(raw):
                converted = row.kind.convert(raw, child, check)
                if converted is None:  # blank once cleaned
                    converted = row.kind.empty
            if row.required and converted in (None, ()):
                state = "missing" if raw is _MISSING else "empty"
                check.problem(child, f"required field is {state}: {row.description}")
            values[name] = converted
        for name, row in rows:
            if row.required_if and values.get(name) in (None, ()):
                other, wanted = row.required_if
                if values.get(other) == wanted:
                    check.problem(
                        field_path(path, name),
                        f"required when {other} is {wanted}: {row.description}",
                    )
        if len(check.problems) > before or REPORTED in values.values():
            return REPORTED
        return self.cls(**values)

    def schema(self) -> dict[str, Any]:
        return {"$ref": f"#/$defs/{self.cls.__name__}"}
