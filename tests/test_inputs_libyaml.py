"""libyaml's parser reads YAML for kitgen only where its answer is the pure-Python reader's: the
same values, the same lines of keys, the same problems, and for a file it refuses the same
message (kitgen.inputs: the fast reader's answer is used only for a document it reads without
any error; anything else is read again by the reference reader)."""

from __future__ import annotations

import random

import pytest
from conftest import ROOT

from kitgen import inputs
from kitgen.errors import KitgenError
from kitgen.family.reader import KIND

pytestmark = pytest.mark.skipif(inputs._CParser is None, reason="PyYAML built without libyaml")

_FILES = sorted(
    p for p in [*ROOT.glob("samples/**/*.yaml"), *ROOT.glob("regions/*.yaml")] if p.is_file()
)
#: What the mutations insert: YAML's indicators, line breaks of every kind, control and
#: astral characters, directives, tags, anchors, merge keys, block scalars, flow collections.
_PIECES = [
    *" \n\r:-#'\"[]{},&*!|>%@`\\~=", "\u2028", "\u2029", "\x85", "\r\n", "é", "\x07", "\x1b",
    "\x7f", "\x9f", "\u00a0", "\U0001f600", "\ud7ff", "  ", "\n  ", "- ", ": ", "- - ", "---\n",
    "...\n", "%YAML 1.1\n", "!!str ", "&a ", "*a", "<<: ", "|-\n", ">+\n", "0x1F", "0o7", "1e3",
    ".inf", "no", "null", "2020-01-01", "[a:b]", "{a:b}", "::", " #c", "\\u00e9", "\\x", "''",
]  # fmt: skip


def _read(text: str) -> object:
    """What kitgen makes of ``text``: its values with each mapping's key lines and the
    problems, or the refusal's message."""
    try:
        value, problems = inputs.parse_yaml(text, "family.yaml", KIND)
    except KitgenError as error:
        return ("refused", str(error), getattr(error, "problems", ()))
    return (_with_lines(value), problems)


def _with_lines(value: object) -> object:
    if isinstance(value, inputs.Fields):
        return [(k, value.lines.get(k), _with_lines(v)) for k, v in value.items()]
    if isinstance(value, list):
        return [_with_lines(v) for v in value]
    return value


def _reference(text: str, monkeypatch: pytest.MonkeyPatch) -> object:
    with monkeypatch.context() as patch:
        patch.setattr(inputs, "_CParser", None)
        return _read(text)


def _mutations(count: int, seed: int) -> list[str]:
    rnd = random.Random(seed)
    texts = [p.read_text(encoding="utf-8") for p in _FILES]
    out = []
    for _ in range(count):
        text = rnd.choice(texts)[: rnd.randint(200, 4000)]
        for _ in range(rnd.randint(1, 4)):
            i = rnd.randrange(len(text) + 1)
            op = rnd.random()
            if op < 0.4:
                text = text[:i] + rnd.choice(_PIECES) + text[i:]
            elif op < 0.7:
                text = text[:i] + text[i + rnd.randint(1, 5) :]
            else:
                j = rnd.randrange(len(text) + 1)
                text = text[:i] + text[j : j + rnd.randint(1, 20)] + text[i:]
        out.append(text)
    return out


def test_every_shipped_yaml_file_is_read_by_libyaml_as_by_the_reference(monkeypatch):
    assert len(_FILES) >= 20
    for path in _FILES:
        text = path.read_text(encoding="utf-8")
        assert not inputs._LIBYAML_DIFFERS.search(text), path  # the fast reader is used
        assert _read(text) == _reference(text, monkeypatch), path


def test_mutated_files_read_the_same_with_or_without_libyaml(monkeypatch):
    """Broken and odd YAML (800 mutations of the samples and region packs): the same values,
    key lines, problems and refusal messages, whichever reader answers."""
    used = 0
    for text in _mutations(800, seed=13):
        fast = _read(text)
        assert fast == _reference(text, monkeypatch), repr(text)
        used += not inputs._LIBYAML_DIFFERS.search(text)
    assert used > 500  # most mutations went through libyaml


@pytest.mark.parametrize(
    "text",
    [
        'phones: [\t"617-555-0199"]\n',  # a tab libyaml accepts and PyYAML refuses
        "contacts: [{type: lega?l_aid}]\n",  # "?" inside a flow plain scalar, likewise
        "x: {a\ufeff: 1, [b]: 2}\n",  # a byte-order mark inside: libyaml counts it in columns
        "a: 1\n\x07b: 2\n",  # a control character: libyaml refuses it, kitgen reports it
        "a: [1, 2\n",  # broken: libyaml's message differs
        "a: &x 1\nb: *x\n",  # an alias: refused by kitgen's own check
    ],
)
def test_texts_libyaml_reads_otherwise_get_the_reference_answer(text, monkeypatch):
    assert _read(text) == _reference(text, monkeypatch)


def test_a_refusal_is_worded_by_the_reference_reader(monkeypatch):
    """libyaml's own words for a broken file never reach the user."""
    answer = _read("children:\n  - name: A\n   grade: 3\n")
    assert answer[0] == "refused"
    assert answer == _reference("children:\n  - name: A\n   grade: 3\n", monkeypatch)
