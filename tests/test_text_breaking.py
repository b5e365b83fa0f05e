"""Line breaking: UAX #14 opportunities with CJK kinsoku, Korean keep-all, Khmer and Burmese
dictionaries, hard newlines, emergency breaks, and lines that never overflow."""

from __future__ import annotations

import random
import re
from dataclasses import replace

import pytest

from kitgen.errors import KitgenError, TypesetError
from kitgen.text import Span, TextStyle, Typesetter
from kitgen.text.breaking import grapheme_boundaries, kinsoku_violations, line_breaks
from kitgen.text.engine import NUMBER_MIN_SIZE


@pytest.fixture(scope="module")
def ts() -> Typesetter:
    return Typesetter()


def line_texts(para) -> list[str]:
    """Logical text of each line of a left-to-right paragraph."""
    return ["".join(t for r in line.runs for t in r.texts) for line in para.lines]


def line_starts(text: str, para) -> list[int]:
    """Offset in ``text`` where each line starts (LTR paragraphs)."""
    starts, pos = [], 0
    for lt in line_texts(para):
        pos = text.index(lt, pos)
        starts.append(pos)
        pos += len(lt)
    return starts


def assert_fits(para, width: float) -> None:
    for line in para.lines:
        clusters = sum(1 for r in line.runs for t in r.texts if t)
        assert line.width <= width + 1e-6 or clusters == 1, (line.width, width)


ZH = (
    "紧急情况下，请立即拨打９１１。学校的电话号码是（６１７）５５５－０１００，"
    "请把它写在「家庭紧急计划」里。孩子们应该知道：父母的姓名、地址和电话！"
    "如果您有问题，请联系学校的联络员；我们会帮助您。"
)
JA = (
    "緊急の時は、すぐに９１１に電話してください。学校の電話番号は（６１７）５５５－０１００です。"
    "「家族の緊急計画」に書いておきましょう。子どもは、ちょっとした情報――両親の名前、住所、電話番号――を"
    "覚えておく必要があります！わからないことがあれば、学校の連絡係にご連絡ください。"
)


@pytest.mark.parametrize(("lang", "text"), [("zh-Hans", ZH), ("zh-Hant", ZH), ("ja", JA)])
@pytest.mark.parametrize("chars_per_line", [3, 4, 5, 6, 7, 9, 13])
def test_kinsoku(ts, lang, text, chars_per_line):
    width = 11.0 * chars_per_line + 0.5
    para = ts.set([Span(text)], width, lang=lang)
    lines = line_texts(para)
    assert "".join(lines) == text
    assert kinsoku_violations(lines) == []
    assert_fits(para, width)


def test_kinsoku_checker_finds_violations():
    assert kinsoku_violations(["你好", "，世界「", "好"]) == [(1, "，", "start"), (1, "「", "end")]
    assert kinsoku_violations(["ちょっ", "と待っ", "てー"]) == []
    assert kinsoku_violations(["ちょ", "っと"]) == [(1, "っ", "start")]


def test_korean_breaks_only_at_spaces(ts):
    text = "비상시에는 학교 연락 담당자에게 전화하세요. 가족 비상 계획을 함께 만들어 보세요."
    for width in (60, 80, 100, 140):
        para = ts.set([Span(text)], width, lang="ko")
        for start in line_starts(text, para)[1:]:
            assert text[start - 1] == " ", (width, text[start - 5 : start + 5])
        assert_fits(para, width)
    # every word is narrower than 60 pt: no emergency break, every line is whole words
    words = " ".join(line_texts(ts.set([Span(text)], 60, lang="ko"))).split()
    assert all(w in text.split() for w in words)


def test_korean_keep_all_at_the_break_iterator():
    text = "대한민국 서울 1,000원"
    assert [o for o, _ in line_breaks(text, "ko")] == [5, 8, len(text)]


KM = "ភាសាខ្មែរគឺជាភាសាផ្លូវការរបស់ប្រទេសកម្ពុជា។ សូមសរសេរលេខទូរស័ព្ទរបស់អ្នកនៅទីនេះ។"
MY = "မြန်မာဘာသာစကားကိုလေ့လာနေသည်။ ကျွန်တော်တို့မိသားစုအတွက်အရေးပေါ်အစီအစဉ်ကိုပြင်ဆင်ပါ။"


@pytest.mark.parametrize(("lang", "text"), [("km", KM), ("my", MY)])
@pytest.mark.parametrize("width", [70, 90, 120, 200])
def test_khmer_and_burmese_break_at_words_not_clusters(ts, lang, text, width):
    para = ts.set([Span(text)], width, lang=lang)
    assert len(para.lines) > 1
    words = {o for o, _ in line_breaks(text, lang)}
    clusters = set(grapheme_boundaries(text))
    for start in line_starts(text, para)[1:]:
        assert start in words and start in clusters
    assert_fits(para, width)
    assert "".join(line_texts(para)).replace(" ", "") == text.replace(" ", "")


def test_dictionary_words_are_found():
    ends = [o for o, _ in line_breaks(KM, "km")]
    words = [KM[a:b] for a, b in zip([0, *ends], ends)]
    assert "ភាសាខ្មែរ" in words and "ប្រទេស" in words and len(words) > 6  # no spaces between


def test_hard_newlines(ts):
    para = ts.set([Span("one\ntwo\n\nfour")], 500, lang="en")
    assert line_texts(para) == ["one", "two", "", "four"]
    assert para.lines[2].height > 0 and para.lines[2].runs == ()
    para = ts.set([Span("line\u2028break")], 500, lang="en")
    assert line_texts(para) == ["line", "break"]


def test_trailing_spaces_do_not_count(ts):
    one = ts.set([Span("word")], 500, lang="en").lines[0]
    two = ts.set([Span("word   ")], 500, lang="en").lines[0]
    assert one.width == pytest.approx(two.width)
    widest = max(ts.measure([Span(w)], lang="en") for w in ("aaaa", "bbbb"))
    para = ts.set([Span("aaaa bbbb")], widest * 1.01, lang="en")
    assert line_texts(para) == ["aaaa", "bbbb"]


def test_very_long_name_breaks_into_many_lines(ts):
    name = "Wolfeschlegelsteinhausenbergerdorff" * 300  # 10,500 characters, no break
    para = ts.set([Span("Name: "), Span(name, isolate="auto")], 200, lang="en")
    assert len(para.lines) > 100
    assert "".join(line_texts(para)) in ("Name:" + name, "Name: " + name)
    assert_fits(para, 200)


def test_emergency_break_never_splits_a_cluster(ts):
    text = "ক্ষ" * 40 + "e\u0301" * 40  # conjuncts, then e + combining acute
    para = ts.set([Span(text)], 30, lang="bn")
    bounds = set(grapheme_boundaries(text))
    for start in line_starts(text, para)[1:]:
        assert start in bounds
    assert_fits(para, 30)


def test_cluster_wider_than_the_line_gets_its_own_line(ts):
    para = ts.set([Span("WWW")], 3.0, lang="en")
    assert line_texts(para) == ["W", "W", "W"]


def test_widths_never_exceed_the_measure(ts):
    rng = random.Random(7)
    samples = {
        "es": "Si hay una emergencia, llame al 911 y luego a la escuela (617) 555-0100.",
        "ar": "في حالة الطوارئ، اتصل بالرقم 911 ثم بالمدرسة على (617) 555-0100 فوراً.",
        "ur": "ہنگامی صورت میں 911 پر کال کریں اور پھر اسکول کو (617) 555-0100 پر۔",
        "bn": "জরুরি অবস্থায় ৯১১ নম্বরে কল করুন, তারপর স্কুলে (617) 555-0100।",
        "am": "በአደጋ ጊዜ ወደ 911 ይደውሉ፣ ከዚያም ለትምህርት ቤቱ (617) 555-0100።",
        "zh-Hans": "紧急情况下，请拨打911，然后拨打学校电话(617) 555-0100。",
        "vi": "Trong trường hợp khẩn cấp, hãy gọi 911 rồi gọi cho trường (617) 555-0100.",
    }
    at_floor = ts.measure([Span("(617) 555-0100", TextStyle(size=NUMBER_MIN_SIZE))], lang="en")
    for lang, text in samples.items():
        for _ in range(8):
            width = rng.uniform(40, 260)
            size = rng.choice([8, 10, 11, 14])
            try:
                para = ts.set([Span(text, TextStyle(size=size))], width, lang=lang)
            except TypesetError:
                # only a line too narrow for the phone number at 7 pt (with a full stop or
                # bracket attached at the paragraph's size) cannot be set
                assert width < at_floor + size, (lang, width, size)
                continue
            assert_fits(para, width)
            for line in para.lines:
                for run in line.runs:
                    assert 0 not in run.glyphs
                xs = [r.x for r in line.runs]
                assert xs == sorted(xs)
                end = sum(r.width for r in line.runs)
                assert end == pytest.approx(line.width)


@pytest.mark.parametrize("lang", ["en", "ar", "es"])
def test_phone_numbers_are_not_split_when_they_fit(ts, lang):
    text = {
        "en": "Call the school at (617) 555-0100 or the consulate at +503 2555 0100 today.",
        "ar": "اتصل بالمدرسة على (617) 555-0100 أو بالقنصلية على +503 2555 0100 اليوم.",
        "es": "Llame a la escuela al (617) 555-0100 o al consulado al +503 2555 0100 hoy.",
    }[lang]
    number_width = ts.measure([Span("+503 2555 0100")], lang="en")
    for width in (number_width + 1, 90, 120, 150, 200):
        para = ts.set([Span(text)], width, lang=lang)
        drawn = ["".join(t for r in line.runs if not r.rtl for t in r.texts) for line in para.lines]
        assert any("(617) 555-0100" in d for d in drawn), (width, drawn)
        assert any("+503 2555 0100" in d for d in drawn), (width, drawn)
        assert_fits(para, width)


def drawn_lines(para) -> list[str]:
    """The left-to-right text of each line (numbers inside right-to-left text), as drawn."""
    return ["".join(t for r in line.runs if not r.rtl for t in r.texts) for line in para.lines]


def number_sizes(para, number: str) -> list[float]:
    """The sizes of the runs drawing ``number`` (which must be on one line)."""
    for line in para.lines:
        ltr = [r for r in line.runs if not r.rtl]
        if number in "".join(t for r in ltr for t in r.texts):
            return [r.size for r in ltr if any(t and t in number for t in r.texts)]
    raise AssertionError(f"{number} is not on one line")


def test_a_number_wider_than_the_line_is_set_smaller_and_stays_whole(ts):
    """A phone number is never split across lines: wider than its line, it is set smaller
    (the text around it keeps its size), down to 7 pt."""
    width = ts.measure([Span("555-0100")], lang="en") + 1
    para = ts.set([Span("Call (617) 555-0100 today.")], width, lang="en")
    assert line_texts(para)[1] == "(617) 555-0100"
    assert_fits(para, width)
    sizes = number_sizes(para, "(617) 555-0100")
    assert NUMBER_MIN_SIZE <= min(sizes) and max(sizes) < 11.0
    assert {r.size for line in para.lines for r in line.runs} - set(sizes) == {11.0}
    # as large as fits: 0.1 pt more would not
    natural = ts.measure([Span("(617) 555-0100")], lang="en")
    assert natural * (sizes[0] + 0.1) / 11.0 > width


def test_a_number_with_a_full_stop_attached_leaves_room_for_it(ts):
    text = "Call +503 2555 0100."
    width = ts.measure([Span("+503 2555 0100")], lang="en") * 0.8
    para = ts.set([Span(text)], width, lang="en")
    assert line_texts(para) == ["Call", "+503 2555 0100."]
    assert_fits(para, width)
    assert para.lines[1].width > width - 0.5  # the full stop (at 11 pt) counted
    # the number alone fits, with its full stop it does not: set smaller too, never split
    width = ts.measure([Span("+503 2555 0100")], lang="en") + 0.5
    para = ts.set([Span(text)], width, lang="en")
    assert line_texts(para) == ["Call", "+503 2555 0100."]
    assert_fits(para, width)
    assert NUMBER_MIN_SIZE <= min(number_sizes(para, "+503 2555 0100")) < 11.0


@pytest.mark.parametrize(("floor", "size"), [(7.0, 11.0), (8.0, 8.5), (14.0, 15.4)])
def test_a_number_is_never_set_under_its_floor(ts, floor, size):
    style = TextStyle(size=size, min_size=floor)
    at_floor = ts.measure([Span("+503 2555 0100", replace(style, size=floor))], lang="en")
    para = ts.set([Span("+503 2555 0100", style)], at_floor + 0.5, lang="en")
    assert drawn_lines(para) == ["+503 2555 0100"]
    assert floor <= para.lines[0].runs[0].size < floor + 0.1 + 1e-9
    with pytest.raises(TypesetError) as caught:
        ts.set([Span("+503 2555 0100", style)], at_floor - 0.5, lang="en")
    err = caught.value
    assert isinstance(err, KitgenError)
    assert err.number == "+503 2555 0100" and err.floor == floor
    assert "never broken" in str(err) and "2555" not in str(err)


def test_text_already_under_the_floor_is_not_made_larger(ts):
    """English at 7 pt beside 7.5 pt fine print: the floor is the text's own size."""
    style = TextStyle(size=6.5)
    width = ts.measure([Span("(617) 555-0100", style)], lang="en") - 0.5
    with pytest.raises(TypesetError) as caught:
        ts.set([Span("(617) 555-0100", style)], width, lang="en")
    assert caught.value.floor == 6.5


@pytest.mark.parametrize(
    ("lang", "text"),
    [
        ("ar", "اتصل بالمدرسة على (617) 555-0100 أو بالقنصلية على +503 2555 0100 اليوم."),
        ("ar", "خط المساعدة 1-800-USA-LEARN اليوم."),
        ("zh-Hans", "紧急情况下，请拨打学校电话(617) 555-0100，或者领事馆+503 2555 0100。"),
        ("zh-Hans", "帮助热线：1-800-USA-LEARN。"),
        ("ja", "学校の電話番号は(617) 555-0100です。"),
    ],
)
def test_a_number_too_wide_stays_whole_in_right_to_left_and_cjk_text(ts, lang, text):
    numbers = [n for n in ("(617) 555-0100", "+503 2555 0100", "1-800-USA-LEARN") if n in text]
    widest = max(ts.measure([Span(n)], lang="en") for n in numbers)
    for width in (widest * 0.8, widest * 0.9, widest - 1):
        para = ts.set([Span(text)], width, lang=lang)
        assert_fits(para, width)
        drawn = drawn_lines(para)
        for number in numbers:
            assert sum(d.count(number) for d in drawn) == 1, (lang, width, drawn)
            assert min(number_sizes(para, number)) >= NUMBER_MIN_SIZE
    # the drawn order above is the number's own, in Arabic too (never "0100-555 (617)")
    assert para.direction == ("rtl" if lang == "ar" else "ltr")


def test_a_number_too_wide_even_at_the_floor_raises(ts):
    width = ts.measure([Span("(617) 555-0100", TextStyle(size=NUMBER_MIN_SIZE))], lang="en") / 2
    for lang, text in [("en", "Call (617) 555-0100."), ("ar", "اتصل على (617) 555-0100 اليوم")]:
        with pytest.raises(TypesetError, match="7 pt"):
            ts.set([Span(text)], width, lang=lang)


def test_an_address_wider_than_the_line_still_breaks_after_a_slash(ts):
    """Even with a date in it (that looks like a phone number with hyphens)."""
    url = "https://www.example.org/news/2015-03-24/families/emergency-plan"
    width = ts.measure([Span("https://www.example.org/")], lang="en") + 1
    for lang in ("en", "ar"):
        para = ts.set([Span(url)], width, lang=lang)
        lines = line_texts(para) if lang == "en" else drawn_lines(para)
        assert len(lines) > 1 and "".join(lines) == url
        assert all(line[-1] in "/." for line in lines[:-1])
        assert {r.size for line in para.lines for r in line.runs} == {11.0}


PHONE_WORDS = ["800-USA-LEARN", "1-800-USA-LEARN", "866-DHS-2-ICE", "1-800-375-5283"]


@pytest.mark.parametrize("lang", ["en", "es", "ar", "zh-Hans", "km", "my"])
def test_phone_words_never_break_at_their_hyphens_when_they_fit(ts, lang):
    """UAX #14 allows a break after the hyphen of "800-USA" (HY before a letter); a phone
    number written with letters must stay whole (issue 14)."""
    before = {"ar": "خط المساعدة", "zh-Hans": "帮助热线", "km": "ខ្សែជំនួយ", "my": "အကူအညီလိုင်း"}
    for word in PHONE_WORDS:
        text = f"{before.get(lang, 'Language assistance')} ({word}) {word}."
        fits = ts.measure([Span(f"({word})")], lang="en")
        for width in [fits + 1 + 7 * k for k in range(12)]:
            para = ts.set([Span(text)], width, lang=lang)
            drawn = [
                "".join(t for r in line.runs if not r.rtl for t in r.texts) for line in para.lines
            ]
            assert sum(d.count(word) for d in drawn) == 2, (lang, word, width, drawn)
            assert_fits(para, width)


@pytest.mark.parametrize("word", PHONE_WORDS)
def test_a_phone_word_wider_than_the_line_is_set_smaller_not_broken(ts, word):
    """It used to break after a hyphen ("1-800-375-" / "5283"); now it stays whole."""
    width = ts.measure([Span(word)], lang="en") * 0.8
    para = ts.set([Span(f"Call {word} now")], width, lang="en")
    assert line_texts(para) == ["Call", word, "now"]
    assert_fits(para, width)
    assert NUMBER_MIN_SIZE <= min(number_sizes(para, word)) < 11.0


def test_words_with_hyphens_still_break_there(ts):
    """Only phone-like tokens are kept: "5-year-old", "COVID-19" and "long-term" break as before."""
    from kitgen.text.engine import PHONE_WORD_RE

    text = "a 5-year-old, a long-term plan, COVID-19 rules, call 800-USA-LEARN."
    assert [m.group() for m in PHONE_WORD_RE.finditer(text)] == ["800-USA-LEARN"]
    para = ts.set([Span("long-term")], ts.measure([Span("long-")], lang="en") + 1, lang="en")
    assert line_texts(para) == ["long-", "term"]


def test_a_phone_word_in_right_to_left_text_is_one_left_to_right_token():
    from kitgen.text.engine import LRI, PDI, wrap_numbers

    assert wrap_numbers("اتصل على 800-USA-LEARN اليوم") == f"اتصل على {LRI}800-USA-LEARN{PDI} اليوم"


LONG_URL = (
    "https://www.mondaq.com/unitedstates/general-immigration/1577174/"
    "dhs-expands-categories-of-individuals-subject-to-expedited-removal-deportation"
)
QUERY_URL = (
    "https://uscodeweb1.house.gov/view.xhtml?edition=prelim&num=0&req=granuleid%3AUSC-prelim"
    "-title8-section1401"
)


@pytest.mark.parametrize("url", [LONG_URL, QUERY_URL])
def test_a_long_address_part_breaks_after_punctuation_before_between_letters(ts, url):
    """A part of a URL between two "/" or "." longer than the line breaks after its "-", "?",
    "&", "=" or "_" (issue 14, the Sources page), between letters only when a piece between
    those is itself longer than the line."""
    text = f"Source: {url}. Checked 2026-01-15."
    pieces = re.split(r"(?<=[/.\-?&=_])", url)
    widest = max(ts.measure([Span(p, TextStyle(size=8))], lang="en") for p in pieces)
    for width in [widest + 1 + 9 * k for k in range(20)]:
        para = ts.set([Span(text, TextStyle(size=8))], width, lang="en")
        lines = line_texts(para)
        assert "".join(lines).replace(" ", "") == text.replace(" ", "")
        for a, b in zip(lines, lines[1:]):
            if a.split()[-1] + b.split()[0] in url:  # a line ends inside the address
                assert a[-1] in "/.-?&=_", (width, a, b)
        assert_fits(para, width)
    # narrower than its widest piece: between letters there, as before
    para = ts.set([Span(url, TextStyle(size=8))], widest / 2, lang="en")
    assert "".join(line_texts(para)) == url


def test_an_extension_stays_with_its_number(ts):
    """ "(617) 555-0134 ext. 12" is how a Phone prints: one token, set smaller when too wide."""
    number = "+251 91 123 4567 ext. 123456"
    width = ts.measure([Span(number)], lang="en") * 0.8
    para = ts.set([Span(f"Call {number} now.")], width, lang="en")
    assert line_texts(para) == ["Call", number, "now."]
    assert NUMBER_MIN_SIZE <= min(number_sizes(para, number)) < 11.0
    assert_fits(para, width)
