"""Where a paragraph may be broken into lines (UAX #14), and grapheme clusters (UAX #29).

Follows: Unicode Standard Annex #14, Unicode Line Breaking Algorithm, as implemented and tailored
by ICU 78 (Unicode 17.0, CLDR 48) ``BreakIterator.createLineInstance``, with CLDR locale
tailoring: ``ja`` and ``zh`` use ``@lb=strict`` (JLREQ/CLREQ line-start prohibitions: no break
before small kana, ``ー``, ``々``, ``，。、：；！？`` and closing brackets; none after opening
brackets); Khmer, Burmese, Lao and Thai are split into words with ICU's dictionaries. Korean
follows KLREQ / CSS ``word-break: keep-all``: ICU 78 does not honour the ``@lw=keepall``
keyword for line iterators (checked), so this module suppresses every break between two
characters of the classes ID, H2, H3, JL, JV, JT, AL, NU, AI itself, leaving breaks at spaces
and around punctuation. Grapheme clusters: UAX #29 extended grapheme clusters from ICU's
character ``BreakIterator``, for emergency breaks inside a word longer than the line.

In: a paragraph's logical text (isolate controls included) and a BCP 47 language tag.
Out: code point offsets where a line may start, each flagged hard (after a newline, U+2028,
U+2029: a line must end there) or soft; grapheme cluster boundaries; and
:func:`kinsoku_violations` for checking set lines.
"""

from __future__ import annotations

import re
import threading
from functools import cache
from typing import Any

from . import unicode_icu as icu
from .fonts import region_tag

__all__ = ["line_breaks", "grapheme_boundaries", "kinsoku_violations", "locale_for"]

_ASTRAL = re.compile("[\U00010000-\U0010ffff]")
#: ICU rule status range for mandatory breaks (UBRK_LINE_HARD .. UBRK_LINE_HARD_LIMIT).
_HARD_LO, _HARD_HI = 100, 200

_LB = icu.UProperty.LINE_BREAK
#: UAX #14 classes whose neighbouring pairs Korean keep-all does not break between, as ICU's
#: stable ``ULineBreak`` values (PyICU does not expose all the names): AI 1, AL 2, ID 14,
#: NU 19, H2 31, H3 32, JL 33, JT 34, JV 35.
_KEEPALL = frozenset({1, 2, 14, 19, 31, 32, 33, 34, 35})


@cache
def _lb_class(ch: str) -> int:
    return icu.Char.getIntPropertyValue(ch, _LB)


@cache
def locale_for(lang: str) -> str:
    """ICU locale ID used for line breaking ``lang`` (with CLDR ``lb`` keyword when tailored)."""
    tag = region_tag(lang)
    if tag == "ja":
        return "ja@lb=strict"
    if tag.startswith("zh"):
        return ("zh_Hant" if tag == "zh-Hant" else "zh_Hans") + "@lb=strict"
    return tag


_local = threading.local()


def _iterator(kind: str, locale: str) -> Any:
    """One ICU break iterator per (kind, locale) per thread: creating one costs ~0.1 ms."""
    cache_ = getattr(_local, "iters", None)
    if cache_ is None:
        cache_ = _local.iters = {}
    key = (kind, locale)
    it = cache_.get(key)
    if it is None:
        loc = icu.Locale(locale)
        if kind == "line":
            it = icu.BreakIterator.createLineInstance(loc)
        else:
            it = icu.BreakIterator.createCharacterInstance(loc)
        cache_[key] = it
    return it


def _to_code_points(text: str, offsets: list[int]) -> list[int]:
    """Map ICU's UTF-16 offsets to code point offsets (only needed with astral characters)."""
    if _ASTRAL.search(text) is None:
        return offsets
    unit_to_cp: dict[int, int] = {}
    unit = 0
    for i, ch in enumerate(text):
        unit_to_cp[unit] = i
        unit += 2 if ord(ch) > 0xFFFF else 1
    unit_to_cp[unit] = len(text)
    return [unit_to_cp[o] for o in offsets]


def line_breaks(text: str, lang: str) -> list[tuple[int, bool]]:
    """Break opportunities in ``text``: ``(offset, hard)`` in increasing order, offset > 0.

    A line may start at each offset; the last one is ``len(text)``. ``hard`` marks a mandatory
    break (after LF, CR LF, VT, FF, NEL, U+2028, U+2029). For Korean, soft breaks between two
    letters or digits are removed (keep-all).
    """
    if not text:
        return []
    it = _iterator("line", locale_for(lang))
    it.setText(text)
    offsets: list[int] = []
    hard: list[bool] = []
    it.first()
    b = it.nextBoundary()
    while b != -1:
        offsets.append(b)
        status = it.getRuleStatus()
        hard.append(_HARD_LO <= status < _HARD_HI)
        b = it.nextBoundary()
    offsets = _to_code_points(text, offsets)
    out = list(zip(offsets, hard))
    # No line starts with a list's middle dot ("555-0167 · 555-0142"), nor, in Chinese and
    # Japanese, with any JLREQ/CLREQ line-start-prohibited character ICU would allow there.
    tag = region_tag(lang)
    banned = LINE_START_PROHIBITED | _DOTS if tag == "ja" or tag.startswith("zh") else _DOTS
    n = len(text)
    if any(ch in text for ch in banned):
        out = [(o, h) for o, h in out if h or o >= n or text[o] not in banned]
    if region_tag(lang) == "ko":
        n = len(text)
        out = [
            (o, h)
            for o, h in out
            if h
            or o >= n
            or not (_lb_class(text[o - 1]) in _KEEPALL and _lb_class(text[o]) in _KEEPALL)
        ]
    return out


def grapheme_boundaries(text: str, start: int = 0, end: int | None = None) -> list[int]:
    """Extended grapheme cluster boundaries of ``text[start:end]`` (offsets into ``text``),
    excluding ``start``, including ``end``."""
    end = len(text) if end is None else end
    piece = text[start:end]
    if not piece:
        return []
    it = _iterator("char", "root")
    it.setText(piece)
    offsets: list[int] = []
    it.first()
    b = it.nextBoundary()
    while b != -1:
        offsets.append(b)
        b = it.nextBoundary()
    return [start + o for o in _to_code_points(piece, offsets)]


#: JLREQ "characters not starting a line" (cl-02 closing brackets, cl-03 hyphens, cl-04 dividing
#: punctuation, cl-05 middle dots, cl-06 full stops, cl-07 commas, cl-09 iteration marks, cl-10
#: prolonged sound mark, cl-11 small kana) and the CLREQ equivalents, plus fullwidth forms.
LINE_START_PROHIBITED = frozenset(
    "、。，．・：；！？‼⁇⁈⁉)）]］}｝〕〉》」』】〙〗〟’”｠»"
    "ヽヾーァィゥェォッャュョヮヵヶぁぃぅぇぉっゃゅょゎゕゖㇰㇱㇲㇳㇴㇵㇶㇷㇸㇹㇺㇻㇼㇽㇾㇿ々〻"
    "‐゠–〜～?!,.:;"
)
#: List separators no line may start with, in any language (U+00B7, U+30FB, U+2022).
_DOTS = frozenset("·・•")
#: JLREQ cl-01 opening brackets: characters not ending a line.
LINE_END_PROHIBITED = frozenset("(（[［{｛〔〈《「『【〘〖〝‘“｟«")


def kinsoku_violations(lines: list[str]) -> list[tuple[int, str, str]]:
    """Lines breaking JLREQ/CLREQ line-start and line-end rules.

    ``(line index, character, "start" | "end")`` for each line (after the first) that starts
    with a character that may not start a line, and each line (before the last) that ends
    with one that may not end a line. Trailing spaces are ignored.
    """
    found: list[tuple[int, str, str]] = []
    for i, line in enumerate(lines):
        text = line.strip()
        if not text:
            continue
        if i > 0 and text[0] in LINE_START_PROHIBITED:
            found.append((i, text[0], "start"))
        if i < len(lines) - 1 and text[-1] in LINE_END_PROHIBITED:
            found.append((i, text[-1], "end"))
    return found
