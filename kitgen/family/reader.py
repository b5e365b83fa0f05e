"""Read the bytes of a family file into plain Python values, refusing anything hostile.

In: the file's bytes and its name. Out: a tree of ``dict`` (string keys, in file order),
``list``, ``str``, ``int``, ``bool`` and ``None``, plus the problems found on the way (duplicate
keys, YAML tags) that do not stop the rest of the file being checked. A file that cannot be read
at all (too big, not text, not YAML/JSON, aliases, too deep) raises :class:`DataError`.

Dates and decimals stay text here (``2015-06-03``, ``7:30``, ``010``): YAML 1.1 would turn
``7:30`` into 450 and ``010`` into 8, and only the field table knows which fields are dates.
Internal to :mod:`kitgen.family`; may change.
"""

from __future__ import annotations

import codecs
import json
import re
from typing import Any

import yaml
from yaml.events import AliasEvent, StreamEndEvent
from yaml.nodes import MappingNode, Node, ScalarNode, SequenceNode

from kitgen.errors import DataError, Problem, preview

#: Family files are a few kilobytes; refuse anything bigger before parsing it.
MAX_BYTES = 5_000_000
#: A family file nests five levels deep (children[0].medications[0].name); allow some slack.
MAX_DEPTH = 20
#: A full family file holds a few hundred values. Stop long before a 5 MB list of them: the
#: pure-Python YAML reader would take a minute to read it all.
MAX_VALUES = 10_000

_YAML = "tag:yaml.org,2002:"
_PLAIN_INT = re.compile(r"^[-+]?(?:0|[1-9][0-9]{0,17})$")


class Reported:
    """Stands in for a value whose problem was already reported (so it is not reported twice)."""

    def __repr__(self) -> str:
        return "REPORTED"


REPORTED = Reported()


def file_error(filename: str, message: str) -> DataError:
    """A :class:`DataError` for a file that cannot be read at all."""
    return DataError(
        f"{filename} has 1 problem", (Problem(field="", message=message, file=filename),)
    )


def field_path(parent: str, key: str | int) -> str:
    """``children`` + 1 -> ``children[1]``; ``caregivers`` + ``primary`` -> its path."""
    if isinstance(key, int):
        return f"{parent}[{key}]"
    if not (key.isascii() and key.isidentifier() and len(key) <= 40):
        key = preview(key)
    return f"{parent}.{key}" if parent else key


def read_document(data: bytes, filename: str) -> tuple[Any, list[Problem]]:
    """Decode and parse ``data``: JSON if ``filename`` ends in ``.json``, YAML otherwise."""
    if len(data) > MAX_BYTES:
        raise file_error(filename, too_big_message(len(data)))
    text = _decode(data, filename)
    if not text.strip():
        raise file_error(filename, "the file is empty")
    problems: list[Problem] = []
    if filename.lower().endswith(".json"):
        value = _Converter(filename, problems).from_json(_parse_json(text, filename))
    else:
        value = _Converter(filename, problems).from_yaml(_compose_yaml(text, filename))
    if value is REPORTED:  # the whole document was refused (a YAML tag on it)
        raise DataError(f"{filename} has 1 problem", tuple(problems))
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


# -- bytes to text -------------------------------------------------------------------------------

_BOMS = (  # UTF-32 first: its little-endian BOM starts with UTF-16's
    (codecs.BOM_UTF32_LE, "utf-32"),
    (codecs.BOM_UTF32_BE, "utf-32"),
    (codecs.BOM_UTF8, "utf-8-sig"),
    (codecs.BOM_UTF16_LE, "utf-16"),
    (codecs.BOM_UTF16_BE, "utf-16"),
)


def _decode(data: bytes, filename: str) -> str:
    """UTF-8 (with or without a BOM), or UTF-16/UTF-32 with a BOM."""
    for bom, encoding in _BOMS:
        if data.startswith(bom):
            try:
                text = data.decode(encoding)
            except UnicodeDecodeError:
                raise file_error(
                    filename,
                    f"starts like {encoding.upper()} text but cannot be read as it; "
                    "save the file as UTF-8",
                ) from None
            break
    else:
        try:
            text = data.decode("utf-8")
        except UnicodeDecodeError as error:
            line = data.count(b"\n", 0, error.start) + 1
            raise file_error(
                filename,
                f"is not UTF-8 text: byte 0x{data[error.start]:02X} at offset {error.start} "
                f"(line {line}) cannot be read; save the file as UTF-8 "
                "(in most editors: Save As, Encoding: UTF-8)",
            ) from None
    if "\0" in text:
        line = text.count("\n", 0, text.index("\0")) + 1
        hint = (
            "it looks like UTF-16 without a byte-order mark"
            if text.count("\0") > len(text) // 4
            else "a family file is plain text"
        )
        raise file_error(
            filename,
            f"contains the character U+0000 (NUL) on line {line}; {hint}: save it as UTF-8",
        )
    return text


# -- JSON ----------------------------------------------------------------------------------------


class _Pairs(list[tuple[str, Any]]):
    """A JSON object as its (key, value) pairs, so duplicate keys can be reported."""


def _parse_json(text: str, filename: str) -> Any:
    try:
        # Numbers with a fraction stay text (a grade of 5.0 is "5.0"); NaN/Infinity too.
        return json.loads(
            text,
            object_pairs_hook=_Pairs,
            parse_float=str,
            parse_constant=str,
            parse_int=lambda digits: int(digits) if len(digits) <= 18 else digits,
        )
    except json.JSONDecodeError as error:
        raise file_error(
            filename,
            f"not valid JSON on line {error.lineno}, column {error.colno}: {error.msg}",
        ) from None
    except RecursionError:
        raise file_error(filename, _too_deep_message()) from None
    except ValueError as error:  # e.g. an integer with thousands of digits
        raise file_error(filename, f"not valid JSON: {error}") from None


def _too_many_message(where: str = "") -> str:
    return (
        f"the file holds more than {MAX_VALUES:,} values{where}; a family file holds a few hundred"
    )


def _too_deep_message(where: str = "") -> str:
    return (
        f"the file nests lists and mappings more than {MAX_DEPTH} levels deep{where}; "
        "a family file needs about five"
    )


# -- YAML ----------------------------------------------------------------------------------------


class _Refused(Exception):
    """A YAML feature family files do not accept; ``message`` is for the user."""

    def __init__(self, message: str) -> None:
        super().__init__(message)
        self.message = message


class FamilyYamlLoader(yaml.SafeLoader):
    """SafeLoader that refuses anchors and aliases (billion laughs) and deep nesting.

    Only composes the node tree; :class:`_Converter` turns nodes into values, so no YAML
    constructor (and no ``!!python/...`` tag) ever runs.
    """

    _depth = 0
    _count = 0

    def check_printable(self, data: str) -> None:
        # Control characters are reported per field, with the field's name (NUL was refused
        # already: PyYAML uses it to mark the end of the stream).
        pass

    def compose_node(self, parent: Node | None, index: int) -> Node | None:
        event = self.peek_event()
        if isinstance(event, AliasEvent) or getattr(event, "anchor", None) is not None:
            raise _Refused(
                "YAML anchors and aliases (&, *) are not accepted in family files"
                f"{_at(event.start_mark)}; write each value out in full"
            )
        self._depth += 1
        self._count += 1
        try:
            if self._count > MAX_VALUES:
                raise _Refused(_too_many_message(_at(event.start_mark)))
            if self._depth > MAX_DEPTH:
                raise _Refused(_too_deep_message(_at(event.start_mark)))
            return super().compose_node(parent, index)
        finally:
            self._depth -= 1


def _where(mark: yaml.Mark | None) -> str:
    return f" on line {mark.line + 1}, column {mark.column + 1}" if mark is not None else ""


def _at(mark: yaml.Mark) -> str:
    return f" (line {mark.line + 1}, column {mark.column + 1})"


_HINTS = {
    "mapping values are not allowed here": " (a value that contains ': ' must be in quotes)",
    "found character '\\t' that cannot start any token": " (indent with spaces, not tabs)",
}


def _compose_yaml(text: str, filename: str) -> Node | None:
    loader = FamilyYamlLoader(text)
    try:
        loader.get_event()  # stream start
        node = None if loader.check_event(StreamEndEvent) else loader.compose_document()
        if not loader.check_event(StreamEndEvent):
            mark = loader.get_event().start_mark
            raise _Refused(
                "a family file holds one YAML document, but a second one starts"
                f"{_where(mark)} (after '---'); keep one family per file"
            )
        return node
    except _Refused as refused:
        raise file_error(filename, refused.message) from None
    except yaml.MarkedYAMLError as error:
        problem = error.problem or error.context or "not valid YAML"
        raise file_error(
            filename,
            f"not valid YAML{_where(error.problem_mark)}: {problem}{_HINTS.get(problem, '')}",
        ) from None
    except yaml.YAMLError as error:
        raise file_error(filename, f"not valid YAML: {error}") from None
    except RecursionError:
        raise file_error(filename, _too_deep_message()) from None
    finally:
        loader.dispose()


# -- nodes and JSON pairs to plain values --------------------------------------------------------


class _Converter:
    def __init__(self, filename: str, problems: list[Problem]) -> None:
        self.filename = filename
        self.problems = problems
        self.count = 0

    def problem(self, path: str, message: str) -> Reported:
        self.problems.append(Problem(field=path, message=message, file=self.filename))
        return REPORTED

    def _duplicate(self, path: str) -> None:
        self.problem(
            path,
            "appears twice in the same place; keep one (a second entry would silently replace "
            "the first)",
        )

    def from_json(self, value: Any, path: str = "", depth: int = 0) -> Any:
        if depth > MAX_DEPTH:
            raise file_error(self.filename, _too_deep_message())
        self.count += 1
        if self.count > MAX_VALUES:
            raise file_error(self.filename, _too_many_message())
        if isinstance(value, _Pairs):
            result: dict[str, Any] = {}
            for key, item in value:
                child = field_path(path, key)
                if key in result:
                    self._duplicate(child)
                    continue
                result[key] = self.from_json(item, child, depth + 1)
            return result
        if isinstance(value, list):
            return [
                self.from_json(item, field_path(path, i), depth + 1) for i, item in enumerate(value)
            ]
        return value

    def from_yaml(self, node: Node | None, path: str = "") -> Any:
        if node is None:
            return None
        tag = node.tag
        if isinstance(node, MappingNode) and tag == _YAML + "map":
            result: dict[str, Any] = {}
            for key_node, value_node in node.value:
                if not isinstance(key_node, ScalarNode):
                    self.problem(
                        path, f"a field name must be plain text{_where(key_node.start_mark)}"
                    )
                    continue
                key = key_node.value
                child = field_path(path, key)
                if key_node.tag == _YAML + "merge":
                    self.problem(
                        child, "YAML merge keys (<<) are not accepted; write each field out"
                    )
                elif key in result:
                    self._duplicate(child)
                else:
                    result[key] = self.from_yaml(value_node, child)
            return result
        if isinstance(node, SequenceNode) and tag == _YAML + "seq":
            return [self.from_yaml(item, field_path(path, i)) for i, item in enumerate(node.value)]
        if isinstance(node, ScalarNode):
            return self._scalar(node, path)
        return self._bad_tag(tag, path)

    def _scalar(self, node: ScalarNode, path: str) -> Any:
        text: str = node.value
        tag = node.tag
        if tag == _YAML + "null":
            return None
        if tag == _YAML + "bool":
            return text.lower() in ("yes", "true", "on", "y")
        if tag == _YAML + "int":
            # Only plain decimals are numbers; 010 (octal), 0x1F, 1_000 and 7:30 (base 60) stay
            # as written.
            return int(text) if _PLAIN_INT.match(text) else text
        if tag in (_YAML + "str", _YAML + "float", _YAML + "timestamp"):
            return text
        return self._bad_tag(tag, path)

    def _bad_tag(self, tag: str, path: str) -> Reported:
        shown = "!!" + tag[len(_YAML) :] if tag.startswith(_YAML) else tag
        return self.problem(
            path,
            f"the YAML tag {preview(shown)} is not accepted: a family file holds only text, "
            "numbers, dates, true/false, lists and fields",
        )
