"""Large print (``--large-print``): type measured from the PDF, scaled boxes and lines, the
cards' text on a page of its own, the pagination rules, and standard packets left alone."""

from __future__ import annotations

import datetime as dt
import io
import re
import unicodedata

import pytest
from conftest import SAMPLES, text_shows
from pypdf import PdfReader

from kitgen.family import load_family
from kitgen.layout import LineItem, RectItem, TextItem
from kitgen.layout import styles as st
from kitgen.packet import build_packet, packet_pages

DATE = dt.date(2026, 1, 15)
#: the running footer and page numbers may be set at 12 pt (LARGE_FOOTER_MIN); every other
#: text at 14 pt or more. The footer is the text below the body's foot.
FOOTER_TOP = st.MARGIN + st.LARGE_PRINT.footer_height
SAMPLE_FILES = {
    "es": "boston-rivera-es.yaml",
    "ar": "boston-alhusseini-ar.yaml",
    "zh-Hans": "boston-wang-zh-hans.yaml",
    "km": "boston-sok-km.yaml",
}


def _family(lang: str):
    return load_family(SAMPLES / SAMPLE_FILES[lang])


@pytest.fixture(scope="module", params=sorted(SAMPLE_FILES))
def large(request):
    family = _family(request.param)
    pdf = build_packet(family, prepared=DATE, large_print=True)
    _doc, pages = packet_pages(family, prepared=DATE, large_print=True)
    return request.param, pdf, pages


def _card_sheets(pages) -> set[int]:
    """Indexes of the pages holding the wallet-card grid (cards stay wallet-sized)."""
    return {
        i
        for i, page in enumerate(pages)
        if any(isinstance(it, RectItem) and it.w == st.CARD_W for it in page.items)
    }


def test_every_text_is_14_pt_or_more_except_the_footer_and_card_sheet(large):
    lang, pdf, pages = large
    sizes = text_shows(pdf)
    assert len(sizes) == len(pages)
    cards = _card_sheets(pages)
    assert cards, "the card sheet is in the packet"
    checked = 0
    for index, shows in enumerate(sizes):
        if index in cards:
            continue
        for size, y, text in shows:
            floor = st.LARGE_FOOTER_MIN if y < FOOTER_TOP else st.LARGE_BODY_MIN
            assert size >= floor - 0.05, (lang, index + 1, round(size, 2), text[:40])
            checked += 1
    assert checked > 500


def test_standard_packet_has_smaller_type(rivera):
    """The measure above can fail: the standard packet sets body text under 14 pt."""
    sizes = text_shows(build_packet(rivera, prepared=DATE))
    assert min(s for shows in sizes for s, y, _ in shows if y > FOOTER_TOP) < 10


def test_boxes_write_in_lines_and_rows_are_scaled():
    family = _family("es")
    _, normal = packet_pages(family, prepared=DATE)
    _, big = packet_pages(family, prepared=DATE, large_print=True)

    def boxes(pages):  # checklist boxes: square, stroked, not a card
        return {
            round(it.w, 2)
            for p in pages
            for it in p.items
            if isinstance(it, RectItem) and it.stroke is not None and it.w == it.h
        }

    def write_lines(pages):  # hand-writing lines: ink rules tagged as blanks
        return [
            it
            for p in pages
            for it in p.items
            if isinstance(it, LineItem) and it.tag is not None and it.y1 == it.y2
        ]

    assert boxes(normal) == {st.CHECKBOX}
    assert boxes(big) == {round(st.CHECKBOX * st.LARGE_FACTOR, 2)}
    n_lines, b_lines = write_lines(normal), write_lines(big)
    assert len(b_lines) >= len(n_lines) > 0
    # longer: the shortest write-in line of large print is at least that of the standard one,
    # and on average longer (fields print one to a row)
    n_len = [line.x2 - line.x1 for line in n_lines]
    b_len = [line.x2 - line.x1 for line in b_lines]
    assert min(b_len) >= min(n_len) - 0.01
    # taller: a blank field of three write-in lines, set both ways
    assert _blank_field(st.LARGE_PRINT) >= _blank_field(st.STANDARD) * st.LARGE_FACTOR - 0.01


def _blank_field(size: st.PrintSize) -> float:
    """The distance from the first to the last write-in line of a three-line blank field."""
    from kitgen.content import document as d
    from kitgen.layout.pages import Composer
    from kitgen.packet import typesetter

    composer = Composer(typesetter(), "es", 516, 48)
    composer.print_size = size
    label = (d.Text("es", (d.Inline("Notas"),)), d.Text("en", (d.Inline("Notes"),)))
    (atom,) = composer.field_row(d.Field(label, None, 3), 516, 48)
    ys = [it.y1 for it in atom.items if isinstance(it, LineItem) and it.tag is not None]
    assert len(ys) == 3
    return max(ys) - min(ys)


def _words(items) -> list[str]:
    """The words of the text items, run by run (whitespace-separated pieces)."""
    return [
        word
        for it in items
        if isinstance(it, TextItem)
        for line in it.para.lines
        for run in line.runs
        for word in "".join(run.texts).split()
    ]


def test_card_text_page_carries_each_card_in_large_print(large):
    lang, _pdf, pages = large
    cards = _card_sheets(pages)
    after = [i for i in range(max(cards) + 1, len(pages)) if pages[i].part == "cards"]
    assert after, "a page follows the card sheet in the cards part"
    copy = [it for i in after for it in pages[i].items if it.tag != _footer_tag()]
    copy_text = "".join(_words(copy))
    # the text on the cards themselves: inside the card grid (below the sheet's heading)
    grid_top = max(
        it.y + it.h
        for i in cards
        for it in pages[i].items
        if isinstance(it, RectItem) and it.w == st.CARD_W
    )
    grid = [
        it
        for i in cards
        for it in pages[i].items
        if isinstance(it, TextItem) and it.top <= grid_top and it.tag != _footer_tag()
    ]
    words = _words(grid)
    assert len(words) > 20
    missing = sorted({w for w in words if w not in copy_text})
    assert not missing, (lang, missing[:10])
    # and in large print
    sizes = {
        run.size
        for it in copy
        if isinstance(it, TextItem)
        for line in it.para.lines
        for run in line.runs
    }
    assert min(sizes) >= st.LARGE_BODY_MIN


def _footer_tag():
    from kitgen.layout import tags

    return tags.PAGINATION


def test_no_missing_glyphs_and_same_bytes_twice(large):
    lang, pdf, pages = large
    glyphs = {
        g
        for p in pages
        for it in p.items
        if isinstance(it, TextItem)
        for line in it.para.lines
        for run in line.runs
        for g in run.glyphs
    }
    assert 0 not in glyphs, "a .notdef glyph (tofu) was set"
    assert pdf == build_packet(_family(lang), prepared=DATE, large_print=True)


def test_large_print_keeps_the_paper_and_margins(large):
    _lang, _pdf, pages = large
    assert {(p.width, p.height) for p in pages} == {st.paper_size("letter")}


def test_phone_numbers_in_the_resource_table_stay_whole(large):
    """A number set at 14 pt is wider than the table's narrow phone column was: in large print
    the narrow columns grow, so no phone number is broken across lines."""
    from conftest import pdftotext

    from kitgen.content.regions import region

    _lang, pdf, _pages = large
    lines = {" ".join(line.split()) for line in pdftotext(pdf).splitlines()}
    numbers = {c.phone for c in region("boston").contacts if c.phone}
    assert numbers
    for number in numbers:
        assert any(number in line for line in lines), number


# -- intake forms (kitgen intake-form --large-print) -----------------------------------------

INTAKE_LANGS = ["es", "ar", "zh-Hans", "km", "my"]


@pytest.fixture(scope="module")
def intake_forms():
    """(standard, large print) of each language and flavour, made once."""
    from kitgen.intake import build_intake_form
    from kitgen.packet import typesetter

    forms = {}
    for lang in INTAKE_LANGS:
        for printable in (False, True):
            forms[lang, printable] = tuple(
                build_intake_form(
                    lang, printable=printable, large_print=large, typesetter=typesetter()
                )
                for large in (False, True)
            )
    return forms


INTAKE_FOOTER_TOP = st.MARGIN + st.LARGE_PRINT.footer_height


@pytest.mark.parametrize("printable", [False, True], ids=["fillable", "paper"])
@pytest.mark.parametrize("lang", INTAKE_LANGS)
def test_intake_form_text_is_14_pt_or_more(intake_forms, lang, printable):
    standard, large = intake_forms[lang, printable]
    sizes = text_shows(large.pdf)
    checked = 0
    for index, shows in enumerate(sizes):
        for size, y, text in shows:
            floor = st.LARGE_FOOTER_MIN if y < INTAKE_FOOTER_TOP else st.LARGE_BODY_MIN
            assert size >= floor - 0.05, (lang, index + 1, round(size, 2), text[:40])
            checked += 1
    assert checked > 300
    # the measure can fail: the standard form sets its hints and English under 10 pt
    assert min(s for shows in text_shows(standard.pdf) for s, _, _ in shows) < 10
    # more pages, the same fields
    assert large.pages > standard.pages * 1.5
    assert large.fields == standard.fields


def _widgets_of(pdf: bytes) -> dict[str, tuple[str, float, float, str]]:
    """Field name -> (type, width, height, default appearance) of each visible widget."""
    out = {}
    for page in PdfReader(io.BytesIO(pdf)).pages:
        for ref in page.get("/Annots", []) or []:
            annot = ref.get_object()
            if int(annot.get("/F", 0)) & 2:  # hidden: the form id
                continue
            x0, y0, x1, y1 = (float(v) for v in annot["/Rect"])
            out[str(annot["/T"])] = (str(annot["/FT"]), x1 - x0, y1 - y0, str(annot.get("/DA")))
    return out


@pytest.mark.parametrize("lang", ["es", "ar"])
def test_intake_fields_checkboxes_and_typed_text_are_scaled(intake_forms, lang):
    (standard, large) = intake_forms[lang, False]
    small, big = _widgets_of(standard.pdf), _widgets_of(large.pdf)
    assert small.keys() == big.keys() and len(big) > 400
    for name, (kind, w, h, da) in big.items():
        _, w0, h0, da0 = small[name]
        assert h >= h0 * st.LARGE_FACTOR - 0.05, name  # taller fields, larger boxes
        if kind == "/Btn":
            assert w >= w0 * st.LARGE_FACTOR - 0.05, name
        else:  # typed text at 14 pt, never fitted smaller by the viewer (0: auto size)
            assert re.search(r" (\d+(\.\d+)?) Tf", da).group(1) == "14", (name, da)
            assert re.search(r" (\d+(\.\d+)?) Tf", da0).group(1) in ("10", "0"), (name, da0)


def test_intake_paper_form_boxes_and_writing_lines_are_scaled():
    from kitgen.i18n import language
    from kitgen.intake.layout import LARGE, PAPER, STANDARD, layout_form
    from kitgen.intake.questions import form_items
    from kitgen.packet import typesetter

    def measures(size):
        """The checkbox sides, and the writing lines' spacing in each text area."""
        pages = layout_form(
            form_items(), language("km"), st.paper_size("letter"), PAPER, typesetter(),
            footer="x", print_size=size,
        )  # fmt: skip
        boxes = {round(a.w, 2) for p in pages for a in p.areas if a.kind == "check"}
        steps = []
        for page in pages:
            lines = [it for it in page.items if isinstance(it, LineItem)]
            for a in page.areas:
                ys = sorted(
                    it.y1 for it in lines
                    if it.x1 == a.x and it.x2 == a.x + a.w and a.y <= it.y1 <= a.y + a.h
                )  # fmt: skip
                if len(ys) > 1:
                    steps.append(min(b - y for y, b in zip(ys, ys[1:])))
        return boxes, steps

    (box0,), steps0 = measures(STANDARD)
    (box1,), steps1 = measures(LARGE)
    assert box1 == round(box0 * st.LARGE_FACTOR, 2)
    assert len(steps1) == len(steps0) > 50  # the areas of several lines
    assert min(steps1) >= min(steps0) * st.LARGE_FACTOR - 0.05
    assert min(steps1) >= st.LARGE_PRINT.write_line - 0.05  # as the packet's write-in lines


def test_large_print_intake_form_through_the_cli_and_the_api(tmp_path):
    from click.testing import CliRunner

    import kitgen
    from kitgen.cli import main

    out = tmp_path / "lp.pdf"
    result = CliRunner().invoke(
        main, ["intake-form", "--lang", "km", "--paper-form", "--large-print", "-o", str(out)]
    )
    assert result.exit_code == 0, result.output
    assert "printable, large print" in result.output
    data = kitgen.make_intake_form("km", printable=True, large_print=True)
    assert data == out.read_bytes()
    assert len(PdfReader(io.BytesIO(data)).pages) > len(
        PdfReader(io.BytesIO(kitgen.make_intake_form("km", printable=True))).pages
    )


def test_phone_words_in_the_resource_table_stay_whole(large):
    """ "800-USA-LEARN" in a resource's name: no line ends at one of its hyphens (the old
    breaking left "800-USA-" at a line's end in the large-print resource table)."""
    _lang, _pdf, pages = large
    found = 0
    for page in pages:
        for it in page.items:
            if not isinstance(it, TextItem):
                continue
            for line in it.para.lines:
                text = "".join(t for run in line.runs for t in run.texts)
                if "800-USA" in text or "USA-LEARN" in text:
                    assert "800-USA-LEARN" in text, text
                    found += 1
    assert found >= 2  # in the resource table and on the sources page


def test_sources_page_addresses_break_after_punctuation_not_between_letters(large):
    """The Sources page in large print: no web address of the legal table is broken between
    two letters (the old breaking left "…administrative-warrant" / "s-alone")."""
    from kitgen.content.legal import statements

    _lang, _pdf, pages = large
    urls = {s.url for s in statements()}
    patterns = [re.compile("\n?".join(re.escape(c) for c in url)) for url in urls]
    cuts = 0
    for page in pages:
        for it in page.items:
            if not isinstance(it, TextItem) or len(it.para.lines) < 2:
                continue
            text = "\n".join(
                "".join(t for r in line.runs for t in r.texts) for line in it.para.lines
            )
            if "http" not in text:
                continue
            for pattern in patterns:
                for m in pattern.finditer(text):
                    for k, ch in enumerate(m.group()):
                        if ch == "\n":
                            cuts += 1
                            assert m.group()[k - 1] in "/.-?&=_", m.group()
    assert cuts > 5


# -- the cover: one page in every locale, its notices kept (issue 14) ---------------------------


def _locales() -> list[str]:
    from kitgen.i18n.catalog import available_codes

    return list(available_codes())


@pytest.fixture(scope="module")
def rivera_large_by_locale():
    """The Spanish sample's large-print packet in every locale: document, pages and PDF."""
    from kitgen.pdf.draw import render_pdf

    family = _family("es")
    out = {}
    for code in _locales():
        doc, pages = packet_pages(family, lang=code, prepared=DATE, large_print=True)
        pdf = render_pdf(pages, title=doc.title, subject=doc.subject, lang=code)
        out[code] = (doc, pages, pdf)
    return out


def _block_texts(blocks):
    """Every text of ``blocks`` (boxes opened), in order."""
    from kitgen.content import document as d

    for block in blocks:
        if isinstance(block, d.Box):
            yield from _block_texts(block.blocks)
        elif isinstance(block, d.FieldGroup):
            for f in block.fields:
                yield from f.label
                yield from f.value or ()
        elif hasattr(block, "texts"):
            yield from block.texts


def _logical(item) -> str:
    """A text item's text in reading order: its runs are in drawing order (right to left ones
    reversed), so runs are read from the right in a right-to-left paragraph."""
    out = []
    for line in item.para.lines:
        runs = sorted(line.runs, key=lambda r: r.x, reverse=item.para.direction == "rtl")
        out += ["".join(reversed(r.texts) if r.rtl else r.texts) for r in runs]
    return "".join(out)


def _page_text(page) -> str:
    """The text set on a page (not its footer), in reading order, without any whitespace."""
    return _bare(
        "".join(
            _logical(it)
            for it in page.items
            if isinstance(it, TextItem) and it.tag != _footer_tag()
        )
    )


def _bare(text: str) -> str:
    """Letters, marks and digits only (spaces, punctuation and mirrored brackets dropped)."""
    return "".join(c for c in text if unicodedata.category(c)[0] in "LMN")


def test_the_cover_is_one_page_in_every_locale_and_keeps_its_notices(rivera_large_by_locale):
    """At 14 pt the cover's notices do not fit under it in 28 locales (it ran to two pages):
    they follow the contents, the title, the family and the confidentiality notice stay on
    page 1, and every text the cover carried is still printed (in the PDF's text too)."""
    from conftest import pdftotext, squash

    moved = []
    for code, (doc, pages, pdf) in rivera_large_by_locale.items():
        assert pages[0].section == "cover" and pages[1].section == "contents", code
        contents = [i for i, p in enumerate(pages) if p.section == "contents"]
        (cover,) = [s for s in doc.sections if s.key == "cover"]
        (notices,) = [s for s in doc.sections if s.key == "cover-notices"]
        first = _page_text(pages[0])
        for text in (*cover.title, *_block_texts(cover.blocks)):
            assert _bare(text.plain) in first, (code, text.plain[:40])
        notice_texts = list(_block_texts(notices.blocks))
        assert len(notice_texts) == (1 if code == "en" else 4)  # with the draft note
        if _bare(notice_texts[0].plain) not in first:
            moved.append(code)
            # on the contents' last page, under its last entry, or on the page after it
            after = contents[-1]
            holding = [after, after + 1]
            assert pages[after + 1].section in ("today", "cover-notices"), code
            for text in notice_texts:
                where = [i for i in holding if _bare(text.plain) in _page_text(pages[i])]
                assert where, (code, text.plain[:40])
        extracted = _bare(squash(pdftotext(pdf)))
        for text in notice_texts + [t for t in _block_texts(cover.blocks) if t.lang == "en"]:
            if text.lang == "en":  # the English line of each, as a reader's software sees it
                assert _bare(text.plain) in extracted, (code, text.plain[:40])
    # the Spanish, Arabic, Chinese, Khmer and Burmese covers could not hold them; English can
    assert {"es", "ar", "zh-Hans", "km", "my"} <= set(moved) and "en" not in moved
    assert len(moved) == len(rivera_large_by_locale) - 1


def test_the_notices_follow_the_contents_entries_in_reading_order(rivera_large_by_locale):
    """The contents' rows are written after the notices are placed: they still come first in
    the page's order (what a screen reader follows), above the notices, with true numbers."""
    for code in ("es", "ar", "km", "my"):
        doc, pages, _pdf = rivera_large_by_locale[code]
        contents = [i for i, p in enumerate(pages) if p.section == "contents"]
        (notices,) = [s for s in doc.sections if s.key == "cover-notices"]
        lead = _bare(notice_texts_first(notices))
        page = next(
            pages[i] for i in (contents[-1], contents[-1] + 1) if lead in _page_text(pages[i])
        )
        texts = [it for it in page.items if isinstance(it, TextItem) and it.tag != _footer_tag()]
        at = next(n for n, it in enumerate(texts) if lead[:20] == _bare(_logical(it))[:20])
        if page is pages[contents[-1]]:  # entries on that page: all before and above the notice
            assert at > 0, code
            assert all(it.top > texts[at].top for it in texts[:at]), code
            assert all(it.top <= texts[at].top for it in texts[at:]), code
        # every section's page number is on the contents, beside its entry
        listed = [_item_text(it).strip() for i in contents for it in pages[i].items
                  if isinstance(it, TextItem)]  # fmt: skip
        starts = {}
        for i, p in enumerate(pages):
            for title, _part in p.marks:
                if i not in contents:
                    starts.setdefault(title, i + 1)
        assert len(starts) > 10
        for title, number in starts.items():
            assert str(number) in listed, (code, title, number)


def notice_texts_first(section) -> str:
    return next(iter(_block_texts(section.blocks))).plain


def _item_text(item) -> str:
    return "".join(t for line in item.para.lines for run in line.runs for t in run.texts)


# -- a phone number too long for its line: set smaller, never split ----------------------------

LONG_PHONE = "(617) 555-0123 ext. 12345678901234567890"


def _long_phone_family(display: str = LONG_PHONE, lang: str = "es"):
    import dataclasses

    from kitgen.family.phone import Phone

    family = _family(lang)
    phone = Phone(e164="+16175550123", display=display)
    memorize = (family.memorize[0], dataclasses.replace(family.memorize[1], phone=phone))
    return dataclasses.replace(family, memorize=memorize)


def _lines_with(pdf: bytes, needle: str) -> list[tuple[int, str, list[float]]]:
    """(page, line text, sizes of its shows with a digit) of each drawn line holding
    ``needle``, a line being the text shows on one baseline."""
    found = []
    for index, shows in enumerate(text_shows(pdf)):
        lines: dict[float, list[tuple[float, str]]] = {}
        for size, y, text in shows:
            lines.setdefault(round(y, 1), []).append((size, text))
        for parts in lines.values():
            text = "".join(t for _s, t in parts)
            if needle in text:
                found.append((index, text, [s for s, t in parts if re.search(r"\d", t)]))
    return found


@pytest.mark.parametrize(("lang", "large_print"), [("es", False), ("es", True), ("ar", True)])
def test_a_long_phone_number_is_set_smaller_on_one_line(lang, large_print):
    family = _long_phone_family(lang=lang)
    pdf = build_packet(family, prepared=DATE, large_print=large_print)
    _doc, pages = packet_pages(family, prepared=DATE, large_print=large_print)
    cards = _card_sheets(pages)
    lines = _lines_with(pdf, "12345678901234567890")
    assert len(lines) >= 5  # the contacts page and four wallet cards (and the large card text)
    for index, text, sizes in lines:
        assert LONG_PHONE in text, (index + 1, text)  # whole, on one line
        floor = st.CARD_MIN if index in cards else (14.0 if large_print else 7.0)
        assert min(sizes) >= floor - 0.05, (index + 1, sizes)
    # smaller than its neighbour in the same role, which fits as it is
    role = st.print_size(large_print).roles["value_large"]
    contacts = next(sizes for index, _t, sizes in lines if index not in cards)
    assert max(contacts) < role.size
    on_cards = [s for index, _t, sizes in lines if index in cards for s in sizes]
    assert max(on_cards) < st.ROLES["card_number"].size


def test_a_phone_number_too_long_even_at_the_floor_names_the_field():
    from kitgen.errors import DataError

    number = "(617) 555-0123 ext. " + "1234567890" * 5
    family = _long_phone_family(number)
    with pytest.raises(DataError) as caught:
        build_packet(family, prepared=DATE, large_print=True, filename="family.yaml")
    (problem,) = caught.value.problems
    assert problem.field == "memorize[1].phone" and problem.file == "family.yaml"
    assert "14 pt" in problem.message and "--large-print" in problem.message
    assert "1234567890" not in str(caught.value)


def test_a_number_too_long_for_large_print_is_a_clean_cli_error(tmp_path):
    from click.testing import CliRunner

    from kitgen.cli import main

    text = (SAMPLES / SAMPLE_FILES["es"]).read_text(encoding="utf-8")
    long_name = '"Office 781 555 0123 0456 0789 1011 1213 1415 1617 1819"'
    text = re.sub(r"name: José's employer \(cleaning company\)", f"name: {long_name}", text)
    assert long_name in text
    family = tmp_path / "family.yaml"
    family.write_text(text, encoding="utf-8")
    out = tmp_path / "packet.pdf"
    result = CliRunner().invoke(main, ["packet", str(family), "--large-print", "-o", str(out)])
    assert result.exit_code == 1, result.output
    assert "Traceback" not in result.output and not out.exists()
    assert "contacts[5].name" in result.output and "--large-print" in result.output
    assert "1819" not in result.output
    # the standard packet prints it (smaller in its column, whole)
    result = CliRunner().invoke(main, ["packet", str(family), "-o", str(out)])
    assert result.exit_code == 0, result.output
