"""State caregiver forms: each contains what its statute requires, and the rules are enforced."""

from __future__ import annotations

import dataclasses
import datetime as dt

import pytest

from kitgen.content import document as d
from kitgen.content.packet import packet_document
from kitgen.content.regions import region
from kitgen.errors import DataError
from kitgen.family import CaregiverForms, Witness, load_family
from kitgen.i18n import language
from kitgen.packet import build_packet

from conftest import SAMPLES, pdftotext, squash

PREPARED = dt.date(2026, 11, 2)


def family_in(state: str, **changes):
    base = load_family(SAMPLES / "boston-rivera-es.yaml")
    return dataclasses.replace(base, state=state, region=None, **changes)


def texts_of(blocks) -> list[str]:
    out = []
    for block in blocks:
        if isinstance(block, d.Box):
            out += texts_of(block.blocks)
        elif isinstance(block, d.FieldGroup):
            for t in block.title or ():
                out.append(t.plain)
            for f in block.fields:
                out += [t.plain for t in f.label] + [t.plain for t in f.value or ()]
        elif isinstance(block, d.Signature):
            out += [t.plain for t in block.label + block.date_label]
        elif hasattr(block, "texts"):
            out += [t.plain for t in block.texts]
    return out


def form_text(family, key: str) -> str:
    doc = packet_document(
        family, language("es"), region=region(None), prepared=PREPARED, draft_note=False
    )
    (section,) = [s for s in doc.sections if s.key == f"form-{key}"]
    return " ".join([t.plain for t in section.title] + texts_of(section.blocks))


def section_keys(family) -> list[str]:
    doc = packet_document(
        family, language("es"), region=region(None), prepared=PREPARED, draft_note=False
    )
    return [s.key for s in doc.sections]


COMMON = ["María Elena Gómez Rivera", "Ana Lucía Gómez", "Sofía Rivera Gómez", "Mateo Rivera Gómez"]

#: What each statute requires the form to contain (shared/DOMAIN.md), as text on the form.
CHECKLISTS = {
    "ma-201f": COMMON + [
        "chapter 201F", "(617) 555-0134", "12 Example Street", "(617) 555-0172",
        "June 3, 2015", "January 21, 2018", "Relationship to the children", "Aunt",
        "No court order is in effect", "Education", "Health care", "Limits",
        "not using this affidavit to avoid the law or to choose a school",
        "pains and penalties of perjury", "Caregiver's acceptance", "Witness: printed name",
        "Notary", "This form ends on November 1, 2028",
    ],
    "ma-190b": COMMON + [
        "chapter 190B, section 5-103", "temporary agent", "60 days",
        "Temporary agent's acceptance", "Witness: printed name",
    ],
    "ct-624b": COMMON + [
        "45a-624b", "Standby guardian", "12 Example Street", "Triggering events",
        "detention", "removal", "Consent of the parents", "Witness: address", "Date",
    ],
    "ct-624c": ["45a-624c", "Ana Lucía Gómez", "triggering event", "Signature of standby guardian"],
    "ny-5-1551": COMMON + [
        "5-1551", "Designee", "(617) 555-0134", "(617) 555-0172", "June 3, 2015",
        "Starts on", "12 months", "No court order is in effect", "Designee's consent", "Notary",
    ],
    "ny-1726": COMMON + [
        "section 1726", "Administrative separation", "Alternate standby guardian",
        "Carmen Duarte", "60 days", "Witness: printed name",
    ],
    "ca-6550": [
        "Family Code sections 6550 and 6552", "Sofía Rivera Gómez", "June 3, 2015",
        "Ana Lucía Gómez", "12 Example Street", "one year", "penalty of perjury",
        "Signature of caregiver",
    ],
}
STATE_OF = {"ma": "MA", "ct": "CT", "ny": "NY", "ca": "CA"}


@pytest.mark.parametrize("key", sorted(CHECKLISTS))
def test_form_contains_every_element_its_statute_requires(key):
    text = form_text(family_in(STATE_OF[key[:2]]), key)
    missing = [item for item in CHECKLISTS[key] if item not in text]
    assert not missing


@pytest.mark.parametrize(
    "state, forms",
    [("MA", ["ma-201f", "ma-190b"]), ("CT", ["ct-624b", "ct-624c"]),
     ("NY", ["ny-5-1551", "ny-1726"]), ("CA", ["ca-6550"])],
)  # fmt: skip
def test_each_form_comes_with_instructions_translation_and_revocation(state, forms):
    keys = section_keys(family_in(state))
    for form in forms:
        for part in ("-instructions", "", "-translation"):
            assert f"form-{form}{part}" in keys
        # the parent can revoke what the parent signed; the caregiver signs the others
        signed_by_parent = form not in ("ct-624c", "ca-6550")
        assert (f"form-{form}-revocation" in keys) == signed_by_parent


def test_a_state_without_forms_gets_a_page_naming_it():
    keys = section_keys(family_in("TX"))
    assert "state-forms" in keys and not any(k.startswith("form-") for k in keys)


def test_signature_witness_and_notary_blocks_are_never_prefilled():
    family = family_in(
        "MA", forms=CaregiverForms(witnesses=(Witness(name="Rosa Testigo"),))
    )
    text = form_text(family, "ma-201f")
    assert "Rosa Testigo" not in text  # the witness is named only in the instructions
    assert "Rosa Testigo" in form_text(family, "ma-201f-instructions")


def test_short_new_york_designation_needs_no_consent_or_notary():
    family = family_in("NY", forms=CaregiverForms(ends=PREPARED + dt.timedelta(days=20)))
    text = form_text(family, "ny-5-1551")
    assert "Designee's consent" not in text and "Notary" not in text


def errors(family) -> list[str]:
    with pytest.raises(DataError) as info:
        packet_document(
            family, language("es"), region=region(None), prepared=PREPARED,
            draft_note=False, filename="family.yaml",
        )  # fmt: skip
    return [str(p) for p in info.value.problems]


def test_a_witness_may_not_be_the_caregiver():
    family = family_in(
        "MA", forms=CaregiverForms(witnesses=(Witness(name="ana lucía  GÓMEZ"),))
    )
    assert errors(family) == [
        "family.yaml: forms.witnesses[0].name: a witness may not be the caregiver named in the "
        "form; ask another adult to witness the signature"
    ]


def test_forms_cannot_last_longer_than_the_law_allows():
    family = family_in("MA", forms=CaregiverForms(ends=dt.date(2029, 1, 1)))
    assert errors(family) == [
        "family.yaml: forms.ends: '2029-01-01' is too late: the caregiver authorization affidavit "
        "lasts at most 730 days (Massachusetts General Laws chapter 201F, section 5); choose "
        "2028-11-01 or earlier, or leave it empty"
    ]
    family = family_in("CA", forms=CaregiverForms(ends=dt.date(2028, 1, 1)))
    assert "lasts at most 365 days" in errors(family)[0]


def test_connecticut_witnesses_need_addresses():
    family = family_in("CT", forms=CaregiverForms(witnesses=(Witness(name="Rosa Testigo"),)))
    assert errors(family) == [
        "family.yaml: forms.witnesses[0].address: the designation of a standby guardian lists "
        "each witness's address (Connecticut General Statutes sections 45a-624 to 45a-624g "
        "(form: section 45a-624b)); add it or leave the witnesses empty to write them by hand"
    ]


def test_end_date_must_be_after_the_date_prepared():
    family = family_in("NY", forms=CaregiverForms(ends=PREPARED))
    assert errors(family)[0].startswith("family.yaml: forms.ends: '2026-11-02' is not after")


def test_hartford_packet_prints_the_connecticut_forms():
    family = load_family(SAMPLES / "hartford-santos-pt.yaml")
    text = squash(pdftotext(build_packet(family)))
    assert "Designation of a standby guardian" in text
    assert "45a-624c" in text
