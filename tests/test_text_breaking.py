"""Line breaking: UAX #14 opportunities with CJK kinsoku, Korean keep-all, Khmer and Burmese
dictionaries, hard newlines, emergency breaks, and lines that never overflow."""

from __future__ import annotations

import random
import re

import pytest

from kitgen.text import Span, TextStyle, Typesetter
from kitgen.text.breaking import grapheme_boundaries, kinsoku_violations, line_breaks


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
    for lang, text in samples.items():
        for _ in range(8):
            width = rng.uniform(40, 260)
            size = rng.choice([8, 10, 11, 14])
            para = ts.set([Span(text, TextStyle(size=size))], width, lang=lang)
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


def test_a_number_wider_than_the_line_breaks_at_its_spaces(ts):
    width = ts.measure([Span("555-0100")], lang="en") + 1
    para = ts.set([Span("(617) 555-0100")], width, lang="en")
    assert line_texts(para) == ["(617)", "555-0100"]


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


def test_a_phone_word_wider_than_the_line_breaks_after_a_hyphen_not_in_a_group(ts):
    width = ts.measure([Span("1-800-375-")], lang="en") + 1
    para = ts.set([Span("1-800-375-5283")], width, lang="en")
    assert line_texts(para) == ["1-800-375-", "5283"]
    width = ts.measure([Span("800-USA-")], lang="en") + 1
    assert line_texts(ts.set([Span("800-USA-LEARN")], width, lang="en")) == ["800-USA-", "LEARN"]


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
