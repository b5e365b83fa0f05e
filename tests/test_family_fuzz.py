"""Random input, seeded so a failure repeats: the result is a clean Family or a DataError, never
another exception, and never a message that carries raw control characters or a whole value."""

from __future__ import annotations

import copy
import dataclasses
import json
import random
import unicodedata
from pathlib import Path
from typing import Any, Iterator

import pytest
import yaml

from kitgen.errors import DataError
from kitgen.family import Family, parse_family
from kitgen.family.fields import ListOf, Record, Text, table

SAMPLE = Path(__file__).resolve().parent.parent / "samples" / "families" / "boston-rivera-es.yaml"
#: The sample as plain JSON values (dates as text).
BASE: dict[str, Any] = json.loads(
    json.dumps(yaml.safe_load(SAMPLE.read_text("utf-8")), default=str)
)

POOLS = [
    "abcdefghijklmnopqrstuvwxyz ABCDEFGHIJKLMNOPQRSTUVWXYZ 0123456789 .,;:-'\"#&*!|>%@`{}[]",
    "áéíóúñçãõêàüÁÉÍÓÚÑßøå",
    "".join(map(chr, range(0x20))) + "\x7f" + "".join(map(chr, range(0x80, 0xA0))),
    "\ud800\udbff\udc00\udfff",  # lone surrogates
    "\u200e\u200f\u202a\u202b\u202c\u202d\u202e\u2066\u2067\u2068\u2069\u061c",  # bidi controls
    "عربية اردو فارسی",
    "中文漢字ひらがなカタカナ한국어",
    "ትግርኛ አማርኛ ဗမာ ខ្មែរ हिन्दी বাংলা",
    "\U0001f600\U0001f468\u200d\U0001f469\u200d\U0001f467\U0001f1fa\U0001f1f8",
    "\ufdd0\ufdef\ufffe\uffff\U0001fffe\U0010ffff",  # noncharacters
    "\u0301\u0308\u0327\u0651",  # combining marks
    "\u2028\u2029\r\n\t\x85",
    " \u00a0\u3000\u200b\ufeff",
]
LENGTHS = [0, 1, 2, 7, 40, 199, 200, 201, 1999, 2001, 10_000]


def random_text(rng: random.Random) -> str:
    length = rng.choice(LENGTHS)
    pools = "".join(rng.sample(POOLS, rng.randint(1, 3)))
    return "".join(rng.choices(pools, k=length))


def text_slots(cls: type, doc: dict[str, Any]) -> Iterator[tuple[Any, Any]]:
    """(container, key) for every text field of the table, creating the ones the sample lacks."""
    for name, row in table(cls):
        kind = row.kind
        if isinstance(kind, Text):
            yield doc, name
        elif isinstance(kind, ListOf) and isinstance(kind.item, Text):
            if not doc.get(name):
                doc[name] = ["x"]
            yield doc[name], 0
        elif isinstance(kind, Record):
            if not isinstance(doc.get(name), dict):
                doc[name] = {}
            yield from text_slots(kind.cls, doc[name])
        elif isinstance(kind, ListOf) and isinstance(kind.item, Record):
            if not doc.get(name):
                doc[name] = [{}]
            for item in doc[name]:
                yield from text_slots(kind.item.cls, item)


def slot_count() -> int:
    return len(list(text_slots(Family, copy.deepcopy(BASE))))


def clean(value: Any) -> Iterator[str]:
    """Every string inside a Family."""
    if isinstance(value, str):
        yield value
    elif isinstance(value, tuple):
        for item in value:
            yield from clean(item)
    elif dataclasses.is_dataclass(value):
        for field in dataclasses.fields(value):
            yield from clean(getattr(value, field.name))


def assert_outcome(data: bytes, filename: str) -> Family | None:
    try:
        family = parse_family(data, filename)
    except DataError as error:
        assert error.problems, "a DataError always says what is wrong"
        for problem in error.problems:
            assert problem.file == filename
            shown = str(problem)
            assert len(shown) < 1500, shown[:200]
            assert not any(unicodedata.category(ch) in ("Cc", "Cs") for ch in shown), shown
        return None
    for text in clean(family):
        assert unicodedata.is_normalized("NFC", text)
        assert len(text) <= 2000
        assert text == text.strip()
        for ch in text:
            assert ch == "\n" or unicodedata.category(ch) not in ("Cc", "Cs"), repr(text)
            assert not (0xFDD0 <= ord(ch) <= 0xFDEF or ord(ch) & 0xFFFE == 0xFFFE), repr(text)
    return family


def test_the_table_gives_many_text_slots() -> None:
    assert slot_count() > 60


@pytest.mark.parametrize("seed", range(2))
def test_random_unicode_in_every_text_field(seed: int) -> None:
    rng = random.Random(seed)
    outcomes = {"family": 0, "error": 0}
    for slot in range(slot_count()):
        doc = copy.deepcopy(BASE)
        container, key = list(text_slots(Family, doc))[slot]
        container[key] = random_text(rng)
        if slot % 10 == seed:  # some as YAML too (the emitter escapes what YAML cannot hold)
            data, filename = (
                yaml.safe_dump(doc, allow_unicode=rng.random() < 0.5).encode(),
                "f.yaml",
            )
        else:
            data, filename = (
                json.dumps(doc, ensure_ascii=rng.random() < 0.5, default=str).encode(
                    "utf-8", "surrogatepass"
                ),
                "f.json",
            )
        outcomes["family" if assert_outcome(data, filename) else "error"] += 1
    assert outcomes["family"] and outcomes["error"], outcomes


def test_ten_thousand_character_names() -> None:
    rng = random.Random(7)
    doc = copy.deepcopy(BASE)
    for slot, (container, key) in enumerate(text_slots(Family, doc)):
        container[key] = "".join(rng.choices(POOLS[slot % len(POOLS)], k=10_000))
    assert assert_outcome(json.dumps(doc).encode(), "f.json") is None


def test_random_values_anywhere() -> None:
    """Any leaf (dates, phones, codes, numbers) replaced by anything."""
    rng = random.Random(11)
    leaves: list[tuple[Any, Any]] = []

    def collect(value: Any) -> None:
        items = value.items() if isinstance(value, dict) else enumerate(value)
        for key, item in items:
            if isinstance(item, (dict, list)) and item:
                collect(item)
            else:
                leaves.append((value, key))

    choices: list[Any] = [None, True, False, 0, -1, 2**70, 1.5, [], {}, ["a"], {"a": 1}, "", "1"]
    for _ in range(150):
        doc = copy.deepcopy(BASE)
        leaves.clear()
        collect(doc)
        container, key = rng.choice(leaves)
        container[key] = rng.choice(choices + [random_text(rng)])
        if rng.random() < 0.3 and isinstance(container, dict):
            container[random_text(rng)[:30] or "k"] = "x"  # a random key, too
        assert_outcome(json.dumps(doc, default=str).encode("utf-8", "surrogatepass"), "f.json")


def test_damaged_files() -> None:
    """The sample with random bytes changed, deleted or repeated."""
    rng = random.Random(5)
    original = SAMPLE.read_bytes()
    for _ in range(60):
        data = bytearray(original)
        for _ in range(rng.randint(1, 8)):
            at = rng.randrange(len(data))
            action = rng.random()
            if action < 0.4:
                data[at] = rng.randrange(256)
            elif action < 0.7:
                del data[at : at + rng.randint(1, 20)]
            else:
                data[at:at] = data[at : at + rng.randint(1, 40)]
        assert_outcome(bytes(data), "f.yaml")


def test_random_bytes() -> None:
    rng = random.Random(3)
    for index in range(200):
        data = bytes(rng.randrange(256) for _ in range(rng.randint(0, 200)))
        if index % 2:
            data = b"{" + data
        assert_outcome(data, "f.json" if index % 3 == 0 else "f.yaml")
