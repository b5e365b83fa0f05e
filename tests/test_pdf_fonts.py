"""kitgen.pdf.fonts and kitgen.pdf.subset: shaped glyphs drawn as embedded CIDFontType2 fonts.

PDFs are built with reportlab (invariant mode), :class:`PdfFonts` and glyph runs shaped here
with uharfbuzz, the way the text engine shapes them (script, language and direction set; the
cluster's text on its first glyph in logical order). They are checked with qpdf, pdffonts,
pdftotext (poppler) and pypdf.
"""

from __future__ import annotations

import hashlib
import io
import re
import shutil
import subprocess
import time
import tomllib
from functools import cache
from pathlib import Path

import pytest
import uharfbuzz as hb
from conftest import pdftotext, pypdf_text
from fontTools.ttLib import TTFont
from pypdf import PdfReader
from pypdf.generic import ContentStream
from reportlab.pdfgen.canvas import Canvas

from kitgen.errors import ContentError
from kitgen.pdf import subset
from kitgen.pdf.fonts import (
    FAKE_BOLD_STROKE,
    RTL_CARRIER,
    PdfFonts,
    _w_array,
    font_index,
    font_metrics,
    line_emission_order,
    text_layer,
)
from kitgen.text.types import GlyphRun, Line

ROOT = Path(__file__).resolve().parent.parent
FONTS = ROOT / "fonts"

needs_poppler = pytest.mark.skipif(
    not (shutil.which("pdftotext") and shutil.which("pdffonts")), reason="poppler-utils missing"
)
needs_qpdf = pytest.mark.skipif(not shutil.which("qpdf"), reason="qpdf missing")

# -- shaping, the way the text engine does it -----------------------------------------------


@cache
def _hb(key: str) -> tuple[hb.Font, int]:
    face = hb.Face(hb.Blob.from_file_path(str(font_index(FONTS)[key])))
    return hb.Font(face), face.upem


def shape(
    key: str,
    text: str,
    *,
    rtl: bool = False,
    script: str | None = None,
    lang: str | None = None,
    size: float = 14.0,
    color: tuple[float, float, float] = (0.0, 0.0, 0.0),
    fake_bold: bool = False,
    text_on: str = "logical",
) -> GlyphRun:
    """One run; ``text_on`` "logical": a cluster's text on its first glyph in logical order
    (kitgen's text engine), "visual": on its first glyph in visual order."""
    font, upem = _hb(key)
    buf = hb.Buffer()
    buf.add_str(text)
    buf.direction = "rtl" if rtl else "ltr"
    if script:
        buf.script = script
    if lang:
        buf.language = lang
    buf.guess_segment_properties()
    hb.shape(font, buf, {})
    infos, positions = buf.glyph_infos, buf.glyph_positions
    assert all(i.codepoint for i in infos), f"{key} has no glyph for part of {text!r}"
    clusters = [i.cluster for i in infos]
    starts = sorted(set(clusters))
    ends = dict(zip(starts, [*starts[1:], len(text)], strict=True))
    order = range(len(infos) - 1, -1, -1) if rtl and text_on == "logical" else range(len(infos))
    texts, seen = [""] * len(infos), set()
    for i in order:
        if clusters[i] not in seen:
            seen.add(clusters[i])
            texts[i] = text[clusters[i] : ends[clusters[i]]]
    s = size / upem
    return GlyphRun(
        font_key=key,
        size=size,
        color=color,
        x=0.0,
        glyphs=tuple(i.codepoint for i in infos),
        advances=tuple(p.x_advance * s for p in positions),
        offsets=tuple((p.x_offset * s, p.y_offset * s) for p in positions),
        texts=tuple(texts),
        rtl=rtl,
        fake_bold=fake_bold,
    )


#: (font key, text, rtl, script, language): one piece of a line, in logical order.
Piece = tuple[str, str, bool, str, str]


def make_line(pieces: list[Piece], direction: str, width: float = 500.0, **kw) -> Line:
    """A line of runs in visual order, right-aligned in ``width`` when right-to-left."""
    logical = [shape(k, t, rtl=r, script=s, lang=lang, **kw) for k, t, r, s, lang in pieces]
    visual = line_emission_order(tuple(logical), direction)  # its own inverse
    total = sum(r.width for r in visual)
    x = width - total if direction == "rtl" else 0.0
    runs = []
    for r in visual:
        runs.append(GlyphRun(**{**r.__dict__, "x": x}))
        x += r.width
    return Line(runs=tuple(runs), width=total, ascent=10, descent=4, height=20)


def build(lines: list[tuple[Line, str]], **canvas_kw) -> bytes:
    """One page, one line per entry (``(line, paragraph direction)``); ``"PAGE"`` breaks."""
    buf = io.BytesIO()
    canvas = Canvas(buf, invariant=1, pagesize=(612, 792), **canvas_kw)
    fonts = PdfFonts(canvas, FONTS)
    y = 740.0
    for line, direction in lines:
        fonts.draw_line(line, 50, y, direction)
        y -= 30
    fonts.finish()
    canvas.save()
    return buf.getvalue()


_CONTROLS = dict.fromkeys(map(ord, "\u061c\u200e\u200f\u202a\u202b\u202c\u202d\u202e"))


def norm(text: str) -> str:
    """Bidi controls (poppler's RLE/LRE/PDF, our ALM) removed, whitespace folded."""
    return " ".join(text.translate(_CONTROLS).split())


def ink(text: str) -> str:
    return "".join(norm(text).split())


# -- one line per script, extracted by pypdf and poppler ------------------------------------

AR, HE, NS = "NotoNaskhArabic-Regular", "NotoSansHebrew-Regular", "NotoSans-Regular"
PHONE: Piece = (NS, "(617) 555-0100", False, "Latn", "en")

#: (id, pieces in logical order, paragraph direction, poppler exact?). poppler's own bidi puts
#: the space between right-to-left text and an LTR isolate, or next to Arabic punctuation, on
#: the wrong side (see kitgen.pdf.fonts): those lines are compared without whitespace.
CASES: list[tuple[str, list[Piece], str, bool]] = [
    (
        "latin-vi-cyrillic",
        [(NS, "Chuẩn bị khẩn cấp — Готовность, “AVA” office", False, "Latn", "vi")],
        "ltr",
        True,
    ),  # noqa: E501
    ("arabic-harakat", [(AR, "مَرْحَبًا بِكُمْ في المدرسة شكراً جزيلاً", True, "Arab", "ar")], "rtl", True),  # noqa: E501
    ("arabic-punctuation", [(AR, "في المدرسة، شكراً جزيلاً.", True, "Arab", "ar")], "rtl", False),  # noqa: E501
    (
        "arabic-phone",
        [(AR, "اتصلْ بِنا على ", True, "Arab", "ar"), PHONE, (AR, " فوراً", True, "Arab", "ar")],
        "rtl",
        False,
    ),  # noqa: E501
    (
        "arabic-bold-phone",
        [
            (AR, "اتصل ", True, "Arab", "ar"),
            ("NotoNaskhArabic-Bold", "بالمدرسة", True, "Arab", "ar"),
            (AR, " ", True, "Arab", "ar"),
            PHONE,
        ],
        "rtl",
        False,
    ),  # noqa: E501
    (
        "persian-phone",
        [
            (AR, "لطفاً با شماره‌ی ", True, "Arab", "fa"),
            PHONE,
            (AR, " تماس بگیرید", True, "Arab", "fa"),
        ],
        "rtl",
        False,
    ),  # noqa: E501
    ("pashto", [(AR, "د کورنۍ بیړني چمتووالی", True, "Arab", "ps")], "rtl", True),
    (
        "urdu-nastaliq",
        [("NotoNastaliqUrdu-Regular", "ہنگامی صورت میں رابطہ کریں", True, "Arab", "ur")],
        "rtl",
        True,
    ),  # noqa: E501
    ("hebrew-niqqud", [(HE, "שָׁלוֹם עֲלֵיכֶם", True, "Hebr", "he")], "rtl", True),
    (
        "hebrew-phone",
        [(HE, "התקשרו ", True, "Hebr", "he"), PHONE, (HE, " עכשיו", True, "Hebr", "he")],
        "rtl",
        False,
    ),  # noqa: E501
    ("same-glyph-two-texts", [(AR, "بَيت بيت", True, "Arab", "ar")], "rtl", True),
    (
        "english-arabic-name",
        [
            (NS, "Call ", False, "Latn", "en"),
            (AR, "مريم حسن", True, "Arab", "ar"),
            (NS, " at school", False, "Latn", "en"),
        ],
        "ltr",
        False,
    ),  # noqa: E501
    (
        "bengali-conjuncts",
        [("NotoSansBengali-Regular", "ক্ষমা করুন, জরুরি প্রস্তুতি কোথায় কিছু", False, "Beng", "bn")],
        "ltr",
        True,
    ),  # noqa: E501
    (
        "nepali",
        [("NotoSansDevanagari-Regular", "आपतकालीन तयारी, क्षमा र्क", False, "Deva", "ne")],
        "ltr",
        True,
    ),  # noqa: E501
    (
        "khmer-coeng",
        [("NotoSansKhmer-Regular", "ការត្រៀមខ្លួនសម្រាប់គ្រោះអាសន្ន", False, "Khmr", "km")],
        "ltr",
        True,
    ),  # noqa: E501
    (
        "myanmar",
        [("NotoSansMyanmar-Regular", "အရေးပေါ် အခြေအနေအတွက် ပြင်ဆင်ခြင်း", False, "Mymr", "my")],
        "ltr",
        True,
    ),  # noqa: E501
    (
        "amharic",
        [("NotoSansEthiopic-Regular", "ለአደጋ ጊዜ ዝግጁነት ቤተሰብ", False, "Ethi", "am")],
        "ltr",
        True,
    ),  # noqa: E501
    ("tigrinya", [("NotoSansEthiopic-Bold", "ንድሕንነት ስድራቤት", False, "Ethi", "ti")], "ltr", True),
    (
        "zh-hans",
        [
            (
                "NotoSansCJKsc-Regular-kitgen",
                "紧急情况下的家庭准备：请拨打电话。",
                False,
                "Hani",
                "zh-Hans",
            )
        ],
        "ltr",
        True,
    ),  # noqa: E501
    (
        "zh-hant",
        [
            (
                "NotoSansCJKtc-Regular-kitgen",
                "緊急情況下的家庭準備：請撥打電話。",
                False,
                "Hani",
                "zh-Hant",
            )
        ],
        "ltr",
        True,
    ),  # noqa: E501
    (
        "ja",
        [
            (
                "NotoSansCJKjp-Regular-kitgen",
                "緊急時の家族の備え：電話してください。",
                False,
                "Hani",
                "ja",
            )
        ],
        "ltr",
        True,
    ),  # noqa: E501
    (
        "ko",
        [
            (
                "NotoSansCJKkr-Regular-kitgen",
                "비상시 가족 준비: 전화하세요. 똠방각하",
                False,
                "Hang",
                "ko",
            )
        ],
        "ltr",
        True,
    ),  # noqa: E501
]


PIECES = {name: pieces for name, pieces, _, _ in CASES}


def logical(pieces: list[Piece]) -> str:
    return "".join(p[1] for p in pieces)


@pytest.mark.parametrize("text_on", ["logical", "visual"])
@pytest.mark.parametrize(
    ("name", "pieces", "direction", "poppler_exact"), CASES, ids=[c[0] for c in CASES]
)
def test_extracted_text_is_logical(name, pieces, direction, poppler_exact, text_on):
    pdf = build([(make_line(pieces, direction, text_on=text_on), direction)])
    want = logical(pieces)
    assert norm(pypdf_text(pdf)) == norm(want)
    if shutil.which("pdftotext"):
        got = pdftotext(pdf)
        if poppler_exact:
            assert norm(got) == norm(want)
        else:
            assert ink(got) == ink(want)


def test_lines_of_both_directions_on_one_page():
    """pypdf carries its idea of the current direction from one line to the next."""
    lines = [
        ("NotoSansBengali-Regular", "ক্ষমা করুন", False, "Beng", "bn", "ltr"),
        (AR, "شكراً جزيلاً.", True, "Arab", "ar", "rtl"),
        ("NotoSansBengali-Regular", "ক্ষমা করুন", False, "Beng", "bn", "ltr"),
        (HE, "שָׁלוֹם", True, "Hebr", "he", "rtl"),
        (NS, "Emergency plan", False, "Latn", "en", "ltr"),
        (AR, "لا", True, "Arab", "ar", "rtl"),
    ]
    pdf = build([(make_line([line[:5]], line[5]), line[5]) for line in lines])
    want = [line[1] for line in lines]
    assert [norm(x) for x in pypdf_text(pdf).splitlines() if norm(x)] == want
    # (poppler reads this page as left-to-right and then takes the tanween and full stop at
    # the left end of the Arabic line for left-to-right text: ".ًشكراً جزيلا")


def test_rtl_carrier_only_where_pypdf_needs_it():
    run = shape(AR, "بيت", rtl=True, script="Arab", lang="ar")  # left end: a single letter
    empty = subset.load(font_index(FONTS)[AR]).empty_glyph
    assert all(item[1] != RTL_CARRIER for item in text_layer(run, empty))
    run = shape(AR, "بيت.", rtl=True, script="Arab", lang="ar")  # left end: a full stop
    assert text_layer(run, empty)[0][1] == RTL_CARRIER
    assert text_layer(run, empty, after_rtl=True)[0][1] != RTL_CARRIER


# -- the file: qpdf, pdffonts, determinism ----------------------------------------------------


@cache
def all_scripts_pdf() -> bytes:
    return build([(make_line(pieces, direction), direction) for _, pieces, direction, _ in CASES])


@needs_qpdf
def test_qpdf_check_passes(tmp_path):
    path = tmp_path / "all.pdf"
    path.write_bytes(all_scripts_pdf())
    out = subprocess.run(["qpdf", "--check", str(path)], capture_output=True, text=True)
    assert out.returncode == 0, out.stdout + out.stderr
    assert "No syntax or stream encoding errors" in out.stdout


@needs_poppler
def test_pdffonts_every_font_embedded_subset_cid_truetype(tmp_path):
    path = tmp_path / "all.pdf"
    path.write_bytes(all_scripts_pdf())
    out = subprocess.run(["pdffonts", str(path)], capture_output=True, text=True, check=True)
    rows = out.stdout.splitlines()[2:]
    ours = [r for r in rows if not r.startswith("Helvetica ")]
    # reportlab's page preamble selects Helvetica unless the canvas gets another initial font
    # (kitgen.pdf.draw does that); everything drawn through PdfFonts is ours.
    used = {p[0] for _, pieces, _, _ in CASES for p in pieces}
    assert len(ours) == len(used)
    for row in ours:
        assert re.match(r"[A-Z]{6}\+\S+ +CID TrueType +Identity-H +yes +yes +yes ", row), row


def test_same_input_same_bytes():
    lines = [(PIECES["arabic-phone"], "rtl"), (PIECES["bengali-conjuncts"], "ltr")]
    a = build([(make_line(p, d), d) for p, d in lines])
    b = build([(make_line(p, d), d) for p, d in lines])
    assert a == b


def test_finish_runs_on_save_if_forgotten():
    buf = io.BytesIO()
    canvas = Canvas(buf, invariant=1)
    fonts = PdfFonts(canvas, FONTS)
    fonts.draw_run(shape(NS, "Forgot"), 50, 700)
    canvas.save()
    assert norm(pypdf_text(buf.getvalue())) == "Forgot"
    with pytest.raises(RuntimeError):
        fonts.draw_run(shape(NS, "late"), 50, 600)


# -- what is drawn: glyph ids, positions, colour, fake bold -----------------------------------


def _drawn(pdf: bytes) -> list[tuple[str, int, float, float, float]]:
    """(font resource, glyph id, x, y, size) of every glyph shown, in content order, by
    interpreting the text operators kitgen writes (Tm, Tf, TJ, Tj)."""
    reader = PdfReader(io.BytesIO(pdf))
    page = reader.pages[0]
    fonts = page["/Resources"]["/Font"]
    info = {}
    for name in fonts:
        font = fonts[name].get_object()
        if font["/Subtype"] != "/Type0":
            continue
        cid = font["/DescendantFonts"][0].get_object()
        dw = int(cid.get("/DW", 1000))
        widths: dict[int, float] = {}
        w = list(cid["/W"])
        i = 0
        while i < len(w):
            if isinstance(w[i + 1], list):
                for k, v in enumerate(w[i + 1]):
                    widths[int(w[i]) + k] = float(v)
                i += 2
            else:
                for c in range(int(w[i]), int(w[i + 1]) + 1):
                    widths[c] = float(w[i + 2])
                i += 3
        m = cid["/CIDToGIDMap"]
        if m == "/Identity":
            gid_of = None
        else:
            data = m.get_object().get_data()
            gid_of = [int.from_bytes(data[j : j + 2], "big") for j in range(0, len(data), 2)]
        info[name] = (widths, dw, gid_of)
    out = []
    x = y = size = 0.0
    font = None
    for operands, op in ContentStream(page.get_contents(), reader).operations:
        if op == b"Tf":
            font, size = operands[0], float(operands[1])
        elif op == b"Tm":
            x, y = float(operands[4]), float(operands[5])
        elif op in (b"TJ", b"Tj"):
            for part in operands[0] if op == b"TJ" else [operands[0]]:
                if isinstance(part, (int, float)):
                    x -= float(part) * size / 1000
                    continue
                raw = part.original_bytes if hasattr(part, "original_bytes") else bytes(part)
                widths, dw, gid_of = info[font]
                for j in range(0, len(raw), 2):
                    code = int.from_bytes(raw[j : j + 2], "big")
                    out.append((font, code if gid_of is None else gid_of[code], x, y, size))
                    x += widths.get(code, dw) * size / 1000
    return out


@pytest.mark.parametrize(
    "pieces, direction",
    [
        (PIECES["arabic-harakat"], "rtl"),
        (PIECES["urdu-nastaliq"], "rtl"),
        (PIECES["bengali-conjuncts"], "ltr"),
        (PIECES["khmer-coeng"], "ltr"),
        (PIECES["arabic-phone"], "rtl"),
    ],
    ids=["arabic-harakat", "nastaliq", "bengali", "khmer", "arabic-phone"],
)
def test_glyphs_drawn_are_the_shaped_ones_at_the_shaped_positions(pieces, direction):
    line = make_line(pieces, direction)
    drawn = _drawn(build([(line, direction)]))
    want = []
    for run in line_emission_order(line.runs, direction):
        pen = 50 + run.x
        for gid, adv, (dx, dy) in zip(run.glyphs, run.advances, run.offsets, strict=True):
            want.append((gid, pen + dx, 740 + dy))
            pen += adv
    # carriers (invisible glyphs holding text for extraction) are the font's empty glyph
    empties = {subset.load(font_index(FONTS)[r.font_key]).empty_glyph for r in line.runs}
    got = [(g, x, y) for _, g, x, y, _ in drawn]
    got_ink = [d for d in got if d[0] not in empties]
    want_ink = [w for w in want if w[0] not in empties]
    assert [g for g, _, _ in got_ink] == [g for g, _, _ in want_ink]
    for (g, x, y), (_, wx, wy) in zip(got_ink, want_ink, strict=True):
        assert abs(x - wx) < 0.01 and abs(y - wy) < 0.01, (g, x, y, wx, wy)


def test_colour_and_fake_bold():
    run = shape("NotoSansCJKsc-Regular-kitgen", "粗体", color=(0.8, 0.1, 0.2), fake_bold=True)
    buf = io.BytesIO()
    canvas = Canvas(buf, invariant=1, pageCompression=0)
    fonts = PdfFonts(canvas, FONTS)
    fonts.draw_run(run, 50, 700)
    fonts.draw_run(GlyphRun(**{**run.__dict__, "fake_bold": False}), 50, 600)
    fonts.finish()
    canvas.save()
    content = buf.getvalue().decode("latin-1")
    stroke = f"{round(14 * FAKE_BOLD_STROKE, 3):g}"
    assert f"0.8 0.1 0.2 rg\n0.8 0.1 0.2 RG {stroke} w 2 Tr\n" in content
    assert "0.8 0.1 0.2 rg\n0 Tr\n" in content


# -- fonts, ToUnicode, widths -------------------------------------------------------------------


def test_drawing_caches_never_change_what_a_document_writes():
    """Plans, codes and drawn text are kept across documents (the same run objects drawn
    again, as in a batch): a document's bytes must not depend on what was drawn before it,
    even where its fonts get other resource names at the same place on the page."""
    from kitgen.pdf.fonts import clear_run_caches

    latin = make_line(PIECES["latin-vi-cyrillic"], "ltr")
    arabic = make_line(PIECES["same-glyph-two-texts"], "rtl")

    def page(latin_first: bool) -> bytes:
        buf = io.BytesIO()
        canvas = Canvas(buf, invariant=1, pagesize=(612, 792))
        fonts = PdfFonts(canvas, FONTS)
        if latin_first:
            fonts.draw_line(latin, 50, 600, "ltr")
        fonts.draw_line(arabic, 50, 740, "rtl")  # the same place in both
        fonts.finish()
        canvas.save()
        return buf.getvalue()

    clear_run_caches()
    alone = page(False)
    clear_run_caches()
    after_latin_cold = page(True)
    clear_run_caches()
    assert page(False) == alone  # now the caches hold the Arabic runs drawn with /KG1
    after_latin = page(True)
    assert after_latin == after_latin_cold
    assert page(False) == alone
    content = PdfReader(io.BytesIO(after_latin)).pages[0].get_contents().get_data().decode()
    assert "/KG2" in content


def test_repeated_glyph_with_other_text_gets_its_own_code():
    pdf = build([(make_line(PIECES["same-glyph-two-texts"], "rtl"), "rtl")])
    reader = PdfReader(io.BytesIO(pdf))
    fonts = reader.pages[0]["/Resources"]["/Font"]
    naskh = next(f.get_object() for f in fonts.values() if "Naskh" in f.get_object()["/BaseFont"])
    cid = naskh["/DescendantFonts"][0].get_object()
    assert cid["/CIDToGIDMap"] != "/Identity"  # a spare code maps back to the glyph
    cmap = naskh["/ToUnicode"].get_object().get_data().decode()
    assert "<0628>" in cmap and "<064E>" in cmap  # beh, fatha


def test_latin_only_document_keeps_identity_cid_to_gid_map():
    # every glyph is its character's own (no ligature such as "ffi", which gets a spare code)
    pieces = [(NS, "Chuẩn bị khẩn cấp — Готовность, “AVA” school", False, "Latn", "vi")]
    pdf = build([(make_line(pieces, "ltr"), "ltr")])
    fonts = PdfReader(io.BytesIO(pdf)).pages[0]["/Resources"]["/Font"]
    type0 = [f.get_object() for f in fonts.values() if f.get_object()["/Subtype"] == "/Type0"]
    assert [f["/DescendantFonts"][0].get_object()["/CIDToGIDMap"] for f in type0] == ["/Identity"]
    descriptor = type0[0]["/DescendantFonts"][0].get_object()["/FontDescriptor"].get_object()
    assert descriptor["/Ascent"] == 1069 and descriptor["/Descent"] == -293
    assert descriptor["/CapHeight"] == 714 and descriptor["/Flags"] == 4
    assert list(descriptor["/FontBBox"])[0] < 0 and descriptor["/ItalicAngle"] == 0


def test_w_array_is_compact():
    widths = {1: 500, 2: 600, 3: 600, 4: 600, 5: 700, 9: 1000, 10: 250, 20: 1000}
    out = _w_array(widths, 1000)
    flat = [list(v.sequence) if hasattr(v, "sequence") else v for v in out]
    assert flat == [1, [500], 2, 4, 600, 5, [700], 10, [250]]


# -- the subsetter ------------------------------------------------------------------------------


def _checksum(data: bytes) -> int:
    data += b"\0" * (-len(data) % 4)
    return sum(int.from_bytes(data[i : i + 4], "big") for i in range(0, len(data), 4)) & 0xFFFFFFFF


@pytest.mark.parametrize(
    "key", ["NotoSans-Regular", "NotoSansCJKkr-Regular-kitgen", "NotoSansBengali-Bold"]
)
def test_subset_keeps_glyph_ids_outlines_and_metrics(key):
    path = font_index(FONTS)[key]
    src = subset.load(path)
    original = TTFont(path)
    order = original.getGlyphOrder()
    composites = [g for g, n in enumerate(order[:2000]) if original["glyf"][n].isComposite()][:20]
    keep = sorted({5, 17, 42, 300, *composites})
    data = src.subset(keep)
    assert data == src.subset(reversed(keep))  # deterministic, order-free
    assert _checksum(data) == 0xB1B0AFBA  # head.checkSumAdjustment
    font = TTFont(io.BytesIO(data), checkChecksums=2)
    sub_order = font.getGlyphOrder()
    closure = src.closure(keep)
    assert font["maxp"].numGlyphs == max(closure) + 1
    for gid in range(font["maxp"].numGlyphs):
        glyph = font["glyf"][sub_order[gid]]
        if gid in closure:
            want = original["glyf"][order[gid]]
            assert glyph.numberOfContours == want.numberOfContours
            if want.numberOfContours > 0:
                assert list(glyph.coordinates) == list(want.coordinates)
            assert font["hmtx"][sub_order[gid]] == original["hmtx"][order[gid]]
        else:
            assert glyph.numberOfContours == 0
    for gid in composites:
        for comp in original["glyf"][order[gid]].components:
            assert original.getGlyphID(comp.glyphName) in closure
    assert set(font.keys()) <= {"GlyphOrder", "head", "hhea", "maxp", "hmtx", "loca", "glyf",
                                "cvt ", "fpgm", "prep"}  # fmt: skip


def test_subset_is_fast():
    cjk = subset.load(font_index(FONTS)["NotoSansCJKtc-Regular-kitgen"])
    latin = subset.load(font_index(FONTS)["NotoSans-Regular"])
    gids = list(range(1000, cjk.num_glyphs, cjk.num_glyphs // 300))[:300]

    def best(font, glyphs):
        times = []
        for _ in range(5):
            t = time.perf_counter()
            font.subset(glyphs)
            times.append(time.perf_counter() - t)
        return min(times)

    assert best(cjk, gids) < 0.030
    assert best(latin, range(1, 120)) < 0.005


def test_load_rejects_cff_and_caches(tmp_path):
    assert subset.load(font_index(FONTS)["NotoSans-Regular"]) is subset.load(
        FONTS / "NotoSans-Regular.ttf"
    )
    otf = tmp_path / "cff.otf"
    otf.write_bytes(b"OTTO" + bytes(200))
    with pytest.raises(subset.FontFileError, match="CFF"):
        subset.load(otf)


# -- fonts.toml and the shipped files -----------------------------------------------------------


def test_fonts_toml_describes_every_shipped_file():
    entries = tomllib.loads((FONTS / "fonts.toml").read_text(encoding="utf-8"))["font"]
    keys = [e["key"] for e in entries]
    assert len(keys) == len(set(keys))
    assert {p.name for p in FONTS.glob("*.ttf")} == {e["file"] for e in entries}
    total = 0
    for e in entries:
        path = FONTS / e["file"]
        data = path.read_bytes()
        total += len(data)
        assert e["key"] == path.stem and e["license"] == "OFL-1.1"
        assert hashlib.sha256(data).hexdigest() == e["sha256"]
        assert e["size"] == len(data)
        assert subset.load(path).num_glyphs == e["glyphs"]  # TrueType outlines
        assert 1.3 <= e["line_height"] <= 2.5
        assert e["scripts"] and e["source"].startswith("Debian fonts-noto-")
        assert isinstance(e["bold"], bool) and e["version"]
    assert total < 60_000_000
    langs = {e["key"]: e.get("langs") for e in entries}
    assert langs["NotoSansCJKsc-Regular-kitgen"] == ["zh-Hans"]
    assert langs["NotoSansCJKtc-Regular-kitgen"] == ["zh-Hant"]
    assert langs["NotoSansCJKjp-Regular-kitgen"] == ["ja"]
    assert langs["NotoSansCJKkr-Regular-kitgen"] == ["ko"]
    # Noto Sans (digits, punctuation) comes after every script font
    assert keys.index("NotoSans-Regular") > max(
        i for i, e in enumerate(entries) if not e["key"].startswith("NotoSans-")
    )
    digits = {e["key"] for e in entries if e["lacks_digits"]}
    assert digits == {f"NotoSans{s}-{w}" for s in ("Hebrew", "Khmer", "Myanmar", "Ethiopic")
                      for w in ("Regular", "Bold")}  # fmt: skip
    assert (FONTS / "OFL.txt").read_text().count("SIL OPEN FONT LICENSE Version 1.1") == 1


def test_cjk_faces_have_their_regions_glyph_forms():
    """次, 述 and 化 are drawn differently in China, Taiwan, Japan and Korea."""
    outlines = []
    for key in ("sc", "tc", "jp", "kr"):
        font = TTFont(FONTS / f"NotoSansCJK{key}-Regular-kitgen.ttf")
        glyf = font["glyf"]
        cmap = font.getBestCmap()
        outlines.append(tuple(tuple(glyf[cmap[ord(c)]].coordinates) for c in "次述化"))
        assert ord("똠") in cmap if key == "kr" else True  # all 11,172 syllables
    assert len(set(outlines)) == 4


def test_font_metrics():
    assert font_metrics("NotoSans-Regular", FONTS) == (1000, 1069, -293)
    assert font_metrics("NotoNastaliqUrdu-Regular", FONTS) == (1000, 1904, -596)
    with pytest.raises(ContentError):
        font_metrics("NoSuchFont", FONTS)


def test_bad_runs_are_refused():
    buf = io.BytesIO()
    fonts = PdfFonts(Canvas(buf, invariant=1), FONTS)
    run = shape(NS, "ok")
    with pytest.raises(ValueError, match="out of range"):
        fonts.draw_run(GlyphRun(**{**run.__dict__, "glyphs": (1, 99999)}), 0, 0)
    with pytest.raises(ValueError, match="length"):
        fonts.draw_run(GlyphRun(**{**run.__dict__, "texts": ("ok",)}), 0, 0)
    with pytest.raises(ContentError):
        fonts.draw_run(GlyphRun(**{**run.__dict__, "font_key": "Nope"}), 0, 0)


def test_line_emission_order():
    def run(name, rtl):
        return GlyphRun(name, 10, (0, 0, 0), 0, (), (), (), (), rtl=rtl)

    l1, l2, r1, r2, r3 = (
        run("l1", False),
        run("l2", False),
        run("r1", True),
        run("r2", True),
        run("r3", True),
    )  # noqa: E501
    assert line_emission_order((l1, r2, r1, l2), "ltr") == [l1, r1, r2, l2]
    assert line_emission_order((r3, l1, l2, r2, r1), "rtl") == [r1, r2, l1, l2, r3]


# -- look -----------------------------------------------------------------------------------------


@pytest.mark.skipif(not shutil.which("pdftoppm"), reason="poppler-utils missing")
def test_renders(tmp_path):
    """Renders without errors; the PNG (under the temporary directory) is for looking at."""
    pdf = tmp_path / "all.pdf"
    pdf.write_bytes(all_scripts_pdf())
    out = subprocess.run(
        ["pdftoppm", "-r", "100", "-png", "-f", "1", "-l", "1", str(pdf), str(tmp_path / "all")],
        capture_output=True,
        text=True,
    )
    assert out.returncode == 0 and not out.stderr, out.stderr
    assert (tmp_path / "all-1.png").stat().st_size > 20_000


def test_remembered_compression_and_numbers_write_what_reportlab_would():
    """The page streams' Flate filter and reportlab's number formatter remember their answers
    (kitgen.pdf.draw): the same bytes as reportlab's own, for every input, every time."""
    import zlib

    from reportlab.lib import rl_accel
    from reportlab.pdfbase import pdfdoc
    from reportlab.pdfgen import canvas as rl_canvas

    from kitgen.pdf import draw

    flate = draw._RememberingFlate()
    for data in (b"", b"1 0 0 1 72 700 Tm" * 50, "q 0 g Q", bytes(range(256)) * 9):
        raw = data.encode("utf8") if isinstance(data, str) else data
        assert flate.encode(data) == zlib.compress(raw) == flate.encode(data)
    assert pdfdoc.PDFZCompress.pdfname == "FlateDecode"
    original = rl_accel._py_fp_str
    assert rl_canvas.fp_str is not original  # the remembering one is in use
    for numbers in [(1,), (1.0,), (0.5, 0.25), (-0.0,), (1e-9, 123456.789), (612, 792.0)]:
        assert rl_canvas.fp_str(*numbers) == original(*numbers) == rl_canvas.fp_str(*numbers)
    assert rl_canvas.fp_str([1.5, 2]) == original([1.5, 2])  # the list form


def test_a_font_files_harfbuzz_face_maps_the_file_it_was_read_from(tmp_path):
    """Which glyph a character maps to is answered alike whether HarfBuzz maps the file the
    font was read from, or takes the bytes read (no file, or a file changed since)."""
    from kitgen.pdf import fonts as pdf_fonts

    source = subset.load(FONTS / "NotoSans-Regular.ttf")
    assert source.path is not None
    files = []
    for name in ("same.ttf", "changed.ttf"):
        (tmp_path / name).write_bytes(source.data)
        files.append(subset.load(tmp_path / name))
    (tmp_path / "changed.ttf").write_bytes(source.data[:-4])  # changed after it was read
    files.append(subset.TrueTypeFile(source.data, "bytes"))  # no file
    want = [pdf_fonts._hb_font(source).get_nominal_glyph(ord(c)) for c in "Aé€"]
    for file in files:
        assert [pdf_fonts._hb_font(file).get_nominal_glyph(ord(c)) for c in "Aé€"] == want
        assert pdf_fonts._nominal_gids(file) == pdf_fonts._nominal_gids(source)
