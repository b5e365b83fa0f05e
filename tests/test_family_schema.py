"""The samples, the JSON Schema and the blank file: all three agree with the one field table."""

from __future__ import annotations

import dataclasses
import json
import re
from datetime import date
from pathlib import Path
from typing import Any

import pytest
import yaml

from kitgen.errors import DataError, UsageError
from kitgen.family import Family, blank_family_yaml, family_schema, load_family, model, parse_family
from kitgen.family.codes import PACKET_LANGUAGES
from kitgen.family.reader import read_document

SAMPLES = sorted((Path(__file__).resolve().parent.parent / "samples" / "families").glob("*.yaml"))


def sample(name: str) -> Path:
    return next(path for path in SAMPLES if path.name == name)


# -- samples -------------------------------------------------------------------------------------


def test_the_issue_samples_are_there() -> None:
    names = [path.name for path in SAMPLES]
    for name in ("boston-rivera-es.yaml", "hartford-santos-pt.yaml", "newyork-nguyen-vi.yaml"):
        assert name in names


@pytest.mark.parametrize("path", SAMPLES, ids=lambda path: path.name)
def test_each_sample_loads(path: Path) -> None:
    family = load_family(path)
    assert isinstance(family, Family)
    assert family.print_sensitive is False
    assert all(parent.a_number is None for parent in family.parents)


@pytest.mark.parametrize("path", SAMPLES, ids=lambda path: path.name)
def test_each_sample_uses_only_fictional_or_seeded_numbers(path: Path) -> None:
    real = {"+18606958400"}  # Hartford Public Schools Welcome Center (shared/seeds/003)
    family = load_family(path)
    phones = [p for parent in family.parents for p in parent.phones]
    phones += [c.phone for c in family.contacts] + [m.phone for m in family.memorize]
    phones += [
        p for c in (family.caregivers.primary, family.caregivers.backup) if c for p in c.phones
    ]
    phones += [
        child.doctor.phone for child in family.children if child.doctor and child.doctor.phone
    ]
    for phone in phones:
        assert (
            phone.e164 in real
            or not phone.e164.startswith("+1")
            or re.fullmatch(r"\+1\d{3}5550[01]\d\d", phone.e164)
        ), phone


def test_boston_sample() -> None:
    family = load_family(sample("boston-rivera-es.yaml"))
    assert (family.language, family.state, family.region) == ("es", "MA", "boston")
    assert family.prepared == date(2026, 11, 2)
    assert family.children[0].medications[0].name == "EpiPen Jr (epinephrine)"
    assert family.contacts[4].phone.display == "+503 2555 0100"
    assert family.memorize[0].phone.display == "(617) 555-0172"


def test_hartford_sample() -> None:
    family = load_family(sample("hartford-santos-pt.yaml"))
    assert (family.language, family.state, family.region) == ("pt", "CT", "hartford")
    welcome = family.contacts[0]
    assert (welcome.type, welcome.name, welcome.phone.display) == (
        "school",
        "Hartford Public Schools Welcome Center",
        "(860) 695-8400",
    )
    assert family.wishes is not None and family.wishes.join_parents_abroad == "no"
    assert family.documents[-1].label == "Recibos de aluguel desde 2019"


def test_new_york_sample() -> None:
    family = load_family(sample("newyork-nguyen-vi.yaml"))
    assert (family.language, family.state) == ("vi", "NY")
    assert len(family.children) == 3
    assert family.prepared is None
    backup = family.caregivers.backup
    assert backup is not None and backup.address.endswith("Jersey City, NJ 07306")
    assert family.parents[1].phones[1].display == "(212) 555-0147 ext. 214"
    assert family.children[1].medications[0].instructions == (
        "Hai nhát khi lên cơn hen.\nMột ống ở phòng y tá của trường."
    )


# -- the table -----------------------------------------------------------------------------------

MODEL_CLASSES = [
    model.Family, model.Parent, model.Child, model.Medication, model.Doctor, model.Insurance,
    model.Caregivers, model.Caregiver, model.Contact, model.NumberToMemorize, model.Wishes,
    model.Document, model.MoneyItem, model.CaregiverForms, model.Witness,
]  # fmt: skip


@pytest.mark.parametrize("cls", MODEL_CLASSES, ids=lambda cls: cls.__name__)
def test_every_model_field_is_a_row_of_the_table(cls: type) -> None:
    assert dataclasses.is_dataclass(cls)
    params = cls.__dataclass_params__  # type: ignore[attr-defined]
    assert params.frozen
    for field in dataclasses.fields(cls):
        assert "kitgen.family" in field.metadata, f"{cls.__name__}.{field.name} has no spec"


def test_no_field_could_hold_immigration_status() -> None:
    from kitgen.family.fields import is_status_key, table

    for cls in MODEL_CLASSES:
        for name, _ in table(cls):
            assert not is_status_key(name), name


def test_the_sample_uses_the_contract_keys_only() -> None:
    raw, _ = read_document(sample("boston-rivera-es.yaml").read_bytes(), "boston.yaml")
    schema = family_schema()
    assert set(raw) <= set(schema["properties"])


# -- the JSON Schema -----------------------------------------------------------------------------


class SchemaError(AssertionError):
    pass


def check(instance: Any, schema: dict[str, Any], root: dict[str, Any], path: str = "$") -> None:
    """A small JSON Schema (2020-12) checker for the keywords family_schema() uses.

    Used when the ``jsonschema`` package is not installed (it is not a kitgen dependency).
    """
    if "$ref" in schema:
        name = schema["$ref"].removeprefix("#/$defs/")
        check(instance, root["$defs"][name], root, path)
    kinds = schema.get("type")
    if kinds is not None:
        kinds = [kinds] if isinstance(kinds, str) else kinds
        python = {
            "string": str, "number": (int, float), "integer": int, "boolean": bool,
            "array": list, "object": dict, "null": type(None),
        }  # fmt: skip
        ok = any(
            isinstance(instance, python[kind])
            and not (kind in ("number", "integer") and isinstance(instance, bool))
            for kind in kinds
        )
        if not ok:
            raise SchemaError(f"{path}: {instance!r} is not of type {kinds}")
    if "enum" in schema and not any(
        instance == v and type(instance) is type(v) for v in schema["enum"]
    ):
        raise SchemaError(f"{path}: {instance!r} not in {schema['enum']}")
    if "const" in schema and instance != schema["const"]:
        raise SchemaError(f"{path}: {instance!r} is not {schema['const']!r}")
    if isinstance(instance, str):
        if "pattern" in schema and not re.search(schema["pattern"], instance):
            raise SchemaError(f"{path}: {instance!r} does not match {schema['pattern']}")
        if len(instance) > schema.get("maxLength", len(instance)):
            raise SchemaError(f"{path}: too long")
    if isinstance(instance, list):
        if not schema.get("minItems", 0) <= len(instance) <= schema.get("maxItems", len(instance)):
            raise SchemaError(f"{path}: wrong number of items")
        if schema.get("uniqueItems") and len({json.dumps(i) for i in instance}) != len(instance):
            raise SchemaError(f"{path}: items are not unique")
        for index, item in enumerate(instance):
            check(item, schema.get("items", {}), root, f"{path}[{index}]")
    if isinstance(instance, dict):
        for name in schema.get("required", []):
            if name not in instance:
                raise SchemaError(f"{path}: {name} is required")
        properties = schema.get("properties", {})
        for key, value in instance.items():
            if key in properties:
                check(value, properties[key], root, f"{path}.{key}")
            elif schema.get("additionalProperties") is False:
                raise SchemaError(f"{path}: {key} is not allowed")
    for option in schema.get("allOf", []):
        check(instance, option, root, path)
    if "anyOf" in schema:
        errors = []
        for option in schema["anyOf"]:
            try:
                check(instance, option, root, path)
                break
            except SchemaError as error:
                errors.append(str(error))
        else:
            raise SchemaError(" / ".join(errors))
    if "if" in schema:
        try:
            check(instance, schema["if"], root, path)
        except SchemaError:
            pass
        else:
            check(instance, schema.get("then", {}), root, path)
    if "not" in schema:
        try:
            check(instance, schema["not"], root, path)
        except SchemaError:
            return
        raise SchemaError(f"{path}: {instance!r} matches a schema it must not")


def validate(instance: Any, schema: dict[str, Any]) -> None:
    try:
        import jsonschema
    except ImportError:
        check(instance, schema, schema)
    else:  # pragma: no cover - only where jsonschema happens to be installed
        try:
            jsonschema.Draft202012Validator(schema).validate(instance)
        except jsonschema.ValidationError as error:
            raise SchemaError(str(error)) from None


def raw_sample(path: Path) -> Any:
    """The sample as YAML editors see it (dates as text), from kitgen's own reader."""
    raw, problems = read_document(path.read_bytes(), path.name)
    assert problems == []
    return raw


@pytest.mark.parametrize("path", SAMPLES, ids=lambda path: path.name)
def test_schema_accepts_each_sample(path: Path) -> None:
    validate(raw_sample(path), family_schema())


def test_schema_refuses_what_validation_refuses() -> None:
    schema = family_schema()
    good = raw_sample(sample("boston-rivera-es.yaml"))
    for change in [
        lambda doc: doc.update(immigration_status="x"),
        lambda doc: doc["caregivers"].update(primry=doc["caregivers"].pop("primary")),
        lambda doc: doc.update(language="xx"),
        lambda doc: doc.update(kitgen=2),
        lambda doc: doc.update(children=[]),
        lambda doc: doc["children"][0].pop("full_name"),
        lambda doc: doc["contacts"][0].update(type="lawyer"),
        lambda doc: doc["documents"].append({"document": "other"}),
        lambda doc: doc["caregivers"]["primary"].update(may_decide=["school", "school"]),
        lambda doc: doc["wishes"].update(join_parents_abroad="maybe"),
        lambda doc: doc.update(family_name="x" * 201),
    ]:
        doc = json.loads(json.dumps(good))
        change(doc)
        with pytest.raises(SchemaError):
            validate(doc, schema)
        with pytest.raises(DataError):
            parse_family(json.dumps(doc).encode(), "family.json")


def test_schema_shape() -> None:
    schema = family_schema()
    assert schema["$schema"] == "https://json-schema.org/draft/2020-12/schema"
    json.dumps(schema)  # plain JSON
    objects = [schema, *schema["$defs"].values()]
    assert all(obj["additionalProperties"] is False for obj in objects)
    assert sorted(schema["$defs"]) == sorted(cls.__name__ for cls in MODEL_CLASSES[1:])
    assert list(schema["properties"]) == [f.name for f in dataclasses.fields(Family)]
    assert schema["required"] == [
        "kitgen", "language", "state", "family_name", "parents", "children", "caregivers",
        "memorize",
    ]  # fmt: skip
    assert schema["properties"]["language"]["enum"] == list(PACKET_LANGUAGES)
    a_number = schema["$defs"]["Parent"]["properties"]["a_number"]["description"]
    assert a_number.endswith("Sensitive: printed as a blank line unless print_sensitive is true.")
    for text in json.dumps(schema).lower().split('"'):
        assert "immigration_status" not in text


# -- the blank file ------------------------------------------------------------------------------


def test_blank_file_parses_as_yaml_and_lists_what_to_fill_in() -> None:
    text = blank_family_yaml()
    assert isinstance(yaml.safe_load(text), dict)
    with pytest.raises(DataError) as caught:
        parse_family(text.encode(), "blank.yaml")
    assert caught.value.message == "blank.yaml has 6 problems"
    assert [str(p) for p in caught.value.problems] == [
        "blank.yaml: line 9: state: required field is empty: US state the family lives in: "
        "chooses the forms",
        "blank.yaml: line 12: family_name: required field is empty: the family's name for the "
        "cover, e.g. Rivera Gómez",
        "blank.yaml: line 14: parents: required field is empty: each parent (1 to 4)",
        "blank.yaml: line 23: children: required field is empty: each child (1 to 12)",
        "blank.yaml: line 45: caregivers: required field is empty: who looks after the "
        "children: a primary and a backup",
        "blank.yaml: line 69: memorize: required field is empty: the two numbers to learn by heart",
    ]


def fill(text: str, answers: list[tuple[str, str]]) -> str:
    """Write each answer after the next line that starts ``key:`` (with its indent), in file
    order, keeping the notes."""
    position = 0
    for key, value in answers:
        pattern = re.compile(rf"^({re.escape(key)}:)(?: \[\])?( +#)", re.MULTILINE)
        match = pattern.search(text, position)
        assert match, key
        replacement = f"{match.group(1)} {value}{match.group(2)}"
        text = text[: match.start()] + replacement + text[match.end() :]
        position = match.start() + len(replacement)
    return text


def test_blank_file_loads_once_the_required_fields_are_filled_in() -> None:
    text = fill(
        blank_family_yaml("ht"),
        [
            ("state", "ma"),
            ("family_name", "Jean-Baptiste"),
            ("  - legal_name", "Marie Jean-Baptiste"),
            ("    date_of_birth", "1990-01-02"),
            ("    country_of_birth", "Haiti"),
            ("  - full_name", "Jean Jean-Baptiste"),
            ("    date_of_birth", "2016-03-04"),
            ("    name", "Rose Pierre"),  # caregivers.primary
            ("    relationship", "Aunt"),
            ("    phones", "[617-555-0101]"),
            ("    address", "1 Example Street, Boston, MA 02121"),
            ("  - name", "Rose"),  # memorize
            ("    phone", "617-555-0101"),
        ],
    )
    family = parse_family(text.encode(), "filled.yaml")
    assert (family.language, family.state, family.family_name) == ("ht", "MA", "Jean-Baptiste")
    assert family.caregivers.backup is None and family.contacts == () and family.wishes is None
    assert family.children[0].medications == () and family.children[0].doctor is None


def test_every_field_has_a_line_and_a_note() -> None:
    text = blank_family_yaml()
    keys = re.findall(r"^\s*(?:- )?(\w+):.* # \S", text, re.MULTILINE)
    for cls in MODEL_CLASSES:
        for field in dataclasses.fields(cls):
            assert field.name in keys, field.name
    for line in text.splitlines():
        assert line.startswith("#") or " # " in line, line


@pytest.mark.parametrize("language", PACKET_LANGUAGES)
def test_blank_file_for_each_language(language: str) -> None:
    assert f"\nlanguage: {language} " in blank_family_yaml(language.lower())


def test_blank_file_for_an_unknown_language() -> None:
    with pytest.raises(UsageError) as caught:
        blank_family_yaml("xx")
    assert str(caught.value) == (
        "'xx' is not a packet language; accepted: en, es, pt, ht, kea, fr, vi, zh-Hans, "
        "zh-Hant, ar, so, ru, uk, ko, ja, tl, hmn, ur, bn, fa, prs, ps, ne, my, km, am, ti, pl, sw"
    )
