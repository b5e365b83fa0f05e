"""What the form calls each question and block, in English (the msgid) and any language.

Labels are keyed by field pattern (``children[].full_name``). Most reuse the packet's own
strings from the main catalog (``kitgen.pot``: "Full name", "Date of birth"), so a family reads
the same word on the form and in the packet; the few only an intake form needs are marked with
:func:`I_` and live in the ``intake`` gettext domain (``locales/intake.pot``). A test checks that
every field of the table has a label here and that every reused string is in the main catalog.

Internal to :mod:`kitgen.intake`; may change.
"""

from __future__ import annotations

from ..i18n.catalog import Language


def I_(text: str) -> str:  # noqa: N802 - gettext's marker style, extracted into intake.pot
    """Mark an intake-only string for extraction into ``locales/intake.pot``."""
    return text


#: Field pattern -> label msgid. Strings without ``I_`` are the main catalog's.
LABELS: dict[str, str] = {
    "state": I_("State (two letters, e.g. MA)"),
    "region": "Area",
    "prepared": "Date prepared",
    "family_name": I_("Family name"),
    "print_sensitive": I_("Print A-numbers and document numbers in the packet"),
    "parents[].legal_name": "Full legal name (as on the passport)",
    "parents[].preferred_name": "Also known as",
    "parents[].date_of_birth": "Date of birth",
    "parents[].country_of_birth": "Country of birth",
    "parents[].phones": "Phone",
    "parents[].languages": "Languages spoken",
    "parents[].a_number": "A-number (Alien Registration Number), if any",
    "parents[].employer": I_("Employer"),
    "children[].full_name": "Full name",
    "children[].preferred_name": "Also known as",
    "children[].date_of_birth": "Date of birth",
    "children[].school": "School",
    "children[].grade": "Grade",
    "children[].teacher": "Teacher",
    "children[].allergies": "Allergies",
    "children[].medications[].name": "Medicine",
    "children[].medications[].instructions": I_("When and how to give it"),
    "children[].conditions": "Health conditions",
    "children[].doctor.name": "Doctor",
    "children[].doctor.phone": "Doctor's phone",
    "children[].doctor.clinic": I_("Clinic or health center"),
    "children[].insurance.plan": "Health insurance",
    "children[].insurance.member_id": "Insurance member number",
    "children[].routines": "Daily routines",
    "children[].comfort_items": "What comforts this child",
    "children[].none_known": I_("The child has none of these (tick only what you know)"),
    "caregivers.primary.name": "Full name",
    "caregivers.primary.relationship": "Relationship to the children",
    "caregivers.primary.phones": "Phone",
    "caregivers.primary.address": "Home address",
    "caregivers.primary.languages": "Languages spoken",
    "caregivers.primary.may_decide": "May decide about",
    "caregivers.primary.household": I_("Who else lives in this home"),
    "caregivers.primary.lives_with_children": I_("The children live with this person now"),
    "contacts[].type": I_("Kind of contact"),
    "contacts[].name": "Name",
    "contacts[].phone": "Phone",
    "contacts[].notes": "Notes",
    "memorize[].name": "Name",
    "memorize[].phone": "Phone",
    "wishes.school": "School",
    "wishes.medical": "Medical care",
    "wishes.join_parents_abroad": (
        "If a parent has to leave the United States, should the children join them?"
    ),
    "wishes.other": "Other wishes",
    "documents[].document": I_("Which document"),
    "documents[].label": I_("What it is, in your words"),
    "documents[].where_kept": I_("Where it is kept"),
    "documents[].copy_with": I_("Who has a copy"),
    "documents[].number": "Number",
    "money[].item": I_("What it is"),
    "money[].details": I_("What a caregiver needs to know"),
    "money[].access": I_("Who can reach it, and how"),
    "address": "Home address",
    "forms.ends": I_("End date of the caregiver forms (empty: the longest the law allows)"),
    "forms.limits": "Limits, if any",
    "forms.witnesses[].name": "Printed name",
    "forms.witnesses[].address": "Home address",
}
# the backup caregiver is asked the same questions as the primary
LABELS.update({k.replace("primary", "backup"): v for k, v in LABELS.items() if ".primary." in k})

#: Block pattern -> its title ("%(number)s" for numbered blocks).
BLOCKS: dict[str, str] = {
    "parents[]": "Parent %(number)s",
    "children[]": I_("Child %(number)s"),
    "children[].doctor": "Doctor",
    "children[].insurance": "Health insurance",
    "caregivers": "Your caregiver plan",
    "caregivers.primary": "Primary caregiver",
    "caregivers.backup": "Backup caregiver",
    "contacts[]": I_("Contact %(number)s"),
    "memorize[]": I_("Number to memorize %(number)s"),
    "wishes": "Our wishes",
    "documents[]": I_("Document %(number)s"),
    "money[]": I_("Money or property %(number)s"),
    "forms": "Caregiver forms",
}

#: Headings above the blocks of a list, and above the family's own questions.
HEADINGS: dict[str, str] = {
    "": I_("About the family"),
    "parents": I_("Parents"),
    "children": "Children",
    "contacts": "Emergency contacts",
    "memorize": "Two numbers to memorize",
    "documents": "Important documents",
    "money": "Money and property",
}

#: Words of a choice, by field pattern's last part and word.
CHOICES: dict[str, dict[str, str]] = {
    "type": {
        "school": "Schools",
        "doctor": "Doctors",
        "attorney": "Immigration lawyer",
        "legal_aid": "Free legal help",
        "consulate": "Consulate",
        "family_abroad": "Family in the home country",
        "work": "Work",
        "other": "Other contacts",
    },
    "document": {
        "passport": "Passports",
        "passport_expired": "Expired passports",
        "id_card": "Identity cards",
        "birth_certificate": "Birth certificates",
        "ssn_itin_card": "Social Security cards or ITIN letters",
        "work_permit": "Work permits",
        "i94": "I-94 arrival/departure records",
        "caregiver_forms": "Caregiver and guardianship forms",
        "health_care_proxy": "Health-care power of attorney",
        "school_records": "School records",
        "medical_records": "Medical and vaccination records",
        "lease": "Lease or rent agreement",
        "bank_information": "Bank information",
        "proof_of_time_in_us": "Proof of time in the United States",
        "pending_case_receipts": "Receipts for pending immigration cases",
        "other": "Other documents",
    },
    "item": {
        "bank_account": "Bank accounts",
        "rent": "Rent or mortgage",
        "car": "Car",
        "wages_owed": "Wages owed to you",
        "bills": "Bills",
        "other": "Other money matters",
    },
    "may_decide": {"school": "school", "medical": "medical care", "travel": "travel"},
    "none_known": {
        "allergies": "Allergies",
        "medications": "Medicine",
        "conditions": "Health conditions",
    },
    "join_parents_abroad": {
        "yes": "Yes, the children should join the parents.",
        "no": "No, the children should stay in the United States.",
        "undecided": "Not decided yet.",
    },
}

#: Sentences of the form itself.
TITLE = I_("Intake form: your family's preparedness plan")
INTRO = I_(
    "Fill in what you know and leave the rest empty. A school liaison turns this form into "
    "your family's packet."
)
PRIVACY = I_(
    "Never write immigration status on this form. A-numbers and document numbers are not asked "
    "here: write them by hand on the printed packet later."
)
VIEWERS = I_(
    "You can type your answers in a PDF viewer. If what you type does not show correctly, print "
    "this form and write by hand."
)
BY_HAND = I_("Write by hand later, on the printed packet")
TICK_ONE = I_("Tick one")
TICK_ANY = I_("Tick all that apply")
ONE_A_LINE = I_("One on each line")
DATE_HINT = I_("Year-month-day, e.g. 2015-06-03")
REQUIRED = I_("required")


def label(pattern: str, lang: Language | None = None) -> str:
    """The label of a field pattern, in ``lang`` (English when ``None``)."""
    text = LABELS[pattern]
    return lang.gettext(text) if lang else text


def choice_label(pattern: str, word: str, lang: Language | None = None) -> str:
    text = CHOICES[pattern.rsplit(".", 1)[-1]][word]
    return lang.gettext(text) if lang else text


def block_title(pattern: str, number: int | None, lang: Language | None = None) -> str:
    text = BLOCKS[pattern]
    text = lang.gettext(text) if lang else text
    return text % {"number": number} if number is not None else text


def heading(key: str, lang: Language | None = None) -> str:
    text = HEADINGS[key]
    return lang.gettext(text) if lang else text


def say(text: str, lang: Language | None = None) -> str:
    return lang.gettext(text) if lang else text
