"""The text engine: spans of one paragraph in, lines of positioned glyph runs out.

Follows UAX #9 §3.4 (Bidi "Reordering resolved levels"): levels are resolved once on the whole
paragraph in logical order, lines are broken on the logical text with shaped widths (UAX #14
opportunities, :mod:`.breaking`), and only then is each line reordered (rules L1, L2,
:mod:`.bidi`). Shaping is HarfBuzz (:mod:`.shaping`), runs and font fallback come from
:mod:`.itemize`.

In: ``Sequence[Span]`` (logical text, style, isolation), a measure in points, a BCP 47 language,
a base direction (``ltr``, ``rtl`` or ``auto``: first strong character, rules P2-P3, else the
language's direction) and an alignment.
Out: :class:`SetParagraph`: lines top to bottom, each with :class:`GlyphRun` in visual
(left-to-right drawing) order, positioned in points.

Pipeline:

1. logical text: spans joined; ``Span.isolate`` "ltr" → LRI … PDI, "auto" → FSI … PDI; in a
   paragraph that is right-to-left or contains right-to-left letters, numbers with punctuation
   (phone numbers, dates, times, IDs), e-mail addresses and URLs are wrapped in LRI … PDI so
   "(617) 555-0100" reads in its natural order, never "0100-555 (617)";
2. embedding levels for the whole paragraph (ICU);
3. runs (level, script, span, font) with font fallback; shaping per run (cached);
4. line breaking: greedy fill with the shaped advance of every cluster, trailing whitespace
   not counted; a phone number (or other number kept whole) wider than the line is set
   smaller, never broken; any other piece between two break opportunities wider than the
   line is broken at grapheme cluster boundaries (never inside a cluster);
5. per line: L1/L2 order of run pieces; a run cut at a line end is sliced by clusters when
   HarfBuzz marks the cut safe to break, reshaped otherwise (Arabic joining across the cut);
6. glyph runs with x positions, line ascent/descent/height from the fonts used, alignment.

Empty text gives a paragraph with no lines; each hard newline starts a new line.
"""

from __future__ import annotations

import math
import re
import unicodedata
from bisect import bisect_right
from collections.abc import Sequence
from dataclasses import replace
from itertools import accumulate
from typing import Any, Literal

from .. import memo
from ..errors import NumberTooWide
from .bidi import BIDI_CONTROLS, base_level, paragraph_levels, reorder
from .breaking import grapheme_boundaries, line_breaks
from .fonts import Font, FontLibrary, default_library, lang_is_rtl, lang_scripts, region_tag
from .itemize import Run, itemize
from .shaping import Shaped, shape
from .types import Align, GlyphRun, Line, SetParagraph, Span, TextStyle

__all__ = ["Typesetter", "wrap_numbers", "NUMERIC_RE", "NUMBER_MIN_SIZE"]

LRI, RLI, FSI, PDI = "\u2066", "\u2067", "\u2068", "\u2069"
_CONTROLS = "".join(BIDI_CONTROLS)
_EPS = 1e-6

#: Characters not counted at the end of a line (and not drawn there): spaces, tabs, newlines,
#: bidi controls, zero width space.
_TRAILING = frozenset(
    " \t\n\r\x0b\x0c\x85\u1680\u2000\u2001\u2002\u2003\u2004\u2005\u2006\u2007\u2008\u2009"
    "\u200a\u200b\u2028\u2029\u205f\u3000"
    "\u200e\u200f\u061c\u202a\u202b\u202c\u202d\u202e\u2066\u2067\u2068\u2069"
)

_URL = r"(?:https?://|www\.)[^\s<>\"]*[^\s<>\".,;:!?)\]'،؛؟]"
_EMAIL = r"(?<![A-Za-z0-9._%+\-])[A-Za-z0-9._%+\-]++@[A-Za-z0-9\-]++(?:\.[A-Za-z0-9\-]++)+"
#: One group of a number-like token: "(617)", "555", "2026", "A12", "50%", "$20", or letters
#: before a separator and a digit ("A-12345"). Possessive quantifiers and the look-behind below
#: keep matching linear on long words.
_GROUP = r"(?:\(\d++\)|[$€£¥₹]?[A-Za-z]*+\d[A-Za-z\d]*+%?|[A-Za-z]++(?=[-/.:]\d))"
#: A separator inside one: - . / : , and one space (no-break space, narrow no-break space).
_SEP = r"(?:[-‐‑–][ \u00a0]?|[./:,]|[ \u00a0\u202f])"
_NUMBER = rf"(?<![A-Za-z\d])\+?{_GROUP}(?:{_SEP}?{_GROUP})*+"
#: A phone number in groups joined by hyphens, capital letters among them or not:
#: "800-USA-LEARN", "1-800-375-5283", "866-DHS-2-ICE" (digits first).
_HYPHENS = "-‐‑"
PHONE_WORD_RE = re.compile(r"(?<![\w\-‐‑])\+?\d{1,4}+(?:[-‐‑][0-9A-Z]++)++(?![\w\-‐‑])")
#: The same with letters ("800-USA-LEARN"): a token of its own in right-to-left text (one
#: without letters is already a number there).
_PHONE_LETTERS = (
    r"(?<![\w\-‐‑])\+?\d{1,4}+(?:[-‐‑]\d++)*+[-‐‑][A-Z][0-9A-Z]*+(?:[-‐‑][0-9A-Z]++)*+(?![\w\-‐‑])"
)
#: Tokens wrapped in an LTR isolate inside right-to-left text (see :func:`wrap_numbers`).
NUMERIC_RE = re.compile(rf"{_URL}|{_EMAIL}|{_PHONE_LETTERS}|{_NUMBER}")
#: Strong right-to-left letters and Arabic digits (R, AL, AN): a paragraph with none needs no
#: wrapping.
_RTL_CHARS = re.compile(
    "[\u0590-\u08ff\u200f\ufb1d-\ufdff\ufe70-\ufefe\U00010800-\U00010fff\U0001e800-\U0001efff]"
)
_DIGIT = re.compile(r"\d")


def wrap_numbers(text: str) -> str:
    """``text`` with each phone number, date, time, ID, e-mail and URL in LRI … PDI.

    Only tokens with a digit (or e-mail and URLs) are wrapped; trailing sentence punctuation
    stays outside ("… 555-0100." wraps "555-0100").
    """
    out: list[str] = []
    last = 0
    seen = text  # the text with the tokens already wrapped blanked out: an isolate is neutral
    for m in NUMERIC_RE.finditer(text):
        token = m.group()
        if not (_DIGIT.search(token) or "@" in token or "://" in token or token.startswith("www.")):
            continue
        if _after_left_to_right(seen, m.start()):
            # "(Plyler v. Doe, 1982)": after left-to-right letters, UAX #9 (rule W7) already
            # keeps the number with them; an isolate would cut it off and reverse the two
            continue
        out.append(text[last : m.start()])
        out.append(LRI + token + PDI)
        last = m.end()
        seen = seen[: m.start()] + " " * len(token) + seen[last:]
    if not out:
        return text
    out.append(text[last:])
    return "".join(out)


def _after_left_to_right(text: str, i: int) -> bool:
    """Whether the nearest strong character before ``i`` is left-to-right (a Latin letter)."""
    for ch in reversed(text[max(0, i - 40) : i]):
        kind = unicodedata.bidirectional(ch)
        if kind == "L":
            return True
        if kind in ("R", "AL", "LRI", "RLI", "FSI", "PDI"):
            return False
    return False


#: E-mail addresses and web addresses, found anywhere (the break rules below).
_ADDRESS_RE = re.compile(
    rf"{_URL}|{_EMAIL}|(?<![A-Za-z0-9@/.\-])(?:[A-Za-z0-9\-]++\.)++(?:org|com|gov|net|edu|us|info)(?![A-Za-z0-9\-])(?:/[^\s<>\"]*[^\s<>\".,;:!?)\]'،؛؟])?"
)
#: A short bracketed left-to-right phrase inside right-to-left text ("(power of attorney)"):
#: set as one left-to-right isolate, kept on one line.
_BRACKETED_LTR = re.compile(
    r"\((?=[^()]*[A-Za-z])[^()\u0590-\u08ff\ufb1d-\ufdff\ufe70-\ufefe\n]{1,40}\)"
)
#: Bracketed phrases longer than this may still be broken inside (they would not fit a line).
_BRACKET_KEEP = 40


def wrap_brackets(text: str) -> str:
    """``text`` with each short bracketed left-to-right phrase in LRI … PDI (for right-to-left
    paragraphs): its brackets then face the right way and it reads as one piece."""
    return _BRACKETED_LTR.sub(lambda m: LRI + m.group() + PDI, text)


def _keep_numbers(
    text: str, breaks: list[tuple[int, bool]], rtl: bool = False
) -> tuple[list[tuple[int, bool]], list[int], list[int], list[tuple[int, int]]]:
    """Set aside the soft break opportunities that would split a token a reader needs whole:

    * phone numbers and other number-like tokens with spaces ("(617) 555-0100", "+503 2555
      0100"), and phone numbers with hyphens, letters among them ("800-USA-LEARN", where
      UAX #14 allows a break after each hyphen): never, even wider than the line (the
      typesetter sets such a number smaller instead, :meth:`Typesetter._shrink_numbers`);
    * e-mail addresses and URLs: never at their own hyphens; a line may end after one of their
      "/" or "." only when the address is wider than the line (no hyphen is added);
    * in right-to-left paragraphs, short bracketed left-to-right phrases (see
      :func:`wrap_brackets`), unless wider than the line.

    Returns the breaks kept, the fallback offsets (used only for a piece wider than the
    line), the last fallbacks before breaking between letters (inside an address, after
    its "-", "?", "&", "=" or "_", for a part between two "/" or "." still wider than the
    line) and the (start, end) of each number kept whole."""
    tokens: list[tuple[int, int, bool]] = []  # (start, end, address?)
    numbers: list[tuple[int, int]] = []
    if ("@" in text or "." in text) and not text.isspace():
        tokens += [(m.start(), m.end(), True) for m in _ADDRESS_RE.finditer(text)]
    if (" " in text or "\u00a0" in text) and _DIGIT.search(text) is not None:
        numbers += [
            (m.start(), m.end())
            for m in NUMERIC_RE.finditer(text)
            if (" " in m.group() or "\u00a0" in m.group()) and _DIGIT.search(m.group())
        ]
    if _DIGIT.search(text) is not None and any(h in text for h in _HYPHENS):
        numbers += [(m.start(), m.end()) for m in PHONE_WORD_RE.finditer(text)]
    if numbers and "ext" in text:  # "(617) 555-0134 ext. 12" (Phone.display): one token
        numbers = [(a, _extension_end(text, b)) for a, b in numbers]
    tokens += [(a, b, False) for a, b in numbers]
    if rtl and LRI in text:
        tokens += [
            (m.start(), m.end(), False)
            for m in re.finditer(LRI + r"\([^\u2066-\u2069]*\)" + PDI, text)
            if m.end() - m.start() <= _BRACKET_KEEP + 2
        ]
    if not tokens:
        return breaks, [], [], []
    whole: set[tuple[int, int]] = set()
    reach = -1
    addresses = [(a, b) for a, b, address in tokens if address]
    for a, b in sorted(numbers, key=lambda t: (t[0], -t[1])):
        if b <= reach:  # inside one already kept ("555-0100" of "(617) 555-0100")
            continue
        if any(x < b and a < y for x, y in addresses):  # "…/2015-03-24/…": the address's
            continue
        whole.add((a, b))
        reach = b
    tokens.sort()
    starts = [t[0] for t in tokens]
    kept: list[tuple[int, bool]] = []
    inside: list[int] = []
    later: list[int] = []
    for off, hard in breaks:
        k = bisect_right(starts, off - 1) - 1
        hit = None
        while k >= 0:  # the tokens starting before ``off`` that contain it
            if tokens[k][0] < off < tokens[k][1]:
                hit = tokens[k]
                break
            k -= 1
        if hard or hit is None:
            kept.append((off, hard))
        elif not hit[2] and hit[:2] not in whole:
            inside.append(off)
    for a, b, address in tokens:
        if address:  # after "/" or ".", never after a hyphen
            inside.extend(o for o in range(a + 1, b) if text[o - 1] in "/." and text[o] != "/")
            later.extend(o for o in range(a + 1, b) if text[o - 1] in _URL_LATER and text[o] != "/")
    inside = sorted(set(inside))
    return kept, inside, later, sorted(whole)


#: A phone number's extension as :class:`kitgen.family.phone.Phone` prints it.
_EXTENSION = re.compile(r"[ \u00a0]ext\.[ \u00a0]\d++(?![\w\-‐‑])")


def _extension_end(text: str, end: int) -> int:
    """The end of the number ending at ``end``, its extension included."""
    if end < len(text) and text[end] == PDI:  # wrapped in right-to-left text
        return end
    m = _EXTENSION.match(text, end)
    return m.end() if m else end


#: Inside an address, where a part too long for the line may still break (after the character).
_URL_LATER = frozenset("-?&=_")


def _CJK_LAST_LINE(lang: str) -> bool:  # noqa: N802 - reads as a rule's name
    tag = region_tag(lang)
    return tag == "ja" or tag.startswith("zh")


def _no_lone_last_character(
    text: str,
    prefix: list[float],
    breaks: list[tuple[int, bool]],
    ranges: list[tuple[int, int]],
    width: float,
) -> list[tuple[int, int]]:
    """Chinese and Japanese: a paragraph's last line (or the last line before a newline) that
    holds a single character, punctuation aside, takes one more piece from the line above when
    that line can give one up (it keeps at least two characters, the new last line fits)."""
    ranges = list(ranges)
    soft = [o for o, h in breaks if not h]
    for k in range(1, len(ranges)):
        s, e = ranges[k]
        if k + 1 < len(ranges) and not _ends_hard(text, e):
            continue  # not the last line of its paragraph
        if _ends_hard(text, ranges[k - 1][1]):
            continue  # the line above ends its own paragraph
        body = text[s:e].strip(_TRAILING_STR).rstrip(_CLOSING)
        if len(grapheme_boundaries(body)) != 1:
            continue
        ps = ranges[k - 1][0]
        vis = e
        while vis > s and text[vis - 1] in _TRAILING:
            vis -= 1
        for o in reversed(soft):
            if o >= s or o <= ps + 1:
                if o <= ps + 1:
                    break
                continue
            if prefix[vis] - prefix[o] <= width + _EPS:
                ranges[k - 1] = (ps, o)
                ranges[k] = (o, e)
            break
    return ranges


def _ends_hard(text: str, end: int) -> bool:
    return end > 0 and text[end - 1] in "\n\r\x0b\x0c\x85\u2028\u2029"


_TRAILING_STR = "".join(_TRAILING)
#: Punctuation that does not count as a last line's character (it cannot stand alone anyway).
_CLOSING = "、。，．・：；！？)）]］」』】〕〉》”’.,!?:;"


#: The smallest size a number too wide for its line is set at, unless its style says otherwise
#: (``TextStyle.min_size``): the packet's body and table text.
NUMBER_MIN_SIZE = 7.0


def _number_too_wide(
    token: str, floor: float, width: float, natural: float, size: float, attached: float
) -> NumberTooWide:
    """The error for a number kept whole that does not fit its line even at ``floor`` pt."""
    number = token.strip(_CONTROLS)
    return NumberTooWide(
        f"a number {len(number)} characters long does not fit its {width:.0f} pt line even at "
        f"{floor:g} pt (it needs {natural * floor / size + attached:.0f} pt), and a phone "
        "number is never broken across lines",
        number,
        floor,
        width,
    )


def _prefix(
    n: int, runs: Sequence[Run], shaped: Sequence[Shaped], styles: Sequence[TextStyle]
) -> list[float]:
    """Advance of the text before each offset, in points."""
    adv = [0.0] * n
    for r, sh, style in zip(runs, shaped, styles):
        scale = style.size / r.font.upem
        adv[r.start : r.end] = [a * scale for a in sh.char_advances]
    return list(accumulate(adv, initial=0.0))


#: Set paragraphs kept per typesetter (a packet has about 2,000 distinct ones).
_SET_CACHE_SIZE = 20_000


class _SetMemo(memo.Memo[tuple[object, ...], SetParagraph]):
    """The set-paragraph cache: a paragraph kept (public) has its glyph runs published, so
    that drawing may keep its plans too."""

    __slots__ = ()

    def put(self, key: Any, value: SetParagraph, keep: bool | None = None) -> None:
        if keep is None:
            keep = not memo.private()
        super().put(key, value, keep)
        if keep:
            _publish_runs(value)

    def adopt(self, entries: dict[Any, SetParagraph]) -> dict[Any, SetParagraph]:
        kept = super().adopt(entries)
        for value in kept.values():
            _publish_runs(value)
        return kept


def _publish_runs(para: SetParagraph) -> None:
    for line in para.lines:
        for run in line.runs:
            memo.publish(run)


class Typesetter:
    """Sets paragraphs with the fonts of a :class:`FontLibrary` (default: kitgen's fonts)."""

    def __init__(self, fonts: FontLibrary | None = None) -> None:
        self.fonts = fonts if fonts is not None else default_library()
        #: set paragraphs, kept across packets for template text only (:mod:`kitgen.memo`)
        self._set_cache: memo.Memo[tuple[object, ...], SetParagraph] = _SetMemo(
            "set paragraphs", _SET_CACHE_SIZE
        )
        self._min_cache: memo.Memo[tuple[object, ...], float] = memo.Memo(
            "narrowest measures", _SET_CACHE_SIZE
        )

    # -- public -------------------------------------------------------------------------------

    def set(
        self,
        spans: Sequence[Span],
        width: float,
        *,
        lang: str,
        direction: Literal["ltr", "rtl", "auto"] = "auto",
        align: Align = "start",
    ) -> SetParagraph:
        """Break ``spans`` into lines no wider than ``width`` points (a single grapheme
        cluster wider than the line is the only exception). A phone number wider than the
        line is set smaller to fit, down to its style's ``min_size``; below that it raises
        :class:`~kitgen.errors.NumberTooWide`.

        The result depends only on the arguments, so it is cached: a packet sets the same
        labels, headings and footers many times, and batches set the same packets' texts."""
        key = (tuple(spans), width, lang, direction, align)
        cache = self._set_cache
        cached = cache.kept.get(key)
        if cached is None:
            cached = cache.scratch.get(key) if cache.scratch else None
            if cached is None:
                cached = self._set(key[0], width, lang=lang, direction=direction, align=align)
                cache.put(key, cached)
            elif not memo.private():  # set for a family's text before, now known public
                cache.put(key, cached, keep=True)
        return cached

    def _set(
        self,
        spans: Sequence[Span],
        width: float,
        *,
        lang: str,
        direction: Literal["ltr", "rtl", "auto"],
        align: Align,
    ) -> SetParagraph:
        text, span_of, para_level = self._logical(spans, lang, direction)
        dir_name: Literal["ltr", "rtl"] = "rtl" if para_level & 1 else "ltr"
        if not text.strip(_CONTROLS):
            return SetParagraph(lines=(), width=width, direction=dir_name, lang=lang)
        levels, para_level = paragraph_levels(text, para_level)
        stacks = [self.fonts.stack(lang, s.style.bold, prefer=s.lang) for s in spans]
        runs = itemize(text, levels, span_of, stacks, lang_scripts(lang)[0])
        shaped = [self._shape(text, r, lang) for r in runs]
        styles = [spans[r.span].style for r in runs]
        prefix = _prefix(len(text), runs, shaped, styles)
        breaks, inside, later, numbers = _keep_numbers(
            text, line_breaks(text, lang), bool(para_level & 1)
        )
        if numbers and math.isfinite(width):
            shrunk = self._shrink_numbers(
                text, prefix, breaks, numbers, inside, width, runs, styles
            )
            if shrunk is not None:
                runs, styles = shrunk
                shaped = [self._shape(text, r, lang) for r in runs]
                prefix = _prefix(len(text), runs, shaped, styles)
        ranges = self._fill(text, prefix, breaks, width, fallback=inside, last_resort=later)
        if len(ranges) > 1 and _CJK_LAST_LINE(lang):
            ranges = _no_lone_last_character(text, prefix, breaks, ranges, width)
        self._check_cuts(text, ranges, runs, shaped)
        lines = tuple(
            self._line(
                text,
                s,
                e,
                runs,
                shaped,
                styles,
                spans,
                stacks,
                span_of,
                para_level,
                width,
                align,
                lang,
            )
            for s, e in ranges
        )
        return SetParagraph(lines=lines, width=width, direction=dir_name, lang=lang)

    def measure(
        self,
        spans: Sequence[Span],
        *,
        lang: str,
        direction: Literal["ltr", "rtl", "auto"] = "auto",
    ) -> float:
        """Natural width of ``spans`` on one line (the widest line when there are newlines)."""
        para = self.set(spans, math.inf, lang=lang, direction=direction)
        return max((line.width for line in para.lines), default=0.0)

    def min_width(
        self,
        spans: Sequence[Span],
        *,
        lang: str,
        direction: Literal["ltr", "rtl", "auto"] = "auto",
        break_addresses: bool = True,
    ) -> float:
        """The narrowest measure that sets ``spans`` without breaking inside a word: the widest
        piece between two break opportunities (phone numbers and other tokens kept whole).
        With ``break_addresses``, an e-mail address or URL may break after its "/" or "."
        (the engine's fallback for an address wider than the line); without, it counts whole."""
        key = (tuple(spans), lang, direction, break_addresses)
        cached = self._min_cache.get(key)
        if cached is not None:
            return cached
        text, span_of, para_level = self._logical(spans, lang, direction)
        widest = 0.0
        if text.strip(_CONTROLS):
            levels, para_level = paragraph_levels(text, para_level)
            stacks = [self.fonts.stack(lang, s.style.bold, prefer=s.lang) for s in spans]
            runs = itemize(text, levels, span_of, stacks, lang_scripts(lang)[0])
            adv = [0.0] * len(text)
            for r in runs:
                scale = spans[r.span].style.size / r.font.upem
                adv[r.start : r.end] = [a * scale for a in self._shape(text, r, lang).char_advances]
            prefix = list(accumulate(adv, initial=0.0))
            breaks, inside, _later, _numbers = _keep_numbers(
                text, line_breaks(text, lang), bool(para_level & 1)
            )
            offsets = {o for o, _hard in breaks}
            if break_addresses:
                offsets.update(o for o in inside if text[o - 1] in "/.")
            start = 0
            for off in sorted(offsets):
                end = off
                while end > start and text[end - 1] in _TRAILING:
                    end -= 1
                widest = max(widest, prefix[end] - prefix[start])
                start = off
        self._min_cache.put(key, widest)
        return widest

    # -- stages ---------------------------------------------------------------------------------

    def _logical(
        self, spans: Sequence[Span], lang: str, direction: str
    ) -> tuple[str, list[int], int]:
        """Logical text with isolates, the span index of each character, the paragraph level."""
        parts: list[str] = []
        for sp in spans:
            if sp.isolate == "ltr":
                parts.append(LRI + sp.text + PDI)
            elif sp.isolate == "auto":
                parts.append(FSI + sp.text + PDI)
            else:
                parts.append(sp.text)
        joined = "".join(parts)
        level = base_level(joined, direction, "rtl" if lang_is_rtl(lang) else "ltr")
        wrap = level == 1 or _RTL_CHARS.search(joined) is not None
        text_parts: list[str] = []
        span_of: list[int] = []
        for k, (sp, part) in enumerate(zip(spans, parts)):
            if wrap and sp.isolate != "ltr":
                inner = wrap_numbers(sp.text)
                if level == 1:
                    inner = wrap_brackets(inner)
                part = (FSI + inner + PDI) if sp.isolate == "auto" else inner
            text_parts.append(part)
            span_of.extend([k] * len(part))
        return "".join(text_parts), span_of, level

    @staticmethod
    def _shape(text: str, run: Run, lang: str) -> Shaped:
        piece = text[run.start : run.end]
        if "\t" in piece:
            piece = piece.replace("\t", " ")
        return shape(run.font, piece, run.rtl, run.script, lang)

    @staticmethod
    def _shrink_numbers(
        text: str,
        prefix: list[float],
        breaks: list[tuple[int, bool]],
        numbers: Sequence[tuple[int, int]],
        inside: Sequence[int],
        width: float,
        runs: list[Run],
        styles: list[TextStyle],
    ) -> tuple[list[Run], list[TextStyle]] | None:
        """A phone number (or other number kept whole) wider than the line is set smaller, so
        that the piece of text holding it (the number and any bracket or full stop attached)
        fits the line: runs cut at the number's ends, the number's runs in a smaller size
        (0.1 pt steps), never under its style's ``min_size`` (:data:`NUMBER_MIN_SIZE` when
        unset). ``None`` when every number fits as it is.

        Raises :class:`~kitgen.errors.NumberTooWide` when a number does not fit even at
        that floor."""
        limit = width + _EPS
        # where a line may end: the breaks, and inside a piece wider than the line the
        # fallbacks (an address's "/", a bracketed phrase's spaces)
        offsets = sorted({0, *(o for o, _hard in breaks), *inside})
        factors: list[tuple[int, int, float, float]] = []  # start, end, factor, attached
        for a, b in numbers:
            ps = offsets[bisect_right(offsets, a) - 1]
            k = bisect_right(offsets, b - 1)
            pe = offsets[k] if k < len(offsets) else len(text)
            while pe > b and text[pe - 1] in _TRAILING:
                pe -= 1
            if prefix[pe] - prefix[ps] <= limit:
                continue
            number = prefix[b] - prefix[a]
            attached = prefix[pe] - prefix[ps] - number  # "(" before it, "." after it
            factors.append((a, b, (width - attached) / number, attached))
        if not factors:
            return None
        new_runs: list[Run] = []
        new_styles: list[TextStyle] = []
        for run, style in zip(runs, styles):
            cuts = {run.start, run.end}
            cuts.update(o for a, b, *_ in factors for o in (a, b) if run.start < o < run.end)
            ordered = sorted(cuts)
            for s, e in zip(ordered, ordered[1:]):
                new_runs.append(replace(run, start=s, end=e))
                hit = next((f for f in factors if f[0] <= s and e <= f[1]), None)
                if hit is None:
                    new_styles.append(style)
                    continue
                a, b, factor, attached = hit
                floor = min(style.size, style.min_size or NUMBER_MIN_SIZE)
                size = math.floor(style.size * factor * 10 + 1e-3) / 10
                if size < floor:
                    raise _number_too_wide(
                        text[a:b], floor, width, prefix[b] - prefix[a], style.size, attached
                    )
                new_styles.append(replace(style, size=size))
        return new_runs, new_styles

    @staticmethod
    def _check_cuts(
        text: str, ranges: Sequence[tuple[int, int]], runs: list[Run], shaped: list[Shaped]
    ) -> None:
        """Read HarfBuzz's unsafe-to-break flags at every place a line end cuts a run."""
        if len(ranges) < 2:
            return
        cuts: list[int] = []
        for s, e in ranges:
            cuts.append(s)
            while e > s and text[e - 1] in _TRAILING:
                e -= 1
            cuts.append(e)
        starts = [r.start for r in runs]
        per_run: dict[int, list[int]] = {}
        for c in cuts:
            k = bisect_right(starts, c) - 1
            if k >= 0 and runs[k].start < c < runs[k].end:
                per_run.setdefault(k, []).append(c - runs[k].start)
        for k, offsets in per_run.items():
            shaped[k].check_cuts(offsets)

    @staticmethod
    def _fill(
        text: str,
        prefix: list[float],
        breaks: list[tuple[int, bool]],
        width: float,
        start: int = 0,
        end: int | None = None,
        fallback: Sequence[int] = (),
        last_resort: Sequence[int] = (),
    ) -> list[tuple[int, int]]:
        """Greedy line filling of ``text[start:end]``: ``(start, end)`` of each line.

        ``breaks`` are the opportunities (offset, hard); a piece between two of them that is
        wider than the line is broken at the ``fallback`` offsets inside it (opportunities
        suppressed inside numbers and addresses), a part of it still too wide at the
        ``last_resort`` offsets, else at grapheme cluster boundaries.
        """
        end = len(text) if end is None else end
        limit = width + _EPS

        def visible_end(s: int, e: int) -> int:
            while e > s and text[e - 1] in _TRAILING:
                e -= 1
            return e

        lines: list[tuple[int, int]] = []
        candidate = -1
        i = 0
        while i < len(breaks):
            off, hard = breaks[i]
            vis = visible_end(start, off)
            if prefix[vis] - prefix[start] <= limit:
                candidate = off
                if hard or off >= end:
                    lines.append((start, off))
                    start, candidate = off, -1
                i += 1
                continue
            if candidate > start:
                lines.append((start, candidate))
                start, candidate = candidate, -1
                continue
            # Nothing fits: break the piece at the fallback opportunities, else between
            # grapheme clusters (never inside one).
            inner = [(o, False) for o in fallback if start < o < vis]
            later = [o for o in last_resort if start < o < vis]
            if not inner and later:
                inner, later = [(o, False) for o in later], []
            if inner:
                pieces = Typesetter._fill(
                    text, prefix, [*inner, (vis, False)], width, start, vis, fallback=later
                )
            else:
                pieces = []
                line_start = prev = start
                for g in grapheme_boundaries(text, start, vis):
                    while prefix[g] - prefix[line_start] > limit:
                        cut = prev if prev > line_start else g  # at least one cluster a line
                        pieces.append((line_start, cut))
                        line_start = cut
                        if cut == g:
                            break
                    prev = g
                if line_start < vis:
                    pieces.append((line_start, vis))
            rest = pieces[-1]
            if prefix[visible_end(*rest)] - prefix[rest[0]] <= limit:
                lines.extend(pieces[:-1])
                start = rest[0]  # the rest fits: the next round makes it a candidate
            else:
                # Used up: the last line (one cluster too wide) takes the trailing spaces.
                lines.extend(pieces)
                lines[-1] = (lines[-1][0], off)
                start = off
                i += 1
            candidate = -1
        if start < end:
            lines.append((start, end))
        return lines

    def _line(
        self,
        text: str,
        start: int,
        end: int,
        runs: list[Run],
        shaped: list[Shaped],
        styles: Sequence[TextStyle],
        spans: Sequence[Span],
        stacks: Sequence[Any],
        span_of: list[int],
        para_level: int,
        width: float,
        align: Align,
        lang: str,
    ) -> Line:
        vis = end
        while vis > start and text[vis - 1] in _TRAILING:
            vis -= 1
        pieces: list[tuple[int, int, int]] = []  # (start, end, run index)
        for k, r in enumerate(runs):
            if r.end <= start or r.start >= vis:
                continue
            pieces.append((max(r.start, start), min(r.end, vis), k))
        order = reorder([runs[k].level for _, _, k in pieces])
        glyph_runs: list[GlyphRun] = []
        x = 0.0
        ascent = descent = height = 0.0
        for p in order:
            a, b, k = pieces[p]
            run = runs[k]
            style = styles[k]
            gr = self._glyph_run(text, a, b, run, shaped[k], style, lang, x)
            glyph_runs.append(gr)
            x += gr.width
            font = run.font
            size = style.size
            ascent = max(ascent, font.ascender * size / font.upem)
            descent = max(descent, font.descender * size / font.upem)
            height = max(height, (style.leading or font.line_height) * size)
        if not pieces:
            # A blank line (between two newlines): the metrics of the first font of its span.
            k = span_of[min(start, len(span_of) - 1)]
            style = spans[k].style
            font = stacks[k][0]
            ascent = font.ascender * style.size / font.upem
            descent = font.descender * style.size / font.upem
            height = (style.leading or font.line_height) * style.size
        line_width = x
        free = width - line_width if math.isfinite(width) else 0.0
        rtl = bool(para_level & 1)
        if align == "center":
            lx = free / 2
        elif align == "end":
            lx = 0.0 if rtl else free
        else:  # start, justify
            lx = free if rtl else 0.0
        return Line(
            runs=tuple(glyph_runs),
            width=line_width,
            ascent=ascent,
            descent=descent,
            height=height,
            x=lx,
        )

    @staticmethod
    def _glyph_run(
        text: str, a: int, b: int, run: Run, sh: Shaped, style: TextStyle, lang: str, x: float
    ) -> GlyphRun:
        rs = run.start
        font: Font = run.font
        advances, offsets = sh.scaled(style.size / font.upem)
        glyphs, texts = sh.glyphs, sh.texts
        if a != rs or b != run.end:
            lo, hi = a - rs, b - rs
            if (lo == 0 or not sh.unsafe_to_break(lo)) and (
                b == run.end or not sh.unsafe_to_break(hi)
            ):
                g0, g1 = sh.glyph_range(lo, hi)
                glyphs, texts = glyphs[g0:g1], texts[g0:g1]
                advances, offsets = advances[g0:g1], offsets[g0:g1]
            else:  # the cut changes the shapes (joining, ligature, kerning): shape the piece
                piece = text[a:b].replace("\t", " ")
                sh = shape(font, piece, run.rtl, run.script, lang)
                advances, offsets = sh.scaled(style.size / font.upem)
                glyphs, texts = sh.glyphs, sh.texts
        return GlyphRun(
            font_key=font.key,
            size=style.size,
            color=style.color,
            x=x,
            glyphs=tuple(glyphs),
            advances=advances,
            offsets=offsets,
            texts=texts,
            rtl=run.rtl,
            fake_bold=style.bold and not font.bold,
        )
