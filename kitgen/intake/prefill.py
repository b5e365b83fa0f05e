"""Answers of a family file, as a form shows them: a :class:`Family` in, field values out.

In: a validated :class:`~kitgen.family.model.Family` and the form's questions. Out: the text of
each text field (by PDF field name), the names of the ticked checkboxes, and notes for the
person making the form (sensitive numbers left off it). A family with more entries than the form
has blocks for is refused: nothing is silently left out.
"""

from __future__ import annotations

from datetime import date
from typing import Any

from ..errors import DataError, Problem
from ..family.model import Family
from ..family.phone import Phone
from .questions import Question, list_patterns


def value_at(family: Family, path: str) -> Any:
    """The value at a family-file path (``children[1].doctor.phone``), or None."""
    current: Any = family
    for part in path.replace("]", "").split("."):
        name, _, index = part.partition("[")
        current = getattr(current, name, None) if current is not None else None
        if index and current is not None:
            i = int(index)
            current = current[i] if i < len(current) else None
    return current


def text_of(value: Any) -> str:
    if isinstance(value, date):
        return value.isoformat()
    if isinstance(value, Phone):
        return value.display
    if isinstance(value, (tuple, list)):
        return "\n".join(text_of(v) for v in value)
    return str(value)


def check_fits(family: Family, filename: str) -> None:
    """Refuse a family with more entries in a list than the form holds."""
    problems = []
    for pattern, most in list_patterns().items():
        parts = pattern.split("[].")
        owners: list[tuple[str, Any]] = [("", family)]
        for depth, part in enumerate(parts):
            nxt: list[tuple[str, Any]] = []
            for prefix, owner in owners:
                values = value_at(owner, part) if owner is not None else None
                path = f"{prefix}.{part}" if prefix else part
                if depth == len(parts) - 1:
                    count = len(values or ())
                    if count > most:
                        problems.append(
                            Problem(
                                path,
                                f"has {count} entries; the intake form has room for {most}. "
                                "Make the packet from the family file instead",
                                file=filename,
                            )
                        )
                else:
                    nxt.extend((f"{path}[{i}]", v) for i, v in enumerate(values or ()))
            owners = nxt
    if problems:
        raise DataError(f"{filename} does not fit on an intake form", tuple(problems))


def answers(
    family: Family, questions: list[Question]
) -> tuple[dict[str, str], set[str], list[str]]:
    """(text by field name, ticked checkbox names, notes)."""
    texts: dict[str, str] = {}
    checked: set[str] = set()
    notes: list[str] = []
    for q in questions:
        value = value_at(family, q.path)
        if value in (None, (), ""):
            continue
        if q.form == "by_hand":
            notes.append(
                f"{q.path} is not put on the form (sensitive numbers are written by hand later)"
            )
        elif q.form == "check":
            if value is True:
                checked.add(q.check_name(""))
        elif q.form == "choice":
            checked.add(q.check_name(value))
        elif q.form == "choices":
            checked.update(q.check_name(v) for v in value)
        else:
            texts[q.field_name] = text_of(value)
    return texts, checked, notes
