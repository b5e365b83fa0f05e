"""Describe the family file: a JSON Schema, and a commented blank file to fill in.

In: the field table of :mod:`kitgen.family.model`. Out: :func:`family_schema` (a JSON Schema,
draft 2020-12, for editors and other tools) and :func:`blank_family_yaml` (YAML text). Both are
generated from the table, so they cannot drift from what validation accepts.
"""

from __future__ import annotations

from collections.abc import Callable
from typing import Any

from kitgen.errors import UsageError
from kitgen.family import codes
from kitgen.family.fields import Kind, ListOf, Record, Spec, table
from kitgen.family.model import Family

_SENSITIVE_NOTE = " Sensitive: printed as a blank line unless print_sensitive is true."


def family_schema() -> dict[str, Any]:
    """A JSON Schema (draft 2020-12) of a family file, as read by :func:`load_family`.

    Dates are strings (``format: date``), as YAML editors see them. The schema is a little
    stricter than validation: codes in canonical case, no blank entries in lists.
    """
    definitions: dict[str, Any] = {}
    root = _object_schema(Family, definitions)
    return {
        "$schema": "https://json-schema.org/draft/2020-12/schema",
        "title": "kitgen family file",
        **root,
        "$defs": dict(sorted(definitions.items())),
    }


def _object_schema(cls: type, definitions: dict[str, Any]) -> dict[str, Any]:
    properties: dict[str, Any] = {}
    required: list[str] = []
    conditions: list[dict[str, Any]] = []
    for name, row in table(cls):
        _collect(row.kind, definitions)
        schema = row.kind.schema()
        if isinstance(row.kind, ListOf) and row.required:
            schema["minItems"] = 1
        if not row.required:
            schema = {"anyOf": [schema, {"type": "null"}]}
        schema["description"] = _sentence(row) + (_SENSITIVE_NOTE if row.sensitive else "")
        properties[name] = schema
        if row.required:
            required.append(name)
        if row.required_if:
            other, value = row.required_if
            conditions.append(
                {
                    "if": {"properties": {other: {"const": value}}, "required": [other]},
                    "then": {"required": [name], "properties": {name: {"not": {"type": "null"}}}},
                }
            )
    schema = {
        "type": "object",
        "description": (cls.__doc__ or "").strip().splitlines()[0],
        "properties": properties,
        "required": required,
        "additionalProperties": False,
    }
    if conditions:
        schema["allOf"] = conditions
    return schema


def _collect(kind: Kind, definitions: dict[str, Any]) -> None:
    if isinstance(kind, ListOf):
        _collect(kind.item, definitions)
    elif isinstance(kind, Record) and kind.cls.__name__ not in definitions:
        definitions[kind.cls.__name__] = {}  # placeholder: records may repeat
        definitions[kind.cls.__name__] = _object_schema(kind.cls, definitions)


def _sentence(row: Spec) -> str:
    text = row.description[0].upper() + row.description[1:]
    return text + (f" ({row.kind.hint})." if row.kind.hint else ".")


# -- the blank file ------------------------------------------------------------------------------

_COMMENT_COLUMN = 34

_HEADER = """\
# kitgen family file: write each answer after its colon, then save the file (as UTF-8).
# Leave a field empty if it does not apply; the notes after # say what to write.
# This file holds private information: keep it safe, and delete it when the packet is made.
# kitgen never asks for immigration status: do not add it anywhere.
# Dates: YYYY-MM-DD. Phone numbers: 617-555-0134, or +503 2555 0100 outside the US.
# Put text in quotes if it starts with one of * & ! [ { ' " # or contains ': '.
"""


#: Writes the note of one field: (field pattern such as ``children[].full_name``, its row).
Note = Callable[[str, Spec], str]


def blank_family_yaml(language: str = "en", note: Note | None = None, header: str = "") -> str:
    """A blank family file with a one-line note on every field, for ``language``'s family.

    As written it parses as YAML; validating it lists the required fields still to fill in.
    The notes are in English unless ``note`` writes them (``kitgen new-family --lang`` does, in
    the family's language: :mod:`kitgen.intake.blank`); ``header`` comes after the English one.
    """
    code = codes.packet_language(language)
    if code is None:
        raise UsageError(
            f"'{language}' is not a packet language; accepted: {', '.join(codes.PACKET_LANGUAGES)}"
        )
    lines = _blank_lines(Family, "", code, note=note or field_note)
    return _HEADER + header + "\n".join(lines) + "\n"


def _blank_lines(
    cls: type,
    indent: str,
    language: str,
    first: str | None = None,
    *,
    note: Note,
    prefix: str = "",
) -> list[str]:
    """Lines for one record; ``first`` replaces the indent of its first line (``- ``)."""
    lines: list[str] = []
    for name, row in table(cls):
        pattern = f"{prefix}{name}"
        lead = first if first is not None and not lines else indent
        kind = row.kind
        item = kind.item if isinstance(kind, ListOf) else None
        if isinstance(kind, Record) or isinstance(item, Record):
            lines.append(_with_comment(f"{lead}{name}:", note(pattern, row)))
            child = indent + "  "
            if isinstance(item, Record):
                lines.extend(
                    _blank_lines(
                        item.cls,
                        child + "  ",
                        language,
                        first=child + "- ",
                        note=note,
                        prefix=pattern + "[].",
                    )
                )
            else:
                assert isinstance(kind, Record)
                lines.extend(
                    _blank_lines(kind.cls, child, language, note=note, prefix=pattern + ".")
                )
        else:
            value = kind.blank(language)
            line = f"{lead}{name}:{' ' + value if value else ''}"
            lines.append(_with_comment(line, note(pattern, row)))
    return lines


def _with_comment(line: str, note: str) -> str:
    return f"{line.ljust(_COMMENT_COLUMN - 1)} # {note}"


def field_note(pattern: str, row: Spec) -> str:
    """The English note of one field."""
    note = row.description + (f" ({row.kind.hint})" if row.kind.hint else "")
    if row.required:
        note = "required: " + note
    elif row.required_if:
        note += f"; required when {row.required_if[0]} is {row.required_if[1]}"
    return note
