"""Right-to-left and mixed-direction paragraphs: UAX #9 levels, per-line order, isolates."""

from __future__ import annotations

import pytest

from kitgen.text import Span, TextStyle, Typesetter, bidi, default_library
from kitgen.text.engine import wrap_numbers


@pytest.fixture(scope="module")
def ts() -> Typesetter:
    return Typesetter()


def visual(line) -> str:
    """The line's text as drawn, left to right (clusters keep their logical text, so an
    Arabic word reads backwards: compare with :func:`rev`)."""
    return "".join(t for run in line.runs for t in run.texts)


def rev(word: str) -> str:
    return word[::-1]


def one_line(ts, spans, lang, **kw):
    para = ts.set(spans, 2000, lang=lang, **kw)
    assert len(para.lines) == 1
    return para, para.lines[0]


def nominal(font_key: str, ch: str) -> int:
    return default_library()[font_key].hb_font.get_nominal_glyph(ord(ch))


# -- bidi module ------------------------------------------------------------------------------


def test_first_strong_skips_isolates():
    assert bidi.first_strong("123 abc") == "ltr"
    assert bidi.first_strong("123 سلام") == "rtl"
    assert bidi.first_strong("\u2066abc\u2069 سلام") == "rtl"
    assert bidi.first_strong("123 -") is None
    assert bidi.base_level("123", "auto", "rtl") == 1
    assert bidi.base_level("abc", "rtl") == 1


def test_levels_are_per_code_point_with_astral_characters():
    levels, para = bidi.paragraph_levels("\U00010900ab", 0)  # Phoenician (R), then Latin
    assert para == 0 and levels == [1, 0, 0]


def test_l1_resets_trailing_whitespace_and_l2_reverses():
    text = "abc אבג "
    levels, para = bidi.paragraph_levels(text, 1)
    line = bidi.line_levels(text, levels, para, 0, len(text))
    assert line[-1] == 1  # trailing space at paragraph level
    order = bidi.visual_order(text, levels, para, 0, 7)  # the line without its trailing space
    assert "".join(text[i] for i in order) == "גבא abc"


def test_reorder_rule_l2():
    assert bidi.reorder([0, 0, 1, 1, 0]) == [0, 1, 3, 2, 4]
    assert bidi.reorder([1, 2, 2, 1]) == [3, 1, 2, 0]
    assert bidi.reorder([]) == []


def test_wrap_numbers():
    LRI, PDI = "\u2066", "\u2069"
    assert wrap_numbers("اتصل (617) 555-0100.") == f"اتصل {LRI}(617) 555-0100{PDI}."
    assert wrap_numbers("في 2026-11-02 و 11/02/2026") == (
        f"في {LRI}2026-11-02{PDI} و {LRI}11/02/2026{PDI}"
    )
    assert wrap_numbers("+503 2555 0100") == f"{LRI}+503 2555 0100{PDI}"
    assert wrap_numbers("ایمیل a@b.org و www.x.org/a.") == (
        f"ایمیل {LRI}a@b.org{PDI} و {LRI}www.x.org/a{PDI}."
    )
    assert wrap_numbers("10:30 ساعت A-12345") == f"{LRI}10:30{PDI} ساعت {LRI}A-12345{PDI}"
    assert wrap_numbers("سلام") == "سلام"
    # after left-to-right letters the number already stays with them (UAX #9 rule W7);
    # an isolate would cut it off: "(Plyler v. Doe, 1982)" must not become "(1982 ,Plyler v. Doe)"
    assert wrap_numbers("قضية (Plyler v. Doe, 1982)") == "قضية (Plyler v. Doe, 1982)"


def test_a_year_after_a_latin_name_stays_in_order_inside_arabic(ts):
    para, line = one_line(ts, [Span("قضية (Plyler v. Doe, 1982) مهمة")], "ar")
    visual = "".join(t for r in line.runs for t in (r.texts[::-1] if r.rtl else r.texts))
    assert "Plyler v. Doe, 1982" in visual


# -- paragraphs -------------------------------------------------------------------------------


@pytest.mark.parametrize(
    "number", ["(617) 555-0100", "617-555-0100", "+503 2555 0100", "2026-11-02", "11/02/2026"]
)
def test_numbers_inside_arabic_read_left_to_right(ts, number):
    para, line = one_line(ts, [Span(f"اتصل بنا على {number} من فضلك.")], "ar")
    assert para.direction == "rtl"
    assert number in visual(line)
    digits = "".join(c for c in visual(line) if c.isdigit())
    assert digits == "".join(c for c in number if c.isdigit())


def test_phone_and_date_in_one_arabic_sentence(ts):
    _, line = one_line(ts, [Span("اتصل على (617) 555-0100 قبل 2026-11-02 رجاء")], "ar")
    v = visual(line)
    assert "(617) 555-0100" in v and "2026-11-02" in v
    assert "0100-555" not in v
    # Right to left: the phone number (said first) is to the right of the date.
    assert v.index("2026-11-02") < v.index("(617) 555-0100")


def test_brackets_mirror_in_rtl(ts):
    _, line = one_line(ts, [Span("(عالم)")], "ar")
    first, last = line.runs[0], line.runs[-1]
    assert first.font_key == last.font_key == "NotoSans-Regular"  # Naskh has no ()
    assert first.glyphs[0] == nominal("NotoSans-Regular", "(")
    assert last.glyphs[-1] == nominal("NotoSans-Regular", ")")
    # the logical text is kept: the leftmost glyph stands for the closing bracket
    assert first.texts[0] == ")" and last.texts[-1] == "("


def test_bold_span_inside_rtl_keeps_word_order(ts):
    spans = [Span("كلمة "), Span("عريضة", TextStyle(bold=True)), Span(" أخرى")]
    _, line = one_line(ts, spans, "ar")
    words = ["".join(r.texts[::-1]).strip() for r in line.runs]
    assert [w for w in words if w] == ["أخرى", "عريضة", "كلمة"]  # left to right
    bold = [r for r in line.runs if r.font_key == "NotoNaskhArabic-Bold"]
    assert len(bold) == 1 and "".join(bold[0].texts[::-1]) == "عريضة"
    xs = [r.x for r in line.runs]
    assert xs == sorted(xs)


def test_latin_name_inside_arabic_keeps_its_order(ts):
    spans = [Span("اسم الطالب: "), Span("John Smith", isolate="auto"), Span(" في الصف")]
    _, line = one_line(ts, spans, "ar")
    v = visual(line)
    assert "John Smith" in v
    # the name sits between the two Arabic parts: "الصف في" left of it, the label right.
    assert v.index("John Smith") < v.index(rev("الطالب"))
    assert v.index(rev("الصف")) < v.index("John")


def test_arabic_name_inside_english_keeps_its_order(ts):
    spans = [Span("Student: "), Span("محمد علي", isolate="auto"), Span(" (grade 3)")]
    para, line = one_line(ts, spans, "en")
    assert para.direction == "ltr"
    v = visual(line)
    assert v.startswith("Student: ") and v.endswith(" (grade 3)")
    assert v.index(rev("علي")) < v.index(rev("محمد"))  # right to left inside the isolate


def test_hebrew_name_inside_english(ts):
    spans = [Span("Parent: "), Span("שָׁלוֹם כהן", isolate="auto"), Span(", phone 617-555-0100")]
    _, line = one_line(ts, spans, "en")
    v = visual(line)
    assert v.index(rev("כהן")) < v.index("ם") and v.endswith(", phone 617-555-0100")
    assert {r.font_key for r in line.runs} >= {"NotoSansHebrew-Regular", "NotoSans-Regular"}


def test_ltr_isolate_span(ts):
    spans = [Span("هاتف المدرسة: "), Span("617-555-0100 ext. 12", isolate="ltr")]
    _, line = one_line(ts, spans, "ar")
    assert "617-555-0100 ext. 12" in visual(line)


def test_direction_auto_and_alignment(ts):
    para = ts.set([Span("سلام عليكم")], 300, lang="en")  # auto: first strong is Arabic
    assert para.direction == "rtl"
    (line,) = para.lines
    assert line.x == pytest.approx(300 - line.width)  # start = right
    para = ts.set([Span("123")], 300, lang="ar")  # no strong character: the language's
    assert para.direction == "rtl"
    para = ts.set([Span("سلام")], 300, lang="ar", direction="ltr", align="start")
    assert para.direction == "ltr" and para.lines[0].x == 0
    para = ts.set([Span("سلام")], 300, lang="ar", align="end")
    assert para.lines[0].x == 0
    para = ts.set([Span("سلام")], 300, lang="ar", align="center")
    assert para.lines[0].x == pytest.approx((300 - para.lines[0].width) / 2)


def test_rtl_lines_are_in_reading_order(ts):
    words = ["الأولى", "الثانية", "الثالثة", "الرابعة", "الخامسة", "السادسة"]
    para = ts.set([Span(" ".join(words))], 80, lang="ar")
    assert len(para.lines) > 1
    seen = [w for line in para.lines for w in reversed(visual(line).split())]
    assert seen == [rev(w) for w in words]  # top to bottom, each line right to left
    for line in para.lines:
        assert line.x + line.width == pytest.approx(80)


def test_bidi_controls_are_not_drawn(ts):
    _, line = one_line(ts, [Span("a\u202bb\u202cc\u200fd")], "en")
    assert visual(line) == "abcd"


def test_latin_phrase_wrapping_inside_rtl(ts):
    spans = [
        Span("المدرسة هي "),
        Span("Lincoln Elementary School of Boston Public Schools", isolate="auto"),
        Span(" في المدينة"),
    ]
    para = ts.set(spans, 120, lang="ar")
    assert len(para.lines) >= 3
    first = para.lines[0]
    # first line: the Arabic start on the right, the first English word to its left
    assert not first.runs[0].rtl and first.runs[-1].rtl
    english = " ".join("".join(r.texts) for line in para.lines for r in line.runs if not r.rtl)
    assert english == "Lincoln Elementary School of Boston Public Schools"
    assert all(line.width <= 120 + 1e-6 for line in para.lines)
