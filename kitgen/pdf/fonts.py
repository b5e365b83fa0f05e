"""Drawing shaped glyph runs on a reportlab canvas, with our own PDF font embedding.

reportlab's ``TTFont`` maps characters to glyphs, so glyphs that stand for no single character
(ligatures, Indic conjuncts, Arabic contextual forms, Khmer subscripts) cannot be drawn
through it. :class:`PdfFonts` embeds each TrueType font as a PDF Type0 font (CIDFontType2,
``/Identity-H``: a 2-byte code in a text string is a CID) fed with the glyph ids the text
engine shaped, subsets it (:mod:`kitgen.pdf.subset`, glyph ids kept) and writes a
``/ToUnicode`` CMap so the text can be copied, searched and read aloud.

Drawing
-------
Each run is one ``q BT .. ET Q`` with ``r g b rg``, ``/KGn size Tf``, an absolute ``Tm`` at
the run's first glyph and one ``TJ`` whose adjustments move every glyph exactly to the shaped
position: PDF advances by the ``/W`` widths, HarfBuzz's advances differ (kerning, zero-width
marks, ...). Horizontal offsets fold into the adjustments; a glyph with a vertical offset
(Arabic harakat, Hebrew niqqud, Indic, Khmer and Myanmar marks, Nastaliq's cascade) gets its
own ``Tm`` on its own baseline. ``GlyphRun.fake_bold``: text render mode 2 (fill and stroke),
line width size/30, same colour.

Text extraction: what was measured, what this module does
---------------------------------------------------------
Measured with pypdf 7.1 (``extract_text``) and poppler 22.12 (``pdftotext``, default mode) on
one-line pages of Latin/Vietnamese/Cyrillic, Arabic with harakat and tanween, Arabic, Persian
and Hebrew with "(617) 555-0100" between two right-to-left runs, Pashto, Urdu Nastaliq, Hebrew
with niqqud, Bengali, Devanagari, Khmer, Myanmar, Ethiopic, SC/TC/JP/KR, and mixed pages
(tests/test_pdf_fonts.py). The two read a PDF in opposite ways:

* **pypdf assumes content order is visual order and reverses right-to-left text itself**: it
  prepends every character it deems right-to-left (U+0590-08FF, FB1D-FDFF, FE70-FEFF), keeps
  a glyph mapping to several characters as one neutral unit, and writes out what lies
  between ``BT``/``ET``/``Tf`` in content order. It carries its current direction from one run
  to the next (reset per page) and gives neutrals (spaces, punctuation) to it.
* **poppler ignores content order**: it sorts a line's characters by position, spreads a
  glyph's characters left to right across the glyph's ``/W`` width on the glyph's baseline,
  skips glyphs without text, starts a new word at a gap or a change of baseline, then applies
  its own simple bidi (``reorderText``, wrapping lines in U+202A-202C marks).

So, in this module:

1. Glyphs are written in visual order, right-to-left runs too (written in logical order, as
   first planned, pypdf printed every Arabic and Hebrew word backwards), and the runs of a line
   in logical order (:func:`line_emission_order`, done by :meth:`PdfFonts.draw_line`; drawn
   left to right, pypdf put "الآن" before "اتصل على" around the phone number).
2. Every code has one text: codes are allocated per (glyph, text, width). The first such
   triple of a glyph gets code = glyph id, later ones spare codes from the font's glyph count
   up, and the font gets a ``/CIDToGIDMap`` stream instead of ``/Identity`` (fonts with no
   repeat keep ``/Identity``). One ToUnicode entry per glyph id could not say that a glyph is
   "بَ" in one place and "ب" in another. Textless glyphs map to ``<>`` (both extractors skip
   it; an unmapped code made pypdf print the raw code).
3. :func:`text_layer` decides which glyph carries which characters so that both read them in
   order: left-to-right clusters are spread over their base glyphs (a wide textless glyph is a
   hole poppler reads as a word break: Bengali "কোথায়" came out "কো থায়"), the ``/W`` width
   widened where characters run out; in right-to-left runs every character gets its own glyph
   on the baseline, invisible *carrier* glyphs (the font's empty glyph) standing for the rest
   of a glyph that stands for several (poppler reversed "بَ", lam-alef and tanween clusters;
   pypdf misread a several-character glyph at a run's start) or that is raised off the
   baseline (Nastaliq's cascade split Urdu words for poppler). ``/W`` is free for this: the
   ``TJ`` adjustments are computed from the widths written, so rendering does not change.
4. A right-to-left run whose first character written is not strongly right-to-left for pypdf
   (a space, a full stop) while pypdf's direction is left-to-right starts with a carrier for
   U+061C ARABIC LETTER MARK (:data:`RTL_CARRIER`), a default-ignorable format character: it
   appears at the end of such runs in extracted text.

Result: pypdf gives the logical text of every test line. poppler too, except for where it
puts spaces and neutral punctuation next to a change of direction ("على  (617) 555-0100الآن",
"المدرسة ،شكراً", "Call  مريم حسنat"), and, on a page it reads as left-to-right, a mark or
full stop at the left end of an Arabic line (".ًشكراً جزيلا"): its own bidi, not fixable from
the PDF without breaking pypdf. Left as is: a left-to-right run starting with two or more
neutrals (" (617)") right after right-to-left text comes out of pypdf with those neutrals
reversed (the text engine puts the space before an isolate in the Arabic run, so phone
numbers start with "(" alone).

reportlab private API (checked against reportlab 5.1.0), used in this module only:
``canvas._doc`` (the document), ``doc.idToObject['BasicFonts']`` (the one font resource
dictionary every page refers to, as ``TTFont.addObjects`` does) and ``doc.delayedFonts``
(objects whose ``addObjects(doc)`` runs when the document is written: used so that a
forgotten :meth:`PdfFonts.finish` still writes the fonts). Operators go through the public
``canvas.addLiteral``.
"""

from __future__ import annotations

import hashlib
from collections import Counter
from dataclasses import dataclass, field
from functools import lru_cache
from pathlib import Path
from typing import Any, cast

import uharfbuzz as hb
from reportlab.pdfbase import pdfdoc
from reportlab.pdfgen.canvas import Canvas

from kitgen import memo
from kitgen.errors import ContentError
from kitgen.pdf.subset import FontFileError, TrueTypeFile, load
from kitgen.resources import read_toml
from kitgen.text.types import GlyphRun, Line

__all__ = [
    "FAKE_BOLD_STROKE",
    "RTL_CARRIER",
    "PdfFonts",
    "font_index",
    "font_metrics",
    "line_emission_order",
    "text_layer",
]

#: Text of the invisible glyph that starts a right-to-left run whose first character written
#: is not one pypdf reads as right-to-left: U+061C ARABIC LETTER MARK (module docstring, 4).
RTL_CARRIER = "\u061c"

#: Stroke width of synthesised bold, as a fraction of the font size.
FAKE_BOLD_STROKE = 1 / 30

_EPS = 1e-6


# -- the font index (fonts/fonts.toml) ------------------------------------------------------

_indexes: dict[Path, dict[str, Path]] = {}


def font_index(font_dir: Path | None = None) -> dict[str, Path]:
    """``key -> file`` from ``font_dir/fonts.toml`` (kitgen's own ``fonts/`` by default)."""
    if font_dir is None:
        from kitgen.resources import data_dir

        font_dir = data_dir("fonts")
    font_dir = Path(font_dir).resolve()
    index = _indexes.get(font_dir)
    if index is None:
        toml = font_dir / "fonts.toml"
        try:
            data = read_toml(toml)
        except (OSError, ValueError) as e:  # TOMLDecodeError and UnicodeDecodeError too
            raise ContentError(f"cannot read the font index {toml}: {e}") from e
        index = {entry["key"]: font_dir / entry["file"] for entry in data.get("font", [])}
        _indexes[font_dir] = index
    return index


def _font_file(key: str, font_dir: Path | None) -> TrueTypeFile:
    index = font_index(font_dir)
    try:
        path = index[key]
    except KeyError:
        raise ContentError(f"font {key!r} is not in fonts.toml") from None
    try:
        return load(path)
    except (OSError, FontFileError) as e:
        raise ContentError(f"font {key!r} ({path}) cannot be used: {e}") from e


def font_metrics(font_key: str, font_dir: Path | None = None) -> tuple[int, int, int]:
    """``(units_per_em, ascender, descender)`` of a shipped font (hhea; descender negative)."""
    m = _font_file(font_key, font_dir).metrics
    return m.units_per_em, m.ascender, m.descender


# -- helpers ----------------------------------------------------------------------------------


_NUM_CACHE: dict[float, str] = {}


def _num(v: float, places: int = 3) -> str:
    """A compact, deterministic PDF number (called for every glyph position: kept cheap).

    Three-place numbers are remembered: the same baselines and offsets recur on every page
    (an Urdu packet writes about 40,000 of them)."""
    if places == 3:
        text = _NUM_CACHE.get(v)
        if text is not None:
            return text
    text = f"{v:.{places}f}".rstrip("0").rstrip(".")
    if text in ("", "-0"):
        text = "0"
    if places == 3:
        if len(_NUM_CACHE) >= 100_000:
            _NUM_CACHE.clear()
        _NUM_CACHE[v] = text
    return text


def _carries_text(run: GlyphRun, i: int) -> bool:
    """Whether glyph ``i`` is a good place for text: it has an advance and sits on the
    baseline (extractors put a glyph's characters across its width, on its baseline)."""
    return run.advances[i] > 0 and abs(run.offsets[i][1]) < _EPS


#: pypdf's direction classes (pypdf 7.1 ``_utils``: ``NEUTRAL_CHARACTER_RANGES`` first, then
#: ``RTL_CHARACTER_RANGES``; any other single character is left-to-right; a glyph mapping to
#: several characters is neutral).
_PYPDF_NEUTRAL = (
    ("\x00", "\x2f"), ("\x3a", "\x40"), ("\u0660", "\u066d"), ("\u06f0", "\u06f9"),
    ("\u2000", "\u206f"), ("\u20a0", "\u21ff"),
)  # fmt: skip
_PYPDF_RTL = (("\u0590", "\u08ff"), ("\ufb1d", "\ufdff"), ("\ufe70", "\ufeff"))


@lru_cache(maxsize=8192)
def _pypdf_direction(text: str) -> bool | None:
    """True (right-to-left), False (left-to-right) or None (neutral) as pypdf sees a glyph's
    text."""
    if len(text) != 1 or any(lo <= text <= hi for lo, hi in _PYPDF_NEUTRAL):
        return None
    return any(lo <= text <= hi for lo, hi in _PYPDF_RTL)


def _simple_ltr(run: GlyphRun) -> bool:
    return (
        all(len(t) == 1 for t in run.texts)
        and all(a > 0 for a in run.advances)
        and all(abs(dy) < _EPS for _, dy in run.offsets)
    )


#: One thing written into the content stream for a run: (glyph id, text it maps to,
#: x and y from the run's origin (first pen position, baseline), /W width in points or None
#: for the glyph's own advance).
Item = tuple[int, str, float, float, "float | None"]


def text_layer(run: GlyphRun, empty_glyph: int | None, after_rtl: bool = False) -> list[Item]:
    """The glyphs of ``run`` and the text each maps to, in content-stream order.

    The texts joined give ``"".join(run.texts)`` (plus :data:`RTL_CARRIER` in front for some
    right-to-left runs). ``empty_glyph`` is a glyph of the font without outline (a space),
    used for invisible *carrier* glyphs; with ``None`` right-to-left text is not split.

    Content order is visual order (for pypdf, see the module docstring). Then, for poppler,
    which spreads a glyph's characters across its /W width on its baseline, keeps them in
    left-to-right order and skips glyphs without text:

    * Left-to-right runs: the glyphs from one glyph with text to the next are taken as a
      cluster (textless glyphs at the run's start join the first). Its text is spread over its
      base glyphs (advance, on the baseline) in visual order, a piece each, the last taking
      the rest; if there are more base glyphs than characters, the last glyph given text is
      widened over the rest. The pieces stay in order, so a wrong guess about where clusters
      end only moves characters between neighbouring glyphs.
    * Right-to-left runs: text the engine put on a glyph without advance (a mark, the alef
      of a lam-alef drawn as two glyphs) joins the text of the nearest glyph with one, in
      logical order (marks come before their base in right-to-left visual order). A glyph
      with several characters, or off the baseline (Nastaliq raises most letters of a word),
      gets one character per equal slot of its advance, on the baseline, the logically last
      at the left: the glyph takes its leftmost slot (or no text, if off the baseline) and
      invisible carrier glyphs the others. Every character is then a single-character glyph
      where it is drawn, which both extractors put in order.
    * A right-to-left run whose first character written is not a strong right-to-left one
      for pypdf (a space, a full stop) starts with a carrier for :data:`RTL_CARRIER`, unless
      ``after_rtl``: the last strong character written before it on the page was
      right-to-left, so pypdf already reads right to left.
    """
    texts = list(run.texts)
    n = len(texts)
    pens = [0.0] * (n + 1)
    for k in range(n):
        pens[k + 1] = pens[k] + run.advances[k]
    widths: list[float | None] = [None] * n

    if not run.rtl and _simple_ltr(run):
        # the common case (Latin, Cyrillic, CJK): one character per glyph, each on the
        # baseline with an advance: every glyph carries its own text where it is drawn
        return [(run.glyphs[k], texts[k], pens[k] + run.offsets[k][0], 0.0, None) for k in range(n)]

    if not run.rtl:
        starts = [k for k in range(n) if texts[k]]
        if starts:
            starts[0] = 0
        for g, i in enumerate(starts):
            j = starts[g + 1] if g + 1 < len(starts) else n
            text = "".join(texts[i:j])
            places = [k for k in range(i, j) if _carries_text(run, k)]
            if not places:
                places = [next(k for k in range(i, j) if texts[k])]
            places = places[: len(text)]
            for k in range(i, j):
                texts[k] = ""
            q, r = divmod(len(text), len(places))
            pos = 0
            for m, k in enumerate(places):
                size = q + (1 if m < r else 0)
                texts[k] = text[pos : pos + size]
                pos += size
                end = places[m + 1] if m + 1 < len(places) else j
                if any(run.advances[e] > 0 for e in range(k + 1, end)):
                    widths[k] = pens[end] - (pens[k] + run.offsets[k][0])
        return [
            (run.glyphs[k], texts[k], pens[k] + run.offsets[k][0], run.offsets[k][1], widths[k])
            for k in range(n)
        ]

    for i in range(n):  # text on a glyph without advance -> the nearest base glyph
        if not texts[i] or run.advances[i] > 0:
            continue
        for step in (1, -1):  # marks come before their base in right-to-left visual order
            j = i + step
            while 0 <= j < n and run.advances[j] <= 0:
                j += step
            if not 0 <= j < n or texts[j].isspace():
                continue
            # right of i is logically before it, left of i after it
            texts[j] = texts[j] + texts[i] if j > i else texts[i] + texts[j]
            texts[i] = ""
            break
    items: list[Item] = []
    for i in range(n):
        gid, text, adv = run.glyphs[i], texts[i], run.advances[i]
        dx, dy = run.offsets[i]
        on_base = _carries_text(run, i)
        if empty_glyph is None or not text or adv <= 0 or (on_base and len(text) == 1):
            items.append((gid, text, pens[i] + dx, dy, None))
            continue
        slot = adv / len(text)
        chars = text[::-1]  # left to right
        if on_base:
            items.append((gid, chars[0], pens[i] + dx, dy, slot))
            chars = chars[1:]
            first = 1
        else:
            items.append((gid, "", pens[i] + dx, dy, None))
            first = 0
        for m, c in enumerate(chars, start=first):
            items.append((empty_glyph, c, pens[i] + m * slot, 0.0, slot))
    first_text = next((it[1] for it in items if it[1]), "")
    if (
        empty_glyph is not None
        and not after_rtl
        and first_text
        and _pypdf_direction(first_text) is not True
    ):
        items.insert(0, (empty_glyph, RTL_CARRIER, 0.0, 0.0, 0.0))
    return items


def line_emission_order(runs: tuple[GlyphRun, ...], direction: str = "ltr") -> list[GlyphRun]:
    """The runs of one line (given in visual order) in logical order, for the content stream.

    The inverse of UAX #9 rule L2 for the two embedding levels of a paragraph: in a
    left-to-right paragraph each maximal sequence of right-to-left runs is reversed; in a
    right-to-left paragraph the whole line is reversed, then each maximal sequence of
    left-to-right runs (phone numbers, Latin names) is put back in visual order.
    """
    out = list(runs)
    if direction == "rtl":
        out.reverse()
        flip = [not r.rtl for r in out]
    else:
        flip = [r.rtl for r in out]
    i = 0
    while i < len(out):
        if not flip[i]:
            i += 1
            continue
        j = i
        while j < len(out) and flip[j]:
            j += 1
        out[i:j] = out[i:j][::-1]
        i = j
    return out


# -- one font in one document ---------------------------------------------------------------


@dataclass
class _UsedFont:
    key: str
    file: TrueTypeFile
    resource: str  # e.g. "KG1"
    scale: float  # 1000 / units_per_em
    codes: dict[tuple[int, str, int], int] = field(default_factory=dict)
    code_gid: dict[int, int] = field(default_factory=dict)
    code_text: dict[int, str] = field(default_factory=dict)
    code_width: dict[int, int] = field(default_factory=dict)
    next_spare: int = 0
    _nominal: dict[str, int | None] = field(default_factory=dict)

    def __post_init__(self) -> None:
        self.next_spare = self.file.num_glyphs

    def natural_width(self, gid: int) -> int:
        """The glyph's advance in PDF glyph space (1/1000 em), rounded as written to /W."""
        return round(self.file.advances[gid] * self.scale)

    def nominal(self, ch: str) -> int | None:
        """The glyph the font's cmap gives ``ch`` (one character), or None."""
        if ch not in self._nominal:
            self._nominal[ch] = _hb_font(self.file).get_nominal_glyph(ord(ch))
        return self._nominal[ch]

    def canonical(self, gid: int, text: str, width: int) -> bool:
        """Whether (gid, text, width) is the glyph's own: its cmap character at its advance.

        Those triples always get code = glyph id, in every document, so what a run writes
        does not depend on what the document drew before it (and can be cached)."""
        return len(text) == 1 and width == self.natural_width(gid) and self.nominal(text) == gid

    def code(self, gid: int, text: str, width: int | None = None) -> int:
        """The code (CID) for ``gid`` standing for ``text`` with /W ``width`` (default: the
        glyph's advance): the glyph id for the glyph's own character at its own width
        (:meth:`canonical`), else a spare code above the font's glyphs."""
        w = self.natural_width(gid) if width is None else width
        key = (gid, text, w)
        c = self.codes.get(key)
        if c is None:
            if gid not in self.code_gid and (
                self.canonical(gid, text, w) or gid not in _nominal_gids(self.file)
            ):
                # the glyph's own character at its own width; or a glyph no character maps
                # to (a ligature), whose first text keeps its id
                c = gid
            elif self.next_spare <= 0xFFFF:
                c = self.next_spare
                self.next_spare += 1
            else:  # out of codes (65,536): draw right, extract the first text seen
                return min(cc for (g, _, _), cc in self.codes.items() if g == gid)
            self.codes[key] = c
            self.code_gid[c] = gid
            self.code_text[c] = text
            self.code_width[c] = w
        return c


#: The glyphs some character maps to, by font file (a property of the file alone: prepared
#: typesetting brings those of its packet's fonts, :mod:`kitgen.precompile`).
_NOMINAL_GIDS: dict[TrueTypeFile, frozenset[int]] = {}


def _nominal_gids(file: TrueTypeFile) -> frozenset[int]:
    """The glyphs some character maps to in the font's cmap."""
    got = _NOMINAL_GIDS.get(file)
    if got is None:
        font = _hb_font(file)
        got = frozenset(font.get_nominal_glyph(u) or 0 for u in font.face.unicodes)
        _NOMINAL_GIDS[file] = got
    return got


@lru_cache(maxsize=None)
def _hb_font(file: TrueTypeFile) -> hb.Font:
    blob = None
    if file.path is not None:
        try:
            if file.path.stat().st_size == len(file.data):
                # mapped, not copied (a CJK face: 4 ms less); the file the data came from
                blob = hb.Blob.from_file_path(str(file.path))
        except OSError:
            blob = None
    return hb.Font(hb.Face(blob if blob is not None else hb.Blob(file.data)))


#: What drawing a run writes, independent of the document and of where the run is drawn:
#: content-stream pieces (str: literal text; int: the code of ``triples[i]``; None: the font's
#: resource name; (x, y): a text matrix at that offset from the run's origin), the
#: (glyph, text, /W width) triple of each code, and the last direction pypdf reads in it.
#: Cached: a packet draws the same labels on many pages, and a batch the same packets' text.
RunPlan = tuple[list[object], list[tuple[int, str, int]], "bool | None"]
#: Each cache keeps across documents only what comes from published runs (set from template
#: text, :mod:`kitgen.memo`); what a family's text gives is kept for its packet only.
_RUN_CACHE_SIZE = 50_000
_RUN_CACHE: memo.Memo[tuple[object, ...], RunPlan] = memo.Memo("run plans", _RUN_CACHE_SIZE)
#: The plan of a run object already drawn: (id(run), id(font file), after_rtl, space_after) ->
#: (run, file, plan).
_FAST_PLANS: memo.Memo[tuple[int, int, bool, bool], tuple[GlyphRun, TrueTypeFile, RunPlan]] = (
    memo.Memo("run plans by run", _RUN_CACHE_SIZE)
)
#: The content-stream text of a plan drawn with its codes, a font resource name and an origin:
#: (id(plan), resource, x, baseline, codes) -> (plan, text).
_DRAWN_SIZE = 30_000
_DRAWN: memo.Memo[tuple[int, str, float, float, tuple[str, ...]], tuple[RunPlan, str]] = memo.Memo(
    "drawn runs", _DRAWN_SIZE
)


def clear_run_caches() -> None:
    """Forget every drawing plan and drawn text kept across documents (set-up and tests)."""
    _RUN_CACHE.clear()
    _FAST_PLANS.clear()
    _DRAWN.clear()


def _assemble(
    parts: list[object], codes: tuple[str, ...], resource: str, x0: float, y: float
) -> str:
    """A plan's content-stream text for its codes, font resource and origin."""
    out: list[str] = []
    put = out.append
    num = _num
    for part in parts:
        if type(part) is str:
            put(part)
        elif type(part) is int:
            put(codes[part])
        elif part is None:
            put(resource)
        else:
            dx, dy = cast(tuple[float, float], part)  # RunPlan's parts mix kinds
            put(f"1 0 0 1 {num(x0 + dx)} {num(y + dy)} Tm")
    return "".join(out)


def _plan_run(
    run: GlyphRun, file: TrueTypeFile, size: float, after_rtl: bool, space_after: bool = False
) -> RunPlan:
    k = 1000.0 / size  # points -> glyph space
    scale = 1000.0 / file.units_per_em
    items = text_layer(run, file.empty_glyph, after_rtl)
    if space_after and file.empty_glyph is not None:
        # the word space a line break took: an invisible glyph after the run's last one
        items.append((file.empty_glyph, " ", sum(run.advances), 0.0, None))
    index: dict[tuple[int, str, int], int] = {}
    placed = []  # (triple index, /W width, x, y)
    last_dir: bool | None = None
    for gid, text, gx, gy, w in items:
        width = round(file.advances[gid] * scale) if w is None else round(w * k)
        i = index.setdefault((gid, text, width), len(index))
        placed.append((i, width, gx, gy))
        d = _pypdf_direction(text)
        if d is not None:
            last_dir = d

    r, g, b = (_num(float(c)) for c in run.color)
    parts: list[object] = [f"q\n{r} {g} {b} rg\n"]
    if run.fake_bold:
        parts.append(f"{r} {g} {b} RG {_num(size * FAKE_BOLD_STROKE)} w 2 Tr\n")
    else:
        parts.append("0 Tr\n")
    parts += ["BT /", None, f" {_num(size)} Tf 0 Tc 100 Tz 0 Ts"]
    in_string = in_array = False
    cur_y: float | None = None
    pdf_pen = at = 0.0  # where PDF's text position is after the last glyph shown

    def close_array() -> None:
        nonlocal in_string, in_array
        if in_string:
            parts.append(">")
            in_string = False
        if in_array:
            parts.append("] TJ")
            in_array = False

    for i, width, gx, gy in placed:
        if cur_y is None or abs(gy - cur_y) > _EPS:
            close_array()
            parts += ["\n", (gx, gy), "\n["]
            in_array = True
            cur_y = gy
            at = gx
        else:
            adj = round((pdf_pen - gx) * k, 2)
            if adj:
                if in_string:
                    parts.append(">")
                    in_string = False
                parts.append(f" {_num(adj, 2)} ")
            at = pdf_pen - adj / k
        if not in_string:
            parts.append("<")
            in_string = True
        parts.append(i)
        pdf_pen = at + width / k
    close_array()
    parts.append("\nET Q")
    merged: list[object] = []
    for part in parts:  # join neighbouring literal pieces once, here, not at every drawing
        if type(part) is str and merged and type(merged[-1]) is str:
            merged[-1] += part
        else:
            merged.append(part)
    return merged, list(index), last_dir


class PdfFonts:
    """The fonts of one PDF document being drawn on one reportlab Canvas.

    Draw with :meth:`draw_line` (runs written in the order text extraction needs) or
    :meth:`draw_run`; call :meth:`finish` once before ``canvas.save()`` (``save()`` runs it if
    forgotten). Resource names are ``/KG1``, ``/KG2``, ... in the order fonts are first used.
    """

    def __init__(self, canvas: Canvas, font_dir: Path | None = None) -> None:
        self._canvas = canvas
        self._font_dir = Path(font_dir) if font_dir is not None else None
        self._fonts: dict[str, _UsedFont] = {}
        self._finished = False
        #: pypdf's reading direction after what was written so far: (page number, rtl)
        self._pypdf_state: tuple[int, bool] = (0, False)
        #: id(plan) -> (plan, its codes in this document)
        self._plan_codes: dict[int, tuple[RunPlan, tuple[str, ...]]] = {}
        doc = canvas._doc  # reportlab private API, see the module docstring
        if getattr(doc, "_kitgen_pdffonts", None) is not None:
            raise ValueError("this canvas already has a PdfFonts")
        doc._kitgen_pdffonts = self
        doc.delayedFonts.append(_FinishOnSave(self))
        self._doc = doc

    def _font(self, key: str) -> _UsedFont:
        f = self._fonts.get(key)
        if f is None:
            file = _font_file(key, self._font_dir)
            f = _UsedFont(key, file, f"KG{len(self._fonts) + 1}", 1000.0 / file.units_per_em)
            self._fonts[key] = f
        return f

    # -- drawing -----------------------------------------------------------------------------

    def draw_line(self, line: Line, x: float, baseline_y: float, direction: str = "ltr") -> None:
        """Draw every run of ``line``; ``x`` is the paragraph's left edge (``line.x`` is added).

        ``direction`` is the paragraph's (``SetParagraph.direction``): the runs are written in
        logical order (:func:`line_emission_order`), which pypdf's text extraction needs;
        where things land on the page does not depend on the order.
        """
        for run in line_emission_order(line.runs, direction):
            self.draw_run(run, x + line.x, baseline_y)

    def draw_run(
        self, run: GlyphRun, x: float, baseline_y: float, space_after: bool = False
    ) -> None:
        """Emit PDF text operators for ``run`` (glyphs in visual order, advances/offsets in points).

        ``space_after``: end the run with an invisible glyph whose text is a space (the word
        space a line break took, for the tagged PDF's text; nothing is drawn).

        ``x`` is the left edge of the run's *line*: the first glyph's pen position is
        ``x + run.x``. ``baseline_y`` is in the canvas's user space (points from the bottom of
        the page unless the canvas is transformed). To draw a whole line use
        :meth:`draw_line`, which writes its runs in the order text extraction needs.
        """
        if self._finished:
            raise RuntimeError("PdfFonts.draw_run after finish()")
        n = len(run.glyphs)
        if not len(run.advances) == len(run.offsets) == len(run.texts) == n:
            raise ValueError("GlyphRun: glyphs, advances, offsets and texts differ in length")
        if n == 0:
            return
        size = float(run.size)
        if not size > 0:
            raise ValueError(f"GlyphRun: font size {run.size}")
        font = self._font(run.font_key)
        x0 = x + run.x
        page = self._canvas.getPageNumber()
        after_rtl = self._pypdf_state == (page, True)
        # the run object itself, seen before with this font file (it was checked then): its
        # plan without hashing its glyphs again (the entry holds the run and the file, so
        # neither id can be reused while it lives)
        fast_key = (id(run), id(font.file), after_rtl, space_after)
        fast = _FAST_PLANS.get(fast_key)
        keep = memo.published(run)  # set from template text: its plans outlive the packet
        if fast is not None and fast[0] is run and fast[1] is font.file:
            plan = fast[2]
        else:
            plan = self._plan(run, font, size, after_rtl, space_after, keep)
            _FAST_PLANS.put(fast_key, (run, font.file, plan), keep)
        parts, triples, last_dir = plan
        self._pypdf_state = (page, after_rtl if last_dir is None else last_dir)
        # a plan's codes never change within a document once given, and the text drawn
        # depends only on the plan, its codes, the font's resource name and the position: kept
        # across documents (the same labels on many pages, the same packets in a batch)
        used = self._plan_codes.get(id(plan))
        if used is None or used[0] is not plan:
            known = font.codes.get  # a triple seen before in this document keeps its code
            used = (
                plan,
                tuple(
                    [
                        f"{c if (c := known(triple)) is not None else font.code(*triple):04X}"
                        for triple in triples
                    ]
                ),
            )
            self._plan_codes[id(plan)] = used
        codes = used[1]
        text_key = (id(plan), font.resource, x0, baseline_y, codes)
        drawn = _DRAWN.get(text_key)
        if drawn is None or drawn[0] is not plan:
            drawn = (plan, _assemble(parts, codes, font.resource, x0, baseline_y))
            _DRAWN.put(text_key, drawn, keep)
        self._canvas.addLiteral(drawn[1])

    def _plan(
        self,
        run: GlyphRun,
        font: _UsedFont,
        size: float,
        after_rtl: bool,
        space_after: bool,
        keep: bool = False,
    ) -> RunPlan:
        num_glyphs = font.file.num_glyphs
        for gid in run.glyphs:
            if not 0 <= gid < num_glyphs:
                raise ValueError(f"glyph id {gid} out of range for font {run.font_key}")
        key = (
            run.font_key, run.glyphs, run.advances, run.offsets, run.texts,
            size, run.color, run.fake_bold, run.rtl, after_rtl, space_after,
        )  # fmt: skip  # every input of _plan_run: a cached plan never depends on the runs before
        plan = _RUN_CACHE.get(key)
        if plan is None:
            plan = _plan_run(run, font.file, size, after_rtl, space_after)
            _RUN_CACHE.put(key, plan, keep)
        elif keep and key not in _RUN_CACHE.kept:
            _RUN_CACHE.put(key, plan, keep)
        return plan

    # -- writing the font objects ------------------------------------------------------------

    def finish(self) -> None:
        """Subset each used font and write FontFile2, FontDescriptor, CIDFont, Type0 and
        ToUnicode objects into the document. Call once before ``canvas.save()``."""
        if self._finished:
            return
        self._finished = True
        font_dict = self._doc.idToObject["BasicFonts"].dict  # reportlab private API
        for font in self._fonts.values():
            if font.resource in font_dict:
                raise ValueError(f"font resource name /{font.resource} is already taken")
            font_dict[font.resource] = self._write_font(font)

    def _write_font(self, font: _UsedFont) -> pdfdoc.PDFObjectReference:
        doc = self._doc
        file = font.file
        m = file.metrics
        s = font.scale
        gids = sorted(set(font.code_gid.values()))
        codes = sorted(font.code_gid)

        digest = hashlib.sha256(font.key.encode())
        digest.update(b"".join(g.to_bytes(2, "big") for g in gids))
        tag = "".join(chr(65 + b % 26) for b in digest.digest()[:6])
        base_font = f"{tag}+{m.postscript_name or font.key}"
        prefix = f"kitgen:{font.resource}:"

        font_bytes = file.subset(gids)
        ff = pdfdoc.PDFStream(content=font_bytes, filters=[pdfdoc.PDFZCompress])
        ff.dictionary["Length1"] = len(font_bytes)

        flags = 4  # symbolic: glyphs are addressed by id, not through a standard encoding
        if m.is_fixed_pitch:
            flags |= 1
        if 1 <= (m.family_class >> 8) <= 7:
            flags |= 2  # serif
        if m.italic_angle != 0 or m.mac_style & 2:
            flags |= 64
        descriptor = pdfdoc.PDFDictionary(
            {
                "Type": pdfdoc.PDFName("FontDescriptor"),
                "FontName": pdfdoc.PDFName(base_font),
                "Flags": flags,
                "FontBBox": pdfdoc.PDFArrayCompact([round(v * s) for v in m.bbox]),
                "ItalicAngle": round(m.italic_angle, 2),
                "Ascent": round(m.ascender * s),
                "Descent": round(m.descender * s),
                "CapHeight": round((m.cap_height if m.cap_height > 0 else m.ascender) * s),
                # no stem widths in TrueType: the usual estimate from the weight class
                "StemV": round(10 + 220 * ((max(m.weight_class, 50) - 50) / 900) ** 2),
                "FontFile2": doc.Reference(ff, prefix + "FontFile2"),
            }
        )

        widths = {c: font.code_width[c] for c in codes}
        dw = _default_width(widths)
        cid_font = pdfdoc.PDFDictionary(
            {
                "Type": pdfdoc.PDFName("Font"),
                "Subtype": pdfdoc.PDFName("CIDFontType2"),
                "BaseFont": pdfdoc.PDFName(base_font),
                "CIDSystemInfo": pdfdoc.PDFDictionary(
                    {
                        "Registry": pdfdoc.PDFString("Adobe"),
                        "Ordering": pdfdoc.PDFString("Identity"),
                        "Supplement": 0,
                    }
                ),
                "FontDescriptor": doc.Reference(descriptor, prefix + "FontDescriptor"),
                "DW": dw,
                "W": pdfdoc.PDFArrayCompact(_w_array(widths, dw)),
            }
        )
        if all(c == g for c, g in font.code_gid.items()):
            cid_font.dict["CIDToGIDMap"] = pdfdoc.PDFName("Identity")
        else:
            mapping = bytearray(2 * (codes[-1] + 1))  # unused codes -> glyph 0
            for c, g in font.code_gid.items():
                mapping[2 * c : 2 * c + 2] = g.to_bytes(2, "big")
            stream = pdfdoc.PDFStream(content=bytes(mapping), filters=[pdfdoc.PDFZCompress])
            cid_font.dict["CIDToGIDMap"] = doc.Reference(stream, prefix + "CIDToGIDMap")

        to_unicode = pdfdoc.PDFStream(
            content=_to_unicode_cmap(font.code_text).encode("ascii"),
            filters=[pdfdoc.PDFZCompress],
        )
        type0 = pdfdoc.PDFDictionary(
            {
                "Type": pdfdoc.PDFName("Font"),
                "Subtype": pdfdoc.PDFName("Type0"),
                "BaseFont": pdfdoc.PDFName(base_font),
                "Encoding": pdfdoc.PDFName("Identity-H"),
                "DescendantFonts": pdfdoc.PDFArrayCompact(
                    [doc.Reference(cid_font, prefix + "CIDFont")]
                ),
                "ToUnicode": doc.Reference(to_unicode, prefix + "ToUnicode"),
            }
        )
        return doc.Reference(type0, prefix + "Type0")


class _FinishOnSave:
    """Put into reportlab's ``doc.delayedFonts``: runs :meth:`PdfFonts.finish` on save."""

    def __init__(self, fonts: PdfFonts) -> None:
        self.fonts = fonts

    def addObjects(self, doc: Any) -> None:  # noqa: N802 - reportlab's name
        self.fonts.finish()


def _default_width(widths: dict[int, int]) -> int:
    """The most common width (the smallest of equally common ones): the CIDFont's /DW."""
    if not widths:
        return 1000
    counts = Counter(widths.values())
    best = max(counts.values())
    return min(w for w, c in counts.items() if c == best)


def _w_array(widths: dict[int, int], dw: int) -> list:
    """A compact /W array: ``c [w1 w2 ...]`` for consecutive codes, ``c1 c2 w`` for three or
    more consecutive codes of one width; codes of width ``dw`` are left out."""
    out: list = []
    codes = sorted(c for c, w in widths.items() if w != dw)

    def put_list(pending: list[int]) -> None:
        if pending:
            out.extend([pending[0], pdfdoc.PDFArrayCompact([widths[c] for c in pending])])
            pending.clear()

    i = 0
    while i < len(codes):
        j = i
        while j + 1 < len(codes) and codes[j + 1] == codes[j] + 1:
            j += 1
        seg = codes[i : j + 1]
        pending: list[int] = []
        a = 0
        while a < len(seg):
            b = a
            while b + 1 < len(seg) and widths[seg[b + 1]] == widths[seg[a]]:
                b += 1
            if b - a >= 2:
                put_list(pending)
                out.extend([seg[a], seg[b], widths[seg[a]]])
            else:
                pending.extend(seg[a : b + 1])
            a = b + 1
        put_list(pending)
        i = j + 1
    return out


def _to_unicode_cmap(code_text: dict[int, str]) -> str:
    entries = [
        f"<{c:04X}> <{code_text[c].encode('utf-16-be').hex().upper()}>" for c in sorted(code_text)
    ]
    lines = [
        "/CIDInit /ProcSet findresource begin",
        "12 dict begin",
        "begincmap",
        "/CIDSystemInfo << /Registry (Adobe) /Ordering (UCS) /Supplement 0 >> def",
        "/CMapName /Adobe-Identity-UCS def",
        "/CMapType 2 def",
        "1 begincodespacerange",
        "<0000> <FFFF>",
        "endcodespacerange",
    ]
    for start in range(0, len(entries), 100):
        chunk = entries[start : start + 100]
        lines.append(f"{len(chunk)} beginbfchar")
        lines.extend(chunk)
        lines.append("endbfchar")
    lines += ["endcmap", "CMapName currentdict /CMap defineresource pop", "end", "end"]
    return "\n".join(lines) + "\n"
