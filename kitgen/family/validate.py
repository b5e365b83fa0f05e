"""Validate a family file: a path or bytes in, a :class:`~kitgen.family.model.Family` out.

Every problem in the file is reported at once, as the ``problems`` of one :class:`DataError`
(``family.yaml has 3 problems``), each naming the file, the field path and what is accepted.
Nothing else escapes: a missing, unreadable, huge or hostile file is a :class:`DataError` too.
"""

from __future__ import annotations

import os
import stat
from datetime import date
from pathlib import Path
from typing import Any

from kitgen.errors import DataError, Problem
from kitgen.family.fields import STATUS_MESSAGE, Check, Record, is_status_key
from kitgen.family.model import Family
from kitgen.family.reader import MAX_BYTES, field_path, file_error, read_document, too_big_message


def load_family(path: str | Path) -> Family:
    """Read and validate the family file at ``path`` (YAML, or JSON if it ends in ``.json``)."""
    name = str(path)
    try:
        info = os.stat(path)
        if stat.S_ISDIR(info.st_mode):
            raise file_error(name, "is a folder, not a family file")
        if not stat.S_ISREG(info.st_mode):
            raise file_error(name, "is not a regular file; give the path of a .yaml file")
        if info.st_size > MAX_BYTES:
            raise file_error(name, too_big_message(info.st_size))
        with open(path, "rb") as file:
            data = file.read(MAX_BYTES + 1)
    except FileNotFoundError:
        raise file_error(name, "there is no such file; check the name and the folder") from None
    except PermissionError:
        raise file_error(name, "cannot be opened: permission denied") from None
    except OSError as error:
        raise file_error(name, f"cannot be read: {error.strerror or error}") from None
    return parse_family(data, name)


def parse_family(data: bytes, filename: str) -> Family:
    """Validate the bytes of a family file; ``filename`` names it in messages (and ``.json``
    selects JSON)."""
    raw, problems = read_document(data, filename)
    check = Check(filename, date.today())
    check.problems.extend(problems)
    _refuse_status_keys(raw, "", check)
    family = Record(Family).convert(raw, "", check)
    if check.problems:
        raise _data_error(filename, check.problems)
    assert isinstance(family, Family)
    return family


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
