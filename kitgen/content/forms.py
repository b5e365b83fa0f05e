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
class Element:
    """One thing the law requires a form to carry.

    ``shows`` is English text that carries the element on the printed form; tests look for each
    on the rendered page. ``{parent}``, ``{caregiver}``, ``{child}``... stand for the family's
    own values (see tests/test_forms.py).
    """

    what: str
    cite: str
    shows: tuple[str, ...]


@dataclass(frozen=True)
class Review:
    """Who checked a form against its law: ``draft`` until a named attorney has."""

    status: str = "draft"  # "draft" or "attorney"
    reviewer: str | None = None
    date: str | None = None

    def __post_init__(self) -> None:
        if self.status not in ("draft", "attorney"):
            raise ValueError(f"unknown review status {self.status!r}")
        if self.status == "attorney" and not (self.reviewer and self.date):
            raise ValueError("an attorney review names the attorney and the date")


@dataclass(frozen=True)
class FormSpec:
    key: str
    state: str
    title: str  # English title (a msgid)
    citation: str  # the statute, as printed on the form (never translated)
    template: str  # under templates/forms/
    law_date: str  # the version of the law the form follows (ISO date of the text read)
    law_source: str  # where that text was read
    max_days: int | None  # the longest the law lets it last; None: the law sets no end date
    witnesses: int  # adult witnesses who must sign (never the caregiver)
    witness_addresses: bool  # the form lists each witness's address
    notary: bool
    signer: str  # "parent" or "caregiver"
    elements: tuple[Element, ...]
    review: Review = Review()
    law_note: str = ""  # what could not be confirmed, printed by ``kitgen forms``
    revocable_by_parent: bool = False  # the packet adds a written revocation for the parent


E = Element
PARENT_NAMES = ("{parent}",)

FORMS: tuple[FormSpec, ...] = (
    FormSpec(
        "ma-201f", "MA", N_("Caregiver Authorization Affidavit"),
        "Massachusetts General Laws chapter 201F, section 5", "forms/ma_201f.xml.j2",
        law_date="2024-11-21",
        law_source="https://malegislature.gov/Laws/GeneralLaws/PartII/TitleII/Chapter201F/Section5",
        max_days=730, witnesses=2, witness_addresses=False, notary=True, signer="parent",
        revocable_by_parent=True,
        elements=(
            E("name, address and phone of the parent", "c.201F §5(1)",
              ("{parent}", "Home address", "{parent_phone}")),
            E("name, address and phone of the caregiver", "c.201F §5(2)",
              ("{caregiver}", "{caregiver_address}", "{caregiver_phone}")),
            E("name and date of birth of each child", "c.201F §5(3)", ("{child}", "{child_dob}")),
            E("relationship of the caregiver to the children", "c.201F §5(4)",
              ("Relationship to the children", "{caregiver_relationship}")),
            E("no court order prohibits conferring these rights", "c.201F §5(5)",
              ("there are no court orders in effect that would prohibit me from exercising or "
               "conferring",)),
            E("the authority conferred and any prohibitions", "c.201F §5(6)",
              ("Education:", "Health care:", "Limits on this authority")),
            E("not to circumvent state or federal law, not for attendance at a particular "
              "school, not to re-confer rights a court has removed", "c.201F §5(7)",
              ("not for the purposes of circumventing any state or federal law",
               "for the purposes of attendance at a particular school",
               "to re-confer rights to a caregiver from whom those rights have been removed by "
               "a court of law")),
            E("signed by the parent under the pains and penalties of perjury, one line per "
              "parent", "c.201F §5", ("under the pains and penalties of perjury",
                                      "Signature of parent")),
            E("two adult witnesses, neither of them the caregiver", "c.201F §5",
              ("Witness 1", "Witness 2", "neither of whom is the caregiver")),
            E("notarized", "c.201F §5", ("Notary public",)),
            E("the caregiver signs and attests to being an adult with whom the children reside",
              "c.201F §§1, 5", ("I am an adult with whom the children named above reside",
                                "Signature of caregiver")),
            E("valid up to 2 years; amended or revoked by notifying the caregiver in writing",
              "c.201F §5", ("valid for up to 2 years", "revoke it by notifying the caregiver "
                                                       "in writing")),
        ),
    ),
    FormSpec(
        "ma-190b", "MA", N_("Delegation of parental powers to a temporary agent"),
        "Massachusetts General Laws chapter 190B, section 5-103", "forms/ma_190b.xml.j2",
        law_date="2024-11-21",
        law_source="https://www.mass.gov/info-details/mass-general-laws-c190b-ss-5-103",
        max_days=60, witnesses=2, witness_addresses=False, notary=False, signer="parent",
        revocable_by_parent=True,
        elements=(
            E("a written delegation signed by the parent, one line per parent", "c.190B §5-103",
              ("{parent}", "I delegate", "Signature of parent")),
            E("at most 60 days", "c.190B §5-103", ("60 days",)),
            E("any power over care, custody or property, except consent to marriage or "
              "adoption", "c.190B §5-103",
              ("care, custody and property", "except the power to consent to marriage or "
                                              "adoption")),
            E("not available when a court has placed the children in another's custody",
              "c.190B §5-103(a)", ("No court has placed the children in the custody of another "
                                   "person",)),
            E("consent of the other parent if living, whereabouts known, willing and able",
              "c.190B §5-103(c)", ("Consent of the other parent", "whereabouts are known")),
            E("the agent's written acceptance", "c.190B §5-103",
              ("Temporary agent's acceptance", "Signature of temporary agent")),
            E("two witnesses 18 or older who are not the agent", "c.190B §5-103",
              ("Witness 1", "Witness 2", "not the temporary agent")),
        ),
    ),
    FormSpec(
        "ct-624b", "CT", N_("Designation of a standby guardian"),
        "Connecticut General Statutes sections 45a-624 to 45a-624g (form: section 45a-624b)",
        "forms/ct_624b.xml.j2",
        law_date="2026-01-01",
        law_source="https://www.cga.ct.gov/current/pub/chap_802h.htm#sec_45a-624b",
        max_days=None, witnesses=2, witness_addresses=True, notary=False, signer="parent",
        revocable_by_parent=True,
        elements=(
            E("the principal's name", "C.G.S. §45a-624b", ("{parent}", "do hereby appoint")),
            E("the standby guardian's name and address", "C.G.S. §45a-624b",
              ("{caregiver}", "{caregiver_address}")),
            E("the names of the minor children", "C.G.S. §45a-624b", ("{child}",)),
            E("the specific contingencies, chosen by the parent (none pre-ticked)",
              "C.G.S. §§45a-624, 45a-624b",
              ("to take effect upon the occurrence of the following contingency or "
               "contingencies", "My death", "My mental incapacity", "My arrest",
               "My deportation or removal")),
            E("the statutory sentence on careful reflection", "C.G.S. §45a-624b",
              ("This designation is made after careful reflection, while I am of sound mind.",)),
            E("date and the principal's signature", "C.G.S. §§45a-624, 45a-624b",
              ("Date", "Signature of principal (L.S.)")),
            E("two witnesses, each with number and street, city, state and ZIP code",
              "C.G.S. §§45a-624, 45a-624b",
              ("Witness 1", "Witness 2", "Number and street", "City, state and ZIP code")),
            E("both living parents consent, unless one has been removed as guardian or has had "
              "parental rights terminated", "C.G.S. §45a-624a",
              ("Consent of the other parent", "removed as guardian",
               "parental rights terminated")),
        ),
        law_note="Consent (§45a-624a) and duration (§§45a-624d, 45a-624e) were read in "
        "secondary sources (childwelfare.gov, 2018).",
    ),
    FormSpec(
        "ct-624c", "CT", N_("Standby guardian's statement that the designation is in effect"),
        "Connecticut General Statutes section 45a-624c", "forms/ct_624c.xml.j2",
        law_date="2026-01-01",
        law_source="https://www.cga.ct.gov/current/pub/chap_802h.htm#sec_45a-624c",
        max_days=None, witnesses=2, witness_addresses=False, notary=False, signer="caregiver",
        elements=(
            E("the statutory title", "C.G.S. §45a-624c",
              ("STATEMENT THAT DESIGNATION OF A STANDBY GUARDIAN IS IN FULL FORCE AND EFFECT",)),
            E("venue", "C.G.S. §45a-624c", ("STATE OF", "COUNTY OF")),
            E("the name and address of the parent who made the designation, and its date",
              "C.G.S. §45a-624c",
              ("{parent}", "as principal, did on", "appoint me as standby guardian")),
            E("the contingency, and that it has occurred", "C.G.S. §45a-624c",
              ("THAT the specified contingency was", "THAT the specified contingency has "
                                                     "occurred")),
            E("signed under penalty of false statement", "C.G.S. §45a-624c",
              ("under penalty of false statement", "Signature of standby guardian (L.S.)")),
            E("two witness lines", "C.G.S. §45a-624c", ("Witness 1", "Witness 2")),
        ),
    ),
    FormSpec(
        "ny-5-1551", "NY", N_("Designation of a person in parental relation"),
        "New York General Obligations Law sections 5-1551 to 5-1555", "forms/ny_5_1551.xml.j2",
        law_date="2018-07-06",
        law_source="https://www.nysenate.gov/legislation/laws/GOB/5-1551",
        max_days=365, witnesses=0, witness_addresses=False, notary=True, signer="parent",
        revocable_by_parent=True,
        elements=(
            E("the names of the parent, the designee and each child; the parent's signature "
              "and its date", "GOL §5-1552(1)",
              ("{parent}", "{caregiver}", "{child}", "Signature of parent")),
            E("at most twelve months", "GOL §5-1551", ("12 months",)),
            E("over 30 days: addresses and phones of the parent and the designee",
              "GOL §5-1552(2)", ("Home address", "{parent_phone}", "{caregiver_phone}")),
            E("over 30 days: each child's date of birth", "GOL §5-1552(2)", ("{child_dob}",)),
            E("over 30 days: the date or event on which it starts", "GOL §5-1552(2)",
              ("Starts on (date), or when (event)",)),
            E("over 30 days: the designee's written consent", "GOL §5-1552(2)",
              ("Designee's consent", "Signature of designee")),
            E("over 30 days: no prior court order prohibits the designation", "GOL §5-1552(2)",
              ("no prior order of any court in any jurisdiction currently in effect",)),
            E("over 30 days: notarized, by an acknowledgment in New York's form",
              "GOL §5-1552(2); Real Property Law §309-a",
              ("acknowledged to me that", "personally known to me or proved to me on the basis "
                                          "of satisfactory evidence")),
            E("where a court requires both parents to agree, both consent", "GOL §5-1551",
              ("both parents must sign",)),
            E("it ends on the parent's death or incapacity", "GOL §5-1555(4)",
              ("ends if the parent who signed it dies or becomes incapacitated",)),
        ),
        law_note="Sections 5-1553 and 5-1554 (revocation) were not read; the revocation page "
        "is a plain written revocation.",
    ),
    FormSpec(
        "ny-1726", "NY", N_("Designation of a standby guardian"),
        "New York Surrogate's Court Procedure Act section 1726", "forms/ny_1726.xml.j2",
        law_date="2018-07-06",
        law_source="https://www.nysenate.gov/legislation/laws/SCP/1726",
        max_days=None, witnesses=2, witness_addresses=False, notary=False, signer="parent",
        revocable_by_parent=True,
        elements=(
            E("the parent designates a standby guardian, and may name an alternate",
              "SCPA §1726(1)(a)(ii), (4)", ("{parent}", "{caregiver}", "Standby guardian")),
            E("the triggers: incapacity, death, debilitation with the parent's consent, "
              "administrative separation (none pre-ticked)", "SCPA §1726(1)(a)(ii)",
              ("My incapacity", "My death", "My debilitation, and my consent",
               "Administrative separation")),
            E("administrative separation as the law defines it", "SCPA §1726(1)(f)",
              ("arrest, detention, incarceration, removal or deportation, in connection with a "
               "federal immigration matter", "official communication")),
            E("signed by the parent before two witnesses", "SCPA §1726(4)",
              ("Signature of parent", "Witness 1", "Witness 2")),
            E("the guardian asks the court for appointment within 60 days", "SCPA §1726(4)",
              ("60 days",)),
        ),
        law_note="Definitions read in the statute; the optional form of §1726(4) and the "
        "parent's consent at separation were not found: the form is written in kitgen's words.",
    ),
    FormSpec(
        "ca-6550", "CA", N_("Caregiver's Authorization Affidavit"),
        "California Family Code sections 6550 and 6552", "forms/ca_6550.xml.j2",
        law_date="2026-01-01",
        law_source="https://www.legalfina.com/en/laws/ca/fam/11/1.5/~ (section 6550); "
        "http://www.prisonerswithchildren.org/pubs/gpmanual/caa.htm (form of section 6552)",
        max_days=None, witnesses=0, witness_addresses=False, notary=False, signer="caregiver",
        elements=(
            E("the statutory heading and instructions for items 1-4 and 5-8", "Fam. Code §6552",
              ("Use of this affidavit is authorized by Part 1.5 (commencing with Section 6550) "
               "of Division 11 of the California Family Code.", "Completion of items 1-4")),
            E("the caregiver lives with the minor and is 18 or older", "Fam. Code §§6550, 6552",
              ("The minor named below lives in my home and I am 18 years of age or older.",)),
            E("items 1-4: the minor's name and birth date, the caregiver's name and home "
              "address", "Fam. Code §§6550(a), 6552",
              ("1. Name of minor", "2. Minor's birth date", "3. My name", "4. My home address",
               "{child}", "{child_dob}")),
            E("items 5-8: relative, parent advised or unreachable, caregiver's date of birth "
              "and licence or ID number", "Fam. Code §§6550(a), 6552",
              ("5.", "6.", "I have advised the parent(s)", "I am unable to contact the parent(s)",
               "7. My date of birth", "8. My California driver's license")),
            E("the warning against a false statement", "Fam. Code §6552",
              ("Warning: Do not sign this form if any of the statements above are incorrect",)),
            E("declaration under penalty of perjury, signed by the caregiver", "Fam. Code §6552",
              ("under penalty of perjury under the laws of the State of California",
               "Signature of caregiver")),
            E("the notices: parents' rights unaffected, no further inquiry, one year",
              "Fam. Code §6552",
              ("does not affect the rights of the minor's parents",
               "no obligation to make any further inquiry",
               "not valid for more than one year after the date on which it is executed")),
            E("additional information to caregivers, school officials and health care "
              "providers", "Fam. Code §6552",
              ("To caregivers", "To school officials", "To health care providers")),
            E("'relative' for item 5 as amended by AB 495 (fifth degree of kinship)",
              "Fam. Code §6552 as amended by AB 495 (2025)", ("fifth degree of kinship",)),
        ),
        law_note="Follows the form of section 6552 as it read before 2026 (secondary copies), "
        "with the AB 495 changes that could be confirmed (relative within the fifth degree of "
        "kinship; no notary needed). The full text of section 6552 after AB 495 was not "
        "read: check it before relying on this form.",
    ),
)  # fmt: skip

#: Over this many days a New York designation needs the designee's written consent, the
#: parties' addresses and phones, the children's dates of birth and a notary (GOL 5-1552).
NY_SHORT_DAYS = 30


@dataclass(frozen=True)
class PlannedForm:
    spec: FormSpec
    ends: dt.date | None  # printed on the form; None: the law sets the end (see instructions)
    long_term: bool  # New York: the designation lasts over 30 days


@dataclass(frozen=True)
class LeftOut:
    """A form of the family's state that does not fit their situation, and why (a msgid)."""

    spec: FormSpec
    reason: str


def _same_person(a: str, b: str) -> bool:
    fold = lambda s: " ".join(unicodedata.normalize("NFKC", s).casefold().split())  # noqa: E731
    return fold(a) == fold(b)


def left_out_forms(family: Any) -> list[LeftOut]:
    """Forms of the family's state that do not fit the family, with the reason."""
    out = []
    if family.state == "MA" and not family.caregivers.primary.lives_with_children:
        spec = next(f for f in FORMS if f.key == "ma-201f")
        out.append(
            LeftOut(
                spec,
                N_(
                    "The Caregiver Authorization Affidavit is not in this packet: it is for a "
                    "caregiver the children live with, who signs that they live together. Your "
                    "caregiver does not live with the children now, so this packet has the "
                    "temporary agent delegation instead, which lasts 60 days. When the children "
                    "live with the caregiver, you can sign the affidavit, which lasts up to two "
                    "years. For longer care, ask a lawyer about naming a guardian."
                ),
            )
        )
    return out


def _add_days(day: dt.date, days: int) -> dt.date | None:
    try:
        return day + dt.timedelta(days=days)
    except OverflowError:
        return None


def plan_forms(family: Any, prepared: dt.date, filename: str | None = None) -> list[PlannedForm]:
    """The forms of the family's state that fit the family, checked against their laws.

    Every problem is reported at once, as one :class:`DataError`.
    """
    skipped = {f.spec.key for f in left_out_forms(family)}
    specs = [f for f in FORMS if f.state == family.state and f.key not in skipped]
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
                        "a witness may not be a caregiver named in the forms; "
                        "ask another adult to witness the signatures",
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
                            f"the {spec.title.lower()} lists each witness's number and street, "
                            f"city, state and ZIP code ({spec.citation}); add it or leave the "
                            "witnesses empty to write them by hand",
                            file=filename,
                        )
                    )
        form_end = None
        if spec.max_days is not None:
            latest = _add_days(prepared, spec.max_days)
            if latest is None:
                problems.append(
                    Problem(
                        "prepared",
                        f"'{prepared.isoformat()}' is too late a date for a form that can last "
                        f"{spec.max_days} days; use today's date or leave it empty",
                        file=filename,
                    )
                )
                continue
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
