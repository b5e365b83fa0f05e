"""The questions of an intake form, read from the family file's one field table.

In: the field table of :mod:`kitgen.family.model` (via :func:`kitgen.family.fields.table`).
Out: a tree of :class:`Section` / :class:`Block` / :class:`Question` values, each question naming
the family-file path it answers (``children[1].date_of_birth``) and the PDF field names that
hold its answer. Nothing here lists fields: a field added to the table appears on the form.

How a kind becomes a question:

- text, date, phone, state, region: one line (``Text`` with ``multiline``: several lines);
- a list of plain values (phones, allergies, languages): several lines, one entry a line;
- one word from a set (``Choice``): a checkbox per word, tick one;
- a list of such words (``may_decide``): a checkbox per word, tick any;
- true/false (``print_sensitive``): one checkbox;
- a nested record (``doctor``): a block of its own questions;
- a list of records (``children``): that many numbered blocks (at most :data:`REPEATS`);
- a sensitive number (A-number, member ID, document number): no field at all, a note to write
  it by hand later on the printed packet;
- the format version and the language: not asked; the form carries them itself.

Internal to :mod:`kitgen.intake`; may change.
"""

from __future__ import annotations

from dataclasses import dataclass
from functools import cache

from ..family.fields import (
    Bool,
    Choice,
    Kind,
    ListOf,
    PacketLanguage,
    Record,
    Spec,
    Text,
    Version,
    table,
)
from ..family.model import Family

#: How many blocks a form holds for each list of records (the table's own limit is higher for
#: some: a family with more is told so, never silently cut).
REPEATS: dict[str, int] = {
    "parents": 2,
    "children": 6,
    "children[].medications": 2,
    "contacts": 8,
    "memorize": 2,
    "documents": 6,
    "money": 4,
    "forms.witnesses": 2,
}

#: Separator of the parts of a PDF field name: AcroForm reads "." as a level of its own tree.
SEP = ":"


@dataclass(frozen=True)
class Question:
    path: str  # family-file path: children[0].full_name
    pattern: str  # the same with [] for indexes: children[].full_name (labels are keyed by it)
    form: str  # "line", "lines", "list", "choice", "choices", "check", "by_hand"
    spec: Spec

    @property
    def choices(self) -> tuple[str, ...]:
        kind = self.spec.kind.item if isinstance(self.spec.kind, ListOf) else self.spec.kind
        return kind.choices if isinstance(kind, Choice) else ()

    @property
    def field_name(self) -> str:
        """The PDF field holding a text answer."""
        return field_name(self.path)

    def check_name(self, choice: str) -> str:
        """The PDF checkbox for one word of a choice (or the single box of a true/false)."""
        return f"{self.field_name}{SEP}{choice}" if choice else self.field_name


@dataclass(frozen=True)
class Block:
    path: str  # children[0], caregivers.primary, doctor ...
    pattern: str
    number: int | None  # 1-based position in a list of records, else None
    required: bool  # a required record (the first child); optional blocks left empty are dropped
    items: tuple[Question | Block, ...]


def field_name(path: str) -> str:
    """``children[0].full_name`` -> ``children:0:full_name``."""
    return path.replace("[", SEP).replace("].", SEP).replace("]", "").replace(".", SEP)


def _join(parent: str, name: str) -> str:
    return f"{parent}.{name}" if parent else name


def _question(path: str, pattern: str, row: Spec) -> Question:
    kind: Kind = row.kind
    if row.sensitive:
        form = "by_hand"
    elif isinstance(kind, Bool):
        form = "check"
    elif isinstance(kind, Choice):
        form = "choice"
    elif isinstance(kind, ListOf):
        form = "choices" if isinstance(kind.item, Choice) else "list"
    elif isinstance(kind, Text) and kind.multiline:
        form = "lines"
    else:
        form = "line"
    return Question(path, pattern, form, row)


def _items(cls: type, path: str, pattern: str) -> tuple[Question | Block, ...]:
    items: list[Question | Block] = []
    for name, row in table(cls):
        kind = row.kind
        if isinstance(kind, (Version, PacketLanguage)):
            continue  # the form carries its format version and language itself
        child, child_pattern = _join(path, name), _join(pattern, name)
        if isinstance(kind, Record):
            items.append(
                Block(
                    child, child_pattern, None, row.required, _items(kind.cls, child, child_pattern)
                )
            )
        elif isinstance(kind, ListOf) and isinstance(kind.item, Record):
            count = min(kind.most, REPEATS.get(child_pattern, kind.most))
            for index in range(count):
                at = f"{child}[{index}]"
                items.append(
                    Block(
                        at,
                        child_pattern + "[]",
                        index + 1,
                        row.required and index == 0,
                        _items(kind.item.cls, at, child_pattern + "[]"),
                    )
                )
        else:
            items.append(_question(child, child_pattern, row))
    return tuple(items)


@cache
def form_items() -> tuple[Question | Block, ...]:
    """Every question of the form, in the family file's order."""
    return _items(Family, "", "")


def walk(items: tuple[Question | Block, ...]) -> list[Question]:
    """The questions inside ``items``, depth first, in order."""
    out: list[Question] = []
    for item in items:
        if isinstance(item, Block):
            out.extend(walk(item.items))
        else:
            out.append(item)
    return out


def list_patterns() -> dict[str, int]:
    """Pattern of each list of records (``children``) -> how many blocks the form holds."""
    out: dict[str, int] = {}

    def visit(items: tuple[Question | Block, ...]) -> None:
        for item in items:
            if isinstance(item, Block):
                if item.number is not None:
                    out[item.pattern[:-2]] = max(out.get(item.pattern[:-2], 0), item.number)
                visit(item.items)

    visit(form_items())
    return out
