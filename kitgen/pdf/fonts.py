"""Drawing shaped glyph runs on a reportlab canvas, with our own PDF font embedding.

reportlab's ``TTFont`` maps characters to glyphs, so glyphs that stand for no single character
(ligatures, Indic conjuncts, Arabic contextual forms, Khmer subscripts) cannot be drawn
through it. :class:`PdfFonts` embeds each TrueType font as a PDF Type0 font (CIDFontType2,
``/Identity-H``: a 2-byte code in a text string is a CID) fed with the glyph ids the text
engine shaped, subsets it (:mod:`kitgen.pdf.subset`) and writes a ``/ToUnicode`` CMap so the
text can be copied, searched and read aloud.

Positioning: each run is one ``BT``..``ET`` (inside ``q``..``Q``) with absolute ``Tm`` for
its start and ``TJ`` adjustments that move every glyph exactly to HarfBuzz's position (PDF
advances by the ``/W`` widths, which differ from shaped advances by kerning, zero-width marks
and so on). A glyph with a vertical offset (Arabic harakat, Hebrew niqqud, Indic and Khmer
marks) starts a new ``Tm`` at its own baseline; horizontal offsets are folded into the ``TJ``
adjustments. ``GlyphRun.fake_bold`` is text render mode 2 (fill and stroke) with a line width
of size/30 in the same colour.

Text extraction, measured (poppler ``pdftotext`` 22.12 default and ``-layout`` modes, pypdf
7.1, on Arabic with harakat, Arabic with an isolated "(617) 555-0100", Hebrew with niqqud,
Bengali, Khmer, Myanmar, Ethiopic, Latin and CJK lines):

* pypdf reads glyphs in content-stream order and never reorders. Right-to-left runs are
  therefore written in *logical* order (the reverse of the run's visual order), each glyph
  placed at its visual position with a ``TJ`` adjustment that moves left. Left-to-right runs
  are written in visual order, which is logical order for every cluster (HarfBuzz keeps
  clusters monotonic), and a cluster's text rides on one of its glyphs, so a reordered
  pre-base vowel sign does not matter.
* poppler ignores content order inside a line: it sorts a line's characters by position and
  applies its own bidi (a run of right-to-left letters is read right to left, digits and Latin
  left to right). With RTL glyphs written in logical order and the phone number's glyphs in
  visual order, pdftotext gives the logical text too, as long as every right-to-left glyph
  carries its own text: a glyph standing for several characters (a lam-alef ligature, a letter
  with its harakat merged into one cluster) must map to them in logical order, which poppler
  keeps as one unit.
* One ``/ToUnicode`` entry per code cannot say that the same glyph stands for different text in
  different places (the same Bengali vowel-sign glyph carries "কি" in one cluster and "মি" in
  another; an Arabic letter carries "بَ" once and "ب" elsewhere), and the text engine puts a
  cluster's whole text on one glyph. So codes are allocated per (glyph, text) pair: the first
  pair seen for a glyph gets code = glyph id; a later pair with other text gets a spare code
  above the font's glyph count, and the font then gets a ``/CIDToGIDMap`` stream instead of
  ``/Identity``. Every code has exactly one text, and both extractors give the logical text.
  Glyphs with ``""`` text (the other glyphs of a cluster) map to nothing (see
  :data:`_EMPTY_TEXT` for what was measured).

reportlab private API (checked against reportlab 5.1.0), used in this module only:
``canvas._doc`` (the document), ``doc.idToObject['BasicFonts']`` (the one font resource
dictionary every page refers to, as ``TTFont.addObjects`` does) and ``doc.delayedFonts``
(objects whose ``addObjects(doc)`` runs when the document is written: used so that a
forgotten :meth:`PdfFonts.finish` still produces a valid file). Operators go through the public
``canvas.addLiteral``.
"""

from __future__ import annotations

import hashlib
import tomllib
from collections import Counter
from dataclasses import dataclass, field
from pathlib import Path

from reportlab.pdfbase import pdfdoc
from reportlab.pdfgen.canvas import Canvas

from kitgen.errors import ContentError
from kitgen.pdf.subset import FontFileError, TrueTypeFile, load
from kitgen.text.types import GlyphRun, Line

__all__ = ["PdfFonts", "font_index", "font_metrics", "line_emission_order"]

#: Whether a glyph with "" text gets a /ToUnicode entry (to the empty string ``<>``).
_MAP_EMPTY = True

#: Text of the invisible glyph that starts a right-to-left run whose first glyph (in content
#: order) stands for several characters: U+061C ARABIC LETTER MARK, a default-ignorable
#: right-to-left format character. It makes pypdf read the run as right-to-left from its
#: first glyph (see the module docstring); extracted text gets an ALM at the run's logical end.
RTL_CARRIER = "\u061c"

#: Stroke width of synthesised bold, as a fraction of the font size.
FAKE_BOLD_STROKE = 1 / 30


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
            data = tomllib.loads(toml.read_text(encoding="utf-8"))
        except (OSError, tomllib.TOMLDecodeError) as e:
            raise ContentError(f"cannot read the font index {toml}: {e}") from e
        index = {}
        for entry in data.get("font", []):
            index[entry["key"]] = font_dir / entry["file"]
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


# -- number formatting (deterministic, compact) ---------------------------------------------


def _num(v: float, places: int = 3) -> str:
    r = round(v, places)
    if r == 0:
        return "0"
    if r == int(r):
        return str(int(r))
    s = f"{r:.{places}f}".rstrip("0").rstrip(".")
    return s


def _utf16_hex(text: str) -> str:
    return text.encode("utf-16-be").hex().upper()


# -- one font in one document ---------------------------------------------------------------


@dataclass
class _UsedFont:
    key: str
    file: TrueTypeFile
    resource: str  # e.g. "KG1"
    scale: float  # 1000 / units_per_em
    cids: dict[tuple[int, str], int] = field(default_factory=dict)
    cid_gid: dict[int, int] = field(default_factory=dict)
    cid_text: dict[int, str] = field(default_factory=dict)
    next_spare: int = 0

    def __post_init__(self) -> None:
        self.next_spare = self.file.num_glyphs

    @property
    def empty_gid(self) -> int | None:
        return self.file.empty_glyph

    def cid(self, gid: int, text: str) -> int:
        k = (gid, text)
        c = self.cids.get(k)
        if c is None:
            if gid not in self.cid_gid:
                c = gid
            else:
                c = self.next_spare
                if c > 0xFFFF:
                    raise ValueError(f"font {self.key}: more than 65,536 glyph/text pairs")
                self.next_spare += 1
            self.cids[k] = c
            self.cid_gid[c] = gid
            self.cid_text[c] = text
        return c

    def width(self, gid: int) -> int:
        """The glyph's /W width, in 1/1000 em (integer, as written into the PDF)."""
        return round(self.file.advances[gid] * self.scale)


class PdfFonts:
    """The fonts of one PDF document being drawn on one reportlab Canvas.

    Draw with :meth:`draw_run` (or :meth:`draw_line`); call :meth:`finish` once before
    ``canvas.save()`` (it is also run by ``save()`` if forgotten). Resource names are ``/KG1``,
    ``/KG2``, ... in the order fonts are first used.
    """

    def __init__(self, canvas: Canvas, font_dir: Path | None = None) -> None:
        self._canvas = canvas
        self._font_dir = Path(font_dir) if font_dir is not None else None
        self._fonts: dict[str, _UsedFont] = {}
        self._finished = False
        doc = canvas._doc  # reportlab private API, see module docstring
        self._doc = doc
        taken = getattr(doc, "_kitgen_pdffonts", None)
        if taken is not None:
            raise ValueError("this canvas already has a PdfFonts")
        doc._kitgen_pdffonts = self
        doc.delayedFonts.append(_FinishOnSave(self))

    # -- drawing -----------------------------------------------------------------------------

    def _font(self, key: str) -> _UsedFont:
        f = self._fonts.get(key)
        if f is None:
            file = _font_file(key, self._font_dir)
            f = _UsedFont(
                key=key,
                file=file,
                resource=f"KG{len(self._fonts) + 1}",
                scale=1000.0 / file.units_per_em,
            )
            self._fonts[key] = f
        return f

    def draw_line(
        self, line: Line, x: float, baseline_y: float, direction: str = "ltr"
    ) -> None:
        """Draw every run of ``line`` (``x`` is the paragraph's left edge; ``line.x`` is added).

        ``direction`` is the paragraph's (``SetParagraph.direction``). The runs are written in
        logical order (:func:`line_emission_order`), which text extraction needs (see the module
        docstring); where things land on the page does not depend on the order.
        """
        for run in line_emission_order(line.runs, direction):
            self.draw_run(run, x + line.x, baseline_y)

    def draw_run(self, run: GlyphRun, x: float, baseline_y: float) -> None:
        """Emit PDF text operators for ``run`` (glyphs in visual order, advances/offsets in points).

        ``x`` is the left edge of the run's *line*: the first glyph's pen position is
        ``x + run.x``. ``baseline_y`` is in PDF user space (points from the page's bottom,
        unless the canvas is transformed).
        """
        if self._finished:
            raise RuntimeError("PdfFonts.draw_run after finish()")
        n = len(run.glyphs)
        if not (len(run.advances) == len(run.offsets) == len(run.texts) == n):
            raise ValueError("GlyphRun: glyphs, advances, offsets and texts differ in length")
        if n == 0:
            return
        font = self._font(run.font_key)
        num_glyphs = font.file.num_glyphs
        size = float(run.size)
        if size <= 0:
            raise ValueError(f"GlyphRun: font size {size}")

        # visual pen positions
        pens = []
        pen = x + run.x
        for adv in run.advances:
            pens.append(pen)
            pen += adv
        order = range(n)  # visual order, also for right-to-left runs (module docstring)

        r, g, b = (float(c) for c in run.color)
        ops = ["q", f"{_num(r)} {_num(g)} {_num(b)} rg"]
        if run.fake_bold:
            ops.append(f"{_num(r)} {_num(g)} {_num(b)} RG {_num(size * FAKE_BOLD_STROKE)} w 2 Tr")
        else:
            ops.append("0 Tr")
        ops.append("BT")
        ops.append(f"/{font.resource} {_num(size)} Tf 0 Tc 100 Tz 0 Ts")

        k = 1000.0 / size
        tj: list[str] = []  # pieces of the current TJ array
        hexbuf: list[str] = []  # codes of the current hex string
        cur_pen = None  # where PDF's text position is (after the last glyph), user space x
        cur_y = None

        def flush_hex() -> None:
            if hexbuf:
                tj.append("<" + "".join(hexbuf) + ">")
                hexbuf.clear()

        def flush_tj() -> None:
            flush_hex()
            if tj:
                ops.append("[" + " ".join(tj) + "] TJ" if len(tj) > 1 else tj[0] + " Tj")
                tj.clear()

        texts = extraction_texts(run)
        # (glyph id, text, x, y) in content order
        placed = [
            (run.glyphs[i], texts[i], pens[i] + run.offsets[i][0], baseline_y + run.offsets[i][1])
            for i in order
        ]
        first_text = next((t for t in texts if t), "")
        if run.rtl and len(first_text) > 1 and font.empty_gid is not None:
            placed.insert(0, (font.empty_gid, RTL_CARRIER, pens[0], baseline_y))
        for gid, text, gx, gy in placed:
            if not 0 <= gid < num_glyphs:
                raise ValueError(f"glyph id {gid} out of range for font {run.font_key}")
            code = font.cid(gid, text)
            if cur_y is None or abs(gy - cur_y) > 1e-6:
                flush_tj()
                ops.append(f"1 0 0 1 {_num(gx)} {_num(gy)} Tm")
                cur_y = gy
                actual = gx
            else:
                adj = round((cur_pen - gx) * k, 2)
                if adj != 0:
                    flush_hex()
                    tj.append(_num(adj, 2))
                actual = cur_pen - adj / k
            hexbuf.append(f"{code:04X}")
            cur_pen = actual + font.width(gid) / k
        flush_tj()
        ops.append("ET")
        ops.append("Q")
        self._canvas.addLiteral("\n".join(ops))

    # -- writing the font objects ------------------------------------------------------------

    def finish(self) -> None:
        """Subset each used font and write FontFile2, FontDescriptor, CIDFont, Type0 and
        ToUnicode objects into the document. Call once before ``canvas.save()``."""
        if self._finished:
            return
        self._finished = True
        doc = self._doc
        font_dict = doc.idToObject["BasicFonts"].dict  # reportlab private API
        for font in self._fonts.values():
            if font.resource in font_dict:
                raise ValueError(f"font resource name /{font.resource} is already taken")
            font_dict[font.resource] = self._write_font(font)

    def _write_font(self, font: _UsedFont) -> pdfdoc.PDFObjectReference:
        doc = self._doc
        file = font.file
        m = file.metrics
        s = font.scale
        gids = sorted(set(font.cid_gid.values()))
        cids = sorted(font.cid_gid)
        identity = all(c == g for c, g in font.cid_gid.items())

        digest = hashlib.sha256()
        digest.update(font.key.encode())
        digest.update(b"".join(g.to_bytes(2, "big") for g in gids))
        tag = "".join(chr(65 + b % 26) for b in digest.digest()[:6])
        ps_name = m.postscript_name or font.key.replace(" ", "")
        base_font = f"{tag}+{ps_name}"
        prefix = f"kitgen:{font.resource}:{base_font}"

        font_bytes = file.subset(gids)
        ff = pdfdoc.PDFStream(content=font_bytes, filters=[pdfdoc.PDFZCompress])
        ff.dictionary["Length1"] = len(font_bytes)
        ff_ref = doc.Reference(ff, prefix + ":FontFile2")

        flags = 4  # symbolic: the glyphs are addressed by id, not by a standard encoding
        if m.is_fixed_pitch:
            flags |= 1
        if 1 <= (m.family_class >> 8) <= 7:
            flags |= 2
        if m.italic_angle != 0 or m.mac_style & 2:
            flags |= 64
        stem_v = round(10 + 220 * ((max(m.weight_class, 50) - 50) / 900) ** 2)
        cap = m.cap_height if m.cap_height > 0 else m.ascender
        desc = pdfdoc.PDFDictionary(
            {
                "Type": pdfdoc.PDFName("FontDescriptor"),
                "FontName": pdfdoc.PDFName(base_font),
                "Flags": flags,
                "FontBBox": pdfdoc.PDFArrayCompact([round(v * s) for v in m.bbox]),
                "ItalicAngle": round(m.italic_angle, 2),
                "Ascent": round(m.ascender * s),
                "Descent": round(m.descender * s),
                "CapHeight": round(cap * s),
                "StemV": stem_v,
                "FontFile2": ff_ref,
            }
        )
        desc_ref = doc.Reference(desc, prefix + ":FontDescriptor")

        widths = {c: font.width(font.cid_gid[c]) for c in cids}
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
                "FontDescriptor": desc_ref,
                "DW": dw,
                "W": pdfdoc.PDFArrayCompact(_w_array(widths, dw)),
            }
        )
        if identity:
            cid_font.dict["CIDToGIDMap"] = pdfdoc.PDFName("Identity")
        else:
            top = max(cids)
            mapping = bytearray(2 * (top + 1))
            for c, g in font.cid_gid.items():
                mapping[2 * c : 2 * c + 2] = g.to_bytes(2, "big")
            cmap_stream = pdfdoc.PDFStream(content=bytes(mapping), filters=[pdfdoc.PDFZCompress])
            cid_font.dict["CIDToGIDMap"] = doc.Reference(cmap_stream, prefix + ":CIDToGIDMap")
        cid_ref = doc.Reference(cid_font, prefix + ":CIDFont")

        tu = pdfdoc.PDFStream(
            content=_to_unicode_cmap(font.cid_text).encode("ascii"), filters=[pdfdoc.PDFZCompress]
        )
        tu_ref = doc.Reference(tu, prefix + ":ToUnicode")

        type0 = pdfdoc.PDFDictionary(
            {
                "Type": pdfdoc.PDFName("Font"),
                "Subtype": pdfdoc.PDFName("Type0"),
                "BaseFont": pdfdoc.PDFName(base_font),
                "Encoding": pdfdoc.PDFName("Identity-H"),
                "DescendantFonts": pdfdoc.PDFArrayCompact([cid_ref]),
                "ToUnicode": tu_ref,
            }
        )
        return doc.Reference(type0, prefix + ":Type0")


def _carries_text(run: GlyphRun, i: int) -> bool:
    """Whether glyph ``i`` is a good place for text: it has an advance and sits on the baseline
    (a text extractor puts a glyph's characters across its advance, on its baseline)."""
    return run.advances[i] > 0 and abs(run.offsets[i][1]) < 1e-6


def extraction_texts(run: GlyphRun) -> list[str]:
    """The text each glyph of ``run`` maps to in /ToUnicode (same concatenation as ``run.texts``).

    Left-to-right runs: a cluster's text is spread over the cluster's glyphs that have an
    advance and sit on the baseline, in visual order, one piece per glyph (the last takes the
    rest), so that poppler, which places a glyph's text across the glyph's width and ignores
    glyphs without text, sees no hole where a wide glyph carries nothing (a Bengali consonant
    after its pre-base vowel sign read as a word break). The cluster of a glyph with text is
    taken to be it and the textless glyphs after it; as the pieces stay in visual order, which
    is logical order for a left-to-right run, a wrong guess only moves characters, never
    reorders them.

    Right-to-left runs: a cluster's text stays whole on one glyph (split, the characters would
    come out reversed from pypdf or poppler); only if it sits on a mark (no advance, or off the
    baseline) it moves to the nearest textless base glyph beside it.
    """
    texts = list(run.texts)
    n = len(texts)
    if run.rtl:
        for i in range(n):
            if not texts[i] or _carries_text(run, i):
                continue
            target = None
            for step in (1, -1):  # a mark comes before its base in right-to-left visual order
                j = i + step
                while 0 <= j < n and not texts[j]:
                    if _carries_text(run, j):
                        target = j
                        break
                    j += step
                if target is not None:
                    break
            if target is not None:
                texts[target], texts[i] = texts[i], ""
        return texts

    starts = [k for k in range(n) if texts[k]]
    if not starts:
        return texts
    starts[0] = 0  # textless glyphs at the start of the run join the first cluster
    for g, i in enumerate(starts):
        j = starts[g + 1] if g + 1 < len(starts) else n
        text = "".join(texts[i:j])
        places = [k for k in range(i, j) if _carries_text(run, k)]
        if not places:
            places = [next(k for k in range(i, j) if texts[k])]
        elif len(places) > len(text):
            places = sorted(sorted(places, key=lambda k: -run.advances[k])[: len(text)])
        for k in range(i, j):
            texts[k] = ""
        q, r = divmod(len(text), len(places))
        pos = 0
        for m, k in enumerate(places):
            size = q + (1 if m < r else 0)
            texts[k] = text[pos : pos + size]
            pos += size
    return texts


def line_emission_order(runs: tuple[GlyphRun, ...], direction: str = "ltr") -> list[GlyphRun]:
    """The runs of one line (given in visual order) in logical order, for the content stream.

    The inverse of UAX #9 rule L2 for a line with two embedding levels (an RTL paragraph with
    LTR runs in it, or an LTR paragraph with RTL runs): in a left-to-right paragraph each
    maximal sequence of right-to-left runs is reversed; in a right-to-left paragraph the whole
    line is reversed, then each maximal sequence of left-to-right runs is put back.
    """
    out = list(runs)
    if direction == "rtl":
        out.reverse()
    flip = (lambda r: not r.rtl) if direction == "rtl" else (lambda r: r.rtl)
    i = 0
    while i < len(out):
        if not flip(out[i]):
            i += 1
            continue
        j = i
        while j < len(out) and flip(out[j]):
            j += 1
        out[i:j] = out[i:j][::-1]
        i = j
    return out


class _FinishOnSave:
    """Put into reportlab's ``doc.delayedFonts``: runs :meth:`PdfFonts.finish` on save."""

    def __init__(self, fonts: PdfFonts) -> None:
        self.fonts = fonts

    def addObjects(self, doc) -> None:  # noqa: N802 - reportlab's name
        self.fonts.finish()


def _default_width(widths: dict[int, int]) -> int:
    if not widths:
        return 1000
    counts = Counter(widths.values())
    best = max(counts.values())
    return min(w for w, c in counts.items() if c == best)


def _w_array(widths: dict[int, int], dw: int) -> list:
    """A compact /W array: ``c [w1 w2 ...]`` for consecutive codes, ``c1 c2 w`` for a run of
    three or more consecutive codes of equal width; codes of width ``dw`` are left out."""
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
        k = 0
        while k < len(seg):
            m = k
            while m + 1 < len(seg) and widths[seg[m + 1]] == widths[seg[k]]:
                m += 1
            if m - k + 1 >= 3:
                put_list(pending)
                out.extend([seg[k], seg[m], widths[seg[k]]])
            else:
                pending.extend(seg[k : m + 1])
            k = m + 1
        put_list(pending)
        i = j + 1
    return out


def _to_unicode_cmap(cid_text: dict[int, str]) -> str:
    entries = []
    for cid in sorted(cid_text):
        text = cid_text[cid]
        if not text and not _MAP_EMPTY:
            continue
        entries.append(f"<{cid:04X}> <{_utf16_hex(text)}>")
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
    lines += [
        "endcmap",
        "CMapName currentdict /CMap defineresource pop",
        "end",
        "end",
    ]
    return "\n".join(lines) + "\n"

