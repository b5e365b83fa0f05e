"""Typesetting details found in review (issue 11): addresses, brackets, list dots, CJK last
lines, which font sets which characters, the direction and side of English and typed values,
Haitian Creole and Hmong dates, the revocation table."""

from __future__ import annotations

import dataclasses
import datetime as dt
from functools import cache

import pytest
from conftest import SAMPLES

from kitgen.content import document as d
from kitgen.content.packet import language_display_name, packet_document
from kitgen.content.regions import region as load_region
from kitgen.family import load_family
from kitgen.i18n import language
from kitgen.layout import layout_document
from kitgen.layout.pages import TextItem
from kitgen.packet import typesetter
from kitgen.text import Span, TextStyle, Typesetter

TS = Typesetter()


def set_lines(text: str, width: float, lang: str = "en", direction: str = "auto") -> list[str]:
    """The logical text of each set line (its glyphs' texts in logical order)."""
    para = TS.set([Span(text, TextStyle(size=10))], width, lang=lang, direction=direction)
    out = []
    for line in para.lines:
        runs = sorted(line.runs, key=lambda r: r.x)
        out.append("".join("".join(r.texts) for r in runs))
    return out


def logical_pieces(text: str, width: float, lang: str) -> list[str]:
    """Which characters of ``text`` each line holds (as a sorted string: order-free)."""
    return ["".join(sorted(line)) for line in set_lines(text, width, lang)]


@cache
def packet_pages(sample: str, lang: str | None = None):
    family = load_family(SAMPLES / f"{sample}.yaml")
    fam_lang = language(lang or family.language)
    doc = packet_document(
        family,
        fam_lang,
        region=load_region(family.region),
        prepared=dt.date(2026, 12, 2),
        draft_note=False,
    )
    return doc, layout_document(doc, typesetter(), paper="letter")


def glyph_runs(pages):
    for page in pages:
        for item in page.items:
            if isinstance(item, TextItem):
                for line in item.para.lines:
                    for run in line.runs:
                        yield item, line, run


# -- e-mail addresses and URLs -------------------------------------------------------------------

ADDRESSES = ("help-desk@my-school-district.org", "https://www.bps-we-dream.org/family-help/")


@pytest.mark.parametrize("width", [150, 170, 200, 240])
def test_addresses_never_break_at_their_hyphens(width):
    text = f"Write to {ADDRESSES[0]} or read {ADDRESSES[1]} for the forms."
    lines = set_lines(text, width)
    for line in lines[:-1]:
        assert not line.rstrip().endswith("-"), lines
    for address in ADDRESSES:
        # each address is on one line, or broken only after "/" or "."
        joined = "\n".join(lines)
        if address not in joined:
            assert any(line.rstrip().endswith(("/", ".")) for line in lines), lines


def test_an_address_is_not_split_in_right_to_left_text():
    text = f"اكتب إلى {ADDRESSES[0]} أو زر الموقع {ADDRESSES[1]} اليوم"
    widest = max(TS.measure([Span(a, TextStyle(size=10))], lang="en") for a in ADDRESSES)
    for width in (widest + 1, widest + 20, widest + 45, widest + 80):
        lines = set_lines(text, width, "ar")
        for address in ADDRESSES:
            assert sum(address in line for line in lines) == 1, lines


def test_a_wider_than_line_address_breaks_after_a_slash_or_dot_without_a_hyphen():
    lines = set_lines("https://www.bps-we-dream.org/family-help/know-your-rights", 110)
    assert len(lines) > 1
    for line in lines[:-1]:
        assert line.endswith(("/", ".")), lines


# -- bracketed English inside Arabic ---------------------------------------------------------------

ASK_BANK = (
    "اسأل البنك الذي تتعامل معه: هل يمكن إضافة شخص بالغ تثق به إلى حسابك، أو إعطاؤه"
    " توكيلاً رسمياً (power of attorney)؟"
)


@pytest.mark.parametrize("width", range(180, 330, 10))
def test_short_bracketed_english_inside_arabic_stays_whole(width):
    lines = set_lines(ASK_BANK, width, "ar")
    assert sum("(power of attorney)" in line for line in lines) == 1, lines


def test_bracketed_english_inside_arabic_keeps_its_brackets_the_right_way():
    para = TS.set([Span(ASK_BANK, TextStyle(size=10))], 1000, lang="ar", direction="rtl")
    (line,) = para.lines
    runs = sorted(line.runs, key=lambda r: r.x)
    drawn = "".join("".join(r.texts) for r in runs)
    # left to right, brackets facing out (not "power of)" ... "(attorney" nor ")power...(")
    assert "(power of attorney)" in drawn
    k = next(i for i, r in enumerate(runs) if "power" in "".join(r.texts))
    assert not runs[k].rtl and not runs[k - 1].rtl and "".join(runs[k - 1].texts) == "("


# -- list dots and CJK last lines ----------------------------------------------------------------


@pytest.mark.parametrize("lang", ["ja", "zh-Hans", "en", "ar"])
def test_no_line_starts_with_a_list_dot(lang):
    text = "電話 (860) 555-0167 · (857) 555-0142 · (857) 555-0199 · (617) 555-0100"
    for width in range(60, 260, 6):
        for line in set_lines(text, width, lang)[1:]:
            assert not line.lstrip().startswith("·"), (width, line)


JA = "子どもが学校にいる間に保護者が戻らない場合は、学校は緊急連絡先に電話します。"


@pytest.mark.parametrize("lang", ["ja", "zh-Hans"])
def test_no_lone_last_character_in_cjk_paragraphs(lang):
    for width in range(60, 400, 5):
        lines = set_lines(JA, width, lang)
        if len(lines) < 2:
            continue
        last = lines[-1].strip().rstrip("。、")
        assert len(last) > 1, (width, lines)


def test_prohibited_characters_still_never_start_a_cjk_line():
    from kitgen.text.breaking import kinsoku_violations

    for width in range(60, 400, 5):
        assert not kinsoku_violations(set_lines(JA, width, "ja"))


# -- which font sets which characters ------------------------------------------------------------


def test_arabic_packet_never_uses_the_urdu_nastaliq_face():
    _, pages = packet_pages("boston-alhusseini-ar")
    used = {run.font_key for _, _, run in glyph_runs(pages)}
    assert not any("Nastaliq" in k for k in used), used
    # the punctuation after English inside Arabic ("…)؛") comes from Naskh
    assert any("Naskh" in k for k in used)


def test_urdu_numbers_use_the_english_columns_digits():
    _, pages = packet_pages("hartford-malik-ur")
    digits = [
        r for _, _, r in glyph_runs(pages) if any(c in "0123456789" for c in "".join(r.texts))
    ]
    assert digits
    assert not [r for r in digits if "Nastaliq" in r.font_key or "Naskh" in r.font_key]


def test_urdu_names_inside_english_lines_are_nastaliq():
    _, pages = packet_pages("hartford-malik-ur")
    found = [
        run.font_key
        for _, line, run in glyph_runs(pages)
        if "ملک" in "".join(run.texts)[::-1] + "".join(run.texts)
        and any("About" in "".join(r.texts) for r in line.runs)
    ]
    assert found and all("Nastaliq" in k for k in found), found


def test_japanese_names_inside_english_lines_use_the_japanese_face():
    _, pages = packet_pages("hartford-sato-ja")
    keys = {
        run.font_key
        for _, _, run in glyph_runs(pages)
        if any("\u4e00" <= c <= "\u9fff" for c in "".join(run.texts))
    }
    assert keys and all("CJKjp" in k for k in keys), keys


def test_span_lang_prefers_the_family_face_only_for_its_own_script():
    para = TS.set([Span("About "), Span("佐藤 直", isolate="auto", lang="ja")], 500, lang="en")
    runs = para.lines[0].runs
    by_text = {"".join(r.texts).strip(): r.font_key for r in runs}
    assert by_text["About"].startswith("NotoSans-")
    assert "CJKjp" in by_text["佐藤 直"]
    default = TS.set([Span("About "), Span("佐藤 直", isolate="auto")], 500, lang="en")
    assert "CJKjp" not in {r.font_key for r in default.lines[0].runs if "佐" in "".join(r.texts)}


# -- direction and side --------------------------------------------------------------------------


def test_english_lines_are_left_aligned_in_arabic_packets():
    from kitgen.layout import styles as st
    from kitgen.layout.pages import Composer

    composer = Composer(Typesetter(), "ar", 400, 0)
    texts = (d.Text("ar", (d.Inline("اقرأ هذه الصفحة"),)), d.Text("en", (d.Inline("Read this"),)))
    arabic, english = composer.set_texts(texts, st.ROLES["body"], 400)
    assert arabic.lines[0].x > 300  # the Arabic line on the right
    assert english.lines[0].x == 0.0  # its English on the left
    _, pages = packet_pages("boston-alhusseini-ar")
    lines = [
        line
        for _, line, run in glyph_runs(pages)
        if "".join(run.texts).startswith(("Ask your bank", "Keep a list of bills"))
    ]
    assert len(lines) >= 2 and all(line.x == 0.0 for line in lines)


def test_a_typed_value_takes_its_own_direction():
    from kitgen.layout import styles as st
    from kitgen.layout.pages import Composer

    composer = Composer(Typesetter(), "ar", 400, 0)
    wish = d.Text("ar", (d.Inline("Keep them at the Mather School, please.", "user"),))
    para = composer.set_text(wish, st.ROLES["value"], 400, english=False)
    assert para.direction == "ltr"
    en = Composer(Typesetter(), "es", 400, 0)
    name = d.Text("es", (d.Inline("שרה כהן (vecina)", "user"),))
    para = en.set_text(name, st.ROLES["value"], 400, english=False)
    assert para.direction == "rtl"
    (line,) = para.lines
    drawn = "".join("".join(r.texts) for r in sorted(line.runs, key=lambda r: r.x))
    # right to left: the name at the right, "(vecina)" to its left, brackets facing out
    assert drawn.index("(vecina)") < drawn.index("ש") or drawn.index("(vecina)") == 0


# -- Haitian Creole and Hmong ------------------------------------------------------------------


@pytest.mark.parametrize(
    ("code", "expected", "spanish"),
    [("ht", "2 desanm 2026", "panyòl"), ("hmn", "2 Lub Kaum Ob Hlis 2026", "lus Mev")],
)
def test_haitian_creole_and_hmong_dates_and_language_names(code, expected, spanish):
    lang = language(code)
    assert lang.format_long_date(dt.date(2026, 12, 2)) == expected
    assert language_display_name("es", lang) == spanish
    doc, _ = packet_pages("boston-rivera-es", code)
    cover = doc.sections[0]
    plain = " ".join(t.plain for b in cover.blocks for t in _texts(b))
    assert expected in plain
    assert "M12" not in plain


def _texts(block):
    if isinstance(block, d.FieldGroup):
        for f in block.fields:
            yield from f.label
            yield from f.value or ()
    elif hasattr(block, "texts"):
        yield from block.texts
    elif isinstance(block, d.Box):
        for b in block.blocks:
            yield from _texts(b)


# -- revocation forms --------------------------------------------------------------------------


def test_revocation_forms_have_one_table_per_signature():
    family = load_family(SAMPLES / "boston-rivera-es.yaml")
    two = dataclasses.replace(family, parents=family.parents * 2)
    for fam in (family, two):
        doc = packet_document(
            fam,
            language("es"),
            region=load_region(fam.region),
            prepared=dt.date(2026, 12, 2),
            draft_note=False,
        )
        revocations = [s for s in doc.sections if s.key.endswith("-revocation")]
        assert revocations
        for section in revocations:
            blocks = [
                inner
                for b in section.blocks
                for inner in (b.blocks if isinstance(b, d.Keep) else (b,))
            ]  # a <keep> holds blocks kept on one page
            kinds = [type(b).__name__ for b in blocks if not isinstance(b, d.Box)]
            # never two tables one under the other (an empty-looking double row)
            assert "FieldGroup,FieldGroup" not in ",".join(kinds), kinds
            assert kinds.count("FieldGroup") == kinds.count("Signature") == len(fam.parents)


def test_a_help_contacts_english_description_prints_once():
    doc, _ = packet_pages("boston-alhusseini-ar")
    for section in doc.sections:
        for block in section.blocks:
            if isinstance(block, d.FieldGroup):
                for f in block.fields:
                    if f.value and len(f.value) > 1:
                        texts = [t.plain for t in f.value]
                        assert len(set(texts)) == len(texts), texts


@pytest.mark.parametrize(
    "sample", ["boston-alhusseini-ar", "hartford-rezaei-fa", "hartford-malik-ur"]
)
def test_region_names_and_addresses_read_as_english_in_rtl_packets(sample):
    """The resource table's names, street and web addresses and English descriptions are the
    region pack's English: set left to right ("... assistance (800-USA-LEARN)", never
    "(800-USA-LEARN) U.S. ...") and on the left of their cell."""
    family = load_family(SAMPLES / f"{sample}.yaml")
    pack = load_region(family.region)
    _, pages = packet_pages(sample)
    english = [c.name for c in pack.contacts] + [c.address for c in pack.contacts if c.address]
    english += [c.describe(language("en")) for c in pack.contacts if c.describe(language("en"))]
    wanted = {"".join(e.split()) for e in english}
    checked = 0
    for page in pages:
        if page.part == "cards":
            continue  # the cards set their own lines
        texts = [i for i in page.items if isinstance(i, TextItem)]
        for item in texts:
            if not item.para.lines:
                continue
            visual = "".join(
                "".join(r.texts)
                for line in item.para.lines
                for r in sorted(line.runs, key=lambda r: r.x)
            )
            if "".join(visual.split()) not in wanted:
                continue
            checked += 1
            assert item.para.direction == "ltr", visual
            assert all(line.x == 0.0 for line in item.para.lines), visual  # on the left
    # every name, and more (addresses, English descriptions), found in logical order
    assert checked >= len(pack.contacts) + 2, checked


def test_words_the_same_in_both_languages_print_once():
    """ "TTY / TDD" is "TTY / TDD" in Arabic too: one line, not the same words twice."""
    from kitgen.content.render import Renderer

    both = Renderer([language("ar"), language("en")]).tr("TTY / TDD")
    assert str(both).count("TTY / TDD") == 1
    assert str(Renderer([language("ar"), language("en")]).tr("Phone")).count("<l ") == 2
    family = load_family(SAMPLES / "boston-alhusseini-ar.yaml")
    ttys = sum(1 for c in load_region(family.region).contacts if c.tty)
    _, pages = packet_pages("boston-alhusseini-ar")
    printed = sum(
        1
        for page in pages
        for item in page.items
        if isinstance(item, TextItem)
        and "".join("".join(r.texts) for ln in item.para.lines for r in ln.runs) == "TTY / TDD"
    )
    assert ttys and printed == ttys
