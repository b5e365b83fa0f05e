"""Field by field: what is accepted, how it is normalised, and the exact message when it is not."""

from __future__ import annotations

import copy
import dataclasses
import json
from datetime import date
from pathlib import Path
from typing import Any, Callable

import pytest
import yaml

from kitgen.errors import DataError, Problem
from kitgen.family import SENSITIVE_FIELDS, Family, Phone, parse_family

SAMPLE = Path(__file__).resolve().parent.parent / "samples" / "families" / "boston-rivera-es.yaml"
BASE: dict[str, Any] = yaml.safe_load(SAMPLE.read_text(encoding="utf-8"))

STATUS = (
    "kitgen never asks for or stores immigration status: schools must not collect it, and "
    "written down it can put a family in danger; remove this field"
)
HOW_DATE = "write it as YYYY-MM-DD, e.g. 2015-06-03"
HOW_PHONE = "write it like 617-555-0134, or with + and the country code for a number abroad"


def encode(doc: dict[str, Any], filename: str) -> bytes:
    if filename.endswith(".json"):
        return json.dumps(doc, default=str).encode()
    return yaml.safe_dump(doc, allow_unicode=True, sort_keys=False).encode()


def family(change: Callable[[dict[str, Any]], object], filename: str = "family.json") -> Family:
    doc = copy.deepcopy(BASE)
    change(doc)
    return parse_family(encode(doc, filename), filename)


def problems(
    change: Callable[[dict[str, Any]], object], filename: str = "family.json"
) -> list[str]:
    with pytest.raises(DataError) as caught:
        family(change, filename)
    return [str(unlined(problem)) for problem in caught.value.problems]


def unlined(problem: Problem) -> Problem:
    """The problem without its line: these tests are about the messages (every JSON file here
    is one line; tests/test_cli_expect.py checks the lines of YAML and JSON files)."""
    return dataclasses.replace(problem, line=None)


def yaml_problems(old: bytes, new: bytes) -> list[str]:
    """Edit the sample's YAML text itself (to test how YAML spells a value)."""
    data = SAMPLE.read_bytes()
    assert old in data
    with pytest.raises(DataError) as caught:
        parse_family(data.replace(old, new, 1), "family.yaml")
    return [str(unlined(problem)) for problem in caught.value.problems]


def yaml_family(old: bytes, new: bytes) -> Family:
    data = SAMPLE.read_bytes()
    assert old in data
    return parse_family(data.replace(old, new, 1), "family.yaml")


# -- every problem at once -----------------------------------------------------------------------


def test_three_mistakes_give_three_problems() -> None:
    def change(doc: dict[str, Any]) -> None:
        doc["children"][1]["date_of_birth"] = "2025-02-30"
        doc["caregivers"]["primry"] = doc["caregivers"].pop("primary")
        doc["parents"][0]["phones"].append("617-555")

    with pytest.raises(DataError) as caught:
        family(change)
    assert caught.value.message == "family.json has 4 problems"
    assert [str(unlined(p)) for p in caught.value.problems] == [
        "family.json: parents[0].phones[1]: '617-555' is too short for a phone number; "
        + HOW_PHONE,
        "family.json: children[1].date_of_birth: '2025-02-30' is not a real date "
        f"(February 2025 has 28 days); {HOW_DATE}",
        "family.json: caregivers.primry: unknown field; did you mean 'primary'? "
        "Accepted: primary, backup",
        "family.json: caregivers.primary: required field is missing: the first person to call",
    ]


def test_exactly_three_problems() -> None:
    def change(doc: dict[str, Any]) -> None:
        doc["state"] = "Mass"
        doc["children"][0]["full_name"] = ["Sofía"]
        doc["memorize"].append({"name": "Third", "phone": "617-555-0199"})

    with pytest.raises(DataError) as caught:
        family(change)
    assert caught.value.message == "family.json has 3 problems"
    assert [str(unlined(p)) for p in caught.value.problems] == [
        "family.json: state: 'Mass' is not a US state code; write two letters, e.g. MA, CT, NY",
        "family.json: children[0].full_name: expected text, not a list",
        "family.json: memorize: has 3 entries; at most 2 are accepted",
    ]


def test_one_problem_is_singular() -> None:
    with pytest.raises(DataError) as caught:
        family(lambda doc: doc.update(state="ZZ"))
    assert caught.value.message == "family.json has 1 problem"


# -- keys ----------------------------------------------------------------------------------------


def test_unknown_field_without_a_close_match() -> None:
    assert problems(lambda doc: doc.update(favourite_color="blue")) == [
        "family.json: favourite_color: unknown field. Accepted: kitgen, language, state, "
        "region, prepared, "
        "family_name, print_sensitive, parents, children, caregivers, contacts, memorize, "
        "wishes, documents, money, address, forms"
    ]


def test_unknown_field_in_a_list_entry() -> None:
    assert problems(lambda doc: doc["children"][0].update(alergies=["milk"])) == [
        "family.json: children[0].alergies: unknown field; did you mean 'allergies'? Accepted: "
        "full_name, preferred_name, date_of_birth, school, grade, teacher, allergies, "
        "medications, conditions, none_known, doctor, insurance, routines, comfort_items"
    ]


@pytest.mark.parametrize(
    "key",
    ["immigration_status", "status", "visa_status", "legal_status", "citizenship_status",
     "undocumented", "daca", "DACA", "Immigration Status", "visa-status", "tps"],
)  # fmt: skip
def test_immigration_status_is_refused_at_the_top(key: str) -> None:
    assert problems(lambda doc: doc.update({key: "anything"})) == [f"family.json: {key}: {STATUS}"]


def test_immigration_status_is_refused_at_any_depth() -> None:
    def change(doc: dict[str, Any]) -> None:
        doc["parents"][0]["legal_status"] = "x"
        doc["children"][1]["citizenship_status"] = "x"
        doc["caregivers"]["backup"]["undocumented"] = False
        doc["notes"] = {"people": [{"visa_status": "x"}]}  # inside an unknown field too

    assert problems(change) == [
        f"family.json: parents[0].legal_status: {STATUS}",
        f"family.json: children[1].citizenship_status: {STATUS}",
        f"family.json: caregivers.backup.undocumented: {STATUS}",
        f"family.json: notes.people[0].visa_status: {STATUS}",
        "family.json: notes: unknown field. Accepted: kitgen, language, state, region, prepared, "
        "family_name, print_sensitive, parents, children, caregivers, contacts, memorize, "
        "wishes, documents, money, address, forms",
    ]


def test_a_status_message_never_repeats_the_value() -> None:
    (message,) = problems(lambda doc: doc.update(immigration_status="undocumented since 2019"))
    assert "2019" not in message


# -- required and counted ------------------------------------------------------------------------


def test_required_fields_missing_and_empty() -> None:
    def change(doc: dict[str, Any]) -> None:
        del doc["family_name"]
        doc["state"] = None
        doc["children"] = []
        doc["caregivers"]["primary"]["phones"] = []
        doc["parents"][1]["country_of_birth"] = "   "

    assert problems(change) == [
        "family.json: state: required field is empty: US state the family lives in: chooses "
        "the forms",
        "family.json: family_name: required field is missing: the family's name for the cover, "
        "e.g. Rivera Gómez",
        "family.json: parents[1].country_of_birth: required field is empty: country of birth, "
        "e.g. Guatemala",
        "family.json: children: required field is empty: each child (1 to 12)",
        "family.json: caregivers.primary.phones: required field is empty: phone numbers, "
        "e.g. [617-555-0172]",
    ]


def test_list_limits() -> None:
    def change(doc: dict[str, Any]) -> None:
        doc["children"] = [copy.deepcopy(doc["children"][0]) for _ in range(14)]
        doc["parents"] = [copy.deepcopy(doc["parents"][0]) for _ in range(6)]

    assert problems(change) == [
        "family.json: parents: has 6 entries; at most 4 are accepted",
        "family.json: children: has 14 entries; at most 12 are accepted",
    ]


def test_blank_entries_and_sections_are_left_out() -> None:
    def change(doc: dict[str, Any]) -> None:
        doc["contacts"].append({"type": None, "name": "", "phone": None, "notes": None})
        doc["children"][0]["allergies"] = ["", "peanuts", None]
        doc["wishes"] = {"school": None, "medical": "", "join_parents_abroad": None}
        doc["caregivers"]["backup"] = {"name": None, "phones": [], "languages": []}

    result = family(change)
    assert len(result.contacts) == 6
    assert result.children[0].allergies == ("peanuts",)
    assert result.wishes is None
    assert result.caregivers.backup is None


def test_required_when_other() -> None:
    def change(doc: dict[str, Any]) -> None:
        doc["documents"].append({"document": "other", "where_kept": "Red folder"})
        doc["money"].append({"item": "other", "access": "Ana Lucía"})

    assert problems(change) == [
        "family.json: documents[5].label: required when document is other: what the document "
        "is, in your words",
        "family.json: money[3].details: required when item is other: what the caregiver needs "
        "to know",
    ]


# -- choices and codes ---------------------------------------------------------------------------


def test_choices() -> None:
    def change(doc: dict[str, Any]) -> None:
        doc["contacts"][0]["type"] = "docter"
        doc["contacts"][1]["type"] = "Legal Aid"  # any case, spaces for underscores: accepted
        doc["contacts"][2]["type"] = "lawyer"
        doc["documents"][0]["document"] = "pasport"
        doc["caregivers"]["primary"]["may_decide"] = ["school", "School", "money"]

    assert problems(change) == [
        "family.json: caregivers.primary.may_decide[1]: 'school' is listed twice",
        "family.json: caregivers.primary.may_decide[2]: 'money' is not accepted. Accepted: "
        "school, medical, travel",
        "family.json: contacts[0].type: 'docter' is not accepted; did you mean 'doctor'? "
        "Accepted: school, doctor, attorney, legal_aid, consulate, family_abroad, work, other",
        "family.json: contacts[2].type: 'lawyer' is not accepted. Accepted: school, doctor, "
        "attorney, legal_aid, consulate, family_abroad, work, other",
        "family.json: documents[0].document: 'pasport' is not accepted; did you mean "
        "'passport'? Accepted: passport, passport_expired, id_card, birth_certificate, "
        "ssn_itin_card, work_permit, i94, caregiver_forms, health_care_proxy, school_records, "
        "medical_records, lease, bank_information, proof_of_time_in_us, pending_case_receipts, "
        "other",
    ]


@pytest.mark.parametrize(
    ("written", "wish"),
    [(b"yes", "yes"), (b"no", "no"), (b"No", "no"), (b'"no"', "no"), (b"undecided", "undecided")],
)
def test_join_parents_abroad_takes_yes_and_no_unquoted(written: bytes, wish: str) -> None:
    result = yaml_family(b"join_parents_abroad: undecided", b"join_parents_abroad: " + written)
    assert result.wishes is not None and result.wishes.join_parents_abroad == wish


@pytest.mark.parametrize(
    ("written", "code"),
    [("es", "es"), ("ES", "es"), ("zh-hans", "zh-Hans"), ("zh_Hans", "zh-Hans"),
     ("ZH-HANT", "zh-Hant"), ("Kea", "kea"), ("prs", "prs")],
)  # fmt: skip
def test_packet_language_is_normalised(written: str, code: str) -> None:
    assert family(lambda doc: doc.update(language=written)).language == code


ALL_LANGUAGES = (
    "en, es, pt, ht, kea, fr, vi, zh-Hans, zh-Hant, ar, so, ru, uk, ko, ja, tl, hmn, ur, bn, fa, "
    "prs, ps, ne, my, km, am, ti, pl, sw"
)


@pytest.mark.parametrize(
    ("written", "message"),
    [
        (
            "zh",
            "'zh' is not a packet language; did you mean 'zh-Hans' or 'zh-Hant'? "
            f"Accepted: {ALL_LANGUAGES}",
        ),
        (
            "Chinese",
            "'Chinese' is not a packet language; did you mean 'zh-Hans' or 'zh-Hant'? "
            f"Accepted: {ALL_LANGUAGES}",
        ),
        ("Spanish", "'Spanish' is a language name; write its code 'es'"),
        (
            "pt-BR",
            f"'pt-BR' is not a packet language; did you mean 'pt'? Accepted: {ALL_LANGUAGES}",
        ),
        ("Klingon", f"'Klingon' is not a packet language. Accepted: {ALL_LANGUAGES}"),
        ("de", f"'de' is not a packet language. Accepted: {ALL_LANGUAGES}"),
    ],
)
def test_packet_language_problems(written: str, message: str) -> None:
    assert problems(lambda doc: doc.update(language=written)) == [
        f"family.json: language: {message}"
    ]


def test_spoken_languages() -> None:
    result = family(lambda doc: doc["parents"][1].update(languages=["es", "mam", "QUC", "zh_hant"]))
    assert result.parents[1].languages == ("es", "mam", "quc", "zh-Hant")

    def change(doc: dict[str, Any]) -> None:
        doc["parents"][1]["languages"] = ["Spanish", "sp", "es", "ES", "español!"]

    assert problems(change) == [
        "family.json: parents[1].languages[0]: 'Spanish' is a language name; write its code 'es'",
        "family.json: parents[1].languages[1]: 'sp' is not a language code; write a code such "
        "as es, en or pt (ISO 639)",
        "family.json: parents[1].languages[3]: 'es' is listed twice",
        "family.json: parents[1].languages[4]: 'español!' is not a language code; write a code "
        "such as es, en or pt (ISO 639)",
    ]


def test_state_and_region() -> None:
    result = family(lambda doc: doc.update(state="ct", region=" Hartford "))
    assert (result.state, result.region) == ("CT", "hartford")
    assert family(lambda doc: doc.pop("region")).region is None
    assert problems(lambda doc: doc.update(state="Massachusetts", region="New York")) == [
        "family.json: state: 'Massachusetts' is a state's name; write its code 'MA'",
        "family.json: region: 'New York' is not a region name; write lower-case letters, "
        "digits and hyphens, e.g. nyc or boston",
    ]


def test_format_version() -> None:
    assert family(lambda doc: doc.update(kitgen="1")).kitgen == 1
    assert problems(lambda doc: doc.update(kitgen=2)) == [
        "family.json: kitgen: this file is format version 2, but this kitgen reads version 1; "
        "use a newer kitgen"
    ]
    assert problems(lambda doc: doc.update(kitgen="one")) == [
        "family.json: kitgen: 'one' is not a format version; write 1"
    ]
    assert problems(lambda doc: doc.update(kitgen=True)) == [
        "family.json: kitgen: true/false is not a format version; write 1"
    ]


def test_print_sensitive_must_be_true_or_false() -> None:
    assert problems(lambda doc: doc.update(print_sensitive="yes")) == [
        "family.json: print_sensitive: expected true or false, not 'yes'"
    ]
    assert family(lambda doc: doc.pop("print_sensitive")).print_sensitive is False


# -- dates ---------------------------------------------------------------------------------------


@pytest.mark.parametrize(
    ("written", "message"),
    [
        ("2025-02-30", f"'2025-02-30' is not a real date (February 2025 has 28 days); {HOW_DATE}"),
        ("2023-02-29", f"'2023-02-29' is not a real date (February 2023 has 28 days); {HOW_DATE}"),
        ("2015-04-31", f"'2015-04-31' is not a real date (April 2015 has 30 days); {HOW_DATE}"),
        ("2015-13-01", f"'2015-13-01' is not a real date (there is no month 13); {HOW_DATE}"),
        ("2015-00-10", f"'2015-00-10' is not a real date (there is no month 0); {HOW_DATE}"),
        ("0000-01-01", f"'0000-01-01' is not a real date (there is no year 0); {HOW_DATE}"),
        ("06/03/2015", f"'06/03/2015' is not written as year-month-day; {HOW_DATE}"),
        ("2015-6-3", f"'2015-6-3' is not written as year-month-day; {HOW_DATE}"),
        (20150603, f"the number 20150603 is not written as year-month-day; {HOW_DATE}"),
        ("2999-01-01", "'2999-01-01' is in the future; a date of birth cannot be"),
        ("1850-01-01", "'1850-01-01' is before 1900; check the year"),
    ],
)
def test_birth_dates(written: object, message: str) -> None:
    def change(doc: dict[str, Any]) -> None:
        doc["children"][1]["date_of_birth"] = written

    assert problems(change) == [f"family.json: children[1].date_of_birth: {message}"]
    assert problems(change, "family.yaml") == [f"family.yaml: children[1].date_of_birth: {message}"]


def test_days_per_month_and_month_names_are_the_calendars() -> None:
    """The reader counts a month's days and names it itself (sparing the calendar module's
    import); its answers are the calendar's for every month a date can be written in."""
    import calendar

    from kitgen.family.fields import _MONTHS, _days_in

    assert list(_MONTHS) == list(calendar.month_name)[1:]
    for year in range(1, 10000):
        for month in range(1, 13):
            assert _days_in(year, month) == calendar.monthrange(year, month)[1], (year, month)
    leap_day = family(lambda doc: doc["children"][1].update(date_of_birth="2000-02-29"))
    assert leap_day.children[1].date_of_birth == date(2000, 2, 29)
    assert problems(lambda doc: doc["children"][1].update(date_of_birth="1900-02-29")) == [
        "family.json: children[1].date_of_birth: '1900-02-29' is not a real date "
        f"(February 1900 has 28 days); {HOW_DATE}"
    ]


def test_dates_in_yaml_and_json() -> None:
    result = family(
        lambda doc: doc["children"][0].update(date_of_birth="2016-02-29"), "family.json"
    )
    assert result.children[0].date_of_birth == date(2016, 2, 29)
    assert yaml_family(b"prepared: 2026-11-02", b"prepared: '2026-11-02'").prepared == date(
        2026, 11, 2
    )
    assert yaml_family(b"prepared: 2026-11-02", b"prepared:").prepared is None
    assert yaml_problems(b"prepared: 2026-11-02", b"prepared: 2026-11-02 10:30:00") == [
        f"family.yaml: prepared: '2026-11-02 10:30:00' is not written as year-month-day; {HOW_DATE}"
    ]


# -- phones --------------------------------------------------------------------------------------


@pytest.mark.parametrize(
    ("written", "e164", "display"),
    [
        ("617-555-0134", "+16175550134", "(617) 555-0134"),
        ("(617) 555-0134", "+16175550134", "(617) 555-0134"),
        ("617.555.0134", "+16175550134", "(617) 555-0134"),
        ("+1 617 555 0134", "+16175550134", "(617) 555-0134"),
        (6175550134, "+16175550134", "(617) 555-0134"),
        ("+503 2555 0100", "+50325550100", "+503 2555 0100"),
        ("+55 31 3555-0100", "+553135550100", "+55 31 3555-0100"),
        ("800-USA-LEARN", "+18008725327", "(800) 872-5327"),
        ("860-695-8400", "+18606958400", "(860) 695-8400"),
        ("212-555-0147 ext. 214", "+12125550147", "(212) 555-0147 ext. 214"),
        ("٦١٧٥٥٥٠١٣٤", "+16175550134", "(617) 555-0134"),
    ],
)
def test_phone_normalisation(written: object, e164: str, display: str) -> None:
    result = family(lambda doc: doc["parents"][0].update(phones=[written]))
    (phone,) = result.parents[0].phones
    assert (phone.e164, phone.display, str(phone)) == (e164, display, display)


def test_phone_extension() -> None:
    result = family(lambda doc: doc["contacts"][5].update(phone="781-555-0123 x 12"))
    assert result.contacts[5].phone == Phone("+17815550123", "(781) 555-0123 ext. 12", "12")


@pytest.mark.parametrize(
    ("written", "message"),
    [
        ("555-0134", "'555-0134' needs its area code; write it like 617-555-0134"),
        ("617-555", f"'617-555' is too short for a phone number; {HOW_PHONE}"),
        ("617-555-01344", f"'617-555-01344' is too long for a phone number; {HOW_PHONE}"),
        ("(123) 555-0134", "'(123) 555-0134' has a US area code that cannot start with 0 or 1; "
                           + HOW_PHONE),
        ("617-055-0134", "'617-055-0134' has a US exchange (the 3 digits after the area code) "
                         f"that cannot start with 0 or 1; {HOW_PHONE}"),
        ("+999 1234 5678", "'+999 1234 5678' does not start with a real country code after +; "
                           + HOW_PHONE),
        ("call Ana", f"'call Ana' is not a phone number; {HOW_PHONE}"),
        ("+", f"'+' is not a phone number; {HOW_PHONE}"),
    ],
)  # fmt: skip
def test_bad_phones_name_the_field(written: str, message: str) -> None:
    def change(doc: dict[str, Any]) -> None:
        doc["parents"][0]["phones"] = ["617-555-0134", written]

    assert problems(change) == [f"family.json: parents[0].phones[1]: {message}"]


# -- text ----------------------------------------------------------------------------------------


def test_text_is_nfc_and_trimmed() -> None:
    decomposed = "Rivera Go\u0301mez  "
    result = family(lambda doc: doc.update(family_name=decomposed))
    assert result.family_name == "Rivera Gómez"


def test_numbers_are_text_where_text_is_expected() -> None:
    assert yaml_family(b'grade: "5"', b"grade: 5").children[0].grade == "5"
    # YAML 1.1 would read these as 8 and 450: they stay as written.
    assert yaml_family(b'grade: "5"', b"grade: 010").children[0].grade == "010"
    routines = yaml_family(b"routines: Walks", b"routines: 7:30 Walks").children[0].routines
    assert routines is not None and routines.startswith("7:30 Walks")
    assert yaml_family(b'grade: "5"', b"grade: 5.5").children[0].grade == "5.5"


@pytest.mark.parametrize("word", [b"no", b"No", b"yes", b"off", b"ON", b"true"])
def test_yaml_booleans_in_text_fields(word: bytes) -> None:
    assert yaml_problems(b"country_of_birth: Guatemala", b"country_of_birth: " + word) == [
        "family.yaml: parents[1].country_of_birth: expected text, not true/false: YAML reads "
        'yes, no, on, off, true and false as true/false, so write the word in quotes, e.g. "no"'
    ]


def test_quoted_no_is_text() -> None:
    result = yaml_family(b"country_of_birth: Guatemala", b'country_of_birth: "NO"')
    assert result.parents[1].country_of_birth == "NO"


def test_structures_where_text_is_expected() -> None:
    def change(doc: dict[str, Any]) -> None:
        doc["caregivers"]["primary"]["name"] = ["a"]
        doc["caregivers"]["primary"]["relationship"] = {"aunt": True}

    assert problems(change) == [
        "family.json: caregivers.primary.name: expected text, not a list",
        "family.json: caregivers.primary.relationship: expected text, not a set of fields",
    ]


def test_structures_where_a_list_or_record_is_expected() -> None:
    def change(doc: dict[str, Any]) -> None:
        doc["children"][0]["allergies"] = "peanuts"
        doc["children"][0]["doctor"] = "Dr. Park"
        doc["parents"] = {"legal_name": "x"}

    assert problems(change) == [
        "family.json: parents: expected a list, not a set of fields: write each entry on its "
        "own line starting with '- ', or [a, b]",
        "family.json: children[0].allergies: expected a list, not 'peanuts': write each entry "
        "on its own line starting with '- ', or [a, b]",
        "family.json: children[0].doctor: expected fields (like 'name: ...'), not 'Dr. Park'",
    ]


@pytest.mark.parametrize(
    ("value", "message"),
    [
        ("Rivera\x07", "contains the control character U+0007; remove it"),
        ("Rivera\tGómez", "contains the control character U+0009; remove it"),
        ("Riv\x85era", "contains the control character U+0085; remove it"),
        ("Rivera\x1b[31m", "contains the control character U+001B; remove it"),
        ("Rivera\nGómez", "must fit on one line; remove the line break"),
        ("Rivera\u2028Gómez", "must fit on one line; remove the line break"),
        ("Rivera\ud800", "contains an unpaired surrogate U+D800 (text broken by a bad copy or "
                         "conversion); type it again"),
        ("Rivera\ufffe", "contains the noncharacter U+FFFE; remove it"),
        ("Rivera\U0010ffff", "contains the noncharacter U+10FFFF; remove it"),
        ("R" * 201, "is too long: 201 characters; the limit is 200"),
        ("R" * 10_000, "is too long: 10000 characters; the limit is 200"),
    ],
)  # fmt: skip
def test_bad_characters_name_the_field_and_code_point(value: str, message: str) -> None:
    assert problems(lambda doc: doc.update(family_name=value), "family.json") == [
        f"family.json: family_name: {message}"
    ]


def test_long_values_are_never_echoed() -> None:
    (message,) = problems(lambda doc: doc.update(family_name="Secret " * 1000))
    assert "Secret" not in message


def test_multiline_fields_keep_lines() -> None:
    def change(doc: dict[str, Any]) -> None:
        doc["children"][0]["routines"] = "Breakfast at 7.\r\nBus at 7:30.\rBed at 8:30.\n"
        doc["wishes"]["other"] = "x" * 2000

    result = family(change, "family.json")
    assert result.children[0].routines == "Breakfast at 7.\nBus at 7:30.\nBed at 8:30."
    assert problems(lambda doc: doc["wishes"].update(other="x" * 2001)) == [
        "family.json: wishes.other: is too long: 2001 characters; the limit is 2000"
    ]
    assert problems(lambda doc: doc["wishes"].update(other="ok\x07"), "family.json") == [
        "family.json: wishes.other: contains the control character U+0007; remove it"
    ]


def test_bidi_marks_and_other_scripts_are_text() -> None:
    name = "\u200fعائلة\u200f Rivera 李 \U0001f600"
    assert family(lambda doc: doc.update(family_name=name), "family.json").family_name == name


# -- sensitive fields ----------------------------------------------------------------------------


def test_sensitive_fields_are_listed_from_the_table() -> None:
    assert SENSITIVE_FIELDS == (
        "parents[].a_number",
        "children[].insurance.member_id",
        "documents[].number",
    )


def test_sensitive_values_are_kept_but_not_printed_by_default() -> None:
    def change(doc: dict[str, Any]) -> None:
        doc["parents"][0]["a_number"] = "a 12345678"
        doc["parents"][1]["a_number"] = "A123-456-789"
        doc["children"][0]["insurance"]["member_id"] = "MH 0000 1111"
        doc["documents"][0]["number"] = "X0000000"

    result = family(change)
    assert [p.a_number for p in result.parents] == ["A012-345-678", "A123-456-789"]
    assert result.print_sensitive is False
    assert result.sensitive(result.parents[0].a_number) is None
    insurance = result.children[0].insurance
    assert insurance is not None and insurance.member_id == "MH 0000 1111"
    assert result.sensitive(insurance.member_id) is None
    # never in a repr, so never in a log or a traceback
    assert "345" not in repr(result) and "1111" not in repr(result) and "X000" not in repr(result)

    shown = family(lambda doc: (change(doc), doc.update(print_sensitive=True)))
    assert shown.sensitive(shown.parents[0].a_number) == "A012-345-678"
    assert shown.sensitive(shown.documents[0].number) == "X0000000"


def test_a_bad_a_number_is_not_echoed() -> None:
    assert problems(lambda doc: doc["parents"][0].update(a_number="A12345")) == [
        "family.json: parents[0].a_number: is not an A-number; write A followed by 8 or 9 "
        "digits, e.g. A123-456-789"
    ]


def test_the_model_is_frozen() -> None:
    result = family(lambda doc: None)
    with pytest.raises(AttributeError):
        result.family_name = "Other"  # type: ignore[misc]
    assert isinstance(result.children, tuple) and isinstance(result.children[0].allergies, tuple)
