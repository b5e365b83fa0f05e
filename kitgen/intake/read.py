"""Read a filled intake form back: PDF bytes in, a family file (YAML text) and its problems out.

1. The PDF must be a kitgen intake form of this format version (:data:`~.draw.ID_FIELD`);
   anything else is refused with a message saying what it is not.
2. Each field's value (pypdf) goes to its family-file path; a block left empty is dropped (an
   empty second child is no child), entries of a list keep their order.
3. The family file is written as YAML text, every typed value kept as typed, and validated with
   the family stage's own rules (:func:`kitgen.family.parse_family`). Each problem names the
   form's question (``Child 2 › Date of birth``) and the family-file path, and is also written
   as a comment beside the value in the file, so nothing typed is lost or silently corrected.

Nothing is written here: the caller writes the text where it was asked to.
"""

from __future__ import annotations

import io
import json
import re
from dataclasses import dataclass
from typing import Any

from ..errors import DataError, Problem
from ..family import parse_family
from ..family.fields import ListOf, PhoneNumber, SpokenLanguage, is_blank
from ..family.model import Family
from .draw import FORM_ID, FORM_VERSION, ID_FIELD, PAPER_SUBJECT
from .labels import BLOCKS as _TITLED
from .labels import HEADINGS, block_title, heading, label
from .questions import Block, Question, form_items

#: A filled form is a few hundred kilobytes; refuse anything far bigger before parsing it.
MAX_BYTES = 20_000_000


@dataclass(frozen=True)
class ReadBack:
    yaml: str  # the family file, with a comment on every value that breaks a rule
    problems: tuple[Problem, ...]  # each with the form's label, empty when the family is valid
    family: Family | None  # the validated family, when there are no problems
    language: str


def refuse(filename: str, message: str) -> DataError:
    return DataError(f"{filename} cannot be read", (Problem("", message, file=filename),))


def _fields(data: bytes, filename: str) -> dict[str, Any]:
    from pypdf import PdfReader
    from pypdf.errors import PdfReadError

    if len(data) > MAX_BYTES:
        raise refuse(filename, "is far bigger than an intake form; choose the filled form")
    if not data.startswith(b"%PDF"):
        raise refuse(filename, "is not a PDF file; choose the filled intake form (.pdf)")
    try:
        reader = PdfReader(io.BytesIO(data))
        if reader.is_encrypted:
            raise refuse(filename, "is password-protected; save an unprotected copy first")
        fields = reader.get_fields() or {}
        subject = str(reader.metadata.get("/Subject", "")) if reader.metadata else ""
    except (
        PdfReadError,
        ValueError,
        KeyError,
        TypeError,
        AttributeError,
        IndexError,
        AssertionError,
        RecursionError,
        OSError,
    ):  # what pypdf raises on a damaged or hostile file
        raise refuse(filename, "is a damaged or unreadable PDF") from None
    if not fields and subject == PAPER_SUBJECT:
        raise refuse(
            filename,
            "is the printable intake form, which has no fields to read; type its answers into "
            "the fillable form (kitgen intake-form --lang CODE) or a family file "
            "(kitgen new-family)",
        )
    return fields


def _value(fields: dict[str, Any], name: str) -> Any:
    field = fields.get(name)
    return None if field is None else field.get("/V")


def form_language(fields: dict[str, Any], filename: str) -> str:
    """The language of a kitgen intake form, after checking it is one of this version."""
    ident = _value(fields, ID_FIELD)
    if ident is None:
        raise refuse(
            filename,
            "is not a kitgen intake form (it has no kitgen form id); make one with "
            "kitgen intake-form --lang CODE",
        )
    parts = str(ident).split()
    if len(parts) != 3 or parts[0] != FORM_ID or not parts[1].isdigit():
        raise refuse(filename, "has a damaged kitgen form id; it cannot be read back")
    if int(parts[1]) != FORM_VERSION:
        raise refuse(
            filename,
            f"was made by a kitgen with intake form format {parts[1]}; this kitgen reads format "
            f"{FORM_VERSION}. Read it with the kitgen that made it, or copy the answers into a "
            "new form",
        )
    return parts[2]


# -- form fields -> plain values ------------------------------------------------------------


def _text(fields: dict[str, Any], name: str) -> str:
    value = _value(fields, name)
    text = "" if value is None else str(value)
    return text.replace("\r\n", "\n").replace("\r", "\n").strip()


def _ticked(fields: dict[str, Any], name: str) -> bool:
    value = _value(fields, name)
    return value is not None and str(value) not in ("/Off", "Off", "")


def _answer(q: Question, fields: dict[str, Any]) -> Any:
    if q.form == "by_hand":
        return None
    if q.form == "check":
        return True if _ticked(fields, q.check_name("")) else None
    if q.form in ("choice", "choices"):
        words = [w for w in q.choices if _ticked(fields, q.check_name(w))]
        if q.form == "choices":
            return words or None
        return None if not words else words[0] if len(words) == 1 else words
    text = _text(fields, q.field_name)
    if q.form != "list":
        return text or None
    item = q.spec.kind.item if isinstance(q.spec.kind, ListOf) else None
    split = r"[\n,;，；、]" if isinstance(item, (PhoneNumber, SpokenLanguage)) else r"\n"
    entries = [part.strip() for part in re.split(split, text)]
    return [e for e in entries if e] or None


def _record(
    items: tuple[Question | Block, ...],
    fields: dict[str, Any],
    path: str,
    where: dict[str, str],
    titles: list[str],
) -> dict[str, Any]:
    """The values of one record; ``where`` gets the form label of every output path."""
    out: dict[str, Any] = {}
    lists: dict[str, list[Any]] = {}
    for item in items:
        name = item.path.rsplit(".", 1)[-1]
        if isinstance(item, Block):
            key = name.split("[")[0]
            title = (
                titles + [block_title(item.pattern, item.number)]
                if item.pattern in _TITLED
                else titles
            )
            if item.number is not None:
                entries = lists.setdefault(key, [])
                whole = f"{path}.{key}" if path else key
                if not path and key in HEADINGS:  # "children: required field is missing"
                    where.setdefault(whole, heading(key))
                at = f"{whole}[{len(entries)}]"
                probe: dict[str, str] = {}
                value = _record(item.items, fields, at, probe, title)
                if not is_blank(value):  # an empty block is dropped, with its labels
                    entries.append(value)
                    where.update(probe)
                    where[at] = " › ".join(title)
            else:
                at = f"{path}.{key}" if path else key
                value = _record(item.items, fields, at, probe := {}, title)
                where.update(probe)
                where[at] = " › ".join(title)
                if not is_blank(value):
                    out[key] = value
            if key in lists and lists[key]:
                out[key] = lists[key]
            continue
        value = _answer(item, fields)
        at = f"{path}.{name}" if path else name
        where[at] = " › ".join(titles + [label(item.pattern)])
        if value is not None:
            out[name] = value
    return out


def _family_tree(fields: dict[str, Any], lang: str) -> tuple[dict[str, Any], dict[str, str]]:
    where: dict[str, str] = {}
    tree: dict[str, Any] = {"kitgen": 1, "language": lang}
    tree.update(_record(form_items(), fields, "", where, []))
    # keys in the family file's order (kitgen and language first, as in the table)
    order = [name for name in Family.__dataclass_fields__]
    return {k: tree[k] for k in sorted(tree, key=order.index)}, where


# -- problems, with the form's labels ---------------------------------------------------------


def _where(path: str, where: dict[str, str]) -> str:
    """The form's name for ``path``: its own question, else the nearest enclosing one."""
    probe = path
    while probe:
        if probe in where:
            return where[probe]
        cut = max(probe.rfind("."), probe.rfind("["))
        probe = probe[:cut] if cut > 0 else ""
    return ""


def _labelled(problems: tuple[Problem, ...], where: dict[str, str]) -> tuple[Problem, ...]:
    out = []
    for p in problems:
        place = _where(p.field, where)
        message = f"[{place}] {p.message}" if place else p.message
        out.append(Problem(p.field, message, file=p.file, row=p.row))
    return tuple(out)


# -- plain values -> YAML text with comments --------------------------------------------------

_HEADER = (
    "# kitgen family file, read back from a kitgen intake form ({form}).\n"
    "# This file holds private information: keep it safe, and delete it when the packet is made.\n"
)


def _scalar(value: Any) -> str:
    if isinstance(value, bool):
        return "true" if value else "false"
    if isinstance(value, int):
        return str(value)
    # a YAML double-quoted string; a broken character (a lone surrogate from a bad UTF-16
    # string) is kept as an escape, so validation reports it and the file stays UTF-8
    text = json.dumps(str(value), ensure_ascii=False)
    return _SURROGATE.sub(lambda m: f"\\u{ord(m.group()):04x}", text)


_SURROGATE = re.compile("[\ud800-\udfff]")


def _comment(messages: list[str]) -> str:
    text = " | ".join(m.replace("\n", " ") for m in messages)
    return f"  # PROBLEM: {text}" if messages else ""


def _emit(
    value: Any,
    path: str,
    indent: str,
    notes: dict[str, list[str]],
    lines: list[str],
    first: str | None = None,
) -> None:
    """Append the lines of a mapping; ``first`` replaces the indent of its first line."""
    for key, item in value.items():
        lead = first if first is not None else indent
        at = f"{path}.{key}" if path else key
        note = _comment(notes.pop(at, []))
        if isinstance(item, dict):
            lines.append(f"{lead}{key}:{note}")
            _emit(item, at, indent + "  ", notes, lines)
        elif isinstance(item, list):
            lines.append(f"{lead}{key}:{note}")
            for index, entry in enumerate(item):
                here = f"{at}[{index}]"
                if isinstance(entry, dict):
                    sub: list[str] = []
                    _emit(entry, here, indent + "    ", notes, sub, first=indent + "  - ")
                    head = _comment(notes.pop(here, []))
                    if head:
                        lines.append(f"{indent}  {head.strip()}")
                    lines.extend(sub)
                else:
                    lines.append(f"{indent}  - {_scalar(entry)}{_comment(notes.pop(here, []))}")
        else:
            lines.append(f"{lead}{key}: {_scalar(item)}{note}")
        first = None


def to_yaml(tree: dict[str, Any], problems: tuple[Problem, ...], form: str) -> str:
    notes: dict[str, list[str]] = {}
    for p in problems:
        notes.setdefault(p.field, []).append(p.message)
    lines: list[str] = []
    _emit(tree, "", "", notes, lines)
    rest = [
        f"# PROBLEM at {path or 'the whole file'}: {m}" for path, ms in notes.items() for m in ms
    ]
    return _HEADER.format(form=form) + "".join(line + "\n" for line in rest + lines)


# -- the whole read-back ----------------------------------------------------------------------


def read_intake_form(data: bytes, filename: str, output_name: str = "family.yaml") -> ReadBack:
    """Read a filled intake form (see the module docstring)."""
    fields = _fields(data, filename)
    lang = form_language(fields, filename)
    tree, where = _family_tree(fields, lang)
    form = f"{FORM_ID} {FORM_VERSION} {lang}"
    plain = to_yaml(tree, (), form)
    try:
        family = parse_family(plain.encode("utf-8"), output_name, lines=False)
        problems: tuple[Problem, ...] = ()
    except DataError as error:
        family, problems = None, _labelled(error.problems, where)
    text = to_yaml(tree, problems, form) if problems else plain
    return ReadBack(text, problems, family, lang)
