"""Fonts: the library index, fallback stacks, per-cluster fallback and no silent tofu."""

from __future__ import annotations

from pathlib import Path

import pytest

from kitgen.errors import KitgenError, TypesetError
from kitgen.resources import data_dir
from kitgen.text import FontLibrary, Span, TextStyle, Typesetter, default_library


@pytest.fixture(scope="module")
def ts() -> Typesetter:
    return Typesetter()


def fonts_of(ts, spans, lang, width=2000.0) -> list[tuple[str, str]]:
    """(font key, text) of each run, in visual order."""
    para = ts.set(spans, width, lang=lang)
    return [
        (r.font_key, "".join(r.texts[::-1] if r.rtl else r.texts))
        for line in para.lines
        for r in line.runs
    ]


def keys(stack) -> list[str]:
    return [f.key for f in stack]


def test_stacks():
    lib = default_library()
    assert keys(lib.stack("es"))[0] == "NotoSans-Regular"
    assert keys(lib.stack("es", bold=True))[0] == "NotoSans-Bold"
    assert keys(lib.stack("ar"))[:2] == ["NotoNaskhArabic-Regular", "NotoSans-Regular"]
    assert keys(lib.stack("ur"))[:3] == [
        "NotoNastaliqUrdu-Regular",
        "NotoNaskhArabic-Regular",
        "NotoSans-Regular",
    ]
    assert keys(lib.stack("prs"))[0] == "NotoNaskhArabic-Regular"
    assert keys(lib.stack("zh-Hans"))[:2] == ["NotoSansCJKsc-Regular-kitgen", "NotoSans-Regular"]
    assert keys(lib.stack("zh-TW"))[0] == "NotoSansCJKtc-Regular-kitgen"
    assert keys(lib.stack("zh-Hant-HK"))[0] == "NotoSansCJKtc-Regular-kitgen"
    assert keys(lib.stack("zh"))[0] == "NotoSansCJKsc-Regular-kitgen"
    assert keys(lib.stack("ja-JP"))[0] == "NotoSansCJKjp-Regular-kitgen"
    assert keys(lib.stack("ko"))[0] == "NotoSansCJKkr-Regular-kitgen"
    assert keys(lib.stack("ko", bold=True))[0] == "NotoSansCJKkr-Regular-kitgen"
    assert keys(lib.stack("ti"))[0] == "NotoSansEthiopic-Regular"
    # every family once, everything available as a last resort
    for lang in ("es", "ar", "ja"):
        stack = lib.stack(lang)
        assert len({f.family for f in stack}) == len(stack) == len({f.family for f in lib.fonts})
    # Nastaliq only as a last resort outside Urdu
    assert keys(lib.stack("ar")).index("NotoNastaliqUrdu-Regular") > keys(lib.stack("ar")).index(
        "NotoSansEthiopic-Regular"
    )


def test_fonts_load_once_and_lazily(tmp_path: Path):
    src = data_dir("fonts")
    (tmp_path / "fonts.toml").write_text(
        "[[font]]\n"
        'key = "NotoSans-Regular"\n'
        f'file = "{(src / "NotoSans-Regular.ttf").as_posix()}"\n'
        'family = "Noto Sans"\nbold = false\nscripts = ["Latn"]\nline_height = 1.3\n'
        "provenance = 'ignored'\n"
    )
    lib = FontLibrary(tmp_path)
    (font,) = lib.fonts
    assert not font._loaded
    assert font.upem == 1000 and font.ascender > 0 and font.descender > 0
    assert font.hb_font is font.hb_font and ord("A") in font.cmap
    assert keys(lib.stack("ar")) == ["NotoSans-Regular"]
    other = FontLibrary(tmp_path, tmp_path / "fonts.toml")
    assert other.fonts[0].key == "NotoSans-Regular"


def test_chinese_name_inside_english_uses_the_cjk_face(ts):
    runs = fonts_of(ts, [Span("Student: "), Span("王小明", isolate="auto")], "en")
    assert ("NotoSansCJKsc-Regular-kitgen", "王小明") in runs
    assert runs[0] == ("NotoSans-Regular", "Student: ")


def test_amharic_name_inside_spanish_falls_back_to_ethiopic(ts):
    runs = fonts_of(ts, [Span("Nombre: "), Span("አበበ በቀለ", isolate="auto"), Span(".")], "es")
    assert ("NotoSansEthiopic-Regular", "አበበ በቀለ") in runs


def test_latin_and_punctuation_inside_arabic_go_to_noto_sans(ts):
    runs = fonts_of(ts, [Span("المدرسة (Lincoln School) رقم 12")], "ar")
    by_font = {}
    for key, text in runs:
        by_font.setdefault(key, []).append(text)
    latin = "".join(by_font["NotoSans-Regular"])
    assert "Lincoln School" in latin and "(" in latin and ")" in latin
    # a bare number keeps the Arabic font, which has digits (not "-()")
    assert "المدرسة" in "".join(by_font["NotoNaskhArabic-Regular"])
    assert "12" in "".join(by_font["NotoNaskhArabic-Regular"])


def test_digits_without_glyphs_in_the_script_font_fall_back(ts):
    for lang, text, script_font in [
        ("he", "כיתה 12", "NotoSansHebrew-Regular"),
        ("km", "ថ្នាក់ទី 12", "NotoSansKhmer-Regular"),
        ("my", "အတန်း 12", "NotoSansMyanmar-Regular"),
        ("am", "ክፍል 12", "NotoSansEthiopic-Regular"),
    ]:
        runs = fonts_of(ts, [Span(text)], lang)
        assert ("NotoSans-Regular", "12") in runs or any(
            k == "NotoSans-Regular" and "12" in t for k, t in runs
        ), (lang, runs)
        assert any(k == script_font for k, _ in runs)


def test_a_phone_number_keeps_one_font(ts):
    runs = fonts_of(ts, [Span("اتصل (617) 555-0100")], "ar")
    assert ("NotoSans-Regular", "(617) 555-0100") in runs


def test_combining_marks_stay_with_their_base(ts):
    runs = fonts_of(ts, [Span("Nguyễn e\u0301 नमस्ते")], "vi")
    assert runs[0][0] == "NotoSans-Regular" and "e\u0301" in runs[0][1]
    assert ("NotoSansDevanagari-Regular", "नमस्ते") in runs


def test_emoji_raise_with_the_code_point(ts):
    with pytest.raises(TypesetError) as info:
        ts.set([Span("Contacto 😀")], 300, lang="es")
    assert "U+1F600" in str(info.value) and "😀" in str(info.value)
    assert info.value.char == "😀"
    assert isinstance(info.value, KitgenError)


def test_unprintable_characters_raise_even_inside_rtl(ts):
    with pytest.raises(TypesetError) as info:
        ts.set([Span("سلام \U0001d11e")], 300, lang="ar")  # G CLEF: in no shipped font
    assert info.value.char == "\U0001d11e" and "U+1D11E" in str(info.value)


@pytest.mark.parametrize(
    "text",
    [
        "a\u200db",  # ZWJ
        "a\u200cb",  # ZWNJ
        "co\u00adoperate",  # soft hyphen
        "\ufeffBOM",  # zero width no-break space
        "a\u2060b",  # word joiner
        "a\ufe0fb",  # variation selector
        "می\u200cخواهم",  # ZWNJ inside Persian
        "a\u200bb",  # zero width space
        "\u061c\u200e\u200fx",  # bidi marks
    ],
)
def test_default_ignorables_never_raise(ts, text):
    para = ts.set([Span(text)], 300, lang="fa" if "م" in text else "en")
    for line in para.lines:
        for run in line.runs:
            assert 0 not in run.glyphs


def test_tab_is_a_space(ts):
    para = ts.set([Span("a\tb")], 300, lang="en")
    assert all(0 not in r.glyphs for r in para.lines[0].runs)


def test_line_metrics_come_from_the_fonts_used(ts):
    latin = ts.set([Span("abc")], 300, lang="en").lines[0]
    mixed = ts.set([Span("abc "), Span("اردو")], 300, lang="ur").lines[0]
    assert mixed.height > latin.height and mixed.ascent > latin.ascent
    lead = ts.set([Span("abc", TextStyle(leading=3.0))], 300, lang="en").lines[0]
    assert lead.height == pytest.approx(33.0)
