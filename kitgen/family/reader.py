"""Read the bytes of a family file into plain Python values, refusing anything hostile.

In: the file's bytes and its name. Out: a tree of ``dict`` (string keys, in file order),
``list``, ``str``, ``int``, ``bool`` and ``None``, plus the problems found on the way (duplicate
keys, YAML tags) that do not stop the rest of the file being checked. A file that cannot be read
at all (too big, not text, not YAML/JSON, aliases, too deep) raises :class:`DataError`.

The reading itself is :mod:`kitgen.inputs` (shared by every kind of input); this module gives it
a family file's limits and words. Internal to :mod:`kitgen.family`; may change.
"""

from __future__ import annotations

from typing import Any

from kitgen.errors import Problem, preview
from kitgen.inputs import REPORTED, Kind, Reported, decode_text, field_path, parse_json, parse_yaml
from kitgen.inputs import problem_error as file_error

__all__ = [
    "MAX_BYTES",
    "REPORTED",
    "Reported",
    "field_path",
    "file_error",
    "read_document",
    "too_big_message",
]

#: Family files are a few kilobytes; refuse anything bigger before parsing it.
MAX_BYTES = 5_000_000
#: A family file nests five levels deep (children[0].medications[0].name); allow some slack.
MAX_DEPTH = 20
#: A full family file holds a few hundred values. Stop long before a 5 MB list of them: the
#: pure-Python YAML reader would take a minute to read it all.
MAX_VALUES = 10_000

KIND = Kind(
    plural="family files",
    one="a family file",
    depth="a family file needs about five",
    values="a family file holds a few hundred",
    one_document="keep one family per file",
    max_depth=MAX_DEPTH,
    max_values=MAX_VALUES,
)


def read_document(
    data: bytes, filename: str, *, json_lines: bool = True
) -> tuple[Any, list[Problem]]:
    """Decode and parse ``data``: JSON if ``filename`` ends in ``.json``, YAML otherwise.
    ``json_lines`` False: JSON without the line of each key (:func:`kitgen.inputs.parse_json`)."""
    if len(data) > MAX_BYTES:
        raise file_error(filename, too_big_message(len(data)))
    text = decode_text(data, filename, file_error)
    if not text.strip():
        raise file_error(filename, "the file is empty")
    if filename.lower().endswith(".json"):
        value, problems = parse_json(text, filename, KIND, lines=json_lines)
    else:
        value, problems = parse_yaml(text, filename, KIND)
    if not isinstance(value, dict):
        if value is None:
            found = "nothing (only comments, or null)"
        elif isinstance(value, list):
            found = "a list"
        else:
            found = f"the single value '{preview(value)}'"
        raise file_error(
            filename,
            f"the file must hold fields like 'family_name: ...' (a mapping), but it holds {found}",
        )
    return value, problems


def too_big_message(size: int) -> str:
    shown = f"{size / 1e6:.1f} MB"
    if shown == f"{MAX_BYTES / 1e6:.1f} MB":
        shown = f"{size:,} bytes"
    return f"family files are small (at most {MAX_BYTES / 1e6:.0f} MB); this one is {shown}"
