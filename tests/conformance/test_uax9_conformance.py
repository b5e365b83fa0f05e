"""UAX #9 conformance: Unicode's BidiCharacterTest.txt and BidiTest.txt, every line.

Levels come from ICU 78 (Unicode 17.0 rules), the visual order from our own L1/L2
(:func:`kitgen.text.bidi.visual_order`), as the engine uses them. The data files are Debian's
``unicode-data`` (Unicode 15.0.0).

ICU deviates from these files on 30 lines of BidiCharacterTest.txt, all in the block "test cases
for the algorithm changes and clarifications made in Unicode 8.0"; the same results come from
Debian's ICU 72, so it is ICU's implementation, not a version skew of the data:

* "Explicit directional overrides applied to isolates tightly flanked by embeddings" (4 lines)
  and "... applied to paired brackets" (16 lines): an LRO/RLO inside an LRE/RLE around an
  isolate or a bracket pair; ICU gives the isolate controls / brackets the inner override's
  level where UAX #9 (X5a-X5c, N0 with the override status) gives the outer one;
* "Nonspacing marks applied to paired brackets" (6 lines) and the "combining mark following a
  ZWJ after a bracket" cases (3 lines): ICU does not apply the N0 addendum that NSMs after a
  bracket resolved by N0 take the bracket's direction (they keep the paragraph direction);
* nested bracket pairs past the 63-pair stack of BD16 (1 line, 64 pairs): ICU keeps pairing.

None is reachable from kitgen's text (no embeddings or overrides are inserted; marks after
brackets do not occur in labels). They are listed here by line content and must keep failing
exactly so (if ICU is fixed, the test says which entries to remove).

One more line differs in levels only (``a LRE b PDF …`` at paragraph level 0): ICU reports the
levels of unidirectional text as the paragraph level (a documented shortcut that ICU's own
conformance test accepts: same parity, same visual order). Accepted the same way here.
"""

from __future__ import annotations

import time
from pathlib import Path

import pytest

from kitgen.text import bidi

UCD = Path("/usr/share/unicode")
CHARACTER_TEST = UCD / "BidiCharacterTest.txt"
CLASS_TEST = UCD / "BidiTest.txt"

pytestmark = [
    pytest.mark.slow,
    pytest.mark.skipif(not CHARACTER_TEST.exists(), reason="Debian unicode-data not installed"),
]

#: Field 0 of the BidiCharacterTest.txt lines ICU resolves differently (see module docstring).
KNOWN_ICU_DEVIATIONS = {
    # overrides applied to isolates tightly flanked by embeddings
    "202E 0061 202A 0062 202C 2066 0063 2069 202A 0064 202C 0065 202C",
    "202D 05D0 202B 05D1 202C 2068 05D2 2069 202B 05D3 202C 05D4 202C",
    "202D 0661 202B 0662 202C 2068 0663 2069 202B 0664 202C 0665 202C",
    # overrides applied to paired brackets
    "202A 05D0 0028 05D1 202C 202D 0029",
    "202A 05D0 0028 05D1 202C 202D 0029 202C",
    "202B 0061 0028 0062 202C 202E 0029",
    "202B 0061 0028 0062 202C 202E 0029 202C",
    "202A 202E 0061 202C 0028 05D0 202C 202D 0029 202C",
    "202B 202D 05D0 202C 0028 0061 202C 202E 0029 202C",
    "202A 202E 0061 202C 0028 005B 05D0 202C 202D 005D 0029 202C",
    "202B 202D 05D0 202C 0028 005B 0061 202C 202E 005D 0029 202C",
    "202D 0028 202C 202A 05D0 0029 05D1",
    "202D 0028 202C 202A 05D0 0029 05D1 202C",
    "202E 0028 202C 202B 0061 0029 0062",
    "202E 0028 202C 202B 0061 0029 0062 202C",
    "202D 202E 0061 202C 0028 202C 202A 05D0 0029 05D1",
    "202E 202D 05D0 202C 0028 202C 202B 0061 0029 0062",
    "202D 202E 0061 202C 0028 005B 202C 202A 05D0 005D 0029 05D1",
    "202E 202D 05D0 202C 0028 005B 202C 202B 0061 005D 0029 0062",
    # nonspacing marks applied to paired brackets
    "0061 0028 0062 0029 0331",
    "0061 0028 0332 0062 0029 0333",
    "05D0 0028 05D1 0029 0331",
    "05D0 0028 0332 05D1 0029 0333",
    "0661 0028 0662 0029 0331",
    "0661 0028 0332 0662 0029 0333",
    # a combining mark following a ZWJ after a paired bracket (paragraph level 0 cases)
    "0041 200F 005B 05D0 005D 200D 20D6",
    "0041 200F 005B 200D 20D6 05D0 005D 200D 20D6",
    "0041 200F 005B 200D 200B 20D6 05D0 005D 200B 200D 20D6",
}
#: The 64-pair nesting line is too long to list: recognised by shape.
NESTING_64 = "0061 " + "0028 " * 64 + "0062 " + "0029 " * 64


def _is_known(fields: list[str]) -> bool:
    cps = fields[0].strip()
    return cps in KNOWN_ICU_DEVIATIONS or cps + " " == NESTING_64


def _parity(levels) -> set[int]:
    return {int(v) & 1 for v in levels if v != "x"}


def test_bidi_character_test():
    started = time.perf_counter()
    total = passed = 0
    unexpected: list[str] = []
    known_failed: set[str] = set()
    for number, raw in enumerate(CHARACTER_TEST.read_text(encoding="utf-8").splitlines(), 1):
        line = raw.strip()
        if not line or line.startswith("#"):
            continue
        fields = line.split(";")
        text = "".join(chr(int(cp, 16)) for cp in fields[0].split())
        direction = int(fields[1])
        want_para = int(fields[2])
        want_levels = fields[3].split()
        want_order = [int(i) for i in fields[4].split()]
        levels, para = bidi.paragraph_levels(text, None if direction == 2 else direction)
        line_levels = bidi.line_levels(text, levels, para, 0, len(text))
        got_levels = [
            "x" if bidi.bidi_class(ch) in bidi._X9_REMOVED else str(lv)
            for ch, lv in zip(text, line_levels)
        ]
        got_order = bidi.visual_order(text, levels, para, 0, len(text))
        levels_ok = got_levels == want_levels or (
            # ICU's shortcut for unidirectional text (see module docstring)
            len(_parity(want_levels)) == 1 and _parity(got_levels) == _parity(want_levels)
        )
        total += 1
        ok = para == want_para and levels_ok and got_order == want_order
        if ok:
            passed += 1
        elif _is_known(fields):
            known_failed.add(fields[0].strip())
        else:
            unexpected.append(f"line {number}: {line[:120]} -> {got_levels} {got_order}")
    elapsed = time.perf_counter() - started
    assert total == 91_707
    assert not unexpected, "\n".join(unexpected[:20])
    fixed = (KNOWN_ICU_DEVIATIONS | {NESTING_64.strip()}) - known_failed
    assert not fixed, f"ICU now agrees with these lines; remove them from the list: {fixed}"
    assert passed == total - 30
    assert elapsed < 60


#: A character of each bidi class, for BidiTest.txt (ON is "!", not a bracket: the file has no
#: bracket pairs; B is U+2029).
CLASS_CHAR = {
    "L": "A", "R": "\u05d0", "AL": "\u0627", "EN": "0", "ES": "+", "ET": "#", "AN": "\u0660",
    "CS": ",", "NSM": "\u0300", "BN": "\u00ad", "B": "\u2029", "S": "\t", "WS": " ", "ON": "!",
    "LRE": "\u202a", "RLE": "\u202b", "PDF": "\u202c", "LRO": "\u202d", "RLO": "\u202e",
    "LRI": "\u2066", "RLI": "\u2067", "FSI": "\u2068", "PDI": "\u2069",
}  # fmt: skip


@pytest.mark.skipif(not CLASS_TEST.exists(), reason="Debian unicode-data not installed")
def test_bidi_test():
    started = time.perf_counter()
    total = passed = 0
    failures: list[str] = []
    want_levels: list[str] = []
    want_order: list[int] = []
    for number, raw in enumerate(CLASS_TEST.read_text(encoding="utf-8").splitlines(), 1):
        line = raw.split("#")[0].strip()
        if not line:
            continue
        if line.startswith("@Levels:"):
            want_levels = line[8:].split()
            continue
        if line.startswith("@Reorder:"):
            want_order = [int(i) for i in line[9:].split()]
            continue
        if line.startswith("@"):
            continue
        classes, bitset = line.split(";")
        text = "".join(CLASS_CHAR[c] for c in classes.split())
        for bit, level in ((1, None), (2, 0), (4, 1)):
            if not int(bitset) & bit:
                continue
            levels, para = bidi.paragraph_levels(text, level)
            got_levels = bidi.line_levels(text, levels, para, 0, len(text))
            got = [
                "x" if bidi.bidi_class(ch) in bidi._X9_REMOVED else str(lv)
                for ch, lv in zip(text, got_levels)
            ]
            order = bidi.visual_order(text, levels, para, 0, len(text))
            levels_ok = got == want_levels or (
                len(_parity(want_levels)) == 1 and _parity(got) == _parity(want_levels)
            )
            total += 1
            if levels_ok and order == want_order:
                passed += 1
            else:
                failures.append(f"line {number} ({bit}): {classes} -> {got} {order}")
    elapsed = time.perf_counter() - started
    assert total > 490_000
    assert not failures, f"{len(failures)} of {total}:\n" + "\n".join(failures[:20])
    assert elapsed < 120
