"""Tagged PDF (PDF/UA-1): the structure tree of packets, posters and intake forms, read back
with pikepdf; the same pixels with and without tags; kitgen's PDF/UA checks over every sample."""

from __future__ import annotations

import csv
import io
import re
import subprocess
from pathlib import Path

import pikepdf
import pytest
from conftest import ROOT, SAMPLES
from pdfua_checks import Element, check, logical_text, read

from kitgen.family import load_family
from kitgen.i18n import language
from kitgen.intake import build_intake_form
from kitgen.layout import Page, TextItem
from kitgen.layout.tags import BLANK, CHECKED, NOT_CHECKED
from kitgen.packet import build_packet, typesetter
from kitgen.pdf.draw import render_pdf, untagged
from kitgen.pdf.fonts import line_emission_order
from kitgen.pdf.tagging import line_gap, text_script
from kitgen.poster import PosterSpec, build_poster
from kitgen.settings import load_settings
from kitgen.text import Span
from kitgen.text.fonts import lang_scripts

PACKETS = {
    "ar": "boston-alhusseini-ar.yaml",
    "zh-Hans": "boston-wang-zh-hans.yaml",
    "km": "boston-sok-km.yaml",
}


@pytest.fixture(scope="module", params=sorted(PACKETS) + [f"{c}+large" for c in sorted(PACKETS)])
def packet(request) -> tuple[str, bytes]:
    """Each packet, standard and large print (``code+large``: the tags must hold for both)."""
    code = request.param.removesuffix("+large")
    large = request.param.endswith("+large")
    return code, build_packet(load_family(SAMPLES / PACKETS[code]), large_print=large)


def _headings(root: Element) -> list[Element]:
    return [e for e in root.walk() if re.fullmatch(r"H[1-6]", e.role)]


def _outline(data: bytes) -> list[str]:
    with pikepdf.open(io.BytesIO(data)) as pdf:
        with pdf.open_outline() as outline:
            return [str(item.title) for item in outline.root]


def _lines(el: Element) -> list[str]:
    """The texts of an element's lines: its own content, then each Span kid's, in /K order."""
    lines: list[str] = []
    own = True
    for part in el.parts:
        if isinstance(part, str):
            if own and lines:
                lines[-1] += part
            else:
                lines.append(part)
            own = True
        else:
            lines.append(logical_text(part))
            own = False
    return lines


def test_headings_follow_the_sections_in_order(packet):
    code, data = packet
    t = read(data)
    heads = _headings(t.root)
    assert heads[0].role == "H1"
    levels = [int(h.role[1]) for h in heads]
    assert all(b <= a + 1 for a, b in zip(levels, levels[1:]))
    assert {1, 2, 3} <= set(levels)

    # each section title is one heading, its first line its own content, the others one
    # Span per language, in outline order
    # (spaces left out: a left-to-right line ends with no space glyph, an extractor sees the
    # line break from the glyphs' positions, this test does not)
    def bare(text: str) -> str:
        return "".join(text.split())

    texts = [bare("/".join(dict.fromkeys(_lines(h)))) for h in heads]
    titles = [bare(t) for t in _outline(data)]
    found = [t for t in titles if t in texts]
    assert len(found) >= len(titles) - 1  # the card sheet's title is a smaller heading
    assert found == [t for t in texts if t in found]
    # the translation of a section title reads in logical order from the tree
    contents = language(code).gettext("What is in this packet")
    assert any(_lines(h)[0] == contents for h in heads)
    # its first line is the heading's own content, in its language, and the others Spans
    # (every line a Span when the first has an /ActualText: right-to-left text)
    for h in heads:
        assert h.kids or h.mcids
        assert not h.mcids or h.lang
        assert all(k.role == "Span" and k.lang and (k.mcids or k.kids) for k in h.kids)
    assert any(h.mcids for h in heads)


def test_every_table_has_header_cells_and_every_figure_alt_text(packet):
    code, data = packet
    t = read(data)
    tables = [e for e in t.root.walk() if e.role == "Table"]
    assert len(tables) >= 10  # the family's details, contacts, schools, caregivers ...
    for table in tables:
        rows = [k for k in table.kids if k.role == "TR"]
        assert rows and all([c.role for c in r.kids] == ["TH", "TD"] for r in rows)
        assert all("/Scope" in r.kids[0].obj.A for r in rows)
    figures = [e for e in t.root.walk() if e.role == "Figure"]
    alts = {str(f.obj.Alt) for f in figures}
    assert all(str(f.obj.get("/Alt", "")) for f in figures)
    lang = language(code)
    # checkboxes and fill-in lines say what they are, in the packet's language
    assert {lang.gettext(NOT_CHECKED), lang.gettext(BLANK)} <= alts
    assert lang.gettext(NOT_CHECKED) != NOT_CHECKED  # translated (drafts in every locale)
    lists = [e for e in t.root.walk() if e.role == "L"]
    assert lists and all(k.role == "LI" for li in lists for k in li.kids)


def test_a_cell_reads_its_line_then_its_english_each_in_its_language(packet):
    # a header cell holds one of its lines as its own content and the other as a Span (a P
    # when that line holds a Span of its own: a word in another script); its own line is
    # never one with an /ActualText (right-to-left), which would stand for the other line too
    code, data = packet
    t = read(data)
    cells = [e for e in t.root.walk() if e.role == "TH" and len(_lines(e)) == 2]
    assert len(cells) >= 10
    rtl = language(code).direction == "rtl"
    for cell in cells:
        langs = [cell.lang if isinstance(p, str) else p.lang for p in cell.parts]
        assert list(dict.fromkeys(langs)) == [code, "en"], _lines(cell)
        assert "/ActualText" not in cell.obj
        for kid in cell.kids:
            assert kid.role == "Span" or (kid.role == "P" and kid.kids)
    held = [c for c in cells if c.mcids]
    assert len(held) > 0.9 * len(cells)  # one element less a cell
    # the Span: the English, unless the family's line is right-to-left (its /ActualText)
    spans = [k for c in held for k in c.kids if k.role == "Span"]
    assert {k.lang for k in spans} == {code if rtl else "en"}
    assert all(("/ActualText" in k.obj) == rtl for k in spans)


def test_every_text_has_the_language_of_its_script(packet):
    code, data = packet
    t = read(data)
    langs: set[str] = set()
    for el in t.root.walk():
        if not el.mcids or el.role == "Figure":
            continue
        own = str(el.obj.get("/Lang", ""))
        assert own, f"{el.role} {el.text[:30]!r} has no /Lang of its own"
        langs.add(own)
        script = text_script(el.text)
        if script is not None:
            assert script in lang_scripts(own), (own, el.text[:40])
    assert {code, "en"} <= langs
    # a name written in the family's script inside an English line is a Span of its own
    spans = [
        k for e in t.root.walk() if e.lang == "en" for k in e.kids
        if k.role == "Span" and k.lang == code
    ]  # fmt: skip
    assert spans


def test_the_family_name_reads_in_logical_order():
    data = build_packet(load_family(SAMPLES / PACKETS["ar"]))
    t = read(data)
    texts = [logical_text(e) for e in t.root.walk() if e.mcids]
    assert any("الحسيني" in text for text in texts)
    assert not any("ينيسحلا" in text for text in texts)  # visual order, reversed
    # a name in Arabic inside an English line is read where it stands (the Span sits between
    # the English content around it in /K, not before it)
    assert "For the الحسيني family" in texts


COVER_NOTE = (
    "This packet holds private information about your family. Keep it where the people you "
    "trust can find it, give a copy to your caregivers, and do not carry it with you."
)


def test_wrapped_lines_read_from_the_tree_with_their_word_spaces(packet):
    # the cover note wraps over two or three lines in English and in the family's language;
    # read from the structure tree, English keeps the space each line break took, and
    # Chinese and Khmer (written without spaces between words) get none added
    code, data = packet
    t = read(data)
    texts = {(e.lang, logical_text(e)) for e in t.root.walk() if e.mcids or e.kids}
    assert ("en", COVER_NOTE) in texts
    translated = language(code).gettext(COVER_NOTE)
    assert translated != COVER_NOTE
    assert (code, translated) in texts


@pytest.mark.parametrize(
    "text, lang",
    [
        ("Ask for the الحسيني family at the front desk", "en"),
        ("اتصل بالسيدة Maria Lopez في المكتب الأمامي", "ar"),
    ],
)
def test_a_line_ending_in_right_to_left_words_keeps_its_word_space(text, lang):
    # set at many widths, some lines end with right-to-left words (read from their
    # /ActualText) before a line that starts with left-to-right ones: read from the tree, the
    # paragraph is the text as written, the line break a word space, at every width
    ts = typesetter()
    crossings = 0
    for width in range(40, 250, 6):
        para = ts.set([Span(text)], width, lang=lang)
        order = [line_emission_order(line.runs, para.direction) for line in para.lines]
        crossings += sum(a[-1].rtl and not b[0].rtl for a, b in zip(order, order[1:]))
        page = Page(612, 792, (TextItem(72, 700, para),))
        pdf = render_pdf([page], title="Test", subject="Test", lang=lang)
        t = read(pdf)
        (p,) = [e for e in t.root.walk() if e.role == "P"]
        assert logical_text(p) == text, (width, [logical_text(k) for k in p.kids])
    assert crossings > 0  # the case arose


@pytest.mark.parametrize(
    ("before", "after", "lang", "gap"),
    [
        ("give a copy to your", "caregivers, and", "en", " "),
        ("شكراً", "جزيلاً", "ar", " "),
        ("(617) 555-", "0100", "en", ""),  # a break at a hyphen
        ("这个文件包含", "您家庭的", "zh-Hans", ""),
        ("Call 张伟", "today", "en", ""),  # Chinese on one side of the break
        ("ファイルには", "ご家族の", "ja", ""),
        ("កញ្ចប់ឯកសារ", "នេះមាន", "km", ""),
        ("ဤစာစောင်", "တွင်", "my", ""),
        ("2026.", "(617)", "zh-Hans", ""),  # no letters: the paragraph's language decides
        ("2026.", "(617)", "en", " "),
        ("ends with a space ", "next", "en", ""),
    ],
)
def test_line_gap_is_a_word_space_only_where_the_script_uses_spaces(before, after, lang, gap):
    assert line_gap(before, after, lang) == gap


def test_footers_page_numbers_and_marks_are_artifacts_and_nothing_is_unmarked(packet):
    code, data = packet
    t = read(data)
    assert check(data) == []  # includes: no drawing outside marked content (pdfua_checks)
    with pikepdf.open(io.BytesIO(data)) as pdf:
        for page in pdf.pages:
            ops = pikepdf.parse_content_stream(page)
            pagination = [
                i for i, (operands, op) in enumerate(ops)
                if str(op) == "BDC" and str(operands[0]) == "/Artifact"
                and operands[1].get("/Type") == "/Pagination"
            ]  # fmt: skip
            marks = [
                operands for operands, op in ops
                if str(op) == "BDC" and str(operands[0]) == "/Artifact"
                and operands[1].get("/Type") == "/Page"
            ]  # fmt: skip
            if marks:  # a card sheet: crop marks, and no running footer (the cards fill it)
                assert pagination == []
                continue
            assert len(pagination) >= 2  # the notice and the page number
            # each Pagination artifact draws text before its EMC
            for first in pagination:
                end = next(i for i in range(first, len(ops)) if str(ops[i][1]) == "EMC")
                assert any(str(op) in ("TJ", "Tj") for _, op in ops[first:end]), first
    number = re.compile(r"Page \d+ of \d+")  # the English page label, on every page
    assert not any(number.search(logical_text(e)) for e in t.root.walk() if e.mcids)


def _has_tree(data: bytes) -> bool:
    with pikepdf.open(io.BytesIO(data)) as pdf:
        return "/StructTreeRoot" in pdf.Root


def _pngs(data: bytes, tmp: Path, name: str) -> list[bytes]:
    pdf = tmp / f"{name}.pdf"
    pdf.write_bytes(data)
    subprocess.run(["pdftoppm", "-r", "30", "-png", str(pdf), str(tmp / name)], check=True)
    return [p.read_bytes() for p in sorted(tmp.glob(f"{name}-*.png"))]


def test_tags_change_no_pixel_and_output_stays_deterministic(tmp_path):
    family = load_family(SAMPLES / PACKETS["ar"])
    boston = load_settings(ROOT / "samples" / "boston-settings.yaml")
    builds = {
        "packet": lambda: build_packet(family),
        "poster": lambda: build_poster(
            ["ar", "so"], PosterSpec("18x24", bleed=True), typesetter(), boston, copies=2
        ),
        "form": lambda: build_intake_form(family=family, typesetter=typesetter()).pdf,
        "paper": lambda: build_intake_form("km", printable=True, typesetter=typesetter()).pdf,
    }
    for name, build in builds.items():
        tagged = build()
        assert build() == tagged  # same input, same bytes
        with untagged():
            plain = build()
        assert _has_tree(tagged) and not _has_tree(plain)
        a = _pngs(tagged, tmp_path, f"{name}-tagged")
        b = _pngs(plain, tmp_path, f"{name}-plain")
        assert len(a) == len(b) > 0
        assert a == b, name


def test_intake_fields_are_tied_to_their_labels():
    family = load_family(SAMPLES / PACKETS["zh-Hans"])
    data = build_intake_form(family=family, typesetter=typesetter()).pdf
    assert check(data) == []
    t = read(data)
    forms = [e for e in t.root.walk() if e.role == "Form"]
    with pikepdf.open(io.BytesIO(data)) as pdf:
        widgets = [
            a for p in pdf.pages for a in p.obj.get("/Annots", [])
            if not int(a.get("/F", 0)) & 2
        ]  # fmt: skip
        assert len(forms) == len(widgets) > 100
        # each /Form element comes right after the label of its question
        doc = t.root.kids[0]
        for i, kid in enumerate(doc.kids):
            if kid.role == "Form":
                assert doc.kids[i - 1].role in ("P", "Form")
        tooltip = str(widgets[1].TU)
        assert " / " in tooltip  # the label in Chinese and in English


def test_paper_boxes_and_lines_are_figures_with_alt_text():
    data = build_intake_form("es", printable=True, typesetter=typesetter()).pdf
    assert check(data) == []
    t = read(data)
    alts = {str(e.obj.Alt) for e in t.root.walk() if e.role == "Figure"}
    es = language("es")
    assert {es.gettext(NOT_CHECKED), es.gettext(BLANK)} == alts
    assert es.gettext(CHECKED) == "marcado"


def test_poster_figures_say_the_district_and_the_address():
    boston = load_settings(ROOT / "samples" / "boston-settings.yaml")
    data = build_poster(["es", "zh-Hans"], PosterSpec("tabloid"), typesetter(), boston)
    assert check(data) == []
    t = read(data)
    alts = {str(e.obj.Alt) for e in t.root.walk() if e.role == "Figure"}
    assert alts == {boston.district_name, boston.resource_url}


# -- PDF/UA-1 over every sample ------------------------------------------------------------


def _conforms(data: bytes, tmp: Path) -> None:
    from pdfua import validate

    assert check(data) == []
    path = tmp / "checked.pdf"
    path.write_bytes(data)
    report = validate(str(path))
    assert report.exit_code == 0, [f.message for f in report.findings]


@pytest.mark.slow
@pytest.mark.parametrize("sample", sorted(p.name for p in SAMPLES.glob("*.yaml")))
def test_every_sample_packet_and_its_intake_forms_pass_the_pdfua_checks(sample, tmp_path):
    family = load_family(SAMPLES / sample)
    _conforms(build_packet(family), tmp_path)
    _conforms(build_intake_form(family=family, typesetter=typesetter()).pdf, tmp_path)
    paper = build_intake_form(family.language, printable=True, typesetter=typesetter())
    _conforms(paper.pdf, tmp_path)


def _plan() -> list[dict[str, str]]:
    with (ROOT / "samples" / "poster-plan.csv").open(encoding="utf-8") as fh:
        return list(csv.DictReader(fh))


@pytest.mark.slow
@pytest.mark.parametrize("row", _plan(), ids=lambda r: f"{r['school']}-{r['size']}")
def test_every_sample_poster_passes_the_pdfua_checks(row, tmp_path):
    boston = load_settings(ROOT / "samples" / "boston-settings.yaml")
    spec = PosterSpec(row["size"], landscape=row["orientation"] == "landscape", bleed=True)
    langs = row["languages"].split()
    _conforms(build_poster(langs, spec, typesetter(), boston, int(row["copies"])), tmp_path)


def test_packed_objects_and_predicted_cross_references_read_back():
    # pack_objects adds the structure tree's objects straight into the object stream, and its
    # cross-reference stream is PNG-predicted: qpdf (pikepdf) and pypdf both read every object
    import pypdf
    from reportlab.pdfgen.canvas import Canvas

    from kitgen.pdf.compact import _up_predicted, pack_objects

    buffer = io.BytesIO()
    canvas = Canvas(buffer, invariant=1)
    canvas.rect(10, 10, 20, 20)
    canvas.showPage()
    canvas.save()
    plain = buffer.getvalue()
    seen: list[int] = []

    def extra(first: int) -> dict[int, bytes]:
        seen.append(first)
        return {first: b"<</Kitgen (one)/Next %d 0 R>>" % (first + 1), first + 1: b"[1 2 3]"}

    packed = pack_objects(plain, extra)
    assert packed == pack_objects(plain, extra)  # deterministic
    with pikepdf.open(io.BytesIO(plain)) as before, pikepdf.open(io.BytesIO(packed)) as pdf:
        first = seen[0]
        assert first == int(before.trailer.Size)  # numbered after reportlab's objects
        one = pdf.get_object((first, 0))
        assert str(one.Kitgen) == "one" and list(one.Next) == [1, 2, 3]
        assert len(pdf.pages) == 1
        xref = next(
            o for o in pdf.objects if isinstance(o, pikepdf.Stream) and o.get("/Type") == "/XRef"
        )
        assert int(xref.DecodeParms.Predictor) == 12
    reader = pypdf.PdfReader(io.BytesIO(packed))
    assert reader.get_object(first)["/Kitgen"] == "one"
    assert len(reader.pages) == 1
    # the predictor: each row minus the row above, byte by byte, after a 2
    rows = bytes([1, 0, 5, 2, 255, 7])
    assert _up_predicted(rows, 3) == bytes([2, 1, 0, 5, 2, 1, 255, 2])


@pytest.mark.parametrize("code", ["es", "ar", "zh-Hans", "km", "my"])
def test_large_print_intake_forms_pass_the_pdfua_checks_and_tie_fields_to_labels(code, tmp_path):
    sample = {"es": "boston-rivera-es.yaml", "my": "hartford-aye-my.yaml"}.get(code)
    family = load_family(SAMPLES / (sample or PACKETS[code]))
    data = build_intake_form(family=family, typesetter=typesetter(), large_print=True).pdf
    _conforms(data, tmp_path)
    t = read(data)
    forms = [e for e in t.root.walk() if e.role == "Form"]
    with pikepdf.open(io.BytesIO(data)) as pdf:
        widgets = [
            a for p in pdf.pages for a in p.obj.get("/Annots", [])
            if not int(a.get("/F", 0)) & 2
        ]  # fmt: skip
    assert len(forms) == len(widgets) > 400
    doc = t.root.kids[0]
    for i, kid in enumerate(doc.kids):
        if kid.role == "Form":  # right after the label of its question
            assert doc.kids[i - 1].role in ("P", "Form")
    paper = build_intake_form(code, printable=True, typesetter=typesetter(), large_print=True)
    _conforms(paper.pdf, tmp_path)


@pytest.mark.parametrize(
    "text",
    ["Rivera Gómez", "", "a & b < c > d \"e\" 'f'", "&amp; &#39; &lt;", "<x>&&</x>", "ünï ‘x’"],
)
def test_metadata_escapes_text_as_html_escape_does(text):
    """The XMP packet escapes its title, subject and language itself, exactly as the html
    package's ``escape`` (not imported by a packet) writes them."""
    import html

    from kitgen.pdf.tagging import _escape_xml

    assert _escape_xml(text) == html.escape(text)
