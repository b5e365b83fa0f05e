"""UAX #14 conformance: Unicode's LineBreakTest.txt against ICU's line break iterator.

The data file is Debian's ``unicode-data`` (Unicode 15.0.0); ICU 78 implements the Unicode 17.0
rules, so some lines legitimately differ. Measured: 7,621 of 7,654 lines (99.57 %) agree; the 33
others all follow rules UAX #14 changed in Unicode 15.1 and 16.0 (ICU has the new behaviour):

* a hyphen at the start of a word no longer allows a break after it (``-#``, ``-א``, ``-§``,
  10 lines; new rule LB20a);
* quotation marks: ``" (`` and ``"x" (`` now break by initial/final punctuation and East Asian
  context (8 lines; LB15 split into LB15a-d, LB19/LB19a);
* numbers: ``a.2``, ``, 0``, ``A.1 문`` no longer break inside, `` .35`` breaks before the
  full stop (14 lines; LB15c/LB15d and the LB25 rewrite);
* Hebrew letter, hyphen, Hebrew letter now breaks after the hyphen (1 line; LB21a).

The test asserts the pass rate stays at or above the measured floor, with the root locale.
"""

from __future__ import annotations

from pathlib import Path

import pytest

from kitgen.text.breaking import line_breaks

LINE_BREAK_TEST = Path("/usr/share/unicode/auxiliary/LineBreakTest.txt")

pytestmark = [
    pytest.mark.slow,
    pytest.mark.skipif(not LINE_BREAK_TEST.exists(), reason="Debian unicode-data not installed"),
]

FLOOR = 7621 / 7654


def test_line_break_test_pass_rate():
    total = passed = 0
    for raw in LINE_BREAK_TEST.read_text(encoding="utf-8").splitlines():
        body = raw.split("#")[0].strip()
        if not body:
            continue
        text = ""
        want: list[int] = []
        for token in body.split()[1:]:
            if token == "÷":
                want.append(len(text))
            elif token != "×":
                text += chr(int(token, 16))
        total += 1
        if [offset for offset, _ in line_breaks(text, "root")] == want:
            passed += 1
    assert total == 7654
    assert passed / total >= FLOOR
