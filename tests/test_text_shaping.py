"""Per script, with the shipped fonts: set lines carry exactly HarfBuzz's glyphs for the run."""

from __future__ import annotations

import pytest
import uharfbuzz as hb

from kitgen.text import Span, TextStyle, Typesetter, default_library
from kitgen.text.shaping import cache_info, shape


@pytest.fixture(scope="module")
def ts() -> Typesetter:
    return Typesetter()


def reference(font_key: str, text: str, direction: str, script: str, lang: str) -> list[int]:
    """Glyph ids HarfBuzz gives for ``text``, shaped directly (no kitgen code involved)."""
    font = default_library()[font_key]
    buf = hb.Buffer()
    buf.add_str(text)
    buf.direction = direction
    buf.script = script
    buf.language = lang
    buf.flags = hb.BufferFlags.REMOVE_DEFAULT_IGNORABLES
    hb.shape(font.hb_font, buf, {})
    return [i.codepoint for i in buf.glyph_infos]


CASES = [
    # lang, text, font, direction, script, HarfBuzz language
    ("ar", "بِسْمِ اللَّهِ لا إِلَٰهَ", "NotoNaskhArabic-Regular", "rtl", "Arab", "ar"),
    ("fa", "شماره خانه ما یک", "NotoNaskhArabic-Regular", "rtl", "Arab", "fa"),
    ("prs", "شماره تیلفون شما", "NotoNaskhArabic-Regular", "rtl", "Arab", "fa"),
    ("ps", "زه پښتو ژبه وایم", "NotoNaskhArabic-Regular", "rtl", "Arab", "ps"),
    ("ur", "اردو زبان میں خوش آمدید", "NotoNastaliqUrdu-Regular", "rtl", "Arab", "ur"),
    ("he", "שָׁלוֹם עוֹלָם", "NotoSansHebrew-Regular", "rtl", "Hebr", "he"),
    ("bn", "ক্ষমা করবেন কি", "NotoSansBengali-Regular", "ltr", "Beng", "bn"),
    ("ne", "नेपाली भाषा क्षेत्र", "NotoSansDevanagari-Regular", "ltr", "Deva", "ne"),
    ("km", "ភាសាខ្មែរ ស្ត្រី", "NotoSansKhmer-Regular", "ltr", "Khmr", "km"),
    ("my", "မြန်မာ ကျွန်တော်", "NotoSansMyanmar-Regular", "ltr", "Mymr", "my"),
    ("am", "ሰላም ነው", "NotoSansEthiopic-Regular", "ltr", "Ethi", "am"),
    ("ti", "ሰላም እዩ", "NotoSansEthiopic-Regular", "ltr", "Ethi", "ti"),
    ("vi", "Nguyễn Thị Ánh", "NotoSans-Regular", "ltr", "Latn", "vi"),
    ("zh-Hans", "紧急联系人", "NotoSansCJKsc-Regular-kitgen", "ltr", "Hani", "zh-Hans"),
    ("zh-Hant", "緊急聯絡人", "NotoSansCJKtc-Regular-kitgen", "ltr", "Hani", "zh-Hant"),
    ("ja", "緊急連絡先", "NotoSansCJKjp-Regular-kitgen", "ltr", "Hani", "ja"),
    ("ko", "비상 연락처", "NotoSansCJKkr-Regular-kitgen", "ltr", "Hang", "ko"),
]


@pytest.mark.parametrize(("lang", "text", "font", "direction", "script", "hb_lang"), CASES)
def test_glyphs_equal_harfbuzz(ts, lang, text, font, direction, script, hb_lang):
    para = ts.set([Span(text)], 1000, lang=lang)
    assert len(para.lines) == 1
    (line,) = para.lines
    assert [r.font_key for r in line.runs] == [font]
    (run,) = line.runs
    assert run.rtl == (direction == "rtl")
    assert list(run.glyphs) == reference(font, text, direction, script, hb_lang)
    assert isinstance(run.glyphs, tuple) and isinstance(run.advances, tuple)
    assert 0 not in run.glyphs  # no .notdef
    assert len(run.advances) == len(run.glyphs) == len(run.offsets) == len(run.texts)
    assert run.width == pytest.approx(line.width)
    # texts cover the text exactly once (in logical order for LTR, reversed for RTL)
    texts = run.texts[::-1] if run.rtl else run.texts
    assert "".join(texts) == text


def test_arabic_harakat_are_positioned_marks(ts):
    (line,) = ts.set([Span("بِسْمِ")], 500, lang="ar").lines
    (run,) = line.runs
    # marks: zero advance, moved off the pen position
    marks = [k for k, a in enumerate(run.advances) if a == 0]
    assert len(marks) >= 3
    assert any(run.offsets[k] != (0.0, 0.0) for k in marks)


def test_lam_alef_takes_its_joined_forms(ts):
    (line,) = ts.set([Span("لا")], 500, lang="ar").lines
    (run,) = line.runs
    isolated = reference("NotoNaskhArabic-Regular", "ل", "rtl", "Arab", "ar") + reference(
        "NotoNaskhArabic-Regular", "ا", "rtl", "Arab", "ar"
    )
    assert sorted(run.glyphs) != sorted(isolated)
    assert list(run.glyphs) == reference("NotoNaskhArabic-Regular", "لا", "rtl", "Arab", "ar")


@pytest.mark.parametrize("lang", ["fa", "prs"])
def test_persian_digits_read_left_to_right_in_naskh(ts, lang):
    (line,) = ts.set([Span("شماره ۱۲۳ خانه")], 500, lang=lang).lines
    digits = [r for r in line.runs if not r.rtl]
    assert len(digits) == 1 and digits[0].font_key == "NotoNaskhArabic-Regular"
    assert [t for t in digits[0].texts if t] == ["۱", "۲", "۳"]
    assert 0 not in digits[0].glyphs


def test_urdu_is_nastaliq_with_double_leading(ts):
    para = ts.set([Span("اردو زبان میں خوش آمدید")], 500, lang="ur", direction="rtl")
    (line,) = para.lines
    (run,) = line.runs
    assert run.font_key == "NotoNastaliqUrdu-Regular"
    assert all(g != 0 for g in run.glyphs) and run.width > 0
    assert line.height / 11.0 == pytest.approx(2.0, abs=0.25)


def test_bengali_conjunct_and_prebase_vowel(ts):
    (line,) = ts.set([Span("ক্ষ কি")], 500, lang="bn").lines
    (run,) = line.runs
    ref = reference("NotoSansBengali-Regular", "ক্ষ কি", "ltr", "Beng", "bn")
    assert list(run.glyphs) == ref
    # conjunct: three code points, fewer glyphs; pre-base ি drawn before ক in the cluster
    assert len(reference("NotoSansBengali-Regular", "ক্ষ", "ltr", "Beng", "bn")) < 3
    cluster_texts = [t for t in run.texts if t]
    assert "কি" in cluster_texts


def test_cjk_bold_is_synthesised(ts):
    (line,) = ts.set([Span("紧急", TextStyle(bold=True))], 500, lang="zh-Hans").lines
    (run,) = line.runs
    assert run.font_key == "NotoSansCJKsc-Regular-kitgen" and run.fake_bold
    (line,) = ts.set([Span("Bold", TextStyle(bold=True))], 500, lang="es").lines
    assert line.runs[0].font_key == "NotoSans-Bold" and not line.runs[0].fake_bold


def test_points_scale_with_size(ts):
    (small,) = ts.set([Span("Emergency", TextStyle(size=10))], 500, lang="en").lines
    (big,) = ts.set([Span("Emergency", TextStyle(size=20))], 500, lang="en").lines
    assert big.width == pytest.approx(2 * small.width)
    assert big.runs[0].glyphs == small.runs[0].glyphs


def test_shaping_is_cached():
    font = default_library()["NotoSans-Regular"]
    before = cache_info().hits
    a = shape(font, "Teléfono de emergencia", False, "Latn", "es")
    b = shape(font, "Teléfono de emergencia", False, "Latn", "es")
    assert a is b and cache_info().hits > before
