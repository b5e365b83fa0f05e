"""Splitting a paragraph into runs that can each be shaped with one font.

Follows: UAX #24 (Script property, ICU 78 / Unicode 17.0: ``icu.Script.getScript``); UAX #29
grapheme clusters in the simple form font fallback needs (a base and the combining marks,
ZWJ/ZWNJ and variation selectors after it stay in one font); the Default_Ignorable_Code_Point
property (PropList.txt) for characters that need no glyph.

In: the logical text (isolate controls included), its bidi levels, the span index of each
character and each span's font stack (from :meth:`kitgen.text.fonts.FontLibrary.stack`).
Out: :class:`Run` list in logical order, each with one level, script, span and font. Bidi
controls, newlines and other control characters are in no run: they are never drawn.

Rules:

* script: Common and Inherited characters take the script of the character before them (at
  the start, the one after; with none, the language's); Hiragana, Katakana and Bopomofo are
  shaped as Han (one run for Japanese text, as HarfBuzz shapes them alike);
* font: the first font of the stack that has every character of the grapheme cluster. A
  sequence of Common characters (digits, punctuation, spaces) keeps one font: the font of the
  letter before it, else after it, if that font has all of them, else the first font in the
  stack that has all of them ("(617) 555-0100" inside Arabic is all Noto Sans rather than
  Naskh digits mixed with Noto Sans brackets). A font further down the stack is taken for
  the whole sequence only if no character has an earlier font (")؛" after English inside
  Arabic is Noto Sans and Naskh, never the Urdu Nastaliq face that has both); a number (a
  sequence with ASCII digits) never takes its digits from a face whose numbers are drawn in
  its own style (:attr:`Font.latin_numbers`: Nastaliq), so Urdu phone numbers match the
  English column;
* no silent tofu: a character that no font has raises :class:`kitgen.errors.TypesetError`
  (attribute ``char``); default-ignorable characters never do. Emoji raise: kitgen ships no
  emoji font.
"""

from __future__ import annotations

import re
from collections.abc import Sequence
from dataclasses import dataclass
from typing import Any

from kitgen.errors import TypesetError

from . import unicode_icu as icu
from .bidi import BIDI_CONTROLS
from .fonts import Font

__all__ = ["Run", "itemize", "DROPPED", "is_dropped"]

_get_script = icu.Script.getScript
_char_type = icu.Char.charType
_has_prop = icu.Char.hasBinaryProperty
_DI = icu.UProperty.DEFAULT_IGNORABLE_CODE_POINT
_MARK_TYPES = frozenset({6, 7, 8})  # Mn, Me, Mc (ICU UCharCategory)
_CONTROL = 15  # Cc
_MERGE = {"Hira": "Hani", "Kana": "Hani", "Bopo": "Hani", "Hrkt": "Hani"}
_COMMON, _INHERITED = "Zyyy", "Zinh"
_ASCII_DIGIT = re.compile("[0-9]")

#: Characters that are in no run and never drawn: bidi controls, and C0/C1 controls other
#: than TAB (newlines are hard breaks), line and paragraph separators.
_KEEP_CONTROLS = frozenset("\t")

# Character kinds.
NORMAL, EXTEND, IGNORABLE, DROPPED = 0, 1, 2, 3


class _ScriptTable(dict):
    def __missing__(self, ch: str) -> str:
        code = _get_script(ch).getShortName()
        code = _MERGE.get(code, code)
        self[ch] = code
        return code


class _KindTable(dict):
    def __missing__(self, ch: str) -> int:
        if ch in BIDI_CONTROLS or ch in "\u2028\u2029":
            kind = DROPPED
        else:
            ctype = _char_type(ch)
            if ctype == _CONTROL and ch not in _KEEP_CONTROLS:
                kind = DROPPED
            elif ctype in _MARK_TYPES or ch in "\u200c\u200d" or _is_vs(ch):
                kind = EXTEND
            elif _has_prop(ch, _DI):
                kind = IGNORABLE
            else:
                kind = NORMAL
        self[ch] = kind
        return kind


def _is_vs(ch: str) -> bool:
    cp = ord(ch)
    return 0xFE00 <= cp <= 0xFE0F or 0xE0100 <= cp <= 0xE01EF or 0x180B <= cp <= 0x180D


SCRIPT = _ScriptTable()
KIND = _KindTable()


def is_dropped(ch: str) -> bool:
    return KIND[ch] == DROPPED


def _cp(ch: str) -> int:
    """The code point a font must map for ``ch`` (TAB is shaped as a space)."""
    return 32 if ch == "\t" else ord(ch)


class _StackTable(dict):
    """Character → index of the first font in a stack that has it (-1: none)."""

    def __init__(self, stack: Sequence[Font]) -> None:
        super().__init__()
        self.stack = stack

    def __missing__(self, ch: str) -> int:
        cp = _cp(ch)
        # a font's character map is read when the search reaches it: Latin text never loads
        # the last-resort fonts of its stack (a process's first packet loaded all 22)
        found = next((k for k, font in enumerate(self.stack) if cp in font.cmap), -1)
        self[ch] = found
        return found


_TABLES: dict[int, _StackTable] = {}


def _table(stack: Sequence[Font]) -> _StackTable:
    table = _TABLES.get(id(stack))
    if table is None or table.stack is not stack:
        table = _StackTable(stack)
        _TABLES[id(stack)] = table
    return table


@dataclass(frozen=True, slots=True)
class Run:
    """A stretch of a paragraph in one bidi level, script, span and font."""

    start: int
    end: int
    level: int
    script: str  # ISO 15924
    span: int
    font: Font

    @property
    def rtl(self) -> bool:
        return bool(self.level & 1)


def _no_font(ch: str) -> TypesetError:
    cp = ord(ch)
    err = TypesetError(f"U+{cp:04X} {ch} cannot be printed: no font kitgen ships has it")
    err.char = ch  # type: ignore[attr-defined]
    return err


def _covering(stack: Sequence[Font], chars: str, skip_latin_numbers: bool = False) -> int:
    """Index of the first font in ``stack`` having every non-ignorable char of ``chars``
    (with ``skip_latin_numbers``, not one whose digits are not used for numbers)."""
    need = [_cp(c) for c in chars if KIND[c] in (NORMAL, EXTEND) and c not in "\u200c\u200d"]
    for k, font in enumerate(stack):
        if skip_latin_numbers and font.latin_numbers:
            continue
        cmap = font.cmap
        if all(cp in cmap for cp in need):
            return k
    return -1


def _first_having(stack: Sequence[Font], ch: str, numeric: bool) -> int:
    """Index of the first font in ``stack`` that has ``ch`` (-1: none); in a number, fonts
    whose digits are not used for numbers only when no other has it."""
    cp = _cp(ch)
    found = -1
    for k, font in enumerate(stack):
        if cp in font.cmap:
            if not (numeric and font.latin_numbers):
                return k
            if found < 0:
                found = k
    return found


def itemize(
    text: str,
    levels: Sequence[int],
    span_of: Sequence[int],
    stacks: Sequence[Sequence[Font]],
    default_script: str,
) -> list[Run]:
    """Runs of ``text`` (see the module docstring). ``stacks[span_of[i]]`` is the stack of
    character ``i``."""
    n = len(text)
    if n == 0:
        return []
    kinds = list(map(KIND.__getitem__, text))
    raw_scripts = list(map(SCRIPT.__getitem__, text))

    # Scripts: Common/Inherited/dropped take the previous real script, leading ones the next.
    real = set(raw_scripts)
    real.discard(_COMMON)
    real.discard(_INHERITED)
    if len(real) <= 1:
        scripts: list[str] = [real.pop() if real else default_script] * n
    else:
        scripts = _resolve_scripts(raw_scripts, default_script)

    # Fonts: first font of the stack per character, then clusters, Common sequences,
    # ignorables.
    tables = [_table(s) for s in stacks]
    if len(tables) == 1:
        fidx = list(map(tables[0].__getitem__, text))
    else:
        fidx = [tables[span_of[i]][text[i]] for i in range(n)]
    simple = fidx.count(fidx[0]) == n and fidx[0] >= 0 and DROPPED not in kinds
    if not simple:
        _resolve_fonts(text, kinds, raw_scripts, fidx, span_of, stacks)
        for i, k in enumerate(kinds):
            if k == DROPPED:
                fidx[i] = _NO_RUN

    # Runs: split on level, script, span and font; dropped characters end runs.
    if (
        simple
        and len(stacks) == 1
        and scripts.count(scripts[0]) == n
        and levels.count(levels[0]) == n
    ):
        return [Run(0, n, levels[0], scripts[0], span_of[0], stacks[0][fidx[0]])]
    keys = list(zip(levels, scripts, span_of, fidx))
    cuts = [i for i, (x, y) in enumerate(zip(keys, keys[1:]), 1) if x != y]
    runs: list[Run] = []
    for a, b in zip([0, *cuts], [*cuts, n]):
        level, script, span, f = keys[a]
        if f != _NO_RUN:
            runs.append(Run(a, b, level, script, span, stacks[span][f]))
    return runs


def _resolve_scripts(raw: list[str], default_script: str) -> list[str]:
    n = len(raw)
    cuts = [i for i, (x, y) in enumerate(zip(raw, raw[1:]), 1) if x != y]
    out: list[str | None] = []
    prev: str | None = None
    for a, b in zip([0, *cuts], [*cuts, n]):
        s = raw[a]
        if s != _COMMON and s != _INHERITED:
            prev = s
        out.extend([prev] * (b - a))
    if out[0] is None:
        first = next((s for s in out if s is not None), default_script)
        out = [first if s is None else s for s in out]
    return out  # type: ignore[return-value]


_NO_RUN = -9


def _resolve_fonts(
    text: str,
    kinds: Any,
    raw_scripts: Any,
    fidx: Any,
    span_of: Sequence[int],
    stacks: Sequence[Any],
) -> None:
    n = len(text)
    # 1. Grapheme clusters: marks stay with their base when the base's font has them.
    i = 0
    while i < n:
        if kinds[i] != NORMAL:
            i += 1
            continue
        j = i + 1
        while j < n and kinds[j] == EXTEND:
            j += 1
        if j > i + 1:
            stack = stacks[span_of[i]]
            base = fidx[i]
            cluster = text[i:j]
            if base < 0 or _covering((stack[base],), cluster) < 0:
                k = _covering(stack, cluster)
                if k >= 0:
                    base = k
            if base >= 0:
                for m in range(i, j):
                    fidx[m] = base
        i = j
    # 2. Missing characters: raise (ignorables, dropped, joiners never do).
    for i in range(n):
        if fidx[i] < 0 and kinds[i] in (NORMAL, EXTEND) and text[i] not in "\u200c\u200d":
            if kinds[i] == EXTEND and _is_vs(text[i]):
                continue
            raise _no_font(text[i])
    # 3. Sequences of Common characters keep one font.
    i = 0
    while i < n:
        if raw_scripts[i] != _COMMON or kinds[i] != NORMAL:
            i += 1
            continue
        span = span_of[i]
        j = i
        while (
            j < n
            and kinds[j] != DROPPED
            and raw_scripts[j] in (_COMMON, _INHERITED)
            and span_of[j] == span
        ):
            j += 1
        stack = stacks[span]
        seq = text[i:j]
        numeric = _ASCII_DIGIT.search(seq) is not None
        candidates = []
        if i > 0 and kinds[i - 1] != DROPPED and fidx[i - 1] >= 0 and span_of[i - 1] == span:
            candidates.append(fidx[i - 1])
        if j < n and kinds[j] != DROPPED and fidx[j] >= 0 and span_of[j] == span:
            candidates.append(fidx[j])
        latin_rule = numeric and any(stack[c].latin_numbers for c in [0, *candidates])
        if latin_rule:
            # numbers read as in the English column: the Latin font, not Nastaliq-style digits
            latin = next((k for k, f in enumerate(stack) if "Latn" in f.scripts), None)
            candidates = [c for c in candidates if not stack[c].latin_numbers]
            if latin is not None:
                candidates.insert(0, latin)
        chosen = next((c for c in candidates if _covering((stack[c],), seq) == 0), None)
        if chosen is None:
            k = _covering(stack, seq, skip_latin_numbers=numeric)
            # a last-resort font that happens to have every character (Nastaliq for ")؛"
            # after English in Arabic) is not taken over the fonts each character has
            own = max((_first_having(stack, text[m], numeric) for m in range(i, j)), default=-1)
            # (with the numbers rule, a face for the whole sequence would take the digits too:
            # ", 11" after Urdu text sets its digits in the Latin font, the comma in its own)
            if k >= 0 and k <= own and not latin_rule:
                chosen = k
            else:
                for m in range(i, j):
                    if kinds[m] != NORMAL:
                        continue
                    ch = text[m]
                    f = next((c for c in candidates if _cp(ch) in stack[c].cmap), None)
                    if f is None:
                        f = _first_having(stack, ch, numeric)
                    if f >= 0:
                        fidx[m] = f
        if chosen is not None:
            for m in range(i, j):
                fidx[m] = chosen
        i = j
    # 4. Ignorables and unresolved joiners follow the character before them (else after).
    for i in range(n):
        if fidx[i] < 0 and kinds[i] != DROPPED:
            m = i - 1
            while m >= 0 and (kinds[m] == DROPPED or fidx[m] < 0):
                m -= 1
            if m >= 0 and span_of[m] == span_of[i]:
                fidx[i] = fidx[m]
            else:
                m = i + 1
                while m < n and (kinds[m] == DROPPED or fidx[m] < 0):
                    m += 1
                fidx[i] = fidx[m] if m < n and span_of[m] == span_of[i] else 0
