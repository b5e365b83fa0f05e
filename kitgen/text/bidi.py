"""Bidirectional text: embedding levels and per-line visual order (UAX #9).

Follows: Unicode Standard Annex #9, the Unicode Bidirectional Algorithm, as implemented by ICU 78
(Unicode 17.0, UAX #9 revision 51) for paragraph resolution, rules P2-P3 and X1-W7-N0-N2-I1-I2;
this module applies the per-line rules L1 (reset whitespace, segment separators and isolate
controls at line end) and L2 (reverse from the highest level to the lowest odd level) itself, over
any range of the paragraph, because lines are only known after line breaking (UAX #9 §3.4).
Rule L3 (combining marks) is left to HarfBuzz, which shapes each right-to-left run as a whole;
rule L4 (mirroring) too: HarfBuzz substitutes Bidi_Mirroring_Glyph characters (``(`` → ``)``)
when the buffer direction is RTL.

In: a paragraph's logical text and its base direction (``ltr``, ``rtl`` or ``auto``).
Out: one embedding level per character (code point, not UTF-16 unit), the paragraph level, and
for a line (start, end) the logical indices in visual order.
"""

from __future__ import annotations

import re
import threading
from collections.abc import Sequence
from typing import Literal

from . import unicode_icu as icu

__all__ = [
    "BIDI_CONTROLS",
    "ICU_UNICODE_VERSION",
    "base_level",
    "first_strong",
    "line_levels",
    "paragraph_levels",
    "reorder",
    "visual_order",
]

ICU_UNICODE_VERSION = icu.UNICODE_VERSION

#: Explicit directional formatting characters (embeddings, overrides, isolates, marks). They
#: take part in level resolution and are never drawn.
BIDI_CONTROLS = frozenset(
    "\u200e\u200f\u061c\u202a\u202b\u202c\u202d\u202e\u2066\u2067\u2068\u2069"
)

# ICU UCharDirection values (stable C enum).
_L, _R, _EN, _ES, _ET, _AN, _CS, _B, _S, _WS, _ON = range(11)
_LRE, _LRO, _AL, _RLE, _RLO, _PDF, _NSM, _BN, _FSI, _LRI, _RLI, _PDI = range(11, 23)
_ISOLATE_OPEN = frozenset({_FSI, _LRI, _RLI})
#: Classes reset by L1 when they end a line or precede a segment separator.
_L1_TRAILING = frozenset({_WS, _FSI, _LRI, _RLI, _PDI})
#: Removed by X9: transparent to L1 and not part of the visual order.
_X9_REMOVED = frozenset({_LRE, _RLE, _LRO, _RLO, _PDF, _BN})

_char_direction = icu.Char.charDirection
_ASTRAL = re.compile("[\U00010000-\U0010ffff]")
#: Characters that can make a paragraph need the bidi algorithm at all: R, AL, AN classes and
#: explicit controls. Without any, every level is the paragraph level (0 for LTR).
_NEEDS_BIDI = re.compile(
    "[\u0590-\u08ff\u200f\u202a-\u202e\u2066-\u2069\ufb1d-\ufdff\ufe70-\ufefe"
    "\U00010800-\U00010fff\U0001e800-\U0001efff]"
)


class _DirTable(dict):
    def __missing__(self, ch: str) -> int:
        value = _char_direction(ch)
        self[ch] = value
        return value


_DIR = _DirTable()


def bidi_class(ch: str) -> int:
    """ICU's UCharDirection of a character (0 = L, 1 = R, 13 = AL, ...)."""
    return _DIR[ch]


def first_strong(text: str) -> Literal["ltr", "rtl"] | None:
    """Rules P2-P3: the direction of the first strong character outside isolates, if any."""
    depth = 0
    for ch in text:
        cls = _DIR[ch]
        if cls in _ISOLATE_OPEN:
            depth += 1
        elif cls == _PDI:
            if depth:
                depth -= 1
        elif depth == 0:
            if cls == _L:
                return "ltr"
            if cls == _R or cls == _AL:
                return "rtl"
        elif cls == _B:
            depth = 0
    return None


def base_level(text: str, direction: str, fallback: Literal["ltr", "rtl"] = "ltr") -> int:
    """The paragraph level: 0 or 1 as given, or by P2-P3 for ``auto``.

    ``fallback`` decides when the text has no strong character.
    """
    if direction == "ltr":
        return 0
    if direction == "rtl":
        return 1
    found = first_strong(text)
    return 1 if (found or fallback) == "rtl" else 0


def needs_bidi(text: str) -> bool:
    """False when ``text`` at paragraph level 0 resolves to level 0 everywhere."""
    return _NEEDS_BIDI.search(text) is not None


_local = threading.local()


def _bidi() -> icu.Bidi:
    """One ICU Bidi object per thread (they are not thread-safe; creating one is cheap)."""
    b = getattr(_local, "bidi", None)
    if b is None:
        b = _local.bidi = icu.Bidi()
    return b


def paragraph_levels(text: str, para_level: int | None) -> tuple[list[int], int]:
    """Resolved embedding levels of ``text`` (one per code point) and the paragraph level.

    ``para_level`` 0 or 1, or ``None`` for P2-P3 with LTR default (ICU ``UBIDI_DEFAULT_LTR``).
    Characters removed by rule X9 (embedding controls, BN) get a level too (ICU gives them
    their neighbour's); callers do not draw them.
    """
    if not text:
        return [], para_level or 0
    if para_level == 0 and not needs_bidi(text):
        return [0] * len(text), 0
    bidi = _bidi()
    level = icu.Bidi.DEFAULT_LTR if para_level is None else para_level
    bidi.setPara(icu.UnicodeString(text), level)
    levels = bidi.getLevels()
    level = bidi.getParaLevel()
    if _ASTRAL.search(text) is None:
        return list(levels), level
    # ICU counts UTF-16 code units: keep the level of the first unit of each code point.
    out: list[int] = []
    unit = 0
    for ch in text:
        out.append(levels[unit])
        unit += 2 if ord(ch) > 0xFFFF else 1
    return out, level


def line_levels(
    text: str, levels: Sequence[int], para_level: int, start: int, end: int
) -> list[int]:
    """Rule L1 on the line ``text[start:end]``: its levels with trailing whitespace, isolate
    controls, segment separators (and whitespace before them) reset to the paragraph level."""
    out = list(levels[start:end])
    trailing = True  # inside a run of whitespace that ends the line or precedes S/B
    for i in range(end - 1, start - 1, -1):
        cls = _DIR[text[i]]
        if cls == _S or cls == _B:
            out[i - start] = para_level
            trailing = True
        elif trailing and (cls in _L1_TRAILING or cls in _X9_REMOVED):
            out[i - start] = para_level
        else:
            trailing = False
    return out


def reorder(levels: Sequence[int]) -> list[int]:
    """Rule L2: indices of ``levels`` in visual order (reverse every maximal sequence at level
    ≥ k, for k from the highest level down to the lowest odd level)."""
    order = list(range(len(levels)))
    if not levels:
        return order
    highest = max(levels)
    lowest_odd = min(levels) | 1
    if highest < lowest_odd:
        return order
    lv = list(levels)
    n = len(lv)
    for k in range(highest, lowest_odd - 1, -1):
        i = 0
        while i < n:
            if lv[i] >= k:
                j = i + 1
                while j < n and lv[j] >= k:
                    j += 1
                order[i:j] = order[i:j][::-1]
                lv[i:j] = lv[i:j][::-1]
                i = j
            else:
                i += 1
    return order


def visual_order(
    text: str, levels: Sequence[int], para_level: int, start: int, end: int, *, drop_x9: bool = True
) -> list[int]:
    """Logical indices (into ``text``) of the line ``start:end`` in visual order, after L1 and L2.

    With ``drop_x9`` characters removed by rule X9 (LRE, RLE, LRO, RLO, PDF, BN) are left out,
    as BidiCharacterTest.txt does.
    """
    lv = line_levels(text, levels, para_level, start, end)
    idx = list(range(start, end))
    if drop_x9:
        keep = [k for k, i in enumerate(idx) if _DIR[text[i]] not in _X9_REMOVED]
        idx = [idx[k] for k in keep]
        lv = [lv[k] for k in keep]
    return [idx[k] for k in reorder(lv)]
