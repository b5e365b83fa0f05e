"""The kiosk's guided form, read from the family file's own field table.

In: the rows of :mod:`kitgen.family.model` (``table(cls)``) and the answers so far, a tree of
plain values shaped like a family file (``{"children": [{"full_name": ...}]}``). Out: the fields
of one step to show (:func:`step_fields`), the answers read back from a posted form
(:func:`read_step`), and the problems of the same validation ``kitgen validate`` runs
(:func:`check_answers`), each placed next to its field and said in the family's language.

No list of fields lives here: a step names top-level fields of :class:`Family`, and everything
under them is walked from the table. Only the *labels* are kiosk text (:data:`LABELS`, keyed by
``Class.field``); a test checks every row has one. Sensitive fields are never asked for: the
family writes them by hand on the printout. Nothing here touches a disk.
"""

from __future__ import annotations

import datetime as dt
import json
import re
from dataclasses import dataclass, field
from typing import Any

from ..content.forms import plan_forms
from ..content.packet import CONTACT_KINDS, DECISIONS, DOCUMENT_KINDS, JOIN_ANSWERS, MONEY_KINDS
from ..content.regions import Region, available_regions
from ..content.regions import region as load_region
from ..errors import DataError, Problem
from ..family import codes
from ..family.fields import (
    Bool,
    Choice,
    Date,
    Kind,
    ListOf,
    PacketLanguage,
    PhoneNumber,
    Record,
    Slug,
    SpokenLanguage,
    State,
    Text,
    Version,
    table,
)
from ..family.model import Family
from ..family.validate import parse_family
from ..i18n import Language, available_codes, language


def P_(msgid: str) -> str:  # noqa: N802 - a string the packet has: translated in kitgen.po
    return msgid


def K_(msgid: str) -> str:  # noqa: N802 - a string of the kiosk catalog (kiosk.po)
    return msgid


#: The name the kiosk gives its answers in validation messages (never shown as a file).
SOURCE = "kiosk.json"


@dataclass(frozen=True)
class Step:
    key: str  # in the address: /step/<key>
    title: str  # msgid
    fields: tuple[str, ...]  # top-level fields of Family


#: The steps, in order. Fields of Family the kiosk sets itself are in KIOSK_SET.
STEPS: tuple[Step, ...] = (
    Step("family", K_("Your family"), ("family_name", "state", "region", "address")),
    Step("parents", K_("Parents"), ("parents",)),
    Step("children", P_("Children"), ("children",)),
    Step("caregivers", P_("Your caregiver plan"), ("caregivers",)),
    Step("contacts", P_("Emergency contacts"), ("contacts",)),
    Step("memorize", P_("Two numbers to memorize"), ("memorize",)),
    Step("wishes", P_("Our wishes"), ("wishes",)),
    Step("documents", P_("Important documents"), ("documents",)),
    Step("money", P_("Money and property"), ("money",)),
    Step("forms", P_("Caregiver forms"), ("forms",)),
)
STEP_KEYS = tuple(s.key for s in STEPS)
#: Fields the family does not type: the format version, the language chosen on the first page,
#: the date prepared (the day it is printed) and print_sensitive (always off at a kiosk).
KIOSK_SET = ("kitgen", "language", "prepared", "print_sensitive")

#: Each row's label, keyed ``Class.field``. P_ strings (the packet's own, already in every locale's
#: kitgen.po; not extracted again) where the packet has one; K_ strings otherwise.
LABELS: dict[str, str] = {
    "Family.family_name": K_("Family name"),
    "Family.state": K_("State"),
    "Family.region": P_("Area"),
    "Family.address": P_("Home address"),
    "Family.parents": P_("Parent"),
    "Family.children": K_("Child"),
    "Family.caregivers": P_("Caregivers"),
    "Family.contacts": P_("Emergency contacts"),
    "Family.memorize": P_("Name and phone"),
    "Family.wishes": P_("Our wishes"),
    "Family.documents": P_("Important documents"),
    "Family.money": P_("Money and property"),
    "Family.forms": P_("Caregiver forms"),
    "Parent.legal_name": P_("Full legal name (as on the passport)"),
    "Parent.preferred_name": P_("Also known as"),
    "Parent.date_of_birth": P_("Date of birth"),
    "Parent.country_of_birth": P_("Country of birth"),
    "Parent.phones": P_("Phone"),
    "Parent.languages": P_("Languages spoken"),
    "Parent.a_number": P_("A-number (Alien Registration Number), if any"),
    "Parent.employer": P_("Work"),
    "Child.full_name": P_("Full name"),
    "Child.preferred_name": P_("Also known as"),
    "Child.date_of_birth": P_("Date of birth"),
    "Child.school": P_("School"),
    "Child.grade": P_("Grade"),
    "Child.teacher": P_("Teacher"),
    "Child.allergies": P_("Allergies"),
    "Child.medications": P_("Medicine"),
    "Child.conditions": P_("Health conditions"),
    "Child.doctor": P_("Doctor"),
    "Child.insurance": P_("Health insurance"),
    "Child.routines": P_("Daily routines"),
    "Child.comfort_items": P_("What comforts this child"),
    "Child.none_known": K_("The child has none of these (tick only what you know)"),
    "Medication.name": P_("Medicine"),
    "Medication.instructions": K_("How and when to give it"),
    "Doctor.name": P_("Name"),
    "Doctor.phone": P_("Doctor's phone"),
    "Doctor.clinic": K_("Clinic"),
    "Insurance.plan": K_("Insurance plan"),
    "Insurance.member_id": P_("Insurance member number"),
    "Caregivers.primary": P_("Primary caregiver"),
    "Caregivers.backup": P_("Backup caregiver"),
    "Caregiver.name": P_("Full name"),
    "Caregiver.relationship": P_("Relationship to the children"),
    "Caregiver.phones": P_("Phone"),
    "Caregiver.address": P_("Home address"),
    "Caregiver.languages": P_("Languages spoken"),
    "Caregiver.may_decide": P_("May decide about"),
    "Caregiver.household": K_("Who else lives there"),
    "Caregiver.lives_with_children": K_("The children live with this person now"),
    "Contact.type": K_("Kind of contact"),
    "Contact.name": P_("Name"),
    "Contact.phone": P_("Phone"),
    "Contact.notes": P_("Notes"),
    "NumberToMemorize.name": P_("Name"),
    "NumberToMemorize.phone": P_("Phone"),
    "Wishes.school": P_("School"),
    "Wishes.medical": P_("Medical care"),
    "Wishes.join_parents_abroad": P_(
        "If a parent has to leave the United States, should the children join them?"
    ),
    "Wishes.other": P_("Other wishes"),
    "CaregiverForms.ends": K_("When the forms should end"),
    "CaregiverForms.limits": P_("Limits on this authority"),
    "CaregiverForms.witnesses": P_("Witnesses"),
    "Witness.name": P_("Printed name"),
    "Witness.address": P_("Home address"),
    "Document.document": K_("Which document"),
    "Document.label": K_("What it is"),
    "Document.where_kept": K_("Where it is kept"),
    "Document.copy_with": K_("Who has a copy"),
    "Document.number": P_("Number"),
    "MoneyItem.item": K_("What it is"),
    "MoneyItem.details": K_("Details"),
    "MoneyItem.access": K_("Who can reach it and how"),
}

#: Labels of the words a Choice accepts, from the packet's own tables.
CHOICE_LABELS: dict[str, dict[str, str]] = {
    "Contact.type": dict(CONTACT_KINDS),
    "Document.document": dict(DOCUMENT_KINDS),
    "MoneyItem.item": dict(MONEY_KINDS),
    "Caregiver.may_decide": DECISIONS,
    "Wishes.join_parents_abroad": JOIN_ANSWERS,
    "Child.none_known": {
        "allergies": P_("Allergies"),
        "medications": P_("Medicine"),
        "conditions": P_("Health conditions"),
    },
}

#: Kiosk strings for the problems validation reports, by what went wrong; the English detail
#: from validation is shown beside it.
MESSAGES = {
    "required": K_("Please fill this in."),
    "date": K_("Write the date as year-month-day, for example 2015-06-03."),
    "birth": K_("Check the year: a date of birth cannot be in the future or before 1900."),
    "phone": K_("Check this phone number, for example 617-555-0134 or +503 2555 0100."),
    "text": K_("This is too long, or holds a character that cannot be used."),
    "witness": K_("A witness may not be the caregiver: ask another adult."),
    "ends": K_("Choose a later date that the law allows, or leave it empty."),
    "witness_address": K_("Add each witness's address, or leave the witnesses empty."),
    "other": K_("Check this answer."),
}
#: Other kiosk strings used by the pages (kept few: most text comes from the main catalog).
PAGE_STRINGS = (
    K_("Step %(step)s of %(steps)s"),
    K_("Next"),
    K_("Back"),
    K_("Review your answers"),
    K_("Make my packet"),
    K_("Finish and erase"),
    K_("Add another"),
    K_("Remove"),
    K_("Change"),
    K_("required"),
    K_("Write it by hand later on the printed packet."),
    K_("Separate them with commas."),
    K_("Please correct the answers marked below."),
    K_("Your packet is ready. Print it, then press Finish and erase."),
    K_("Everything you typed has been erased."),
    K_("Nothing you type is saved on this computer. Press Finish and erase when you are done."),
    K_("Your answers will be erased soon because nothing has happened for a while."),
    K_("Your answers were erased because nothing happened for a while."),
    K_("Large print"),
    K_("Large print packet (14 pt and larger)"),
)


# -- paths ---------------------------------------------------------------------------------------

_TOKEN = re.compile(r"([A-Za-z_][A-Za-z0-9_]*)|\[(\d{1,3})\]")
_PATH = re.compile(r"^[A-Za-z_][A-Za-z0-9_]*(?:\.[A-Za-z_][A-Za-z0-9_]*|\[\d{1,3}\])*$")


def split_path(path: str) -> list[str | int]:
    """``children[1].medications`` -> ``["children", 1, "medications"]``; ``[]`` if malformed."""
    if not _PATH.match(path):
        return []
    return [int(i) if i else name for name, i in _TOKEN.findall(path)]


def join_path(parent: str, key: str | int) -> str:
    if isinstance(key, int):
        return f"{parent}[{key}]"
    return f"{parent}.{key}" if parent else key


def _row(path: str) -> tuple[str, Any] | None:
    """The class name and table row (Spec) at ``path``, walking the table from Family."""
    cls: Any = Family
    row = None
    owner = "Family"
    tokens: list[str | int | None] = [*split_path(path)] or [None]
    for token in tokens:
        if token is None:
            return None
        if isinstance(token, int):
            if row is None or not isinstance(row.kind, ListOf):
                return None
            continue
        if row is not None:
            kind = row.kind.item if isinstance(row.kind, ListOf) else row.kind
            if not isinstance(kind, Record):
                return None
            cls = kind.cls
        rows = dict(table(cls))
        if token not in rows:
            return None
        owner, row = cls.__name__, rows[token]
    return (owner, row) if row is not None else None


# -- the answers ---------------------------------------------------------------------------------


def new_answers(lang: str, region: str | Region | None) -> dict[str, Any]:
    """The answers of a family that has just chosen its language: the kiosk's region (and its
    state) already chosen, one parent, one child and two numbers to memorise to fill in. A pack
    from ``--region-file`` has no key a family file could name: the answers name none, and the
    packet uses the kiosk's pack."""
    return {
        "kitgen": 1,
        "language": lang,
        "print_sensitive": False,
        "region": region if isinstance(region, str) else None,
        "state": load_region(region).state if region else None,
        "parents": [{}],
        "children": [{}],
        "caregivers": {},
        "memorize": [{}, {}],
    }


def check_answers(
    answers: dict[str, Any], today: dt.date | None = None
) -> tuple[Family | None, list[Problem]]:
    """The family, or every problem ``kitgen validate`` reports for these answers (the same
    :func:`parse_family`), then the caregiver-form rules the packet checks (:func:`plan_forms`)
    once the rest is valid."""
    data = json.dumps(_for_file(answers), ensure_ascii=False).encode("utf-8")
    try:
        family = parse_family(data, SOURCE, lines=False)  # answers, not a file: no lines
    except DataError as error:
        return None, list(error.problems)
    try:
        plan_forms(family, today or dt.date.today(), SOURCE)
    except DataError as error:
        return None, list(error.problems)
    return family, []


def _for_file(value: Any) -> Any:
    """The answers as a family file holds them: empty entries and sensitive fields left out."""
    if isinstance(value, dict):
        # an unticked box is no answer (False is a field's empty value): a backup caregiver
        # left empty stays empty
        return {
            k: _for_file(v)
            for k, v in value.items()
            if v is not False and v not in (None, "", [], {})
        }
    if isinstance(value, list):
        return [_for_file(v) for v in value]
    return value


def step_problems(problems: list[Problem], step: Step) -> list[Problem]:
    return [p for p in problems if _top(p.field) in step.fields]


def step_of(problem: Problem) -> Step:
    top = _top(problem.field)
    return next((s for s in STEPS if top in s.fields), STEPS[0])


def _top(path: str) -> str:
    parts = split_path(path)
    return str(parts[0]) if parts else ""


def message_key(problem: Problem) -> str:
    """Which kiosk message says what is wrong (see :data:`MESSAGES`)."""
    text = problem.message
    if text.startswith("required"):
        return "required"
    if problem.field.startswith("forms."):
        if "witness may not be a caregiver" in text:
            return "witness"
        if problem.field == "forms.ends":
            return "ends"
        if problem.field.endswith(".address"):
            return "witness_address"
    found = _row(re.sub(r"\[\d+\]$", "", problem.field))
    kind = found[1].kind if found else None
    if isinstance(kind, ListOf):
        kind = kind.item
    if isinstance(kind, Date):
        return "birth" if ("future" in text or "before 1900" in text) else "date"
    if isinstance(kind, PhoneNumber):
        return "phone"
    if isinstance(kind, Text):
        return "text"
    return "other"


# -- one step's fields ---------------------------------------------------------------------------


@dataclass
class Field:
    """One thing to show: an input, a group of inputs, or a list of groups."""

    name: str  # the form field's name: its path in the answers
    widget: str  # text, textarea, date, tel, select, checks, phones, words, group, list, by_hand
    label: str  # msgid
    required: bool = False
    value: Any = None
    options: list[tuple[str, str]] = field(default_factory=list)  # (value, label text)
    children: list[Field] = field(default_factory=list)  # group: its fields
    entries: list[list[Field]] = field(default_factory=list)  # list: each entry's fields
    most: int = 0
    least: int = 0
    errors: list[Problem] = field(default_factory=list)


def _get(answers: Any, path: str) -> Any:
    value = answers
    for token in split_path(path):
        if isinstance(token, int):
            value = value[token] if isinstance(value, list) and token < len(value) else None
        else:
            value = value.get(token) if isinstance(value, dict) else None
    return value


def step_fields(answers: dict[str, Any], step: Step, lang: Language) -> list[Field]:
    rows = dict(table(Family))
    return [_field("Family", name, rows[name], name, answers, lang) for name in step.fields]


def _field(owner: str, name: str, row: Any, path: str, answers: Any, lang: Language) -> Field:
    key = f"{owner}.{name}"
    label = LABELS[key]
    kind: Kind = row.kind
    value = _get(answers, path)
    base = Field(path, "", label, required=row.required)
    if row.sensitive:
        base.widget = "by_hand"
        return base
    if isinstance(kind, ListOf):
        item = kind.item
        base.most = kind.most
        if isinstance(item, Record):
            base.widget = "list"
            base.least = 1 if row.required else 0
            for i, _entry in enumerate(value or []):
                entry_path = join_path(path, i)
                base.entries.append(
                    [
                        _field(item.cls.__name__, n, r, join_path(entry_path, n), answers, lang)
                        for n, r in table(item.cls)
                    ]
                )
            return base
        values = [v for v in (value or []) if isinstance(v, str)]
        if isinstance(item, Choice):
            labels = CHOICE_LABELS.get(key, {})
            base.widget = "checks"
            base.options = [(c, lang.gettext(labels.get(c, c))) for c in item.choices]
        elif isinstance(item, SpokenLanguage):
            base.widget = "checks"
            base.options = [(c, language(c).native_name) for c in available_codes()]
        elif isinstance(item, PhoneNumber):
            base.widget = "phones"
            filled = [v for v in values if v.strip()]
            base.most = min(kind.most, max(2, len(filled) + 1))
            values = filled
        else:
            base.widget = "words"
        base.value = values
        return base
    if isinstance(kind, Record):
        base.widget = "group"
        base.children = [
            _field(kind.cls.__name__, n, r, join_path(path, n), answers, lang)
            for n, r in table(kind.cls)
        ]
        return base
    if isinstance(kind, Bool) and key not in _SET_BY_KIOSK:
        # a yes-or-no question: one box, ticked for yes
        base.widget = "checks"
        base.options = [("yes", lang.gettext(label))]
        base.value = ["yes"] if value is True else []
        return base
    base.value = value if isinstance(value, str) else ""
    if isinstance(kind, Text):
        base.widget = "textarea" if kind.multiline else "text"
    elif isinstance(kind, Date):
        base.widget = "date"
    elif isinstance(kind, PhoneNumber):
        base.widget = "tel"
    elif isinstance(kind, Choice):
        labels = CHOICE_LABELS.get(key, {})
        base.widget = "select"
        base.options = [(c, lang.gettext(labels.get(c, c))) for c in kind.choices]
    elif isinstance(kind, State):
        base.widget = "select"
        base.options = [(c, f"{n} ({c})") for c, n in sorted(codes.US_STATES.items(), key=_by_name)]
    elif isinstance(kind, Slug):
        base.widget = "select"
        base.options = [(k, load_region(k).name.split(":")[0]) for k in available_regions()]
    elif isinstance(kind, (Bool, Version, PacketLanguage)):  # pragma: no cover - KIOSK_SET
        raise ValueError(f"{key} is set by the kiosk, not asked")
    else:
        base.widget = "text"
    return base


def _by_name(item: tuple[str, str]) -> str:
    return item[1]


def place_errors(fields: list[Field], problems: list[Problem]) -> list[Problem]:
    """Attach each problem to the field it is about (the closest enclosing one); returns the
    problems no field on the step took."""
    names: dict[str, Field] = {}

    def index(items: list[Field]) -> None:
        for f in items:
            names[f.name] = f
            index(f.children)
            for entry in f.entries:
                index(entry)

    index(fields)
    left = []
    for problem in problems:
        path = problem.field
        while path and path not in names:
            parts = split_path(path)
            if len(parts) <= 1:
                path = ""
                break
            path = re.sub(r"(\.[A-Za-z_][A-Za-z0-9_]*|\[\d+\])$", "", path)
        if path:
            names[path].errors.append(problem)
        else:
            left.append(problem)
    return left


# -- reading a posted step -----------------------------------------------------------------------

#: Separators between the words of a list typed on one line (allergies): commas of many scripts.
_WORDS = re.compile(r"[,،、，;؛\n]")


def read_step(answers: dict[str, Any], step: Step, form: Any) -> dict[str, Any]:
    """The answers with this step's fields replaced by what ``form`` (a MultiDict) holds.

    The number of entries in each list comes from the answers (the form cannot add or remove
    entries except through :func:`change_list`)."""
    updated = dict(answers)
    rows = dict(table(Family))
    for name in step.fields:
        updated[name] = _read("Family", name, rows[name], name, answers.get(name), form)
    return updated


def _read(owner: str, name: str, row: Any, path: str, old: Any, form: Any) -> Any:
    kind = row.kind
    if row.sensitive:
        return None  # never asked: written by hand on the printout
    if isinstance(kind, ListOf):
        item = kind.item
        if isinstance(item, Record):
            entries = old if isinstance(old, list) else []
            return [
                {
                    n: _read(item.cls.__name__, n, r, join_path(join_path(path, i), n),
                             (entry or {}).get(n), form)
                    for n, r in table(item.cls)
                }
                for i, entry in enumerate(entries[: kind.most])
            ]  # fmt: skip
        if isinstance(item, (Choice, SpokenLanguage)):
            allowed = set(item.choices) if isinstance(item, Choice) else set(available_codes())
            return [v for v in form.getlist(path) if v in allowed][: kind.most]
        if isinstance(item, PhoneNumber):
            return [form.get(join_path(path, i), "") for i in range(kind.most)]
        text = form.get(path, "")
        return [w.strip() for w in _WORDS.split(text) if w.strip()][: kind.most]
    if isinstance(kind, Record):
        return {
            n: _read(kind.cls.__name__, n, r, join_path(path, n), (old or {}).get(n), form)
            for n, r in table(kind.cls)
        }
    if isinstance(kind, Bool):
        return "yes" in form.getlist(path)
    value = form.get(path, "")
    return value if value.strip() else None


#: Yes-or-no fields the kiosk sets itself rather than asks.
_SET_BY_KIOSK = ("Family.print_sensitive",)


def change_list(answers: dict[str, Any], action: str) -> bool:
    """Apply ``add:<path>`` or ``remove:<path>[i]`` to the answers; False if it is not one."""
    verb, _, path = action.partition(":")
    parts = split_path(path)
    if verb not in ("add", "remove") or not parts:
        return False
    found = _row(re.sub(r"\[\d+\]$", "", path) if verb == "remove" else path)
    if found is None or not isinstance(found[1].kind, ListOf):
        return False
    kind = found[1].kind
    if verb == "remove":
        if not isinstance(parts[-1], int):
            return False
        index = parts[-1]
        parts = parts[:-1]
    container: Any = answers
    for token in parts[:-1]:
        try:
            container = container[token]
        except (KeyError, IndexError, TypeError):
            return False
    if not isinstance(container, dict):
        return False
    items = container.get(parts[-1])
    if not isinstance(items, list):
        items = container[parts[-1]] = []
    if verb == "add":
        if len(items) >= kind.most:
            return False
        items.append({})
        return True
    if index >= len(items) or (found[1].required and len(items) <= 1):
        return False  # a required list keeps at least one entry
    del items[index]
    return True
