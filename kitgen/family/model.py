"""The family model: frozen dataclasses, and the one table of fields a family file may hold.

Each field below is one row of the table (see :func:`kitgen.family.fields.spec`): its kind,
whether it is required, what to write, and whether it is sensitive. Validation, the JSON Schema
and the blank file to fill in are all generated from these rows; the file's keys are the field
names, in this order. Lists are tuples, text is NFC, dates are :class:`datetime.date`, phone
numbers are :class:`Phone`. An optional field left out is ``None`` (a list: ``()``).

There is no field for immigration status, and there never will be: see DOMAIN.md, "Privacy".
"""

from __future__ import annotations

from dataclasses import dataclass
from datetime import date
from typing import TypeVar

from kitgen.family.fields import (
    TEXT_LIMIT,
    ANumber,
    Bool,
    Choice,
    Date,
    ListOf,
    PacketLanguage,
    PhoneNumber,
    Record,
    Slug,
    SpokenLanguage,
    State,
    Text,
    Version,
    spec,
)
from kitgen.family.phone import Phone

T = TypeVar("T")

NAME = Text()  # one line, up to 200 characters
TEXT = Text(TEXT_LIMIT, multiline=True)  # free text, up to 2000 characters, lines allowed
PHONE = PhoneNumber()
PHONES = ListOf(PHONE, 5)
LANGUAGES = ListOf(SpokenLanguage(), 10, unique=True)

CONTACT_TYPES = (
    "school", "doctor", "attorney", "legal_aid", "consulate", "family_abroad", "work", "other",
)  # fmt: skip
DECISIONS = ("school", "medical", "travel")
DOCUMENT_TYPES = (
    "passport", "passport_expired", "id_card", "birth_certificate", "ssn_itin_card",
    "work_permit", "i94", "caregiver_forms", "health_care_proxy", "school_records",
    "medical_records", "lease", "bank_information", "proof_of_time_in_us",
    "pending_case_receipts", "other",
)  # fmt: skip
MONEY_ITEMS = ("bank_account", "rent", "car", "wages_owed", "bills", "other")


@dataclass(frozen=True, kw_only=True)
class Medication:
    """A medicine a child takes."""

    name: str = spec(NAME, "the medicine and dose, e.g. EpiPen Jr (epinephrine)", required=True)
    instructions: str | None = spec(TEXT, "when and how to give it, and where it is kept")


@dataclass(frozen=True, kw_only=True)
class Doctor:
    """A child's doctor."""

    name: str | None = spec(NAME, "the doctor's name")
    phone: Phone | None = spec(PHONE, "the doctor's phone number")
    clinic: str | None = spec(NAME, "the clinic or health center")


@dataclass(frozen=True, kw_only=True)
class Insurance:
    """A child's health insurance."""

    plan: str | None = spec(NAME, "the health plan, e.g. MassHealth")
    member_id: str | None = spec(
        Text(100), "the member ID on the insurance card; sensitive", sensitive=True
    )


@dataclass(frozen=True, kw_only=True)
class Child:
    """One child: everything a caregiver needs for the child's own sheet."""

    full_name: str = spec(NAME, "the child's full name, as on school records", required=True)
    preferred_name: str | None = spec(NAME, "the name the child goes by")
    date_of_birth: date = spec(Date(birth=True), "the child's date of birth", required=True)
    school: str | None = spec(NAME, "the child's school")
    grade: str | None = spec(Text(50), "grade, e.g. 5 or K")
    teacher: str | None = spec(NAME, "the teacher's name")
    allergies: tuple[str, ...] = spec(ListOf(NAME, 30), "allergies, e.g. [peanuts, penicillin]")
    medications: tuple[Medication, ...] = spec(ListOf(Record(Medication), 20), "medicines")
    conditions: tuple[str, ...] = spec(ListOf(NAME, 30), "health conditions, e.g. [asthma]")
    none_known: tuple[str, ...] = spec(
        ListOf(Choice("allergies", "medications", "conditions"), 3, unique=True),
        "what the child has none of, as the family says, e.g. [allergies, medications]; "
        "an empty list above prints as a blank to fill in, never as 'none'",
    )
    doctor: Doctor | None = spec(Record(Doctor), "the child's doctor")
    insurance: Insurance | None = spec(Record(Insurance), "the child's health insurance")
    routines: str | None = spec(TEXT, "daily routines: school travel, meals, bedtime")
    comfort_items: str | None = spec(TEXT, "what comforts the child: toys, songs, people")


@dataclass(frozen=True, kw_only=True)
class Parent:
    """A parent: what a caregiver or lawyer needs to find them if they are detained."""

    legal_name: str = spec(NAME, "full legal name, as on the passport", required=True)
    preferred_name: str | None = spec(NAME, "the name the parent goes by")
    date_of_birth: date = spec(Date(birth=True), "date of birth", required=True)
    country_of_birth: str = spec(NAME, "country of birth, e.g. Guatemala", required=True)
    phones: tuple[Phone, ...] = spec(PHONES, "phone numbers, e.g. [617-555-0134, +503 2555 0100]")
    languages: tuple[str, ...] = spec(LANGUAGES, "languages spoken, as codes, e.g. [es, en]")
    a_number: str | None = spec(
        ANumber(), "A-number if any; sensitive: leave empty to write it by hand", sensitive=True
    )
    employer: str | None = spec(NAME, "employer, if a caregiver may need to call it")


@dataclass(frozen=True, kw_only=True)
class Caregiver:
    """A person who looks after the children if no parent can."""

    name: str = spec(NAME, "the caregiver's full name", required=True)
    relationship: str = spec(NAME, "relationship to the children, e.g. Aunt", required=True)
    phones: tuple[Phone, ...] = spec(PHONES, "phone numbers, e.g. [617-555-0172]", required=True)
    address: str = spec(NAME, "home address, with city, state and ZIP code", required=True)
    languages: tuple[str, ...] = spec(LANGUAGES, "languages spoken, as codes, e.g. [es, en]")
    may_decide: tuple[str, ...] = spec(
        ListOf(Choice(*DECISIONS), 3, unique=True),
        "what the caregiver may decide, e.g. [school, medical]",
    )
    household: str | None = spec(TEXT, "who else lives in the caregiver's home")
    lives_with_children: bool = spec(
        Bool(),
        "true only if the children live in this person's home now "
        "(Massachusetts' caregiver affidavit is for such a caregiver)",
    )


@dataclass(frozen=True, kw_only=True)
class Caregivers:
    """Two caregivers, ideally in two different households."""

    primary: Caregiver = spec(Record(Caregiver), "the first person to call", required=True)
    backup: Caregiver | None = spec(Record(Caregiver), "who to call if the primary cannot help")


@dataclass(frozen=True, kw_only=True)
class Contact:
    """An emergency contact."""

    type: str = spec(Choice(*CONTACT_TYPES), "what kind of contact", required=True)
    name: str = spec(NAME, "who or which office", required=True)
    phone: Phone = spec(PHONE, "phone number", required=True)
    notes: str | None = spec(TEXT, "anything to know before calling")


@dataclass(frozen=True, kw_only=True)
class NumberToMemorize:
    """A phone number the children and parents learn by heart."""

    name: str = spec(NAME, "whose number, e.g. Ana Lucía (aunt)", required=True)
    phone: Phone = spec(PHONE, "the phone number", required=True)


@dataclass(frozen=True, kw_only=True)
class Wishes:
    """What the parents want for the children."""

    school: str | None = spec(TEXT, "wishes about school")
    medical: str | None = spec(TEXT, "wishes about medical care")
    join_parents_abroad: str | None = spec(
        Choice("yes", "no", "undecided"), "should the children join the parents abroad"
    )
    other: str | None = spec(TEXT, "any other wishes")


@dataclass(frozen=True, kw_only=True)
class Witness:
    """An adult who will watch the parent sign a caregiver form (never the caregiver)."""

    name: str = spec(NAME, "the witness's full name", required=True)
    address: str | None = spec(NAME, "the witness's address (Connecticut's form needs it)")


@dataclass(frozen=True, kw_only=True)
class CaregiverForms:
    """Choices for the state caregiver forms; everything else on them comes from the family."""

    ends: date | None = spec(
        Date(), "the date the forms should end; empty for the longest the law allows"
    )
    limits: str | None = spec(TEXT, "limits on what the caregiver may decide, if any")
    witnesses: tuple[Witness, ...] = spec(
        ListOf(Record(Witness), 2),
        "up to two adult witnesses; empty to write their names by hand",
    )


@dataclass(frozen=True, kw_only=True)
class Document:
    """An important document: where it is kept and who holds a copy."""

    document: str = spec(Choice(*DOCUMENT_TYPES), "which document", required=True)
    label: str | None = spec(
        NAME, "what the document is, in your words", required_if=("document", "other")
    )
    where_kept: str | None = spec(NAME, "where it is kept, e.g. Red folder in the closet")
    copy_with: str | None = spec(NAME, "who holds a copy")
    number: str | None = spec(
        Text(100), "the document's number; sensitive: best left empty", sensitive=True
    )


@dataclass(frozen=True, kw_only=True)
class MoneyItem:
    """Money or property a caregiver may need to handle."""

    item: str = spec(Choice(*MONEY_ITEMS), "what it is", required=True)
    details: str | None = spec(
        TEXT, "what the caregiver needs to know", required_if=("item", "other")
    )
    access: str | None = spec(TEXT, "who can reach it and how")


@dataclass(frozen=True, kw_only=True)
class Family:
    """One family's preparedness information: everything a packet prints about them."""

    kitgen: int = spec(Version(), "format version of this file; leave it as 1", required=True)
    language: str = spec(
        PacketLanguage(),
        "the family's language; the packet prints it beside English",
        required=True,
    )
    state: str = spec(State(), "US state the family lives in: chooses the forms", required=True)
    region: str | None = spec(Slug(), "region pack with local legal help, e.g. boston")
    prepared: date | None = spec(Date(), "date prepared; leave empty for the day it is printed")
    family_name: str = spec(
        NAME, "the family's name for the cover, e.g. Rivera Gómez", required=True
    )
    print_sensitive: bool = spec(
        Bool(), "true prints A-numbers and document numbers; false leaves blank lines"
    )
    parents: tuple[Parent, ...] = spec(
        ListOf(Record(Parent), 4), "each parent (1 to 4)", required=True
    )
    children: tuple[Child, ...] = spec(
        ListOf(Record(Child), 12), "each child (1 to 12)", required=True
    )
    caregivers: Caregivers = spec(
        Record(Caregivers), "who looks after the children: a primary and a backup", required=True
    )
    contacts: tuple[Contact, ...] = spec(ListOf(Record(Contact), 40), "emergency contacts")
    memorize: tuple[NumberToMemorize, ...] = spec(
        ListOf(Record(NumberToMemorize), 2), "the two numbers to learn by heart", required=True
    )
    wishes: Wishes | None = spec(Record(Wishes), "the parents' wishes for the children")
    documents: tuple[Document, ...] = spec(
        ListOf(Record(Document), 60), "documents checklist: where each is kept, who holds a copy"
    )
    money: tuple[MoneyItem, ...] = spec(ListOf(Record(MoneyItem), 30), "money and property")
    address: str | None = spec(
        NAME, "the family's home address; printed only on the caregiver forms"
    )
    forms: CaregiverForms | None = spec(
        Record(CaregiverForms), "choices for the state caregiver forms (see the packet)"
    )

    def sensitive(self, value: T) -> T | None:
        """``value`` if the family chose to print sensitive numbers, else ``None``.

        The printing layer passes each field listed in :data:`SENSITIVE_FIELDS` through this
        and prints a blank line to fill in by hand for ``None``.
        """
        return value if self.print_sensitive else None


def _sensitive_paths(cls: type, prefix: str = "") -> list[str]:
    from kitgen.family.fields import table

    paths = []
    for name, row in table(cls):
        kind = row.kind.item if isinstance(row.kind, ListOf) else row.kind
        path = f"{prefix}{name}{'[]' if isinstance(row.kind, ListOf) else ''}"
        if row.sensitive:
            paths.append(path)
        if isinstance(kind, Record):
            paths.extend(_sensitive_paths(kind.cls, path + "."))
    return paths


#: Field paths of the sensitive fields (``parents[].a_number``...), from the table.
SENSITIVE_FIELDS: tuple[str, ...] = tuple(_sensitive_paths(Family))
