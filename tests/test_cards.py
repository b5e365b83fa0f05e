"""Wallet rights cards: the card sheet's geometry (eight ID-1 cards inside the printable area,
backs behind their fronts on a long-edge flip, crop marks clear of cards and text), type never
under 8 pt, the numbers to memorise large and bold, the numbers card's legal-help line, the
staff sheets of ``kitgen cards`` and the poster plan's ``kind=cards`` rows."""

from __future__ import annotations

import datetime as dt
import io
import math
import re

import pytest
import yaml
from click.testing import CliRunner
from conftest import ROOT, SAMPLES, glyph_sizes, pdftotext, squash
from pypdf import PdfReader

from kitgen.cards import build_cards, card_pages
from kitgen.cli import main
from kitgen.content.regions import region_file
from kitgen.family import load_family
from kitgen.layout import LineItem, RectItem, TextItem, tags
from kitgen.layout import styles as st
from kitgen.layout.cards import MIN_TYPE
from kitgen.packet import build_packet, packet_pages, typesetter
from kitgen.settings import load_settings

DATE = dt.date(2026, 1, 15)
BOSTON = ROOT / "samples" / "boston-settings.yaml"
#: what a desktop printer can print: nothing of the sheet closer than 1/4 in to the paper's edge
UNPRINTABLE = 18.0


def run(*args: str):
    return CliRunner().invoke(main, list(args), catch_exceptions=False)


def card_sheet_pages(pages):
    return [p for p in pages if any(_is_card(it) for it in p.items)]


def _is_card(item) -> bool:
    return isinstance(item, RectItem) and (item.w, item.h) == (st.CARD_W, st.CARD_H)


def boxes(page) -> list[RectItem]:
    return [it for it in page.items if _is_card(it)]


def text_of(item: TextItem) -> str:
    return "".join(t for line in item.para.lines for run in line.runs for t in run.texts)


def texts_in(page, box: RectItem) -> str:
    """The text of the items whose top-left corner lies inside ``box``."""
    return " ".join(
        text_of(it)
        for it in page.items
        if isinstance(it, TextItem)
        and box.x <= it.x < box.x + box.w
        and box.y < it.top <= box.y + box.h
    )


def text_box(item: TextItem) -> tuple[float, float, float, float]:
    """(x0, y0, x1, y1) of the ink of a set paragraph."""
    para = item.para
    lefts = [item.x + line.x for line in para.lines]
    rights = [item.x + line.x + line.width for line in para.lines]
    return (min(lefts), item.top - para.height, max(rights), item.top)


@pytest.fixture(scope="module")
def rivera_pages():
    family = load_family(SAMPLES / "boston-rivera-es.yaml")
    _doc, pages = packet_pages(family, prepared=DATE)
    return family, pages


@pytest.fixture(scope="module")
def staff():
    settings = load_settings(BOSTON)
    return card_pages(["es", "ar", "zh-Hans", "ja"], typesetter(), settings)


# -- geometry --------------------------------------------------------------------------------


@pytest.mark.parametrize("paper", ["letter", "a4"])
def test_eight_wallet_sized_cards_a_face_inside_the_printable_area(paper):
    pages = card_pages(["es"], typesetter(), paper=paper)
    width, height = st.paper_size(paper)
    assert len(pages) == 2  # one sheet: front and back
    for page in pages:
        cards = boxes(page)
        assert len(cards) == 8
        # ISO/IEC 7810 ID-1: 3.375 x 2.125 in
        assert {(c.w, c.h) for c in cards} == {(3.375 * 72, 2.125 * 72)}
        assert len({(c.x, c.y) for c in cards}) == 8  # no two on the same place
        for c in cards:
            assert c.x >= UNPRINTABLE and c.x + c.w <= width - UNPRINTABLE, (paper, c)
            assert c.y >= UNPRINTABLE and c.y + c.h <= height - UNPRINTABLE, (paper, c)
        for mark in (it for it in page.items if isinstance(it, LineItem)):
            for x, y in ((mark.x1, mark.y1), (mark.x2, mark.y2)):
                assert UNPRINTABLE <= x <= width - UNPRINTABLE, (paper, mark)
                assert UNPRINTABLE <= y <= height - UNPRINTABLE, (paper, mark)
        # no card overlaps another
        for i, a in enumerate(cards):
            for b in cards[i + 1 :]:
                overlap_x = min(a.x + a.w, b.x + b.w) - max(a.x, b.x)
                overlap_y = min(a.y + a.h, b.y + b.h) - max(a.y, b.y)
                assert overlap_x <= 0.01 or overlap_y <= 0.01


def test_each_back_sits_behind_its_front_on_a_long_edge_flip(rivera_pages):
    _family, pages = rivera_pages
    front, back = card_sheet_pages(pages)
    fronts, backs = boxes(front), boxes(back)
    assert len(fronts) == len(backs) == 8
    for i, (f, b) in enumerate(zip(fronts, backs)):
        # flipping on the long (left-right) axis: x mirrors, y stays
        assert math.isclose(b.x, front.width - f.x - f.w, abs_tol=0.01), i
        assert math.isclose(b.y, f.y, abs_tol=0.01), i
        # and the back printed there is that card's back
        if "Números para llamar" in texts_in(front, f):
            assert "If I am detained" in texts_in(back, b), i
        else:
            assert "Mis derechos constitucionales" in texts_in(front, f), i
            assert "My constitutional rights" in texts_in(back, b), i
    # the two columns really differ: a back in place of its front would fail the check above
    assert len({round(f.x) for f in fronts}) == 2


def test_crop_marks_are_outside_the_cards_clear_of_text_and_tagged(rivera_pages, staff):
    _family, pages = rivera_pages
    checked = 0
    for page in card_sheet_pages(pages) + staff:
        marks = [it for it in page.items if isinstance(it, LineItem) and it.tag is not None]
        assert len(marks) == 16  # 3 vertical cuts and 5 horizontal ones, at both ends
        assert all(m.tag == tags.PRINTER_MARK for m in marks)  # artifacts of type Page
        cards = boxes(page)
        ink = [text_box(it) for it in page.items if isinstance(it, TextItem)]
        for m in marks:
            x0, x1 = sorted((m.x1, m.x2))
            y0, y1 = sorted((m.y1, m.y2))
            for c in cards:  # never inside a card (touching its edge's line is no overlap)
                inside_x = x1 > c.x + 0.01 and x0 < c.x + c.w - 0.01
                inside_y = y1 > c.y + 0.01 and y0 < c.y + c.h - 0.01
                assert not (inside_x and inside_y), (m, c)
            for tx0, ty0, tx1, ty1 in ink:
                assert x1 < tx0 or x0 > tx1 or y1 < ty0 or y0 > ty1, (m, (tx0, ty0, tx1, ty1))
            checked += 1
    assert checked == 16 * (2 + len(staff))


# -- type --------------------------------------------------------------------------------------


@pytest.mark.parametrize(
    ("sample", "large_print"),
    [
        ("boston-rivera-es.yaml", False),
        ("hartford-aye-my.yaml", False),
        ("boston-rivera-es.yaml", True),
    ],
)
def test_every_glyph_on_the_card_sheet_is_8_pt_or_more(sample, large_print):
    family = load_family(SAMPLES / sample)
    pdf = build_packet(family, prepared=DATE, large_print=large_print)
    _doc, pages = packet_pages(family, prepared=DATE, large_print=large_print)
    sizes = glyph_sizes(pdf)
    on_cards = [i for i, p in enumerate(pages) if any(_is_card(it) for it in p.items)]
    assert len(on_cards) == 2
    shows = [s for i in on_cards for s in sizes[i]]
    assert len(shows) > 40
    small = [(round(size, 2), text[:30]) for size, text in shows if size < MIN_TYPE - 0.01]
    assert small == []


def test_every_glyph_of_the_staff_sheets_is_8_pt_or_more():
    pdf = build_cards(["es", "ar", "zh-Hans", "my"], typesetter(), load_settings(BOSTON))
    sizes = glyph_sizes(pdf)
    assert len(sizes) == 8
    small = [
        (page + 1, round(size, 2), text[:30])
        for page, shows in enumerate(sizes)
        for size, text in shows
        if size < MIN_TYPE - 0.01
    ]
    assert small == []
    assert all(len(shows) > 20 for shows in sizes)


def _digits(text: str) -> str:
    return re.sub(r"\D", "", text)


def _is_bold(item: TextItem) -> bool:
    runs = [r for line in item.para.lines for r in line.runs if "".join(r.texts).strip()]
    return bool(runs) and all("Bold" in r.font_key or r.fake_bold for r in runs)


def _size(item: TextItem) -> float:
    return min(r.size for line in item.para.lines for r in line.runs if "".join(r.texts).strip())


def test_numbers_to_memorise_are_bold_and_larger_than_body_text(rivera_pages):
    family, pages = rivera_pages
    numbers = [_digits(item.phone.display) for item in family.memorize]
    assert len(numbers) == 2 and all(len(n) >= 10 for n in numbers)
    cards = card_sheet_pages(pages)
    for where, page_list, larger_than in (
        ("contacts page", [p for p in pages if p not in cards], st.ROLES["body"].size),
        ("numbers card", cards[:1], st.ROLES["card_body"].size),
    ):
        for number in numbers:
            found = [
                it
                for p in page_list
                for it in p.items
                if isinstance(it, TextItem) and _digits(text_of(it)) == number
            ]
            assert found, (where, number)
            big = [it for it in found if _is_bold(it) and _size(it) > larger_than + 2]
            assert big, (where, number, [(_size(it), _is_bold(it)) for it in found])


# -- the numbers card's free legal help line ---------------------------------------------------


def _numbers_card_text(pages) -> str:
    front = card_sheet_pages(pages)[0]
    texts = [texts_in(front, b) for b in boxes(front)]
    numbers = [t for t in texts if "Números para llamar" in t]
    assert len(numbers) == 4
    assert len(set(numbers)) == 1
    return numbers[0]


def test_the_numbers_card_carries_the_regions_free_legal_help_number(rivera_pages, tmp_path):
    family, pages = rivera_pages
    boston = yaml.safe_load((ROOT / "regions" / "boston.yaml").read_text(encoding="utf-8"))
    legal = [c for c in boston["contacts"] if c.get("kind") == "legal_aid"]
    assert legal and legal[0]["phone"] == "617-635-2980"
    assert "6176352980" in _digits(_numbers_card_text(pages))
    assert "City Hall: free immigration lawyers" in _numbers_card_text(pages)
    # the same pack without its legal aid: no legal help line on the card
    boston["contacts"] = [c for c in boston["contacts"] if c.get("kind") != "legal_aid"]
    path = tmp_path / "boston-nolegal.yaml"
    path.write_text(yaml.safe_dump(boston, allow_unicode=True), encoding="utf-8")
    _doc, without = packet_pages(family, prepared=DATE, region=region_file(path))
    text = _numbers_card_text(without)
    assert "6176352980" not in _digits(text)
    assert "lawyers" not in text
    for item in family.memorize:  # the family's own numbers are still there
        assert _digits(item.phone.display) in _digits(text)


# -- staff sheets: kitgen cards ----------------------------------------------------------------


def test_staff_cards_carry_the_district_and_no_family_data(tmp_path):
    out = tmp_path / "cards.pdf"
    result = run("cards", "--lang", "es", "--lang", "ar", "--settings", str(BOSTON), "-o", str(out))
    assert result.exit_code == 0, result.output
    assert "2 sheets, 16 cards" in result.stderr
    pdf = out.read_bytes()
    pages = pdftotext(pdf).split("\f")[:4]
    assert len(PdfReader(io.BytesIO(pdf)).pages) == 4
    for number, page in enumerate(pages, start=1):
        flat = squash(page)
        assert flat.count("Boston Public Schools") >= 8, number  # on every card of each face
        assert flat.count("(617) 555-0123") >= 8, number  # the help line, as a number prints
        assert "Confidential" not in flat and "Page 1 of" not in flat  # no running footer
    assert "Mis derechos constitucionales" in pages[0]
    assert "My constitutional rights" in pages[1]
    # no family's data: no name, number or card of any sample family
    for sample in SAMPLES.glob("*.yaml"):
        family = load_family(sample)
        names = [c.full_name for c in family.children] + [p.legal_name for p in family.parents]
        for name in names + [family.family_name]:
            assert name not in " ".join(pages), (sample.name, name)
        for item in family.memorize:
            assert _digits(item.phone.display) not in _digits(" ".join(pages))
    assert "Numbers to call" not in " ".join(pages)
    # without settings: the same cards, unbranded
    plain = tmp_path / "plain.pdf"
    assert run("cards", "--lang", "es", "-o", str(plain)).exit_code == 0
    assert "Boston Public Schools" not in pdftotext(plain.read_bytes())


def test_cards_command_refuses_an_existing_file_and_a_non_pdf_output(tmp_path):
    out = tmp_path / "cards.pdf"
    out.write_bytes(b"keep")
    result = run("cards", "--lang", "es", "-o", str(out))
    assert result.exit_code == 1
    assert "already exists; use --force" in result.stderr
    assert out.read_bytes() == b"keep"
    assert run("--quiet", "cards", "--lang", "es", "-o", str(out), "--force").stderr == ""
    assert out.read_bytes().startswith(b"%PDF")
    result = run("cards", "--lang", "es", "-o", str(tmp_path / "cards.png"))
    assert result.exit_code == 2 and "must be a .pdf file" in result.stderr
    result = run("cards", "-o", str(tmp_path / "none.pdf"))
    assert result.exit_code == 2 and "give --lang" in result.stderr


def test_cjk_card_text_has_no_lone_last_character(staff):
    checked = 0
    for page in staff:
        for item in (it for it in page.items if isinstance(it, TextItem)):
            if item.para.lang.split("-")[0] not in ("zh", "ja") or len(item.para.lines) < 2:
                continue
            last = "".join(t for r in item.para.lines[-1].runs for t in r.texts)
            body = re.sub(r"[\s、。，．・：；！？)）」』.,!?:;]", "", last)
            assert len(body) > 1, (item.para.lang, text_of(item)[-20:])
            checked += 1
    assert checked >= 8


# -- poster plans: kind=cards ------------------------------------------------------------------


def test_plan_rows_of_kind_cards_make_card_sheets(tmp_path):
    plan = tmp_path / "plan.csv"
    plan.write_text(
        "school,kind,languages,size,orientation,copies\n"
        "Harbor View Elementary,cards,es ar,,,3\n"
        "Harbor View Elementary,poster,es,letter,,1\n"
        "Maple Street K-8,cards,zh-Hans,a4,,\n",
        encoding="utf-8",
    )
    out = tmp_path / "out"
    result = run("batch", "posters", str(plan), "-o", str(out), "--settings", str(BOSTON))
    assert result.exit_code == 0, result.output
    cards = PdfReader(out / "harbor-view-elementary-cards.pdf")
    assert len(cards.pages) == 2 * 2 * 3  # two languages, three sheets each, front and back
    assert len(PdfReader(out / "harbor-view-elementary-letter.pdf").pages) == 1
    a4 = PdfReader(out / "maple-street-k-8-cards-a4.pdf")
    assert len(a4.pages) == 2
    assert [round(float(v)) for v in a4.pages[0].mediabox[2:]] == [595, 842]
    text = pdftotext((out / "harbor-view-elementary-cards.pdf").read_bytes())
    assert text.count("Boston Public Schools") >= 8 * 12
    summary = (out / "summary.csv").read_text(encoding="utf-8")
    assert (
        "row 2,Harbor View Elementary,cards,es ar,letter,,3,harbor-view-elementary-cards.pdf,12"
        in summary
    )


@pytest.mark.parametrize(
    ("row", "column", "fix"),
    [
        ("A,card,es,,,1", "kind", "use poster (or leave it empty) or cards"),
        ("A,cards,es,tabloid,,1", "size", "use letter or a4"),
        ("A,cards,es,,landscape,1", "orientation", "leave it empty"),
        ("A,cards,es,,,0", "copies", ""),
        ("A,cards,es,,,many", "copies", ""),
        ("A,cards,,,,1", "languages", "write a language code per card sheet"),
    ],
)
def test_bad_kind_and_copies_name_file_row_column_and_fix(tmp_path, row, column, fix):
    plan = tmp_path / "plan.csv"
    plan.write_text(
        "school,kind,languages,size,orientation,copies\nGood School,cards,es,,,1\n" + row + "\n",
        encoding="utf-8",
    )
    out = tmp_path / "out"
    result = run("batch", "posters", str(plan), "-o", str(out))
    summary = (out / "summary.txt").read_text(encoding="utf-8")
    line = next(s for s in summary.splitlines() if f"{plan}: row 3:" in s)
    assert f"row 3: {column}: " in line
    assert fix in line
    assert "; " in line.split(f"{column}: ", 1)[1]  # the message says what to do
    assert (out / "good-school-cards.pdf").exists()  # the good row is made all the same
    assert result.exit_code != 0


def test_large_print_card_text_sets_the_numbers_to_call_large_and_bold():
    family = load_family(SAMPLES / "boston-rivera-es.yaml")
    _doc, pages = packet_pages(family, prepared=DATE, large_print=True)
    sheet = card_sheet_pages(pages)
    text_pages = [p for p in pages if p.section == "cards" and p not in sheet]
    assert text_pages  # the cards' text, in large print, on a page of its own
    body = st.LARGE_PRINT.roles["body"].size
    numbers = [_digits(item.phone.display) for item in family.memorize] + ["6176352980"]
    for number in numbers:
        found = [
            it
            for p in text_pages
            for it in p.items
            if isinstance(it, TextItem) and _digits(text_of(it)) == number
        ]
        assert found and all(_is_bold(it) and _size(it) > body + 2 for it in found), number


def test_staff_sheets_pass_the_pdfua_checks_with_every_text_in_its_language():
    import pikepdf
    from pdfua_checks import check, read

    from kitgen.pdf.tagging import text_script
    from kitgen.text.fonts import lang_scripts

    pdf = build_cards(["ar", "zh-Hans", "es"], typesetter(), load_settings(BOSTON))
    assert check(pdf) == []  # includes: nothing drawn outside marked content
    langs: set[str] = set()
    tree = read(pdf)  # kept: its elements read from the open file
    for el in tree.root.walk():
        if not el.mcids or el.role == "Figure":
            continue
        own = str(el.obj.get("/Lang", ""))
        assert own, (el.role, el.text[:30])
        script = text_script(el.text)
        if script is not None and not el.text.isascii():
            assert script in lang_scripts(own), (own, el.text[:40])
        langs.add(own)
    assert {"ar", "zh-Hans", "es", "en"} <= langs
    with pikepdf.open(io.BytesIO(pdf)) as doc:
        for page in doc.pages:
            kinds = [
                str(operands[1].get("/Type"))
                for operands, op in pikepdf.parse_content_stream(page)
                if str(op) == "BDC" and str(operands[0]) == "/Artifact"
            ]
            assert "/Page" in kinds  # the crop marks
            assert "/Pagination" not in kinds  # no running footer


def test_copies_are_whole_sheets_with_structure_elements_of_their_own():
    from pdfua_checks import check, logical_text, read

    pdf = build_cards(["ar", "es"], typesetter(), copies=3)
    assert len(PdfReader(io.BytesIO(pdf)).pages) == 2 * 2 * 3
    assert check(pdf) == []
    tree = read(pdf)
    headings = [e for e in tree.root.walk() if re.fullmatch(r"H\d", e.role)]
    # one heading per copy (its language and English), none read out twice: two lines each,
    # its own content and a Span, or two Spans (an /ActualText on the first, right-to-left)
    assert len(headings) == 6
    assert all(len(h.kids) + bool(h.mcids) == 2 for h in headings)
    texts = [logical_text(h) for h in headings]
    assert texts == ["بطاقات الجيبWallet cards"] * 3 + ["Tarjetas de bolsilloWallet cards"] * 3
    with PdfReader(io.BytesIO(pdf)) as reader:
        titles = [o.title for o in reader.outline]
        assert titles == ["بطاقات الجيب / Wallet cards", "Tarjetas de bolsillo / Wallet cards"]


def test_a_long_district_phone_on_the_cards_is_whole_and_8_pt_or_more():
    import dataclasses

    settings = load_settings(SAMPLES.parent / "boston-settings.yaml")
    phone = "(617) 555-0123 ext. 12345678901234567890"
    pdf = build_cards(["es"], typesetter(), dataclasses.replace(settings, phone=phone))
    shows = [(s, t) for page in glyph_sizes(pdf) for s, t in page if "12345678901234567890" in t]
    assert shows, "the district's phone is on the cards"
    assert all("555-0123 ext. 12345678901234567890" in t and s >= MIN_TYPE - 0.01 for s, t in shows)


def test_a_phone_number_too_long_for_a_card_names_the_settings_phone():
    from kitgen.errors import NumberTooWide, typeset_problem

    error = NumberTooWide(
        "a number 40 characters long does not fit its 227 pt line even at 8 pt",
        "(617) 555-0123 ext. 12345678901234567890",
        8.0,
        227.0,
    )
    message = typeset_problem(error, "617-555-0123 ext. 12345678901234567890")
    assert message.startswith("phone: the number is too long for its line even at 8 pt")
    assert "shorten it" in message and "0123" not in message
    assert typeset_problem(error, None).startswith("a number in kitgen's own text")
