"""Files that cannot be read, or try to hurt the reader: always one DataError, never a traceback."""

from __future__ import annotations

import codecs
import os
from pathlib import Path

import pytest

from kitgen.errors import DataError
from kitgen.family import load_family, parse_family

SAMPLE = Path(__file__).resolve().parent.parent / "samples" / "families" / "boston-rivera-es.yaml"


def refused(data: bytes, filename: str = "family.yaml") -> list[str]:
    with pytest.raises(DataError) as caught:
        parse_family(data, filename)
    return [str(problem) for problem in caught.value.problems]


def refused_path(path: Path | str) -> list[str]:
    with pytest.raises(DataError) as caught:
        load_family(path)
    return [str(problem) for problem in caught.value.problems]


# -- the file system -----------------------------------------------------------------------------


def test_missing_file(tmp_path: Path) -> None:
    path = tmp_path / "nobody.yaml"
    with pytest.raises(DataError) as caught:
        load_family(path)
    assert caught.value.message == f"{path} has 1 problem"
    assert [str(p) for p in caught.value.problems] == [
        f"{path}: there is no such file; check the name and the folder"
    ]


def test_a_folder(tmp_path: Path) -> None:
    assert refused_path(tmp_path) == [f"{tmp_path}: is a folder, not a family file"]


@pytest.mark.skipif(not hasattr(os, "mkfifo"), reason="no named pipes on this system")
def test_a_pipe_is_refused_without_blocking(tmp_path: Path) -> None:
    pipe = tmp_path / "family.yaml"
    os.mkfifo(pipe)
    assert refused_path(pipe) == [f"{pipe}: is not a regular file; give the path of a .yaml file"]


def test_permission_denied(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    # chmod 000 means nothing to root (CI may run as root), so make open() refuse instead.
    path = tmp_path / "family.yaml"
    path.write_bytes(SAMPLE.read_bytes())

    def denied(*args: object, **kwargs: object) -> None:
        raise PermissionError(13, "Permission denied")

    monkeypatch.setattr("kitgen.inputs.open", denied, raising=False)
    assert refused_path(path) == [f"{path}: cannot be opened: permission denied"]


def test_other_read_errors(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    path = tmp_path / "family.yaml"
    path.write_bytes(SAMPLE.read_bytes())

    def broken(*args: object, **kwargs: object) -> None:
        raise OSError(5, "Input/output error")

    monkeypatch.setattr("kitgen.inputs.open", broken, raising=False)
    assert refused_path(path) == [f"{path}: cannot be read: Input/output error"]


def test_a_huge_file_is_refused_before_reading(tmp_path: Path) -> None:
    path = tmp_path / "family.yaml"
    with open(path, "wb") as file:
        file.truncate(50_000_000)  # sparse: nothing is written, and nothing may be read
    assert refused_path(path) == [
        f"{path}: family files are small (at most 5 MB); this one is 50.0 MB"
    ]


def test_huge_bytes_are_refused_before_parsing() -> None:
    assert refused(b"a" * 7_250_000) == [
        "family.yaml: family files are small (at most 5 MB); this one is 7.2 MB"
    ]
    assert refused(b"#" * 5_000_001) == [
        "family.yaml: family files are small (at most 5 MB); this one is 5,000,001 bytes"
    ]


def test_load_family_reads_a_path_given_as_text() -> None:
    assert load_family(str(SAMPLE)).family_name == "Rivera Gómez"


# -- encodings -----------------------------------------------------------------------------------


def test_not_utf8_names_the_byte_and_offset() -> None:
    data = "kitgen: 1\nfamily_name: Gómez\n".encode("latin-1")
    assert refused(data) == [
        "family.yaml: is not UTF-8 text: byte 0xF3 at offset 24 (line 2) cannot be read; save "
        "the file as UTF-8 (in most editors: Save As, Encoding: UTF-8)"
    ]


@pytest.mark.parametrize(
    "encode",
    [
        lambda text: codecs.BOM_UTF8 + text.encode("utf-8"),
        lambda text: codecs.BOM_UTF16_LE + text.encode("utf-16-le"),
        lambda text: codecs.BOM_UTF16_BE + text.encode("utf-16-be"),
        lambda text: text.encode("utf-32"),
    ],
    ids=["utf-8-bom", "utf-16-le-bom", "utf-16-be-bom", "utf-32-bom"],
)
def test_byte_order_marks_are_accepted(encode) -> None:  # type: ignore[no-untyped-def]
    family = parse_family(encode(SAMPLE.read_text(encoding="utf-8")), "family.yaml")
    assert family.family_name == "Rivera Gómez"


def test_broken_utf16_after_a_bom() -> None:
    assert refused(codecs.BOM_UTF16_LE + b"k\x00i") == [
        "family.yaml: starts like UTF-16 text but cannot be read as it; save the file as UTF-8"
    ]


def test_utf16_without_a_bom() -> None:
    assert refused("kitgen: 1\n".encode("utf-16-le")) == [
        "family.yaml: contains the character U+0000 (NUL) on line 1; it looks like UTF-16 "
        "without a byte-order mark: save it as UTF-8"
    ]


def test_a_stray_nul_byte() -> None:
    assert refused(b"kitgen: 1\nfamily_name: Ri\x00vera\n") == [
        "family.yaml: contains the character U+0000 (NUL) on line 2; a family file is plain "
        "text: save it as UTF-8"
    ]


@pytest.mark.parametrize("data", [b"", b"   \n\n", codecs.BOM_UTF8])
def test_empty_file(data: bytes) -> None:
    assert refused(data) == ["family.yaml: the file is empty"]


# -- YAML ----------------------------------------------------------------------------------------

BILLION_LAUGHS = b"""\
a: &a ["lol", "lol", "lol", "lol", "lol", "lol", "lol", "lol", "lol"]
b: &b [*a, *a, *a, *a, *a, *a, *a, *a, *a]
c: &c [*b, *b, *b, *b, *b, *b, *b, *b, *b]
d: &d [*c, *c, *c, *c, *c, *c, *c, *c, *c]
e: &e [*d, *d, *d, *d, *d, *d, *d, *d, *d]
f: &f [*e, *e, *e, *e, *e, *e, *e, *e, *e]
g: &g [*f, *f, *f, *f, *f, *f, *f, *f, *f]
"""


def test_billion_laughs() -> None:
    assert refused(BILLION_LAUGHS) == [
        "family.yaml: YAML anchors and aliases (&, *) are not accepted in family files "
        "(line 1, column 4); write each value out in full"
    ]


def test_a_lone_anchor_is_refused_too() -> None:
    assert refused(b"kitgen: 1\nfamily_name: &name Rivera\n") == [
        "family.yaml: YAML anchors and aliases (&, *) are not accepted in family files "
        "(line 2, column 14); write each value out in full"
    ]


def test_python_tags_never_run() -> None:
    assert refused(b"!!python/object/apply:os.system ['echo hacked']\n") == [
        "family.yaml: the YAML tag !!python/object/apply:os.system is not accepted: a family "
        "file holds only text, numbers, dates, true/false, lists and fields"
    ]


def test_tags_on_fields_are_reported_with_the_rest() -> None:
    data = (
        SAMPLE.read_bytes()
        .replace(b"family_name: Rivera G", b"family_name: !!python/name:os.system Rivera G")
        .replace(b"state: MA", b"state: !!binary TUE=")
    )
    assert refused(data) == [
        "family.yaml: line 5: state: the YAML tag !!binary is not accepted: a family file holds "
        "only text, numbers, dates, true/false, lists and fields",
        "family.yaml: line 8: family_name: the YAML tag !!python/name:os.system is not "
        "accepted: a family file holds only text, numbers, dates, true/false, lists and fields",
    ]


def test_local_tags_and_sets_are_refused() -> None:
    assert refused(SAMPLE.read_bytes().replace(b"region: boston", b"region: !region boston")) == [
        "family.yaml: line 6: region: the YAML tag !region is not accepted: a family file "
        "holds only text, numbers, dates, true/false, lists and fields"
    ]
    assert refused(SAMPLE.read_bytes().replace(b"region: boston", b"region: !!set {a, b}")) == [
        "family.yaml: line 6: region: the YAML tag !!set is not accepted: a family file "
        "holds only text, numbers, dates, true/false, lists and fields"
    ]


def test_merge_keys_are_refused() -> None:
    data = SAMPLE.read_bytes().replace(b"region: boston", b"<<: {region: boston}")
    assert refused(data) == [
        "family.yaml: <<: YAML merge keys (<<) are not accepted; write each field out"
    ]


def test_deep_nesting_yaml() -> None:
    data = b"family_name: " + b"[" * 100_000 + b"]" * 100_000 + b"\n"
    assert refused(data) == [
        "family.yaml: the file nests lists and mappings more than 20 levels deep "
        "(line 1, column 33); a family file needs about five"
    ]


def test_deep_nesting_json() -> None:
    too_deep = (
        "the file nests lists and mappings more than 20 levels deep; a family file needs about five"
    )
    assert refused(b'{"a": ' + b"[" * 30 + b"]" * 30 + b"}", "family.json") == [
        f"family.json: {too_deep}"
    ]
    assert refused(b"[" * 1_000_000, "family.json") == [f"family.json: {too_deep}"]


@pytest.mark.parametrize(
    ("data", "found"),
    [
        (b"- kitgen: 1\n- family_name: x\n", "a list"),
        (b"Rivera\n", "the single value 'Rivera'"),
        (b"42\n", "the single value '42'"),
        (b"null\n", "nothing (only comments, or null)"),
        (b"# just a comment\n", "nothing (only comments, or null)"),
        (b"'no'\n", "the single value 'no'"),
    ],
)
def test_top_level_must_be_a_mapping(data: bytes, found: str) -> None:
    assert refused(data) == [
        f"family.yaml: the file must hold fields like 'family_name: ...' (a mapping), but it "
        f"holds {found}"
    ]


def test_multiple_documents() -> None:
    data = SAMPLE.read_bytes() + b"---\nkitgen: 1\nfamily_name: Other\n"
    assert refused(data) == [
        "family.yaml: a family file holds one YAML document, but a second one starts on line "
        "100, column 1 (after '---'); keep one family per file"
    ]


def test_duplicate_keys_are_errors_everywhere() -> None:
    data = (
        SAMPLE.read_bytes()
        .replace(b"  backup:\n", b"  primary:\n    name: Someone Else\n  backup:\n")
        .replace(b"state: MA", b"state: MA\nstate: CT")
    )
    assert refused(data) == [
        "family.yaml: line 6: state: appears twice in the same place; keep one (a second entry "
        "would silently replace the first)",
        "family.yaml: line 64: caregivers.primary: appears twice in the same place; keep one (a "
        "second entry would silently replace the first)",
    ]


def test_duplicate_keys_in_json() -> None:
    assert refused(b'{"kitgen": 1, "kitgen": 1, "family_name": "x"}', "family.json")[0] == (
        "family.json: line 1: kitgen: appears twice in the same place; keep one (a second "
        "entry would silently replace the first)"
    )


@pytest.mark.parametrize(
    ("data", "message"),
    [
        (
            b"kitgen: 1\nfamily_name: Rivera: Gomez\n",
            "not valid YAML on line 2, column 20: mapping values are not allowed here "
            "(a value that contains ': ' must be in quotes)",
        ),
        (
            b"kitgen: 1\n\tfamily_name: Rivera\n",
            "not valid YAML on line 2, column 1: found character '\\t' that cannot start any "
            "token (indent with spaces, not tabs)",
        ),
        (
            b"family_name: [Rivera, Gomez\n",
            "not valid YAML on line 2, column 1: expected ',' or ']', but got '<stream end>'",
        ),
        (
            b"family_name: 'Rivera\n",
            "not valid YAML on line 2, column 1: found unexpected end of stream",
        ),
        (b"? [a, b]\n: 1\n", "a field name must be plain text on line 1, column 3"),
    ],
)
def test_yaml_syntax_errors_name_line_and_column(data: bytes, message: str) -> None:
    assert refused(data)[0] == f"family.yaml: {message}"


@pytest.mark.parametrize(
    ("data", "message"),
    [
        (
            b'{"kitgen": 1,\n "family_name": }',
            "not valid JSON on line 2, column 17: Expecting value",
        ),
        (
            b'{"kitgen": 1,}',
            "not valid JSON on line 1, column 14: Expecting property name enclosed in double "
            "quotes",
        ),
        (
            b'{"family_name": "a\x07"}',
            "not valid JSON on line 1, column 19: Invalid control character at",
        ),
        (b"kitgen: 1\n", "not valid JSON on line 1, column 1: Expecting value"),
    ],
)
def test_json_syntax_errors_name_line_and_column(data: bytes, message: str) -> None:
    assert refused(data, "family.json") == [f"family.json: {message}"]


def test_json_huge_numbers_are_not_a_crash() -> None:
    problems = refused(b'{"kitgen": ' + b"9" * 5000 + b"}", "family.json")
    assert problems[0] == (
        "family.json: line 1: kitgen: '9999999999999999999999999999999999999999… "
        "(5000 characters)' is not a format version; write 1"
    )


def test_the_error_message_counts_problems() -> None:
    with pytest.raises(DataError) as caught:
        parse_family(b"[]", "family.yaml")
    assert caught.value.message == "family.yaml has 1 problem"
    assert str(caught.value) == (
        "family.yaml has 1 problem\n  family.yaml: the file must hold fields like "
        "'family_name: ...' (a mapping), but it holds a list"
    )


def test_a_flood_of_values_is_refused_quickly() -> None:
    assert refused(b"family_name: [" + b"a, " * 10_001 + b"]\n") == [
        "family.yaml: the file holds more than 10,000 values (line 1, column 30006); a family "
        "file holds a few hundred"
    ]
    assert refused(b'{"a": [' + b"1," * 10_001 + b"1]}", "family.json") == [
        "family.json: the file holds more than 10,000 values; a family file holds a few hundred"
    ]
