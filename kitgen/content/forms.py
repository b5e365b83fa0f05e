"""State caregiver forms: which forms a family's state has, and the rules each form's law sets.

In: a validated :class:`~kitgen.family.Family` and the date the packet is prepared. Out: the
list of :class:`FormSpec` to print (with each form's end date), or a
:class:`~kitgen.errors.DataError` naming the field and the rule when the family's choices break
a form's law (a witness who is the caregiver, an end date past what the law allows).

The forms themselves are templates in ``templates/forms/``, written in kitgen's own words from
the requirements of each statute (summarised in shared/DOMAIN.md); each cites its statute.
Signature, witness and notary blocks are always blank lines to complete by hand.
"""

from __future__ import annotations

import datetime as dt
import unicodedata
from dataclasses import dataclass
from typing import Any

from ..errors import DataError, Problem


def N_(msgid: str) -> str:  # noqa: N802 - gettext's conventional marker name
    return msgid


@dataclass(frozen=True)
class FormSpec:
    key: str
    state: str
    title: str  # English title (a msgid)
    citation: str  # the statute, as printed on the form (never translated)
    template: str  # under templates/forms/
    max_days: int | None  # the longest the law lets it last; None: until revoked or ended
    witnesses: int  # adult witnesses who must sign (never the caregiver)
    witness_addresses: bool  # the form lists each witness's address
    notary: bool
    signer: str  # "parent" or "caregiver"


FORMS: tuple[FormSpec, ...] = (
    FormSpec(
        "ma-201f", "MA", N_("Caregiver Authorization Affidavit"),
        "Massachusetts General Laws chapter 201F, section 5", "forms/ma_201f.xml.j2",
        max_days=730, witnesses=2, witness_addresses=False, notary=True, signer="parent",
    ),
    FormSpec(
        "ma-190b", "MA", N_("Delegation of parental powers to a temporary agent"),
        "Massachusetts General Laws chapter 190B, section 5-103", "forms/ma_190b.xml.j2",
        max_days=60, witnesses=2, witness_addresses=False, notary=False, signer="parent",
    ),
    FormSpec(
        "ct-624b", "CT", N_("Designation of a standby guardian"),
        "Connecticut General Statutes sections 45a-624 to 45a-624g (form: section 45a-624b)",
        "forms/ct_624b.xml.j2",
        max_days=None, witnesses=2, witness_addresses=True, notary=False, signer="parent",
    ),
    FormSpec(
        "ct-624c", "CT", N_("Standby guardian's statement that the designation is in effect"),
        "Connecticut General Statutes section 45a-624c", "forms/ct_624c.xml.j2",
        max_days=None, witnesses=0, witness_addresses=False, notary=False, signer="caregiver",
    ),
    FormSpec(
        "ny-5-1551", "NY", N_("Designation of a person in parental relation"),
        "New York General Obligations Law sections 5-1551 to 5-1555", "forms/ny_5_1551.xml.j2",
        max_days=365, witnesses=0, witness_addresses=False, notary=True, signer="parent",
    ),
    FormSpec(
        "ny-1726", "NY", N_("Designation of a standby guardian"),
        "New York Surrogate's Court Procedure Act section 1726", "forms/ny_1726.xml.j2",
        max_days=None, witnesses=2, witness_addresses=False, notary=False, signer="parent",
    ),
    FormSpec(
        "ca-6550", "CA", N_("Caregiver's Authorization Affidavit"),
        "California Family Code sections 6550 and 6552", "forms/ca_6550.xml.j2",
        max_days=365, witnesses=0, witness_addresses=False, notary=False, signer="caregiver",
    ),
)  # fmt: skip

#: Over this many days a New York designation needs the designee's written consent, the
#: parties' addresses and phones, the children's dates of birth and a notary (GOL 5-1552).
NY_SHORT_DAYS = 30


@dataclass(frozen=True)
class PlannedForm:
    spec: FormSpec
    ends: dt.date | None  # printed on the form; None: until revoked (standby guardianship)
    long_term: bool  # New York: the designation lasts over 30 days


def _same_person(a: str, b: str) -> bool:
    fold = lambda s: " ".join(unicodedata.normalize("NFKC", s).casefold().split())  # noqa: E731
    return fold(a) == fold(b)


def plan_forms(family: Any, prepared: dt.date, filename: str | None = None) -> list[PlannedForm]:
    """The forms of the family's state, checked against their laws (every problem at once)."""
    specs = [f for f in FORMS if f.state == family.state]
    choices = family.forms
    ends = choices.ends if choices is not None else None
    witnesses = choices.witnesses if choices is not None else ()
    problems: list[Problem] = []
    caregivers = [c for c in (family.caregivers.primary, family.caregivers.backup) if c]
    for i, w in enumerate(witnesses):
        for c in caregivers:
            if _same_person(w.name, c.name):
                problems.append(
                    Problem(
                        f"forms.witnesses[{i}].name",
                        "a witness may not be the caregiver named in the form; "
                        "ask another adult to witness the signature",
                        file=filename,
                    )
                )
    if ends is not None and ends <= prepared:
        problems.append(
            Problem(
                "forms.ends",
                f"'{ends.isoformat()}' is not after the date prepared "
                f"({prepared.isoformat()}); choose a later date or leave it empty",
                file=filename,
            )
        )
    planned = []
    for spec in specs:
        if spec.witness_addresses:
            for i, w in enumerate(witnesses):
                if not w.address:
                    problems.append(
                        Problem(
                            f"forms.witnesses[{i}].address",
                            f"the {spec.title.lower()} lists each witness's address "
                            f"({spec.citation}); add it or leave the witnesses empty "
                            "to write them by hand",
                            file=filename,
                        )
                    )
        form_end = None
        if spec.max_days is not None:
            latest = prepared + dt.timedelta(days=spec.max_days)
            if ends is not None and ends > latest and spec.key != "ma-190b":
                problems.append(
                    Problem(
                        "forms.ends",
                        f"'{ends.isoformat()}' is too late: the {spec.title.lower()} lasts at "
                        f"most {spec.max_days} days ({spec.citation}); choose "
                        f"{latest.isoformat()} or earlier, or leave it empty",
                        file=filename,
                    )
                )
            # the temporary agent's 60 days run from signing: the form says so instead
            form_end = None if spec.key == "ma-190b" else min(ends or latest, latest)
        long_term = spec.key == "ny-5-1551" and (
            form_end is None or (form_end - prepared).days > NY_SHORT_DAYS
        )
        planned.append(PlannedForm(spec, form_end, long_term))
    if problems:
        raise DataError(
            f"{filename or 'the family file'} has {len(problems)} problem"
            f"{'s' if len(problems) > 1 else ''} with the caregiver forms",
            tuple(dict.fromkeys(problems)),
        )
    return planned
