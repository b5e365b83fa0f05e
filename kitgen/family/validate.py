"""Validate a family file: a path or bytes in, a :class:`~kitgen.family.model.Family` out.

Every problem in the file is reported at once, as the ``problems`` of one :class:`DataError`
(``family.yaml has 3 problems``), each naming the file, the field path and what is accepted.
Nothing else escapes: a missing, unreadable, huge or hostile file is a :class:`DataError` too.
"""

from __future__ import annotations

import dataclasses
from datetime import date
from pathlib import Path
from typing import Any

from kitgen.errors import DataError, Problem
from kitgen.family.fields import STATUS_MESSAGE, Check, Record, is_status_key
from kitgen.family.model import Family
from kitgen.family.reader import MAX_BYTES, field_path, file_error, read_document, too_big_message
from kitgen.inputs import read_input, with_lines


def load_family(path: str | Path, *, identity: tuple[int, int] | None = None) -> Family:
    """Read and validate the family file at ``path`` (YAML, or JSON if it ends in ``.json``).

    ``identity`` (see :func:`kitgen.inputs.file_identity`): the file must be the one a caller
    checked, opened without following a link swapped in since."""
    data = read_input(
        path,
        what="a family file",
        hint="a .yaml file",
        limit=MAX_BYTES,
        fail=file_error,
        too_big=too_big_message,
        identity=identity,
    )
    return parse_family(data, str(path))


def parse_family(data: bytes, filename: str, *, lines: bool = True) -> Family:
    """Validate the bytes of a family file; ``filename`` names it in messages (and ``.json``
    selects JSON). Each problem names the line of its field (YAML and JSON alike); ``lines``
    False leaves lines out, for bytes that are no file a person edits (the kiosk's answers,
    a dict given to the API)."""
    # JSON key lines are found only for a file with problems (a second, located pass)
    family, raw, found = _check(data, filename, json_lines=False)
    if found and lines and filename.lower().endswith(".json"):
        family, raw, found = _check(data, filename, json_lines=True)
    if found:
        if lines:
            found = with_lines(found, raw)
        else:
            found = [dataclasses.replace(p, line=None) for p in found]
        raise _data_error(filename, found)
    assert isinstance(family, Family)
    return family


def _check(data: bytes, filename: str, *, json_lines: bool) -> tuple[Any, Any, list[Problem]]:
    """The family (or REPORTED), the plain values read, and the problems found."""
    raw, problems = read_document(data, filename, json_lines=json_lines)
    check = Check(filename, date.today())
    check.problems.extend(problems)
    _refuse_status_keys(raw, "", check)
    return Record(Family).convert(raw, "", check), raw, check.problems


def _data_error(filename: str, problems: list[Problem]) -> DataError:
    count = len(problems)
    return DataError(f"{filename} has {count} problem{'s' if count != 1 else ''}", tuple(problems))


def _refuse_status_keys(value: Any, path: str, check: Check) -> None:
    """Refuse a key that would record immigration status, at any depth."""
    if isinstance(value, dict):
        for key, item in value.items():
            if is_status_key(key):
                check.problem(field_path(path, key), STATUS_MESSAGE)
            else:
                _refuse_status_keys(item, field_path(path, key), check)
    elif isinstance(value, list):
        for index, item in enumerate(value):
            _refuse_status_keys(item, field_path(path, index), check)
