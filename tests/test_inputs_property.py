"""Property: every kind of input file kitgen reads gives a result or a KitgenError, never another
exception (an "internal problem"), and its messages are short and printable.

Inputs are random bytes, and valid samples mutated with hostile fragments (aliases, tags, NUL,
byte-order marks, huge numbers, formulas, deep nesting). CI runs the ``ci`` profile (300
examples per kind, derandomized so a failure repeats); the README gives the longer run:
``KITGEN_HYPOTHESIS=long .venv/bin/python -m pytest tests/test_inputs_property.py``.
"""

from __future__ import annotations

import io
import os
import tempfile
from collections.abc import Callable
from pathlib import Path

from conftest import ROOT, SAMPLES
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

from kitgen.batch.plan import read_plan
from kitgen.batch.roster import read_roster
from kitgen.content.regions import load_pack
from kitgen.errors import KitgenError
from kitgen.family import parse_family
from kitgen.settings import load_settings

settings.register_profile(
    "ci",
    max_examples=300,
    deadline=None,
    derandomize=True,
    database=None,
    suppress_health_check=[HealthCheck.too_slow, HealthCheck.data_too_large],
)
settings.register_profile(
    "long",
    max_examples=20_000,
    deadline=None,
    database=None,
    suppress_health_check=[HealthCheck.too_slow, HealthCheck.data_too_large],
)
PROFILE = settings.get_profile(os.environ.get("KITGEN_HYPOTHESIS", "ci"))

FRAGMENTS = [
    "&a ", "*a", "&b [*a, *a, *a]", "!!python/object/apply:os.system ['x']", "!!binary ",
    "!!set ", "!local ", "<<: *a\n", "---\n", "...\n", "- ", ": ", "? ", "[", "]", "{", "}",
    "[[[[[[[[[[[[[[[[[[[[[[[[", '"', "'", "\\0", "\x00", "\t", "\r", "\ufeff", "\u202e",
    "\ud7ff", "#", "\n", "  ", "    - ", "9999-12-31", "0000-01-01", "0x1F", "010", "7:30",
    "1e999", ".nan", "-.inf", "=HYPERLINK(\"x\")", "+1", "@SUM(A1)", ",", ";", '""', "\\u0000",
    "../", "/etc/passwd", "a" * 300, "9" * 40, "é", "عربي", "中文", "<svg", "<!ENTITY x 'y'>",
    "<!DOCTYPE svg>", 'width="inf"', 'viewBox="0 0 NaN 1"', 'height="1e308"', "<text>x</text>",
    "<rect/>", "\x89PNG\r\n\x1a\n", "IHDR", "IDAT", "family_file", "families:", "logo: ",
    "district_name: ", "contacts:", "source_date: ", "checked: ", "lang", "output", "copies",
]  # fmt: skip


def mutated(sample: bytes) -> st.SearchStrategy[bytes]:
    """``sample`` with a few random edits: fragments inserted, ranges deleted or repeated."""
    size = len(sample)
    edit = st.tuples(
        st.sampled_from(["insert", "delete", "repeat", "replace"]),
        st.integers(0, size),
        st.integers(0, 64),
        st.one_of(
            st.sampled_from(FRAGMENTS).map(lambda t: t.encode("utf-8", "surrogatepass")),
            st.binary(max_size=12),
            st.text(max_size=12).map(lambda t: t.encode("utf-8", "surrogatepass")),
        ),
    )

    def apply(edits: list[tuple[str, int, int, bytes]]) -> bytes:
        data = bytearray(sample)
        for how, at, length, piece in edits:
            at = min(at, len(data))
            if how == "insert":
                data[at:at] = piece
            elif how == "delete":
                del data[at : at + length]
            elif how == "repeat":
                data[at:at] = data[at : at + length] * (1 + length % 50)
            else:
                data[at : at + len(piece)] = piece
        return bytes(data)

    return st.lists(edit, min_size=1, max_size=6).map(apply)


def inputs(sample: bytes, *structured: st.SearchStrategy[bytes]) -> st.SearchStrategy[bytes]:
    return st.one_of(mutated(sample), st.binary(max_size=400), st.just(sample), *structured)


# Structured values: what a hostile but well-formed file holds.
TEXT = st.one_of(
    st.text(max_size=30),
    st.sampled_from(FRAGMENTS),
    st.sampled_from(["rivera.yaml", "logo.png", "logo.svg", "es", "a4", "x.pdf", "boston"]),
    st.text(alphabet="\x00\t\r\n\u202e\ufeff/.a", max_size=8),
)
SCALAR = st.one_of(TEXT, st.integers(), st.booleans(), st.none(), st.floats())
VALUE = st.recursive(
    SCALAR,
    lambda inner: st.lists(inner, max_size=4) | st.dictionaries(TEXT, inner, max_size=4),
    max_leaves=12,
)


def yaml_of(strategy: st.SearchStrategy[object]) -> st.SearchStrategy[bytes]:
    import yaml

    return strategy.map(lambda v: yaml.safe_dump(v, allow_unicode=True).encode("utf-8", "replace"))


def csv_of(columns: list[str]) -> st.SearchStrategy[bytes]:
    import csv

    def dump(rows: list[list[str]]) -> bytes:
        out = io.StringIO()
        writer = csv.writer(out)
        writer.writerow(columns)
        writer.writerows(rows)
        return out.getvalue().encode("utf-8", "replace")

    return st.lists(st.lists(TEXT, min_size=len(columns), max_size=len(columns)), max_size=5).map(
        dump
    )


def holds(read: Callable[[], object]) -> None:
    """``read()`` returns, or raises a KitgenError with short, printable problems."""
    try:
        read()
    except KitgenError as error:
        texts = [str(p) for p in error.problems] or [error.message]
        for text in texts:
            assert len(text) < 2000, text[:200]
            assert all(ch.isprintable() or ch == "\n" for ch in text), repr(text[:200])
    # anything else is an internal problem: the test fails with its traceback


WORK = Path(tempfile.mkdtemp(prefix="kitgen-property-"))
FAMILY = (SAMPLES / "boston-rivera-es.yaml").read_bytes()
(WORK / "rivera.yaml").write_bytes(FAMILY)


@PROFILE
@given(inputs(FAMILY))
def test_family_files(data: bytes) -> None:
    holds(lambda: parse_family(data, "family.yaml"))


@PROFILE
@given(inputs(b'{"kitgen": 1, "family_name": "R", "children": [{"name": "A"}]}'))
def test_family_files_json(data: bytes) -> None:
    holds(lambda: parse_family(data, "family.json"))


ROSTER_CSV = b"family_file,lang,paper,output\nrivera.yaml,es,a4,r.pdf\nrivera.yaml,,,\n"


@PROFILE
@given(inputs(ROSTER_CSV, csv_of(["family_file", "lang", "paper", "output"])))
def test_roster_csv(data: bytes) -> None:
    (WORK / "roster.csv").write_bytes(data)
    holds(lambda: read_roster(WORK / "roster.csv"))


ROSTER_YAML = (
    b"families:\n  - rivera.yaml\n  - family_file: rivera.yaml\n    lang: ar\n    paper: a4\n"
)


@PROFILE
@given(
    inputs(
        ROSTER_YAML,
        yaml_of(
            st.fixed_dictionaries(
                {"families": st.lists(st.one_of(TEXT, st.dictionaries(TEXT, VALUE)), max_size=4)}
            )
        ),
        yaml_of(VALUE),
    )
)
def test_roster_yaml(data: bytes) -> None:
    (WORK / "roster.yaml").write_bytes(data)
    holds(lambda: read_roster(WORK / "roster.yaml"))


PLAN = (ROOT / "samples" / "poster-plan.csv").read_bytes()


@PROFILE
@given(inputs(PLAN, csv_of(["school", "languages", "size", "orientation", "copies"])))
def test_poster_plan(data: bytes) -> None:
    (WORK / "plan.csv").write_bytes(data)
    holds(lambda: read_plan(WORK / "plan.csv"))


def _png() -> bytes:
    from PIL import Image

    out = io.BytesIO()
    Image.new("RGBA", (24, 12), (20, 60, 120, 255)).save(out, format="PNG")
    return out.getvalue()


SVG = (
    b'<svg xmlns="http://www.w3.org/2000/svg" width="40" height="20" viewBox="0 0 40 20">'
    b'<rect x="1" y="1" width="38" height="18" fill="#1b4f8a"/><circle cx="20" cy="10" r="5"/>'
    b"</svg>"
)


SIDE = st.one_of(
    st.sampled_from([0, 1, 24, 4096, 4097, 20_000, 100_000, 2**31 - 1]), st.integers(0, 2**31 - 1)
)


def crafted_png() -> st.SearchStrategy[bytes]:
    """PNG files with any size in the header and any pixel data (bombs, damaged rows)."""
    import struct
    import zlib

    def chunk(kind: bytes, body: bytes) -> bytes:
        crc = struct.pack(">I", zlib.crc32(kind + body))
        return struct.pack(">I", len(body)) + kind + body + crc

    def build(
        width: int, height: int, depth: int, color: int, pixels: bytes, packed: bool
    ) -> bytes:
        header = struct.pack(">IIBBBBB", width, height, depth, color, 0, 0, 0)
        body = zlib.compress(pixels) if packed else pixels
        return (
            b"\x89PNG\r\n\x1a\n" + chunk(b"IHDR", header) + chunk(b"IDAT", body)
            + chunk(b"IEND", b"")
        )  # fmt: skip

    return st.builds(
        build,
        SIDE,
        SIDE,
        st.sampled_from([1, 2, 4, 8, 16, 3]),
        st.sampled_from([0, 2, 3, 4, 6, 7]),
        st.binary(max_size=600),
        st.booleans(),
    )


NUMBER = st.one_of(
    st.sampled_from(["inf", "-inf", "NaN", "1e999", "1e308", "-5", "0", "1e-320", "", "10px"]),
    st.floats().map(repr),
    st.integers(-(10**12), 10**12).map(str),
)


def crafted_svg() -> st.SearchStrategy[bytes]:
    def build(width: str, height: str, box: list[str], shape: str, value: str) -> bytes:
        view = " ".join(box)
        return (
            f'<svg xmlns="http://www.w3.org/2000/svg" width="{width}" height="{height}" '
            f'viewBox="{view}"><{shape} x="{value}" y="1" width="{value}" height="2" r="{value}" '
            f'cx="{value}" d="M0 0 L{value} 1 Z" points="0,0 {value},1"/></svg>'
        ).encode()

    return st.builds(
        build,
        NUMBER,
        NUMBER,
        st.lists(NUMBER, min_size=0, max_size=5),
        st.sampled_from(["rect", "circle", "path", "polygon", "ellipse", "line", "g"]),
        NUMBER,
    )


SETTINGS_VALUES = st.fixed_dictionaries(
    {
        "district_name": st.one_of(st.just("Boston Public Schools"), TEXT),
        "logo": st.one_of(st.just("logo.png"), st.just("logo.png"), TEXT),
    },
    optional={
        "colors": st.dictionaries(st.sampled_from(["accent", "ink", "x"]), VALUE),
        "phone": SCALAR,
        "resource_url": TEXT,
        "region": TEXT,
    },
)


SETTINGS = (
    b"district_name: Boston Public Schools\nlogo: logo.png\ncolors:\n  accent: '#1b4f8a'\n"
    b"  ink: '#111111'\nphone: 617-635-9000\nresource_url: https://www.bostonpublicschools.org\n"
    b"region: boston\n"
)


@PROFILE
@given(
    st.one_of(yaml_of(SETTINGS_VALUES), inputs(SETTINGS)),
    st.sampled_from(["png", "svg"]),
    st.data(),
)
def test_settings_with_logo(data: bytes, kind: str, draw: st.DataObject) -> None:
    valid, crafted = (_png(), crafted_png()) if kind == "png" else (SVG, crafted_svg())
    logo = draw.draw(st.one_of(crafted, mutated(valid), st.just(valid)))
    (WORK / "logo.png").write_bytes(logo if kind == "png" else _png())
    (WORK / "logo.svg").write_bytes(logo if kind == "svg" else SVG)
    text = data if kind == "png" else data.replace(b"logo.png", b"logo.svg")
    (WORK / "settings.yaml").write_bytes(text)
    holds(lambda: load_settings(WORK / "settings.yaml"))


PACK = (ROOT / "regions" / "boston.yaml").read_bytes()


CONTACT = st.fixed_dictionaries(
    {"name": TEXT, "kind": st.sampled_from(["school", "hotline", "x"]), "source": TEXT},
    optional={
        "description": st.dictionaries(TEXT, VALUE, max_size=3),
        "source_date": st.one_of(SCALAR, st.dates().map(str)),
        "checked": st.one_of(SCALAR, st.dates().map(str)),
        "phone": VALUE,
        "web": VALUE,
    },
)


@PROFILE
@given(
    inputs(
        PACK,
        yaml_of(
            st.fixed_dictionaries(
                {"name": TEXT}, optional={"contacts": st.lists(CONTACT, max_size=3), "key": VALUE}
            )
        ),
    )
)
def test_region_pack(data: bytes) -> None:
    (WORK / "pack.yaml").write_bytes(data)
    holds(lambda: load_pack(WORK / "pack.yaml", "pack.yaml"))
