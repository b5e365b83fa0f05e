"""The packet end to end: what it prints, what it must never print, and that it is stable."""

from __future__ import annotations

import dataclasses
import datetime as dt
import io
import re
import subprocess
from pathlib import Path

import pytest
from conftest import SAMPLES, pdftotext, pypdf_text, squash
from pypdf import PdfReader

from kitgen.family import load_family
from kitgen.packet import build_packet


def test_every_child_and_caregiver_name_and_phone_is_printed(rivera, rivera_pdf):
    for text in (squash(pdftotext(rivera_pdf)), squash(pypdf_text(rivera_pdf))):
        for child in rivera.children:
            assert child.full_name in text
        for caregiver in (rivera.caregivers.primary, rivera.caregivers.backup):
            assert caregiver.name in text
            for phone in caregiver.phones:
                assert phone.display in text


def test_packet_has_every_section_in_both_languages(rivera_pdf):
    text = squash(pdftotext(rivera_pdf))
    for spanish, english in [
        ("Qué hacer hoy", "What to do today"),
        ("Conozca sus derechos", "Know your rights"),
        ("Contactos de emergencia", "Emergency contacts"),
        ("Tarjetas de bolsillo", "Wallet cards"),
    ]:
        assert english in text
        assert spanish.lower() in text.lower(), spanish


def test_page_numbers_and_confidential_footer(rivera_pdf):
    reader = PdfReader(io.BytesIO(rivera_pdf))
    total = len(reader.pages)
    assert total >= 12
    pages = pdftotext(rivera_pdf).split("\f")[:total]
    text = squash(" ".join(pages))
    assert f"Page 1 of {total}" in text
    # every page has the footer but the card sheet's two (the cards fill those)
    cards = [i for i, page in enumerate(pages) if "Numbers to call" in page]
    assert len(cards) == 2
    last = max(i for i in range(total) if i not in cards) + 1
    assert f"Page {last} of {total}" in text
    for i, page in enumerate(pages):
        has_footer = "Confidential — keep in a safe place" in squash(page)
        assert has_footer == (i not in cards), i + 1


def test_metadata_has_language_title_and_no_personal_data(rivera, rivera_pdf):
    reader = PdfReader(io.BytesIO(rivera_pdf))
    meta = reader.metadata
    assert meta.title == "Family preparedness packet"
    assert meta.subject
    assert reader.trailer["/Root"]["/Lang"] == "es"
    flat = " ".join(str(v) for v in meta.values())
    for private in (rivera.family_name, rivera.children[0].full_name, "617"):
        assert private not in flat


def test_fonts_are_embedded_and_subset(rivera_pdf):
    out = subprocess.run(["pdffonts", "-"], input=rivera_pdf, capture_output=True, check=False)
    if out.returncode != 0:  # older poppler cannot read stdin
        import tempfile

        with tempfile.NamedTemporaryFile(suffix=".pdf") as fh:
            fh.write(rivera_pdf)
            fh.flush()
            out = subprocess.run(["pdffonts", fh.name], capture_output=True, check=True)
    rows = out.stdout.decode().splitlines()[2:]
    assert rows
    for row in rows:
        assert re.search(r"\byes\s+yes\b", row), row  # emb yes, sub yes


def test_same_input_gives_the_same_bytes(rivera):
    assert build_packet(rivera) == build_packet(rivera)


def test_sensitive_numbers_are_blank_unless_asked(rivera):
    family = dataclasses.replace(
        rivera,
        parents=(dataclasses.replace(rivera.parents[0], a_number="A123456789"),)
        + rivera.parents[1:],
    )
    hidden = squash(pdftotext(build_packet(family)))
    shown = squash(pdftotext(build_packet(dataclasses.replace(family, print_sensitive=True))))
    assert "123" not in re.sub(r"\d{3}-\d{4}|\(\d{3}\)", "", hidden.split("A-number")[1][:200])
    assert "A-number" in hidden
    assert re.search(r"A[- ]?123[- ]?456[- ]?789", shown)


HOSTILE = ['<img src="/etc/hostname"/>', "{{ 7*7 }}", "&amp; <b>bold</b> ]]>", "{% raw %}x"]


@pytest.mark.parametrize("name", HOSTILE)
def test_user_text_is_printed_literally(rivera, name):
    primary = dataclasses.replace(rivera.caregivers.primary, name=name)
    family = dataclasses.replace(
        rivera,
        caregivers=dataclasses.replace(rivera.caregivers, primary=primary),
        family_name=name,
    )
    pdf = build_packet(family)
    text = squash(pdftotext(pdf))
    # printed exactly as typed: not evaluated as a template ({{ 7*7 }} is not 49), not obeyed
    # as markup (no image, no bold), not unescaped (&amp; stays &amp;)
    assert text.count(name) >= 2  # on the cover and in the caregiver plan


def test_hostile_names_from_a_file_print_literally(tmp_path):
    src = (SAMPLES / "boston-rivera-es.yaml").read_text(encoding="utf-8")
    src = src.replace(
        "name: Ana Lucía Gómez", "name: '<img src=\"/etc/hostname\"/> {{ 7*7 }} &amp;'"
    )
    path = tmp_path / "hostile.yaml"
    path.write_text(src, encoding="utf-8")
    pdf = build_packet(load_family(path))
    text = squash(pdftotext(pdf))
    assert '<img src="/etc/hostname"/> {{ 7*7 }} &amp;' in text
    # the file the tag names was never read into the PDF
    hostname = Path("/etc/hostname").read_text(encoding="utf-8").strip()
    assert len(hostname) < 4 or hostname in src or hostname not in text


def test_a_ten_thousand_character_name_prints(rivera):
    long_name = "Ana" + "x" * 9997
    primary = dataclasses.replace(rivera.caregivers.primary, name=long_name)
    family = dataclasses.replace(
        rivera, caregivers=dataclasses.replace(rivera.caregivers, primary=primary)
    )
    text = pdftotext(build_packet(family)).replace("\n", "")
    assert "x" * 500 in text


def test_a4_paper(rivera):
    reader = PdfReader(io.BytesIO(build_packet(rivera, paper="a4")))
    box = reader.pages[0].mediabox
    assert (round(float(box.width)), round(float(box.height))) == (595, 842)


def test_english_only_packet(rivera):
    text = squash(pdftotext(build_packet(rivera, lang="en")))
    assert "What to do today" in text
    assert "Qué hacer hoy" not in text


def test_prepared_date_is_formatted_per_language(rivera):
    text = squash(pdftotext(build_packet(rivera, prepared=dt.date(2026, 11, 2))))
    assert "2 de noviembre de 2026" in text
    assert "November 2, 2026" in text


def test_draft_translation_note_on_cover(rivera):
    first_page = lambda pdf: squash(PdfReader(io.BytesIO(pdf)).pages[0].extract_text())  # noqa: E731
    assert "draft translation" in first_page(build_packet(rivera))
    assert "draft translation" not in first_page(build_packet(rivera, draft_note=False))


def test_all_samples_build():
    for path in sorted(SAMPLES.glob("*.yaml")):
        pdf = build_packet(load_family(path))
        assert pdf.startswith(b"%PDF-")


MINIMAL = """\
kitgen: 1
language: en
state: MA
family_name: Test
parents:
  - {legal_name: Alma Test, date_of_birth: 1990-01-01, country_of_birth: Peru}
children:
  - {full_name: Cruz Test, date_of_birth: 2015-01-01}
caregivers:
  primary: {name: Dora Example, relationship: aunt, phones: ["617-555-0100"], address: 1 Main St}
memorize:
  - {name: Dora, phone: "617-555-0100"}
"""


def test_a_minimal_family_gets_blank_lines_to_fill_in():
    from kitgen.family import parse_family

    pdf = build_packet(parse_family(MINIMAL.encode(), "minimal.yaml"))
    text = squash(pdftotext(pdf))
    assert "Cruz Test" in text and "Dora Example" in text
    assert "Backup caregiver" in text  # printed with blank lines to fill in


def test_a_template_that_prints_a_missing_value_is_an_error():
    from kitgen.content.render import Renderer
    from kitgen.errors import ContentError
    from kitgen.i18n import language

    renderer = Renderer([language("en")])
    template = renderer.env.from_string("<p>{{ value }}</p>")
    with pytest.raises(ContentError, match="missing"):
        template.render(value=None)
    with pytest.raises(Exception, match="undefined"):
        template.render()


def test_wallet_cards_back_lands_behind_front_on_a_long_edge_flip(rivera):
    from kitgen.content.packet import packet_document
    from kitgen.content.regions import region
    from kitgen.i18n import language
    from kitgen.layout import RectItem, layout_document
    from kitgen.layout import styles as st
    from kitgen.packet import typesetter

    doc = packet_document(
        rivera, language("es"), region=region("boston"), prepared=dt.date(2026, 11, 2),
        draft_note=False,
    )  # fmt: skip
    pages = layout_document(doc, typesetter(), paper="letter")

    def cards(page):
        return sorted(
            (round(i.x, 2), round(i.y, 2))
            for i in page.items
            if isinstance(i, RectItem) and (i.w, i.h) == (st.CARD_W, st.CARD_H)
        )

    sheets = [i for i, page in enumerate(pages) if len(cards(page)) == 8]
    assert len(sheets) == 2 and sheets[1] == sheets[0] + 1  # front and back of one sheet
    assert sheets[0] % 2 == 0  # an odd page (counting from 1): the sheet's front
    front, back = pages[sheets[0]], pages[sheets[1]]
    assert len(cards(front)) == len(cards(back)) == 8
    # flipping on the long edge mirrors left and right, and keeps top and bottom
    mirrored = sorted((round(front.width - x - st.CARD_W, 2), y) for x, y in cards(front))
    assert mirrored == cards(back)
    text = squash(pdftotext(build_packet(rivera)))
    assert text.count("Numbers to call") >= 8


def test_region_packs_print_their_contacts():
    hartford = squash(pdftotext(build_packet(load_family(SAMPLES / "hartford-santos-pt.yaml"))))
    assert "Hartford Public Schools Welcome Center" in hartford
    assert "(860) 695-8400" in hartford or "860-695-8400" in hartford
    for ocr in ("800-421-3481", "800-877-8339", "ocr@ed.gov", "877-292-3804"):
        assert ocr in hartford
    boston = squash(pdftotext(build_packet(load_family(SAMPLES / "boston-rivera-es.yaml"))))
    assert "bpswedreamtogether.org" in boston
    assert "PAIR Project" in boston
    assert "Hartford Public Schools Welcome Center" not in boston


def test_every_contact_in_a_region_pack_has_a_source_and_a_date():
    from kitgen.content.regions import available_regions, region

    for key in available_regions():
        for contact in region(key).contacts:
            assert contact.source and contact.checked is None  # nobody has checked one live


@pytest.mark.parametrize(
    "text",
    [
        "español",
        "",
        "a & b < c > d \"e\" 'f'",
        "&amp; &#39; &lt; &copy &#34;",
        "R&D; &&;",
        "<u>x</u>",
    ],
)
def test_values_in_per_language_markup_come_back_as_written(text):
    """The public values of the packet's own markup are read back whole: the same strings as
    ``Markup.unescape`` gives (which would import the html package for its entity table)."""
    from markupsafe import Markup, escape

    from kitgen.content.packet import _per_language, _unescaped, _values_in
    from kitgen.i18n import language

    class Renderer:  # the one thing _per_language asks of a renderer
        languages = (language("es"), language("en"))

    markup = _per_language(Renderer(), lambda lang: f"{text} ({lang.code})")
    assert _values_in(markup) == {f"{text} (es)", f"{text} (en)"}
    assert _unescaped(str(escape(text))) == Markup(escape(text)).unescape() == text
