"""State caregiver forms: each contains what its statute requires, and the rules are enforced."""

from __future__ import annotations

import dataclasses
import datetime as dt
import functools

import pytest
from conftest import SAMPLES, pdftotext, squash

from kitgen.content import document as d
from kitgen.content.forms import FORMS
from kitgen.content.packet import packet_document
from kitgen.content.regions import region
from kitgen.errors import DataError
from kitgen.family import CaregiverForms, Witness, load_family
from kitgen.i18n import language
from kitgen.packet import build_packet

PREPARED = dt.date(2026, 11, 2)


def family_in(state: str, *, lives_with: bool = True, **changes):
    """The Rivera family moved to ``state``; by default their caregiver lives with them."""
    base = load_family(SAMPLES / "boston-rivera-es.yaml")
    caregivers = dataclasses.replace(
        base.caregivers,
        primary=dataclasses.replace(base.caregivers.primary, lives_with_children=lives_with),
    )
    return dataclasses.replace(base, state=state, region=None, caregivers=caregivers, **changes)


def texts_of(blocks) -> list[str]:
    out = []
    for block in blocks:
        if isinstance(block, d.Box | d.Keep):
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


#: A sample family of each state, and the form pages printed for it.
STATE_SAMPLES = {
    "MA": "boston-chen-zh-hant.yaml",  # the grandmother lives with the children
    "CT": "hartford-santos-pt.yaml",
    "NY": "newyork-nguyen-vi.yaml",
    "CA": "california-reyes-tl.yaml",
}


def _values(family) -> dict[str, str]:
    """What the ``{...}`` placeholders of an element's ``shows`` stand for in ``family``."""
    english_date = lambda day: f"{day:%B} {day.day}, {day.year}"  # noqa: E731
    primary = family.caregivers.primary
    return {
        "parent": family.parents[0].legal_name,
        "parent_phone": family.parents[0].phones[0].display,
        "caregiver": primary.name,
        "caregiver_address": primary.address,
        "caregiver_phone": primary.phones[0].display,
        "caregiver_relationship": primary.relationship,
        "child": family.children[0].full_name,
        "child_dob": english_date(family.children[0].date_of_birth),
    }


@functools.cache
def _packet_pages(state: str) -> tuple[tuple[str, ...], dict[str, str]]:
    family = load_family(SAMPLES / STATE_SAMPLES[state])
    pages = pdftotext(build_packet(family, prepared=PREPARED)).split("\f")
    return tuple(squash(p) for p in pages), _values(family)


def english_form_text(spec) -> str:
    """The rendered English pages of one form, from its first page to the next section."""
    pages, _ = _packet_pages(spec.state)
    marker = "Draft form prepared by kitgen: not reviewed by an attorney."
    starts = [i for i, p in enumerate(pages) if spec.citation in p and marker in p]
    assert starts, f"no English page of {spec.key}"
    out = [pages[starts[0]]]
    for page in pages[starts[0] + 1 :]:
        if marker in page or "Translation for understanding only" in page:
            break
        out.append(page)
    return " ".join(out)


ELEMENTS = [(f, i) for f in FORMS for i in range(len(f.elements))]


@pytest.mark.parametrize("spec, index", ELEMENTS, ids=[f"{f.key}-{i + 1}" for f, i in ELEMENTS])
def test_each_element_the_law_requires_is_on_the_printed_english_form(spec, index):
    element = spec.elements[index]
    text = english_form_text(spec)
    values = _packet_pages(spec.state)[1]
    missing = [s.format(**values) for s in element.shows if s.format(**values) not in text]
    assert not missing, f"{spec.key}: {element.what} ({element.cite})"


def _checks(blocks):
    for block in blocks:
        if isinstance(block, d.Check):
            yield block
        elif isinstance(block, d.Box | d.Keep):
            yield from _checks(block.blocks)


@pytest.mark.parametrize("spec", FORMS, ids=[f.key for f in FORMS])
def test_no_box_is_ticked_for_the_family(spec):
    family = family_in(spec.state)
    doc = packet_document(
        family, language("es"), region=region(None), prepared=PREPARED, draft_note=False
    )
    (section,) = [s for s in doc.sections if s.key == f"form-{spec.key}"]
    boxes = list(_checks(section.blocks))
    assert not any(b.checked for b in boxes)
    if spec.key in ("ct-624b", "ny-1726", "ca-6550"):
        assert len(boxes) >= 3  # the contingencies or items 5 and 6 are there, unticked


@pytest.mark.parametrize("spec", FORMS, ids=[f.key for f in FORMS])
def test_every_form_says_it_is_a_draft_until_an_attorney_reviews_it(spec):
    assert spec.review.status == "draft"
    pages, _ = _packet_pages(spec.state)
    instructions = "This form has not been reviewed by an attorney."
    assert any(instructions in p and spec.citation in p for p in pages)


def test_the_forms_that_do_not_fit_a_family_are_explained_not_printed():
    # Rivera: the aunt lives in another household, so the affidavit (c.201F §1) does not fit
    family = load_family(SAMPLES / "boston-rivera-es.yaml")
    keys = section_keys(family)
    assert "form-ma-201f" not in keys and "form-ma-190b" in keys
    text = squash(pdftotext(build_packet(family, lang="en", prepared=PREPARED)))
    assert "The Caregiver Authorization Affidavit is not in this packet" in text
    lives_with = dataclasses.replace(
        family,
        caregivers=dataclasses.replace(
            family.caregivers,
            primary=dataclasses.replace(family.caregivers.primary, lives_with_children=True),
        ),
    )
    assert "form-ma-201f" in section_keys(lives_with)


def test_one_signature_line_for_each_parent():
    family = load_family(SAMPLES / "boston-rivera-es.yaml")
    family = dataclasses.replace(
        family,
        caregivers=dataclasses.replace(
            family.caregivers,
            primary=dataclasses.replace(family.caregivers.primary, lives_with_children=True),
        ),
    )
    assert len(family.parents) == 2
    doc = packet_document(
        family, language("es"), region=region(None), prepared=PREPARED, draft_note=False
    )
    (section,) = [s for s in doc.sections if s.key == "form-ma-201f"]
    flat = [
        b for top in section.blocks for b in (top.blocks if isinstance(top, d.Keep) else (top,))
    ]  # witness and notary blocks sit inside <keep>
    lines = [b for b in flat if isinstance(b, d.Signature)]
    labels = [" ".join(t.plain for t in b.label) for b in lines]
    assert labels.count("Signature of parent") == 2
    assert labels.count("Signature of caregiver") == 1
    assert labels.count("Signature of witness") == 2


def test_connecticut_gives_the_statutory_duration_never_until_revoked():
    pages, _ = _packet_pages("CT")
    text = " ".join(pages)
    assert "lasts at most one year" in text and "90 days" in text
    assert "Probate Court" in text


def test_new_york_explains_the_designation_ends_on_death_or_incapacity():
    pages, _ = _packet_pages("NY")
    text = " ".join(pages)
    assert "ends if the parent who signed it dies or becomes incapacitated" in text
    assert "school district does not change" in text


def test_california_gives_the_parent_a_plain_statement_and_no_revocation():
    family = load_family(SAMPLES / "california-reyes-tl.yaml")
    keys = section_keys(family)
    assert "form-ca-6550" in keys and "form-ca-6550-revocation" not in keys
    pages, _ = _packet_pages("CA")
    text = " ".join(pages)
    assert "this packet has no form for you, the parent, to sign" in text
    # one affidavit for each child: "Name of minor" is singular in the statutory form
    assert english_form_text(FORMS[-1]).count("1. Name of minor") == len(family.children)
    assert "This form ends on" not in english_form_text(FORMS[-1])


#: Phrases that made a form wrong (issue 8); none may come back on any form page.
REMOVED = [
    "cannot be found",  # not a consent exception in C.G.S. §45a-624a
    "lasts until you revoke it",  # Connecticut's designation has statutory limits
    "Signed and sworn to before me",  # New York designations are acknowledged
    "with the revocation form that follows it",  # not every form has one
]


@pytest.mark.parametrize("state", sorted(STATE_SAMPLES))
def test_no_form_page_carries_a_removed_phrase(state):
    pages, _ = _packet_pages(state)
    text = " ".join(pages)
    assert [p for p in REMOVED if p in text] == []


def test_kitgen_forms_lists_statute_law_date_and_review_status():
    from click.testing import CliRunner

    from kitgen.cli import main

    result = CliRunner().invoke(main, ["forms", "--elements"])
    assert result.exit_code == 0, result.output
    for f in FORMS:
        assert f.key in result.output and f.citation in result.output
        assert f.law_date in result.output
        for e in f.elements:
            assert e.cite in result.output
    assert result.output.count("draft (not reviewed by an attorney)") == len(FORMS)
    assert "AB 495" in result.output


def test_validate_applies_the_same_form_rules_as_packet(tmp_path):
    from click.testing import CliRunner

    from kitgen.cli import main

    text = (SAMPLES / "boston-rivera-es.yaml").read_text(encoding="utf-8")
    bad = text.replace("money:", "forms:\n  witnesses:\n    - {name: Ana Lucía Gómez}\n\nmoney:", 1)
    path = tmp_path / "family.yaml"
    path.write_text(bad, encoding="utf-8")
    runner = CliRunner()
    for command in (["validate", str(path)], ["packet", str(path), "-o", str(tmp_path / "p.pdf")]):
        result = runner.invoke(main, command)
        assert result.exit_code == 1, command
        assert "forms.witnesses[0].name: a witness may not be a caregiver" in result.output
    assert not (tmp_path / "p.pdf").exists()


def test_a_state_without_forms_gets_a_page_naming_it():
    keys = section_keys(family_in("TX"))
    assert "state-forms" in keys and not any(k.startswith("form-") for k in keys)


def test_signature_witness_and_notary_blocks_are_never_prefilled():
    family = family_in("MA", forms=CaregiverForms(witnesses=(Witness(name="Rosa Testigo"),)))
    text = form_text(family, "ma-190b")
    assert "Rosa Testigo" not in text  # the witness is named only in the instructions
    assert "Rosa Testigo" in form_text(family, "ma-190b-instructions")


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
        # a revocation page only where the parent signed and the law lets them revoke
        spec = next(f for f in FORMS if f.key == form)
        assert (f"form-{form}-revocation" in keys) == spec.revocable_by_parent


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
    family = family_in("MA", forms=CaregiverForms(witnesses=(Witness(name="ana lucía  GÓMEZ"),)))
    assert errors(family) == [
        "family.yaml: forms.witnesses[0].name: a witness may not be a caregiver named in the "
        "forms; ask another adult to witness the signatures"
    ]


def test_forms_cannot_last_longer_than_the_law_allows():
    family = family_in("MA", forms=CaregiverForms(ends=dt.date(2029, 1, 1)))
    assert errors(family) == [
        "family.yaml: forms.ends: '2029-01-01' is too late: the caregiver authorization affidavit "
        "lasts at most 730 days (Massachusetts General Laws chapter 201F, section 5); choose "
        "2028-11-01 or earlier, or leave it empty"
    ]
    family = family_in("NY", forms=CaregiverForms(ends=dt.date(2028, 1, 1)))
    assert "lasts at most 365 days" in errors(family)[0]


def test_a_prepared_date_near_the_end_of_the_calendar_is_a_clear_error():
    family = family_in("MA")
    with pytest.raises(DataError) as info:
        packet_document(
            family, language("es"), region=region(None), prepared=dt.date(9999, 6, 1),
            draft_note=False, filename="family.yaml",
        )  # fmt: skip
    assert "prepared: '9999-06-01' is too late a date" in str(info.value.problems[0])


def test_connecticut_witnesses_need_addresses():
    family = family_in("CT", forms=CaregiverForms(witnesses=(Witness(name="Rosa Testigo"),)))
    assert errors(family) == [
        "family.yaml: forms.witnesses[0].address: the designation of a standby guardian lists "
        "each witness's number and street, city, state and ZIP code (Connecticut General "
        "Statutes sections 45a-624 to 45a-624g (form: section 45a-624b)); add it or leave the "
        "witnesses empty to write them by hand"
    ]


def test_end_date_must_be_after_the_date_prepared():
    family = family_in("NY", forms=CaregiverForms(ends=PREPARED))
    assert errors(family)[0].startswith("family.yaml: forms.ends: '2026-11-02' is not after")


def test_hartford_packet_prints_the_connecticut_forms():
    family = load_family(SAMPLES / "hartford-santos-pt.yaml")
    text = squash(pdftotext(build_packet(family)))
    assert "Designation of a standby guardian" in text
    assert "45a-624c" in text
