"""Reading an input file someone gave kitgen: a family file, roster, poster plan, settings file,
region pack, translation import or password file.

Every reader goes through here, so every kind of file is refused for the same reasons in the
same words:

* :func:`read_input`: the path (no NUL, no folder, no special file unless asked for, no link
  swapped in after a check), then the bytes, read with a bound: a file over its limit is refused
  before it is parsed, and an endless one (``/dev/zero``) after ``limit + 1`` bytes.
* :func:`decode_text`: UTF-8 (or UTF-16/32 with a byte-order mark), no NUL character.
* :func:`parse_yaml` and :func:`parse_json`: a tree of plain values (``dict`` with string keys,
  ``list``, ``str``, ``int``, ``bool``, ``None``) without running any YAML constructor. Anchors
  and aliases (billion laughs), tags (``!!python/...``), merge keys, a second document, nesting
  deeper or values more than the :class:`Kind` allows are refused; duplicate keys and tags on a
  value are problems named by their field path. Dates and decimals stay text (``2015-06-03``,
  ``7:30``, ``010``): each reader knows which of its fields are dates.

Messages never render a whole value: :func:`kitgen.errors.preview` shows its first characters.

A YAML mapping comes back as :class:`Fields` (a ``dict`` that remembers the line of each key),
so a reader can say where an unknown key is; :func:`unknown_key` words that message the same
way for every kind of file, with the closest accepted key (``did you mean 'district_name'?``);
the key itself is the problem's field, shortened with :func:`kitgen.errors.preview`.
"""

from __future__ import annotations

import codecs
import dataclasses
import errno
import json
import os
import re
import stat
from collections.abc import Callable, Iterable
from dataclasses import dataclass
from pathlib import Path
from typing import Any

import yaml
from yaml.events import AliasEvent, StreamEndEvent
from yaml.nodes import MappingNode, Node, ScalarNode, SequenceNode

from .errors import DataError, KitgenError, Problem, preview

Fail = Callable[[str, str], KitgenError]


# -- unknown keys and columns -------------------------------------------------------------------


class Fields(dict[str, Any]):
    """A YAML mapping's values in file order, with the line (1-based) each key is on."""

    def __init__(self) -> None:
        super().__init__()
        self.lines: dict[str, int] = {}


def key_line(mapping: Any, key: object) -> int | None:
    """The line ``key`` is on in a mapping :func:`parse_yaml` or :func:`parse_json` read; None
    if not known (a mapping built in code)."""
    lines = getattr(mapping, "lines", None)
    return lines.get(key) if isinstance(lines, dict) and isinstance(key, str) else None


def did_you_mean(word: str, accepted: Iterable[str]) -> str:
    """``"did you mean 'copies'? "`` for the accepted word closest to ``word``, or ``""``."""
    import difflib  # only for a key that is not accepted

    close = difflib.get_close_matches(word.strip().lower(), list(accepted), n=1, cutoff=0.6)
    return f"did you mean '{close[0]}'? " if close else ""


def unknown_key(what: str, key: object, accepted: Iterable[str]) -> str:
    """The message for a key (or column) no reader knows, to go with the key as the problem's
    field: ``unknown setting; did you mean 'district_name'? Accepted: ...``."""
    names = list(accepted)
    word = key if isinstance(key, str) else str(key)
    guess = did_you_mean(word, names)
    return f"unknown {what}{'; ' + guess if guess else '. '}Accepted: " + ", ".join(names)


def field_lines(tree: Any) -> dict[str, int]:
    """The line of each field path of a tree :func:`parse_yaml` or :func:`parse_json` read:
    a key's line, and for a mapping in a list (``contacts[1]``) the line of its first key."""
    lines: dict[str, int] = {}

    def walk(value: Any, path: str) -> None:
        if isinstance(value, dict):
            own = getattr(value, "lines", None) or {}
            if path and path not in lines and own:
                lines[path] = min(own.values())
            for key, item in value.items():
                child = field_path(path, key)
                if key in own:
                    lines[child] = own[key]
                walk(item, child)
        elif isinstance(value, list):
            for i, item in enumerate(value):
                walk(item, field_path(path, i))

    walk(tree, "")
    return lines


_LAST_STEP = re.compile(r"(?:\.[^.\[\]]*|\[[0-9]+\])$")


def with_lines(problems: Iterable[Problem], tree: Any) -> list[Problem]:
    """``problems``, each without a line given the line of its field, or else of the nearest
    field that holds it (a missing ``contacts[1].type`` is where ``contacts[1]`` starts; a bad
    ``languages[2]`` is on the line of ``languages``). Only the line is added: a message
    never shows more of the file than it did."""
    known: dict[str, int] | None = None
    out = []
    for problem in problems:
        if problem.line is None and problem.field:
            if known is None:
                known = field_lines(tree)
            path = problem.field
            while path and path not in known:
                path = _LAST_STEP.sub("", path) if _LAST_STEP.search(path) else ""
            if path:
                problem = dataclasses.replace(problem, line=known[path])
        out.append(problem)
    return out


# -- the path and the bytes ----------------------------------------------------------------------


def file_identity(info: os.stat_result) -> tuple[int, int]:
    """What says two opens reached the same file: (device, inode)."""
    return (info.st_dev, info.st_ino)


def check_name(value: str, fail: Callable[[str], Any]) -> bool:
    """False (after ``fail(message)``) if ``value`` cannot be a file name: a NUL or other
    control character, which no operating system call accepts."""
    if any(ord(ch) < 32 or ord(ch) == 127 for ch in value):
        fail(f"'{preview(value)}' contains a control character; a file name is plain text")
        return False
    return True


def read_input(
    path: str | Path,
    *,
    what: str,
    hint: str,
    limit: int,
    fail: Fail,
    too_big: Callable[[int], str] | None = None,
    special: bool = False,
    identity: tuple[int, int] | None = None,
) -> bytes:
    """The bytes of the file at ``path``, or ``fail(name, message)`` raised.

    ``what`` names the kind of file ("a family file"), ``hint`` what to give instead of a
    special file ("a .yaml file"), ``too_big`` the message for a file over ``limit`` bytes.
    ``special`` accepts a pipe or device (a password given as ``<(pass show x)``), still read
    with the bound. ``identity`` is the :func:`file_identity` of the file a caller checked:
    the path is then opened without following a link in its last part, and a file that is not
    the one checked is refused.
    """
    name = str(path)
    if "\0" in name:
        raise fail(preview(name), "the file name contains a NUL character; check the path")

    def big(size: int, plus: bool = False) -> KitgenError:
        message = too_big(size) if too_big is not None and not plus else None
        shown = f"more than {limit:,}" if plus else f"{size:,}"
        return fail(name, message or f"is too big for {what} ({shown} bytes; at most {limit:,})")

    flags = os.O_RDONLY | getattr(os, "O_NONBLOCK", 0) * (not special)
    if identity is not None:
        flags |= getattr(os, "O_NOFOLLOW", 0)

    def opener(file: str, _flags: int) -> int:
        return os.open(file, flags)

    try:
        info = os.stat(path)
        if stat.S_ISDIR(info.st_mode):
            raise fail(name, f"is a folder, not {what}")
        if not stat.S_ISREG(info.st_mode) and not special:
            raise fail(name, f"is not a regular file; give the path of {hint}")
        if stat.S_ISREG(info.st_mode) and info.st_size > limit:
            raise big(info.st_size)
        with open(path, "rb", buffering=0, opener=opener) as fh:
            opened = os.fstat(fh.fileno())
            if identity is not None and file_identity(opened) != identity:
                raise fail(name, "changed after it was checked (another file is there now)")
            if stat.S_ISDIR(opened.st_mode):
                raise fail(name, f"is a folder, not {what}")
            if not stat.S_ISREG(opened.st_mode) and not special:
                raise fail(name, f"is not a regular file; give the path of {hint}")
            if special and hasattr(os, "set_blocking"):
                os.set_blocking(fh.fileno(), True)
            chunks: list[bytes] = []
            got = 0
            while got <= limit:
                chunk = fh.read(min(1 << 20, limit + 1 - got))
                if not chunk:
                    break
                chunks.append(chunk)
                got += len(chunk)
            if got > limit:
                raise big(got, plus=not stat.S_ISREG(opened.st_mode))
            return b"".join(chunks)
    except FileNotFoundError:
        raise fail(name, "there is no such file; check the name and the folder") from None
    except PermissionError:
        raise fail(name, "cannot be opened: permission denied") from None
    except ValueError:  # an embedded NUL reached the system call some other way
        raise fail(
            preview(name), "the file name contains a NUL character; check the path"
        ) from None
    except OSError as error:
        if identity is not None and error.errno == errno.ELOOP:
            raise fail(name, "became a link after it was checked; it is not read") from None
        raise fail(name, f"cannot be read: {error.strerror or error}") from None


# -- bytes to text -------------------------------------------------------------------------------

_BOMS = (  # UTF-32 first: its little-endian BOM starts with UTF-16's
    (codecs.BOM_UTF32_LE, "utf-32"),
    (codecs.BOM_UTF32_BE, "utf-32"),
    (codecs.BOM_UTF8, "utf-8-sig"),
    (codecs.BOM_UTF16_LE, "utf-16"),
    (codecs.BOM_UTF16_BE, "utf-16"),
)


def decode_text(data: bytes, filename: str, fail: Fail, what: str = "a family file") -> str:
    """UTF-8 (with or without a BOM), or UTF-16/UTF-32 with a BOM; no NUL character."""
    for bom, encoding in _BOMS:
        if data.startswith(bom):
            try:
                text = data.decode(encoding)
            except UnicodeDecodeError:
                raise fail(
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
            raise fail(
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
            else f"{what} is plain text"
        )
        raise fail(
            filename,
            f"contains the character U+0000 (NUL) on line {line}; {hint}: save it as UTF-8",
        )
    return text


# -- what each kind of file allows ---------------------------------------------------------------


@dataclass(frozen=True)
class Kind:
    """The limits and words of one kind of YAML/JSON input."""

    plural: str  # "family files": "... are not accepted in family files"
    one: str  # "a family file": "a family file holds one YAML document"
    depth: str  # "a family file needs about five"
    values: str  # "a family file holds a few hundred"
    one_document: str  # "keep one family per file"
    holds: str = "text, numbers, dates, true/false, lists and fields"
    max_depth: int = 20
    max_values: int = 10_000


class Reported:
    """Stands in for a value whose problem was already reported (so it is not reported twice)."""

    def __repr__(self) -> str:
        return "REPORTED"


REPORTED = Reported()


def problem_error(filename: str, message: str) -> DataError:
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


def parse_json(
    text: str, filename: str, kind: Kind, fail: Fail = problem_error, *, lines: bool = True
) -> Any:
    """Plain values of a JSON text (objects as :class:`Fields`), with the problems found.
    ``lines`` False skips finding the line of each key (about a millisecond per kilobyte): for a
    text that is no file a person edits, or a first pass that looks for problems only."""
    try:
        # Numbers with a fraction stay text (a grade of 5.0 is "5.0"); NaN/Infinity too.
        raw = json.loads(
            text,
            object_pairs_hook=_Pairs,
            parse_float=str,
            parse_constant=str,
            parse_int=lambda digits: int(digits) if len(digits) <= 18 else digits,
        )
    except json.JSONDecodeError as error:
        raise fail(
            filename,
            f"not valid JSON on line {error.lineno}, column {error.colno}: {error.msg}",
        ) from None
    except RecursionError:
        raise fail(filename, _too_deep(kind)) from None
    except ValueError as error:  # e.g. an integer with thousands of digits
        raise fail(filename, f"not valid JSON: {error}") from None
    problems: list[Problem] = []
    shape = _JsonLines(text, kind, filename, fail).value(0) if lines else None
    return _Converter(filename, problems, kind, fail).from_json(raw, shape=shape), problems


_JSON_WS = re.compile(r"[ \t\n\r]*")
_JSON_STRING = re.compile(r'"(?:[^"\\]|\\.)*"')
_JSON_SCALAR = re.compile(r"[^,\]}\s]+")


class _JsonLines:
    """Where each key of a JSON text is: the text is valid JSON already (``json.loads`` read
    it), this finds the line (1-based) of every key. Its result has the shape of the value:
    an object is a list of ``(key, line, shape)``, an array a list of shapes, anything else
    None. Nesting and the number of values are bounded as in :class:`_Converter`, so a huge
    file is refused before it is walked."""

    def __init__(self, text: str, kind: Kind, filename: str, fail: Fail) -> None:
        self.text, self.kind, self.filename, self.fail = text, kind, filename, fail
        self.pos, self.line, self.count = 0, 1, 0

    def _space(self) -> None:
        end = _JSON_WS.match(self.text, self.pos).end()  # type: ignore[union-attr]
        self.line += self.text.count("\n", self.pos, end)
        self.pos = end

    def _token(self, pattern: re.Pattern[str]) -> str:
        found = pattern.match(self.text, self.pos)
        if found is None:  # not reached for text json.loads accepted
            raise self.fail(self.filename, "not valid JSON")
        self.pos = found.end()
        return found.group()

    def value(self, depth: int) -> Any:
        if depth > self.kind.max_depth:
            raise self.fail(self.filename, _too_deep(self.kind))
        self.count += 1
        if self.count > self.kind.max_values:
            raise self.fail(self.filename, _too_many(self.kind))
        self._space()
        opening = self.text[self.pos]
        if opening not in "{[":
            self._token(_JSON_STRING if opening == '"' else _JSON_SCALAR)
            return None
        closing = "}" if opening == "{" else "]"
        self.pos += 1
        entries: list[Any] = []
        self._space()
        while self.text[self.pos] != closing:
            if opening == "{":
                line = self.line
                key = json.loads(self._token(_JSON_STRING))
                self._space()
                self.pos += 1  # the colon
                entries.append((key, line, self.value(depth + 1)))
            else:
                entries.append(self.value(depth + 1))
            self._space()
            if self.text[self.pos] == ",":
                self.pos += 1
                self._space()
        self.pos += 1
        return entries


def parse_yaml(text: str, filename: str, kind: Kind, fail: Fail = problem_error) -> Any:
    """Plain values of a one-document YAML text, with the problems found (duplicate keys, tags
    on values). The whole document tagged, aliases, depth or size raise ``fail``."""
    problems: list[Problem] = []
    node = _compose_yaml(text, filename, kind, fail)
    value = _Converter(filename, problems, kind, fail).from_yaml(node)
    if value is REPORTED:  # the whole document was refused (a YAML tag on it)
        raise DataError(f"{filename} has 1 problem", tuple(problems))
    return value, problems


def _too_many(kind: Kind, where: str = "") -> str:
    return f"the file holds more than {kind.max_values:,} values{where}; {kind.values}"


def _too_deep(kind: Kind, where: str = "") -> str:
    return (
        f"the file nests lists and mappings more than {kind.max_depth} levels deep{where}; "
        f"{kind.depth}"
    )


class _Pairs(list):
    """A JSON object as its (key, value) pairs, so duplicate keys can be reported."""


class _Refused(Exception):
    """A YAML feature the kind of file does not accept; ``message`` is for the user."""

    def __init__(self, message: str) -> None:
        super().__init__(message)
        self.message = message


class _Guarded:
    """The refusals of every kitgen YAML loader, checked as each node is composed."""

    kind: Kind
    _depth = 0
    _count = 0

    def compose_node(self, parent: Node | None, index: int) -> Node | None:
        event = self.peek_event()  # type: ignore[attr-defined]
        if isinstance(event, AliasEvent) or getattr(event, "anchor", None) is not None:
            raise _Refused(
                f"YAML anchors and aliases (&, *) are not accepted in {self.kind.plural}"
                f"{_at(event.start_mark)}; write each value out in full"
            )
        self._depth += 1
        self._count += 1
        try:
            if self._count > self.kind.max_values:
                raise _Refused(_too_many(self.kind, _at(event.start_mark)))
            if self._depth > self.kind.max_depth:
                raise _Refused(_too_deep(self.kind, _at(event.start_mark)))
            return super().compose_node(parent, index)  # type: ignore[misc]
        finally:
            self._depth -= 1


class SafeYamlLoader(_Guarded, yaml.SafeLoader):
    """SafeLoader that refuses anchors and aliases (billion laughs), deep nesting and too many
    values. Only composes the node tree; no YAML constructor (and no ``!!python/...`` tag) ever
    runs. Pure Python: its answers, and the wording of its errors, are the reference."""

    def check_printable(self, data: str) -> None:
        # Control characters are reported per field, with the field's name (NUL was refused
        # already: PyYAML uses it to mark the end of the stream).
        pass


_CParser: Any
try:  # PyYAML built with libyaml (its wheels are)
    from yaml._yaml import CParser as _CParser
except ImportError:  # pragma: no cover - a PyYAML built without it
    _CParser = None


#: What libyaml reads otherwise than PyYAML (found by tests/test_inputs_libyaml.py's
#: mutations of the samples): tabs and "?" (inside plain scalars, which libyaml accepts and
#: PyYAML refuses) and a byte-order mark inside the text (which moves libyaml's columns). A
#: text with any of them is read by the reference reader alone.
_LIBYAML_DIFFERS = re.compile("[\t?\ufeff]")

if _CParser is not None:

    class _LibYamlLoader(_Guarded, yaml.composer.Composer, yaml.resolver.Resolver, _CParser):
        """:class:`SafeYamlLoader`'s composer and resolver on libyaml's events: the same node
        tree (values, tags, lines and columns) in a tenth of the time, since the scanner and
        parser, pure Python in PyYAML, were most of a family file's reading. Used only for
        the answer to a document it reads without any error; on anything else
        :func:`_compose_yaml` reads the document again with :class:`SafeYamlLoader`, so a
        refusal is worded exactly as before (libyaml words its errors in its own way and
        refuses control characters that kitgen reports per field)."""

        def __init__(self, stream: str) -> None:
            _CParser.__init__(self, stream)
            yaml.composer.Composer.__init__(self)
            yaml.resolver.Resolver.__init__(self)


def _where(mark: yaml.Mark | None) -> str:
    return f" on line {mark.line + 1}, column {mark.column + 1}" if mark is not None else ""


def _at(mark: yaml.Mark) -> str:
    return f" (line {mark.line + 1}, column {mark.column + 1})"


_HINTS = {
    "mapping values are not allowed here": " (a value that contains ': ' must be in quotes)",
    "found character '\\t' that cannot start any token": " (indent with spaces, not tabs)",
}


def _compose_yaml(text: str, filename: str, kind: Kind, fail: Fail) -> Node | None:
    if _CParser is not None and not _LIBYAML_DIFFERS.search(text):
        fast = _LibYamlLoader(text)
        fast.kind = kind
        try:
            return _composed(fast, kind)
        except Exception:  # noqa: BLE001, S110 - any problem: worded by the reference reader below
            pass
        finally:
            fast.dispose()
    loader = SafeYamlLoader(text)
    loader.kind = kind
    try:
        return _composed(loader, kind)
    except _Refused as refused:
        raise fail(filename, refused.message) from None
    except yaml.MarkedYAMLError as error:
        problem = error.problem or error.context or "not valid YAML"
        raise fail(
            filename,
            f"not valid YAML{_where(error.problem_mark)}: {problem}{_HINTS.get(problem, '')}",
        ) from None
    except yaml.YAMLError as error:
        raise fail(filename, f"not valid YAML: {preview(str(error))}") from None
    except RecursionError:
        raise fail(filename, _too_deep(kind)) from None
    finally:
        loader.dispose()


def _composed(loader: Any, kind: Kind) -> Node | None:
    """The node of the one document ``loader`` reads (None for an empty file)."""
    loader.get_event()  # stream start
    node = None if loader.check_event(StreamEndEvent) else loader.compose_document()
    if not loader.check_event(StreamEndEvent):
        mark = loader.get_event().start_mark
        raise _Refused(
            f"{kind.one} holds one YAML document, but a second one starts"
            f"{_where(mark)} (after '---'); {kind.one_document}"
        )
    return node


_YAML = "tag:yaml.org,2002:"
_PLAIN_INT = re.compile(r"^[-+]?(?:0|[1-9][0-9]{0,17})$")


class _Converter:
    """Nodes and JSON pairs to plain values."""

    def __init__(self, filename: str, problems: list[Problem], kind: Kind, fail: Fail) -> None:
        self.filename = filename
        self.problems = problems
        self.kind = kind
        self.fail = fail
        self.count = 0

    def problem(self, path: str, message: str, line: int | None = None) -> Reported:
        self.problems.append(Problem(field=path, message=message, file=self.filename, line=line))
        return REPORTED

    def _duplicate(self, path: str, line: int | None = None) -> None:
        self.problem(
            path,
            "appears twice in the same place; keep one (a second entry would silently replace "
            "the first)",
            line,
        )

    def from_json(self, value: Any, path: str = "", depth: int = 0, shape: Any = None) -> Any:
        """``shape``: where the keys are (:class:`_JsonLines`), so each mapping is
        :class:`Fields` with their lines, as a YAML reader's."""
        if depth > self.kind.max_depth:
            raise self.fail(self.filename, _too_deep(self.kind))
        self.count += 1
        if self.count > self.kind.max_values:
            raise self.fail(self.filename, _too_many(self.kind))
        if isinstance(value, _Pairs):
            result = Fields()
            where = shape if isinstance(shape, list) and len(shape) == len(value) else None
            for i, (key, item) in enumerate(value):
                _, line, inner = where[i] if where is not None else (key, None, None)
                child = field_path(path, key)
                if key in result:
                    self._duplicate(child, line)
                    continue
                result[key] = self.from_json(item, child, depth + 1, inner)
                if line is not None:
                    result.lines[key] = line
            return result
        if isinstance(value, list):
            items = shape if isinstance(shape, list) and len(shape) == len(value) else None
            return [
                self.from_json(
                    item, field_path(path, i), depth + 1, items[i] if items is not None else None
                )
                for i, item in enumerate(value)
            ]
        return value

    def from_yaml(self, node: Node | None, path: str = "") -> Any:
        if node is None:
            return None
        tag = node.tag
        if isinstance(node, MappingNode) and tag == _YAML + "map":
            result = Fields()
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
                    self._duplicate(child, key_node.start_mark.line + 1)
                else:
                    result[key] = self.from_yaml(value_node, child)
                    result.lines[key] = key_node.start_mark.line + 1
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
            f"the YAML tag {preview(shown)} is not accepted: {self.kind.one} holds only "
            f"{self.kind.holds}",
        )


def read_yaml_file(
    path: str | Path,
    kind: Kind,
    *,
    what: str,
    limit: int,
    fail: Fail,
) -> tuple[Any, list[Problem]]:
    """A YAML input file's plain values and problems: :func:`read_input`, :func:`decode_text`
    and :func:`parse_yaml` with one ``fail``; an empty file is ``None``."""
    data = read_input(path, what=what, hint=f"{what} (.yaml)", limit=limit, fail=fail)
    text = decode_text(data, str(path), fail, what)
    return parse_yaml(text, str(path), kind, fail)
